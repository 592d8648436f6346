/*
 * monbench.c - the librados calls behind GET /api/clusters/{fsid}/pools, alone: one
 * process, one connection, the same three monitor commands the view would send
 * (osd pool ls detail, df detail, osd crush rule dump), N times in a row. Prints the
 * median and mean milliseconds per round of three, to subtract from the API's own
 * latency with the view disabled. usage: monbench CONF KEYRING CLIENT N
 */
#include <rados/librados.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int
main(int argc, char **argv)
{
	const char *cmds[] = {
		"{\"prefix\":\"osd pool ls\",\"detail\":\"detail\",\"format\":\"json\"}",
		"{\"prefix\":\"df\",\"detail\":\"detail\",\"format\":\"json\"}",
		"{\"prefix\":\"osd crush rule dump\",\"format\":\"json\"}",
	};
	rados_t r;
	int n = argc > 4 ? atoi(argv[4]) : 1000;
	double *t, sum = 0;

	if (argc < 5 || n < 1) {
		fprintf(stderr, "usage: monbench CONF KEYRING CLIENT N\n");
		return 2;
	}
	if (rados_create2(&r, "ceph", argv[3], 0) < 0 || rados_conf_read_file(r, argv[1]) < 0 ||
	    rados_conf_set(r, "keyring", argv[2]) < 0 || rados_connect(r) < 0) {
		fprintf(stderr, "monbench: cannot connect\n");
		return 1;
	}
	t = calloc((size_t)n, sizeof(*t));
	for (int i = 0; i < n; i++) {
		double t0 = now_ms();
		for (size_t k = 0; k < sizeof(cmds) / sizeof(cmds[0]); k++) {
			char *out = NULL, *st = NULL;
			size_t olen = 0, slen = 0;
			const char *argv1[] = {cmds[k]};
			if (rados_mon_command(r, argv1, 1, "", 0, &out, &olen, &st, &slen) < 0) {
				fprintf(stderr, "monbench: command failed\n");
				return 1;
			}
			rados_buffer_free(out);
			rados_buffer_free(st);
		}
		t[i] = now_ms() - t0;
		sum += t[i];
	}
	qsort(t, (size_t)n, sizeof(*t), cmp);
	printf("%.3f %.3f\n", t[n / 2], sum / n);
	free(t);
	rados_shutdown(r);
	return 0;
}
