/* runner.h - a task runner process: claims queued tasks and runs them. */
#ifndef OA_RUNNER_H
#define OA_RUNNER_H

#include "core/config.h"
#include "server/tasks.h"

/*
 * Runs tasks of the kinds in table (taskkinds.c, passed down from main; NULL-name
 * terminated) until SIGTERM (a task in hand is finished or put back). Never returns.
 */
void runner_main(const struct config *c, const struct task_kind *table) __attribute__((noreturn));

#endif
