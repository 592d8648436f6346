/*
 * pools_schemas.c - the component schemas of the pools area's answers, in the notation of
 * server/schema.h, named by the route rows' answers (routes.c). The API tests check
 * every answer against them, so they say exactly what the handlers build.
 */
#include "api/pools/pools.h"

/*
 * A pool (pools.c pool_item). crush_rule is the rule's name, or its id (a number) while
 * the rule map read does not name it; compression has only the settings the pool has
 * (mode "none" when unset); quota 0 = none; stats.percent_used is a percentage.
 */
#define POOL_MEMBERS                                                                               \
	"name: s, id: i, type: (replicated|erasure), size: i, min_size: i, pg_num: i, "            \
	"pg_num_target: i, pgp_num: i, pg_autoscale_mode: (on|off|warn), crush_rule: any, "        \
	"erasure_code_profile: s?, applications: [s], "                                            \
	"compression: {mode: (none|passive|aggressive|force), algorithm?: s, "                     \
	"required_ratio?: n, min_blob_size?: i, max_blob_size?: i}, "                              \
	"autoscale: {target_size_ratio: n, target_size_bytes: i, pg_num_min: i, bulk: b}, "        \
	"allow_ec_overwrites: b, quota: {max_bytes: i, max_objects: i}, "                          \
	"stats: {stored: i, objects: i, used: i, max_avail: i, rd_bytes: i, wr_bytes: i, "         \
	"rd_ops: i, wr_ops: i, percent_used: n}"

const struct schema_def pools_schemas[] = {
	{"Pool", "{" POOL_MEMBERS "}"},
	/* A PATCH's answer: warnings (advice that did not stop the change) when there is any. */
	{"UpdatedPool", "{" POOL_MEMBERS ", warnings?: [s]}"},
	/* created is Ceph's time text (2026-01-01T10:00:00.000000+0000). */
	{"PoolSnapshot", "{name: s, id: i, created: s}"},
	{NULL, NULL},
};
