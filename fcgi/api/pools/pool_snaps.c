/*
 * pool_snaps.c - /api/clusters/{fsid}/pools/{name}/snapshots: a pool's own snapshots
 * (`osd pool mksnap` / `rmsnap`; the list is the pool's pool_snaps in `osd pool ls
 * detail`, through the view). A pool whose images or file system take snapshots of
 * their own (self-managed snapshots) cannot have pool snapshots: Ceph refuses, and so
 * does this (409 pool_snapshots_unavailable).
 */
#include "api/pools/pools.h"
#include "backends/ceph.h"
#include "backends/view.h"
#include "core/list.h"
#include "core/resp.h"

#include <ctype.h>
#include <errno.h>
#include <string.h>

/* The `osd pool ls detail` entry of pool name (NULL: none), fresh or within the bound. */
static const cJSON *
pool_entry(struct req *r, const char *name, int fresh, int *rc)
{
	const cJSON *pools = (fresh ? view_req_fresh : view_req)(r, r->cluster, V_POOLS), *p;

	*rc = pools ? 0 : r->status;
	if (!pools)
		return NULL;
	cJSON_ArrayForEach(p, pools)
		if (!strcmp(json_str(p, "pool_name") ?: "", name))
			return p;
	*rc = resp_error(r, 404, "pool_not_found", NULL, "pool '%s' does not exist", name);
	return NULL;
}

/* A snapshot of pool_snaps as the API's {name, id, created} (new). */
static cJSON *
snap_item(const cJSON *s)
{
	cJSON *j = cJSON_CreateObject();

	cJSON_AddStringToObject(j, "name", json_str(s, "name") ?: "");
	cJSON_AddNumberToObject(j, "id", jnum(s, "snapid"));
	cJSON_AddStringToObject(j, "created", json_str(s, "stamp") ?: "");
	return j;
}

/* The snapshot name of pool entry p, or NULL. */
static const cJSON *
snap_of(const cJSON *p, const char *name)
{
	const cJSON *s;

	cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(p, "pool_snaps"))
		if (!strcmp(json_str(s, "name") ?: "", name))
			return s;
	return NULL;
}

static const struct sort_field pool_snaps_list_sorts[] = {
	{"name", "name"}, {"created", "created"}, {NULL, NULL}};
static const char *const pool_snaps_list_search[] = {"name", NULL};
const struct list_spec pool_snaps_list_spec = {pool_snaps_list_sorts, "name",
					       pool_snaps_list_search};

int
pool_snaps_list(struct req *r)
{
	struct list_params lp;
	const cJSON *p, *s;
	cJSON *items;
	int rc;

	if ((rc = list_parse(r, &lp)) != 0)
		return rc;

	if (!(p = pool_entry(r, req_param(r, "name"), 0, &rc)))
		return rc;
	items = cJSON_CreateArray();
	cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(p, "pool_snaps"))
		cJSON_AddItemToArray(items, snap_item(s));
	return list_array(r, items, &lp);
}

const struct field_spec pool_snaps_create_body[] = {
	{"name", J_STRING, 1, "1-100 of A-Z a-z 0-9 _ . - (not starting with .)"},
	{NULL, 0, 0, NULL},
};

static int
valid_snap_name(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (n == 0 || n > 100 || s[0] == '.')
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("_.-", *s))
			return 0;
	return 1;
}

/* Ceph refuses pool snapshots of a pool in self-managed snapshot mode with EINVAL. */
static int
snap_error(struct req *r, int rc, const char *msg)
{
	if (rc == -EINVAL)
		return resp_error(r, 409, "pool_snapshots_unavailable", NULL,
				  "%s (a pool whose images or file system take their own snapshots "
				  "cannot have pool snapshots)",
				  msg && *msg ? msg : "Ceph refused");
	return resp_ceph_error(r, rc, msg);
}

int
pool_snaps_create(struct req *r)
{
	const char *pool = req_param(r, "name"), *name = json_str(r->body, "name"), *msg;
	const cJSON *p, *s;
	cJSON *cmd;
	int rc;

	if (!valid_snap_name(name))
		return resp_error(
			r, 422, "invalid_value", "name",
			"a snapshot name is 1-100 of A-Z a-z 0-9 _ . -, not starting with .");
	if (!(p = pool_entry(r, pool, 1, &rc)))
		return rc;
	if (snap_of(p, name))
		return resp_error(r, 409, "snapshot_exists", "name",
				  "pool '%s' has a snapshot '%s'", pool, name);
	cmd = ceph_cmd("osd pool mksnap");
	cJSON_AddStringToObject(cmd, "pool", pool);
	cJSON_AddStringToObject(cmd, "snap", name);
	rc = ceph_req_run(r, 0, cmd, &msg);
	view_invalidate(r->cluster);
	if (rc < 0)
		return snap_error(r, rc, msg);
	if (!(p = pool_entry(r, pool, 1, &rc)))
		return rc;
	if (!(s = snap_of(p, name)))
		return resp_internal(r, "pool '%s': snapshot '%s' made but not listed", pool, name);
	return resp_json(r, 201, snap_item(s));
}

int
pool_snaps_delete(struct req *r)
{
	const char *pool = req_param(r, "name"), *name = req_param(r, "snap"), *msg;
	const cJSON *p;
	cJSON *cmd;
	int rc;

	if (!(p = pool_entry(r, pool, 1, &rc)))
		return rc;
	if (!snap_of(p, name))
		return resp_error(r, 404, "snapshot_not_found", NULL,
				  "pool '%s' has no snapshot '%s'", pool, name);
	cmd = ceph_cmd("osd pool rmsnap");
	cJSON_AddStringToObject(cmd, "pool", pool);
	cJSON_AddStringToObject(cmd, "snap", name);
	rc = ceph_req_run(r, 0, cmd, &msg);
	view_invalidate(r->cluster);
	return rc < 0 ? snap_error(r, rc, msg) : resp_empty(r, 204);
}
