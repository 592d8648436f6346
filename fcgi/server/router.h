/* router.h - the route table's row and the dispatcher that applies a row's flags. */
#ifndef OA_ROUTER_H
#define OA_ROUTER_H

#include "core/json.h"
#include "core/req.h"

/* A handler answers the request through resp_* and returns the HTTP status it set. */
typedef int route_fn(struct req *r);

enum route_flags {
	R_PUBLIC = 1 << 0,   /* no authentication */
	R_ADMIN = 1 << 1,    /* admin role only */
	R_ANY_ROLE = 1 << 2, /* any role may call it although it is not a GET (own account) */
	R_CLUSTER = 1 << 3,  /* the path has {fsid}: r->cluster is set, 404 if none has it */
	R_SALT = 1 << 4,     /* needs a Salt master: 503 salt_unconfigured when none is */
	R_OWNER = 1 << 5,    /* the path's {username} is the caller, or the caller is admin */
	R_IDENTIFY = 1 << 6, /* with R_PUBLIC: a caller who sends credentials is identified
			       (anonymous if that fails), for a fuller answer */
	R_SLOW = 1 << 7,     /* waits long on a backend: holds a slot (route_claim_slow) */
	R_SLOW_IF = 1 << 8   /* slow for some queries: its handler claims the slot then */
};

struct route {
	const char *method;
	const char *pattern; /* "/api/users/{username}" */
	route_fn *fn;
	unsigned flags;
	const struct field_spec *body; /* accepted JSON body fields; NULL = no body */
	const char *summary;
	/*
	 * What a typed parameter {name:int} names ("task"): the pattern's {name:int}
	 * takes a decimal integer 0..2^62, else 404 <noun>_not_found "no <noun> '...'".
	 */
	const char *noun;
	/* A list route's sort fields, default sort and search fields (list_parse reads it). */
	const struct list_spec *list;
	/* The other query parameters it reads; any undeclared one is refused with 400. */
	const struct field_spec *query;
	/*
	 * What it answers, for the OpenAPI document and the tests that check answers
	 * against it: "<status> [schema]" pairs and "!<status>" for errors the flags do not
	 * imply, e.g. "200 list(Pool)", "202 Task", "201 Pool !409", "204". The schema
	 * notation is openapi.h's.
	 */
	const char *answer;
	/* A request body for the document, as JSON text (test_schema checks it against body). */
	const char *example;
};

/*
 * Matches path against pattern; on success returns 1 and, if kv is not NULL, stores
 * the decoded {params} in a new array (*kv, *n). A parameter that decodes to
 * something with a '/' or a NUL does not match. Returns -1 for a malformed escape.
 */
int route_match(const char *pattern, const char *path, struct kv **kv, int *n);
/*
 * The row's preconditions beyond authentication and role, as the dispatcher applies
 * them once: typed {name:int} parameters (404), R_SALT (503), R_OWNER (403), and
 * last a slow-route slot for R_SLOW (503). 0, or the status answered. Exposed for the
 * unit tests.
 */
int route_check(struct req *r, const struct route *rt);
/* Maps the host's table of slow-route slots; the master calls it once, before forking. 0 or -1. */
int router_setup(void);
/*
 * Claims one of the [server] slow_workers slots for r until it ends (route_check does
 * it for R_SLOW rows, an R_SLOW_IF handler before its slow part; a second claim in
 * one request is a no-op): 0, or 503 server_busy with Retry-After answered. Without
 * router_setup (the CLI, the unit tests) nothing is bounded.
 */
int route_claim_slow(struct req *r);
/* Holds a slot for work between requests (a worker's background refresh): 1, or 0 if none is free.
 */
int route_claim_background(void);
/* Gives back the slot route_claim_background took. */
void route_release_background(void);
/*
 * Handles one request end to end: route lookup (404/405), authentication (401), role
 * (403), CSRF (403), body (413/415/400), the handler and the audit row. Leaves the
 * response in r; router_log writes its log line once it is sent. table is the route table
 * (routes.c, passed down from main), terminated by a row with a NULL method; r->routes points to it
 * for the handlers.
 */
void router_dispatch(struct req *r, const struct route *table);
/* The request's log line (method, path, status, time since it began, user): written
 * after the answer, so that the caller does not wait for the log file. */
void router_log(const struct req *r);

#endif
