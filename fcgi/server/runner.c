/*
 * runner.c - a task runner process. It sleeps on LISTEN oa_tasks (no polling),
 * claims the oldest queued task with FOR UPDATE SKIP LOCKED, so any number of runners
 * on any number of hosts run each task once, and calls the kind's function. Kinds
 * that mostly wait (Salt jobs: start + poll) are followed up to followed_per_runner at
 * a time, each polled when its next_ms is due; while it holds some, a runner claims
 * only more of those, and only when one is the oldest queued task (FIFO: no other
 * kind waits behind them for longer than they take). A thread with its own connection
 * beats the heartbeat of every task in hand and fails tasks whose runner stopped
 * beating (runner_lost), so no task stays running forever. SIGTERM: the tasks in hand
 * stop at their next progress report or poll and go back to the queue.
 *
 * Threads: two. The main thread runs the kinds; the heartbeat thread (heartbeat_main)
 * has its own PostgreSQL connection, blocks every signal, and shares only the
 * in_hand[] ids (atomics) with it. A kind may start threads of its own (the RBD
 * header reader does, backends/rbd_meta.c) and joins them before it returns. What a
 * kind acquires goes through task_defer and is released in end(); the kind and task
 * tables are the ones main passed to runner_main.
 */
#include "server/runner.h"
#include "backends/ceph.h"
#include "backends/db.h"
#include "backends/rgw.h"
#include "backends/salt.h"
#include "backends/view.h"
#include "core/json.h"
#include "core/log.h"
#include "server/changes.h"
#include "server/tasks.h"

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

#define MAX_FOLLOWED 64

static char runner_id[128];
static volatile sig_atomic_t stopping;
static struct task followed[MAX_FOLLOWED]; /* the followed tasks in hand */
static int nfollowed;
static char followable[256]; /* "{kind,...}": the kinds with start and poll */
/* The ids in hand for the heartbeat thread: followed[i] at i, a task being run at the end. */
static atomic_long in_hand[MAX_FOLLOWED + 1];

static void
on_term(int sig)
{
	(void)sig;
	stopping = 1;
}

int
task_stopping(void)
{
	return stopping;
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

/* task_fail with a plain message and an error id; the detail goes to the log. */
static int
fail_logged(struct task *t, const char *code, const char *plain, const char *detail)
{
	char *id = random_token(NULL, 6);

	log_err("task %ld (%s): error %s (%s): %s", t->id, t->kind, id, code, detail);
	task_fail(t, code, "%s (error %s; the server log has the details)", plain, id);
	free(id);
	return -1;
}

int
task_fail_ceph(struct task *t, int rc, const char *msg, const char *what)
{
	struct ceph_err e = ceph_error_of(rc);
	char detail[512], plain[256];

	snprintf(detail, sizeof(detail), "%s: %s", what, msg && *msg ? msg : strerror(-rc));
	if (e.status < 500)
		return task_fail(t, e.code, "%s", detail);
	snprintf(plain, sizeof(plain), "%s: %s", what, e.plain);
	return fail_logged(t, e.code, plain, detail);
}

int
task_fail_salt(struct task *t, int rc, const char *err)
{
	return fail_logged(t, salt_error_code(rc), salt_error_text(rc), err);
}

int
task_fail_rgw(struct task *t, const struct rgw_call *call, const char *what)
{
	struct rgw_err e = rgw_error_of(call);
	const char *msg = call->json ? json_str(call->json, "Message") : NULL;
	char detail[512], plain[256];

	snprintf(detail, sizeof(detail), "%s: %s", what, call->err);
	if (e.status >= 500) {
		snprintf(plain, sizeof(plain), "%s: %s", what, e.plain);
		return fail_logged(t, e.code, plain, detail);
	}
	if (msg && *msg)
		return task_fail(t, e.code, "%s: %s", what, msg);
	return task_fail(t, e.code, "%s: %s", what, e.plain ? e.plain : call->code);
}

void
task_defer(struct task *t, void (*fn)(void *), void *ptr)
{
	defers_add(&t->defers, fn, ptr);
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
		/* The database is away: the work goes on, finish() records its end later. */
		return rc == -ENOTCONN || rc == -ETIMEDOUT ? 0 : rc;
	changes_note(T_TASKS);
	rc = PQntuples(res) == 0 ? -ECANCELED : db_bool(res, 0, 0) ? -ECANCELED : 0;
	PQclear(res);
	return rc;
}

/*
 * The heartbeat thread: beat for the tasks in hand, fail tasks of runners that died.
 * It judges others only on a connection up for stale_s: after a database outage every
 * live runner gets that long to beat again before its tasks count as lost.
 */
static void *
heartbeat_main(void *arg)
{
	PGconn *c = NULL;
	char stale[24], ids[(MAX_FOLLOWED + 1) * 21 + 3];
	double up_since = 0;
	sigset_t all;

	(void)arg;
	/* Signals are for the main thread: SIGTERM must interrupt its wait, not this sleep. */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, NULL);
	snprintf(stale, sizeof(stale), "%ld", oa_config->task_stale_s);
	for (;;) {
		sleep((unsigned)oa_config->task_heartbeat_s);
		if (!c) {
			if (!(c = db_connect_new()))
				continue;
			up_since = now_ms();
		}
		const char *p[] = {ids, runner_id}, *q[] = {stale};
		size_t n = 0;
		for (int i = 0; i <= MAX_FOLLOWED; i++) {
			long id = atomic_load(&in_hand[i]);
			if (id)
				n += (size_t)snprintf(ids + n, sizeof(ids) - n, "%s%ld",
						      n ? "," : "{", id);
		}
		snprintf(ids + n, sizeof(ids) - n, "}");
		PGresult *res = n ? PQexecParams(c,
						 "UPDATE tasks SET heartbeat_at = now() "
						 "WHERE id = ANY ($1::bigint[]) AND runner = $2 "
						 "AND state = 'running'",
						 2, NULL, p, NULL, NULL, 0)
				  : NULL;
		PQclear(res);
		res = NULL;
		if (now_ms() - up_since >= oa_config->task_stale_s * 1000.0)
			res = PQexecParams(
				c,
				"UPDATE tasks SET state = 'failed', finished_at = now(), "
				"error = jsonb_build_object('code', 'runner_lost', 'message', "
				" 'runner ' || coalesce(runner, '?') || ' stopped answering; "
				"last heartbeat ' || heartbeat_at::text) "
				"WHERE state = 'running' AND heartbeat_at < now() - $1::int * "
				"interval '1 second' RETURNING id, runner",
				1, NULL, q, NULL, NULL, 0);
		if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) > 0)
			changes_note(T_TASKS);
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

/* The task-kind table main passed down. */
static const struct task_kind *kinds;

static const struct task_kind *
find_kind(const char *name)
{
	for (const struct task_kind *k = kinds; k->name; k++)
		if (!strcmp(k->name, name))
			return k;
	return NULL;
}

/*
 * Claims the oldest queued task, if its kind is one of only ("{a,b}"; NULL: any).
 * 1 = claimed into t, 0 = none, <0 = database trouble.
 */
static int
claim(struct task *t, const char *only)
{
	const char *p[] = {runner_id, only};
	PGresult *res;
	int rc;

	if ((rc = db_exec(&res,
			  "UPDATE tasks SET state = 'running', started_at = now(), "
			  "heartbeat_at = now(), runner = $1, attempts = attempts + 1 "
			  "WHERE id = (SELECT id FROM tasks WHERE state = 'queued' ORDER BY id "
			  " FOR UPDATE SKIP LOCKED LIMIT 1) "
			  "AND ($2::text[] IS NULL OR kind = ANY ($2::text[])) "
			  "RETURNING id, kind, params::text, target::text, attempts",
			  2, p)) < 0)
		return rc;
	if (PQntuples(res) == 0) {
		PQclear(res);
		return 0;
	}
	changes_note(T_TASKS);
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
		cJSON_AddStringToObject(e, "message",
					t->err_msg[0] ? t->err_msg : "the task failed");
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
					    "progress = CASE WHEN $2 = 'succeeded' THEN 100 ELSE "
					    "progress END, "
					    "message = CASE WHEN $2 = 'cancelled' THEN 'cancelled' "
					    "ELSE message END "
					    "WHERE id = $1 AND runner = $5 AND state = 'running'",
					    5, p);
		if (rc2 == 0) {
			PQclear(res);
			changes_note(T_TASKS);
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

/* Records the outcome rc of t and lets go of it. */
static void
end(struct task *t, int rc)
{
	const char *fsid = json_str(t->target, "fsid");
	struct ceph *c = fsid ? ceph_by_fsid(fsid) : NULL;

	if (c)
		view_note_change(c); /* what it changed shows in kept answers at once */
	finish(t, rc);
	defers_run(&t->defers);
	cJSON_Delete(t->params);
	cJSON_Delete(t->target);
	cJSON_Delete(t->result);
}

/* Runs t to its end (a kind with run), or takes it in hand (one with start and poll). */
static void
take(struct task *t)
{
	const struct task_kind *k = find_kind(t->kind);
	int rc;

	log_info("task %ld (%s) started", t->id, t->kind);
	atomic_store(&in_hand[MAX_FOLLOWED], t->id);
	if (!k)
		rc = task_fail(t, "unknown_kind", "no task kind '%s' in this version", t->kind);
	else if (!t->params || !t->target)
		rc = task_fail(t, "bad_task", "the task's params or target are not JSON");
	else
		rc = k->start ? k->start(t) : k->run(t);
	if (rc == 1 && k && k->start) {
		followed[nfollowed] = *t;
		atomic_store(&in_hand[nfollowed++], t->id);
		atomic_store(&in_hand[MAX_FOLLOWED], 0);
		return;
	}
	end(t, rc);
	atomic_store(&in_hand[MAX_FOLLOWED], 0);
}

/*
 * Polls every followed task that is due (all of them when stopping); ends those done.
 * Returns how many ended.
 */
static int
poll_due(void)
{
	int ended = 0;

	for (int i = 0; i < nfollowed;) {
		struct task *t = &followed[i];
		int rc;
		if (!stopping && t->next_ms > now_ms()) {
			i++;
			continue;
		}
		if ((rc = find_kind(t->kind)->poll(t)) == 1) {
			i++;
			continue;
		}
		end(t, rc);
		ended++;
		followed[i] = followed[--nfollowed];
		atomic_store(&in_hand[i], followed[i].id); /* the moved one is never missing */
		atomic_store(&in_hand[nfollowed], 0);
	}
	return ended;
}

/* Milliseconds until the first followed task is due (-1: none in hand). */
static int
next_due_ms(void)
{
	double first = -1;

	for (int i = 0; i < nfollowed; i++)
		if (first < 0 || followed[i].next_ms < first)
			first = followed[i].next_ms;
	if (first < 0)
		return -1;
	return first <= now_ms() ? 0 : (int)(first - now_ms()) + 1;
}

/*
 * Waits for a NOTIFY, a signal, or max_ms (-1: the heartbeat interval); returns at
 * once if a NOTIFY arrived since the last call (*heard: the count it saw), so one that
 * came while the queue was being looked at is not slept through.
 */
static void
wait_for_work(uint64_t *heard, int max_ms)
{
	int wait_ms = (int)oa_config->task_heartbeat_s * 1000;
	uint64_t now = db_heard("oa_tasks"); /* LISTENs on a new connection */
	struct pollfd pfd;

	if (max_ms >= 0 && max_ms < wait_ms)
		wait_ms = max_ms;
	if (!now) {
		poll(NULL, 0, wait_ms < 1000 ? wait_ms : 1000);
		return;
	}
	if (now != *heard) {
		*heard = now;
		return; /* a task was queued since the queue was looked at: look again */
	}
	pfd.fd = PQsocket(db_conn());
	pfd.events = POLLIN;
	poll(&pfd, 1, wait_ms); /* what arrives is read by the next db_heard */
}

void
runner_main(const struct config *c, const struct task_kind *table)
{
	struct sigaction sa = {.sa_handler = on_term};
	uint64_t heard = 0;
	pthread_t hb;
	struct task t;

	kinds = table;
	prctl(PR_SET_NAME, "oa-runner");
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	snprintf(runner_id, sizeof(runner_id), "%s/%d", c->instance, (int)getpid());
	ceph_clusters_init(c);
	if (pthread_create(&hb, NULL, heartbeat_main, NULL) != 0) {
		log_err("cannot start the heartbeat thread");
		_exit(1);
	}
	for (const struct task_kind *k = kinds; k->name; k++)
		if (k->start)
			snprintf(followable + strlen(followable),
				 sizeof(followable) - strlen(followable), "%s%s",
				 followable[0] ? "," : "{", k->name);
	snprintf(followable + strlen(followable), sizeof(followable) - strlen(followable), "%s",
		 followable[0] ? "}" : "{}");
	log_info("runner %s ready", runner_id);
	while (!stopping) {
		/* While holding followed tasks, claim only more of them (never block them). */
		if (nfollowed < oa_config->followed_per_runner &&
		    claim(&t, nfollowed ? followable : NULL) > 0) {
			take(&t);
			continue; /* look for more at once */
		}
		/* Room was made: look at the queue again before sleeping (NOTIFY came earlier). */
		if (poll_due() == 0)
			wait_for_work(&heard, next_due_ms());
	}
	poll_due(); /* stopping: every followed task goes back to the queue */
	log_info("runner %s stopped", runner_id);
	_exit(0);
}
