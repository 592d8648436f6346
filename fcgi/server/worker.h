/* worker.h - a request worker process: the FastCGI accept loop. */
#ifndef OA_WORKER_H
#define OA_WORKER_H

#include "core/config.h"

/* Serves requests on listen_fd until SIGTERM (a request in hand is finished). */
void worker_main(int listen_fd, const struct config *c) __attribute__((noreturn));

#endif
