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
	if ((rc = ceph_ioctx(c, pool ? pool : "", io)) == -ENOENT)
		return task_fail(t, "pool_not_found", "pool '%s' does not exist", pool ? pool : "");
	if (rc < 0)
		return task_fail_ceph(t, rc, c->error,
				      c->connected ? "opening the pool"
						   : "connecting to the cluster");
	task_defer(t, ceph_ioctx_release, *io);
	if (ns && *ns)
		rados_ioctx_set_namespace(*io, ns);
	return 0;
}

int
image_task_finish(struct task *t, struct image_prog *p, int rc, const char *what)
{
	if (p->stop)
		return p->stop;
	return rc < 0 ? task_fail_ceph(t, rc, NULL, what) : 0;
}

/*
 * The skeleton of a kind that works on the target's image: opens its pool (and the
 * image, unless op works on the pool), runs op with progress, and treats accept_again
 * (an errno a second attempt finds when the first one got through) as done. The
 * result names the image. 0, or the outcome for the runner.
 */
static int
image_task_run(struct task *t, const char *what, int open_image, int accept_again,
	       int (*op)(struct task *t, rados_ioctx_t io, rbd_image_t img, struct image_prog *p))
{
	const char *name = json_str(t->target, "image");
	struct image_prog p = {t, 0, what};
	rados_ioctx_t io;
	rbd_image_t img = NULL;
	int rc;

	if (image_task_ioctx(t, "pool", "namespace", &io) != 0)
		return -1;
	if (!open_image || (rc = rbd_open(io, name ? name : "", &img, NULL)) == 0) {
		if (img)
			task_defer(t, image_release, img);
		rc = op(t, io, img, &p);
	}
	if (rc == accept_again && t->attempt > 1)
		rc = 0;
	if ((rc = image_task_finish(t, &p, rc, what)) == 0) {
		t->result = cJSON_CreateObject();
		cJSON_AddStringToObject(t->result, "pool", json_str(t->target, "pool") ?: "");
		cJSON_AddStringToObject(t->result, "image", name ? name : "");
	}
	return rc;
}

static int
delete_op(struct task *t, rados_ioctx_t io, rbd_image_t img, struct image_prog *p)
{
	(void)img;
	return rbd_remove_with_progress(io, json_str(t->target, "image") ?: "", image_task_cb, p);
}

int
image_delete_run(struct task *t)
{
	/* A second attempt after a runner stopped may find the image already gone. */
	return image_task_run(t, "deleting the image", 0, -ENOENT, delete_op);
}

static int
rollback_op(struct task *t, rados_ioctx_t io, rbd_image_t img, struct image_prog *p)
{
	(void)io;
	return rbd_snap_rollback_with_progress(img, json_str(t->target, "snapshot") ?: "",
					       image_task_cb, p);
}

int
image_rollback_run(struct task *t)
{
	int rc = image_task_run(t, "rolling back", 1, 0, rollback_op);

	if (rc == 0)
		cJSON_AddStringToObject(t->result, "snapshot",
					json_str(t->target, "snapshot") ?: "");
	return rc;
}

static int
flatten_op(struct task *t, rados_ioctx_t io, rbd_image_t img, struct image_prog *p)
{
	(void)t;
	(void)io;
	return rbd_flatten_with_progress(img, image_task_cb, p);
}

int
image_flatten_run(struct task *t)
{
	/* A second attempt finds the clone already flat: librbd answers EINVAL. */
	return image_task_run(t, "flattening", 1, -EINVAL, flatten_op);
}
