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
 * A task may also be several jobs of one function (salt_job_queue_each: a deploy
 * giving each gateway its own pillar), one lowstate chunk each in the same POST /:
 * the task notes "jids" instead of "jid", follows every job, and its minions, progress
 * and result are those of all the jobs together, as if they were one.
 */
#include "server/salt_jobs.h"
#include "backends/ceph.h"
#include "backends/db.h"
#include "backends/salt.h"
#include "core/json.h"
#include "core/resp.h"
#include "server/changes.h"
#include "server/tasks.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define COMMENT_MAX 512
#define RETURN_MAX  16384
#define GIVEN       "\"(given to salt-api, not kept)\""

/* The parameters every salt.job task has (new). */
static cJSON *
job_params(const char *tgt, const char *tgt_type, const char *fun, long timeout_s, cJSON *target)
{
	cJSON *p = cJSON_CreateObject();

	cJSON_AddStringToObject(p, "tgt", tgt);
	cJSON_AddStringToObject(p, "tgt_type", tgt_type);
	cJSON_AddStringToObject(p, "fun", fun);
	cJSON_AddNumberToObject(p, "timeout_s", (double)timeout_s);
	cJSON_AddStringToObject(target, "tgt", tgt);
	cJSON_AddStringToObject(target, "fun", fun);
	return p;
}

int
salt_job_queue(struct req *r, const char *tgt, const char *tgt_type, const char *fun, cJSON *args,
	       long timeout_s, cJSON *target)
{
	cJSON *p = job_params(tgt, tgt_type, fun, timeout_s, target);

	cJSON_AddItemToObject(p, "arg", args ? args : cJSON_CreateArray());
	return task_queue(r, "salt.job", target, p);
}

int
salt_job_queue_each(struct req *r, const char *tgt, const char *tgt_type, const char *fun,
		    cJSON *each, long timeout_s, cJSON *target)
{
	cJSON *p = job_params(tgt, tgt_type, fun, timeout_s, target);

	cJSON_AddItemToObject(p, "each", each);
	return task_queue(r, "salt.job", target, p);
}

/* A job followed by a runner, between two polls. */
struct salt_job {
	cJSON *jobs;    /* [{"jid", "minions" (null until known)}] (new); empty until submitted */
	cJSON *minions; /* targeted, by all the jobs (new) */
	cJSON *results; /* each minion's entry of its job's Result, as far as returned (new) */
	time_t deadline;
	double pause_s; /* between polls: 0.25 doubling to 2 */
	time_t give_up; /* while salt-api does not answer: when to stop trying, else 0 */
};

/* The jids of j as text: "J" or "J1, J2, ..." (cut to fit). */
static void
jids_text(const struct salt_job *j, char *out, size_t n)
{
	const cJSON *job;
	size_t len = 0;

	out[0] = '\0';
	cJSON_ArrayForEach(job, j->jobs) {
		snprintf(out + len, n - len, "%s%s", len ? ", " : "", json_str(job, "jid") ?: "");
		len = strlen(out);
	}
}

/* Sets the jid (one job) or jids (several) of j into o. */
static void
add_jids(cJSON *o, const struct salt_job *j)
{
	const cJSON *job;
	cJSON *a;

	if (cJSON_GetArraySize(j->jobs) == 1) {
		cJSON_AddStringToObject(o, "jid", json_str(j->jobs->child, "jid"));
		return;
	}
	a = cJSON_AddArrayToObject(o, "jids");
	cJSON_ArrayForEach(job, j->jobs)
		cJSON_AddItemToArray(a, cJSON_CreateString(json_str(job, "jid")));
}

/*
 * Writes the jid(s) and minions into the task's target, so the API shows them at once,
 * and drops the jobs' arguments from the stored parameters.
 */
static void
note_job(struct task *t, const struct salt_job *j)
{
	cJSON *n = cJSON_CreateObject();
	char *text, sid[24];
	PGresult *res;

	add_jids(n, j);
	cJSON_AddItemToObject(n, "minions", cJSON_Duplicate(j->minions, 1));
	text = cJSON_PrintUnformatted(n);
	snprintf(sid, sizeof(sid), "%ld", t->id);
	/* Submitted: the arguments (a deploy's pillar holds its secrets) are not kept. */
	if (db_exec(&res,
		    "UPDATE tasks SET target = target || $2::jsonb, params = coalesce((SELECT "
		    "jsonb_object_agg(key, CASE WHEN key IN ('arg', 'each') THEN '" GIVEN
		    "'::jsonb ELSE value END) FROM jsonb_each(params)), params) WHERE id = $1",
		    2, (const char *[]){sid, text}) == 0) {
		PQclear(res);
		changes_note(T_TASKS);
	}
	cJSON_Delete(n);
	free(text);
}

/*
 * A salt_call that failed: while salt-api is away (unreachable, too slow, 5xx) try
 * again in 0.5 s, for three times the salt timeout (at least 10 s) in a row; then,
 * or for any other error, fail the task. 1 (try again) or the outcome.
 */
static int
unanswered(struct task *t, struct salt_job *j, int rc, const char *err)
{
	long patience = 3 * oa_config->salt_timeout_s;
	char jids[256];
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
	jids_text(j, jids, sizeof(jids));
	if (jids[0])
		snprintf(t->err_msg + strlen(t->err_msg), sizeof(t->err_msg) - strlen(t->err_msg),
			 " (following job%s %s, which may still run on the master)",
			 cJSON_GetArraySize(j->jobs) > 1 ? "s" : "", jids);
	return -1;
}

/* One local_async chunk running fun on tgt with arg (new). */
static cJSON *
chunk(const char *tgt, const char *tgt_type, const char *fun, const cJSON *arg)
{
	cJSON *low = cJSON_CreateObject();

	cJSON_AddStringToObject(low, "client", "local_async");
	cJSON_AddStringToObject(low, "tgt", tgt ?: "");
	cJSON_AddStringToObject(low, "tgt_type", tgt_type ?: "glob");
	cJSON_AddStringToObject(low, "fun", fun ?: "");
	cJSON_AddItemToObject(low, "arg", arg ? cJSON_Duplicate(arg, 1) : cJSON_CreateArray());
	return low;
}

/* The task's lowstate (new): a chunk per entry of params.each, else the one job. */
static cJSON *
lowstate(const cJSON *p)
{
	const cJSON *each = cJSON_GetObjectItemCaseSensitive(p, "each"), *e;
	const char *fun = json_str(p, "fun");
	cJSON *low = cJSON_CreateArray();

	if (!cJSON_IsArray(each)) {
		cJSON_AddItemToArray(low, chunk(json_str(p, "tgt"), json_str(p, "tgt_type"), fun,
						cJSON_GetObjectItemCaseSensitive(p, "arg")));
		return low;
	}
	cJSON_ArrayForEach(e, each)
		cJSON_AddItemToArray(low, chunk(json_str(e, "tgt"), json_str(e, "tgt_type"), fun,
						cJSON_GetObjectItemCaseSensitive(e, "arg")));
	return low;
}

/* Adds the job jid on minions (NULL: not known yet) to j. */
static void
add_job(struct salt_job *j, const char *jid, const cJSON *minions)
{
	cJSON *job = cJSON_CreateObject();
	const cJSON *m;

	cJSON_AddStringToObject(job, "jid", jid);
	cJSON_AddItemToObject(job, "minions",
			      minions ? cJSON_Duplicate(minions, 1) : cJSON_CreateNull());
	cJSON_AddItemToArray(j->jobs, job);
	cJSON_ArrayForEach(m, minions)
		if (cJSON_IsString(m) && !json_array_has_str(j->minions, m->valuestring))
			cJSON_AddItemToArray(j->minions, cJSON_CreateString(m->valuestring));
}

/*
 * Submits the job(s) with local_async, one POST / of every chunk, and notes the jids:
 * 0, 1 (try again) or the outcome. A chunk that matched no minion starts no job.
 */
static int
submit(struct task *t, struct salt_job *j)
{
	cJSON *low = lowstate(t->params), *ret = NULL;
	const cJSON *one;
	char err[512];
	int rc;

	rc = salt_lowstate(low, &ret, err, sizeof(err));
	cJSON_Delete(low);
	if (rc < 0)
		return unanswered(t, j, rc, err);
	j->give_up = 0;
	cJSON_ArrayForEach(one, ret)
		if (json_str(one, "jid"))
			add_job(j, json_str(one, "jid"),
				cJSON_GetObjectItemCaseSensitive(one, "minions"));
	cJSON_Delete(ret);
	if (cJSON_GetArraySize(j->jobs) == 0)
		return task_fail(t, "no_minions", "no minion matched '%s'",
				 json_str(t->params, "tgt"));
	note_job(t, j);
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
 * What a gateway's state says its daemon serves (gateways.c: the status's "served"),
 * wherever the state put it: changes.served (the state modules openATTIC ships), or
 * the return of a module.run state, changes.ret.served or changes.ret.changes.served.
 * Names and the daemon's messages, no secret; NULL when none, or when larger than
 * RETURN_MAX.
 */
static cJSON *
kept_served(const cJSON *st)
{
	const cJSON *ch = cJSON_GetObjectItemCaseSensitive(st, "changes"), *ret, *sv;
	char *text;
	size_t len;

	ret = cJSON_GetObjectItemCaseSensitive(ch, "ret");
	sv = cJSON_GetObjectItemCaseSensitive(ch, "served");
	if (!cJSON_IsObject(sv))
		sv = cJSON_GetObjectItemCaseSensitive(ret, "served");
	if (!cJSON_IsObject(sv))
		sv = cJSON_GetObjectItemCaseSensitive(
			cJSON_GetObjectItemCaseSensitive(ret, "changes"), "served");
	if (!cJSON_IsObject(sv))
		return NULL;
	text = cJSON_PrintUnformatted(sv);
	len = text ? strlen(text) : 0;
	free(text);
	return len <= RETURN_MAX ? cJSON_Duplicate(sv, 1) : NULL;
}

/*
 * What the task keeps of a minion's return (new): any role may read a task, and a
 * state's "changes" may show what a file became (secrets included), so of a state
 * run each state keeps its result, comment (cut at COMMENT_MAX), name, run order and
 * what a gateway state says is served (kept_served, as changes.served); any other
 * return is kept while it is at most RETURN_MAX bytes as JSON, else only its size.
 */
static cJSON *
kept_return(const cJSON *ret)
{
	cJSON *out, *served;
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
			if ((served = kept_served(st)))
				cJSON_AddItemToObject(cJSON_AddObjectToObject(o, "changes"),
						      "served", served);
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
summarize(struct task *t, const struct salt_job *j, char *why, size_t whylen)
{
	cJSON *per = cJSON_CreateObject();
	const cJSON *m;
	int bad = 0;

	why[0] = '\0';
	cJSON_ArrayForEach(m, j->minions) {
		const cJSON *res = cJSON_GetObjectItemCaseSensitive(j->results, m->valuestring);
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
	add_jids(t->result, j);
	cJSON_AddItemToObject(t->result, "minions", per);
	return bad;
}

/* Whether every minion of job has returned (never, while its minions are not known). */
static int
job_done(const struct salt_job *j, const cJSON *job)
{
	const cJSON *minions = cJSON_GetObjectItemCaseSensitive(job, "minions"), *m;

	if (!cJSON_IsArray(minions))
		return 0;
	cJSON_ArrayForEach(m, minions)
		if (!cJSON_IsString(m) ||
		    !cJSON_GetObjectItemCaseSensitive(j->results, m->valuestring))
			return 0;
	return 1;
}

/* Keeps the Result entries of a GET /jobs/<jid> answer for job, and its minions if unknown. */
static void
take_results(struct salt_job *j, cJSON *job, const cJSON *out)
{
	const cJSON *info = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(out, "info"), 0);
	const cJSON *res, *minions = cJSON_GetObjectItemCaseSensitive(info, "Minions");

	if (!cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(job, "minions")) &&
	    cJSON_IsArray(minions))
		cJSON_ReplaceItemInObjectCaseSensitive(job, "minions", cJSON_Duplicate(minions, 1));
	cJSON_ArrayForEach(res, cJSON_GetObjectItemCaseSensitive(info, "Result")) {
		if (!res->string || !json_array_has_str(j->minions, res->string))
			continue;
		if (cJSON_GetObjectItemCaseSensitive(j->results, res->string))
			cJSON_ReplaceItemInObjectCaseSensitive(j->results, res->string,
							       cJSON_Duplicate(res, 1));
		else
			cJSON_AddItemToObject(j->results, res->string, cJSON_Duplicate(res, 1));
	}
}

/* One GET /jobs/<jid> of each job not done yet: 1 (not done, next poll set) or the outcome. */
static int
poll_jobs(struct task *t, struct salt_job *j)
{
	int total = cJSON_GetArraySize(j->minions), n = cJSON_GetArraySize(j->jobs), returned, rc;
	char err[512], why[2048];
	cJSON *job;

	cJSON_ArrayForEach(job, j->jobs) {
		char *path;
		cJSON *out = NULL;

		if (job_done(j, job))
			continue;
		path = xasprintf("/jobs/%s", json_str(job, "jid"));
		rc = salt_call("GET", path, NULL, &out, err, sizeof(err));
		free(path);
		if (rc < 0)
			return unanswered(t, j, rc, err);
		take_results(j, job, out);
		cJSON_Delete(out);
	}
	j->give_up = 0;
	returned = cJSON_GetArraySize(j->results);
	if (n == 1)
		rc = task_progress(t, total ? 99 * returned / total : 0,
				   "%d of %d minions returned (jid %s)", returned, total,
				   json_str(j->jobs->child, "jid"));
	else
		rc = task_progress(t, total ? 99 * returned / total : 0,
				   "%d of %d minions returned (%d Salt jobs)", returned, total, n);
	if (rc)
		return rc;
	if (returned < total && time(NULL) < j->deadline) {
		t->next_ms = now_ms() + j->pause_s * 1000;
		j->pause_s = j->pause_s * 2 > 2 ? 2 : j->pause_s * 2;
		return 1;
	}
	if (summarize(t, j, why, sizeof(why)) > 0)
		return task_fail(t, "minions_failed", "%s", why);
	return 0;
}

/* Follows the jobs a stopped runner put back (noted on the target) instead of submitting. */
static void
resume(struct salt_job *j, const cJSON *target)
{
	const cJSON *minions = cJSON_GetObjectItemCaseSensitive(target, "minions"), *jid;

	if (!cJSON_IsArray(minions))
		return;
	if (json_str(target, "jid")) {
		add_job(j, json_str(target, "jid"), minions);
		return;
	}
	/* Several jobs: which minions each has is learnt from its first answer. */
	cJSON_ArrayForEach(jid, cJSON_GetObjectItemCaseSensitive(target, "jids"))
		if (cJSON_IsString(jid))
			add_job(j, jid->valuestring, NULL);
	cJSON_ArrayForEach(jid, minions)
		if (cJSON_IsString(jid) && !json_array_has_str(j->minions, jid->valuestring))
			cJSON_AddItemToArray(j->minions, cJSON_CreateString(jid->valuestring));
}

int
salt_job_start(struct task *t)
{
	struct salt_job *j = xmalloc(sizeof(*j));

	memset(j, 0, sizeof(*j));
	j->jobs = cJSON_CreateArray();
	j->minions = cJSON_CreateArray();
	j->results = cJSON_CreateObject();
	j->deadline = time(NULL) + json_long(t->params, "timeout_s", 60);
	j->pause_s = 0.25;
	resume(j, t->target);
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
	else if (cJSON_GetArraySize(j->jobs) > 0)
		rc = poll_jobs(t, j);
	else if ((rc = submit(t, j)) == 0) {
		t->next_ms = now_ms() + j->pause_s * 1000;
		j->pause_s *= 2;
		rc = 1;
	}
	if (rc == 1)
		return 1;
	cJSON_Delete(j->jobs);
	cJSON_Delete(j->minions);
	cJSON_Delete(j->results);
	free(j);
	t->state = NULL;
	return rc;
}
