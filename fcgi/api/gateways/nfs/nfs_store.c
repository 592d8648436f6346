/*
 * nfs_store.c - NFS-Ganesha exports in RADOS, in Ganesha's own layout: pool [nfs] pool
 * (default ".openattic", openATTIC's own, as iSCSI's, made by the first create;
 * Pacific's ".nfs" pool can be configured), namespace [nfs] namespace (default
 * "ganesha"); one export-<id> object
 * per export holding its EXPORT block (nfs_format.c) and one conf-<host> object per
 * Ganesha host (conf-common for exports bound to no host) of
 * %url "rados://pool/namespace/export-<id>" lines, what Ganesha's RADOS_URLS reads.
 * Every write is one RADOS write op that asserts the object version read (or creates
 * exclusively), so a concurrent change - another worker or a `rados put` - is never
 * overwritten: export writes report it (409 upstream), conf-<host> edits re-read and
 * re-apply their one-line change. A pseudo path is held by a marker object
 * pseudo-<path> naming its export, created exclusively: uniqueness without a race.
 * After a change, nfs_notify sends a RADOS notify to every notify-<host> object in
 * <namespace>-grace: a Ganesha host watches its own (RADOS_URLS watch_url, made by
 * openattic.ganesha) and re-reads its exports on it. Not conf-<host> itself: a watch
 * is a write operation, and write on the exports' namespace would let a Ganesha host
 * plant exports (README "Security"); its cephx user may write <namespace>-grace, where
 * its recovery records are, anyway. A notify is best effort: a host that is down or
 * not deployed yet gets the change at its next deploy, and the status says "in sync"
 * only for a host whose last deploy saw the exports as they are now.
 */
#include "api/gateways/gateways.h"
#include "api/gateways/nfs/nfs.h"
#include "backends/ceph.h"
#include "core/log.h"
#include "core/resp.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_OBJ_BYTES (4L << 20)
#define NOTIFY_MS     3000 /* how long a notify waits for the watching hosts' answers */

int
nfs_open(struct req *r, int create, rados_ioctx_t *io)
{
	int rc;

	if ((rc = gw_pool_open(r, oa_config->nfs_pool, create, io)) != 0)
		return rc;
	if (*io)
		rados_ioctx_set_namespace(*io, oa_config->nfs_namespace);
	return 0;
}

static int
pool_missing(struct req *r)
{
	const char *p = oa_config->nfs_pool;

	return resp_error(r, 409, "nfs_pool_missing", NULL,
			  "pool '%s' for the NFS exports does not exist: create it (e.g. ceph osd "
			  "pool create %s) or set [nfs] pool",
			  p, p);
}

static int
cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return (x > y) - (x < y);
}

int
nfs_list_ids(struct req *r, rados_ioctx_t io, long **ids, int *n)
{
	rados_list_ctx_t ctx;
	const char *entry;
	long id, *a = xmalloc(sizeof(long) * 16);
	int rc, cap = 16;

	*n = 0;
	*ids = a;
	req_defer(r, free, a);
	if (!io)
		return 0;
	if ((rc = rados_nobjects_list_open(io, &ctx)) < 0)
		return resp_ceph_error(r, rc, NULL);
	while ((rc = rados_nobjects_list_next(ctx, &entry, NULL, NULL)) == 0) {
		if (strncmp(entry, "export-", 7) || parse_long(entry + 7, 1, 65535, &id) < 0)
			continue;
		if (*n == cap) { /* the first block stays with r; larger ones go with it too */
			long *more = xmalloc(sizeof(long) * (size_t)(cap *= 2));
			memcpy(more, *ids, sizeof(long) * (size_t)*n);
			req_defer(r, free, more);
			*ids = more;
		}
		(*ids)[(*n)++] = id;
	}
	rados_nobjects_list_close(ctx);
	if (rc != -ENOENT)
		return resp_ceph_error(r, rc, NULL);
	qsort(*ids, (size_t)*n, sizeof(long), cmp_long);
	return 0;
}

/* The object's text (new) and version; -ENOENT, -EFBIG or another -errno. */
static int
read_object(rados_ioctx_t io, const char *oid, char **text, uint64_t *ver)
{
	return ceph_read_object(io, oid, MAX_OBJ_BYTES, text, NULL, ver);
}

int
nfs_read(struct req *r, rados_ioctx_t io, long id, cJSON **e)
{
	char oid[32], *text;
	const char *why = NULL;
	uint64_t ver;
	int rc;

	snprintf(oid, sizeof(oid), "export-%ld", id);
	if (!io || (rc = read_object(io, oid, &text, &ver)) == -ENOENT)
		return 1;
	if (rc < 0 && rc != -EFBIG)
		return resp_ceph_error(r, rc, NULL);
	*e = rc < 0 ? NULL : nfs_parse_export(text, &why);
	if (rc == 0)
		free(text);
	if (!*e)
		return resp_error(r, 409, "nfs_export_invalid", NULL,
				  "object '%s' in pool '%s' namespace '%s' is not an NFS-Ganesha "
				  "export (%s); fix it with the rados CLI",
				  oid, oa_config->nfs_pool, oa_config->nfs_namespace,
				  why ? why : "larger than 4 MiB");
	req_own_json(r, *e);
	if (json_long(*e, "id", 0) != id)
		return resp_error(r, 409, "nfs_export_invalid", NULL,
				  "object '%s' holds Export_ID %ld; fix it with the rados CLI", oid,
				  json_long(*e, "id", 0));
	cJSON_AddNumberToObject(*e, "version", (double)ver);
	return 0;
}

/* Runs op on oid, asserting version (or exclusive creation for -1). 0, 1 or -errno. */
static int
operate(rados_ioctx_t io, rados_write_op_t op, const char *oid, long version)
{
	int rc;

	if (version >= 0)
		rados_write_op_assert_version(op, (uint64_t)version);
	rc = rados_write_op_operate(op, io, oid, NULL, 0);
	rados_release_write_op(op);
	/* assert_version: -ERANGE / -EOVERFLOW; create: -EEXIST; gone: -ENOENT. */
	if (rc == -ERANGE || rc == -EOVERFLOW || rc == -EEXIST || (version >= 0 && rc == -ENOENT))
		return 1;
	return rc;
}

/* Writes text to oid at version (-1: create). 0, 1 changed, or the status answered. */
static int
write_text(struct req *r, rados_ioctx_t io, const char *oid, const char *text, long version)
{
	rados_write_op_t op;
	int rc;

	if (!io)
		return pool_missing(r);
	op = rados_create_write_op();
	if (version < 0)
		rados_write_op_create(op, LIBRADOS_CREATE_EXCLUSIVE, NULL);
	rados_write_op_write_full(op, text, strlen(text));
	if ((rc = operate(io, op, oid, version)) < 0)
		return resp_ceph_error(r, rc, NULL);
	return rc;
}

int
nfs_write(struct req *r, rados_ioctx_t io, const cJSON *e, long version)
{
	char oid[32], *text = nfs_format_export(e);
	int rc;

	snprintf(oid, sizeof(oid), "export-%ld", json_long(e, "id", 0));
	rc = write_text(r, io, oid, text, version);
	free(text);
	return rc;
}

int
nfs_remove(struct req *r, rados_ioctx_t io, long id, long version)
{
	rados_write_op_t op = rados_create_write_op();
	char oid[32];
	int rc;

	snprintf(oid, sizeof(oid), "export-%ld", id);
	rados_write_op_remove(op);
	if ((rc = operate(io, op, oid, version)) < 0)
		return resp_ceph_error(r, rc, NULL);
	return rc;
}

/* text without the line url, plus it when add (new). *changed when it differs. */
static char *
edit_lines(const char *text, const char *url, int add, int *changed)
{
	struct buf b;
	const char *p = text, *nl;
	int found = 0;

	buf_init(&b);
	for (; *p; p = *nl ? nl + 1 : nl) {
		size_t n;
		nl = strchr(p, '\n') ?: p + strlen(p);
		n = (size_t)(nl - p);
		if (n == strlen(url) && !strncmp(p, url, n)) {
			found = 1;
			if (add)
				buf_printf(&b, "%s\n", url);
		} else if (n) {
			buf_add(&b, p, n);
			buf_puts(&b, "\n");
		}
	}
	if (add && !found)
		buf_printf(&b, "%s\n", url);
	*changed = add != found;
	return b.data;
}

int
nfs_conf_link(struct req *r, rados_ioctx_t io, const char *host, long id, int add)
{
	char *oid = req_own(r, xasprintf("conf-%s", host ? host : "common"));
	char *url = req_own(r, xasprintf("%%url \"rados://%s/%s/export-%ld\"", oa_config->nfs_pool,
					 oa_config->nfs_namespace, id));
	int rc, changed;

	for (int attempt = 0; attempt < 10; attempt++) {
		char *text = NULL, *next;
		uint64_t ver = 0;
		if (!io)
			return pool_missing(r);
		if ((rc = read_object(io, oid, &text, &ver)) < 0 && rc != -ENOENT)
			return resp_ceph_error(r, rc, NULL);
		next = edit_lines(text ? text : "", url, add, &changed);
		free(text);
		rc = changed ? write_text(r, io, oid, next, rc == -ENOENT ? -1 : (long)ver) : 0;
		free(next);
		if (rc != 1)
			return rc;
	}
	return resp_error(r, 409, "conflict", NULL, "object '%s' keeps changing; try again", oid);
}

int
nfs_discard(rados_ioctx_t io, long id)
{
	rados_write_op_t op = rados_create_write_op();
	char oid[32];

	snprintf(oid, sizeof(oid), "export-%ld", id);
	rados_write_op_remove(op);
	return operate(io, op, oid, -1);
}

/* Whether export-<id> exists with pseudo path pseudo: 1, 0, or -errno. */
static int
export_has_pseudo(rados_ioctx_t io, long id, const char *pseudo)
{
	char oid[32], *text;
	const char *why;
	uint64_t ver;
	cJSON *e;
	int rc, has;

	snprintf(oid, sizeof(oid), "export-%ld", id);
	if ((rc = read_object(io, oid, &text, &ver)) == -ENOENT || rc == -EFBIG)
		return 0;
	if (rc < 0)
		return rc;
	e = nfs_parse_export(text, &why); /* one that does not parse serves nothing */
	free(text);
	has = e && json_long(e, "id", 0) == id && !strcmp(json_str(e, "pseudo") ?: "", pseudo);
	cJSON_Delete(e);
	return has;
}

/* The export id a marker names (0 when it names none) and its version; -errno. */
static int
read_marker(rados_ioctx_t io, const char *oid, long *id, uint64_t *ver)
{
	char *text;
	int rc;

	if ((rc = read_object(io, oid, &text, ver)) < 0)
		return rc;
	text[strcspn(text, " \t\r\n")] = '\0';
	if (parse_long(text, 1, 65535, id) < 0)
		*id = 0;
	free(text);
	return 0;
}

int
nfs_pseudo_claim(struct req *r, rados_ioctx_t io, const char *pseudo, long id, long *holder)
{
	char *oid = req_own(r, xasprintf("pseudo-%s", pseudo)), mine[24];
	uint64_t ver;
	long other;
	int rc;

	snprintf(mine, sizeof(mine), "%ld\n", id);
	for (int attempt = 0; attempt < 10; attempt++) {
		if ((rc = write_text(r, io, oid, mine, -1)) != 1)
			return rc; /* created: ours; or an error answered */
		if ((rc = read_marker(io, oid, &other, &ver)) == -ENOENT)
			continue; /* released since */
		if (rc < 0)
			return resp_ceph_error(r, rc, NULL);
		if (other == id)
			return 0;
		if (other && (rc = export_has_pseudo(io, other, pseudo)) != 0) {
			if (rc < 0)
				return resp_ceph_error(r, rc, NULL);
			*holder = other;
			return 1;
		}
		/* Stale: take it over unless someone else changed it since the read. */
		if ((rc = write_text(r, io, oid, mine, (long)ver)) != 1)
			return rc;
	}
	return resp_error(r, 409, "conflict", "pseudo",
			  "the marker of pseudo path '%s' keeps "
			  "changing; try again",
			  pseudo);
}

int
nfs_pseudo_release(struct req *r, rados_ioctx_t io, const char *pseudo, long id)
{
	char *oid = req_own(r, xasprintf("pseudo-%s", pseudo));
	rados_write_op_t op;
	uint64_t ver;
	long other;
	int rc;

	if ((rc = read_marker(io, oid, &other, &ver)) == -ENOENT || (rc == 0 && other != id))
		return 0;
	if (rc < 0)
		return resp_ceph_error(r, rc, NULL);
	op = rados_create_write_op();
	rados_write_op_remove(op);
	/* 1: changed since the read, so no longer ours to remove. */
	if ((rc = operate(io, op, oid, (long)ver)) < 0)
		return resp_ceph_error(r, rc, NULL);
	return 0;
}

/* Sends a notify to the notify-* objects of the namespace io is set to. */
static void
notify_hosts(rados_ioctx_t io)
{
	rados_list_ctx_t ctx;
	const char *entry;
	char *reply;
	size_t len;
	int rc;

	if ((rc = rados_nobjects_list_open(io, &ctx)) < 0) {
		log_warn("NFS: cannot list the Ganesha hosts to notify: %s", strerror(-rc));
		return;
	}
	while (rados_nobjects_list_next(ctx, &entry, NULL, NULL) == 0) {
		if (strncmp(entry, "notify-", 7))
			continue;
		reply = NULL;
		if ((rc = rados_notify2(io, entry, "", 0, NOTIFY_MS, &reply, &len)) < 0)
			log_warn("NFS: notify of %s: %s (its host re-reads the exports at the "
				 "next deploy)",
				 entry, strerror(-rc));
		rados_buffer_free(reply);
	}
	rados_nobjects_list_close(ctx);
}

void
nfs_notify(rados_ioctx_t io)
{
	char *grace;

	if (!io)
		return;
	grace = xasprintf("%s-grace", oa_config->nfs_namespace);
	rados_ioctx_set_namespace(io, grace);
	notify_hosts(io);
	rados_ioctx_set_namespace(io, oa_config->nfs_namespace);
	free(grace);
}

int
nfs_conf_ensure(rados_ioctx_t io, const char *host)
{
	rados_write_op_t op = rados_create_write_op();
	char *oid = xasprintf("conf-%s", host ? host : "common");
	int rc;

	rados_write_op_create(op, LIBRADOS_CREATE_EXCLUSIVE, NULL);
	rc = rados_write_op_operate(op, io, oid, NULL, 0);
	rados_release_write_op(op);
	free(oid);
	return rc == -EEXIST ? 0 : rc;
}
