/*
 * cephfs.h - the CephFS area: /api/clusters/{fsid}/cephfs/... (file systems, their
 * clients, directories with quotas and snapshots, subvolume groups and subvolumes),
 * through the monitor's fs map, libcephfs (backends/cephfs.h) and the manager's
 * volumes module.
 */
#ifndef OA_API_CEPHFS_H
#define OA_API_CEPHFS_H

#include <cjson/cJSON.h>

#include "core/json.h"
#include "core/list.h"
#include "core/req.h"
#include "server/schema.h"
#include "server/tasks.h"

/* --- file systems (cephfs_fs.c), clients (cephfs_clients.c), subvolumes --------- */

/*
 * Which NFS exports serve file system fs of r->cluster (is_default: it is the
 * cluster's default file system, which an export naming none serves): 0 with *ids (a
 * new array of export ids, owned by r), or the status answered. The NFS area knows; the
 * areas do not include each other, so main sets this (NULL: no NFS area).
 */
extern int (*cephfs_fs_exports)(struct req *r, const char *fs, int is_default, cJSON **ids);

/*
 * File system fs of r->cluster in the fs map (the view's `fs dump`): its entry
 * {"mdsmap","id"}, or NULL with 404 fs_not_found (or the view's failure) answered.
 */
const cJSON *cephfs_find(struct req *r, const char *fs);
/*
 * For a route that needs fs's MDS: 0 when rank 0 is up:active in the view, else 404
 * fs_not_found or 503 mds_unavailable (Retry-After) answered; returns the status.
 */
int cephfs_check_active(struct req *r, const char *fs);
/*
 * Answers a failed MDS command on fs (or a volumes-module call that timed out): an
 * MDS that does not answer or holds no rank is 503 mds_unavailable, anything else
 * resp_ceph_error's. Returns the status.
 */
int cephfs_resp_mds_error(struct req *r, const char *fs, int rc, const char *msg);

/*
 * How many clients use fs (rank 0's sessions, but for openATTIC's own and the
 * managers'): 0 with *n, or the error answered (503 when the MDS does not answer).
 */
int cephfs_count_clients(struct req *r, const char *fs, int *n);

int cephfs_list(struct req *r);
int cephfs_get(struct req *r);
int cephfs_create(struct req *r);
int cephfs_delete(struct req *r);
int cephfs_create_run(struct task *t);
int cephfs_delete_run(struct task *t);
int cephfs_clients_list(struct req *r);
int cephfs_clients_evict(struct req *r);
extern const struct field_spec cephfs_create_body[];

int cephfs_groups_list(struct req *r);
int cephfs_groups_create(struct req *r);
int cephfs_groups_delete(struct req *r);
int cephfs_subvolumes_list(struct req *r);
int cephfs_subvolumes_create(struct req *r);
int cephfs_subvolumes_get(struct req *r);
int cephfs_subvolumes_patch(struct req *r);
int cephfs_subvolumes_delete(struct req *r);
int cephfs_subvolume_snaps_list(struct req *r);
int cephfs_subvolume_snaps_create(struct req *r);
int cephfs_subvolume_snaps_delete(struct req *r);
extern const struct field_spec cephfs_groups_create_body[], cephfs_subvolumes_create_body[],
	cephfs_subvolumes_patch_body[], cephfs_subvolume_snaps_create_body[];

/* --- directories, their quotas and snapshots (cephfs_dirs.c) ---------------------- */

int cephfs_dirs_list(struct req *r);
int cephfs_dirs_create(struct req *r);
int cephfs_dirs_delete(struct req *r);
int cephfs_quota_get(struct req *r);
int cephfs_quota_put(struct req *r);
int cephfs_snapshots_list(struct req *r);
int cephfs_snapshots_create(struct req *r);
int cephfs_snapshots_delete(struct req *r);
extern const struct field_spec cephfs_dirs_create_body[], cephfs_quota_put_body[],
	cephfs_snapshots_create_body[];

/* What the route rows name: list specs, query parameters, the component schemas. */
extern const struct list_spec cephfs_clients_list_spec, cephfs_dirs_list_spec,
	cephfs_groups_list_spec, cephfs_list_spec, cephfs_snapshots_list_spec,
	cephfs_subvolume_snaps_list_spec, cephfs_subvolumes_list_spec;
extern const struct field_spec cephfs_path_query[], cephfs_snapshots_delete_query[],
	cephfs_delete_query[], cephfs_group_query[];
extern const struct schema_def cephfs_schemas[];

#endif
