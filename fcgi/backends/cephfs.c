/*
 * cephfs.c - CephFS directories, quotas and snapshots through libcephfs, each call made
 * on a mount's threads and bounded in time (cephfs_mount.c). Pacific's readdir asks the
 * MDS once per subdirectory (the recursive stats; ceph tracker 61999, never
 * backported): ~1 s for 10,000 subdirectories. So a directory's listing is kept
 * (LISTINGS per mount) and reused while the directory's change attribute is the same,
 * and only the entries a caller shows are described, several at once.
 */
#define _FILE_OFFSET_BITS 64 /* libcephfs.h insists */

#include "backends/cephfs.h"
#include "backends/cephfs_mount.h"
#include "core/log.h"
#include "core/resp.h"

#include <cephfs/libcephfs.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define LISTINGS 8

struct listing {
	char *path;
	uint64_t ino, version;
	struct cephfs_listing pub;
	char *names;
};

/* The listings kept for a mount (the caller's thread only). */
struct cephfs_cache {
	struct listing *listings[LISTINGS];
};

static void
listing_free(struct listing *l)
{
	if (!l)
		return;
	free(l->path);
	free(l->pub.entries);
	free(l->names);
	free(l);
}

void
cephfs_cache_free(struct cephfs_cache *cache)
{
	if (!cache)
		return;
	for (int i = 0; i < LISTINGS; i++)
		listing_free(cache->listings[i]);
	free(cache);
}

/* --- paths and names (pure) ---------------------------------------------------------- */

int
cephfs_path_check(const char *path, size_t len, char *out, const char **why)
{
	size_t o = 0, i = 0;

	*why = NULL;
	out[0] = '\0';
	if (!path || len == 0)
		*why = "path is empty";
	else if (memchr(path, '\0', len))
		*why = "path contains a NUL byte";
	else if (path[0] != '/')
		*why = "path must be absolute (start with '/')";
	else if (len > CEPHFS_PATH_MAX)
		*why = "path is longer than 4096 bytes";
	while (!*why && i < len) {
		size_t n;

		while (i < len && path[i] == '/')
			i++;
		for (n = 0; i + n < len && path[i + n] != '/'; n++)
			;
		if (n == 0 || (n == 1 && path[i] == '.')) {
			i += n;
			continue;
		}
		if (n == 2 && path[i] == '.' && path[i + 1] == '.')
			*why = "path must not contain '..'";
		else if (n > CEPHFS_NAME_MAX)
			*why = "a name in path is longer than 255 bytes";
		else {
			out[o++] = '/';
			memcpy(out + o, path + i, n);
			o += n;
			i += n;
		}
	}
	if (*why) {
		out[0] = '\0';
		return -EINVAL;
	}
	if (o == 0)
		out[o++] = '/';
	out[o] = '\0';
	return 0;
}

int
cephfs_path_in_snap(const char *path)
{
	for (const char *p = strstr(path, "/.snap"); p; p = strstr(p + 1, "/.snap"))
		if (p[6] == '/' || p[6] == '\0')
			return 1;
	return 0;
}

int
cephfs_valid_snap_name(const char *name)
{
	size_t n = name ? strlen(name) : 0;

	if (n < 1 || n > 200 || name[0] == '.' || name[0] == '_' || strchr(name, '/'))
		return 0;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)name[i] < 0x20 || name[i] == 0x7f)
			return 0;
	return 1;
}

/* --- the calls ----------------------------------------------------------------------- */

/* One call's input and output, owned by its job until it is answered. */
struct op {
	char *path, *name;
	unsigned mode;
	int parents;
	uint64_t max_bytes, max_files;
	struct ceph_statx stx;
	struct listing *listing;
	char **paths;
	struct cephfs_stat *stats;
	int n;
	struct cephfs_snap *snaps;
	int nsnaps;
};

static struct op *
op_new(const char *path)
{
	struct op *o = xcalloc(1, sizeof(*o));

	o->path = xstrdup(path);
	return o;
}

static void
op_free(void *arg)
{
	struct op *o = arg;

	free(o->path);
	free(o->name);
	listing_free(o->listing);
	for (int i = 0; i < o->n; i++)
		free(o->paths[i]);
	free(o->paths);
	free(o->stats);
	cephfs_snaps_free(o->snaps, o->nsnaps);
	free(o);
}

static enum cephfs_type
type_of(unsigned mode)
{
	return S_ISDIR(mode)   ? CEPHFS_DIR
	       : S_ISREG(mode) ? CEPHFS_FILE
	       : S_ISLNK(mode) ? CEPHFS_SYMLINK
			       : CEPHFS_OTHER;
}

static void
stat_fill(struct cephfs_stat *st, const struct ceph_statx *x)
{
	st->type = type_of(x->stx_mode);
	st->size = x->stx_size;
	st->mode = x->stx_mode & 07777;
	st->uid = x->stx_uid;
	st->gid = x->stx_gid;
	st->mtime = x->stx_mtime.tv_sec;
}

static int
statx_item(struct cephfs *m, void *arg, int i)
{
	struct op *o = arg;

	(void)i;
	return ceph_statx(m->cm, o->path, &o->stx, CEPH_STATX_BASIC_STATS | CEPH_STATX_VERSION,
			  AT_SYMLINK_NOFOLLOW);
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(((const struct cephfs_entry *)a)->name,
		      ((const struct cephfs_entry *)b)->name);
}

static int
list_item(struct cephfs *m, void *arg, int i)
{
	struct op *o = arg;
	struct ceph_dir_result *d;
	struct dirent de;
	struct ceph_statx x;
	struct buf names;
	struct cephfs_entry *e = NULL;
	size_t cap = 0;
	long n = 0;
	int rc;

	(void)i;
	if ((rc = ceph_opendir(m->cm, o->path, &d)) < 0)
		return rc;
	buf_init(&names);
	while ((rc = ceph_readdirplus_r(m->cm, d, &de, &x, CEPH_STATX_BASIC_STATS,
					AT_SYMLINK_NOFOLLOW, NULL)) > 0) {
		if (!strcmp(de.d_name, ".") || !strcmp(de.d_name, ".."))
			continue;
		if ((size_t)n == cap) {
			cap = cap ? cap * 2 : 256;
			e = xrealloc(e, cap * sizeof(*e));
		}
		memset(&e[n], 0, sizeof(e[n]));
		stat_fill(&e[n].st, &x);
		buf_add(&names, de.d_name, strlen(de.d_name) + 1); /* named once it stops moving */
		if (++n % 256 == 0)
			cephfs_progress(m);
	}
	ceph_closedir(m->cm, d);
	if (rc < 0) {
		free(e);
		buf_free(&names);
		return rc;
	}
	for (long k = 0, off = 0; k < n; off += (long)strlen(names.data + off) + 1, k++)
		e[k].name = names.data + off;
	if (n > 0)
		qsort(e, (size_t)n, sizeof(*e), by_name);
	o->listing = xcalloc(1, sizeof(*o->listing));
	o->listing->names = names.data;
	o->listing->pub = (struct cephfs_listing){e, n, now_ms_int()};
	return 0;
}

/* The kept listing of path (*slot its place), or NULL with *slot the place to use. */
static struct listing *
listing_find(struct cephfs *m, const char *path, int *slot)
{
	struct listing **ls;
	int oldest = 0;

	if (!m->cache)
		m->cache = xcalloc(1, sizeof(*m->cache));
	ls = m->cache->listings;
	for (int i = 0; i < LISTINGS; i++) {
		if (ls[i] && !strcmp(ls[i]->path, path)) {
			*slot = i;
			return ls[i];
		}
		if (!ls[i] || (ls[oldest] && ls[i]->pub.read_ms < ls[oldest]->pub.read_ms))
			oldest = i;
	}
	*slot = oldest;
	return NULL;
}

int
cephfs_readdir(struct cephfs *m, const char *path, long max_age_ms,
	       const struct cephfs_listing **out)
{
	struct op *o = op_new(path);
	struct listing *l;
	int rc, slot;

	*out = NULL;
	if ((rc = cephfs_run(m, statx_item, o, op_free, 1)) == -ETIMEDOUT)
		return rc;
	if (rc == 0 && !S_ISDIR(o->stx.stx_mode))
		rc = -ENOTDIR;
	if (rc < 0)
		goto out;
	l = listing_find(m, path, &slot);
	if (!l || l->ino != o->stx.stx_ino || l->version != o->stx.stx_version ||
	    (max_age_ms > 0 && now_ms_int() - l->pub.read_ms > max_age_ms)) {
		/* Read after the change attribute: a change in between is read again later. */
		if ((rc = cephfs_run(m, list_item, o, op_free, 1)) == -ETIMEDOUT)
			return rc;
		if (rc < 0)
			goto out;
		listing_free(m->cache->listings[slot]);
		l = m->cache->listings[slot] = o->listing;
		o->listing = NULL;
		l->path = xstrdup(path);
		l->ino = o->stx.stx_ino;
		l->version = o->stx.stx_version;
	}
	*out = &l->pub;
out:
	op_free(o);
	return rc;
}

/* A numeric xattr of path (the recursive stats). */
static int
xattr_u64(struct ceph_mount_info *cm, const char *path, const char *name, uint64_t *v)
{
	char b[32];
	int rc = ceph_getxattr(cm, path, name, b, sizeof(b) - 1);

	if (rc < 0)
		return rc;
	b[rc] = '\0';
	*v = strtoull(b, NULL, 10);
	return 0;
}

/* A directory's quota, "max_bytes=N max_files=N" in one xattr; none set is ENODATA. */
static int
quota_read(struct ceph_mount_info *cm, const char *path, uint64_t *max_bytes, uint64_t *max_files)
{
	unsigned long long b = 0, f = 0;
	char v[128];
	int rc = ceph_getxattr(cm, path, "ceph.quota", v, sizeof(v) - 1);

	*max_bytes = *max_files = 0;
	if (rc == -ENODATA)
		return 0;
	if (rc < 0)
		return rc;
	v[rc] = '\0';
	if (sscanf(v, "max_bytes=%llu max_files=%llu", &b, &f) != 2)
		return -EIO;
	*max_bytes = b;
	*max_files = f;
	return 0;
}

/* The snapshots of directory path's own, not the "_<name>_<inode>" ones it inherits. */
static int
snaps_read(struct ceph_mount_info *cm, const char *path, struct cephfs_snap **snaps, int *n)
{
	char *dir = xasprintf("%s/.snap", strcmp(path, "/") ? path : "");
	struct ceph_dir_result *d;
	struct dirent de;
	int rc, cap = 0;

	*snaps = NULL;
	*n = 0;
	if ((rc = ceph_opendir(cm, dir, &d)) < 0) {
		free(dir);
		return rc;
	}
	while ((rc = ceph_readdir_r(cm, d, &de)) > 0) {
		if (de.d_name[0] == '.' || de.d_name[0] == '_')
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			*snaps = xrealloc(*snaps, (size_t)cap * sizeof(**snaps));
		}
		(*snaps)[(*n)++] = (struct cephfs_snap){xstrdup(de.d_name), 0};
	}
	ceph_closedir(cm, d);
	for (int i = 0; rc == 0 && snaps && i < *n; i++) {
		char *p = xasprintf("%s/%s", dir, (*snaps)[i].name), v[64];
		int len = ceph_getxattr(cm, p, "ceph.snap.btime", v, sizeof(v) - 1);

		if (len > 0) {
			v[len] = '\0';
			(*snaps)[i].created = strtoll(v, NULL, 10);
		}
		free(p);
	}
	free(dir);
	return rc;
}

/*
 * Reads path into st. A directory's recursive stats are each a round trip to the MDS
 * that refreshes all of them: rfiles first, then the size statx gives is rbytes as of
 * now without another. Its own snapshots are only counted when its subtree has any.
 */
static int
describe_one(struct ceph_mount_info *cm, const char *path, struct cephfs_stat *st)
{
	struct cephfs_snap *snaps;
	struct ceph_statx x;
	uint64_t rsnaps = 0;
	int rc, n;

	memset(st, 0, sizeof(*st));
	if ((rc = ceph_statx(cm, path, &x, CEPH_STATX_BASIC_STATS, AT_SYMLINK_NOFOLLOW)) < 0)
		return st->err = rc;
	stat_fill(st, &x);
	if (st->type != CEPHFS_DIR)
		return 0;
	if ((rc = xattr_u64(cm, path, "ceph.dir.rfiles", &st->rfiles)) < 0 ||
	    (rc = ceph_statx(cm, path, &x, CEPH_STATX_SIZE, AT_SYMLINK_NOFOLLOW)) < 0 ||
	    (rc = xattr_u64(cm, path, "ceph.dir.rsubdirs", &st->rsubdirs)) < 0 ||
	    (rc = quota_read(cm, path, &st->max_bytes, &st->max_files)) < 0 ||
	    (rc = xattr_u64(cm, path, "ceph.dir.rsnaps", &rsnaps)) < 0)
		return st->err = rc;
	st->size = x.stx_size;
	if (rsnaps && !cephfs_path_in_snap(path)) {
		if ((rc = snaps_read(cm, path, &snaps, &n)) < 0)
			return st->err = rc;
		st->snapshots = n;
		cephfs_snaps_free(snaps, n);
	}
	return 0;
}

static int
describe_item(struct cephfs *m, void *arg, int i)
{
	struct op *o = arg;
	int rc = describe_one(m->cm, o->paths[i], &o->stats[i]);

	/* The session's end marks the mount broken; the other errors are the path's. */
	return rc == -ENOTCONN || rc == -ESHUTDOWN ? rc : 0;
}

int
cephfs_describe(struct cephfs *m, const char *const *paths, int n, struct cephfs_stat *out)
{
	struct op *o = op_new("");
	int rc;

	if (n <= 0) {
		op_free(o);
		return 0;
	}
	o->paths = xcalloc((size_t)n, sizeof(*o->paths));
	o->stats = xcalloc((size_t)n, sizeof(*o->stats));
	for (o->n = 0; o->n < n; o->n++)
		o->paths[o->n] = xstrdup(paths[o->n]);
	if ((rc = cephfs_run(m, describe_item, o, op_free, n)) == -ETIMEDOUT)
		return rc;
	if (n > 0)
		memcpy(out, o->stats, (size_t)n * sizeof(*out));
	op_free(o);
	return rc;
}

static int
mkdir_item(struct cephfs *m, void *arg, int i)
{
	struct op *o = arg;

	(void)i;
	if (!o->parents)
		return ceph_mkdir(m->cm, o->path, o->mode);
	if (ceph_statx(m->cm, o->path, &o->stx, 0, AT_SYMLINK_NOFOLLOW) == 0)
		return -EEXIST;
	return ceph_mkdirs(m->cm, o->path, o->mode);
}

static int
rmdir_item(struct cephfs *m, void *arg, int i)
{
	(void)i;
	return ceph_rmdir(m->cm, ((struct op *)arg)->path);
}

/* Quotas are a directory's: anything else is ENOTDIR (Ceph answers ENODATA, EINVAL). */
static int
quota_item(struct cephfs *m, void *arg, int i)
{
	struct op *o = arg;
	char v[128];
	int rc;

	(void)i;
	if ((rc = ceph_statx(m->cm, o->path, &o->stx, CEPH_STATX_MODE, AT_SYMLINK_NOFOLLOW)) < 0)
		return rc;
	if (!S_ISDIR(o->stx.stx_mode))
		return -ENOTDIR;
	if (!o->name)
		return quota_read(m->cm, o->path, &o->max_bytes, &o->max_files);
	snprintf(v, sizeof(v), "max_bytes=%llu max_files=%llu", (unsigned long long)o->max_bytes,
		 (unsigned long long)o->max_files);
	return ceph_setxattr(m->cm, o->path, "ceph.quota", v, strlen(v), 0);
}

static int
snaps_item(struct cephfs *m, void *arg, int i)
{
	struct op *o = arg;

	(void)i;
	cephfs_snaps_free(o->snaps, o->nsnaps); /* a call made again after a new session */
	o->snaps = NULL;
	o->nsnaps = 0;
	return snaps_read(m->cm, o->path, &o->snaps, &o->nsnaps);
}

/* A snapshot is made and removed as a directory under .snap. */
static int
snap_item(struct cephfs *m, void *arg, int i)
{
	struct op *o = arg;
	char *p = xasprintf("%s/.snap/%s", strcmp(o->path, "/") ? o->path : "", o->name);
	int rc = o->mode ? ceph_mkdir(m->cm, p, 0755) : ceph_rmdir(m->cm, p);

	(void)i;
	free(p);
	return rc;
}

/* Runs one op item on path and frees the op (unless the caller gave up on it). */
static int
run_op(struct cephfs *m, cephfs_item_fn *item, struct op *o)
{
	int rc = cephfs_run(m, item, o, op_free, 1);

	if (rc != -ETIMEDOUT)
		op_free(o);
	return rc;
}

int
cephfs_mkdir(struct cephfs *m, const char *path, unsigned mode, int parents)
{
	struct op *o = op_new(path);

	o->mode = mode;
	o->parents = parents;
	return run_op(m, mkdir_item, o);
}

int
cephfs_rmdir(struct cephfs *m, const char *path)
{
	return run_op(m, rmdir_item, op_new(path));
}

int
cephfs_quota_read(struct cephfs *m, const char *path, uint64_t *max_bytes, uint64_t *max_files)
{
	struct op *o = op_new(path);
	int rc;

	if ((rc = cephfs_run(m, quota_item, o, op_free, 1)) == -ETIMEDOUT)
		return rc;
	*max_bytes = o->max_bytes;
	*max_files = o->max_files;
	op_free(o);
	return rc;
}

int
cephfs_quota_write(struct cephfs *m, const char *path, uint64_t max_bytes, uint64_t max_files)
{
	struct op *o = op_new(path);

	o->name = xstrdup("set");
	o->max_bytes = max_bytes;
	o->max_files = max_files;
	return run_op(m, quota_item, o);
}

static int
snap_by_name(const void *a, const void *b)
{
	return strcmp(((const struct cephfs_snap *)a)->name, ((const struct cephfs_snap *)b)->name);
}

int
cephfs_snaps_read(struct cephfs *m, const char *path, struct cephfs_snap **snaps, int *n)
{
	struct op *o = op_new(path);
	int rc;

	*snaps = NULL;
	*n = 0;
	if ((rc = cephfs_run(m, snaps_item, o, op_free, 1)) == -ETIMEDOUT)
		return rc;
	if (rc == 0) {
		if (o->nsnaps > 0)
			qsort(o->snaps, (size_t)o->nsnaps, sizeof(*o->snaps), snap_by_name);
		*snaps = o->snaps;
		*n = o->nsnaps;
		o->snaps = NULL;
		o->nsnaps = 0;
	}
	op_free(o);
	return rc;
}

void
cephfs_snaps_free(struct cephfs_snap *snaps, int n)
{
	for (int i = 0; i < n; i++)
		free(snaps[i].name);
	free(snaps);
}

int
cephfs_snap_make(struct cephfs *m, const char *path, const char *name)
{
	struct op *o = op_new(path);

	o->name = xstrdup(name);
	o->mode = 1;
	return run_op(m, snap_item, o);
}

int
cephfs_snap_remove(struct cephfs *m, const char *path, const char *name)
{
	struct op *o = op_new(path);

	o->name = xstrdup(name);
	return run_op(m, snap_item, o);
}

/* --- errors -------------------------------------------------------------------------- */

struct ceph_err
cephfs_error_of(int rc)
{
	switch (-rc) {
	case ENOENT:
		return (struct ceph_err){404, "path_not_found", NULL};
	case EEXIST:
		return (struct ceph_err){409, "path_exists", NULL};
	case ENOTEMPTY:
		return (struct ceph_err){409, "dir_not_empty", NULL};
	case ENOTDIR:
		return (struct ceph_err){422, "not_a_directory", NULL};
	case EDQUOT:
		return (struct ceph_err){409, "quota_exceeded", NULL};
	case EPERM:
	case EACCES:
		return (struct ceph_err){403, "ceph_denied", NULL};
	case ETIMEDOUT:
	case ENOTCONN:
	case ESHUTDOWN:
	case EAGAIN:
		return (struct ceph_err){503, "mds_unavailable",
					 "the file system's MDS does not answer"};
	default:
		return (struct ceph_err){500, "cephfs_error", "CephFS failed"};
	}
}

int
resp_cephfs_error(struct req *r, int rc, const char *path)
{
	struct ceph_err e = cephfs_error_of(rc);

	switch (e.status) {
	case 500:
		return resp_internal(r, "cephfs: '%s': %s", path, strerror(-rc));
	case 503:
		resp_header(r, "Retry-After: 5");
		return resp_logged(r, 503, e.code, e.plain, "cephfs: '%s': %s", path,
				   strerror(-rc));
	}
	switch (-rc) {
	case ENOENT:
		return resp_error(r, 404, e.code, NULL, "'%s' does not exist", path);
	case EEXIST:
		return resp_error(r, 409, e.code, NULL, "'%s' exists", path);
	case ENOTEMPTY:
		return resp_error(r, 409, e.code, NULL, "'%s' is not empty (or has snapshots)",
				  path);
	case ENOTDIR:
		return resp_error(r, 422, e.code, "path", "'%s' is not a directory", path);
	case EDQUOT:
		return resp_error(r, 409, e.code, NULL, "a quota on '%s' or above is reached",
				  path);
	default:
		return resp_error(r, e.status, e.code, NULL, "'%s': %s", path, strerror(-rc));
	}
}
