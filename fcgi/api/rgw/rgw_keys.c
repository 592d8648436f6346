/*
 * rgw_keys.c - what hangs off an Object Gateway user: its S3 and Swift keys (a secret
 * is answered when a key is made and by reveal, an admin-only route whose audit row
 * records who asked: never otherwise), its subusers and its admin caps. Everything is
 * read from and written to RGW (/admin/user?key, ?subuser, ?caps).
 *
 * RGW is lenient where the API is not, so the user's record is read first and checked
 * here: a key of a subuser that does not exist (RGW makes it, orphaned), an access key
 * the user has already (RGW silently replaces its secret), a second Swift key of a
 * subuser (replaced too), a subuser that exists (modified) are refused. A subuser always
 * gets a Swift key from RGW; without generate_secret it is deleted again. Caps are a
 * union in RGW (adding read to write gives *), so a wanted set is reached by removing
 * the types that differ and adding them as wanted.
 */
#include "api/rgw/rgw.h"
#include "backends/rgw.h"
#include "core/list.h"
#include "core/resp.h"

#include <stdlib.h>
#include <string.h>

/* The API's access words and RGW's (the "access" parameter takes the first). */
static const char *const access_words[][2] = {
	{"none", NULL},   {"read", "read"}, {"write", "write"}, {"readwrite", "readwrite"},
	{"full", "full"},
};

/* The member of array a whose field is value, or NULL. */
static const cJSON *
find(const cJSON *a, const char *field, const char *value)
{
	const cJSON *v;

	cJSON_ArrayForEach(v, a) {
		if (!strcmp(json_str(v, field) ?: "", value))
			return v;
	}
	return NULL;
}

/* The member of array name of info whose field is value, or NULL. */
static const cJSON *
find_in(const cJSON *info, const char *name, const char *field, const char *value)
{
	return find(cJSON_GetObjectItemCaseSensitive(info, name), field, value);
}

/* "uid:name", the id RGW gives subuser name of user uid (a string owned by r). */
static const char *
subuser_id(struct req *r, const char *uid, const char *name)
{
	return req_own(r, xasprintf("%s:%s", uid, name));
}

/* A subuser name of a body: 0, or 422 answered. */
static int
check_subuser_name(struct req *r, const char *field, const char *name)
{
	if (!*name || strlen(name) > 64 ||
	    strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-@") !=
		    strlen(name))
		return resp_error(r, 422, "invalid_value", field,
				  "a subuser name is 1-64 of A-Z a-z 0-9 _ . - @");
	return 0;
}

/* A key as the key answers show it, with its secret (new). */
static cJSON *
secret_item(const char *user, const char *access_key, const char *secret, const char *type)
{
	cJSON *j = cJSON_CreateObject();

	cJSON_AddStringToObject(j, "user", user ?: "");
	cJSON_AddStringToObject(j, "access_key", access_key ?: "");
	cJSON_AddStringToObject(j, "secret_key", secret ?: "");
	cJSON_AddStringToObject(j, "type", type);
	return j;
}

/* Key access_key of a user's info: its item with the secret (new), or NULL. */
static cJSON *
key_with_secret(const cJSON *info, const char *access_key)
{
	const cJSON *k;

	if ((k = find_in(info, "keys", "access_key", access_key)))
		return secret_item(json_str(k, "user"), access_key, json_str(k, "secret_key"),
				   "s3");
	if ((k = find_in(info, "swift_keys", "user", access_key)))
		return secret_item(access_key, access_key, json_str(k, "secret_key"), "swift");
	return NULL;
}

const struct field_spec rgw_keys_create_body[] = {
	{"type", J_STRING, 1, "s3 or swift"},
	{"subuser", J_STRING, 0,
	 "a subuser's name (without 'uid:'): required for swift; for s3, a key of the subuser"},
	{"access_key", J_STRING, 0, "s3: an access key of your choice, with secret_key"},
	{"secret_key", J_STRING, 0, "a secret of your choice (default generated)"},
	{NULL, 0, 0, NULL},
};

/* What a key create body asks, checked against the user's record. 0, or 4xx answered. */
static int
check_new_key(struct req *r, const cJSON *info, const char *type, const char *sub, const char *ak)
{
	const char *owner = req_param(r, "uid");

	if (sub && !find_in(info, "subusers", "id", subuser_id(r, owner, sub)))
		return resp_error(r, 404, "subuser_not_found", "subuser",
				  "user '%s' has no subuser '%s'", owner, sub);
	if (!strcmp(type, "swift") &&
	    find_in(info, "swift_keys", "user", subuser_id(r, owner, sub)))
		return resp_error(r, 409, "key_exists", "subuser",
				  "subuser '%s' has a Swift key already: delete it first", sub);
	if (ak && find_in(info, "keys", "access_key", ak))
		return resp_error(r, 409, "key_exists", "access_key",
				  "user '%s' has the access key '%s' already", owner, ak);
	return 0;
}

/* The key of keys (RGW's answer) that info did not have: its item with the secret (new). */
static cJSON *
new_key(const cJSON *keys, const cJSON *info, const char *type, const char *user)
{
	const cJSON *k;

	cJSON_ArrayForEach(k, keys) {
		const char *ak = json_str(k, "access_key") ?: "";
		if (!strcmp(json_str(k, "user") ?: "", user) &&
		    (!strcmp(type, "swift") || !find_in(info, "keys", "access_key", ak)))
			return secret_item(user, !strcmp(type, "swift") ? user : ak,
					   json_str(k, "secret_key"), type);
	}
	return NULL;
}

int
rgw_keys_create(struct req *r)
{
	const char *uid = req_param(r, "uid"), *type = json_str(r->body, "type"),
		   *sub = json_str(r->body, "subuser"), *ak = json_str(r->body, "access_key"),
		   *sk = json_str(r->body, "secret_key");
	const cJSON *info = NULL, *keys = NULL;
	struct rgw_query q = {0};
	cJSON *key;
	int rc;

	if (strcmp(type, "s3") && strcmp(type, "swift"))
		return resp_error(r, 422, "invalid_value", "type", "type is s3 or swift");
	if (sub && (rc = check_subuser_name(r, "subuser", sub)) != 0)
		return rc;
	if (!strcmp(type, "swift") && !sub)
		return resp_error(r, 422, "invalid_value", "subuser",
				  "a Swift key belongs to a subuser: give its name");
	if (!strcmp(type, "swift") && ak)
		return resp_error(r, 422, "invalid_value", "access_key",
				  "a Swift key is named by its subuser; it has no access key");
	if (!strcmp(type, "s3") && sk && !ak)
		return resp_error(r, 422, "invalid_value", "access_key",
				  "access_key and secret_key go together");
	if ((rc = rgw_check_key(r, ak, sk)) != 0 || (rc = rgw_user_info(r, uid, 0, &info)) != 0 ||
	    (rc = check_new_key(r, info, type, sub, ak)) != 0)
		return rc;
	rgw_q(&q, "key", "");
	rgw_q(&q, "uid", uid);
	rgw_q(&q, "key-type", type);
	if (sub)
		rgw_q(&q, "subuser", sub);
	if (ak)
		rgw_q(&q, "access-key", ak);
	if (sk)
		rgw_q(&q, "secret-key", sk);
	else
		rgw_q(&q, "generate-key", "true");
	if ((rc = rgw_req_admin(r, "PUT", "/admin/user", &q, &keys)) != 0)
		return rc;
	if (!(key = new_key(keys, info, type, sub ? subuser_id(r, uid, sub) : uid)))
		return resp_logged(r, 503, "rgw_error", "the Object Gateway failed",
				   "RGW made a key for '%s' but did not answer it", uid);
	resp_header(r, "Location: /api/clusters/%s/rgw/users/%s/keys/%s", r->cluster->fsid,
		    req_own(r, rgw_encode(uid, 0)),
		    req_own(r, rgw_encode(json_str(key, "access_key"), 0)));
	return resp_json(r, 201, key);
}

static int
no_key(struct req *r, const char *uid, const char *ak)
{
	return resp_error(r, 404, "key_not_found", NULL, "user '%s' has no key '%s'", uid, ak);
}

int
rgw_keys_delete(struct req *r)
{
	const char *uid = req_param(r, "uid"), *ak = req_param(r, "access_key");
	struct rgw_call call = {.method = "DELETE", .path = "/admin/user"};
	const cJSON *info = NULL;
	int rc;

	if ((rc = rgw_user_info(r, uid, 0, &info)) != 0)
		return rc;
	rgw_q(&call.query, "format", "json");
	rgw_q(&call.query, "key", "");
	rgw_q(&call.query, "uid", uid);
	if (find_in(info, "keys", "access_key", ak)) {
		rgw_q(&call.query, "key-type", "s3");
		rgw_q(&call.query, "access-key", ak);
	} else if (find_in(info, "swift_keys", "user", ak) && strchr(ak, ':')) {
		rgw_q(&call.query, "key-type", "swift");
		rgw_q(&call.query, "subuser", strrchr(ak, ':') + 1);
	} else {
		return no_key(r, uid, ak);
	}
	rc = rgw_call(r->cluster, &call);
	/* Our keys worked a moment ago: this is RGW's word for a key that went since. */
	if (rc != 0 && !strcmp(call.code, "InvalidAccessKeyId"))
		rc = no_key(r, uid, ak);
	else
		rc = rc != 0 ? resp_rgw_error(r, &call) : resp_empty(r, 204);
	rgw_call_release(&call);
	return rc;
}

int
rgw_keys_reveal(struct req *r)
{
	const char *uid = req_param(r, "uid"), *ak = req_param(r, "access_key");
	const cJSON *info = NULL;
	cJSON *key;
	int rc;

	if ((rc = rgw_user_info(r, uid, 0, &info)) != 0)
		return rc;
	if (!(key = key_with_secret(info, ak)))
		return no_key(r, uid, ak);
	return resp_json(r, 200, key);
}

/* Subuser name of user uid as RGW has it now (in info), or 404 answered (NULL). */
static const cJSON *
find_subuser(struct req *r, const cJSON *info, const char *uid, const char *name)
{
	const cJSON *su = find_in(info, "subusers", "id", subuser_id(r, uid, name));

	if (!su)
		resp_error(r, 404, "subuser_not_found", NULL, "user '%s' has no subuser '%s'", uid,
			   name);
	return su;
}

static const struct sort_field rgw_subusers_list_sorts[] = {
	{"name", "name"}, {"id", "id"}, {"access", "access"}, {NULL, NULL}};
static const char *const rgw_subusers_list_search[] = {"name", "access", NULL};
const struct list_spec rgw_subusers_list_spec = {rgw_subusers_list_sorts, "name",
						 rgw_subusers_list_search};

int
rgw_subusers_list(struct req *r)
{
	const cJSON *info = NULL, *v;
	struct list_params lp;
	cJSON *items;
	int rc;

	if ((rc = list_parse(r, &lp)) != 0 ||
	    (rc = rgw_user_info(r, req_param(r, "uid"), 0, &info)) != 0)
		return rc;
	items = cJSON_CreateArray();
	cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(info, "subusers"))
		cJSON_AddItemToArray(items, rgw_subuser_item(v));
	return list_array(r, items, &lp);
}

/* The access parameter for the API's access word (NULL: none, no parameter); 422 if not one. */
static int
access_param(struct req *r, const char *access, const char **param)
{
	for (size_t i = 0; i < ARRAY_LEN(access_words); i++)
		if (!strcmp(access, access_words[i][0])) {
			*param = access_words[i][1];
			return 0;
		}
	return resp_error(r, 422, "invalid_value", "access",
			  "access is none, read, write, readwrite or full");
}

const struct field_spec rgw_subusers_create_body[] = {
	{"name", J_STRING, 1, "1-64 of A-Z a-z 0-9 _ . - @; the subuser is uid:name"},
	{"access", J_STRING, 1, "none, read, write, readwrite or full"},
	{"generate_secret", J_BOOL, 0,
	 "give it a Swift key (default true); the secret is shown in this answer only"},
	{NULL, 0, 0, NULL},
};

/* One subuser call (PUT, POST, DELETE /admin/user?subuser) for subuser name of uid. */
static int
subuser_call(struct req *r, const char *method, const char *uid, const char *name,
	     const char *access, const cJSON **out)
{
	struct rgw_query q = {0};

	rgw_q(&q, "subuser", name);
	rgw_q(&q, "uid", uid);
	if (access)
		rgw_q(&q, "access", access);
	if (!strcmp(method, "DELETE"))
		rgw_q(&q, "purge-keys", "true");
	return rgw_req_admin(r, method, "/admin/user", &q, out);
}

/* Deletes the Swift key of subuser name of uid. 0 or the error answered. */
static int
drop_swift_key(struct req *r, const char *uid, const char *name)
{
	struct rgw_query q = {0};

	rgw_q(&q, "key", "");
	rgw_q(&q, "key-type", "swift");
	rgw_q(&q, "subuser", name);
	rgw_q(&q, "uid", uid);
	return rgw_req_admin(r, "DELETE", "/admin/user", &q, NULL);
}

int
rgw_subusers_create(struct req *r)
{
	const char *uid = req_param(r, "uid"), *name = json_str(r->body, "name"), *access, *id;
	const cJSON *gen = cJSON_GetObjectItemCaseSensitive(r->body, "generate_secret");
	const cJSON *info = NULL, *su;
	cJSON *j, *keys, *key;
	int rc;

	if ((rc = check_subuser_name(r, "name", name)) != 0 ||
	    (rc = access_param(r, json_str(r->body, "access"), &access)) != 0 ||
	    (rc = rgw_user_info(r, uid, 0, &info)) != 0)
		return rc;
	id = subuser_id(r, uid, name);
	if (find_in(info, "subusers", "id", id))
		return resp_error(r, 409, "subuser_exists", "name", "user '%s' has a subuser '%s'",
				  uid, name);
	if ((rc = subuser_call(r, "PUT", uid, name, access, NULL)) != 0)
		return rc;
	/* RGW gives every new subuser a Swift key, asked or not. */
	if (gen && !cJSON_IsTrue(gen) && (rc = drop_swift_key(r, uid, name)) != 0)
		return rc;
	if ((rc = rgw_user_info(r, uid, 0, &info)) != 0)
		return rc;
	if (!(su = find_in(info, "subusers", "id", id)))
		return resp_logged(r, 503, "rgw_error", "the Object Gateway failed",
				   "RGW made subuser '%s' but does not show it", id);
	j = rgw_subuser_item(su);
	keys = cJSON_AddArrayToObject(j, "keys");
	if ((key = key_with_secret(info, id)))
		cJSON_AddItemToArray(keys, key);
	resp_header(r, "Location: /api/clusters/%s/rgw/users/%s/subusers/%s", r->cluster->fsid,
		    req_own(r, rgw_encode(uid, 0)), req_own(r, rgw_encode(name, 0)));
	return resp_json(r, 201, j);
}

const struct field_spec rgw_subusers_patch_body[] = {
	{"access", J_STRING, 1, "none, read, write, readwrite or full"},
	{NULL, 0, 0, NULL},
};

int
rgw_subusers_patch(struct req *r)
{
	const char *uid = req_param(r, "uid"), *name = req_param(r, "name"), *access;
	const cJSON *info = NULL, *subs = NULL, *su;
	int rc;

	if ((rc = access_param(r, json_str(r->body, "access"), &access)) != 0 ||
	    (rc = rgw_user_info(r, uid, 0, &info)) != 0)
		return rc;
	if (!find_subuser(r, info, uid, name))
		return r->status;
	/* Without an access parameter RGW sets none (it refuses "none"). */
	if ((rc = subuser_call(r, "POST", uid, name, access, &subs)) != 0)
		return rc;
	if (!(su = find(subs, "id", subuser_id(r, uid, name))))
		return resp_logged(r, 503, "rgw_error", "the Object Gateway failed",
				   "RGW changed subuser '%s:%s' but does not show it", uid, name);
	return resp_json(r, 200, rgw_subuser_item(su));
}

int
rgw_subusers_delete(struct req *r)
{
	const char *uid = req_param(r, "uid"), *name = req_param(r, "name");
	const cJSON *info = NULL;
	int rc;

	if ((rc = rgw_user_info(r, uid, 0, &info)) != 0)
		return rc;
	if (!find_subuser(r, info, uid, name))
		return r->status;
	if ((rc = subuser_call(r, "DELETE", uid, name, NULL, NULL)) != 0)
		return rc;
	return resp_empty(r, 204);
}

/* Checks the wanted caps: known types, each once, known perms. 0, or 4xx answered. */
static int
check_caps(struct req *r, const cJSON *caps)
{
	static const char *const types[] = {
		"users", "user",    "buckets", "metadata",    "usage",     "zone",          "bilog",
		"mdlog", "datalog", "roles",   "user-policy", "amz-cache", "oidc-provider", NULL};
	static const char *const perms[] = {"read", "write", "*", NULL};
	const cJSON *c, *d;
	int i = 0;

	cJSON_ArrayForEach(c, caps) {
		const char *type = json_str(c, "type"), *perm = json_str(c, "perm");
		if (!cJSON_IsObject(c) || !type || !perm || cJSON_GetArraySize(c) != 2)
			return resp_error(r, 400, "invalid_type", json_field(r, "caps[%d]", i),
					  "a cap is {\"type\", \"perm\"}");
		if (!str_in(type, types))
			return resp_error(
				r, 422, "invalid_value", json_field(r, "caps[%d].type", i),
				"'%s' is not a cap type (users, buckets, metadata, usage, "
				"zone, ...)",
				type);
		if (!str_in(perm, perms))
			return resp_error(r, 422, "invalid_value",
					  json_field(r, "caps[%d].perm", i),
					  "perm is read, write or *");
		for (d = caps->child; d != c; d = d->next)
			if (!strcmp(json_str(d, "type") ?: "", type))
				return resp_error(r, 422, "invalid_value",
						  json_field(r, "caps[%d].type", i),
						  "cap type '%s' is given twice", type);
		i++;
	}
	return 0;
}

/* One caps call for user uid with "type=perm;..." (nothing to do when empty). */
static int
caps_call(struct req *r, const char *method, const char *uid, struct buf *caps)
{
	struct rgw_query q = {0};

	if (!caps->len)
		return 0;
	buf_add(caps, "", 1);
	rgw_q(&q, "caps", "");
	rgw_q(&q, "uid", uid);
	rgw_q(&q, "user-caps", caps->data);
	return rgw_req_admin(r, method, "/admin/user", &q, NULL);
}

const struct field_spec rgw_caps_put_body[] = {
	{"caps", J_ARRAY, 1,
	 "the whole wanted set: [{\"type\": users|buckets|metadata|usage|zone|..., \"perm\": "
	 "read|write|*}]"},
	{NULL, 0, 0, NULL},
};

int
rgw_caps_put(struct req *r)
{
	struct buf drop, add;
	const char *uid = req_param(r, "uid");
	const cJSON *want = cJSON_GetObjectItemCaseSensitive(r->body, "caps"), *info = NULL, *c, *w;
	int rc;

	if ((rc = check_caps(r, want)) != 0 || (rc = rgw_user_info(r, uid, 0, &info)) != 0)
		return rc;
	buf_init(&drop);
	buf_init(&add);
	cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(info, "caps")) {
		const char *type = json_str(c, "type") ?: "";
		w = find(want, "type", type);
		if (!w || strcmp(json_str(w, "perm"), json_str(c, "perm") ?: ""))
			buf_printf(&drop, "%s%s=*", drop.len ? ";" : "", type);
	}
	cJSON_ArrayForEach(w, want) {
		c = find_in(info, "caps", "type", json_str(w, "type"));
		if (!c || strcmp(json_str(w, "perm"), json_str(c, "perm") ?: ""))
			buf_printf(&add, "%s%s=%s", add.len ? ";" : "", json_str(w, "type"),
				   json_str(w, "perm"));
	}
	rc = caps_call(r, "DELETE", uid, &drop);
	if (rc == 0)
		rc = caps_call(r, "PUT", uid, &add);
	buf_free(&drop);
	buf_free(&add);
	return rc != 0 ? rc : rgw_user_respond(r, uid, 200);
}
