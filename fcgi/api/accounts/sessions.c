/*
 * sessions.c - POST /api/auth/login, POST /api/auth/logout, GET /api/auth/me.
 * Login is throttled per user name and per client address over a sliding window
 * (login_failures), and answers unknown users exactly like wrong passwords, after
 * spending the same hashing time.
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

/* 0 if the caller may try to log in, else the 429 already answered. */
static int
throttle_check(struct req *r, const char *username)
{
	char win[24], lim[24];
	const char *p[] = {username, r->client, win, lim};
	PGresult *res;
	long retry;

	snprintf(win, sizeof(win), "%ld", oa_config->throttle_window_s);
	snprintf(lim, sizeof(lim), "%ld", oa_config->throttle_attempts);
	/* For the user and for the client: when the oldest failure that still blocks expires. */
	if (!(res = db_req(
		      r,
		      "WITH f AS (SELECT at, username = $1 AS u, client = $2 AS c "
		      " FROM login_failures WHERE at > now() - $3::int * interval '1 second' "
		      " AND (username = $1 OR client = $2)) "
		      "SELECT GREATEST("
		      " CASE WHEN count(*) FILTER (WHERE u) >= $4::int THEN "
		      "  extract(epoch FROM (SELECT at FROM f WHERE u ORDER BY at DESC "
		      "   OFFSET $4::int - 1 LIMIT 1) + $3::int * interval '1 second' - now()) END,"
		      " CASE WHEN count(*) FILTER (WHERE c) >= $4::int THEN "
		      "  extract(epoch FROM (SELECT at FROM f WHERE c ORDER BY at DESC "
		      "   OFFSET $4::int - 1 LIMIT 1) + $3::int * interval '1 second' - now()) END"
		      ")::float8 FROM f",
		      4, p)))
		return r->status;
	if (PQgetisnull(res, 0, 0))
		return 0;
	retry = db_long(res, 0, 0) + 1;
	resp_header(r, "Retry-After: %ld", retry < 1 ? 1 : retry);
	return resp_error(r, 429, "too_many_attempts", NULL,
			  "too many failed logins; try again in %ld seconds",
			  retry < 1 ? 1 : retry);
}

/*
 * Records the failure. A name longer than any user name (64) is recorded as "": it
 * counts for the client, and an arbitrarily long key cannot overflow the index.
 */
static int
login_failed(struct req *r, const char *username)
{
	const char *p[] = {strlen(username) > 64 ? "" : username, r->client};

	if (!db_req(r, "INSERT INTO login_failures (username, client) VALUES ($1, $2)", 2, p))
		return r->status;
	return resp_error(r, 401, "invalid_credentials", NULL, "wrong user name or password");
}

/* Creates the session and answers with the token, the CSRF token and the cookie. */
static int
login_succeeded(struct req *r, const char *user_id, const char *username, const char *role)
{
	char *token = req_own(r, random_token(NULL, 32)),
	     *csrf = req_own(r, random_token(NULL, 32));
	char life[24];
	const char *p[] = {token, csrf, user_id, r->client, life, username};
	PGresult *res;
	cJSON *j, *u;

	snprintf(life, sizeof(life), "%ld", oa_config->session_lifetime_s);
	if (!(res = db_req(
		      r,
		      "WITH s AS (INSERT INTO sessions (token_hash, csrf_token, user_id, client, "
		      " expires_at) VALUES (sha256(convert_to($1, 'UTF8')), $2, $3, $4, "
		      " now() + $5::int * interval '1 second') RETURNING expires_at), "
		      "d AS (DELETE FROM login_failures WHERE username = $6), "
		      "u AS (UPDATE users SET last_login_at = now() WHERE id = $3) "
		      "SELECT extract(epoch FROM expires_at)::bigint FROM s",
		      6, p)))
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
	resp_header(
		r, "Set-Cookie: oa_session=%s; Path=/; Max-Age=%ld; HttpOnly; SameSite=Strict%s",
		token, oa_config->session_lifetime_s, oa_config->cookie_secure ? "; Secure" : "");
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

	if ((rc = throttle_check(r, username)) != 0)
		return rc;
	if (!(res = db_req(r,
			   "SELECT id, password_hash, role FROM users "
			   "WHERE username = $1 AND NOT disabled",
			   1, p)))
		return r->status;
	found = PQntuples(res) == 1;
	/* Unknown users are checked against a dummy hash: same time, same answer. */
	if (!auth_verify_password(password, found ? db_str(res, 0, 1) : NULL) || !found)
		return login_failed(r, username);
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
	resp_header(r, "Set-Cookie: oa_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
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
