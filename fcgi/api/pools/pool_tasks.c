/*
 * pool_tasks.c - creating and deleting pools, which return 202 and a task. The
 * request checks everything it can (name, existence, type, profile, sizes, rule,
 * settings) and queues; the runner creates the pool, applies the settings, and follows
 * the new PGs until they are active (progress = active PGs / PGs). A failed setting or
 * a cancel removes the half-made pool again.
 */
#include "api/pools/pools.h"
#include "backends/ceph.h"
#include "backends/view.h"
#include "core/resp.h"
#include "server/tasks.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PG_WAIT_S 300

const struct field_spec pools_create_body[] = {
	{"name", J_STRING, 1, "1-127 of A-Z a-z 0-9 _ . -, not starting with '.'"},
	{"type", J_STRING, 0, "replicated (default) or erasure"},
	{"erasure_code_profile", J_STRING, 0, "erasure pools: the profile (default 'default')"},
	POOL_SETTINGS_FIELDS,
};

/* The erasure-code profile named name (new), or NULL with 422/503 answered. */
static cJSON *
ec_profile(struct req *r, const char *name)
{
	cJSON *cmd = ceph_cmd("osd erasure-code-profile get"), *out = NULL;
	char *msg = NULL;
	int rc;

	cJSON_AddStringToObject(cmd, "name", name);
	rc = ceph_mon(r->cluster, cmd, &out, &msg);
	cJSON_Delete(cmd);
	req_own(r, msg);
	if (rc == -ENOENT)
		resp_error(r, 422, "invalid_value", "erasure_code_profile",
			   "there is no erasure-code profile '%s'", name);
	else if (rc < 0)
		resp_ceph_error(r, rc, msg);
	return rc < 0 ? NULL : out;
}

/* Checks an erasure pool's profile against the OSD count. 0, or 4xx/503 answered. */
static int
check_erasure(struct req *r, const char *profile)
{
	cJSON *p = ec_profile(r, profile);
	const cJSON *st;
	long k, m;

	if (!p)
		return r->status;
	k = strtol(json_str(p, "k") ?: "0", NULL, 10);
	m = strtol(json_str(p, "m") ?: "0", NULL, 10);
	cJSON_Delete(p);
	if (cJSON_GetObjectItemCaseSensitive(r->body, "size") ||
	    cJSON_GetObjectItemCaseSensitive(r->body, "min_size"))
		return resp_error(r, 422, "invalid_value", "size",
				  "an erasure-coded pool's size is k+m of its profile");
	if (!(st = view_req(r, r->cluster, V_STATUS)))
		return r->status;
	if (k + m > (long)jnum(st, "osdmap.num_osds"))
		return resp_error(r, 422, "invalid_value", "erasure_code_profile",
				  "profile '%s' needs k+m = %ld OSDs; the cluster has %.0f",
				  profile, k + m, jnum(st, "osdmap.num_osds"));
	return 0;
}

int
pools_create(struct req *r)
{
	const char *name = json_str(r->body, "name"),
		   *type = json_str(r->body, "type") ?: "replicated";
	cJSON *target, *warnings = cJSON_CreateArray();
	int rc;

	req_own_json(r, warnings);
	if ((rc = ceph_check_pool_name(r, name, "name", "pool")) != 0)
		return rc;
	if (strcmp(type, "replicated") && strcmp(type, "erasure"))
		return resp_error(r, 422, "invalid_value", "type",
				  "type must be replicated or erasure");
	if ((rc = ceph_pool_exists(r->cluster, name)) < 0)
		return resp_ceph_error(r, rc, r->cluster->error);
	if (rc)
		return resp_error(r, 409, "pool_exists", "name", "pool '%s' already exists", name);
	if (!strcmp(type, "erasure") &&
	    (rc = check_erasure(r, json_str(r->body, "erasure_code_profile") ?: "default")) != 0)
		return rc;
	if (strcmp(type, "erasure") && json_str(r->body, "erasure_code_profile"))
		return resp_error(r, 422, "invalid_value", "erasure_code_profile",
				  "only erasure pools have an erasure-code profile");
	if ((rc = pools_check_settings(r, r->body, NULL, warnings)) != 0)
		return rc;
	target = cJSON_CreateObject();
	cJSON_AddStringToObject(target, "fsid", r->cluster->fsid);
	cJSON_AddStringToObject(target, "pool", name);
	cJSON_AddItemToObject(target, "warnings", cJSON_Duplicate(warnings, 1));
	return task_queue(r, "pool.create", target, cJSON_Duplicate(r->body, 1));
}

const struct field_spec pools_delete_query[] = {
	{"confirm", J_STRING, 1, "the pool's name, to confirm"},
	{NULL, 0, 0, NULL},
};

int
pools_delete(struct req *r)
{
	const char *name = req_param(r, "name"), *confirm = req_query(r, "confirm");
	cJSON *target;
	int rc;

	if ((rc = ceph_pool_exists(r->cluster, name)) < 0)
		return resp_ceph_error(r, rc, r->cluster->error);
	if (!rc)
		return resp_error(r, 404, "pool_not_found", NULL, "pool '%s' does not exist", name);
	if ((rc = pools_check_protected(r, name, "deleted")) != 0)
		return rc;
	if (!confirm || strcmp(confirm, name))
		return resp_error(r, 422, "confirmation_required", "confirm",
				  "deleting pool '%s' destroys all its data; repeat its name in "
				  "?confirm=%s",
				  name, name);
	target = cJSON_CreateObject();
	cJSON_AddStringToObject(target, "fsid", r->cluster->fsid);
	cJSON_AddStringToObject(target, "pool", name);
	return task_queue(r, "pool.delete", target, cJSON_CreateObject());
}

/* The cluster a task targets, or NULL after task_fail. */
static struct ceph *
task_cluster(struct task *t)
{
	const char *fsid = json_str(t->target, "fsid");
	struct ceph *c = fsid ? ceph_by_fsid(fsid) : NULL;

	if (!c)
		task_fail(t, "cluster_not_found", "no configured cluster has fsid '%s'",
			  fsid ? fsid : "");
	return c;
}

static int
delete_pool(struct ceph *c, const char *name, char **msg)
{
	cJSON *cmd = ceph_cmd("osd pool delete");
	int rc;

	cJSON_AddStringToObject(cmd, "pool", name);
	cJSON_AddStringToObject(cmd, "pool2", name);
	cJSON_AddBoolToObject(cmd, "yes_i_really_really_mean_it", 1);
	rc = ceph_run(c, cmd, msg);
	view_invalidate(c);
	return rc;
}

static int
create_pool(struct ceph *c, const cJSON *p, char **msg)
{
	cJSON *cmd = ceph_cmd("osd pool create");
	const char *type = json_str(p, "type") ?: "replicated";
	long pgs = json_long(p, "pg_num", 32);

	cJSON_AddStringToObject(cmd, "pool", json_str(p, "name"));
	cJSON_AddNumberToObject(cmd, "pg_num", (double)pgs);
	cJSON_AddNumberToObject(cmd, "pgp_num", (double)pgs);
	cJSON_AddStringToObject(cmd, "pool_type", type);
	if (!strcmp(type, "erasure"))
		cJSON_AddStringToObject(cmd, "erasure_code_profile",
					json_str(p, "erasure_code_profile") ?: "default");
	if (json_str(p, "crush_rule"))
		cJSON_AddStringToObject(cmd, "rule", json_str(p, "crush_rule"));
	cJSON_AddStringToObject(cmd, "autoscale_mode", json_str(p, "pg_autoscale_mode") ?: "on");
	return ceph_run(c, cmd, msg);
}

/* Counts the pool's PGs and how many are active. 0, or a negative errno. */
static int
pg_counts(struct ceph *c, const char *pool, int *total, int *active)
{
	cJSON *cmd = ceph_cmd("pg ls-by-pool"), *out = NULL;
	const cJSON *pg;
	int rc;

	cJSON_AddStringToObject(cmd, "poolstr", pool);
	rc = ceph_mgr(c, cmd, &out, NULL);
	cJSON_Delete(cmd);
	*total = *active = 0;
	cJSON_ArrayForEach(pg, cJSON_GetObjectItemCaseSensitive(out, "pg_stats")) {
		(*total)++;
		*active += json_str(pg, "state") && strstr(json_str(pg, "state"), "active") != NULL;
	}
	cJSON_Delete(out);
	return rc;
}

/* Follows the new PGs until all are active; progress 20..100. */
static int
wait_pgs(struct task *t, struct ceph *c, const char *pool, long want)
{
	time_t end = time(NULL) + PG_WAIT_S;
	struct timespec pause = {0, 200 * 1000 * 1000};
	int total = 0, active = 0, rc;

	while (time(NULL) < end) {
		if (pg_counts(c, pool, &total, &active) == 0 && total >= want && active == total)
			return task_progress(t, 100, "all %d placement groups are active", total);
		rc = task_progress(t, 20 + (want ? 79 * active / (int)want : 0),
				   "%d of %ld placement groups active", active, want);
		if (rc != 0)
			return rc;
		nanosleep(&pause, NULL);
	}
	return task_fail(
		t, "pgs_not_active",
		"pool '%s' was created, but only %d of %d placement groups became active in "
		"%d s; see the cluster's health",
		pool, active, total, PG_WAIT_S);
}

int
pool_create_run(struct task *t)
{
	struct ceph *c = task_cluster(t);
	const char *name = json_str(t->params, "name"), *what = "";
	cJSON *settings;
	char *msg = NULL;
	int rc;

	if (!c)
		return -1;
	/* "osd pool create" succeeds on an existing pool: never adopt one made meanwhile. */
	if (t->attempt == 1 && (rc = ceph_pool_exists(c, name)) != 0)
		return rc > 0 ? task_fail(t, "pool_exists", "pool '%s' already exists", name)
			      : task_fail_ceph(t, rc, NULL, "looking the pool up");
	rc = create_pool(c, t->params, &msg);
	task_defer(t, free, msg);
	if (rc < 0)
		return task_fail_ceph(t, rc, msg, "creating the pool");
	view_invalidate(c);
	/* What "osd pool create" did not already set. */
	settings = cJSON_Duplicate(t->params, 1);
	task_defer(t, json_release, settings);
	cJSON_DeleteItemFromObject(settings, "name");
	cJSON_DeleteItemFromObject(settings, "type");
	cJSON_DeleteItemFromObject(settings, "pg_num");
	cJSON_DeleteItemFromObject(settings, "pg_autoscale_mode");
	cJSON_DeleteItemFromObject(settings, "crush_rule");
	cJSON_DeleteItemFromObject(settings, "erasure_code_profile");
	msg = NULL;
	rc = pools_apply(c, name, settings, NULL, &msg, &what);
	task_defer(t, free, msg);
	view_invalidate(c);
	if (rc == 0)
		rc = task_progress(t, 20, "pool created, waiting for its placement groups");
	if (rc == 0)
		rc = wait_pgs(t, c, name, json_long(t->params, "pg_num", 32));
	if (rc != 0 && rc != -EINTR && !t->err_code[0]) {
		/* A setting failed, or cancelled: the half-made pool goes again. */
		char *dmsg = NULL;

		delete_pool(c, name, &dmsg);
		task_defer(t, free, dmsg);
		if (rc != -ECANCELED)
			return task_fail_ceph(t, rc, msg, what);
	}
	if (rc == 0) {
		t->result = cJSON_CreateObject();
		cJSON_AddStringToObject(t->result, "pool", name);
	}
	return rc;
}

int
pool_delete_run(struct task *t)
{
	struct ceph *c = task_cluster(t);
	const char *name = json_str(t->target, "pool");
	char *msg = NULL;
	int rc;

	if (!c)
		return -1;
	if ((rc = task_progress(t, 10, "deleting pool '%s'", name)) != 0)
		return rc;
	rc = delete_pool(c, name, &msg);
	task_defer(t, free, msg);
	if (rc < 0)
		return task_fail_ceph(t, rc, msg, "deleting the pool");
	t->result = cJSON_CreateObject();
	cJSON_AddStringToObject(t->result, "pool", name);
	return 0;
}
