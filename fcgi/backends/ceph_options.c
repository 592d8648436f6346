/*
 * ceph_options.c - the schema of every Ceph option (type, default, min and max, the
 * allowed values, level, description, whether a change needs a restart, which daemons
 * read it), from the cluster itself. The active manager answers `config help` without
 * a key as a daemon (`ceph tell mgr`: one call of ~540 KB for Pacific's ~1,950 options
 * in ~8 ms), but only to a key with mgr 'allow *'; otherwise the monitor answers it one
 * option a call (`config ls`, then `config help` for each: ~0.35 ms a call, 0.7 s in
 * all, and ~2,000 lines in the cluster's audit log). The schema changes only with
 * Ceph's version, so it is a kind of the shared view (V_OPTIONS) that openattic's own
 * changes do not drop: fetched once per host every CEPH_OPTIONS_MAX_AGE_MS. Each
 * process indexes its copy by name. ceph_option_rule checks a value against an
 * option's schema before Ceph is asked: int and uint (a whole number within min and
 * max), float (a number within them), bool, allowed values, size (a number with an
 * optional K/M/G/T/P/E unit, i or iB), secs and millisecs (a number with an optional
 * unit), uuid; any value at most 4,096 characters without control characters.
 * Addresses and the units Ceph knows beyond these it judges itself.
 */
#include "backends/ceph_options.h"
#include "backends/view.h"
#include "core/json.h"
#include "core/log.h"
#include "core/req.h"
#include "core/resp.h"
#include "core/util.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CLUSTERS 16

/* Each process's index of the view's copy, made again when the copy changes. */
static struct index {
	uint64_t copy; /* view_copy of the indexed copy; 0: none yet */
	struct ceph_options o;
	int warned;
} indexes[MAX_CLUSTERS];

static int
by_name(const void *a, const void *b)
{
	return strcmp(json_str(*(const cJSON *const *)a, "name") ?: "",
		      json_str(*(const cJSON *const *)b, "name") ?: "");
}

/* The active manager's name (new), or NULL. */
static char *
active_mgr(struct ceph *c)
{
	cJSON *cmd = ceph_cmd("mgr dump"), *out = NULL;
	char *msg = NULL, *name = NULL;

	if (ceph_mon(c, cmd, &out, &msg) == 0 && json_str(out, "active_name") &&
	    *json_str(out, "active_name"))
		name = xstrdup(json_str(out, "active_name"));
	cJSON_Delete(cmd);
	cJSON_Delete(out);
	free(msg);
	return name;
}

/* Every option at once from the active manager: the document (new), or NULL. */
static cJSON *
from_mgr(struct ceph *c)
{
	char *mgr = active_mgr(c), *out = NULL, *msg = NULL;
	cJSON *doc = NULL;
	size_t len = 0;

	if (mgr && ceph_mgr_tell_text(c, mgr, "{\"prefix\":\"config help\",\"format\":\"json\"}",
				      &out, &len, &msg) == 0)
		doc = cJSON_ParseWithLength(out, len);
	free(mgr);
	free(out);
	free(msg);
	return doc;
}

/* One option at a time from the monitor: the document (new), or NULL with *rc, *msg. */
static cJSON *
from_mon(struct ceph *c, int *rc, char **msg)
{
	cJSON *cmd = ceph_cmd("config ls"), *names = NULL, *doc, *opts, *o;
	const cJSON *name;

	*rc = ceph_mon(c, cmd, &names, msg);
	cJSON_Delete(cmd);
	if (*rc < 0)
		return NULL;
	doc = cJSON_CreateObject();
	opts = cJSON_AddArrayToObject(doc, "options");
	cJSON_ArrayForEach(name, names) {
		/* The modules' options (mgr/<module>/<name>): the manager's answer leaves them
		 * out too; their schema is in mgr dump (api/cluster/mgr_modules.c). */
		if (!cJSON_IsString(name) || !strncmp(name->valuestring, "mgr/", 4))
			continue;
		cmd = ceph_cmd("config help");
		cJSON_AddStringToObject(cmd, "key", name->valuestring);
		o = NULL;
		*rc = ceph_mon(c, cmd, &o, msg);
		cJSON_Delete(cmd);
		if (*rc < 0) {
			cJSON_Delete(names);
			cJSON_Delete(doc);
			return NULL;
		}
		cJSON_AddItemToArray(opts, o);
	}
	cJSON_Delete(names);
	return doc;
}

int
ceph_options_fetch(struct ceph *c, char **text, size_t *len, char **msg)
{
	cJSON *doc = from_mgr(c);
	int rc = 0;

	*msg = NULL;
	if (!doc) {
		if (c->index >= 0 && c->index < MAX_CLUSTERS && !indexes[c->index].warned++)
			log_info("cluster '%s': the option schema comes from the monitor, one "
				 "option a call (mgr 'allow *' lets the manager give it at once)",
				 c->conf->name);
		if (!(doc = from_mon(c, &rc, msg)))
			return rc;
	}
	if (!cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(doc, "options"))) {
		cJSON_Delete(doc);
		*msg = xstrdup("config help answered no option list");
		return -EIO;
	}
	*text = cJSON_PrintUnformatted(doc);
	*len = strlen(*text);
	cJSON_Delete(doc);
	return 0;
}

int
ceph_options_get(struct ceph *c, const struct ceph_options **o, char **msg)
{
	const cJSON *doc, *opt;
	struct index *k;
	int rc, n = 0;

	*msg = NULL;
	if (c->index < 0 || c->index >= MAX_CLUSTERS)
		return -EINVAL;
	if ((rc = view_get(c, V_OPTIONS, CEPH_OPTIONS_MAX_AGE_MS, &doc, msg)) < 0)
		return rc;
	k = &indexes[c->index];
	if (k->copy != view_copy(c, V_OPTIONS)) {
		const cJSON *opts = cJSON_GetObjectItemCaseSensitive(doc, "options");

		free(k->o.items);
		k->o.items = xcalloc((size_t)cJSON_GetArraySize(opts) + 1, sizeof(*k->o.items));
		cJSON_ArrayForEach(opt, opts)
			if (json_str(opt, "name"))
				k->o.items[n++] = opt;
		k->o.n = n;
		qsort(k->o.items, (size_t)n, sizeof(*k->o.items), by_name);
		k->copy = view_copy(c, V_OPTIONS);
	}
	*o = &k->o;
	return 0;
}

/* bsearch: the name key against an option. */
static int
name_cmp(const void *key, const void *item)
{
	return strcmp(key, json_str(*(const cJSON *const *)item, "name") ?: "");
}

const cJSON *
ceph_option_find(const struct ceph_options *o, const char *name)
{
	const cJSON *const *hit =
		bsearch(name, o->items, (size_t)o->n, sizeof(*o->items), name_cmp);

	return hit ? *hit : NULL;
}

#define VALUE_MAX 4096

/* A bound of the schema ("" or absent: none) as a number: 1 with *v, or 0. */
static int
bound(const cJSON *opt, const char *which, double *v)
{
	const cJSON *b = cJSON_GetObjectItemCaseSensitive(opt, which);
	char *end;

	if (cJSON_IsNumber(b)) {
		*v = b->valuedouble;
		return 1;
	}
	if (!cJSON_IsString(b) || !*b->valuestring)
		return 0;
	*v = strtod(b->valuestring, &end);
	return *end == '\0';
}

/* A whole number (optional sign unless unsigned): 1 with *v, or 0. */
static int
whole(const char *s, int is_unsigned, double *v)
{
	const char *p = s;

	if (*p == '-' && !is_unsigned)
		p++;
	if (!*p)
		return 0;
	for (; *p; p++)
		if (!isdigit((unsigned char)*p))
			return 0;
	*v = strtod(s, NULL);
	return 1;
}

/* A decimal number: 1 with *v, or 0. */
static int
decimal(const char *s, double *v)
{
	char *end;

	if (!*s || isspace((unsigned char)*s))
		return 0;
	*v = strtod(s, &end);
	return *end == '\0' && isfinite(*v);
}

/* Digits followed by one of units (NULL-terminated, matched without case), or none. */
static int
number_with_unit(const char *s, const char *const *units)
{
	const char *p = s;

	while (isdigit((unsigned char)*p))
		p++;
	if (p == s)
		return 0;
	while (*p == ' ')
		p++;
	if (!*p)
		return 1;
	for (; *units; units++)
		if (!strcasecmp(p, *units))
			return 1;
	return 0;
}

static int
is_uuid(const char *s)
{
	static const int dash[] = {8, 13, 18, 23};
	size_t i, d = 0;

	if (strlen(s) != 36)
		return 0;
	for (i = 0; i < 36; i++) {
		if (d < 4 && (int)i == dash[d]) {
			if (s[i] != '-')
				return 0;
			d++;
		} else if (!isxdigit((unsigned char)s[i])) {
			return 0;
		}
	}
	return 1;
}

/* The rule of type for a non-number value: its words, or NULL when value keeps it. */
static const char *
type_rule(const char *type, const char *value)
{
	static const char *const sizes[] = {"B",   "K",   "M",   "G",   "T",   "P",  "E",
					    "Ki",  "Mi",  "Gi",  "Ti",  "Pi",  "Ei", "KiB",
					    "MiB", "GiB", "TiB", "PiB", "EiB", NULL};
	static const char *const secs[] = {
		"s",       "sec", "second", "seconds", "m",     "min", "minute",
		"minutes", "h",   "hr",     "hour",    "hours", "d",   "day",
		"days",    "w",   "wk",     "week",    "weeks", "ms",  NULL};

	if (!strcmp(type, "bool"))
		return str_in(value,
			      (const char *const[]){"true", "false", "1", "0", "yes", "no", NULL})
			       ? NULL
			       : "true or false";
	if (!strcmp(type, "size"))
		return number_with_unit(value, sizes)
			       ? NULL
			       : "a size in bytes, e.g. 4096, 64K, 1G or 1GiB";
	if (!strcmp(type, "secs") || !strcmp(type, "millisecs"))
		return number_with_unit(value, secs) ? NULL : "a duration, e.g. 30, 30s, 5m or 1h";
	if (!strcmp(type, "uuid"))
		return is_uuid(value) ? NULL : "a UUID (8-4-4-4-12 hexadecimal digits)";
	return NULL;
}

/* The range check of a number v of option name: NULL, or the message (static). */
static const char *
range_rule(const cJSON *opt, double v, char *buf, size_t n)
{
	double lo, hi;
	int has_lo = bound(opt, "min", &lo), has_hi = bound(opt, "max", &hi);

	if ((has_lo && v < lo) || (has_hi && v > hi)) {
		if (has_lo && has_hi)
			snprintf(buf, n, "between %g and %g", lo, hi);
		else if (has_lo)
			snprintf(buf, n, "at least %g", lo);
		else
			snprintf(buf, n, "at most %g", hi);
		return buf;
	}
	return NULL;
}

/* Whether value is one of the option's allowed values (or it has none). */
static int
allowed(const cJSON *opt, const char *value, char *buf, size_t n)
{
	const cJSON *e, *vals = cJSON_GetObjectItemCaseSensitive(opt, "enum_values");
	size_t len = 0;

	if (cJSON_GetArraySize(vals) == 0)
		return 1;
	cJSON_ArrayForEach(e, vals)
		if (cJSON_IsString(e) && !strcmp(e->valuestring, value))
			return 1;
	buf[0] = '\0';
	cJSON_ArrayForEach(e, vals)
		if (cJSON_IsString(e) && len < n)
			len += (size_t)snprintf(buf + len, n - len, "%s%s", len ? ", " : "",
						e->valuestring);
	return 0;
}

const char *
ceph_option_rule(const cJSON *opt, const char *value, char *buf, size_t n)
{
	const char *type = json_str(opt, "type") ?: "str";
	char words[512];
	double v;

	for (const char *p = value; *p; p++)
		if (iscntrl((unsigned char)*p))
			return "a value without control characters";
	if (strlen(value) > VALUE_MAX)
		return "at most 4096 characters";
	if (!allowed(opt, value, words, sizeof(words))) {
		snprintf(buf, n, "one of %s", words);
		return buf;
	}
	if (!strcmp(type, "int") || !strcmp(type, "uint")) {
		if (!whole(value, !strcmp(type, "uint"), &v))
			return !strcmp(type, "uint") ? "a whole number, 0 or more"
						     : "a whole number";
		return range_rule(opt, v, buf, n);
	}
	if (!strcmp(type, "float")) {
		if (!decimal(value, &v))
			return "a number";
		return range_rule(opt, v, buf, n);
	}
	if ((!strcmp(type, "size") || !strcmp(type, "secs")) && whole(value, 1, &v) &&
	    range_rule(opt, v, buf, n))
		return buf;
	return type_rule(type, value);
}

const char *
ceph_option_text(struct req *r, const cJSON *v)
{
	if (cJSON_IsString(v))
		return v->valuestring;
	if (cJSON_IsBool(v))
		return cJSON_IsTrue(v) ? "true" : "false";
	if (cJSON_IsNumber(v))
		return req_own(r, v->valuedouble == floor(v->valuedouble) &&
						  fabs(v->valuedouble) < 1e15
					  ? xasprintf("%.0f", v->valuedouble)
					  : xasprintf("%.17g", v->valuedouble));
	return NULL;
}

int
ceph_option_check(struct req *r, const cJSON *opt, const char *name, const char *value)
{
	char buf[600];
	const char *rule;

	if (!value)
		return resp_error(r, 422, "invalid_value", "value",
				  "value is a string, a number or a boolean");
	if (opt && (rule = ceph_option_rule(opt, value, buf, sizeof(buf))))
		return resp_error(r, 422, "invalid_value", "value", "%s must be %s", name, rule);
	return 0;
}
