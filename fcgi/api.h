/* api.h - the handlers named in the route table, and what every handler may use. */
#ifndef OA_API_H
#define OA_API_H

#include "core/config.h"
#include "core/json.h"
#include "core/req.h"

/* sessions.c */
int sessions_login(struct req *r);
int sessions_logout(struct req *r);
int sessions_me(struct req *r);
extern const struct field_spec sessions_login_body[];
/* users.c */
int users_list(struct req *r);
int users_create(struct req *r);
int users_get(struct req *r);
int users_patch(struct req *r);
int users_delete(struct req *r);
/* Answers with the user object of username (404 if none). Returns the status. */
int users_respond(struct req *r, const char *username, int status);
/* The user as JSON, or NULL with the error response made. */
cJSON *users_json(struct req *r, const char *username);
extern const struct field_spec users_create_body[], users_patch_body[];
/* tokens.c */
int tokens_list(struct req *r);
int tokens_create(struct req *r);
int tokens_delete(struct req *r);
extern const struct field_spec tokens_create_body[];
/* tasks.c */
int tasks_list(struct req *r);
int tasks_get(struct req *r);
int tasks_cancel(struct req *r);
/* audit.c */
int audit_list(struct req *r);
/* purge.c */
int purge_start(struct req *r);
extern const struct field_spec purge_body[];
/* clusters.c */
int clusters_list(struct req *r);
int clusters_status(struct req *r);
/* pools.c, pool_tasks.c */
int pools_list(struct req *r);
int pools_get(struct req *r);
int pools_create(struct req *r);
int pools_patch(struct req *r);
int pools_delete(struct req *r);
extern const struct field_spec pools_create_body[], pools_patch_body[];
/* osds.c */
int osds_list(struct req *r);
int osds_get(struct req *r);
int osds_patch(struct req *r);
int osds_scrub(struct req *r);
extern const struct field_spec osds_patch_body[], osds_scrub_body[];
/* flags.c */
int flags_get(struct req *r);
int flags_put(struct req *r);
extern const struct field_spec flags_put_body[];
/* monitors.c */
int monitors_list(struct req *r);
/* ecprofiles.c */
int ecprofiles_list(struct req *r);
int ecprofiles_get(struct req *r);
int ecprofiles_create(struct req *r);
int ecprofiles_delete(struct req *r);
extern const struct field_spec ecprofiles_create_body[];
/* crush.c */
int crush_rules(struct req *r);
int crush_tree(struct req *r);
/* rbd.c, rbd_images.c, rbd_snaps.c (RBD images and snapshots; rbd_tasks.c runs their tasks) */
int images_list(struct req *r);
int images_get(struct req *r);
int images_create(struct req *r);
int images_patch(struct req *r);
int images_delete(struct req *r);
int snaps_list(struct req *r);
int snaps_create(struct req *r);
int snaps_patch(struct req *r);
int snaps_delete(struct req *r);
int snaps_rollback(struct req *r);
/* rbd_clone.c, rbd_copy.c, rbd_trash.c (clone and flatten, copy, the RBD trash) */
int snaps_clone(struct req *r);
int images_flatten(struct req *r);
int images_copy(struct req *r);
int trash_list(struct req *r);
int trash_move(struct req *r);
int trash_restore(struct req *r);
int trash_purge(struct req *r);
extern const struct field_spec snaps_clone_body[], images_copy_body[], trash_move_body[],
	trash_restore_body[];
extern const struct field_spec images_create_body[], images_patch_body[], snaps_create_body[],
	snaps_patch_body[];
/* rbd_namespaces.c (RBD namespaces of a pool) */
int namespaces_list(struct req *r);
int namespaces_create(struct req *r);
int namespaces_delete(struct req *r);
extern const struct field_spec namespaces_create_body[];
/* nodes.c, salt_jobs.c */
int nodes_list(struct req *r);
int nodes_get(struct req *r);
int nodes_ping(struct req *r);
extern const struct field_spec nodes_ping_body[];
/*
 * Queues a "salt.job" task running fun (args owned, may be NULL) on the minions tgt
 * matches, waiting for them up to timeout_s; target (owned) describes it. Returns the
 * status answered (202).
 */
int salt_job_queue(struct req *r, const char *tgt, const char *tgt_type, const char *fun,
		   cJSON *args, long timeout_s, cJSON *target);
/* iscsi.c, iscsi_deploy.c (iscsi_store.c keeps the configuration, iscsi_check.c checks it) */
int iscsi_targets_list(struct req *r);
int iscsi_targets_get(struct req *r);
int iscsi_targets_create(struct req *r);
int iscsi_targets_put(struct req *r);
int iscsi_targets_delete(struct req *r);
int iscsi_deploy(struct req *r);
int iscsi_status(struct req *r);
extern const struct field_spec iscsi_create_body[], iscsi_put_body[], iscsi_deploy_body[];

/* nfs.c, nfs_deploy.c (nfs_store.c keeps the exports, nfs_format.c writes and parses them) */
int nfs_exports_list(struct req *r);
int nfs_exports_get(struct req *r);
int nfs_exports_create(struct req *r);
int nfs_exports_put(struct req *r);
int nfs_exports_delete(struct req *r);
int nfs_deploy(struct req *r);
int nfs_status(struct req *r);
extern const struct field_spec nfs_create_body[], nfs_put_body[], nfs_deploy_body[];
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
/* health.c */
int health_get(struct req *r);
/* openapi.c */
int openapi_get(struct req *r);

#endif
