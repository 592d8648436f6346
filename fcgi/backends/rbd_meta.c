/*
 * rbd_meta.c - what an image is, read cheaply. librbd's rbd_open costs several round
 * trips and much CPU per image (50 images, measured here with 3 memstore OSDs:
 * serial rbd_open+rbd_stat 220-490 ms, 8 threads 150-340 ms, rbd_aio_open_read_only
 * all at once 120-180 ms). Reading the header objects with the cls_rbd methods librbd
 * itself calls, one compound read per image and all in flight together, takes 9-18 ms
 * for the same 50 images: that is what listing uses. Anything that read cannot
 * answer (old formats, parent names of clones, used bytes) goes through librbd opens,
 * in a few threads, for the images concerned only. Threads: image_fetch and
 * image_fetch_used run the librbd opens on up to 8 of the worker's kept threads beside
 * their own (par_for, core/crew.c), all returned before they do; nothing of the
 * request is touched from them.
 */
#include "backends/rbd_meta.h"
#include "core/crew.h"
#include "core/util.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOSNAP  ((uint64_t)-2)
#define WINDOW  512 /* header reads in flight at once */
#define THREADS 8   /* librbd opens in parallel */

/* The cls_rbd calls of one header read, in this order. */
enum { M_SIZE, M_FEATURES, M_SNAPC, M_CREATED, M_DATA_POOL, M_PARENT, M_STRIPE, M_COUNT };
static const char *const methods[M_COUNT] = {
	"get_size",      "get_features", "get_snapcontext",       "get_create_timestamp",
	"get_data_pool", "parent_get",   "get_stripe_unit_count",
};

struct hread {
	rados_read_op_t op;
	rados_completion_t c;
	char *out[M_COUNT];
	size_t len[M_COUNT];
	int rv[M_COUNT];
};

static uint64_t
le64(const char *p)
{
	uint64_t v;

	memcpy(&v, p, 8); /* Ceph encodes little-endian, as this host */
	return v;
}

static uint32_t
le32(const char *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

static void
hread_start(rados_ioctx_t io, struct hread *h, const char *id)
{
	static const uint64_t nosnap = NOSNAP;
	char oid[128];

	snprintf(oid, sizeof(oid), "rbd_header.%s", id);
	h->op = rados_create_read_op();
	for (int k = 0; k < M_COUNT; k++) {
		int snap_arg = k == M_SIZE || k == M_FEATURES;
		rados_read_op_exec(h->op, "rbd", methods[k],
				   snap_arg ? (const char *)&nosnap : NULL, snap_arg ? 8 : 0,
				   &h->out[k], &h->len[k], &h->rv[k]);
	}
	/* Without the striping feature the call answers ENOEXEC: defaults then. */
	rados_read_op_set_flags(h->op, LIBRADOS_OP_FLAG_FAILOK);
	rados_aio_create_completion(NULL, NULL, NULL, &h->c);
	rados_aio_read_op_operate(h->op, io, h->c, oid, 0);
}

/* Decodes a finished read into v; 0, or a negative errno when it cannot be used. */
static int
hread_decode(struct hread *h, struct image_info *v)
{
	int rc = rados_aio_get_return_value(h->c);

	if (rc < 0)
		return rc;
	if (h->len[M_SIZE] < 9 || h->len[M_FEATURES] < 8 || h->len[M_SNAPC] < 12 ||
	    h->len[M_CREATED] < 8 || h->len[M_DATA_POOL] < 8 || h->len[M_PARENT] < 14)
		return -EOPNOTSUPP;
	v->order = (unsigned char)h->out[M_SIZE][0];
	v->size = le64(h->out[M_SIZE] + 1);
	v->features = le64(h->out[M_FEATURES]);
	v->snap_count = le32(h->out[M_SNAPC] + 8);
	v->created = (time_t)le32(h->out[M_CREATED]);
	v->data_pool = (int64_t)le64(h->out[M_DATA_POOL]);
	/* ParentImageSpec: version, compat, length, then the pool id. */
	v->parent_pool = (int64_t)le64(h->out[M_PARENT] + 6);
	if (h->rv[M_STRIPE] == 0 && h->len[M_STRIPE] >= 16) {
		v->stripe_unit = le64(h->out[M_STRIPE]);
		v->stripe_count = le64(h->out[M_STRIPE] + 8);
	} else {
		v->stripe_unit = 1ULL << v->order;
		v->stripe_count = 1;
	}
	return 0;
}

static void
hread_release(struct hread *h)
{
	for (int k = 0; k < M_COUNT; k++)
		rados_buffer_free(h->out[k]);
	rados_aio_release(h->c);
	rados_release_read_op(h->op);
	memset(h, 0, sizeof(*h));
}

/* Runs fn(ctx, i) for i in [0, n) on the caller's thread and up to THREADS more. */
struct par {
	void (*fn)(void *ctx, size_t i);
	void *ctx;
	size_t n;
	atomic_size_t next;
};

static void
par_worker(void *arg)
{
	struct par *p = arg;

	for (size_t i; (i = atomic_fetch_add(&p->next, 1)) < p->n;)
		p->fn(p->ctx, i);
}

static void
par_for(size_t n, void (*fn)(void *ctx, size_t i), void *ctx)
{
	struct par p = {fn, ctx, n, 0};
	size_t k = n < THREADS ? n : THREADS;

	crew_run(par_worker, &p, 0, (int)k + 1); /* every call takes from p */
}

static uint32_t
count_snaps(rbd_image_t img)
{
	int max = 16, rc;
	rbd_snap_info_t *s;

	for (;;) {
		s = xcalloc((size_t)max, sizeof(*s));
		if ((rc = rbd_snap_list(img, s, &max)) != -ERANGE)
			break;
		free(s);
	}
	if (rc >= 0)
		rbd_snap_list_end(s);
	free(s);
	return rc > 0 ? (uint32_t)rc : 0;
}

static void
read_parent(rbd_image_t img, struct image_info *v)
{
	rbd_linked_image_spec_t pi;
	rbd_snap_spec_t ps;

	if (rbd_get_parent(img, &pi, &ps) < 0)
		return;
	v->parent_pool_name = xstrdup(pi.pool_name);
	v->parent_ns = xstrdup(pi.pool_namespace);
	v->parent_image = xstrdup(pi.image_name);
	v->parent_snap = xstrdup(ps.name);
	rbd_linked_image_spec_cleanup(&pi);
	rbd_snap_spec_cleanup(&ps);
}

/* The whole description through a librbd open (read-only: no watch). */
static int
open_info(rados_ioctx_t io, struct image_info *v)
{
	rbd_image_t img;
	rbd_image_info_t st;
	struct timespec ts = {0, 0};
	int rc;

	if ((rc = rbd_open_read_only(io, v->name, &img, NULL)) < 0)
		return rc;
	if ((rc = rbd_stat(img, &st, sizeof(st))) == 0) {
		v->size = st.size;
		v->order = st.order;
		rbd_get_features(img, &v->features);
		rbd_get_stripe_unit(img, &v->stripe_unit);
		rbd_get_stripe_count(img, &v->stripe_count);
		v->data_pool = v->features & RBD_FEATURE_DATA_POOL ? rbd_get_data_pool_id(img) : -1;
		v->snap_count = count_snaps(img);
		rbd_get_create_timestamp(img, &ts);
		v->created = ts.tv_sec;
		read_parent(img, v);
		v->parent_pool = v->parent_image ? 0 : -1;
	}
	rbd_close(img);
	return rc;
}

struct open_ctx {
	rados_ioctx_t io;
	struct image_info *v;
	int used;
};

static void
open_one(void *arg, size_t i)
{
	struct open_ctx *o = arg;
	struct image_info *v = &o->v[i];

	if (v->rc != 0 || (v->parent_pool >= 0 && !v->parent_image))
		v->rc = open_info(o->io, v);
}

void
image_fetch(rados_ioctx_t io, struct image_info *v, size_t n)
{
	struct hread *h = xcalloc(WINDOW, sizeof(*h));
	struct open_ctx o = {io, v, 0};

	for (size_t base = 0; base < n; base += WINDOW) {
		size_t m = n - base < WINDOW ? n - base : WINDOW;
		for (size_t i = 0; i < m; i++)
			hread_start(io, &h[i], v[base + i].id);
		for (size_t i = 0; i < m; i++) {
			rados_aio_wait_for_complete(h[i].c);
			v[base + i].rc = hread_decode(&h[i], &v[base + i]);
			hread_release(&h[i]);
		}
	}
	free(h);
	/* Failed reads, and clones (their parent's names need librbd). */
	par_for(n, open_one, &o);
}

void
image_info_release(struct image_info *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].parent_pool_name);
		free(v[i].parent_ns);
		free(v[i].parent_image);
		free(v[i].parent_snap);
	}
}

static int
add_extent(uint64_t off, size_t len, int exists, void *arg)
{
	(void)off;
	if (exists)
		*(uint64_t *)arg += len;
	return 0;
}

static void
used_one(void *arg, size_t i)
{
	struct open_ctx *o = arg;
	struct image_info *v = &o->v[i];
	rbd_image_t img;
	uint64_t flags = 0, used = 0;

	if (v->rc != 0 || !(v->features & RBD_FEATURE_FAST_DIFF))
		return;
	if (rbd_open_read_only(o->io, v->name, &img, NULL) < 0)
		return;
	/* An invalid fast-diff would make librbd scan every object: unknown instead. */
	if (rbd_get_flags(img, &flags) == 0 && !(flags & RBD_FLAG_FAST_DIFF_INVALID) &&
	    rbd_diff_iterate2(img, NULL, 0, v->size, 0, 1, add_extent, &used) == 0) {
		v->used = used;
		v->has_used = 1;
	}
	rbd_close(img);
}

void
image_fetch_used(rados_ioctx_t io, struct image_info *v, size_t n)
{
	struct open_ctx o = {io, v, 1};

	par_for(n, used_one, &o);
}

void
image_release(void *img)
{
	rbd_close(img);
}

void
image_options_release(void *o)
{
	rbd_image_options_destroy(o);
}
