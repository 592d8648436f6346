/*
 * rbd_snaps.c - .../images/{image}/snapshots: list, create, rename and protect /
 * unprotect, delete, and rollback (a task, rbd_tasks.c). A snapshot that is protected
 * or has clones is not deleted: the 409 names the clones, so the user knows what to
 * flatten or delete first.
 */
#include "api/rbd/rbd.h"
#include "core/list.h"
#include "core/resp.h"
#include "server/tasks.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

const struct field_spec snaps_create_body[] = {
	{"name", J_STRING, 1, "1-95 bytes, no '/' or '@'"},
	{NULL, 0, 0, NULL},
};

const struct field_spec snaps_patch_body[] = {
	{"name", J_STRING, 0, "a new name (rename)"},
	{"protected", J_BOOL, 0, "protect (clones need it) or unprotect"},
	{NULL, 0, 0, NULL},
};

static cJSON *
snap_json(rbd_image_t img, const rbd_snap_info_t *s)
{
	cJSON *j = cJSON_CreateObject();
	struct timespec ts = {0, 0};
	int prot = 0;

	rbd_snap_is_protected(img, s->name, &prot);
	rbd_snap_get_timestamp(img, s->id, &ts);
	cJSON_AddStringToObject(j, "name", s->name);
	cJSON_AddNumberToObject(j, "id", (double)s->id);
	cJSON_AddNumberToObject(j, "size", (double)s->size);
	cJSON_AddBoolToObject(j, "protected", prot);
	json_add_time(j, "created_at", (long)ts.tv_sec);
	return j;
}

/* The image's snapshots as API items (new array), or NULL with the error answered. */
static cJSON *
all_snaps(struct req *r, rbd_image_t img)
{
	int max = 16, rc;
	rbd_snap_info_t *s = NULL;
	cJSON *a;

	for (;;) {
		s = xrealloc(s, (size_t)max * sizeof(*s));
		if ((rc = rbd_snap_list(img, s, &max)) != -ERANGE)
			break;
	}
	if (rc < 0) {
		free(s);
		resp_ceph_error(r, rc, NULL);
		return NULL;
	}
	a = cJSON_CreateArray();
	for (int i = 0; i < rc; i++)
		cJSON_AddItemToArray(a, snap_json(img, &s[i]));
	rbd_snap_list_end(s);
	free(s);
	return a;
}

/* Opens the {image} of the path (rw for changes). 0, or 404/503 answered. */
static int
open_image(struct req *r, int rw, rados_ioctx_t *io, rbd_image_t *img)
{
	int rc;

	if ((rc = image_req_ioctx(r, io)) != 0)
		return rc;
	return image_req_open(r, *io, req_param(r, "image"), rw, img);
}

static const struct sort_field snaps_list_sorts[] = {
	{"id", "id"}, {"name", "name"}, {"size", "size"}, {"created_at", "created_at"},
	{NULL, NULL},
};
static const char *const snaps_list_search[] = {"name", NULL};
const struct list_spec snaps_list_spec = {snaps_list_sorts, "id", snaps_list_search};

int
snaps_list(struct req *r)
{
	struct list_params lp;
	rados_ioctx_t io;
	rbd_image_t img;
	cJSON *items;
	int rc;

	if ((rc = list_parse(r, &lp)) != 0 || (rc = open_image(r, 0, &io, &img)) != 0)
		return rc;
	if (!(items = all_snaps(r, img)))
		return r->status;
	return list_array(r, items, &lp);
}

/* Answers status with snapshot name of img (404 if none). */
static int
snap_respond(struct req *r, rbd_image_t img, const char *name, int status)
{
	cJSON *all = all_snaps(r, img), *it, *found = NULL;

	if (!all)
		return r->status;
	cJSON_ArrayForEach(it, all)
		if (!strcmp(json_str(it, "name") ?: "", name)) {
			found = cJSON_DetachItemViaPointer(all, it);
			break;
		}
	cJSON_Delete(all);
	if (!found)
		return resp_error(r, 404, "snapshot_not_found", NULL,
				  "image '%s' has no snapshot '%s'", req_param(r, "image"), name);
	if (status == 201)
		resp_header(r, "Location: %s/%s", r->path, name);
	return resp_json(r, status, found);
}

int
snaps_create(struct req *r)
{
	const char *name = json_str(r->body, "name");
	rados_ioctx_t io;
	rbd_image_t img;
	int rc;

	if ((rc = ceph_check_image_name(r, name, "name", "snapshot")) != 0)
		return rc;
	if ((rc = open_image(r, 1, &io, &img)) != 0)
		return rc;
	rc = rbd_snap_create(img, name);
	if ((rc = ceph_check_created(r, rc, "snapshot", "name", name)) != 0)
		return rc;
	return snap_respond(r, img, name, 201);
}

/* Checks that snapshot name exists: 0, or 404 answered. */
static int
snap_exists(struct req *r, rbd_image_t img, const char *name)
{
	bool exists = false;
	int rc = rbd_snap_exists(img, name, &exists);

	if (rc < 0)
		return resp_ceph_error(r, rc, NULL);
	if (!exists)
		return resp_error(r, 404, "snapshot_not_found", NULL,
				  "image '%s' has no snapshot '%s'", req_param(r, "image"), name);
	return 0;
}

/* "pool/image" of each clone of snapshot snap (new string), or NULL if it has none. */
static char *
children(rados_ioctx_t io, const char *image, const char *snap)
{
	rbd_image_t img;
	rbd_linked_image_spec_t *c = NULL;
	size_t max = 8;
	struct buf b;
	int rc;

	if (rbd_open_read_only(io, image, &img, snap) < 0)
		return NULL;
	for (;;) {
		c = xrealloc(c, max * sizeof(*c));
		if ((rc = rbd_list_children3(img, c, &max)) != -ERANGE)
			break;
	}
	rbd_close(img);
	if (rc < 0 || max == 0) {
		free(c);
		return NULL;
	}
	buf_init(&b);
	for (size_t i = 0; i < max; i++)
		buf_printf(&b, "%s%s/%s%s%s", i ? ", " : "", c[i].pool_name, c[i].pool_namespace,
			   *c[i].pool_namespace ? "/" : "", c[i].image_name);
	rbd_linked_image_spec_list_cleanup(c, max);
	free(c);
	return b.data;
}

static int
has_children(struct req *r, rados_ioctx_t io, const char *snap, const char *what)
{
	char *kids = children(io, req_param(r, "image"), snap);

	if (!kids)
		return 0;
	req_own(r, kids);
	return resp_error(r, 409, "snapshot_has_children", NULL,
			  "snapshot '%s' has clones (%s): flatten or delete them before you %s it",
			  snap, kids, what);
}

/* Protects or unprotects snap as wanted. 0, or 4xx/5xx answered. */
static int
set_protected(struct req *r, rados_ioctx_t io, rbd_image_t img, const char *snap, int want)
{
	int prot = 0, rc;

	if ((rc = rbd_snap_is_protected(img, snap, &prot)) < 0)
		return resp_ceph_error(r, rc, NULL);
	if (prot == want)
		return 0;
	if (!want && (rc = has_children(r, io, snap, "unprotect")) != 0)
		return rc;
	rc = want ? rbd_snap_protect(img, snap) : rbd_snap_unprotect(img, snap);
	return rc < 0 ? resp_ceph_error(r, rc, NULL) : 0;
}

int
snaps_patch(struct req *r)
{
	const char *snap = req_param(r, "snap"), *to = json_str(r->body, "name");
	const cJSON *prot = cJSON_GetObjectItemCaseSensitive(r->body, "protected");
	rados_ioctx_t io;
	rbd_image_t img;
	bool exists = false;
	int rc;

	if (to && (rc = ceph_check_image_name(r, to, "name", "snapshot")) != 0)
		return rc;
	if ((rc = open_image(r, 1, &io, &img)) != 0 || (rc = snap_exists(r, img, snap)) != 0)
		return rc;
	if (to && strcmp(to, snap) && rbd_snap_exists(img, to, &exists) == 0 && exists)
		return resp_error(r, 409, "snapshot_exists", "name", "snapshot '%s' already exists",
				  to);
	if (prot && (rc = set_protected(r, io, img, snap, cJSON_IsTrue(prot))) != 0)
		return rc;
	if (to && strcmp(to, snap)) {
		if ((rc = rbd_snap_rename(img, snap, to)) < 0)
			return resp_ceph_error(r, rc, NULL);
		snap = to;
	}
	return snap_respond(r, img, snap, 200);
}

int
snaps_delete(struct req *r)
{
	const char *snap = req_param(r, "snap");
	rados_ioctx_t io;
	rbd_image_t img;
	int prot = 0, rc;

	if ((rc = open_image(r, 1, &io, &img)) != 0 || (rc = snap_exists(r, img, snap)) != 0)
		return rc;
	if ((rc = has_children(r, io, snap, "delete")) != 0)
		return rc;
	if (rbd_snap_is_protected(img, snap, &prot) == 0 && prot)
		return resp_error(r, 409, "snapshot_protected", NULL,
				  "snapshot '%s' is protected: unprotect it first", snap);
	if ((rc = rbd_snap_remove(img, snap)) < 0)
		return resp_ceph_error(r, rc, NULL);
	return resp_empty(r, 204);
}

int
snaps_rollback(struct req *r)
{
	const char *snap = req_param(r, "snap"), *ns = req_query(r, "namespace");
	rados_ioctx_t io;
	rbd_image_t img;
	cJSON *target;
	int rc;

	if ((rc = open_image(r, 0, &io, &img)) != 0 || (rc = snap_exists(r, img, snap)) != 0)
		return rc;
	target = cJSON_CreateObject();
	cJSON_AddStringToObject(target, "fsid", r->cluster->fsid);
	cJSON_AddStringToObject(target, "pool", req_param(r, "pool"));
	cJSON_AddStringToObject(target, "namespace", ns ? ns : "");
	cJSON_AddStringToObject(target, "image", req_param(r, "image"));
	cJSON_AddStringToObject(target, "snapshot", snap);
	return task_queue(r, "rbd.snap_rollback", target, cJSON_CreateObject());
}
