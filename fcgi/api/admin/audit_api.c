/*
 * audit_api.c - GET /api/audit: the trail server/audit.c writes, for admins, filtered
 * by user, method, path, status and time, newest first.
 */
#include "api/admin/admin.h"
#include "backends/db.h"
#include "core/list.h"
#include "core/resp.h"
#include "server/changes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static cJSON *
audit_row(const PGresult *res, int i)
{
	cJSON *j = cJSON_CreateObject(), *req;
	const char *v;

	cJSON_AddNumberToObject(j, "id", (double)db_long(res, i, 0));
	json_add_time(j, "at", db_long(res, i, 1));
	if ((v = db_str(res, i, 2)))
		cJSON_AddStringToObject(j, "user", v);
	else
		cJSON_AddNullToObject(j, "user");
	cJSON_AddStringToObject(j, "client", db_str(res, i, 3));
	cJSON_AddStringToObject(j, "method", db_str(res, i, 4));
	cJSON_AddStringToObject(j, "path", db_str(res, i, 5));
	if (db_str(res, i, 6))
		cJSON_AddNumberToObject(j, "status", (double)db_long(res, i, 6));
	else
		cJSON_AddNullToObject(j, "status");
	if ((v = db_str(res, i, 7)))
		cJSON_AddNumberToObject(j, "duration_ms", strtod(v, NULL));
	else
		cJSON_AddNullToObject(j, "duration_ms");
	req = db_str(res, i, 8) ? cJSON_Parse(db_str(res, i, 8)) : NULL;
	cJSON_AddItemToObject(j, "request", req ? req : cJSON_CreateNull());
	if (db_str(res, i, 9))
		cJSON_AddNumberToObject(j, "task_id", (double)db_long(res, i, 9));
	else
		cJSON_AddNullToObject(j, "task_id");
	return j;
}

/* The years PostgreSQL reads back from rfc3339(): 0001-01-01 to 9999-12-31. */
#define TIME_MIN (-62135596800L)
#define TIME_MAX 253402300799L

/* Reads ?since / ?until as RFC 3339; returns 0 or 400 answered. */
static int
time_filter(struct req *r, const char *name, char *out, size_t n, const char **param)
{
	const char *v = req_query(r, name);
	time_t t;

	*param = NULL;
	if (!v)
		return 0;
	if (parse_rfc3339(v, &t) < 0 || t < TIME_MIN || t > TIME_MAX)
		return resp_error(r, 400, "invalid_parameter", name,
				  "%s must be an RFC 3339 time in the years 1 to 9999", name);
	rfc3339(t, out, n);
	*param = out;
	return 0;
}

static const struct sort_field audit_list_sorts[] = {
	{"at", "a.at"},     {"id", "a.id"},         {"status", "a.status"}, {"user", "a.username"},
	{"path", "a.path"}, {"method", "a.method"}, {NULL, NULL},
};
const struct list_spec audit_list_spec = {audit_list_sorts, "-at", NULL};

const struct field_spec audit_list_query[] = {
	{"user", J_STRING, 0, "only requests of this user"},
	{"method", J_STRING, 0, "only requests with this method"},
	{"path", J_STRING, 0, "only requests whose path starts with this"},
	{"status", J_INT, 0, "only requests answered with this status"},
	{"since", J_STRING, 0, "only requests at or after this time (RFC 3339)"},
	{"until", J_STRING, 0, "only requests before this time (RFC 3339)"},
	{NULL, 0, 0, NULL},
};

int
audit_list(struct req *r)
{
	struct list_params lp;
	char since[32], until[32];
	const char *st = req_query(r, "status"), *from, *to;
	struct db_where w;
	uint64_t stamp[MEMO_STAMP];
	long status;
	int rc;

	if ((rc = list_parse(r, &lp)) != 0 || (rc = changes_respond(r, T_AUDIT, stamp)) != 0)
		return rc;
	if (st && parse_long(st, 100, 599, &status) < 0)
		return resp_error(r, 400, "invalid_parameter", "status",
				  "status must be an HTTP status code");
	if ((rc = time_filter(r, "since", since, sizeof(since), &from)) != 0 ||
	    (rc = time_filter(r, "until", until, sizeof(until), &to)) != 0)
		return rc;
	db_where_init(&w, "audit a");
	db_where_add(&w, "a.username = $", req_query(r, "user"));
	db_where_add(&w, "a.method = upper($)", req_query(r, "method"));
	db_where_add(&w, "starts_with(a.path, $)", req_query(r, "path"));
	db_where_add(&w, "a.status = $::int", st);
	db_where_add(&w, "a.at >= $::timestamptz", from);
	db_where_add(&w, "a.at < $::timestamptz", to);
	rc = db_list(r,
		     "a.id, extract(epoch FROM a.at)::bigint, a.username, a.client, a.method, "
		     "a.path, a.status, a.duration_ms, a.request::text, a.task_id",
		     w.sql.data, w.n, w.params, &lp, "a.id", audit_row);
	db_where_release(&w);
	changes_keep(r, stamp);
	return rc;
}
