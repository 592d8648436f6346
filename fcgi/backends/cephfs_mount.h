/*
 * cephfs_mount.h - the mounts behind backends/cephfs.h and the threads that make their
 * calls; for cephfs.c only (what it runs on a mount and keeps per mount).
 */
#ifndef OA_CEPHFS_MOUNT_H
#define OA_CEPHFS_MOUNT_H

#include <pthread.h>
#include <stdint.h>

#include "backends/ceph.h"

struct ceph_mount_info;
struct cephfs;
struct cephfs_cache; /* cephfs.c's, per mount */

/* One item of a call, run on one of the mount's threads: 0 or a negative errno. */
typedef int cephfs_item_fn(struct cephfs *m, void *arg, int i);

struct cephfs {
	struct ceph *c;
	char fs[128];
	long fscid;
	struct ceph_mount_info *cm; /* NULL until mounted */
	pthread_mutex_t mu;
	pthread_cond_t work, done;
	struct cephfs_job *job;
	_Atomic int64_t progress_ms; /* when the job in hand last made progress */
	int stuck;                   /* the job in hand outlived its wait ... */
	int64_t stuck_ms;            /* ... then */
	int broken;                  /* the session ended: a new mount is needed */
	int quit;                    /* the threads end once idle ... */
	int unmount;                 /* ... the last one unmounting first */
	int threads;
	struct cephfs_cache *cache; /* the caller's thread only */
};

/*
 * Runs items 0..n-1 of item on m's threads, several at once, and waits at most
 * CEPHFS_TIMEOUT_MS without progress. The first error an item returned (0 if none), or
 * -ETIMEDOUT: then arg is no longer the caller's (release frees it, at once or when the
 * items come back) and m is stuck until they do; otherwise arg still is the caller's.
 */
int cephfs_run(struct cephfs *m, cephfs_item_fn *item, void *arg, void (*release)(void *), int n);
/* Notes progress from a long item (so its caller keeps waiting). */
void cephfs_progress(struct cephfs *m);
/* Frees what cephfs.c keeps for a mount (defined there). */
void cephfs_cache_free(struct cephfs_cache *cache);

#endif
