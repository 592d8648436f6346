/*
 * tasks_api.c - /api/tasks: list (filtered by state, kind, creator, cluster), one
 * task, cancel. The task rows are written by server/tasks.c and the runners; a queued
 * task is cancelled at once, a running one when its runner next reports.
 */
#include "api/admin/admin.h"
#include "backends/db.h"
#include "core/list.h"
#include "core/resp.h"
#include "server/changes.h"

#include <stdio.h>
#include <string.h>

static const struct sort_field tasks_list_sorts[] = {
	{"id", "t.id"},       {"created_at", "t.created_at"},   {"kind", "t.kind"},
	{"state", "t.state"}, {"finished_at", "t.finished_at"}, {NULL, NULL},
};
const struct list_spec tasks_list_spec = {tasks_list_sorts, "-created_at", NULL};

const struct field_spec tasks_list_query[] = {
	{"state", J_STRING, 0,
	 "only tasks in these states (comma-separated: queued, running, succeeded, failed, "
	 "cancelled)"},
	{"kind", J_STRING, 0, "only tasks of this kind (\"pool.create\")"},
	{"created_by", J_STRING, 0, "only tasks this user started"},
	{"fsid", J_STRING, 0, "only tasks that work on this cluster"},
	{NULL, 0, 0, NULL},
};

int
tasks_list(struct req *r)
{
	struct list_params lp;
	struct db_where w;
	uint64_t stamp[MEMO_STAMP];
	int rc;

	if ((rc = list_parse(r, &lp)) != 0 || (rc = changes_respond(r, T_TASKS, stamp)) != 0)
		return rc;
	db_where_init(&w, "tasks t");
	db_where_add(&w, "t.state = ANY (string_to_array($, ','))", req_query(r, "state"));
	db_where_add(&w, "t.kind = $", req_query(r, "kind"));
	db_where_add(&w, "t.created_by = $", req_query(r, "created_by"));
	db_where_add(&w, "strpos(lower(t.kind || ' ' || t.message), lower($)) > 0", lp.search);
	db_where_add(&w, "t.target->>'fsid' = $", req_query(r, "fsid"));
	rc = db_list(r, TASK_COLS, w.sql.data, w.n, w.params, &lp, "t.id", task_row);
	db_where_release(&w);
	changes_keep(r, stamp);
	return rc;
}

int
tasks_get(struct req *r)
{
	const char *id = req_param(r, "id"), *p[] = {id};
	PGresult *res;

	if (!(res = db_req(r, "SELECT " TASK_COLS " FROM tasks t WHERE t.id = $1", 1, p)))
		return r->status;
	if (PQntuples(res) != 1)
		return resp_error(r, 404, "task_not_found", NULL, "no task %s", id);
	return resp_json(r, 200, task_row(res, 0));
}

int
tasks_cancel(struct req *r)
{
	/* Only its creator or an admin: an operator must not stop another's work. */
	const char *id = req_param(r, "id"),
		   *p[] = {id, r->user.role == ROLE_ADMIN ? NULL : r->user.username};
	PGresult *res;

	if (!(res = db_req(
		      r,
		      "WITH t AS (UPDATE tasks SET cancel_requested = true, "
		      " state = CASE WHEN state = 'queued' THEN 'cancelled' ELSE state END, "
		      " finished_at = CASE WHEN state = 'queued' THEN now() END, "
		      " message = CASE WHEN state = 'queued' THEN 'cancelled before it started' "
		      "  ELSE message END "
		      " WHERE id = $1 AND state IN ('queued', 'running') "
		      " AND ($2::text IS NULL OR created_by = $2) RETURNING *) "
		      "SELECT " TASK_COLS " FROM t",
		      2, p)))
		return r->status;
	if (PQntuples(res) == 1) {
		r->task_id = db_long(res, 0, 0);
		return resp_json(r, 202, task_row(res, 0));
	}
	if (!(res = db_req(r, "SELECT state, created_by FROM tasks WHERE id = $1", 1, p)))
		return r->status;
	if (PQntuples(res) == 0)
		return resp_error(r, 404, "task_not_found", NULL, "no task %s", id);
	if (p[1] && strcmp(db_str(res, 0, 1), p[1]))
		return resp_error(r, 403, "forbidden", NULL,
				  "only the user who started task %s, or an admin, may cancel it",
				  id);
	return resp_error(r, 409, "task_finished", NULL, "task %s has already %s", id,
			  db_str(res, 0, 0));
}
