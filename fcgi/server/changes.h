/* changes.h - the task and audit list pages a worker keeps until their table changes. */
#ifndef OA_CHANGES_H
#define OA_CHANGES_H

#include <stdint.h>

#include "core/memo.h"
#include "core/req.h"

enum table { T_TASKS, T_AUDIT, T_COUNT };

/* Maps the counts the host's processes share; the master calls it once, before forking. */
int changes_setup(void);
/* This process changed rows of t (and committed): every worker's kept pages of t go. */
void changes_note(enum table t);
/*
 * For a list read of t: answers 200 with the page this worker rendered for the same
 * path and query while t was as it is, and returns 200; else returns 0 with stamp set
 * for changes_keep, called after the handler made the page.
 */
int changes_respond(struct req *r, enum table t, uint64_t stamp[MEMO_STAMP]);
void changes_keep(struct req *r, const uint64_t stamp[MEMO_STAMP]);

#endif
