/*
 * audit.c - every non-GET request is recorded in two steps: a row is inserted before
 * the request is handled (if that fails the request is refused with 503, so nothing
 * happens unrecorded), and completed when it ends. A row left with a NULL status
 * records a request whose outcome could not be written. Secret-looking values are
 * redacted before they are stored. GET /api/audit lists the trail for admins.
 */
#include "server/audit.h"
#include "backends/db.h"
#include "core/json.h"
#include "core/list.h"
#include "core/log.h"
#include "core/resp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/*
 * Paths are stored with control and non-ASCII bytes escaped, so any input can be
 * stored, and cut at AUDIT_PATH_MAX bytes (marked "..."): the path is indexed, and a
 * btree entry must stay under ~2700 bytes.
 */
#define AUDIT_PATH_MAX 2000

static char *
printable(const char *s)
{
	struct buf b;

	buf_init(&b);
	for (; *s; s++) {
		if (b.len >= AUDIT_PATH_MAX) {
			buf_puts(&b, "...");
			break;
		}
		if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f)
			buf_printf(&b, "%%%02X", (unsigned char)*s);
		else
			buf_add(&b, s, 1);
	}
	return b.data;
}

int
audit_begin(struct req *r, long *id)
{
	char *path = req_own(r, printable(r->path)), method[17];
	const char *p[] = {r->client, method, path};
	PGresult *res;
	int rc;

	snprintf(method, sizeof(method), "%s", r->method);
	if ((rc = db_exec(&res,
			  "INSERT INTO audit (client, method, path) VALUES ($1, $2, $3) "
			  "RETURNING id",
			  3, p)) < 0) {
		log_err("cannot write the audit row of %s %s, refusing it: %s", r->method, path,
			db_error());
		return resp_error(r, 503, "audit_unavailable", NULL,
				  "the request cannot be recorded in the audit trail, so it was "
				  "not carried out; try again shortly");
	}
	*id = db_long(res, 0, 0);
	PQclear(res);
	return 0;
}

void
audit_end(struct req *r, long id)
{
	char sid[24], status[8], dur[32], task[24];
	/* No body sent: request is null, not the {} that handlers are given. */
	cJSON *red = r->body && r->body_len ? json_redact(r->body) : NULL;
	char *body = red ? cJSON_PrintUnformatted(red) : NULL;
	const char *p[] = {sid,    r->user.id ? r->user.username : NULL,
			   status, dur,
			   body,   r->task_id ? task : NULL};
	PGresult *res;

	snprintf(sid, sizeof(sid), "%ld", id);
	snprintf(status, sizeof(status), "%d", r->status);
	snprintf(dur, sizeof(dur), "%.3f", now_ms() - r->t0);
	snprintf(task, sizeof(task), "%ld", r->task_id);
	if (db_exec(&res,
		    "UPDATE audit SET username = $2, status = $3, duration_ms = $4, "
		    "request = $5::jsonb, task_id = $6 WHERE id = $1",
		    6, p) < 0)
		log_err("cannot complete audit row %ld of %s %s (status %d): %s", id, r->method,
			r->path, r->status, db_error());
	else
		PQclear(res);
	cJSON_Delete(red);
	free(body);
}
