/*
 * test_crew.c - core/crew.c: every call runs once, the first on the caller's thread and
 * the others at the same time on other threads, kept from one run to the next; calls
 * beyond its threads run on the caller's; with size 0 each gets the same argument; a
 * child of fork makes its own threads.
 */
#include "core/crew.h"
#include "t.h"

#include <pthread.h>
#include <stdatomic.h>
#include <sys/wait.h>
#include <unistd.h>

struct call {
	pthread_t by;
	int ran;
};

static atomic_int arrived;
static int together; /* how many calls must have arrived before each returns */

static void
call(void *p)
{
	struct call *c = p;

	c->by = pthread_self();
	c->ran++;
	atomic_fetch_add(&arrived, 1);
	/* only returns once all have started: they do not run one after the other */
	for (int i = 0; i < 2000 && atomic_load(&arrived) < together; i++)
		usleep(1000);
}

/* Runs n calls; whether each ran once, the first on this thread, the others not. */
static int
run(struct call *c, int n, int must_be_together)
{
	int ok = 1;

	for (int i = 0; i < n; i++)
		c[i] = (struct call){0};
	atomic_store(&arrived, 0);
	together = must_be_together;
	crew_run(call, c, sizeof(c[0]), n);
	for (int i = 0; i < n; i++)
		ok &= c[i].ran == 1 && (i == 0) == pthread_equal(c[i].by, pthread_self());
	return ok && atomic_load(&arrived) == n;
}

/* With size 0 every call is given the same argument. */
static void
count(void *p)
{
	atomic_fetch_add((atomic_int *)p, 1);
}

int
main(void)
{
	struct call c[CREW_MAX + 3], again[4];
	pid_t pid;
	int status;

	crew_run(call, c, sizeof(c[0]), 0); /* nothing to run */
	CHECK(run(c, 1, 1));
	CHECK(run(c, 4, 4));
	/* the same threads the next time */
	CHECK(run(again, 4, 4));
	for (int i = 1; i < 4; i++)
		CHECK(pthread_equal(c[i].by, again[i].by));
	/* more calls than threads: the rest on the caller's thread, after its own */
	together = 0;
	for (int i = 0; i < CREW_MAX + 3; i++)
		c[i] = (struct call){0};
	crew_run(call, c, sizeof(c[0]), CREW_MAX + 3);
	for (int i = 0; i < CREW_MAX + 3; i++)
		CHECK(c[i].ran == 1);
	CHECK(pthread_equal(c[CREW_MAX + 2].by, pthread_self()));
	CHECK(!pthread_equal(c[CREW_MAX].by, pthread_self()));
	atomic_int shared = 0;
	crew_run(count, &shared, 0, 5);
	CHECK(atomic_load(&shared) == 5);
	/* a child of fork has none of these threads: it makes its own */
	if ((pid = fork()) == 0)
		_exit(run(c, 4, 4) ? 0 : 1);
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	      WEXITSTATUS(status) == 0);
	return t_done();
}
