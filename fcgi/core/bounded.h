/* bounded.h - a blocking library call on a thread of its own, waited for at most a bound. */
#ifndef OA_BOUNDED_H
#define OA_BOUNDED_H

#include <pthread.h>
#include <stdatomic.h>

/*
 * A call: embed it first in a struct of the call's own arguments and results. run
 * makes the call (on the thread); drop frees the whole struct, by the thread, if the
 * caller stopped waiting. The rest is bounded_run's.
 */
struct bounded_call {
	void (*run)(struct bounded_call *b);
	void (*drop)(struct bounded_call *b);
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int done, abandoned;
	atomic_int *stranded;
};

/*
 * Runs b->run(b) on a thread of its own and waits at most timeout_ms for it to return.
 * 0: it returned; the caller reads b's results and frees b. -ETIMEDOUT: it did not;
 * b is the thread's from now on (b->drop when run returns), counted in *stranded until
 * then. -EBUSY: max_stranded calls are already waited for that way, -EAGAIN: no thread;
 * nothing ran, the caller frees b.
 */
int bounded_run(struct bounded_call *b, int timeout_ms, atomic_int *stranded, int max_stranded);

/* Whether bounded_run would refuse at once (-EBUSY): to check before costly set-up. */
static inline int
bounded_full(atomic_int *stranded, int max_stranded)
{
	return atomic_load(stranded) >= max_stranded;
}

#endif
