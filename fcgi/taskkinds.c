/*
 * taskkinds.c - the one table of task kinds: the name stored in tasks.kind and the
 * function a runner calls (or, for a kind a runner follows several of at once, its
 * start and poll). Each kind lives in the file of its resource.
 */
#include "api/admin/admin.h"
#include "api/cephfs/cephfs.h"
#include "api/cluster/cluster.h"
#include "api/pools/pools.h"
#include "api/rbd/rbd.h"
#include "api/rgw/rgw.h"
#include "server/salt_jobs.h"
#include "server/tasks.h"
#include "tables.h"

const struct task_kind task_kinds[] = {
	{"maintenance.purge", purge_run,
	 "deletes old finished tasks, expired sessions, old login failures and audit rows", NULL,
	 NULL},
	{"cephfs.create", cephfs_create_run,
	 "creates a file system (and its pools) and waits until an MDS is active", NULL, NULL},
	{"cephfs.delete", cephfs_delete_run, "deletes a file system (and, when asked, its pools)",
	 NULL, NULL},
	{"osd.remove", NULL,
	 "takes an OSD out of service: out, waits for its data to move and its daemon to stop, "
	 "then purges or destroys it",
	 osd_remove_start, osd_remove_poll},
	{"pool.create", pool_create_run, "creates a pool and waits for its placement groups", NULL,
	 NULL},
	{"pool.delete", pool_delete_run, "deletes a pool", NULL, NULL},
	{"rbd.delete", image_delete_run, "deletes an RBD image, object by object", NULL, NULL},
	{"rbd.snap_rollback", image_rollback_run, "rolls an RBD image back to a snapshot", NULL,
	 NULL},
	{"rbd.flatten", image_flatten_run, "copies a clone's parent data into it", NULL, NULL},
	{"rbd.copy", image_copy_run, "copies an RBD image (deep: with its snapshots)", NULL, NULL},
	{"rbd.trash_remove", image_trash_remove_run, "purges an RBD image from the trash", NULL,
	 NULL},
	{"rgw.user_delete", rgw_user_delete_run,
	 "deletes an Object Gateway user with its buckets and their objects", NULL, NULL},
	{"rgw.bucket_delete", rgw_bucket_delete_run,
	 "deletes an Object Gateway bucket with its objects", NULL, NULL},
	{"salt.job", NULL, "runs a Salt function on minions and follows the job", salt_job_start,
	 salt_job_poll},
	{NULL, NULL, NULL, NULL, NULL},
};
