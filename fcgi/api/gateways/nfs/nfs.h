/* nfs.h - what the NFS export files share: the RADOS store, the Ganesha format, checks. */
#ifndef OA_NFS_H
#define OA_NFS_H

#include <cjson/cJSON.h>
#include <rados/librados.h>
#include <stdint.h>

#include "core/json.h"
#include "core/list.h"
#include "core/req.h"
#include "server/schema.h"

/*
 * An export as stored: the API's shape ({id, host?, path, pseudo, fsal{name, user_id,
 * fs_name | bucket, access_key_id?, secret_access_key?}, access_type, squash,
 * protocols, transports, clients}) with its secrets, and "version", the RADOS version
 * of its export-<id> object as read.
 */

/* nfs_format.c */
/* The EXPORT { ... } block of an export in Ganesha syntax (new, NUL-terminated). */
char *nfs_format_export(const cJSON *e);
/*
 * Parses an export-<id> object's text back into the stored shape (new), or NULL with
 * *why set to what is wrong.
 */
cJSON *nfs_parse_export(const char *text, const char **why);

/* nfs_store.c */
/*
 * The configured pool ([nfs] pool) with the namespace set; *io NULL when the pool does
 * not exist, unless create (a write that adds an export), when it is made first
 * (gw_pool_open). 0 or the status answered.
 */
int nfs_open(struct req *r, int create, rados_ioctx_t *io);
/* The ids of the export-<id> objects (sorted, owned by r, *n of them). 0 or answered. */
int nfs_list_ids(struct req *r, rados_ioctx_t io, long **ids, int *n);
/*
 * Reads export-<id>: 0 with *e (owned by r, "version" set), 1 (unanswered) when it does
 * not exist, 409 nfs_export_invalid when it does not parse, or another status answered.
 */
int nfs_read(struct req *r, rados_ioctx_t io, long id, cJSON **e);
/*
 * Writes export e: with version >= 0 only if the object is still at that RADOS
 * version, with version -1 only if it does not exist yet. 0, 1 when another writer
 * got in between (the caller answers), or the status answered.
 */
int nfs_write(struct req *r, rados_ioctx_t io, const cJSON *e, long version);
/* Removes export-<id> if still at version. 0, 1 changed or gone, or answered. */
int nfs_remove(struct req *r, rados_ioctx_t io, long id, long version);
/*
 * Adds (add 1) or removes the %url line of export id in conf-<host> (host NULL:
 * conf-common), re-reading and re-applying when another writer got in between.
 * 0 or the status answered.
 */
int nfs_conf_link(struct req *r, rados_ioctx_t io, const char *host, long id, int add);

/*
 * Claims pseudo path pseudo for export id, which must exist with that path already:
 * a marker object pseudo-<pseudo> holding the id, created exclusively, so of two
 * exports claiming one path at once exactly one gets it. A marker naming an export
 * that is gone or has another pseudo path now (a crash between two steps, a rados
 * CLI edit) is taken over, asserting the version read. 0 when id holds it, 1
 * (unanswered) when export *holder does, or the status answered.
 */
int nfs_pseudo_claim(struct req *r, rados_ioctx_t io, const char *pseudo, long id, long *holder);
/* Removes the marker of pseudo if it still names export id. 0 or the status answered. */
int nfs_pseudo_release(struct req *r, rados_ioctx_t io, const char *pseudo, long id);
/* Removes export-<id> whatever its version, answering nothing: undoes a create. */
int nfs_discard(rados_ioctx_t io, long id);
/*
 * Tells every Ganesha host watching (the notify-<host> objects in <namespace>-grace,
 * which openattic.ganesha makes and RADOS_URLS watches) to re-read its exports: a
 * RADOS notify each, waiting at most a few seconds. Failures are logged, not answered:
 * the change is stored, and the next deploy applies it.
 */
void nfs_notify(rados_ioctx_t io);
/* Makes conf-<host> (host NULL: conf-common) empty if it does not exist: 0 or -errno. */
int nfs_conf_ensure(rados_ioctx_t io, const char *host);

/* nfs_check.c */
/* The longest pseudo path: with "pseudo-" it names a RADOS object (at most 2048). */
#define NFS_PSEUDO_MAX 1024
/*
 * Checks an export body (id taken from the body for POST, given for PUT), keeping the
 * RGW secret of old (may be NULL) that the body leaves out. 0 with *out the export as
 * stored (new, owned by r), or 422 answered with the field to blame.
 */
int nfs_check_export(struct req *r, const cJSON *body, const cJSON *old, long id, cJSON **out);
/*
 * An absolute path normalised into out (size bytes): "//" collapsed, no trailing '/'.
 * 0, -1 when it is not absolute (or too long for out), -2 when it has a "." or ".."
 * component. A pure function.
 */
int nfs_path_norm(const char *in, char *out, size_t size);

/* nfs.c */
/* The API's export (new): the stored one without secrets. */
cJSON *nfs_export_json(const cJSON *e);

/*
 * The ids of the exports of bucket (RGW FSAL) on r->cluster: 0 with *ids (owned by r),
 * or the status answered. main hands it to the Object Gateway area (rgw_bucket_exports).
 */
int nfs_bucket_exports(struct req *r, const char *bucket, cJSON **ids);
/*
 * The ids of the exports of file system fs (CEPH FSAL; one naming no file system serves
 * the default one: is_default) on r->cluster: 0 with *ids (owned by r), or the status
 * answered. main hands it to the CephFS area (cephfs_fs_exports).
 */
int nfs_fs_exports(struct req *r, const char *fs, int is_default, cJSON **ids);
/* nfs.c, nfs_deploy.c (nfs_store.c keeps the exports, nfs_format.c writes and parses them) */
int nfs_exports_list(struct req *r);
int nfs_exports_get(struct req *r);
int nfs_exports_create(struct req *r);
int nfs_exports_put(struct req *r);
int nfs_exports_delete(struct req *r);
int nfs_deploy(struct req *r);
int nfs_status(struct req *r);
extern const struct field_spec nfs_create_body[], nfs_put_body[], nfs_deploy_body[];

/* What the route rows name: list specs, query parameters, the component schemas. */
extern const struct list_spec nfs_exports_list_spec;
extern const struct field_spec nfs_exports_delete_query[];
extern const struct schema_def nfs_schemas[];

#endif
