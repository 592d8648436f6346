/* crew.h - a few calls run at the same time, on threads this process keeps for them. */
#ifndef OA_CREW_H
#define OA_CREW_H

#include <stddef.h>

#define CREW_MAX 15 /* kept threads; calls beyond them run on the caller's thread */

/*
 * Runs fn on each of the n elements of the array args (elements of size bytes; size 0:
 * each call is given args itself, for calls that share their work): the
 * first on the caller's thread, the others on kept threads, all at the same time; returns
 * when every call has returned. A call no thread could take runs on the caller's thread
 * after the first. One caller at a time per process.
 */
void crew_run(void (*fn)(void *), void *args, size_t size, int n);

#endif
