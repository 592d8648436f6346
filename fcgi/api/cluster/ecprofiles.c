/*
 * ecprofiles.c - /api/clusters/{fsid}/erasure-code-profiles: list, get, create and
 * delete erasure-code profiles. Every profile's settings are in `osd dump` (the same
 * as `osd erasure-code-profile get` per name, but one cached read instead of one
 * command per profile); the pools using one come from `osd pool ls detail`. Create
 * checks what a user can get wrong before Ceph is asked, with the field to blame: k
 * and m against the failure domains the cluster has (a profile that asks for more
 * would leave its pools' PGs incomplete). Ceph validates the plugin's own parameters
 * and its errors for them are inconsistent (ENOENT for a bad technique), so a refused
 * `set` is answered as 422 with Ceph's message.
 */
#include "api/cluster/cluster.h"
#include "backends/ceph.h"
#include "backends/view.h"
#include "core/list.h"
#include "core/resp.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* A profile setting given as text by Ceph ("2") as a number, or null if absent. */
static cJSON *
num_setting(const cJSON *p, const char *key)
{
	const char *s = json_str(p, key);
	long v;

	return s && parse_long(s, 0, 1L << 30, &v) == 0 ? cJSON_CreateNumber((double)v)
							: cJSON_CreateNull();
}

static void
add_setting(cJSON *j, const char *name, const cJSON *p, const char *key)
{
	const char *s = json_str(p, key);

	if (s && *s)
		cJSON_AddStringToObject(j, name, s);
	else
		cJSON_AddNullToObject(j, name);
}

/* The names of the erasure-coded pools using profile name (new array). */
static cJSON *
pools_using(const cJSON *pools, const char *name)
{
	cJSON *a = cJSON_CreateArray();
	const cJSON *p;

	cJSON_ArrayForEach(p, pools) {
		if (jnum(p, "type") == 3 &&
		    !strcmp(json_str(p, "erasure_code_profile") ?: "", name))
			cJSON_AddItemToArray(a, cJSON_CreateString(json_str(p, "pool_name") ?: ""));
	}
	return a;
}

/* The API's profile from its `osd dump` settings (p->string is its name). */
static cJSON *
profile_item(const cJSON *p, const cJSON *pools)
{
	cJSON *j = cJSON_CreateObject();

	cJSON_AddStringToObject(j, "name", p->string);
	cJSON_AddItemToObject(j, "k", num_setting(p, "k"));
	cJSON_AddItemToObject(j, "m", num_setting(p, "m"));
	add_setting(j, "plugin", p, "plugin");
	add_setting(j, "technique", p, "technique");
	add_setting(j, "crush_failure_domain", p, "crush-failure-domain");
	add_setting(j, "crush_device_class", p, "crush-device-class");
	add_setting(j, "crush_root", p, "crush-root");
	cJSON_AddItemToObject(j, "pools_using", pools_using(pools, p->string));
	return j;
}

/* The profiles object of `osd dump` and the pools: 0, or the error answered (its status). */
static int
read_views(struct req *r, int fresh, const cJSON **profiles, const cJSON **pools)
{
	const cJSON *(*read)(struct req *, struct ceph *, enum view_kind) =
		fresh ? view_req_fresh : view_req;
	const cJSON *dump;

	if (!(dump = read(r, r->cluster, V_OSD_DUMP)) || !(*pools = read(r, r->cluster, V_POOLS)))
		return r->status;
	*profiles = cJSON_GetObjectItemCaseSensitive(dump, "erasure_code_profiles");
	return 0;
}

static const struct sort_field ecprofiles_list_sorts[] = {
	{"name", "name"},
	{"k", "k"},
	{"m", "m"},
	{"plugin", "plugin"},
	{"crush_failure_domain", "crush_failure_domain"},
	{"crush_device_class", "crush_device_class"},
	{NULL, NULL},
};
static const char *const ecprofiles_list_search[] = {"name", "plugin", "technique",
						     "crush_failure_domain", NULL};
const struct list_spec ecprofiles_list_spec = {ecprofiles_list_sorts, "name",
					       ecprofiles_list_search};

int
ecprofiles_list(struct req *r)
{
	const cJSON *profiles = NULL, *pools = NULL, *p;
	struct list_params lp;
	cJSON *items;
	int rc;

	if ((rc = list_parse(r, &lp)) != 0 || (rc = read_views(r, 0, &profiles, &pools)) != 0)
		return rc;
	items = cJSON_CreateArray();
	cJSON_ArrayForEach(p, profiles)
		cJSON_AddItemToArray(items, profile_item(p, pools));
	return list_array(r, items, &lp);
}

/* Answers status with profile name as it is now, or 404 ec_profile_not_found. */
static int
respond_profile(struct req *r, const char *name, int status)
{
	const cJSON *profiles = NULL, *pools = NULL, *p;
	int rc;

	if ((rc = read_views(r, 0, &profiles, &pools)) != 0)
		return rc;
	if (!(p = cJSON_GetObjectItemCaseSensitive(profiles, name)))
		return resp_error(r, 404, "ec_profile_not_found", NULL,
				  "erasure-code profile '%s' does not exist", name);
	return resp_json(r, status, profile_item(p, pools));
}

int
ecprofiles_get(struct req *r)
{
	return respond_profile(r, req_param(r, "name"), 200);
}

const struct field_spec ecprofiles_create_body[] = {
	{"name", J_STRING, 1, "1-127 of A-Z a-z 0-9 _ . -, not starting with '.'"},
	{"k", J_INT, 1, "data chunks, >= 1"},
	{"m", J_INT, 1, "coding chunks, >= 1 (how many failures a pool survives)"},
	{"plugin", J_STRING, 0, "jerasure (default), isa, lrc, shec or clay"},
	{"technique", J_STRING, 0, "the plugin's coding technique (jerasure: reed_sol_van...)"},
	{"crush_failure_domain", J_STRING, 0,
	 "osd, host (default), chassis, rack, row, pdu, pod, room, datacenter, zone, region, root"},
	{"crush_device_class", J_STRING, 0, "only OSDs of this device class (hdd, ssd...)"},
	{"l", J_INT, 0, "lrc: the locality (chunks per local group)"},
	{"c", J_INT, 0, "shec: the durability estimator"},
	{"d", J_INT, 0, "clay: chunks read during repair"},
	{NULL, 0, 0, NULL},
};

static const char *const domains[] = {"osd",    "host", "chassis", "rack",       "row",
				      "pdu",    "pod",  "room",    "datacenter", "zone",
				      "region", "root", NULL};

/* Whether the tree node with this id is, or holds, an OSD of class cls (any if NULL). */
static int
holds_osd(const cJSON *nodes, double id, const char *cls, int depth)
{
	const cJSON *n, *ch;

	cJSON_ArrayForEach(n, nodes) {
		if (jnum(n, "id") != id)
			continue;
		if (!strcmp(json_str(n, "type") ?: "", "osd"))
			return !cls || !strcmp(json_str(n, "device_class") ?: "", cls);
		cJSON_ArrayForEach(ch, cJSON_GetObjectItemCaseSensitive(n, "children")) {
			if (depth < 16 && holds_osd(nodes, ch->valuedouble, cls, depth + 1))
				return 1;
		}
		return 0;
	}
	return 0;
}

/* How many CRUSH buckets of type domain (or OSDs) hold an OSD of class cls. */
static int
count_domains(const cJSON *tree, const char *domain, const char *cls)
{
	const cJSON *nodes = cJSON_GetObjectItemCaseSensitive(tree, "nodes"), *n;
	int count = 0;

	cJSON_ArrayForEach(n, nodes) {
		if (!strcmp(json_str(n, "type") ?: "", domain))
			count += holds_osd(nodes, jnum(n, "id"), cls, 0);
	}
	return count;
}

/* k+m against the failure domains holding OSDs of the chosen class. */
static int
check_layout(struct req *r, long k, long m, const char *domain, const char *cls)
{
	const cJSON *tree = view_req(r, r->cluster, V_OSD_TREE);
	int have;

	if (!tree)
		return r->status;
	if (cls && !crush_class_exists(tree, cls))
		return resp_error(r, 422, "invalid_value", "crush_device_class",
				  "no OSD has the device class '%s'", cls);
	if (k + m > (have = count_domains(tree, domain, cls)))
		return resp_error(
			r, 422, "invalid_value", "m",
			"k+m = %ld chunks need %ld %s failure domains; the cluster has %d", k + m,
			k + m, domain, have);
	return 0;
}

static int
check_profile(struct req *r, const cJSON *b)
{
	static const char *const plugins[] = {"jerasure", "isa", "lrc", "shec", "clay", NULL};
	const char *name = json_str(b, "name"), *plugin = json_str(b, "plugin");
	const char *domain = json_str(b, "crush_failure_domain") ?: "host";
	long k = json_long(b, "k", 0), m = json_long(b, "m", 0);
	int rc;

	if ((rc = ceph_check_pool_name(r, name, "name", "profile")) != 0)
		return rc;
	if (k < 1 || k > 256)
		return resp_error(r, 422, "invalid_value", "k", "k must be 1 to 256");
	if (m < 1 || m > 256)
		return resp_error(r, 422, "invalid_value", "m", "m must be 1 to 256");
	if (plugin && !str_in(plugin, plugins))
		return resp_error(r, 422, "invalid_value", "plugin",
				  "plugin must be jerasure, isa, lrc, shec or clay");
	if (!str_in(domain, domains))
		return resp_error(r, 422, "invalid_value", "crush_failure_domain",
				  "'%s' is not a CRUSH bucket type (osd, host, rack, ...)", domain);
	return check_layout(r, k, m, domain, json_str(b, "crush_device_class"));
}

/* 0 if name is free, else 409 (or the error) answered; asks the monitor, not the view. */
static int
check_free(struct req *r, const char *name)
{
	cJSON *cmd = ceph_cmd("osd erasure-code-profile get");
	const char *msg;
	int rc;

	cJSON_AddStringToObject(cmd, "name", name);
	rc = ceph_req_run(r, 0, cmd, &msg);
	if (rc == 0)
		return resp_error(r, 409, "ec_profile_exists", "name",
				  "erasure-code profile '%s' already exists", name);
	return rc == -ENOENT ? 0 : resp_ceph_error(r, rc, msg);
}

/* The "profile" argument: ["k=2","m=1","plugin=jerasure",...]. */
static cJSON *
profile_args(const cJSON *b)
{
	static const char *map[][2] = {
		{"k", "k"},
		{"m", "m"},
		{"l", "l"},
		{"c", "c"},
		{"d", "d"},
		{"plugin", "plugin"},
		{"technique", "technique"},
		{"crush_failure_domain", "crush-failure-domain"},
		{"crush_device_class", "crush-device-class"},
	};
	cJSON *a = cJSON_CreateArray();
	const cJSON *v;
	char *s;

	for (size_t i = 0; i < ARRAY_LEN(map); i++) {
		if (!(v = cJSON_GetObjectItemCaseSensitive(b, map[i][0])))
			continue;
		if (cJSON_IsString(v))
			s = xasprintf("%s=%s", map[i][1], v->valuestring);
		else
			s = xasprintf("%s=%.0f", map[i][1], v->valuedouble);
		cJSON_AddItemToArray(a, cJSON_CreateString(s));
		free(s);
	}
	return a;
}

int
ecprofiles_create(struct req *r)
{
	const char *name = json_str(r->body, "name");
	cJSON *cmd;
	const char *msg;
	int rc;

	if ((rc = check_profile(r, r->body)) != 0 || (rc = check_free(r, name)) != 0)
		return rc;
	cmd = ceph_cmd("osd erasure-code-profile set");
	cJSON_AddStringToObject(cmd, "name", name);
	cJSON_AddItemToObject(cmd, "profile", profile_args(r->body));
	rc = ceph_req_run(r, 0, cmd, &msg);
	view_invalidate(r->cluster);
	if (rc == -EPERM) /* created by someone else since we looked */
		return resp_error(r, 409, "ec_profile_exists", "name", "%s", msg ?: "exists");
	if (ceph_error_of(rc).status == 503)
		return resp_ceph_error(r, rc, msg);
	if (rc < 0)
		return resp_error(r, 422, "invalid_value", NULL, "%s",
				  msg && *msg ? msg : "Ceph refused the profile");
	resp_header(r, "Location: /api/clusters/%s/erasure-code-profiles/%s", r->cluster->fsid,
		    name);
	return respond_profile(r, name, 201);
}

/* 409 naming the pools that use profile name. */
static int
in_use(struct req *r, const char *name, const cJSON *using)
{
	char *list = cJSON_PrintUnformatted(using);
	int rc = resp_error(r, 409, "ec_profile_in_use", NULL,
			    "erasure-code profile '%s' is used by the pools %s", name, list);

	free(list);
	return rc;
}

int
ecprofiles_delete(struct req *r)
{
	const char *name = req_param(r, "name");
	const cJSON *profiles = NULL, *pools = NULL;
	cJSON *cmd, *using;
	const char *msg;
	int rc;

	/* Decide on the maps as they are, not as they were up to a bound ago. */
	if ((rc = read_views(r, 1, &profiles, &pools)) != 0)
		return rc;
	if (!cJSON_GetObjectItemCaseSensitive(profiles, name))
		return resp_error(r, 404, "ec_profile_not_found", NULL,
				  "erasure-code profile '%s' does not exist", name);
	using = pools_using(pools, name);
	req_own_json(r, using);
	if (cJSON_GetArraySize(using) > 0)
		return in_use(r, name, using);
	cmd = ceph_cmd("osd erasure-code-profile rm");
	cJSON_AddStringToObject(cmd, "name", name);
	rc = ceph_req_run(r, 0, cmd, &msg);
	view_invalidate(r->cluster);
	if (rc == -EBUSY) /* a pool started using it since we looked */
		return resp_error(r, 409, "ec_profile_in_use", NULL, "%s", msg ?: "in use");
	return rc < 0 ? resp_ceph_error(r, rc, msg) : resp_empty(r, 204);
}
