/*
 * rbd_trash.c - /api/clusters/{fsid}/pools/{pool}/trash: moving an image to the RBD
 * trash (with a deferment: it may not be purged before then), listing, restoring
 * (under its old or a new name) and purging, which deletes every object of the
 * image and so is a task (rbd.trash_remove). Purging before the deferment ends needs
 * ?force=true; it is checked here, so the task only fails on what changed meanwhile.
 * Trash entries are named by image id (what librbd uses); ?namespace= as for images.
 * An image someone has open is not moved (librbd would), as it is not deleted.
 */
#include "api/rbd/rbd.h"
#include "core/list.h"
#include "core/resp.h"
#include "server/tasks.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_DELAY (10L * 365 * 86400) /* ten years */

const struct field_spec trash_move_body[] = {
	{"image", J_STRING, 1, "the image to move to the trash"},
	{"delay_s", J_INT, 0, "seconds before it may be purged without force (default 0)"},
	{NULL, 0, 0, NULL},
};

const struct field_spec trash_restore_body[] = {
	{"name", J_STRING, 0, "restore under this name (default the name it had)"},
	{NULL, 0, 0, NULL},
};

static const char *
source_name(rbd_trash_image_source_t s)
{
	switch (s) {
	case RBD_TRASH_IMAGE_SOURCE_USER:
		return "user";
	case RBD_TRASH_IMAGE_SOURCE_MIRRORING:
		return "mirroring";
	case RBD_TRASH_IMAGE_SOURCE_MIGRATION:
		return "migration";
	case RBD_TRASH_IMAGE_SOURCE_REMOVING:
		return "removing";
	case RBD_TRASH_IMAGE_SOURCE_USER_PARENT:
		return "user_parent";
	}
	return "unknown";
}

static cJSON *
entry_json(const rbd_trash_image_info_t *e)
{
	cJSON *j = cJSON_CreateObject();

	cJSON_AddStringToObject(j, "id", e->id);
	cJSON_AddStringToObject(j, "name", e->name);
	json_add_time(j, "deleted_at", (long)e->deletion_time);
	json_add_time(j, "deferment_end", (long)e->deferment_end_time);
	cJSON_AddStringToObject(j, "source", source_name(e->source));
	return j;
}

/* Answers status with trash entry id (Location when 201). */
static int
entry_respond(struct req *r, rados_ioctx_t io, const char *id, int status)
{
	rbd_trash_image_info_t e;
	cJSON *j;
	int rc;

	if ((rc = rbd_trash_get(io, id, &e)) < 0)
		return resp_ceph_error(r, rc, NULL);
	j = entry_json(&e);
	rbd_trash_get_cleanup(&e);
	if (status == 201)
		resp_header(r, "Location: %s/%s", r->path, id);
	return resp_json(r, status, j);
}

/* Finds trash entry id: 0 with *e filled (clean it up), or 404 / the error answered. */
static int
entry_get(struct req *r, rados_ioctx_t io, const char *id, rbd_trash_image_info_t *e)
{
	int rc = rbd_trash_get(io, id, e);

	if (rc == -ENOENT)
		return resp_error(r, 404, "trash_entry_not_found", NULL,
				  "the trash of pool '%s' has no image with id '%s'",
				  req_param(r, "pool"), id);
	return rc < 0 ? resp_ceph_error(r, rc, NULL) : 0;
}

static const struct sort_field trash_list_sorts[] = {
	{"name", "name"},
	{"id", "id"},
	{"deleted_at", "deleted_at"},
	{"deferment_end", "deferment_end"},
	{NULL, NULL},
};
static const char *const trash_list_search[] = {"name", "id", NULL};
const struct list_spec trash_list_spec = {trash_list_sorts, "deleted_at", trash_list_search};

int
trash_list(struct req *r)
{
	struct list_params lp;
	rbd_trash_image_info_t *v = NULL;
	size_t max = 64;
	rados_ioctx_t io;
	cJSON *items;
	int rc;

	if ((rc = list_parse(r, &lp)) != 0 || (rc = image_req_ioctx(r, &io)) != 0)
		return rc;
	for (;;) {
		v = xrealloc(v, max * sizeof(*v));
		if ((rc = rbd_trash_list(io, v, &max)) != -ERANGE)
			break;
	}
	if (rc < 0) {
		free(v);
		return resp_ceph_error(r, rc, NULL);
	}
	items = cJSON_CreateArray();
	for (size_t i = 0; i < max; i++)
		cJSON_AddItemToArray(items, entry_json(&v[i]));
	rbd_trash_list_cleanup(v, max);
	free(v);
	return list_array(r, items, &lp);
}

int
trash_move(struct req *r)
{
	const char *name = json_str(r->body, "image");
	long delay = json_long(r->body, "delay_s", 0);
	rados_ioctx_t io;
	rbd_image_t img;
	char id[64] = "";
	int rc;

	if (delay < 0 || delay > MAX_DELAY)
		return resp_error(r, 422, "invalid_value", "delay_s",
				  "delay_s must be from 0 to %ld (ten years)", MAX_DELAY);
	if (!ceph_valid_image_name(name))
		return resp_error(r, 422, "invalid_value", "image", "'%s' is not an image name",
				  name ? name : "");
	/* librbd moves an image someone has open: its user would lose it unawares. */
	if ((rc = image_req_ioctx(r, &io)) != 0 ||
	    (rc = image_req_open(r, io, name, 0, &img)) != 0 ||
	    (rc = image_req_unused(r, img, name)) != 0)
		return rc;
	rbd_get_id(img, id, sizeof(id));
	if ((rc = rbd_trash_move(io, name, (uint64_t)delay)) < 0)
		return resp_ceph_error(r, rc, NULL);
	return entry_respond(r, io, id, 201);
}

int
trash_restore(struct req *r)
{
	const char *id = req_param(r, "id"), *to = json_str(r->body, "name");
	rbd_trash_image_info_t e;
	rados_ioctx_t io;
	char *name;
	int rc;

	if (to && (rc = ceph_check_image_name(r, to, "name", "image")) != 0)
		return rc;
	if ((rc = image_req_ioctx(r, &io)) != 0 || (rc = entry_get(r, io, id, &e)) != 0)
		return rc;
	name = xstrdup(to ? to : e.name);
	req_own(r, name);
	rbd_trash_get_cleanup(&e);
	if ((rc = image_req_absent(r, io, name, "name")) != 0)
		return rc;
	if ((rc = rbd_trash_restore(io, id, name)) == -EEXIST)
		return resp_error(r, 409, "image_exists", "name", "image '%s' already exists",
				  name);
	if (rc < 0)
		return resp_ceph_error(r, rc, NULL);
	return image_respond(r, io, name, 201);
}

/* 409 image_has_snapshots if the trashed image id has any, else 0. */
static int
check_no_snaps(struct req *r, rados_ioctx_t io, const char *id)
{
	rbd_image_t img;
	rbd_snap_info_t s[1];
	int max = 1, rc;

	if (rbd_open_by_id_read_only(io, id, &img, NULL) < 0)
		return 0; /* the task reports what librbd says */
	rc = rbd_snap_list(img, s, &max);
	if (rc > 0)
		rbd_snap_list_end(s);
	rbd_close(img);
	if (rc == -ERANGE || rc > 0)
		return resp_error(r, 409, "image_has_snapshots", NULL,
				  "the image in the trash has snapshots: restore it and delete "
				  "them first");
	return 0;
}

const struct field_spec trash_purge_query[] = {
	{"namespace", J_STRING, 0, "the RBD namespace (default: none)"},
	{"force", J_BOOL, 0, "true purges before the deferment ends"},
	{NULL, 0, 0, NULL},
};

int
trash_purge(struct req *r)
{
	const char *id = req_param(r, "id"), *f = req_query(r, "force");
	const char *ns = req_query(r, "namespace");
	int force = f && !strcmp(f, "true"), rc;
	rbd_trash_image_info_t e;
	rados_ioctx_t io;
	time_t until;
	char when[32];
	cJSON *target, *params;

	if ((rc = image_req_ioctx(r, &io)) != 0 || (rc = entry_get(r, io, id, &e)) != 0)
		return rc;
	until = e.deferment_end_time;
	rbd_trash_get_cleanup(&e);
	if (!force && until > time(NULL)) {
		rfc3339(until, when, sizeof(when));
		return resp_error(r, 409, "trash_deferred", NULL,
				  "the image may be purged from %s on; add ?force=true to purge "
				  "it now",
				  when);
	}
	if ((rc = check_no_snaps(r, io, id)) != 0)
		return rc;
	target = cJSON_CreateObject();
	cJSON_AddStringToObject(target, "fsid", r->cluster->fsid);
	cJSON_AddStringToObject(target, "pool", req_param(r, "pool"));
	cJSON_AddStringToObject(target, "namespace", ns ? ns : "");
	cJSON_AddStringToObject(target, "id", id);
	params = cJSON_CreateObject();
	cJSON_AddBoolToObject(params, "force", force);
	return task_queue(r, "rbd.trash_remove", target, params);
}

int
image_trash_remove_run(struct task *t)
{
	const char *id = json_str(t->target, "id");
	struct image_prog p = {t, 0, "purging"};
	rados_ioctx_t io;
	int rc;

	if (image_task_ioctx(t, "pool", "namespace", &io) != 0)
		return -1;
	rc = rbd_trash_remove_with_progress(
		io, id ? id : "",
		cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(t->params, "force")), image_task_cb,
		&p);
	/* A second attempt after a runner stopped may find it already gone. */
	if (rc == -ENOENT && t->attempt > 1)
		rc = 0;
	if (rc == -EPERM)
		return task_fail(t, "trash_deferred", "the image's deferment has not ended");
	if ((rc = image_task_finish(t, &p, rc, "purging the image")) == 0) {
		t->result = cJSON_CreateObject();
		cJSON_AddStringToObject(t->result, "pool", json_str(t->target, "pool") ?: "");
		cJSON_AddStringToObject(t->result, "id", id ? id : "");
	}
	return rc;
}
