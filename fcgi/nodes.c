/*
 * nodes.c - /api/nodes: the Salt minions (the storage and gateway nodes), from
 * salt-api: key state (GET /keys), grains (GET /minions; a minion that does not answer
 * is listed as unreachable), and for one node the Ceph daemons it runs, matched by
 * host name against the OSD metadata and the monitor map of each configured cluster.
 * POST /api/nodes/ping checks reachability as a Salt job task.
 */
#include "api.h"
#include "ceph.h"
#include "list.h"
#include "resp.h"
#include "salt.h"
#include "view.h"

#include <stdlib.h>
#include <string.h>

/* GET path's "return" member (new, detached), or NULL with the error answered. */
static cJSON *
salt_get(struct req *r, const char *path)
{
	cJSON *out = NULL, *ret;
	char err[512];
	int rc = salt_call("GET", path, NULL, &out, err, sizeof(err));

	if (rc < 0) {
		resp_salt_error(r, rc, err);
		return NULL;
	}
	ret = cJSON_DetachItemFromObjectCaseSensitive(out, "return");
	cJSON_Delete(out);
	if (!ret)
		resp_error(r, 503, "salt_error", NULL, "salt-api answered %s without 'return'", path);
	return ret;
}

static const char *
key_state(const cJSON *keys, const char *mid)
{
	static const char *states[][2] = {{"minions", "accepted"},
					  {"minions_pre", "pending"},
					  {"minions_rejected", "rejected"},
					  {"minions_denied", "denied"}};
	const cJSON *v;

	for (size_t i = 0; i < ARRAY_LEN(states); i++)
		cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(keys, states[i][0])) if (
			cJSON_IsString(v) && !strcmp(v->valuestring, mid)) return states[i][1];
	return "unknown";
}

static cJSON *
addresses(const cJSON *grains)
{
	cJSON *a = cJSON_CreateArray();
	const cJSON *v;

	cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(grains, "ipv4"))
		if (cJSON_IsString(v) && strcmp(v->valuestring, "127.0.0.1"))
			cJSON_AddItemToArray(a, cJSON_CreateString(v->valuestring));
	return a;
}

/* The summary of one minion; grains may be NULL (unreachable). */
static cJSON *
node_item(const char *mid, const cJSON *grains, const cJSON *keys)
{
	cJSON *j = cJSON_CreateObject();
	const cJSON *roles = cJSON_GetObjectItemCaseSensitive(grains, "roles");

	cJSON_AddStringToObject(j, "id", mid);
	cJSON_AddStringToObject(j, "key_state", key_state(keys, mid));
	cJSON_AddBoolToObject(j, "reachable", cJSON_IsObject(grains));
	cJSON_AddStringToObject(j, "hostname", json_str(grains, "host") ?: mid);
	if (json_str(grains, "fqdn"))
		cJSON_AddStringToObject(j, "fqdn", json_str(grains, "fqdn"));
	else
		cJSON_AddNullToObject(j, "fqdn");
	cJSON_AddItemToObject(j, "addresses", addresses(grains));
	if (json_str(grains, "os"))
		cJSON_AddStringToObject(j, "os", json_str(grains, "os"));
	else
		cJSON_AddNullToObject(j, "os");
	cJSON_AddItemToObject(j, "roles", cJSON_IsArray(roles) ? cJSON_Duplicate(roles, 1)
							 : cJSON_CreateArray());
	return j;
}

/* Every minion with a key, with grains where it answered (new array) or NULL. */
static cJSON *
all_nodes(struct req *r)
{
	cJSON *keys, *minions, *items;
	const cJSON *grains, *m;
	const char *groups[] = {"minions", "minions_pre", "minions_rejected", "minions_denied"};

	if (!(keys = salt_get(r, "/keys")))
		return NULL;
	if (!(minions = salt_get(r, "/minions"))) {
		cJSON_Delete(keys);
		return NULL;
	}
	grains = cJSON_GetArrayItem(minions, 0);
	items = cJSON_CreateArray();
	for (size_t g = 0; g < ARRAY_LEN(groups); g++)
		cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(keys, groups[g])) if (cJSON_IsString(m))
			cJSON_AddItemToArray(items, node_item(m->valuestring,
						cJSON_GetObjectItemCaseSensitive(grains, m->valuestring),
						keys));
	cJSON_Delete(keys);
	cJSON_Delete(minions);
	return items;
}

int
nodes_list(struct req *r)
{
	static const struct sort_field sorts[] = {
		{"id", "id"}, {"hostname", "hostname"}, {"key_state", "key_state"},
		{"reachable", "reachable"}, {"os", "os"}, {NULL, NULL},
	};
	static const char *search[] = {"id", "hostname", "fqdn", "os", NULL};
	struct list_params lp;
	cJSON *items;
	int rc;

	if ((rc = list_parse(r, sorts, "id", &lp)) != 0)
		return rc;
	if (!(items = all_nodes(r)))
		return r->status;
	return list_array(r, items, &lp, search);
}

/* The Ceph daemons on host, from each cluster's OSD metadata and monitor map. */
static cJSON *
ceph_daemons(const char *host)
{
	cJSON *out = cJSON_CreateArray();

	for (int i = 0; i < ceph_count(); i++) {
		struct ceph *c = ceph_at(i);
		const cJSON *md, *mons, *e;
		char *msg = NULL, name[64];
		if (view_get(c, V_OSD_METADATA, c->conf->view_max_age_ms, &md, &msg) == 0)
			cJSON_ArrayForEach(e, md) if (!strcmp(json_str(e, "hostname") ?: "", host))
			{
				snprintf(name, sizeof(name), "osd.%.0f", jnum(e, "id"));
				cJSON *d = cJSON_CreateObject();
				cJSON_AddStringToObject(d, "daemon", name);
				cJSON_AddStringToObject(d, "fsid", c->fsid);
				cJSON_AddItemToArray(out, d);
			}
		free(msg);
		msg = NULL;
		if (view_get(c, V_MON_DUMP, c->conf->view_max_age_ms, &mons, &msg) == 0)
			cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(mons, "mons")) if (
				!strcmp(json_str(e, "name") ?: "", host))
			{
				snprintf(name, sizeof(name), "mon.%s", host);
				cJSON *d = cJSON_CreateObject();
				cJSON_AddStringToObject(d, "daemon", name);
				cJSON_AddStringToObject(d, "fsid", c->fsid);
				cJSON_AddItemToArray(out, d);
			}
		free(msg);
	}
	return out;
}

int
nodes_get(struct req *r)
{
	static const char *detail[] = {"osrelease", "kernelrelease", "cpu_model", "num_cpus",
				       "mem_total", "disks", NULL};
	const char *mid = req_param(r, "id");
	cJSON *keys, *minion, *item;
	const cJSON *grains;
	char *path;

	if (strspn(mid, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") !=
	    strlen(mid))
		return resp_error(r, 404, "node_not_found", NULL, "no node '%s'", mid);
	if (!(keys = salt_get(r, "/keys")))
		return r->status;
	req_defer(r, (void (*)(void *))cJSON_Delete, keys);
	if (!strcmp(key_state(keys, mid), "unknown"))
		return resp_error(r, 404, "node_not_found", NULL, "no minion key for '%s'", mid);
	path = req_own(r, xasprintf("/minions/%s", mid));
	if (!(minion = salt_get(r, path)))
		return r->status;
	req_defer(r, (void (*)(void *))cJSON_Delete, minion);
	grains = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(minion, 0), mid);
	item = node_item(mid, cJSON_IsObject(grains) ? grains : NULL, keys);
	for (const char **k = detail; *k; k++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(grains, *k);
		cJSON_AddItemToObject(item, *k, v ? cJSON_Duplicate(v, 1) : cJSON_CreateNull());
	}
	cJSON_AddItemToObject(item, "ceph_daemons",
			      ceph_daemons(json_str(grains, "host") ?: mid));
	return resp_json(r, 200, item);
}

const struct field_spec nodes_ping_body[] = {
	{"target", J_STRING, 0, "a minion id or glob (default: every node)"},
	{"timeout_s", J_INT, 0, "how long to wait for answers (default 30)"},
	{NULL, 0, 0, NULL},
};

int
nodes_ping(struct req *r)
{
	const char *tgt = json_str(r->body, "target") ?: "*";
	long timeout = json_long(r->body, "timeout_s", 30);

	if (!*tgt || strlen(tgt) > 200 ||
	    strspn(tgt, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-*?[]") !=
		    strlen(tgt))
		return resp_error(r, 422, "invalid_value", "target",
				  "target is a minion id or a glob of one");
	if (timeout < 1 || timeout > 3600)
		return resp_error(r, 422, "invalid_value", "timeout_s", "timeout_s must be 1 to 3600");
	if (!salt_configured())
		return resp_error(r, 503, "salt_unconfigured", NULL, "no Salt master is configured");
	return salt_job_queue(r, tgt, "glob", "test.ping", NULL, timeout, cJSON_CreateObject());
}
