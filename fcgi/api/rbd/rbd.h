/* rbd.h - what the RBD files share: an image's description, reading it, opening pools and images.
 */
#ifndef OA_RBD_H
#define OA_RBD_H

#include <rados/librados.h>
#include <rbd/librbd.h>
#include <stdint.h>
#include <time.h>

#include "backends/ceph.h"
#include "core/req.h"

/* An image as the API describes it; name and id are owned by the caller. */
struct image_info {
	const char *name, *id;
	int rc; /* 0, or why the header could not be read (negative errno) */
	uint64_t size, features, stripe_unit, stripe_count;
	int order;
	int64_t data_pool; /* -1 = none */
	uint32_t snap_count;
	time_t created;
	int64_t parent_pool;                                             /* -1 = no parent */
	char *parent_pool_name, *parent_ns, *parent_image, *parent_snap; /* owned */
	int has_used;                                                    /* used was measured */
	uint64_t used;
};

/*
 * Fills v[0..n) (name and id set) from the images' header objects: every header
 * read is in flight at once, so n images cost about one round trip. Images whose
 * header cannot be read this way, and clones (for their parent's names), are opened
 * with librbd instead. An image that disappeared meanwhile keeps rc = -ENOENT.
 */
void image_fetch(rados_ioctx_t io, struct image_info *v, size_t n);
/*
 * The image names and ids of io's pool/namespace (new array of *n, sorted by name,
 * free with image_dir_free): the directory in one request, or rbd_list2 where
 * format 1 images exist. 0 or a negative errno.
 */
int image_dir_list(rados_ioctx_t io, rbd_image_spec_t **v, size_t *n);
void image_dir_free(rbd_image_spec_t *v, size_t n);
/* Frees what image_fetch allocated in v[0..n). */
void image_info_release(struct image_info *v, size_t n);
/* Measures used bytes of v[0..n) with fast-diff (in parallel); others stay unknown. */
void image_fetch_used(rados_ioctx_t io, struct image_info *v, size_t n);
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
/* True for image and snapshot names we accept: 1-95 bytes, no '/', '@', control chars. */
int image_valid_name(const char *name);

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
/* An ioctx for the task target's fsid, pool_key and ns_key members: 0, or -1 after task_fail. */
int image_task_ioctx(struct task *t, const char *pool_key, const char *ns_key, rados_ioctx_t *io);
/* The end of a librbd call: 0, what task_progress said (p->stop), or -1 with the failure. */
int image_task_finish(struct task *t, struct image_prog *p, int rc, const char *what);
#endif
