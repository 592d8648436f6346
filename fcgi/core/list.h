/* list.h - the list envelope of API.md: offset, limit, sort, search. */
#ifndef OA_LIST_H
#define OA_LIST_H

#include "core/req.h"

/* A field a list may be sorted by, and the SQL expression it sorts on (NULL = none). */
struct sort_field {
	const char *name;
	const char *sql;
};

/*
 * What a list route accepts, in its route row (so the OpenAPI document shows it): the
 * sort fields (NULL-name terminated), the default sort ("-created_at" descends) and the
 * fields ?search= looks in (NULL-terminated; NULL when the handler searches itself).
 */
struct list_spec {
	const struct sort_field *sort;
	const char *def;
	const char *const *search;
};

struct list_params {
	long offset, limit;
	const struct sort_field *sort; /* the chosen field */
	int desc;                      /* sort=-field */
	const char *search;            /* NULL when absent */
	int total_exact;               /* 0: the total is an estimate (db_list) */
};

/*
 * Reads ?offset, ?limit (1..1000, default 50), ?sort (one of the route row's list
 * spec's fields, its default when absent, "-name" descends) and ?search. Returns 0,
 * or 400 already answered (500 for a route without a list spec: a bug).
 */
int list_parse(struct req *r, struct list_params *lp);
/* "ORDER BY <sql> ASC|DESC" for lp, as a string owned by r. */
const char *list_order_sql(struct req *r, const struct list_params *lp, const char *tiebreak);
/*
 * Answers 200 {"items","total","offset","limit"} (and "total_exact": false when lp says
 * the total is an estimate); takes ownership of items.
 */
int resp_list(struct req *r, cJSON *items, long total, const struct list_params *lp);
/*
 * Answers a list held in memory (Ceph-backed): keeps the items where search is a
 * case-insensitive substring of one of the list spec's search fields, sorts by lp's
 * field (its sql is a dotted JSON path, e.g. "stats.used"), pages. Takes ownership of
 * items.
 */
int list_array(struct req *r, cJSON *items, const struct list_params *lp);
/* list_array for items the caller keeps until the request ends (built in req_doc). */
int list_page(struct req *r, const cJSON *items, const struct list_params *lp);
/* offset and limit as decimal strings owned by r, for SQL parameters. */
const char *list_offset_str(struct req *r, const struct list_params *lp);
const char *list_limit_str(struct req *r, const struct list_params *lp);

#endif
