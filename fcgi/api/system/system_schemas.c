/*
 * system_schemas.c - the component schemas of the system area's answers, in the notation of
 * server/schema.h, named by the route rows' answers (routes.c). The API tests check
 * every answer against them, so they say exactly what the handlers build.
 */
#include "api/system/system.h"

const struct schema_def system_schemas[] = {
	{"Health",
	 "{status: (ok|degraded), version: s, database: (ok|down), salt: (ok|down|unconfigured), "
	 "clusters: [{fsid: s, status: s, name?: s, view_commands?: i, error?: s}]}"},
	{NULL, NULL},
};
