/*
 * ceph_mgr.c - manager commands. librados (Pacific) bounds a manager command by
 * rados_mon_op_timeout but does not cancel it: when the answer comes after the
 * timeout, the manager client writes into buffers the call already freed (ASan saw
 * the double free in CI: MgrClient::handle_command_reply, while an osd.remove task
 * polled safe-to-destroy on a busy manager). So a process keeps a second handle per
 * cluster, for manager commands only, without that timeout; each command runs on a
 * thread of its own (core/bounded.c) and the caller waits at most CEPH_MGR_TIMEOUT_MS: a command
 * that does not come back keeps its buffers with its thread, which frees them when the answer
 * comes. At most MAX_STRANDED commands wait like that in a process; beyond, manager commands fail
 * at once, so a hung manager costs a few threads, not a worker.
 */
#include "backends/ceph_mgr.h"
#include "core/bounded.h"
#include "core/log.h"
#include "core/util.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CLUSTERS 16
#define MAX_STRANDED 4

static const char busy[] = "earlier manager commands are still unanswered";

static rados_t handles[MAX_CLUSTERS];
static pthread_mutex_t handles_mu = PTHREAD_MUTEX_INITIALIZER;
static atomic_int stranded;

/* One command: the caller's until it stops waiting, then its thread's (core/bounded.c). */
struct mgr_call {
	struct bounded_call b;
	rados_t h;
	char *target, *cmd, *out, *msg;
	size_t len;
	int rc;
};

static void
call_free(struct bounded_call *b)
{
	struct mgr_call *k = (struct mgr_call *)b;

	free(k->target);
	free(k->cmd);
	free(k->out);
	free(k->msg);
	free(k);
}

static void
call_run(struct bounded_call *b)
{
	struct mgr_call *k = (struct mgr_call *)b;
	const char *argv[] = {k->cmd};
	char *ob = NULL, *sb = NULL;
	size_t olen = 0, slen = 0;

	if (k->target)
		k->rc = rados_mgr_command_target(k->h, k->target, argv, 1, "", 0, &ob, &olen, &sb,
						 &slen);
	else
		k->rc = rados_mgr_command(k->h, argv, 1, "", 0, &ob, &olen, &sb, &slen);
	k->out = k->rc >= 0 ? xstrndup(ob ? ob : "", olen) : NULL;
	k->len = olen;
	k->msg = slen ? xstrndup(sb, slen) : NULL;
	rados_buffer_free(ob);
	rados_buffer_free(sb);
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

int
ceph_mgr_command(struct ceph *c, const char *target, const char *cmd, char **out, size_t *len,
		 char **msg)
{
	struct mgr_call *k;
	rados_t h;
	int rc;

	*out = *msg = NULL;
	*len = 0;
	if (bounded_full(&stranded, MAX_STRANDED)) { /* before a handle is made in vain */
		*msg = xstrdup(busy);
		return -ETIMEDOUT;
	}
	if ((rc = handle(c, &h)) < 0) {
		*msg = xstrdup(c->error);
		return rc;
	}
	k = xcalloc(1, sizeof(*k));
	k->b.run = call_run;
	k->b.drop = call_free;
	k->h = h;
	k->target = target ? xstrdup(target) : NULL;
	k->cmd = xstrdup(cmd);
	rc = bounded_run(&k->b, CEPH_MGR_TIMEOUT_MS, &stranded, MAX_STRANDED);
	if (rc == -ETIMEDOUT) { /* k is its thread's now */
		log_warn("cluster '%s': manager command %s unanswered after %d ms", c->conf->name,
			 cmd, CEPH_MGR_TIMEOUT_MS);
		*msg = xstrdup("the manager did not answer in time");
		return rc;
	}
	if (rc < 0) {
		*msg = xstrdup(rc == -EBUSY ? busy : "no thread for the manager command");
		call_free(&k->b);
		return rc == -EBUSY ? -ETIMEDOUT : rc;
	}
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
	call_free(&k->b);
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
