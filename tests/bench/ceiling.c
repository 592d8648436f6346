/*
 * ceiling.c - the benchmark's yardstick: the least a libfcgi responder can do. A
 * master opens the socket (mode 0666, for nginx's workers), writes its own pid file,
 * forks N workers that answer every request with the same small JSON body, and on
 * SIGTERM stops them. Whatever openattic does per request costs on top of this.
 * Built by tests/bench/run; never installed.
 *
 * With BODY_BYTES the body is that long (padded with spaces): the yardstick for an
 * answer of that size.
 *
 * usage: ceiling SOCKET_PATH WORKERS PID_FILE [BODY_BYTES]
 */
#include <fcgiapp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static const char head[] = "Status: 200 OK\r\n"
			   "Cache-Control: no-store\r\n"
			   "Content-Type: application/json; charset=utf-8\r\n";
static char *reply; /* head, Content-Length and a JSON body of the size asked for */
static int reply_len;

/* The reply with a body of n bytes (at least 16): {"status":"ok"}, spaces, a newline. */
static void
make_reply(int n)
{
	static const char body[] = "{\"status\":\"ok\"}"; /* 15 bytes */
	int hl;

	n = n < 16 ? 16 : n;
	if (!(reply = malloc(sizeof(head) + 64 + (size_t)n)))
		exit(1);
	hl = snprintf(reply, sizeof(head) + 64, "%sContent-Length: %d\r\n\r\n%s", head, n, body);
	memset(reply + hl, ' ', (size_t)n - 16);
	reply[hl + n - 16] = '\n';
	reply_len = hl + n - 15;
}

static void
on_term(int sig)
{
	(void)sig;
	_exit(0);
}

/* libfcgi's own SIGTERM handler only sets a flag: ours, installed after FCGX_Init, exits. */
static void
serve(int fd)
{
	FCGX_Request rq;

	FCGX_Init();
	FCGX_InitRequest(&rq, fd, 0);
	signal(SIGTERM, on_term);
	signal(SIGPIPE, SIG_IGN);
	while (FCGX_Accept_r(&rq) >= 0) {
		FCGX_PutStr(reply, reply_len, rq.out);
		FCGX_Finish_r(&rq);
	}
	_exit(0);
}

static int
write_pid(const char *path)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -1;
	fprintf(f, "%d\n", (int)getpid());
	return fclose(f);
}

int
main(int argc, char **argv)
{
	sigset_t term;
	int fd, n, sig;
	pid_t *kids;

	if (argc < 4 || argc > 5 || (n = atoi(argv[2])) < 1 || n > 1024) {
		fprintf(stderr, "usage: ceiling SOCKET_PATH WORKERS PID_FILE [BODY_BYTES]\n");
		return 2;
	}
	make_reply(argc == 5 ? atoi(argv[4]) : 16);
	unlink(argv[1]);
	if ((fd = FCGX_OpenSocket(argv[1], 1024)) < 0 || chmod(argv[1], 0666) < 0) {
		perror(argv[1]);
		return 1;
	}
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	sigaddset(&term, SIGINT);
	sigprocmask(SIG_BLOCK, &term, NULL);
	kids = calloc((size_t)n, sizeof(*kids));
	for (int i = 0; i < n; i++)
		if ((kids[i] = fork()) == 0) {
			sigprocmask(SIG_UNBLOCK, &term, NULL);
			serve(fd);
		}
	if (write_pid(argv[3]) < 0) {
		perror(argv[3]);
		sig = SIGTERM;
	} else {
		sigwait(&term, &sig);
	}
	for (int i = 0; i < n; i++)
		if (kids[i] > 0)
			kill(kids[i], SIGTERM);
	while (wait(NULL) > 0)
		;
	unlink(argv[1]);
	unlink(argv[3]);
	return sig == SIGTERM ? 0 : 1;
}
