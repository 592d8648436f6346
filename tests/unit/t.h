/* t.h - a minimal unit test harness: CHECK counts, t_done prints "N passed, N failed". */
#ifndef OA_T_H
#define OA_T_H

#include <stdio.h>
#include <string.h>

static int t_pass, t_fail;

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (cond)                                                                          \
			t_pass++;                                                                  \
		else {                                                                             \
			t_fail++;                                                                  \
			fprintf(stderr, "%s:%d: FAILED: %s\n", __FILE__, __LINE__, #cond);         \
		}                                                                                  \
	} while (0)
#define CHECK_STR(a, b) CHECK(t_streq((a), (b)))

static inline int
t_streq(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

static inline int
t_done(void)
{
	printf("%d passed, %d failed\n", t_pass, t_fail);
	return t_fail ? 1 : 0;
}

#endif
