/*
 * rbd_images.c - changing images: create (rbd_create4 takes milliseconds, so it is
 * synchronous), update (resize, features, rename) and delete, which is a task
 * (rbd_tasks.c) because removing a large image deletes every one of its objects.
 * Everything a user can get wrong is checked before librbd is asked, with the field
 * to blame; an image someone has open is refused before the task is queued.
 */
#include "api/rbd/rbd.h"
#include "backends/view.h"
#include "core/resp.h"
#include "server/tasks.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SIZE 9007199254740992.0 /* 2^53: what a JSON number holds exactly */

const struct field_spec images_create_body[] = {
	{"name", J_STRING, 1, "1-95 bytes, no '/' or '@'"},
	{"size", J_INT, 1, "bytes (an integer: no units)"},
	{"obj_size", J_INT, 0, "object size: a power of two from 4096 to 33554432 (default 4 MiB)"},
	{"features", J_ARRAY, 0,
	 "layering, exclusive-lock, object-map, fast-diff, deep-flatten, journaling "
	 "(default all but journaling)"},
	{"stripe_unit", J_INT, 0, "bytes; divides obj_size (default obj_size)"},
	{"stripe_count", J_INT, 0, "objects a stripe spans (default 1)"},
	{"data_pool", J_STRING, 0, "a pool (e.g. erasure-coded) for the data objects"},
	{NULL, 0, 0, NULL},
};

const struct field_spec images_patch_body[] = {
	{"name", J_STRING, 0, "a new name (rename)"},
	{"size", J_INT, 0, "bytes; smaller than now only with allow_shrink"},
	{"allow_shrink", J_BOOL, 0, "true to let size shrink the image (data past it is lost)"},
	{"features", J_ARRAY, 0,
	 "the wanted set: exclusive-lock, object-map, fast-diff, journaling can be enabled "
	 "and disabled, deep-flatten only disabled"},
	{NULL, 0, 0, NULL},
};

/* A size field: absent (0 with *v untouched), valid (0), or 422 answered. */
static int
check_size(struct req *r, const char *field, double min, double *v)
{
	const cJSON *j = cJSON_GetObjectItemCaseSensitive(r->body, field);

	if (!j)
		return 0;
	if (j->valuedouble < min || j->valuedouble > MAX_SIZE)
		return resp_error(r, 422, "invalid_value", field, "%s must be from %.0f to 2^53",
				  field, min);
	*v = j->valuedouble;
	return 0;
}

/* The `osd pool ls detail` entry of pool name in pools, or NULL. */
static const cJSON *
raw_pool(const cJSON *pools, const char *name)
{
	const cJSON *p;

	cJSON_ArrayForEach(p, pools)
		if (!strcmp(json_str(p, "pool_name") ?: "", name))
			return p;
	return NULL;
}

enum pool_problem { POOL_OK, POOL_EC_METADATA, POOL_NO_DATA_POOL, POOL_NO_OVERWRITES };

static enum pool_problem
pool_problem(const cJSON *pools, const char *pool, const char *data_pool)
{
	const cJSON *p = raw_pool(pools, pool), *d;

	if (p && jnum(p, "type") == 3)
		return POOL_EC_METADATA;
	if (!data_pool)
		return POOL_OK;
	if (!(d = raw_pool(pools, data_pool)))
		return POOL_NO_DATA_POOL;
	if (jnum(d, "type") == 3 && !strstr(json_str(d, "flags_names") ?: "", "ec_overwrites"))
		return POOL_NO_OVERWRITES;
	return POOL_OK;
}

/* Metadata in a replicated pool; a data pool that exists and, if erasure, allows overwrites. */
static int
check_pools(struct req *r, const char *pool, const char *data_pool)
{
	const cJSON *pools;
	enum pool_problem why = POOL_OK;

	/* The view may be older than a change made just now: refuse only on a fresh one. */
	for (int fresh = 0; fresh < 2; fresh++) {
		if (fresh)
			view_invalidate(r->cluster);
		if (!(pools = view_req(r, r->cluster, V_POOLS)))
			return r->status;
		if ((why = pool_problem(pools, pool, data_pool)) == POOL_OK)
			return 0;
	}
	switch (why) {
	case POOL_EC_METADATA:
		return resp_error(
			r, 422, "invalid_value", data_pool ? "data_pool" : NULL,
			"pool '%s' is erasure-coded: an image's metadata needs a replicated "
			"pool; create the image there with data_pool '%s'",
			pool, pool);
	case POOL_NO_DATA_POOL:
		return resp_error(r, 422, "invalid_value", "data_pool", "pool '%s' does not exist",
				  data_pool);
	default:
		return resp_error(r, 422, "invalid_value", "data_pool",
				  "erasure-coded pool '%s' does not allow overwrites "
				  "(set allow_ec_overwrites)",
				  data_pool);
	}
}

/* Checks obj_size and striping, setting the options. 0, or 422 answered. */
static int
layout_options(struct req *r, rbd_image_options_t o)
{
	double os = 4194304, su = 0, sc = 0;
	int order = 0, rc;

	if ((rc = check_size(r, "obj_size", 4096, &os)) != 0)
		return rc;
	while ((1ULL << order) < (uint64_t)os)
		order++;
	if ((1ULL << order) != (uint64_t)os || order > 25)
		return resp_error(r, 422, "invalid_value", "obj_size",
				  "obj_size must be a power of two from 4096 to 33554432");
	rbd_image_options_set_uint64(o, RBD_IMAGE_OPTION_ORDER, (uint64_t)order);
	if ((rc = check_size(r, "stripe_unit", 1, &su)) != 0 ||
	    (rc = check_size(r, "stripe_count", 1, &sc)) != 0)
		return rc;
	if (su && ((uint64_t)os % (uint64_t)su || (uint64_t)su < 4096))
		return resp_error(r, 422, "invalid_value", "stripe_unit",
				  "stripe_unit must be at least 4096 and divide obj_size (%.0f)",
				  os);
	if (su || sc) {
		rbd_image_options_set_uint64(o, RBD_IMAGE_OPTION_STRIPE_UNIT,
					     (uint64_t)(su ? su : os));
		rbd_image_options_set_uint64(o, RBD_IMAGE_OPTION_STRIPE_COUNT,
					     (uint64_t)(sc ? sc : 1));
	}
	return 0;
}

int
images_create(struct req *r)
{
	const char *name = json_str(r->body, "name"), *dp = json_str(r->body, "data_pool");
	const cJSON *fj = cJSON_GetObjectItemCaseSensitive(r->body, "features");
	uint64_t features = RBD_FEATURES_DEFAULT;
	rbd_image_options_t o;
	rados_ioctx_t io;
	double size = 0;
	int rc;

	rbd_image_options_create(&o);
	req_defer(r, image_options_release, o);
	if ((rc = ceph_check_image_name(r, name, "name", "image")) != 0)
		return rc;
	if ((rc = check_size(r, "size", 0, &size)) != 0 || (rc = layout_options(r, o)) != 0)
		return rc;
	if (fj && (rc = image_features_parse(r, fj, &features)) != 0)
		return rc;
	rbd_image_options_set_uint64(o, RBD_IMAGE_OPTION_FEATURES,
				     features & ~RBD_FEATURE_DATA_POOL);
	if (dp)
		rbd_image_options_set_string(o, RBD_IMAGE_OPTION_DATA_POOL, dp);
	if ((rc = image_req_ioctx(r, &io)) != 0 ||
	    (rc = check_pools(r, req_param(r, "pool"), dp)) != 0)
		return rc;
	rc = rbd_create4(io, name, (uint64_t)size, o);
	if ((rc = ceph_check_created(r, rc, "image", "name", name)) != 0)
		return rc;
	return image_respond(r, io, name, 201);
}

static int
no_progress(uint64_t done, uint64_t total, void *arg)
{
	(void)done, (void)total, (void)arg;
	return 0;
}

#define TOGGLE                                                                                     \
	(RBD_FEATURE_EXCLUSIVE_LOCK | RBD_FEATURE_OBJECT_MAP | RBD_FEATURE_FAST_DIFF |             \
	 RBD_FEATURE_JOURNALING)

/* Turns the wanted feature names into bits to enable and disable. 0, or 422 answered. */
static int
feature_change(struct req *r, uint64_t cur, uint64_t *on, uint64_t *off)
{
	const cJSON *fj = cJSON_GetObjectItemCaseSensitive(r->body, "features");
	uint64_t want;
	int rc;

	*on = *off = 0;
	if (!fj)
		return 0;
	if ((rc = image_features_parse(r, fj, &want)) != 0)
		return rc;
	if ((want ^ cur) & RBD_FEATURE_LAYERING)
		return resp_error(r, 422, "invalid_value", "features",
				  "layering cannot be changed after an image is created");
	if (want & ~cur & RBD_FEATURE_DEEP_FLATTEN)
		return resp_error(r, 422, "invalid_value", "features",
				  "deep-flatten can only be disabled");
	*on = want & ~cur & TOGGLE;
	*off = cur & ~want & (TOGGLE | RBD_FEATURE_DEEP_FLATTEN);
	return 0;
}

/* Checks a PATCH against the image. 0, or 4xx answered. */
static int
check_patch(struct req *r, rados_ioctx_t io, rbd_image_t img, uint64_t *on, uint64_t *off)
{
	const char *name = req_param(r, "image"), *to = json_str(r->body, "name");
	uint64_t size = 0, features = 0;
	double want = -1;
	int rc;
	rbd_image_t other;

	rbd_get_size(img, &size);
	rbd_get_features(img, &features);
	if ((rc = check_size(r, "size", 0, &want)) != 0)
		return rc;
	if (want >= 0 && (uint64_t)want < size &&
	    !cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r->body, "allow_shrink")))
		return resp_error(r, 422, "invalid_value", "size",
				  "shrinking image '%s' from %llu to %.0f bytes destroys the data "
				  "past the new end: add \"allow_shrink\": true",
				  name, (unsigned long long)size, want);
	if ((rc = feature_change(r, features, on, off)) != 0 ||
	    (rc = image_features_check(r, (features | *on) & ~*off)) != 0)
		return rc;
	if (!to || !strcmp(to, name))
		return 0;
	if ((rc = ceph_check_image_name(r, to, "name", "image")) != 0)
		return rc;
	if (rbd_open_read_only(io, to, &other, NULL) == 0) {
		rbd_close(other);
		return resp_error(r, 409, "image_exists", "name", "image '%s' already exists", to);
	}
	return 0;
}

int
images_patch(struct req *r)
{
	const char *name = req_param(r, "image"), *to = json_str(r->body, "name");
	const cJSON *size = cJSON_GetObjectItemCaseSensitive(r->body, "size");
	uint64_t on = 0, off = 0, cur = 0;
	rados_ioctx_t io;
	rbd_image_t img;
	int rc = 0;

	if ((rc = image_req_ioctx(r, &io)) != 0 ||
	    (rc = image_req_open(r, io, name, 1, &img)) != 0 ||
	    (rc = check_patch(r, io, img, &on, &off)) != 0)
		return rc;
	rbd_get_size(img, &cur);
	if (size && (uint64_t)size->valuedouble != cur)
		rc = rbd_resize2(img, (uint64_t)size->valuedouble, true, no_progress, NULL);
	if (rc == 0 && off)
		rc = rbd_update_features(img, off, 0);
	if (rc == 0 && on)
		rc = rbd_update_features(img, on, 1);
	if (rc == 0 && to && strcmp(to, name)) {
		if ((rc = rbd_rename(io, name, to)) == -EEXIST)
			return resp_error(r, 409, "image_exists", "name",
					  "image '%s' already exists", to);
		name = to;
	}
	if (rc < 0)
		return resp_ceph_error(r, rc, NULL);
	return image_respond(r, io, name, 200);
}

int
image_req_unused(struct req *r, rbd_image_t img, const char *name)
{
	size_t max = 16;
	rbd_image_watcher_t w[16];
	struct buf b;
	int rc;

	if ((rc = rbd_watchers_list(img, w, &max)) == -ERANGE)
		return resp_error(r, 409, "image_busy", NULL, "image '%s' is open by %zu clients",
				  name, max);
	if (rc < 0)
		return resp_ceph_error(r, rc, NULL);
	if (max == 0)
		return 0;
	buf_init(&b);
	for (size_t i = 0; i < max; i++)
		buf_printf(&b, "%sclient.%lld at %s", i ? ", " : "", (long long)w[i].id,
			   w[i].addr ? w[i].addr : "?");
	rbd_watchers_list_cleanup(w, max);
	req_own(r, b.data);
	return resp_error(r, 409, "image_busy", NULL, "image '%s' is open by %s: close it first",
			  name, b.data);
}

int
images_delete(struct req *r)
{
	const char *name = req_param(r, "image"), *ns = req_query(r, "namespace");
	rados_ioctx_t io;
	rbd_image_t img;
	rbd_snap_info_t snaps[1];
	int max = 1, rc;
	cJSON *target;

	if ((rc = image_req_ioctx(r, &io)) != 0 ||
	    (rc = image_req_open(r, io, name, 0, &img)) != 0 ||
	    (rc = image_req_unused(r, img, name)) != 0)
		return rc;
	if ((rc = rbd_snap_list(img, snaps, &max)) == -ERANGE || rc > 0) {
		if (rc > 0)
			rbd_snap_list_end(snaps);
		return resp_error(r, 409, "image_has_snapshots", NULL,
				  "image '%s' has snapshots: delete them first", name);
	}
	target = cJSON_CreateObject();
	cJSON_AddStringToObject(target, "fsid", r->cluster->fsid);
	cJSON_AddStringToObject(target, "pool", req_param(r, "pool"));
	cJSON_AddStringToObject(target, "namespace", ns ? ns : "");
	cJSON_AddStringToObject(target, "image", name);
	return task_queue(r, "rbd.delete", target, cJSON_CreateObject());
}
