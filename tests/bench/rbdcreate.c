/*
 * rbdcreate.c - makes many RBD images fast for tests/bench/rbd: rbd_create4 from
 * several threads on one librados connection (the rbd CLI costs a process each).
 * Usage: rbdcreate CONF KEYRING CLIENT POOL COUNT THREADS PREFIX
 * Images are PREFIX00000.. with sizes 1..100 GiB (i % 100 + 1), default features.
 */
#include <rados/librados.h>
#include <rbd/librbd.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static rados_ioctx_t io;
static const char *prefix;
static long count;
static atomic_long next_i, failed;

static void *
worker(void *arg)
{
	char name[128];

	(void)arg;
	for (long i; (i = atomic_fetch_add(&next_i, 1)) < count;) {
		rbd_image_options_t o;
		int rc;

		snprintf(name, sizeof(name), "%s%05ld", prefix, i);
		rbd_image_options_create(&o);
		rc = rbd_create4(io, name, (uint64_t)(i % 100 + 1) << 30, o);
		rbd_image_options_destroy(o);
		if (rc < 0 && rc != -17) {
			fprintf(stderr, "rbdcreate: %s: %s\n", name, strerror(-rc));
			atomic_fetch_add(&failed, 1);
		}
	}
	return NULL;
}

int
main(int argc, char **argv)
{
	rados_t r;
	pthread_t th[64];
	int n;

	if (argc != 8) {
		fprintf(stderr, "usage: rbdcreate CONF KEYRING CLIENT POOL COUNT THREADS PREFIX\n");
		return 2;
	}
	count = atol(argv[5]);
	n = atoi(argv[6]);
	prefix = argv[7];
	if (n < 1 || n > 64)
		n = 8;
	if (rados_create2(&r, "ceph", argv[3], 0) < 0 || rados_conf_read_file(r, argv[1]) < 0 ||
	    rados_conf_set(r, "keyring", argv[2]) < 0 || rados_connect(r) < 0 ||
	    rados_ioctx_create(r, argv[4], &io) < 0) {
		fprintf(stderr, "rbdcreate: cannot connect to pool %s\n", argv[4]);
		return 1;
	}
	for (int i = 0; i < n; i++)
		pthread_create(&th[i], NULL, worker, NULL);
	for (int i = 0; i < n; i++)
		pthread_join(th[i], NULL);
	rados_ioctx_destroy(io);
	rados_shutdown(r);
	return failed ? 1 : 0;
}
