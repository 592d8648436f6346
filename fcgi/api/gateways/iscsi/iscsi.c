/*
 * iscsi.c - /api/clusters/{fsid}/iscsi/targets: the iSCSI targets of a cluster, kept
 * in one RADOS object (iscsi_store.c) and checked before they are stored
 * (iscsi_check.c). Each target carries the configuration version it was last
 * changed at; a PUT names the version it read, and if the target changed since, the
 * answer is 409 conflict and nothing is written. CHAP secrets are stored (a gateway
 * needs them) but never answered: "password_set" says whether there is one.
 */
#include "api/gateways/iscsi/iscsi.h"
#include "backends/ceph.h"
#include "core/list.h"
#include "core/resp.h"

#include <stdio.h>
#include <string.h>

cJSON *
iscsi_target_json(const char *iqn, const cJSON *t)
{
	const cJSON *auth = cJSON_GetObjectItemCaseSensitive(t, "auth");
	static const char *arrays[] = {"portals", "disks", "acls"};
	cJSON *j = cJSON_CreateObject(), *a;

	cJSON_AddStringToObject(j, "iqn", iqn);
	cJSON_AddNumberToObject(j, "version", jnum(t, "version"));
	for (size_t i = 0; i < ARRAY_LEN(arrays); i++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(t, arrays[i]);
		cJSON_AddItemToObject(j, arrays[i],
				      cJSON_IsArray(v) ? cJSON_Duplicate(v, 1)
						       : cJSON_CreateArray());
	}
	a = cJSON_AddObjectToObject(j, "auth");
	for (int m = 0; m < 2; m++) {
		const char *user = json_str(auth, m ? "mutual_user" : "user");
		const char *pw = json_str(auth, m ? "mutual_password" : "password");
		if (user)
			cJSON_AddStringToObject(a, m ? "mutual_user" : "user", user);
		else
			cJSON_AddNullToObject(a, m ? "mutual_user" : "user");
		cJSON_AddBoolToObject(a, m ? "mutual_password_set" : "password_set", pw && *pw);
	}
	return j;
}

static const struct sort_field iscsi_targets_list_sorts[] = {
	{"iqn", "iqn"}, {"version", "version"}, {NULL, NULL}};
static const char *const iscsi_targets_list_search[] = {"iqn", NULL};
const struct list_spec iscsi_targets_list_spec = {iscsi_targets_list_sorts, "iqn",
						  iscsi_targets_list_search};

int
iscsi_targets_list(struct req *r)
{
	struct list_params lp;
	struct iscsi_conf conf;
	const cJSON *t;
	cJSON *items;
	int rc;

	if ((rc = list_parse(r, &lp)) != 0 || (rc = iscsi_load(r, &conf)) != 0)
		return rc;
	items = cJSON_CreateArray();
	cJSON_ArrayForEach(t, conf.targets)
		cJSON_AddItemToArray(items, iscsi_target_json(t->string, t));
	return list_array(r, items, &lp);
}

/* The {iqn} of the path, or NULL with 404 answered. */
static const char *
path_iqn(struct req *r)
{
	const char *iqn = req_param(r, "iqn");

	if (!iscsi_valid_iqn(iqn)) {
		resp_error(r, 404, "target_not_found", NULL, "no iSCSI target '%s'", iqn);
		return NULL;
	}
	return iqn;
}

static int
not_found(struct req *r, const char *iqn)
{
	return resp_error(r, 404, "target_not_found", NULL, "no iSCSI target '%s'", iqn);
}

int
iscsi_targets_get(struct req *r)
{
	const char *iqn = path_iqn(r);
	struct iscsi_conf conf;
	const cJSON *t;
	int rc;

	if (!iqn)
		return r->status;
	if ((rc = iscsi_load(r, &conf)) != 0)
		return rc;
	if (!(t = cJSON_GetObjectItemCaseSensitive(conf.targets, iqn)))
		return not_found(r, iqn);
	return resp_json(r, 200, iscsi_target_json(iqn, t));
}

/* What a create or replace puts in place. */
struct put_arg {
	const char *iqn;
	const cJSON *target; /* as iscsi_check_target made it */
	const cJSON *old;    /* the stored target the check saw (PUT), for its secrets */
	long version;        /* PUT: the version the client read; -1 for POST */
};

/* An image may be a LUN of one target only. 0 or 409 answered. */
static int
check_images_free(struct req *r, const struct iscsi_conf *conf, const struct put_arg *a)
{
	const cJSON *t, *d, *e;
	int i = 0;

	cJSON_ArrayForEach(d, cJSON_GetObjectItemCaseSensitive(a->target, "disks")) {
		cJSON_ArrayForEach(t, conf->targets)
			if (strcmp(t->string, a->iqn))
				cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(t, "disks"))
					if (!strcmp(json_str(e, "pool") ?: "",
						    json_str(d, "pool")) &&
					    !strcmp(json_str(e, "image") ?: "",
						    json_str(d, "image")))
						return resp_error(
							r, 409, "image_in_use",
							json_field(r, "disks[%d].image", i),
							"image '%s/%s' is already a LUN of target "
							"'%s'",
							json_str(d, "pool"), json_str(d, "image"),
							t->string);
		i++;
	}
	return 0;
}

static int
put_edit(struct req *r, struct iscsi_conf *conf, void *arg)
{
	struct put_arg *a = arg;
	const cJSON *cur = cJSON_GetObjectItemCaseSensitive(conf->targets, a->iqn);
	cJSON *t;
	int rc;

	if (a->version < 0 && cur)
		return resp_error(r, 409, "target_exists", "iqn",
				  "iSCSI target '%s' already exists", a->iqn);
	if (a->version >= 0 && !cur)
		return not_found(r, a->iqn);
	if (a->version >= 0 && (long)jnum(cur, "version") != a->version)
		return resp_error(r, 409, "conflict", "version",
				  "target '%s' changed since version %ld (now %ld): read it again",
				  a->iqn, a->version, (long)jnum(cur, "version"));
	/* The secrets kept were those of the target the check saw: it must not have moved. */
	if (a->old && !cJSON_Compare(cJSON_GetObjectItemCaseSensitive(cur, "auth"),
				     cJSON_GetObjectItemCaseSensitive(a->old, "auth"), 1))
		return resp_error(r, 409, "conflict", "version", "target '%s' changed meanwhile",
				  a->iqn);
	if ((rc = check_images_free(r, conf, a)) != 0)
		return rc;
	t = cJSON_Duplicate(a->target, 1);
	cJSON_AddNumberToObject(t, "version", (double)iscsi_next_version(conf));
	if (cur)
		cJSON_ReplaceItemInObjectCaseSensitive(conf->targets, a->iqn, t);
	else
		cJSON_AddItemToObject(conf->targets, a->iqn, t);
	return 0;
}

/* Answers the stored target (status 200 or 201), with the check's warnings if any. */
static int
respond(struct req *r, const char *iqn, int status, cJSON *warnings)
{
	struct iscsi_conf conf;
	const cJSON *t;
	cJSON *j;
	int rc;

	if ((rc = iscsi_load(r, &conf)) != 0)
		return rc;
	if (!(t = cJSON_GetObjectItemCaseSensitive(conf.targets, iqn)))
		return not_found(r, iqn); /* deleted at once by someone else */
	j = iscsi_target_json(iqn, t);
	if (cJSON_GetArraySize(warnings) > 0)
		cJSON_AddItemToObject(j, "warnings", cJSON_Duplicate(warnings, 1));
	if (status == 201)
		resp_header(r, "Location: /api/clusters/%s/iscsi/targets/%s", r->cluster->fsid,
			    iqn);
	return resp_json(r, status, j);
}

/* The members of a target, for create and for PUT (which replaces the whole target). */
/* clang-format off */
#define ISCSI_TARGET_FIELDS \
	{"portals", J_ARRAY, 1, "[{host: a gateway minion (role iscsi), ip: one of its addresses}]"}, \
	{"disks", J_ARRAY, 0, "[{pool, image: an existing RBD image, lun?: 0-255, unique}]"}, \
	{"auth", J_OBJECT, 0, "CHAP {user, password, mutual_user, mutual_password}; on PUT a " \
	 "password left out is kept for the same user"}, \
	{"acls", J_ARRAY, 0, "[{initiator: IQN, luns?: [LUN ids], default all}]"}, \
	{NULL, 0, 0, NULL}
/* clang-format on */

const struct field_spec iscsi_create_body[] = {
	{"iqn", J_STRING, 1, "iqn.YYYY-MM.reverse.domain[:name], lower case"},
	ISCSI_TARGET_FIELDS,
};

int
iscsi_targets_create(struct req *r)
{
	struct put_arg a = {json_str(r->body, "iqn"), NULL, NULL, -1};
	cJSON *target, *warnings;
	int rc;

	if (!iscsi_valid_iqn(a.iqn))
		return resp_error(
			r, 422, "invalid_value", "iqn",
			"'%s' is not an IQN (iqn.YYYY-MM.reverse.domain[:name], lower case)",
			a.iqn);
	if ((rc = iscsi_check_target(r, r->body, NULL, &target, &warnings)) != 0)
		return rc;
	a.target = target;
	if ((rc = iscsi_update(r, put_edit, &a)) != 0)
		return rc;
	return respond(r, a.iqn, 201, warnings);
}

const struct field_spec iscsi_put_body[] = {
	{"version", J_INT, 1, "the target's version as read; another one gets 409 conflict"},
	ISCSI_TARGET_FIELDS,
};

int
iscsi_targets_put(struct req *r)
{
	struct put_arg a = {path_iqn(r), NULL, NULL, json_long(r->body, "version", -1)};
	struct iscsi_conf conf;
	cJSON *target, *warnings;
	int rc;

	if (!a.iqn)
		return r->status;
	if (a.version < 0)
		return resp_error(r, 422, "invalid_value", "version",
				  "version is a non-negative integer");
	if ((rc = iscsi_load(r, &conf)) != 0)
		return rc;
	if (!(a.old = cJSON_GetObjectItemCaseSensitive(conf.targets, a.iqn)))
		return not_found(r, a.iqn);
	if ((rc = iscsi_check_target(r, r->body, a.old, &target, &warnings)) != 0)
		return rc;
	a.target = target;
	if ((rc = iscsi_update(r, put_edit, &a)) != 0)
		return rc;
	return respond(r, a.iqn, 200, warnings);
}

static int
delete_edit(struct req *r, struct iscsi_conf *conf, void *arg)
{
	const char *iqn = arg;
	const char *v = req_query(r, "version");
	const cJSON *cur = cJSON_GetObjectItemCaseSensitive(conf->targets, iqn);
	long want;

	if (!cur)
		return not_found(r, iqn);
	if (v && (parse_long(v, 0, 1L << 53, &want) < 0 || want != (long)jnum(cur, "version")))
		return resp_error(r, 409, "conflict", "version",
				  "target '%s' is at version %ld, not %s", iqn,
				  (long)jnum(cur, "version"), v);
	cJSON_DeleteItemFromObjectCaseSensitive(conf->targets, iqn);
	return 0;
}

const struct field_spec iscsi_targets_delete_query[] = {
	{"version", J_INT, 0, "the version read; a newer one answers 409"},
	{NULL, 0, 0, NULL},
};

int
iscsi_targets_delete(struct req *r)
{
	const char *iqn = path_iqn(r);
	int rc;

	if (!iqn)
		return r->status;
	if ((rc = iscsi_update(r, delete_edit, (void *)iqn)) != 0)
		return rc;
	return resp_empty(r, 204);
}
