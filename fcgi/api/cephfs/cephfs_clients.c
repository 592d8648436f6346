/*
 * cephfs_clients.c - the clients of a file system: rank 0's sessions (`session ls`,
 * an MDS command through libcephfs, bounded in time: backends/cephfs_mds.h), and
 * evicting one (`client evict`, which also blocklists it: it loses its mount). An
 * eviction waits for the monitors (the blocklist) and the MDS journal, a few seconds on
 * a busy cluster (over 4 s measured in CI), so it may take EVICT_TIMEOUT_MS; one still
 * unanswered then counts as done when the session is gone. The
 * sessions of openATTIC itself and of the managers (their volumes module) are listed
 * too, marked internal, and do not count as a file system's users when it is to be
 * deleted.
 */
#include "api/cephfs/cephfs.h"
#include "backends/ceph.h"
#include "backends/cephfs_mds.h"
#include "core/list.h"
#include "core/resp.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EVICT_TIMEOUT_MS 12000

/*
 * Rank 0's sessions of fs (`session ls`): 0 with *sessions (owned by r), or the
 * error answered (503 mds_unavailable when the MDS does not answer in time).
 */
static int
sessions(struct req *r, const char *fs, cJSON **sessions)
{
	char *out = NULL, *msg = NULL;
	size_t len = 0;
	int rc;

	rc = cephfs_mds_command(r->cluster, fs, "{\"prefix\":\"session ls\",\"format\":\"json\"}",
				CEPHFS_MDS_TIMEOUT_MS, &out, &len, &msg);
	req_own(r, out);
	req_own(r, msg);
	if (rc < 0)
		return cephfs_resp_mds_error(r, fs, rc, msg);
	if (!(*sessions = req_own_json(r, cJSON_ParseWithLength(out, len))) ||
	    !cJSON_IsArray(*sessions))
		return resp_internal(r, "file system '%s': session ls answered no list", fs);
	return 0;
}

/* The names of the cluster's managers (their volumes module mounts file systems), owned by r. */
static cJSON *
mgr_names(struct req *r)
{
	cJSON *cmd = ceph_cmd("mgr dump"), *out = NULL, *names = cJSON_CreateArray();
	const cJSON *s;

	req_own_json(r, names);
	if (ceph_mon(r->cluster, cmd, &out, NULL) == 0) {
		if (json_str(out, "active_name"))
			cJSON_AddItemToArray(names,
					     cJSON_CreateString(json_str(out, "active_name")));
		cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(out, "standbys"))
			if (json_str(s, "name"))
				cJSON_AddItemToArray(names,
						     cJSON_CreateString(json_str(s, "name")));
	}
	cJSON_Delete(cmd);
	cJSON_Delete(out);
	return names;
}

/* Whether session s is openATTIC's own (its client name) or a manager's (mgrs). */
static int
internal(struct req *r, const cJSON *s, const cJSON *mgrs)
{
	const char *me = strchr(r->cluster->conf->client, '.'),
		   *who = json_str(json_at(s, "client_metadata"), "entity_id") ?: "";

	return !strcmp(who, me ? me + 1 : r->cluster->conf->client) ||
	       json_array_has_str(mgrs, who);
}

int
cephfs_count_clients(struct req *r, const char *fs, int *n)
{
	const cJSON *s, *mgrs;
	cJSON *all;
	int rc;

	*n = 0;
	if ((rc = sessions(r, fs, &all)) != 0)
		return rc;
	mgrs = mgr_names(r);
	cJSON_ArrayForEach(s, all)
		*n += !internal(r, s, mgrs);
	return 0;
}

/* "16.2.15" of "ceph version 16.2.15 (...) pacific (stable)"; a kernel's version as is. */
static cJSON *
client_version(const cJSON *meta)
{
	const char *v = json_str(meta, "ceph_version"), *k = json_str(meta, "kernel_version");
	char buf[64];

	if (v && !strncmp(v, "ceph version ", 13) && sscanf(v + 13, "%63s", buf) == 1)
		return cJSON_CreateString(buf);
	if (v || k)
		return cJSON_CreateString(v ? v : k);
	return cJSON_CreateNull();
}

static cJSON *
str_or_null(const char *s)
{
	return s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

/* The API's client (new) of a session; internal: openATTIC's or a manager's own. */
static cJSON *
client_item(const cJSON *s, int is_internal)
{
	const cJSON *meta = json_at(s, "client_metadata");
	const char *inst = json_str(s, "inst"), *sp = inst ? strchr(inst, ' ') : NULL,
		   *who = json_str(meta, "entity_id");
	cJSON *j = cJSON_CreateObject();

	cJSON_AddNumberToObject(j, "id", jnum(s, "id"));
	cJSON_AddItemToObject(j, "host", str_or_null(json_str(meta, "hostname")));
	cJSON_AddItemToObject(j, "mount_root", str_or_null(json_str(meta, "root")));
	cJSON_AddItemToObject(j, "version", client_version(meta));
	if (who) {
		char *e = xasprintf("client.%s", who);
		cJSON_AddStringToObject(j, "entity", e);
		free(e);
	} else
		cJSON_AddNullToObject(j, "entity");
	cJSON_AddNumberToObject(j, "caps", jnum(s, "num_caps"));
	cJSON_AddItemToObject(j, "state", str_or_null(json_str(s, "state")));
	cJSON_AddItemToObject(j, "address", str_or_null(sp ? sp + 1 : NULL));
	cJSON_AddBoolToObject(j, "internal", is_internal);
	return j;
}

static const struct sort_field cephfs_clients_list_sorts[] = {
	{"id", "id"},
	{"host", "host"},
	{"entity", "entity"},
	{"mount_root", "mount_root"},
	{"caps", "caps"},
	{"state", "state"},
	{"internal", "internal"},
	{NULL, NULL},
};
static const char *const cephfs_clients_list_search[] = {"host", "entity", "mount_root", "address",
							 NULL};
const struct list_spec cephfs_clients_list_spec = {cephfs_clients_list_sorts, "id",
						   cephfs_clients_list_search};

int
cephfs_clients_list(struct req *r)
{
	const char *fs = req_param(r, "fs");
	struct list_params lp;
	const cJSON *s, *mgrs;
	cJSON *all, *items;
	int rc;

	if ((rc = list_parse(r, &lp)) != 0 || (rc = cephfs_check_active(r, fs)) != 0 ||
	    (rc = sessions(r, fs, &all)) != 0)
		return rc;
	mgrs = mgr_names(r);
	items = cJSON_CreateArray();
	cJSON_ArrayForEach(s, all)
		cJSON_AddItemToArray(items, client_item(s, internal(r, s, mgrs)));
	return list_array(r, items, &lp);
}

/* Whether fs has a session with id (*present): 0, or the error answered. */
static int
has_session(struct req *r, const char *fs, long id, int *present)
{
	const cJSON *s;
	cJSON *all;
	int rc;

	*present = 0;
	if ((rc = sessions(r, fs, &all)) != 0)
		return rc;
	cJSON_ArrayForEach(s, all)
		*present |= jnum(s, "id") == (double)id;
	return 0;
}

int
cephfs_clients_evict(struct req *r)
{
	const char *fs = req_param(r, "fs");
	long id = req_param_long(r, "id");
	char *cmd, *out = NULL, *msg = NULL;
	size_t len;
	int rc, present;

	if ((rc = cephfs_check_active(r, fs)) != 0 || (rc = has_session(r, fs, id, &present)) != 0)
		return rc;
	if (!present)
		return resp_error(r, 404, "client_not_found", NULL,
				  "file system '%s' has no client %ld", fs, id);
	cmd = req_own(r, xasprintf("{\"prefix\":\"client evict\",\"filters\":[\"id=%ld\"]}", id));
	rc = cephfs_mds_command(r->cluster, fs, cmd, EVICT_TIMEOUT_MS, &out, &len, &msg);
	req_own(r, out);
	req_own(r, msg);
	if (rc == -ETIMEDOUT) { /* done if the session is gone, only its answer late */
		int status = has_session(r, fs, id, &present);

		if (status != 0)
			return status;
		if (!present)
			rc = 0;
	}
	if (rc < 0)
		return cephfs_resp_mds_error(r, fs, rc, msg);
	return resp_empty(r, 204);
}
