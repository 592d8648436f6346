/*
 * crew.c - runs a few calls at the same time: the first on the caller's thread, the
 * others on threads this process keeps for that (made at first need, then waiting on
 * a semaphore for their next call). A thread made per call cost more than the monitor
 * command it sent: with the view off, a pool list's first command left ~0.08 ms after
 * the request asked for it, most of it pthread_create; a kept thread is woken with
 * one sem_post. The threads block every signal (the worker's own thread takes its
 * SIGTERM) and hold nothing between calls. A child made by fork has none of its
 * parent's threads: it forgets them (pthread_atfork) and makes its own. One caller at a
 * time: a worker serves one request at a time (backends/view.c's view_prefetch).
 */
#include "core/crew.h"

#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>

struct hand {
	pthread_t thread;
	sem_t go, done;
	void (*fn)(void *);
	void *arg;
};

static struct hand hands[CREW_MAX];
static int nhands;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void
wait_for(sem_t *s)
{
	while (sem_wait(s) != 0 && errno == EINTR)
		;
}

static void *
hand_main(void *p)
{
	struct hand *h = p;

	for (;;) {
		wait_for(&h->go);
		h->fn(h->arg);
		sem_post(&h->done);
	}
	return NULL;
}

/* In a child of fork: the threads were the parent's. */
static void
forget_hands(void)
{
	nhands = 0;
}

static void
at_fork(void)
{
	pthread_atfork(NULL, NULL, forget_hands);
}

/* Makes hand nhands; 0 or -1 (no thread: the caller runs the call itself). */
static int
hire(void)
{
	struct hand *h = &hands[nhands];
	sigset_t all, was;
	int rc;

	if (sem_init(&h->go, 0, 0) != 0)
		return -1;
	if (sem_init(&h->done, 0, 0) != 0) {
		sem_destroy(&h->go);
		return -1;
	}
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &was);
	rc = pthread_create(&h->thread, NULL, hand_main, h);
	pthread_sigmask(SIG_SETMASK, &was, NULL);
	if (rc != 0) {
		sem_destroy(&h->go);
		sem_destroy(&h->done);
		return -1;
	}
	pthread_detach(h->thread);
	nhands++;
	return 0;
}

void
crew_run(void (*fn)(void *), void *args, size_t size, int n)
{
	char *a = args;
	int sent = 0;

	pthread_once(&once, at_fork);
	for (; sent + 1 < n && sent < CREW_MAX; sent++) {
		if (sent == nhands && hire() < 0)
			break;
		hands[sent].fn = fn;
		hands[sent].arg = a + (size_t)(sent + 1) * size;
		sem_post(&hands[sent].go);
	}
	if (n > 0)
		fn(a);
	for (int i = sent + 1; i < n; i++)
		fn(a + (size_t)i * size);
	for (int i = 0; i < sent; i++)
		wait_for(&hands[i].done);
}
