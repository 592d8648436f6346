/*
 * cephfs_dirs.c - a file system's directories through libcephfs (backends/cephfs.h):
 * one directory listed a page at a time, mkdir, rmdir (empty only), and the quota and
 * snapshots of any directory. The path is the query's `path` (mkdir: the body's),
 * normalised and checked once (422 on field path). Every route reads the fs map first,
 * so a file system without an active MDS answers 503 at once, before its mount is
 * touched. A directory is read once per change (the backend keeps the listing), sorted,
 * searched and paged here, and only the page's entries are described, at once.
 */
#include "api/cephfs/cephfs.h"
#include "backends/cephfs.h"
#include "core/list.h"
#include "core/resp.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/*
 * How old a listing may be when the order depends on its entries' sizes or times (a
 * change below a subdirectory changes its size, not the directory's change attribute);
 * the page's entries are read as they are now.
 */
#define ORDER_MAX_AGE_MS 30000

const struct field_spec cephfs_dirs_create_body[] = {
	{"path", J_STRING, 1, "absolute path of the new directory"},
	{"mode", J_STRING, 0, "permission bits in octal (default \"0755\")"},
	{"parents", J_BOOL, 0, "make the missing parent directories too (default false)"},
	{NULL, 0, 0, NULL},
};
const struct field_spec cephfs_quota_put_body[] = {
	{"max_bytes", J_INT, 1, "bytes the directory's tree may hold; 0: no limit"},
	{"max_files", J_INT, 1, "files and directories it may hold; 0: no limit"},
	{NULL, 0, 0, NULL},
};
const struct field_spec cephfs_snapshots_create_body[] = {
	{"name", J_STRING, 1, "1-200 bytes without '/', not starting with '.' or '_'"},
	{NULL, 0, 0, NULL},
};

static const char *const type_names[] = {"dir", "file", "symlink", "other"};

const struct field_spec cephfs_path_query[] = {
	{"path", J_STRING, 0, "the directory, from the file system's root (default /)"},
	{NULL, 0, 0, NULL},
};

/*
 * The path given (NULL: the query's path, "/" when absent) normalised, as a string
 * owned by r; NULL with 422 answered. writable: not into a .snap directory.
 */
static const char *
path_of(struct req *r, const char *given, int writable)
{
	const char *p = given ? given : req_query(r, "path"), *why;
	char *out = req_own(r, xmalloc(CEPHFS_PATH_MAX + 1));

	if (!p)
		p = "/";
	if (cephfs_path_check(p, strlen(p), out, &why) < 0) {
		resp_error(r, 422, "invalid_value", "path", "%s", why);
		return NULL;
	}
	if (writable && cephfs_path_in_snap(out)) {
		resp_error(r, 422, "invalid_value", "path",
			   "'%s' is in a snapshot, which cannot be changed (snapshots are made "
			   "and removed with .../snapshots)",
			   out);
		return NULL;
	}
	return out;
}

/* The mount of the file system {fs}: 0 with *m, or the status answered (404, 503). */
static int
mount_of(struct req *r, struct cephfs **m)
{
	const char *fs = req_param(r, "fs");
	const cJSON *f;
	int rc;

	if ((rc = cephfs_check_active(r, fs)) != 0 || !(f = cephfs_find(r, fs)))
		return r->status;
	if ((rc = cephfs_open(r->cluster, fs, json_long(f, "id", -1), m)) == 0)
		return 0;
	if (rc == -ENOENT)
		return resp_error(r, 404, "fs_not_found", NULL, "there is no file system '%s'", fs);
	return resp_cephfs_error(r, rc, "/");
}

/* path joined with name, as a string owned by r. */
static const char *
join(struct req *r, const char *path, const char *name)
{
	return req_own(r, xasprintf("%s/%s", strcmp(path, "/") ? path : "", name));
}

static const char *
base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s && s[1] ? s + 1 : "/";
}

/* The API's item for path as st describes it (new). */
static cJSON *
item_json(const char *path, const struct cephfs_stat *st)
{
	cJSON *j = cJSON_CreateObject(), *q;
	char mode[8];

	cJSON_AddStringToObject(j, "name", base_name(path));
	cJSON_AddStringToObject(j, "path", path);
	cJSON_AddStringToObject(j, "type", type_names[st->type]);
	cJSON_AddNumberToObject(j, "size", (double)st->size);
	snprintf(mode, sizeof(mode), "%04o", st->mode & 07777);
	cJSON_AddStringToObject(j, "mode", mode);
	cJSON_AddNumberToObject(j, "uid", st->uid);
	cJSON_AddNumberToObject(j, "gid", st->gid);
	json_add_time(j, "mtime", (long)st->mtime);
	if (st->type != CEPHFS_DIR)
		return j;
	if (st->err) { /* gone or unreadable since it was listed */
		cJSON_AddNullToObject(j, "files");
		cJSON_AddNullToObject(j, "subdirs");
		cJSON_AddNullToObject(j, "quota");
		cJSON_AddNullToObject(j, "snapshots");
		return j;
	}
	cJSON_AddNumberToObject(j, "files", (double)st->rfiles);
	cJSON_AddNumberToObject(j, "subdirs", (double)st->rsubdirs);
	if (st->max_bytes || st->max_files) {
		q = cJSON_AddObjectToObject(j, "quota");
		cJSON_AddNumberToObject(q, "max_bytes", (double)st->max_bytes);
		cJSON_AddNumberToObject(q, "max_files", (double)st->max_files);
	} else {
		cJSON_AddNullToObject(j, "quota");
	}
	cJSON_AddNumberToObject(j, "snapshots", (double)st->snapshots);
	return j;
}

/* Answers status with the item of path as it is now. */
static int
respond_item(struct req *r, struct cephfs *m, const char *path, int status)
{
	struct cephfs_stat st;
	int rc;

	if ((rc = cephfs_describe(m, &path, 1, &st)) < 0 || (rc = st.err) < 0)
		return resp_cephfs_error(r, rc, path);
	return resp_json(r, status, item_json(path, &st));
}

/* --- listing ------------------------------------------------------------------------- */

struct order {
	const struct cephfs_entry *e;
	char key; /* n(ame), s(ize), m(time), t(ype) */
	int desc;
};

static int
cmp_entries(const void *pa, const void *pb, void *arg)
{
	const struct order *o = arg;
	const struct cephfs_entry *a = &o->e[*(const long *)pa], *b = &o->e[*(const long *)pb];
	int c = 0;

	switch (o->key) {
	case 's':
		c = (a->st.size > b->st.size) - (a->st.size < b->st.size);
		break;
	case 'm':
		c = (a->st.mtime > b->st.mtime) - (a->st.mtime < b->st.mtime);
		break;
	case 't':
		c = strcmp(type_names[a->st.type], type_names[b->st.type]);
		break;
	}
	if (!c)
		c = strcmp(a->name, b->name);
	return o->desc ? -c : c;
}

/*
 * The positions in l of the entries whose name contains search (any case), in lp's
 * order: a new array (*n of them) owned by r. The listing is sorted by name already.
 */
static long *
select_entries(struct req *r, const struct cephfs_listing *l, const struct list_params *lp, long *n)
{
	long *idx = xmalloc(((size_t)l->n + 1) * sizeof(*idx));
	struct order o = {l->entries, lp->sort->name[0], lp->desc};

	req_defer(r, free, idx);

	*n = 0;
	for (long i = 0; i < l->n; i++)
		if (!lp->search || strcasestr(l->entries[i].name, lp->search))
			idx[(*n)++] = i;
	if (o.key != 'n' && *n > 1) /* qsort_r wants a non-NULL array */
		qsort_r(idx, (size_t)*n, sizeof(*idx), cmp_entries, &o);
	else if (o.desc)
		for (long i = 0; i < *n / 2; i++) {
			long t = idx[i];
			idx[i] = idx[*n - 1 - i];
			idx[*n - 1 - i] = t;
		}
	return idx;
}

static const struct sort_field cephfs_dirs_list_sorts[] = {
	{"name", "name"}, {"size", "size"}, {"mtime", "mtime"}, {"type", "type"}, {NULL, NULL},
};
const struct list_spec cephfs_dirs_list_spec = {cephfs_dirs_list_sorts, "name", NULL};

int
cephfs_dirs_list(struct req *r)
{
	const struct cephfs_listing *l;
	struct cephfs_stat *st;
	struct list_params lp;
	const char **paths;
	struct cephfs *m;
	const char *path;
	cJSON *items, *j;
	long *idx, total, from, k;
	int rc, ordered;

	if (!(path = path_of(r, NULL, 0)))
		return r->status;
	if ((rc = list_parse(r, &lp)) != 0 || (rc = mount_of(r, &m)) != 0)
		return rc;
	ordered = lp.sort->name[0] == 's' || lp.sort->name[0] == 'm';
	if ((rc = cephfs_readdir(m, path, ordered ? ORDER_MAX_AGE_MS : 0, &l)) < 0)
		return resp_cephfs_error(r, rc, path);
	idx = select_entries(r, l, &lp, &total);
	from = lp.offset < total ? lp.offset : total;
	k = total - from < lp.limit ? total - from : lp.limit;
	/* The directory itself first, then the page: all described at once. */
	paths = xcalloc((size_t)k + 1, sizeof(*paths));
	st = xcalloc((size_t)k + 1, sizeof(*st));
	req_defer(r, free, paths);
	req_defer(r, free, st);
	paths[0] = path;
	for (long i = 0; i < k; i++)
		paths[i + 1] = join(r, path, l->entries[idx[from + i]].name);
	if ((rc = cephfs_describe(m, paths, (int)k + 1, st)) < 0)
		return resp_cephfs_error(r, rc, path);
	if (st[0].err)
		return resp_cephfs_error(r, st[0].err, path);
	items = cJSON_CreateArray();
	for (long i = 1; i <= k; i++) {
		if (st[i].err) { /* gone since: as listed */
			st[i] = l->entries[idx[from + i - 1]].st;
			st[i].err = -ENOENT;
		}
		cJSON_AddItemToArray(items, item_json(paths[i], &st[i]));
	}
	j = cJSON_CreateObject();
	cJSON_AddItemToObject(j, "dir", item_json(path, &st[0]));
	cJSON_AddItemToObject(j, "items", items);
	cJSON_AddNumberToObject(j, "total", (double)total);
	cJSON_AddNumberToObject(j, "offset", (double)lp.offset);
	cJSON_AddNumberToObject(j, "limit", (double)lp.limit);
	return resp_json(r, 200, j);
}

/* --- mkdir, rmdir -------------------------------------------------------------------- */

/* Octal permission bits, "755" or "0755" (at most 07777). 0 or -EINVAL. */
static int
parse_mode(const char *s, unsigned *mode)
{
	size_t n = strlen(s);

	if (n < 3 || n > 4 || strspn(s, "01234567") != n)
		return -EINVAL;
	*mode = (unsigned)strtoul(s, NULL, 8);
	return 0;
}

int
cephfs_dirs_create(struct req *r)
{
	const char *path, *mode_s = json_str(r->body, "mode");
	struct cephfs *m;
	unsigned mode = 0755;
	int rc;

	if (!(path = path_of(r, json_str(r->body, "path"), 1)))
		return r->status;
	if (mode_s && parse_mode(mode_s, &mode) < 0)
		return resp_error(r, 422, "invalid_value", "mode",
				  "mode must be permission bits in octal, like \"0755\"");
	if ((rc = mount_of(r, &m)) != 0)
		return rc;
	rc = cephfs_mkdir(m, path, mode,
			  cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r->body, "parents")));
	if (rc == -ENOENT)
		return resp_error(r, 404, "path_not_found", NULL,
				  "the parent directory of '%s' does not exist (\"parents\": true "
				  "makes it)",
				  path);
	if (rc < 0)
		return resp_cephfs_error(r, rc, path);
	return respond_item(r, m, path, 201);
}

int
cephfs_dirs_delete(struct req *r)
{
	const char *path;
	struct cephfs *m;
	int rc;

	if (!(path = path_of(r, NULL, 1)))
		return r->status;
	if (!strcmp(path, "/"))
		return resp_error(r, 422, "invalid_value", "path",
				  "the root directory cannot be removed");
	if ((rc = mount_of(r, &m)) != 0)
		return rc;
	if ((rc = cephfs_rmdir(m, path)) < 0)
		return resp_cephfs_error(r, rc, path);
	return resp_empty(r, 204);
}

/* --- quotas -------------------------------------------------------------------------- */

static int
respond_quota(struct req *r, struct cephfs *m, const char *path)
{
	uint64_t max_bytes, max_files;
	cJSON *j;
	int rc;

	if ((rc = cephfs_quota_read(m, path, &max_bytes, &max_files)) < 0)
		return resp_cephfs_error(r, rc, path);
	j = cJSON_CreateObject();
	cJSON_AddStringToObject(j, "path", path);
	cJSON_AddNumberToObject(j, "max_bytes", (double)max_bytes);
	cJSON_AddNumberToObject(j, "max_files", (double)max_files);
	return resp_json(r, 200, j);
}

int
cephfs_quota_get(struct req *r)
{
	const char *path;
	struct cephfs *m;
	int rc;

	if (!(path = path_of(r, NULL, 0)))
		return r->status;
	if ((rc = mount_of(r, &m)) != 0)
		return rc;
	return respond_quota(r, m, path);
}

int
cephfs_quota_put(struct req *r)
{
	static const char *const fields[] = {"max_bytes", "max_files"};
	long v[2];
	const char *path;
	struct cephfs *m;
	int rc;

	if (!(path = path_of(r, NULL, 1)))
		return r->status;
	for (int i = 0; i < 2; i++)
		if ((v[i] = json_long(r->body, fields[i], -1)) < 0)
			return resp_error(r, 422, "invalid_value", fields[i],
					  "%s must be 0 (no limit) or more", fields[i]);
	if ((rc = mount_of(r, &m)) != 0)
		return rc;
	if ((rc = cephfs_quota_write(m, path, (uint64_t)v[0], (uint64_t)v[1])) < 0)
		return resp_cephfs_error(r, rc, path);
	return respond_quota(r, m, path);
}

/* --- snapshots ----------------------------------------------------------------------- */

static cJSON *
snap_json(struct req *r, const char *path, const struct cephfs_snap *s)
{
	cJSON *j = cJSON_CreateObject();

	cJSON_AddStringToObject(j, "name", s->name);
	cJSON_AddStringToObject(j, "path", join(r, join(r, path, ".snap"), s->name));
	json_add_time(j, "created_at", (long)s->created);
	return j;
}

/* Directory path's own snapshots as API items (a new array), or NULL with the error answered. */
static cJSON *
snaps_json(struct req *r, struct cephfs *m, const char *path)
{
	struct cephfs_snap *snaps;
	cJSON *items;
	int rc, n;

	if ((rc = cephfs_snaps_read(m, path, &snaps, &n)) < 0) {
		resp_cephfs_error(r, rc, path);
		return NULL;
	}
	items = cJSON_CreateArray();
	for (int i = 0; i < n; i++)
		cJSON_AddItemToArray(items, snap_json(r, path, &snaps[i]));
	cephfs_snaps_free(snaps, n);
	return items;
}

/* Snapshot name's item taken out of items (the caller's), or NULL. */
static cJSON *
snap_take(cJSON *items, const char *name)
{
	cJSON *it;

	cJSON_ArrayForEach(it, items) {
		if (!strcmp(json_str(it, "name"), name))
			return cJSON_DetachItemViaPointer(items, it);
	}
	return NULL;
}

static const struct sort_field cephfs_snapshots_list_sorts[] = {
	{"name", "name"}, {"created_at", "created_at"}, {NULL, NULL}};
static const char *const cephfs_snapshots_list_search[] = {"name", NULL};
const struct list_spec cephfs_snapshots_list_spec = {cephfs_snapshots_list_sorts, "name",
						     cephfs_snapshots_list_search};

int
cephfs_snapshots_list(struct req *r)
{
	struct list_params lp;
	struct cephfs *m;
	const char *path;
	cJSON *items;
	int rc;

	if (!(path = path_of(r, NULL, 0)))
		return r->status;
	if ((rc = list_parse(r, &lp)) != 0 || (rc = mount_of(r, &m)) != 0)
		return rc;
	if (!(items = snaps_json(r, m, path)))
		return r->status;
	return list_array(r, items, &lp);
}

int
cephfs_snapshots_create(struct req *r)
{
	const char *path, *name = json_str(r->body, "name");
	struct cephfs *m;
	cJSON *items, *s;
	int rc;

	if (!(path = path_of(r, NULL, 1)))
		return r->status;
	if (!cephfs_valid_snap_name(name))
		return resp_error(
			r, 422, "invalid_value", "name",
			"a snapshot name is 1-200 bytes without '/' or control characters, "
			"not starting with '.' or '_'");
	if ((rc = mount_of(r, &m)) != 0)
		return rc;
	if ((rc = cephfs_snap_make(m, path, name)) == -EEXIST)
		return resp_error(r, 409, "snapshot_exists", "name", "'%s' has a snapshot '%s'",
				  path, name);
	if (rc < 0)
		return resp_cephfs_error(r, rc, path);
	if (!(items = snaps_json(r, m, path)))
		return r->status;
	req_own_json(r, items);
	if (!(s = snap_take(items, name))) /* removed at once by someone else */
		s = snap_json(r, path, &(struct cephfs_snap){(char *)name, 0});
	return resp_json(r, 201, s);
}

const struct field_spec cephfs_snapshots_delete_query[] = {
	{"path", J_STRING, 0, "the directory, from the file system's root (default /)"},
	{"name", J_STRING, 0, "the snapshot"},
	{NULL, 0, 0, NULL},
};

int
cephfs_snapshots_delete(struct req *r)
{
	const char *path, *name = req_query(r, "name");
	struct cephfs *m;
	cJSON *items, *s;
	int rc;

	if (!(path = path_of(r, NULL, 1)))
		return r->status;
	if (!name || !*name)
		return resp_error(r, 422, "invalid_value", "name",
				  "name (of the snapshot to remove) is required");
	if ((rc = mount_of(r, &m)) != 0)
		return rc;
	/* Its own snapshots only: an inherited one ("_<name>_<inode>") is its parent's. */
	if (!(items = snaps_json(r, m, path)))
		return r->status;
	req_own_json(r, items);
	s = snap_take(items, name);
	req_own_json(r, s);
	if (!s || (rc = cephfs_snap_remove(m, path, name)) == -ENOENT)
		return resp_error(r, 404, "snapshot_not_found", NULL, "'%s' has no snapshot '%s'",
				  path, name);
	if (rc < 0)
		return resp_cephfs_error(r, rc, path);
	return resp_empty(r, 204);
}
