/*
 * monitors.c - GET /api/clusters/{fsid}/monitors: the monitors of the monitor map
 * (`mon dump`) with their place in the quorum (`quorum_status`), both from the shared
 * view. The address shown is the v1 one when there is one (what old clients and most
 * people type), else the first of the monitor's public addresses.
 */
#include "api/cluster/cluster.h"
#include "backends/ceph.h"
#include "backends/view.h"
#include "core/list.h"
#include "core/resp.h"

#include <stdlib.h>
#include <string.h>

/* The monitor's v1 address, else its first, else its legacy "addr" (without /nonce). */
static cJSON *
mon_addr(const cJSON *m)
{
	const cJSON *vec = json_at(m, "public_addrs.addrvec"), *a, *pick = NULL;
	const char *s;

	cJSON_ArrayForEach(a, vec) {
		if (!pick && !strcmp(json_str(a, "type") ?: "", "v1"))
			pick = a;
	}
	if (!pick)
		pick = cJSON_GetArrayItem(vec, 0);
	if ((s = json_str(pick, "addr")))
		return cJSON_CreateString(s);
	if ((s = json_str(m, "addr"))) {
		char *t = xstrndup(s, strcspn(s, "/"));
		cJSON *j = cJSON_CreateString(t);
		free(t);
		return j;
	}
	return cJSON_CreateNull();
}

static int
in_quorum(const cJSON *quorum, const char *name)
{
	const cJSON *n;

	cJSON_ArrayForEach(n, cJSON_GetObjectItemCaseSensitive(quorum, "quorum_names")) {
		if (cJSON_IsString(n) && !strcmp(n->valuestring, name))
			return 1;
	}
	return 0;
}

static cJSON *
mon_item(const cJSON *m, const cJSON *quorum)
{
	const char *name = json_str(m, "name") ?: "";
	cJSON *j = cJSON_CreateObject();

	cJSON_AddStringToObject(j, "name", name);
	cJSON_AddNumberToObject(j, "rank", jnum(m, "rank"));
	cJSON_AddItemToObject(j, "addr", mon_addr(m));
	cJSON_AddBoolToObject(j, "in_quorum", in_quorum(quorum, name));
	cJSON_AddBoolToObject(j, "leader",
			      !strcmp(json_str(quorum, "quorum_leader_name") ?: "", name));
	return j;
}

static const struct sort_field monitors_list_sorts[] = {
	{"rank", "rank"},           {"name", "name"},     {"addr", "addr"},
	{"in_quorum", "in_quorum"}, {"leader", "leader"}, {NULL, NULL},
};
static const char *const monitors_list_search[] = {"name", "addr", NULL};
const struct list_spec monitors_list_spec = {monitors_list_sorts, "rank", monitors_list_search};

int
monitors_list(struct req *r)
{
	const cJSON *dump, *quorum, *m;
	struct list_params lp;
	cJSON *items;
	int rc;

	if ((rc = list_parse(r, &lp)) != 0)
		return rc;
	if (!(dump = view_req(r, r->cluster, V_MON_DUMP)) ||
	    !(quorum = view_req(r, r->cluster, V_QUORUM)))
		return r->status;
	items = cJSON_CreateArray();
	cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(dump, "mons"))
		cJSON_AddItemToArray(items, mon_item(m, quorum));
	return list_array(r, items, &lp);
}
