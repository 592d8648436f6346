/* db.h - this process's PostgreSQL connection: lazy, checked before use, re-established. */
#ifndef OA_DB_H
#define OA_DB_H

#include <libpq-fe.h>

#include "core/config.h"
#include "core/list.h"
#include "core/req.h"
#include "core/util.h"

/* The live connection, connecting or reconnecting as needed; NULL if the server is down. */
PGconn *db_conn(void);
/* A new connection of its own (for a second thread); NULL if the server is down. */
PGconn *db_connect_new(void);
void db_close(void);
/* Counts connections made, so a caller can tell its session state (LISTEN) was lost. */
long db_generation(void);
/*
 * A count of the notifications this process heard on channel (LISTENed from the first
 * call on, and again on every new connection, which counts one more): a caller keeps
 * what it derived under one count and trusts it while the count is the same. No round
 * trip (what arrived is read without waiting), except the LISTEN. 0 while there is no
 * connection or the LISTEN failed: trust nothing then. At most 4 channels a process.
 */
uint64_t db_heard(const char *channel);
/*
 * Runs sql with text parameters (NULL = SQL NULL). Returns 0 with *out set (caller
 * PQclears it), or: -ENOTCONN server down or connection lost, -ETIMEDOUT statement
 * timeout, -EEXIST unique violation, -EINVAL bad value for a column, -EIO anything else.
 * db_error() then tells what.
 */
int db_exec(PGresult **out, const char *sql, int n, const char *const *params);
/* The message of the last failure. */
const char *db_error(void);
/*
 * db_exec for a handler: the result is released with the request; on failure the
 * error response is already written (503 when the database is unavailable) and NULL
 * is returned, so the handler returns r->status.
 */
PGresult *db_req(struct req *r, const char *sql, int n, const char *const *params);
/* Maps a db_exec error to a response; returns the status. */
int resp_db_error(struct req *r, int rc);

/* Cell helpers: a string (NULL for SQL NULL), a long (0 for NULL), a bool. */
const char *db_str(const PGresult *res, int row, int col);
long db_long(const PGresult *res, int row, int col);
int db_bool(const PGresult *res, int row, int col);

/* Turns row of a result into the JSON item of a list. */
typedef cJSON *db_row_fn(const PGresult *res, int row);
/*
 * The FROM and WHERE of a filtered list with only the filters given, so the statement
 * of each combination is prepared with a plan that uses its index ("username = $1"
 * can; the generic plan of "$1 IS NULL OR username = $1" cannot).
 */
#define DB_WHERE_MAX 8
struct db_where {
	struct buf sql;
	const char *params[DB_WHERE_MAX];
	int n;
};
/* Starts with from ("audit a"); db_where_release frees it (after db_list). */
void db_where_init(struct db_where *w, const char *from);
/*
 * Adds "AND cond" when value is not NULL: each '$' of cond is value's placeholder
 * ("a.username = $", "a.method = upper($)"). value must outlive the query.
 */
void db_where_add(struct db_where *w, const char *cond, const char *value);
void db_where_release(struct db_where *w);
/* Up to this many matches a list's total is counted; beyond it is the planner's estimate. */
#define COUNT_EXACT_MAX 1000
/*
 * Answers a list from PostgreSQL: SELECT cols FROM from_where (with $1..$n bound to
 * params), ordered by lp and tiebreak, paged by lp, each row through fn. from_where
 * ends with its WHERE clause (db_where makes one), and tiebreak is the table's unique
 * key: a page deep in the list is found by its keys first (db.c page_sql). The total is
 * exact up to COUNT_EXACT_MAX matches, an estimate beyond (lp->total_exact cleared,
 * the answer says "total_exact": false).
 */
int db_list(struct req *r, const char *cols, const char *from_where, int n,
	    const char *const *params, struct list_params *lp, const char *tiebreak, db_row_fn *fn);
#endif
