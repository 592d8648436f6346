/*
 * nodes.c - /api/nodes: the Salt minions (the storage and gateway nodes), from the
 * master through salt-api in one lowstate call: key state and fingerprint (wheel
 * key.finger), reachability (runner manage.status) and the grains the master cached
 * (runner cache.grains), and for one node the Ceph daemons it runs, matched by host
 * name against the OSD metadata and the monitor map of each configured cluster.
 * POST /api/nodes/ping checks reachability as a Salt job task.
 */
#include "api/nodes/nodes.h"
#include "backends/ceph.h"
#include "backends/salt.h"
#include "backends/view.h"
#include "core/list.h"
#include "core/resp.h"
#include "server/salt_jobs.h"

#include <stdlib.h>
#include <string.h>

/*
 * A runner chunk of fun on tgt (a list of minion ids, or "*") with the kwargs
 * manage.status and cache.grains take; timeout_s > 0 bounds the minions' answers.
 */
static cJSON *
runner_chunk(const char *fun, const char *tgt, long timeout_s)
{
	cJSON *c = cJSON_CreateObject(), *kw;

	cJSON_AddStringToObject(c, "client", "runner");
	cJSON_AddStringToObject(c, "fun", fun);
	kw = cJSON_AddObjectToObject(c, "kwarg");
	cJSON_AddStringToObject(kw, "tgt", tgt);
	cJSON_AddStringToObject(kw, "tgt_type", strcmp(tgt, "*") ? "list" : "glob");
	if (timeout_s > 0)
		cJSON_AddNumberToObject(kw, "timeout", (double)timeout_s);
	return c;
}

/*
 * What the master knows of the nodes tgt ("*" or one id), in one POST / of three
 * chunks: the keys (wheel key.finger, which gives each key's state and fingerprint),
 * who answers a ping (runner manage.status: {"up", "down"}, waiting at most half the
 * salt-api timeout, so one node that is down cannot make the call time out) and the
 * grains the master cached (runner cache.grains: a node that is down keeps its last
 * known host name and addresses). 0 with the three answers (owned by r), or the
 * status answered.
 */
static int
ask_master(struct req *r, const char *tgt, const cJSON **keys, const cJSON **status,
	   const cJSON **grains)
{
	cJSON *low = cJSON_CreateArray(), *wheel = cJSON_CreateObject(), *ret;
	long wait = oa_config->salt_timeout_s / 2;
	char err[512];
	int rc;

	cJSON_AddStringToObject(wheel, "client", "wheel");
	cJSON_AddStringToObject(wheel, "fun", "key.finger");
	cJSON_AddStringToObject(wheel, "match", tgt);
	cJSON_AddItemToArray(low, wheel);
	cJSON_AddItemToArray(low, runner_chunk("manage.status", tgt, wait < 1 ? 1 : wait));
	cJSON_AddItemToArray(low, runner_chunk("cache.grains", tgt, 0));
	rc = salt_lowstate(low, &ret, err, sizeof(err));
	cJSON_Delete(low);
	if (rc < 0)
		return resp_salt_error(r, rc, err);
	req_own_json(r, ret);
	*status = cJSON_GetArrayItem(ret, 1);
	*grains = cJSON_GetArrayItem(ret, 2);
	if (!(*keys = salt_wheel_return(cJSON_GetArrayItem(ret, 0), err, sizeof(err))))
		return resp_error(r, 503, "salt_error", NULL, "%s", err);
	if (!cJSON_IsObject(*status) || !cJSON_IsObject(*grains))
		return resp_error(r, 503, "salt_error", NULL,
				  "salt-api answered manage.status or cache.grains with %s",
				  cJSON_IsString(*status)   ? (*status)->valuestring
				  : cJSON_IsString(*grains) ? (*grains)->valuestring
							    : "another shape");
	return 0;
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
		if ((v = cJSON_GetObjectItemCaseSensitive(
			     cJSON_GetObjectItemCaseSensitive(keys, states[i][0]), mid)))
			return states[i][1];
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

/* Whether mid is in manage.status's "up" list. */
static int
is_up(const cJSON *status, const char *mid)
{
	const cJSON *v;

	cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(status, "up"))
		if (cJSON_IsString(v) && !strcmp(v->valuestring, mid))
			return 1;
	return 0;
}

/* The summary of one minion; grains may be NULL (none cached). */
static cJSON *
node_item(const char *mid, const cJSON *grains, const cJSON *keys, const cJSON *status)
{
	cJSON *j = cJSON_CreateObject();
	const cJSON *roles = cJSON_GetObjectItemCaseSensitive(grains, "roles");

	cJSON_AddStringToObject(j, "id", mid);
	cJSON_AddStringToObject(j, "key_state", key_state(keys, mid));
	cJSON_AddBoolToObject(j, "reachable", is_up(status, mid));
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
	cJSON_AddItemToObject(
		j, "roles", cJSON_IsArray(roles) ? cJSON_Duplicate(roles, 1) : cJSON_CreateArray());
	return j;
}

/* Every minion with a key (new array), or NULL with the error answered. */
static cJSON *
all_nodes(struct req *r)
{
	const char *groups[] = {"minions", "minions_pre", "minions_rejected", "minions_denied"};
	const cJSON *keys, *status, *grains, *m;
	cJSON *items;

	if (ask_master(r, "*", &keys, &status, &grains) != 0)
		return NULL;
	items = cJSON_CreateArray();
	for (size_t g = 0; g < ARRAY_LEN(groups); g++)
		cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(keys, groups[g]))
			cJSON_AddItemToArray(items, node_item(m->string,
							      cJSON_GetObjectItemCaseSensitive(
								      grains, m->string),
							      keys, status));
	return items;
}

int
nodes_list(struct req *r)
{
	static const struct sort_field sorts[] = {
		{"id", "id"},
		{"hostname", "hostname"},
		{"key_state", "key_state"},
		{"reachable", "reachable"},
		{"os", "os"},
		{NULL, NULL},
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
		char name[64];

		if ((md = view_try(c, V_OSD_METADATA, NULL, 0)))
			cJSON_ArrayForEach(e, md)
				if (!strcmp(json_str(e, "hostname") ?: "", host)) {
					snprintf(name, sizeof(name), "osd.%.0f", jnum(e, "id"));
					cJSON *d = cJSON_CreateObject();
					cJSON_AddStringToObject(d, "daemon", name);
					cJSON_AddStringToObject(d, "fsid", c->fsid);
					cJSON_AddItemToArray(out, d);
				}
		if ((mons = view_try(c, V_MON_DUMP, NULL, 0)))
			cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(mons, "mons"))
				if (!strcmp(json_str(e, "name") ?: "", host)) {
					snprintf(name, sizeof(name), "mon.%s", host);
					cJSON *d = cJSON_CreateObject();
					cJSON_AddStringToObject(d, "daemon", name);
					cJSON_AddStringToObject(d, "fsid", c->fsid);
					cJSON_AddItemToArray(out, d);
				}
	}
	return out;
}

/* The fingerprint of mid's key, whatever its state. */
static const char *
key_fingerprint(const cJSON *keys, const char *mid)
{
	const cJSON *group;

	cJSON_ArrayForEach(group, keys)
		if (json_str(group, mid))
			return json_str(group, mid);
	return NULL;
}

int
nodes_get(struct req *r)
{
	static const char *detail[] = {"osrelease", "kernelrelease", "cpu_model", "num_cpus",
				       "mem_total", "disks",         NULL};
	const char *mid = req_param(r, "id");
	const cJSON *keys, *status, *grains;
	cJSON *item;
	int rc;

	if (strspn(mid, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") !=
	    strlen(mid))
		return resp_error(r, 404, "node_not_found", NULL, "no node '%s'", mid);
	if ((rc = ask_master(r, mid, &keys, &status, &grains)) != 0)
		return rc;
	if (!strcmp(key_state(keys, mid), "unknown"))
		return resp_error(r, 404, "node_not_found", NULL, "no minion key for '%s'", mid);
	grains = cJSON_GetObjectItemCaseSensitive(grains, mid);
	item = node_item(mid, cJSON_IsObject(grains) ? grains : NULL, keys, status);
	cJSON_AddStringToObject(item, "key_fingerprint", key_fingerprint(keys, mid));
	for (const char **k = detail; *k; k++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(grains, *k);
		cJSON_AddItemToObject(item, *k, v ? cJSON_Duplicate(v, 1) : cJSON_CreateNull());
	}
	cJSON_AddItemToObject(item, "ceph_daemons", ceph_daemons(json_str(grains, "host") ?: mid));
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
		return resp_error(r, 422, "invalid_value", "timeout_s",
				  "timeout_s must be 1 to 3600");
	return salt_job_queue(r, tgt, "glob", "test.ping", NULL, timeout, cJSON_CreateObject());
}
