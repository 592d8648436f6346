/*
 * rbd_dir.c - a pool's (namespace's) image names and ids in one request. rbd_list2
 * reads the rbd_directory object with the cls method dir_list, 1024 names a round
 * trip, one after the other (10,000 images: 10 trips), plus a read for old-format
 * images. Here the directory's omap "name_<name>" keys (value: the id as an encoded
 * string) come in large batches of one compound read, with a stat of the object:
 * data in it means format 1 images are listed there too, and rbd_list2 is asked
 * instead. Each process keeps the last lists it read with the object's version:
 * every change to the directory (by anyone) changes the version, so a stat that
 * finds the same version proves the kept list exact and saves reading it again.
 */
#include "backends/rbd_meta.h"
#include "core/util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BATCH  65536 /* keys a read asks for; the OSD may give fewer (and says so) */
#define PREFIX "name_"
#define SLOTS  4 /* directories a process keeps */

struct dir {
	rbd_image_spec_t *v;
	size_t n, max;
};

static void
dir_add(struct dir *d, const char *name, size_t name_len, const char *id, size_t id_len)
{
	if (d->n == d->max)
		d->v = xrealloc(d->v, (d->max = d->max ? 2 * d->max : 1024) * sizeof(*d->v));
	d->v[d->n].name = xstrndup(name, name_len);
	d->v[d->n++].id = xstrndup(id, id_len);
}

/* One batch after start_after: 0 with *more and *last (new) set, or a negative errno. */
static int
read_batch(rados_ioctx_t io, struct dir *d, const char *start_after, int *more, char **last,
	   uint64_t *data_size, uint64_t *ver)
{
	rados_read_op_t op = rados_create_read_op();
	rados_omap_iter_t it = NULL;
	unsigned char pmore = 0;
	int prval = 0, srval = 0, rc;
	char *k, *v;
	size_t kl, vl;

	rados_read_op_stat(op, data_size, NULL, &srval);
	rados_read_op_omap_get_vals2(op, start_after, PREFIX, BATCH, &it, &pmore, &prval);
	rc = rados_read_op_operate(op, io, "rbd_directory", 0);
	*ver = rados_get_last_version(io);
	if (rc == 0 && (rc = prval) == 0) {
		*last = NULL;
		while (rados_omap_get_next2(it, &k, &v, &kl, &vl) == 0 && k) {
			uint32_t n;
			if (vl < 4 || (memcpy(&n, v, 4), n > vl - 4) || kl <= strlen(PREFIX))
				continue; /* not an id: skip rather than guess */
			dir_add(d, k + strlen(PREFIX), kl - strlen(PREFIX), v + 4, n);
			free(*last);
			*last = xstrndup(k, kl);
		}
		*more = pmore && *last;
	}
	if (it)
		rados_omap_get_end(it);
	rados_release_read_op(op);
	return rc;
}

/* Moves what rbd_list2 found into d (our allocations, like the fast path). */
static int
dir_from_librbd(rados_ioctx_t io, struct dir *d)
{
	rbd_image_spec_t *v = NULL;
	size_t max = 1024;
	int rc;

	for (;;) {
		v = xrealloc(v, max * sizeof(*v));
		if ((rc = rbd_list2(io, v, &max)) != -ERANGE)
			break;
	}
	for (size_t i = 0; rc >= 0 && i < max; i++)
		dir_add(d, v[i].name, strlen(v[i].name), v[i].id, strlen(v[i].id));
	if (rc >= 0)
		rbd_image_spec_list_cleanup(v, max);
	free(v);
	return rc < 0 ? rc : 0;
}

/* A directory kept: where it is, its object version, its names. */
struct kept {
	char key[192];
	uint64_t ver;
	struct dir d;
};
static struct kept kept[SLOTS];
static unsigned kept_next;

static void
dir_key(rados_ioctx_t io, char *key, size_t len)
{
	char fsid[64] = "", ns[96] = "";

	rados_cluster_fsid(rados_ioctx_get_cluster(io), fsid, sizeof(fsid));
	rados_ioctx_get_namespace(io, ns, sizeof(ns));
	snprintf(key, len, "%s/%lld/%s", fsid, (long long)rados_ioctx_get_id(io), ns);
}

static void
dir_copy(const struct dir *from, struct dir *to)
{
	to->n = to->max = 0;
	to->v = from->n ? xmalloc(from->n * sizeof(*to->v)) : NULL;
	for (size_t i = 0; i < from->n; i++)
		dir_add(to, from->v[i].name, strlen(from->v[i].name), from->v[i].id,
			strlen(from->v[i].id));
}

/* The kept list of key if the directory is still at its version: 1 with d filled. */
static int
kept_get(rados_ioctx_t io, const char *key, struct dir *d)
{
	uint64_t size = 0;

	for (size_t i = 0; i < SLOTS; i++) {
		if (strcmp(kept[i].key, key))
			continue;
		if (rados_stat(io, "rbd_directory", &size, NULL) == 0 && size == 0 &&
		    rados_get_last_version(io) == kept[i].ver) {
			dir_copy(&kept[i].d, d);
			return 1;
		}
		return 0;
	}
	return 0;
}

static void
kept_put(const char *key, uint64_t ver, const struct dir *d)
{
	struct kept *k = NULL;

	for (size_t i = 0; i < SLOTS && !k; i++)
		if (!strcmp(kept[i].key, key))
			k = &kept[i];
	if (!k)
		k = &kept[kept_next++ % SLOTS];
	image_dir_free(k->d.v, k->d.n);
	snprintf(k->key, sizeof(k->key), "%s", key);
	k->ver = ver;
	dir_copy(d, &k->d);
}

/* Reads the directory in batches; *ver is its version, 0 if it changed meanwhile. */
static int
dir_read(rados_ioctx_t io, struct dir *d, uint64_t *data_size, uint64_t *ver)
{
	char *after = xstrdup(""), *last = NULL;
	uint64_t v = 0;
	int more = 1, rc = 0;

	*ver = 0;
	for (int first = 1; more && rc == 0 && *data_size == 0; first = 0) {
		if ((rc = read_batch(io, d, after, &more, &last, data_size, &v)) == 0 && last) {
			free(after);
			after = last;
			last = NULL;
		}
		if (first)
			*ver = v;
		else if (v != *ver)
			*ver = 0;
	}
	free(after);
	return rc;
}

int
image_dir_list(rados_ioctx_t io, rbd_image_spec_t **out, size_t *n)
{
	struct dir d = {NULL, 0, 0};
	char key[192];
	uint64_t data_size = 0, ver = 0;
	int rc = 0;

	dir_key(io, key, sizeof(key));
	if (!kept_get(io, key, &d)) {
		if ((rc = dir_read(io, &d, &data_size, &ver)) == -ENOENT)
			rc = 0; /* a pool (namespace) without images has no directory yet */
		if (rc == 0 && data_size > 0) { /* format 1 images: librbd knows them */
			image_dir_free(d.v, d.n);
			d = (struct dir){NULL, 0, 0};
			rc = dir_from_librbd(io, &d);
		} else if (rc == 0 && ver) {
			kept_put(key, ver, &d);
		}
	}
	if (rc < 0) {
		image_dir_free(d.v, d.n);
		return rc;
	}
	*out = d.v;
	*n = d.n;
	return 0;
}

int
image_dir_version(rados_ioctx_t io, uint64_t *ver)
{
	int rc = rados_stat(io, "rbd_directory", NULL, NULL);

	*ver = rc == 0 ? rados_get_last_version(io) : 0;
	return rc == -ENOENT ? 0 : rc;
}

void
image_dir_free(rbd_image_spec_t *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].id);
	}
	free(v);
}
