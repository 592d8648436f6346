/*
 * cephfs_fs.c - the file systems of a cluster and their clients. Lists and gets come
 * from the shared view: the monitor's fs map (`fs dump`: ranks, their daemons, the
 * free standbys), `df detail` (the pools' usage) and the manager's `fs status` (the
 * session count rank 0 reports in its perf counters, so a list asks no MDS; null when
 * the manager cannot tell). Create and delete are tasks (cephfs.create: pools, `fs new`,
 * then waiting until rank 0 is up:active; cephfs.delete: `fs fail`, `fs rm`, the pools
 * only when asked; refused while a client or an NFS export uses it). A file system
 * without an active rank 0 answers 503 mds_unavailable for whatever needs its MDS
 * (cephfs_check_active).
 */
#include "api/cephfs/cephfs.h"
#include "backends/ceph.h"
#include "backends/view.h"
#include "core/list.h"
#include "core/resp.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ACTIVE_WAIT_S  60 /* a new file system's rank 0 becomes active within this */
#define NO_STANDBY_S   5  /* no standby MDS for this long while rank 0 waits: give up */
#define META_PGS       8
#define DATA_PGS       16
#define NAME_MAX_BYTES 64

int (*cephfs_fs_exports)(struct req *r, const char *fs, int is_default, cJSON **ids);

const struct field_spec cephfs_create_body[] = {
	{"name", J_STRING, 1, "1-64 of A-Z a-z 0-9 _ . -"},
	{"metadata_pool", J_STRING, 0,
	 "an existing, empty, unused pool (default: cephfs.<name>.meta is made, 8 PGs)"},
	{"data_pool", J_STRING, 0,
	 "an existing, unused replicated pool (default: cephfs.<name>.data is made, 16 PGs)"},
	{NULL, 0, 0, NULL},
};

/* The fs map's entry {"mdsmap","id"} of file system name, or NULL. */
static const cJSON *
find_fs(const cJSON *dump, const char *name)
{
	const cJSON *f;

	cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(dump, "filesystems"))
		if (!strcmp(json_str(json_at(f, "mdsmap"), "fs_name") ?: "", name))
			return f;
	return NULL;
}

/* The daemon holding rank of mdsmap (an "info" entry), or NULL. */
static const cJSON *
rank_info(const cJSON *mdsmap, int rank)
{
	const cJSON *i;

	cJSON_ArrayForEach(i, cJSON_GetObjectItemCaseSensitive(mdsmap, "info"))
		if (jnum(i, "rank") == rank &&
		    strcmp(json_str(i, "state") ?: "", "up:standby-replay"))
			return i;
	return NULL;
}

/* Whether rank 0 of file system f is served (up:active, not laggy). */
static int
rank0_active(const cJSON *f)
{
	const cJSON *i = rank_info(json_at(f, "mdsmap"), 0);

	return i && !strcmp(json_str(i, "state") ?: "", "up:active") && !json_at(i, "laggy_since");
}

static int
fs_not_found(struct req *r, const char *fs)
{
	return resp_error(r, 404, "fs_not_found", NULL, "there is no file system '%s'", fs);
}

const cJSON *
cephfs_find(struct req *r, const char *fs)
{
	const cJSON *dump = view_req(r, r->cluster, V_FS_DUMP), *f;

	if (!dump)
		return NULL;
	if (!(f = find_fs(dump, fs)))
		fs_not_found(r, fs);
	return f;
}

int
cephfs_check_active(struct req *r, const char *fs)
{
	const cJSON *f = cephfs_find(r, fs), *i;

	if (!f)
		return r->status;
	i = rank_info(json_at(f, "mdsmap"), 0);
	if (!rank0_active(f)) {
		resp_header(r, "Retry-After: 5");
		return resp_error(r, 503, "mds_unavailable", NULL,
				  "file system '%s' has no active MDS (rank 0 is %s%s)", fs,
				  i ? json_str(i, "state") : "not held by any MDS",
				  i && json_at(i, "laggy_since") ? ", laggy" : "");
	}
	return 0;
}

int
cephfs_resp_mds_error(struct req *r, const char *fs, int rc, const char *msg)
{
	switch (-rc) {
	case ENOENT: /* the rank has no daemon (any more) */
	case ETIMEDOUT:
	case ENOTCONN:
	case ECONNREFUSED:
	case ESHUTDOWN:
		resp_header(r, "Retry-After: 5");
		return resp_logged(
			r, 503, "mds_unavailable", "the file system's MDS does not answer",
			"file system '%s': MDS command: %s", fs, msg && *msg ? msg : strerror(-rc));
	default:
		return resp_ceph_error(r, rc, msg);
	}
}

/* "active" (every rank up:active), "creating", "degraded" or "no_mds" (no rank held). */
static const char *
fs_state(const cJSON *mdsmap)
{
	const cJSON *rank;
	int held = 0, active = 0, ranks = 0, creating = 0;

	cJSON_ArrayForEach(rank, cJSON_GetObjectItemCaseSensitive(mdsmap, "in")) {
		const cJSON *i = rank_info(mdsmap, rank->valueint);
		const char *st = i ? json_str(i, "state") ?: "" : "";

		ranks++;
		held += i != NULL;
		active += !strcmp(st, "up:active");
		creating += !strcmp(st, "up:creating");
	}
	if (!held)
		return "no_mds";
	if (creating)
		return "creating";
	return active == ranks ? "active" : "degraded";
}

static cJSON *
mds_entry(const cJSON *i, int with_rank)
{
	cJSON *d = cJSON_CreateObject();

	cJSON_AddStringToObject(d, "name", json_str(i, "name") ?: "");
	if (with_rank)
		cJSON_AddNumberToObject(d, "rank", jnum(i, "rank"));
	cJSON_AddStringToObject(d, "state", json_str(i, "state") ?: "");
	cJSON_AddStringToObject(d, "addr", json_str(i, "addr") ?: "");
	return d;
}

/* {"active":[daemons holding ranks],"standby":[free standbys + this fs's standby-replay]} */
static cJSON *
mds_json(const cJSON *dump, const cJSON *mdsmap)
{
	cJSON *m = cJSON_CreateObject(), *act = cJSON_AddArrayToObject(m, "active"),
	      *sb = cJSON_AddArrayToObject(m, "standby");
	const cJSON *i;

	cJSON_ArrayForEach(i, cJSON_GetObjectItemCaseSensitive(mdsmap, "info")) {
		int replay = !strcmp(json_str(i, "state") ?: "", "up:standby-replay");
		cJSON_AddItemToArray(replay ? sb : act, mds_entry(i, !replay));
	}
	cJSON_ArrayForEach(i, cJSON_GetObjectItemCaseSensitive(dump, "standbys"))
		cJSON_AddItemToArray(sb, mds_entry(i, 0));
	return m;
}

/*
 * The entries of array as an object (owned by r) keyed by their member key (a string,
 * or a number in decimal): one pass, then each lookup is by name.
 */
static const cJSON *
index_by(struct req *r, const cJSON *array, const char *key)
{
	cJSON *ix = req_own_json(r, cJSON_CreateObject());
	const cJSON *e;
	char num[32];

	cJSON_ArrayForEach(e, array) {
		const char *k = json_str(e, key);
		snprintf(num, sizeof(num), "%.0f", jnum(e, key));
		cJSON_AddItemReferenceToObject(ix, k ? k : num, (cJSON *)e);
	}
	return ix;
}

/* The entry of index ix (index_by a numeric key) for id, or NULL. */
static const cJSON *
by_id(const cJSON *ix, double id)
{
	char k[32];

	snprintf(k, sizeof(k), "%.0f", id);
	return cJSON_GetObjectItemCaseSensitive(ix, k);
}

/* The pools of the cluster by id: names from the osdmap, usage from df (which lags it). */
struct pool_ix {
	const cJSON *osd, *df;
};

/* Adds pool id to the file system's pools (and its name to names, when not NULL). */
static void
add_pool(cJSON *names, cJSON *pools, const struct pool_ix *ix, double id, const char *type)
{
	const cJSON *p = by_id(ix->df, id);
	cJSON *e = cJSON_CreateObject();
	const char *name = json_str(by_id(ix->osd, id), "pool_name");

	if (names)
		cJSON_AddItemToArray(names, name ? cJSON_CreateString(name) : cJSON_CreateNull());
	cJSON_AddItemToObject(e, "name", name ? cJSON_CreateString(name) : cJSON_CreateNull());
	cJSON_AddStringToObject(e, "type", type);
	cJSON_AddNumberToObject(e, "used", jnum(p, "stats.bytes_used"));
	cJSON_AddNumberToObject(e, "avail", jnum(p, "stats.max_avail"));
	cJSON_AddItemToArray(pools, e);
}

/* The session count `fs status` reports for fs, or null. */
static cJSON *
client_count(const cJSON *status, const char *fs)
{
	const cJSON *c;

	cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(status, "clients"))
		if (!strcmp(json_str(c, "fs") ?: "", fs) && cJSON_IsNumber(json_at(c, "clients")))
			return cJSON_CreateNumber(jnum(c, "clients"));
	return cJSON_CreateNull();
}

/* The API's file system (new) of fs map entry f. */
static cJSON *
fs_item(const cJSON *dump, const cJSON *f, const struct pool_ix *ix, const cJSON *status)
{
	const cJSON *m = json_at(f, "mdsmap"), *id;
	const char *name = json_str(m, "fs_name") ?: "";
	cJSON *j = cJSON_CreateObject(), *data, *pools;

	cJSON_AddStringToObject(j, "name", name);
	cJSON_AddNumberToObject(j, "id", jnum(f, "id"));
	pools = cJSON_CreateArray();
	add_pool(NULL, pools, ix, jnum(m, "metadata_pool"), "metadata");
	cJSON_AddItemToObject(j, "metadata_pool",
			      cJSON_Duplicate(json_at(pools->child, "name"), 1));
	data = cJSON_AddArrayToObject(j, "data_pools");
	cJSON_ArrayForEach(id, cJSON_GetObjectItemCaseSensitive(m, "data_pools"))
		add_pool(data, pools, ix, id->valuedouble, "data");
	cJSON_AddStringToObject(j, "state", fs_state(m));
	cJSON_AddItemToObject(j, "mds", mds_json(dump, m));
	cJSON_AddNumberToObject(j, "max_mds", jnum(m, "max_mds"));
	cJSON_AddItemToObject(j, "clients", client_count(status, name));
	cJSON_AddItemToObject(j, "pools", pools);
	return j;
}

/*
 * Reads the view entries of the file systems (the pools indexed by id): 0, or the
 * status answered.
 */
static int
fs_views(struct req *r, const cJSON **dump, struct pool_ix *ix, const cJSON **status)
{
	if (!(*dump = view_req(r, r->cluster, V_FS_DUMP)) ||
	    !(ix->osd = view_req(r, r->cluster, V_POOLS)) ||
	    !(ix->df = view_req(r, r->cluster, V_DF)))
		return r->status;
	ix->osd = index_by(r, ix->osd, "pool_id");
	ix->df = index_by(r, json_at(ix->df, "pools"), "id");
	/* A missing count is no reason to fail: the manager may be away, or still
	 * without the new pools' stats (its `fs status` fails then). */
	*status = view_try(r->cluster, V_FS_STATUS, NULL, 0);
	return 0;
}

static const struct sort_field cephfs_list_sorts[] = {{"name", "name"}, {"id", "id"}, {NULL, NULL}};
static const char *const cephfs_list_search[] = {"name", NULL};
const struct list_spec cephfs_list_spec = {cephfs_list_sorts, "name", cephfs_list_search};

int
cephfs_list(struct req *r)
{
	const cJSON *dump, *status, *f;
	struct pool_ix ix;
	struct list_params lp;
	cJSON *items;
	int rc;

	if ((rc = list_parse(r, &lp)) != 0 || (rc = fs_views(r, &dump, &ix, &status)))
		return rc;
	items = cJSON_CreateArray();
	cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(dump, "filesystems"))
		cJSON_AddItemToArray(items, fs_item(dump, f, &ix, status));
	return list_array(r, items, &lp);
}

int
cephfs_get(struct req *r)
{
	const cJSON *dump, *status, *f;
	struct pool_ix ix;
	int rc;

	if ((rc = fs_views(r, &dump, &ix, &status)) != 0)
		return rc;
	if (!(f = find_fs(dump, req_param(r, "fs"))))
		return fs_not_found(r, req_param(r, "fs"));
	return resp_json(r, 200, fs_item(dump, f, &ix, status));
}

/* The file system of dump using pool id, or NULL. */
static const char *
pool_user(const cJSON *dump, double id)
{
	const cJSON *f, *d;

	cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(dump, "filesystems")) {
		const cJSON *m = json_at(f, "mdsmap");
		if (jnum(m, "metadata_pool") == id)
			return json_str(m, "fs_name");
		cJSON_ArrayForEach(d, cJSON_GetObjectItemCaseSensitive(m, "data_pools"))
			if (d->valuedouble == id)
				return json_str(m, "fs_name");
	}
	return NULL;
}

/*
 * Whether pool holds an object, in any namespace: 1, 0, or a negative errno. Asked of
 * the OSDs, not of `df`, whose counts lag (the metadata pool of a file system just
 * removed looked empty for a few seconds).
 */
static int
pool_has_objects(struct ceph *c, const char *pool)
{
	rados_list_ctx_t ctx;
	rados_ioctx_t io;
	const char *entry;
	int rc;

	if ((rc = ceph_ioctx(c, pool, &io)) < 0)
		return rc;
	rados_ioctx_set_namespace(io, LIBRADOS_ALL_NSPACES);
	if ((rc = rados_nobjects_list_open(io, &ctx)) == 0) {
		rc = rados_nobjects_list_next(ctx, &entry, NULL, NULL);
		rc = rc == 0 ? 1 : rc == -ENOENT ? 0 : rc;
		rados_nobjects_list_close(ctx);
	}
	rados_ioctx_destroy(io);
	return rc;
}

/*
 * Checks pool given in field (metadata_pool or data_pool) for a new file system: it
 * exists, no file system and no other application uses it; a metadata pool is
 * empty and a default data pool replicated (`fs new` refuses otherwise). pools is
 * index_by pool name. 0 or 4xx.
 */
static int
check_given_pool(struct req *r, const char *field, const char *pool, const cJSON *pools,
		 const cJSON *dump)
{
	const cJSON *p = cJSON_GetObjectItemCaseSensitive(pools, pool), *app;
	const char *user;
	int rc;

	if (!p)
		return resp_error(r, 422, "invalid_value", field, "there is no pool '%s'", pool);
	if ((user = pool_user(dump, jnum(p, "pool_id"))))
		return resp_error(r, 409, "pool_in_use", field,
				  "pool '%s' belongs to file system '%s'", pool, user);
	cJSON_ArrayForEach(app, cJSON_GetObjectItemCaseSensitive(p, "application_metadata"))
		if (strcmp(app->string, "cephfs"))
			return resp_error(r, 409, "pool_in_use", field, "pool '%s' is used by %s",
					  pool, app->string);
	if (!strcmp(field, "metadata_pool") && (rc = pool_has_objects(r->cluster, pool)) != 0) {
		if (rc < 0)
			return resp_ceph_error(r, rc, NULL);
		return resp_error(r, 422, "invalid_value", field,
				  "pool '%s' holds objects; a metadata pool must be empty", pool);
	}
	if (!strcmp(field, "data_pool") && jnum(p, "type") != 1)
		return resp_error(r, 422, "invalid_value", field,
				  "pool '%s' is erasure-coded: a file system's first data pool "
				  "must be replicated",
				  pool);
	return 0;
}

/* The pool of field, given or named after fs, checked; *made says we make it. 0 or 4xx. */
static int
choose_pool(struct req *r, const char *fs, const char *field, const char *suffix,
	    const cJSON *pools, const cJSON *dump, const char **pool, int *made)
{
	const char *given = json_str(r->body, field);

	*made = !given;
	if (given) {
		*pool = given;
		return check_given_pool(r, field, given, pools, dump);
	}
	*pool = req_own(r, xasprintf("cephfs.%s.%s", fs, suffix));
	if (cJSON_GetObjectItemCaseSensitive(pools, *pool))
		return resp_error(r, 409, "pool_exists", "name",
				  "pool '%s' already exists; name it in %s to use it", *pool,
				  field);
	return 0;
}

int
cephfs_create(struct req *r)
{
	const char *name = json_str(r->body, "name"), *meta, *data;
	const cJSON *dump, *pools;
	cJSON *target, *params;
	int rc, make_meta, make_data;
	size_t n = strlen(name);

	if (n < 1 || n > NAME_MAX_BYTES ||
	    strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-") != n)
		return resp_error(r, 422, "invalid_value", "name",
				  "file system names are 1-64 of A-Z a-z 0-9 _ . -");
	if (!(dump = view_req_fresh(r, r->cluster, V_FS_DUMP)) ||
	    !(pools = view_req_fresh(r, r->cluster, V_POOLS)))
		return r->status;
	pools = index_by(r, pools, "pool_name");
	if (find_fs(dump, name))
		return resp_error(r, 409, "fs_exists", "name", "file system '%s' already exists",
				  name);
	if ((rc = choose_pool(r, name, "metadata_pool", "meta", pools, dump, &meta, &make_meta)) !=
		    0 ||
	    (rc = choose_pool(r, name, "data_pool", "data", pools, dump, &data, &make_data)))
		return rc;
	if (!strcmp(meta, data))
		return resp_error(r, 422, "invalid_value", "data_pool",
				  "the data pool must not be the metadata pool");
	target = cJSON_CreateObject();
	cJSON_AddStringToObject(target, "fsid", r->cluster->fsid);
	cJSON_AddStringToObject(target, "fs", name);
	params = cJSON_CreateObject();
	cJSON_AddStringToObject(params, "metadata_pool", meta);
	cJSON_AddStringToObject(params, "data_pool", data);
	cJSON_AddBoolToObject(params, "make_metadata_pool", make_meta);
	cJSON_AddBoolToObject(params, "make_data_pool", make_data);
	return task_queue(r, "cephfs.create", target, params);
}

/*
 * Whether file system f (name) may go: no NFS export serves it and, unless forced, no
 * client uses it. 0, or 409 fs_in_use (or the error) answered.
 */
static int
check_unused(struct req *r, const char *name, const cJSON *dump, const cJSON *f, int force)
{
	cJSON *ids = NULL;
	int rc, n = 0;

	if (cephfs_fs_exports &&
	    (rc = cephfs_fs_exports(r, name, jnum(dump, "default_fscid") == jnum(f, "id"), &ids)))
		return rc;
	if (cJSON_GetArraySize(ids) > 0)
		return resp_error(r, 409, "fs_in_use", NULL,
				  "NFS exports %s serve file system '%s'; delete them first",
				  req_own(r, cJSON_PrintUnformatted(ids)), name);
	/* Without an active rank 0 no client can use it. */
	if (force || !rank0_active(f) || (rc = cephfs_count_clients(r, name, &n)) != 0 || !n)
		return force || !rank0_active(f) ? 0 : rc;
	return resp_error(r, 409, "fs_in_use", NULL,
			  "%d client%s use%s file system '%s'; evict %s or add &force=true", n,
			  n == 1 ? "" : "s", n == 1 ? "s" : "", name, n == 1 ? "it" : "them");
}

/* The names of f's pools (metadata first), as the osdmap has them now: 0, or answered. */
static int
pool_names(struct req *r, const cJSON *f, cJSON *names)
{
	const cJSON *m = json_at(f, "mdsmap"), *osd = view_req_fresh(r, r->cluster, V_POOLS), *id;

	if (!osd)
		return r->status;
	osd = index_by(r, osd, "pool_id");
	cJSON_AddItemToArray(
		names, cJSON_CreateString(
			       json_str(by_id(osd, jnum(m, "metadata_pool")), "pool_name") ?: ""));
	cJSON_ArrayForEach(id, cJSON_GetObjectItemCaseSensitive(m, "data_pools"))
		cJSON_AddItemToArray(
			names, cJSON_CreateString(json_str(by_id(osd, id->valuedouble), "pool_name")
							  ?: ""));
	return 0;
}

const struct field_spec cephfs_delete_query[] = {
	{"confirm", J_STRING, 1, "the file system's name, to confirm"},
	{"force", J_BOOL, 0, "true deletes it although clients have it mounted or exports use it"},
	{"delete_pools", J_BOOL, 0, "true deletes its pools too"},
	{NULL, 0, 0, NULL},
};

int
cephfs_delete(struct req *r)
{
	const char *name = req_param(r, "fs"), *confirm = req_query(r, "confirm"),
		   *force = req_query(r, "force"), *del = req_query(r, "delete_pools");
	const cJSON *f, *dump;
	cJSON *target, *params, *pools = req_own_json(r, cJSON_CreateArray());
	int rc;

	if (!(dump = view_req_fresh(r, r->cluster, V_FS_DUMP)))
		return r->status;
	if (!(f = find_fs(dump, name)))
		return fs_not_found(r, name);
	if (!confirm || strcmp(confirm, name))
		return resp_error(r, 422, "confirmation_required", "confirm",
				  "deleting file system '%s' makes its files unreachable; repeat "
				  "its name in ?confirm=%s",
				  name, name);
	if ((rc = check_unused(r, name, dump, f, force && !strcmp(force, "true"))) != 0 ||
	    (del && !strcmp(del, "true") && (rc = pool_names(r, f, pools)) != 0))
		return rc;
	target = cJSON_CreateObject();
	cJSON_AddStringToObject(target, "fsid", r->cluster->fsid);
	cJSON_AddStringToObject(target, "fs", name);
	params = cJSON_CreateObject();
	cJSON_AddItemToObject(params, "pools", cJSON_Duplicate(pools, 1));
	return task_queue(r, "cephfs.delete", target, params);
}

/* --- the tasks ------------------------------------------------------------------ */

/* The fs map now (task_defer'd), or NULL. */
static cJSON *
fs_dump_now(struct task *t, struct ceph *c, int *rc)
{
	cJSON *cmd = ceph_cmd("fs dump"), *out = NULL;

	*rc = ceph_mon(c, cmd, &out, NULL);
	cJSON_Delete(cmd);
	task_defer(t, json_release, out);
	return *rc == 0 ? out : NULL;
}

/* Runs a monitor command (freed) for a task; ENOENT counts as done when gone_ok. */
static int
task_mon(struct task *t, struct ceph *c, cJSON *cmd, int gone_ok, const char *what)
{
	char *msg = NULL;
	int rc = ceph_run(c, cmd, &msg);

	task_defer(t, free, msg);
	view_invalidate(c);
	if (rc == -ENOENT && gone_ok)
		return 0;
	return rc < 0 ? task_fail_ceph(t, rc, msg, what) : 0;
}

static int
make_pool(struct task *t, struct ceph *c, const char *pool, int pgs)
{
	cJSON *cmd = ceph_cmd("osd pool create");

	cJSON_AddStringToObject(cmd, "pool", pool);
	cJSON_AddNumberToObject(cmd, "pg_num", pgs);
	cJSON_AddNumberToObject(cmd, "pgp_num", pgs);
	return task_mon(t, c, cmd, 0, "creating the pool");
}

static int
remove_pool(struct task *t, struct ceph *c, const char *pool)
{
	cJSON *cmd = ceph_cmd("osd pool delete");

	cJSON_AddStringToObject(cmd, "pool", pool);
	cJSON_AddStringToObject(cmd, "pool2", pool);
	cJSON_AddBoolToObject(cmd, "yes_i_really_really_mean_it", 1);
	return task_mon(t, c, cmd, 1, "deleting the pool");
}

/*
 * Follows the new file system until rank 0 is up:active (progress 40..100), failing
 * with no_standby_mds when no MDS is free to take the rank for NO_STANDBY_S.
 */
static int
wait_active(struct task *t, struct ceph *c, const char *fs)
{
	time_t start = time(NULL), lonely = 0;
	struct timespec pause = {0, 250 * 1000 * 1000};
	const char *st = "not held";
	int rc;

	while (time(NULL) < start + ACTIVE_WAIT_S) {
		cJSON *dump = fs_dump_now(t, c, &rc);
		const cJSON *f = dump ? find_fs(dump, fs) : NULL,
			    *i = f ? rank_info(json_at(f, "mdsmap"), 0) : NULL;

		if (dump && !f)
			return task_fail(t, "fs_not_found", "file system '%s' is gone", fs);
		st = i ? json_str(i, "state") ?: "" : "not held";
		if (i && !strcmp(st, "up:active")) {
			view_invalidate(c);
			return task_progress(t, 100, "file system '%s' is active (mds.%s)", fs,
					     json_str(i, "name") ?: "");
		}
		if (dump && !i && !cJSON_GetArraySize(json_at(dump, "standbys"))) {
			lonely = lonely ? lonely : time(NULL);
			if (time(NULL) - lonely >= NO_STANDBY_S)
				return task_fail(t, "no_standby_mds",
						 "file system '%s' was created, but no standby MDS "
						 "is free to serve it; start an MDS daemon",
						 fs);
		} else
			lonely = 0;
		if ((rc = task_progress(t, 40 + (int)(50 * (time(NULL) - start) / ACTIVE_WAIT_S),
					"waiting for an MDS to become active (rank 0: %s)", st)))
			return rc;
		nanosleep(&pause, NULL);
	}
	return task_fail(t, "mds_not_active",
			 "file system '%s' was created, but rank 0 is still %s after %d s; see "
			 "the MDS logs",
			 fs, st, ACTIVE_WAIT_S);
}

/* `fs new` of the task's pools: 0, or the task failed (the pools it made removed). */
static int
fs_new(struct task *t, struct ceph *c, const char *fs)
{
	const char *meta = json_str(t->params, "metadata_pool"),
		   *data = json_str(t->params, "data_pool");
	cJSON *cmd = ceph_cmd("fs new");
	int rc;

	cJSON_AddStringToObject(cmd, "fs_name", fs);
	cJSON_AddStringToObject(cmd, "metadata", meta);
	cJSON_AddStringToObject(cmd, "data", data);
	if ((rc = task_mon(t, c, cmd, 0, "creating the file system")) != 0) {
		/* The failure is the task's; the pools made for it go again. */
		if (cJSON_IsTrue(json_at(t->params, "make_metadata_pool")))
			remove_pool(t, c, meta);
		if (cJSON_IsTrue(json_at(t->params, "make_data_pool")))
			remove_pool(t, c, data);
	}
	return rc;
}

int
cephfs_create_run(struct task *t)
{
	struct ceph *c = ceph_by_fsid(json_str(t->target, "fsid") ?: "");
	const char *fs = json_str(t->target, "fs");
	cJSON *dump;
	int rc;

	if (!c)
		return task_fail(t, "cluster_not_found", "the file system's cluster is gone");
	if (!(dump = fs_dump_now(t, c, &rc)))
		return task_fail_ceph(t, rc, NULL, "reading the fs map");
	/* A re-attempt finds its own file system made: it only waits again. */
	if (find_fs(dump, fs) && t->attempt == 1)
		return task_fail(t, "fs_exists", "file system '%s' already exists", fs);
	if (!find_fs(dump, fs)) {
		if ((rc = task_progress(t, 10, "creating pools")) != 0 ||
		    (cJSON_IsTrue(json_at(t->params, "make_metadata_pool")) &&
		     (rc = make_pool(t, c, json_str(t->params, "metadata_pool"), META_PGS))) ||
		    (cJSON_IsTrue(json_at(t->params, "make_data_pool")) &&
		     (rc = make_pool(t, c, json_str(t->params, "data_pool"), DATA_PGS))) ||
		    (rc = task_progress(t, 30, "creating the file system")) != 0 ||
		    (rc = fs_new(t, c, fs)) != 0)
			return rc;
	}
	if ((rc = wait_active(t, c, fs)) != 0)
		return rc;
	t->result = cJSON_CreateObject();
	cJSON_AddStringToObject(t->result, "fs", fs);
	return 0;
}

int
cephfs_delete_run(struct task *t)
{
	struct ceph *c = ceph_by_fsid(json_str(t->target, "fsid") ?: "");
	const char *fs = json_str(t->target, "fs");
	const cJSON *p;
	cJSON *cmd;
	int rc, i = 0, n;

	if (!c)
		return task_fail(t, "cluster_not_found", "the file system's cluster is gone");
	if ((rc = task_progress(t, 10, "failing the file system's MDS ranks")) != 0)
		return rc;
	cmd = ceph_cmd("fs fail");
	cJSON_AddStringToObject(cmd, "fs_name", fs);
	if ((rc = task_mon(t, c, cmd, 1, "failing the file system")) != 0 ||
	    (rc = task_progress(t, 30, "removing the file system")) != 0)
		return rc;
	cmd = ceph_cmd("fs rm");
	cJSON_AddStringToObject(cmd, "fs_name", fs);
	cJSON_AddBoolToObject(cmd, "yes_i_really_mean_it", 1);
	if ((rc = task_mon(t, c, cmd, 1, "removing the file system")) != 0)
		return rc;
	n = cJSON_GetArraySize(json_at(t->params, "pools"));
	cJSON_ArrayForEach(p, json_at(t->params, "pools")) {
		if (!cJSON_IsString(p))
			continue;
		if ((rc = task_progress(t, 50 + 50 * i++ / n, "deleting pool '%s'",
					p->valuestring)) != 0 ||
		    (rc = remove_pool(t, c, p->valuestring)) != 0)
			return rc;
	}
	t->result = cJSON_CreateObject();
	cJSON_AddStringToObject(t->result, "fs", fs);
	cJSON_AddItemToObject(t->result, "pools_deleted",
			      cJSON_Duplicate(json_at(t->params, "pools"), 1));
	return 0;
}
