/*
 * health.c - GET /api/health, unauthenticated, for load balancers and monitoring:
 * what this instance can reach. 200 even when degraded; 503 only when PostgreSQL is
 * down, since then nothing but this page works.
 */
#include "api.h"
#include "db.h"
#include "resp.h"

int
health_get(struct req *r)
{
	PGresult *res;
	int db_ok = db_exec(&res, "SELECT 1", 0, NULL) == 0;
	cJSON *j = cJSON_CreateObject();

	if (db_ok)
		PQclear(res);
	cJSON_AddStringToObject(j, "status", db_ok ? "ok" : "degraded");
	cJSON_AddStringToObject(j, "version", PACKAGE_VERSION);
	cJSON_AddStringToObject(j, "database", db_ok ? "ok" : "down");
	cJSON_AddArrayToObject(j, "clusters");
	cJSON_AddStringToObject(j, "salt", oa_config->salt_url ? "configured" : "unconfigured");
	return resp_json(r, db_ok ? 200 : 503, j);
}
