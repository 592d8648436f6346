/*
 * taskkinds.c - the one table of task kinds: the name stored in tasks.kind and the
 * function a runner calls. Each kind lives in the file of its resource.
 */
#include "tasks.h"

const struct task_kind task_kinds[] = {
	{"maintenance.purge", purge_run,
	 "deletes old finished tasks, expired sessions, old login failures and audit rows"},
	{NULL, NULL, NULL},
};
