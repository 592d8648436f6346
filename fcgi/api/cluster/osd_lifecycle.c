/*
 * osd_lifecycle.c - what an administrator does to an OSD beyond in/out and reweight
 * (osds.c): the safety checks first (`osd ok-to-stop`, `osd safe-to-destroy`: manager
 * commands, their refusal in Ceph's words), then mark it down, mark it lost, destroy it
 * (its id and CRUSH place kept for a replacement) or purge it (gone); its CRUSH weight,
 * primary affinity, device class; and the flags noout, noin, noup, nodown for one OSD
 * or for a host (`osd set-group` / `osd unset-group`). Destroy and purge want the OSD's
 * name as confirm and are refused (409 osd_not_safe, with the check's reason) unless
 * safe-to-destroy says so or force is given; lost wants the name too: the data only it
 * held is given up. Each is one monitor command, answered at once (no task).
 */
#include "api/cluster/cluster.h"
#include "backends/ceph.h"
#include "backends/view.h"
#include "core/resp.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const group_flags[] = {"noout", "noin", "noup", "nodown", NULL};

/* 0 if OSD id exists (fresh osd dump), else 404 or the error answered. */
static int
osd_exists(struct req *r, long id)
{
	const cJSON *dump = view_req_fresh(r, r->cluster, V_OSD_DUMP), *o;

	if (!dump)
		return r->status;
	cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(dump, "osds"))
		if (jnum(o, "osd") == (double)id)
			return 0;
	return resp_error(r, 404, "osd_not_found", NULL, "no OSD osd.%ld", id);
}

/* A manager check on OSD id (prefix "osd ok-to-stop"...): 1 ok, 0 not with *why, or <0. */
static int
check(struct req *r, const char *prefix, long id, const char **why)
{
	char *cmd = xasprintf("{\"prefix\":\"%s\",\"ids\":[\"%ld\"]}", prefix, id);
	char *out = NULL, *msg = NULL;
	size_t len;
	int rc = ceph_command_text(r->cluster, 1, cmd, &out, &len, &msg);

	free(cmd);
	free(out);
	*why = req_own(r, msg);
	if (rc == -EBUSY || rc == -EAGAIN)
		return 0;
	return rc < 0 ? rc : 1;
}

int
osds_safety(struct req *r)
{
	long id = req_param_long(r, "id");
	const char *stop_why, *destroy_why;
	int stop, destroy, rc;
	cJSON *j;

	if ((rc = osd_exists(r, id)) != 0)
		return rc;
	if ((stop = check(r, "osd ok-to-stop", id, &stop_why)) < 0)
		return resp_ceph_error(r, stop, stop_why);
	if ((destroy = check(r, "osd safe-to-destroy", id, &destroy_why)) < 0)
		return resp_ceph_error(r, destroy, destroy_why);
	j = cJSON_CreateObject();
	cJSON_AddNumberToObject(j, "osd", (double)id);
	cJSON_AddBoolToObject(j, "ok_to_stop", stop);
	cJSON_AddStringToObject(j, "ok_to_stop_message", stop_why ?: "");
	cJSON_AddBoolToObject(j, "safe_to_destroy", destroy);
	cJSON_AddStringToObject(j, "safe_to_destroy_message", destroy_why ?: "");
	return resp_json(r, 200, j);
}

const struct field_spec osds_confirm_query[] = {
	{"confirm", J_STRING, 1, "the OSD's name (\"osd.3\"), to confirm"},
	{NULL, 0, 0, NULL},
};

/* 0 if ?confirm names OSD id ("osd.3"), else 422 answered. */
static int
confirmed(struct req *r, long id, const char *what)
{
	const char *confirm = req_query(r, "confirm");
	char name[32];

	snprintf(name, sizeof(name), "osd.%ld", id);
	if (confirm && !strcmp(confirm, name))
		return 0;
	return resp_error(r, 422, "confirmation_required", "confirm",
			  "%s osd.%ld: repeat its name as ?confirm=%s", what, id, name);
}

/* Runs an OSD command that says yes_i_really_mean_it; Ceph's EBUSY is 409 osd_busy. */
static int
run_sure(struct req *r, const char *prefix, long id, int status)
{
	cJSON *cmd = ceph_cmd(prefix);
	const char *msg;
	int rc;

	cJSON_AddNumberToObject(cmd, "id", (double)id);
	cJSON_AddBoolToObject(cmd, "yes_i_really_mean_it", 1);
	rc = ceph_req_run(r, 0, cmd, &msg);
	view_invalidate(r->cluster);
	if (rc == -EBUSY)
		return resp_error(r, 409, "osd_busy", NULL, "%s", msg ? msg : "the OSD is busy");
	if (rc < 0)
		return resp_ceph_error(r, rc, msg);
	return resp_empty(r, status);
}

int
osds_down(struct req *r)
{
	long id = req_param_long(r, "id");
	char ids[24];
	const char *msg;
	cJSON *cmd;
	int rc;

	if ((rc = osd_exists(r, id)) != 0)
		return rc;
	snprintf(ids, sizeof(ids), "%ld", id);
	cmd = ceph_cmd("osd down");
	cJSON_AddItemToArray(cJSON_AddArrayToObject(cmd, "ids"), cJSON_CreateString(ids));
	rc = ceph_req_run(r, 0, cmd, &msg);
	view_invalidate(r->cluster);
	return rc < 0 ? resp_ceph_error(r, rc, msg) : resp_empty(r, 204);
}

int
osds_lost(struct req *r)
{
	long id = req_param_long(r, "id");
	int rc;

	if ((rc = osd_exists(r, id)) != 0 || (rc = confirmed(r, id, "mark lost")) != 0)
		return rc;
	return run_sure(r, "osd lost", id, 204);
}

const struct field_spec osds_remove_query[] = {
	{"confirm", J_STRING, 1, "the OSD's name (\"osd.3\"), to confirm"},
	{"mode", J_STRING, 0,
	 "purge (default: gone from the maps) or destroy (the id stays for a replacement)"},
	{"force", J_BOOL, 0, "true even when Ceph does not call it safe to destroy"},
	{NULL, 0, 0, NULL},
};

int
osds_remove(struct req *r)
{
	long id = req_param_long(r, "id");
	const char *mode = req_query(r, "mode") ?: "purge", *force = req_query(r, "force"), *why;
	int rc, safe;

	if (strcmp(mode, "purge") && strcmp(mode, "destroy"))
		return resp_error(r, 400, "invalid_parameter", "mode", "mode is purge or destroy");
	if ((rc = osd_exists(r, id)) != 0 || (rc = confirmed(r, id, mode)) != 0)
		return rc;
	if (!force || strcmp(force, "true")) {
		if ((safe = check(r, "osd safe-to-destroy", id, &why)) < 0)
			return resp_ceph_error(r, safe, why);
		if (!safe)
			return resp_error(
				r, 409, "osd_not_safe", NULL,
				"osd.%ld is not safe to %s: %s (&force=true to do it anyway)", id,
				mode, why && *why ? why : "Ceph says so");
	}
	/* `osd purge` and `osd destroy` are the manager's checks around these. */
	return run_sure(r, !strcmp(mode, "purge") ? "osd purge-actual" : "osd destroy-actual", id,
			204);
}

/* Sets and unsets group flags so that who has exactly want: 0 or a negative errno. */
static int
apply_group_flags(struct req *r, const char *who, const cJSON *have, const cJSON *want,
		  const char **msg)
{
	struct buf on, off;
	cJSON *cmd;
	int rc = 0;

	buf_init(&on);
	buf_init(&off);
	for (int i = 0; group_flags[i]; i++) {
		int w = json_array_has_str(want, group_flags[i]);

		if (w != json_array_has_str(have, group_flags[i]))
			buf_printf(w ? &on : &off, "%s%s", (w ? on.len : off.len) ? "," : "",
				   group_flags[i]);
	}
	for (int pass = 0; pass < 2 && rc == 0; pass++) {
		struct buf *b = pass ? &off : &on;

		if (!b->len)
			continue;
		cmd = ceph_cmd(pass ? "osd unset-group" : "osd set-group");
		cJSON_AddStringToObject(cmd, "flags", b->data);
		cJSON_AddItemToArray(cJSON_AddArrayToObject(cmd, "who"), cJSON_CreateString(who));
		rc = ceph_req_run(r, 0, cmd, msg);
	}
	buf_free(&on);
	buf_free(&off);
	return rc;
}

/* 0 if flags is an array of group flags, else 422 on field answered. */
static int
check_group_flags(struct req *r, const cJSON *flags, const char *field)
{
	const cJSON *f;

	cJSON_ArrayForEach(f, flags)
		if (!cJSON_IsString(f) || !str_in(f->valuestring, group_flags))
			return resp_error(r, 422, "invalid_value", field,
					  "flags are noout, noin, noup and nodown");
	return 0;
}

/* The group flags an OSD's state lists (new array). */
cJSON *
osd_group_flags(const cJSON *state)
{
	cJSON *a = cJSON_CreateArray();

	for (int i = 0; group_flags[i]; i++)
		if (json_array_has_str(state, group_flags[i]))
			cJSON_AddItemToArray(a, cJSON_CreateString(group_flags[i]));
	return a;
}

/* The state array of OSD id in a fresh dump (or NULL). */
static const cJSON *
osd_state(struct req *r, long id)
{
	const cJSON *dump = view_req_fresh(r, r->cluster, V_OSD_DUMP), *o;

	if (!dump)
		return NULL;
	cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(dump, "osds"))
		if (jnum(o, "osd") == (double)id)
			return cJSON_GetObjectItemCaseSensitive(o, "state");
	return NULL;
}

int
osds_set_flags(struct req *r, long id, const cJSON *flags)
{
	char who[32];
	const char *msg = NULL;
	int rc;

	if ((rc = check_group_flags(r, flags, "flags")) != 0)
		return rc;
	snprintf(who, sizeof(who), "osd.%ld", id);
	rc = apply_group_flags(r, who, osd_state(r, id), flags, &msg);
	return rc < 0 ? resp_ceph_error(r, rc, msg) : 0;
}

const struct field_spec hosts_flags_body[] = {
	{"flags", J_ARRAY, 1,
	 "the whole wanted set for the host's OSDs: noout, noin, noup, nodown"},
	{NULL, 0, 0, NULL},
};

/* {host, flags} of host from osd dump's crush_node_flags (new). */
static cJSON *
host_flags_item(const cJSON *dump, const char *host)
{
	const cJSON *have = cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(dump, "crush_node_flags"), host);
	cJSON *j = cJSON_CreateObject();

	cJSON_AddStringToObject(j, "host", host);
	cJSON_AddItemToObject(j, "flags", osd_group_flags(have));
	return j;
}

/* 0 if host is a CRUSH host bucket, else 404 or the error answered. */
static int
host_exists(struct req *r, const char *host)
{
	const cJSON *tree = view_req(r, r->cluster, V_OSD_TREE), *n;

	if (!tree)
		return r->status;
	cJSON_ArrayForEach(n, cJSON_GetObjectItemCaseSensitive(tree, "nodes"))
		if (!strcmp(json_str(n, "type") ?: "", "host") &&
		    !strcmp(json_str(n, "name") ?: "", host))
			return 0;
	return resp_error(r, 404, "host_not_found", NULL, "no CRUSH host '%s'", host);
}

int
hosts_flags_get(struct req *r)
{
	const char *host = req_param(r, "host");
	const cJSON *dump;
	int rc;

	if ((rc = host_exists(r, host)) != 0)
		return rc;
	if (!(dump = view_req(r, r->cluster, V_OSD_DUMP)))
		return r->status;
	return resp_json(r, 200, host_flags_item(dump, host));
}

int
hosts_flags_put(struct req *r)
{
	const char *host = req_param(r, "host"), *msg = NULL;
	const cJSON *flags = cJSON_GetObjectItemCaseSensitive(r->body, "flags"), *dump;
	int rc;

	if ((rc = host_exists(r, host)) != 0 || (rc = check_group_flags(r, flags, "flags")) != 0)
		return rc;
	if (!(dump = view_req_fresh(r, r->cluster, V_OSD_DUMP)))
		return r->status;
	rc = apply_group_flags(
		r, host,
		cJSON_GetObjectItemCaseSensitive(
			cJSON_GetObjectItemCaseSensitive(dump, "crush_node_flags"), host),
		flags, &msg);
	view_invalidate(r->cluster);
	if (rc < 0)
		return resp_ceph_error(r, rc, msg);
	if (!(dump = view_req_fresh(r, r->cluster, V_OSD_DUMP)))
		return r->status;
	return resp_json(r, 200, host_flags_item(dump, host));
}
