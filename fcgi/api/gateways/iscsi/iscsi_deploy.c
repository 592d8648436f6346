/*
 * iscsi_deploy.c - POST /api/clusters/{fsid}/iscsi/deploy: a Salt job task (salt.job,
 * target.kind "iscsi.deploy") that applies the state openattic.iscsi on the gateway
 * minions - every accepted minion with the grain role iscsi, or the subset given -
 * with pillar {"config": {"targets": [...]}} built from the stored configuration:
 * each gateway only the targets with a portal on it, CHAP secrets included (it needs
 * them; they stay out of every API answer). Salt gives a job's arguments to every
 * minion the job targets, so each gateway gets its own job (salt_job_queue_each): a
 * gateway never receives the secrets of a target it does not serve.
 * GET .../iscsi/status: per gateway, the outcome of the newest deploy task that
 * targeted it, from the tasks table, and every gateway the portals name that was
 * never deployed to ("not_deployed"); nothing is asked of Salt.
 * gateways.c does both (gw_deploy, gw_status); this file gives the iSCSI kind: its
 * names, its pillar and the hosts its portals name.
 */
#include "api/gateways/gateways.h"
#include "api/gateways/iscsi/iscsi.h"
#include "core/config.h"

#include <string.h>

/* Every target as a deploy gives it: {"targets": [{iqn, portals, disks, auth, acls}]} (new). */
static cJSON *
deploy_config(const struct iscsi_conf *conf)
{
	cJSON *cfg = cJSON_CreateObject(), *list = cJSON_AddArrayToObject(cfg, "targets");
	const cJSON *t;

	cJSON_ArrayForEach(t, conf->targets) {
		cJSON *o = cJSON_CreateObject();
		const cJSON *v;
		cJSON_AddStringToObject(o, "iqn", t->string);
		cJSON_ArrayForEach(v, t)
			if (v->string && strcmp(v->string, "version"))
				cJSON_AddItemToObject(o, v->string, cJSON_Duplicate(v, 1));
		cJSON_AddItemToArray(list, o);
	}
	return cfg;
}

/* The stored configuration as a deploy gives it. 0 or the status answered. */
static int
load(struct req *r, struct gw_config *c)
{
	struct iscsi_conf conf;
	int rc;

	if ((rc = iscsi_load(r, &conf)) != 0)
		return rc;
	c->config = req_own_json(r, deploy_config(&conf));
	c->version = conf.version;
	c->pool = oa_config->iscsi_pool;
	c->pool_exists = conf.io != NULL;
	return 0;
}

/* The gateways the targets' portals name. */
static void
portal_hosts(const cJSON *config, cJSON *hosts)
{
	const cJSON *t, *p;

	cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(config, "targets"))
		cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(t, "portals"))
			gw_add_host(hosts, json_str(p, "host"));
}

/* Whether target t has a portal on host. */
static int
serves(const cJSON *t, const char *host)
{
	const cJSON *p;

	cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(t, "portals"))
		if (json_str(p, "host") && !strcmp(json_str(p, "host"), host))
			return 1;
	return 0;
}

/* Gateway host's pillar (new): the targets with a portal on it, none for NULL. */
static cJSON *
gateway_pillar(const cJSON *config, const char *host)
{
	cJSON *out = cJSON_CreateObject(), *list = cJSON_AddArrayToObject(out, "targets");
	const cJSON *t;

	cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(config, "targets"))
		if (host && serves(t, host))
			cJSON_AddItemToArray(list, cJSON_Duplicate(t, 1));
	return out;
}

static const struct gw_kind iscsi_gateways = {
	.kind = "iscsi.deploy",
	.sls = "openattic.iscsi",
	.role = "iscsi",
	.noun = "iSCSI gateway",
	.field = "gateways",
	.list = "targets",
	.load = load,
	.hosts = portal_hosts,
	.pillar = gateway_pillar,
	.per_host = 1,
};

const struct field_spec iscsi_deploy_body[] = {
	{"gateways", J_ARRAY, 0, "minion ids (default: every accepted minion with role iscsi)"},
	{"timeout_s", J_INT, 0, "how long to wait for the gateways (default 120)"},
	{NULL, 0, 0, NULL},
};

int
iscsi_deploy(struct req *r)
{
	return gw_deploy(r, &iscsi_gateways);
}

int
iscsi_status(struct req *r)
{
	return gw_status(r, &iscsi_gateways);
}
