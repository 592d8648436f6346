/*
 * bounded.c - some library calls wait without a bound of their own, or with one they
 * do not honour: librados (Pacific) times a manager command out but writes its late
 * answer into buffers the caller already freed, and libcephfs waits for an MDS
 * forever. Such a call runs on a thread of its own while the caller waits for it at
 * most its bound; a call that does not come back is left to its thread, which frees
 * it when (if ever) it returns. The number of calls left so is counted, so a caller can
 * refuse at once beyond a few: a hung daemon costs a few threads, not a worker.
 * backends/ceph_mgr.c and backends/cephfs_mds.c use it.
 */
#include "core/bounded.h"

#include <errno.h>
#include <time.h>

static void *
call_main(void *arg)
{
	struct bounded_call *b = arg;
	int abandoned;

	b->run(b);
	pthread_mutex_lock(&b->mu);
	b->done = 1;
	abandoned = b->abandoned;
	pthread_cond_signal(&b->cv);
	pthread_mutex_unlock(&b->mu);
	if (abandoned) { /* nobody else holds b now */
		atomic_int *stranded = b->stranded;
		pthread_mutex_destroy(&b->mu);
		pthread_cond_destroy(&b->cv);
		b->drop(b);
		atomic_fetch_sub(stranded, 1);
	}
	return NULL;
}

/* The absolute time ms from now. */
static struct timespec
deadline(int ms)
{
	struct timespec end;

	clock_gettime(CLOCK_REALTIME, &end);
	end.tv_sec += ms / 1000;
	end.tv_nsec += (ms % 1000) * 1000000L;
	if (end.tv_nsec >= 1000000000L) {
		end.tv_sec++;
		end.tv_nsec -= 1000000000L;
	}
	return end;
}

int
bounded_run(struct bounded_call *b, int timeout_ms, atomic_int *stranded, int max_stranded)
{
	struct timespec end;
	pthread_t th;
	int rc = 0;

	if (atomic_load(stranded) >= max_stranded)
		return -EBUSY;
	pthread_mutex_init(&b->mu, NULL);
	pthread_cond_init(&b->cv, NULL);
	b->done = b->abandoned = 0;
	b->stranded = stranded;
	if (pthread_create(&th, NULL, call_main, b) != 0) {
		pthread_mutex_destroy(&b->mu);
		pthread_cond_destroy(&b->cv);
		return -EAGAIN;
	}
	pthread_detach(th);
	end = deadline(timeout_ms);
	pthread_mutex_lock(&b->mu);
	while (!b->done && rc != ETIMEDOUT)
		rc = pthread_cond_timedwait(&b->cv, &b->mu, &end);
	if (!b->done) {
		b->abandoned = 1;
		atomic_fetch_add(stranded, 1);
		pthread_mutex_unlock(&b->mu);
		return -ETIMEDOUT;
	}
	pthread_mutex_unlock(&b->mu);
	pthread_mutex_destroy(&b->mu);
	pthread_cond_destroy(&b->cv);
	return 0;
}
