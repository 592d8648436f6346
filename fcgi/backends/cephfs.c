/*
 * cephfs.c - CephFS through libcephfs. A process keeps one mount per file system, made
 * on first use after fork from its librados connection (ceph_create_from_rados) and
 * kept. libcephfs waits for an MDS without any timeout: a frozen or killed MDS blocks a
 * call until an MDS is active again (measured: it then returns by itself), and one on a
 * file system that is gone blocks for ever (ceph_abort_conn blocks too). So every call
 * runs on one of the mount's THREADS and the caller waits at most CEPHFS_TIMEOUT_MS
 * without progress; then the job is left to finish on its own, the mount is stuck and
 * later calls fail at once until the job comes back. A mount whose file system is gone,
 * was made anew or ended its session is left to its threads (at most MAX_LEFT in a
 * process) and a new one made. The threads block every signal: the worker's SIGTERM
 * handling stays on its own thread.
 *
 * Pacific's readdir asks the MDS once per subdirectory (the recursive stats; ceph
 * tracker 61999, never backported): ~1 s for 10,000 subdirectories. So a directory's
 * listing is kept (LISTINGS per mount) and reused while the directory's change
 * attribute is the same, and only a page's entries are described.
 */
#define _FILE_OFFSET_BITS 64 /* libcephfs.h insists */

/* backends/ceph.h's ceph_init and ceph_shutdown (librados) have libcephfs's names. */
#define ceph_init     oa_ceph_init
#define ceph_shutdown oa_ceph_shutdown
#include "backends/cephfs.h"
#undef ceph_init
#undef ceph_shutdown
#include "core/log.h"
#include "core/resp.h"

#include <cephfs/libcephfs.h>
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define THREADS       4 /* calls in flight per mount: a page's entries are described at once */
#define MAX_MOUNTS    16
#define MAX_LEFT      4 /* mounts left to threads that have not come back */
#define LISTINGS      8
#define SHUTDOWN_MS   1000
#define FS_NAME_BYTES 128

struct cephfs;
typedef int item_fn(struct cephfs *m, void *arg, int i);

/* A call of the caller's, made of n items the mount's threads take one at a time. */
struct job {
	item_fn *item;
	void *arg;
	void (*release)(void *arg); /* frees arg when the caller gave up waiting */
	int n, next, finished;
	int rc;        /* the first error an item returned */
	int complete;  /* every item has returned (the caller frees the job) */
	int abandoned; /* the caller gave up: the last item frees the job */
};

struct listing {
	char *path;
	uint64_t ino, version;
	struct cephfs_listing pub;
	char *names;
};

struct cephfs {
	struct ceph *c;
	char fs[FS_NAME_BYTES];
	long fscid;
	struct ceph_mount_info *cm; /* NULL until mounted */
	pthread_mutex_t mu;
	pthread_cond_t work, done;
	struct job *job;
	_Atomic int64_t progress_ms; /* when the job in hand last made progress */
	int stuck;                   /* the job in hand outlived its wait */
	int broken;                  /* the session ended: a new mount is needed */
	int quit;                    /* the threads end once idle ... */
	int unmount;                 /* ... the last one unmounting first */
	int threads;
	struct listing *listings[LISTINGS]; /* the caller's thread only */
};

static struct cephfs *mounts[MAX_MOUNTS];
static atomic_int left;

/* Whether a call's errno means the mount's session is over (evicted, blocklisted). */
static int
session_ended(int rc)
{
	return rc == -ENOTCONN || rc == -ESHUTDOWN;
}

static void
progress(struct cephfs *m)
{
	atomic_store(&m->progress_ms, now_ms_int());
}

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

/* Frees a mount whose threads have ended (unmounting first if asked). */
static void
mount_free(struct cephfs *m)
{
	if (m->cm && m->unmount) {
		ceph_unmount(m->cm);
		ceph_release(m->cm);
	}
	pthread_mutex_destroy(&m->mu);
	pthread_cond_destroy(&m->work);
	pthread_cond_destroy(&m->done);
	free(m);
	atomic_fetch_sub(&left, 1);
}

/* The end of a job, under m->mu: wakes its caller, or frees it if the caller is gone. */
static void
job_end(struct cephfs *m, struct job *j)
{
	m->job = NULL;
	if (!j->abandoned) {
		j->complete = 1;
		pthread_cond_broadcast(&m->done);
		return;
	}
	m->stuck = 0;
	log_info("file system '%s': a call given up on came back after all (%s)", m->fs,
		 j->rc < 0 ? strerror(-j->rc) : "ok");
	if (j->release)
		j->release(j->arg);
	free(j);
}

static void *
thread_main(void *arg)
{
	struct cephfs *m = arg;
	struct job *j;
	int i, rc, last;

	pthread_mutex_lock(&m->mu);
	for (;;) {
		if ((j = m->job) && j->next < j->n) {
			i = j->next++;
			pthread_mutex_unlock(&m->mu);
			rc = j->item(m, j->arg, i);
			pthread_mutex_lock(&m->mu);
			progress(m);
			if (rc < 0 && !j->rc)
				j->rc = rc;
			if (session_ended(rc))
				m->broken = 1;
			if (++j->finished == j->n)
				job_end(m, j);
		} else if (m->quit && !m->job) {
			break;
		} else {
			pthread_cond_wait(&m->work, &m->mu);
		}
	}
	last = --m->threads == 0;
	pthread_mutex_unlock(&m->mu);
	if (last)
		mount_free(m);
	return NULL;
}

/*
 * Runs n items of item on m's threads and waits for them at most timeout_ms without
 * progress. The items' rc (the first error), or -ETIMEDOUT: then arg is no longer the
 * caller's (release frees it, now or when the items come back); otherwise it still is.
 */
static int
run_for(struct cephfs *m, item_fn *item, void *arg, void (*release)(void *), int n, long timeout_ms)
{
	struct job *j;
	int rc;

	pthread_mutex_lock(&m->mu);
	if (m->stuck || m->quit || m->threads == 0) {
		pthread_mutex_unlock(&m->mu);
		if (release)
			release(arg);
		return -ETIMEDOUT;
	}
	j = xcalloc(1, sizeof(*j));
	*j = (struct job){.item = item, .arg = arg, .release = release, .n = n};
	m->job = j;
	progress(m);
	pthread_cond_broadcast(&m->work);
	while (!j->complete) {
		int64_t deadline = atomic_load(&m->progress_ms) + timeout_ms;
		struct timespec ts = {deadline / 1000, (deadline % 1000) * 1000000};

		if (now_ms_int() >= deadline) {
			j->abandoned = 1;
			m->stuck = 1;
			pthread_mutex_unlock(&m->mu);
			log_warn("file system '%s': the MDS did not answer for %ld ms; calls fail "
				 "at once until it does",
				 m->fs, timeout_ms);
			return -ETIMEDOUT;
		}
		pthread_cond_timedwait(&m->done, &m->mu, &ts);
	}
	rc = j->rc;
	free(j);
	pthread_mutex_unlock(&m->mu);
	return rc;
}

static int
run(struct cephfs *m, item_fn *item, void *arg, void (*release)(void *), int n)
{
	return run_for(m, item, arg, release, n, CEPHFS_TIMEOUT_MS);
}

/* A new mount's structure with its threads (signals blocked), not mounted yet. */
static struct cephfs *
mount_new(struct ceph *c, const char *fs, long fscid)
{
	struct cephfs *m = xcalloc(1, sizeof(*m));
	pthread_condattr_t ca;
	pthread_attr_t ta;
	sigset_t all, old;
	pthread_t t;

	m->c = c;
	snprintf(m->fs, sizeof(m->fs), "%s", fs);
	m->fscid = fscid;
	pthread_mutex_init(&m->mu, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC); /* now_ms_int's clock */
	pthread_cond_init(&m->work, NULL);
	pthread_cond_init(&m->done, &ca);
	pthread_condattr_destroy(&ca);
	pthread_attr_init(&ta);
	pthread_attr_setdetachstate(&ta, PTHREAD_CREATE_DETACHED);
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old); /* inherited by libcephfs' threads too */
	pthread_mutex_lock(&m->mu);
	for (int i = 0; i < THREADS; i++)
		if (pthread_create(&t, &ta, thread_main, m) == 0)
			m->threads++;
	pthread_mutex_unlock(&m->mu);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	pthread_attr_destroy(&ta);
	atomic_fetch_add(&left, 1); /* counted until mount_free, as the left ones are */
	return m;
}

/* Hands m over to its threads, which end once idle (unmounting first if asked). */
static void
mount_leave(struct cephfs *m, int unmount)
{
	for (int i = 0; i < LISTINGS; i++)
		listing_free(m->listings[i]);
	memset(m->listings, 0, sizeof(m->listings));
	pthread_mutex_lock(&m->mu);
	m->quit = 1;
	m->unmount = unmount;
	if (m->threads == 0) {
		pthread_mutex_unlock(&m->mu);
		mount_free(m);
		return;
	}
	pthread_cond_broadcast(&m->work);
	pthread_mutex_unlock(&m->mu);
}

static int
mount_item(struct cephfs *m, void *arg, int i)
{
	struct ceph_mount_info *cm;
	int rc;

	(void)arg;
	(void)i;
	if ((rc = ceph_create_from_rados(&cm, m->c->rados)) < 0)
		return rc;
	if ((rc = ceph_select_filesystem(cm, m->fs)) < 0 || (rc = ceph_mount(cm, "/")) < 0) {
		ceph_release(cm);
		return rc;
	}
	ceph_umask(cm, 0); /* a mode asked for is the mode made */
	m->cm = cm;
	return 0;
}

int
cephfs_open(struct ceph *c, const char *fs, long fscid, struct cephfs **out)
{
	struct cephfs *m;
	int rc, slot = -1;

	*out = NULL;
	if ((rc = ceph_connect(c)) < 0)
		return rc;
	for (int i = 0; i < MAX_MOUNTS; i++) {
		if (!(m = mounts[i])) {
			if (slot < 0)
				slot = i;
			continue;
		}
		if (m->c != c || strcmp(m->fs, fs))
			continue;
		if (m->fscid == fscid && !m->broken && (m->cm || m->stuck)) {
			if (m->stuck) /* no lock: a stale read only makes run() say so */
				return -ETIMEDOUT;
			*out = m;
			return 0;
		}
		/* Its file system was made anew (the old one is gone: an unmount could
		 * block for ever), its session ended, or mounting failed. */
		log_info("file system '%s': leaving its mount (%s)", fs,
			 m->fscid != fscid ? "made anew" : "session ended");
		mount_leave(m, m->fscid == fscid && !m->stuck);
		mounts[i] = NULL;
		slot = i;
		break;
	}
	if (slot < 0 || atomic_load(&left) >= MAX_MOUNTS + MAX_LEFT) {
		log_err("file system '%s': too many mounts (or calls that never came back)", fs);
		return -EAGAIN;
	}
	m = mounts[slot] = mount_new(c, fs, fscid);
	if ((rc = run(m, mount_item, NULL, NULL, 1)) == -ETIMEDOUT)
		return rc; /* kept: stuck until the mount comes back */
	if (rc < 0) {
		log_warn("file system '%s': cannot mount it: %s", fs, strerror(-rc));
		mount_leave(m, 0);
		mounts[slot] = NULL;
		return rc;
	}
	*out = m;
	return 0;
}

void
cephfs_shutdown(void)
{
	for (int i = 0; i < MAX_MOUNTS; i++) {
		struct cephfs *m = mounts[i];

		if (!m)
			continue;
		mounts[i] = NULL;
		if (m->stuck || !m->cm)
			continue; /* its threads may never come back: the process ends anyway */
		mount_leave(m, 1);
	}
	/* Each mount unmounts on its own threads: give them a moment, not forever. */
	for (int64_t end = now_ms_int() + SHUTDOWN_MS;
	     atomic_load(&left) > 0 && now_ms_int() < end;) {
		struct timespec ts = {0, 10 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
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
		/* The name's offset, until the buffer stops moving. */
		e[n].name = (const char *)(uintptr_t)names.len;
		buf_add(&names, de.d_name, strlen(de.d_name) + 1);
		if (++n % 256 == 0)
			progress(m);
	}
	ceph_closedir(m->cm, d);
	if (rc < 0) {
		free(e);
		buf_free(&names);
		return rc;
	}
	for (long k = 0; k < n; k++)
		e[k].name = names.data + (uintptr_t)e[k].name;
	qsort(e, (size_t)n, sizeof(*e), by_name);
	o->listing = xcalloc(1, sizeof(*o->listing));
	o->listing->names = names.data;
	o->listing->pub = (struct cephfs_listing){e, n, now_ms_int()};
	return 0;
}

/* The cached listing of path (its slot in *slot), or NULL with *slot the one to reuse. */
static struct listing *
listing_find(struct cephfs *m, const char *path, int *slot)
{
	int oldest = 0;

	for (int i = 0; i < LISTINGS; i++) {
		struct listing *l = m->listings[i];

		if (l && !strcmp(l->path, path)) {
			*slot = i;
			return l;
		}
		if (!l ||
		    (m->listings[oldest] && l->pub.read_ms < m->listings[oldest]->pub.read_ms))
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
	if ((rc = run(m, statx_item, o, op_free, 1)) == -ETIMEDOUT)
		return rc;
	if (rc == 0 && !S_ISDIR(o->stx.stx_mode))
		rc = -ENOTDIR;
	if (rc < 0)
		goto out;
	l = listing_find(m, path, &slot);
	if (!l || l->ino != o->stx.stx_ino || l->version != o->stx.stx_version ||
	    (max_age_ms > 0 && now_ms_int() - l->pub.read_ms > max_age_ms)) {
		/* Read after the change attribute: a change in between is read again later. */
		if ((rc = run(m, list_item, o, op_free, 1)) == -ETIMEDOUT)
			return rc;
		if (rc < 0)
			goto out;
		listing_free(m->listings[slot]);
		l = m->listings[slot] = o->listing;
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

	return session_ended(rc) ? rc : 0; /* the others are the path's, in stats[i].err */
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
	if ((rc = run(m, describe_item, o, op_free, n)) == -ETIMEDOUT)
		return rc;
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
run_op(struct cephfs *m, item_fn *item, struct op *o)
{
	int rc = run(m, item, o, op_free, 1);

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

	if ((rc = run(m, quota_item, o, op_free, 1)) == -ETIMEDOUT)
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
	if ((rc = run(m, snaps_item, o, op_free, 1)) == -ETIMEDOUT)
		return rc;
	if (rc == 0) {
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
