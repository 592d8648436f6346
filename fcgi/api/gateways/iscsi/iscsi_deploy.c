/*
 * iscsi_deploy.c - POST /api/clusters/{fsid}/iscsi/deploy: a Salt job task (salt.job,
 * target.kind "iscsi.deploy") that applies the state openattic.iscsi on the gateway
 * minions - every accepted minion with the grain role iscsi, or the subset given -
 * with pillar {"config": {"targets": [...]}} built from the stored configuration,
 * CHAP secrets included (a gateway needs them; they stay out of every API answer).
 * GET .../iscsi/status: per gateway, the outcome of the newest deploy task that
 * targeted it, from the tasks table, and every gateway the portals name that was
 * never deployed to ("not_deployed"); nothing is asked of Salt.
 */
#include "api/gateways/iscsi/iscsi.h"
#include "api/gateways/gateways.h"
#include "backends/ceph.h"
#include "backends/db.h"
#include "core/resp.h"
#include "server/salt_jobs.h"
#include "backends/salt.h"

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
	cJSON *args, *target;
	int rc;

	if (timeout < 1 || timeout > 3600)
		return resp_error(r, 422, "invalid_value", "timeout_s", "timeout_s must be 1 to 3600");
	if (gws && (rc = gw_pick_minions(r, gws, "gateways", "iscsi", "iSCSI gateway", &tgt)) != 0)
		return rc;
	if (gws)
		tgt_type = "list";
	if ((rc = iscsi_load(r, &conf)) != 0)
		return rc;
	args = salt_state_args("openattic.iscsi", pillar_config(&conf));
	target = cJSON_CreateObject();
	cJSON_AddStringToObject(target, "kind", "iscsi.deploy");
	cJSON_AddStringToObject(target, "fsid", r->cluster->fsid);
	cJSON_AddNumberToObject(target, "config_version", (double)conf.version);
	cJSON_AddNumberToObject(target, "targets", cJSON_GetArraySize(conf.targets));
	return salt_job_queue(r, tgt, tgt_type, "state.apply", args, timeout, target);
}

/* The gateways the targets' portals name, once each (new). */
static cJSON *
portal_hosts(const struct iscsi_conf *conf)
{
	cJSON *hosts = cJSON_CreateArray();
	const cJSON *t, *p, *h;

	cJSON_ArrayForEach(t, conf->targets)
	cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(t, "portals"))
	{
		const char *host = json_str(p, "host");
		int seen = 0;
		cJSON_ArrayForEach(h, hosts) seen |= host && !strcmp(h->valuestring, host);
		if (host && !seen)
			cJSON_AddItemToArray(hosts, cJSON_CreateString(host));
	}
	return hosts;
}

int
iscsi_status(struct req *r)
{
	struct iscsi_conf conf;
	cJSON *j, *gws, *named;
	int rc;

	if ((rc = iscsi_load(r, &conf)) != 0)
		return rc;
	named = portal_hosts(&conf);
	gws = salt_deploy_status(r, "iscsi.deploy", conf.version, named);
	cJSON_Delete(named);
	if (!gws)
		return r->status;
	j = cJSON_CreateObject();
	salt_add_pool_state(j, oa_config->iscsi_pool, conf.io != NULL);
	cJSON_AddNumberToObject(j, "config_version", (double)conf.version);
	cJSON_AddItemToObject(j, "gateways", gws);
	return resp_json(r, 200, j);
}
