/* tasks.h - long work: the task row, queuing one from a handler, and the kinds table. */
#ifndef OA_TASKS_H
#define OA_TASKS_H

#include <libpq-fe.h>

#include "core/req.h"

struct rgw_call;

/* The columns task_row reads, in its order (from table alias t). */
#define TASK_COLS                                                                                  \
	"t.id, t.kind, t.state, t.progress, t.message, t.target::text, t.result::text, "           \
	"t.error::text, t.created_by, extract(epoch FROM t.created_at)::bigint, "                  \
	"extract(epoch FROM t.started_at)::bigint, extract(epoch FROM t.finished_at)::bigint"

/* The API's task object from a row of TASK_COLS. */
cJSON *task_row(const PGresult *res, int row);
/*
 * Queues a task (takes ownership of target and params), records its id for the audit
 * row and answers 202 with Location and the task. Returns the status.
 */
int task_queue(struct req *r, const char *kind, cJSON *target, cJSON *params);

/* A task being run by a runner. */
struct task {
	long id;
	int attempt; /* 1 the first time; more after a runner put it back */
	char kind[64];
	cJSON *params, *target;
	cJSON *result;     /* set by the kind's function; owned by the task */
	char err_code[64]; /* set with task_fail */
	char err_msg[512];
	double last_write_ms; /* progress writes are rate limited */
	void *state;          /* a followed kind's own state between polls */
	double next_ms;       /* a followed task: when its poll is due (now_ms() clock) */
	struct defers defers; /* released when the task ends (task_defer) */
};

/*
 * Reports progress (0-100; -1 keeps it) and a message, at most a few writes a second. Returns 0
 * to go on, -ECANCELED when the task was cancelled, -EINTR when the runner is asked
 * to stop (the task is put back in the queue). A report the database cannot take
 * while it is away is skipped (0): the work goes on, its end is recorded when it is back.
 * A kind's function calls it between steps and returns what it got when non-zero.
 */
int task_progress(struct task *t, int pct, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Records why the task failed; returns -1 for the kind's function to return. */
int task_fail(struct task *t, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/*
 * Runs fn(ptr) when the task ends, whatever the outcome: the task-side req_defer,
 * so a kind releases nothing by hand on an early return (with the release
 * functions the backends export: ceph_ioctx_release, image_release, json_release).
 */
void task_defer(struct task *t, void (*fn)(void *), void *ptr);
/*
 * The task side of the one error mapping per library. task_fail_ceph: the code
 * ceph_error_of gives rc (cluster_unreachable for a cluster that times out, in every
 * kind), the message "what: msg" (Ceph's message, else strerror). task_fail_salt:
 * salt_error_code's. A transport failure (cluster or salt-api not answering) gets a
 * plain message with an error id; its detail goes to the log. task_fail_rgw: the code
 * rgw_error_of gives the failed call, the message "what: RGW's Message" (else the
 * plain words). All return -1.
 */
int task_fail_ceph(struct task *t, int rc, const char *msg, const char *what);
int task_fail_salt(struct task *t, int rc, const char *err);
int task_fail_rgw(struct task *t, const struct rgw_call *call, const char *what);
/* True once the runner is asked to stop: a followed task's poll returns -EINTR. */
int task_stopping(void);

/*
 * One kind of task: its name and either the function that does the work (run: 0 =
 * succeeded), or, for a kind that mostly waits on another system (a Salt job), a
 * start and a poll, so that one runner follows several such tasks at once: start
 * sets t->next_ms and returns 1 (in hand) or the outcome; poll, called when
 * t->next_ms is due, checks once and returns 1 (not yet, next_ms set) or the
 * outcome, having released t->state. Outcomes are as run's.
 */
struct task_kind {
	const char *name;
	int (*run)(struct task *t);
	const char *summary;
	int (*start)(struct task *t);
	int (*poll)(struct task *t);
};

#endif
