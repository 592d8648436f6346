/*
 * rbd.c - /api/clusters/{fsid}/pools/{pool}/images: the list and one image, and the
 * request helpers every RBD file uses (the pool's ioctx, opening an image, the item).
 * Listing stays fast with 10,000 images: names and ids come from one read of the
 * pool's directory (rbd_dir.c); search and sort by name work on those alone, and
 * only the requested page is described (rbd_meta.c). Sorting by another field has to
 * describe every image, which rbd_meta.c does with all header reads in flight at once;
 * that, and ?fields=used (a fast-diff walk per image of the page), is slow: such a
 * list first claims a slow-route slot (the row is R_SLOW_IF), a name-sorted one never.
 * A page answer is kept (core/memo.c) and reused for a second at most, while the
 * directory's version and our own changes say it still holds (PAGE_REUSE_MS).
 */
#include "api/rbd/rbd.h"
#include "backends/view.h"
#include "core/list.h"
#include "core/memo.h"
#include "core/resp.h"
#include "server/router.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/*
 * Opens pool (and RBD namespace ns) of r->cluster, released with the request. A
 * missing pool or namespace is 404 when it is the request's path (fields NULL), else
 * 422 on the body field that named it.
 */
static int
open_ioctx(struct req *r, const char *pool, const char *ns, const char *pool_field,
	   const char *ns_field, rados_ioctx_t *io)
{
	struct ceph *c = r->cluster;
	bool exists = false;
	int rc;

	if ((rc = ceph_ioctx(c, pool, io)) == -ENOENT)
		return pool_field ? resp_error(r, 422, "invalid_value", pool_field,
					       "pool '%s' does not exist", pool)
				  : resp_error(r, 404, "pool_not_found", NULL,
					       "pool '%s' does not exist", pool);
	if (rc < 0)
		return resp_ceph_error(r, rc, c->error);
	req_defer(r, ceph_ioctx_release, *io);
	if (!ns || !*ns)
		return 0;
	if (!ceph_valid_image_name(ns) || (rc = rbd_namespace_exists(*io, ns, &exists)) < 0 ||
	    !exists) {
		if (rc < 0 && rc != -ENOENT)
			return resp_ceph_error(r, rc, NULL);
		return ns_field ? resp_error(r, 422, "invalid_value", ns_field,
					     "pool '%s' has no RBD namespace '%s'", pool, ns)
				: resp_error(r, 404, "namespace_not_found", "namespace",
					     "pool '%s' has no RBD namespace '%s'", pool, ns);
	}
	rados_ioctx_set_namespace(*io, ns);
	return 0;
}

const struct field_spec rbd_ns_query[] = {
	{"namespace", J_STRING, 0, "the RBD namespace (default: none)"},
	{NULL, 0, 0, NULL},
};

int
image_req_ioctx(struct req *r, rados_ioctx_t *io)
{
	return open_ioctx(r, req_param(r, "pool"), req_query(r, "namespace"), NULL, NULL, io);
}

int
image_req_other_ioctx(struct req *r, const char *pool, const char *ns, const char *pool_field,
		      const char *ns_field, rados_ioctx_t *io)
{
	return open_ioctx(r, pool, ns, pool_field, ns_field, io);
}

int
image_req_open(struct req *r, rados_ioctx_t io, const char *name, int rw, rbd_image_t *img)
{
	int rc = rw ? rbd_open(io, name, img, NULL) : rbd_open_read_only(io, name, img, NULL);

	if (rc == -ENOENT)
		return resp_error(r, 404, "image_not_found", NULL,
				  "image '%s' does not exist in pool '%s'", name,
				  req_param(r, "pool"));
	if (rc < 0)
		return resp_ceph_error(r, rc, NULL);
	req_defer(r, image_release, *img);
	return 0;
}

/* Whether ?fields= asks for used. 0/1, or -1 with 400 answered. */
static int
want_used(struct req *r)
{
	const char *f = req_query(r, "fields");

	if (!f || !*f)
		return 0;
	if (strcmp(f, "used"))
		return resp_error(r, 400, "invalid_parameter", "fields",
				  "fields may only be 'used'"),
		       -1;
	return 1;
}

static cJSON *
watchers_json(rbd_image_t img)
{
	size_t max = 8;
	rbd_image_watcher_t *w = NULL;
	cJSON *a = cJSON_CreateArray();
	int rc;

	for (;;) {
		w = xrealloc(w, max * sizeof(*w));
		if ((rc = rbd_watchers_list(img, w, &max)) != -ERANGE)
			break;
	}
	for (size_t i = 0; rc >= 0 && i < max; i++) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "address", w[i].addr ? w[i].addr : "");
		cJSON_AddNumberToObject(o, "client_id", (double)w[i].id);
		cJSON_AddNumberToObject(o, "cookie", (double)w[i].cookie);
		cJSON_AddItemToArray(a, o);
	}
	if (rc >= 0)
		rbd_watchers_list_cleanup(w, max);
	free(w);
	return a;
}

/* Adds the next of a run of NUL-separated strings as name; advances *p. */
static void
add_next(cJSON *o, const char *name, const char **p)
{
	cJSON_AddStringToObject(o, name, *p);
	*p += strlen(*p) + 1;
}

static cJSON *
locks_json(rbd_image_t img)
{
	size_t tl = 0, cl = 0, kl = 0, al = 0;
	int excl = 0;
	ssize_t n = rbd_list_lockers(img, &excl, NULL, &tl, NULL, &cl, NULL, &kl, NULL, &al);
	cJSON *a = cJSON_CreateArray();

	if (n == -ERANGE) {
		char *t = xcalloc(tl + 1, 1), *c = xcalloc(cl + 1, 1), *k = xcalloc(kl + 1, 1),
		     *ad = xcalloc(al + 1, 1);
		const char *pc = c, *pk = k, *pa = ad;
		n = rbd_list_lockers(img, &excl, t, &tl, c, &cl, k, &kl, ad, &al);
		for (ssize_t i = 0; i < n; i++) {
			cJSON *o = cJSON_CreateObject();
			add_next(o, "client", &pc);
			add_next(o, "cookie", &pk);
			add_next(o, "address", &pa);
			cJSON_AddBoolToObject(o, "exclusive", excl);
			cJSON_AddStringToObject(o, "tag", t);
			cJSON_AddItemToArray(a, o);
		}
		free(t), free(c), free(k), free(ad);
	}
	return a;
}

int
image_respond(struct req *r, rados_ioctx_t io, const char *name, int status)
{
	return image_respond_in(r, io, req_param(r, "pool"), req_query(r, "namespace"), name,
				status);
}

int
image_respond_in(struct req *r, rados_ioctx_t io, const char *pool, const char *ns,
		 const char *name, int status)
{
	rbd_image_t img;
	struct image_info v = {.name = name};
	char id[64] = "", prefix[RBD_MAX_BLOCK_NAME_SIZE] = "";
	cJSON *j;
	/* ?fields=used is a read's (the rows of GETs declare it). */
	int rc, used = status == 200 && !strcmp(r->method, "GET") ? want_used(r) : 0;

	if (used < 0)
		return r->status;
	if ((rc = image_req_open(r, io, name, 0, &img)) != 0)
		return rc;
	rbd_get_id(img, id, sizeof(id));
	rbd_get_block_name_prefix(img, prefix, sizeof(prefix));
	v.id = id;
	image_fetch(io, &v, 1);
	if (used)
		image_fetch_used(io, &v, 1);
	if (v.rc < 0) {
		image_info_release(&v, 1);
		return resp_ceph_error(r, v.rc, NULL);
	}
	j = image_info_json(r->cluster->rados, &v, pool, ns, used);
	image_info_release(&v, 1);
	cJSON_AddStringToObject(j, "block_name_prefix", prefix);
	cJSON_AddItemToObject(j, "watchers", watchers_json(img));
	cJSON_AddItemToObject(j, "locks", locks_json(img));
	if (status == 201)
		resp_header(r, "Location: /api/clusters/%s/pools/%s/images/%s%s%s",
			    r->cluster->fsid, pool, name, ns && *ns ? "?namespace=" : "",
			    ns && *ns ? ns : "");
	return resp_json(r, status, j);
}

int
images_get(struct req *r)
{
	rados_ioctx_t io;
	int rc;

	if ((rc = image_req_ioctx(r, &io)) != 0)
		return rc;
	return image_respond(r, io, req_param(r, "image"), 200);
}

/* The pool's image names and ids (rbd_dir.c), freed with r. */
struct specs {
	rbd_image_spec_t *v;
	size_t n;
};

static void
specs_free(void *p)
{
	struct specs *s = p;

	image_dir_free(s->v, s->n);
	free(s);
}

static int
list_specs(struct req *r, rados_ioctx_t io, struct specs **out)
{
	struct specs *s = xcalloc(1, sizeof(*s));
	int rc = image_dir_list(io, &s->v, &s->n);

	req_defer(r, specs_free, s);
	*out = s;
	return rc < 0 ? resp_ceph_error(r, rc, NULL) : 0;
}

/* The sort of a list request, for the comparators (qsort_r's argument). */
struct order {
	const char *field;
	int desc;
};

static int
u64_cmp(uint64_t a, uint64_t b)
{
	return (a > b) - (a < b);
}

static int
info_cmp(const void *x, const void *y, void *arg)
{
	const struct order *o = arg;
	const struct image_info *a = x, *b = y;
	int c = 0;

	/* Images that vanished meanwhile go last, whatever the direction. */
	if ((a->rc != 0) != (b->rc != 0))
		return (a->rc != 0) - (b->rc != 0);
	if (!strcmp(o->field, "size"))
		c = u64_cmp(a->size, b->size);
	else if (!strcmp(o->field, "obj_size"))
		c = a->order - b->order;
	else if (!strcmp(o->field, "num_objs"))
		c = u64_cmp((a->size + (1ULL << a->order) - 1) >> a->order,
			    (b->size + (1ULL << b->order) - 1) >> b->order);
	else if (!strcmp(o->field, "snapshot_count"))
		c = u64_cmp(a->snap_count, b->snap_count);
	else if (!strcmp(o->field, "created_at"))
		c = u64_cmp((uint64_t)a->created, (uint64_t)b->created);
	else if (!strcmp(o->field, "id"))
		c = strcmp(a->id, b->id);
	if (c == 0)
		c = strcmp(a->name, b->name);
	return o->desc ? -c : c;
}

static const struct sort_field images_list_sorts[] = {
	{"name", "name"},
	{"size", "size"},
	{"obj_size", "obj_size"},
	{"num_objs", "num_objs"},
	{"snapshot_count", "snapshot_count"},
	{"created_at", "created_at"},
	{"id", "id"},
	{NULL, NULL},
};
const struct list_spec images_list_spec = {images_list_sorts, "name", NULL};

const struct field_spec images_list_query[] = {
	{"namespace", J_STRING, 0, "the RBD namespace (default: none)"},
	{"fields", J_STRING, 0, "\"used\" adds each image's used bytes (slower: fast-diff)"},
	{NULL, 0, 0, NULL},
};

/*
 * A page answer is reused while the pool's directory is at the version it was made
 * at, no change of ours reached the cluster since (view_changes), and for at most
 * this long: what neither shows (an image resized with the rbd CLI) shows within
 * it. 32 clients reading a page of 50 cost the OSDs ~51 reads a request; reused, one.
 */
#define PAGE_REUSE_MS 1000L

/* The key of r's page and its stamp; 0 if r's answers are not kept (view sharing off). */
static int
page_memo(struct req *r, rados_ioctx_t io, const char **key, uint64_t stamp[MEMO_STAMP])
{
	uint64_t ver = 0;

	if (r->cluster->conf->view_max_age_ms <= 0 || image_dir_version(io, &ver) < 0 || !ver)
		return 0;
	memset(stamp, 0, sizeof(uint64_t) * MEMO_STAMP);
	stamp[0] = ver;
	stamp[1] = view_changes(r->cluster);
	stamp[2] = (uint64_t)rados_ioctx_get_id(io);
	*key = memo_key(
		r, req_own(r, xasprintf("rbd %d %s", r->cluster->index, req_param(r, "pool"))));
	return 1;
}

static long
page_reuse_ms(const struct req *r)
{
	long bound = r->cluster->conf->view_max_age_ms;

	return bound < PAGE_REUSE_MS ? bound : PAGE_REUSE_MS;
}

static int images_list_make(struct req *r, rados_ioctx_t io, const struct list_params *lp,
			    int used);

int
images_list(struct req *r)
{
	struct list_params lp;
	rados_ioctx_t io;
	uint64_t stamp[MEMO_STAMP];
	const char *key = NULL, *body;
	int rc, used, kept;

	if ((rc = list_parse(r, &lp)) != 0)
		return rc;
	if ((used = want_used(r)) < 0)
		return r->status;
	if ((used || strcmp(lp.sort->name, "name")) && (rc = route_claim_slow(r)) != 0)
		return rc;
	if ((rc = image_req_ioctx(r, &io)) != 0)
		return rc;
	kept = page_memo(r, io, &key, stamp);
	if (kept && (body = memo_get(key, stamp, page_reuse_ms(r), 1)))
		return resp_text(r, 200, body);
	rc = images_list_make(r, io, &lp, used);
	if (kept && rc == 200 && r->out)
		memo_put(key, stamp, r->out, 1);
	return rc;
}

static int
images_list_make(struct req *r, rados_ioctx_t io, const struct list_params *lp, int used)
{
	struct specs *s;
	struct image_info *v, *page;
	struct order o;
	size_t kept = 0, n = 0;
	cJSON *items;
	int rc;

	if ((rc = list_specs(r, io, &s)) != 0)
		return rc;
	v = xcalloc(s->n + 1, sizeof(*v));
	req_defer(r, free, v);
	for (size_t i = 0; i < s->n; i++)
		if (!lp->search || strcasestr(s->v[i].name, lp->search))
			v[kept].name = s->v[i].name, v[kept++].id = s->v[i].id;
	o.field = lp->sort->name;
	o.desc = lp->desc;
	/* By name, only the page is described; by anything else, every kept image. */
	if (strcmp(o.field, "name"))
		image_fetch(io, v, kept);
	qsort_r(v, kept, sizeof(*v), info_cmp, &o);
	page = v + ((size_t)lp->offset < kept ? (size_t)lp->offset : kept);
	n = kept - (size_t)(page - v) < (size_t)lp->limit ? kept - (size_t)(page - v)
							  : (size_t)lp->limit;
	if (!strcmp(o.field, "name"))
		image_fetch(io, page, n);
	if (used)
		image_fetch_used(io, page, n);
	items = cJSON_CreateArray();
	for (size_t i = 0; i < n; i++)
		if (page[i].rc == 0)
			cJSON_AddItemToArray(items,
					     image_info_json(r->cluster->rados, &page[i],
							     req_param(r, "pool"),
							     req_query(r, "namespace"), used));
	image_info_release(v, kept);
	return resp_list(r, items, (long)kept, lp);
}
