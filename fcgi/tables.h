/*
 * tables.h - the tables of the program, defined on top (routes.c, taskkinds.c)
 * and passed down by main: the route table to the workers and the OpenAPI
 * generator, the task-kind table to the runners. Nothing below the top names them.
 */
#ifndef OA_TABLES_H
#define OA_TABLES_H

#include "server/router.h"
#include "server/schema.h"
#include "server/tasks.h"

/* THE route table, terminated by a row with a NULL method. */
extern const struct route routes[];
/* THE task-kind table, terminated by a NULL name. */
extern const struct task_kind task_kinds[];
/* The areas' component schemas for the OpenAPI document (routes.c), NULL-terminated. */
extern const struct schema_def *const schema_tables[];

#endif
