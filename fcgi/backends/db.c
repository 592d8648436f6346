/*
 * db.c - each process (worker or runner) owns one PGconn, made lazily after fork
 * and reused. Before each statement the socket is polled: a server that restarted
 * has closed it, and we reconnect before sending instead of failing the request. A
 * statement never runs twice: if the connection breaks while it runs, the caller
 * gets -ENOTCONN (503) and the next call reconnects. SQLSTATEs map to errnos here
 * and nowhere else. Each distinct SQL text is prepared once per connection (named
 * oa_1, oa_2, ...) and then only bound and executed: PostgreSQL skips parsing and
 * analysis, and keeps choosing custom or generic plans itself. The cache lives and
 * dies with the connection; past STMT_MAX texts, statements run unprepared.
 */
#include "backends/db.h"
#include "core/json.h"
#include "core/list.h"
#include "core/log.h"
#include "core/resp.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static PGconn *db;
static char db_errmsg[512];
static long db_gen;

/*
 * The channels db_heard was asked about: LISTENed on each new connection, each with a
 * count of what arrived on it. A new connection counts one more on every channel (it
 * may have missed notifications), so a count never comes back to a value it had.
 */
#define CHANNELS 4
static struct {
	char name[64];
	uint64_t heard;
	long listening; /* the connection generation LISTEN was sent on; 0: not */
} chan[CHANNELS];
static int nchan;

/* The statements prepared on db: SQL text, its hash, and the number in its name. */
#define STMT_MAX 128
struct stmt {
	char *sql;
	unsigned long hash;
	int id;
};
static struct stmt stmts[STMT_MAX];
static int nstmts, stmt_next_id;

static void
set_error(const char *msg)
{
	snprintf(db_errmsg, sizeof(db_errmsg), "%s", msg ? msg : "unknown error");
	db_errmsg[strcspn(db_errmsg, "\n")] = '\0';
}

const char *
db_error(void)
{
	return db_errmsg;
}

PGconn *
db_connect_new(void)
{
	char timeout[16], options[64];
	const char *keys[] = {"dbname",   "connect_timeout",  "options",
			      "password", "application_name", NULL};
	const char *vals[] = {oa_config->db_conninfo, timeout,     options,
			      oa_config->db_password, "openattic", NULL};
	PGconn *c;

	snprintf(timeout, sizeof(timeout), "%ld", oa_config->db_connect_timeout_s);
	snprintf(options, sizeof(options), "-c statement_timeout=%ld",
		 oa_config->db_statement_timeout_ms);
	c = PQconnectdbParams(keys, vals, 1);
	if (PQstatus(c) != CONNECTION_OK) {
		set_error(PQerrorMessage(c));
		PQfinish(c);
		return NULL;
	}
	return c;
}

/* Counts the notifications that arrived on c per channel (others only woke us). */
static int
take_notifications(PGconn *c)
{
	PGnotify *n;
	int got = 0;

	for (; (n = PQnotifies(c)); got++) {
		for (int i = 0; i < nchan; i++)
			if (!strcmp(chan[i].name, n->relname))
				chan[i].heard++;
		PQfreemem(n);
	}
	return got;
}

/*
 * True if the server closed our idle connection (restart, admin kill). A server that
 * goes away sends its FATAL message and then closes: the two may arrive as separate
 * reads, so keep reading while the socket has something; what was only notifications
 * is not waited after.
 */
static int
conn_dropped(PGconn *c)
{
	struct pollfd p = {.fd = PQsocket(c), .events = POLLIN};
	int notified = 0;

	if (PQstatus(c) != CONNECTION_OK || p.fd < 0)
		return 1;
	for (int i = 0; i < 4 && poll(&p, 1, i && !notified ? 5 : 0) > 0; i++) {
		/* Readable while idle: a notice, a notification, or the end. */
		if (!PQconsumeInput(c) || PQstatus(c) != CONNECTION_OK)
			return 1;
		notified = take_notifications(c) > 0;
	}
	return 0;
}

/* Forgets the prepared statements (the connection that held them is gone or reset). */
static void
stmts_forget(void)
{
	for (int i = 0; i < nstmts; i++)
		free(stmts[i].sql);
	nstmts = 0;
}

PGconn *
db_conn(void)
{
	if (db && conn_dropped(db)) {
		log_warn("database connection lost, reconnecting");
		db_close();
	}
	if (!db) {
		if ((db = db_connect_new()))
			db_gen++;
		else
			log_err("cannot connect to database: %s", db_errmsg);
	}
	return db;
}

long
db_generation(void)
{
	return db_gen;
}

static int
channel_of(const char *name)
{
	for (int i = 0; i < nchan; i++)
		if (!strcmp(chan[i].name, name))
			return i;
	if (nchan == CHANNELS || strlen(name) >= sizeof(chan[0].name))
		return -1;
	snprintf(chan[nchan].name, sizeof(chan[nchan].name), "%s", name);
	chan[nchan].heard = 1;
	return nchan++;
}

uint64_t
db_heard(const char *channel)
{
	PGconn *c = db_conn(); /* reads what arrived (conn_dropped) */
	int i = channel_of(channel);
	PGresult *res;
	char sql[96];

	if (!c || i < 0)
		return 0;
	if (chan[i].listening != db_gen) {
		snprintf(sql, sizeof(sql), "LISTEN %s", chan[i].name);
		res = PQexec(c, sql);
		if (PQresultStatus(res) != PGRES_COMMAND_OK) {
			PQclear(res);
			return 0;
		}
		PQclear(res);
		chan[i].listening = db_gen;
		chan[i].heard++;
	}
	take_notifications(c);
	return chan[i].heard;
}

void
db_close(void)
{
	if (db)
		PQfinish(db);
	db = NULL;
	stmts_forget();
}

static int
sqlstate_errno(const char *st)
{
	if (!st)
		return -ENOTCONN;
	if (!strcmp(st, "23505"))
		return -EEXIST;
	if (!strcmp(st, "57014"))
		return -ETIMEDOUT;
	if (!strncmp(st, "08", 2) || !strncmp(st, "57P", 3) || !strcmp(st, "53300"))
		return -ENOTCONN;
	if (!strncmp(st, "22", 2) || !strncmp(st, "23", 2))
		return -EINVAL;
	return -EIO;
}

static unsigned long
sql_hash(const char *s)
{
	unsigned long h = 5381;

	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h;
}

/*
 * The prepared statement for sql: found, or prepared now (*err then holds a failed
 * PQprepare's result for the caller). NULL without *err when the cache is full.
 */
static const struct stmt *
stmt_get(PGconn *c, const char *sql, PGresult **err)
{
	unsigned long h = sql_hash(sql);
	char name[24];
	PGresult *res;

	*err = NULL;
	for (int i = 0; i < nstmts; i++)
		if (stmts[i].hash == h && !strcmp(stmts[i].sql, sql))
			return &stmts[i];
	if (nstmts == STMT_MAX)
		return NULL;
	snprintf(name, sizeof(name), "oa_%d", ++stmt_next_id);
	res = PQprepare(c, name, sql, 0, NULL);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		*err = res;
		return NULL;
	}
	PQclear(res);
	stmts[nstmts] = (struct stmt){xstrdup(sql), h, stmt_next_id};
	return &stmts[nstmts++];
}

/*
 * A statement someone deallocated (26000), or whose result columns changed under it
 * (0A000, "cached plan must not change result type"): start the cache afresh.
 */
static int
stmt_stale(const char *st)
{
	return st && (!strcmp(st, "26000") || !strcmp(st, "0A000"));
}

/*
 * Set while db_list asks for an estimate: EXPLAIN planned with the parameters given (a
 * prepared statement's generic plan estimates for any value).
 */
static int plan_each;

/* Runs sql as a prepared statement when it can; the result may be an error or NULL. */
static PGresult *
run(PGconn *c, const char *sql, int n, const char *const *params)
{
	const struct stmt *s;
	PGresult *err = NULL;
	char name[24];

	if (plan_each || !(s = stmt_get(c, sql, &err)))
		return err ? err : PQexecParams(c, sql, n, NULL, params, NULL, NULL, 0);
	snprintf(name, sizeof(name), "oa_%d", s->id);
	return PQexecPrepared(c, name, n, params, NULL, NULL, 0);
}

int
db_exec(PGresult **out, const char *sql, int n, const char *const *params)
{
	PGconn *c = db_conn();
	PGresult *res;
	ExecStatusType st;
	int rc;

	*out = NULL;
	if (!c)
		return -ENOTCONN;
	res = run(c, sql, n, params);
	st = PQresultStatus(res);
	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
		*out = res;
		return 0;
	}
	set_error(res ? PQresultErrorMessage(res) : PQerrorMessage(c));
	rc = PQstatus(c) != CONNECTION_OK
		     ? -ENOTCONN
		     : sqlstate_errno(PQresultErrorField(res, PG_DIAG_SQLSTATE));
	if (stmt_stale(PQresultErrorField(res, PG_DIAG_SQLSTATE)) && PQstatus(c) == CONNECTION_OK) {
		PQclear(PQexec(c, "DEALLOCATE ALL"));
		stmts_forget();
	}
	PQclear(res);
	if (PQstatus(c) != CONNECTION_OK)
		db_close();
	return rc;
}

static void
clear_result(void *p)
{
	PQclear(p);
}

int
resp_db_error(struct req *r, int rc)
{
	if (rc == -ENOTCONN || rc == -ETIMEDOUT) {
		log_err("database unavailable on %s %s: %s", r->method, r->path, db_errmsg);
		return resp_error(r, 503, "database_unavailable", NULL,
				  "the database is unavailable; try again shortly");
	}
	if (rc == -EEXIST)
		return resp_error(r, 409, "exists", NULL, "it already exists");
	return resp_internal(r, "database: %s", db_errmsg);
}

PGresult *
db_req(struct req *r, const char *sql, int n, const char *const *params)
{
	PGresult *res;
	int rc = db_exec(&res, sql, n, params);

	if (rc < 0) {
		resp_db_error(r, rc);
		return NULL;
	}
	req_defer(r, clear_result, res);
	return res;
}

const char *
db_str(const PGresult *res, int row, int col)
{
	return PQgetisnull(res, row, col) ? NULL : PQgetvalue(res, row, col);
}

long
db_long(const PGresult *res, int row, int col)
{
	return PQgetisnull(res, row, col) ? 0 : strtol(PQgetvalue(res, row, col), NULL, 10);
}

int
db_bool(const PGresult *res, int row, int col)
{
	return !PQgetisnull(res, row, col) && PQgetvalue(res, row, col)[0] == 't';
}

void
db_where_init(struct db_where *w, const char *from)
{
	buf_init(&w->sql);
	buf_printf(&w->sql, "%s WHERE true", from);
	w->n = 0;
}

void
db_where_add(struct db_where *w, const char *cond, const char *value)
{
	if (!value || w->n == DB_WHERE_MAX)
		return;
	w->params[w->n++] = value;
	buf_puts(&w->sql, " AND ");
	for (const char *c = cond; *c; c++)
		if (*c == '$')
			buf_printf(&w->sql, "$%d", w->n);
		else
			buf_add(&w->sql, c, 1);
}

void
db_where_release(struct db_where *w)
{
	buf_free(&w->sql);
}

/* db_req planned with its parameters (plan_each). */
static PGresult *
req_planned(struct req *r, const char *sql, int n, const char *const *params)
{
	PGresult *res;

	plan_each = 1;
	res = db_req(r, sql, n, params);
	plan_each = 0;
	return res;
}

/*
 * The total of a list whose page did not tell it: counted up to COUNT_EXACT_MAX rows
 * (an index walk of at most that many entries), beyond that the planner's estimate,
 * with *exact cleared. A count of every match would read a million audit rows for each
 * page of 50. 0, or the status answered.
 */
static int
count_total(struct req *r, const char *from_where, int n, const char *const *params, long *total,
	    int *exact)
{
	char *sql = req_own(r, xasprintf("SELECT count(*) FROM (SELECT 1 FROM %s LIMIT %d) s",
					 from_where, COUNT_EXACT_MAX + 1));
	PGresult *res;
	cJSON *plan;

	if (!(res = db_req(r, sql, n, params)))
		return r->status;
	*total = db_long(res, 0, 0);
	*exact = *total <= COUNT_EXACT_MAX;
	if (*exact)
		return 0;
	sql = req_own(r, xasprintf("EXPLAIN (FORMAT JSON) SELECT 1 FROM %s", from_where));
	if (!(res = req_planned(r, sql, n, params)))
		return r->status;
	plan = req_own_json(r, cJSON_Parse(db_str(res, 0, 0) ?: ""));
	*total = (long)jnum(cJSON_GetArrayItem(plan, 0), "Plan.Plan Rows");
	if (*total <= COUNT_EXACT_MAX)
		*total = COUNT_EXACT_MAX + 1;
	return 0;
}

/*
 * A page's query. Deep in a list it is a deferred join: OFFSET reads and drops every row
 * before the page, each with its columns computed (an audit row's request::text), so the
 * page's keys are found first, from the ordering index alone, and only its rows are read
 * (1,000,000 audit rows, offset 5,000: 9.3 ms -> 2.6 ms; filtered by user 14.9 -> 6.2).
 * Near the start the plain query is cheaper (offset 0: 0.19 against 0.31 ms; even at 300).
 */
#define DEFER_FROM_OFFSET 300

static char *
page_sql(struct req *r, const char *cols, const char *from_where, const struct list_params *lp,
	 const char *tiebreak, int n)
{
	const char *order = list_order_sql(r, lp, tiebreak);

	if (lp->offset < DEFER_FROM_OFFSET)
		return xasprintf("SELECT %s FROM %s %s LIMIT $%d OFFSET $%d", cols, from_where,
				 order, n + 1, n + 2);
	return xasprintf("SELECT %s FROM %s AND %s = ANY(ARRAY(SELECT %s FROM %s %s LIMIT $%d "
			 "OFFSET $%d)) %s",
			 cols, from_where, tiebreak, tiebreak, from_where, order, n + 1, n + 2,
			 order);
}

int
db_list(struct req *r, const char *cols, const char *from_where, int n, const char *const *params,
	struct list_params *lp, const char *tiebreak, db_row_fn *fn)
{
	const char **p = xcalloc((size_t)n + 2, sizeof(*p));
	char *sql;
	PGresult *res;
	cJSON *items;
	long total = 0;
	int rows, rc;

	req_defer(r, free, p);
	memcpy(p, params, sizeof(*p) * (size_t)n);
	p[n] = list_limit_str(r, lp);
	p[n + 1] = list_offset_str(r, lp);
	sql = req_own(r, page_sql(r, cols, from_where, lp, tiebreak, n));
	if (!(res = db_req(r, sql, n + 2, p)))
		return r->status;
	rows = PQntuples(res);
	lp->total_exact = 1;
	/* A short page that is not past the end ends the list: it tells the total. */
	if (rows < lp->limit && (rows > 0 || lp->offset == 0))
		total = lp->offset + rows;
	else if ((rc = count_total(r, from_where, n, params, &total, &lp->total_exact)) != 0)
		return rc;
	items = cJSON_CreateArray();
	for (int i = 0; i < rows; i++)
		cJSON_AddItemToArray(items, fn(res, i));
	return resp_list(r, items, total, lp);
}
