/*
 * cephfs_schemas.c - the component schemas of the cephfs area's answers, in the notation of
 * server/schema.h, named by the route rows' answers (routes.c). The API tests check
 * every answer against them, so they say exactly what the handlers build.
 */
#include "api/cephfs/cephfs.h"

/* clang-format off */
/*
 * What groups and subvolumes share (add_common, cephfs_subvolumes.c): null where the
 * volumes module does not say.
 */
#define DIR_ATTRS \
	"mode: s?, pool_layout: s?, uid: i?, gid: i?, bytes_used: i?, created_at: t?"
/* clang-format on */

const struct schema_def cephfs_schemas[] = {
	/*
	 * A file system (fs_item, cephfs_fs.c), for the list and a GET alike. A pool's name is
	 * null while the osdmap does not know its id; clients is null when the manager's
	 * `fs status` cannot tell. mds.active holds the daemons holding ranks, mds.standby the
	 * free standbys and this file system's standby-replay daemons.
	 */
	{"Filesystem", "{name: s, id: i, metadata_pool: s?, data_pools: [s?], "
		       "state: (active|creating|degraded|no_mds), "
		       "mds: {active: [{name: s, rank: i, state: s, addr: s}], "
		       "standby: [{name: s, state: s, addr: s}]}, max_mds: i, clients: i?, "
		       "pools: [{name: s?, type: (metadata|data), used: i, avail: i}]}"},
	/*
	 * A session of rank 0 (client_item, cephfs_clients.c); internal: openATTIC's own or a
	 * manager's. What the client's metadata does not say is null.
	 */
	{"CephfsClient",
	 "{id: i, host: s?, mount_root: s?, version: s?, entity: s?, caps: i, state: s?, "
	 "address: s?, internal: b}"},
	/* error: in a list, why the volumes module could not describe it (the rest null). */
	{"SubvolumeGroup", "{name: s, " DIR_ATTRS ", error?: s}"},
	/* size: the quota in bytes, null when unlimited; group null when in none. */
	{"Subvolume",
	 "{name: s, group: s?, path: s?, size: i?, state: s?, pool_namespace: s?, " DIR_ATTRS
	 ", error?: s}"},
	{"SubvolumeSnapshot", "{name: s, created_at: t?, has_pending_clones: b, error?: s}"},
	/*
	 * An entry of a directory (item_json, cephfs_dirs.c); files, subdirs (recursive),
	 * quota (null: none) and snapshots only for directories, all null when it could not
	 * be read.
	 */
	{"DirEntry",
	 "{name: s, path: s, type: (dir|file|symlink|other), size: i, mode: s, uid: i, gid: i, "
	 "mtime: t?, files?: i?, subdirs?: i?, quota?: {max_bytes: i, max_files: i}?, "
	 "snapshots?: i?}"},
	/* A page of a directory: the list envelope with the directory itself as dir. */
	{"DirListing", "{dir: DirEntry, items: [DirEntry], total: i, offset: i, limit: i}"},
	/* 0 is no limit. */
	{"CephfsQuota", "{path: s, max_bytes: i, max_files: i}"},
	/* A directory's own snapshot; path is the snapshot's, under .snap. */
	{"CephfsSnapshot", "{name: s, path: s, created_at: t?}"},
	{NULL, NULL},
};
