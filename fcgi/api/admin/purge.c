/*
 * purge.c - housekeeping as a task: POST /api/maintenance/purge queues a
 * "maintenance.purge" that deletes finished tasks older than N days, expired
 * sessions, old login failures and (only when asked) audit rows older than M days.
 * It deletes in batches so it never holds long locks (skipping rows another purge
 * holds), reports progress, and stops between batches when cancelled; what it deleted
 * so far is in its result.
 */
#include "api/admin/admin.h"
#include "backends/db.h"
#include "core/resp.h"
#include "server/tasks.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct field_spec purge_body[] = {
	{"tasks_older_than_days", J_INT, 0, "finished tasks older than this go (default 30)"},
	{"audit_older_than_days", J_INT, 0, "audit rows older than this go (default: none)"},
	{"batch_size", J_INT, 0, "rows deleted per statement, 1-10000 (default 1000)"},
	{NULL, 0, 0, NULL},
};

int
purge_start(struct req *r)
{
	long tdays = json_long(r->body, "tasks_older_than_days", 30);
	long adays = json_long(r->body, "audit_older_than_days", 0);
	long batch = json_long(r->body, "batch_size", 1000);
	cJSON *params, *target;

	if (tdays < 0 || tdays > 36500)
		return resp_error(r, 422, "invalid_value", "tasks_older_than_days",
				  "tasks_older_than_days must be 0 to 36500");
	if (cJSON_GetObjectItemCaseSensitive(r->body, "audit_older_than_days") &&
	    (adays < 1 || adays > 36500))
		return resp_error(r, 422, "invalid_value", "audit_older_than_days",
				  "audit_older_than_days must be 1 to 36500");
	if (batch < 1 || batch > 10000)
		return resp_error(r, 422, "invalid_value", "batch_size",
				  "batch_size must be 1 to 10000");
	params = cJSON_CreateObject();
	cJSON_AddNumberToObject(params, "tasks_older_than_days", (double)tdays);
	cJSON_AddNumberToObject(params, "audit_older_than_days", (double)adays);
	cJSON_AddNumberToObject(params, "batch_size", (double)batch);
	target = cJSON_CreateObject();
	cJSON_AddStringToObject(target, "what", "database housekeeping");
	return task_queue(r, "maintenance.purge", target, params);
}

/* One kind of rows to delete: how to count them and how to delete one batch ($1 days, $2 n). */
struct purge_step {
	const char *name, *count_sql, *delete_sql;
};

static const struct purge_step steps[] = {
	{"tasks_deleted",
	 "SELECT count(*) FROM tasks WHERE state IN ('succeeded', 'failed', 'cancelled') "
	 "AND finished_at < now() - $1::int * interval '1 day'",
	 "DELETE FROM tasks WHERE id IN (SELECT id FROM tasks WHERE state IN "
	 "('succeeded', 'failed', 'cancelled') AND finished_at < now() - $1::int * "
	 "interval '1 day' LIMIT $2 FOR UPDATE SKIP LOCKED)"},
	{"sessions_deleted",
	 "SELECT count(*) FROM sessions WHERE expires_at < now() AND $1::int IS NOT NULL",
	 "DELETE FROM sessions WHERE id IN (SELECT id FROM sessions WHERE expires_at < now() "
	 "AND $1::int IS NOT NULL LIMIT $2 FOR UPDATE SKIP LOCKED)"},
	{"login_failures_deleted",
	 "SELECT count(*) FROM login_failures WHERE at < now() - interval '1 day' "
	 "AND $1::int IS NOT NULL",
	 "DELETE FROM login_failures WHERE id IN (SELECT id FROM login_failures WHERE "
	 "at < now() - interval '1 day' AND $1::int IS NOT NULL LIMIT $2 FOR UPDATE SKIP LOCKED)"},
	{"audit_deleted",
	 "SELECT count(*) FROM audit WHERE at < now() - $1::int * interval '1 day'",
	 "DELETE FROM audit WHERE id IN (SELECT id FROM audit WHERE at < now() - $1::int * "
	 "interval '1 day' LIMIT $2 FOR UPDATE SKIP LOCKED)"},
};

static int
db_failed(struct task *t, int rc)
{
	task_fail(t, "database_unavailable", "the database failed: %s", db_error());
	return rc;
}

/* Counts what each step will delete; the total drives the progress. */
static int
count_all(struct task *t, const char *const *days, long *counts, long *total)
{
	PGresult *res;
	int rc;

	*total = 0;
	for (size_t i = 0; i < ARRAY_LEN(steps); i++) {
		const char *p[] = {days[i]};
		counts[i] = 0;
		if (!days[i])
			continue;
		if ((rc = db_exec(&res, steps[i].count_sql, 1, p)) < 0)
			return db_failed(t, rc);
		counts[i] = db_long(res, 0, 0);
		*total += counts[i];
		PQclear(res);
	}
	return 0;
}

int
purge_run(struct task *t)
{
	char tdays[24], adays[24], batch[24];
	const char *days[ARRAY_LEN(steps)] = {tdays, "0", "0", NULL};
	long counts[ARRAY_LEN(steps)], total, done = 0;
	PGresult *res;
	int rc = 0;

	snprintf(tdays, sizeof(tdays), "%ld", json_long(t->params, "tasks_older_than_days", 30));
	snprintf(adays, sizeof(adays), "%ld", json_long(t->params, "audit_older_than_days", 0));
	snprintf(batch, sizeof(batch), "%ld", json_long(t->params, "batch_size", 1000));
	if (json_long(t->params, "audit_older_than_days", 0) > 0)
		days[3] = adays;
	if ((rc = count_all(t, days, counts, &total)) < 0)
		return rc;
	t->result = cJSON_CreateObject();
	for (size_t i = 0; i < ARRAY_LEN(steps); i++) {
		cJSON *n = cJSON_AddNumberToObject(t->result, steps[i].name, 0);
		long deleted = 0;
		while (days[i] && rc == 0) {
			const char *p[] = {days[i], batch};
			if ((rc = db_exec(&res, steps[i].delete_sql, 2, p)) < 0)
				return db_failed(t, rc);
			long got = strtol(PQcmdTuples(res), NULL, 10);
			PQclear(res);
			deleted += got;
			done += got;
			cJSON_SetNumberValue(n, (double)deleted);
			if (got == 0)
				break;
			rc = task_progress(t, total ? (int)(done * 100 / (total + 1)) : 0,
					   "deleted %ld of %ld rows", done, total);
		}
		if (rc != 0)
			return rc;
	}
	return task_progress(t, 100, "deleted %ld rows", done);
}
