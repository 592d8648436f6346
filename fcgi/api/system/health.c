/*
 * health.c - GET /api/health, unauthenticated, for load balancers and monitoring:
 * what this instance can reach: the database and salt-api (each really asked at most
 * once a second per process) and each cluster (from the shared view), so frequent
 * probes cost little. 200 even when degraded; 503 only when PostgreSQL is down,
 * since then nothing but this page works. An anonymous caller gets what API.md lists
 * (each cluster's fsid and status); a logged-in one also the cluster's name, why it
 * is unreachable, and the view's command count.
 */
#include "api/system/system.h"
#include "backends/ceph.h"
#include "backends/db.h"
#include "backends/salt.h"
#include "backends/view.h"
#include "core/resp.h"

#include <stdlib.h>

/* What a logged-in caller also sees of cluster c: why is NULL when it answered. */
static void
add_detail(cJSON *o, struct ceph *c, const char *why)
{
	cJSON_AddStringToObject(o, "name", c->conf->name);
	/* Monitor/manager commands this host sent for reads: the view's effect, visible. */
	cJSON_AddNumberToObject(o, "view_commands", (double)view_commands(c));
	if (why)
		cJSON_AddStringToObject(o, "error", why);
}

/*
 * Each cluster's health word, or "unreachable"; *all_ok cleared if one is unreachable.
 * With detail: its name, the reason, the view's monitor commands.
 */
static cJSON *
clusters_health(int detail, int *all_ok)
{
	cJSON *arr = cJSON_CreateArray();

	for (int i = 0; i < ceph_count(); i++) {
		struct ceph *c = ceph_at(i);
		cJSON *o = cJSON_CreateObject();
		char why[512];
		const cJSON *st = view_try(c, V_STATUS, why, sizeof(why));
		const char *h = st ? json_str(json_at(st, "health"), "status") : NULL;

		cJSON_AddStringToObject(o, "fsid", c->fsid);
		cJSON_AddStringToObject(o, "status", !st ? "unreachable" : h ? h : "UNKNOWN");
		*all_ok &= st != NULL;
		if (detail)
			add_detail(o, c, st ? NULL : why);
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

/* How long a probe's answer is reused by this process: probes stay cheap under load. */
#define PROBE_REUSE_MS 1000.0

/*
 * The database answers: a real query at most once a second per process; in between,
 * db_conn()'s check of the idle socket (a server that went away has closed it).
 */
static int
database_ok(void)
{
	static double checked;
	static int ok;
	PGresult *res;

	if (ok && now_ms() - checked < PROBE_REUSE_MS)
		return db_conn() != NULL;
	ok = db_exec(&res, "SELECT 1", 0, NULL) == 0;
	if (ok)
		PQclear(res);
	checked = now_ms();
	return ok;
}

/* "ok", "down" or "unconfigured"; salt-api is asked at most once a second per process. */
static const char *
salt_state(void)
{
	static double checked;
	static int ok;
	char err[256];

	if (!salt_configured())
		return "unconfigured";
	if (now_ms() - checked >= PROBE_REUSE_MS) {
		ok = salt_ping(err, sizeof(err)) == 0;
		checked = now_ms();
	}
	return ok ? "ok" : "down";
}

int
health_get(struct req *r)
{
	int db_ok = database_ok(), all_ok = 1;
	cJSON *j = cJSON_CreateObject(), *clusters = clusters_health(r->user.id != 0, &all_ok);

	cJSON_AddStringToObject(j, "status", db_ok && all_ok ? "ok" : "degraded");
	cJSON_AddStringToObject(j, "version", PACKAGE_VERSION);
	cJSON_AddStringToObject(j, "database", db_ok ? "ok" : "down");
	cJSON_AddItemToObject(j, "clusters", clusters);
	cJSON_AddStringToObject(j, "salt", salt_state());
	return resp_json(r, db_ok ? 200 : 503, j);
}
