/*
 * taskkinds.c - the one table of task kinds: the name stored in tasks.kind and the
 * function a runner calls. Each kind lives in the file of its resource.
 */
#include "tasks.h"

const struct task_kind task_kinds[] = {
	{"maintenance.purge", purge_run,
	 "deletes old finished tasks, expired sessions, old login failures and audit rows"},
	{"pool.create", pool_create_run, "creates a pool and waits for its placement groups"},
	{"pool.delete", pool_delete_run, "deletes a pool"},
	{NULL, NULL, NULL},
};
