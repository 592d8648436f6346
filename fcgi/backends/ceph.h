/* ceph.h - this process's connections to the configured Ceph clusters (librados). */
#ifndef OA_CEPH_H
#define OA_CEPH_H

#include <cjson/cJSON.h>
#include <rados/librados.h>

#include "core/config.h"
#include "core/req.h"

struct ceph {
	int index;                       /* position in the configuration */
	const struct cluster_conf *conf; /* name, ceph.conf, keyring, client */
	char fsid[40];                   /* from ceph.conf, or learnt on connecting */
	rados_t rados;
	int connected;
	double failed_at; /* when connecting last failed (ms, monotonic) */
	char error[256];  /* why */
};

/* Sets up (unconnected) handles for the configured clusters; call after fork. */
void ceph_clusters_init(const struct config *c);
/*
 * A new connected handle for cluster c, its monitor (and manager) commands bounded by
 * op_timeout seconds ("0": none): 0 with *r, or a negative errno (c->error says why).
 */
int ceph_open_handle(struct ceph *c, const char *op_timeout, rados_t *r);
/* Shuts every connection down. */
void ceph_clusters_shutdown(void);
int ceph_count(void);
struct ceph *ceph_at(int i);
/* The cluster with this fsid, or NULL. */
struct ceph *ceph_by_fsid(const char *fsid);
/* Sets r->cluster from the {fsid} path parameter. 0, or 404 cluster_not_found answered. */
int ceph_resolve(struct req *r);
/*
 * Connects if needed (timeouts ~5 s). 0, or -ENOTCONN / -ETIMEDOUT with c->error set;
 * after a failure, further calls fail at once for a couple of seconds.
 */
int ceph_connect(struct ceph *c);
/*
 * Runs a monitor command (cmd is the command object; "format":"json" is added; the
 * caller keeps ownership). Returns 0 with *out = the parsed output (NULL if none) or
 * a negative errno with *msg = Ceph's message (both new, may be NULL if not wanted).
 */
int ceph_mon(struct ceph *c, const cJSON *cmd, cJSON **out, char **msg);
/*
 * How long this thread has waited for monitor and manager commands in all, ms;
 * ceph_wait_note adds a wait for commands sent on other threads.
 */
double ceph_wait_ms(void);
void ceph_wait_note(double ms);

/*
 * A command given as JSON text (add "format":"json" yourself) to the monitor or, with
 * mgr, the manager: 0 with *out the output text (new, *len bytes) or a negative errno;
 * *msg is Ceph's status message (new) or NULL.
 */
int ceph_command_text(struct ceph *c, int mgr, const char *cmd, char **out, size_t *len,
		      char **msg);
/* Same, to the manager. */
int ceph_mgr(struct ceph *c, const cJSON *cmd, cJSON **out, char **msg);
/*
 * ceph_command_text to the manager daemon name (`ceph tell mgr.<name>`): what the
 * manager answers only as a daemon, e.g. `config help` without a key (every option's
 * schema).
 */
int ceph_mgr_tell_text(struct ceph *c, const char *name, const char *cmd, char **out, size_t *len,
		       char **msg);
/*
 * Whether pool name exists, from librados' osdmap brought up to date first (one
 * monitor round trip: for checks before a change). 1, 0, or a negative errno.
 */
int ceph_pool_exists(struct ceph *c, const char *name);
/* A new monitor command object {"prefix": prefix}; add its arguments with cJSON_Add*. */
cJSON *ceph_cmd(const char *prefix);
/* Runs cmd on the monitor and frees it: 0, or a negative errno with *msg (new) set. */
int ceph_run(struct ceph *c, cJSON *cmd, char **msg);
/*
 * ceph_run for a request, on r->cluster's monitor (mgr 0) or manager (mgr 1): frees
 * cmd, and *msg (may be NULL) is Ceph's message owned by r, so a handler never
 * chooses between free and req_own. 0 or a negative errno.
 */
int ceph_req_run(struct req *r, int mgr, cJSON *cmd, const char **msg);
/*
 * Ceph's errno in the API's words, the one mapping of this library: its status and
 * code (ENOENT 404 not_found, EEXIST 409 exists, EBUSY/ENOTEMPTY 409 busy,
 * EINVAL/ERANGE/EDOM 422 invalid_value, EPERM/EACCES 403 ceph_denied, ETIMEDOUT/
 * ENOTCONN/ECONNREFUSED/ESHUTDOWN 503 cluster_unreachable, else 500 ceph_error).
 * resp_ceph_error answers with it; a task fails with its code (task_fail_ceph).
 */
struct ceph_err {
	int status;
	const char *code;
	const char *plain; /* 5xx: what a caller is told instead of the transport's detail */
};
struct ceph_err ceph_error_of(int rc);
/*
 * Answers a Ceph error: ENOENT 404, EEXIST/EBUSY/ENOTEMPTY 409, EINVAL/ERANGE 422,
 * EPERM/EACCES 403, ETIMEDOUT/ENOTCONN 503 cluster_unreachable; Ceph's message kept.
 */
int resp_ceph_error(struct req *r, int rc, const char *msg);

/*
 * Ceph's name rules, one text each. A pool (or erasure-code profile) name: 1-127 of
 * A-Z a-z 0-9 _ . -, not starting with '.'. An RBD image, snapshot or namespace name:
 * 1-95 bytes without '/', '@' or control characters, not starting with '.'.
 */
int ceph_valid_pool_name(const char *name);
int ceph_valid_image_name(const char *name);
/* 0 when name keeps the rule, else 422 invalid_value on field answered, the message
 * naming noun ("pool", "profile"; "image", "snapshot"). Returns the status. */
int ceph_check_pool_name(struct req *r, const char *name, const char *field, const char *noun);
int ceph_check_image_name(struct req *r, const char *name, const char *field, const char *noun);

/*
 * The end of a call that creates name (noun: "image", "snapshot"): 0 when rc is 0;
 * else answers -EEXIST as 409 <noun>_exists on field, anything else as
 * resp_ceph_error, and returns the status.
 */
int ceph_check_created(struct req *r, int rc, const char *noun, const char *field,
		       const char *name);
/* rados_ioctx_destroy as a defer function (req_defer, task_defer). */
void ceph_ioctx_release(void *io);

/*
 * Opens pool of c, connecting first: librados' osdmap may not know a pool another
 * client just made, so a missing pool is looked for again after the latest osdmap.
 * 0 with *io (the caller's: req_defer or task_defer with ceph_ioctx_release), or a
 * negative errno with *io NULL: -ENOENT when there is no such pool, -ENOTCONN /
 * -ETIMEDOUT when connecting failed (c->error says why; it is empty while connected).
 */
int ceph_ioctx(struct ceph *c, const char *pool, rados_ioctx_t *io);

/*
 * Reads the whole object oid: 0 with *data (new, NUL-terminated), *len (may be NULL)
 * and *ver, the RADOS version read (a write may assert it), or a negative errno:
 * -ENOENT, -EFBIG when it holds max bytes or more. Reads grow 4-fold from max/256 to
 * max, so a small object costs one read.
 */
int ceph_read_object(rados_ioctx_t io, const char *oid, size_t max, char **data, size_t *len,
		     uint64_t *ver);
/*
 * ceph_read_object reading the object's xattrs in the same op: on success *xattrs is
 * their iterator (end it with rados_getxattrs_end) or NULL when they could not be read.
 */
int ceph_read_object_xattrs(rados_ioctx_t io, const char *oid, size_t max, char **data, size_t *len,
			    uint64_t *ver, rados_xattrs_iter_t *xattrs);

#endif
