/*
 * worker.c - a request worker: accepts FastCGI requests one at a time, reads the
 * body (up to max_body_bytes; a larger one is drained and answered 413), hands the
 * request to the dispatcher and writes the buffered response. SIGTERM is only
 * deliverable while the worker waits for a connection (ppoll), so a request in hand
 * always finishes; an idle worker leaves its wait at once (libfcgi's own handler would
 * only set a flag and leave it blocked in accept) and ends its CephFS sessions before
 * it exits: a session left to time out keeps its capabilities for a minute, and the
 * next workers' reads of those directories wait on them. Between requests (and once before the
 * first) it does the background work a reader noted - the shared salt-api probe and node list -
 * holding a slow-route slot meanwhile, so that work never delays a request and never takes more
 * workers than slow routes may.
 */
#include "server/worker.h"
#include "backends/ceph.h"
#include "backends/cephfs.h"
#include "backends/db.h"
#include "backends/salt.h"
#include "backends/view.h"
#include "core/log.h"
#include "core/resp.h"
#include "server/auth.h"
#include "server/fcgi_out.h"
#include "server/router.h"

#include <errno.h>
#include <fcgiapp.h>
#include <fcntl.h>
#include <malloc.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

static volatile sig_atomic_t terminating;

static void
on_term_idle(int sig)
{
	(void)sig;
	terminating = 1;
}

/* Reads the body; sets *too_large (and drains it) when it exceeds the limit. */
static char *
read_body(FCGX_Request *rq, size_t *len, int *too_large)
{
	const char *cl = FCGX_GetParam("CONTENT_LENGTH", rq->envp);
	long want = 0;
	char *body, sink[8192];

	*len = 0;
	*too_large = 0;
	if (!cl || parse_long(cl, 0, 1L << 40, &want) < 0 || want == 0)
		return NULL;
	if (want > oa_config->max_body_bytes) {
		*too_large = 1;
		while (FCGX_GetStr(sink, sizeof(sink), rq->in) > 0)
			;
		return NULL;
	}
	body = xmalloc((size_t)want + 1);
	*len = (size_t)FCGX_GetStr(body, (int)want, rq->in);
	body[*len] = '\0';
	return body;
}

/* libfcgi's own printf lacks %zu and friends: the head is formatted here. */
static void
write_response(FCGX_Request *rq, struct req *r)
{
	struct buf head;

	buf_init(&head);
	buf_printf(&head, "Status: %d %s\r\nCache-Control: no-store\r\n", r->status,
		   http_reason(r->status));
	if (r->out)
		buf_puts(&head, "Content-Type: application/json; charset=utf-8\r\n");
	buf_printf(&head, "Content-Length: %zu\r\n%s\r\n", r->out_len, r->headers.data);
	/* nginx gone: nothing to tell (libfcgi drops the connection at the end) */
	(void)fcgi_out(rq, head.data, head.len, r->out,
		       r->out && strcmp(r->method, "HEAD") ? r->out_len : 0);
	buf_free(&head);
}

/* Refreshes what requests read stale (salt_background), if a slow-route slot is free. */
static void
background(void)
{
	if (!salt_background_due() || !route_claim_background())
		return;
	salt_background();
	route_release_background();
}

/*
 * Where a request's time went, for the browser's network panel and the benchmarks
 * (W3C Server-Timing): waiting for Ceph's monitors and managers, and openattic's own
 * work (the dispatch less that wait: routing, the session, the handler, the printing).
 * Only to a caller who is signed in: an anonymous caller (a login) learns nothing
 * about how long a check took that it could not time less precisely itself.
 */
static void
server_timing(struct req *r, double total_ms, double ceph_ms)
{
	char ceph[64] = "";

	if (r->user.role == ROLE_NONE)
		return;
	if (ceph_ms > 0)
		snprintf(ceph, sizeof(ceph), ", ceph;dur=%.3f;desc=\"Ceph commands\"", ceph_ms);
	resp_header(r, "Server-Timing: app;dur=%.3f;desc=\"openATTIC\"%s", total_ms - ceph_ms,
		    ceph);
}

/* The route table main passed down. */
static const struct route *table;

static void
handle(FCGX_Request *rq)
{
	struct req r;
	size_t len;
	int too_large;
	char *body = read_body(rq, &len, &too_large);

	double t0 = now_ms(), w0 = ceph_wait_ms();

	req_init(&r, rq->envp, body, len);
	r.body_too_large = too_large;
	router_dispatch(&r, table);
	view_request_end();
	server_timing(&r, now_ms() - t0, ceph_wait_ms() - w0);
	write_response(rq, &r);
	/* The answer goes now; its log line and its frees do not hold it up. */
	req_detach_env(&r);
	FCGX_Finish_r(rq);
	router_log(&r);
	req_release(&r);
}

void
worker_main(int listen_fd, const struct config *c, const struct route *routes)
{
	struct sigaction sa = {.sa_handler = on_term_idle};
	sigset_t term, pending, waiting;
	FCGX_Request rq;

	table = routes;
	prctl(PR_SET_NAME, "oa-worker");
	/* A request frees its large buffers (result, response) next to many small ones:
	 * with fastbins glibc consolidates them all on each such free. */
	mallopt(M_MXFAST, 0);
	log_init("worker", c->use_syslog);
	oa_config = c;
	ceph_clusters_init(c);
	FCGX_Init();
	FCGX_InitRequest(&rq, listen_fd, 0);
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	sigaddset(&term, SIGINT);
	sigprocmask(SIG_BLOCK, &term, &waiting);
	/* SIGTERM is deliverable only in ppoll, before a connection is taken: libfcgi reads
	 * the request after accept(), and a signal then (_exit, or an EINTR it answers by
	 * closing) would drop a request nginx has sent (502). Whoever loses the race for a
	 * connection gets EAGAIN from the non-blocking socket and waits again (an accepted
	 * socket does not inherit O_NONBLOCK on Linux). Found by the SIGHUP drill. */
	fcntl(listen_fd, F_SETFL, fcntl(listen_fd, F_GETFL) | O_NONBLOCK);
	background(); /* the first worker up fetches the node list */
	for (;;) {
		struct pollfd pfd = {.fd = listen_fd, .events = POLLIN};

		if (ppoll(&pfd, 1, NULL, &waiting) < 0 && errno != EINTR)
			break;
		if (terminating)
			break;
		int rc = FCGX_Accept_r(&rq);
		if (rc == -EAGAIN || rc == -EWOULDBLOCK)
			continue;
		if (rc < 0)
			break;
		handle(&rq);
		background();
		sigpending(&pending);
		if (sigismember(&pending, SIGTERM) || sigismember(&pending, SIGINT))
			break;
	}
	db_close();
	cephfs_shutdown();
	ceph_clusters_shutdown();
	_exit(0);
}
