/*
 * routes.c - the one route table. A row: method, path pattern ({name} captures a
 * percent-decoded segment), handler, flags, accepted body fields, summary. The
 * dispatcher (router.c) applies the flags; the OpenAPI document (openapi.c) is made
 * from these rows. Without R_PUBLIC a route needs a login; GETs are open to every
 * role, anything else needs operator unless R_ANY_ROLE, and R_ADMIN needs admin.
 * R_SLOW marks a route that may wait long on a backend (a listing of every NFS
 * export object), R_SLOW_IF one that does for some queries (an image list that
 * describes every image): they share [server] slow_workers (keep the $oa_slow map of
 * conf/nginx/openattic.conf in step).
 */
#include "api/accounts/accounts.h"
#include "api/admin/admin.h"
#include "api/cluster/cluster.h"
#include "api/gateways/iscsi/iscsi.h"
#include "api/gateways/nfs/nfs.h"
#include "api/nodes/nodes.h"
#include "api/pools/pools.h"
#include "api/rbd/rbd.h"
#include "api/system/system.h"
#include "server/router.h"
#include "tables.h"

/* A row without a typed {name:int} parameter leaves its last member, noun, out. */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

const struct route routes[] = {
	{"GET", "/api/health", health_get, R_PUBLIC | R_IDENTIFY, NULL,
	 "What this instance can reach"},
	{"GET", "/api/openapi.json", openapi_get, R_PUBLIC, NULL, "This API's OpenAPI document"},
	{"POST", "/api/auth/login", sessions_login, R_PUBLIC, sessions_login_body,
	 "Log in: a session token, a CSRF token and the oa_session cookie"},
	{"POST", "/api/auth/logout", sessions_logout, R_ANY_ROLE, NULL, "End the current session"},
	{"GET", "/api/auth/me", sessions_me, 0, NULL,
	 "The logged-in user; for a browser session also its csrf_token"},

	{"GET", "/api/users", users_list, R_ADMIN, NULL, "List users"},
	{"POST", "/api/users", users_create, R_ADMIN, users_create_body, "Create a user"},
	{"GET", "/api/users/{username}", users_get, R_OWNER, NULL,
	 "A user (admins, or the user itself)"},
	{"PATCH", "/api/users/{username}", users_patch, R_ANY_ROLE | R_OWNER, users_patch_body,
	 "Change a user's role, email, disabled flag (admins) or password (own needs "
	 "old_password)"},
	{"DELETE", "/api/users/{username}", users_delete, R_ADMIN, NULL,
	 "Delete a user (not yourself, not the last admin)"},

	{"GET", "/api/tokens", tokens_list, 0, NULL, "List API tokens (own; admins see all)"},
	{"POST", "/api/tokens", tokens_create, R_ANY_ROLE, tokens_create_body,
	 "Create an API token for automation; the secret is shown only in this answer"},
	{"DELETE", "/api/tokens/{id:int}", tokens_delete, R_ANY_ROLE, NULL, "Revoke an API token",
	 "token"},

	{"GET", "/api/tasks", tasks_list, 0, NULL,
	 "List tasks, newest first; filters: state (several, comma-separated), kind, created_by, "
	 "fsid (the cluster a task works on)"},
	{"GET", "/api/tasks/{id:int}", tasks_get, 0, NULL, "A task, with its progress", "task"},
	{"DELETE", "/api/tasks/{id:int}", tasks_cancel, 0, NULL, "Cancel a queued or running task",
	 "task"},
	{"POST", "/api/maintenance/purge", purge_start, R_ADMIN, purge_body,
	 "Queue a purge of old tasks, expired sessions and (optionally) old audit rows"},

	{"GET", "/api/clusters", clusters_list, 0, NULL, "The configured clusters, with health"},
	{"GET", "/api/clusters/{fsid}/status", clusters_status, R_CLUSTER, NULL,
	 "Health with every check, monitors and quorum, OSDs, PGs, capacity, I/O rates"},
	{"GET", "/api/clusters/{fsid}/pools", pools_list, R_CLUSTER, NULL,
	 "Pools with their settings and usage"},
	{"POST", "/api/clusters/{fsid}/pools", pools_create, R_CLUSTER, pools_create_body,
	 "Create a pool: a task that ends when its placement groups are active"},
	{"GET", "/api/clusters/{fsid}/pools/{name}", pools_get, R_CLUSTER, NULL, "A pool"},
	{"PATCH", "/api/clusters/{fsid}/pools/{name}", pools_patch, R_CLUSTER, pools_patch_body,
	 "Change a pool's settings, or rename it"},
	{"DELETE", "/api/clusters/{fsid}/pools/{name}", pools_delete, R_CLUSTER, NULL,
	 "Delete a pool and all its data (needs ?confirm=<name>): a task"},
	{"GET", "/api/clusters/{fsid}/osds", osds_list, R_CLUSTER, NULL,
	 "OSDs with host, state, weights, device class, PGs and usage"},
	{"GET", "/api/clusters/{fsid}/osds/{id:int}", osds_get, R_CLUSTER, NULL,
	 "An OSD, with its metadata and commit/apply latencies", "osd"},
	{"PATCH", "/api/clusters/{fsid}/osds/{id:int}", osds_patch, R_CLUSTER, osds_patch_body,
	 "Mark an OSD in or out, or change its reweight (0 to 1)", "osd"},
	{"POST", "/api/clusters/{fsid}/osds/{id:int}/scrub", osds_scrub, R_CLUSTER, osds_scrub_body,
	 "Ask an OSD to (deep-)scrub: 202, Ceph runs it later; no task to follow", "osd"},
	{"GET", "/api/clusters/{fsid}/flags", flags_get, R_CLUSTER, NULL,
	 "The cluster-wide OSD flags set (noout, noscrub, pause, ...)"},
	{"PUT", "/api/clusters/{fsid}/flags", flags_put, R_CLUSTER, flags_put_body,
	 "Set the whole wanted set of cluster flags: missing ones are set, others unset"},
	{"GET", "/api/clusters/{fsid}/monitors", monitors_list, R_CLUSTER, NULL,
	 "Monitors with their address and place in the quorum"},
	{"GET", "/api/clusters/{fsid}/erasure-code-profiles", ecprofiles_list, R_CLUSTER, NULL,
	 "Erasure-code profiles, with the pools using each"},
	{"POST", "/api/clusters/{fsid}/erasure-code-profiles", ecprofiles_create, R_CLUSTER,
	 ecprofiles_create_body, "Create an erasure-code profile"},
	{"GET", "/api/clusters/{fsid}/erasure-code-profiles/{name}", ecprofiles_get, R_CLUSTER,
	 NULL, "An erasure-code profile"},
	{"DELETE", "/api/clusters/{fsid}/erasure-code-profiles/{name}", ecprofiles_delete,
	 R_CLUSTER, NULL, "Delete an erasure-code profile no pool uses"},
	{"GET", "/api/clusters/{fsid}/crush/rules", crush_rules, R_CLUSTER, NULL,
	 "CRUSH rules, with their steps and the pools placed by each"},
	{"GET", "/api/clusters/{fsid}/crush/tree", crush_tree, R_CLUSTER, NULL,
	 "The CRUSH hierarchy: roots, buckets, OSDs"},
	{"GET", "/api/clusters/{fsid}/pools/{pool}/images", images_list, R_CLUSTER | R_SLOW_IF,
	 NULL,
	 "RBD images of a pool (?namespace=), paged, sorted and searched; ?fields=used adds "
	 "the space used where fast-diff can tell"},
	{"POST", "/api/clusters/{fsid}/pools/{pool}/images", images_create, R_CLUSTER,
	 images_create_body, "Create an RBD image (size in bytes)"},
	{"GET", "/api/clusters/{fsid}/pools/{pool}/images/{image}", images_get, R_CLUSTER, NULL,
	 "An RBD image, with its block name prefix, watchers and locks"},
	{"PATCH", "/api/clusters/{fsid}/pools/{pool}/images/{image}", images_patch, R_CLUSTER,
	 images_patch_body,
	 "Resize (shrinking needs allow_shrink), change features or rename an RBD image"},
	{"DELETE", "/api/clusters/{fsid}/pools/{pool}/images/{image}", images_delete, R_CLUSTER,
	 NULL, "Delete an RBD image nobody has open and without snapshots: a task"},
	{"GET", "/api/clusters/{fsid}/pools/{pool}/images/{image}/snapshots", snaps_list, R_CLUSTER,
	 NULL, "An RBD image's snapshots"},
	{"POST", "/api/clusters/{fsid}/pools/{pool}/images/{image}/snapshots", snaps_create,
	 R_CLUSTER, snaps_create_body, "Snapshot an RBD image"},
	{"PATCH", "/api/clusters/{fsid}/pools/{pool}/images/{image}/snapshots/{snap}", snaps_patch,
	 R_CLUSTER, snaps_patch_body, "Rename, protect or unprotect a snapshot"},
	{"DELETE", "/api/clusters/{fsid}/pools/{pool}/images/{image}/snapshots/{snap}",
	 snaps_delete, R_CLUSTER, NULL, "Delete a snapshot (not while protected or cloned)"},
	{"POST", "/api/clusters/{fsid}/pools/{pool}/images/{image}/snapshots/{snap}/rollback",
	 snaps_rollback, R_CLUSTER, NULL, "Roll an RBD image back to a snapshot: a task"},
	{"POST", "/api/clusters/{fsid}/pools/{pool}/images/{image}/snapshots/{snap}/clone",
	 snaps_clone, R_CLUSTER, snaps_clone_body,
	 "Clone a snapshot (protected, or any where the cluster allows clone v2)"},
	{"POST", "/api/clusters/{fsid}/pools/{pool}/images/{image}/flatten", images_flatten,
	 R_CLUSTER, NULL, "Copy a clone's parent data into it, detaching it: a task"},
	{"POST", "/api/clusters/{fsid}/pools/{pool}/images/{image}/copy", images_copy, R_CLUSTER,
	 images_copy_body, "Copy an RBD image (deep: with its snapshots) into a pool: a task"},
	{"GET", "/api/clusters/{fsid}/pools/{pool}/namespaces", namespaces_list, R_CLUSTER, NULL,
	 "The RBD namespaces of a pool"},
	{"POST", "/api/clusters/{fsid}/pools/{pool}/namespaces", namespaces_create, R_CLUSTER,
	 namespaces_create_body, "Create an RBD namespace in a pool"},
	{"DELETE", "/api/clusters/{fsid}/pools/{pool}/namespaces/{name}", namespaces_delete,
	 R_CLUSTER, NULL, "Remove an empty RBD namespace (409 while it holds images or trash)"},
	{"GET", "/api/clusters/{fsid}/pools/{pool}/trash", trash_list, R_CLUSTER, NULL,
	 "The RBD trash of a pool (?namespace=)"},
	{"POST", "/api/clusters/{fsid}/pools/{pool}/trash", trash_move, R_CLUSTER, trash_move_body,
	 "Move an RBD image to the trash, purgeable after delay_s"},
	{"POST", "/api/clusters/{fsid}/pools/{pool}/trash/{id}", trash_restore, R_CLUSTER,
	 trash_restore_body, "Restore an image from the trash (optionally under a new name)"},
	{"DELETE", "/api/clusters/{fsid}/pools/{pool}/trash/{id}", trash_purge, R_CLUSTER, NULL,
	 "Purge an image from the trash (before its deferment ends only with ?force=true): a task"},

	{"GET", "/api/nodes", nodes_list, R_SALT, NULL,
	 "Salt minions: key state, reachability, host name, addresses, OS, roles"},
	{"POST", "/api/nodes/ping", nodes_ping, R_SALT, nodes_ping_body,
	 "Check which nodes answer: a Salt job task (test.ping)"},
	{"GET", "/api/nodes/{id}", nodes_get, R_SALT, NULL,
	 "A node: grains, disks, addresses and the Ceph daemons it runs"},

	{"GET", "/api/clusters/{fsid}/iscsi/targets", iscsi_targets_list, R_CLUSTER, NULL,
	 "iSCSI targets of the cluster (stored in one RADOS object); secrets never shown"},
	{"POST", "/api/clusters/{fsid}/iscsi/targets", iscsi_targets_create, R_CLUSTER | R_SALT,
	 iscsi_create_body,
	 "Create an iSCSI target: portals on gateways, RBD images as LUNs, CHAP, ACLs"},
	{"GET", "/api/clusters/{fsid}/iscsi/targets/{iqn}", iscsi_targets_get, R_CLUSTER, NULL,
	 "An iSCSI target, with the version a PUT must name"},
	{"PUT", "/api/clusters/{fsid}/iscsi/targets/{iqn}", iscsi_targets_put, R_CLUSTER | R_SALT,
	 iscsi_put_body, "Replace an iSCSI target; a stale version gets 409 conflict"},
	{"DELETE", "/api/clusters/{fsid}/iscsi/targets/{iqn}", iscsi_targets_delete, R_CLUSTER,
	 NULL, "Delete an iSCSI target (?version= makes it conditional)"},
	{"POST", "/api/clusters/{fsid}/iscsi/deploy", iscsi_deploy, R_CLUSTER | R_SALT,
	 iscsi_deploy_body,
	 "Apply the stored iSCSI configuration on the gateways: a Salt job task (openattic.iscsi)"},
	{"GET", "/api/clusters/{fsid}/iscsi/status", iscsi_status, R_CLUSTER, NULL,
	 "Per gateway: the outcome and configuration version of its latest deploy"},

	{"GET", "/api/clusters/{fsid}/nfs/exports", nfs_exports_list, R_CLUSTER | R_SLOW, NULL,
	 "NFS-Ganesha exports of the cluster (export-<id> RADOS objects); secrets never shown"},
	{"POST", "/api/clusters/{fsid}/nfs/exports", nfs_exports_create, R_CLUSTER | R_SLOW,
	 nfs_create_body,
	 "Create an NFS export: FSAL CEPH or RGW, pseudo path, access, squash, client blocks"},
	{"GET", "/api/clusters/{fsid}/nfs/exports/{id:int}", nfs_exports_get, R_CLUSTER, NULL,
	 "An NFS export, with the version a PUT must name", "export"},
	{"PUT", "/api/clusters/{fsid}/nfs/exports/{id:int}", nfs_exports_put, R_CLUSTER | R_SLOW,
	 nfs_put_body, "Replace an NFS export; a stale version gets 409 conflict", "export"},
	{"DELETE", "/api/clusters/{fsid}/nfs/exports/{id:int}", nfs_exports_delete, R_CLUSTER, NULL,
	 "Delete an NFS export (?version= makes it conditional)", "export"},
	{"POST", "/api/clusters/{fsid}/nfs/deploy", nfs_deploy, R_CLUSTER | R_SALT | R_SLOW,
	 nfs_deploy_body,
	 "Reload NFS-Ganesha on its hosts with the stored exports: a Salt job task "
	 "(openattic.ganesha)"},
	{"GET", "/api/clusters/{fsid}/nfs/status", nfs_status, R_CLUSTER | R_SLOW, NULL,
	 "Per Ganesha host: the outcome and configuration fingerprint of its latest deploy"},

	{"GET", "/api/audit", audit_list, R_ADMIN, NULL, "The audit trail, newest first"},
	{NULL, NULL, NULL, 0, NULL, NULL},
};
