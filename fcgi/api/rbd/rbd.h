/* rbd.h - what the RBD files share: the image in the API's words, opening pools and images, tasks.
 */
#ifndef OA_RBD_H
#define OA_RBD_H

#include <rados/librados.h>
#include <rbd/librbd.h>
#include <stdint.h>
#include <time.h>

#include "backends/ceph.h"
#include "backends/rbd_meta.h"
#include "core/json.h"
#include "core/list.h"
#include "core/req.h"
#include "server/schema.h"

/* The API's image (new) for v in pool[/ns]; with_used adds used / used_unknown. */
cJSON *image_info_json(rados_t rados, const struct image_info *v, const char *pool, const char *ns,
		       int with_used);

/* The feature names of the bits in f (new array). */
cJSON *image_features_json(uint64_t f);
/*
 * The bits of an array of feature names; 0 with *bits set, or 422 field "features"
 * answered (unknown name, or a dependency missing: object-map needs exclusive-lock,
 * fast-diff needs object-map, journaling needs exclusive-lock).
 */
int image_features_parse(struct req *r, const cJSON *names, uint64_t *bits);
/* Checks the dependencies of a feature set: 0 or 422 field "features" answered. */
int image_features_check(struct req *r, uint64_t bits);

/*
 * An ioctx for the {pool} path parameter and ?namespace= of r, destroyed with r.
 * 0, or 404 pool_not_found / namespace_not_found (or 503) answered.
 */
int image_req_ioctx(struct req *r, rados_ioctx_t *io);
/*
 * Opens image name (read-only unless rw; a read-write open registers a watch),
 * closed with r. 0, or 404 image_not_found (or the Ceph error) answered.
 */
int image_req_open(struct req *r, rados_ioctx_t io, const char *name, int rw, rbd_image_t *img);
/* Answers 200 (or status) with the item of image name; with Location when status is 201. */
int image_respond(struct req *r, rados_ioctx_t io, const char *name, int status);
/* image_respond for an image of pool[/ns] other than the path's (a clone's target). */
int image_respond_in(struct req *r, rados_ioctx_t io, const char *pool, const char *ns,
		     const char *name, int status);
/*
 * An ioctx for pool (of a request body field; ns may be NULL or ""), destroyed with r.
 * 0, or 422 field (pool_field, or ns_field for the namespace) answered.
 */
int image_req_other_ioctx(struct req *r, const char *pool, const char *ns, const char *pool_field,
			  const char *ns_field, rados_ioctx_t *io);
/* 409 image_busy naming who has image name (img) open, or 0. */
int image_req_unused(struct req *r, rbd_image_t img, const char *name);
/* 409 image_exists (field) if image name exists in io; 0 if it does not (or the error). */
int image_req_absent(struct req *r, rados_ioctx_t io, const char *name, const char *field);

/* Task side (rbd_tasks.c): a task and what its progress callback got from task_progress. */
struct task;
struct image_prog {
	struct task *t;
	int stop; /* what task_progress returned when non-zero (-ECANCELED, -EINTR) */
	const char *what;
};
/* A librbd progress callback (arg: struct image_prog) feeding task_progress. */
int image_task_cb(uint64_t done, uint64_t total, void *arg);
/*
 * An ioctx for the task target's fsid, pool_key and ns_key members, destroyed when
 * the task ends: 0, or -1 after task_fail.
 */
int image_task_ioctx(struct task *t, const char *pool_key, const char *ns_key, rados_ioctx_t *io);
/* The end of a librbd call: 0, what task_progress said (p->stop), or -1 with the failure. */
int image_task_finish(struct task *t, struct image_prog *p, int rc, const char *what);
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
/* rbd_config.c: librbd's settings of a pool or an image (its {image} parameter) */
int rbd_config_list(struct req *r);
int rbd_config_set(struct req *r);
int rbd_config_remove(struct req *r);
extern const struct field_spec rbd_config_set_body[];
int namespaces_list(struct req *r);
int namespaces_create(struct req *r);
int namespaces_delete(struct req *r);
extern const struct field_spec namespaces_create_body[];
/* The kinds (rbd_tasks.c, rbd_copy.c, rbd_trash.c). */
int image_delete_run(struct task *t);       /* rbd.delete */
int image_rollback_run(struct task *t);     /* rbd.snap_rollback */
int image_flatten_run(struct task *t);      /* rbd.flatten */
int image_copy_run(struct task *t);         /* rbd.copy */
int image_trash_remove_run(struct task *t); /* rbd.trash_remove */

/* What the route rows name: list specs, query parameters, the component schemas. */
extern const struct list_spec images_list_spec, namespaces_list_spec, rbd_config_list_spec,
	snaps_list_spec, trash_list_spec;
extern const struct field_spec images_list_query[], rbd_ns_query[], trash_purge_query[],
	rbd_config_list_query[];
extern const struct schema_def rbd_schemas[];

#endif
