/*
 * osd_remove.c - taking an OSD out of service safely, as a task (`osd.remove`): POST
 * .../osds/{id}/remove?confirm=osd.N {mode: purge|destroy, force?} marks it out, then
 * follows Ceph's safe-to-destroy until its data has moved (progress from the PGs
 * still mapped to it), then waits for it to be down (its daemon is stopped on its
 * host: the task says so and where), then purges or destroys it. A runner follows
 * many such tasks at once (start and poll, like Salt jobs), since the data may take
 * hours to move; every poll reads the cluster again, so a runner that stops puts the
 * task back and the next one goes on where the cluster is. Cancelled, an OSD this
 * task marked out is marked in again. force skips the wait for the data (the reason
 * Ceph gave is the one the synchronous DELETE shows).
 */
#include "api/cluster/cluster.h"
#include "backends/ceph.h"
#include "backends/view.h"
#include "core/resp.h"
#include "server/tasks.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define POLL_MS   2000
#define DEFAULT_S (24 * 3600) /* how long it waits for the data and for the daemon */

const struct field_spec osds_remove_body[] = {
	{"mode", J_STRING, 0, "purge (default: the OSD is gone) or destroy (id and place kept)"},
	{"force", J_BOOL, 0, "do not wait for the data to move (what only it held is lost)"},
	{"timeout_s", J_INT, 0, "how long to wait for the data and the daemon (default a day)"},
	{NULL, 0, 0, NULL},
};

/* The osd dump entry of id, fresh (NULL: none, *rc 0; or NULL with *rc the error). */
static const cJSON *
dump_entry(struct ceph *c, long id, int *rc, char **msg)
{
	const cJSON *dump, *o;

	if ((*rc = view_get(c, V_OSD_DUMP, 0, &dump, msg)) < 0)
		return NULL;
	cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(dump, "osds"))
		if (jnum(o, "osd") == (double)id)
			return o;
	return NULL;
}

int
osds_remove_queue(struct req *r)
{
	long id = req_param_long(r, "id");
	const char *mode = json_str(r->body, "mode") ?: "purge", *confirm = req_query(r, "confirm");
	const cJSON *o;
	cJSON *target;
	char name[32], *msg = NULL;
	int rc;

	snprintf(name, sizeof(name), "osd.%ld", id);
	if (strcmp(mode, "purge") && strcmp(mode, "destroy"))
		return resp_error(r, 422, "invalid_value", "mode", "mode is purge or destroy");
	if (json_long(r->body, "timeout_s", DEFAULT_S) < 10)
		return resp_error(r, 422, "invalid_value", "timeout_s", "timeout_s is 10 or more");
	if (!(o = dump_entry(r->cluster, id, &rc, &msg)))
		return rc < 0 ? resp_ceph_error(r, rc, req_own(r, msg))
			      : resp_error(r, 404, "osd_not_found", NULL, "no OSD %s", name);
	if (!confirm || strcmp(confirm, name))
		return resp_error(r, 422, "confirmation_required", "confirm",
				  "%s %s: repeat its name as ?confirm=%s", mode, name, name);
	target = cJSON_CreateObject();
	cJSON_AddStringToObject(target, "fsid", r->cluster->fsid);
	cJSON_AddNumberToObject(target, "osd", (double)id);
	cJSON_AddBoolToObject(target, "was_in", jnum(o, "in") == 1);
	return task_queue(r, "osd.remove", target, cJSON_Duplicate(r->body, 1));
}

/* What a poll knows between calls. */
struct removal {
	struct ceph *c;
	long id;
	int pgs_at_start; /* -1 until Ceph first names a count */
	time_t deadline;
};

/* Marks the OSD in or out: 0 or a negative errno. */
static int
mark(struct ceph *c, long id, int in)
{
	cJSON *cmd = ceph_cmd(in ? "osd in" : "osd out");
	char ids[24], *msg = NULL;
	int rc;

	snprintf(ids, sizeof(ids), "%ld", id);
	cJSON_AddItemToArray(cJSON_AddArrayToObject(cmd, "ids"), cJSON_CreateString(ids));
	rc = ceph_run(c, cmd, &msg);
	free(msg);
	view_invalidate(c);
	return rc;
}

int
osd_remove_start(struct task *t)
{
	struct removal *m = xcalloc(1, sizeof(*m));
	const char *fsid = json_str(t->target, "fsid");

	m->c = fsid ? ceph_by_fsid(fsid) : NULL;
	m->id = json_long(t->target, "osd", -1);
	m->pgs_at_start = -1;
	m->deadline = time(NULL) + json_long(t->params, "timeout_s", DEFAULT_S);
	t->state = m;
	t->next_ms = now_ms();
	return 1;
}

/* The PGs Ceph says are still mapped to the OSD ("OSD(s) 3 have 12 pgs..."), or -1. */
static int
pgs_left(const char *why)
{
	const char *p = why ? strstr(why, " have ") : NULL;

	return p ? atoi(p + 6) : -1;
}

/* Waiting for the data: 1 (poll again) with progress, or the outcome. */
static int
wait_data(struct task *t, struct removal *m, const char *why)
{
	int left = pgs_left(why), pct = 5;

	if (left >= 0 && m->pgs_at_start < 0)
		m->pgs_at_start = left;
	if (left > m->pgs_at_start) /* the mapping grew: count from there */
		m->pgs_at_start = left;
	if (left >= 0 && m->pgs_at_start > 0)
		pct = 5 + 75 * (m->pgs_at_start - left) / m->pgs_at_start;
	return task_progress(t, pct, "osd.%ld is out; its data moves to the other OSDs: %s", m->id,
			     why && *why ? why : "not safe to destroy yet");
}

/* The task's last step once the OSD holds no data and is down. */
static int
remove_now(struct task *t, struct removal *m)
{
	const char *mode = json_str(t->params, "mode") ?: "purge";
	cJSON *cmd = ceph_cmd(!strcmp(mode, "purge") ? "osd purge-actual" : "osd destroy-actual");
	char *msg = NULL;
	int rc;

	cJSON_AddNumberToObject(cmd, "id", (double)m->id);
	cJSON_AddBoolToObject(cmd, "yes_i_really_mean_it", 1);
	rc = ceph_run(m->c, cmd, &msg);
	task_defer(t, free, msg);
	view_invalidate(m->c);
	if (rc < 0)
		return task_fail_ceph(t, rc, msg, mode);
	t->result = cJSON_CreateObject();
	cJSON_AddNumberToObject(t->result, "osd", (double)m->id);
	cJSON_AddStringToObject(t->result, "done", !strcmp(mode, "purge") ? "purged" : "destroyed");
	return task_progress(t, 100, "osd.%ld %s", m->id,
			     !strcmp(mode, "purge") ? "purged" : "destroyed");
}

/* One look at the cluster: 1 (not yet) or the outcome. */
static int
step(struct task *t, struct removal *m)
{
	char *msg = NULL, *cmd, *out = NULL;
	const cJSON *o;
	size_t len;
	int rc;

	if (!(o = dump_entry(m->c, m->id, &rc, &msg))) {
		task_defer(t, free, msg);
		return rc < 0 ? task_fail_ceph(t, rc, msg, "reading the OSD map")
			      : task_fail(t, "osd_not_found", "osd.%ld is gone", m->id);
	}
	if (jnum(o, "in") == 1 && (rc = mark(m->c, m->id, 0)) < 0)
		return task_fail_ceph(t, rc, NULL, "marking it out");
	if (!cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(t->params, "force"))) {
		cmd = xasprintf("{\"prefix\":\"osd safe-to-destroy\",\"ids\":[\"%ld\"]}", m->id);
		rc = ceph_command_text(m->c, 1, cmd, &out, &len, &msg);
		free(cmd);
		free(out);
		task_defer(t, free, msg);
		if (rc == -EBUSY || rc == -EAGAIN)
			return (rc = wait_data(t, m, msg)) != 0 ? rc : 1;
		if (rc < 0)
			return task_fail_ceph(t, rc, msg, "asking whether it is safe to destroy");
	}
	if (json_array_has_str(cJSON_GetObjectItemCaseSensitive(o, "state"), "up")) {
		rc = task_progress(t, 85,
				   "osd.%ld holds no data any more: stop its daemon on its host; "
				   "the %s follows",
				   m->id, json_str(t->params, "mode") ?: "purge");
		return rc != 0 ? rc : 1;
	}
	return remove_now(t, m);
}

int
osd_remove_poll(struct task *t)
{
	struct removal *m = t->state;
	int rc;

	if (task_stopping())
		rc = -EINTR; /* put back: the next runner looks at the cluster again */
	else if (!m->c)
		rc = task_fail(t, "cluster_not_found", "no configured cluster has this fsid");
	else if (time(NULL) > m->deadline)
		rc = task_fail(t, "osd_remove_timed_out",
			       "osd.%ld: still not removable after %ld s (data moving or daemon "
			       "running); it stays out",
			       m->id, json_long(t->params, "timeout_s", DEFAULT_S));
	else
		rc = step(t, m);
	if (rc == 1) {
		t->next_ms = now_ms() + POLL_MS;
		return 1;
	}
	if (rc == -ECANCELED && cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(t->target, "was_in")))
		mark(m->c, m->id, 1); /* cancelled: back in as it was */
	free(m);
	t->state = NULL;
	return rc;
}
