/*
 * cluster_schemas.c - the component schemas of the cluster area's answers, in the notation of
 * server/schema.h, named by the route rows' answers (routes.c). The API tests check
 * every answer against them, so they say exactly what the handlers build.
 */
#include "api/cluster/cluster.h"

/* An OSD as the list shows it (osds.c osd_item); the single GET adds metadata and perf. */
#define OSD_MEMBERS                                                                                \
	"id: i, name: s, host: s?, up: b, in: b, weight: n, reweight: n, primary_affinity: n, "    \
	"flags: [OsdFlag], device_class: s?, pgs: i?, "                                            \
	"stats: {total: i, used: i, avail: i, percent_used: n}?, objectstore: s?"
/* A Ceph option (cephconfig.c option_item); one option adds its long description and links. */
#define CONFIG_OPTION_MEMBERS                                                                      \
	"name: s, type: (str|uint|int|float|bool|addr|addrvec|uuid|size|secs|millisecs)?, "        \
	"level: (basic|advanced|dev)?, desc: s?, default: any, min: any, max: any, "               \
	"enum_values: [s], can_update_at_runtime: b, services: [s], secret: b, schema: b, "        \
	"values: [{section: s, mask: s?, value: s}]"
/* A manager module (mgr_modules.c module_item): options counts them; one module lists them. */
#define MGR_MODULE_MEMBERS "name: s, enabled: b, always_on: b, can_run: b, error: s?, options: i"
/* A cephx entity (cephx.c entity_item): never its key but in the answer of its creation. */
#define CEPHX_USER_MEMBERS "entity: s, type: (client|osd|mgr|mds|mon), caps: {*: s}, protected: b"

const struct schema_def cluster_schemas[] = {
	/* The per-OSD (and per-host) flags of `osd set-group`. */
	{"OsdFlag", "(noout|noin|noup|nodown)"},
	/* Health as `ceph status` says it; UNKNOWN when it says nothing. */
	{"HealthStatus", "(HEALTH_OK|HEALTH_WARN|HEALTH_ERR|UNKNOWN)"},
	{"ClusterCapacity", "{total: i, used: i, avail: i}"},
	{"ClusterOsdCounts", "{total: i, up: i, in: i}"},
	/* A cluster that does not answer has only fsid, name, health UNREACHABLE and error. */
	{"ClusterSummary",
	 "{fsid: s, name: s, health: (HEALTH_OK|HEALTH_WARN|HEALTH_ERR|UNKNOWN|UNREACHABLE), "
	 "error?: s, mons?: i, osds?: ClusterOsdCounts, pools?: i, capacity?: ClusterCapacity}"},
	/* A raised health check: detail holds the messages of Ceph's detail lines. */
	{"HealthCheck", "{name: s, severity: (HEALTH_WARN|HEALTH_ERR), summary: s, count: i, "
			"muted: b, detail: [s]}"},
	/* A muted check: expires is Ceph's time text (2026-01-01T10:00:00.000000+0000), null
	 * while muted until unmuted. */
	{"HealthMute", "{code: s, expires: s?, sticky: b, summary: s, count: i}"},
	{"ClusterStatus",
	 "{fsid: s, name: s, "
	 "health: {status: HealthStatus, checks: [HealthCheck], mutes: [HealthMute]}, "
	 "monitors: {total: i, in_quorum: [s], out_of_quorum: [s], leader: s}, "
	 "osds: ClusterOsdCounts, "
	 "pgs: {total: i, by_state: [{state: s, count: i}]}, "
	 "pools: i, capacity: ClusterCapacity, "
	 "io: {read_bytes_sec: i, write_bytes_sec: i, read_ops_sec: i, write_ops_sec: i, "
	 "recovery_bytes_sec: i, recovery_objects_sec: i}}"},
	/* pgs and stats are null without a manager (`osd df`), as is perf (`osd perf`). */
	{"Osd", "{" OSD_MEMBERS "}"},
	/* metadata: the strings of `osd metadata` (null: not reported). */
	{"OsdDetail",
	 "{" OSD_MEMBERS ", "
	 "metadata: {hostname: s?, ceph_version_short: s?, osd_objectstore: s?, arch: s?, "
	 "kernel_version: s?, distro_description: s?, devices: s?, rotational: s?, "
	 "back_addr: s?, front_addr: s?, osd_data: s?}, "
	 "perf: {commit_latency_ms: i, apply_latency_ms: i}?}"},
	/* The messages are Ceph's reasons ("" when it gives none). */
	{"OsdSafety", "{osd: i, ok_to_stop: b, ok_to_stop_message: s, safe_to_destroy: b, "
		      "safe_to_destroy_message: s}"},
	/* A scrub asked for: Ceph's answer, or words saying it runs when the OSD can. */
	{"OsdScrub", "{osd: i, deep: b, message: s}"},
	{"HostFlags", "{host: s, flags: [OsdFlag]}"},
	/* pause stands for pauserd and pausewr (either set). */
	{"Flags",
	 "{flags: [(noout|noin|nodown|noup|noscrub|nodeep-scrub|norebalance|norecover|nobackfill|"
	 "pause)]}"},
	/* addr: the v1 address when there is one, else the first; null if the map has none. */
	{"Monitor", "{name: s, rank: i, addr: s?, in_quorum: b, leader: b}"},
	/* default, min, max: typed as the option's type (a number, a string, a boolean), null
	 * when none; type, level and desc are null for an option without schema (schema
	 * false: a manager module's, known only from the configuration database). */
	{"ConfigOption", "{" CONFIG_OPTION_MEMBERS "}"},
	/* restart_needed only in the answer of a change. */
	{"ConfigOptionDetail",
	 "{" CONFIG_OPTION_MEMBERS ", long_desc: s?, daemon_default: any, see_also: [s]?, "
	 "tags: [s]?, restart_needed?: b}"},
	/* stamp is Ceph's time text (2026-01-01T10:00:00.000000+0000); channel cluster or
	 * audit (or another channel a daemon logs to). */
	{"LogEntry", "{seq: i, stamp: s, daemon: s, channel: s, "
		     "level: (debug|info|security|warning|error), message: s}"},
	{"MgrModule", "{" MGR_MODULE_MEMBERS "}"},
	/* A module option as `mgr dump` gives it: default, min and max are text; value is
	 * the configuration database's (null: the default), *** for a secret but to admins. */
	{"MgrModuleOption",
	 "{name: s, type: s, level: s, desc: s, long_desc: s, default: s, min: s?, max: s?, "
	 "enum_values: [s], secret: b, value: s?}"},
	{"MgrModuleDetail", "{" MGR_MODULE_MEMBERS ", option_list: [MgrModuleOption]}"},
	/* caps: a cap per service (mon, mgr, osd, mds); protected: not to be changed here. */
	{"CephxUser", "{" CEPHX_USER_MEMBERS "}"},
	{"NewCephxUser", "{" CEPHX_USER_MEMBERS ", key: s}"},
	{"Keyring", "{entity: s, keyring: s}"},
	/* The profile's settings, null when it does not set them. */
	{"EcProfile",
	 "{name: s, k: i?, m: i?, plugin: s?, technique: s?, crush_failure_domain: s?, "
	 "crush_device_class: s?, crush_root: s?, pools_using: [s]}"},
	/* steps are `osd crush rule dump`'s; min_size and max_size 0 where Ceph has none. */
	{"CrushRule",
	 "{id: i, name: s, type: (replicated|erasure|unknown), min_size: i, max_size: i, "
	 "steps: [{op: s, item?: i, item_name?: s, num?: i, type?: s, ...}], pools: [s]}"},
	/* A bucket (root, host, ...) has children; an OSD (type osd) has the rest. */
	{"CrushNode", "{id: i, name: s, type: s, children?: [CrushNode], device_class?: s?, "
		      "crush_weight?: n, reweight?: n, status?: s}"},
	/* stray: OSDs outside the hierarchy (they get no data). */
	{"CrushTree", "{roots: [CrushNode], stray: [CrushNode]}"},
	{NULL, NULL},
};
