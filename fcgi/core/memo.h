/* memo.h - answers rendered once, reused while what they were made from is the same. */
#ifndef OA_MEMO_H
#define OA_MEMO_H

#include <stdint.h>

#define MEMO_STAMP 4 /* numbers that say what an answer was made from */

/*
 * Maps the area the host's processes share answers in; the master calls it once,
 * before forking. Without it (the CLI, unit tests) answers stay in their process.
 */
int memo_setup(void);
/*
 * The body remembered under key with exactly stamp and at most max_age_ms old (< 0:
 * any age), or NULL. shared: also found if another process of the host rendered it
 * (only for stamps that mean the same in every process). Valid until the next
 * memo_get or memo_put of this process.
 */
const char *memo_get(const char *key, const uint64_t stamp[MEMO_STAMP], long max_age_ms,
		     int shared);
struct req;
/* The key of r's answer: prefix, then the request's query string (owned by r). */
const char *memo_key(struct req *r, const char *prefix);
/* Remembers body under key with stamp (shared: for the host's other processes too). */
void memo_put(const char *key, const uint64_t stamp[MEMO_STAMP], const char *body, int shared);

#endif
