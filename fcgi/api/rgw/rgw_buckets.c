/*
 * rgw_buckets.c - /api/clusters/{fsid}/rgw/buckets: list, create, get, change and
 * delete the Object Gateway's buckets, and the rgw.bucket_delete task kind. The Admin
 * Ops API has a bucket's owner, usage, quota and placement (/admin/bucket?stats) and,
 * in its bucket.instance metadata, the flags of versioning and object lock; S3 as the
 * owner (rgw_s3.c) makes a bucket and sets its versioning and object lock retention.
 *
 * ?stats makes RGW read each bucket's index, one bucket after the other (about 1 ms a
 * bucket), so a list sorted by name pages the bare names (one cheap call, and for a
 * search the buckets of the users it matches) and describes only the page: stats and
 * flags, one call a bucket, all at once. Sorted by anything else, every bucket is
 * described by one ?stats call. A tenant's bucket is "tenant/name" here and in the
 * Admin API, "name" to S3 as its owner, who is of the same tenant (an owner change
 * across tenants is refused: RGW answers it with success and splits the bucket).
 */
#include "api/rgw/rgw.h"
#include "backends/ceph.h"
#include "backends/rgw.h"
#include "core/list.h"
#include "core/resp.h"
#include "server/tasks.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* bucket_info.flags (RGW's rgw_common.h) */
#define F_VERSIONED 0x2
#define F_SUSPENDED 0x4
#define F_OBJ_LOCK  0x20
/* A search matching more users than this describes every bucket instead. */
#define MAX_SEARCH_USERS 64
/* What a purge may take: RGW deletes every object before it answers. */
#define PURGE_TIMEOUT_S 3600
#define TENANT_MAX      64

static const struct sort_field rgw_buckets_list_sorts[] = {
	{"name", "name"}, {"owner", "owner"},           {"objects", "objects"},
	{"size", "size"}, {"created_at", "created_at"}, {"placement", "placement"},
	{NULL, NULL},
};
static const char *const rgw_buckets_list_search[] = {"name", "owner", NULL};
const struct list_spec rgw_buckets_list_spec = {rgw_buckets_list_sorts, "name",
						rgw_buckets_list_search};

/* Sets up an Admin API call: method, path (a literal), name and value pairs up to a NULL. */
static void
admin_call(struct rgw_call *call, const char *method, const char *path, ...)
{
	const char *k;
	va_list ap;

	*call = (struct rgw_call){.method = method, .path = path};
	rgw_q(&call->query, "format", "json");
	va_start(ap, path);
	while ((k = va_arg(ap, const char *)))
		rgw_q(&call->query, k, va_arg(ap, const char *));
	va_end(ap);
}

static int
failed(const struct rgw_call *call)
{
	return call->rc != 0 || call->status >= 300;
}

/* The tenant of a uid ("acme$bob", sep '$') or a bucket ("acme/photos", '/'): "" if none. */
static void
tenant_of(const char *s, int sep, char *t, size_t n)
{
	const char *p = strchr(s, sep);

	snprintf(t, n, "%.*s", p ? (int)(p - s) : 0, s);
}

static const char *
bare_name(const char *name)
{
	return strchr(name, '/') ? strchr(name, '/') + 1 : name;
}

/* The usage of a bucket of /admin/bucket?stats (under "rgw.main": no json_at path). */
static const cJSON *
usage_of(const cJSON *b)
{
	return cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(b, "usage"),
						"rgw.main");
}

/* A bucket of /admin/bucket?stats as the API shows it (new); versioning and object lock null. */
static cJSON *
bucket_item(const cJSON *b)
{
	const char *tenant = json_str(b, "tenant") ?: "", *name = json_str(b, "bucket") ?: "";
	const char *created = json_str(b, "creation_time") ?: "";
	const cJSON *use = usage_of(b);
	char *full = xasprintf("%s%s%s", tenant, *tenant ? "/" : "", name);
	cJSON *j = cJSON_CreateObject();

	cJSON_AddStringToObject(j, "name", full);
	free(full);
	cJSON_AddStringToObject(j, "tenant", tenant);
	cJSON_AddStringToObject(j, "bucket", name);
	cJSON_AddStringToObject(j, "id", json_str(b, "id") ?: "");
	cJSON_AddStringToObject(j, "owner", json_str(b, "owner") ?: "");
	cJSON_AddNumberToObject(j, "objects", jnum(use, "num_objects"));
	cJSON_AddNumberToObject(j, "size", jnum(use, "size"));
	cJSON_AddNumberToObject(j, "size_actual", jnum(use, "size_actual"));
	cJSON_AddItemToObject(j, "quota",
			      rgw_quota_item(cJSON_GetObjectItemCaseSensitive(b, "bucket_quota")));
	cJSON_AddNullToObject(j, "versioning");
	cJSON_AddNullToObject(j, "object_lock");
	cJSON_AddStringToObject(j, "placement", json_str(b, "placement_rule") ?: "");
	if (strlen(created) >= 19) { /* "2026-12-04T23:11:55.533304Z": whole seconds */
		char *t = xasprintf("%.19sZ", created);
		cJSON_AddStringToObject(j, "created_at", t);
		free(t);
	} else {
		cJSON_AddNullToObject(j, "created_at");
	}
	return j;
}

static void
set_flags(cJSON *item, long flags)
{
	const char *v = !(flags & F_VERSIONED)  ? "off"
			: (flags & F_SUSPENDED) ? "suspended"
						: "enabled";

	cJSON_ReplaceItemInObjectCaseSensitive(item, "versioning", cJSON_CreateString(v));
	cJSON_ReplaceItemInObjectCaseSensitive(item, "object_lock",
					       cJSON_CreateBool((flags & F_OBJ_LOCK) != 0));
}

/*
 * One step of describing the buckets of items, one call a bucket, all at once: their
 * stats (each item then only {"name"}) or their flags. A bucket gone meanwhile leaves
 * items. 0, or the error answered.
 */
static int
describe_step(struct req *r, cJSON *items, int stats)
{
	int n = cJSON_GetArraySize(items), i = 0, rc = 0;
	struct rgw_call *calls;
	const cJSON *it;

	if (n == 0)
		return 0;
	calls = xcalloc((size_t)n, sizeof(*calls));
	cJSON_ArrayForEach(it, items) {
		const char *name = json_str(it, "name") ?: "";
		char *key = xasprintf("%s:%s", name, json_str(it, "id") ?: "");

		if (stats)
			admin_call(&calls[i++], "GET", "/admin/bucket", "bucket", name, "stats",
				   "true", NULL);
		else
			admin_call(&calls[i++], "GET", "/admin/metadata/bucket.instance", "key",
				   key, NULL);
		free(key);
	}
	rgw_call_many(r->cluster, calls, n);
	for (i = n - 1; i >= 0; i--) {
		if (rc == 0 && calls[i].rc == 0 &&
		    (calls[i].status == 404 || (stats && !cJSON_IsObject(calls[i].json))))
			cJSON_DeleteItemFromArray(items, i);
		else if (rc == 0 && failed(&calls[i]))
			rc = resp_rgw_error(r, &calls[i]);
		else if (rc == 0 && stats)
			cJSON_ReplaceItemInArray(items, i, bucket_item(calls[i].json));
		else if (rc == 0)
			set_flags(cJSON_GetArrayItem(items, i),
				  (long)jnum(calls[i].json, "data.bucket_info.flags"));
		rgw_call_release(&calls[i]);
	}
	free(calls);
	return rc;
}

/* Describes items (each only {"name"} when stats): 0, or the error answered. */
static int
describe(struct req *r, cJSON *items, int stats)
{
	int rc = stats ? describe_step(r, items, 1) : 0;

	return rc ? rc : describe_step(r, items, 0);
}

/*
 * Adds {"name"} to items for each bare name of names (qualified with tenant) whose name
 * holds search (every one if search is NULL); with unmatched, each whose name does not.
 */
static void
add_names(cJSON *items, const cJSON *names, const char *tenant, const char *search, int unmatched)
{
	const cJSON *v;

	cJSON_ArrayForEach(v, names) {
		char *full;

		if (!cJSON_IsString(v))
			continue;
		full = xasprintf("%s%s%s", tenant, *tenant ? "/" : "", v->valuestring);
		if (!search || (strcasestr(full, search) == NULL) == unmatched) {
			cJSON *j = cJSON_CreateObject();
			cJSON_AddStringToObject(j, "name", full);
			cJSON_AddItemToArray(items, j);
		}
		free(full);
	}
}

/*
 * Adds to items the buckets of the users (uids) whose uid holds search, but for those
 * whose name holds it (already there). 0; 1 when it matches too many users; or the
 * error answered.
 */
static int
add_owned(struct req *r, cJSON *items, const cJSON *uids, const char *search)
{
	struct rgw_call calls[MAX_SEARCH_USERS];
	const char *who[MAX_SEARCH_USERS];
	const cJSON *u;
	int n = 0, rc = 0;

	cJSON_ArrayForEach(u, uids) {
		if (!cJSON_IsString(u) || !strcasestr(u->valuestring, search))
			continue;
		if (n == MAX_SEARCH_USERS) {
			rc = 1;
			break;
		}
		who[n] = u->valuestring;
		admin_call(&calls[n++], "GET", "/admin/bucket", "uid", u->valuestring, NULL);
	}
	if (rc == 0)
		rgw_call_many(r->cluster, calls, n);
	for (int i = 0; i < n; i++) {
		char tenant[TENANT_MAX + 1];

		tenant_of(who[i], '$', tenant, sizeof(tenant));
		if (rc == 0 && failed(&calls[i]))
			rc = resp_rgw_error(r, &calls[i]);
		else if (rc == 0)
			add_names(items, calls[i].json, tenant, search, 1);
		rgw_call_release(&calls[i]);
	}
	return rc;
}

/*
 * The buckets a list by name pages, each only {"name"}, in *items (new): owner's (or
 * every one) whose name or owner holds search. 0; 1 when describing every bucket is
 * the cheaper way (see add_owned); or the error answered. *items is NULL unless 0.
 */
static int
bucket_names(struct req *r, const char *owner, const char *search, cJSON **items)
{
	struct rgw_call calls[2];
	char tenant[TENANT_MAX + 1] = "";
	int n = 0, rc = 0;

	admin_call(&calls[n++], "GET", "/admin/bucket", owner ? "uid" : NULL, owner, NULL);
	if (search && !owner)
		admin_call(&calls[n++], "GET", "/admin/metadata/user", NULL);
	rgw_call_many(r->cluster, calls, n);
	for (int i = 0; i < n && rc == 0; i++)
		if (failed(&calls[i]))
			rc = resp_rgw_error(r, &calls[i]);
	*items = rc ? NULL : cJSON_CreateArray();
	if (rc == 0 && owner) {
		tenant_of(owner, '$', tenant, sizeof(tenant));
		add_names(*items, calls[0].json, tenant,
			  search && strcasestr(owner, search) ? NULL : search, 0);
	} else if (rc == 0) {
		add_names(*items, calls[0].json, "", search, 0);
	}
	if (rc == 0 && n == 2 && (rc = add_owned(r, *items, calls[1].json, search)) != 0) {
		cJSON_Delete(*items);
		*items = NULL;
	}
	for (int i = 0; i < n; i++)
		rgw_call_release(&calls[i]);
	return rc;
}

/* Every bucket (owner's, if not NULL) described by one ?stats call, in *items (new). */
static int
all_buckets(struct req *r, const char *owner, cJSON **items)
{
	struct rgw_call call;
	const cJSON *b;
	int rc = 0;

	admin_call(&call, "GET", "/admin/bucket", "stats", "true", owner ? "uid" : NULL, owner,
		   NULL);
	if (rgw_call(r->cluster, &call) != 0) {
		rc = resp_rgw_error(r, &call);
	} else {
		*items = cJSON_CreateArray();
		cJSON_ArrayForEach(b, call.json)
			if (cJSON_IsObject(b))
				cJSON_AddItemToArray(*items, bucket_item(b));
	}
	rgw_call_release(&call);
	return rc;
}

const struct field_spec rgw_buckets_list_query[] = {
	{"owner", J_STRING, 0, "only buckets of this user"},
	{NULL, 0, 0, NULL},
};

int
rgw_buckets_list(struct req *r)
{
	const char *owner = req_query(r, "owner");
	struct list_params lp;
	cJSON *items = NULL, *env;
	int by_name, rc;

	if ((rc = list_parse(r, &lp)) != 0)
		return rc;
	owner = owner && *owner ? owner : NULL;
	by_name = !strcmp(lp.sort->name, "name");
	rc = by_name ? bucket_names(r, owner, lp.search, &items) : 1;
	if (rc == 1) {
		by_name = 0;
		rc = all_buckets(r, owner, &items);
	}
	if (rc != 0)
		return rc;
	if (by_name)
		lp.search = NULL; /* bucket_names kept only the matches */
	if (list_array(r, items, &lp) != 200)
		return r->status;
	/* The page list_array rendered, described. */
	if (!(env = cJSON_ParseWithLength(r->out, r->out_len)))
		return resp_internal(r, "cannot read back the page of buckets");
	if ((rc = describe(r, cJSON_GetObjectItemCaseSensitive(env, "items"), by_name)) != 0) {
		cJSON_Delete(env);
		return rc;
	}
	return resp_json(r, 200, env);
}

/* Bucket name described in *b (owned by r): 0, or 404 bucket_not_found or the error answered. */
static int
find_bucket(struct req *r, const char *name, cJSON **b)
{
	cJSON *items = req_own_json(r, cJSON_CreateArray()), *j = cJSON_CreateObject();
	int rc;

	cJSON_AddStringToObject(j, "name", name);
	cJSON_AddItemToArray(items, j);
	if ((rc = describe(r, items, 1)) != 0)
		return rc;
	if (!(*b = cJSON_GetArrayItem(items, 0)))
		return resp_error(r, 404, "bucket_not_found", NULL, "there is no bucket '%s'",
				  name);
	return 0;
}

/* Answers status with bucket name as GET shows it: with NFS exports and retention. */
static int
respond_bucket(struct req *r, const char *name, int status)
{
	cJSON *b, *ids = NULL, *ret = NULL;
	int rc;

	if ((rc = find_bucket(r, name, &b)) != 0 ||
	    (rgw_bucket_exports && (rc = rgw_bucket_exports(r, name, &ids)) != 0) ||
	    (cJSON_IsTrue(json_at(b, "object_lock")) &&
	     (rc = rgw_s3_retention(r, json_str(b, "bucket"), json_str(b, "owner"), &ret)) != 0))
		return rc;
	cJSON_AddItemToObject(b, "nfs_exports",
			      ids ? cJSON_Duplicate(ids, 1) : cJSON_CreateArray());
	cJSON_AddItemToObject(b, "object_lock_retention", ret ?: cJSON_CreateNull());
	return resp_json(r, status, cJSON_Duplicate(b, 1));
}

int
rgw_buckets_get(struct req *r)
{
	return respond_bucket(r, req_param(r, "name"), 200);
}

/* Why name is no S3 bucket name (RGW's strict rules), or NULL. */
static const char *
bucket_name_problem(const char *name)
{
	size_t n = strlen(name);
	unsigned a, b, c, d;
	int end = 0;

	if (n < 3 || n > 63)
		return "a bucket name has 3 to 63 characters";
	if (strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789.-") != n)
		return "a bucket name has only lowercase letters, digits, dots and hyphens";
	if (!strchr("abcdefghijklmnopqrstuvwxyz0123456789", name[0]) ||
	    !strchr("abcdefghijklmnopqrstuvwxyz0123456789", name[n - 1]))
		return "a bucket name starts and ends with a letter or a digit";
	if (strstr(name, ".."))
		return "a bucket name has no two dots in a row";
	if (sscanf(name, "%u.%u.%u.%u%n", &a, &b, &c, &d, &end) == 4 && (size_t)end == n)
		return "a bucket name is not an IP address";
	return NULL;
}

/* name ("bucket" or "tenant/bucket"): 0, or 422 with field answered. */
static int
check_name(struct req *r, const char *name, const char *field)
{
	const char *bare = bare_name(name), *why = bucket_name_problem(bare);
	size_t t = bare == name ? 0 : (size_t)(bare - name - 1);

	if (bare != name && (!t || t > TENANT_MAX ||
			     strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
					  "0123456789_") != t))
		return resp_error(r, 422, "invalid_value", field,
				  "'%s': a tenant (before the '/') is 1-64 of A-Z a-z 0-9 _", name);
	if (why)
		return resp_error(r, 422, "invalid_value", field, "'%s': %s", bare, why);
	return 0;
}

/* The user uid exists: 0, or 404 user_not_found (field owner) or the error answered. */
static int
check_user(struct req *r, const char *uid)
{
	struct rgw_call call;
	int rc = 0;

	admin_call(&call, "GET", "/admin/user", "uid", uid, NULL);
	if (rgw_call(r->cluster, &call) != 0)
		rc = rgw_error_of(&call).status == 404
			     ? resp_error(r, 404, "user_not_found", "owner",
					  "there is no user '%s'", uid)
			     : resp_rgw_error(r, &call);
	rgw_call_release(&call);
	return rc;
}

/* The bucket full doesn't exist: 0, or 409 bucket_exists (field name) or the error answered. */
static int
check_free(struct req *r, const char *full)
{
	struct rgw_call call;
	int rc = 0;

	admin_call(&call, "GET", "/admin/bucket", "bucket", full, NULL);
	if (rgw_call(r->cluster, &call) == 0)
		rc = resp_error(r, 409, "bucket_exists", "name", "bucket '%s' already exists",
				full);
	else if (rgw_error_of(&call).status != 404)
		rc = resp_rgw_error(r, &call);
	rgw_call_release(&call);
	return rc;
}

/* Checks a create body; the full name ("tenant/bucket" of the owner's tenant) in full. */
static int
check_create(struct req *r, const cJSON *b, char *full, size_t n)
{
	const char *name = json_str(b, "name"), *owner = json_str(b, "owner"),
		   *placement = json_str(b, "placement");
	char tenant[TENANT_MAX + 2], owner_tenant[TENANT_MAX + 2];
	int rc;

	if ((rc = check_name(r, name, "name")) != 0)
		return rc;
	if (!*owner)
		return resp_error(r, 422, "invalid_value", "owner", "the owner's uid is required");
	tenant_of(name, '/', tenant, sizeof(tenant));
	tenant_of(owner, '$', owner_tenant, sizeof(owner_tenant));
	if (strchr(name, '/') && strcmp(tenant, owner_tenant))
		return resp_error(
			r, 422, "invalid_value", "name",
			"bucket '%s' would be of tenant '%s', its owner '%s' is of %s%s%s", name,
			tenant, owner, *owner_tenant ? "tenant '" : "no tenant", owner_tenant,
			*owner_tenant ? "'" : "");
	if (placement && (!*placement || strlen(placement) > 64 ||
			  strspn(placement, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
					    "0123456789._-") != strlen(placement)))
		return resp_error(r, 422, "invalid_value", "placement",
				  "a placement target is 1-64 of A-Z a-z 0-9 . _ -");
	if (cJSON_IsTrue(json_at(b, "object_lock")) && cJSON_IsFalse(json_at(b, "versioning")))
		return resp_error(r, 422, "invalid_value", "versioning",
				  "a bucket with object lock keeps versions: versioning cannot be "
				  "false");
	snprintf(full, n, "%s%s%s", owner_tenant, *owner_tenant ? "/" : "", bare_name(name));
	return 0;
}

const struct field_spec rgw_buckets_create_body[] = {
	{"name", J_STRING, 1,
	 "3-63 of a-z 0-9 . -, starting and ending with a letter or digit, not an IP address; "
	 "\"tenant/name\" names the owner's tenant (a name without one goes to it too)"},
	{"owner", J_STRING, 1, "the uid of the user that owns it; it needs an S3 key"},
	{"placement", J_STRING, 0, "a placement target of the zonegroup (default: its default)"},
	{"object_lock", J_BOOL, 0, "object lock on its objects (with versioning); for good"},
	{"versioning", J_BOOL, 0, "keep every version of its objects (default false)"},
	{NULL, 0, 0, NULL},
};

int
rgw_buckets_create(struct req *r)
{
	const char *owner = json_str(r->body, "owner"), *placement = json_str(r->body, "placement");
	int lock = cJSON_IsTrue(json_at(r->body, "object_lock"));
	struct rgw_call call;
	char full[TENANT_MAX + 128], *enc;
	int rc;

	/* The owner's existence is checked with its key (rgw_s3_run). */
	if ((rc = check_create(r, r->body, full, sizeof(full))) != 0 ||
	    (rc = check_free(r, full)) != 0)
		return rc;
	rgw_s3_call(r, &call, "PUT", bare_name(full), NULL,
		    placement ? rgw_s3_create_xml(placement) : NULL);
	if (lock) /* which also enables versioning */
		call.header = "x-amz-bucket-object-lock-enabled: true";
	if ((rc = rgw_s3_run(r, owner, &call, 1)) != 0)
		return rc;
	if (!lock && cJSON_IsTrue(json_at(r->body, "versioning"))) {
		rgw_s3_call(r, &call, "PUT", bare_name(full), "versioning",
			    rgw_s3_versioning_xml(1));
		if ((rc = rgw_s3_run(r, owner, &call, 1)) != 0) {
			/* No half-made bucket: the one just made goes again. */
			admin_call(&call, "DELETE", "/admin/bucket", "bucket", full, NULL);
			rgw_call(r->cluster, &call);
			rgw_call_release(&call);
			return rc;
		}
	}
	enc = rgw_encode(full, 0);
	resp_header(r, "Location: /api/clusters/%s/rgw/buckets/%s", r->cluster->fsid, enc);
	free(enc);
	return respond_bucket(r, full, 201);
}

/* The default retention of a patch ({mode, days|years} or null): 0 or 400/422 answered. */
static int
check_retention(struct req *r, const cJSON *v)
{
	static const char *const modes[] = {"GOVERNANCE", "COMPLIANCE", NULL};
	const char *mode = json_str(v, "mode");
	const cJSON *k, *days = json_at(v, "days"), *years = json_at(v, "years"), *n;

	if (cJSON_IsNull(v))
		return 0;
	if (!cJSON_IsObject(v))
		return resp_error(r, 400, "invalid_type", "object_lock_retention",
				  "object_lock_retention is an object or null");
	cJSON_ArrayForEach(k, v) {
		if (strcmp(k->string, "mode") && strcmp(k->string, "days") &&
		    strcmp(k->string, "years"))
			return resp_error(r, 400, "unknown_field",
					  json_field(r, "object_lock_retention.%s", k->string),
					  "unknown field '%s' (mode, days, years)", k->string);
	}
	if (!mode || !str_in(mode, modes))
		return resp_error(r, 422, "invalid_value", "object_lock_retention.mode",
				  "the retention mode is GOVERNANCE or COMPLIANCE");
	if (!days == !years)
		return resp_error(r, 422, "invalid_value", "object_lock_retention.days",
				  "a retention gives either days or years");
	n = days ?: years;
	if (!cJSON_IsNumber(n) || n->valuedouble != floor(n->valuedouble) || n->valuedouble < 1 ||
	    n->valuedouble > (days ? 36500 : 100))
		return resp_error(
			r, 422, "invalid_value",
			days ? "object_lock_retention.days" : "object_lock_retention.years",
			"the retention is %s", days ? "1 to 36500 days" : "1 to 100 years");
	return 0;
}

static int
check_patch(struct req *r, const cJSON *b)
{
	const char *owner = json_str(b, "owner"), *ver = json_str(b, "versioning");
	const cJSON *quota = json_at(b, "quota"), *ret = json_at(b, "object_lock_retention");
	int rc;

	if (owner && !*owner)
		return resp_error(r, 422, "invalid_value", "owner", "the owner's uid is empty");
	if (ver && strcmp(ver, "enabled") && strcmp(ver, "suspended"))
		return resp_error(r, 422, "invalid_value", "versioning",
				  "versioning is enabled or suspended");
	if (quota && (rc = rgw_quota_check(r, "quota", quota)) != 0)
		return rc;
	return ret ? check_retention(r, ret) : 0;
}

/* What a patch asks against what bucket b is: 0, or 409/404/422 answered. */
static int
check_patch_state(struct req *r, const cJSON *b, const cJSON *p)
{
	const char *name = json_str(b, "name"), *owner = json_str(p, "owner");
	int lock = cJSON_IsTrue(json_at(b, "object_lock"));
	char tenant[TENANT_MAX + 2];

	if (json_at(p, "object_lock_retention") && !lock)
		return resp_error(r, 409, "object_lock_not_enabled", "object_lock_retention",
				  "bucket '%s' was made without object lock, so it has no "
				  "retention",
				  name);
	if (lock && !strcmp(json_str(p, "versioning") ?: "", "suspended"))
		return resp_error(r, 409, "invalid_bucket_state", "versioning",
				  "bucket '%s' has object lock: its versioning stays enabled",
				  name);
	if (!owner || !strcmp(owner, json_str(b, "owner")))
		return 0;
	tenant_of(owner, '$', tenant, sizeof(tenant));
	if (strcmp(tenant, json_str(b, "tenant")))
		return resp_error(
			r, 422, "invalid_value", "owner",
			"bucket '%s' can only be given to a user of its own tenant ('%s')", name,
			json_str(b, "tenant"));
	return check_user(r, owner);
}

/* Sets bucket b's quota to what it is with the fields of change. 0, or the error answered. */
static int
set_quota(struct req *r, const cJSON *b, const cJSON *change)
{
	cJSON *q = rgw_quota_item(json_at(b, "quota"));
	struct rgw_call call;
	const cJSON *v;
	int rc = 0;

	/* RGW sets the fields a quota leaves out to 0: it always gets all three. */
	cJSON_ArrayForEach(v, change)
		cJSON_ReplaceItemInObjectCaseSensitive(q, v->string, cJSON_Duplicate(v, 1));
	admin_call(&call, "PUT", "/admin/bucket", "quota", "", "bucket", json_str(b, "name"), "uid",
		   json_str(b, "owner"), NULL);
	call.body = req_own(r, cJSON_PrintUnformatted(q));
	call.body_len = strlen(call.body);
	call.content_type = "application/json";
	cJSON_Delete(q);
	if (rgw_call(r->cluster, &call) != 0)
		rc = resp_rgw_error(r, &call);
	rgw_call_release(&call);
	return rc;
}

/* Links bucket b to owner (RGW unlinks it from the one it had). */
static int
set_owner(struct req *r, const cJSON *b, const char *owner)
{
	struct rgw_call call;
	int rc = 0;

	admin_call(&call, "PUT", "/admin/bucket", "bucket", json_str(b, "name"), "bucket-id",
		   json_str(b, "id"), "uid", owner, NULL);
	if (rgw_call(r->cluster, &call) != 0)
		rc = resp_rgw_error(r, &call);
	rgw_call_release(&call);
	return rc;
}

const struct field_spec rgw_buckets_patch_body[] = {
	{"owner", J_STRING, 0, "a user of the bucket's tenant: the bucket is linked to it"},
	{"quota", J_OBJECT, 0,
	 "{\"enabled\", \"max_size\" (bytes), \"max_objects\"}: the fields given change, "
	 "-1 = unlimited"},
	{"versioning", J_STRING, 0, "enabled or suspended (object lock keeps it enabled)"},
	{"object_lock_retention", J_ANY, 0,
	 "{\"mode\": GOVERNANCE|COMPLIANCE, \"days\"|\"years\": N >= 1} or null: the default "
	 "retention of new objects (buckets with object lock)"},
	{NULL, 0, 0, NULL},
};

int
rgw_buckets_patch(struct req *r)
{
	const char *name = req_param(r, "name"), *owner = json_str(r->body, "owner"),
		   *ver = json_str(r->body, "versioning");
	const cJSON *quota = json_at(r->body, "quota"),
		    *ret = json_at(r->body, "object_lock_retention");
	struct rgw_call calls[2];
	cJSON *b;
	int n = 0, rc;

	if ((rc = check_patch(r, r->body)) != 0 || (rc = find_bucket(r, name, &b)) != 0 ||
	    (rc = check_patch_state(r, b, r->body)) != 0)
		return rc;
	/* S3 first, as the owner it has now. */
	if (ver)
		rgw_s3_call(r, &calls[n++], "PUT", json_str(b, "bucket"), "versioning",
			    rgw_s3_versioning_xml(!strcmp(ver, "enabled")));
	if (ret)
		rgw_s3_call(r, &calls[n++], "PUT", json_str(b, "bucket"), "object-lock",
			    rgw_s3_object_lock_xml(ret));
	if ((rc = rgw_s3_run(r, json_str(b, "owner"), calls, n)) != 0 ||
	    (quota && (rc = set_quota(r, b, quota)) != 0) ||
	    (owner && strcmp(owner, json_str(b, "owner")) && (rc = set_owner(r, b, owner)) != 0))
		return rc;
	return respond_bucket(r, name, 200);
}

const struct field_spec rgw_buckets_delete_query[] = {
	{"purge_objects", J_BOOL, 0, "true deletes the bucket's objects too (a task)"},
	{NULL, 0, 0, NULL},
};

int
rgw_buckets_delete(struct req *r)
{
	const char *name = req_param(r, "name"), *purge = req_query(r, "purge_objects");
	struct rgw_call call;
	cJSON *b, *ids = NULL, *target;
	int rc;

	if (purge && strcmp(purge, "true") && strcmp(purge, "false"))
		return resp_error(r, 400, "invalid_parameter", "purge_objects",
				  "purge_objects is true or false");
	if ((rc = find_bucket(r, name, &b)) != 0 ||
	    (rgw_bucket_exports && (rc = rgw_bucket_exports(r, name, &ids)) != 0))
		return rc;
	if (cJSON_GetArraySize(ids) > 0) {
		char *list = req_own(r, cJSON_PrintUnformatted(ids));
		return resp_error(r, 409, "bucket_in_use", NULL,
				  "bucket '%s' is used by the NFS exports %s: delete them first",
				  name, list);
	}
	if (purge && !strcmp(purge, "true")) {
		target = cJSON_CreateObject();
		cJSON_AddStringToObject(target, "fsid", r->cluster->fsid);
		cJSON_AddStringToObject(target, "bucket", name);
		return task_queue(r, "rgw.bucket_delete", target, cJSON_CreateObject());
	}
	if (jnum(b, "objects") > 0)
		return resp_error(
			r, 409, "bucket_not_empty", NULL,
			"bucket '%s' holds %.0f objects: delete them first, or delete the "
			"bucket with ?purge_objects=true",
			name, jnum(b, "objects"));
	admin_call(&call, "DELETE", "/admin/bucket", "bucket", name, NULL);
	rc = rgw_call(r->cluster, &call) != 0 ? resp_rgw_error(r, &call) : resp_empty(r, 204);
	rgw_call_release(&call);
	return rc;
}

int
rgw_bucket_delete_run(struct task *t)
{
	const char *fsid = json_str(t->target, "fsid"), *name = json_str(t->target, "bucket") ?: "";
	struct ceph *c = fsid ? ceph_by_fsid(fsid) : NULL;
	struct rgw_call call;
	double objects, size;
	int rc;

	if (!c)
		return task_fail(t, "cluster_not_found", "no configured cluster has fsid '%s'",
				 fsid ? fsid : "");
	admin_call(&call, "GET", "/admin/bucket", "bucket", name, "stats", "true", NULL);
	rc = rgw_call(c, &call);
	objects = jnum(usage_of(call.json), "num_objects");
	size = jnum(usage_of(call.json), "size");
	/* Gone on a second attempt: the first deleted it before its runner stopped. */
	if (rc != 0 && !(t->attempt > 1 && call.status == 404))
		rc = task_fail_rgw(t, &call, "reading the bucket");
	else
		rc = task_progress(t, 5, "deleting bucket '%s' with its %.0f objects (%.0f bytes)",
				   name, objects, size);
	rgw_call_release(&call);
	if (rc != 0)
		return rc;
	admin_call(&call, "DELETE", "/admin/bucket", "bucket", name, "purge-objects", "true", NULL);
	call.timeout_s = PURGE_TIMEOUT_S;
	if (rgw_call(c, &call) != 0 && !(t->attempt > 1 && call.status == 404))
		rc = task_fail_rgw(t, &call, "deleting the bucket");
	rgw_call_release(&call);
	if (rc != 0)
		return rc;
	/* Done, whatever the answer (a cancel now comes too late). */
	task_progress(t, 100, "deleted bucket '%s' and its %.0f objects", name, objects);
	t->result = cJSON_CreateObject();
	cJSON_AddStringToObject(t->result, "bucket", name);
	cJSON_AddNumberToObject(t->result, "objects", objects);
	return 0;
}
