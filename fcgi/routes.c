/*
 * routes.c - the one route table. A row: method, path pattern ({name} captures a
 * percent-decoded segment), handler, flags, accepted body fields, summary. The
 * dispatcher (router.c) applies the flags; the OpenAPI document (openapi.c) is made
 * from these rows. Without R_PUBLIC a route needs a login; GETs are open to every
 * role, anything else needs operator unless R_SELF, and R_ADMIN needs admin.
 */
#include "api.h"
#include "router.h"

const struct route routes[] = {
	{"GET", "/api/health", health_get, R_PUBLIC, NULL, "What this instance can reach"},
	{"GET", "/api/openapi.json", openapi_get, R_PUBLIC, NULL, "This API's OpenAPI document"},
	{"POST", "/api/auth/login", sessions_login, R_PUBLIC, sessions_login_body,
	 "Log in: a session token, a CSRF token and the oa_session cookie"},
	{"POST", "/api/auth/logout", sessions_logout, R_SELF, NULL, "End the current session"},
	{"GET", "/api/auth/me", sessions_me, 0, NULL, "The logged-in user"},

	{"GET", "/api/users", users_list, R_ADMIN, NULL, "List users"},
	{"POST", "/api/users", users_create, R_ADMIN, users_create_body, "Create a user"},
	{"GET", "/api/users/{username}", users_get, 0, NULL, "A user (admins, or the user itself)"},
	{"PATCH", "/api/users/{username}", users_patch, R_SELF, users_patch_body,
	 "Change a user's role, email, disabled flag (admins) or password (own needs old_password)"},
	{"DELETE", "/api/users/{username}", users_delete, R_ADMIN, NULL,
	 "Delete a user (not yourself, not the last admin)"},

	{"GET", "/api/tokens", tokens_list, 0, NULL, "List API tokens (own; admins see all)"},
	{"POST", "/api/tokens", tokens_create, R_SELF, tokens_create_body,
	 "Create an API token for automation; the secret is shown only in this answer"},
	{"DELETE", "/api/tokens/{id}", tokens_delete, R_SELF, NULL, "Revoke an API token"},

	{"GET", "/api/tasks", tasks_list, 0, NULL, "List tasks, newest first"},
	{"GET", "/api/tasks/{id}", tasks_get, 0, NULL, "A task, with its progress"},
	{"DELETE", "/api/tasks/{id}", tasks_cancel, 0, NULL, "Cancel a queued or running task"},
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
	{"GET", "/api/clusters/{fsid}/osds/{id}", osds_get, R_CLUSTER, NULL,
	 "An OSD, with its metadata and commit/apply latencies"},
	{"PATCH", "/api/clusters/{fsid}/osds/{id}", osds_patch, R_CLUSTER, osds_patch_body,
	 "Mark an OSD in or out, or change its reweight (0 to 1)"},
	{"POST", "/api/clusters/{fsid}/osds/{id}/scrub", osds_scrub, R_CLUSTER, osds_scrub_body,
	 "Ask an OSD to (deep-)scrub: 202, Ceph runs it later; no task to follow"},
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

	{"GET", "/api/audit", audit_list, R_ADMIN, NULL, "The audit trail, newest first"},
	{NULL, NULL, NULL, 0, NULL, NULL},
};
