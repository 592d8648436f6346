/*
 * config.c - reads the INI configuration. Every key the program knows is a row of
 * one table (section, key, type, bounds, where it goes); anything else is an error
 * naming the file, the line and the key, so a typo never silently becomes a default.
 * A value "@/path" of a secret key is replaced by the first line of that file.
 */
#include "core/config.h"
#include "core/util.h"

#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The running process's configuration (config.h). */
const struct config *oa_config;

enum key_type { K_STR, K_SECRET, K_LONG, K_BOOL };

struct key_def {
	const char *section; /* "cluster" matches [cluster NAME] */
	const char *key;
	enum key_type type;
	size_t off; /* into struct config, or struct cluster_conf for "cluster" */
	long min, max;
};

#define C(f)  offsetof(struct config, f)
#define CL(f) offsetof(struct cluster_conf, f)
static const struct key_def keys[] = {
	{"server", "listen", K_STR, C(listen), 0, 0},
	{"server", "pid_file", K_STR, C(pid_file), 0, 0},
	{"server", "instance", K_STR, C(instance), 0, 0},
	{"server", "workers", K_LONG, C(workers), 1, 256},
	{"server", "runners", K_LONG, C(runners), 0, 64},
	{"server", "max_body_bytes", K_LONG, C(max_body_bytes), 1024, 64L << 20},
	{"server", "backlog", K_LONG, C(backlog), 1, 65535},
	{"server", "syslog", K_BOOL, C(use_syslog), 0, 0},
	{"server", "trusted_proxies", K_STR, C(trusted_proxies), 0, 0},
	{"server", "socket_group", K_STR, C(socket_group), 0, 0},
	{"server", "slow_workers", K_LONG, C(slow_workers), 1, 255},
	{"database", "conninfo", K_STR, C(db_conninfo), 0, 0},
	{"database", "password", K_SECRET, C(db_password), 0, 0},
	{"database", "connect_timeout_s", K_LONG, C(db_connect_timeout_s), 1, 60},
	{"database", "statement_timeout_ms", K_LONG, C(db_statement_timeout_ms), 100, 600000},
	{"auth", "session_lifetime_s", K_LONG, C(session_lifetime_s), 60, 30L * 86400},
	{"auth", "session_idle_s", K_LONG, C(session_idle_s), 60, 30L * 86400},
	{"auth", "throttle_attempts", K_LONG, C(throttle_attempts), 1, 1000},
	{"auth", "throttle_window_s", K_LONG, C(throttle_window_s), 1, 86400},
	{"auth", "throttle_ceiling", K_LONG, C(throttle_ceiling), 1, 100000},
	{"auth", "cookie_secure", K_BOOL, C(cookie_secure), 0, 0},
	{"tasks", "heartbeat_s", K_LONG, C(task_heartbeat_s), 1, 60},
	{"tasks", "stale_s", K_LONG, C(task_stale_s), 5, 3600},
	{"tasks", "followed_per_runner", K_LONG, C(followed_per_runner), 1, 64},
	{"tasks", "open_per_user", K_LONG, C(open_tasks_per_user), 1, 100000},
	{"cluster", "conf", K_STR, CL(conf), 0, 0},
	{"cluster", "keyring", K_STR, CL(keyring), 0, 0},
	{"cluster", "client", K_STR, CL(client), 0, 0},
	{"cluster", "fsid", K_STR, CL(fsid), 0, 0},
	{"cluster", "view_max_age_ms", K_LONG, CL(view_max_age_ms), 0, 60000},
	{"salt", "url", K_STR, C(salt_url), 0, 0},
	{"salt", "eauth", K_STR, C(salt_eauth), 0, 0},
	{"salt", "username", K_STR, C(salt_username), 0, 0},
	{"salt", "password", K_SECRET, C(salt_password), 0, 0},
	{"salt", "ca_file", K_STR, C(salt_ca_file), 0, 0},
	{"salt", "verify_tls", K_BOOL, C(salt_verify_tls), 0, 0},
	{"salt", "timeout_s", K_LONG, C(salt_timeout_s), 1, 600},
	{"salt", "nodes_refresh_s", K_LONG, C(salt_nodes_refresh_s), 1, 3600},
	{"salt", "allow_http", K_BOOL, C(salt_allow_http), 0, 0},
	{"cluster", "rgw_endpoints", K_STR, CL(rgw_endpoints), 0, 0},
	{"cluster", "rgw_access_key", K_SECRET, CL(rgw_access_key), 0, 0},
	{"cluster", "rgw_secret_key", K_SECRET, CL(rgw_secret_key), 0, 0},
	{"rgw", "ca_file", K_STR, C(rgw_ca_file), 0, 0},
	{"rgw", "verify_tls", K_BOOL, C(rgw_verify_tls), 0, 0},
	{"rgw", "allow_http", K_BOOL, C(rgw_allow_http), 0, 0},
	{"rgw", "timeout_s", K_LONG, C(rgw_timeout_s), 1, 60},
	{"rgw", "region", K_STR, C(rgw_region), 0, 0},
	{"iscsi", "pool", K_STR, C(iscsi_pool), 0, 0},
	{"iscsi", "object", K_STR, C(iscsi_object), 0, 0},
	{"nfs", "pool", K_STR, C(nfs_pool), 0, 0},
	{"nfs", "namespace", K_STR, C(nfs_namespace), 0, 0},
};

static void
config_defaults(struct config *c)
{
	c->listen = xstrdup("unix:/run/openattic/openattic.sock");
	c->instance = xstrdup("local");
	c->workers = 4;
	c->runners = 2;
	c->max_body_bytes = 1L << 20;
	c->backlog = 1024;
	c->db_conninfo = xstrdup("dbname=openattic");
	c->db_connect_timeout_s = 3;
	c->db_statement_timeout_ms = 10000;
	c->session_lifetime_s = 12 * 3600;
	c->session_idle_s = 3600;
	c->throttle_attempts = 5;
	c->throttle_window_s = 900;
	c->throttle_ceiling = 100;
	c->task_heartbeat_s = 5;
	c->task_stale_s = 30;
	c->followed_per_runner = 32;
	c->open_tasks_per_user = 100;
	c->salt_eauth = xstrdup("sharedsecret");
	c->salt_username = xstrdup("admin");
	c->salt_verify_tls = 1;
	c->salt_timeout_s = 10;
	c->salt_nodes_refresh_s = 10;
	c->rgw_verify_tls = 1;
	c->rgw_timeout_s = 5;
	c->rgw_region = xstrdup("us-east-1");
	c->iscsi_pool = xstrdup(".openattic");
	c->iscsi_object = xstrdup("iscsi-config");
	c->nfs_pool = xstrdup(".openattic");
	c->nfs_namespace = xstrdup("ganesha");
}

static char *
trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

/* Reads the first line of a secret file. */
static char *
read_secret(const char *path)
{
	char line[4096];
	FILE *f = fopen(path, "r");

	if (!f)
		return NULL;
	if (!fgets(line, sizeof(line), f))
		line[0] = '\0';
	fclose(f);
	line[strcspn(line, "\r\n")] = '\0';
	return xstrdup(line);
}

static int
set_value(const struct key_def *k, void *base, const char *val, char *err, size_t errlen)
{
	char **sp = (char **)((char *)base + k->off);
	long *lp = (long *)((char *)base + k->off);
	int *bp = (int *)((char *)base + k->off);

	switch (k->type) {
	case K_SECRET:
		if (val[0] == '@') {
			char *s = read_secret(val + 1);
			if (!s) {
				snprintf(err, errlen, "cannot read secret file '%s': %s", val + 1,
					 strerror(errno));
				return -1;
			}
			free(*sp);
			*sp = s;
			return 0;
		}
		/* fall through */
	case K_STR:
		free(*sp);
		*sp = xstrdup(val);
		return 0;
	case K_LONG:
		if (parse_long(val, k->min, k->max, lp) < 0) {
			snprintf(err, errlen, "'%s' is not an integer in %ld..%ld", val, k->min,
				 k->max);
			return -1;
		}
		return 0;
	case K_BOOL:
		if (!strcmp(val, "true") || !strcmp(val, "yes") || !strcmp(val, "1"))
			*bp = 1;
		else if (!strcmp(val, "false") || !strcmp(val, "no") || !strcmp(val, "0"))
			*bp = 0;
		else {
			snprintf(err, errlen, "'%s' is not true or false", val);
			return -1;
		}
		return 0;
	}
	return -1;
}

static const struct key_def *
find_key(const char *section, const char *key)
{
	for (size_t i = 0; i < ARRAY_LEN(keys); i++)
		if (!strcmp(keys[i].section, section) && !strcmp(keys[i].key, key))
			return &keys[i];
	return NULL;
}

static int
known_section(const char *s)
{
	for (size_t i = 0; i < ARRAY_LEN(keys); i++)
		if (!strcmp(keys[i].section, s))
			return 1;
	return 0;
}

/* Opens a [section] line; for [cluster NAME] adds a cluster. Returns 0 or -1 with err. */
static int
open_section(struct config *c, char *name, char *section, size_t seclen, char *err, size_t errlen)
{
	char *sp = strchr(name, ' ');

	if (sp && !strncmp(name, "cluster ", 8)) {
		char *cname = trim(sp + 1);
		if (!*cname || strchr(cname, '/')) {
			snprintf(err, errlen, "bad cluster name '%s'", cname);
			return -1;
		}
		for (int i = 0; i < c->nclusters; i++)
			if (!strcmp(c->clusters[i].name, cname)) {
				snprintf(err, errlen, "cluster '%s' defined twice", cname);
				return -1;
			}
		c->clusters =
			xrealloc(c->clusters, sizeof(*c->clusters) * (size_t)(c->nclusters + 1));
		memset(&c->clusters[c->nclusters], 0, sizeof(*c->clusters));
		c->clusters[c->nclusters].name = xstrdup(cname);
		c->clusters[c->nclusters].client = xstrdup("client.admin");
		c->clusters[c->nclusters].view_max_age_ms = 1000;
		c->nclusters++;
		snprintf(section, seclen, "cluster");
		return 0;
	}
	if (!known_section(name) || !strcmp(name, "cluster")) {
		snprintf(err, errlen, "unknown section [%s]", name);
		return -1;
	}
	snprintf(section, seclen, "%s", name);
	return 0;
}

static int
parse_line(struct config *c, char *line, char *section, size_t seclen, char *err, size_t errlen)
{
	char *p = trim(line), *eq, *key, *val;
	const struct key_def *k;

	if (!*p || *p == '#' || *p == ';')
		return 0;
	if (*p == '[') {
		char *end = strchr(p, ']');
		if (!end || end[1]) {
			snprintf(err, errlen, "malformed section header");
			return -1;
		}
		*end = '\0';
		return open_section(c, trim(p + 1), section, seclen, err, errlen);
	}
	if (!(eq = strchr(p, '='))) {
		snprintf(err, errlen, "expected 'key = value'");
		return -1;
	}
	*eq = '\0';
	key = trim(p);
	val = trim(eq + 1);
	if (!*section || !(k = find_key(section, key))) {
		snprintf(err, errlen, "unknown key '%s' in [%s]", key, *section ? section : "");
		return -1;
	}
	snprintf(err, errlen, "key '%s': ", key);
	if (set_value(k, !strcmp(section, "cluster") ? (void *)&c->clusters[c->nclusters - 1] : c,
		      val, err + strlen(err), errlen - strlen(err)) < 0)
		return -1;
	return 0;
}

static int
config_check(struct config *c, char *err, size_t errlen)
{
	char msg[256];

	if (c->nclusters > 16) {
		snprintf(err, errlen, "%s: at most 16 [cluster] sections", c->path);
		return -1;
	}
	for (int i = 0; i < c->nclusters; i++)
		if (!c->clusters[i].conf) {
			snprintf(err, errlen, "%s: [cluster %s] needs 'conf'", c->path,
				 c->clusters[i].name);
			return -1;
		}
	if (c->salt_url && !strncasecmp(c->salt_url, "http://", 7) && !c->salt_allow_http) {
		snprintf(err, errlen,
			 "%s: [salt] url '%s' is plain HTTP: the Salt credentials and every "
			 "job would cross the network in clear; use https://, or set allow_http = "
			 "true (salt-api on this host only)",
			 c->path, c->salt_url);
		return -1;
	}
	for (int i = 0; i < c->nclusters; i++)
		if (c->clusters[i].rgw_endpoints &&
		    strcasestr(c->clusters[i].rgw_endpoints, "http://") && !c->rgw_allow_http) {
			snprintf(err, errlen,
				 "%s: [cluster %s] rgw_endpoints '%s' is plain HTTP: the secret "
				 "keys RGW answers would cross the network in clear; use https://, "
				 "or set [rgw] allow_http = true (radosgw on a trusted network)",
				 c->path, c->clusters[i].name, c->clusters[i].rgw_endpoints);
			return -1;
		}
	if (c->trusted_proxies && addr_list_check(c->trusted_proxies, msg, sizeof(msg)) < 0) {
		snprintf(err, errlen, "%s: [server] trusted_proxies: %s", c->path, msg);
		return -1;
	}
	/* Unset: a quarter of the workers (at least one) is kept from slow routes. */
	if (!c->slow_workers)
		c->slow_workers = c->workers > 1 ? c->workers - (c->workers + 3) / 4 : 1;
	if (c->slow_workers >= c->workers && c->workers > 1) {
		snprintf(err, errlen,
			 "%s: [server] slow_workers must be less than workers (%ld): the others "
			 "answer login, health and ordinary reads",
			 c->path, c->workers);
		return -1;
	}
	if (c->task_stale_s < 3 * c->task_heartbeat_s) {
		snprintf(err, errlen, "%s: [tasks] stale_s must be at least 3 x heartbeat_s",
			 c->path);
		return -1;
	}
	return 0;
}

/*
 * Whether fgets filled line (size bytes) before the end of its line: the rest would
 * be read as the next line, so the tail of a long comment could set a key.
 */
static int
too_long(const char *line, size_t size, FILE *f)
{
	size_t n = strlen(line);

	return n == size - 1 && line[n - 1] != '\n' && getc(f) != EOF;
}

struct config *
config_load(const char *path, char *err, size_t errlen)
{
	struct config *c = xcalloc(1, sizeof(*c));
	char line[4096], section[64] = "", msg[512];
	int lineno = 0;
	FILE *f;

	config_defaults(c);
	c->path = xstrdup(path);
	if (!(f = fopen(path, "r"))) {
		snprintf(err, errlen, "cannot open config '%s': %s", path, strerror(errno));
		config_free(c);
		return NULL;
	}
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		msg[0] = '\0';
		if (too_long(line, sizeof(line), f))
			snprintf(msg, sizeof(msg), "line longer than %zu bytes", sizeof(line) - 2);
		if (msg[0] || parse_line(c, line, section, sizeof(section), msg, sizeof(msg)) < 0) {
			snprintf(err, errlen, "%s:%d: %s", path, lineno, msg);
			fclose(f);
			config_free(c);
			return NULL;
		}
	}
	fclose(f);
	if (config_check(c, err, errlen) < 0) {
		config_free(c);
		return NULL;
	}
	return c;
}

void
config_free(struct config *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < ARRAY_LEN(keys); i++)
		if ((keys[i].type == K_STR || keys[i].type == K_SECRET) &&
		    strcmp(keys[i].section, "cluster"))
			free(*(char **)((char *)c + keys[i].off));
	for (int i = 0; i < c->nclusters; i++) {
		free(c->clusters[i].name);
		for (size_t k = 0; k < ARRAY_LEN(keys); k++)
			if ((keys[k].type == K_STR || keys[k].type == K_SECRET) &&
			    !strcmp(keys[k].section, "cluster"))
				free(*(char **)((char *)&c->clusters[i] + keys[k].off));
	}
	free(c->clusters);
	free(c->path);
	free(c);
}
