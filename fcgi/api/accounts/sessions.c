/*
 * sessions.c - POST /api/auth/login, POST /api/auth/logout, GET /api/auth/me.
 * Login is throttled by login_guard.c (per user and client pair, with a ceiling that
 * a known device passes), and answers unknown users exactly like wrong passwords,
 * after spending the same hashing time.
 */
#include "api/accounts/accounts.h"
#include "backends/db.h"
#include "core/resp.h"
#include "server/auth.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct field_spec sessions_login_body[] = {
	{"username", J_STRING, 1, "the user name"},
	{"password", J_STRING, 1, "the password"},
	{NULL, 0, 0, NULL},
};

/* Creates the session and answers with the token, the CSRF token and the cookie. */
static int
login_succeeded(struct req *r, const char *user_id, const char *username, const char *role)
{
	char *token = req_own(r, random_token(NULL, 32)),
	     *csrf = req_own(r, random_token(NULL, 32));
	char life[24];
	const char *p[] = {token, csrf, user_id, r->client, life};
	PGresult *res;
	cJSON *j, *u;

	snprintf(life, sizeof(life), "%ld", oa_config->session_lifetime_s);
	if (!(res = db_req(
		      r,
		      "WITH s AS (INSERT INTO sessions (token_hash, csrf_token, user_id, client, "
		      " expires_at) VALUES (sha256(convert_to($1, 'UTF8')), $2, $3, $4, "
		      " now() + $5::int * interval '1 second') RETURNING expires_at), "
		      "u AS (UPDATE users SET last_login_at = now() WHERE id = $3) "
		      "SELECT extract(epoch FROM expires_at)::bigint FROM s",
		      5, p)))
		return r->status;
	j = cJSON_CreateObject();
	cJSON_AddStringToObject(j, "token", token);
	cJSON_AddStringToObject(j, "csrf_token", csrf);
	json_add_time(j, "expires_at", db_long(res, 0, 0));
	u = cJSON_AddObjectToObject(j, "user");
	cJSON_AddStringToObject(u, "username", username);
	cJSON_AddStringToObject(u, "role", role);
	/* The audit row of a login names who logged in. */
	r->user.id = strtol(user_id, NULL, 10);
	snprintf(r->user.username, sizeof(r->user.username), "%s", username);
	auth_set_cookie(r, "oa_session", token, oa_config->session_lifetime_s);
	return resp_json(r, 200, j);
}

int
sessions_login(struct req *r)
{
	const char *username = json_str(r->body, "username"),
		   *password = json_str(r->body, "password");
	const char *p[] = {username};
	PGresult *res;
	int rc, found;

	if ((rc = login_guard_check(r, username)) != 0)
		return rc;
	if (!(res = db_req(r,
			   "SELECT id, password_hash, role FROM users "
			   "WHERE username = $1 AND NOT disabled",
			   1, p)))
		return r->status;
	found = PQntuples(res) == 1;
	/* Unknown users are checked against a dummy hash: same time, same answer. */
	if (!auth_verify_password(password, found ? db_str(res, 0, 1) : NULL) || !found) {
		if ((rc = login_guard_failed(r, username)) != 0)
			return rc;
		return resp_error(r, 401, "invalid_credentials", NULL,
				  "wrong user name or password");
	}
	if ((rc = login_guard_passed(r, username)) != 0)
		return rc;
	return login_succeeded(r, db_str(res, 0, 0), username, db_str(res, 0, 2));
}

int
sessions_logout(struct req *r)
{
	char id[24];
	const char *p[] = {id};

	if (!r->user.session_id)
		return resp_error(r, 422, "not_a_session", NULL,
				  "this is an API token; revoke it with DELETE /api/tokens/{id}");
	snprintf(id, sizeof(id), "%ld", r->user.session_id);
	if (!db_req(r, "DELETE FROM sessions WHERE id = $1", 1, p))
		return r->status;
	auth_set_cookie(r, "oa_session", "", 0);
	return resp_empty(r, 204);
}

int
sessions_me(struct req *r)
{
	cJSON *j = users_json(r, r->user.username);

	if (!j)
		return r->status;
	/* A browser session's page reloads and must learn its CSRF token again; only
	 * same-origin scripts can read this answer, so it does not help a forger. */
	if (r->user.via_cookie && r->user.session_id && r->user.csrf[0])
		cJSON_AddStringToObject(j, "csrf_token", r->user.csrf);
	return resp_json(r, 200, j);
}
