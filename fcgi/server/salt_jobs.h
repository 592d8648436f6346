/* salt_jobs.h - the salt.job task kind: a Salt job submitted and followed to its return. */
#ifndef OA_SALT_JOBS_H
#define OA_SALT_JOBS_H

#include "core/req.h"
#include "server/tasks.h"

/*
 * Queues a "salt.job" task running fun (args owned, may be NULL) on the minions tgt
 * matches, waiting for them up to timeout_s; target (owned) describes it. Returns the
 * status answered (202).
 */
int salt_job_queue(struct req *r, const char *tgt, const char *tgt_type, const char *fun,
		   cJSON *args, long timeout_s, cJSON *target);
/*
 * The same as several Salt jobs of fun followed as one task: each (owned) is an array
 * of {"tgt", "tgt_type", "arg"}, one job each, submitted in one POST /; tgt and
 * tgt_type describe them together (the task's target.tgt and the no-minion message).
 * A job's arguments reach only the minions its tgt matches: what differs per minion
 * (a gateway's own secrets) goes in its own entry. Returns the status answered (202).
 */
int salt_job_queue_each(struct req *r, const char *tgt, const char *tgt_type, const char *fun,
			cJSON *each, long timeout_s, cJSON *target);
/* The kind's start and poll (taskkinds.c). */
int salt_job_start(struct task *t);
int salt_job_poll(struct task *t);

#endif
