/*
 * cephfs_mount.c - the mounts behind backends/cephfs.h. A process keeps one mount per
 * file system, made on first use after fork from its librados connection
 * (ceph_create_from_rados) and kept. libcephfs waits for an MDS without any timeout: a
 * frozen or killed MDS blocks a call until an MDS is active again (measured: it then
 * returns by itself), a dead client's exclusive caps block it until the MDS's
 * session_timeout, and one on a file system that is gone blocks for ever
 * (ceph_abort_conn blocks too). So every call runs on one of the mount's THREADS and
 * the caller waits at most CEPHFS_TIMEOUT_MS without progress; then the job is left to
 * finish on its own, the mount is stuck and later calls fail at once until the job comes
 * back. A session the MDS ended (evicted, blocklisted) is mounted again in place and the
 * call made once more. A mount whose file system is gone or was made anew, or that
 * stayed stuck too long, is left to its threads (at most MAX_LEFT beyond MAX_MOUNTS in
 * a process) and a new one made. The threads block every signal: the worker's SIGTERM
 * handling stays on its own thread.
 */
#define _FILE_OFFSET_BITS 64 /* libcephfs.h insists */

#include "backends/cephfs_mount.h"
#include "backends/cephfs.h"
#include "core/log.h"

#include <cephfs/libcephfs.h>
#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define THREADS     4 /* calls in flight per mount: a page's entries are described at once */
#define MAX_MOUNTS  16
#define MAX_LEFT    4 /* mounts left to threads that have not come back */
#define SHUTDOWN_MS 1000
/*
 * A mount stuck this long on a file system whose rank 0 is active is left for a new
 * one: a call that waits on a dead client's caps comes back after the MDS's
 * session_timeout (60 s), one on a session that went wrong may never.
 */
#define LEAVE_STUCK_MS 90000

/* A call of the caller's, made of n items the mount's threads take one at a time. */
struct cephfs_job {
	cephfs_item_fn *item;
	void *arg;
	void (*release)(void *arg); /* frees arg when the caller gave up waiting */
	int n, next, finished;
	int rc;        /* the first error an item returned */
	int complete;  /* every item has returned (the caller frees the job) */
	int abandoned; /* the caller gave up: the last item frees the job */
};

static struct cephfs *mounts[MAX_MOUNTS];
static atomic_int left;

/* Whether a call's errno means the mount's session is over (evicted, blocklisted). */
static int
session_ended(int rc)
{
	return rc == -ENOTCONN || rc == -ESHUTDOWN;
}

void
cephfs_progress(struct cephfs *m)
{
	atomic_store(&m->progress_ms, now_ms_int());
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
job_end(struct cephfs *m, struct cephfs_job *j)
{
	m->job = NULL;
	if (m->quit) /* the other threads wait for the job's end to end too */
		pthread_cond_broadcast(&m->work);
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
	struct cephfs_job *j;
	int i, rc, last;

	pthread_mutex_lock(&m->mu);
	for (;;) {
		if ((j = m->job) && j->next < j->n) {
			i = j->next++;
			pthread_mutex_unlock(&m->mu);
			rc = j->item(m, j->arg, i);
			pthread_mutex_lock(&m->mu);
			cephfs_progress(m);
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

static int
run_once(struct cephfs *m, cephfs_item_fn *item, void *arg, void (*release)(void *), int n)
{
	struct cephfs_job *j;
	int rc;

	pthread_mutex_lock(&m->mu);
	if (m->stuck || m->quit || m->threads == 0) {
		pthread_mutex_unlock(&m->mu);
		if (release)
			release(arg);
		return -ETIMEDOUT;
	}
	j = xcalloc(1, sizeof(*j));
	*j = (struct cephfs_job){.item = item, .arg = arg, .release = release, .n = n};
	m->job = j;
	cephfs_progress(m);
	pthread_cond_broadcast(&m->work);
	while (!j->complete) {
		int64_t deadline = atomic_load(&m->progress_ms) + CEPHFS_TIMEOUT_MS;
		struct timespec ts = {deadline / 1000, (deadline % 1000) * 1000000};

		if (now_ms_int() >= deadline) {
			j->abandoned = 1;
			m->stuck = 1;
			m->stuck_ms = now_ms_int();
			pthread_mutex_unlock(&m->mu);
			log_warn("file system '%s': the MDS did not answer for %d ms; calls fail "
				 "at once until it does",
				 m->fs, CEPHFS_TIMEOUT_MS);
			return -ETIMEDOUT;
		}
		pthread_cond_timedwait(&m->done, &m->mu, &ts);
	}
	rc = j->rc;
	free(j);
	pthread_mutex_unlock(&m->mu);
	return rc;
}

static int mount_item(struct cephfs *m, void *arg, int i);

/* A new session in place of one that ended: the old mount is unmounted (at once). */
static int
remount_item(struct cephfs *m, void *arg, int i)
{
	struct ceph_mount_info *old = m->cm;

	m->cm = NULL;
	if (old) {
		ceph_unmount(old);
		ceph_release(old);
	}
	return mount_item(m, arg, i);
}

static int
probe_item(struct cephfs *m, void *arg, int i)
{
	struct ceph_statx x;

	(void)arg;
	(void)i;
	return ceph_statx(m->cm, "/", &x, CEPH_STATX_INO, AT_STATX_FORCE_SYNC);
}

/*
 * Whether rc means m's session is over: evicted or blocklisted (ESHUTDOWN), dropped
 * (ENOTCONN), or refused when it was opened again (EPERM, as a real denial answers: a
 * fresh look at "/" tells them apart).
 */
static int
session_over(struct cephfs *m, int rc)
{
	if (session_ended(rc))
		return 1;
	if (rc != -EPERM)
		return 0;
	rc = run_once(m, probe_item, NULL, NULL, 1);
	return rc == -EPERM || session_ended(rc);
}

int
cephfs_run(struct cephfs *m, cephfs_item_fn *item, void *arg, void (*release)(void *), int n)
{
	int rc = run_once(m, item, arg, release, n);

	if (!session_over(m, rc))
		return rc;
	/* A new session, and the call once more. */
	log_warn("file system '%s': the MDS ended our session (%s); mounting again", m->fs,
		 strerror(-rc));
	if ((rc = run_once(m, remount_item, NULL, NULL, 1)) < 0) {
		if (rc == -ETIMEDOUT && release)
			release(arg);
		return rc;
	}
	pthread_mutex_lock(&m->mu);
	m->broken = 0;
	pthread_mutex_unlock(&m->mu);
	return run_once(m, item, arg, release, n);
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
	cephfs_cache_free(m->cache);
	m->cache = NULL;
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
	/* A session the MDS dropped (evicted before the blocklist reached us) is opened
	 * again: the MDS takes it back or refuses it (EPERM), where without this the
	 * calls would wait for ever. */
	ceph_conf_set(cm, "client_reconnect_stale", "true");
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
	int rc, slot = -1, stuck, usable;

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
		pthread_mutex_lock(&m->mu);
		stuck = m->stuck;
		usable = m->fscid == fscid && !m->broken && (m->cm || stuck) &&
			 !(stuck && now_ms_int() - m->stuck_ms > LEAVE_STUCK_MS);
		pthread_mutex_unlock(&m->mu);
		if (usable && stuck)
			return -ETIMEDOUT;
		if (usable) {
			*out = m;
			return 0;
		}
		/* Its file system was made anew (the old one is gone: an unmount could
		 * block for ever), its session ended, or mounting failed. */
		log_info("file system '%s': leaving its mount (%s)", fs,
			 m->fscid != fscid ? "made anew"
			 : stuck           ? "a call has not come back for long"
					   : "session ended");
		mount_leave(m, m->fscid == fscid && !stuck);
		mounts[i] = NULL;
		slot = i;
		break;
	}
	if (slot < 0 || atomic_load(&left) >= MAX_MOUNTS + MAX_LEFT) {
		log_err("file system '%s': too many mounts (or calls that never came back)", fs);
		return -EAGAIN;
	}
	m = mounts[slot] = mount_new(c, fs, fscid);
	if ((rc = cephfs_run(m, mount_item, NULL, NULL, 1)) == -ETIMEDOUT)
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
		int idle;

		if (!m)
			continue;
		mounts[i] = NULL;
		pthread_mutex_lock(&m->mu);
		idle = !m->stuck && m->cm;
		pthread_mutex_unlock(&m->mu);
		if (idle) /* else its threads may never come back: the process ends anyway */
			mount_leave(m, 1);
	}
	/* Each mount unmounts on its own threads: give them a moment, not forever. */
	for (int64_t end = now_ms_int() + SHUTDOWN_MS;
	     atomic_load(&left) > 0 && now_ms_int() < end;) {
		struct timespec ts = {0, 10 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
}
