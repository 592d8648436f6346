/*
 * runner.c - a task runner process. It sleeps on LISTEN oa_tasks (no polling),
 * claims one queued task with FOR UPDATE SKIP LOCKED, so any number of runners on any
 * number of hosts run each task once, and calls the kind's function. A thread with its
 * own connection beats the heartbeat of the task in hand and fails tasks whose runner
 * stopped beating (runner_lost), so no task stays running forever. SIGTERM: the task in
 * hand stops at its next progress report and goes back to the queue.
 */
#include "runner.h"
#include "ceph.h"
#include "db.h"
#include "log.h"
#include "salt.h"
#include "tasks.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

static const struct config *rcfg;
static char runner_id[128];
static volatile sig_atomic_t stopping;
static atomic_long current_task;

static void
on_term(int sig)
{
	(void)sig;
	stopping = 1;
}

int
task_fail(struct task *t, const char *code, const char *fmt, ...)
{
	va_list ap;

	snprintf(t->err_code, sizeof(t->err_code), "%s", code);
	va_start(ap, fmt);
	vsnprintf(t->err_msg, sizeof(t->err_msg), fmt, ap);
	va_end(ap);
	return -1;
}

int
task_progress(struct task *t, int pct, const char *fmt, ...)
{
	char msg[512], spct[8], sid[24];
	const char *p[] = {sid, spct, msg, runner_id};
	PGresult *res;
	va_list ap;
	int rc;

	if (stopping)
		return -EINTR;
	if (now_ms() - t->last_write_ms < 250 && pct < 100)
		return 0;
	t->last_write_ms = now_ms();
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(spct, sizeof(spct), "%d", pct < 0 ? -1 : pct > 100 ? 100 : pct);
	snprintf(sid, sizeof(sid), "%ld", t->id);
	if ((rc = db_exec(&res,
			  "UPDATE tasks SET progress = CASE WHEN $2::int < 0 THEN progress "
			  "ELSE $2::int END, message = $3, heartbeat_at = now() "
			  "WHERE id = $1 AND runner = $4 AND state = 'running' "
			  "RETURNING cancel_requested",
			  4, p)) < 0)
		return rc;
	rc = PQntuples(res) == 0 ? -ECANCELED : db_bool(res, 0, 0) ? -ECANCELED : 0;
	PQclear(res);
	return rc;
}

/* The heartbeat thread: beat for the task in hand, fail tasks of runners that died. */
static void *
heartbeat_main(void *arg)
{
	PGconn *c = NULL;
	char stale[24], sid[24];
	sigset_t all;

	(void)arg;
	/* Signals are for the main thread: SIGTERM must interrupt its wait, not this sleep. */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, NULL);
	snprintf(stale, sizeof(stale), "%ld", rcfg->task_stale_s);
	for (;;) {
		sleep((unsigned)rcfg->task_heartbeat_s);
		if (!c && !(c = db_connect_new()))
			continue;
		long id = atomic_load(&current_task);
		const char *p[] = {sid, runner_id}, *q[] = {stale};
		snprintf(sid, sizeof(sid), "%ld", id);
		PGresult *res = id ? PQexecParams(c,
						  "UPDATE tasks SET heartbeat_at = now() "
						  "WHERE id = $1 AND runner = $2 AND state = 'running'",
						  2, NULL, p, NULL, NULL, 0)
				   : NULL;
		PQclear(res);
		res = PQexecParams(c,
				   "UPDATE tasks SET state = 'failed', finished_at = now(), "
				   "error = jsonb_build_object('code', 'runner_lost', 'message', "
				   " 'runner ' || coalesce(runner, '?') || ' stopped answering; "
				   "last heartbeat ' || heartbeat_at::text) "
				   "WHERE state = 'running' AND heartbeat_at < now() - $1::int * "
				   "interval '1 second' RETURNING id, runner",
				   1, NULL, q, NULL, NULL, 0);
		for (int i = 0; PQresultStatus(res) == PGRES_TUPLES_OK && i < PQntuples(res); i++)
			log_warn("task %s failed: its runner %s was lost", PQgetvalue(res, i, 0),
				 PQgetvalue(res, i, 1));
		PQclear(res);
		if (PQstatus(c) != CONNECTION_OK) {
			PQfinish(c);
			c = NULL;
		}
	}
	return NULL;
}

static const struct task_kind *
find_kind(const char *name)
{
	for (const struct task_kind *k = task_kinds; k->name; k++)
		if (!strcmp(k->name, name))
			return k;
	return NULL;
}

/* Claims the oldest queued task. 1 = claimed into t, 0 = none, <0 = database trouble. */
static int
claim(struct task *t)
{
	const char *p[] = {runner_id};
	PGresult *res;
	int rc;

	if ((rc = db_exec(&res,
			  "UPDATE tasks SET state = 'running', started_at = now(), "
			  "heartbeat_at = now(), runner = $1, attempts = attempts + 1 "
			  "WHERE id = (SELECT id FROM tasks WHERE state = 'queued' ORDER BY id "
			  " FOR UPDATE SKIP LOCKED LIMIT 1) "
			  "RETURNING id, kind, params::text, target::text, attempts",
			  1, p)) < 0)
		return rc;
	if (PQntuples(res) == 0) {
		PQclear(res);
		return 0;
	}
	memset(t, 0, sizeof(*t));
	t->id = db_long(res, 0, 0);
	snprintf(t->kind, sizeof(t->kind), "%s", db_str(res, 0, 1));
	t->params = cJSON_Parse(db_str(res, 0, 2));
	t->target = cJSON_Parse(db_str(res, 0, 3));
	t->attempt = (int)db_long(res, 0, 4);
	PQclear(res);
	return 1;
}

/* Writes the outcome; retried while the database is away, so a result is not lost. */
static void
finish(struct task *t, int rc)
{
	char sid[24], *result = t->result ? cJSON_PrintUnformatted(t->result) : NULL, *error = NULL;
	const char *state = rc == 0 ? "succeeded" : rc == -ECANCELED ? "cancelled" : "failed";
	const char *p[5] = {sid, state, result, NULL, runner_id};
	PGresult *res;

	snprintf(sid, sizeof(sid), "%ld", t->id);
	if (rc != 0 && rc != -ECANCELED) {
		cJSON *e = cJSON_CreateObject();
		cJSON_AddStringToObject(e, "code", t->err_code[0] ? t->err_code : "failed");
		cJSON_AddStringToObject(e, "message", t->err_msg[0] ? t->err_msg : "the task failed");
		error = cJSON_PrintUnformatted(e);
		cJSON_Delete(e);
		p[3] = error;
	}
	for (int tries = 0; tries < 30; tries++) {
		int rc2 = rc == -EINTR
				  ? db_exec(&res,
					    "UPDATE tasks SET state = 'queued', runner = NULL, "
					    "started_at = NULL, heartbeat_at = NULL, "
					    "message = 'put back in the queue' "
					    "WHERE id = $1 AND runner = $2 AND state = 'running'",
					    2, (const char *[]){sid, runner_id})
				  : db_exec(&res,
					    "UPDATE tasks SET state = $2, result = $3::jsonb, "
					    "error = $4::jsonb, finished_at = now(), "
					    "progress = CASE WHEN $2 = 'succeeded' THEN 100 ELSE progress END, "
					    "message = CASE WHEN $2 = 'cancelled' THEN 'cancelled' "
					    "ELSE message END "
					    "WHERE id = $1 AND runner = $5 AND state = 'running'",
					    5, p);
		if (rc2 == 0) {
			PQclear(res);
			break;
		}
		log_err("cannot record the end of task %ld (retrying): %s", t->id, db_error());
		sleep(1);
	}
	log_info("task %ld (%s) %s%s%s", t->id, t->kind, rc == -EINTR ? "put back" : state,
		 p[3] ? ": " : "", p[3] ? p[3] : "");
	free(result);
	free(error);
}

static void
run_one(struct task *t)
{
	const struct task_kind *k = find_kind(t->kind);
	int rc;

	atomic_store(&current_task, t->id);
	log_info("task %ld (%s) started", t->id, t->kind);
	if (!k)
		rc = task_fail(t, "unknown_kind", "no task kind '%s' in this version", t->kind);
	else if (!t->params || !t->target)
		rc = task_fail(t, "bad_task", "the task's params or target are not JSON");
	else
		rc = k->run(t);
	finish(t, rc);
	atomic_store(&current_task, 0);
	cJSON_Delete(t->params);
	cJSON_Delete(t->target);
	cJSON_Delete(t->result);
}

/* Waits for a NOTIFY (or the timeout, or a signal); LISTENs after (re)connecting. */
static void
wait_for_work(long *listening)
{
	PGconn *c = db_conn();
	PGresult *res;
	PGnotify *n;
	struct pollfd pfd;

	if (!c) {
		sleep(1);
		return;
	}
	if (db_generation() != *listening) {
		res = PQexec(c, "LISTEN oa_tasks");
		PQclear(res);
		*listening = db_generation();
		return; /* look at the queue once more before sleeping */
	}
	pfd.fd = PQsocket(c);
	pfd.events = POLLIN;
	if (poll(&pfd, 1, (int)rcfg->task_heartbeat_s * 1000) > 0)
		PQconsumeInput(c);
	while ((n = PQnotifies(c)))
		PQfreemem(n);
}

void
runner_main(const struct config *c)
{
	struct sigaction sa = {.sa_handler = on_term};
	long listening = 0;
	pthread_t hb;
	struct task t;

	rcfg = c;
	prctl(PR_SET_NAME, "oa-runner");
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	snprintf(runner_id, sizeof(runner_id), "%s/%d", c->instance, (int)getpid());
	db_init(c);
	ceph_init(c);
	salt_init(c);
	if (pthread_create(&hb, NULL, heartbeat_main, NULL) != 0) {
		log_err("cannot start the heartbeat thread");
		_exit(1);
	}
	log_info("runner %s ready", runner_id);
	while (!stopping) {
		int rc = claim(&t);
		if (rc > 0)
			run_one(&t);
		else
			wait_for_work(&listening);
	}
	log_info("runner %s stopped", runner_id);
	_exit(0);
}
