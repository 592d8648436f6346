/*
 * cephfs_mds.c - MDS commands (`session ls`, `client evict`) through libcephfs. A
 * process keeps one handle per cluster, initialised (ceph_init: monitors, no mount,
 * so no session of its own) lazily after fork, as librados is. ceph_mds_command waits
 * for the MDS without any timeout, so each command runs on a thread of its own and the
 * caller waits at most the time it allows: a command that does not come back keeps
 * its handle (the thread releases both if the MDS ever answers) and the next command
 * gets a new handle. At most MAX_STRANDED commands wait like that in a process; beyond,
 * commands fail at once, so a hung MDS costs a few threads, not a worker.
 */
#define _FILE_OFFSET_BITS 64 /* libcephfs.h insists */

#include "backends/cephfs_mds.h"
#include "core/log.h"
#include "core/util.h"

#include <cephfs/libcephfs.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_CLUSTERS 16
#define MAX_STRANDED 4

static struct ceph_mount_info *handles[MAX_CLUSTERS];
static atomic_int stranded;

/* One command, shared by the caller and its thread until both are done with it. */
struct mds_call {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int done, abandoned;
	struct ceph_mount_info *cm;
	char spec[80];
	char *cmd, *out, *msg;
	size_t len;
	int rc;
};

static void
call_free(struct mds_call *k)
{
	pthread_mutex_destroy(&k->mu);
	pthread_cond_destroy(&k->cv);
	free(k->cmd);
	free(k->out);
	free(k->msg);
	free(k);
}

static void *
call_main(void *arg)
{
	struct mds_call *k = arg;
	const char *argv[] = {k->cmd};
	char *ob = NULL, *sb = NULL;
	size_t olen = 0, slen = 0;
	int rc, abandoned;

	rc = ceph_mds_command(k->cm, k->spec, argv, 1, "", 0, &ob, &olen, &sb, &slen);
	pthread_mutex_lock(&k->mu);
	k->rc = rc;
	k->out = xstrndup(ob ? ob : "", olen);
	k->len = olen;
	k->msg = slen ? xstrndup(sb, slen) : NULL;
	k->done = 1;
	abandoned = k->abandoned;
	pthread_cond_signal(&k->cv);
	pthread_mutex_unlock(&k->mu);
	ceph_buffer_free(ob);
	ceph_buffer_free(sb);
	if (abandoned) {
		ceph_release(k->cm); /* shuts the client down */
		call_free(k);
		atomic_fetch_sub(&stranded, 1);
	}
	return NULL;
}

/* c's handle, made on first use: 0 with *cm, or a negative errno. */
static int
handle(struct ceph *c, struct ceph_mount_info **cm)
{
	static const char *opts[][2] = {
		{"client_mount_timeout", "4"}, {"rados_mon_op_timeout", "4"}, {"admin_socket", ""},
		{"log_to_stderr", "false"},    {"err_to_stderr", "false"},
	};
	const char *id =
		strncmp(c->conf->client, "client.", 7) ? c->conf->client : c->conf->client + 7;
	int rc;

	if (c->index < 0 || c->index >= MAX_CLUSTERS)
		return -EINVAL;
	if ((*cm = handles[c->index]))
		return 0;
	if ((rc = ceph_create(cm, id)) < 0)
		return rc;
	if ((rc = ceph_conf_read_file(*cm, c->conf->conf)) < 0 ||
	    (c->conf->keyring && (rc = ceph_conf_set(*cm, "keyring", c->conf->keyring)) < 0))
		goto fail;
	for (size_t i = 0; i < ARRAY_LEN(opts); i++)
		ceph_conf_set(*cm, opts[i][0], opts[i][1]);
	if ((rc = ceph_init(*cm)) < 0)
		goto fail;
	handles[c->index] = *cm;
	return 0;
fail:
	log_warn("cluster '%s': cannot set up libcephfs: %s", c->conf->name, strerror(-rc));
	ceph_release(*cm);
	*cm = NULL;
	return rc;
}

int
cephfs_mds_command(struct ceph *c, const char *fs, const char *cmd, int timeout_ms, char **out,
		   size_t *len, char **msg)
{
	struct ceph_mount_info *cm;
	struct mds_call *k;
	struct timespec end;
	pthread_t th;
	int rc = 0;

	*out = *msg = NULL;
	*len = 0;
	if (atomic_load(&stranded) >= MAX_STRANDED) {
		*msg = xstrdup("earlier MDS commands are still unanswered");
		return -ETIMEDOUT;
	}
	if ((rc = handle(c, &cm)) < 0)
		return rc;
	k = xcalloc(1, sizeof(*k));
	pthread_mutex_init(&k->mu, NULL);
	pthread_cond_init(&k->cv, NULL);
	k->cm = cm;
	k->cmd = xstrdup(cmd);
	snprintf(k->spec, sizeof(k->spec), "%s:0", fs);
	if (pthread_create(&th, NULL, call_main, k) != 0) {
		call_free(k);
		return -EAGAIN;
	}
	pthread_detach(th);
	clock_gettime(CLOCK_REALTIME, &end);
	end.tv_sec += timeout_ms / 1000;
	end.tv_nsec += (timeout_ms % 1000) * 1000000L;
	if (end.tv_nsec >= 1000000000L) {
		end.tv_sec++;
		end.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&k->mu);
	while (!k->done && rc != ETIMEDOUT)
		rc = pthread_cond_timedwait(&k->cv, &k->mu, &end);
	if (!k->done) {
		/* The thread keeps the command and its handle; the next call makes another. */
		k->abandoned = 1;
		handles[c->index] = NULL;
		atomic_fetch_add(&stranded, 1);
		pthread_mutex_unlock(&k->mu);
		log_warn("cluster '%s': MDS command %s to %s unanswered after %d ms", c->conf->name,
			 cmd, k->spec, timeout_ms);
		*msg = xstrdup("the MDS did not answer in time");
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
	}
	call_free(k);
	return rc < 0 ? rc : 0;
}
