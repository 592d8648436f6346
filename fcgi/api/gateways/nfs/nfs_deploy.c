/*
 * nfs_deploy.c - POST /api/clusters/{fsid}/nfs/deploy: a Salt job task (salt.job,
 * target.kind "nfs.deploy") that applies the state openattic.ganesha on the Ganesha
 * hosts - every accepted minion with the grain role ganesha, or the subset given -
 * with pillar {"config": {"pool", "namespace"}}: the state points the host's Ganesha at
 * conf-<host> and conf-common in RADOS (RADOS_URLS) and reloads it, and Ganesha reads
 * the exports there, so the pillar carries no export and no RGW key. The exports are
 * still read here: their hosts (status), their count and their fingerprint (the
 * deploy's config_version).
 * GET .../nfs/status: per host, the outcome of the newest deploy task that targeted
 * it, from the tasks table, and every host an export names that was never deployed
 * to ("not_deployed"); nothing is asked of Salt.
 * gateways.c does both (gw_deploy, gw_status); this file gives the NFS kind: its
 * names, its pillar and the hosts its exports name. Before the job, conf-common and
 * conf-<host> of every host an export names are made (empty) where missing: Ganesha
 * refuses to start on a %url to a missing object, and a host's cephx user may only
 * read the exports' namespace, so the host cannot make them itself.
 */
#include "api/gateways/gateways.h"
#include "api/gateways/nfs/nfs.h"
#include "backends/ceph.h"
#include "core/config.h"
#include "core/resp.h"

/*
 * The stored exports as {"pool", "namespace", "exports"} (owned by r) and, in *stamp, a fingerprint
 * of the exports' ids and versions (53 bits, so it survives JSON): it changes with any export.
 */
static int
exports_config(struct req *r, rados_ioctx_t io, cJSON **cfg, long *stamp)
{
	cJSON *list, *e;
	long *ids;
	int n, rc;

	*cfg = cJSON_CreateObject();
	*stamp = 0;
	req_own_json(r, *cfg);
	cJSON_AddStringToObject(*cfg, "pool", oa_config->nfs_pool);
	cJSON_AddStringToObject(*cfg, "namespace", oa_config->nfs_namespace);
	list = cJSON_AddArrayToObject(*cfg, "exports");
	if ((rc = nfs_list_ids(r, io, &ids, &n)) != 0)
		return rc;
	for (int i = 0; i < n; i++) {
		if ((rc = nfs_read(r, io, ids[i], &e)) == 1)
			continue;
		if (rc != 0)
			return rc;
		*stamp = (long)(((unsigned long)*stamp * 1000003UL ^ (unsigned long)ids[i] << 32 ^
				 (unsigned long)json_long(e, "version", 0)) &
				((1UL << 53) - 1));
		cJSON_AddItemToArray(list, cJSON_Duplicate(e, 1));
	}
	return 0;
}

/* conf-common and the conf-<host> of every host an export names exist. 0 or answered. */
static int
conf_objects(struct req *r, rados_ioctx_t io, const cJSON *config)
{
	const cJSON *e;
	int rc;

	if (!io)
		return 0;
	if ((rc = nfs_conf_ensure(io, NULL)) < 0)
		return resp_ceph_error(r, rc, NULL);
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(config, "exports"))
		if (json_str(e, "host") && (rc = nfs_conf_ensure(io, json_str(e, "host"))) < 0)
			return resp_ceph_error(r, rc, NULL);
	return 0;
}

/* The stored exports as a deploy gives them. 0 or the status answered. */
static int
load(struct req *r, struct gw_config *c)
{
	rados_ioctx_t io;
	int rc;

	if ((rc = nfs_open(r, 0, &io)) != 0 ||
	    (rc = exports_config(r, io, &c->config, &c->version)) != 0 ||
	    (rc = conf_objects(r, io, c->config)) != 0)
		return rc;
	c->pool = oa_config->nfs_pool;
	c->pool_exists = io != NULL;
	return 0;
}

/* The Ganesha hosts the exports name. */
static void
export_hosts(const cJSON *config, cJSON *hosts)
{
	const cJSON *e;

	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(config, "exports"))
		gw_add_host(hosts, json_str(e, "host"));
}

/* Every host's pillar (new): where its Ganesha finds the exports, nothing of them. */
static cJSON *
ganesha_pillar(const cJSON *config, const char *host)
{
	cJSON *out = cJSON_CreateObject();

	(void)host;
	cJSON_AddStringToObject(out, "pool", json_str(config, "pool"));
	cJSON_AddStringToObject(out, "namespace", json_str(config, "namespace"));
	return out;
}

static const struct gw_kind nfs_hosts = {
	.kind = "nfs.deploy",
	.sls = "openattic.ganesha",
	.role = "ganesha",
	.noun = "Ganesha host",
	.field = "hosts",
	.list = "exports",
	.load = load,
	.hosts = export_hosts,
	.pillar = ganesha_pillar,
};

const struct field_spec nfs_deploy_body[] = {
	{"hosts", J_ARRAY, 0, "minion ids (default: every accepted minion with role ganesha)"},
	{"timeout_s", J_INT, 0, "how long to wait for the hosts (default 120)"},
	{NULL, 0, 0, NULL},
};

int
nfs_deploy(struct req *r)
{
	return gw_deploy(r, &nfs_hosts);
}

int
nfs_status(struct req *r)
{
	return gw_status(r, &nfs_hosts);
}
