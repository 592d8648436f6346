/*
 * tasks.c - the task API (/api/tasks) and queuing from handlers. A task row is the
 * only shared state between the request that queued it and the runner that does it:
 * the runner writes progress, the request side reads it and may set cancel_requested.
 * A queued task is cancelled at once; a running one when its runner next reports.
 */
#include "server/tasks.h"
#include "backends/db.h"
#include "core/json.h"
#include "core/list.h"
#include "core/resp.h"

#include <stdio.h>
#include <string.h>

static void
add_json_text(cJSON *j, const char *name, const char *text)
{
	cJSON *v = text ? cJSON_Parse(text) : NULL;

	cJSON_AddItemToObject(j, name, v ? v : cJSON_CreateNull());
}

cJSON *
task_row(const PGresult *res, int i)
{
	cJSON *j = cJSON_CreateObject();

	cJSON_AddNumberToObject(j, "id", (double)db_long(res, i, 0));
	cJSON_AddStringToObject(j, "kind", db_str(res, i, 1));
	cJSON_AddStringToObject(j, "state", db_str(res, i, 2));
	cJSON_AddNumberToObject(j, "progress", (double)db_long(res, i, 3));
	cJSON_AddStringToObject(j, "message", db_str(res, i, 4));
	add_json_text(j, "target", db_str(res, i, 5));
	add_json_text(j, "result", db_str(res, i, 6));
	add_json_text(j, "error", db_str(res, i, 7));
	cJSON_AddStringToObject(j, "created_by", db_str(res, i, 8));
	json_add_time(j, "created_at", db_long(res, i, 9));
	json_add_time(j, "started_at", db_long(res, i, 10));
	json_add_time(j, "finished_at", db_long(res, i, 11));
	return j;
}

int
task_queue(struct req *r, const char *kind, cJSON *target, cJSON *params)
{
	char *tj = req_own(r, cJSON_PrintUnformatted(target));
	char *pj = req_own(r, cJSON_PrintUnformatted(params));
	char cap[24];
	const char *p[] = {kind, tj, pj, r->user.username, cap};
	PGresult *res;

	cJSON_Delete(target);
	cJSON_Delete(params);
	snprintf(cap, sizeof(cap), "%ld", oa_config->open_tasks_per_user);
	/* At most cap open tasks of one kind per user: a loop of requests cannot bury the
	 * runners (concurrent requests may pass it by a few; each holds a worker). */
	if (!(res = db_req(
		      r,
		      "WITH t AS (INSERT INTO tasks (kind, target, params, created_by) "
		      "SELECT $1, $2::jsonb, $3::jsonb, $4 WHERE (SELECT count(*) FROM tasks "
		      " WHERE created_by = $4 AND kind = $1 AND state IN ('queued', 'running')) "
		      " < $5::int RETURNING *) "
		      "SELECT " TASK_COLS " FROM t",
		      5, p)))
		return r->status;
	if (PQntuples(res) == 0) {
		resp_header(r, "Retry-After: 5");
		return resp_error(r, 429, "too_many_tasks", NULL,
				  "you have %s open %s tasks already; wait for some to finish", cap,
				  kind);
	}
	r->task_id = db_long(res, 0, 0);
	resp_header(r, "Location: /api/tasks/%ld", r->task_id);
	return resp_json(r, 202, task_row(res, 0));
}
