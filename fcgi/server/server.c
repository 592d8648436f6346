/*
 * server.c - the master: opens the FastCGI socket, forks the request workers and
 * the task runners, and watches them. It never touches a backend. A child that dies
 * is respawned, after a back-off that doubles (up to 30 s) while children keep dying
 * young. SIGTERM drains (children finish what they hold, then everything exits);
 * SIGHUP re-reads the configuration and rolls every child onto it. Signals are
 * taken synchronously with sigtimedwait, so there is no async handler state.
 */
#include "server/server.h"
#include "backends/salt.h"
#include "backends/view.h"
#include "core/config.h"
#include "core/log.h"
#include "core/memo.h"
#include "server/changes.h"
#include "server/router.h"
#include "server/runner.h"
#include "server/worker.h"

#include <errno.h>
#include <fcgiapp.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum kind { WORKER, RUNNER };

struct slot {
	enum kind kind;
	pid_t pid;
	double started, next_start; /* seconds, monotonic */
	double backoff;
	int retiring; /* asked to stop: respawn at once, no back-off */
};

static struct config *cfg;
static struct slot *slots;
static int nslots;
static int listen_fd = -1;
static sigset_t master_sigs;
/* What the children serve and run: the tables main passed to server_run. */
static struct {
	const struct route *routes;
	const struct task_kind *kinds;
} tables;

static double
now_s(void)
{
	return now_ms() / 1000.0;
}

static void
spawn(struct slot *s)
{
	pid_t pid = fork();

	if (pid < 0) {
		log_err("cannot fork a %s: %s", s->kind == WORKER ? "worker" : "runner",
			strerror(errno));
		s->next_start = now_s() + 1;
		return;
	}
	if (pid == 0) {
		sigprocmask(SIG_UNBLOCK, &master_sigs, NULL);
		signal(SIGHUP, SIG_IGN);
		if (s->kind == WORKER)
			worker_main(listen_fd, cfg, tables.routes);
		close(listen_fd);
		log_init("runner", cfg->use_syslog);
		oa_config = cfg;
		runner_main(cfg, tables.kinds);
	}
	s->pid = pid;
	s->started = now_s();
	s->retiring = 0;
}

/* Sizes the slot table to the configured counts (after start and SIGHUP). */
static void
resize_slots(void)
{
	int want = (int)(cfg->workers + cfg->runners), i;

	for (i = want; i < nslots; i++)
		if (slots[i].pid > 0)
			kill(slots[i].pid, SIGTERM);
	/* Children beyond the new size keep their slots until they exit. */
	if (want > nslots) {
		slots = xrealloc(slots, sizeof(*slots) * (size_t)want);
		memset(slots + nslots, 0, sizeof(*slots) * (size_t)(want - nslots));
		nslots = want;
	}
	for (i = 0; i < nslots; i++)
		slots[i].kind = i < cfg->workers ? WORKER : RUNNER;
}

static void
reap(int draining)
{
	int status;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		for (int i = 0; i < nslots; i++) {
			struct slot *s = &slots[i];
			if (s->pid != pid)
				continue;
			s->pid = 0;
			if (draining || s->retiring || i >= cfg->workers + cfg->runners) {
				s->next_start = now_s();
				s->backoff = 0;
				break;
			}
			if (WIFSIGNALED(status))
				log_err("%s %d was killed by signal %d; respawning",
					s->kind == WORKER ? "worker" : "runner", (int)pid,
					WTERMSIG(status));
			else
				log_err("%s %d exited with status %d; respawning",
					s->kind == WORKER ? "worker" : "runner", (int)pid,
					WEXITSTATUS(status));
			/* Dying young again and again: wait longer each time, up to 30 s. */
			s->backoff =
				now_s() - s->started < 10 ? (s->backoff ? s->backoff * 2 : 0.5) : 0;
			if (s->backoff > 30)
				s->backoff = 30;
			s->next_start = now_s() + s->backoff;
			break;
		}
	}
}

static void
start_due(void)
{
	int want = (int)(cfg->workers + cfg->runners);

	for (int i = 0; i < want; i++)
		if (slots[i].pid == 0 && now_s() >= slots[i].next_start)
			spawn(&slots[i]);
}

static void
reload(void)
{
	char err[512];
	struct config *n = config_load(cfg->path, err, sizeof(err));

	if (!n) {
		log_err("SIGHUP: keeping the running configuration: %s", err);
		return;
	}
	if (strcmp(n->listen, cfg->listen))
		log_warn("SIGHUP: 'listen' changes only on restart; still on %s", cfg->listen);
	free(n->listen);
	n->listen = xstrdup(cfg->listen);
	config_free(cfg);
	cfg = n;
	oa_config = cfg;
	resize_slots();
	for (int i = 0; i < nslots; i++)
		if (slots[i].pid > 0) {
			slots[i].retiring = 1;
			kill(slots[i].pid, SIGTERM);
		}
	log_info("SIGHUP: configuration re-read, rolling %d workers and %ld runners",
		 (int)cfg->workers, cfg->runners);
}

static int
alive(void)
{
	for (int i = 0; i < nslots; i++)
		if (slots[i].pid > 0)
			return 1;
	return 0;
}

static void
drain(void)
{
	double deadline = now_s() + 30;
	struct timespec tick = {0, 100 * 1000 * 1000};

	log_info("draining: waiting for workers and runners to finish");
	for (int i = 0; i < nslots; i++)
		if (slots[i].pid > 0)
			kill(slots[i].pid, SIGTERM);
	while (alive() && now_s() < deadline) {
		sigtimedwait(&master_sigs, NULL, &tick);
		reap(1);
	}
	for (int i = 0; i < nslots; i++)
		if (slots[i].pid > 0) {
			log_err("%d did not stop in 30 s; killing it", (int)slots[i].pid);
			kill(slots[i].pid, SIGKILL);
		}
	while (waitpid(-1, NULL, 0) > 0)
		;
}

/*
 * Gives the unix socket path to group (NULL: the process's own) with mode 0660:
 * whoever can connect to it speaks FastCGI and may claim any REMOTE_ADDR, so only
 * nginx (a member of that group) may. 0 or -1 (logged).
 */
static int
own_socket(const char *path, const char *group)
{
	struct group *g = NULL;

	if (group && *group && !(g = getgrnam(group))) {
		log_err("[server] socket_group: there is no group '%s'", group);
		return -1;
	}
	if ((g && chown(path, (uid_t)-1, g->gr_gid) < 0) || chmod(path, 0660) < 0) {
		log_err("cannot give socket '%s' to group '%s' with mode 0660: %s", path,
			group ? group : "(own)", strerror(errno));
		return -1;
	}
	return 0;
}

/* Opens "unix:/path" (mode 0660, group socket_group) or "host:port". */
static int
open_listener(const struct config *c)
{
	const char *l = c->listen;
	int fd;

	if (!strncmp(l, "unix:", 5)) {
		l += 5;
		unlink(l);
	}
	if ((fd = FCGX_OpenSocket(l, (int)c->backlog)) < 0) {
		log_err("cannot listen on '%s': %s", c->listen, strerror(errno));
		return -1;
	}
	if (c->listen != l && own_socket(l, c->socket_group) < 0)
		return -1;
	return fd;
}

static int
write_pid_file(const char *path)
{
	FILE *f;

	if (!path)
		return 0;
	if (!(f = fopen(path, "w"))) {
		log_err("cannot write pid file '%s': %s", path, strerror(errno));
		return -1;
	}
	fprintf(f, "%d\n", (int)getpid());
	fclose(f);
	return 0;
}

static void
cleanup(void)
{
	if (!strncmp(cfg->listen, "unix:", 5))
		unlink(cfg->listen + 5);
	if (cfg->pid_file)
		unlink(cfg->pid_file);
}

int
server_run(const char *config_path, const struct route *routes, const struct task_kind *kinds)
{
	struct timespec tick = {0, 200 * 1000 * 1000};
	char err[512];
	int sig;

	tables.routes = routes;
	tables.kinds = kinds;
	if (!(cfg = config_load(config_path, err, sizeof(err)))) {
		fprintf(stderr, "openattic: %s\n", err);
		return 2;
	}
	log_init("master", cfg->use_syslog);
	oa_config = cfg;
	if ((listen_fd = open_listener(cfg)) < 0 || write_pid_file(cfg->pid_file) < 0 ||
	    view_setup() < 0 || salt_setup() < 0 || router_setup() < 0 || changes_setup() < 0 ||
	    memo_setup() < 0)
		return 1;
	sigemptyset(&master_sigs);
	sigaddset(&master_sigs, SIGCHLD);
	sigaddset(&master_sigs, SIGTERM);
	sigaddset(&master_sigs, SIGINT);
	sigaddset(&master_sigs, SIGHUP);
	sigprocmask(SIG_BLOCK, &master_sigs, NULL);
	signal(SIGPIPE, SIG_IGN);
	resize_slots();
	log_info("listening on %s with %ld workers and %ld runners", cfg->listen, cfg->workers,
		 cfg->runners);
	for (;;) {
		start_due();
		sig = sigtimedwait(&master_sigs, NULL, &tick);
		if (sig == SIGTERM || sig == SIGINT)
			break;
		if (sig == SIGHUP)
			reload();
		reap(0);
	}
	drain();
	cleanup();
	log_info("stopped");
	config_free(cfg);
	free(slots);
	return 0;
}
