/* accounts.h - sessions, users and API tokens: the handlers and what they share. */
#ifndef OA_ACCOUNTS_H
#define OA_ACCOUNTS_H

#include "core/json.h"
#include "core/list.h"
#include "core/req.h"
#include "server/schema.h"

/* sessions.c */
int sessions_login(struct req *r);
int sessions_logout(struct req *r);
int sessions_me(struct req *r);
extern const struct field_spec sessions_login_body[];
/* users.c */
int users_list(struct req *r);
int users_create(struct req *r);
int users_get(struct req *r);
int users_patch(struct req *r);
int users_delete(struct req *r);
/* Answers with the user object of username (404 if none). Returns the status. */
int users_respond(struct req *r, const char *username, int status);
/* The user as JSON, or NULL with the error response made. */
cJSON *users_json(struct req *r, const char *username);
extern const struct field_spec users_create_body[], users_patch_body[];
/* tokens.c */
int tokens_list(struct req *r);
int tokens_create(struct req *r);
int tokens_delete(struct req *r);
extern const struct field_spec tokens_create_body[];

/*
 * login_guard.c: the throttling of password guesses (logins, a password change's
 * old_password). check: 0 if the caller may try username's password now, else 429
 * answered. failed: records a wrong password (0, or the status answered). passed: a
 * right one: clears the pair's failures and gives the client a device cookie.
 */
int login_guard_check(struct req *r, const char *username);
int login_guard_failed(struct req *r, const char *username);
int login_guard_passed(struct req *r, const char *username);

/* What the route rows name: list specs, query parameters, the component schemas. */
extern const struct list_spec tokens_list_spec, users_list_spec;
extern const struct schema_def accounts_schemas[];

#endif
