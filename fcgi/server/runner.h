/* runner.h - a task runner process: claims queued tasks and runs them. */
#ifndef OA_RUNNER_H
#define OA_RUNNER_H

#include "core/config.h"

/* Runs tasks until SIGTERM (a task in hand is finished or put back). Never returns. */
void runner_main(const struct config *c) __attribute__((noreturn));

#endif
