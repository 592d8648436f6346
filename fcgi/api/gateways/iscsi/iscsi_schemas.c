/*
 * iscsi_schemas.c - the component schemas of the iscsi area's answers, in the notation of
 * server/schema.h, named by the route rows' answers (routes.c). The API tests check
 * every answer against them, so they say exactly what the handlers build.
 */
#include "api/gateways/iscsi/iscsi.h"

const struct schema_def iscsi_schemas[] = {
	/* iscsi_target_json: portals, disks and acls as iscsi_check_target stores them (every
	 * disk with its LUN, every ACL with its LUNs); CHAP secrets never, only whether they
	 * are set. warnings (gateways whose grains could not be checked) only in the answer of
	 * a POST or PUT that had some. */
	{"IscsiTarget",
	 "{iqn: s, version: i, portals: [{host: s, ip: s}], disks: [{pool: s, image: s, lun: i}], "
	 "acls: [{initiator: s, luns: [i]}], auth: {user: s?, password_set: b, mutual_user: s?, "
	 "mutual_password_set: b}, warnings?: [s]}"},
	/*
	 * One gateway host's latest deploy (gateways.c, deploy_item and never_deployed), shared
	 * with the nfs area (NfsDeployStatus). served is what the host's daemon reported
	 * serving, as the openattic.iscsi and openattic.ganesha Salt modules put it in their
	 * changes; null when no state did. config_version, task_id and at are null for a host
	 * never deployed to.
	 */
	{"DeployHost",
	 "{id: s, state: (deploying|deployed|failed|no_answer|unknown|not_deployed), "
	 "config_version: i?, in_sync: b, task_id: i?, at: t?, message: s?, served: {loaded: [s], "
	 "failed: [{name: s, message: s}]}?, in_config: b}"},
	/* gw_status of the iSCSI gateways (the nfs area's twin, NfsDeployStatus, has "hosts"). */
	{"IscsiDeployStatus",
	 "{pool: s, pool_exists: b, config_version: i, gateways: [DeployHost]}"},
	{NULL, NULL},
};
