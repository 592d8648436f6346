/*
 * crush.c - the CRUSH map: GET /api/clusters/{fsid}/crush/rules (each rule with the
 * pools placed by it, from `osd crush rule dump` and `osd pool ls detail`) and GET
 * .../crush/tree (the buckets and OSDs of `osd tree` as nested objects: roots, their
 * buckets, the OSDs at the leaves), both from the shared view; creating a rule
 * (replicated: a root, a failure domain and a device class that the map has; erasure:
 * from an erasure-code profile) and deleting one no pool uses (409 naming the pools).
 */
#include "api/cluster/cluster.h"
#include "backends/ceph.h"
#include "backends/view.h"
#include "core/list.h"
#include "core/resp.h"

#include <errno.h>
#include <stdlib.h>
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

static const struct sort_field crush_rules_sorts[] = {
	{"id", "id"},
	{"name", "name"},
	{"type", "type"},
	{NULL, NULL},
};
static const char *const crush_rules_search[] = {"name", "type", NULL};
const struct list_spec crush_rules_spec = {crush_rules_sorts, "id", crush_rules_search};

int
crush_rules(struct req *r)
{
	const cJSON *rules, *pools, *rule;
	struct list_params lp;
	cJSON *items;
	int rc;

	if ((rc = list_parse(r, &lp)) != 0)
		return rc;
	if (!(rules = view_req(r, r->cluster, V_CRUSH_RULES)) ||
	    !(pools = view_req(r, r->cluster, V_POOLS)))
		return r->status;
	items = cJSON_CreateArray();
	cJSON_ArrayForEach(rule, rules)
		cJSON_AddItemToArray(items, rule_item(rule, pools));
	return list_array(r, items, &lp);
}

/*
 * Marks every copy of p's id as having a parent (json_ix.mark): `osd tree` lists a
 * bucket linked under two roots (`osd crush link`) once under each, and neither is a
 * root. p is the first copy (json_index_find).
 */
static void
mark_parented(struct json_ix *ix, size_t n, struct json_ix *p)
{
	for (size_t i = (size_t)(p - ix); i < n && ix[i].id == p->id; i++)
		ix[i].mark = 1;
}

/*
 * The tree's nodes by id (n entries, caller frees), marked when they have a parent:
 * built once per answer, so a map of a thousand OSDs costs a sort, not a scan of every
 * node for each node.
 */
static struct json_ix *
ix_build(const cJSON *nodes, size_t *n)
{
	struct json_ix *ix = json_index(nodes, "id", n), *p;
	const cJSON *node, *ch;

	cJSON_ArrayForEach(node, nodes)
		cJSON_ArrayForEach(ch, cJSON_GetObjectItemCaseSensitive(node, "children"))
			if ((p = json_index_find(ix, *n, ch->valuedouble)))
				mark_parented(ix, *n, p);
	return ix;
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
subtree(struct json_ix *ix, size_t nix, const cJSON *n, int depth)
{
	cJSON *j, *children;
	const cJSON *ch;
	struct json_ix *c;

	if (!strcmp(json_str(n, "type") ?: "", "osd"))
		return osd_leaf(n);
	j = cJSON_CreateObject();
	cJSON_AddNumberToObject(j, "id", jnum(n, "id"));
	cJSON_AddStringToObject(j, "name", json_str(n, "name") ?: "");
	cJSON_AddStringToObject(j, "type", json_str(n, "type") ?: "");
	children = cJSON_AddArrayToObject(j, "children");
	cJSON_ArrayForEach(ch, cJSON_GetObjectItemCaseSensitive(n, "children")) {
		if (depth < MAX_DEPTH && (c = json_index_find(ix, nix, ch->valuedouble)))
			cJSON_AddItemToArray(children, subtree(ix, nix, c->item, depth + 1));
	}
	return j;
}

int
crush_tree(struct req *r)
{
	static const enum view_kind kinds[] = {V_OSD_TREE};
	const cJSON *tree, *n;
	struct json_ix *ix;
	size_t nix;
	cJSON *j, *roots, *stray;
	int rc;

	if ((rc = view_memo_early(r, "crush_tree", kinds, ARRAY_LEN(kinds))))
		return rc;
	if (!(tree = view_req(r, r->cluster, V_OSD_TREE)))
		return r->status;
	/* The same tree from the same map: a console polling it costs a copy. */
	if ((rc = view_memo_respond(r, "crush_tree", kinds, ARRAY_LEN(kinds))))
		return rc;
	ix = ix_build(cJSON_GetObjectItemCaseSensitive(tree, "nodes"), &nix);
	j = cJSON_CreateObject();
	roots = cJSON_AddArrayToObject(j, "roots");
	for (size_t i = 0; i < nix; i++)
		if (!ix[i].mark)
			cJSON_AddItemToArray(roots, subtree(ix, nix, ix[i].item, 0));
	free(ix);
	/* OSDs outside the CRUSH hierarchy: they get no data. */
	stray = cJSON_AddArrayToObject(j, "stray");
	cJSON_ArrayForEach(n, cJSON_GetObjectItemCaseSensitive(tree, "stray"))
		cJSON_AddItemToArray(stray, osd_leaf(n));
	rc = resp_json(r, 200, j);
	view_memo_keep(r, "crush_tree", kinds, ARRAY_LEN(kinds));
	return rc;
}

int
crush_class_exists(const cJSON *tree, const char *cls)
{
	const cJSON *n;

	cJSON_ArrayForEach(n, cJSON_GetObjectItemCaseSensitive(tree, "nodes")) {
		if (!strcmp(json_str(n, "device_class") ?: "", cls))
			return 1;
	}
	return 0;
}

/* The rule name of a fresh rule dump (NULL: none), or NULL with *rc answered. */
static const cJSON *
rule_named(struct req *r, const char *name, int *rc)
{
	const cJSON *rules = view_req_fresh(r, r->cluster, V_CRUSH_RULES), *rule;

	*rc = rules ? 0 : r->status;
	if (!rules)
		return NULL;
	cJSON_ArrayForEach(rule, rules)
		if (!strcmp(json_str(rule, "rule_name") ?: "", name))
			return rule;
	return NULL;
}

/* Rule name and the pools, read fresh: 0 with both, or 404 (or the error) answered. */
static int
existing_rule(struct req *r, const char *name, const cJSON **rule, const cJSON **pools)
{
	int rc;

	if (!(*rule = rule_named(r, name, &rc)))
		return rc ? rc
			  : resp_error(r, 404, "crush_rule_not_found", NULL, "no CRUSH rule '%s'",
				       name);
	return (*pools = view_req_fresh(r, r->cluster, V_POOLS)) ? 0 : r->status;
}

/* Answers status with rule name as it is now. */
static int
respond_rule(struct req *r, const char *name, int status)
{
	const cJSON *rule, *pools;
	int rc;

	if ((rc = existing_rule(r, name, &rule, &pools)) != 0)
		return rc;
	return resp_json(r, status, rule_item(rule, pools));
}

const struct field_spec crush_rules_create_body[] = {
	{"name", J_STRING, 1, "1-127 of A-Z a-z 0-9 _ . -"},
	{"type", J_STRING, 0, "replicated (default) or erasure"},
	{"root", J_STRING, 0, "replicated: the bucket to choose under (default: default)"},
	{"failure_domain", J_STRING, 0,
	 "replicated: the bucket type copies are spread over "
	 "(default host)"},
	{"device_class", J_STRING, 0, "replicated: only OSDs of this class"},
	{"profile", J_STRING, 0, "erasure: the erasure-code profile (default: default)"},
	{NULL, 0, 0, NULL},
};

/* A replicated rule's root, failure domain and class checked against the map. */
static int
check_replicated(struct req *r, const char *root, const char *domain, const char *cls)
{
	const cJSON *tree = view_req_fresh(r, r->cluster, V_OSD_TREE), *n;
	int has_root = 0, has_domain = !strcmp(domain, "osd");

	if (!tree)
		return r->status;
	cJSON_ArrayForEach(n, cJSON_GetObjectItemCaseSensitive(tree, "nodes")) {
		has_root |= jnum(n, "id") < 0 && !strcmp(json_str(n, "name") ?: "", root);
		has_domain |= jnum(n, "id") < 0 && !strcmp(json_str(n, "type") ?: "", domain);
	}
	if (!has_root)
		return resp_error(r, 422, "invalid_value", "root",
				  "the CRUSH map has no bucket '%s'", root);
	if (!has_domain)
		return resp_error(r, 422, "invalid_value", "failure_domain",
				  "the CRUSH map has no bucket of type '%s' (host, rack, osd...)",
				  domain);
	if (cls && !crush_class_exists(tree, cls))
		return resp_error(r, 422, "invalid_value", "device_class",
				  "no OSD has the device class '%s'", cls);
	return 0;
}

/* The create command for the body (new), or NULL with the error answered. */
static cJSON *
create_command(struct req *r)
{
	const char *type = json_str(r->body, "type") ?: "replicated";
	const char *profile = json_str(r->body, "profile") ?: "default";
	const char *root = json_str(r->body, "root") ?: "default";
	const char *domain = json_str(r->body, "failure_domain") ?: "host";
	const char *cls = json_str(r->body, "device_class");
	const cJSON *dump;
	cJSON *cmd;

	if (!strcmp(type, "erasure")) {
		if (!(dump = view_req_fresh(r, r->cluster, V_OSD_DUMP)))
			return NULL;
		if (!cJSON_GetObjectItemCaseSensitive(
			    cJSON_GetObjectItemCaseSensitive(dump, "erasure_code_profiles"),
			    profile)) {
			resp_error(r, 422, "invalid_value", "profile",
				   "erasure-code profile '%s' does not exist", profile);
			return NULL;
		}
		cmd = ceph_cmd("osd crush rule create-erasure");
		cJSON_AddStringToObject(cmd, "profile", profile);
		return cmd;
	}
	if (strcmp(type, "replicated")) {
		resp_error(r, 422, "invalid_value", "type", "type is replicated or erasure");
		return NULL;
	}
	if (check_replicated(r, root, domain, cls) != 0)
		return NULL;
	cmd = ceph_cmd("osd crush rule create-replicated");
	cJSON_AddStringToObject(cmd, "root", root);
	cJSON_AddStringToObject(cmd, "type", domain);
	if (cls)
		cJSON_AddStringToObject(cmd, "class", cls);
	return cmd;
}

int
crush_rules_create(struct req *r)
{
	const char *name = json_str(r->body, "name"), *msg;
	cJSON *cmd;
	int rc;

	if ((rc = ceph_check_pool_name(r, name, "name", "rule")) != 0)
		return rc;
	if (rule_named(r, name, &rc))
		return resp_error(r, 409, "crush_rule_exists", "name", "CRUSH rule '%s' exists",
				  name);
	if (rc || !(cmd = create_command(r)))
		return r->status;
	cJSON_AddStringToObject(cmd, "name", name);
	rc = ceph_req_run(r, 0, cmd, &msg);
	view_invalidate(r->cluster);
	if (rc == -EINVAL)
		return resp_error(r, 422, "invalid_value", NULL, "%s",
				  msg && *msg ? msg : "Ceph refused the rule");
	if (rc < 0)
		return resp_ceph_error(r, rc, msg);
	resp_header(r, "Location: /api/clusters/%s/crush/rules/%s", r->cluster->fsid, name);
	return respond_rule(r, name, 201);
}

int
crush_rules_delete(struct req *r)
{
	const char *name = req_param(r, "name"), *msg;
	const cJSON *rule, *pools, *p;
	char *used;
	cJSON *cmd, *names;
	int rc;

	if ((rc = existing_rule(r, name, &rule, &pools)) != 0)
		return rc;
	names = req_own_json(r, cJSON_CreateArray());
	cJSON_ArrayForEach(p, pools)
		if (jnum(p, "crush_rule") == jnum(rule, "rule_id"))
			cJSON_AddItemToArray(names,
					     cJSON_CreateString(json_str(p, "pool_name") ?: ""));
	if (cJSON_GetArraySize(names) > 0) {
		used = req_own(r, cJSON_PrintUnformatted(names));
		return resp_error(r, 409, "crush_rule_in_use", NULL,
				  "CRUSH rule '%s' places the pools %s", name, used);
	}
	cmd = ceph_cmd("osd crush rule rm");
	cJSON_AddStringToObject(cmd, "name", name);
	rc = ceph_req_run(r, 0, cmd, &msg);
	view_invalidate(r->cluster);
	return rc < 0 ? resp_ceph_error(r, rc, msg) : resp_empty(r, 204);
}
