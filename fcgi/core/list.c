/*
 * list.c - every collection endpoint pages, sorts and searches the same way: the
 * query parameters are read and checked here, and the envelope is written here.
 * Sort fields come from a per-endpoint whitelist, so the SQL they become is ours.
 */
#include "core/list.h"
#include "core/json.h"
#include "core/resp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
list_parse(struct req *r, struct list_params *lp)
{
	const char *v, *s;

	memset(lp, 0, sizeof(*lp));
	lp->total_exact = 1;
	if (!r->list)
		return resp_internal(r, "route %s has no list spec", r->path);
	lp->limit = 50;
	if ((v = req_query(r, "offset")) && parse_long(v, 0, 1L << 40, &lp->offset) < 0)
		return resp_error(r, 400, "invalid_parameter", "offset",
				  "offset must be an integer >= 0");
	if ((v = req_query(r, "limit")) && parse_long(v, 1, 1000, &lp->limit) < 0)
		return resp_error(r, 400, "invalid_parameter", "limit",
				  "limit must be an integer from 1 to 1000");
	s = (v = req_query(r, "sort")) && *v ? v : r->list->def;
	lp->desc = s[0] == '-';
	if (s[0] == '-' || s[0] == '+')
		s++;
	for (const struct sort_field *f = r->list->sort; f->name; f++)
		if (!strcmp(f->name, s))
			lp->sort = f;
	if (!lp->sort)
		return resp_error(r, 400, "invalid_sort", "sort", "cannot sort by '%s'", s);
	if ((v = req_query(r, "search")) && *v)
		lp->search = v;
	return 0;
}

const char *
list_order_sql(struct req *r, const struct list_params *lp, const char *tiebreak)
{
	const char *dir = lp->desc ? "DESC" : "ASC";

	return req_own(r, xasprintf("ORDER BY %s %s NULLS LAST, %s %s", lp->sort->sql, dir,
				    tiebreak, dir));
}

const char *
list_offset_str(struct req *r, const struct list_params *lp)
{
	return req_own(r, xasprintf("%ld", lp->offset));
}

const char *
list_limit_str(struct req *r, const struct list_params *lp)
{
	return req_own(r, xasprintf("%ld", lp->limit));
}

int
resp_list(struct req *r, cJSON *items, long total, const struct list_params *lp)
{
	cJSON *j = cJSON_CreateObject();

	cJSON_AddItemToObject(j, "items", items);
	cJSON_AddNumberToObject(j, "total", (double)total);
	cJSON_AddNumberToObject(j, "offset", (double)lp->offset);
	cJSON_AddNumberToObject(j, "limit", (double)lp->limit);
	if (!lp->total_exact)
		cJSON_AddFalseToObject(j, "total_exact");
	return resp_json(r, 200, j);
}

/* Orders values of mixed type: numbers, then strings, booleans; missing and null last. */
static int
value_cmp(const cJSON *a, const cJSON *b)
{
	int ra = !a || cJSON_IsNull(a), rb = !b || cJSON_IsNull(b);

	if (ra || rb)
		return ra - rb;
	if (cJSON_IsNumber(a) && cJSON_IsNumber(b))
		return (a->valuedouble > b->valuedouble) - (a->valuedouble < b->valuedouble);
	if (cJSON_IsString(a) && cJSON_IsString(b))
		return strcmp(a->valuestring, b->valuestring);
	if (cJSON_IsBool(a) && cJSON_IsBool(b))
		return cJSON_IsTrue(a) - cJSON_IsTrue(b);
	return cJSON_IsNumber(a) ? -1 : 1;
}

static int
item_cmp(const void *x, const void *y, void *arg)
{
	const struct list_params *lp = arg;
	const cJSON *a = *(cJSON *const *)x, *b = *(cJSON *const *)y;
	const cJSON *va = json_at(a, lp->sort->sql), *vb = json_at(b, lp->sort->sql);
	int c = value_cmp(va, vb);

	if (lp->desc && va && vb && !cJSON_IsNull(va) && !cJSON_IsNull(vb))
		c = -c;
	return c;
}

static int
matches(const cJSON *item, const char *search, const char *const *fields)
{
	for (; fields && *fields; fields++) {
		const cJSON *v = json_at(item, *fields);
		if (cJSON_IsString(v) && strcasestr(v->valuestring, search))
			return 1;
	}
	return 0;
}

int
list_page(struct req *r, const cJSON *items, const struct list_params *lp)
{
	const char *const *search_fields = r->list ? r->list->search : NULL;
	int n = cJSON_GetArraySize(items), kept = 0;
	cJSON **v = xcalloc((size_t)n + 1, sizeof(*v)), *it, *page = cJSON_CreateArray();

	cJSON_ArrayForEach(it, items)
		if (!lp->search || (search_fields && matches(it, lp->search, search_fields)))
			v[kept++] = it;
	qsort_r(v, (size_t)kept, sizeof(*v), item_cmp, (void *)lp);
	for (long i = lp->offset; i < kept && i < lp->offset + lp->limit; i++)
		cJSON_AddItemReferenceToArray(page, v[i]);
	/* The page holds references: render it before the items go, once it is written
	 * (a page of 50 pools is ~2,000 nodes: their frees were a quarter of the list's
	 * own time). */
	resp_list(r, page, kept, lp);
	free(v);
	return r->status;
}

int
list_array(struct req *r, cJSON *items, const struct list_params *lp)
{
	list_page(r, items, lp);
	req_own_json(r, items);
	return r->status;
}
