/*
 * rbd_clone.c - layering: .../snapshots/{snap}/clone makes a clone of a snapshot
 * (rbd_clone3 takes milliseconds: synchronous, 201 with the new image), and
 * .../images/{image}/flatten copies a clone's parent data into it (a task,
 * rbd.flatten in rbd_tasks.c). A clone of an unprotected snapshot needs clone
 * format v2, which clients older than mimic cannot open: we make one only when the
 * cluster's require_min_compat_client is mimic or later (what librbd's "auto" clone
 * format also looks at), and otherwise ask for the snapshot to be protected.
 */
#include "api/rbd/rbd.h"
#include "backends/view.h"
#include "core/resp.h"
#include "server/tasks.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

const struct field_spec snaps_clone_body[] = {
	{"dest_pool", J_STRING, 1, "the pool of the clone"},
	{"dest_image", J_STRING, 1, "the clone's name: 1-95 bytes, no '/' or '@'"},
	{"dest_namespace", J_STRING, 0, "an RBD namespace of dest_pool"},
	{"features", J_ARRAY, 0, "the clone's features (with layering; default the parent's)"},
	{NULL, 0, 0, NULL},
};

/* Whether clients older than mimic are locked out, so clone v2 is safe. */
static int
v2_allowed(const cJSON *osd_dump)
{
	static const char *old[] = {"argonaut",   "bobtail", "cuttlefish", "dumpling",
				    "emperor",    "firefly", "giant",      "hammer",
				    "infernalis", "jewel",   "kraken",     "luminous"};
	const char *v = json_str(osd_dump, "require_min_compat_client");

	if (!v || !*v)
		return 0;
	for (size_t i = 0; i < ARRAY_LEN(old); i++)
		if (!strcmp(v, old[i]))
			return 0;
	return 1;
}

/*
 * Sets the clone format for snapshot snap of img: v2 when it is unprotected (and the
 * cluster allows it), else librbd's choice. 0, or 409 snapshot_not_protected answered.
 */
static int
clone_format(struct req *r, rbd_image_t img, const char *snap, rbd_image_options_t o)
{
	const cJSON *dump;
	int prot = 0, rc;

	if ((rc = rbd_snap_is_protected(img, snap, &prot)) < 0)
		return resp_ceph_error(r, rc, NULL);
	if (prot)
		return 0;
	/* The view may predate `ceph osd set-require-min-compat-client`: refuse on a fresh one. */
	for (int fresh = 0; fresh < 2; fresh++) {
		if (fresh)
			view_invalidate(r->cluster);
		if (!(dump = view_req(r, r->cluster, V_OSD_DUMP)))
			return r->status;
		if (v2_allowed(dump)) {
			rbd_image_options_set_uint64(o, RBD_IMAGE_OPTION_CLONE_FORMAT, 2);
			return 0;
		}
	}
	return resp_error(r, 409, "snapshot_not_protected", NULL,
			  "snapshot '%s' is not protected: protect it first (clones of unprotected "
			  "snapshots need require_min_compat_client mimic or later; this cluster "
			  "requires %s)",
			  snap, json_str(dump, "require_min_compat_client") ?: "?");
}

/* 409 image_exists (field) if name exists in io, else 0. */
int
image_req_absent(struct req *r, rados_ioctx_t io, const char *name, const char *field)
{
	rbd_image_t img;
	int rc = rbd_open_read_only(io, name, &img, NULL);

	if (rc == 0) {
		rbd_close(img);
		return resp_error(r, 409, "image_exists", field, "image '%s' already exists", name);
	}
	return rc == -ENOENT ? 0 : resp_ceph_error(r, rc, NULL);
}

/* The features option of a clone: only with layering. 0, or 422 answered. */
static int
clone_features(struct req *r, rbd_image_options_t o)
{
	const cJSON *fj = cJSON_GetObjectItemCaseSensitive(r->body, "features");
	uint64_t bits;
	int rc;

	if (!fj)
		return 0;
	if ((rc = image_features_parse(r, fj, &bits)) != 0)
		return rc;
	if (!(bits & RBD_FEATURE_LAYERING))
		return resp_error(r, 422, "invalid_value", "features", "a clone needs layering");
	rbd_image_options_set_uint64(o, RBD_IMAGE_OPTION_FEATURES, bits);
	return 0;
}

int
snaps_clone(struct req *r)
{
	const char *image = req_param(r, "image"), *snap = req_param(r, "snap");
	const char *dpool = json_str(r->body, "dest_pool"),
		   *dname = json_str(r->body, "dest_image");
	const char *dns = json_str(r->body, "dest_namespace");
	rados_ioctx_t io, dio;
	rbd_image_t img;
	rbd_image_options_t o;
	bool exists = false;
	int rc;

	rbd_image_options_create(&o);
	req_defer(r, image_options_release, o);
	if ((rc = ceph_check_image_name(r, dname, "dest_image", "image")) != 0)
		return rc;
	if ((rc = clone_features(r, o)) != 0 || (rc = image_req_ioctx(r, &io)) != 0 ||
	    (rc = image_req_open(r, io, image, 0, &img)) != 0)
		return rc;
	if ((rc = rbd_snap_exists(img, snap, &exists)) < 0 || !exists)
		return rc < 0 ? resp_ceph_error(r, rc, NULL)
			      : resp_error(r, 404, "snapshot_not_found", NULL,
					   "image '%s' has no snapshot '%s'", image, snap);
	if ((rc = image_req_other_ioctx(r, dpool, dns, "dest_pool", "dest_namespace", &dio)) != 0 ||
	    (rc = image_req_absent(r, dio, dname, "dest_image")) != 0 ||
	    (rc = clone_format(r, img, snap, o)) != 0)
		return rc;
	rc = rbd_clone3(io, image, snap, dio, dname, o);
	if ((rc = ceph_check_created(r, rc, "image", "dest_image", dname)) != 0)
		return rc;
	return image_respond_in(r, dio, dpool, dns, dname, 201);
}

int
images_flatten(struct req *r)
{
	const char *name = req_param(r, "image"), *ns = req_query(r, "namespace");
	rados_ioctx_t io;
	rbd_image_t img;
	rbd_linked_image_spec_t pi;
	rbd_snap_spec_t ps;
	cJSON *target;
	int rc;

	if ((rc = image_req_ioctx(r, &io)) != 0 || (rc = image_req_open(r, io, name, 0, &img)) != 0)
		return rc;
	if ((rc = rbd_get_parent(img, &pi, &ps)) == -ENOENT)
		return resp_error(r, 422, "not_a_clone", NULL,
				  "image '%s' has no parent: there is nothing to flatten", name);
	if (rc < 0)
		return resp_ceph_error(r, rc, NULL);
	rbd_linked_image_spec_cleanup(&pi);
	rbd_snap_spec_cleanup(&ps);
	target = cJSON_CreateObject();
	cJSON_AddStringToObject(target, "fsid", r->cluster->fsid);
	cJSON_AddStringToObject(target, "pool", req_param(r, "pool"));
	cJSON_AddStringToObject(target, "namespace", ns ? ns : "");
	cJSON_AddStringToObject(target, "image", name);
	return task_queue(r, "rbd.flatten", target, cJSON_CreateObject());
}
