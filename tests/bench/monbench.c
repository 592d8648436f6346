/*
 * monbench.c - the librados calls behind GET /api/clusters/{fsid}/pools, alone: one
 * process, one connection, the same three monitor commands the view would send
 * (osd pool ls detail, df detail, osd crush rule dump), N times in a row, one after
 * the other or, with "together", at the same time on three threads as openattic's
 * view sends them (backends/view.c: view_prefetch). Prints the median and mean
 * milliseconds per round of three, to subtract from the API's own latency with the
 * view disabled. usage: monbench CONF KEYRING CLIENT N [together]
 */
#include <pthread.h>
#include <rados/librados.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *cmds[] = {
	"{\"prefix\":\"osd pool ls\",\"detail\":\"detail\",\"format\":\"json\"}",
	"{\"prefix\":\"df\",\"detail\":\"detail\",\"format\":\"json\"}",
	"{\"prefix\":\"osd crush rule dump\",\"format\":\"json\"}",
};
#define NCMDS (sizeof(cmds) / sizeof(cmds[0]))

static rados_t r;

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

/* Sends command *(size_t *)arg; exits the process if it fails. */
static void *
send_one(void *arg)
{
	const char *argv1[] = {cmds[*(size_t *)arg]};
	char *out = NULL, *st = NULL;
	size_t olen = 0, slen = 0;

	if (rados_mon_command(r, argv1, 1, "", 0, &out, &olen, &st, &slen) < 0) {
		fprintf(stderr, "monbench: command failed\n");
		exit(1);
	}
	rados_buffer_free(out);
	rados_buffer_free(st);
	return NULL;
}

static void
round_of_three(int together)
{
	pthread_t th[NCMDS];
	size_t idx[NCMDS];

	for (size_t k = 0; k < NCMDS; k++) {
		idx[k] = k;
		if (!together || k == 0)
			continue;
		if (pthread_create(&th[k], NULL, send_one, &idx[k]) != 0) {
			fprintf(stderr, "monbench: no thread\n");
			exit(1);
		}
	}
	for (size_t k = 0; k < NCMDS; k++)
		if (!together || k == 0)
			send_one(&idx[k]);
	for (size_t k = 1; together && k < NCMDS; k++)
		pthread_join(th[k], NULL);
}

int
main(int argc, char **argv)
{
	int n = argc > 4 ? atoi(argv[4]) : 1000;
	int together = argc > 5 && !strcmp(argv[5], "together");
	double *t, sum = 0;

	if (argc < 5 || n < 1) {
		fprintf(stderr, "usage: monbench CONF KEYRING CLIENT N [together]\n");
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
		round_of_three(together);
		t[i] = now_ms() - t0;
		sum += t[i];
	}
	qsort(t, (size_t)n, sizeof(*t), cmp);
	printf("%.3f %.3f\n", t[n / 2], sum / n);
	free(t);
	rados_shutdown(r);
	return 0;
}
