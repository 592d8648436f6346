/*
 * viewcost.c - what one refresh of each kind of the shared view costs at the cluster's
 * present size: the monitor (or manager) command that fetches it, the bytes it
 * answers and the parse every worker then does once (backends/view.c: core/json_doc.c),
 * beside cJSON's parse of the same text. N rounds per kind; prints, per kind, the
 * bytes and the median milliseconds of the command and of each parse. With DIR, each
 * kind's last answer is also written to DIR/<n>.json (for tests/bench/parsecost.cc).
 * usage: viewcost CONF KEYRING CLIENT N [DIR]
 */
#include "core/json_doc.h"

#include <cjson/cJSON.h>
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

static double
median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp);
	return v[n / 2];
}

/* Writes text to dir/<k>.json, with its kind's name on a first line of dir/names. */
static void
save(const char *dir, size_t k, const char *name, const char *text, size_t len)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%zu.json", dir, k);
	if ((f = fopen(path, "w"))) {
		fwrite(text, 1, len, f);
		fclose(f);
	}
	snprintf(path, sizeof(path), "%s/names", dir);
	if ((f = fopen(path, k ? "a" : "w"))) {
		fprintf(f, "%zu.json %s\n", k, name);
		fclose(f);
	}
}

/* The kinds of view.c that grow with the cluster, with the command each sends. */
static const struct {
	const char *name, *json;
	int mgr;
} kinds[] = {
	{"status", "{\"prefix\":\"status\",\"format\":\"json\"}", 0},
	{"health", "{\"prefix\":\"health\",\"detail\":\"detail\",\"format\":\"json\"}", 0},
	{"osd pool ls detail",
	 "{\"prefix\":\"osd pool ls\",\"detail\":\"detail\",\"format\":\"json\"}", 0},
	{"df detail", "{\"prefix\":\"df\",\"detail\":\"detail\",\"format\":\"json\"}", 0},
	{"osd dump", "{\"prefix\":\"osd dump\",\"format\":\"json\"}", 0},
	{"osd tree", "{\"prefix\":\"osd tree\",\"format\":\"json\"}", 0},
	{"osd df (mgr)", "{\"prefix\":\"osd df\",\"format\":\"json\"}", 1},
	{"osd metadata", "{\"prefix\":\"osd metadata\",\"format\":\"json\"}", 0},
	{"pg dump pgs_brief (mgr)",
	 "{\"prefix\":\"pg dump\",\"dumpcontents\":[\"pgs_brief\"],\"format\":\"json\"}", 1},
	{"osd crush rule dump", "{\"prefix\":\"osd crush rule dump\",\"format\":\"json\"}", 0},
};

int
main(int argc, char **argv)
{
	rados_t c;
	int n;

	if (argc < 5 || argc > 6 || (n = atoi(argv[4])) < 1) {
		fprintf(stderr, "usage: viewcost CONF KEYRING CLIENT N [DIR]\n");
		return 2;
	}
	if (rados_create2(&c, "ceph", argv[3], 0) < 0 || rados_conf_read_file(c, argv[1]) < 0 ||
	    rados_conf_set(c, "keyring", argv[2]) < 0 || rados_connect(c) < 0) {
		fprintf(stderr, "viewcost: cannot connect\n");
		return 1;
	}
	double *cmd = calloc((size_t)n, sizeof(double)), *parse = calloc((size_t)n, sizeof(double));
	double *cj = calloc((size_t)n, sizeof(double));
	printf("%-26s %10s %10s %10s %10s\n", "view kind", "bytes", "fetch ms", "parse ms",
	       "cJSON ms");
	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		size_t bytes = 0;
		for (int i = 0; i < n; i++) {
			const char *cmds[] = {kinds[k].json};
			char *out = NULL, *st = NULL;
			size_t olen = 0, slen = 0;
			double t0 = now_ms();
			int rc = kinds[k].mgr ? rados_mgr_command(c, cmds, 1, "", 0, &out, &olen,
								  &st, &slen)
					      : rados_mon_command(c, cmds, 1, "", 0, &out, &olen,
								  &st, &slen);
			cmd[i] = now_ms() - t0;
			if (rc < 0) {
				fprintf(stderr, "viewcost: %s: %d\n", kinds[k].name, rc);
				return 1;
			}
			t0 = now_ms();
			json_doc_free(json_doc_parse(out, olen));
			parse[i] = now_ms() - t0;
			t0 = now_ms();
			cJSON_Delete(cJSON_ParseWithLength(out, olen));
			cj[i] = now_ms() - t0;
			bytes = olen;
			if (argc == 6 && i == n - 1)
				save(argv[5], k, kinds[k].name, out, olen);
			rados_buffer_free(out);
			rados_buffer_free(st);
		}
		printf("%-26s %10zu %10.2f %10.2f %10.2f\n", kinds[k].name, bytes, median(cmd, n),
		       median(parse, n), median(cj, n));
	}
	free(cmd);
	free(parse);
	free(cj);
	rados_shutdown(c);
	return 0;
}
