/*
 * rbd_namespaces.c - /api/clusters/{fsid}/pools/{pool}/namespaces: the RBD namespaces
 * of a pool (librbd's rbd_namespace_list/create/remove). A namespace isolates images
 * (and their trash) inside one pool, e.g. one per tenant. Removing one that still
 * holds images is refused by librbd with EBUSY → 409.
 */
#include "api/rbd/rbd.h"
#include "core/list.h"
#include "core/resp.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

const struct field_spec namespaces_create_body[] = {
	{"name", J_STRING, 1, "1-63 of A-Z a-z 0-9 _ . -, not starting with '.'"},
	{NULL, 0, 0, NULL},
};

/* Namespace names we create: 1-63 of A-Z a-z 0-9 _ . -, not starting with '.'. */
static int
valid_name(const char *name)
{
	size_t n = name ? strlen(name) : 0;

	if (n < 1 || n > 63 || name[0] == '.')
		return 0;
	return strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-") ==
	       n;
}

/* The pool's namespace names as a NUL-separated buffer (owned by r). 0 or answered. */
static int
names(struct req *r, rados_ioctx_t io, char **buf, size_t *len)
{
	size_t cap = 1024;
	int rc;

	for (;;) {
		*buf = req_own(r, xcalloc(cap, 1));
		*len = cap;
		if ((rc = rbd_namespace_list(io, *buf, len)) != -ERANGE)
			break;
		cap = *len > cap ? *len : cap * 2;
	}
	if (rc < 0)
		return resp_ceph_error(r, rc, NULL);
	*len = (size_t)rc;
	return 0;
}

static const struct sort_field namespaces_list_sorts[] = {{"name", "name"}, {NULL, NULL}};
static const char *const namespaces_list_search[] = {"name", NULL};
const struct list_spec namespaces_list_spec = {namespaces_list_sorts, "name",
					       namespaces_list_search};

int
namespaces_list(struct req *r)
{
	struct list_params lp;
	rados_ioctx_t io;
	cJSON *items;
	char *buf;
	size_t len;
	int rc;

	if ((rc = list_parse(r, &lp)) != 0 ||
	    (rc = image_req_other_ioctx(r, req_param(r, "pool"), NULL, NULL, NULL, &io)) != 0 ||
	    (rc = names(r, io, &buf, &len)) != 0)
		return rc;
	items = cJSON_CreateArray();
	for (char *p = buf; p < buf + len && *p; p += strlen(p) + 1) {
		cJSON *j = cJSON_CreateObject();

		cJSON_AddStringToObject(j, "name", p);
		cJSON_AddItemToArray(items, j);
	}
	return list_array(r, items, &lp);
}

int
namespaces_create(struct req *r)
{
	const char *name = json_str(r->body, "name");
	rados_ioctx_t io;
	cJSON *j;
	int rc;

	if (!valid_name(name))
		return resp_error(
			r, 422, "invalid_value", "name",
			"namespace names are 1-63 of A-Z a-z 0-9 _ . -, not starting with '.'");
	if ((rc = image_req_other_ioctx(r, req_param(r, "pool"), NULL, NULL, NULL, &io)) != 0)
		return rc;
	if ((rc = rbd_namespace_create(io, name)) == -EEXIST)
		return resp_error(r, 409, "namespace_exists", "name",
				  "pool '%s' already has the namespace '%s'", req_param(r, "pool"),
				  name);
	if (rc < 0)
		return resp_ceph_error(r, rc, NULL);
	resp_header(r, "Location: %s/%s", r->path, name);
	j = cJSON_CreateObject();
	cJSON_AddStringToObject(j, "name", name);
	return resp_json(r, 201, j);
}

int
namespaces_delete(struct req *r)
{
	const char *name = req_param(r, "name");
	rados_ioctx_t io;
	bool exists = false;
	int rc;

	if ((rc = image_req_other_ioctx(r, req_param(r, "pool"), NULL, NULL, NULL, &io)) != 0)
		return rc;
	if (!ceph_valid_image_name(name) || (rc = rbd_namespace_exists(io, name, &exists)) < 0 ||
	    !exists)
		return rc < 0 && rc != -ENOENT ? resp_ceph_error(r, rc, NULL)
					       : resp_error(r, 404, "namespace_not_found", NULL,
							    "pool '%s' has no namespace '%s'",
							    req_param(r, "pool"), name);
	if ((rc = rbd_namespace_remove(io, name)) == -EBUSY)
		return resp_error(r, 409, "namespace_not_empty", NULL,
				  "namespace '%s' still holds images (or trash): remove them first",
				  name);
	if (rc < 0)
		return resp_ceph_error(r, rc, NULL);
	return resp_empty(r, 204);
}
