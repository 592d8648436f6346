/* server.h - the master process of `openattic serve`. */
#ifndef OA_SERVER_H
#define OA_SERVER_H

/* Opens the socket, runs workers and runners until SIGTERM; returns the exit code. */
int server_run(const char *config_path);

#endif
