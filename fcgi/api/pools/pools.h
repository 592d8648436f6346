/* pools.h - what pools.c and pool_tasks.c share: checks and applying settings. */
#ifndef OA_POOLS_H
#define OA_POOLS_H

#include "backends/ceph.h"
#include "core/json.h"
#include "core/req.h"
#include "server/tasks.h"

/* The API pool named name of r->cluster (new), or NULL with 404/503 answered. */
cJSON *pools_find(struct req *r, const char *name);
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

#endif
