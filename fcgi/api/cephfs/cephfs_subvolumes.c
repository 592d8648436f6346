/*
 * cephfs_subvolumes.c - subvolume groups, subvolumes and their snapshots, through the
 * manager's volumes module (`fs subvolumegroup ...`, `fs subvolume ...`: one manager
 * command each, answered one at a time by the module: `info` 3-4 ms, `ls` ~0.1 ms a
 * name). Lists read the names in one call (`ls`) and describe (`info`) only the page
 * when sorted by name (1,000 subvolumes: a page of 50 in ~0.25 s); sorted by anything
 * else they describe every item (~3.5 s; the routes are slow routes). The module's
 * creates succeed on an existing name, so a create looks the name up first (409). Its
 * errors are a negative errno and a message: ENOENT names what is missing, ENOTEMPTY is
 * a group with subvolumes or a subvolume with snapshots; a timeout is an MDS (or a
 * manager) that does not answer: 503.
 */
#include "api/cephfs/cephfs.h"
#include "backends/ceph.h"
#include "core/list.h"
#include "core/resp.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NAME_DOC "1-128 of A-Z a-z 0-9 _ . -, not starting with '.' or '_'"
/* What a group and a subvolume are made with (add_attrs). */
/* clang-format off */
#define DIR_FIELDS \
	{"mode", J_STRING, 0, "octal permissions of its directory (default \"0755\")"}, \
	{"pool_layout", J_STRING, 0, "a data pool of the file system"}, \
	{"uid", J_INT, 0, "owner of its directory"}, \
	{"gid", J_INT, 0, "group of its directory"}
/* clang-format on */

const struct field_spec cephfs_groups_create_body[] = {
	{"name", J_STRING, 1, NAME_DOC},
	DIR_FIELDS,
	{NULL, 0, 0, NULL},
};

const struct field_spec cephfs_subvolumes_create_body[] = {
	{"name", J_STRING, 1, NAME_DOC},
	{"group", J_STRING, 0, "its subvolume group (default: none)"},
	{"size", J_INT, 0, "quota in bytes (default: unlimited)"},
	{"namespace_isolated", J_BOOL, 0, "its data in a RADOS namespace of its own"},
	DIR_FIELDS,
	{NULL, 0, 0, NULL},
};

const struct field_spec cephfs_subvolumes_patch_body[] = {
	{"size", J_ANY, 1, "quota in bytes, or null for unlimited"},
	{NULL, 0, 0, NULL},
};

const struct field_spec cephfs_subvolume_snaps_create_body[] = {
	{"name", J_STRING, 1, NAME_DOC},
	{NULL, 0, 0, NULL},
};

/* A volumes module command on file system fs (and group, when not NULL or empty). */
static cJSON *
vol_cmd(const char *prefix, const char *fs, const char *group)
{
	cJSON *c = ceph_cmd(prefix);

	cJSON_AddStringToObject(c, "vol_name", fs);
	if (group && *group)
		cJSON_AddStringToObject(c, "group_name", group);
	return c;
}

/* Runs cmd (freed) on the manager: 0 with *out (owned by r; may be NULL), or a
 * negative errno with *msg (owned by r). */
static int
vol_run(struct req *r, cJSON *cmd, const cJSON **out, const char **msg)
{
	cJSON *o = NULL;
	char *m = NULL;
	int rc = ceph_mgr(r->cluster, cmd, &o, &m);

	cJSON_Delete(cmd);
	*msg = req_own(r, m);
	req_own_json(r, o);
	if (out)
		*out = o;
	return rc;
}

/*
 * Answers the module's error: ENOENT as the 404 of what its message names,
 * ENOTEMPTY/EBUSY as 409 busy_code with busy_text (when given), a timeout as 503
 * mds_unavailable, anything else through the Ceph mapping.
 */
static int
vol_error(struct req *r, int rc, const char *msg, const char *busy_code, const char *busy_text)
{
	const char *m = msg && *msg ? msg : strerror(-rc), *code = "not_found";

	if (rc == -ENOENT) {
		if (!strncmp(m, "subvolume group", 15))
			code = "group_not_found";
		else if (!strncmp(m, "subvolume '", 11))
			code = "subvolume_not_found";
		else if (!strncmp(m, "snapshot", 8))
			code = "snapshot_not_found";
		else if (!strncmp(m, "FS '", 4) || !strncmp(m, "Volume", 6))
			code = "fs_not_found";
		return resp_error(r, 404, code, NULL, "%s", m);
	}
	if ((rc == -ENOTEMPTY || rc == -EBUSY) && busy_code)
		return resp_error(r, 409, busy_code, NULL, "%s", busy_text);
	if (rc == -ETIMEDOUT)
		return cephfs_resp_mds_error(r, req_param(r, "fs"), rc, msg);
	return resp_ceph_error(r, rc, msg);
}

/* 0 when name may be made, else 422 on field answered. */
static int
check_name(struct req *r, const char *name, const char *field, const char *noun)
{
	size_t n = strlen(name);

	if (n >= 1 && n <= 128 && name[0] != '.' && name[0] != '_' &&
	    strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-") == n)
		return 0;
	return resp_error(r, 422, "invalid_value", field,
			  "%s names are 1-128 of A-Z a-z 0-9 _ . - and do not start with '.' or "
			  "'_'",
			  noun);
}

/* Checks the optional fields mode (octal), size (> 0), uid, gid (>= 0) of a body. */
static int
check_attrs(struct req *r)
{
	const char *mode = json_str(r->body, "mode");
	const cJSON *size = cJSON_GetObjectItemCaseSensitive(r->body, "size");
	static const char *const ids[] = {"uid", "gid"};
	size_t n = mode ? strlen(mode) : 0;

	if (mode && (n < 3 || n > 4 || strspn(mode, "01234567") != n))
		return resp_error(r, 422, "invalid_value", "mode",
				  "mode is 3 or 4 octal digits, like \"0755\"");
	if (size && !cJSON_IsNull(size) && (!cJSON_IsNumber(size) || size->valuedouble < 1))
		return resp_error(r, 422, "invalid_value", "size",
				  "size is a number of bytes (at least 1), or null for unlimited");
	for (size_t i = 0; i < ARRAY_LEN(ids); i++)
		if (json_long(r->body, ids[i], 0) < 0)
			return resp_error(r, 422, "invalid_value", ids[i], "%s is 0 or more",
					  ids[i]);
	return 0;
}

/* Copies the body's optional attributes into a create command. */
static void
add_attrs(cJSON *cmd, const cJSON *body)
{
	const cJSON *v;

	if (json_str(body, "mode"))
		cJSON_AddStringToObject(cmd, "mode", json_str(body, "mode"));
	if (json_str(body, "pool_layout"))
		cJSON_AddStringToObject(cmd, "pool_layout", json_str(body, "pool_layout"));
	if ((v = cJSON_GetObjectItemCaseSensitive(body, "uid")))
		cJSON_AddNumberToObject(cmd, "uid", v->valuedouble);
	if ((v = cJSON_GetObjectItemCaseSensitive(body, "gid")))
		cJSON_AddNumberToObject(cmd, "gid", v->valuedouble);
	if ((v = cJSON_GetObjectItemCaseSensitive(body, "size")) && cJSON_IsNumber(v))
		cJSON_AddNumberToObject(cmd, "size", v->valuedouble);
	if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(body, "namespace_isolated")))
		cJSON_AddBoolToObject(cmd, "namespace_isolated", 1);
}

/*
 * A time the module writes ("2026-12-04 23:49:56[.877870]", the manager host's clock
 * without a zone; read as UTC, as Ceph's containers run) as RFC 3339, or null.
 */
static cJSON *
module_time(const char *s)
{
	struct tm tm;
	char buf[32];

	memset(&tm, 0, sizeof(tm));
	if (!s || !strptime(s, "%Y-%m-%d %H:%M:%S", &tm))
		return cJSON_CreateNull();
	rfc3339(timegm(&tm), buf, sizeof(buf));
	return cJSON_CreateString(buf);
}

static cJSON *
mode_string(const cJSON *info)
{
	char buf[8];

	if (!cJSON_IsNumber(json_at(info, "mode")))
		return cJSON_CreateNull();
	snprintf(buf, sizeof(buf), "%04o", (unsigned)jnum(info, "mode") & 07777u);
	return cJSON_CreateString(buf);
}

static cJSON *
number_or_null(const cJSON *v)
{
	return cJSON_IsNumber(v) ? cJSON_CreateNumber(v->valuedouble) : cJSON_CreateNull();
}

static cJSON *
string_or_null(const char *s)
{
	return s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

/* What groups and subvolumes share, of an info answer (NULL: all null). */
static void
add_common(cJSON *j, const cJSON *info)
{
	cJSON_AddItemToObject(j, "mode", mode_string(info));
	cJSON_AddItemToObject(j, "pool_layout", string_or_null(json_str(info, "data_pool")));
	cJSON_AddItemToObject(j, "uid", number_or_null(json_at(info, "uid")));
	cJSON_AddItemToObject(j, "gid", number_or_null(json_at(info, "gid")));
	cJSON_AddItemToObject(j, "bytes_used", number_or_null(json_at(info, "bytes_used")));
	cJSON_AddItemToObject(j, "created_at", module_time(json_str(info, "created_at")));
}

static cJSON *
group_item(const char *name, const cJSON *info)
{
	cJSON *j = cJSON_CreateObject();

	cJSON_AddStringToObject(j, "name", name);
	add_common(j, info);
	return j;
}

/* The API's subvolume (new): size is null when unlimited ("infinite"). */
static cJSON *
subvolume_item(const char *name, const char *group, const cJSON *info)
{
	cJSON *j = cJSON_CreateObject();

	cJSON_AddStringToObject(j, "name", name);
	cJSON_AddItemToObject(j, "group", string_or_null(group && *group ? group : NULL));
	cJSON_AddItemToObject(j, "path", string_or_null(json_str(info, "path")));
	cJSON_AddItemToObject(j, "size", number_or_null(json_at(info, "bytes_quota")));
	cJSON_AddItemToObject(j, "state", string_or_null(json_str(info, "state")));
	cJSON_AddItemToObject(j, "pool_namespace",
			      string_or_null(json_str(info, "pool_namespace")));
	add_common(j, info);
	return j;
}

static cJSON *
snapshot_item(const char *name, const cJSON *info)
{
	cJSON *j = cJSON_CreateObject();

	cJSON_AddStringToObject(j, "name", name);
	cJSON_AddItemToObject(j, "created_at", module_time(json_str(info, "created_at")));
	cJSON_AddBoolToObject(j, "has_pending_clones",
			      !strcmp(json_str(info, "has_pending_clones") ?: "no", "yes"));
	return j;
}

/* --- describing what a list names ----------------------------------------------- */

enum what { GROUPS, SUBVOLUMES, SNAPSHOTS };

/* The info command of the item named name. */
static cJSON *
info_cmd(enum what w, const char *fs, const char *group, const char *sub, const char *name)
{
	static const char *const prefix[] = {"fs subvolumegroup info", "fs subvolume info",
					     "fs subvolume snapshot info"};
	cJSON *c = vol_cmd(prefix[w], fs, w == GROUPS ? NULL : group);

	if (w == GROUPS)
		cJSON_AddStringToObject(c, "group_name", name);
	else if (w == SUBVOLUMES)
		cJSON_AddStringToObject(c, "sub_name", name);
	else {
		cJSON_AddStringToObject(c, "sub_name", sub);
		cJSON_AddStringToObject(c, "snap_name", name);
	}
	return c;
}

/*
 * Replaces each {"name"} of items by its API item, described by the module (sub: the
 * subvolume of SNAPSHOTS), one call after the other: the module answers one at a time
 * (4 calls at once took as long). One gone since it was listed is dropped; one the
 * module cannot describe keeps nulls and says why in "error". 0, or 503 answered at
 * the first call that timed out (the MDS does not answer: nor would it for the others).
 */
static int
describe(struct req *r, enum what w, const char *group, const char *sub, cJSON *items)
{
	cJSON *it, *next, *out, *j;
	char *msg;
	int rc;

	for (it = items->child; it; it = next) {
		const char *name = json_str(it, "name") ?: "";
		cJSON *cmd = info_cmd(w, req_param(r, "fs"), group, sub, name);

		next = it->next;
		out = NULL;
		msg = NULL;
		rc = ceph_mgr(r->cluster, cmd, &out, &msg);
		cJSON_Delete(cmd);
		req_own_json(r, out);
		req_own(r, msg);
		if (rc == -ETIMEDOUT)
			return vol_error(r, rc, msg, NULL, NULL);
		if (rc == -ENOENT) {
			cJSON_Delete(cJSON_DetachItemViaPointer(items, it));
			continue;
		}
		j = w == GROUPS       ? group_item(name, out)
		    : w == SUBVOLUMES ? subvolume_item(name, group, out)
				      : snapshot_item(name, out);
		if (rc < 0)
			cJSON_AddStringToObject(j, "error", msg ?: strerror(-rc));
		cJSON_ReplaceItemViaPointer(items, it, j);
	}
	return 0;
}

/*
 * Answers a list of the names `ls` gave (items {"name"}, owned by r): by name only the
 * page is described; by any other field every item (that the search kept) first. list_array pages;
 * the page it rendered is read back and described.
 */
/* Every list here searches names only (the search happens before the items are described). */
static const char *const by_name[] = {"name", NULL};

static int
list_described(struct req *r, enum what w, const char *group, const char *sub, const cJSON *names,
	       const struct list_params *lp)
{
	cJSON *items = cJSON_CreateArray(), *env;
	const cJSON *n;
	int rc;

	/* The search is on names: only the matches are described. */
	cJSON_ArrayForEach(n, names)
		if (!lp->search || strcasestr(json_str(n, "name") ?: "", lp->search))
			cJSON_AddItemToArray(items, cJSON_Duplicate(n, 1));
	if (strcmp(lp->sort->name, "name")) {
		if ((rc = describe(r, w, group, sub, items)) != 0) {
			cJSON_Delete(items);
			return rc;
		}
		return list_array(r, items, lp);
	}
	if (list_array(r, items, lp) != 200)
		return r->status;
	if (!(env = cJSON_ParseWithLength(r->out, r->out_len)))
		return resp_internal(r, "cannot read back the page of names");
	req_own_json(r, env);
	if ((rc = describe(r, w, group, sub, cJSON_GetObjectItemCaseSensitive(env, "items"))))
		return rc;
	return resp_json(r, 200, cJSON_Duplicate(env, 1));
}

/* The names the module lists ([{"name"}]) for cmd (freed): 0, or the error answered. */
static int
vol_ls(struct req *r, cJSON *cmd, const cJSON **names)
{
	const char *msg;
	int rc;

	if ((rc = vol_run(r, cmd, names, &msg)) < 0)
		return vol_error(r, rc, msg, NULL, NULL);
	if (!cJSON_IsArray(*names))
		*names = req_own_json(r, cJSON_CreateArray());
	return 0;
}

/* Describes one item and answers status with it: 404 when the module has none. */
static int
respond_one(struct req *r, enum what w, const char *group, const char *sub, const char *name,
	    int status)
{
	const char *msg;
	const cJSON *out;
	int rc;

	/* One item: asked directly, for the module's own error. */
	rc = vol_run(r, info_cmd(w, req_param(r, "fs"), group, sub, name), &out, &msg);
	if (rc < 0)
		return vol_error(r, rc, msg, NULL, NULL);
	return resp_json(r, status,
			 w == GROUPS       ? group_item(name, out)
			 : w == SUBVOLUMES ? subvolume_item(name, group, out)
					   : snapshot_item(name, out));
}

/*
 * Whether item name exists: 0 when it does not, 409 code on field name answered when
 * it does, or the error answered.
 */
static int
check_absent(struct req *r, enum what w, const char *group, const char *sub, const char *name,
	     const char *code, const char *noun)
{
	const char *msg;
	int rc = vol_run(r, info_cmd(w, req_param(r, "fs"), group, sub, name), NULL, &msg);

	if (rc == 0)
		return resp_error(r, 409, code, "name", "%s '%s' already exists", noun, name);
	if (rc == -ENOENT && !strncmp(msg ? msg : "", "subvolume group", 15) && w != GROUPS)
		return resp_error(r, 422, "invalid_value", "group",
				  "file system '%s' has no subvolume group '%s'",
				  req_param(r, "fs"), group);
	return rc == -ENOENT ? 0 : vol_error(r, rc, msg, NULL, NULL);
}

/* Runs a create command (freed): 0, or its error answered (EINVAL names its field). */
static int
vol_create(struct req *r, cJSON *cmd)
{
	const char *msg, *field = NULL;
	int rc = vol_run(r, cmd, NULL, &msg);

	if (rc == 0)
		return 0;
	if (rc == -EINVAL && msg && strstr(msg, "pool"))
		field = "pool_layout";
	else if (rc == -EINVAL && msg && strstr(msg, "mode"))
		field = "mode";
	if (field)
		return resp_error(r, 422, "invalid_value", field, "%s", msg);
	return vol_error(r, rc, msg, NULL, NULL);
}

/*
 * Runs a remove command (freed) and answers 204, or its error: ENOTEMPTY/EBUSY is 409
 * busy_code saying busy (owned by r).
 */
static int
vol_remove(struct req *r, cJSON *cmd, const char *busy_code, const char *busy)
{
	const char *msg;
	int rc;

	if ((rc = vol_run(r, cmd, NULL, &msg)) < 0)
		return vol_error(r, rc, msg, busy_code, busy);
	return resp_empty(r, 204);
}

/* Makes the group or subvolume (in group) the body describes and answers 201 with it. */
static int
make_one(struct req *r, enum what w, const char *group)
{
	static const char *const prefix[] = {"fs subvolumegroup create", "fs subvolume create"},
				 *const key[] = {"group_name", "sub_name"},
				 *const noun[] = {"subvolume group", "subvolume"},
				 *const exists[] = {"group_exists", "subvolume_exists"};
	const char *fs = req_param(r, "fs"), *name = json_str(r->body, "name");
	cJSON *cmd;
	int rc;

	if ((rc = check_name(r, name, "name", noun[w])) != 0 || (rc = check_attrs(r)) != 0 ||
	    (rc = cephfs_check_active(r, fs)) != 0 ||
	    (rc = check_absent(r, w, group, NULL, name, exists[w], noun[w])) != 0)
		return rc;
	cmd = vol_cmd(prefix[w], fs, group);
	cJSON_AddStringToObject(cmd, key[w], name);
	add_attrs(cmd, r->body);
	if ((rc = vol_create(r, cmd)) != 0)
		return rc;
	return respond_one(r, w, group, NULL, name, 201);
}

/* --- subvolume groups ----------------------------------------------------------- */

static const struct sort_field cephfs_groups_list_sorts[] = {
	{"name", "name"},
	{"bytes_used", "bytes_used"},
	{"created_at", "created_at"},
	{NULL, NULL},
};
const struct list_spec cephfs_groups_list_spec = {cephfs_groups_list_sorts, "name", by_name};

int
cephfs_groups_list(struct req *r)
{
	const char *fs = req_param(r, "fs");
	struct list_params lp;
	const cJSON *names;
	int rc;

	if ((rc = list_parse(r, &lp)) != 0 || (rc = cephfs_check_active(r, fs)) != 0 ||
	    (rc = vol_ls(r, vol_cmd("fs subvolumegroup ls", fs, NULL), &names)) != 0)
		return rc;
	return list_described(r, GROUPS, NULL, NULL, names, &lp);
}

int
cephfs_groups_create(struct req *r)
{
	return make_one(r, GROUPS, NULL);
}

int
cephfs_groups_delete(struct req *r)
{
	const char *fs = req_param(r, "fs"), *group = req_param(r, "group");
	cJSON *cmd;
	int rc;

	if ((rc = cephfs_check_active(r, fs)) != 0)
		return rc;
	cmd = vol_cmd("fs subvolumegroup rm", fs, NULL);
	cJSON_AddStringToObject(cmd, "group_name", group);
	return vol_remove(r, cmd, "group_not_empty",
			  req_own(r, xasprintf("subvolume group '%s' holds subvolumes; delete "
					       "them first",
					       group)));
}

/* --- subvolumes ----------------------------------------------------------------- */

static const struct sort_field cephfs_subvolumes_list_sorts[] = {
	{"name", "name"},
	{"size", "size"},
	{"bytes_used", "bytes_used"},
	{"created_at", "created_at"},
	{"state", "state"},
	{NULL, NULL},
};
const struct list_spec cephfs_subvolumes_list_spec = {cephfs_subvolumes_list_sorts, "name",
						      by_name};

const struct field_spec cephfs_group_query[] = {
	{"group", J_STRING, 0, "the subvolume group (default: none)"},
	{NULL, 0, 0, NULL},
};

int
cephfs_subvolumes_list(struct req *r)
{
	const char *fs = req_param(r, "fs"), *group = req_query(r, "group");
	struct list_params lp;
	const cJSON *names;
	int rc;

	if ((rc = list_parse(r, &lp)) != 0 || (rc = cephfs_check_active(r, fs)) != 0 ||
	    (rc = vol_ls(r, vol_cmd("fs subvolume ls", fs, group), &names)) != 0)
		return rc;
	return list_described(r, SUBVOLUMES, group, NULL, names, &lp);
}

int
cephfs_subvolumes_get(struct req *r)
{
	int rc;

	if ((rc = cephfs_check_active(r, req_param(r, "fs"))) != 0)
		return rc;
	return respond_one(r, SUBVOLUMES, req_query(r, "group"), NULL, req_param(r, "name"), 200);
}

int
cephfs_subvolumes_create(struct req *r)
{
	return make_one(r, SUBVOLUMES, json_str(r->body, "group"));
}

int
cephfs_subvolumes_patch(struct req *r)
{
	const char *fs = req_param(r, "fs"), *name = req_param(r, "name"),
		   *group = req_query(r, "group"), *msg;
	const cJSON *size = cJSON_GetObjectItemCaseSensitive(r->body, "size");
	char buf[32];
	cJSON *cmd;
	int rc;

	if ((rc = check_attrs(r)) != 0 || (rc = cephfs_check_active(r, fs)) != 0)
		return rc;
	if (cJSON_IsNumber(size))
		snprintf(buf, sizeof(buf), "%.0f", size->valuedouble);
	cmd = vol_cmd("fs subvolume resize", fs, group);
	cJSON_AddStringToObject(cmd, "sub_name", name);
	cJSON_AddStringToObject(cmd, "new_size", cJSON_IsNumber(size) ? buf : "infinite");
	if ((rc = vol_run(r, cmd, NULL, &msg)) < 0)
		return rc == -EINVAL ? resp_error(r, 422, "invalid_value", "size", "%s", msg ?: "")
				     : vol_error(r, rc, msg, NULL, NULL);
	return respond_one(r, SUBVOLUMES, group, NULL, name, 200);
}

int
cephfs_subvolumes_delete(struct req *r)
{
	const char *fs = req_param(r, "fs"), *name = req_param(r, "name");
	cJSON *cmd;
	int rc;

	if ((rc = cephfs_check_active(r, fs)) != 0)
		return rc;
	cmd = vol_cmd("fs subvolume rm", fs, req_query(r, "group"));
	cJSON_AddStringToObject(cmd, "sub_name", name);
	return vol_remove(
		r, cmd, "subvolume_has_snapshots",
		req_own(r, xasprintf("subvolume '%s' has snapshots; delete them first", name)));
}

/* --- snapshots of a subvolume --------------------------------------------------- */

static const struct sort_field cephfs_subvolume_snaps_list_sorts[] = {
	{"name", "name"}, {"created_at", "created_at"}, {NULL, NULL}};
const struct list_spec cephfs_subvolume_snaps_list_spec = {cephfs_subvolume_snaps_list_sorts,
							   "name", by_name};

int
cephfs_subvolume_snaps_list(struct req *r)
{
	const char *fs = req_param(r, "fs"), *group = req_query(r, "group"),
		   *sub = req_param(r, "name");
	struct list_params lp;
	const cJSON *names;
	cJSON *cmd;
	int rc;

	if ((rc = list_parse(r, &lp)) != 0 || (rc = cephfs_check_active(r, fs)) != 0)
		return rc;
	cmd = vol_cmd("fs subvolume snapshot ls", fs, group);
	cJSON_AddStringToObject(cmd, "sub_name", sub);
	if ((rc = vol_ls(r, cmd, &names)) != 0)
		return rc;
	return list_described(r, SNAPSHOTS, group, sub, names, &lp);
}

int
cephfs_subvolume_snaps_create(struct req *r)
{
	const char *fs = req_param(r, "fs"), *group = req_query(r, "group"),
		   *sub = req_param(r, "name"), *name = json_str(r->body, "name");
	cJSON *cmd;
	int rc;

	if ((rc = check_name(r, name, "name", "snapshot")) != 0 ||
	    (rc = cephfs_check_active(r, fs)) != 0 ||
	    (rc = check_absent(r, SNAPSHOTS, group, sub, name, "snapshot_exists", "snapshot")))
		return rc;
	cmd = vol_cmd("fs subvolume snapshot create", fs, group);
	cJSON_AddStringToObject(cmd, "sub_name", sub);
	cJSON_AddStringToObject(cmd, "snap_name", name);
	if ((rc = vol_create(r, cmd)) != 0)
		return rc;
	return respond_one(r, SNAPSHOTS, group, sub, name, 201);
}

int
cephfs_subvolume_snaps_delete(struct req *r)
{
	const char *fs = req_param(r, "fs"), *sub = req_param(r, "name"),
		   *snap = req_param(r, "snap"), *msg;
	cJSON *cmd;
	int rc;

	if ((rc = cephfs_check_active(r, fs)) != 0)
		return rc;
	cmd = vol_cmd("fs subvolume snapshot rm", fs, req_query(r, "group"));
	cJSON_AddStringToObject(cmd, "sub_name", sub);
	cJSON_AddStringToObject(cmd, "snap_name", snap);
	rc = vol_run(r, cmd, NULL, &msg);
	/* The module quotes the name as Python bytes (b'...'): say it plainly. */
	if (rc == -ENOENT && !strncmp(msg ? msg : "", "snapshot", 8))
		return resp_error(r, 404, "snapshot_not_found", NULL,
				  "subvolume '%s' has no snapshot '%s'", sub, snap);
	if (rc < 0)
		return vol_error(r, rc, msg, "snapshot_busy",
				 req_own(r, xasprintf("snapshot '%s' has clones pending", snap)));
	return resp_empty(r, 204);
}
