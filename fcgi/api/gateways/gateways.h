/* gateways.h - what the iSCSI and NFS gateway areas share: deploys and their status. */
#ifndef OA_GATEWAYS_H
#define OA_GATEWAYS_H

#include <cjson/cJSON.h>

#include "core/req.h"

/* The arguments of state.apply sls with pillar {"config": config} (takes config). */
cJSON *salt_state_args(const char *sls, cJSON *config);
/*
 * Each minion's latest deploy (a salt.job task whose target.kind is kind) for
 * r->cluster: {id, state, config_version, in_sync (against current), task_id, at,
 * message, in_config}, and every host of named (an array of ids the configuration
 * names) that was never deployed to, with state "not_deployed"; sorted by id. A new
 * array, or NULL with the error answered.
 */
cJSON *salt_deploy_status(struct req *r, const char *kind, long current, const cJSON *named);
/* Adds "pool" (where the gateways' configuration lives) and "pool_exists" (as the
 * handler's open of it found) to a status object: without that pool nothing can be
 * saved. */
void salt_add_pool_state(cJSON *j, const char *pool, int exists);

/*
 * The accepted Salt minions (*keys, from GET /keys) and the grains of those that
 * answered (*grains, from GET /minions; NULL when that timed out), both owned by r.
 * 0 or the status answered.
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
