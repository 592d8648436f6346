/* memo.h - answers this process rendered, reused while what they were made from is the same. */
#ifndef OA_MEMO_H
#define OA_MEMO_H

#include <stdint.h>

#define MEMO_STAMP 4 /* numbers that say what an answer was made from */

/*
 * The body remembered under key with exactly stamp and at most max_age_ms old (< 0:
 * any age), or NULL. Valid until the next memo_put of this process.
 */
const char *memo_get(const char *key, const uint64_t stamp[MEMO_STAMP], long max_age_ms);
/* Remembers body under key with stamp (replacing what key had, else the next slot in turn). */
void memo_put(const char *key, const uint64_t stamp[MEMO_STAMP], const char *body);

#endif
