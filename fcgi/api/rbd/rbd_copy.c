/*
 * rbd_copy.c - .../images/{image}/copy: a copy into another (or the same) pool, as a
 * task (rbd.copy). Everything the user can get wrong (names, features, the target
 * pool, an existing target) is checked before the task is queued.
 *
 * librbd 16.2 ignores what the progress callback of rbd_copy_with_progress4 and
 * rbd_deep_copy_with_progress returns (measured: both run to the end), so a copy
 * could not be cancelled. A plain copy is therefore done here: the parts that may
 * hold data (from fast-diff when valid, else all), in 4 MiB chunks, a batch of
 * reads in flight, only non-zero 4 KiB blocks written (the target stays sparse),
 * then the image metadata. task_progress is asked after every batch, and a cancel
 * stops it. A deep copy (snapshots kept) has to be librbd's: a cancel takes effect
 * when librbd returns. Either way a cancelled or failed copy removes its target.
 */
#include "api/rbd/rbd.h"
#include "core/resp.h"
#include "server/tasks.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK (4u << 20) /* bytes a read covers */
#define BATCH 8          /* reads in flight */
#define BLOCK 4096       /* the unit of sparseness */

/* Features a copy may carry over; the rest follow from other settings. */
#define COPY_FEATURES                                                                              \
	(RBD_FEATURE_LAYERING | RBD_FEATURE_EXCLUSIVE_LOCK | RBD_FEATURE_OBJECT_MAP |              \
	 RBD_FEATURE_FAST_DIFF | RBD_FEATURE_DEEP_FLATTEN | RBD_FEATURE_JOURNALING)

const struct field_spec images_copy_body[] = {
	{"dest_pool", J_STRING, 1, "the pool of the copy"},
	{"dest_image", J_STRING, 1, "the copy's name: 1-95 bytes, no '/' or '@'"},
	{"dest_namespace", J_STRING, 0, "an RBD namespace of dest_pool"},
	{"deep", J_BOOL, 0, "true: keep the snapshots (and a clone's parent) (librbd deep copy)"},
	{"features", J_ARRAY, 0, "the copy's features (default the source's)"},
	{NULL, 0, 0, NULL},
};

int
images_copy(struct req *r)
{
	const char *name = req_param(r, "image"), *ns = req_query(r, "namespace");
	const char *dpool = json_str(r->body, "dest_pool"),
		   *dname = json_str(r->body, "dest_image");
	const char *dns = json_str(r->body, "dest_namespace");
	const cJSON *fj = cJSON_GetObjectItemCaseSensitive(r->body, "features");
	rados_ioctx_t io, dio;
	rbd_image_t img;
	uint64_t bits;
	cJSON *target, *params;
	int rc;

	if ((rc = ceph_check_image_name(r, dname, "dest_image", "image")) != 0)
		return rc;
	if ((fj && (rc = image_features_parse(r, fj, &bits)) != 0) ||
	    (rc = image_req_ioctx(r, &io)) != 0 ||
	    (rc = image_req_open(r, io, name, 0, &img)) != 0 ||
	    (rc = image_req_other_ioctx(r, dpool, dns, "dest_pool", "dest_namespace", &dio)) != 0 ||
	    (rc = image_req_absent(r, dio, dname, "dest_image")) != 0)
		return rc;
	target = cJSON_CreateObject();
	cJSON_AddStringToObject(target, "fsid", r->cluster->fsid);
	cJSON_AddStringToObject(target, "pool", req_param(r, "pool"));
	cJSON_AddStringToObject(target, "namespace", ns ? ns : "");
	cJSON_AddStringToObject(target, "image", name);
	cJSON_AddStringToObject(target, "dest_pool", dpool);
	cJSON_AddStringToObject(target, "dest_namespace", dns ? dns : "");
	cJSON_AddStringToObject(target, "dest_image", dname);
	params = cJSON_CreateObject();
	cJSON_AddBoolToObject(params, "deep",
			      cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r->body, "deep")));
	if (fj) {
		cJSON_AddItemToObject(params, "features", cJSON_Duplicate(fj, 1));
		cJSON_AddNumberToObject(params, "feature_bits", (double)bits);
	}
	return task_queue(r, "rbd.copy", target, params);
}

/* The parts of an image that may hold data, and their sum. */
struct extents {
	struct {
		uint64_t off, len;
	} * v;
	size_t n, max;
	uint64_t total;
};

static int
add_extent(uint64_t off, size_t len, int exists, void *arg)
{
	struct extents *e = arg;

	if (!exists)
		return 0;
	e->total += len;
	if (e->n && e->v[e->n - 1].off + e->v[e->n - 1].len == off) {
		e->v[e->n - 1].len += len;
		return 0;
	}
	if (e->n == e->max)
		e->v = xrealloc(e->v, (e->max = e->max ? 2 * e->max : 64) * sizeof(*e->v));
	e->v[e->n].off = off;
	e->v[e->n++].len = len;
	return 0;
}

/* From fast-diff (whole objects, the parent's included) when valid, else all of it. */
static void
data_extents(rbd_image_t img, uint64_t size, struct extents *e)
{
	uint64_t features = 0, flags = 0;

	if (rbd_get_features(img, &features) == 0 && (features & RBD_FEATURE_FAST_DIFF) &&
	    rbd_get_flags(img, &flags) == 0 && !(flags & RBD_FLAG_FAST_DIFF_INVALID) &&
	    rbd_diff_iterate2(img, NULL, 0, size, 1, 1, add_extent, e) == 0)
		return;
	e->n = 0;
	e->total = 0;
	if (size)
		add_extent(0, size, 1, e);
}

/* One chunk of a batch: its place, its buffer, its read. */
struct chunk {
	uint64_t off;
	size_t len;
	char *buf;
	rbd_completion_t c;
};

/* Completions of the writes of a batch. */
struct writes {
	rbd_completion_t *v;
	size_t n, max;
};

static void
write_run(rbd_image_t dst, struct writes *w, uint64_t off, const char *buf, size_t len)
{
	if (w->n == w->max)
		w->v = xrealloc(w->v, (w->max = w->max ? 2 * w->max : 64) * sizeof(*w->v));
	rbd_aio_create_completion(NULL, NULL, &w->v[w->n]);
	rbd_aio_write(dst, off, len, buf, w->v[w->n++]);
}

/* Queues writes of the runs of non-zero blocks of a chunk read. */
static void
write_nonzero(rbd_image_t dst, struct writes *w, const struct chunk *c)
{
	static const char zero[BLOCK];
	size_t start = 0, i;
	int in_run = 0;

	for (i = 0; i < c->len; i += BLOCK) {
		size_t n = c->len - i < BLOCK ? c->len - i : BLOCK;
		int data = memcmp(c->buf + i, zero, n) != 0;
		if (data && !in_run)
			start = i, in_run = 1;
		else if (!data && in_run)
			write_run(dst, w, c->off + start, c->buf + start, i - start), in_run = 0;
	}
	if (in_run)
		write_run(dst, w, c->off + start, c->buf + start, c->len - start);
}

/* Waits for and releases completions; the first error, or 0. */
static int
wait_all(rbd_completion_t *c, size_t n)
{
	int rc = 0;

	for (size_t i = 0; i < n; i++) {
		ssize_t v;
		rbd_aio_wait_for_complete(c[i]);
		if ((v = rbd_aio_get_return_value(c[i])) < 0 && rc == 0)
			rc = (int)v;
		rbd_aio_release(c[i]);
	}
	return rc;
}

/* Reads chunks [0, n) of src, then writes what is not zero to dst. */
static int
copy_batch(rbd_image_t src, rbd_image_t dst, struct chunk *ch, size_t n, struct writes *w)
{
	rbd_completion_t rc_[BATCH];
	int rc;

	for (size_t i = 0; i < n; i++) {
		rbd_aio_create_completion(NULL, NULL, &ch[i].c);
		rbd_aio_read(src, ch[i].off, ch[i].len, ch[i].buf, ch[i].c);
		rc_[i] = ch[i].c;
	}
	if ((rc = wait_all(rc_, n)) < 0)
		return rc;
	w->n = 0;
	for (size_t i = 0; i < n; i++)
		write_nonzero(dst, w, &ch[i]);
	return wait_all(w->v, w->n);
}

/* Copies the data of src into dst by batches, asking task_progress after each. */
static int
copy_data(struct task *t, struct image_prog *p, rbd_image_t src, rbd_image_t dst, uint64_t size)
{
	struct extents e = {0};
	struct writes w = {0};
	struct chunk ch[BATCH];
	uint64_t done = 0;
	size_t n = 0;
	int rc = 0;

	data_extents(src, size, &e);
	for (size_t i = 0; i < BATCH; i++)
		ch[i].buf = xmalloc(CHUNK);
	for (size_t k = 0; k < e.n && rc == 0 && !p->stop; k++) {
		for (uint64_t off = e.v[k].off, end = off + e.v[k].len; off < end && rc == 0;) {
			uint64_t next = (off / CHUNK + 1) * CHUNK;
			ch[n].off = off;
			ch[n].len = (size_t)((next < end ? next : end) - off);
			off += ch[n].len;
			if (++n < BATCH && !(off == end && k + 1 == e.n))
				continue;
			rc = copy_batch(src, dst, ch, n, &w);
			for (size_t i = 0; i < n; i++)
				done += ch[i].len;
			n = 0;
			if (rc == 0 &&
			    (p->stop = task_progress(t, (int)(done * 99 / e.total),
						     "copying: %llu of %llu MiB",
						     (unsigned long long)(done >> 20),
						     (unsigned long long)(e.total >> 20))))
				break;
		}
	}
	for (size_t i = 0; i < BATCH; i++)
		free(ch[i].buf);
	free(e.v);
	free(w.v);
	return rc;
}

/* Copies the image metadata (key/value pairs, e.g. per-image settings). */
static int
copy_metadata(rbd_image_t src, rbd_image_t dst)
{
	size_t kl = 0, vl = 0;
	char *k, *v;
	int rc = rbd_metadata_list(src, "", 0, NULL, &kl, NULL, &vl);

	if (rc != -ERANGE)
		return rc < 0 ? rc : 0;
	k = xcalloc(kl + 1, 1);
	v = xcalloc(vl + 1, 1);
	if ((rc = rbd_metadata_list(src, "", 0, k, &kl, v, &vl)) >= 0) {
		rc = 0;
		for (const char *pk = k, *pv = v; rc == 0 && pk < k + kl && *pk;
		     pk += strlen(pk) + 1, pv += strlen(pv) + 1)
			rc = rbd_metadata_set(dst, pk, pv);
	}
	free(k);
	free(v);
	return rc;
}

/* The plain copy: a new image like src (or with the asked features), then its data. */
static int
plain_copy(struct task *t, struct image_prog *p, rbd_image_t src, rados_ioctx_t dio,
	   const char *dname, rbd_image_options_t o)
{
	rbd_image_info_t st;
	rbd_image_t dst;
	uint64_t features = 0, su = 0, sc = 0, want;
	int rc;

	if ((rc = rbd_stat(src, &st, sizeof(st))) < 0)
		return rc;
	rbd_get_features(src, &features);
	rbd_get_stripe_unit(src, &su);
	rbd_get_stripe_count(src, &sc);
	if (rbd_image_options_get_uint64(o, RBD_IMAGE_OPTION_FEATURES, &want) != 0)
		rbd_image_options_set_uint64(o, RBD_IMAGE_OPTION_FEATURES,
					     features & COPY_FEATURES);
	rbd_image_options_set_uint64(o, RBD_IMAGE_OPTION_ORDER, (uint64_t)st.order);
	rbd_image_options_set_uint64(o, RBD_IMAGE_OPTION_STRIPE_UNIT, su);
	rbd_image_options_set_uint64(o, RBD_IMAGE_OPTION_STRIPE_COUNT, sc);
	if ((rc = rbd_create4(dio, dname, st.size, o)) < 0)
		return rc;
	if ((rc = rbd_open(dio, dname, &dst, NULL)) < 0)
		return rc;
	if ((rc = copy_data(t, p, src, dst, st.size)) == 0 && !p->stop)
		rc = copy_metadata(src, dst);
	rbd_close(dst);
	return rc;
}

static int
no_progress(uint64_t done, uint64_t total, void *arg)
{
	(void)done, (void)total, (void)arg;
	return 0;
}

/* Removes a copy's target, snapshots (of a deep copy) first. */
static void
remove_target(rados_ioctx_t dio, const char *name)
{
	rbd_image_t img;
	rbd_snap_info_t s[64];
	int max = 64, n;

	if (rbd_open(dio, name, &img, NULL) == 0) {
		if ((n = rbd_snap_list(img, s, &max)) > 0) {
			for (int i = 0; i < n; i++)
				rbd_snap_remove2(img, s[i].name, RBD_SNAP_REMOVE_UNPROTECT,
						 no_progress, NULL);
			rbd_snap_list_end(s);
		}
		rbd_close(img);
	}
	rbd_remove_with_progress(dio, name, no_progress, NULL);
}

/* The options of the target: the asked features, if any (bits set by images_copy). */
static void
copy_options(struct task *t, rbd_image_options_t o)
{
	const cJSON *bits = cJSON_GetObjectItemCaseSensitive(t->params, "feature_bits");

	if (cJSON_IsNumber(bits))
		rbd_image_options_set_uint64(o, RBD_IMAGE_OPTION_FEATURES,
					     (uint64_t)bits->valuedouble);
}

static int
copy_in(struct task *t, struct image_prog *p, rados_ioctx_t io, rados_ioctx_t dio)
{
	const char *name = json_str(t->target, "image"), *dname = json_str(t->target, "dest_image");
	rbd_image_options_t o;
	rbd_image_t img;
	int rc;

	/* A target left by an earlier attempt of this task (its runner died) is ours: it
	 * did not exist when the task was queued. */
	if (t->attempt > 1)
		remove_target(dio, dname ? dname : "");
	if ((rc = rbd_open_read_only(io, name ? name : "", &img, NULL)) < 0)
		return rc;
	rbd_image_options_create(&o);
	copy_options(t, o);
	if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(t->params, "deep")))
		rc = rbd_deep_copy_with_progress(img, dio, dname ? dname : "", o, image_task_cb, p);
	else
		rc = plain_copy(t, p, img, dio, dname ? dname : "", o);
	rbd_image_options_destroy(o);
	rbd_close(img);
	/* Not ours to remove if it existed before. */
	if (rc != -EEXIST && (rc < 0 || p->stop))
		remove_target(dio, dname ? dname : "");
	return rc;
}

int
image_copy_run(struct task *t)
{
	struct image_prog p = {t, 0, "copying"};
	rados_ioctx_t io, dio;
	int rc;

	if (image_task_ioctx(t, "pool", "namespace", &io) != 0 ||
	    image_task_ioctx(t, "dest_pool", "dest_namespace", &dio) != 0)
		return -1;
	rc = copy_in(t, &p, io, dio);
	if (rc == -EEXIST)
		return task_fail(t, "image_exists", "image '%s' already exists",
				 json_str(t->target, "dest_image") ?: "");
	if ((rc = image_task_finish(t, &p, rc, "copying")) == 0) {
		t->result = cJSON_CreateObject();
		cJSON_AddStringToObject(t->result, "pool", json_str(t->target, "dest_pool") ?: "");
		cJSON_AddStringToObject(t->result, "namespace",
					json_str(t->target, "dest_namespace") ?: "");
		cJSON_AddStringToObject(t->result, "image",
					json_str(t->target, "dest_image") ?: "");
	}
	return rc;
}
