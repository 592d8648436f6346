/* log.h - one-line log messages to stderr or syslog, subject first. */
#ifndef OA_LOG_H
#define OA_LOG_H

/* Sets the process role shown in each line ("master", "worker", "runner") and the sink. */
void log_init(const char *role, int use_syslog);
void log_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
