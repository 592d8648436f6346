/*
 * nfs.c - /api/clusters/{fsid}/nfs/exports: the NFS-Ganesha exports of a cluster, one
 * RADOS object each in Ganesha's own syntax (nfs_store.c, nfs_format.c), checked
 * before they are stored (nfs_check.c). An export's "version" is the RADOS version of
 * its object: a PUT names the version it read and gets 409 conflict when the object
 * changed since (through the API or the rados CLI); nothing is ever overwritten
 * blindly. Pseudo paths are unique across the exports: checked against every export
 * read (exports made with the rados CLI), and held by a marker object claimed
 * exclusively after the export is written (two creates or renames at once: one wins,
 * the other is undone). RGW secret keys are stored (a Ganesha needs them) but never
 * answered; an RGW export given no keys gets its user's from the Object Gateway, which
 * also tells whether the user and the bucket exist. A CEPH export's cephx key
 * (fsal.secret_access_key, optional) is kept and never answered alike.
 * What Ganesha would refuse later is refused here: a file system that does not exist
 * (422 fsal.fs_name; a path that does not exist in it is a warning in the answer, as a
 * directory may be made after its export), two exports of one path where either has no pseudo path
 * (409 path_in_use: Ganesha tells them apart by pseudo path only). After every change the watching
 * Ganesha hosts are notified (nfs_notify), so they re-read their exports at once - except for a PUT
 * that changes an export's path or pseudo path, which a reload cannot apply (Ganesha drops an
 * export whose Path changed and keeps a renamed one under its old pseudo path until a restart):
 * such a change waits for the next deploy, which restarts Ganesha. A delete takes the export's %url
 * line out of its conf object before it removes export-<id>: a %url to a missing object makes every
 * later reload fail and a restart fatal.
 */
#include "api/gateways/nfs/nfs.h"
#include "backends/ceph.h"
#include "backends/cephfs.h"
#include "backends/rgw.h"
#include "core/list.h"
#include "core/log.h"
#include "core/resp.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

cJSON *
nfs_export_json(const cJSON *e)
{
	cJSON *j = cJSON_Duplicate(e, 1), *f = cJSON_GetObjectItemCaseSensitive(j, "fsal");

	cJSON_AddBoolToObject(f, "secret_access_key_set", json_str(f, "secret_access_key") != NULL);
	cJSON_DeleteItemFromObjectCaseSensitive(f, "secret_access_key");
	cJSON_DeleteItemFromObjectCaseSensitive(j, "extra");
	if (!cJSON_GetObjectItemCaseSensitive(j, "host"))
		cJSON_AddNullToObject(j, "host");
	if (!cJSON_GetObjectItemCaseSensitive(j, "pseudo"))
		cJSON_AddNullToObject(j, "pseudo");
	return j;
}

/* nfs_read, answering 404 for a missing export. */
static int
read_one(struct req *r, rados_ioctx_t io, long id, cJSON **e)
{
	int rc = nfs_read(r, io, id, e);

	return rc == 1 ? resp_error(r, 404, "export_not_found", NULL, "no NFS export %ld", id) : rc;
}

/* Every export (owned by r) into *all, an array. 0 or the status answered. */
static int
read_all(struct req *r, rados_ioctx_t io, cJSON **all)
{
	long *ids;
	int n, rc;
	cJSON *e;

	*all = cJSON_CreateArray();
	req_own_json(r, *all);
	if ((rc = nfs_list_ids(r, io, &ids, &n)) != 0)
		return rc;
	for (int i = 0; i < n; i++) {
		if ((rc = nfs_read(r, io, ids[i], &e)) == 1)
			continue; /* removed since it was listed */
		if (rc != 0)
			return rc;
		cJSON_AddItemReferenceToArray(*all, e);
	}
	return 0;
}

static const struct sort_field nfs_exports_list_sorts[] = {
	{"id", "id"}, {"pseudo", "pseudo"}, {"path", "path"}, {"host", "host"}, {NULL, NULL}};
static const char *const nfs_exports_list_search[] = {"pseudo", "path", "host", NULL};
const struct list_spec nfs_exports_list_spec = {nfs_exports_list_sorts, "id",
						nfs_exports_list_search};

int
nfs_exports_list(struct req *r)
{
	struct list_params lp;
	rados_ioctx_t io;
	const cJSON *e;
	cJSON *all, *items;
	int rc;

	if ((rc = list_parse(r, &lp)) != 0 || (rc = nfs_open(r, 0, &io)) != 0 ||
	    (rc = read_all(r, io, &all)) != 0)
		return rc;
	items = cJSON_CreateArray();
	cJSON_ArrayForEach(e, all)
		cJSON_AddItemToArray(items, nfs_export_json(e));
	return list_array(r, items, &lp);
}

/* The ids of the exports that serves(fsal, what): 0 with *ids (owned by r), or the status. */
static int
exports_serving(struct req *r, int (*serves)(const cJSON *fsal, const void *what), const void *what,
		cJSON **ids)
{
	rados_ioctx_t io;
	const cJSON *e;
	cJSON *all;
	int rc;

	*ids = req_own_json(r, cJSON_CreateArray());
	if ((rc = nfs_open(r, 0, &io)) != 0 || !io || (rc = read_all(r, io, &all)) != 0)
		return rc;
	cJSON_ArrayForEach(e, all)
		if (serves(cJSON_GetObjectItemCaseSensitive(e, "fsal"), what))
			cJSON_AddItemToArray(*ids, cJSON_CreateNumber(jnum(e, "id")));
	return 0;
}

static int
serves_bucket(const cJSON *f, const void *bucket)
{
	return !strcmp(json_str(f, "name") ?: "", "RGW") &&
	       !strcmp(json_str(f, "bucket") ?: "", bucket);
}

int
nfs_bucket_exports(struct req *r, const char *bucket, cJSON **ids)
{
	return exports_serving(r, serves_bucket, bucket, ids);
}

struct fs_of {
	const char *fs;
	int is_default;
};

/* A CEPH export naming no file system serves the cluster's default one. */
static int
serves_fs(const cJSON *f, const void *what)
{
	const struct fs_of *w = what;
	const char *fs = json_str(f, "fs_name");

	return !strcmp(json_str(f, "name") ?: "", "CEPH") &&
	       (fs ? !strcmp(fs, w->fs) : w->is_default);
}

int
nfs_fs_exports(struct req *r, const char *fs, int is_default, cJSON **ids)
{
	struct fs_of w = {fs, is_default};

	return exports_serving(r, serves_fs, &w, ids);
}

int
nfs_exports_get(struct req *r)
{
	long id = req_param_long(r, "id");
	rados_ioctx_t io;
	cJSON *e;
	int rc;

	if ((rc = nfs_open(r, 0, &io)) != 0 || (rc = read_one(r, io, id, &e)) != 0)
		return rc;
	return resp_json(r, 200, nfs_export_json(e));
}

/* Whether o and e export one path (of one FSAL) and one of them has no pseudo path. */
static int
same_path_unnamed(const cJSON *o, const cJSON *e)
{
	const char *f = json_str(cJSON_GetObjectItemCaseSensitive(e, "fsal"), "name");
	const char *of = json_str(cJSON_GetObjectItemCaseSensitive(o, "fsal"), "name");

	return (!json_str(o, "pseudo") || !json_str(e, "pseudo")) && f && of && !strcmp(f, of) &&
	       !strcmp(json_str(o, "path") ?: "", json_str(e, "path") ?: "");
}

/*
 * No other export has e's pseudo path (409 pseudo_in_use), nor e's path while either
 * has no pseudo path (409 path_in_use). 0 or answered.
 */
static int
check_pseudo_free(struct req *r, rados_ioctx_t io, const cJSON *e)
{
	const char *pseudo = json_str(e, "pseudo");
	const cJSON *o;
	cJSON *all;
	int rc;

	if ((rc = read_all(r, io, &all)) != 0)
		return rc;
	cJSON_ArrayForEach(o, all) {
		if (json_long(o, "id", 0) == json_long(e, "id", 0))
			continue;
		if (pseudo && !strcmp(json_str(o, "pseudo") ?: "", pseudo))
			return resp_error(r, 409, "pseudo_in_use", "pseudo",
					  "pseudo path '%s' is already used by export %ld", pseudo,
					  json_long(o, "id", 0));
		if (same_path_unnamed(o, e))
			return resp_error(
				r, 409, "path_in_use", "pseudo",
				"export %ld serves path '%s' too, and Ganesha tells two "
				"exports of one path apart only by their pseudo paths: give "
				"both one",
				json_long(o, "id", 0), json_str(e, "path"));
	}
	return 0;
}

/*
 * A warning (into warnings) when path is not a directory of file system fs (fscid) now:
 * Ganesha refuses the export until it is. Not refused: a directory may be made after
 * its export. The check mounts the file system (kept, as the CephFS pages do).
 */
static void
path_warning(struct req *r, const char *fs, long fscid, const char *path, cJSON *warnings)
{
	struct cephfs_stat st = {0};
	struct cephfs *m;
	int rc;

	if ((rc = cephfs_open(r->cluster, fs, fscid, &m)) == 0 &&
	    (rc = cephfs_describe(m, &path, 1, &st)) == 0)
		rc = st.err;
	if (rc == -ENOENT)
		cJSON_AddItemToArray(
			warnings,
			cJSON_CreateString(req_own(
				r, xasprintf("path '%s' does not exist in file system '%s': "
					     "Ganesha refuses the export until it does",
					     path, fs))));
	else if (rc == 0 && st.type != CEPHFS_DIR)
		cJSON_AddItemToArray(warnings,
				     cJSON_CreateString(req_own(
					     r, xasprintf("path '%s' in file system '%s' is not a "
							  "directory: Ganesha refuses the export",
							  path, fs))));
	else if (rc < 0)
		cJSON_AddItemToArray(
			warnings, cJSON_CreateString(req_own(
					  r, xasprintf("could not check path '%s' in file system "
						       "'%s': %s",
						       path, fs, strerror(-rc)))));
}

/*
 * A CEPH export's file system exists (422 fsal.fs_name otherwise: Ganesha fails the
 * export), and its path, else a warning. 0 or answered.
 */
static int
check_fs(struct req *r, const cJSON *e, cJSON *warnings)
{
	const cJSON *f = cJSON_GetObjectItemCaseSensitive(e, "fsal");
	const char *fs = json_str(f, "fs_name");
	cJSON *cmd, *out = NULL;
	char *msg = NULL;
	int rc;

	if (strcmp(json_str(f, "name") ?: "", "CEPH") || !fs)
		return 0;
	cmd = ceph_cmd("fs get");
	cJSON_AddStringToObject(cmd, "fs_name", fs);
	rc = ceph_mon(r->cluster, cmd, &out, &msg);
	cJSON_Delete(cmd);
	req_own(r, msg);
	req_own_json(r, out);
	if (rc == -ENOENT)
		return resp_error(r, 422, "invalid_value", "fsal.fs_name",
				  "there is no file system '%s'", fs);
	if (rc < 0)
		return resp_ceph_error(r, rc, msg);
	path_warning(r, fs, json_long(out, "id", -1), json_str(e, "path"), warnings);
	return 0;
}

/*
 * Makes e's pseudo path (if any) its own, race-free (nfs_pseudo_claim): 0, or 409
 * pseudo_in_use when another export holds it, or another status answered.
 */
static int
take_pseudo(struct req *r, rados_ioctx_t io, const cJSON *e)
{
	const char *pseudo = json_str(e, "pseudo");
	long holder = 0;
	int rc;

	if (!pseudo || (rc = nfs_pseudo_claim(r, io, pseudo, json_long(e, "id", 0), &holder)) == 0)
		return 0;
	if (rc != 1)
		return rc;
	return resp_error(r, 409, "pseudo_in_use", "pseudo",
			  "pseudo path '%s' is already used by export %ld", pseudo, holder);
}

/* Releases old's pseudo path unless e (NULL: deleted) keeps it. 0 or answered. */
static int
drop_pseudo(struct req *r, rados_ioctx_t io, const cJSON *old, const cJSON *e)
{
	const char *was = json_str(old, "pseudo"), *now = e ? json_str(e, "pseudo") : NULL;

	if (!was || (now && !strcmp(was, now)))
		return 0;
	return nfs_pseudo_release(r, io, was, json_long(old, "id", 0));
}

/* Answers export id as now stored (200 or 201), with the checks' warnings if any. */
static int
respond(struct req *r, rados_ioctx_t io, long id, int status, const cJSON *warnings)
{
	cJSON *e, *j;
	int rc;

	if ((rc = read_one(r, io, id, &e)) != 0)
		return rc;
	if (status == 201)
		resp_header(r, "Location: /api/clusters/%s/nfs/exports/%ld", r->cluster->fsid, id);
	j = nfs_export_json(e);
	if (cJSON_GetArraySize(warnings) > 0)
		cJSON_AddItemToObject(j, "warnings", cJSON_Duplicate(warnings, 1));
	return resp_json(r, status, j);
}

/* The smallest id not in ids[0..n) above after. */
static long
free_id(const long *ids, int n, long after)
{
	long id = after + 1;

	for (int i = 0; i < n; i++)
		if (ids[i] == id)
			id++;
	return id;
}

/* Stores a new export e: its id, or the lowest free ones in turn. 0 or answered. */
static int
create_object(struct req *r, rados_ioctx_t io, cJSON *e, int given)
{
	long *ids, id = 0;
	int n, rc;

	if (given) {
		if ((rc = nfs_write(r, io, e, -1)) == 1)
			return resp_error(r, 409, "export_exists", "id",
					  "NFS export %ld already exists", json_long(e, "id", 0));
		return rc;
	}
	if ((rc = nfs_list_ids(r, io, &ids, &n)) != 0)
		return rc;
	for (int attempt = 0; attempt < 20; attempt++) {
		if ((id = free_id(ids, n, id)) > 65535)
			break;
		cJSON_ReplaceItemInObjectCaseSensitive(e, "id", cJSON_CreateNumber((double)id));
		if ((rc = nfs_write(r, io, e, -1)) != 1)
			return rc;
	}
	return resp_error(r, 409, "conflict", "id", "no free export id found; try again");
}

/* The members of an export, for create and for PUT (which replaces the whole export). */
/* clang-format off */
#define NFS_EXPORT_FIELDS \
	{"host", J_STRING, 0, \
	 "the Ganesha host (minion id) serving it; default every host (conf-common)"}, \
	{"path", J_STRING, 0, "CEPH: absolute CephFS path; RGW: the bucket"}, \
	{"pseudo", J_STRING, 0, "absolute NFSv4 pseudo path, unique; required with protocol 4"}, \
	{"fsal", J_OBJECT, 1, "{name: CEPH|RGW, user_id, fs_name? | bucket?, access_key_id, " \
	 "secret_access_key}; on PUT an RGW secret left out is kept"}, \
	{"access_type", J_STRING, 0, "RW (default), RO, MDONLY, MDONLY_RO, NONE"}, \
	{"squash", J_STRING, 0, "no_root_squash (default), root_squash, all_squash, root_id_squash"}, \
	{"protocols", J_ARRAY, 0, "[3, 4] (default [4])"}, \
	{"transports", J_ARRAY, 0, "[TCP, UDP] (default [TCP])"}, \
	{"clients", J_ARRAY, 0, "[{addresses: [...], access_type?, squash?}]"}, \
	{NULL, 0, 0, NULL}
/* clang-format on */

const struct field_spec nfs_create_body[] = {
	{"id", J_INT, 0, "Export_ID 1-65535 (default: the lowest free one)"},
	NFS_EXPORT_FIELDS,
};

/* An RGW user or bucket the export names that the Object Gateway does not know: 422. */
static int
rgw_unknown(struct req *r, struct rgw_call *call, const char *user, const char *bucket)
{
	int rc;

	if (!strcmp(call->code, "NoSuchUser"))
		rc = resp_error(r, 422, "invalid_value", "fsal.user_id",
				"the Object Gateway has no user '%s'", user);
	else if (!strcmp(call->code, "NoSuchBucket"))
		rc = resp_error(r, 422, "invalid_value", "fsal.bucket",
				"the Object Gateway has no bucket '%s'", bucket);
	else
		rc = resp_rgw_error(r, call);
	rgw_call_release(call);
	return rc;
}

/*
 * The keys of an RGW export e given none: its user's first S3 key, from the Object
 * Gateway, after checking that its bucket exists. 0 (e completed) or the status answered.
 */
static int
rgw_keys(struct req *r, cJSON *e)
{
	cJSON *f = cJSON_GetObjectItemCaseSensitive(e, "fsal");
	const char *user = json_str(f, "user_id"), *bucket = json_str(f, "bucket");
	struct rgw_call call = {.method = "GET", .path = "/admin/bucket"};
	char ak[128], sk[128], why[256];
	int rc;

	if (strcmp(json_str(f, "name") ?: "", "RGW") || json_str(f, "access_key_id"))
		return 0;
	if (rgw_configured(r->cluster, why, sizeof(why)) < 0)
		return resp_error(r, 422, "invalid_value", "fsal.access_key_id",
				  "give the user's access_key_id and secret_access_key: %s", why);
	rgw_q(&call.query, "bucket", bucket);
	rgw_q(&call.query, "format", "json");
	if (rgw_call(r->cluster, &call) != 0)
		return rgw_unknown(r, &call, user, bucket);
	rgw_call_release(&call);
	if ((rc = rgw_user_s3_keys(r->cluster, user, ak, sizeof(ak), sk, sizeof(sk), &call)) ==
	    -ENOKEY)
		rc = resp_error(r, 422, "invalid_value", "fsal.user_id",
				"Object Gateway user '%s' has no S3 key: create one first", user);
	else if (rc != 0)
		return rgw_unknown(r, &call, user, bucket);
	rgw_call_release(&call);
	if (rc == 0) {
		cJSON_AddStringToObject(f, "access_key_id", ak);
		cJSON_AddStringToObject(f, "secret_access_key", sk);
	}
	explicit_bzero(sk, sizeof(sk));
	return rc;
}

int
nfs_exports_create(struct req *r)
{
	long id = json_long(r->body, "id", 0);
	int given = cJSON_GetObjectItemCaseSensitive(r->body, "id") != NULL;
	cJSON *e, *warnings = req_own_json(r, cJSON_CreateArray());
	rados_ioctx_t io;
	int rc;

	if (given && (id < 1 || id > 65535))
		return resp_error(r, 422, "invalid_value", "id",
				  "id is an Export_ID from 1 to 65535");
	if ((rc = nfs_check_export(r, r->body, NULL, given ? id : 0, &e)) != 0 ||
	    (rc = check_fs(r, e, warnings)) != 0 || (rc = rgw_keys(r, e)) != 0 ||
	    (rc = nfs_open(r, 1, &io)) != 0 || (rc = check_pseudo_free(r, io, e)) != 0 ||
	    (rc = create_object(r, io, e, given)) != 0)
		return rc;
	id = json_long(e, "id", 0);
	/* Stored first, claimed second: a claim always names an export that exists. */
	if ((rc = take_pseudo(r, io, e)) != 0) {
		nfs_discard(io, id);
		return rc;
	}
	if ((rc = nfs_conf_link(r, io, json_str(e, "host"), id, 1)) != 0)
		return rc;
	nfs_notify(io);
	return respond(r, io, id, 201, warnings);
}

const struct field_spec nfs_put_body[] = {
	{"version", J_INT, 1, "the export's version as read; another one gets 409 conflict"},
	NFS_EXPORT_FIELDS,
};

/* 409 conflict: export id is no longer at version want (now, or -1 when unknown). */
static int
conflict(struct req *r, long id, long want, long now)
{
	if (now < 0)
		return resp_error(r, 409, "conflict", "version",
				  "NFS export %ld changed since version %ld: read it again", id,
				  want);
	return resp_error(r, 409, "conflict", "version",
			  "NFS export %ld changed since version %ld (now %ld): read it again", id,
			  want, now);
}

/* Moves the export's %url line when its host changed. 0 or answered. */
static int
relink(struct req *r, rados_ioctx_t io, long id, const char *from, const char *to)
{
	int rc;

	if ((from && to && !strcmp(from, to)) || (!from && !to))
		return 0;
	if ((rc = nfs_conf_link(r, io, to, id, 1)) != 0)
		return rc;
	return nfs_conf_link(r, io, from, id, 0);
}

/* Whether a reload applies the change from old to e: the same path and pseudo path. */
static int
reloadable(const cJSON *old, const cJSON *e)
{
	return !strcmp(json_str(old, "path") ?: "", json_str(e, "path") ?: "") &&
	       !strcmp(json_str(old, "pseudo") ?: "", json_str(e, "pseudo") ?: "");
}

int
nfs_exports_put(struct req *r)
{
	long id = req_param_long(r, "id"), version = json_long(r->body, "version", -1), written;
	cJSON *old, *e, *warnings = req_own_json(r, cJSON_CreateArray());
	rados_ioctx_t io;
	int rc;

	if (version < 0)
		return resp_error(r, 422, "invalid_value", "version",
				  "version is a non-negative integer");
	if ((rc = nfs_open(r, 0, &io)) != 0 || (rc = read_one(r, io, id, &old)) != 0)
		return rc;
	if (json_long(old, "version", 0) != version)
		return conflict(r, id, version, json_long(old, "version", 0));
	if ((rc = nfs_check_export(r, r->body, old, id, &e)) != 0 ||
	    (rc = check_fs(r, e, warnings)) != 0 || (rc = rgw_keys(r, e)) != 0 ||
	    (rc = check_pseudo_free(r, io, e)) != 0)
		return rc;
	if ((rc = nfs_write(r, io, e, version)) == 1)
		return conflict(r, id, version, -1);
	if (rc != 0)
		return rc;
	written = (long)rados_get_last_version(io);
	if ((rc = take_pseudo(r, io, e)) != 0) {
		/* Another export got the path first: put ours back as it was (if unchanged since).
		 */
		if (nfs_write(r, io, old, written) == 1)
			log_warn("NFS export %ld changed while its rename was undone", id);
		return rc;
	}
	if ((rc = drop_pseudo(r, io, old, e)) != 0 ||
	    (rc = relink(r, io, id, json_str(old, "host"), json_str(e, "host"))) != 0)
		return rc;
	if (reloadable(old, e))
		nfs_notify(io);
	return respond(r, io, id, 200, warnings);
}

const struct field_spec nfs_exports_delete_query[] = {
	{"version", J_INT, 0, "the version read; a newer one answers 409"},
	{NULL, 0, 0, NULL},
};

int
nfs_exports_delete(struct req *r)
{
	long id = req_param_long(r, "id"), want;
	const char *v = req_query(r, "version");
	rados_ioctx_t io;
	cJSON *old;
	int rc;

	if ((rc = nfs_open(r, 0, &io)) != 0 || (rc = read_one(r, io, id, &old)) != 0)
		return rc;
	if (v && (parse_long(v, 0, 1L << 53, &want) < 0 || want != json_long(old, "version", 0)))
		return resp_error(r, 409, "conflict", "version",
				  "NFS export %ld is at version %ld, not %s", id,
				  json_long(old, "version", 0), v);
	/* Unlinked first: a %url to a missing object fails every reload of its host. */
	if ((rc = nfs_conf_link(r, io, json_str(old, "host"), id, 0)) != 0)
		return rc;
	if ((rc = nfs_remove(r, io, id, json_long(old, "version", 0))) != 0) {
		/* Changed since it was read (or failed): it stays, and so does its line. */
		if (nfs_conf_link(r, io, json_str(old, "host"), id, 1) != 0)
			log_warn("NFS export %ld: its %%url line could not be put back", id);
		return rc == 1 ? conflict(r, id, json_long(old, "version", 0), -1) : rc;
	}
	if ((rc = drop_pseudo(r, io, old, NULL)) != 0)
		return rc;
	nfs_notify(io);
	return resp_empty(r, 204);
}
