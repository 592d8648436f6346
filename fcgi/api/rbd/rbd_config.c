/*
 * rbd_config.c - librbd's settings of a pool and of an image: every rbd_* option with
 * its value and where that comes from (the cluster's configuration, the pool's
 * metadata, the image's: rbd_config_pool_list / rbd_config_image_list), its schema
 * beside it (backends/ceph_options.c); setting one in the pool's or the image's
 * metadata (conf_<option>, what `rbd config pool|image set` writes), checked against
 * the schema first (422 naming the rule), and removing it. QoS limits (rbd_qos_*) are
 * the common case: IOPS, bytes per second, reads and writes apart, and their bursts.
 */
#include "api/rbd/rbd.h"
#include "backends/ceph.h"
#include "backends/ceph_options.h"
#include "core/list.h"
#include "core/resp.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_OPTIONS 512

static const char *const sources[] = {"config", "pool", "image"};

/* The listed options (librbd's) as API items, with their schema (new array). */
static cJSON *
option_items(const rbd_config_option_t *opts, int n, const struct ceph_options *schema)
{
	cJSON *items = cJSON_CreateArray(), *j;
	const cJSON *s;

	for (int i = 0; i < n; i++) {
		j = cJSON_CreateObject();
		s = schema ? ceph_option_find(schema, opts[i].name) : NULL;
		cJSON_AddStringToObject(j, "name", opts[i].name);
		cJSON_AddStringToObject(j, "value", opts[i].value ? opts[i].value : "");
		cJSON_AddStringToObject(j, "source",
					(unsigned)opts[i].source < 3 ? sources[opts[i].source]
								     : "config");
		cJSON_AddStringToObject(j, "type", json_str(s, "type") ?: "str");
		cJSON_AddStringToObject(j, "level", json_str(s, "level") ?: "");
		cJSON_AddStringToObject(j, "desc", json_str(s, "desc") ?: "");
		cJSON_AddItemToArray(items, j);
	}
	return items;
}

static const struct sort_field rbd_config_list_sorts[] = {
	{"name", "name"}, {"source", "source"}, {NULL, NULL}};
static const char *const rbd_config_list_search[] = {"name", "desc", NULL};
const struct list_spec rbd_config_list_spec = {rbd_config_list_sorts, "name",
					       rbd_config_list_search};

/* Lists with ?changed=true: only what the pool (or image) sets. */
static int
respond_options(struct req *r, const rbd_config_option_t *opts, int n)
{
	const char *changed = req_query(r, "changed");
	const struct ceph_options *schema = NULL;
	struct list_params lp;
	cJSON *items, *kept;
	char *msg = NULL;
	int rc;

	if ((rc = list_parse(r, &lp)) != 0)
		return rc;
	if (ceph_options_get(r->cluster, &schema, &msg) < 0)
		schema = NULL; /* the values without their schema rather than nothing */
	free(msg);
	items = option_items(opts, n, schema);
	if (changed && !strcmp(changed, "true")) {
		kept = cJSON_CreateArray();
		while (items->child) {
			cJSON *it = cJSON_DetachItemViaPointer(items, items->child);

			if (strcmp(json_str(it, "source") ?: "", "config"))
				cJSON_AddItemToArray(kept, it);
			else
				cJSON_Delete(it);
		}
		cJSON_Delete(items);
		items = kept;
	}
	return list_array(r, items, &lp);
}

/* The pool's (img NULL) or image's options: 0 with *opts (freed by the caller), *n. */
static int
list_options(rados_ioctx_t io, rbd_image_t img, rbd_config_option_t **opts, int *n)
{
	*n = MAX_OPTIONS;
	*opts = xcalloc(MAX_OPTIONS, sizeof(**opts));
	return img ? rbd_config_image_list(img, *opts, n) : rbd_config_pool_list(io, *opts, n);
}

static void
free_options(rbd_image_t img, rbd_config_option_t *opts, int n)
{
	if (img)
		rbd_config_image_list_cleanup(opts, n);
	else
		rbd_config_pool_list_cleanup(opts, n);
	free(opts);
}

/* The target of a route: the pool's ioctx and, for an image route, the open image. */
static int
target(struct req *r, int rw, rados_ioctx_t *io, rbd_image_t *img)
{
	const char *image = req_param(r, "image");
	int rc;

	*img = NULL;
	if ((rc = image_req_ioctx(r, io)) != 0)
		return rc;
	return image ? image_req_open(r, *io, image, rw, img) : 0;
}

const struct field_spec rbd_config_list_query[] = {
	{"namespace", J_STRING, 0, "the RBD namespace (default: none)"},
	{"changed", J_BOOL, 0, "true lists only what the pool or image sets"},
	{NULL, 0, 0, NULL},
};

int
rbd_config_list(struct req *r)
{
	rbd_config_option_t *opts;
	rados_ioctx_t io;
	rbd_image_t img;
	int rc, n;

	if ((rc = target(r, 0, &io, &img)) != 0)
		return rc;
	if ((rc = list_options(io, img, &opts, &n)) < 0) {
		free(opts);
		return resp_ceph_error(r, rc, NULL);
	}
	rc = respond_options(r, opts, n);
	free_options(img, opts, n);
	return rc;
}

const struct field_spec rbd_config_set_body[] = {
	{"value", J_ANY, 1, "the value (a string, number or boolean), checked against the option"},
	{NULL, 0, 0, NULL},
};

/* The option name checked: an rbd_* option librbd lists, and value its rule. */
static int
check_option(struct req *r, const char *name, const char *value)
{
	const struct ceph_options *schema;
	const cJSON *opt;
	char *msg = NULL;
	int rc;

	if (strncmp(name, "rbd_", 4))
		return resp_error(r, 404, "rbd_option_not_found", NULL,
				  "'%s' is not an RBD option (rbd_...)", name);
	if ((rc = ceph_options_get(r->cluster, &schema, &msg)) < 0)
		return resp_ceph_error(r, rc, req_own(r, msg));
	if (!(opt = ceph_option_find(schema, name)))
		return resp_error(r, 404, "rbd_option_not_found", NULL, "Ceph has no option '%s'",
				  name);
	return ceph_option_check(r, opt, name, value);
}

int
rbd_config_set(struct req *r)
{
	const char *name = req_param(r, "option");
	const char *value = ceph_option_text(r, cJSON_GetObjectItemCaseSensitive(r->body, "value"));
	rados_ioctx_t io;
	rbd_image_t img;
	char key[160];
	int rc;

	if ((rc = check_option(r, name, value)) != 0 || (rc = target(r, 1, &io, &img)) != 0)
		return rc;
	snprintf(key, sizeof(key), "conf_%s", name);
	rc = img ? rbd_metadata_set(img, key, value) : rbd_pool_metadata_set(io, key, value);
	if (rc == -EINVAL)
		return resp_error(r, 422, "invalid_value", "value", "librbd refused '%s' for %s",
				  value, name);
	if (rc < 0)
		return resp_ceph_error(r, rc, NULL);
	return rbd_config_list(r);
}

int
rbd_config_remove(struct req *r)
{
	const char *name = req_param(r, "option");
	rados_ioctx_t io;
	rbd_image_t img;
	char key[160];
	int rc;

	if ((rc = target(r, 1, &io, &img)) != 0)
		return rc;
	snprintf(key, sizeof(key), "conf_%s", name);
	rc = img ? rbd_metadata_remove(img, key) : rbd_pool_metadata_remove(io, key);
	if (rc == -ENOENT)
		return resp_error(r, 404, "rbd_option_not_set", NULL, "%s is not set %s", name,
				  img ? "on the image" : "on the pool");
	return rc < 0 ? resp_ceph_error(r, rc, NULL) : resp_empty(r, 204);
}
