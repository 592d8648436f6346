/*
 * audit.c - every non-GET request is recorded in two steps: a row is inserted before
 * the request is handled (if that fails the request is refused with 503, so nothing
 * happens unrecorded), and completed when it ends. A row left with a NULL status
 * records a request whose outcome could not be written. Secret-looking values are
 * redacted before they are stored.
 *
 * What the row keeps of the body is bounded, because anyone can send one: the
 * (redacted) body only when the caller was authenticated and the handler ran, and
 * then at most AUDIT_BODY_MAX bytes of it; otherwise - an anonymous caller, a failed
 * login, a request refused before its handler - only the names of the top-level
 * fields it sent, each with the value null (at most AUDIT_NAMES of them, each cut to
 * AUDIT_NAME_MAX bytes). A body too large to keep is recorded the same way, with
 * "_truncated" giving its size.
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
#define AUDIT_BODY_MAX 4096
#define AUDIT_NAMES    32
#define AUDIT_NAME_MAX 64

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

/* The names of body's top-level fields, each with the value null (a new object). */
static cJSON *
field_names(const cJSON *body)
{
	cJSON *out = cJSON_CreateObject();
	const cJSON *v;
	int n = 0;

	cJSON_ArrayForEach(v, body) {
		char name[AUDIT_NAME_MAX + 1];

		if (n++ == AUDIT_NAMES) {
			cJSON_AddNumberToObject(out, "_more_fields",
						cJSON_GetArraySize(body) - AUDIT_NAMES);
			break;
		}
		snprintf(name, sizeof(name), "%s", v->string ? v->string : "");
		cJSON_AddNullToObject(out, name);
	}
	return out;
}

/* What the audit row keeps of r's body as JSON text (new), or NULL (no body). */
static char *
kept_body(const struct req *r)
{
	cJSON *keep, *sent = NULL;
	char *text;

	/* No body sent: request is null, not the {} that handlers are given. */
	if (!r->body_len)
		return NULL;
	if (!r->body) {
		/* Refused before it was read (401...): its field names, if it is an object. */
		sent = cJSON_ParseWithLength(r->raw_body, r->body_len);
		keep = cJSON_IsObject(sent) ? field_names(sent) : NULL;
		text = keep ? cJSON_PrintUnformatted(keep) : NULL;
		cJSON_Delete(keep);
		cJSON_Delete(sent);
		return text;
	}
	if (!cJSON_IsObject(r->body))
		return NULL;
	if (r->handled && r->user.id) {
		keep = json_redact(r->body);
		text = cJSON_PrintUnformatted(keep);
		cJSON_Delete(keep);
		if (strlen(text) <= AUDIT_BODY_MAX)
			return text;
		free(text);
		keep = field_names(r->body);
		cJSON_AddNumberToObject(keep, "_truncated", (double)r->body_len);
	} else {
		keep = field_names(r->body);
	}
	text = cJSON_PrintUnformatted(keep);
	cJSON_Delete(keep);
	return text;
}

void
audit_end(struct req *r, long id)
{
	char sid[24], status[8], dur[32], task[24];
	char *body = kept_body(r);
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
	free(body);
}
