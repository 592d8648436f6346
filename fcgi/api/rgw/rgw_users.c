/*
 * rgw_users.c - /api/clusters/{fsid}/rgw/users: the Object Gateway's users through the
 * Admin Ops API (/admin/metadata/user, /admin/user), and the rgw.user_delete kind that
 * deletes a user with its buckets. RGW's user record is the only truth; nothing is kept
 * here. A user answer never holds a secret (user_item copies named fields only);
 * a create shows the secrets of the keys it made, once.
 *
 * The list asks RGW for every uid in one call; sorted by uid without a search, only the
 * page's users are read (at once, rgw_call_many), else every user is read and
 * list_array sorts, searches and pages. Values are checked before RGW is asked (422
 * with the field). RGW's own quirks are met here: a quota set with some fields resets
 * the others (so PATCH sends the merged quota), and deleting a user that owns buckets
 * answers BucketAlreadyExists (so the buckets are looked at first: user_has_buckets).
 */
#include "api/rgw/rgw.h"
#include "backends/ceph.h"
#include "backends/rgw.h"
#include "core/list.h"
#include "core/resp.h"
#include "server/tasks.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define NAME_MAX_LEN 64
/* What one bucket's purge may take (RGW deletes its objects before it answers). */
#define PURGE_TIMEOUT_S 1800

static int
has_ctl(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	return 0;
}

/* NULL if uid can be an RGW user id ("name", "tenant$name"), else why not. */
static const char *
uid_problem(const char *uid)
{
	const char *name = strchr(uid, '$');
	size_t tlen = name ? (size_t)(name - uid) : 0;

	name = name ? name + 1 : uid;
	if (name != uid && (!tlen || tlen > NAME_MAX_LEN ||
			    strspn(uid, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
					"0123456789_") != tlen))
		return "a tenant is 1-64 of A-Z a-z 0-9 _";
	if (!*name || strlen(name) > NAME_MAX_LEN)
		return "a user id has 1-64 characters (tenant$name for a tenant's user)";
	if (strchr(name, '$') || strchr(name, ':') || has_ctl(name))
		return "a user id has no '$' (but the tenant's), ':' or control characters";
	return NULL;
}

int
rgw_user_info(struct req *r, const char *uid, int stats, const cJSON **info)
{
	struct rgw_query q = {0};

	/* Not uid_problem: a user radosgw-admin made may break the rules a create keeps. */
	if (!*uid || strchr(uid, ':') || has_ctl(uid))
		return resp_error(r, 404, "user_not_found", NULL, "there is no user '%s'", uid);
	rgw_q(&q, "uid", uid);
	if (stats)
		rgw_q(&q, "stats", "true");
	return rgw_req_admin(r, "GET", "/admin/user", &q, info);
}

static const char *const access_rgw[][2] = {
	{"<none>", "none"},          {"read", "read"},         {"write", "write"},
	{"read-write", "readwrite"}, {"full-control", "full"},
};

cJSON *
rgw_subuser_item(const cJSON *su)
{
	const char *id = json_str(su, "id") ?: "", *perm = json_str(su, "permissions") ?: "";
	const char *colon = strchr(id, ':'), *access = perm;
	cJSON *j = cJSON_CreateObject();

	for (size_t i = 0; i < ARRAY_LEN(access_rgw); i++)
		if (!strcmp(perm, access_rgw[i][0]))
			access = access_rgw[i][1];
	cJSON_AddStringToObject(j, "id", id);
	cJSON_AddStringToObject(j, "name", colon ? colon + 1 : id);
	cJSON_AddStringToObject(j, "access", access);
	return j;
}

static cJSON *
key_item(const char *user, const char *access_key, const char *type)
{
	cJSON *j = cJSON_CreateObject();

	cJSON_AddStringToObject(j, "user", user ?: "");
	cJSON_AddStringToObject(j, "access_key", access_key ?: "");
	cJSON_AddStringToObject(j, "type", type);
	return j;
}

/* The API's user item of RGW's user info (new): never a secret; usage when info has stats. */
static cJSON *
user_item(const cJSON *info)
{
	const char *tenant = json_str(info, "tenant") ?: "", *id = json_str(info, "user_id") ?: "";
	const cJSON *v, *stats = cJSON_GetObjectItemCaseSensitive(info, "stats");
	cJSON *j = cJSON_CreateObject(), *a, *q;
	char *uid = *tenant ? xasprintf("%s$%s", tenant, id) : xstrdup(id);

	cJSON_AddStringToObject(j, "uid", uid);
	free(uid);
	cJSON_AddStringToObject(j, "tenant", tenant);
	cJSON_AddStringToObject(j, "user_id", id);
	cJSON_AddStringToObject(j, "display_name", json_str(info, "display_name") ?: "");
	cJSON_AddStringToObject(j, "email", json_str(info, "email") ?: "");
	cJSON_AddBoolToObject(j, "suspended", json_long(info, "suspended", 0) != 0);
	cJSON_AddNumberToObject(j, "max_buckets", (double)json_long(info, "max_buckets", 0));
	cJSON_AddStringToObject(j, "op_mask", json_str(info, "op_mask") ?: "");
	cJSON_AddBoolToObject(j, "system", !strcmp(json_str(info, "system") ?: "", "true"));
	cJSON_AddBoolToObject(j, "admin", !strcmp(json_str(info, "admin") ?: "", "true"));
	a = cJSON_AddArrayToObject(j, "keys");
	cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(info, "keys"))
		cJSON_AddItemToArray(
			a, key_item(json_str(v, "user"), json_str(v, "access_key"), "s3"));
	/* A Swift key is named by its subuser: that is what a Swift client logs in with. */
	cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(info, "swift_keys"))
		cJSON_AddItemToArray(a,
				     key_item(json_str(v, "user"), json_str(v, "user"), "swift"));
	a = cJSON_AddArrayToObject(j, "subusers");
	cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(info, "subusers"))
		cJSON_AddItemToArray(a, rgw_subuser_item(v));
	a = cJSON_AddArrayToObject(j, "caps");
	cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(info, "caps")) {
		cJSON *c = cJSON_CreateObject();
		cJSON_AddStringToObject(c, "type", json_str(v, "type") ?: "");
		cJSON_AddStringToObject(c, "perm", json_str(v, "perm") ?: "");
		cJSON_AddItemToArray(a, c);
	}
	q = cJSON_AddObjectToObject(j, "quota");
	cJSON_AddItemToObject(q, "user",
			      rgw_quota_item(cJSON_GetObjectItemCaseSensitive(info, "user_quota")));
	cJSON_AddItemToObject(
		q, "bucket",
		rgw_quota_item(cJSON_GetObjectItemCaseSensitive(info, "bucket_quota")));
	if (stats) {
		q = cJSON_AddObjectToObject(j, "usage");
		cJSON_AddNumberToObject(q, "size", jnum(stats, "size"));
		cJSON_AddNumberToObject(q, "size_actual", jnum(stats, "size_actual"));
		cJSON_AddNumberToObject(q, "objects", jnum(stats, "num_objects"));
	}
	return j;
}

int
rgw_user_respond(struct req *r, const char *uid, int status)
{
	const cJSON *info = NULL;
	int rc;

	if ((rc = rgw_user_info(r, uid, 1, &info)) != 0)
		return rc;
	return resp_json(r, status, user_item(info));
}

/*
 * Reads the users uids[0..n) at once and adds their items to items, in that order; a
 * user deleted since the uids were listed is left out (*gone counts them). 0, or the
 * first failure answered.
 */
static int
read_users(struct req *r, char **uids, long n, cJSON *items, long *gone)
{
	struct rgw_call *calls;
	int status = 0;

	if (n <= 0)
		return 0;
	calls = xcalloc((size_t)n, sizeof(*calls));
	for (long i = 0; i < n; i++) {
		calls[i] = (struct rgw_call){.method = "GET", .path = "/admin/user"};
		rgw_q(&calls[i].query, "format", "json");
		rgw_q(&calls[i].query, "uid", uids[i]);
	}
	rgw_call_many(r->cluster, calls, (int)n);
	for (long i = 0; i < n; i++) {
		struct rgw_call *c = &calls[i];
		if (status)
			;
		else if (c->rc == 0 && c->status < 300 && c->json)
			cJSON_AddItemToArray(items, user_item(c->json));
		else if (c->rc == 0 && !strcmp(c->code, "NoSuchUser"))
			(*gone)++;
		else if (c->rc == 0 && c->status < 300)
			status = resp_logged(r, 503, "rgw_error", "the Object Gateway failed",
					     "GET /admin/user?uid=%s answered no JSON", uids[i]);
		else
			status = resp_rgw_error(r, c);
		rgw_call_release(c);
	}
	free(calls);
	return status;
}

static int
uid_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static const struct sort_field rgw_users_list_sorts[] = {
	{"uid", "uid"},
	{"display_name", "display_name"},
	{"email", "email"},
	{"suspended", "suspended"},
	{"max_buckets", "max_buckets"},
	{NULL, NULL},
};
static const char *const rgw_users_list_search[] = {"uid", "display_name", "email", NULL};
const struct list_spec rgw_users_list_spec = {rgw_users_list_sorts, "uid", rgw_users_list_search};

int
rgw_users_list(struct req *r)
{
	const cJSON *all = NULL, *v;
	struct list_params lp;
	cJSON *items;
	char **uids;
	long n = 0, gone = 0, from, count;
	int rc;

	if ((rc = list_parse(r, &lp)) != 0 ||
	    (rc = rgw_req_admin(r, "GET", "/admin/metadata/user", NULL, &all)) != 0)
		return rc;
	uids = xcalloc((size_t)cJSON_GetArraySize(all) + 1, sizeof(*uids));
	req_defer(r, free, uids);
	cJSON_ArrayForEach(v, all)
		if (cJSON_IsString(v))
			uids[n++] = v->valuestring;
	qsort(uids, (size_t)n, sizeof(*uids), uid_cmp);
	items = cJSON_CreateArray();
	if (strcmp(lp.sort->name, "uid") || lp.search) {
		/* In uid order, so that list_array's (stable) sort breaks ties by uid. */
		if ((rc = read_users(r, uids, n, items, &gone)) != 0) {
			cJSON_Delete(items);
			return rc;
		}
		return list_array(r, items, &lp);
	}
	from = lp.offset < n ? lp.offset : n;
	count = n - from < lp.limit ? n - from : lp.limit;
	if (lp.desc) /* the page of the reversed list, read in descending order */
		for (long i = 0; i < n / 2; i++) {
			char *t = uids[i];
			uids[i] = uids[n - 1 - i];
			uids[n - 1 - i] = t;
		}
	if ((rc = read_users(r, uids + from, count, items, &gone)) != 0) {
		cJSON_Delete(items);
		return rc;
	}
	return resp_list(r, items, n - gone, &lp);
}

int
rgw_users_get(struct req *r)
{
	return rgw_user_respond(r, req_param(r, "uid"), 200);
}

/* Checks the fields a create and a patch share. 0, or 422 answered. */
static int
check_user_fields(struct req *r, const cJSON *b)
{
	const char *name = json_str(b, "display_name"), *email = json_str(b, "email"), *at;
	const cJSON *mb = cJSON_GetObjectItemCaseSensitive(b, "max_buckets");

	if (name && (!*name || strlen(name) > 256 || has_ctl(name)))
		return resp_error(r, 422, "invalid_value", "display_name",
				  "a display name has 1-256 characters, no control characters");
	if (email && *email &&
	    (strlen(email) > 254 || has_ctl(email) || strpbrk(email, " \t") ||
	     !(at = strchr(email, '@')) || at == email || strchr(at + 1, '@') ||
	     !strchr(at + 1, '.') || at[1] == '.' || email[strlen(email) - 1] == '.'))
		return resp_error(r, 422, "invalid_value", "email",
				  "'%s' is not an email address (name@domain.tld)", email);
	if (mb && (mb->valuedouble < -1 || mb->valuedouble > 100000))
		return resp_error(r, 422, "invalid_value", "max_buckets",
				  "max_buckets is -1 (may not create buckets), 0 (no limit) or up "
				  "to 100000");
	return 0;
}

/* Adds the display name, email, max buckets and suspension b gives to q. */
static void
user_params(struct rgw_query *q, const cJSON *b)
{
	const cJSON *v;

	if (json_str(b, "display_name"))
		rgw_q(q, "display-name", json_str(b, "display_name"));
	if (json_str(b, "email"))
		rgw_q(q, "email", json_str(b, "email"));
	if ((v = cJSON_GetObjectItemCaseSensitive(b, "max_buckets")))
		rgw_qf(q, "max-buckets", "%ld", (long)v->valuedouble);
	if ((v = cJSON_GetObjectItemCaseSensitive(b, "suspended")))
		rgw_q(q, "suspended", cJSON_IsTrue(v) ? "true" : "false");
}

const struct field_spec rgw_users_create_body[] = {
	{"uid", J_STRING, 1,
	 "name, or tenant$name for a tenant's user: name 1-64 characters without ':' or '$', "
	 "tenant 1-64 of A-Z a-z 0-9 _"},
	{"display_name", J_STRING, 1, "1-256 characters"},
	{"email", J_STRING, 0, "an email address no other user has"},
	{"max_buckets", J_INT, 0,
	 "-1 (may not create buckets), 0 (no limit) to 100000; default 1000"},
	{"suspended", J_BOOL, 0, "a suspended user cannot use the gateway (default false)"},
	{"generate_key", J_BOOL, 0, "make an S3 key (default true); shown in this answer only"},
	{"access_key", J_STRING, 0, "an S3 access key of your choice, with secret_key"},
	{"secret_key", J_STRING, 0, "the secret of access_key"},
	{NULL, 0, 0, NULL},
};

int
rgw_check_key(struct req *r, const char *ak, const char *sk)
{
	if (ak && (!*ak || strlen(ak) > 128 || has_ctl(ak) || strpbrk(ak, " :")))
		return resp_error(r, 422, "invalid_value", "access_key",
				  "an access key has 1-128 characters, no spaces, ':' or control "
				  "characters");
	if (sk && (strlen(sk) < 8 || strlen(sk) > 128 || has_ctl(sk) || strchr(sk, ' ')))
		return resp_error(
			r, 422, "invalid_value", "secret_key",
			"a secret key has 8-128 characters, no spaces or control characters");
	return 0;
}

/* The S3 key pair a body gives (both or neither): 0, or 422 answered. */
static int
check_key_pair(struct req *r, const char *ak, const char *sk)
{
	if (!ak != !sk)
		return resp_error(r, 422, "invalid_value", ak ? "secret_key" : "access_key",
				  "access_key and secret_key go together");
	return rgw_check_key(r, ak, sk);
}

/* The user item of a user just made, its keys with their secrets (new). */
static cJSON *
created_item(const cJSON *info)
{
	cJSON *j = user_item(info), *k;
	const cJSON *s;

	cJSON_ArrayForEach(k, cJSON_GetObjectItemCaseSensitive(j, "keys"))
		cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(info, "keys")) {
			if (!strcmp(json_str(s, "access_key") ?: "", json_str(k, "access_key")))
				cJSON_AddStringToObject(k, "secret_key",
							json_str(s, "secret_key") ?: "");
		}
	return j;
}

int
rgw_users_create(struct req *r)
{
	const cJSON *b = r->body, *info = NULL;
	const char *uid = json_str(b, "uid"), *ak = json_str(b, "access_key"),
		   *sk = json_str(b, "secret_key"), *why;
	const cJSON *gen = cJSON_GetObjectItemCaseSensitive(b, "generate_key");
	struct rgw_query q = {0};
	char *enc;
	int rc;

	if ((why = uid_problem(uid)))
		return resp_error(r, 422, "invalid_value", "uid", "'%s': %s", uid, why);
	if ((rc = check_user_fields(r, b)) != 0 || (rc = check_key_pair(r, ak, sk)) != 0)
		return rc;
	rgw_q(&q, "uid", uid);
	user_params(&q, b);
	if (ak) {
		rgw_q(&q, "access-key", ak);
		rgw_q(&q, "secret-key", sk);
		rgw_q(&q, "key-type", "s3");
	} else {
		rgw_q(&q, "generate-key", !gen || cJSON_IsTrue(gen) ? "true" : "false");
	}
	if ((rc = rgw_req_admin(r, "PUT", "/admin/user", &q, &info)) != 0)
		return rc;
	enc = rgw_encode(uid, 0);
	resp_header(r, "Location: /api/clusters/%s/rgw/users/%s", r->cluster->fsid, enc);
	free(enc);
	return resp_json(r, 201, created_item(info));
}

/* Checks a patch's quotas ({"user"?: {...}, "bucket"?: {...}}). 0, or 400/422 answered. */
static int
check_quotas(struct req *r, const cJSON *quota)
{
	const cJSON *v;
	int rc;

	cJSON_ArrayForEach(v, quota) {
		const char *field = json_field(r, "quota.%s", v->string);
		if (strcmp(v->string, "user") && strcmp(v->string, "bucket"))
			return resp_error(r, 400, "unknown_field", field,
					  "unknown quota '%s' (user, bucket)", v->string);
		if (!cJSON_IsObject(v))
			return resp_error(r, 400, "invalid_type", field, "%s must be an object",
					  field);
		if ((rc = rgw_quota_check(r, field, v)) != 0)
			return rc;
	}
	return 0;
}

/*
 * Sets the quota of a type ("user", "bucket") of user uid to what it is (now, in info)
 * with the fields of change: RGW resets the fields a quota set leaves out. 0, or the
 * error answered.
 */
static int
set_quota(struct req *r, const char *uid, const char *type, const cJSON *now, const cJSON *change)
{
	cJSON *body = rgw_quota_item(now), *v;
	struct rgw_call call = {.method = "PUT", .path = "/admin/user"};
	int status = 0;

	cJSON_ArrayForEach(v, change)
		cJSON_ReplaceItemInObjectCaseSensitive(body, v->string, cJSON_Duplicate(v, 1));
	call.body = req_own(r, cJSON_PrintUnformatted(body));
	call.body_len = strlen(call.body);
	call.content_type = "application/json";
	cJSON_Delete(body);
	rgw_q(&call.query, "format", "json");
	rgw_q(&call.query, "quota", "");
	rgw_q(&call.query, "quota-type", type);
	rgw_q(&call.query, "uid", uid);
	if (rgw_call(r->cluster, &call) != 0)
		status = resp_rgw_error(r, &call);
	rgw_call_release(&call);
	return status;
}

const struct field_spec rgw_users_patch_body[] = {
	{"display_name", J_STRING, 0, "1-256 characters"},
	{"email", J_STRING, 0, "an email address no other user has; \"\" removes it"},
	{"max_buckets", J_INT, 0, "-1 (may not create buckets), 0 (no limit) to 100000"},
	{"suspended", J_BOOL, 0, "a suspended user cannot use the gateway"},
	{"quota", J_OBJECT, 0,
	 "{\"user\"?: {\"enabled\", \"max_size\" (bytes), \"max_objects\"}, \"bucket\"?: {...}}: "
	 "the fields given change, -1 = unlimited"},
	{NULL, 0, 0, NULL},
};

int
rgw_users_patch(struct req *r)
{
	const char *uid = req_param(r, "uid");
	const cJSON *b = r->body, *quota = cJSON_GetObjectItemCaseSensitive(b, "quota"),
		    *info = NULL, *v;
	struct rgw_query q = {0};
	int rc;

	if ((rc = check_user_fields(r, b)) != 0 || (quota && (rc = check_quotas(r, quota)) != 0) ||
	    (rc = rgw_user_info(r, uid, 0, &info)) != 0)
		return rc;
	user_params(&q, b);
	if (q.n) {
		rgw_q(&q, "uid", uid);
		if ((rc = rgw_req_admin(r, "POST", "/admin/user", &q, NULL)) != 0)
			return rc;
	}
	rgw_query_free(&q);
	cJSON_ArrayForEach(v, quota) {
		const char *key = !strcmp(v->string, "user") ? "user_quota" : "bucket_quota";
		if ((rc = set_quota(r, uid, v->string, cJSON_GetObjectItemCaseSensitive(info, key),
				    v)) != 0)
			return rc;
	}
	return rgw_user_respond(r, uid, 200);
}

/* The buckets user uid owns (a JSON array of names, owned by r): 0 or the error answered. */
static int
user_buckets(struct req *r, const char *uid, const cJSON **names)
{
	struct rgw_query q = {0};

	rgw_q(&q, "uid", uid);
	return rgw_req_admin(r, "GET", "/admin/bucket", &q, names);
}

static int
has_buckets(struct req *r, const char *uid, int n)
{
	return resp_error(r, 409, "user_has_buckets", NULL,
			  "user '%s' owns %d bucket%s: delete them first, or delete with "
			  "?purge_data=true",
			  uid, n, n == 1 ? "" : "s");
}

const struct field_spec rgw_users_delete_query[] = {
	{"purge_data", J_BOOL, 0, "true deletes the user's buckets and objects too (a task)"},
	{NULL, 0, 0, NULL},
};

int
rgw_users_delete(struct req *r)
{
	const char *uid = req_param(r, "uid"), *purge = req_query(r, "purge_data");
	const cJSON *info = NULL, *buckets = NULL;
	struct rgw_call call = {.method = "DELETE", .path = "/admin/user"};
	cJSON *target;
	int rc;

	if (purge && strcmp(purge, "true") && strcmp(purge, "false"))
		return resp_error(r, 422, "invalid_value", "purge_data",
				  "purge_data is true or false");
	if ((rc = rgw_user_info(r, uid, 0, &info)) != 0)
		return rc;
	if (purge && !strcmp(purge, "true")) {
		target = cJSON_CreateObject();
		cJSON_AddStringToObject(target, "fsid", r->cluster->fsid);
		cJSON_AddStringToObject(target, "uid", uid);
		return task_queue(r, "rgw.user_delete", target, cJSON_CreateObject());
	}
	if ((rc = user_buckets(r, uid, &buckets)) != 0)
		return rc;
	if (cJSON_GetArraySize(buckets) > 0)
		return has_buckets(r, uid, cJSON_GetArraySize(buckets));
	rgw_q(&call.query, "format", "json");
	rgw_q(&call.query, "uid", uid);
	rc = rgw_call(r->cluster, &call);
	/* RGW's word for "it owns a bucket" (one made since we looked). */
	if (rc != 0 && !strcmp(call.code, "BucketAlreadyExists"))
		rc = has_buckets(r, uid, 1);
	else
		rc = rc != 0 ? resp_rgw_error(r, &call) : resp_empty(r, 204);
	rgw_call_release(&call);
	return rc;
}

/* One admin call of the task: 0, accept_code (RGW's Code taken as done), or task_fail_rgw. */
static int
task_admin(struct task *t, struct ceph *c, struct rgw_call *call, const char *accept_code,
	   const char *what)
{
	int rc;

	rgw_q(&call->query, "format", "json");
	rc = rgw_call(c, call);
	if (rc != 0 && !(rc == -EPROTO && accept_code && !strcmp(call->code, accept_code)))
		rc = task_fail_rgw(t, call, what);
	else
		rc = 0;
	rgw_call_release(call);
	return rc;
}

/* Deletes bucket name of the user's tenant with its objects. 0 or the outcome. */
static int
purge_bucket(struct task *t, struct ceph *c, const char *tenant, const char *name)
{
	struct rgw_call call = {.method = "DELETE", .path = "/admin/bucket"};
	char what[256];

	snprintf(what, sizeof(what), "deleting bucket '%s%s%s'", tenant, *tenant ? "/" : "", name);
	rgw_qf(&call.query, "bucket", "%s%s%s", tenant, *tenant ? "/" : "", name);
	rgw_q(&call.query, "purge-objects", "true");
	call.timeout_s = PURGE_TIMEOUT_S;
	/* Gone already: deleted by someone else, or by this task's earlier attempt. */
	return task_admin(t, c, &call, "NoSuchBucket", what);
}

int
rgw_user_delete_run(struct task *t)
{
	const char *fsid = json_str(t->target, "fsid"), *uid = json_str(t->target, "uid") ?: "";
	struct ceph *c = fsid ? ceph_by_fsid(fsid) : NULL;
	struct rgw_call call = {.method = "GET", .path = "/admin/bucket"};
	char tenant[NAME_MAX_LEN + 1] = "";
	cJSON *names;
	const cJSON *b;
	int n, i = 0, rc;

	if (!c)
		return task_fail(t, "cluster_not_found", "no configured cluster has fsid '%s'",
				 fsid ? fsid : "");
	if (strchr(uid, '$'))
		snprintf(tenant, sizeof(tenant), "%.*s", (int)(strchr(uid, '$') - uid), uid);
	rgw_q(&call.query, "format", "json");
	rgw_q(&call.query, "uid", uid);
	if (rgw_call(c, &call) != 0) {
		rc = task_fail_rgw(t, &call, "listing the user's buckets");
		rgw_call_release(&call);
		return rc;
	}
	names = call.json;
	call.json = NULL;
	rgw_call_release(&call);
	task_defer(t, json_release, names);
	n = cJSON_GetArraySize(names);
	cJSON_ArrayForEach(b, names) {
		if (!cJSON_IsString(b))
			continue;
		if ((rc = task_progress(t, i * 100 / (n + 1), "deleting bucket '%s' (%d of %d)",
					b->valuestring, i + 1, n)) != 0 ||
		    (rc = purge_bucket(t, c, tenant, b->valuestring)) != 0)
			return rc;
		i++;
	}
	if ((rc = task_progress(t, n * 100 / (n + 1), "deleting user '%s'", uid)) != 0)
		return rc;
	call = (struct rgw_call){.method = "DELETE", .path = "/admin/user"};
	rgw_q(&call.query, "uid", uid);
	/* A bucket made since the list goes too; a user gone already is done. */
	rgw_q(&call.query, "purge-data", "true");
	call.timeout_s = PURGE_TIMEOUT_S;
	if ((rc = task_admin(t, c, &call, "NoSuchUser", "deleting the user")) != 0)
		return rc;
	t->result = cJSON_CreateObject();
	cJSON_AddStringToObject(t->result, "uid", uid);
	cJSON_AddNumberToObject(t->result, "buckets_deleted", i);
	return task_progress(t, 100, "deleted user '%s' and its %d bucket%s", uid, i,
			     i == 1 ? "" : "s");
}
