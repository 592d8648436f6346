/*
 * main.c - the openattic command: serve (the master), migrate (the schema), user
 * (first admin and recovery without the web UI), openapi (print the API document).
 */
#include "api/cephfs/cephfs.h"
#include "api/gateways/nfs/nfs.h"
#include "api/rgw/rgw.h"
#include "backends/db.h"
#include "core/config.h"
#include "core/log.h"
#include "server/auth.h"
#include "server/migrate.h"
#include "server/openapi.h"
#include "server/server.h"
#include "tables.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void
usage(void)
{
	fputs("usage: openattic serve -c FILE\n"
	      "       openattic migrate -c FILE [--sql-dir DIR]\n"
	      "       openattic user add -c FILE NAME [--role admin|operator|viewer]\n"
	      "       openattic user passwd -c FILE NAME\n"
	      "       openattic user del -c FILE NAME\n"
	      "       openattic openapi\n"
	      "       openattic version\n"
	      "Passwords for 'user' are read from the first line of standard input.\n",
	      stderr);
}

/* The value following option name in argv, or def. */
static const char *
opt(int argc, char **argv, const char *name, const char *def)
{
	for (int i = 0; i + 1 < argc; i++)
		if (!strcmp(argv[i], name))
			return argv[i + 1];
	return def;
}

/* The first argument at or after index from that is neither an option nor its value. */
static const char *
positional(int argc, char **argv, int from)
{
	for (int i = from; i < argc; i++) {
		if (argv[i][0] == '-') {
			i++;
			continue;
		}
		return argv[i];
	}
	return NULL;
}

static struct config *
load_or_die(int argc, char **argv)
{
	const char *path = opt(argc, argv, "-c", NULL);
	char err[512];
	struct config *c;

	if (!path) {
		usage();
		exit(2);
	}
	if (!(c = config_load(path, err, sizeof(err)))) {
		fprintf(stderr, "openattic: %s\n", err);
		exit(2);
	}
	log_init("openattic", 0);
	oa_config = c;
	return c;
}

static char *
read_password(void)
{
	char line[512];

	if (isatty(STDIN_FILENO))
		fputs("password: ", stderr);
	if (!fgets(line, sizeof(line), stdin))
		return NULL;
	line[strcspn(line, "\r\n")] = '\0';
	return xstrdup(line);
}

static int
exec_print(const char *sql, int n, const char *const *p, const char *done)
{
	PGresult *res;

	if (db_exec(&res, sql, n, p) < 0) {
		fprintf(stderr, "openattic: %s\n", db_error());
		return 1;
	}
	if (!strcmp(PQcmdTuples(res), "0")) {
		fprintf(stderr, "openattic: no such user\n");
		PQclear(res);
		return 1;
	}
	PQclear(res);
	fprintf(stderr, "%s\n", done);
	return 0;
}

static int
cmd_user(int argc, char **argv)
{
	const char *sub = argc > 2 ? argv[2] : "", *name = positional(argc, argv, 3);
	const char *role = opt(argc, argv, "--role", "admin"), *problem;
	char *pw = NULL, *hash = NULL;
	int rc = 2;

	load_or_die(argc, argv);
	if (!name) {
		usage();
		return 2;
	}
	if (!strcmp(sub, "del"))
		return exec_print("DELETE FROM users WHERE username = $1", 1,
				  (const char *[]){name}, "user deleted");
	if (strcmp(sub, "add") && strcmp(sub, "passwd")) {
		usage();
		return 2;
	}
	if (role_parse(role) == ROLE_NONE) {
		fprintf(stderr, "openattic: role must be admin, operator or viewer\n");
		return 2;
	}
	if (!(pw = read_password()) || (problem = auth_password_problem(name, pw))) {
		fprintf(stderr, "openattic: %s\n", pw ? problem : "no password given");
	} else if (!(hash = auth_hash_password(pw))) {
		fprintf(stderr, "openattic: cannot hash the password\n");
	} else if (!strcmp(sub, "add")) {
		rc = exec_print(
			"INSERT INTO users (username, password_hash, role) VALUES ($1, $2, $3) "
			"ON CONFLICT (username) DO UPDATE SET password_hash = $2, role = $3, "
			"disabled = false",
			3, (const char *[]){name, hash, role}, "user saved");
	} else {
		rc = exec_print("UPDATE users SET password_hash = $2, disabled = false "
				"WHERE username = $1",
				2, (const char *[]){name, hash}, "password changed");
	}
	free(pw);
	free(hash);
	return rc;
}

int
main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";

	openapi_setup(schema_tables);
	if (!strcmp(cmd, "serve")) {
		const char *path = opt(argc, argv, "-c", NULL);
		if (!path) {
			usage();
			return 2;
		}
		/* The areas do not include each other: the links between two are made here. */
		rgw_bucket_exports = nfs_bucket_exports;
		cephfs_fs_exports = nfs_fs_exports;
		return server_run(path, routes, task_kinds);
	}
	if (!strcmp(cmd, "migrate")) {
		load_or_die(argc, argv);
		return migrate_run(opt(argc, argv, "--sql-dir", SQLDIR)) == 0 ? 0 : 1;
	}
	if (!strcmp(cmd, "user"))
		return cmd_user(argc, argv);
	if (!strcmp(cmd, "openapi")) {
		char *error = NULL, *s;
		cJSON *doc = openapi_document(routes, &error);
		if (!doc) {
			fprintf(stderr, "openattic: the API document: %s\n", error);
			free(error);
			return 1;
		}
		s = cJSON_Print(doc);
		puts(s);
		free(s);
		cJSON_Delete(doc);
		return 0;
	}
	if (!strcmp(cmd, "version")) {
		puts(PACKAGE_STRING);
		return 0;
	}
	usage();
	return 2;
}
