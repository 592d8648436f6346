/*
 * router.c - finds the route row for a request and applies, once and in this order,
 * what the row's flags promise: audit row opened (every non-GET), authentication,
 * 404/405, role, CSRF, body size, media type and shape, the cluster of {fsid}, typed
 * {name:int} parameters ({name:any} may hold a '/', as %2F), a Salt master (R_SALT), the owner of
 * {username} (R_OWNER), and last a slot of the slow routes (R_SLOW). A handler runs only when all
 * of that passed, so it never re-checks any of it (the Redis/git command table idea).
 *
 * Slow routes (they may wait long on a backend) hold one of [server] slow_workers
 * slots while they run, so the other workers always answer login, health and ordinary
 * reads; beyond that a slow request gets a fast 503 server_busy with Retry-After
 * rather than a worker - unless slow routes are fast right now (a burst of quick
 * ones: it waits up to a second for a slot). nginx's per-caller limit keeps one
 * caller from taking every slot. The slots are pids in a table the master maps before
 * forking; a slot left by a worker that died is taken over.
 */
#include "server/router.h"
#include "backends/ceph.h"
#include "backends/salt.h"
#include "backends/view.h"
#include "core/log.h"
#include "core/resp.h"
#include "server/audit.h"
#include "server/auth.h"
#include "server/changes.h"

#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

static int
is_read(const struct req *r)
{
	return !strcmp(r->method, "GET") || !strcmp(r->method, "HEAD");
}

/* Compares one pattern segment with one raw path segment; captures {params}. */
static int
match_segment(const char *pat, size_t plen, const char *seg, size_t slen, struct kv **kv, int *n)
{
	char *dec;

	if (plen >= 2 && pat[0] == '{' && pat[plen - 1] == '}') {
		size_t name_len = strcspn(pat + 1, ":}");

		if (slen == 0)
			return 0;
		if (!(dec = pct_decode(seg, slen, 0)))
			return -1;
		/* A '/' (sent as %2F) only where the pattern says {name:any}. */
		int ok = !strchr(dec, '/') || !strncmp(pat + 1 + name_len, ":any}", 5);
		if (!ok || !kv) {
			free(dec);
			return ok;
		}
		*kv = xrealloc(*kv, sizeof(**kv) * (size_t)(*n + 1));
		(*kv)[*n].key = xstrndup(pat + 1, name_len);
		(*kv)[*n].val = dec;
		(*n)++;
		return 1;
	}
	if (!(dec = pct_decode(seg, slen, 0)))
		return -1;
	int ok = strlen(dec) == plen && !memcmp(dec, pat, plen);
	free(dec);
	return ok;
}

int
route_match(const char *pattern, const char *path, struct kv **kv, int *n)
{
	const char *p = pattern, *s = path;
	struct kv *got = NULL;
	int ngot = 0, rc = 1;

	while (rc == 1 && *p == '/' && *s == '/') {
		size_t plen = strcspn(p + 1, "/"), slen = strcspn(s + 1, "/");
		rc = match_segment(p + 1, plen, s + 1, slen, kv ? &got : NULL, &ngot);
		p += plen + 1;
		s += slen + 1;
	}
	if (rc == 1 && (*p || *s))
		rc = 0;
	if (rc == 1 && kv) {
		*kv = got;
		*n = ngot;
	} else {
		kv_free(got, ngot);
	}
	return rc;
}

/* The raw path of REQUEST_URI (before '?'), kept for the log and the audit row. */
static void
set_path(struct req *r)
{
	const char *uri = req_env(r, "REQUEST_URI");
	size_t n;

	if (!uri)
		uri = "";
	n = strcspn(uri, "?");
	r->path = xstrndup(uri, n > 4096 ? 4096 : n);
}

/* Checks the path and decodes the query. Returns 0 or an error status. */
static int
parse_target(struct req *r)
{
	const char *uri = req_env(r, "REQUEST_URI"), *q;
	size_t plen;
	char *dec;
	int ok;

	if (!uri || uri[0] != '/')
		return resp_error(r, 400, "invalid_path", NULL, "the request path is malformed");
	if (strlen(uri) > 4096)
		return resp_error(r, 414, "path_too_long", NULL,
				  "the request target is longer than 4096 bytes");
	q = strchr(uri, '?');
	plen = q ? (size_t)(q - uri) : strlen(uri);
	dec = pct_decode(uri, plen, 0);
	ok = dec && utf8_valid(dec, strlen(dec));
	free(dec);
	if (!ok)
		return resp_error(
			r, 400, "invalid_path", NULL,
			"the request path has a malformed escape, a NUL byte or is not UTF-8");
	if (q && (r->nquery = parse_query(q + 1, &r->query)) < 0) {
		r->nquery = 0;
		return resp_error(
			r, 400, "invalid_query", NULL,
			"the query string has a malformed escape, a NUL byte or is not UTF-8");
	}
	return 0;
}

/* The route for the request, or NULL with allow[] listing the methods the path has. */
static const struct route *
find_route(struct req *r, char *allow, size_t alen)
{
	const char *m = !strcmp(r->method, "HEAD") ? "GET" : r->method;
	int rc;

	allow[0] = '\0';
	for (const struct route *rt = r->routes; rt->method; rt++) {
		if ((rc = route_match(rt->pattern, r->path, NULL, NULL)) != 1)
			continue;
		if (!strcmp(rt->method, m)) {
			route_match(rt->pattern, r->path, &r->params, &r->nparams);
			return rt;
		}
		if (!strstr(allow, rt->method)) {
			size_t len = strlen(allow);
			snprintf(allow + len, alen - len, "%s%s%s", len ? ", " : "", rt->method,
				 !strcmp(rt->method, "GET") ? ", HEAD" : "");
		}
	}
	return NULL;
}

static int
check_role(struct req *r, const struct route *rt)
{
	if ((rt->flags & R_ADMIN) && r->user.role != ROLE_ADMIN)
		return resp_error(r, 403, "forbidden", NULL, "this needs the admin role");
	if (!is_read(r) && !(rt->flags & R_ANY_ROLE) && r->user.role < ROLE_OPERATOR)
		return resp_error(r, 403, "forbidden", NULL,
				  "the %s role may only read; this needs operator or admin",
				  r->user.role == ROLE_VIEWER ? "viewer" : "current");
	return 0;
}

/* Checks the typed {name:int} parameters of rt against r's values. 0, or 404 answered. */
static int
check_typed(struct req *r, const struct route *rt)
{
	for (const char *p = strstr(rt->pattern, ":int}"); p; p = strstr(p + 1, ":int}")) {
		const char *open = p;
		char name[32];
		long n;

		while (open > rt->pattern && *open != '{')
			open--;
		snprintf(name, sizeof(name), "%.*s", (int)(p - open - 1), open + 1);
		const char *v = req_param(r, name);
		if (!v || parse_long(v, 0, 1L << 62, &n) < 0)
			return resp_error(r, 404, req_own(r, xasprintf("%s_not_found", rt->noun)),
					  NULL, "no %s '%s'", rt->noun, v ? v : "");
	}
	return 0;
}

#define SLOW_SLOTS   256 /* [server] slow_workers is at most 255 */
#define SLOW_RETRY_S 2   /* what a refused slow request is told to wait */
/*
 * Slow routes are fast right now when no holder has held its slot for SLOW_FAST_MS
 * and no hold that ended in the last SLOW_RECENT_MS lasted that long: a request that
 * finds every slot held then waits for one (a burst of quick ones), up to
 * SLOW_WAIT_MS. Otherwise (a backend hangs) it is refused at once, so a worker never
 * queues behind a stuck backend.
 */
#define SLOW_FAST_MS   500
#define SLOW_RECENT_MS 2000
#define SLOW_WAIT_MS   1000

struct slow_table {
	_Atomic int64_t last_hold_ms;      /* how long the latest request held its slot */
	_Atomic int64_t last_hold_end;     /* when it gave it back (monotonic ms) */
	_Atomic pid_t pid[SLOW_SLOTS];     /* the holder; 0 = free */
	_Atomic int64_t since[SLOW_SLOTS]; /* since when (monotonic ms; 0 = just taken) */
};

static struct slow_table *slow; /* shared by the host's workers */
static int slow_held = -1;      /* the slot this process holds */

int
router_setup(void)
{
	slow = shared_alloc(sizeof(*slow), "the slow-route slots");
	return slow ? 0 : -1;
}

static long
slow_limit(void)
{
	return oa_config->slow_workers < SLOW_SLOTS ? oa_config->slow_workers : SLOW_SLOTS;
}

/*
 * Takes a free slot among the first slow_workers; failing that, one whose holder is
 * gone (a worker that died, or an earlier process with our pid: we hold none). The
 * slot's index, or -1 when every one is held. A request's hold is timed (since);
 * background work's is not, as it says nothing of how fast slow routes are.
 */
static int
slow_take(int request)
{
	long n = slow_limit();
	pid_t me = getpid(), h;

	if (slow_held >= 0)
		return slow_held;
	for (int pass = 0; pass < 2; pass++)
		for (long i = 0; i < n; i++) {
			h = atomic_load(&slow->pid[i]);
			if (pass == 0 ? h != 0
				      : !(h == 0 || h == me || (kill(h, 0) < 0 && errno == ESRCH)))
				continue;
			if (atomic_compare_exchange_strong(&slow->pid[i], &h, me)) {
				atomic_store(&slow->since[i], request ? (int64_t)now_ms() : 0);
				return slow_held = (int)i;
			}
		}
	return -1;
}

/* Gives the slot back; how long a request held it is remembered. */
static void
slow_give_back(void)
{
	pid_t me = getpid();
	int64_t since;

	if (slow_held < 0)
		return;
	since = atomic_exchange(&slow->since[slow_held], 0);
	if (since) {
		atomic_store(&slow->last_hold_ms, (int64_t)now_ms() - since);
		atomic_store(&slow->last_hold_end, (int64_t)now_ms());
	}
	atomic_compare_exchange_strong(&slow->pid[slow_held], &me, 0);
	slow_held = -1;
}

static void
slow_release(void *unused)
{
	(void)unused;
	slow_give_back();
}

/* Whether the slow routes are fast right now (see SLOW_FAST_MS). */
static int
slow_routes_fast(void)
{
	int64_t now = (int64_t)now_ms(), since;
	long n = slow_limit();

	if (atomic_load(&slow->last_hold_ms) >= SLOW_FAST_MS &&
	    now - atomic_load(&slow->last_hold_end) < SLOW_RECENT_MS)
		return 0;
	for (long i = 0; i < n; i++)
		if (atomic_load(&slow->pid[i]) && (since = atomic_load(&slow->since[i])) &&
		    now - since >= SLOW_FAST_MS)
			return 0;
	return 1;
}

int
route_claim_slow(struct req *r)
{
	struct timespec step = {0, 5 * 1000 * 1000};
	double give_up = now_ms() + SLOW_WAIT_MS;

	if (!slow || slow_held >= 0)
		return 0;
	if (r->route && !(r->route->flags & (R_SLOW | R_SLOW_IF)))
		log_err("%s %s claims a slow-route slot but its row is not marked slow", r->method,
			r->route->pattern);
	while (slow_take(1) < 0) {
		if (!slow_routes_fast() || now_ms() > give_up) {
			resp_header(r, "Retry-After: %d", SLOW_RETRY_S);
			return resp_error(r, 503, "server_busy", NULL,
					  "this server is busy with %ld slow requests; try again "
					  "in a moment",
					  slow_limit());
		}
		nanosleep(&step, NULL);
	}
	req_defer(r, slow_release, NULL);
	return 0;
}

int
route_claim_background(void)
{
	return slow && slow_take(0) >= 0;
}

void
route_release_background(void)
{
	slow_give_back();
}

int
route_check(struct req *r, const struct route *rt)
{
	const char *u;
	int rc;

	if ((rc = check_typed(r, rt)) != 0)
		return rc;
	if ((rt->flags & R_SALT) && !salt_configured())
		return resp_error(r, 503, "salt_unconfigured", NULL,
				  "no Salt master is configured");
	if ((rt->flags & R_OWNER) && r->user.role != ROLE_ADMIN &&
	    (!(u = req_param(r, "username")) || strcmp(u, r->user.username)))
		return resp_error(r, 403, "forbidden", NULL,
				  "only admins may see or change other users than themselves");
	if (rt->flags & R_SLOW)
		return route_claim_slow(r);
	return 0;
}

static int
is_json_type(const char *ct)
{
	size_t n = strlen("application/json");

	return ct && !strncasecmp(ct, "application/json", n) &&
	       (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

static int
read_body(struct req *r, const struct route *rt)
{
	struct json_problem p;

	if (r->body_too_large)
		return resp_error(r, 413, "body_too_large", NULL,
				  "the request body is larger than the server accepts");
	if (r->body_len > 0 && !is_json_type(req_env(r, "CONTENT_TYPE")))
		return resp_error(r, 415, "unsupported_media_type", NULL,
				  "request bodies must be application/json");
	if (!(r->body = json_parse_body(r->raw_body, r->body_len, rt->body, &p))) {
		/* A well-formed object with wrong fields is kept for the (redacted) audit row. */
		if (p.field[0])
			r->body = cJSON_ParseWithLength(r->raw_body, r->body_len);
		return resp_error(r, p.status, p.code, p.field[0] ? p.field : NULL, "%s",
				  p.message);
	}
	return 0;
}

/* Refuses a query parameter the route row does not declare, and a mistyped integer. */
static int
check_query(struct req *r)
{
	long v;

	for (int i = 0; i < r->nquery; i++) {
		const char *k = r->query[i].key;
		const struct field_spec *f;

		if (!req_query_declared(r, k))
			return resp_error(r, 400, "unknown_parameter", k,
					  "%s %s takes no query parameter '%s'", r->method,
					  r->route->pattern, k);
		for (f = r->query_spec; f && f->name; f++)
			if (!strcmp(f->name, k) && f->type == J_INT &&
			    parse_long(r->query[i].val, -(1L << 62), 1L << 62, &v) < 0)
				return resp_error(r, 400, "invalid_parameter", k,
						  "%s must be an integer", k);
	}
	return 0;
}

static int
dispatch(struct req *r, long *audit_id)
{
	const struct route *rt;
	char allow[128];
	int rc;

	set_path(r);
	if (!is_read(r) && (rc = audit_begin(r, audit_id)) != 0)
		return rc;
	if ((rc = parse_target(r)) != 0)
		return rc;
	rt = find_route(r, allow, sizeof(allow));
	r->route = rt;
	if (rt) {
		r->list = rt->list;
		r->query_spec = rt->query;
	}
	if (!rt || !(rt->flags & R_PUBLIC)) {
		if ((rc = auth_identify(r)) != 0)
			return rc;
		if (!r->user.id)
			return resp_error(r, 401, "unauthorized", NULL, "log in first");
	} else if ((rt->flags & R_IDENTIFY) && auth_identify(r) != 0) {
		/* The database is down: anonymous it is, and the answer must still come. */
		memset(&r->user, 0, sizeof(r->user));
		r->status = 0; /* the handler's answer replaces the 503 */
	}
	if (!rt && allow[0]) {
		resp_header(r, "Allow: %s", allow);
		return resp_error(r, 405, "method_not_allowed", NULL,
				  "%s is not allowed here; use %s", r->method, allow);
	}
	if (!rt)
		return resp_error(r, 404, "not_found", NULL, "no such API endpoint");
	if (!(rt->flags & R_PUBLIC) && ((rc = check_role(r, rt)) || (rc = auth_check_csrf(r))))
		return rc;
	if ((rc = check_query(r)) != 0 || (!is_read(r) && (rc = read_body(r, rt)) != 0))
		return rc;
	if ((rt->flags & R_CLUSTER) && (rc = ceph_resolve(r)) != 0)
		return rc;
	if ((rc = route_check(r, rt)) != 0)
		return rc;
	r->handled = 1;
	return rt->fn(r);
}

void
router_dispatch(struct req *r, const struct route *table)
{
	long audit_id = 0;

	r->routes = table;
	r->status = dispatch(r, &audit_id);
	if (audit_id)
		audit_end(r, audit_id);
	if (!is_read(r)) { /* what it changed shows in every worker's next read */
		changes_note(T_AUDIT);
		changes_note(T_TASKS); /* it may have queued or cancelled one */
		if (r->handled && r->cluster)
			view_note_change(r->cluster);
	}
}

void
router_log(const struct req *r)
{
	log_info("%s %s %d %.2fms user=%s", r->method, r->path ? r->path : "?", r->status,
		 now_ms() - r->t0, r->user.id ? r->user.username : "-");
}
