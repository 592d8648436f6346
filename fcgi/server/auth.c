/*
 * auth.c - who is calling. Passwords are hashed with yescrypt through libcrypt;
 * session and API tokens are 256-bit random values of which the database keeps only
 * the SHA-256 digest (computed by PostgreSQL's sha256()). A session ends at its expiry
 * or after the idle timeout; last_seen_at is written at most once a minute. Who a
 * token is, once asked, this worker remembers (auth_cache.c) until a NOTIFY says
 * something changed, so an authenticated read costs no database round trip.
 */
#include "server/auth.h"
#include "backends/db.h"
#include "core/log.h"
#include "core/resp.h"
#include "server/auth_cache.h"

#include <crypt.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

char *
auth_hash_password(const char *password)
{
	char salt[CRYPT_GENSALT_OUTPUT_SIZE];
	struct crypt_data data;

	memset(&data, 0, sizeof(data));
	if (!crypt_gensalt_rn("$y$", 0, NULL, 0, salt, sizeof(salt)))
		return NULL;
	if (!crypt_r(password, salt, &data) || data.output[0] == '*')
		return NULL;
	return xstrdup(data.output);
}

int
auth_verify_password(const char *password, const char *hash)
{
	struct crypt_data data;
	const char *out;
	size_t n;
	unsigned char diff = 0;

	if (!hash) {
		static char *dummy;
		if (!dummy && !(dummy = auth_hash_password("not a password of anyone")))
			return 0;
		hash = dummy;
	}
	memset(&data, 0, sizeof(data));
	out = crypt_r(password, hash, &data);
	if (!out || out[0] == '*' || (n = strlen(out)) != strlen(hash))
		return 0;
	for (size_t i = 0; i < n; i++)
		diff |= (unsigned char)(out[i] ^ hash[i]);
	return diff == 0;
}

const char *
auth_password_problem(const char *username, const char *password)
{
	if (strlen(password) < 10)
		return "the password must have at least 10 characters";
	if (strlen(password) > 256)
		return "the password must have at most 256 characters";
	if (username && !strcasecmp(username, password))
		return "the password must not be the username";
	return NULL;
}

enum role
role_parse(const char *s)
{
	if (!s)
		return ROLE_NONE;
	if (!strcmp(s, "admin"))
		return ROLE_ADMIN;
	if (!strcmp(s, "operator"))
		return ROLE_OPERATOR;
	if (!strcmp(s, "viewer"))
		return ROLE_VIEWER;
	return ROLE_NONE;
}

const char *
role_name(enum role r)
{
	static const char *names[] = {"none", "viewer", "operator", "admin"};
	return names[r];
}

static void
fill_user(struct req *r, const PGresult *res, int via_cookie)
{
	r->user.id = db_long(res, 0, 0);
	snprintf(r->user.username, sizeof(r->user.username), "%s", db_str(res, 0, 1));
	r->user.role = role_parse(db_str(res, 0, 2));
	r->user.via_cookie = via_cookie;
	r->user.session_id = db_long(res, 0, 3);
	snprintf(r->user.csrf, sizeof(r->user.csrf), "%s",
		 db_str(res, 0, 4) ? db_str(res, 0, 4) : "");
}

/*
 * Remembers r's caller for this worker (auth_cache) until the row's expiry (column
 * col: the milliseconds left; NULL: none), at most a minute, and at most half the idle
 * timeout: a session used only through the cache still has its last_seen_at bumped in
 * time.
 */
static void
remember(struct req *r, const char *token, const PGresult *res, int col)
{
	int64_t now = now_ms_int(), until = now + 60000,
		idle = now + oa_config->session_idle_s * 500;

	if (idle < until)
		until = idle;
	if (!PQgetisnull(res, 0, col) && now + db_long(res, 0, col) < until)
		until = now + db_long(res, 0, col);
	auth_cache_put(token, &r->user, until);
}

/* Looks up a login session token; bumps last_seen_at when older than a minute. */
static int
identify_session(struct req *r, const char *token, int via_cookie)
{
	char idle[24];
	const char *p[] = {token, idle};
	PGresult *res;

	if (auth_cache_get(token, via_cookie, &r->user))
		return 0;
	snprintf(idle, sizeof(idle), "%ld", oa_config->session_idle_s);
	if (!(res = db_req(r,
			   "SELECT u.id, u.username, u.role, s.id, s.csrf_token, "
			   "s.last_seen_at < now() - interval '60 seconds', "
			   "(extract(epoch FROM s.expires_at - now()) * 1000)::bigint "
			   "FROM sessions s JOIN users u ON u.id = s.user_id "
			   "WHERE s.token_hash = sha256(convert_to($1, 'UTF8')) "
			   "AND s.expires_at > now() AND NOT u.disabled "
			   "AND s.last_seen_at > now() - $2::int * interval '1 second'",
			   2, p)))
		return r->status;
	if (PQntuples(res) != 1)
		return 0;
	fill_user(r, res, via_cookie);
	if (db_bool(res, 0, 5)) {
		const char *q[] = {db_str(res, 0, 3)};
		if (!db_req(r, "UPDATE sessions SET last_seen_at = now() WHERE id = $1", 1, q))
			return r->status;
	}
	remember(r, token, res, 6);
	return 0;
}

/*
 * Looks up an API token (prefix oat_), used by automation with a bearer header; its
 * last_used_at is written when the worker asks PostgreSQL (at most once a minute).
 */
static int
identify_api_token(struct req *r, const char *token)
{
	const char *p[] = {token};
	PGresult *res;

	if (auth_cache_get(token, 0, &r->user))
		return 0;
	if (!(res = db_req(
		      r,
		      "UPDATE api_tokens t SET last_used_at = now() FROM users u "
		      "WHERE u.id = t.user_id AND t.token_hash = sha256(convert_to($1, 'UTF8')) "
		      "AND (t.expires_at IS NULL OR t.expires_at > now()) AND NOT u.disabled "
		      "RETURNING u.id, u.username, u.role, 0, NULL, "
		      "(extract(epoch FROM t.expires_at - now()) * 1000)::bigint",
		      1, p)))
		return r->status;
	if (PQntuples(res) == 1) {
		fill_user(r, res, 0);
		remember(r, token, res, 5);
	}
	return 0;
}

/* Tokens we issue are [A-Za-z0-9_]; anything else cannot match and is not sent to SQL. */
int
auth_token_ok(const char *t)
{
	size_t n = strlen(t);

	return n > 0 && n <= 200 &&
	       strspn(t, "abcdefghijklmnopqrstuvwxyz"
			 "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") == n;
}

int
auth_identify(struct req *r)
{
	const char *h = req_env(r, "HTTP_AUTHORIZATION"), *cookie;

	if (h && !strncasecmp(h, "Bearer ", 7)) {
		h += 7;
		while (*h == ' ')
			h++;
		if (!auth_token_ok(h))
			return 0;
		return !strncmp(h, "oat_", 4) ? identify_api_token(r, h)
					      : identify_session(r, h, 0);
	}
	if ((cookie = auth_cookie(r, "oa_session")) && auth_token_ok(cookie))
		return identify_session(r, cookie, 1);
	return 0;
}

int
auth_check_csrf(struct req *r)
{
	const char *m = r->method, *got;
	size_t n;
	unsigned char diff = 0;

	if (!r->user.via_cookie || !strcmp(m, "GET") || !strcmp(m, "HEAD"))
		return 0;
	got = req_env(r, "HTTP_X_CSRF_TOKEN");
	n = strlen(r->user.csrf);
	if (!got || strlen(got) != n || n == 0)
		return resp_error(r, 403, "csrf", NULL,
				  "missing or wrong X-CSRF-Token header for a cookie session");
	for (size_t i = 0; i < n; i++)
		diff |= (unsigned char)(got[i] ^ r->user.csrf[i]);
	if (diff)
		return resp_error(r, 403, "csrf", NULL,
				  "missing or wrong X-CSRF-Token header for a cookie session");
	return 0;
}

int
auth_cookie_secure(const struct req *r)
{
	const char *scheme = req_env(r, "REQUEST_SCHEME");

	return oa_config->cookie_secure || (scheme && !strcmp(scheme, "https"));
}

const char *
auth_cookie(struct req *r, const char *name)
{
	char host[64];
	const char *v;

	snprintf(host, sizeof(host), "__Host-%s", name);
	return (v = req_cookie(r, host)) ? v : req_cookie(r, name);
}

void
auth_set_cookie(struct req *r, const char *name, const char *value, long max_age_s)
{
	int secure = auth_cookie_secure(r);

	resp_header(r, "Set-Cookie: %s%s=%s; Path=/; Max-Age=%ld; HttpOnly; SameSite=Strict%s",
		    secure ? "__Host-" : "", name, value, max_age_s, secure ? "; Secure" : "");
}
