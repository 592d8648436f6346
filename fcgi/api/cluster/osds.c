/*
 * osds.c - /api/clusters/{fsid}/osds: the OSDs of a cluster as one item each, joined
 * from the shared view (`osd dump` for up/in/reweight, `osd tree` for host, CRUSH
 * weight and device class, `osd df` for usage and PG count, `osd metadata` for the
 * object store), one OSD with its metadata and latencies (`osd perf`), marking it
 * in/out or reweighting it, its CRUSH weight, primary affinity, device class and
 * flags (osd_lifecycle.c has the rest of its life), and asking it to scrub. The manager answers
 * `osd df`, `osd perf` and the scrub commands: without a manager the usage and latencies are null
 * rather than the whole answer failing. A scrub is only requested here: Ceph runs it later, so the
 * answer is 202 without a task to follow.
 */
#include "api/cluster/cluster.h"
#include "backends/ceph.h"
#include "backends/view.h"
#include "core/list.h"
#include "core/resp.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The element of arr whose member key is the number id, or NULL. */
static const cJSON *
by_id(const cJSON *arr, const char *key, double id)
{
	const cJSON *e;

	cJSON_ArrayForEach(e, arr) {
		if (cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(e, key)) && jnum(e, key) == id)
			return e;
	}
	return NULL;
}

static cJSON *
osd_stats(const cJSON *df)
{
	cJSON *j;

	if (!df)
		return cJSON_CreateNull();
	j = cJSON_CreateObject();
	cJSON_AddNumberToObject(j, "total", jnum(df, "kb") * 1024);
	cJSON_AddNumberToObject(j, "used", jnum(df, "kb_used") * 1024);
	cJSON_AddNumberToObject(j, "avail", jnum(df, "kb_avail") * 1024);
	cJSON_AddNumberToObject(j, "percent_used", jnum(df, "utilization"));
	return j;
}

static void
add_str_or_null(cJSON *j, const char *name, const char *v)
{
	if (v)
		cJSON_AddStringToObject(j, name, v);
	else
		cJSON_AddNullToObject(j, name);
}

/* The views one item is made from (df and meta may be NULL). */
struct osd_views {
	const cJSON *dump, *tree, *df, *meta;
};

/* What the other views say of one OSD: its tree node, df node, metadata, host bucket. */
struct osd_parts {
	const cJSON *node, *df, *meta;
	const char *host;
};

#define MAX_INDEXED (1L << 22) /* OSD ids indexed; one beyond (none is) is shown without parts */

/* Where the OSD an element names under key goes among ids first..first+n-1; else -1. */
static long
index_of(const cJSON *e, const char *key, long first, long n)
{
	const cJSON *j = cJSON_GetObjectItemCaseSensitive(e, key);
	long id = cJSON_IsNumber(j) ? (long)j->valuedouble : -1;

	return id >= first && id - first < n ? id - first : -1;
}

/*
 * The parts of OSD ids first..first+n-1 (p[id - first]), each view walked once:
 * looking each OSD up in each view is O(n²), ~100 ms for 1,000 OSDs. The first host
 * bucket holding an OSD names its host.
 */
static void
parts_index(const struct osd_views *v, long first, long n, struct osd_parts *p)
{
	const cJSON *e, *ch;
	long i;

	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(v->tree, "nodes")) {
		if ((i = index_of(e, "id", first, n)) >= 0)
			p[i].node = e;
		if (strcmp(json_str(e, "type") ?: "", "host"))
			continue;
		cJSON_ArrayForEach(ch, cJSON_GetObjectItemCaseSensitive(e, "children")) {
			i = cJSON_IsNumber(ch) ? (long)ch->valuedouble - first : -1;
			if (i >= 0 && i < n && !p[i].host)
				p[i].host = json_str(e, "name");
		}
	}
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(v->df, "nodes"))
		if ((i = index_of(e, "id", first, n)) >= 0)
			p[i].df = e;
	cJSON_ArrayForEach(e, v->meta)
		if ((i = index_of(e, "id", first, n)) >= 0)
			p[i].meta = e;
}

/* The API's OSD from its `osd dump` entry and what the other views say of it. */
static cJSON *
osd_item(const cJSON *o, const struct osd_parts *p)
{
	double id = jnum(o, "osd");
	cJSON *j = cJSON_CreateObject();
	char name[32];

	snprintf(name, sizeof(name), "osd.%.0f", id);
	cJSON_AddNumberToObject(j, "id", id);
	cJSON_AddStringToObject(j, "name", name);
	add_str_or_null(j, "host", p->host ?: json_str(p->meta, "hostname"));
	cJSON_AddBoolToObject(j, "up", jnum(o, "up") == 1);
	cJSON_AddBoolToObject(j, "in", jnum(o, "in") == 1);
	cJSON_AddNumberToObject(j, "weight", jnum(p->node, "crush_weight"));
	cJSON_AddNumberToObject(j, "reweight", jnum(o, "weight"));
	cJSON_AddNumberToObject(j, "primary_affinity",
				cJSON_GetObjectItemCaseSensitive(o, "primary_affinity")
					? jnum(o, "primary_affinity")
					: 1);
	cJSON_AddItemToObject(j, "flags",
			      osd_group_flags(cJSON_GetObjectItemCaseSensitive(o, "state")));
	add_str_or_null(j, "device_class", json_str(p->node, "device_class"));
	if (p->df)
		cJSON_AddNumberToObject(j, "pgs", jnum(p->df, "pgs"));
	else
		cJSON_AddNullToObject(j, "pgs");
	cJSON_AddItemToObject(j, "stats", osd_stats(p->df));
	add_str_or_null(j, "objectstore", json_str(p->meta, "osd_objectstore"));
	return j;
}

/* Reads the views; 0, or NULL-dump with the error answered (returns the status). */
static int
osd_views(struct req *r, struct osd_views *v)
{
	if (!(v->dump = view_req(r, r->cluster, V_OSD_DUMP)) ||
	    !(v->tree = view_req(r, r->cluster, V_OSD_TREE)))
		return r->status;
	v->df = view_try(r->cluster, V_OSD_DF, NULL, 0);
	v->meta = view_try(r->cluster, V_OSD_METADATA, NULL, 0);
	return 0;
}

/* Every OSD as API items (new array). */
static cJSON *
all_osds(const struct osd_views *v)
{
	const cJSON *osds = cJSON_GetObjectItemCaseSensitive(v->dump, "osds"), *o;
	cJSON *items = cJSON_CreateArray();
	struct osd_parts *p, none = {0};
	long n = 0, id;

	cJSON_ArrayForEach(o, osds)
		if ((id = index_of(o, "osd", 0, MAX_INDEXED)) >= n)
			n = id + 1;
	p = xcalloc((size_t)n + 1, sizeof(*p));
	parts_index(v, 0, n, p);
	cJSON_ArrayForEach(o, osds)
		cJSON_AddItemToArray(
			items, osd_item(o, (id = index_of(o, "osd", 0, n)) >= 0 ? &p[id] : &none));
	free(p);
	return items;
}

static const struct sort_field osds_list_sorts[] = {
	{"id", "id"},
	{"name", "id"},
	{"host", "host"},
	{"up", "up"},
	{"in", "in"},
	{"weight", "weight"},
	{"reweight", "reweight"},
	{"device_class", "device_class"},
	{"pgs", "pgs"},
	{"total", "stats.total"},
	{"used", "stats.used"},
	{"avail", "stats.avail"},
	{"percent_used", "stats.percent_used"},
	{"objectstore", "objectstore"},
	{NULL, NULL},
};
static const char *const osds_list_search[] = {"name", "host", "device_class", "objectstore", NULL};
const struct list_spec osds_list_spec = {osds_list_sorts, "id", osds_list_search};

int
osds_list(struct req *r)
{
	struct list_params lp;
	cJSON *items;
	int rc;

	static const enum view_kind kinds[] = {V_OSD_DUMP, V_OSD_TREE, V_OSD_DF, V_OSD_METADATA};
	struct osd_views v;

	if ((rc = list_parse(r, &lp)) != 0 ||
	    (rc = view_memo_early(r, "osds", kinds, ARRAY_LEN(kinds))) != 0)
		return rc;
	if ((rc = osd_views(r, &v)) != 0)
		return rc;
	if ((rc = view_memo_respond(r, "osds", kinds, ARRAY_LEN(kinds))))
		return rc;
	items = all_osds(&v);
	rc = list_array(r, items, &lp);
	view_memo_keep(r, "osds", kinds, ARRAY_LEN(kinds));
	return rc;
}

/* The API OSD id of r->cluster (new), or NULL with 404/503 answered. */
static cJSON *
osd_find(struct req *r, long id)
{
	struct osd_views v;
	struct osd_parts parts = {0};
	const cJSON *o;

	if (osd_views(r, &v) != 0)
		return NULL;
	if (!(o = by_id(cJSON_GetObjectItemCaseSensitive(v.dump, "osds"), "osd", (double)id))) {
		resp_error(r, 404, "osd_not_found", NULL, "there is no OSD %ld", id);
		return NULL;
	}
	parts_index(&v, id, 1, &parts);
	return osd_item(o, &parts);
}

/* The part of `osd metadata` worth showing. */
static cJSON *
osd_metadata(const cJSON *meta)
{
	static const char *keys[] = {
		"hostname",       "ceph_version_short", "osd_objectstore", "arch",
		"kernel_version", "distro_description", "devices",         "rotational",
		"back_addr",      "front_addr",         "osd_data"};
	cJSON *j = cJSON_CreateObject();

	for (size_t i = 0; i < ARRAY_LEN(keys); i++)
		add_str_or_null(j, keys[i], json_str(meta, keys[i]));
	return j;
}

static cJSON *
osd_perf(const cJSON *perf, double id)
{
	const cJSON *infos = json_at(perf, "osdstats.osd_perf_infos");
	const cJSON *st = cJSON_GetObjectItemCaseSensitive(by_id(infos, "id", id), "perf_stats");
	cJSON *j;

	if (!st)
		return cJSON_CreateNull();
	j = cJSON_CreateObject();
	cJSON_AddNumberToObject(j, "commit_latency_ms", jnum(st, "commit_latency_ms"));
	cJSON_AddNumberToObject(j, "apply_latency_ms", jnum(st, "apply_latency_ms"));
	return j;
}

int
osds_get(struct req *r)
{
	long id = req_param_long(r, "id");
	cJSON *j;

	if (!(j = osd_find(r, id)))
		return r->status;
	cJSON_AddItemToObject(j, "metadata",
			      osd_metadata(by_id(view_try(r->cluster, V_OSD_METADATA, NULL, 0),
						 "id", (double)id)));
	cJSON_AddItemToObject(j, "perf",
			      osd_perf(view_try(r->cluster, V_OSD_PERF, NULL, 0), (double)id));
	return resp_json(r, 200, j);
}

const struct field_spec osds_patch_body[] = {
	{"in", J_BOOL, 0, "true marks the OSD in (it takes data), false out (data moves away)"},
	{"reweight", J_NUMBER, 0, "the override weight, 0 to 1 (1 = as CRUSH says)"},
	{"crush_weight", J_NUMBER, 0, "the CRUSH weight, 0 to 1000 (TiB by convention)"},
	{"primary_affinity", J_NUMBER, 0, "0 to 1: how often the OSD is a PG's primary"},
	{"device_class", J_ANY, 0, "the device class (hdd, ssd, nvme or a name), null removes it"},
	{"flags", J_ARRAY, 0, "the whole wanted set of this OSD's noout, noin, noup, nodown"},
	{NULL, 0, 0, NULL},
};

/* A float Ceph takes: an integral JSON number (1) is refused, so never print one. */
static cJSON *
ceph_float(double v)
{
	char text[32];

	snprintf(text, sizeof(text), "%.6f", v);
	return cJSON_CreateRaw(text);
}

/* The PATCH body's numbers and class checked: 0, or 422 answered. */
static int
check_patch(struct req *r)
{
	const cJSON *b = r->body, *w = cJSON_GetObjectItemCaseSensitive(b, "reweight");
	const cJSON *cw = cJSON_GetObjectItemCaseSensitive(b, "crush_weight");
	const cJSON *pa = cJSON_GetObjectItemCaseSensitive(b, "primary_affinity");
	const cJSON *dc = cJSON_GetObjectItemCaseSensitive(b, "device_class");

	if (w && (w->valuedouble < 0 || w->valuedouble > 1))
		return resp_error(r, 422, "invalid_value", "reweight",
				  "reweight must be a number from 0 to 1");
	if (cw && (cw->valuedouble < 0 || cw->valuedouble > 1000))
		return resp_error(r, 422, "invalid_value", "crush_weight",
				  "crush_weight must be a number from 0 to 1000");
	if (pa && (pa->valuedouble < 0 || pa->valuedouble > 1))
		return resp_error(r, 422, "invalid_value", "primary_affinity",
				  "primary_affinity must be a number from 0 to 1");
	if (dc && !cJSON_IsNull(dc) &&
	    (!cJSON_IsString(dc) || !ceph_valid_pool_name(dc->valuestring) ||
	     strlen(dc->valuestring) > 32))
		return resp_error(
			r, 422, "invalid_value", "device_class",
			"device_class is a name of A-Z a-z 0-9 _ . - (up to 32), or null");
	return 0;
}

/* Sets or removes OSD id's device class (a class set is removed first). */
static int
apply_class(struct ceph *c, long id, const cJSON *dc, char **msg)
{
	char who[32];
	cJSON *cmd = ceph_cmd("osd crush rm-device-class");
	int rc;

	snprintf(who, sizeof(who), "osd.%ld", id);
	cJSON_AddItemToArray(cJSON_AddArrayToObject(cmd, "ids"), cJSON_CreateString(who));
	if ((rc = ceph_run(c, cmd, msg)) < 0 || cJSON_IsNull(dc))
		return rc;
	free(*msg);
	*msg = NULL;
	cmd = ceph_cmd("osd crush set-device-class");
	cJSON_AddStringToObject(cmd, "class", dc->valuestring);
	cJSON_AddItemToArray(cJSON_AddArrayToObject(cmd, "ids"), cJSON_CreateString(who));
	return ceph_run(c, cmd, msg);
}

/* The CRUSH weight and primary affinity of the body, if given. */
static int
apply_weights(struct ceph *c, long id, const cJSON *cw, const cJSON *pa, char **msg)
{
	char who[32];
	cJSON *cmd;
	int rc = 0;

	*msg = NULL;
	snprintf(who, sizeof(who), "osd.%ld", id);
	if (cw) {
		cmd = ceph_cmd("osd crush reweight");
		cJSON_AddStringToObject(cmd, "name", who);
		cJSON_AddItemToObject(cmd, "weight", ceph_float(cw->valuedouble));
		rc = ceph_run(c, cmd, msg);
	}
	if (rc == 0 && pa) {
		free(*msg);
		cmd = ceph_cmd("osd primary-affinity");
		cJSON_AddNumberToObject(cmd, "id",
					(double)id); /* CephOsdName travels as a number */
		cJSON_AddItemToObject(cmd, "weight", ceph_float(pa->valuedouble));
		rc = ceph_run(c, cmd, msg);
	}
	return rc;
}

static int
apply_in(struct ceph *c, long id, int in, char **msg)
{
	cJSON *cmd = ceph_cmd(in ? "osd in" : "osd out"), *ids = cJSON_AddArrayToObject(cmd, "ids");
	char s[24];

	snprintf(s, sizeof(s), "%ld", id);
	cJSON_AddItemToArray(ids, cJSON_CreateString(s));
	return ceph_run(c, cmd, msg);
}

static int
apply_reweight(struct ceph *c, long id, double w, char **msg)
{
	cJSON *cmd = ceph_cmd("osd reweight");

	cJSON_AddNumberToObject(cmd, "id", (double)id);
	cJSON_AddItemToObject(cmd, "weight", ceph_float(w));
	return ceph_run(c, cmd, msg);
}

int
osds_patch(struct req *r)
{
	const cJSON *in = cJSON_GetObjectItemCaseSensitive(r->body, "in");
	const cJSON *w = cJSON_GetObjectItemCaseSensitive(r->body, "reweight");
	const cJSON *dc = cJSON_GetObjectItemCaseSensitive(r->body, "device_class");
	const cJSON *flags = cJSON_GetObjectItemCaseSensitive(r->body, "flags");
	long id = req_param_long(r, "id");
	char *msg = NULL;
	cJSON *cur;
	int rc = 0;

	if (!(cur = osd_find(r, id)))
		return r->status;
	cJSON_Delete(cur);
	if ((rc = check_patch(r)) != 0)
		return rc;
	if (in) {
		rc = apply_in(r->cluster, id, cJSON_IsTrue(in), &msg);
		req_own(r, msg);
	}
	if (rc == 0 && w) {
		rc = apply_reweight(r->cluster, id, w->valuedouble, &msg);
		req_own(r, msg);
	}
	if (rc == 0) {
		rc = apply_weights(
			r->cluster, id, cJSON_GetObjectItemCaseSensitive(r->body, "crush_weight"),
			cJSON_GetObjectItemCaseSensitive(r->body, "primary_affinity"), &msg);
		req_own(r, msg);
	}
	if (rc == 0 && dc) {
		rc = apply_class(r->cluster, id, dc, &msg);
		req_own(r, msg);
	}
	if (rc == 0 && flags && (rc = osds_set_flags(r, id, flags)) != 0) {
		view_invalidate(r->cluster);
		return rc;
	}
	view_invalidate(r->cluster);
	if (rc < 0)
		return resp_ceph_error(r, rc, msg);
	if (!(cur = osd_find(r, id)))
		return r->status;
	return resp_json(r, 200, cur);
}

const struct field_spec osds_scrub_body[] = {
	{"deep", J_BOOL, 0, "a deep scrub (reads and compares all data) instead of a light one"},
	{NULL, 0, 0, NULL},
};

int
osds_scrub(struct req *r)
{
	int deep = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r->body, "deep"));
	long id = req_param_long(r, "id");
	char who[24];
	const char *msg;
	cJSON *cur, *cmd, *j;
	int rc;

	if (!(cur = osd_find(r, id)))
		return r->status;
	cJSON_Delete(cur);
	snprintf(who, sizeof(who), "%ld", id);
	cmd = ceph_cmd(deep ? "osd deep-scrub" : "osd scrub");
	cJSON_AddStringToObject(cmd, "who", who);
	rc = ceph_req_run(r, 1, cmd, &msg);
	if (rc < 0)
		return resp_ceph_error(r, rc, msg);
	j = cJSON_CreateObject();
	cJSON_AddNumberToObject(j, "osd", (double)id);
	cJSON_AddBoolToObject(j, "deep", deep);
	cJSON_AddStringToObject(j, "message",
				msg && *msg ? msg
					    : "the OSD was asked to scrub; it runs when it can");
	return resp_json(r, 202, j);
}
