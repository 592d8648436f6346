/*
 * salt_jobs.c - a Salt job as a task ("salt.job"), which a runner follows beside
 * others: start, then a poll whenever t->next_ms is due; nothing here sleeps. The job
 * is submitted with local_async, its jid noted on the task, and GET /jobs/<jid> is
 * polled with a back-off (0.25 s doubling to 2 s) until every targeted minion has
 * returned or the job's timeout passes; progress is returned / targeted minions, and
 * each minion's result is kept. A minion that fails (retcode, success false) or never
 * answers fails the task with the per-minion detail. salt-api down: retried every
 * 0.5 s for three times the salt timeout (at least 10 s), then salt_unreachable; a
 * salt-api restarted within that time is followed on (the master keeps its job
 * cache; the session is logged in again). A task put back in the queue by a stopping
 * runner follows the jid it noted instead of submitting the job twice. No request
 * worker waits for a job.
 */
#include "server/salt_jobs.h"
#include "backends/ceph.h"
#include "backends/db.h"
#include "backends/salt.h"
#include "core/json.h"
#include "core/resp.h"
#include "server/tasks.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define COMMENT_MAX 512
#define RETURN_MAX  16384

/* Queues a Salt job task: tgt (glob or compound), fun, args (owned, may be NULL). */
int
salt_job_queue(struct req *r, const char *tgt, const char *tgt_type, const char *fun, cJSON *args,
	       long timeout_s, cJSON *target)
{
	cJSON *p = cJSON_CreateObject();

	cJSON_AddStringToObject(p, "tgt", tgt);
	cJSON_AddStringToObject(p, "tgt_type", tgt_type);
	cJSON_AddStringToObject(p, "fun", fun);
	cJSON_AddItemToObject(p, "arg", args ? args : cJSON_CreateArray());
	cJSON_AddNumberToObject(p, "timeout_s", (double)timeout_s);
	cJSON_AddStringToObject(target, "tgt", tgt);
	cJSON_AddStringToObject(target, "fun", fun);
	return task_queue(r, "salt.job", target, p);
}

/*
 * Writes the jid and minions into the task's target, so the API shows them at once,
 * and drops the job's arguments from the stored parameters.
 */
static void
note_job(struct task *t, const char *jid, const cJSON *minions)
{
	cJSON *n = cJSON_CreateObject();
	char *text, sid[24];
	PGresult *res;

	cJSON_AddStringToObject(n, "jid", jid);
	cJSON_AddItemToObject(n, "minions", cJSON_Duplicate(minions, 1));
	text = cJSON_PrintUnformatted(n);
	snprintf(sid, sizeof(sid), "%ld", t->id);
	/* Submitted: the arguments (a deploy's pillar holds its secrets) are not kept. */
	if (db_exec(&res,
		    "UPDATE tasks SET target = target || $2::jsonb, params = CASE WHEN params ? "
		    "'arg' THEN jsonb_set(params, '{arg}', '\"(given to salt-api, not kept)\"') "
		    "ELSE params END WHERE id = $1",
		    2, (const char *[]){sid, text}) == 0)
		PQclear(res);
	cJSON_Delete(n);
	free(text);
}

/* A job followed by a runner, between two polls. */
struct salt_job {
	char jid[64];   /* empty until submitted */
	cJSON *minions; /* targeted (new) */
	cJSON *out;     /* the last answer of GET /jobs/<jid> (new) */
	time_t deadline;
	double pause_s; /* between polls: 0.25 doubling to 2 */
	time_t give_up; /* while salt-api does not answer: when to stop trying, else 0 */
};

/*
 * A salt_call that failed: while salt-api is away (unreachable, too slow, 5xx) try
 * again in 0.5 s, for three times the salt timeout (at least 10 s) in a row; then,
 * or for any other error, fail the task. 1 (try again) or the outcome.
 */
static int
unanswered(struct task *t, struct salt_job *j, int rc, const char *err)
{
	long patience = 3 * oa_config->salt_timeout_s;
	int prc;

	if (rc == -ENOTCONN || rc == -ETIMEDOUT || rc == -EIO) {
		if (!j->give_up)
			j->give_up = time(NULL) + (patience < 10 ? 10 : patience);
		if (time(NULL) < j->give_up) {
			if ((prc = task_progress(t, -1, "salt-api does not answer, retrying")) != 0)
				return prc;
			t->next_ms = now_ms() + 500;
			return 1;
		}
	}
	task_fail_salt(t, rc, err);
	if (j->jid[0])
		snprintf(t->err_msg + strlen(t->err_msg), sizeof(t->err_msg) - strlen(t->err_msg),
			 " (following job %s, which may still run on the master)", j->jid);
	return -1;
}

/* Submits the job with local_async and notes its jid: 0, 1 (try again) or the outcome. */
static int
submit(struct task *t, struct salt_job *j)
{
	cJSON *low = cJSON_CreateObject(), *out = NULL;
	const cJSON *ret;
	char err[512];
	int rc;

	cJSON_AddStringToObject(low, "client", "local_async");
	cJSON_AddStringToObject(low, "tgt", json_str(t->params, "tgt"));
	cJSON_AddStringToObject(low, "tgt_type", json_str(t->params, "tgt_type") ?: "glob");
	cJSON_AddStringToObject(low, "fun", json_str(t->params, "fun"));
	cJSON_AddItemToObject(
		low, "arg", cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(t->params, "arg"), 1));
	rc = salt_call("POST", "/", low, &out, err, sizeof(err));
	cJSON_Delete(low);
	if (rc < 0)
		return unanswered(t, j, rc, err);
	j->give_up = 0;
	ret = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(out, "return"), 0);
	if (!json_str(ret, "jid")) {
		cJSON_Delete(out);
		return task_fail(t, "no_minions", "no minion matched '%s'",
				 json_str(t->params, "tgt"));
	}
	snprintf(j->jid, sizeof(j->jid), "%s", json_str(ret, "jid"));
	j->minions = cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(ret, "minions"), 1);
	cJSON_Delete(out);
	note_job(t, j->jid, j->minions);
	return 0;
}

/* Whether a minion's answer says it failed: retcode, success, or a failed state. */
static int
minion_failed(const cJSON *res)
{
	const cJSON *ret = cJSON_GetObjectItemCaseSensitive(res, "return"), *st;
	const cJSON *success = cJSON_GetObjectItemCaseSensitive(res, "success");

	if (jnum(res, "retcode") != 0 || cJSON_IsFalse(success))
		return 1;
	if (cJSON_IsObject(ret))
		cJSON_ArrayForEach(st, ret)
			if (cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(st, "result")))
				return 1;
	return 0;
}

/* What went wrong on a minion, in a line: the first failed state's comment, or its output. */
static void
failure_text(const cJSON *res, char *out, size_t n)
{
	const cJSON *ret = cJSON_GetObjectItemCaseSensitive(res, "return"), *st;

	if (cJSON_IsObject(ret))
		cJSON_ArrayForEach(st, ret)
			if (cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(st, "result")) &&
			    json_str(st, "comment")) {
				snprintf(out, n, "%s", json_str(st, "comment"));
				return;
			}
	if (cJSON_IsString(ret))
		snprintf(out, n, "%s", ret->valuestring);
	else
		snprintf(out, n, "retcode %.0f", jnum(res, "retcode"));
}

/*
 * What the task keeps of a minion's return (new): any role may read a task, and a
 * state's "changes" may show what a file became (secrets included), so of a state
 * run each state keeps its result, comment (cut at COMMENT_MAX), name and run order;
 * any other
 * return is kept while it is at most RETURN_MAX bytes as JSON, else only its size.
 */
static cJSON *
kept_return(const cJSON *ret)
{
	cJSON *out;
	const cJSON *st;
	char *text;
	size_t len;

	if (cJSON_IsObject(ret) && ret->child && cJSON_IsObject(ret->child) &&
	    cJSON_GetObjectItemCaseSensitive(ret->child, "result")) {
		out = cJSON_CreateObject();
		cJSON_ArrayForEach(st, ret) {
			cJSON *o = cJSON_AddObjectToObject(out, st->string);
			char comment[COMMENT_MAX + 1];

			cJSON_AddItemToObject(
				o, "result",
				cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(st, "result"), 1));
			snprintf(comment, sizeof(comment), "%s", json_str(st, "comment") ?: "");
			cJSON_AddStringToObject(o, "comment", comment);
			if (json_str(st, "name"))
				cJSON_AddStringToObject(o, "name", json_str(st, "name"));
			/* The order the states ran in: the first failure is the one to show. */
			if (cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(st, "__run_num__")))
				cJSON_AddNumberToObject(o, "__run_num__", jnum(st, "__run_num__"));
		}
		return out;
	}
	text = cJSON_PrintUnformatted(ret);
	len = text ? strlen(text) : 0;
	free(text);
	if (len <= RETURN_MAX)
		return cJSON_Duplicate(ret, 1);
	out = cJSON_CreateObject();
	cJSON_AddBoolToObject(out, "truncated", 1);
	cJSON_AddNumberToObject(out, "bytes", (double)len);
	return out;
}

/* Builds the per-minion result and the failure summary; returns the number of problems. */
static int
summarize(struct task *t, const char *jid, const cJSON *minions, const cJSON *results, char *why,
	  size_t whylen)
{
	cJSON *per = cJSON_CreateObject();
	const cJSON *m;
	int bad = 0;

	why[0] = '\0';
	cJSON_ArrayForEach(m, minions) {
		const cJSON *res = cJSON_GetObjectItemCaseSensitive(results, m->valuestring);
		cJSON *o = cJSON_AddObjectToObject(per, m->valuestring);
		char line[300];
		cJSON_AddBoolToObject(o, "returned", res != NULL);
		if (res) {
			cJSON_AddBoolToObject(o, "success", !minion_failed(res));
			cJSON_AddNumberToObject(o, "retcode", jnum(res, "retcode"));
			cJSON_AddItemToObject(
				o, "return",
				kept_return(cJSON_GetObjectItemCaseSensitive(res, "return")));
		}
		if (res && !minion_failed(res))
			continue;
		bad++;
		if (res)
			failure_text(res, line, sizeof(line));
		else
			snprintf(line, sizeof(line), "did not answer in time");
		snprintf(why + strlen(why), whylen - strlen(why), "%s%s: %s", bad > 1 ? "; " : "",
			 m->valuestring, line);
	}
	t->result = cJSON_CreateObject();
	cJSON_AddStringToObject(t->result, "jid", jid);
	cJSON_AddItemToObject(t->result, "minions", per);
	return bad;
}

/* The Result of the last /jobs/<jid> answer. */
static const cJSON *
results(const struct salt_job *j)
{
	return json_at(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(j->out, "info"), 0),
		       "Result");
}

/* One GET /jobs/<jid>: 1 (not done, next poll set) or the outcome. */
static int
poll_job(struct task *t, struct salt_job *j)
{
	int total = cJSON_GetArraySize(j->minions), returned, rc;
	char path[96], err[512], why[2048];
	cJSON *out = NULL;

	snprintf(path, sizeof(path), "/jobs/%s", j->jid);
	if ((rc = salt_call("GET", path, NULL, &out, err, sizeof(err))) < 0)
		return unanswered(t, j, rc, err);
	j->give_up = 0;
	cJSON_Delete(j->out);
	j->out = out;
	returned = cJSON_GetArraySize(results(j));
	if ((rc = task_progress(t, total ? 99 * returned / total : 0,
				"%d of %d minions returned (jid %s)", returned, total, j->jid)))
		return rc;
	if (returned < total && time(NULL) < j->deadline) {
		t->next_ms = now_ms() + j->pause_s * 1000;
		j->pause_s = j->pause_s * 2 > 2 ? 2 : j->pause_s * 2;
		return 1;
	}
	if (summarize(t, j->jid, j->minions, results(j), why, sizeof(why)) > 0)
		return task_fail(t, "minions_failed", "%s", why);
	return 0;
}

int
salt_job_start(struct task *t)
{
	struct salt_job *j = xmalloc(sizeof(*j));

	memset(j, 0, sizeof(*j));
	j->deadline = time(NULL) + json_long(t->params, "timeout_s", 60);
	j->pause_s = 0.25;
	if (json_str(t->target, "jid") &&
	    cJSON_IsArray(cJSON_GetObjectItem(t->target, "minions"))) {
		/* Put back by a runner that stopped: the job was submitted, follow it again. */
		snprintf(j->jid, sizeof(j->jid), "%s", json_str(t->target, "jid"));
		j->minions =
			cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(t->target, "minions"), 1);
	}
	t->state = j;
	t->next_ms = now_ms(); /* submit at once */
	return 1;
}

int
salt_job_poll(struct task *t)
{
	struct salt_job *j = t->state;
	int rc;

	if (task_stopping())
		rc = -EINTR; /* put back: the next runner follows the noted jid */
	else if (j->jid[0])
		rc = poll_job(t, j);
	else if ((rc = submit(t, j)) == 0) {
		t->next_ms = now_ms() + j->pause_s * 1000;
		j->pause_s *= 2;
		rc = 1;
	}
	if (rc == 1)
		return 1;
	cJSON_Delete(j->minions);
	cJSON_Delete(j->out);
	free(j);
	t->state = NULL;
	return rc;
}
