/*
 * test_bounded.c - core/bounded.c: a call that returns in time is the caller's, one
 * that does not is its thread's (dropped by it when it returns, uncounted then), and
 * beyond the allowed number of those a call is refused at once.
 */
#include "core/bounded.h"
#include "t.h"

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

struct sleepy {
	struct bounded_call b;
	int sleep_ms, ran;
};

static atomic_int dropped;

static void
sleepy_run(struct bounded_call *b)
{
	struct sleepy *s = (struct sleepy *)b;

	usleep((useconds_t)s->sleep_ms * 1000);
	s->ran = 1;
}

static void
sleepy_drop(struct bounded_call *b)
{
	atomic_fetch_add(&dropped, 1);
	free(b);
}

static struct sleepy *
sleepy(int ms)
{
	struct sleepy *s = calloc(1, sizeof(*s));

	s->b.run = sleepy_run;
	s->b.drop = sleepy_drop;
	s->sleep_ms = ms;
	return s;
}

int
main(void)
{
	atomic_int stranded = 0;
	struct sleepy *s = sleepy(1);

	CHECK(bounded_run(&s->b, 2000, &stranded, 2) == 0 && s->ran);
	free(s);
	/* Two calls that outlive their bound: each is its thread's, and counted. */
	CHECK(bounded_run(&sleepy(300)->b, 20, &stranded, 2) == -ETIMEDOUT);
	CHECK(bounded_run(&sleepy(300)->b, 20, &stranded, 2) == -ETIMEDOUT);
	CHECK(atomic_load(&stranded) == 2 && bounded_full(&stranded, 2));
	/* A third is refused at once, and not run. */
	s = sleepy(1);
	CHECK(bounded_run(&s->b, 2000, &stranded, 2) == -EBUSY && !s->ran);
	free(s);
	/* When they return, their threads drop them and the count goes back. */
	for (int i = 0; i < 100 && atomic_load(&stranded) > 0; i++)
		usleep(10000);
	CHECK(atomic_load(&stranded) == 0 && atomic_load(&dropped) == 2);
	s = sleepy(1);
	CHECK(bounded_run(&s->b, 2000, &stranded, 2) == 0 && s->ran);
	free(s);
	return t_done();
}
