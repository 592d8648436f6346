/*
 * cephfs_mds.c - MDS commands (`session ls`, `client evict`) through libcephfs. A
 * process keeps one handle per cluster, initialised (ceph_init: monitors, no mount,
 * so no session of its own) lazily after fork, as librados is. ceph_mds_command waits
 * for the MDS without any timeout, so each command runs on a thread of its own
 * (core/bounded.c) and the caller waits at most the time it allows: a command that
 * does not come back keeps its handle (the thread releases both if the MDS ever
 * answers) and the next command gets a new handle. At most MAX_STRANDED commands wait
 * like that in a process; beyond, commands fail at once, so a hung MDS costs a few
 * threads, not a worker.
 */
#define _FILE_OFFSET_BITS 64 /* libcephfs.h insists */

#include "backends/cephfs_mds.h"
#include "core/bounded.h"
#include "core/log.h"
#include "core/util.h"

#include <cephfs/libcephfs.h>
#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CLUSTERS 16
#define MAX_STRANDED 4

static const char busy[] = "earlier MDS commands are still unanswered";

static struct ceph_mount_info *handles[MAX_CLUSTERS];
static atomic_int stranded;

/* One command: the caller's until it stops waiting, then its thread's (core/bounded.c). */
struct mds_call {
	struct bounded_call b;
	struct ceph_mount_info *cm;
	char spec[80];
	char *cmd, *out, *msg;
	size_t len;
	int rc;
};

static void
call_free(struct mds_call *k)
{
	free(k->cmd);
	free(k->out);
	free(k->msg);
	free(k);
}

static void
call_run(struct bounded_call *b)
{
	struct mds_call *k = (struct mds_call *)b;
	const char *argv[] = {k->cmd};
	char *ob = NULL, *sb = NULL;
	size_t olen = 0, slen = 0;

	k->rc = ceph_mds_command(k->cm, k->spec, argv, 1, "", 0, &ob, &olen, &sb, &slen);
	k->out = xstrndup(ob ? ob : "", olen);
	k->len = olen;
	k->msg = slen ? xstrndup(sb, slen) : NULL;
	ceph_buffer_free(ob);
	ceph_buffer_free(sb);
}

/* A command the caller stopped waiting for: its handle goes with it. */
static void
call_drop(struct bounded_call *b)
{
	struct mds_call *k = (struct mds_call *)b;

	ceph_release(k->cm); /* shuts the client down */
	call_free(k);
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
	char spec[80];
	int rc;

	*out = *msg = NULL;
	*len = 0;
	if (bounded_full(&stranded, MAX_STRANDED)) { /* before a handle is made in vain */
		*msg = xstrdup(busy);
		return -ETIMEDOUT;
	}
	if ((rc = handle(c, &cm)) < 0)
		return rc;
	snprintf(spec, sizeof(spec), "%s:0", fs);
	k = xcalloc(1, sizeof(*k));
	k->b.run = call_run;
	k->b.drop = call_drop;
	k->cm = cm;
	k->cmd = xstrdup(cmd);
	memcpy(k->spec, spec, sizeof(spec));
	rc = bounded_run(&k->b, timeout_ms, &stranded, MAX_STRANDED);
	if (rc == -ETIMEDOUT) {
		/* The thread keeps the command and its handle; the next call makes another. */
		handles[c->index] = NULL;
		log_warn("cluster '%s': MDS command %s to %s unanswered after %d ms", c->conf->name,
			 cmd, spec, timeout_ms);
		*msg = xstrdup("the MDS did not answer in time");
		return rc;
	}
	if (rc < 0) {
		*msg = xstrdup(rc == -EBUSY ? busy : "no thread for the MDS command");
		call_free(k);
		return rc == -EBUSY ? -ETIMEDOUT : rc;
	}
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
