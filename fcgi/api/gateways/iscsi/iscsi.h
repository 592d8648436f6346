/* iscsi.h - what the iSCSI files share: the stored configuration, its checks, its shapes. */
#ifndef OA_ISCSI_H
#define OA_ISCSI_H

#include <cjson/cJSON.h>
#include <rados/librados.h>
#include <stdint.h>

#include "core/json.h"
#include "core/list.h"
#include "core/req.h"
#include "server/schema.h"

/*
 * The configuration object of r->cluster as read: doc is {"version": N, "targets":
 * {iqn: target}} (a target holds portals, disks, auth with its secrets, acls and the
 * version it was last changed at). Everything is released with the request.
 */
struct iscsi_conf {
	cJSON *doc;
	cJSON *targets;     /* doc's "targets" object */
	long version;       /* the JSON's version (the xattr's when the JSON has none) */
	long xattr_version; /* the "version" xattr, -1 when absent */
	char xattr[32];     /* its text, compared on write */
	int exists;         /* the object exists */
	uint64_t objver;    /* the RADOS object version read: the write asserts it */
	rados_ioctx_t io;   /* the configured pool, or NULL when it does not exist */
};

/* iscsi_store.c */
/*
 * Reads the configuration object of r->cluster into *conf. A missing pool or object
 * reads as an empty configuration of version 0. 0, or the status answered (503 Ceph,
 * 409 iscsi_config_invalid when the object is not a configuration).
 */
int iscsi_load(struct req *r, struct iscsi_conf *conf);
/*
 * Writes conf->doc back with version max(JSON, xattr) + 1, in one RADOS write op that
 * asserts the object is still the one read (or, when there was none, creates it
 * exclusively; when the pool does not exist, it is made first: gw_pool_open). 0, 1
 * when it changed meanwhile (load again and retry), or the status answered (503...).
 */
int iscsi_save(struct req *r, struct iscsi_conf *conf);
/* The version the next save writes. */
long iscsi_next_version(const struct iscsi_conf *conf);
/*
 * Parses the configuration object's text (len bytes) into conf->doc (new, the
 * caller's), conf->version and conf->targets, given conf->xattr_version as read (-1
 * when absent): iscsi_load's reader, without RADOS. 0, or -1 with conf->doc NULL and
 * *why saying what is wrong.
 */
int iscsi_parse_conf(struct iscsi_conf *conf, const char *text, size_t len, const char **why);
/*
 * Changes the configuration: load, edit(r, conf, arg), save, again from the load when
 * another writer got in between (a few times, then 409 conflict). edit returns 0 to
 * save or an answered status. Returns 0 or the status answered.
 */
typedef int iscsi_edit_fn(struct req *r, struct iscsi_conf *conf, void *arg);
int iscsi_update(struct req *r, iscsi_edit_fn *edit, void *arg);

/* iscsi_check.c */
/* True for an iSCSI qualified name: iqn.YYYY-MM.reverse.domain[:name], lower case. */
int iscsi_valid_iqn(const char *s);
/*
 * Checks a target body (POST with iqn, PUT without) against Salt (portal hosts are
 * accepted minions with the iscsi role; IPs are theirs) and Ceph (disks are existing
 * RBD images), keeping the stored secrets of old (may be NULL) that the body leaves
 * out. 0 with *out the target as stored (new, owned by r) and *warnings (owned by r),
 * or the status answered (422 with the field to blame, 503).
 */
int iscsi_check_target(struct req *r, const cJSON *body, const cJSON *old, cJSON **out,
		       cJSON **warnings);

/* iscsi.c */
/* The API's target (new): the stored one without secrets ("password_set" instead). */
cJSON *iscsi_target_json(const char *iqn, const cJSON *t);

/* iscsi.c, iscsi_deploy.c (iscsi_store.c keeps the configuration, iscsi_check.c checks it) */
int iscsi_targets_list(struct req *r);
int iscsi_targets_get(struct req *r);
int iscsi_targets_create(struct req *r);
int iscsi_targets_put(struct req *r);
int iscsi_targets_delete(struct req *r);
int iscsi_deploy(struct req *r);
int iscsi_status(struct req *r);
extern const struct field_spec iscsi_create_body[], iscsi_put_body[], iscsi_deploy_body[];

/* What the route rows name: list specs, query parameters, the component schemas. */
extern const struct list_spec iscsi_targets_list_spec;
extern const struct field_spec iscsi_targets_delete_query[];
extern const struct schema_def iscsi_schemas[];

#endif
