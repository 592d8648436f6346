/* salt.h - this process's client of the Salt master's REST API (salt-api, rest_cherrypy). */
#ifndef OA_SALT_H
#define OA_SALT_H

#include <cjson/cJSON.h>

#include "core/config.h"
#include "core/req.h"

/* True when a [salt] url is configured. */
int salt_configured(void);
/*
 * One salt-api request: method and path ("/", "/jobs/<jid>", "/keys"), and for POST a
 * lowstate (a chunk object or a list; the caller keeps it). Logs in lazily, sends
 * X-Auth-Token, and on a 401 logs in again once and retries. Returns 0 with *out the
 * parsed answer (new), or: -ENOTCONN salt-api unreachable, -ETIMEDOUT too slow,
 * -EACCES login refused, -EIO a 5xx, -EPROTO an answer that is not the expected JSON;
 * err then says what happened.
 */
int salt_call(const char *method, const char *path, const cJSON *lowstate, cJSON **out, char *err,
	      size_t errlen);
/*
 * POST / with a lowstate list of chunks (local, local_async, runner, runner_async, wheel;
 * the caller keeps it): 0 with *ret the answer's "return" list (new), one entry per
 * chunk in order, or a salt_call error (-EPROTO when the answer is not that list).
 */
int salt_lowstate(const cJSON *chunks, cJSON **ret, char *err, size_t errlen);
/*
 * The return value of a wheel chunk's answer ({"tag", "data": {"return", "success"}}),
 * or NULL with err set when the wheel function failed or the answer has another shape.
 */
const cJSON *salt_wheel_return(const cJSON *answer, char *err, size_t errlen);
/* Whether salt-api answers at all (GET /, no login): 0 or a negative errno. */
int salt_ping(char *err, size_t errlen);
/*
 * salt_call's errno in the API's words, the one mapping of this library: -EACCES
 * salt_auth (login refused), -ENOTCONN/-ETIMEDOUT salt_unreachable, anything else
 * (5xx, a malformed answer) salt_error. resp_salt_error answers it with 503.
 */
const char *salt_error_code(int rc);
/* The same in words, for a caller: what happened, without the transport's detail. */
const char *salt_error_text(int rc);
/* Answers a salt_call error: 503 with salt_error_code's code. */
int resp_salt_error(struct req *r, int rc, const char *err);

#endif
