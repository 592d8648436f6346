/*
 * ceph.c - one rados_t per configured cluster per process, created after fork,
 * connected on first use and kept: connecting costs milliseconds, a command
 * microseconds. Every operation has a timeout (client_mount_timeout,
 * rados_mon_op_timeout, rados_osd_op_timeout), so a dead cluster costs a request a
 * few seconds and a 503; after a failed connect the next attempts fail at once for
 * a short while instead of each waiting out the timeout. librados itself hunts for a
 * monitor that comes back. Ceph's errnos become statuses here and nowhere else.
 */
#include "backends/ceph.h"
#include "backends/ceph_mgr.h"
#include "core/log.h"
#include "core/resp.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Seconds: a request that waits out one operation still answers within 5 s. */
#define CEPH_TIMEOUT           "4"
#define RETRY_AFTER_FAILURE_MS 2000.0

static struct ceph *clusters;
static int nclusters;

/* Reads "fsid = ..." from the [global] section of a ceph.conf. */
static void
fsid_from_conf(const char *path, char *out, size_t n)
{
	char line[512], section[64] = "global";
	FILE *f = fopen(path, "r");

	out[0] = '\0';
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char *p = line, *eq;
		while (isspace((unsigned char)*p))
			p++;
		if (*p == '[') {
			snprintf(section, sizeof(section), "%.*s", (int)strcspn(p + 1, "]"), p + 1);
			continue;
		}
		if (strcmp(section, "global") || !(eq = strchr(p, '=')))
			continue;
		size_t klen = strcspn(p, " \t=");
		if (klen == 4 && !strncmp(p, "fsid", 4)) {
			for (eq++; isspace((unsigned char)*eq); eq++)
				;
			snprintf(out, n, "%.*s", (int)strcspn(eq, " \t\r\n#;"), eq);
		}
	}
	fclose(f);
}

void
ceph_clusters_init(const struct config *c)
{
	nclusters = c->nclusters;
	clusters = xcalloc((size_t)nclusters, sizeof(*clusters));
	for (int i = 0; i < nclusters; i++) {
		clusters[i].index = i;
		clusters[i].conf = &c->clusters[i];
		if (c->clusters[i].fsid)
			snprintf(clusters[i].fsid, sizeof(clusters[i].fsid), "%s",
				 c->clusters[i].fsid);
		else
			fsid_from_conf(c->clusters[i].conf, clusters[i].fsid,
				       sizeof(clusters[i].fsid));
	}
}

void
ceph_clusters_shutdown(void)
{
	ceph_mgr_shutdown();
	for (int i = 0; i < nclusters; i++)
		if (clusters[i].connected)
			rados_shutdown(clusters[i].rados);
	free(clusters);
	clusters = NULL;
	nclusters = 0;
}

int
ceph_count(void)
{
	return nclusters;
}

struct ceph *
ceph_at(int i)
{
	return i >= 0 && i < nclusters ? &clusters[i] : NULL;
}

struct ceph *
ceph_by_fsid(const char *fsid)
{
	for (int i = 0; i < nclusters; i++) {
		if (!clusters[i].fsid[0])
			ceph_connect(&clusters[i]); /* learns the fsid */
		if (!strcmp(clusters[i].fsid, fsid))
			return &clusters[i];
	}
	return NULL;
}

int
ceph_resolve(struct req *r)
{
	const char *fsid = req_param(r, "fsid");

	if (!fsid || !(r->cluster = ceph_by_fsid(fsid)))
		return resp_error(r, 404, "cluster_not_found", NULL,
				  "no configured cluster has fsid '%s'", fsid ? fsid : "");
	return 0;
}

static int
connect_failed(struct ceph *c, rados_t r, int rc, const char *what)
{
	snprintf(c->error, sizeof(c->error), "%s: %s", what, strerror(-rc));
	log_err("cannot connect to cluster '%s': %s", c->conf->name, c->error);
	if (r)
		rados_shutdown(r);
	c->failed_at = now_ms();
	return rc == -ETIMEDOUT ? -ETIMEDOUT : -ENOTCONN;
}

int
ceph_open_handle(struct ceph *c, const char *op_timeout, rados_t *out)
{
	static const char *opts[][2] = {
		{"client_mount_timeout", CEPH_TIMEOUT},
		{"rados_osd_op_timeout", CEPH_TIMEOUT},
		{"admin_socket", ""},
		{"log_to_stderr", "false"},
		{"err_to_stderr", "false"},
	};
	rados_t r = NULL;
	int rc;

	*out = NULL;
	if ((rc = rados_create2(&r, "ceph", c->conf->client, 0)) < 0)
		return connect_failed(c, NULL, rc, "rados_create2");
	if ((rc = rados_conf_read_file(r, c->conf->conf)) < 0)
		return connect_failed(c, r, rc, "reading its ceph.conf");
	if (c->conf->keyring && (rc = rados_conf_set(r, "keyring", c->conf->keyring)) < 0)
		return connect_failed(c, r, rc, "setting its keyring");
	for (size_t i = 0; i < ARRAY_LEN(opts); i++)
		rados_conf_set(r, opts[i][0], opts[i][1]);
	rados_conf_set(r, "rados_mon_op_timeout", op_timeout);
	if ((rc = rados_connect(r)) < 0)
		return connect_failed(c, r, rc, "connecting");
	*out = r;
	return 0;
}

int
ceph_connect(struct ceph *c)
{
	rados_t r = NULL;
	char fsid[40];
	int rc;

	if (c->connected)
		return 0;
	if (c->failed_at && now_ms() - c->failed_at < RETRY_AFTER_FAILURE_MS)
		return -ENOTCONN;
	if ((rc = ceph_open_handle(c, CEPH_TIMEOUT, &r)) < 0)
		return rc;
	if (rados_cluster_fsid(r, fsid, sizeof(fsid)) >= 0)
		snprintf(c->fsid, sizeof(c->fsid), "%s", fsid);
	c->rados = r;
	c->connected = 1;
	c->failed_at = 0;
	c->error[0] = '\0';
	return 0;
}

/*
 * What this thread has waited for monitor and manager commands, ms (ceph_wait_ms); a
 * caller that waits for commands sent on threads of its own notes its wait itself.
 */
static _Thread_local double waited_ms;

double
ceph_wait_ms(void)
{
	return waited_ms;
}

void
ceph_wait_note(double ms)
{
	waited_ms += ms;
}

/* cmd to the monitor, the manager (mgr) or the manager daemon named target. */
static int
send_command(struct ceph *c, int mgr, const char *target, const char *cmd, char **out, size_t *len,
	     char **msg)
{
	char *obuf = NULL, *sbuf = NULL;
	size_t olen = 0, slen = 0;
	const char *argv[] = {cmd};
	int rc;

	*out = NULL;
	*len = 0;
	*msg = NULL;
	if (mgr || target) /* on a thread of their own: ceph_mgr.c says why */
		return ceph_mgr_command(c, target, cmd, out, len, msg);
	if ((rc = ceph_connect(c)) < 0) {
		*msg = xstrdup(c->error);
		return rc;
	}
	rc = rados_mon_command(c->rados, argv, 1, "", 0, &obuf, &olen, &sbuf, &slen);
	if (rc >= 0) {
		*out = xstrndup(obuf ? obuf : "", olen);
		*len = olen;
	}
	if (slen > 0)
		*msg = xstrndup(sbuf, slen);
	if (rc < 0)
		log_warn("cluster '%s': %s failed: %s%s%.*s", c->conf->name, cmd, strerror(-rc),
			 slen ? ": " : "", (int)slen, sbuf ? sbuf : "");
	rados_buffer_free(obuf);
	rados_buffer_free(sbuf);
	return rc < 0 ? rc : 0;
}

static int
command_text(struct ceph *c, int mgr, const char *target, const char *cmd, char **out, size_t *len,
	     char **msg)
{
	double t0 = now_ms();
	int rc = send_command(c, mgr, target, cmd, out, len, msg);

	waited_ms += now_ms() - t0;
	return rc;
}

int
ceph_command_text(struct ceph *c, int mgr, const char *cmd, char **out, size_t *len, char **msg)
{
	return command_text(c, mgr, NULL, cmd, out, len, msg);
}

int
ceph_mgr_tell_text(struct ceph *c, const char *name, const char *cmd, char **out, size_t *len,
		   char **msg)
{
	return command_text(c, 1, name, cmd, out, len, msg);
}

static int
run_command(int mgr, struct ceph *c, const cJSON *cmd, cJSON **out, char **msg)
{
	cJSON *full = cJSON_Duplicate(cmd, 1);
	char *text, *obuf, *sbuf;
	size_t olen;
	int rc;

	if (!cJSON_GetObjectItemCaseSensitive(full, "format"))
		cJSON_AddStringToObject(full, "format", "json");
	text = cJSON_PrintUnformatted(full);
	rc = ceph_command_text(c, mgr, text, &obuf, &olen, &sbuf);
	if (out)
		*out = rc == 0 && olen > 0 ? cJSON_ParseWithLength(obuf, olen) : NULL;
	if (msg)
		*msg = sbuf;
	else
		free(sbuf);
	free(obuf);
	free(text);
	cJSON_Delete(full);
	return rc;
}

int
ceph_mon(struct ceph *c, const cJSON *cmd, cJSON **out, char **msg)
{
	return run_command(0, c, cmd, out, msg);
}

int
ceph_mgr(struct ceph *c, const cJSON *cmd, cJSON **out, char **msg)
{
	return run_command(1, c, cmd, out, msg);
}

int
ceph_pool_exists(struct ceph *c, const char *name)
{
	int rc;

	if ((rc = ceph_connect(c)) < 0)
		return rc;
	/* The local osdmap may lag a change made by another client: catch up first. */
	if ((rc = rados_wait_for_latest_osdmap(c->rados)) < 0)
		return rc;
	return rados_pool_lookup(c->rados, name) >= 0;
}

cJSON *
ceph_cmd(const char *prefix)
{
	cJSON *c = cJSON_CreateObject();

	cJSON_AddStringToObject(c, "prefix", prefix);
	return c;
}

int
ceph_run(struct ceph *c, cJSON *cmd, char **msg)
{
	int rc = ceph_mon(c, cmd, NULL, msg);

	cJSON_Delete(cmd);
	return rc;
}

int
ceph_req_run(struct req *r, int mgr, cJSON *cmd, const char **msg)
{
	char *m = NULL;
	int rc = run_command(mgr, r->cluster, cmd, NULL, &m);

	cJSON_Delete(cmd);
	*msg = req_own(r, m);
	return rc;
}

struct ceph_err
ceph_error_of(int rc)
{
	switch (-rc) {
	case ENOENT:
		return (struct ceph_err){404, "not_found", NULL};
	case EEXIST:
		return (struct ceph_err){409, "exists", NULL};
	case EBUSY:
	case ENOTEMPTY:
		return (struct ceph_err){409, "busy", NULL};
	case EINVAL:
	case ERANGE:
	case EDOM:
		return (struct ceph_err){422, "invalid_value", NULL};
	case EPERM:
	case EACCES:
		return (struct ceph_err){403, "ceph_denied", NULL};
	case ETIMEDOUT:
	case ENOTCONN:
	case ECONNREFUSED:
	case ESHUTDOWN:
		return (struct ceph_err){503, "cluster_unreachable", "the cluster does not answer"};
	default:
		return (struct ceph_err){500, "ceph_error", "Ceph failed"};
	}
}

int
resp_ceph_error(struct req *r, int rc, const char *msg)
{
	const char *m = msg && *msg ? msg : strerror(-rc);
	struct ceph_err e = ceph_error_of(rc);

	if (e.status == 500)
		return resp_internal(r, "ceph: %s (%s)", m, strerror(-rc));
	if (e.status == 503)
		return resp_logged(r, 503, e.code, e.plain, "ceph: %s", m);
	return resp_error(r, e.status, e.code, NULL, "%s", m);
}

int
ceph_valid_pool_name(const char *name)
{
	size_t n = name ? strlen(name) : 0;

	return n >= 1 && n <= 127 && name[0] != '.' &&
	       strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-") ==
		       n;
}

int
ceph_valid_image_name(const char *name)
{
	size_t n = name ? strlen(name) : 0;

	if (n < 1 || n > 95 || name[0] == '.')
		return 0;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		if (*p < 0x20 || *p == 0x7f || *p == '/' || *p == '@')
			return 0;
	return 1;
}

int
ceph_check_pool_name(struct req *r, const char *name, const char *field, const char *noun)
{
	if (ceph_valid_pool_name(name))
		return 0;
	return resp_error(r, 422, "invalid_value", field,
			  "%s names are 1-127 of A-Z a-z 0-9 _ . - and do not start with '.'",
			  noun);
}

int
ceph_check_image_name(struct req *r, const char *name, const char *field, const char *noun)
{
	if (ceph_valid_image_name(name))
		return 0;
	return resp_error(r, 422, "invalid_value", field,
			  "%s names are 1-95 bytes without '/', '@' or control characters, not "
			  "starting with '.'",
			  noun);
}

void
ceph_ioctx_release(void *io)
{
	rados_ioctx_destroy(io);
}

int
ceph_check_created(struct req *r, int rc, const char *noun, const char *field, const char *name)
{
	if (rc == -EEXIST)
		return resp_error(r, 409, req_own(r, xasprintf("%s_exists", noun)), field,
				  "%s '%s' already exists", noun, name);
	return rc < 0 ? resp_ceph_error(r, rc, NULL) : 0;
}

int
ceph_ioctx(struct ceph *c, const char *pool, rados_ioctx_t *io)
{
	int rc;

	*io = NULL;
	if ((rc = ceph_connect(c)) < 0)
		return rc;
	if ((rc = rados_ioctx_create(c->rados, pool, io)) == -ENOENT &&
	    rados_wait_for_latest_osdmap(c->rados) == 0)
		rc = rados_ioctx_create(c->rados, pool, io);
	if (rc < 0)
		*io = NULL;
	return rc;
}

/* One read op of up to cap bytes (and the xattrs when wanted): 0, -EFBIG or -errno. */
static int
read_once(rados_ioctx_t io, const char *oid, size_t cap, char **data, size_t *len, uint64_t *ver,
	  rados_xattrs_iter_t *xattrs)
{
	rados_read_op_t op = rados_create_read_op();
	rados_xattrs_iter_t it = NULL;
	char *buf = xmalloc(cap + 1);
	int rc, prval = 0, xrval = 0;

	*len = 0;
	rados_read_op_read(op, 0, cap, buf, len, &prval);
	if (xattrs)
		rados_read_op_getxattrs(op, &it, &xrval);
	rc = rados_read_op_operate(op, io, oid, 0);
	*ver = rados_get_last_version(io);
	rados_release_read_op(op);
	if (rc == 0 && prval < 0)
		rc = prval;
	if (rc == 0 && *len >= cap)
		rc = -EFBIG;
	if (rc == 0 && xattrs && xrval == 0) {
		*xattrs = it;
		it = NULL;
	}
	if (it)
		rados_getxattrs_end(it);
	if (rc < 0) {
		free(buf);
		return rc;
	}
	buf[*len] = '\0';
	*data = buf;
	return 0;
}

int
ceph_read_object_xattrs(rados_ioctx_t io, const char *oid, size_t max, char **data, size_t *len,
			uint64_t *ver, rados_xattrs_iter_t *xattrs)
{
	size_t cap = max / 256 ? max / 256 : max, n;
	int rc;

	if (xattrs)
		*xattrs = NULL;
	while ((rc = read_once(io, oid, cap, data, &n, ver, xattrs)) == -EFBIG && cap < max)
		cap = cap < max / 4 ? cap * 4 : max;
	if (len)
		*len = n;
	return rc;
}

int
ceph_read_object(rados_ioctx_t io, const char *oid, size_t max, char **data, size_t *len,
		 uint64_t *ver)
{
	return ceph_read_object_xattrs(io, oid, max, data, len, ver, NULL);
}
