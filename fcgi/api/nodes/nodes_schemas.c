/*
 * nodes_schemas.c - the component schemas of the nodes area's answers, in the notation of
 * server/schema.h, named by the route rows' answers (routes.c). The API tests check
 * every answer against them, so they say exactly what the handlers build.
 */
#include "api/nodes/nodes.h"

/* A minion (nodes.c node_item): fqdn, os null and roles, addresses empty without grains. */
#define NODE_MEMBERS                                                                               \
	"id: s, key_state: (accepted|pending|rejected|denied), reachable: b, hostname: s, "        \
	"fqdn: s?, addresses: [s], os: s?, roles: [s]"
/* When the node list was fetched, its age, and the last refresh's failure since (or null). */
#define FRESHNESS_MEMBERS "as_of: t, age_s: i, refresh_error: {code: s, message: s, at: t}?"

const struct schema_def nodes_schemas[] = {
	{"Node", "{" NODE_MEMBERS "}"},
	/* The list envelope with the freshness of the node list beside it. */
	{"NodeList", "{items: [Node], total: i, offset: i, limit: i, " FRESHNESS_MEMBERS "}"},
	/* The detail grains as Salt has them (null: not reported); disks is the disks grain
	 * (device names, or objects where a custom grain describes them). */
	{"NodeDetail", "{" NODE_MEMBERS ", key_fingerprint: s, osrelease: s?, kernelrelease: s?, "
		       "cpu_model: s?, num_cpus: i?, mem_total: i?, disks: [any]?, "
		       "ceph_daemons: [{daemon: s, fsid: s}], " FRESHNESS_MEMBERS "}"},
	{NULL, NULL},
};
