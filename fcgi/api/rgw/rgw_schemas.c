/*
 * rgw_schemas.c - the component schemas of the rgw area's answers, in the notation of
 * server/schema.h, named by the route rows' answers (routes.c). The API tests check
 * every answer against them, so they say exactly what the handlers build.
 */
#include "api/rgw/rgw.h"

const struct schema_def rgw_schemas[] = {
	/* rgw_daemon_json: "" where the service map says nothing; started_at is Ceph's own
	 * time text ("2026-12-05T05:58:00.558799+0000"), not RFC 3339. */
	{"RgwDaemon",
	 "{id: s, gid: i, hostname: s, endpoint: s, version: s, zone: s, zonegroup: s, realm: s, "
	 "frontend: s, started_at: s}"},
	/* A user's quota, its per-bucket default or a bucket's (rgw_quota_item): -1 unlimited. */
	{"RgwQuota", "{enabled: b, max_size: i, max_objects: i}"},
	/* A key without its secret; a Swift key is named (user and access_key) by its subuser. */
	{"RgwKey", "{user: s, access_key: s, type: (s3|swift)}"},
	/* A key with its secret: the answer of a key create and of reveal only. */
	{"NewRgwKey", "{user: s, access_key: s, secret_key: s, type: (s3|swift)}"},
	/* rgw_subuser_item: RGW's permissions in the API's words (all a subuser can have). */
	{"RgwSubuser", "{id: s, name: s, access: (none|read|write|readwrite|full)}"},
	/* A subuser just made, with its Swift key and secret (none without generate_secret). */
	{"NewRgwSubuser",
	 "{id: s, name: s, access: (none|read|write|readwrite|full), keys: [NewRgwKey]}"},
	/* A user of the list (user_item without stats); a cap's perm is read, write or *. */
	{"RgwUser",
	 "{uid: s, tenant: s, user_id: s, display_name: s, email: s, suspended: b, max_buckets: i, "
	 "op_mask: s, system: b, admin: b, keys: [RgwKey], subusers: [RgwSubuser], "
	 "caps: [{type: s, perm: s}], quota: {user: RgwQuota, bucket: RgwQuota}}"},
	/* One user (GET, PATCH, caps PUT): the list's item with its usage. */
	{"RgwUserDetail",
	 "{uid: s, tenant: s, user_id: s, display_name: s, email: s, suspended: b, max_buckets: i, "
	 "op_mask: s, system: b, admin: b, keys: [RgwKey], subusers: [RgwSubuser], "
	 "caps: [{type: s, perm: s}], quota: {user: RgwQuota, bucket: RgwQuota}, usage: {size: i, "
	 "size_actual: i, objects: i}}"},
	/* A user just made (created_item): no usage, and its keys (a new user has no subuser, so
	 * S3 keys only) with their secrets, shown this once. */
	{"NewRgwUser",
	 "{uid: s, tenant: s, user_id: s, display_name: s, email: s, suspended: b, max_buckets: i, "
	 "op_mask: s, system: b, admin: b, keys: [NewRgwKey], subusers: [RgwSubuser], "
	 "caps: [{type: s, perm: s}], quota: {user: RgwQuota, bucket: RgwQuota}}"},
	/* A bucket of the list (bucket_item with its flags): name is "tenant/bucket" for a
	 * tenant's bucket; created_at null when RGW gives no creation time. */
	{"RgwBucket",
	 "{name: s, tenant: s, bucket: s, id: s, owner: s, objects: i, size: i, size_actual: i, "
	 "quota: RgwQuota, versioning: (off|enabled|suspended), object_lock: b, placement: s, "
	 "created_at: t?}"},
	/* One bucket (GET, POST, PATCH): the list's item with the ids of the NFS exports of it
	 * and its default object lock retention (days or years; null without one, or when
	 * the owner has no S3 key to read it with). */
	{"RgwBucketDetail",
	 "{name: s, tenant: s, bucket: s, id: s, owner: s, objects: i, size: i, size_actual: i, "
	 "quota: RgwQuota, versioning: (off|enabled|suspended), object_lock: b, placement: s, "
	 "created_at: t?, nfs_exports: [i], object_lock_retention: {mode: (GOVERNANCE|COMPLIANCE), "
	 "days?: i, years?: i}?}"},
	{NULL, NULL},
};
