/* req.h - one HTTP request: what came in, who sent it, what it acquired, what goes out. */
#ifndef OA_REQ_H
#define OA_REQ_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "core/util.h"

struct route;
struct ceph;
struct list_spec;
struct field_spec;

enum role { ROLE_NONE = 0, ROLE_VIEWER = 1, ROLE_OPERATOR = 2, ROLE_ADMIN = 3 };

struct kv {
	char *key, *val;
};

/* The authenticated caller, filled by the dispatcher. */
struct caller {
	long id;           /* users.id, 0 when anonymous */
	char username[65]; /* users.username is 1-64 bytes: room for the longest and its NUL */
	enum role role;
	int via_cookie;  /* authenticated by the oa_session cookie (CSRF applies) */
	char csrf[80];   /* the session's CSRF token, cookie sessions only */
	long session_id; /* sessions.id, 0 for API tokens */
};

/* What a request or a task acquired, released in reverse order when it ends. */
struct defers {
	struct {
		void (*fn)(void *);
		void *ptr;
	} * v;
	int n, cap;
};
/* Adds fn(ptr) to d. */
void defers_add(struct defers *d, void (*fn)(void *), void *ptr);
/* Runs every fn(ptr) of d, last added first, and empties d. */
void defers_run(struct defers *d);

struct req {
	/* input */
	char **env; /* FastCGI parameters, "KEY=value", NULL-terminated */
	const char *method;
	char method_kept[16]; /* method, once the parameters are gone (req_detach_env) */
	char *path;           /* percent-decoded path, without the query */
	struct kv *query, *params;
	int nquery, nparams;
	const char *client;
	char *raw_body;
	size_t body_len;
	int body_too_large;
	cJSON *body; /* parsed JSON object, or NULL */
	const struct route *route;
	const struct route *routes;          /* the table it was dispatched from (routes.c) */
	const struct list_spec *list;        /* the route row's list spec, for list_parse */
	const struct field_spec *query_spec; /* the route row's other query parameters */
	struct ceph *cluster;                /* the {fsid} of an R_CLUSTER route */
	struct caller user;
	double t0;
	long task_id; /* set when the request queued a task; goes into the audit row */
	int handled;  /* every check passed and the handler ran (the audit row keeps the body) */
	/* output */
	int status;
	struct buf headers; /* extra response header lines, each ending in \r\n */
	char *out;          /* response body (JSON), owned */
	size_t out_len;
	/* everything acquired for the request, released in reverse order at the end */
	struct defers defers;
};

/* Sets up r from FastCGI params (env) and a body that r takes ownership of. */
void req_init(struct req *r, char **env, char *body, size_t body_len);
/* The FastCGI params are about to go (the answer is sent): r keeps its method (cut to
 * 15 bytes) and forgets the rest of them. */
void req_detach_env(struct req *r);
/* Releases everything deferred, in reverse order, and the request's own memory. */
void req_release(struct req *r);
/*
 * Runs fn(ptr) when the request ends. fn takes a void * itself: never cast a function
 * pointer to fit (calling through an incompatible type is undefined); each backend
 * exports the release functions of its handles (ceph_ioctx_release, image_release,
 * image_options_release, json_release).
 */
void req_defer(struct req *r, void (*fn)(void *), void *ptr);
/*
 * The common cases, taking ownership and returning what they were given: a string
 * (free), a cJSON tree (cJSON_Delete; NULL is fine).
 */
char *req_own(struct req *r, char *s);
cJSON *req_own_json(struct req *r, cJSON *j);
/* A new document to build trees in (core/json_doc.h), dropped with the request. */
struct json_doc *req_doc(struct req *r);

/* A FastCGI parameter ("REQUEST_METHOD", "HTTP_AUTHORIZATION"...), or NULL. */
const char *req_env(const struct req *r, const char *name);
/*
 * A decoded query parameter, or NULL. A dispatched request reads only what its route
 * row declares (the list parameters, the query fields): reading anything else is a
 * bug, logged, and reads NULL, so a parameter cannot work without being documented.
 */
const char *req_query(const struct req *r, const char *name);
/*
 * Whether the route row of r accepts the query parameter name: the list parameters of
 * a list route, or one of its query fields (the dispatcher refuses any other with 400).
 */
int req_query_declared(const struct req *r, const char *name);
/* The value of a {name:int} path parameter, which the dispatcher checked (0..2^62). */
long req_param_long(const struct req *r, const char *name);
/* A decoded path parameter captured by the route pattern ("{name}"), or NULL. */
const char *req_param(const struct req *r, const char *name);
/* The value of cookie name, as a new string owned by r, or NULL. */
const char *req_cookie(struct req *r, const char *name);

/*
 * Percent-decodes s[0..n) into a new string; with plus_space, '+' means a space (query
 * strings). Returns NULL for a malformed escape or an encoded NUL byte.
 */
char *pct_decode(const char *s, size_t n, int plus_space);
/*
 * Splits a raw query string into decoded pairs. Returns the count, or -1 for a
 * malformed one (bad escape, NUL). *out is a new array the caller frees with kv_free.
 */
int parse_query(const char *qs, struct kv **out);
void kv_free(struct kv *kv, int n);

#endif
