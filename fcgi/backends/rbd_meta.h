/* rbd_meta.h - reading RBD images cheaply: the image directory and the header objects. */
#ifndef OA_RBD_META_H
#define OA_RBD_META_H

#include <rados/librados.h>
#include <rbd/librbd.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

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
/*
 * The version of io's directory object, which every image added, removed or renamed
 * changes (one stat): 0 with *ver set (0 while there is none), or a negative errno.
 */
int image_dir_version(rados_ioctx_t io, uint64_t *ver);
/* Frees what image_fetch allocated in v[0..n). */
void image_info_release(struct image_info *v, size_t n);
/* Measures used bytes of v[0..n) with fast-diff (in parallel); others stay unknown. */
void image_fetch_used(rados_ioctx_t io, struct image_info *v, size_t n);
/* rbd_close and rbd_image_options_destroy as defer functions (req_defer, task_defer). */
void image_release(void *img);
void image_options_release(void *o);

#endif
