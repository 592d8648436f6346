/*
 * clusters.c - GET /api/clusters and GET /api/clusters/{fsid}/status: what each
 * configured cluster looks like, from the shared view (at most view_max_age_ms old).
 * A cluster that cannot be reached is listed as unreachable, not an error: one dead
 * cluster must not hide the others.
 */
#include "api/cluster/cluster.h"
#include "backends/ceph.h"
#include "backends/view.h"
#include "core/resp.h"

#include <stdlib.h>
#include <string.h>

static cJSON *
capacity(const cJSON *pgmap)
{
	cJSON *j = cJSON_CreateObject();

	cJSON_AddNumberToObject(j, "total", jnum(pgmap, "bytes_total"));
	cJSON_AddNumberToObject(j, "used", jnum(pgmap, "bytes_used"));
	cJSON_AddNumberToObject(j, "avail", jnum(pgmap, "bytes_avail"));
	return j;
}

static cJSON *
osd_counts(const cJSON *osdmap)
{
	cJSON *j = cJSON_CreateObject();

	cJSON_AddNumberToObject(j, "total", jnum(osdmap, "num_osds"));
	cJSON_AddNumberToObject(j, "up", jnum(osdmap, "num_up_osds"));
	cJSON_AddNumberToObject(j, "in", jnum(osdmap, "num_in_osds"));
	return j;
}

/* One entry of GET /api/clusters. */
static cJSON *
cluster_summary(struct ceph *c)
{
	cJSON *j = cJSON_CreateObject();
	char why[512];
	const cJSON *st = view_try(c, V_STATUS, why, sizeof(why)), *h;

	cJSON_AddStringToObject(j, "fsid", c->fsid);
	cJSON_AddStringToObject(j, "name", c->conf->name);
	if (!st) {
		cJSON_AddStringToObject(j, "health", "UNREACHABLE");
		cJSON_AddStringToObject(j, "error", why);
		return j;
	}
	h = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(st, "health"),
					     "status");
	cJSON_AddStringToObject(j, "health", cJSON_IsString(h) ? h->valuestring : "UNKNOWN");
	cJSON_AddNumberToObject(j, "mons", jnum(st, "monmap.num_mons"));
	cJSON_AddItemToObject(j, "osds",
			      osd_counts(cJSON_GetObjectItemCaseSensitive(st, "osdmap")));
	cJSON_AddNumberToObject(j, "pools", jnum(st, "pgmap.num_pools"));
	cJSON_AddItemToObject(j, "capacity",
			      capacity(cJSON_GetObjectItemCaseSensitive(st, "pgmap")));
	return j;
}

int
clusters_list(struct req *r)
{
	cJSON *items = cJSON_CreateArray();

	for (int i = 0; i < ceph_count(); i++)
		cJSON_AddItemToArray(items, cluster_summary(ceph_at(i)));
	return resp_json(r, 200, items);
}

static cJSON *
health_checks(const cJSON *health)
{
	const cJSON *checks = cJSON_GetObjectItemCaseSensitive(health, "checks"), *ck, *d;
	cJSON *out = cJSON_CreateArray();

	cJSON_ArrayForEach(ck, checks) {
		cJSON *o = cJSON_CreateObject(), *detail = cJSON_AddArrayToObject(o, "detail");
		const cJSON *summary = cJSON_GetObjectItemCaseSensitive(ck, "summary");
		cJSON_AddStringToObject(o, "name", ck->string);
		cJSON_AddStringToObject(o, "severity", json_str(ck, "severity") ?: "HEALTH_WARN");
		cJSON_AddStringToObject(o, "summary", json_str(summary, "message") ?: "");
		cJSON_AddNumberToObject(o, "count", jnum(summary, "count"));
		cJSON_AddBoolToObject(o, "muted",
				      cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(ck, "muted")));
		cJSON_ArrayForEach(d, cJSON_GetObjectItemCaseSensitive(ck, "detail"))
			if (json_str(d, "message"))
				cJSON_AddItemToArray(detail,
						     cJSON_CreateString(json_str(d, "message")));
		cJSON_AddItemToArray(out, o);
	}
	return out;
}

/* The muted checks: [{code, expires (null: until unmuted), sticky, summary, count}]. */
static cJSON *
health_mutes(const cJSON *health)
{
	const cJSON *m;
	cJSON *out = cJSON_CreateArray(), *o;

	cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(health, "mutes")) {
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "code", json_str(m, "code") ?: "");
		if (json_str(m, "ttl") && *json_str(m, "ttl"))
			cJSON_AddStringToObject(o, "expires", json_str(m, "ttl"));
		else
			cJSON_AddNullToObject(o, "expires");
		cJSON_AddBoolToObject(o, "sticky",
				      cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(m, "sticky")));
		cJSON_AddStringToObject(o, "summary", json_str(m, "summary") ?: "");
		cJSON_AddNumberToObject(o, "count", jnum(m, "count"));
		cJSON_AddItemToArray(out, o);
	}
	return out;
}

static cJSON *
monitors_summary(const cJSON *quorum)
{
	const cJSON *mons = cJSON_GetObjectItemCaseSensitive(
			    cJSON_GetObjectItemCaseSensitive(quorum, "monmap"), "mons"),
		    *names = cJSON_GetObjectItemCaseSensitive(quorum, "quorum_names"), *m;
	cJSON *j = cJSON_CreateObject(), *in = cJSON_CreateArray(), *out = cJSON_CreateArray();

	cJSON_ArrayForEach(m, mons) {
		const char *name = json_str(m, "name") ?: "";

		cJSON_AddItemToArray(json_array_has_str(names, name) ? in : out,
				     cJSON_CreateString(name));
	}
	cJSON_AddNumberToObject(j, "total", cJSON_GetArraySize(mons));
	cJSON_AddItemToObject(j, "in_quorum", in);
	cJSON_AddItemToObject(j, "out_of_quorum", out);
	cJSON_AddStringToObject(j, "leader", json_str(quorum, "quorum_leader_name") ?: "");
	return j;
}

static cJSON *
pg_summary(const cJSON *pgmap)
{
	cJSON *j = cJSON_CreateObject(), *states = cJSON_AddArrayToObject(j, "by_state");
	const cJSON *s;

	cJSON_AddNumberToObject(j, "total", jnum(pgmap, "num_pgs"));
	cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(pgmap, "pgs_by_state")) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "state", json_str(s, "state_name") ?: "");
		cJSON_AddNumberToObject(o, "count", jnum(s, "count"));
		cJSON_AddItemToArray(states, o);
	}
	return j;
}

static cJSON *
rates(const cJSON *pgmap)
{
	static const char *io[][2] = {
		{"read_bytes_sec", "read_bytes_sec"},
		{"write_bytes_sec", "write_bytes_sec"},
		{"read_ops_sec", "read_op_per_sec"},
		{"write_ops_sec", "write_op_per_sec"},
		{"recovery_bytes_sec", "recovering_bytes_per_sec"},
		{"recovery_objects_sec", "recovering_objects_per_sec"},
	};
	cJSON *j = cJSON_CreateObject();

	for (size_t i = 0; i < ARRAY_LEN(io); i++)
		cJSON_AddNumberToObject(j, io[i][0], jnum(pgmap, io[i][1]));
	return j;
}

int
clusters_status(struct req *r)
{
	const cJSON *st, *health, *quorum, *pgmap;
	cJSON *j, *h;

	static const enum view_kind kinds[] = {V_STATUS, V_HEALTH, V_QUORUM};
	int rc;

	if ((rc = view_memo_early(r, "status", kinds, ARRAY_LEN(kinds))))
		return rc;
	if (!(st = view_req(r, r->cluster, V_STATUS)) ||
	    !(health = view_req(r, r->cluster, V_HEALTH)) ||
	    !(quorum = view_req(r, r->cluster, V_QUORUM)))
		return r->status;
	if ((rc = view_memo_respond(r, "status", kinds, ARRAY_LEN(kinds))))
		return rc;
	pgmap = cJSON_GetObjectItemCaseSensitive(st, "pgmap");
	j = cJSON_CreateObject();
	cJSON_AddStringToObject(j, "fsid", r->cluster->fsid);
	cJSON_AddStringToObject(j, "name", r->cluster->conf->name);
	h = cJSON_AddObjectToObject(j, "health");
	cJSON_AddStringToObject(h, "status", json_str(health, "status") ?: "UNKNOWN");
	cJSON_AddItemToObject(h, "checks", health_checks(health));
	cJSON_AddItemToObject(h, "mutes", health_mutes(health));
	cJSON_AddItemToObject(j, "monitors", monitors_summary(quorum));
	cJSON_AddItemToObject(j, "osds",
			      osd_counts(cJSON_GetObjectItemCaseSensitive(st, "osdmap")));
	cJSON_AddItemToObject(j, "pgs", pg_summary(pgmap));
	cJSON_AddNumberToObject(j, "pools", jnum(pgmap, "num_pools"));
	cJSON_AddItemToObject(j, "capacity", capacity(pgmap));
	cJSON_AddItemToObject(j, "io", rates(pgmap));
	resp_json(r, 200, j);
	view_memo_keep(r, "status", kinds, ARRAY_LEN(kinds));
	return 200;
}
