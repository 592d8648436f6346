/* audit.h - the audit trail: one row for every request that is not GET or HEAD. */
#ifndef OA_AUDIT_H
#define OA_AUDIT_H

#include "core/req.h"

/*
 * Opens the request's audit row before anything is done. Returns 0 with *id set, or
 * 503 already answered: a change that cannot be recorded is not made.
 */
int audit_begin(struct req *r, long *id);
/* Completes the row: user, status, duration, redacted body, task id. */
void audit_end(struct req *r, long id);

#endif
