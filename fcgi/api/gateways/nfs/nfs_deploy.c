/*
 * nfs_deploy.c - POST /api/clusters/{fsid}/nfs/deploy: a Salt job task (salt.job,
 * target.kind "nfs.deploy") that applies the state openattic.ganesha on the Ganesha
 * hosts - every accepted minion with the grain role ganesha, or the subset given -
 * with pillar {"config": {"pool", "namespace", "exports": [...]}} built from the
 * stored exports (a host's state points its Ganesha at conf-<host> and conf-common in
 * RADOS and reloads it; the export list lets it check what it serves).
 * GET .../nfs/status: per host, the outcome of the newest deploy task that targeted
 * it, from the tasks table, and every host an export names that was never deployed
 * to ("not_deployed"); nothing is asked of Salt.
 */
#include "api/gateways/nfs/nfs.h"
#include "api/gateways/gateways.h"
#include "backends/ceph.h"
#include "backends/db.h"
#include "core/resp.h"
#include "server/salt_jobs.h"
#include "backends/salt.h"

#include <stdio.h>
#include <string.h>

/*
 * The pillar's config (owned by r) and, in *stamp, a fingerprint of the exports' ids
 * and versions (53 bits, so it survives JSON): it changes with any export.
 */
static int
pillar_config(struct req *r, rados_ioctx_t io, cJSON **cfg, long *stamp)
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
				 (unsigned long)json_long(e, "version", 0)) & ((1UL << 53) - 1));
		cJSON_AddItemToArray(list, cJSON_Duplicate(e, 1));
	}
	return 0;
}

const struct field_spec nfs_deploy_body[] = {
	{"hosts", J_ARRAY, 0, "minion ids (default: every accepted minion with role ganesha)"},
	{"timeout_s", J_INT, 0, "how long to wait for the hosts (default 120)"},
	{NULL, 0, 0, NULL},
};

int
nfs_deploy(struct req *r)
{
	const cJSON *hosts = cJSON_GetObjectItemCaseSensitive(r->body, "hosts");
	long timeout = json_long(r->body, "timeout_s", 120), stamp;
	const char *tgt = "roles:ganesha", *tgt_type = "grain";
	rados_ioctx_t io;
	cJSON *args, *cfg, *target;
	int rc;

	if (timeout < 1 || timeout > 3600)
		return resp_error(r, 422, "invalid_value", "timeout_s", "timeout_s must be 1 to 3600");
	if (hosts && (rc = gw_pick_minions(r, hosts, "hosts", "ganesha", "Ganesha host", &tgt)) != 0)
		return rc;
	if (hosts)
		tgt_type = "list";
	if ((rc = nfs_open(r, &io)) != 0 || (rc = pillar_config(r, io, &cfg, &stamp)) != 0)
		return rc;
	args = salt_state_args("openattic.ganesha", cJSON_Duplicate(cfg, 1));
	target = cJSON_CreateObject();
	cJSON_AddStringToObject(target, "kind", "nfs.deploy");
	cJSON_AddStringToObject(target, "fsid", r->cluster->fsid);
	cJSON_AddNumberToObject(target, "config_version", (double)stamp);
	cJSON_AddNumberToObject(target, "exports",
				cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(cfg, "exports")));
	return salt_job_queue(r, tgt, tgt_type, "state.apply", args, timeout, target);
}

/* The Ganesha hosts the exports name, once each (new). */
static cJSON *
export_hosts(const cJSON *cfg)
{
	cJSON *hosts = cJSON_CreateArray();
	const cJSON *e, *h;

	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(cfg, "exports"))
	{
		const char *host = json_str(e, "host");
		int seen = 0;
		cJSON_ArrayForEach(h, hosts) seen |= host && !strcmp(h->valuestring, host);
		if (host && !seen)
			cJSON_AddItemToArray(hosts, cJSON_CreateString(host));
	}
	return hosts;
}

int
nfs_status(struct req *r)
{
	rados_ioctx_t io;
	cJSON *j, *hosts, *cfg, *named;
	long stamp;
	int rc;

	if ((rc = nfs_open(r, &io)) != 0 || (rc = pillar_config(r, io, &cfg, &stamp)) != 0)
		return rc;
	named = export_hosts(cfg);
	hosts = salt_deploy_status(r, "nfs.deploy", stamp, named);
	cJSON_Delete(named);
	if (!hosts)
		return r->status;
	j = cJSON_CreateObject();
	salt_add_pool_state(j, oa_config->nfs_pool, io != NULL);
	cJSON_AddNumberToObject(j, "config_version", (double)stamp);
	cJSON_AddItemToObject(j, "hosts", hosts);
	return resp_json(r, 200, j);
}
