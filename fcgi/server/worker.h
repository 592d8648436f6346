/* worker.h - a request worker process: the FastCGI accept loop. */
#ifndef OA_WORKER_H
#define OA_WORKER_H

#include "core/config.h"

struct route;
/*
 * Serves requests on listen_fd through the route table routes until SIGTERM (a
 * request in hand is finished).
 */
void worker_main(int listen_fd, const struct config *c, const struct route *routes)
	__attribute__((noreturn));

#endif
