/* admin.h - the task and audit APIs and maintenance: handlers and the purge kind. */
#ifndef OA_ADMIN_H
#define OA_ADMIN_H

#include "core/json.h"
#include "core/req.h"
#include "server/tasks.h"

/* tasks_api.c */
int tasks_list(struct req *r);
int tasks_get(struct req *r);
int tasks_cancel(struct req *r);
/* audit_api.c */
int audit_list(struct req *r);
/* purge.c */
int purge_start(struct req *r);
extern const struct field_spec purge_body[];
int purge_run(struct task *t); /* maintenance.purge */

#endif
