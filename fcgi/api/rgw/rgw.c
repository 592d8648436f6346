/*
 * rgw.c - what the Object Gateway area shares, and its daemons: the radosgw instances
 * of the cluster's service map (through the view, so a list costs no extra command
 * while the map is fresh), each with the endpoint its frontend serves, its version,
 * zone and zonegroup. The list needs no admin keys: it is how an administrator sees
 * whether there is a gateway at all. Users and buckets share the quota shape here.
 */
#include "api/rgw/rgw.h"
#include "backends/ceph.h"
#include "backends/rgw.h"
#include "core/list.h"
#include "core/resp.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int (*rgw_bucket_exports)(struct req *r, const char *bucket, cJSON **ids);

/* A quota (a user's, its per-bucket default, or one bucket's) as the API shows and takes it. */
cJSON *
rgw_quota_item(const cJSON *q)
{
	cJSON *j = cJSON_CreateObject();

	cJSON_AddBoolToObject(j, "enabled", cJSON_IsTrue(json_at(q, "enabled")));
	for (const char *const *k = (const char *const[]){"max_size", "max_objects", NULL}; *k; k++)
		cJSON_AddNumberToObject(j, *k, (double)json_long(q, *k, -1));
	return j;
}

int
rgw_quota_check(struct req *r, const char *field, const cJSON *q)
{
	const cJSON *v;

	cJSON_ArrayForEach(v, q) {
		const char *f = json_field(r, "%s.%s", field, v->string);
		int count = !strcmp(v->string, "max_size") || !strcmp(v->string, "max_objects");

		if (!count && strcmp(v->string, "enabled"))
			return resp_error(r, 400, "unknown_field", f,
					  "unknown field %s (enabled, max_size, max_objects)", f);
		if (!count && !cJSON_IsBool(v))
			return resp_error(r, 400, "invalid_type", f, "%s must be a boolean", f);
		if (count && (!cJSON_IsNumber(v) || v->valuedouble != floor(v->valuedouble) ||
			      v->valuedouble < -1 || v->valuedouble > 9007199254740992.0))
			return resp_error(r, 422, "invalid_value", f,
					  "%s is -1 (unlimited) or an integer >= 0", f);
	}
	return 0;
}

static const struct sort_field rgw_daemons_list_sorts[] = {
	{"id", "id"},           {"hostname", "hostname"}, {"endpoint", "endpoint"},
	{"version", "version"}, {"zone", "zone"},         {"zonegroup", "zonegroup"},
	{NULL, NULL},
};
static const char *const rgw_daemons_list_search[] = {"id",   "hostname",  "endpoint",
						      "zone", "zonegroup", NULL};
const struct list_spec rgw_daemons_list_spec = {rgw_daemons_list_sorts, "id",
						rgw_daemons_list_search};

int
rgw_daemons_list(struct req *r)
{
	struct list_params lp;
	cJSON *items = NULL;
	char *msg = NULL;
	int rc;

	if ((rc = list_parse(r, &lp)) != 0)
		return rc;
	if ((rc = rgw_daemons(r->cluster, &items, &msg)) < 0) {
		req_own(r, msg);
		return resp_ceph_error(r, rc, msg);
	}
	free(msg);
	return list_array(r, items, &lp);
}
