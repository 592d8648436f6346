/*
 * crush.c - the CRUSH map, read-only: GET /api/clusters/{fsid}/crush/rules (each rule
 * with the pools placed by it, from `osd crush rule dump` and `osd pool ls detail`)
 * and GET .../crush/tree (the buckets and OSDs of `osd tree` as nested objects: roots,
 * their buckets, the OSDs at the leaves). Both from the shared view.
 */
#include "api/cluster/cluster.h"
#include "backends/ceph.h"
#include "backends/view.h"
#include "core/list.h"
#include "core/resp.h"

#include <string.h>

/* How deep a tree may nest (CRUSH has 11 bucket types): a guard against a bad map. */
#define MAX_DEPTH 32

static const char *
rule_type(double t)
{
	return t == 1 ? "replicated" : t == 3 ? "erasure" : "unknown";
}

static cJSON *
rule_item(const cJSON *rule, const cJSON *pools)
{
	cJSON *j = cJSON_CreateObject(), *used = cJSON_CreateArray();
	double id = jnum(rule, "rule_id");
	const cJSON *p, *steps = cJSON_GetObjectItemCaseSensitive(rule, "steps");

	cJSON_AddNumberToObject(j, "id", id);
	cJSON_AddStringToObject(j, "name", json_str(rule, "rule_name") ?: "");
	cJSON_AddStringToObject(j, "type", rule_type(jnum(rule, "type")));
	cJSON_AddNumberToObject(j, "min_size", jnum(rule, "min_size"));
	cJSON_AddNumberToObject(j, "max_size", jnum(rule, "max_size"));
	cJSON_AddItemToObject(j, "steps", steps ? cJSON_Duplicate(steps, 1) : cJSON_CreateArray());
	cJSON_ArrayForEach(p, pools) {
		if (jnum(p, "crush_rule") == id)
			cJSON_AddItemToArray(used,
					     cJSON_CreateString(json_str(p, "pool_name") ?: ""));
	}
	cJSON_AddItemToObject(j, "pools", used);
	return j;
}

int
crush_rules(struct req *r)
{
	static const struct sort_field sorts[] = {
		{"id", "id"},
		{"name", "name"},
		{"type", "type"},
		{NULL, NULL},
	};
	static const char *search[] = {"name", "type", NULL};
	const cJSON *rules, *pools, *rule;
	struct list_params lp;
	cJSON *items;
	int rc;

	if ((rc = list_parse(r, sorts, "id", &lp)) != 0)
		return rc;
	if (!(rules = view_req(r, r->cluster, V_CRUSH_RULES)) ||
	    !(pools = view_req(r, r->cluster, V_POOLS)))
		return r->status;
	items = cJSON_CreateArray();
	cJSON_ArrayForEach(rule, rules)
		cJSON_AddItemToArray(items, rule_item(rule, pools));
	return list_array(r, items, &lp, search);
}

static const cJSON *
node_by_id(const cJSON *nodes, double id)
{
	const cJSON *n;

	cJSON_ArrayForEach(n, nodes) {
		if (jnum(n, "id") == id)
			return n;
	}
	return NULL;
}

/* An OSD leaf of the tree. */
static cJSON *
osd_leaf(const cJSON *n)
{
	cJSON *j = cJSON_CreateObject();

	cJSON_AddNumberToObject(j, "id", jnum(n, "id"));
	cJSON_AddStringToObject(j, "name", json_str(n, "name") ?: "");
	cJSON_AddStringToObject(j, "type", "osd");
	if (json_str(n, "device_class"))
		cJSON_AddStringToObject(j, "device_class", json_str(n, "device_class"));
	else
		cJSON_AddNullToObject(j, "device_class");
	cJSON_AddNumberToObject(j, "crush_weight", jnum(n, "crush_weight"));
	cJSON_AddNumberToObject(j, "reweight", jnum(n, "reweight"));
	cJSON_AddStringToObject(j, "status", json_str(n, "status") ?: "unknown");
	return j;
}

/* Node n and, for a bucket, everything below it. */
static cJSON *
subtree(const cJSON *nodes, const cJSON *n, int depth)
{
	cJSON *j, *children;
	const cJSON *ch, *c;

	if (!strcmp(json_str(n, "type") ?: "", "osd"))
		return osd_leaf(n);
	j = cJSON_CreateObject();
	cJSON_AddNumberToObject(j, "id", jnum(n, "id"));
	cJSON_AddStringToObject(j, "name", json_str(n, "name") ?: "");
	cJSON_AddStringToObject(j, "type", json_str(n, "type") ?: "");
	children = cJSON_AddArrayToObject(j, "children");
	cJSON_ArrayForEach(ch, cJSON_GetObjectItemCaseSensitive(n, "children")) {
		if (depth < MAX_DEPTH && (c = node_by_id(nodes, ch->valuedouble)))
			cJSON_AddItemToArray(children, subtree(nodes, c, depth + 1));
	}
	return j;
}

/* Whether some node lists id among its children. */
static int
has_parent(const cJSON *nodes, double id)
{
	const cJSON *n, *ch;

	cJSON_ArrayForEach(n, nodes) {
		cJSON_ArrayForEach(ch, cJSON_GetObjectItemCaseSensitive(n, "children")) {
			if (ch->valuedouble == id)
				return 1;
		}
	}
	return 0;
}

int
crush_tree(struct req *r)
{
	const cJSON *tree = view_req(r, r->cluster, V_OSD_TREE), *nodes, *n;
	cJSON *j, *roots, *stray;

	if (!tree)
		return r->status;
	nodes = cJSON_GetObjectItemCaseSensitive(tree, "nodes");
	j = cJSON_CreateObject();
	roots = cJSON_AddArrayToObject(j, "roots");
	cJSON_ArrayForEach(n, nodes) {
		if (!has_parent(nodes, jnum(n, "id")))
			cJSON_AddItemToArray(roots, subtree(nodes, n, 0));
	}
	/* OSDs outside the CRUSH hierarchy: they get no data. */
	stray = cJSON_AddArrayToObject(j, "stray");
	cJSON_ArrayForEach(n, cJSON_GetObjectItemCaseSensitive(tree, "stray"))
		cJSON_AddItemToArray(stray, osd_leaf(n));
	return resp_json(r, 200, j);
}
