/*
 * nfs_schemas.c - the component schemas of the nfs area's answers, in the notation of
 * server/schema.h, named by the route rows' answers (routes.c). The API tests check
 * every answer against them, so they say exactly what the handlers build.
 */
#include "api/gateways/nfs/nfs.h"

const struct schema_def nfs_schemas[] = {
	/*
	 * nfs_export_json of an export-<id> object as nfs_parse_export reads it back. What the
	 * API writes always has path, access_type (RW, RO, MDONLY, MDONLY_RO, NONE), squash
	 * (no_root_squash, root_squash, all_squash, root_id_squash), fsal.user_id, TCP/UDP
	 * transports and protocols 3/4; an object edited with the rados CLI reads back as
	 * written (keys may be missing, values other words), hence the plain strings. fsal:
	 * CEPH has fs_name, another FSAL (RGW) access_key_id, RGW bucket (its path); secrets
	 * never, only whether one is set. warnings (a CephFS path to check) only in the answer
	 * of a POST or PUT that had some.
	 */
	{"NfsExport",
	 "{id: i, host: s?, path?: s, pseudo: s?, access_type?: s, squash?: s, protocols: [i], "
	 "transports: [s], fsal: {name: s, user_id?: s, fs_name?: s, access_key_id?: s, "
	 "bucket?: s, secret_access_key_set: b}, clients: [{addresses: [s], access_type?: s, "
	 "squash?: s}], version: i, warnings?: [s]}"},
	/* gw_status of the Ganesha hosts: DeployHost is the iscsi area's (iscsi_schemas.c). */
	{"NfsDeployStatus", "{pool: s, pool_exists: b, config_version: i, hosts: [DeployHost]}"},
	{NULL, NULL},
};
