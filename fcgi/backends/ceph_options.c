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
 * process indexes its copy by name.
 */
#include "backends/ceph_options.h"
#include "backends/view.h"
#include "core/json.h"
#include "core/log.h"
#include "core/util.h"

#include <errno.h>
#include <stdint.h>
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
