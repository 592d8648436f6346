/* gateways.h - what the iSCSI and NFS gateway areas share: deploys and their status. */
#ifndef OA_GATEWAYS_H
#define OA_GATEWAYS_H

#include <cjson/cJSON.h>
#include <rados/librados.h>

#include "core/req.h"

/*
 * A kind of gateway's configuration as its deploy hands it over and its status
 * reports it; the kind's load fills it.
 */
struct gw_config {
	cJSON *config;    /* as read, owned by r: what the status names and a deploy gives */
	long version;     /* its version: the deploy's and the status's config_version */
	const char *pool; /* the pool it lives in */
	int pool_exists;  /* as the load's open of that pool found */
};

/*
 * A kind of gateway host (iSCSI gateway, NFS-Ganesha host): what its deploy and its
 * status do differently. A deploy is a salt.job task (target.kind kind) applying the
 * state sls with pillar {"config": pillar(config, host)} on every accepted minion of
 * role or the ids the body's field gives; the status lists each host's latest deploy
 * under field. A kind whose pillar holds secrets of some hosts only (per_host) gives
 * each host its own pillar, in its own Salt job: Salt sends a job's arguments to every
 * minion it targets.
 */
struct gw_kind {
	const char *kind;  /* the deploy task's target.kind: "iscsi.deploy" */
	const char *sls;   /* the state applied: "openattic.iscsi" */
	const char *role;  /* the minions' grain role: "iscsi" */
	const char *noun;  /* a host in messages: "iSCSI gateway" */
	const char *field; /* the body's minion ids and the status's hosts: "gateways" */
	const char *list;  /* the config's array the deploy task counts: "targets" */
	/* Reads the configuration of r->cluster into *c: 0 or the status answered. */
	int (*load)(struct req *r, struct gw_config *c);
	/* Adds every host the config names to the array hosts (with gw_add_host). */
	void (*hosts)(const cJSON *config, cJSON *hosts);
	/*
	 * The pillar's config a deploy gives host (new): only what the state uses, and of
	 * the configuration only what host serves; host NULL: a host config does not name.
	 */
	cJSON *(*pillar)(const cJSON *config, const char *host);
	int per_host; /* pillar differs per host: one Salt job per host */
};

/*
 * POST .../deploy of kind k: timeout_s 1-3600 (default 120), the minions checked
 * (gw_pick_minions), then the salt.job task queued with config_version and the count
 * of the pillar's list in its target. The status answered (202, 422, 503...).
 */
int gw_deploy(struct req *r, const struct gw_kind *k);
/*
 * GET .../status of kind k: {pool, pool_exists, config_version, <field>: each host's
 * latest deploy and every host the configuration names, sorted by id}. A host's
 * "served" is what its daemon reported serving after that deploy, as the state put it
 * in its changes: {"loaded": [names], "failed": [{"name", "message"}]}, or null. The
 * status answered.
 */
int gw_status(struct req *r, const struct gw_kind *k);
/*
 * Opens pool of r->cluster for the gateways' configuration: 0 with *io (released with
 * r), or *io NULL when the pool does not exist - unless create, when it is made first
 * (a few PGs, application "openattic"), as a write does. 0 or the status answered.
 */
int gw_pool_open(struct req *r, const char *pool, int create, rados_ioctx_t *io);
/* Adds host to the array hosts unless it is NULL or there already. */
void gw_add_host(cJSON *hosts, const char *host);

/*
 * From the shared node list (backends/salt.c, refreshed in the background; no request
 * waits on a minion): the accepted Salt minions (*accepted, an array of ids) and the
 * cached grains of those that answered its last ping (*grains, {id: grains}), both
 * owned by r. 0 or the status answered (503 nodes_pending before the first list).
 */
int gw_salt_minions(struct req *r, const cJSON **accepted, const cJSON **grains);
/* Whether grains list role. */
int gw_has_role(const cJSON *grains, const char *role);
/*
 * The minions a deploy asks for (ids, the body's array field), checked: 1 to 64
 * accepted minions, with role where their grains are known (noun names them in
 * errors: "iSCSI gateway"). 0 with *tgt ("a,b", owned by r), or 422/503 answered.
 */
int gw_pick_minions(struct req *r, const cJSON *ids, const char *field, const char *role,
		    const char *noun, const char **tgt);

#endif
