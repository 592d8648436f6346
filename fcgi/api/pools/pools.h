/* pools.h - what pools.c and pool_tasks.c share: checks and applying settings. */
#ifndef OA_POOLS_H
#define OA_POOLS_H

#include "backends/ceph.h"
#include "core/json.h"
#include "core/list.h"
#include "core/req.h"
#include "server/schema.h"
#include "server/tasks.h"

/*
 * 409 pool_protected when pool name holds openATTIC's gateway configuration ([iscsi]
 * pool, [nfs] pool), which the API neither deletes nor renames (doing: "deleted",
 * "renamed"). 0, or the status answered.
 */
int pools_check_protected(struct req *r, const char *name, const char *doing);
/* The API pool named name of r->cluster (new), or NULL with 404/503 answered. */
cJSON *pools_find(struct req *r, const char *name);
/* The body members of those settings, one text for create and PATCH. */
/* clang-format off */
#define POOL_SETTINGS_FIELDS \
	{"size", J_INT, 0, "replicas (replicated pools; on create the cluster's default)"}, \
	{"min_size", J_INT, 0, "replicas needed for I/O (replicated pools)"}, \
	{"pg_num", J_INT, 0, "placement groups (create: 32, a power of two; pgp_num follows)"}, \
	{"pg_autoscale_mode", J_STRING, 0, "on (the default on create), off or warn"}, \
	{"crush_rule", J_STRING, 0, "the CRUSH rule's name"}, \
	{"applications", J_ARRAY, 0, \
	 "e.g. [\"rbd\"]; on PATCH the wanted set: missing ones are enabled, others disabled"}, \
	{"compression", J_OBJECT, 0, \
	 "{mode, algorithm, required_ratio, min_blob_size, max_blob_size}"}, \
	{"quota", J_OBJECT, 0, "{max_bytes, max_objects}; 0 = none"}, \
	{"allow_ec_overwrites", J_BOOL, 0, \
	 "erasure pools: allow partial writes (RBD, CephFS); only turned on"}, \
	{"target_size_ratio", J_NUMBER, 0, "autoscaler hint: the share of the cluster expected"}, \
	{"target_size_bytes", J_INT, 0, "autoscaler hint: the bytes expected (0: none)"}, \
	{"pg_num_min", J_INT, 0, "autoscaler: never fewer PGs than this"}, \
	{"bulk", J_BOOL, 0, "autoscaler: a pool that will be large gets its PGs up front"}, \
	{NULL, 0, 0, NULL}
/* clang-format on */
/*
 * Checks the settings shared by create and update in body (size, min_size, pg_num,
 * pg_autoscale_mode, crush_rule, applications, compression, quota) against the
 * cluster; current is the pool being changed (NULL on create). Advice that does not
 * stop the change goes into warnings (an array). 0, or 4xx answered.
 */
int pools_check_settings(struct req *r, const cJSON *body, const cJSON *current, cJSON *warnings);
/*
 * Applies those settings to pool name, one monitor command each, skipping what
 * already has the wanted value in current (NULL = apply all given). 0, or a negative
 * errno with *msg (new) and *what (the field that failed).
 */
int pools_apply(struct ceph *c, const char *name, const cJSON *body, const cJSON *current,
		char **msg, const char **what);

/* The handlers (pools.c, pool_tasks.c) and the kinds pool.create, pool.delete. */
int pools_list(struct req *r);
int pools_get(struct req *r);
int pools_create(struct req *r);
int pools_patch(struct req *r);
int pools_delete(struct req *r);
extern const struct field_spec pools_create_body[], pools_patch_body[];
int pool_create_run(struct task *t);
int pool_delete_run(struct task *t);

/* pool_snaps.c: a pool's own snapshots */
int pool_snaps_list(struct req *r);
int pool_snaps_create(struct req *r);
int pool_snaps_delete(struct req *r);
extern const struct field_spec pool_snaps_create_body[];

/* What the route rows name: list specs, query parameters, the component schemas. */
extern const struct list_spec pool_snaps_list_spec, pools_list_spec;
extern const struct field_spec pools_delete_query[];
extern const struct schema_def pools_schemas[];

#endif
