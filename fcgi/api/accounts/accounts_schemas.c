/*
 * accounts_schemas.c - the component schemas of the accounts area's answers, in the notation of
 * server/schema.h, named by the route rows' answers (routes.c). The API tests check
 * every answer against them, so they say exactly what the handlers build.
 */
#include "api/accounts/accounts.h"

const struct schema_def accounts_schemas[] = {
	{"Role", "(admin|operator|viewer)"},
	{"User", "{username: s, role: Role, email: s?, disabled: b, created_at: t?, last_login_at: "
		 "t?, csrf_token?: s}"},
	{"Login", "{token: s, csrf_token: s, expires_at: t, user: {username: s, role: Role}}"},
	{"Token",
	 "{id: i, username: s, description: s, created_at: t?, expires_at: t?, last_used_at: t?}"},
	{"NewToken", "{id: i, username: s, description: s, created_at: t?, expires_at: t?, "
		     "last_used_at: t?, token: s}"},
	{NULL, NULL},
};
