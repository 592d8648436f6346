/*
 * tasks.c - the task API (/api/tasks) and queuing from handlers. A task row is the
 * only shared state between the request that queued it and the runner that does it:
 * the runner writes progress, the request side reads it and may set cancel_requested.
 * A queued task is cancelled at once; a running one when its runner next reports.
 */
#include "server/tasks.h"
#include "api.h"
#include "backends/db.h"
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
	const char *p[] = {kind, tj, pj, r->user.username};
	PGresult *res;

	cJSON_Delete(target);
	cJSON_Delete(params);
	if (!(res = db_req(r,
			   "WITH t AS (INSERT INTO tasks (kind, target, params, created_by) "
			   "VALUES ($1, $2::jsonb, $3::jsonb, $4) RETURNING *) "
			   "SELECT " TASK_COLS " FROM t",
			   4, p)))
		return r->status;
	r->task_id = db_long(res, 0, 0);
	resp_header(r, "Location: /api/tasks/%ld", r->task_id);
	return resp_json(r, 202, task_row(res, 0));
}

int
tasks_list(struct req *r)
{
	static const struct sort_field sorts[] = {
		{"id", "t.id"},	      {"created_at", "t.created_at"}, {"kind", "t.kind"},
		{"state", "t.state"}, {"finished_at", "t.finished_at"}, {NULL, NULL},
	};
	struct list_params lp;
	const char *p[5];
	int rc;

	if ((rc = list_parse(r, sorts, "-created_at", &lp)) != 0)
		return rc;
	p[0] = req_query(r, "state");
	p[1] = req_query(r, "kind");
	p[2] = req_query(r, "created_by");
	p[3] = lp.search ? lp.search : "";
	p[4] = req_query(r, "fsid");
	return list_db(r, TASK_COLS,
		       "tasks t WHERE ($1::text IS NULL OR t.state = ANY (string_to_array($1, ','))) "
		       "AND ($2::text IS NULL OR t.kind = $2) "
		       "AND ($3::text IS NULL OR t.created_by = $3) "
		       "AND ($4 = '' OR strpos(lower(t.kind || ' ' || t.message), lower($4)) > 0) "
		       "AND ($5::text IS NULL OR t.target->>'fsid' = $5)",
		       5, p, &lp, "t.id", task_row);
}

/* The {id} parameter as a positive integer string, or NULL after a 404. */
static const char *
task_id_param(struct req *r)
{
	const char *id = req_param(r, "id");
	long n;

	if (parse_long(id, 1, 1L << 62, &n) < 0) {
		resp_error(r, 404, "task_not_found", NULL, "no task '%s'", id);
		return NULL;
	}
	return id;
}

int
tasks_get(struct req *r)
{
	const char *id = task_id_param(r), *p[] = {id};
	PGresult *res;

	if (!id)
		return r->status;
	if (!(res = db_req(r, "SELECT " TASK_COLS " FROM tasks t WHERE t.id = $1", 1, p)))
		return r->status;
	if (PQntuples(res) != 1)
		return resp_error(r, 404, "task_not_found", NULL, "no task %s", id);
	return resp_json(r, 200, task_row(res, 0));
}

int
tasks_cancel(struct req *r)
{
	const char *id = task_id_param(r), *p[] = {id};
	PGresult *res;

	if (!id)
		return r->status;
	if (!(res = db_req(r,
			   "WITH t AS (UPDATE tasks SET cancel_requested = true, "
			   " state = CASE WHEN state = 'queued' THEN 'cancelled' ELSE state END, "
			   " finished_at = CASE WHEN state = 'queued' THEN now() END, "
			   " message = CASE WHEN state = 'queued' THEN 'cancelled before it started' "
			   "  ELSE message END "
			   " WHERE id = $1 AND state IN ('queued', 'running') RETURNING *) "
			   "SELECT " TASK_COLS " FROM t",
			   1, p)))
		return r->status;
	if (PQntuples(res) == 1) {
		r->task_id = db_long(res, 0, 0);
		return resp_json(r, 202, task_row(res, 0));
	}
	if (!(res = db_req(r, "SELECT state FROM tasks WHERE id = $1", 1, p)))
		return r->status;
	if (PQntuples(res) == 0)
		return resp_error(r, 404, "task_not_found", NULL, "no task %s", id);
	return resp_error(r, 409, "task_finished", NULL, "task %s has already %s", id,
			  db_str(res, 0, 0));
}
