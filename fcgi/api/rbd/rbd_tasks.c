/*
 * rbd_tasks.c - the RBD task kinds: deleting an image (rbd.delete), rolling an image
 * back to a snapshot (rbd.snap_rollback) and flattening a clone (rbd.flatten), and the
 * helpers the other RBD kinds (rbd_copy.c, rbd_trash.c) share. librbd's _with_progress
 * calls report objects done / objects in all; that becomes the task's progress, and a
 * cancel seen by task_progress makes the callback return non-zero, which stops the
 * librbd calls that check it (remove, rollback, flatten: not copy, see rbd_copy.c).
 */
#include "api/rbd/rbd.h"
#include "server/tasks.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int
image_task_cb(uint64_t done, uint64_t total, void *arg)
{
	struct image_prog *p = arg;
	int pct = total ? (int)(done * 99 / total) : 0;

	if (!p->stop)
		p->stop = task_progress(p->t, pct, "%s: %llu of %llu objects", p->what,
		                        (unsigned long long)done, (unsigned long long)total);
	return p->stop;
}

int
image_task_ioctx(struct task *t, const char *pool_key, const char *ns_key, rados_ioctx_t *io)
{
	const char *fsid = json_str(t->target, "fsid"), *pool = json_str(t->target, pool_key);
	const char *ns = json_str(t->target, ns_key);
	struct ceph *c = fsid ? ceph_by_fsid(fsid) : NULL;
	int rc;

	if (!c)
		return task_fail(t, "cluster_not_found", "no configured cluster has fsid '%s'",
		                 fsid ? fsid : "");
	if ((rc = ceph_connect(c)) < 0)
		return task_fail(t, "cluster_unreachable", "%s", c->error);
	if ((rc = rados_ioctx_create(c->rados, pool ? pool : "", io)) == -ENOENT &&
	    rados_wait_for_latest_osdmap(c->rados) == 0)
		rc = rados_ioctx_create(c->rados, pool ? pool : "", io);
	if (rc < 0)
		return task_fail(t, rc == -ENOENT ? "pool_not_found" : "ceph_error",
		                 "pool '%s': %s", pool ? pool : "", strerror(-rc));
	if (ns && *ns)
		rados_ioctx_set_namespace(*io, ns);
	return 0;
}

int
image_task_finish(struct task *t, struct image_prog *p, int rc, const char *what)
{
	if (p->stop)
		return p->stop;
	if (rc < 0)
		return task_fail(t,
		                 rc == -ENOENT  ? "not_found"
		                 : rc == -EBUSY ? "busy"
		                                : "ceph_error",
		                 "%s: %s", what, strerror(-rc));
	return 0;
}

static void
result(struct task *t)
{
	t->result = cJSON_CreateObject();
	cJSON_AddStringToObject(t->result, "pool", json_str(t->target, "pool") ?: "");
	cJSON_AddStringToObject(t->result, "image", json_str(t->target, "image") ?: "");
}

int
image_delete_run(struct task *t)
{
	const char *name = json_str(t->target, "image");
	struct image_prog p = {t, 0, "deleting"};
	rados_ioctx_t io;
	int rc;

	if (image_task_ioctx(t, "pool", "namespace", &io) != 0)
		return -1;
	rc = rbd_remove_with_progress(io, name ? name : "", image_task_cb, &p);
	rados_ioctx_destroy(io);
	/* A second attempt after a runner stopped may find the image already gone. */
	if (rc == -ENOENT && t->attempt > 1)
		rc = 0;
	if ((rc = image_task_finish(t, &p, rc, "deleting the image")) == 0)
		result(t);
	return rc;
}

int
image_rollback_run(struct task *t)
{
	const char *name = json_str(t->target, "image"), *snap = json_str(t->target, "snapshot");
	struct image_prog p = {t, 0, "rolling back"};
	rados_ioctx_t io;
	rbd_image_t img;
	int rc;

	if (image_task_ioctx(t, "pool", "namespace", &io) != 0)
		return -1;
	if ((rc = rbd_open(io, name ? name : "", &img, NULL)) == 0) {
		rc = rbd_snap_rollback_with_progress(img, snap ? snap : "", image_task_cb, &p);
		rbd_close(img);
	}
	rados_ioctx_destroy(io);
	if ((rc = image_task_finish(t, &p, rc, "rolling back")) == 0) {
		result(t);
		cJSON_AddStringToObject(t->result, "snapshot", snap ? snap : "");
	}
	return rc;
}

int
image_flatten_run(struct task *t)
{
	const char *name = json_str(t->target, "image");
	struct image_prog p = {t, 0, "flattening"};
	rados_ioctx_t io;
	rbd_image_t img;
	int rc;

	if (image_task_ioctx(t, "pool", "namespace", &io) != 0)
		return -1;
	if ((rc = rbd_open(io, name ? name : "", &img, NULL)) == 0) {
		rc = rbd_flatten_with_progress(img, image_task_cb, &p);
		rbd_close(img);
	}
	rados_ioctx_destroy(io);
	/* A second attempt finds the clone already flat: librbd answers EINVAL. */
	if (rc == -EINVAL && t->attempt > 1)
		rc = 0;
	if ((rc = image_task_finish(t, &p, rc, "flattening")) == 0)
		result(t);
	return rc;
}
