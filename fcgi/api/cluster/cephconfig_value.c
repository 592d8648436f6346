/*
 * cephconfig_value.c - a value for a Ceph option checked against the option's schema
 * (`config help`) before Ceph is asked, and the sections (`who`) a value may be set
 * for. What is checked: int and uint (a whole number, within min and max), float (a
 * number within them), bool, an option with allowed values (one of them), size (a
 * number with an optional K/M/G/T/P/E unit, i or iB), secs and millisecs (a number
 * with an optional unit), uuid; any value at most 4,096 characters without control
 * characters. Addresses and the units Ceph knows beyond these it judges itself.
 */
#include "api/cluster/cluster.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
cephconfig_value_rule(const cJSON *opt, const char *value, char *buf, size_t n)
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

int
cephconfig_valid_section(const char *who)
{
	static const char *const types[] = {"mon", "mgr", "osd", "mds", "client", NULL};
	const char *dot = strchr(who, '.');
	char type[8];
	size_t tl = dot ? (size_t)(dot - who) : strlen(who);

	if (!strcmp(who, "global"))
		return 1;
	if (tl == 0 || tl >= sizeof(type))
		return 0;
	memcpy(type, who, tl);
	type[tl] = '\0';
	if (!str_in(type, types))
		return 0;
	if (!dot)
		return 1;
	if (!dot[1] || strlen(dot + 1) > 64)
		return 0;
	for (const char *p = dot + 1; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("_.-", *p))
			return 0;
	return 1;
}

int
cephconfig_valid_mask(const char *mask)
{
	static const char *const kinds[] = {"host",    "class", "root", "region", "datacenter",
					    "room",    "row",   "pod",  "pdu",    "rack",
					    "chassis", "zone",  NULL};
	const char *colon = strchr(mask, ':');
	char kind[16];
	size_t kl = colon ? (size_t)(colon - mask) : 0;

	if (!colon || kl == 0 || kl >= sizeof(kind) || !colon[1] || strlen(colon + 1) > 64)
		return 0;
	memcpy(kind, mask, kl);
	kind[kl] = '\0';
	if (!str_in(kind, kinds))
		return 0;
	for (const char *p = colon + 1; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("_.-", *p))
			return 0;
	return 1;
}

int
cephconfig_secret(const char *name)
{
	char low[256];
	const char *last, *p;
	size_t i;

	for (i = 0; name[i] && i < sizeof(low) - 1; i++)
		low[i] = (char)tolower((unsigned char)name[i]);
	low[i] = '\0';
	if (strstr(low, "password") || strstr(low, "secret") || strstr(low, "token") ||
	    strstr(low, "/keys/"))
		return 1;
	/* "key" or "keys" as a word of the name (rgw_crypt_default_encryption_key), not
	 * keyring, keystone or keyfile. */
	last = strrchr(low, '/') ? strrchr(low, '/') + 1 : low;
	for (p = strstr(last, "key"); p; p = strstr(p + 1, "key")) {
		const char *end = p + 3 + (p[3] == 's');

		if ((p == last || p[-1] == '_') && (*end == '\0' || *end == '_'))
			return 1;
	}
	return 0;
}

const char *
cephconfig_value_text(struct req *r, const cJSON *v)
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
