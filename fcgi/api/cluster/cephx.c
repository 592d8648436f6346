/*
 * cephx.c - /api/clusters/{fsid}/cephx/users: the cluster's cephx entities with their
 * caps, never their keys (`auth ls`, `auth get`, asked each time: the view would keep
 * every key in shared memory); create a client with caps or from a preset (an RBD
 * client of a pool, a CephFS client of a path, an RGW daemon, an iSCSI or an NFS
 * gateway), its key in the 201 answer once; replace a client's caps; delete a client;
 * export a keyring (admin only, audited as every POST). Caps are checked for their
 * shape first (each clause "allow ..." or "profile ..."), then by Ceph (422 on field
 * caps.<service> with Ceph's words). Writes are for admins: a key that may write caps
 * may give itself any. Refused (409 cephx_user_protected): client.admin, the key
 * openattic itself uses, and the daemons' keys (they go with their daemons). The
 * monitor commands need mon 'allow command "auth ..."' (README "Ceph").
 */
#include "api/cluster/cluster.h"
#include "backends/ceph.h"
#include "backends/view.h"
#include "core/list.h"
#include "core/resp.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CAPS_MAX 1024

static const char *const services[] = {"mon", "mgr", "osd", "mds", NULL};

/* Why entity cannot be changed here (static words), or NULL: a client other than ours. */
static const char *
protected_why(struct req *r, const char *entity)
{
	if (strncmp(entity, "client.", 7))
		return "a daemon's key: it goes with its daemon";
	if (!strcmp(entity, "client.admin"))
		return "the cluster's admin key";
	if (!strcmp(entity, r->cluster->conf->client))
		return "the key openATTIC uses";
	return NULL;
}

/*
 * The API's entity (new): entity, type (client, osd, mgr, mds, mon), caps, protected
 * (not to be changed here); never the key.
 */
static cJSON *
entity_item(struct req *r, const cJSON *e)
{
	const char *name = json_str(e, "entity") ?: "";
	const cJSON *caps = cJSON_GetObjectItemCaseSensitive(e, "caps");
	cJSON *j = cJSON_CreateObject();
	char type[16];

	snprintf(type, sizeof(type), "%.*s", (int)strcspn(name, "."), name);
	cJSON_AddStringToObject(j, "entity", name);
	cJSON_AddStringToObject(j, "type", type);
	cJSON_AddItemToObject(
		j, "caps", cJSON_IsObject(caps) ? cJSON_Duplicate(caps, 1) : cJSON_CreateObject());
	cJSON_AddBoolToObject(j, "protected", protected_why(r, name) != NULL);
	return j;
}

/* Answers a refused auth command: 403 with what the key needs, else Ceph's mapping. */
static int
auth_error(struct req *r, int rc, const char *msg)
{
	if (rc == -EACCES || rc == -EPERM)
		return resp_error(r, 403, "ceph_denied", NULL,
				  "openATTIC's key may not manage cephx users: give it mon 'allow "
				  "command \"auth ls\", allow command \"auth get\", ...' (README "
				  "\"Ceph\")");
	return resp_ceph_error(r, rc, msg);
}

static const struct sort_field cephx_list_sorts[] = {
	{"entity", "entity"}, {"type", "type"}, {NULL, NULL}};
static const char *const cephx_list_search[] = {"entity", NULL};
const struct list_spec cephx_list_spec = {cephx_list_sorts, "entity", cephx_list_search};

int
cephx_list(struct req *r)
{
	cJSON *cmd = ceph_cmd("auth ls"), *out = NULL, *items;
	const cJSON *e;
	struct list_params lp;
	char *msg = NULL;
	int rc;

	if ((rc = list_parse(r, &lp)) != 0) {
		cJSON_Delete(cmd);
		return rc;
	}
	rc = ceph_mon(r->cluster, cmd, &out, &msg);
	cJSON_Delete(cmd);
	req_own_json(r, out);
	if (rc < 0)
		return auth_error(r, rc, req_own(r, msg));
	free(msg);
	items = cJSON_CreateArray();
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(out, "auth_dump"))
		cJSON_AddItemToArray(items, entity_item(r, e));
	return list_array(r, items, &lp);
}

/*
 * `auth get` of entity: 0 with *e (owned by r; it holds the key), -ENOENT, or another
 * negative errno with *msg (owned by r).
 */
static int
auth_lookup(struct req *r, const char *entity, const cJSON **e, const char **msg)
{
	cJSON *cmd = ceph_cmd("auth get"), *out = NULL;
	char *m = NULL;
	int rc;

	cJSON_AddStringToObject(cmd, "entity", entity);
	rc = ceph_mon(r->cluster, cmd, &out, &m);
	cJSON_Delete(cmd);
	req_own_json(r, out);
	*msg = req_own(r, m);
	if (rc == 0 && !(*e = cJSON_GetArrayItem(out, 0)))
		rc = -ENOENT;
	return rc;
}

/* auth_lookup for a request: 0 with *e, or the error answered (404 cephx_user_not_found). */
static int
auth_get(struct req *r, const char *entity, const cJSON **e)
{
	const char *msg;
	int rc = auth_lookup(r, entity, e, &msg);

	if (rc == -ENOENT)
		return resp_error(r, 404, "cephx_user_not_found", NULL, "no cephx entity '%s'",
				  entity);
	return rc < 0 ? auth_error(r, rc, msg) : 0;
}

int
cephx_get(struct req *r)
{
	const cJSON *e;
	int rc;

	if ((rc = auth_get(r, req_param(r, "entity"), &e)) != 0)
		return rc;
	return resp_json(r, 200, entity_item(r, e));
}

/* Whether name is client.<id> with id of A-Z a-z 0-9 _ . - (1-64). */
static int
valid_client(const char *name)
{
	const char *id = name + 7;
	size_t n = strlen(name);

	if (strncmp(name, "client.", 7) || n < 8 || n > 71)
		return 0;
	for (; *id; id++)
		if (!isalnum((unsigned char)*id) && !strchr("_.-", *id))
			return 0;
	return 1;
}

/* 409 unless entity may be changed here (protected_why). */
static int
check_changeable(struct req *r, const char *entity)
{
	const char *why = protected_why(r, entity);

	return why ? resp_error(r, 409, "cephx_user_protected", NULL,
				"%s is %s: it cannot be changed or deleted here", entity, why)
		   : 0;
}

/* One service's cap checked for its shape: 0, or 422 on field caps.<svc> answered. */
static int
check_cap(struct req *r, const char *svc, const cJSON *v)
{
	char *copy, *clause, *save = NULL;
	int bad = 0;

	if (!cJSON_IsString(v) || !*v->valuestring || strlen(v->valuestring) > CAPS_MAX)
		bad = 1;
	for (const char *p = bad ? "" : v->valuestring; *p; p++)
		bad |= iscntrl((unsigned char)*p) != 0;
	if (!bad) {
		copy = xstrdup(v->valuestring);
		for (clause = strtok_r(copy, ",", &save); clause;
		     clause = strtok_r(NULL, ",", &save)) {
			while (*clause == ' ')
				clause++;
			bad |= strncmp(clause, "allow", 5) && strncmp(clause, "profile", 7);
		}
		free(copy);
	}
	if (bad)
		return resp_error(r, 422, "invalid_value", json_field(r, "caps.%s", svc),
				  "%s caps are clauses \"allow ...\" or \"profile ...\", "
				  "separated by commas (at most %d characters)",
				  svc, CAPS_MAX);
	return 0;
}

/* The caps object checked: 0 with *args (the command's ["mon","allow r",...]), or 422. */
static int
caps_args(struct req *r, const cJSON *caps, cJSON **args)
{
	const cJSON *v;
	int rc;

	if (!cJSON_IsObject(caps) || !caps->child)
		return resp_error(r, 422, "invalid_value", "caps",
				  "caps name at least one of mon, mgr, osd, mds with its cap");
	cJSON_ArrayForEach(v, caps) {
		if (!str_in(v->string, services))
			return resp_error(r, 422, "invalid_value",
					  json_field(r, "caps.%s", v->string),
					  "caps are for mon, mgr, osd or mds");
		if ((rc = check_cap(r, v->string, v)) != 0)
			return rc;
	}
	*args = req_own_json(r, cJSON_CreateArray());
	cJSON_ArrayForEach(v, caps) {
		cJSON_AddItemToArray(*args, cJSON_CreateString(v->string));
		cJSON_AddItemToArray(*args, cJSON_CreateString(v->valuestring));
	}
	return 0;
}

/* Ceph's refusal of caps ("osd capability parse failed...") on the service's field. */
static int
caps_refused(struct req *r, const char *msg)
{
	for (int i = 0; services[i]; i++)
		if (msg && !strncmp(msg, services[i], strlen(services[i])))
			return resp_error(r, 422, "invalid_value",
					  json_field(r, "caps.%s", services[i]), "%s", msg);
	return resp_error(r, 422, "invalid_value", "caps", "%s",
			  msg ? msg : "Ceph refused the caps");
}

const struct field_spec cephx_create_body[] = {
	{"entity", J_STRING, 1, "client.<id>: A-Z a-z 0-9 _ . -"},
	{"caps", J_OBJECT, 0,
	 "{mon, mgr, osd, mds}: each a cap (\"allow r\", \"profile rbd "
	 "pool=rbd\"); or preset"},
	{"preset", J_STRING, 0,
	 "rbd, rbd-read-only (pool), cephfs (fs, path), rgw, iscsi (pool), nfs"},
	{"pool", J_STRING, 0, "the pool of an rbd, rbd-read-only or iscsi preset"},
	{"fs", J_STRING, 0, "the file system of a cephfs preset"},
	{"path", J_STRING, 0, "the directory of a cephfs preset (default /)"},
	{"read_only", J_BOOL, 0, "a cephfs preset that only reads"},
	{NULL, 0, 0, NULL},
};

const struct field_spec cephx_update_body[] = {
	{"caps", J_OBJECT, 1, "the whole new caps: {mon, mgr, osd, mds}"},
	{NULL, 0, 0, NULL},
};

/* Sets caps member svc to the formatted cap. */
static void set_cap(cJSON *caps, const char *svc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
set_cap(cJSON *caps, const char *svc, const char *fmt, ...)
{
	struct buf b;
	va_list ap;

	buf_init(&b);
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	cJSON_AddStringToObject(caps, svc, b.data);
	buf_free(&b);
}

/* Whether file system fs exists (from the view): 1, 0, or -1 with the error answered. */
static int
fs_exists(struct req *r, const char *fs)
{
	const cJSON *dump = view_req(r, r->cluster, V_FS_DUMP), *f;

	if (!dump)
		return -1;
	cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(dump, "filesystems"))
		if (!strcmp(json_str(json_at(f, "mdsmap"), "fs_name") ?: "", fs))
			return 1;
	return 0;
}

/* A preset's required pool, checked: the name or NULL with 422 answered. */
static const char *
preset_pool(struct req *r, const char *preset)
{
	const char *pool = json_str(r->body, "pool");
	int rc;

	if (!pool || !*pool) {
		resp_error(r, 422, "invalid_value", "pool", "the %s preset needs a pool", preset);
		return NULL;
	}
	if ((rc = ceph_pool_exists(r->cluster, pool)) <= 0) {
		if (rc < 0)
			resp_ceph_error(r, rc, NULL);
		else
			resp_error(r, 422, "invalid_value", "pool", "pool '%s' does not exist",
				   pool);
		return NULL;
	}
	return pool;
}

/* The cephfs preset's caps into caps: 0 or the error answered. */
static int
cephfs_caps(struct req *r, cJSON *caps)
{
	const char *fs = json_str(r->body, "fs"), *path = json_str(r->body, "path") ?: "/";
	int ro = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r->body, "read_only")), rc;

	if (!fs || !*fs)
		return resp_error(r, 422, "invalid_value", "fs",
				  "the cephfs preset needs a file system");
	if ((rc = fs_exists(r, fs)) < 0)
		return r->status;
	if (!rc)
		return resp_error(r, 422, "invalid_value", "fs", "file system '%s' does not exist",
				  fs);
	if (path[0] != '/' || strstr(path, "..") || strpbrk(path, " ,=\"'") || strlen(path) > 512)
		return resp_error(
			r, 422, "invalid_value", "path",
			"path is an absolute directory without spaces, commas, quotes or ..");
	set_cap(caps, "mon", "allow r fsname=%s", fs);
	set_cap(caps, "mds", "allow %s fsname=%s path=%s", ro ? "r" : "rw", fs, path);
	set_cap(caps, "osd", "allow %s tag cephfs data=%s", ro ? "r" : "rw", fs);
	return 0;
}

/* The caps a preset stands for (owned by r): 0 with *caps, or the error answered. */
static int
preset_caps(struct req *r, const char *preset, cJSON **caps)
{
	const char *pool;

	*caps = req_own_json(r, cJSON_CreateObject());
	if (!strcmp(preset, "cephfs"))
		return cephfs_caps(r, *caps);
	if (!strcmp(preset, "rgw")) {
		set_cap(*caps, "mon", "allow rw");
		set_cap(*caps, "osd", "allow rwx");
		return 0;
	}
	if (!strcmp(preset, "nfs")) {
		set_cap(*caps, "mon", "allow r");
		set_cap(*caps, "osd",
			"allow r pool=%s namespace=%s, allow rw pool=%s namespace=%s-grace, allow "
			"rwx "
			"tag rgw *=*",
			oa_config->nfs_pool, oa_config->nfs_namespace, oa_config->nfs_pool,
			oa_config->nfs_namespace);
		return 0;
	}
	if (strcmp(preset, "rbd") && strcmp(preset, "rbd-read-only") && strcmp(preset, "iscsi"))
		return resp_error(r, 422, "invalid_value", "preset",
				  "preset is rbd, rbd-read-only, cephfs, rgw, iscsi or nfs");
	if (!(pool = preset_pool(r, preset)))
		return r->status;
	if (!strcmp(preset, "iscsi")) {
		set_cap(*caps, "mon", "profile rbd");
		set_cap(*caps, "osd", "allow rwx pool=%s", pool);
		return 0;
	}
	set_cap(*caps, "mon", "profile rbd");
	set_cap(*caps, "osd", "profile %s pool=%s", preset, pool);
	if (!strcmp(preset, "rbd"))
		set_cap(*caps, "mgr", "profile rbd pool=%s", pool);
	return 0;
}

/* The caps of a create: given or from the preset, as command arguments. */
static int
create_args(struct req *r, cJSON **args)
{
	const cJSON *caps = cJSON_GetObjectItemCaseSensitive(r->body, "caps");
	const char *preset = json_str(r->body, "preset");
	cJSON *made;
	int rc;

	if (!caps == !preset)
		return resp_error(r, 422, "invalid_value", "caps",
				  "give caps or a preset, not both");
	if (preset && (rc = preset_caps(r, preset, &made)) != 0)
		return rc;
	return caps_args(r, preset ? made : caps, args);
}

int
cephx_create(struct req *r)
{
	const char *entity = json_str(r->body, "entity"), *msg;
	const cJSON *e;
	cJSON *args, *cmd, *out = NULL, *item;
	char *m = NULL;
	int rc;

	if (!valid_client(entity))
		return resp_error(r, 422, "invalid_value", "entity",
				  "entity is client.<id>, the id 1-64 of A-Z a-z 0-9 _ . -");
	if ((rc = create_args(r, &args)) != 0)
		return rc;
	if ((rc = auth_lookup(r, entity, &e, &msg)) == 0)
		return resp_error(r, 409, "cephx_user_exists", "entity", "cephx entity '%s' exists",
				  entity);
	if (rc != -ENOENT)
		return auth_error(r, rc, msg);
	cmd = ceph_cmd("auth get-or-create");
	cJSON_AddStringToObject(cmd, "entity", entity);
	cJSON_AddItemToObject(cmd, "caps", cJSON_Duplicate(args, 1));
	rc = ceph_mon(r->cluster, cmd, &out, &m);
	cJSON_Delete(cmd);
	req_own_json(r, out);
	msg = req_own(r, m);
	if (rc == -EINVAL)
		return caps_refused(r, msg);
	if (rc < 0)
		return auth_error(r, rc, msg);
	e = cJSON_GetArrayItem(out, 0);
	item = entity_item(r, e);
	cJSON_AddStringToObject(item, "key", json_str(e, "key") ?: "");
	resp_header(r, "Location: /api/clusters/%s/cephx/users/%s", r->cluster->fsid, entity);
	return resp_json(r, 201, item);
}

int
cephx_update(struct req *r)
{
	const char *entity = req_param(r, "entity"), *msg;
	const cJSON *e;
	cJSON *args, *cmd;
	int rc;

	if ((rc = check_changeable(r, entity)) != 0 ||
	    (rc = caps_args(r, cJSON_GetObjectItemCaseSensitive(r->body, "caps"), &args)) != 0 ||
	    (rc = auth_get(r, entity, &e)) != 0)
		return rc;
	cmd = ceph_cmd("auth caps");
	cJSON_AddStringToObject(cmd, "entity", entity);
	cJSON_AddItemToObject(cmd, "caps", cJSON_Duplicate(args, 1));
	rc = ceph_req_run(r, 0, cmd, &msg);
	if (rc == -EINVAL)
		return caps_refused(r, msg);
	if (rc < 0)
		return auth_error(r, rc, msg);
	if ((rc = auth_get(r, entity, &e)) != 0)
		return rc;
	return resp_json(r, 200, entity_item(r, e));
}

int
cephx_delete(struct req *r)
{
	const char *entity = req_param(r, "entity"), *msg;
	const cJSON *e;
	cJSON *cmd;
	int rc;

	if ((rc = check_changeable(r, entity)) != 0 || (rc = auth_get(r, entity, &e)) != 0)
		return rc;
	cmd = ceph_cmd("auth rm");
	cJSON_AddStringToObject(cmd, "entity", entity);
	rc = ceph_req_run(r, 0, cmd, &msg);
	return rc < 0 ? auth_error(r, rc, msg) : resp_empty(r, 204);
}

int
cephx_keyring(struct req *r)
{
	const char *entity = req_param(r, "entity");
	const cJSON *e, *v;
	struct buf k;
	cJSON *j;
	int rc;

	if ((rc = auth_get(r, entity, &e)) != 0)
		return rc;
	buf_init(&k);
	buf_printf(&k, "[%s]\n\tkey = %s\n", entity, json_str(e, "key") ?: "");
	cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(e, "caps"))
		if (cJSON_IsString(v))
			buf_printf(&k, "\tcaps %s = \"%s\"\n", v->string, v->valuestring);
	j = cJSON_CreateObject();
	cJSON_AddStringToObject(j, "entity", entity);
	cJSON_AddStringToObject(j, "keyring", k.data);
	buf_free(&k);
	return resp_json(r, 200, j);
}
