/*
 * migrate.c - the schema is the numbered files in sql/. Each is applied in one
 * transaction together with its row in schema_migrations, under an advisory lock so
 * two hosts migrating at once do not race; applied versions are skipped.
 */
#include "server/migrate.h"
#include "backends/db.h"
#include "core/log.h"
#include "core/util.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
is_migration(const struct dirent *d)
{
	const char *n = d->d_name;
	size_t len = strlen(n);

	return len > 8 && isdigit((unsigned char)n[0]) && isdigit((unsigned char)n[1]) &&
	       isdigit((unsigned char)n[2]) && n[3] == '_' && !strcmp(n + len - 4, ".sql");
}

static char *
read_file(const char *path)
{
	struct buf b;
	char chunk[8192];
	size_t n;
	FILE *f = fopen(path, "r");

	if (!f)
		return NULL;
	buf_init(&b);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	return b.data;
}

static int
exec_simple(PGconn *c, const char *sql, const char *what)
{
	PGresult *res = PQexec(c, sql);
	int ok = PQresultStatus(res) == PGRES_COMMAND_OK || PQresultStatus(res) == PGRES_TUPLES_OK;

	if (!ok)
		log_err("migration %s failed: %s", what, PQresultErrorMessage(res));
	PQclear(res);
	return ok ? 0 : -1;
}

static int
applied(PGconn *c, const char *version)
{
	const char *p[] = {version};
	PGresult *res = PQexecParams(c, "SELECT 1 FROM schema_migrations WHERE version = $1", 1,
				     NULL, p, NULL, NULL, 0);
	int yes = PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) > 0;

	PQclear(res);
	return yes;
}

static int
apply_one(PGconn *c, const char *dir, const char *name)
{
	char version[4], *path = xasprintf("%s/%s", dir, name), *sql;
	const char *p[2] = {version, name};
	PGresult *res;
	int rc = -1;

	memcpy(version, name, 3);
	version[3] = '\0';
	if (applied(c, version)) {
		free(path);
		return 0;
	}
	if (!(sql = read_file(path))) {
		log_err("cannot read migration '%s': %s", path, strerror(errno));
		free(path);
		return -1;
	}
	if (exec_simple(c, "BEGIN", name) == 0 && exec_simple(c, sql, name) == 0) {
		res = PQexecParams(c,
				   "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
				   2, NULL, p, NULL, NULL, 0);
		if (PQresultStatus(res) == PGRES_COMMAND_OK)
			rc = exec_simple(c, "COMMIT", name);
		PQclear(res);
	}
	if (rc < 0)
		exec_simple(c, "ROLLBACK", name);
	else
		log_info("applied migration %s", name);
	free(sql);
	free(path);
	return rc;
}

int
migrate_run(const char *dir)
{
	struct dirent **list;
	PGconn *c = db_conn();
	int n, rc = 0;

	if (!c)
		return -1;
	if ((n = scandir(dir, &list, is_migration, alphasort)) < 0) {
		log_err("cannot read migrations directory '%s': %s", dir, strerror(errno));
		return -1;
	}
	if (exec_simple(c, "SELECT pg_advisory_lock(7262001)", "lock") < 0 ||
	    exec_simple(c,
			"CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, "
			"name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())",
			"schema_migrations") < 0)
		rc = -1;
	for (int i = 0; i < n; i++) {
		if (rc == 0 && apply_one(c, dir, list[i]->d_name) < 0)
			rc = -1;
		free(list[i]);
	}
	free(list);
	exec_simple(c, "SELECT pg_advisory_unlock(7262001)", "unlock");
	return rc;
}
