/*
 * login_guard.c - who may try a password now (README "Security"). Failures are counted
 * in login_failures per (user name, client address) pair over throttle_window_s: from
 * the throttle_attempts-th failure of a pair on, its next try must wait 1, 2, 4 ...
 * seconds (at most the window) after that pair's last failure. So one person's typos
 * slow only that person, and another address's failures never lock a user out.
 * Guessing spread over many addresses, or over many names from one address, is
 * stopped by a ceiling: throttle_ceiling failures of a user name (or from a client)
 * within the window stop every client that does not show a device cookie of that
 * user - the browser or script that logged in as that user before. The cookie is a
 * random token kept as a SHA-256 digest in login_devices, set on each login from a
 * client that had none. Used for logins and for a password change's old_password.
 */
#include "api/accounts/accounts.h"
#include "backends/db.h"
#include "core/resp.h"
#include "server/auth.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEVICE_COOKIE     "oa_device"
#define DEVICE_LIFETIME_S (365L * 86400)

/* Failures a name is recorded under: longer than any user name (64), it counts as "". */
static const char *
recorded(const char *username)
{
	return strlen(username) > 64 ? "" : username;
}

/* Whether r shows the device cookie of username (and notes its use). -1 on a DB error. */
static int
known_device(struct req *r, const char *username)
{
	const char *token = auth_cookie(r, DEVICE_COOKIE), *p[] = {token, username};
	PGresult *res;

	if (!token || !auth_token_ok(token))
		return 0;
	if (!(res = db_req(r,
			   "UPDATE login_devices SET last_used_at = now() "
			   "WHERE token_hash = sha256(convert_to($1, 'UTF8')) AND username = $2 "
			   "RETURNING 1",
			   2, p)))
		return -1;
	return PQntuples(res) == 1;
}

static int
too_many(struct req *r, double wait)
{
	long s = (long)ceil(wait < 1 ? 1 : wait);

	resp_header(r, "Retry-After: %ld", s);
	return resp_error(r, 429, "too_many_attempts", NULL,
			  "too many failed logins; try again in %ld seconds", s);
}

/* Seconds until fewer than the ceiling of failures by who ($1: username or client). */
static int
ceiling_wait(struct req *r, const char *column, const char *who, double *wait)
{
	char win[24], lim[24], *sql;
	const char *p[] = {who, win, lim};
	PGresult *res;

	snprintf(win, sizeof(win), "%ld", oa_config->throttle_window_s);
	snprintf(lim, sizeof(lim), "%ld", oa_config->throttle_ceiling - 1);
	sql = req_own(r, xasprintf("SELECT extract(epoch FROM at + $2::int * interval '1 second' "
				   "- now())::float8 FROM login_failures WHERE %s = $1 AND "
				   "at > now() - $2::int * interval '1 second' ORDER BY at DESC "
				   "OFFSET $3::int LIMIT 1",
				   column));
	if (!(res = db_req(r, sql, 3, p)))
		return r->status;
	*wait = PQntuples(res) ? strtod(db_str(res, 0, 0), NULL) : 1;
	return 0;
}

int
login_guard_check(struct req *r, const char *username)
{
	char win[24];
	const char *p[] = {recorded(username), r->client, win};
	long pair, by_user, by_client;
	double since, wait = 0;
	PGresult *res;
	int known, rc;

	snprintf(win, sizeof(win), "%ld", oa_config->throttle_window_s);
	if (!(res = db_req(
		      r,
		      "SELECT count(*) FILTER (WHERE username = $1 AND client = $2), "
		      " coalesce(extract(epoch FROM now() - max(at) FILTER (WHERE "
		      "  username = $1 AND client = $2)), 0)::float8, "
		      " count(*) FILTER (WHERE username = $1), count(*) FILTER (WHERE client = $2) "
		      "FROM login_failures WHERE at > now() - $3::int * interval '1 second' "
		      "AND (username = $1 OR client = $2)",
		      3, p)))
		return r->status;
	pair = db_long(res, 0, 0);
	since = strtod(db_str(res, 0, 1), NULL);
	by_user = db_long(res, 0, 2);
	by_client = db_long(res, 0, 3);
	if (pair >= oa_config->throttle_attempts) {
		long step = pair - oa_config->throttle_attempts;
		double delay = step >= 20 ? 1e9 : (double)(1L << step);

		if (delay > oa_config->throttle_window_s)
			delay = (double)oa_config->throttle_window_s;
		if (delay - since > 0)
			return too_many(r, delay - since);
	}
	if (by_user < oa_config->throttle_ceiling && by_client < oa_config->throttle_ceiling)
		return 0;
	if ((known = known_device(r, username)) != 0)
		return known < 0 ? r->status : 0;
	if (by_user >= oa_config->throttle_ceiling &&
	    (rc = ceiling_wait(r, "username", recorded(username), &wait)) != 0)
		return rc;
	if (by_client >= oa_config->throttle_ceiling) {
		double w = 0;

		if ((rc = ceiling_wait(r, "client", r->client, &w)) != 0)
			return rc;
		wait = w > wait ? w : wait;
	}
	return too_many(r, wait);
}

int
login_guard_failed(struct req *r, const char *username)
{
	const char *p[] = {recorded(username), r->client};

	if (!db_req(r, "INSERT INTO login_failures (username, client) VALUES ($1, $2)", 2, p))
		return r->status;
	return 0;
}

int
login_guard_passed(struct req *r, const char *username)
{
	const char *p[] = {username, r->client}, *q[] = {NULL, username};
	int known;

	if (!db_req(r, "DELETE FROM login_failures WHERE username = $1 AND client = $2", 2, p))
		return r->status;
	if ((known = known_device(r, username)) != 0)
		return known < 0 ? r->status : 0;
	q[0] = req_own(r, random_token(NULL, 32));
	if (!db_req(r,
		    "INSERT INTO login_devices (token_hash, username) "
		    "VALUES (sha256(convert_to($1, 'UTF8')), $2)",
		    2, q))
		return r->status;
	auth_set_cookie(r, DEVICE_COOKIE, q[0], DEVICE_LIFETIME_S);
	return 0;
}
