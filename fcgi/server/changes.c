/*
 * changes.c - a page of the task or audit list is reused by the worker that rendered
 * it while its table has not changed, so the dashboard's and the console's polls
 * cost no SQL. A kept page's stamp holds two counts, and a change to either makes it
 * stale:
 *   - what PostgreSQL announced (NOTIFY oa_tasks_changed / oa_audit_changed from the
 *     statement triggers of sql/006_list_notify.sql): every change, by any host or by
 *     hand in SQL, reaches every worker within milliseconds;
 *   - what this host's processes changed, counted in memory they share (the
 *     dispatcher after every write request, the runners after every task write):
 *     the announcement may still be on its way to another worker when the client that
 *     made the change asks again, and then this count has already moved.
 * Without a connection that LISTENs there is no stamp and nothing is kept. The first
 * count is this process's own, so a page is kept by the worker that made it only.
 */
#include "server/changes.h"
#include "backends/db.h"
#include "core/resp.h"
#include "core/util.h"

#include <stdatomic.h>
#include <stdio.h>

static _Atomic uint64_t *counts; /* [T_COUNT], shared by the host's processes */
static const char *const channels[T_COUNT] = {"oa_tasks_changed", "oa_audit_changed"};

int
changes_setup(void)
{
	counts = shared_alloc(sizeof(*counts) * T_COUNT, "the list change counts");
	return counts ? 0 : -1;
}

void
changes_note(enum table t)
{
	if (counts)
		atomic_fetch_add(&counts[t], 1);
}

static const char *
page_key(struct req *r, enum table t)
{
	return memo_key(r, req_own(r, xasprintf("%s %s", channels[t], r->path ? r->path : "")));
}

int
changes_respond(struct req *r, enum table t, uint64_t stamp[MEMO_STAMP])
{
	const char *body;

	stamp[0] = counts ? db_heard(channels[t]) : 0;
	stamp[1] = counts ? atomic_load(&counts[t]) : 0;
	stamp[2] = (uint64_t)t;
	stamp[3] = 0;
	if (!stamp[0] || !(body = memo_get(page_key(r, t), stamp, -1, 0)))
		return 0;
	return resp_text(r, 200, body);
}

void
changes_keep(struct req *r, const uint64_t stamp[MEMO_STAMP])
{
	if (stamp[0] && r->status == 200 && r->out)
		memo_put(page_key(r, (enum table)stamp[2]), stamp, r->out, 0);
}
