/*
 * pools.c - /api/clusters/{fsid}/pools: list (paged, sorted, searched in memory from
 * the shared view: `osd pool ls detail` + `df detail` + CRUSH rule names), get,
 * update field by field, and create / delete as tasks (pool_tasks.c). Everything a
 * user can get wrong is checked here before Ceph is asked, with the field to blame.
 */
#include "api/pools/pools.h"
#include "backends/ceph.h"
#include "backends/view.h"
#include "core/config.h"
#include "core/json_doc.h"
#include "core/list.h"
#include "core/resp.h"
#include "server/tasks.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const char *
rule_name(const cJSON *rules, double id)
{
	const cJSON *r;

	cJSON_ArrayForEach(r, rules)
		if (jnum(r, "rule_id") == id && json_str(r, "rule_name"))
			return json_str(r, "rule_name");
	return NULL;
}

/* The `df detail` stats of pool id, from the index of its pools (json_index). */
static const cJSON *
pool_df(struct json_ix *ix, size_t n, double id)
{
	struct json_ix *hit = json_index_find(ix, n, id);

	return hit ? cJSON_GetObjectItemCaseSensitive(hit->item, "stats") : NULL;
}

/* The members of a pool's `df detail` stats the API shows, as it names them. */
static const char *const stat_keys[] = {
	"stored",   "objects", "bytes_used", "max_avail",    "rd_bytes",
	"wr_bytes", "rd",      "wr",         "percent_used",
};
static const char *const stat_names[ARRAY_LEN(stat_keys)] = {
	"stored",   "objects", "used",   "max_avail",    "rd_bytes",
	"wr_bytes", "rd_ops",  "wr_ops", "percent_used",
};

/*
 * Where the pools are built (a document: core/json_doc.c), and how the pools' entries
 * and their stats are read: one shape each (json_pick_like).
 */
struct pool_build {
	struct json_doc *d;
	struct json_picker pool, stats;
};

static cJSON *
pool_stats(struct pool_build *b, const cJSON *st)
{
	const cJSON *m[ARRAY_LEN(stat_keys)];
	cJSON *j = json_doc_object(b->d);
	size_t last = ARRAY_LEN(stat_keys) - 1; /* percent_used: a ratio, shown in % */

	json_pick_like(&b->stats, st, m);
	for (size_t i = 0; i < last; i++)
		json_put(j, stat_names[i], json_doc_number(b->d, json_number(m[i])));
	json_put(j, stat_names[last], json_doc_number(b->d, json_number(m[last]) * 100.0));
	return j;
}

static cJSON *
pool_compression(struct json_doc *d, const cJSON *opts)
{
	static const char *keys[][2] = {
		{"mode", "compression_mode"},
		{"algorithm", "compression_algorithm"},
		{"required_ratio", "compression_required_ratio"},
		{"min_blob_size", "compression_min_blob_size"},
		{"max_blob_size", "compression_max_blob_size"},
	};
	cJSON *j = json_doc_object(d);

	for (size_t i = 0; i < ARRAY_LEN(keys); i++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(opts, keys[i][1]);
		if (v)
			json_put(j, keys[i][0], json_doc_copy(d, v));
		else if (i == 0)
			json_put(j, "mode", json_doc_string(d, "none"));
	}
	return j;
}

/* Whether flag is in a pool's flags_names ("hashpspool,bulk"). */
static int
has_flag(const cJSON *flags_names, const char *flag)
{
	const char *names = cJSON_IsString(flags_names) ? flags_names->valuestring : "";
	size_t n = strlen(flag);

	for (const char *f = strstr(names, flag); f; f = strstr(f + 1, flag))
		if ((f == names || f[-1] == ',') && (f[n] == '\0' || f[n] == ','))
			return 1;
	return 0;
}

/* The members of an `osd pool ls detail` entry a pool is made of (json_pick). */
enum {
	P_NAME,
	P_ID,
	P_TYPE,
	P_SIZE,
	P_MIN_SIZE,
	P_PG_NUM,
	P_PG_TARGET,
	P_PGP_NUM,
	P_AUTOSCALE,
	P_RULE,
	P_EC_PROFILE,
	P_APPS,
	P_OPTIONS,
	P_FLAGS,
	P_QUOTA_BYTES,
	P_QUOTA_OBJECTS,
	P_COUNT
};
static const char *const pool_keys[P_COUNT] = {
	[P_NAME] = "pool_name",
	[P_ID] = "pool_id",
	[P_TYPE] = "type",
	[P_SIZE] = "size",
	[P_MIN_SIZE] = "min_size",
	[P_PG_NUM] = "pg_num",
	[P_PG_TARGET] = "pg_num_target",
	[P_PGP_NUM] = "pg_placement_num",
	[P_AUTOSCALE] = "pg_autoscale_mode",
	[P_RULE] = "crush_rule",
	[P_EC_PROFILE] = "erasure_code_profile",
	[P_APPS] = "application_metadata",
	[P_OPTIONS] = "options",
	[P_FLAGS] = "flags_names",
	[P_QUOTA_BYTES] = "quota_max_bytes",
	[P_QUOTA_OBJECTS] = "quota_max_objects",
};

/* The autoscaler's hints of a pool: {target_size_ratio, target_size_bytes, pg_num_min, bulk}. */
static cJSON *
pool_hints(struct json_doc *d, const cJSON **m)
{
	const cJSON *o = m[P_OPTIONS];
	cJSON *h = json_doc_object(d);

	json_put(h, "target_size_ratio", json_doc_number(d, jnum(o, "target_size_ratio")));
	json_put(h, "target_size_bytes", json_doc_number(d, jnum(o, "target_size_bytes")));
	json_put(h, "pg_num_min", json_doc_number(d, jnum(o, "pg_num_min")));
	json_put(h, "bulk", json_doc_bool(d, has_flag(m[P_FLAGS], "bulk")));
	return h;
}

static const char *
str_or(const cJSON *v, const char *dflt)
{
	return cJSON_IsString(v) ? v->valuestring : dflt;
}

/* A number member of the pool being built. */
static void
put_num(struct json_doc *d, cJSON *j, const char *key, const cJSON *v)
{
	json_put(j, key, json_doc_number(d, json_number(v)));
}

/* The API's pool from the members m of its `osd pool ls detail` entry, its df stats
 * and the rules. */
static cJSON *
pool_item(struct pool_build *b, const cJSON **m, const cJSON *stats, const cJSON *rules)
{
	struct json_doc *d = b->d;
	cJSON *j = json_doc_object(d), *apps, *q;
	const cJSON *a;
	const char *rule = rule_name(rules, json_number(m[P_RULE]));
	int erasure = json_number(m[P_TYPE]) == 3;

	json_put(j, "name", json_doc_string(d, str_or(m[P_NAME], "")));
	put_num(d, j, "id", m[P_ID]);
	json_put(j, "type", json_doc_string(d, erasure ? "erasure" : "replicated"));
	put_num(d, j, "size", m[P_SIZE]);
	put_num(d, j, "min_size", m[P_MIN_SIZE]);
	put_num(d, j, "pg_num", m[P_PG_NUM]);
	/* pg_num moves toward its target gradually: show where it is going. */
	put_num(d, j, "pg_num_target", m[P_PG_TARGET]);
	put_num(d, j, "pgp_num", m[P_PGP_NUM]);
	json_put(j, "pg_autoscale_mode", json_doc_string(d, str_or(m[P_AUTOSCALE], "off")));
	json_put(j, "crush_rule",
		 rule ? json_doc_string(d, rule) : json_doc_number(d, json_number(m[P_RULE])));
	json_put(j, "erasure_code_profile",
		 erasure && str_or(m[P_EC_PROFILE], NULL)
			 ? json_doc_string(d, m[P_EC_PROFILE]->valuestring)
			 : json_doc_null(d));
	apps = json_put(j, "applications", json_doc_array(d));
	cJSON_ArrayForEach(a, m[P_APPS])
		cJSON_AddItemToArray(apps, json_doc_string(d, a->string));
	json_put(j, "compression", pool_compression(d, m[P_OPTIONS]));
	json_put(j, "autoscale", pool_hints(d, m));
	json_put(j, "allow_ec_overwrites", json_doc_bool(d, has_flag(m[P_FLAGS], "ec_overwrites")));
	q = json_put(j, "quota", json_doc_object(d));
	put_num(d, q, "max_bytes", m[P_QUOTA_BYTES]);
	put_num(d, q, "max_objects", m[P_QUOTA_OBJECTS]);
	json_put(j, "stats", pool_stats(b, stats));
	return j;
}

/* The views a pool list is made of, read once per request. */
struct pool_views {
	const cJSON *pools, *df, *rules;
};

static int
pool_views(struct req *r, struct pool_views *v)
{
	if (!(v->pools = view_req(r, r->cluster, V_POOLS)) ||
	    !(v->df = view_req(r, r->cluster, V_DF)) ||
	    !(v->rules = view_req(r, r->cluster, V_CRUSH_RULES)))
		return r->status;
	return 0;
}

/* Every pool as API items, built in d (an array of d's). */
static cJSON *
all_pools(struct json_doc *d, const struct pool_views *v)
{
	struct pool_build b = {.d = d};
	cJSON *items = json_doc_array(d);
	const cJSON *p, *m[P_COUNT];
	size_t n;
	struct json_ix *ix = json_index(cJSON_GetObjectItemCaseSensitive(v->df, "pools"), "id", &n);

	json_picker_init(&b.pool, pool_keys, P_COUNT);
	json_picker_init(&b.stats, stat_keys, ARRAY_LEN(stat_keys));
	cJSON_ArrayForEach(p, v->pools) {
		json_pick_like(&b.pool, p, m);
		cJSON_AddItemToArray(
			items, pool_item(&b, m, pool_df(ix, n, json_number(m[P_ID])), v->rules));
	}
	free(ix);
	return items;
}

static const struct sort_field pools_list_sorts[] = {
	{"name", "name"},
	{"id", "id"},
	{"type", "type"},
	{"size", "size"},
	{"min_size", "min_size"},
	{"pg_num", "pg_num"},
	{"crush_rule", "crush_rule"},
	{"stored", "stats.stored"},
	{"objects", "stats.objects"},
	{"used", "stats.used"},
	{"percent_used", "stats.percent_used"},
	{"max_avail", "stats.max_avail"},
	{NULL, NULL},
};
static const char *const pools_list_search[] = {"name", "type", "crush_rule", NULL};
const struct list_spec pools_list_spec = {pools_list_sorts, "name", pools_list_search};

int
pools_list(struct req *r)
{
	struct list_params lp;
	cJSON *items;
	int rc;

	static const enum view_kind kinds[] = {V_POOLS, V_DF, V_CRUSH_RULES};
	struct pool_views v;

	if ((rc = list_parse(r, &lp)) != 0 ||
	    (rc = view_memo_early(r, "pools", kinds, ARRAY_LEN(kinds))) != 0 ||
	    (rc = pool_views(r, &v)) != 0)
		return rc;
	/* The same page of the same data: a console polling its view costs a copy. */
	if ((rc = view_memo_respond(r, "pools", kinds, ARRAY_LEN(kinds))))
		return rc;
	items = all_pools(req_doc(r), &v);
	rc = list_page(r, items, &lp);
	view_memo_keep(r, "pools", kinds, ARRAY_LEN(kinds));
	return rc;
}

cJSON *
pools_find(struct req *r, const char *name)
{
	struct pool_views v;
	cJSON *it, *found = NULL;
	struct json_doc *d;

	if (pool_views(r, &v) != 0)
		return NULL;
	d = json_doc_new();
	cJSON_ArrayForEach(it, all_pools(d, &v))
		if (!strcmp(json_str(it, "name") ?: "", name)) {
			found = cJSON_Duplicate(it, 1);
			break;
		}
	json_doc_free(d);
	if (!found)
		resp_error(r, 404, "pool_not_found", NULL, "pool '%s' does not exist", name);
	return found;
}

int
pools_get(struct req *r)
{
	cJSON *p = pools_find(r, req_param(r, "name"));

	return p ? resp_json(r, 200, p) : r->status;
}

const struct field_spec pools_patch_body[] = {
	{"name", J_STRING, 0, "a new name (rename)"},
	POOL_SETTINGS_FIELDS,
};

/* Which gateway configuration pool name holds ("[iscsi] pool"...), or NULL. */
static const char *
gateway_pool(const char *name)
{
	int iscsi = !strcmp(name, oa_config->iscsi_pool), nfs = !strcmp(name, oa_config->nfs_pool);

	return iscsi && nfs ? "[iscsi] pool and [nfs] pool"
	       : iscsi      ? "[iscsi] pool"
	       : nfs        ? "[nfs] pool"
			    : NULL;
}

int
pools_check_protected(struct req *r, const char *name, const char *doing)
{
	const char *what = gateway_pool(name);

	if (!what)
		return 0;
	return resp_error(r, 409, "pool_protected", NULL,
			  "pool '%s' holds openATTIC's gateway configuration (%s: iSCSI "
			  "targets, NFS exports and their secrets); it cannot be %s through "
			  "openATTIC",
			  name, what, doing);
}

/* Checks a rename target. 0, or 4xx answered. */
static int
check_rename(struct req *r, const char *to)
{
	int rc;

	if ((rc = ceph_check_pool_name(r, to, "name", "pool")) != 0)
		return rc;
	/* Not even while it is missing: a pool renamed to it would be trusted as ours. */
	if (gateway_pool(to))
		return resp_error(r, 409, "pool_protected", "name",
				  "'%s' is the name of openATTIC's gateway configuration pool "
				  "(%s); no pool may be renamed to it",
				  to, gateway_pool(to));
	if ((rc = ceph_pool_exists(r->cluster, to)) < 0)
		return resp_ceph_error(r, rc, r->cluster->error);
	if (rc)
		return resp_error(r, 409, "pool_exists", "name", "pool '%s' already exists", to);
	return 0;
}

static int
rename_pool(struct ceph *c, const char *from, const char *to, char **msg)
{
	cJSON *cmd = ceph_cmd("osd pool rename");

	cJSON_AddStringToObject(cmd, "srcpool", from);
	cJSON_AddStringToObject(cmd, "destpool", to);
	return ceph_run(c, cmd, msg);
}

int
pools_patch(struct req *r)
{
	const char *name = req_param(r, "name"), *to = json_str(r->body, "name"), *what = NULL;
	cJSON *cur, *warnings = cJSON_CreateArray(), *now;
	char *msg = NULL;
	int rc;

	req_own_json(r, warnings);
	if (!(cur = pools_find(r, name)))
		return r->status;
	req_own_json(r, cur);
	if (to && strcmp(to, name) &&
	    ((rc = pools_check_protected(r, name, "renamed")) != 0 ||
	     (rc = check_rename(r, to)) != 0))
		return rc;
	if (!strcmp(json_str(cur, "type"), "erasure") &&
	    cJSON_GetObjectItemCaseSensitive(r->body, "size"))
		return resp_error(r, 422, "invalid_value", "size",
				  "an erasure-coded pool's size is k+m of its profile");
	if ((rc = pools_check_settings(r, r->body, cur, warnings)) != 0)
		return rc;
	rc = pools_apply(r->cluster, name, r->body, cur, &msg, &what);
	if (rc == 0 && to && strcmp(to, name) &&
	    (rc = rename_pool(r->cluster, name, to, &msg)) == 0)
		name = to;
	view_invalidate(r->cluster);
	req_own(r, msg);
	if (rc < 0)
		return resp_ceph_error(r, rc, msg);
	if (!(now = pools_find(r, name)))
		return r->status;
	if (cJSON_GetArraySize(warnings) > 0)
		cJSON_AddItemToObject(now, "warnings", cJSON_Duplicate(warnings, 1));
	return resp_json(r, 200, now);
}
