/*
 * nodes.c - /api/nodes: the Salt minions (the storage and gateway nodes) as the master
 * knows them: key state and fingerprint, reachability and the grains it cached, and
 * for one node the Ceph daemons it runs, matched by host name against the OSD metadata
 * and the monitor map of each configured cluster. POST /api/nodes/ping checks
 * reachability as a Salt job task.
 *
 * Reachability is manage.status, which pings every minion: no request waits for it.
 * Both reads answer the node list the workers last fetched in the background
 * (salt_nodes), with when (as_of), its age (age_s, and the Age header) and the latest
 * refresh's failure (refresh_error) if one failed since; a read that finds the list
 * older than [salt] nodes_refresh_s asks for a new one, which the next free worker
 * fetches after answering. A frozen salt-api leaves the list as it was, and says so.
 */
#include "api/nodes/nodes.h"
#include "backends/ceph.h"
#include "backends/salt.h"
#include "backends/view.h"
#include "core/list.h"
#include "core/resp.h"
#include "server/salt_jobs.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Adds as_of, age_s and refresh_error of f to the object j, and the Age header to r. */
static void
add_freshness(struct req *r, cJSON *j, const struct salt_fresh *f)
{
	char at[32];
	cJSON *e;

	rfc3339(f->as_of, at, sizeof(at));
	cJSON_AddStringToObject(j, "as_of", at);
	cJSON_AddNumberToObject(j, "age_s", (double)(long)f->age_s);
	resp_header(r, "Age: %ld", (long)f->age_s);
	if (!f->refresh_rc) {
		cJSON_AddNullToObject(j, "refresh_error");
		return;
	}
	e = cJSON_AddObjectToObject(j, "refresh_error");
	cJSON_AddStringToObject(e, "code", salt_error_code(f->refresh_rc));
	cJSON_AddStringToObject(e, "message", salt_error_text(f->refresh_rc));
	rfc3339(f->refresh_at, at, sizeof(at));
	cJSON_AddStringToObject(e, "at", at);
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

/* Every minion with a key (new array). */
static cJSON *
all_nodes(const cJSON *keys, const cJSON *status, const cJSON *grains)
{
	const char *groups[] = {"minions", "minions_pre", "minions_rejected", "minions_denied"};
	const cJSON *m;
	cJSON *items = cJSON_CreateArray();

	for (size_t g = 0; g < ARRAY_LEN(groups); g++)
		cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(keys, groups[g]))
			cJSON_AddItemToArray(items, node_item(m->string,
							      cJSON_GetObjectItemCaseSensitive(
								      grains, m->string),
							      keys, status));
	return items;
}

static const struct sort_field nodes_list_sorts[] = {
	{"id", "id"},
	{"hostname", "hostname"},
	{"key_state", "key_state"},
	{"reachable", "reachable"},
	{"os", "os"},
	{NULL, NULL},
};
static const char *const nodes_list_search[] = {"id", "hostname", "fqdn", "os", NULL};
const struct list_spec nodes_list_spec = {nodes_list_sorts, "id", nodes_list_search};

int
nodes_list(struct req *r)
{
	const cJSON *keys, *status, *grains;
	struct list_params lp;
	struct salt_fresh f;
	cJSON *j;
	int rc;

	if ((rc = list_parse(r, &lp)) != 0 ||
	    (rc = salt_req_nodes(r, &keys, &status, &grains, &f)) != 0)
		return rc;
	if (list_array(r, all_nodes(keys, status, grains), &lp) != 200)
		return r->status;
	/* The envelope list_array rendered, with the list's freshness beside it. */
	if (!(j = cJSON_ParseWithLength(r->out, r->out_len)))
		return resp_error(r, 500, "internal", NULL, "cannot extend the node list");
	add_freshness(r, j, &f);
	return resp_json(r, 200, j);
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
	struct salt_fresh f;
	cJSON *item;
	int rc;

	if (strspn(mid, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") !=
	    strlen(mid))
		return resp_error(r, 404, "node_not_found", NULL, "no node '%s'", mid);
	if ((rc = salt_req_nodes(r, &keys, &status, &grains, &f)) != 0)
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
	add_freshness(r, item, &f);
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
	/* Whoever pings wants to see who answers: the next read refreshes the node list. */
	salt_nodes_invalidate();
	return salt_job_queue(r, tgt, "glob", "test.ping", NULL, timeout, cJSON_CreateObject());
}
