/* salt.h - this process's client of the Salt master's REST API (salt-api, rest_cherrypy). */
#ifndef OA_SALT_H
#define OA_SALT_H

#include <cjson/cJSON.h>
#include <time.h>

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
/*
 * Whether salt-api answers at all (GET /, no login): 0 or a negative errno. In a
 * server process (salt_setup was called) this is the last background probe's verdict,
 * at most a second or two old while someone asks (-EAGAIN before the first probe), so
 * it never waits; elsewhere (the CLI, tests) it asks salt-api now.
 */
int salt_ping(char *err, size_t errlen);

/*
 * The shared answers. The node list (keys, reachability, cached grains) pings every
 * minion, so no request fetches it: the worker processes refresh it between requests,
 * one at a time on this host, and requests read the last answer with its age.
 */
/* Maps the area those answers live in; the master calls it once, before forking. 0 or -1. */
int salt_setup(void);
/* How fresh the node list salt_nodes gave is, and how its latest refresh went. */
struct salt_fresh {
	time_t as_of;      /* when the answer was fetched */
	double age_s;      /* how long ago that was */
	int refresh_rc;    /* a refresh since as_of failed: its negative errno; else 0 */
	time_t refresh_at; /* when it failed */
	char refresh_err[256];
};
/*
 * The node list as last fetched: {"keys": wheel key.finger's return (state -> {id:
 * fingerprint}), "status": manage.status's {"up", "down"}, "grains": {id: the cached
 * grains host, fqdn, ipv4, ipv6, os, roles, osrelease, kernelrelease, cpu_model,
 * num_cpus, mem_total, disks}}. This process's copy: valid until the next call; do not
 * free. 0 with *f filled; or -EAGAIN before the first refresh ended, or the failed
 * first refresh's errno, with err set. An answer older than [salt] nodes_refresh_s
 * (or dropped by salt_nodes_invalidate) asks for a refresh: salt_background_due.
 */
int salt_nodes(const cJSON **out, struct salt_fresh *f, char *err, size_t errlen);
/*
 * The node list from the last refresh into *keys, *status and *grains (the
 * process's copy, valid during r) and its freshness into *f. 0, or 503 answered:
 * nodes_pending (with Retry-After) before the first refresh ended, or the Salt error
 * of a first refresh that failed.
 */
int salt_req_nodes(struct req *r, const cJSON **keys, const cJSON **status, const cJSON **grains,
		   struct salt_fresh *f);
/* Asks for a new node list at the next chance (after a ping job, say); keeps the old one meanwhile.
 */
void salt_nodes_invalidate(void);
/*
 * Whether this process has background work: a probe or node list it read stale, or no
 * node list at all yet. Cheap; a worker checks it between requests.
 */
int salt_background_due(void);
/*
 * Does the due work if no other process is at it: the probe, then (if salt-api
 * answered) the node list. Bounded by timeout_s per call to salt-api; meant to run
 * between requests, never inside one.
 */
void salt_background(void);
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
