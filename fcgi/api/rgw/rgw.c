/*
 * rgw.c - what the Object Gateway area shares, and its daemons: the radosgw instances
 * of the cluster's service map (through the view, so a list costs no extra command
 * while the map is fresh), each with the endpoint its frontend serves, its version,
 * zone and zonegroup. The list needs no admin keys: it is how an administrator sees
 * whether there is a gateway at all.
 */
#include "api/rgw/rgw.h"
#include "backends/ceph.h"
#include "backends/rgw.h"
#include "core/list.h"
#include "core/resp.h"

#include <stdlib.h>

int (*rgw_bucket_exports)(struct req *r, const char *bucket, cJSON **ids);

int
rgw_daemons_list(struct req *r)
{
	static const struct sort_field sorts[] = {
		{"id", "id"},           {"hostname", "hostname"}, {"endpoint", "endpoint"},
		{"version", "version"}, {"zone", "zone"},         {"zonegroup", "zonegroup"},
		{NULL, NULL},
	};
	static const char *search[] = {"id", "hostname", "endpoint", "zone", "zonegroup", NULL};
	struct list_params lp;
	cJSON *items = NULL;
	char *msg = NULL;
	int rc;

	if ((rc = list_parse(r, sorts, "id", &lp)) != 0)
		return rc;
	if ((rc = rgw_daemons(r->cluster, &items, &msg)) < 0) {
		req_own(r, msg);
		return resp_ceph_error(r, rc, msg);
	}
	free(msg);
	return list_array(r, items, &lp, search);
}
