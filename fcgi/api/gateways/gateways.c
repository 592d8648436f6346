/*
 * gateways.c - what the iSCSI and NFS areas share: the deploy of a kind of gateway (a
 * salt.job task applying its state with its configuration as pillar), the deploy
 * status of each gateway host, read from the salt.job tasks that deployed to it (the
 * task history is the record of what each host was given), and the minions a deploy
 * or a configuration may name; and the pool the configuration lives in, made on the
 * first write. A kind (struct gw_kind) gives only what differs: its names, how its
 * configuration is read and names its hosts, and the pillar each host is given.
 */
#include "api/gateways/gateways.h"
#include "backends/ceph.h"
#include "backends/db.h"
#include "backends/salt.h"
#include "backends/view.h"
#include "core/json.h"
#include "core/log.h"
#include "core/resp.h"
#include "server/salt_jobs.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* The arguments of state.apply sls with pillar {"config": config} (takes config). */
static cJSON *
state_args(const char *sls, cJSON *config)
{
	cJSON *args = cJSON_CreateArray(), *kw = cJSON_CreateObject();

	cJSON_AddItemToArray(args, cJSON_CreateString(sls));
	cJSON_AddBoolToObject(kw, "__kwarg__", 1);
	cJSON_AddItemToObject(cJSON_AddObjectToObject(kw, "pillar"), "config", config);
	cJSON_AddItemToArray(args, kw);
	return args;
}

/* A minion's state in a deploy task: deploying, deployed, failed, no_answer. */
static const char *
deploy_state(const char *task_state, const cJSON *m)
{
	if (!strcmp(task_state, "queued") || !strcmp(task_state, "running"))
		return "deploying";
	if (!m)
		return !strcmp(task_state, "succeeded") ? "deployed" : "unknown";
	if (!cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(m, "returned")))
		return "no_answer";
	return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(m, "success")) ? "deployed" : "failed";
}

/*
 * The comment of the first failed state (by __run_num__: jsonb does not keep Salt's
 * order) of a minion's state.apply return, or its text when it is not a state run.
 */
static const char *
failed_comment(const cJSON *m)
{
	const cJSON *ret = cJSON_GetObjectItemCaseSensitive(m, "return"), *st, *first = NULL;

	if (cJSON_IsString(ret))
		return ret->valuestring;
	cJSON_ArrayForEach(st, ret)
		if (cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(st, "result")) &&
		    (!first || jnum(st, "__run_num__") < jnum(first, "__run_num__")))
			first = st;
	return json_str(first, "comment");
}

/*
 * What the host's daemon reported it serves after the run (new): the "served" object a
 * state of the return put in its changes ({"loaded": [names], "failed": [{"name",
 * "message"}]}), the first by __run_num__; JSON null when none did.
 */
static cJSON *
served(const cJSON *m)
{
	const cJSON *ret = cJSON_GetObjectItemCaseSensitive(m, "return"), *st, *s, *got = NULL;
	double first = 0;

	if (!cJSON_IsObject(ret))
		return cJSON_CreateNull();
	cJSON_ArrayForEach(st, ret) {
		s = cJSON_GetObjectItemCaseSensitive(
			cJSON_GetObjectItemCaseSensitive(st, "changes"), "served");
		if (cJSON_IsObject(s) && (!got || jnum(st, "__run_num__") < first)) {
			got = s;
			first = jnum(st, "__run_num__");
		}
	}
	return got ? cJSON_Duplicate(got, 1) : cJSON_CreateNull();
}

static cJSON *
deploy_item(const PGresult *res, int i, long current)
{
	cJSON *j = cJSON_CreateObject(), *m = cJSON_Parse(db_str(res, i, 3) ?: "null");
	const char *state = deploy_state(db_str(res, i, 2), m);
	long deployed = db_long(res, i, 4);

	cJSON_AddStringToObject(j, "id", db_str(res, i, 0));
	cJSON_AddStringToObject(j, "state", state);
	cJSON_AddNumberToObject(j, "config_version", (double)deployed);
	cJSON_AddBoolToObject(j, "in_sync", !strcmp(state, "deployed") && deployed == current);
	cJSON_AddNumberToObject(j, "task_id", (double)db_long(res, i, 1));
	json_add_time(j, "at", db_long(res, i, 5));
	if (!strcmp(state, "failed") && failed_comment(m))
		cJSON_AddStringToObject(j, "message", failed_comment(m));
	else if (!strcmp(state, "no_answer"))
		cJSON_AddStringToObject(j, "message", "the node did not answer in time");
	else
		cJSON_AddNullToObject(j, "message");
	cJSON_AddItemToObject(j, "served", served(m));
	cJSON_Delete(m);
	return j;
}

/* A host the configuration names that no deploy task has targeted yet. */
static cJSON *
never_deployed(const char *id)
{
	cJSON *j = cJSON_CreateObject();

	cJSON_AddStringToObject(j, "id", id);
	cJSON_AddStringToObject(j, "state", "not_deployed");
	cJSON_AddNullToObject(j, "config_version");
	cJSON_AddBoolToObject(j, "in_sync", 0);
	cJSON_AddNullToObject(j, "task_id");
	cJSON_AddNullToObject(j, "at");
	cJSON_AddStringToObject(j, "message",
				"never deployed to: POST the deploy to apply the configuration");
	cJSON_AddNullToObject(j, "served");
	cJSON_AddBoolToObject(j, "in_config", 1);
	return j;
}

static int
by_id(const void *a, const void *b)
{
	return strcmp(json_str(*(cJSON *const *)a, "id"), json_str(*(cJSON *const *)b, "id"));
}

/* Adds the hosts of named missing from items, then sorts items by id (byte order). */
static void
add_never_deployed(cJSON *items, const cJSON *named)
{
	const cJSON *v, *it;
	cJSON **all;
	int n = 0;

	cJSON_ArrayForEach(v, named)
		if (cJSON_IsString(v)) {
			int found = 0;
			cJSON_ArrayForEach(it, items)
				found |= !strcmp(json_str(it, "id"), v->valuestring);
			if (!found)
				cJSON_AddItemToArray(items, never_deployed(v->valuestring));
		}
	all = xmalloc(sizeof(*all) * (size_t)(cJSON_GetArraySize(items) + 1));
	while (cJSON_GetArraySize(items) > 0)
		all[n++] = cJSON_DetachItemFromArray(items, 0);
	qsort(all, (size_t)n, sizeof(*all), by_id);
	for (int i = 0; i < n; i++)
		cJSON_AddItemToArray(items, all[i]);
	free(all);
}

/*
 * Each minion's latest deploy (a salt.job task whose target.kind is kind) for
 * r->cluster: {id, state, config_version, in_sync (against current), task_id, at,
 * message, in_config}, and every host of named (an array of ids the configuration
 * names) that was never deployed to, with state "not_deployed"; sorted by id. A new
 * array, or NULL with the error answered.
 */
static cJSON *
deploy_status(struct req *r, const char *kind, long current, const cJSON *named)
{
	const char *p[] = {r->cluster->fsid, kind};
	PGresult *res;
	cJSON *items;

	if (!(res = db_req(
		      r,
		      "SELECT DISTINCT ON (m) m, t.id, t.state, (t.result->'minions'->m)::text, "
		      "(t.target->>'config_version')::bigint, "
		      "extract(epoch FROM coalesce(t.finished_at, t.created_at))::bigint "
		      "FROM tasks t, jsonb_array_elements_text(t.target->'minions') m "
		      "WHERE t.kind = 'salt.job' AND t.target->>'kind' = $2 "
		      "AND t.target->>'fsid' = $1 AND t.state <> 'cancelled' "
		      "ORDER BY m, t.id DESC",
		      2, p)))
		return NULL;
	items = cJSON_CreateArray();
	for (int i = 0; i < PQntuples(res); i++) {
		cJSON *it = deploy_item(res, i, current);
		cJSON_AddBoolToObject(it, "in_config",
				      json_array_has_str(named, json_str(it, "id")));
		cJSON_AddItemToArray(items, it);
	}
	add_never_deployed(items, named);
	return items;
}

int
gw_has_role(const cJSON *grains, const char *role)
{
	const cJSON *v;

	cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(grains, "roles"))
		if (cJSON_IsString(v) && !strcmp(v->valuestring, role))
			return 1;
	return 0;
}

int
gw_salt_minions(struct req *r, const cJSON **accepted, const cJSON **grains)
{
	const cJSON *keys, *status, *all, *v, *g;
	struct salt_fresh f;
	cJSON *acc, *up;
	int rc;

	/* The shared node list, never salt-api itself: no request waits on a minion. */
	if ((rc = salt_req_nodes(r, &keys, &status, &all, &f)) != 0)
		return rc;
	acc = req_own_json(r, cJSON_CreateArray());
	cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(keys, "minions"))
		cJSON_AddItemToArray(acc, cJSON_CreateString(v->string));
	up = req_own_json(r, cJSON_CreateObject());
	cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(status, "up"))
		if (cJSON_IsString(v) &&
		    (g = cJSON_GetObjectItemCaseSensitive(all, v->valuestring)))
			cJSON_AddItemToObject(up, v->valuestring, cJSON_Duplicate(g, 1));
	*accepted = acc;
	*grains = up;
	return 0;
}

int
gw_pick_minions(struct req *r, const cJSON *ids, const char *field, const char *role,
		const char *noun, const char **tgt)
{
	const cJSON *accepted, *grains, *id, *g;
	struct buf b;
	int rc, i = 0;

	if (!cJSON_IsArray(ids) || cJSON_GetArraySize(ids) == 0 || cJSON_GetArraySize(ids) > 64)
		return resp_error(r, 422, "invalid_value", field, "give 1 to 64 %s ids", noun);
	if ((rc = gw_salt_minions(r, &accepted, &grains)) != 0)
		return rc;
	buf_init(&b);
	cJSON_ArrayForEach(id, ids) {
		const char *at = json_field(r, "%s[%d]", field, i++);

		rc = 0;
		if (!cJSON_IsString(id) || !json_array_has_str(accepted, id->valuestring))
			rc = resp_error(r, 422, "invalid_value", at,
					"%s is not an accepted Salt minion",
					cJSON_IsString(id) ? id->valuestring : "a non-string");
		else if (cJSON_IsObject(
				 g = cJSON_GetObjectItemCaseSensitive(grains, id->valuestring)) &&
			 !gw_has_role(g, role))
			rc = resp_error(r, 422, "invalid_value", at,
					"'%s' does not have the role %s (%s)", id->valuestring,
					role, noun);
		if (rc) {
			buf_free(&b);
			return rc;
		}
		buf_printf(&b, "%s%s", b.len ? "," : "", id->valuestring);
	}
	*tgt = req_own(r, b.data);
	return 0;
}

/* Makes pool for the gateways' configuration. 0 or the status answered. */
static int
create_pool(struct req *r, const char *pool)
{
	cJSON *cmd = ceph_cmd("osd pool create");
	const char *msg;
	int rc;

	/* A few objects of a few KiB: 8 PGs. Made by two requests at once, it is one pool. */
	cJSON_AddStringToObject(cmd, "pool", pool);
	cJSON_AddNumberToObject(cmd, "pg_num", 8);
	cJSON_AddNumberToObject(cmd, "pgp_num", 8);
	rc = ceph_req_run(r, 0, cmd, &msg);
	view_invalidate(r->cluster);
	if (rc < 0) {
		log_err("cannot create pool '%s' for the gateways' configuration: %s", pool,
			msg ?: strerror(-rc));
		return resp_ceph_error(r, rc, msg);
	}
	cmd = ceph_cmd("osd pool application enable");
	cJSON_AddStringToObject(cmd, "pool", pool);
	cJSON_AddStringToObject(cmd, "app", "openattic");
	if ((rc = ceph_req_run(r, 0, cmd, &msg)) < 0) {
		log_err("cannot enable the application openattic on pool '%s': %s", pool,
			msg ?: strerror(-rc));
		return resp_ceph_error(r, rc, msg);
	}
	log_info("created pool '%s' (application openattic) for the gateways' configuration", pool);
	return 0;
}

int
gw_pool_open(struct req *r, const char *pool, int create, rados_ioctx_t *io)
{
	int rc = ceph_ioctx(r->cluster, pool, io);

	if (rc == -ENOENT && create) {
		if ((rc = create_pool(r, pool)) != 0)
			return rc;
		rc = ceph_ioctx(r->cluster, pool, io);
	}
	if (rc == -ENOENT) {
		*io = NULL;
		return 0;
	}
	if (rc < 0)
		return resp_ceph_error(r, rc, r->cluster->error);
	req_defer(r, ceph_ioctx_release, *io);
	return 0;
}

void
gw_add_host(cJSON *hosts, const char *host)
{
	if (host && !json_array_has_str(hosts, host))
		cJSON_AddItemToArray(hosts, cJSON_CreateString(host));
}

/* Whether id may stand in a compound target as it is (a minion id, not an expression). */
static int
plain_id(const char *id)
{
	if (!*id)
		return 0;
	for (; *id; id++)
		if (!isalnum((unsigned char)*id) && !strchr("._-", *id))
			return 0;
	return 1;
}

/* Adds to each the job applying sls on tgt (of tgt_type) with pillar (taken). */
static void
add_job(cJSON *each, const char *tgt, const char *tgt_type, const char *sls, cJSON *pillar)
{
	cJSON *job = cJSON_CreateObject();

	cJSON_AddStringToObject(job, "tgt", tgt);
	cJSON_AddStringToObject(job, "tgt_type", tgt_type);
	cJSON_AddItemToObject(job, "arg", state_args(sls, pillar));
	cJSON_AddItemToArray(each, job);
}

/*
 * The jobs of a per-host deploy (new): one per id given; without ids, one per host the
 * configuration names, targeted as a minion with the role, and one for every other
 * minion with the role (its pillar names nothing, so the state removes what it made).
 */
static cJSON *
per_host_jobs(const struct gw_kind *k, const cJSON *config, const cJSON *ids)
{
	cJSON *each = cJSON_CreateArray(), *named;
	const cJSON *id;
	struct buf named_ids;

	if (ids) {
		cJSON_ArrayForEach(id, ids)
			add_job(each, id->valuestring, "list", k->sls,
				k->pillar(config, id->valuestring));
		return each;
	}
	named = cJSON_CreateArray();
	k->hosts(config, named);
	buf_init(&named_ids);
	cJSON_ArrayForEach(id, named) {
		char *tgt;

		/* A hand-edited host that is no minion id: targeting it could match others. */
		if (!plain_id(id->valuestring))
			continue;
		tgt = xasprintf("G@roles:%s and L@%s", k->role, id->valuestring);
		add_job(each, tgt, "compound", k->sls, k->pillar(config, id->valuestring));
		free(tgt);
		buf_printf(&named_ids, "%s%s", named_ids.len ? "," : "", id->valuestring);
	}
	cJSON_Delete(named);
	if (named_ids.len) {
		char *tgt = xasprintf("G@roles:%s and not L@%s", k->role, named_ids.data);
		add_job(each, tgt, "compound", k->sls, k->pillar(config, NULL));
		free(tgt);
	} else {
		char *tgt = xasprintf("roles:%s", k->role);
		add_job(each, tgt, "grain", k->sls, k->pillar(config, NULL));
		free(tgt);
	}
	buf_free(&named_ids);
	return each;
}

int
gw_deploy(struct req *r, const struct gw_kind *k)
{
	const cJSON *ids = cJSON_GetObjectItemCaseSensitive(r->body, k->field);
	long timeout = json_long(r->body, "timeout_s", 120);
	const char *tgt = req_own(r, xasprintf("roles:%s", k->role));
	struct gw_config c;
	cJSON *target;
	int rc;

	if (timeout < 1 || timeout > 3600)
		return resp_error(r, 422, "invalid_value", "timeout_s",
				  "timeout_s must be 1 to 3600");
	if (ids && (rc = gw_pick_minions(r, ids, k->field, k->role, k->noun, &tgt)) != 0)
		return rc;
	if ((rc = k->load(r, &c)) != 0)
		return rc;
	target = cJSON_CreateObject();
	cJSON_AddStringToObject(target, "kind", k->kind);
	cJSON_AddStringToObject(target, "fsid", r->cluster->fsid);
	cJSON_AddNumberToObject(target, "config_version", (double)c.version);
	cJSON_AddNumberToObject(
		target, k->list,
		cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(c.config, k->list)));
	if (k->per_host)
		return salt_job_queue_each(r, tgt, ids ? "list" : "grain", "state.apply",
					   per_host_jobs(k, c.config, ids), timeout, target);
	return salt_job_queue(r, tgt, ids ? "list" : "grain", "state.apply",
			      state_args(k->sls, k->pillar(c.config, NULL)), timeout, target);
}

int
gw_status(struct req *r, const struct gw_kind *k)
{
	struct gw_config c;
	cJSON *j, *hosts, *named;
	int rc;

	if ((rc = k->load(r, &c)) != 0)
		return rc;
	named = cJSON_CreateArray();
	k->hosts(c.config, named);
	hosts = deploy_status(r, k->kind, c.version, named);
	cJSON_Delete(named);
	if (!hosts)
		return r->status;
	j = cJSON_CreateObject();
	cJSON_AddStringToObject(j, "pool", c.pool);
	cJSON_AddBoolToObject(j, "pool_exists", c.pool_exists);
	cJSON_AddNumberToObject(j, "config_version", (double)c.version);
	cJSON_AddItemToObject(j, k->field, hosts);
	return resp_json(r, 200, j);
}
