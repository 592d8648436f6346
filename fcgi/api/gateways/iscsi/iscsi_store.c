/*
 * iscsi_store.c - the iSCSI target configuration of a cluster: ONE RADOS object
 * ([iscsi] pool, default ".openattic", made by the first write; object, default
 * "iscsi-config") holding JSON
 * {"version": N, "targets": {iqn: {...}}} and an xattr "version" = N. A read is one
 * read op (data + xattrs) that also yields the object's RADOS version; a write is one
 * write op that asserts that RADOS version (or creates the object exclusively) and
 * compares the xattr as read, then replaces data and xattr. So any change in between
 * - another worker, another host, or an admin's `rados put` - makes the write fail
 * and iscsi_update start over; no change is ever silently lost. The JSON's version
 * wins over the xattr (a hand edit may leave the xattr behind); a write moves both to
 * one more than the larger of the two, so versions never go back.
 */
#include "api/gateways/gateways.h"
#include "api/gateways/iscsi/iscsi.h"
#include "backends/ceph.h"
#include "core/resp.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CONF_BYTES (16L << 20)

/* Keeps the "version" xattr of an xattr iterator (text and number). */
static void
take_xattr(rados_xattrs_iter_t it, struct iscsi_conf *conf)
{
	const char *name, *val;
	size_t len;

	while (rados_getxattrs_next(it, &name, &val, &len) == 0 && name) {
		if (strcmp(name, "version") || len >= sizeof(conf->xattr))
			continue;
		memcpy(conf->xattr, val, len);
		conf->xattr[len] = '\0';
		if (parse_long(conf->xattr, 0, 1L << 53, &conf->xattr_version) < 0)
			conf->xattr_version = 0;
	}
}

/* The object's bytes and xattrs: 0 with *data (new), -ENOENT, -EFBIG or -errno. */
static int
read_object(struct iscsi_conf *conf, char **data, size_t *len)
{
	rados_xattrs_iter_t it;
	int rc = ceph_read_object_xattrs(conf->io, oa_config->iscsi_object, MAX_CONF_BYTES, data,
					 len, &conf->objver, &it);

	if (it) {
		take_xattr(it, conf);
		rados_getxattrs_end(it);
	}
	return rc;
}

static int
invalid(struct req *r, const char *why)
{
	return resp_error(r, 409, "iscsi_config_invalid", NULL,
			  "object '%s' in pool '%s' is not an iSCSI configuration (%s); fix it "
			  "with the rados CLI",
			  oa_config->iscsi_object, oa_config->iscsi_pool, why);
}

int
iscsi_parse_conf(struct iscsi_conf *conf, const char *text, size_t len, const char **why)
{
	const cJSON *v;

	conf->targets = NULL;
	conf->doc = cJSON_ParseWithLength(text, len);
	if (!cJSON_IsObject(conf->doc)) {
		*why = "not a JSON object";
		goto fail;
	}
	v = cJSON_GetObjectItemCaseSensitive(conf->doc, "version");
	if (cJSON_IsNumber(v) && v->valuedouble >= 0 && v->valuedouble < 9e15) {
		conf->version = (long)v->valuedouble;
	} else if (v) {
		*why = "version is not a non-negative integer";
		goto fail;
	} else {
		conf->version = conf->xattr_version > 0 ? conf->xattr_version : 0;
	}
	conf->targets = cJSON_GetObjectItemCaseSensitive(conf->doc, "targets");
	if (!conf->targets)
		conf->targets = cJSON_AddObjectToObject(conf->doc, "targets");
	if (!cJSON_IsObject(conf->targets)) {
		*why = "targets is not an object keyed by IQN";
		goto fail;
	}
	return 0;
fail:
	cJSON_Delete(conf->doc);
	conf->doc = NULL;
	conf->targets = NULL;
	return -1;
}

/* Parses the object's text into conf (its doc owned by r). 0 or 409 answered. */
static int
parse_doc(struct req *r, struct iscsi_conf *conf, const char *text, size_t len)
{
	const char *why;

	if (iscsi_parse_conf(conf, text, len, &why) < 0)
		return invalid(r, why);
	req_own_json(r, conf->doc);
	return 0;
}

int
iscsi_load(struct req *r, struct iscsi_conf *conf)
{
	char *text = NULL;
	size_t len = 0;
	int rc;

	memset(conf, 0, sizeof(*conf));
	conf->xattr_version = -1;
	if ((rc = gw_pool_open(r, oa_config->iscsi_pool, 0, &conf->io)) != 0)
		return rc;
	if (conf->io && (rc = read_object(conf, &text, &len)) < 0 && rc != -ENOENT)
		return rc == -EFBIG ? invalid(r, "larger than 16 MiB")
				    : resp_ceph_error(r, rc, NULL);
	conf->exists = conf->io && rc == 0;
	if (!conf->exists) {
		conf->doc = cJSON_CreateObject();
		req_own_json(r, conf->doc);
		cJSON_AddNumberToObject(conf->doc, "version", 0);
		conf->targets = cJSON_AddObjectToObject(conf->doc, "targets");
		return 0;
	}
	rc = parse_doc(r, conf, text, len);
	free(text);
	return rc;
}

long
iscsi_next_version(const struct iscsi_conf *conf)
{
	return (conf->version > conf->xattr_version ? conf->version : conf->xattr_version) + 1;
}

int
iscsi_save(struct req *r, struct iscsi_conf *conf)
{
	long next = iscsi_next_version(conf);
	rados_write_op_t op;
	char ver[32], *text;
	int rc;

	/* The first write makes the pool (a read of a missing one is empty). */
	if (!conf->io && (rc = gw_pool_open(r, oa_config->iscsi_pool, 1, &conf->io)) != 0)
		return rc;
	snprintf(ver, sizeof(ver), "%ld", next);
	if (cJSON_GetObjectItemCaseSensitive(conf->doc, "version"))
		cJSON_ReplaceItemInObjectCaseSensitive(conf->doc, "version",
						       cJSON_CreateNumber((double)next));
	else
		cJSON_AddNumberToObject(conf->doc, "version", (double)next);
	text = cJSON_Print(conf->doc);
	op = rados_create_write_op();
	if (conf->exists) {
		rados_write_op_assert_version(op, conf->objver);
		if (conf->xattr[0])
			rados_write_op_cmpxattr(op, "version", LIBRADOS_CMPXATTR_OP_EQ, conf->xattr,
						strlen(conf->xattr));
	} else {
		rados_write_op_create(op, LIBRADOS_CREATE_EXCLUSIVE, NULL);
	}
	rados_write_op_write_full(op, text, strlen(text));
	rados_write_op_setxattr(op, "version", ver, strlen(ver));
	rc = rados_write_op_operate(op, conf->io, oa_config->iscsi_object, NULL, 0);
	rados_release_write_op(op);
	free(text);
	/* assert_version: -ERANGE / -EOVERFLOW; cmpxattr: -ECANCELED; create: -EEXIST. */
	if (rc == -ERANGE || rc == -EOVERFLOW || rc == -ECANCELED || rc == -EEXIST ||
	    (conf->exists && rc == -ENOENT))
		return 1;
	if (rc < 0)
		return resp_ceph_error(r, rc, NULL);
	conf->version = next;
	conf->xattr_version = next;
	return 0;
}

int
iscsi_update(struct req *r, iscsi_edit_fn *edit, void *arg)
{
	struct iscsi_conf conf;
	int rc;

	for (int attempt = 0; attempt < 5; attempt++) {
		if ((rc = iscsi_load(r, &conf)) != 0 || (rc = edit(r, &conf, arg)) != 0)
			return rc;
		if ((rc = iscsi_save(r, &conf)) != 1)
			return rc;
	}
	return resp_error(r, 409, "conflict", NULL,
			  "the iSCSI configuration keeps changing under this request; try again");
}
