/*
 * log.c - every process logs through here: one line per event, prefixed with the
 * time, the process role and its pid, to stderr (the default, for the local stack and
 * systemd's journal) or to syslog. Lines are written with one write(2) so lines from
 * several workers sharing a file do not interleave.
 */
#include "core/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

static const char *log_role = "openattic";
static int log_syslog;

void
log_init(const char *role, int use_syslog)
{
	log_role = role;
	if (use_syslog && !log_syslog)
		openlog("openattic", LOG_PID, LOG_DAEMON);
	log_syslog = use_syslog;
}

static void
log_line(int prio, const char *level, const char *fmt, va_list ap)
{
	char line[2048], ts[32];
	struct timeval tv;
	struct tm tm;
	int n;

	if (log_syslog) {
		vsyslog(prio, fmt, ap);
		return;
	}
	gettimeofday(&tv, NULL);
	gmtime_r(&tv.tv_sec, &tm);
	strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%S", &tm);
	n = snprintf(line, sizeof(line), "%s.%03ldZ %s[%d] %s: ", ts, (long)tv.tv_usec / 1000,
		     log_role, (int)getpid(), level);
	if (n < 0)
		return;
	n += vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	if (n >= (int)sizeof(line) - 1)
		n = (int)sizeof(line) - 2;
	line[n++] = '\n';
	if (write(STDERR_FILENO, line, (size_t)n) < 0)
		return;
}

#define LOG_FN(name, prio, level)                                                                  \
	void name(const char *fmt, ...)                                                            \
	{                                                                                          \
		va_list ap;                                                                        \
		va_start(ap, fmt);                                                                 \
		log_line(prio, level, fmt, ap);                                                    \
		va_end(ap);                                                                        \
	}

LOG_FN(log_err, LOG_ERR, "error")
LOG_FN(log_warn, LOG_WARNING, "warning")
LOG_FN(log_info, LOG_INFO, "info")
