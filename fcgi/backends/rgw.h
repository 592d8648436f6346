/* rgw.h - this process's client of each cluster's Object Gateway: the Admin Ops API and S3. */
#ifndef OA_RGW_H
#define OA_RGW_H

#include <cjson/cJSON.h>

#include "backends/ceph.h"
#include "core/req.h"
#include "core/util.h"

/* A query string being built: pairs kept in order of name, as SigV4 wants them. */
struct rgw_query {
	struct kv *kv;
	int n;
};
/* Adds name=value (value may be "" for a flag like "?versioning"); copies both. */
void rgw_q(struct rgw_query *q, const char *name, const char *value);
/* Adds name=<printf>. */
void rgw_qf(struct rgw_query *q, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void rgw_query_free(struct rgw_query *q);

/* One call: to the Admin Ops API (as the configured admin) or to S3 as a user. */
struct rgw_call {
	const char *method; /* GET, PUT, POST, DELETE, HEAD */
	const char *path;   /* "/admin/user", "/photos"; its segments already encoded */
	struct rgw_query query;
	const char *body; /* NULL: none */
	size_t body_len;
	const char *content_type;
	const char *header; /* one extra "Name: value" header, or NULL */
	/* S3 as this user; NULL: the cluster's admin keys. Never stored or logged. */
	const char *access_key, *secret_key;
	long timeout_s; /* 0: [rgw] timeout_s */
	/* the outcome, set by rgw_call / rgw_call_many */
	int rc;            /* 0, or a transport error: -ENOTCONN, -ETIMEDOUT, -EACCES, -ENXIO */
	long status;       /* the HTTP status when rc is 0 */
	char code[64];     /* RGW's error Code ("NoSuchUser") when status >= 300 */
	char message[256]; /* and its Message, when it sent one */
	struct buf answer; /* the body as received (JSON, XML or nothing) */
	cJSON *json;       /* answer parsed, when it is JSON */
	char err[256];     /* what went wrong, in words */
};

/*
 * Whether cluster c has an Object Gateway to talk to: admin keys configured (0), or
 * -ENXIO with err saying what is missing.
 */
int rgw_configured(struct ceph *c, char *err, size_t errlen);
/*
 * Runs call against c's gateway: the configured endpoints in turn (or the service
 * map's radosgw daemons when none are configured), the last one that answered first.
 * Signs with SigV4. Sets call->rc and the rest; returns call->rc, or -EPROTO when
 * RGW answered with an error status (call->status, call->code say which).
 */
int rgw_call(struct ceph *c, struct rgw_call *call);
/* Runs n calls at once (at most 16 in flight) on one endpoint; each call's outcome as rgw_call. */
void rgw_call_many(struct ceph *c, struct rgw_call *calls, int n);
/* Releases what a call holds (query, answer, json); the call may be reused after. */
void rgw_call_release(struct rgw_call *call);

/*
 * RGW's answer in the API's words, the one mapping of this library: a transport
 * error 503 rgw_unreachable (no gateway configured: rgw_not_configured; our admin keys
 * refused: rgw_auth), RGW's Code to its status and code (NoSuchUser 404
 * user_not_found, BucketNotEmpty 409 bucket_not_empty, ...), anything else by status.
 */
struct rgw_err {
	int status;
	const char *code;
	const char
		*field; /* the body field a create or change blames (uid, email, name), or NULL */
	const char *plain; /* words when RGW gave none */
};
struct rgw_err rgw_error_of(const struct rgw_call *call);
/* Answers call's error (rgw_error_of, RGW's message when it sent one). Returns the status. */
int resp_rgw_error(struct req *r, const struct rgw_call *call);
/*
 * A whole request's call to the Admin Ops API on r->cluster: method, path, the query
 * (taken: freed here) and an optional JSON body. 0 with *out the answer (owned by r;
 * NULL when RGW sent no JSON), or the error answered (resp_rgw_error): its status.
 */
int rgw_req_admin(struct req *r, const char *method, const char *path, struct rgw_query *q,
		  const cJSON **out);

/*
 * The radosgw daemons of c's service map (the manager's `service dump`), as
 * [{"id","gid","hostname","endpoint","version","zone","zonegroup","realm","frontend"}]
 * (new). 0 or a negative errno (*msg Ceph's message, new, may be NULL).
 */
int rgw_daemons(struct ceph *c, cJSON **out, char **msg);
/* One daemon of the service map's rgw daemons (d->string its key) in that shape (new). */
cJSON *rgw_daemon_json(const cJSON *d);

/*
 * An S3 key pair of user uid on c, for calling S3 as that user (the secret is the
 * caller's to wipe, never to store or log): 0 with ak and sk filled; -ENOKEY when the
 * user has no S3 key; else the admin call failed and *call (released by the caller)
 * says how: rgw_call's value, for resp_rgw_error.
 */
int rgw_user_s3_keys(struct ceph *c, const char *uid, char *ak, size_t akn, char *sk, size_t skn,
		     struct rgw_call *call);

/* Percent-encodes s as SigV4 wants (RFC 3986 unreserved kept; '/' kept when keep_slash). */
char *rgw_encode(const char *s, int keep_slash);

#endif
