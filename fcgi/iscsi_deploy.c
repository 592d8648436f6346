/*
 * iscsi_deploy.c - POST /api/clusters/{fsid}/iscsi/deploy: a Salt job task (salt.job,
 * target.kind "iscsi.deploy") that applies the state openattic.iscsi on the gateway
 * minions - every accepted minion with the grain role iscsi, or the subset given -
 * with pillar {"config": {"targets": [...]}} built from the stored configuration,
 * CHAP secrets included (a gateway needs them; they stay out of every API answer).
 * GET .../iscsi/status: per gateway, the outcome of the newest deploy task that
 * targeted it, from the tasks table; nothing is asked of Salt.
 */
#include "iscsi.h"
#include "api.h"
#include "ceph.h"
#include "db.h"
#include "resp.h"
#include "salt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The pillar's config: {"targets": [{iqn, portals, disks, auth, acls}]} (new). */
static cJSON *
pillar_config(const struct iscsi_conf *conf)
{
	cJSON *cfg = cJSON_CreateObject(), *list = cJSON_AddArrayToObject(cfg, "targets");
	const cJSON *t;

	cJSON_ArrayForEach(t, conf->targets)
	{
		cJSON *o = cJSON_CreateObject();
		const cJSON *v;
		cJSON_AddStringToObject(o, "iqn", t->string);
		cJSON_ArrayForEach(v, t) if (strcmp(v->string, "version"))
			cJSON_AddItemToObject(o, v->string, cJSON_Duplicate(v, 1));
		cJSON_AddItemToArray(list, o);
	}
	return cfg;
}

/*
 * The gateways asked for, checked: accepted minions, with the iscsi role where their
 * grains are known. 0 with *tgt ("a,b", owned by r), or 422 answered.
 */
static int
check_gateways(struct req *r, const cJSON *gws, const char **tgt)
{
	const cJSON *accepted, *grains, *g, *v;
	struct buf b;
	int rc, i = 0;

	if (cJSON_GetArraySize(gws) == 0 || cJSON_GetArraySize(gws) > 64)
		return resp_error(r, 422, "invalid_value", "gateways", "give 1 to 64 gateway ids");
	if ((rc = iscsi_salt_minions(r, &accepted, &grains)) != 0)
		return rc;
	buf_init(&b);
	cJSON_ArrayForEach(g, gws)
	{
		int found = 0;
		const char *field = req_own(r, xasprintf("gateways[%d]", i++));
		cJSON_ArrayForEach(v, accepted) found |= cJSON_IsString(g) && cJSON_IsString(v) &&
							 !strcmp(v->valuestring, g->valuestring);
		if (!found) {
			buf_free(&b);
			return resp_error(r, 422, "invalid_value", field, "%s is not an accepted Salt minion",
					  cJSON_IsString(g) ? g->valuestring : "a non-string");
		}
		v = cJSON_GetObjectItemCaseSensitive(grains, g->valuestring);
		if (cJSON_IsObject(v) && !iscsi_has_role(v)) {
			buf_free(&b);
			return resp_error(r, 422, "invalid_value", field,
					  "'%s' is not an iSCSI gateway (role iscsi)", g->valuestring);
		}
		buf_printf(&b, "%s%s", b.len ? "," : "", g->valuestring);
	}
	*tgt = req_own(r, b.data);
	return 0;
}

const struct field_spec iscsi_deploy_body[] = {
	{"gateways", J_ARRAY, 0, "minion ids (default: every accepted minion with role iscsi)"},
	{"timeout_s", J_INT, 0, "how long to wait for the gateways (default 120)"},
	{NULL, 0, 0, NULL},
};

int
iscsi_deploy(struct req *r)
{
	const cJSON *gws = cJSON_GetObjectItemCaseSensitive(r->body, "gateways");
	long timeout = json_long(r->body, "timeout_s", 120);
	const char *tgt = "roles:iscsi", *tgt_type = "grain";
	struct iscsi_conf conf;
	cJSON *args, *kw, *pillar, *target;
	int rc;

	if (timeout < 1 || timeout > 3600)
		return resp_error(r, 422, "invalid_value", "timeout_s", "timeout_s must be 1 to 3600");
	if (!salt_configured())
		return resp_error(r, 503, "salt_unconfigured", NULL, "no Salt master is configured");
	if (gws && (rc = check_gateways(r, gws, &tgt)) != 0)
		return rc;
	if (gws)
		tgt_type = "list";
	if ((rc = iscsi_load(r, &conf)) != 0)
		return rc;
	args = cJSON_CreateArray();
	cJSON_AddItemToArray(args, cJSON_CreateString("openattic.iscsi"));
	kw = cJSON_CreateObject();
	cJSON_AddBoolToObject(kw, "__kwarg__", 1);
	pillar = cJSON_AddObjectToObject(kw, "pillar");
	cJSON_AddItemToObject(pillar, "config", pillar_config(&conf));
	cJSON_AddItemToArray(args, kw);
	target = cJSON_CreateObject();
	cJSON_AddStringToObject(target, "kind", "iscsi.deploy");
	cJSON_AddStringToObject(target, "fsid", r->cluster->fsid);
	cJSON_AddNumberToObject(target, "config_version", (double)conf.version);
	cJSON_AddNumberToObject(target, "targets", cJSON_GetArraySize(conf.targets));
	return salt_job_queue(r, tgt, tgt_type, "state.apply", args, timeout, target);
}

/* A gateway's state in a deploy task: deploying, deployed, failed, no_answer. */
static const char *
gateway_state(const char *task_state, const cJSON *m)
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
	cJSON_ArrayForEach(st, ret) if (cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(st, "result")) &&
					(!first || jnum(st, "__run_num__") < jnum(first, "__run_num__")))
		first = st;
	return json_str(first, "comment");
}

static cJSON *
gateway_item(const PGresult *res, int i, long current)
{
	cJSON *j = cJSON_CreateObject(), *m = cJSON_Parse(db_str(res, i, 3) ?: "null");
	const char *state = gateway_state(db_str(res, i, 2), m);
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
		cJSON_AddStringToObject(j, "message", "the gateway did not answer in time");
	else
		cJSON_AddNullToObject(j, "message");
	cJSON_Delete(m);
	return j;
}

int
iscsi_status(struct req *r)
{
	const char *p[] = {r->cluster->fsid};
	struct iscsi_conf conf;
	PGresult *res;
	cJSON *j, *gws;
	int rc;

	if ((rc = iscsi_load(r, &conf)) != 0)
		return rc;
	if (!(res = db_req(r,
			   "SELECT DISTINCT ON (m) m, t.id, t.state, (t.result->'minions'->m)::text, "
			   "(t.target->>'config_version')::bigint, "
			   "extract(epoch FROM coalesce(t.finished_at, t.created_at))::bigint "
			   "FROM tasks t, jsonb_array_elements_text(t.target->'minions') m "
			   "WHERE t.kind = 'salt.job' AND t.target->>'kind' = 'iscsi.deploy' "
			   "AND t.target->>'fsid' = $1 AND t.state <> 'cancelled' "
			   "ORDER BY m, t.id DESC",
			   1, p)))
		return r->status;
	j = cJSON_CreateObject();
	cJSON_AddNumberToObject(j, "config_version", (double)conf.version);
	gws = cJSON_AddArrayToObject(j, "gateways");
	for (int i = 0; i < PQntuples(res); i++)
		cJSON_AddItemToArray(gws, gateway_item(res, i, conf.version));
	return resp_json(r, 200, j);
}
