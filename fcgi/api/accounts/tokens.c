/*
 * tokens.c - /api/tokens: long-lived bearer tokens for automation. A token is
 * "oat_" + 256 random bits, shown once at creation; the database keeps its SHA-256.
 * A token acts with its owner's role. Users see and revoke their own; admins all.
 */
#include "api/accounts/accounts.h"
#include "backends/db.h"
#include "core/list.h"
#include "core/resp.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

const struct field_spec tokens_create_body[] = {
	{"description", J_STRING, 1, "what the token is for (1-200 characters)"},
	{"expires_at", J_STRING, 0, "RFC 3339 time after which the token stops working"},
	{NULL, 0, 0, NULL},
};

/* 9999-12-31T23:59:59Z: later years do not survive rfc3339() and PostgreSQL. */
#define EXPIRES_MAX 253402300799L

#define TOKEN_COLS                                                                                 \
	"t.id, u.username, t.description, extract(epoch FROM t.created_at)::bigint, "              \
	"extract(epoch FROM t.expires_at)::bigint, extract(epoch FROM t.last_used_at)::bigint"

static cJSON *
token_row(const PGresult *res, int i)
{
	cJSON *j = cJSON_CreateObject();

	cJSON_AddNumberToObject(j, "id", (double)db_long(res, i, 0));
	cJSON_AddStringToObject(j, "username", db_str(res, i, 1));
	cJSON_AddStringToObject(j, "description", db_str(res, i, 2));
	json_add_time(j, "created_at", db_long(res, i, 3));
	json_add_time(j, "expires_at", db_long(res, i, 4));
	json_add_time(j, "last_used_at", db_long(res, i, 5));
	return j;
}

static const struct sort_field tokens_list_sorts[] = {
	{"id", "t.id"},
	{"created_at", "t.created_at"},
	{"description", "t.description"},
	{"username", "u.username"},
	{NULL, NULL},
};
const struct list_spec tokens_list_spec = {tokens_list_sorts, "-created_at", NULL};

int
tokens_list(struct req *r)
{
	struct list_params lp;
	char uid[24];
	const char *p[2] = {uid};
	int rc;

	if ((rc = list_parse(r, &lp)) != 0)
		return rc;
	/* Admins see every token; others their own (uid 0 = no restriction). */
	snprintf(uid, sizeof(uid), "%ld", r->user.role == ROLE_ADMIN ? 0 : r->user.id);
	p[1] = lp.search ? lp.search : "";
	return db_list(r, TOKEN_COLS,
		       "api_tokens t JOIN users u ON u.id = t.user_id "
		       "WHERE ($1::bigint = 0 OR t.user_id = $1::bigint) AND ($2 = '' OR "
		       "strpos(lower(t.description), lower($2)) > 0)",
		       2, p, &lp, "t.id", token_row);
}

int
tokens_create(struct req *r)
{
	const char *desc = json_str(r->body, "description"), *exp = json_str(r->body, "expires_at");
	char *token = req_own(r, random_token("oat_", 32)), uid[24], expbuf[32];
	const char *p[4] = {token, uid, desc, NULL};
	PGresult *res;
	cJSON *j;
	time_t t;

	/* A leaked token must not be able to make itself permanent: only a login may. */
	if (!r->user.session_id)
		return resp_error(r, 403, "forbidden", NULL,
				  "an API token cannot create API tokens; log in to create one");
	if (!*desc || strlen(desc) > 200)
		return resp_error(r, 422, "invalid_value", "description",
				  "description must have 1 to 200 characters");
	if (exp) {
		if (parse_rfc3339(exp, &t) < 0 || t > EXPIRES_MAX)
			return resp_error(
				r, 422, "invalid_value", "expires_at",
				"expires_at must be an RFC 3339 time before the year 10000");
		if (t <= time(NULL))
			return resp_error(r, 422, "invalid_value", "expires_at",
					  "expires_at must be in the future");
		rfc3339(t, expbuf, sizeof(expbuf));
		p[3] = expbuf;
	}
	snprintf(uid, sizeof(uid), "%ld", r->user.id);
	if (!(res = db_req(r,
			   "WITH t AS (INSERT INTO api_tokens (token_hash, user_id, description, "
			   " expires_at) VALUES (sha256(convert_to($1, 'UTF8')), $2, $3, $4) "
			   " RETURNING *) "
			   "SELECT " TOKEN_COLS " FROM t JOIN users u ON u.id = t.user_id",
			   4, p)))
		return r->status;
	j = token_row(res, 0);
	cJSON_AddStringToObject(j, "token", token);
	resp_header(r, "Location: /api/tokens/%ld", db_long(res, 0, 0));
	return resp_json(r, 201, j);
}

int
tokens_delete(struct req *r)
{
	const char *id = req_param(r, "id");
	char uid[24];
	const char *p[] = {id, uid};
	PGresult *res;

	snprintf(uid, sizeof(uid), "%ld", r->user.role == ROLE_ADMIN ? 0 : r->user.id);
	if (!(res = db_req(r,
			   "DELETE FROM api_tokens WHERE id = $1 "
			   "AND ($2::bigint = 0 OR user_id = $2::bigint) RETURNING id",
			   2, p)))
		return r->status;
	if (PQntuples(res) == 0)
		return resp_error(r, 404, "token_not_found", NULL, "no token %s of yours", id);
	return resp_empty(r, 204);
}
