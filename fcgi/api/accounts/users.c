/*
 * users.c - /api/users: the people who may log in, and their roles. Admins manage
 * everyone; any user may read itself and change its own password (with the old one).
 * The last enabled admin can be neither deleted, demoted nor disabled: that check is
 * made in the same statement that changes the row, under row locks on the admins.
 */
#include "api/accounts/accounts.h"
#include "backends/db.h"
#include "core/list.h"
#include "core/resp.h"
#include "server/auth.h"

#include <stdio.h>
#include <string.h>

/*
 * The last-admin invariant, one text: a change that would leave no enabled admin
 * locks the enabled admins' rows first (LOCK_ADMINS, a CTE named admins), so two
 * concurrent demotions cannot both see another admin, and goes through only while
 * OTHER_ADMINS holds.
 */
#define LOCK_ADMINS                                                                                \
	"WITH admins AS (SELECT id FROM users WHERE role = 'admin' AND NOT disabled "              \
	"FOR UPDATE) "
#define OTHER_ADMINS "(SELECT count(*) FROM admins) > 1"

const struct field_spec users_create_body[] = {
	{"username", J_STRING, 1, "1-64 of A-Z a-z 0-9 _ . @ -"},
	{"password", J_STRING, 1, "at least 10 characters, not the username"},
	{"role", J_STRING, 1, "admin, operator or viewer"},
	{"email", J_STRING, 0, "contact address"},
	{NULL, 0, 0, NULL},
};

const struct field_spec users_patch_body[] = {
	{"role", J_STRING, 0, "admin, operator or viewer (admin only)"},
	{"disabled", J_BOOL, 0, "a disabled user cannot log in (admin only)"},
	{"email", J_STRING, 0, "contact address (admin only)"},
	{"password", J_STRING, 0, "the new password"},
	{"old_password", J_STRING, 0, "the current password, required to change one's own"},
	{"revoke_tokens", J_BOOL, 0,
	 "with a new password: also revoke every API token of the user (default false)"},
	{NULL, 0, 0, NULL},
};

#define USER_COLS                                                                                  \
	"username, role, email, disabled, extract(epoch FROM created_at)::bigint, "                \
	"extract(epoch FROM last_login_at)::bigint"

static cJSON *
user_row(const PGresult *res, int i)
{
	cJSON *j = cJSON_CreateObject();

	cJSON_AddStringToObject(j, "username", db_str(res, i, 0));
	cJSON_AddStringToObject(j, "role", db_str(res, i, 1));
	if (db_str(res, i, 2))
		cJSON_AddStringToObject(j, "email", db_str(res, i, 2));
	else
		cJSON_AddNullToObject(j, "email");
	cJSON_AddBoolToObject(j, "disabled", db_bool(res, i, 3));
	json_add_time(j, "created_at", db_long(res, i, 4));
	json_add_time(j, "last_login_at", db_long(res, i, 5));
	return j;
}

cJSON *
users_json(struct req *r, const char *username)
{
	const char *p[] = {username};
	PGresult *res;

	if (!(res = db_req(r, "SELECT " USER_COLS " FROM users WHERE username = $1", 1, p)))
		return NULL;
	if (PQntuples(res) != 1) {
		resp_error(r, 404, "user_not_found", NULL, "user '%s' does not exist", username);
		return NULL;
	}
	return user_row(res, 0);
}

int
users_respond(struct req *r, const char *username, int status)
{
	cJSON *j = users_json(r, username);

	return j ? resp_json(r, status, j) : r->status;
}

/* After a refused change: 404 if the user does not exist, else 409 with code/why. */
static int
users_respond_missing_or(struct req *r, const char *u, const char *code, const char *why)
{
	const char *p[] = {u};
	PGresult *res;

	if (!(res = db_req(r, "SELECT 1 FROM users WHERE username = $1", 1, p)))
		return r->status;
	if (PQntuples(res) == 0)
		return resp_error(r, 404, "user_not_found", NULL, "user '%s' does not exist", u);
	return resp_error(r, 409, code, NULL, "%s", why);
}

static const struct sort_field users_list_sorts[] = {
	{"username", "username"},           {"role", "role"}, {"created_at", "created_at"},
	{"last_login_at", "last_login_at"}, {NULL, NULL},
};
const struct list_spec users_list_spec = {users_list_sorts, "username", NULL};

int
users_list(struct req *r)
{
	struct list_params lp;
	const char *p[1];
	int rc;

	if ((rc = list_parse(r, &lp)) != 0)
		return rc;
	p[0] = lp.search ? lp.search : "";
	return db_list(r, USER_COLS,
		       "users WHERE ($1 = '' OR strpos(lower(username), lower($1)) > 0 "
		       "OR strpos(lower(coalesce(email, '')), lower($1)) > 0)",
		       1, p, &lp, "id", user_row);
}

static int
valid_username(const char *u)
{
	size_t n = strlen(u);

	return n >= 1 && n <= 64 &&
	       strspn(u, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.@-") == n;
}

static int
valid_email(const char *e)
{
	const char *at = strchr(e, '@');

	return strlen(e) <= 254 && at && at > e && strchr(at + 1, '.') && !strchr(e, ' ');
}

int
users_create(struct req *r)
{
	const char *u = json_str(r->body, "username"), *pw = json_str(r->body, "password");
	const char *role = json_str(r->body, "role"), *email = json_str(r->body, "email");
	const char *problem, *p[4];
	char *hash;
	PGresult *res;

	if (!valid_username(u))
		return resp_error(r, 422, "invalid_value", "username",
				  "user names are 1-64 characters of A-Z a-z 0-9 _ . @ -");
	if (role_parse(role) == ROLE_NONE)
		return resp_error(r, 422, "invalid_value", "role",
				  "role must be admin, operator or viewer");
	if (email && !valid_email(email))
		return resp_error(r, 422, "invalid_value", "email", "'%s' is not an e-mail address",
				  email);
	if ((problem = auth_password_problem(u, pw)))
		return resp_error(r, 422, "weak_password", "password", "%s", problem);
	if (!(hash = auth_hash_password(pw)))
		return resp_internal(r, "cannot hash a password with yescrypt");
	p[0] = u, p[1] = req_own(r, hash), p[2] = role, p[3] = email;
	if (!(res = db_req(r,
			   "INSERT INTO users (username, password_hash, role, email) "
			   "VALUES ($1, $2, $3, $4) ON CONFLICT (username) DO NOTHING RETURNING id",
			   4, p)))
		return r->status;
	if (PQntuples(res) == 0)
		return resp_error(r, 409, "user_exists", "username", "user '%s' already exists", u);
	resp_header(r, "Location: /api/users/%s", u);
	return users_respond(r, u, 201);
}

int
users_get(struct req *r)
{
	const char *u = req_param(r, "username");

	return users_respond(r, u, 200);
}

/* Checks what the caller may change and the values; returns 0 or the status answered. */
static int
patch_check(struct req *r, const char *u, int self)
{
	const char *pw = json_str(r->body, "password"), *old = json_str(r->body, "old_password");
	const char *role = json_str(r->body, "role"), *email = json_str(r->body, "email");
	const char *problem, *p[] = {u};
	PGresult *res;
	int rc;

	if (r->user.role != ROLE_ADMIN &&
	    (role || email || cJSON_GetObjectItemCaseSensitive(r->body, "disabled")))
		return resp_error(r, 403, "forbidden", NULL,
				  "only admins may change role, email or disabled");
	if (role && role_parse(role) == ROLE_NONE)
		return resp_error(r, 422, "invalid_value", "role",
				  "role must be admin, operator or viewer");
	if (email && !valid_email(email))
		return resp_error(r, 422, "invalid_value", "email", "'%s' is not an e-mail address",
				  email);
	if (!pw)
		return 0;
	if ((problem = auth_password_problem(u, pw)))
		return resp_error(r, 422, "weak_password", "password", "%s", problem);
	if (!self)
		return 0;
	if (!old)
		return resp_error(r, 422, "missing_field", "old_password",
				  "changing your own password needs old_password");
	/* A wrong old_password is a failed login: whoever holds the session may guess. */
	if ((rc = login_guard_check(r, u)) != 0)
		return rc;
	if (!(res = db_req(r, "SELECT password_hash FROM users WHERE username = $1", 1, p)))
		return r->status;
	if (PQntuples(res) != 1 || !auth_verify_password(old, db_str(res, 0, 0)))
		return (rc = login_guard_failed(r, u)) != 0
			       ? rc
			       : resp_error(r, 422, "wrong_password", "old_password",
					    "old_password is not the current password");
	return 0;
}

/* Ends every session of user u but the caller's own. */
static int
end_other_sessions(struct req *r, const char *u)
{
	char keep[24];
	const char *p[] = {u, keep};

	snprintf(keep, sizeof(keep), "%ld", r->user.session_id);
	if (!db_req(r,
		    "DELETE FROM sessions WHERE id <> $2 AND user_id = "
		    "(SELECT id FROM users WHERE username = $1)",
		    2, p))
		return r->status;
	return 0;
}

int
users_patch(struct req *r)
{
	const char *u = req_param(r, "username"), *pw = json_str(r->body, "password");
	const cJSON *dis = cJSON_GetObjectItemCaseSensitive(r->body, "disabled");
	int self = !strcmp(u, r->user.username), rc;
	const char *p[5];
	PGresult *res;

	if ((rc = patch_check(r, u, self)) != 0)
		return rc;
	p[0] = u;
	p[1] = json_str(r->body, "role");
	p[2] = dis ? (cJSON_IsTrue(dis) ? "true" : "false") : NULL;
	p[3] = json_str(r->body, "email");
	p[4] = NULL;
	if (pw && !(p[4] = auth_hash_password(pw)))
		return resp_internal(r, "cannot hash a password with yescrypt");
	if (p[4])
		req_own(r, (char *)p[4]);
	if (!(res = db_req(r,
			   LOCK_ADMINS
			   "UPDATE users SET role = coalesce($2, role), "
			   " disabled = coalesce($3::bool, disabled), email = coalesce($4, email), "
			   " password_hash = coalesce($5, password_hash) "
			   "WHERE username = $1 AND NOT (role = 'admin' AND NOT disabled "
			   " AND (coalesce($2, role) <> 'admin' OR coalesce($3::bool, disabled)) "
			   " AND NOT " OTHER_ADMINS ") RETURNING id",
			   5, p)))
		return r->status;
	if (PQntuples(res) == 0)
		return users_respond_missing_or(
			r, u, "last_admin", "the last enabled admin cannot be demoted or disabled");
	/* A new password or a disabled account ends the user's other sessions. */
	if ((pw || cJSON_IsTrue(dis)) && (rc = end_other_sessions(r, u)) != 0)
		return rc;
	if (pw && cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r->body, "revoke_tokens")) &&
	    !db_req(r,
		    "DELETE FROM api_tokens WHERE user_id = (SELECT id FROM users WHERE username = "
		    "$1)",
		    1, p))
		return r->status;
	return users_respond(r, u, 200);
}

int
users_delete(struct req *r)
{
	const char *u = req_param(r, "username"), *p[] = {u};
	PGresult *res;

	if (!strcmp(u, r->user.username))
		return resp_error(r, 409, "cannot_delete_self", NULL,
				  "you cannot delete your own account");
	if (!(res = db_req(r,
			   LOCK_ADMINS "DELETE FROM users WHERE username = $1 AND (role <> 'admin' "
				       "OR disabled OR " OTHER_ADMINS ") RETURNING id",
			   1, p)))
		return r->status;
	if (PQntuples(res) == 0)
		return users_respond_missing_or(r, u, "last_admin",
						"the last enabled admin cannot be deleted");
	return resp_empty(r, 204);
}
