/* server.h - the master process of `openattic serve`. */
#ifndef OA_SERVER_H
#define OA_SERVER_H

struct route;
struct task_kind;
/*
 * Opens the socket, runs workers (serving routes) and runners (running kinds) until
 * SIGTERM; returns the exit code.
 */
int server_run(const char *config_path, const struct route *routes, const struct task_kind *kinds);

#endif
