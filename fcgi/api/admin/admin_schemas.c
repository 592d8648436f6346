/*
 * admin_schemas.c - the component schemas of the admin area's answers, in the notation of
 * server/schema.h, named by the route rows' answers (routes.c). The API tests check
 * every answer against them, so they say exactly what the handlers build.
 */
#include "api/admin/admin.h"

const struct schema_def admin_schemas[] = {
	{"Task",
	 "{id: i, kind: s, state: (queued|running|succeeded|failed|cancelled), progress: "
	 "i, message: s, target: {...}?, result: {...}?, error: {code: s, message: s, ...}?, "
	 "created_by: s, created_at: t?, started_at: t?, finished_at: t?}"},
	{"AuditRecord", "{id: i, at: t, user: s?, client: s?, method: s, path: s, status: i?, "
			"duration_ms: n?, request: any, task_id: i?}"},
	{NULL, NULL},
};
