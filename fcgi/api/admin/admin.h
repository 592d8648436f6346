/* admin.h - the task and audit APIs and maintenance: handlers and the purge kind. */
#ifndef OA_ADMIN_H
#define OA_ADMIN_H

#include "core/json.h"
#include "core/list.h"
#include "core/req.h"
#include "server/schema.h"
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

/* What the route rows name: list specs, query parameters, the component schemas. */
extern const struct list_spec audit_list_spec, tasks_list_spec;
extern const struct field_spec tasks_list_query[], audit_list_query[];
extern const struct schema_def admin_schemas[];

#endif
