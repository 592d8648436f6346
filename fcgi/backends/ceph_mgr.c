/*
 * ceph_mgr.c - manager commands. librados (Pacific) bounds a manager command by
 * rados_mon_op_timeout but does not cancel it: when the answer comes after the
 * timeout, the manager client writes into buffers the call already freed (ASan saw
 * the double free in CI: MgrClient::handle_command_reply, while an osd.remove task
 * polled safe-to-destroy on a busy manager). So a process keeps a second handle per
 * cluster, for manager commands only, without that timeout; each command runs on a
 * thread of its own and the caller waits at most CEPH_MGR_TIMEOUT_MS: a command that
 * does not come back keeps its buffers with its thread, which frees them when the
 * answer comes. At most MAX_STRANDED commands wait like that in a process; beyond,
 * manager commands fail at once, so a hung manager costs a few threads, not a worker.
 */
#include "backends/ceph_mgr.h"
#include "core/log.h"
#include "core/util.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_CLUSTERS 16
#define MAX_STRANDED 4

static rados_t handles[MAX_CLUSTERS];
static pthread_mutex_t handles_mu = PTHREAD_MUTEX_INITIALIZER;
static atomic_int stranded;

/* One command, shared by the caller and its thread until both are done with it. */
struct mgr_call {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int done, abandoned;
	rados_t h;
	char *target, *cmd, *out, *msg;
	size_t len;
	int rc;
};

static void
call_free(struct mgr_call *k)
{
	pthread_mutex_destroy(&k->mu);
	pthread_cond_destroy(&k->cv);
	free(k->target);
	free(k->cmd);
	free(k->out);
	free(k->msg);
	free(k);
}

static void *
call_main(void *arg)
{
	struct mgr_call *k = arg;
	const char *argv[] = {k->cmd};
	char *ob = NULL, *sb = NULL;
	size_t olen = 0, slen = 0;
	int rc, abandoned;

	if (k->target)
		rc = rados_mgr_command_target(k->h, k->target, argv, 1, "", 0, &ob, &olen, &sb,
					      &slen);
	else
		rc = rados_mgr_command(k->h, argv, 1, "", 0, &ob, &olen, &sb, &slen);
	pthread_mutex_lock(&k->mu);
	k->rc = rc;
	k->out = rc >= 0 ? xstrndup(ob ? ob : "", olen) : NULL;
	k->len = olen;
	k->msg = slen ? xstrndup(sb, slen) : NULL;
	k->done = 1;
	abandoned = k->abandoned;
	pthread_cond_signal(&k->cv);
	pthread_mutex_unlock(&k->mu);
	rados_buffer_free(ob);
	rados_buffer_free(sb);
	if (abandoned) {
		call_free(k);
		atomic_fetch_sub(&stranded, 1);
	}
	return NULL;
}

/* c's manager handle, made on first use: 0 with *h, or a negative errno. */
static int
handle(struct ceph *c, rados_t *h)
{
	int rc = 0;

	if (c->index < 0 || c->index >= MAX_CLUSTERS)
		return -EINVAL;
	if ((rc = ceph_connect(c)) < 0) /* fails at once for a while after a failure */
		return rc;
	pthread_mutex_lock(&handles_mu);
	if (!handles[c->index])
		rc = ceph_open_handle(c, "0", &handles[c->index]);
	*h = handles[c->index];
	pthread_mutex_unlock(&handles_mu);
	return rc;
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
ceph_mgr_command(struct ceph *c, const char *target, const char *cmd, char **out, size_t *len,
		 char **msg)
{
	struct timespec end;
	struct mgr_call *k;
	pthread_t th;
	rados_t h;
	int rc = 0;

	*out = *msg = NULL;
	*len = 0;
	if (atomic_load(&stranded) >= MAX_STRANDED) {
		*msg = xstrdup("earlier manager commands are still unanswered");
		return -ETIMEDOUT;
	}
	if ((rc = handle(c, &h)) < 0) {
		*msg = xstrdup(c->error);
		return rc;
	}
	k = xcalloc(1, sizeof(*k));
	pthread_mutex_init(&k->mu, NULL);
	pthread_cond_init(&k->cv, NULL);
	k->h = h;
	k->target = target ? xstrdup(target) : NULL;
	k->cmd = xstrdup(cmd);
	if (pthread_create(&th, NULL, call_main, k) != 0) {
		call_free(k);
		return -EAGAIN;
	}
	pthread_detach(th);
	end = deadline(CEPH_MGR_TIMEOUT_MS);
	pthread_mutex_lock(&k->mu);
	while (!k->done && rc != ETIMEDOUT)
		rc = pthread_cond_timedwait(&k->cv, &k->mu, &end);
	if (!k->done) {
		k->abandoned = 1;
		atomic_fetch_add(&stranded, 1);
		pthread_mutex_unlock(&k->mu);
		log_warn("cluster '%s': manager command %s unanswered after %d ms", c->conf->name,
			 cmd, CEPH_MGR_TIMEOUT_MS);
		*msg = xstrdup("the manager did not answer in time");
		return -ETIMEDOUT;
	}
	pthread_mutex_unlock(&k->mu);
	rc = k->rc;
	*msg = k->msg;
	k->msg = NULL;
	if (rc >= 0) {
		*out = k->out;
		*len = k->len;
		k->out = NULL;
	} else {
		log_warn("cluster '%s': %s failed: %s%s%s", c->conf->name, cmd, strerror(-rc),
			 *msg ? ": " : "", *msg ? *msg : "");
	}
	call_free(k);
	return rc < 0 ? rc : 0;
}

void
ceph_mgr_shutdown(void)
{
	if (atomic_load(&stranded) > 0)
		return; /* a thread still uses its handle: the process ends anyway */
	for (int i = 0; i < MAX_CLUSTERS; i++)
		if (handles[i]) {
			rados_shutdown(handles[i]);
			handles[i] = NULL;
		}
}
