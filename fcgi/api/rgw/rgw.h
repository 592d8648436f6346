/*
 * rgw.h - the Object Gateway area: /api/clusters/{fsid}/rgw/... (daemons, users with
 * their keys, subusers, caps and quotas, buckets), through the Admin Ops API and, where
 * it has no verb, S3 as the bucket's owner (backends/rgw.h).
 */
#ifndef OA_API_RGW_H
#define OA_API_RGW_H

#include <cjson/cJSON.h>

#include "core/json.h"
#include "core/list.h"
#include "core/req.h"
#include "server/schema.h"
#include "server/tasks.h"

/*
 * Which NFS exports use a bucket of r->cluster: 0 with *ids (a new array of export
 * ids), or the status answered. The NFS area knows; the areas do not include each
 * other, so main sets this (NULL: no NFS area, nothing uses a bucket).
 */
extern int (*rgw_bucket_exports)(struct req *r, const char *bucket, cJSON **ids);

/* rgw.c */
int rgw_daemons_list(struct req *r);

/* rgw_users.c */
int rgw_users_list(struct req *r);
int rgw_users_create(struct req *r);
int rgw_users_get(struct req *r);
int rgw_users_patch(struct req *r);
int rgw_users_delete(struct req *r);
int rgw_user_delete_run(struct task *t);
extern const struct field_spec rgw_users_create_body[], rgw_users_patch_body[];
/*
 * User uid of r->cluster as RGW has it (GET /admin/user; stats: with its usage): 0 with
 * *info (owned by r, secrets included: never answer it as it is), or the error answered
 * (404 user_not_found also for a uid no user can have: empty, with ':' or a control
 * character).
 */
int rgw_user_info(struct req *r, const char *uid, int stats, const cJSON **info);
/* Answers status with user uid as it is now: the user item with usage, no secret. */
int rgw_user_respond(struct req *r, const char *uid, int status);
/* The API's subuser {"id","name","access"} of RGW's {"id","permissions"} (new). */
cJSON *rgw_subuser_item(const cJSON *su);
/* Checks an S3 access key and a secret of a body (either may be NULL). 0, or 422 answered. */
int rgw_check_key(struct req *r, const char *access_key, const char *secret_key);

/* rgw_keys.c: keys, subusers and caps of a user */
int rgw_keys_create(struct req *r);
int rgw_keys_delete(struct req *r);
int rgw_keys_reveal(struct req *r);
int rgw_subusers_list(struct req *r);
int rgw_subusers_create(struct req *r);
int rgw_subusers_patch(struct req *r);
int rgw_subusers_delete(struct req *r);
int rgw_caps_put(struct req *r);
extern const struct field_spec rgw_keys_create_body[], rgw_subusers_create_body[],
	rgw_subusers_patch_body[], rgw_caps_put_body[];

/* rgw_buckets.c */
int rgw_buckets_list(struct req *r);
int rgw_buckets_create(struct req *r);
int rgw_buckets_get(struct req *r);
int rgw_buckets_patch(struct req *r);
int rgw_buckets_delete(struct req *r);
int rgw_bucket_delete_run(struct task *t);
extern const struct field_spec rgw_buckets_create_body[], rgw_buckets_patch_body[];

/* rgw.c, shared by users and buckets: the API's quota {"enabled","max_size","max_objects"}
 * of RGW's quota (new). */
cJSON *rgw_quota_item(const cJSON *q);
/* Checks a quota change (fields of the API's quota) named field: 0, or 400/422 answered. */
int rgw_quota_check(struct req *r, const char *field, const cJSON *q);

/* rgw_s3.c: S3 as a bucket's owner */
struct rgw_call;
/*
 * Sets up an S3 call on bucket (its bare name, without tenant): method, a subresource
 * flag ("versioning") or NULL, and an XML body (taken) or NULL.
 */
void rgw_s3_call(struct req *r, struct rgw_call *call, const char *method, const char *bucket,
		 const char *sub, char *body);
/*
 * Runs n S3 calls at once as user owner, with its first S3 key (wiped after), and
 * releases them: 0, or the first failure answered: 404 user_not_found or 409
 * owner_has_no_keys (field owner), or RGW's error with S3's message.
 */
int rgw_s3_run(struct req *r, const char *owner, struct rgw_call *calls, int n);
/*
 * The default object lock retention of bucket (bare name) of owner in *ret (new:
 * {"mode","days"|"years"}; NULL when it has none or owner has no S3 key): 0, or 503
 * answered.
 */
int rgw_s3_retention(struct req *r, const char *bucket, const char *owner, cJSON **ret);
/* The XML bodies (new): making a bucket on a placement target, versioning, object lock
 * with a default retention {"mode","days"|"years"} or none (null). */
char *rgw_s3_create_xml(const char *placement);
char *rgw_s3_versioning_xml(int enabled);
char *rgw_s3_object_lock_xml(const cJSON *retention);

/* What the route rows name: list specs, query parameters, the component schemas. */
extern const struct list_spec rgw_buckets_list_spec, rgw_daemons_list_spec, rgw_subusers_list_spec,
	rgw_users_list_spec;
extern const struct field_spec rgw_users_delete_query[], rgw_buckets_list_query[],
	rgw_buckets_delete_query[];
extern const struct schema_def rgw_schemas[];

#endif
