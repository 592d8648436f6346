/* auth.h - passwords, sessions, API tokens, CSRF and login throttling. */
#ifndef OA_AUTH_H
#define OA_AUTH_H

#include "core/config.h"
#include "core/req.h"

/* A new yescrypt hash of password (heap string), or NULL if libcrypt fails. */
char *auth_hash_password(const char *password);
/*
 * True if password matches the stored hash (constant time in the comparison). A NULL
 * hash checks against a dummy hash and is false: unknown users cost the same time.
 */
int auth_verify_password(const char *password, const char *hash);
/* NULL if password is acceptable for username, else what is wrong with it. */
const char *auth_password_problem(const char *username, const char *password);
/* Parses "admin" | "operator" | "viewer"; ROLE_NONE otherwise. */
enum role role_parse(const char *s);
const char *role_name(enum role r);

/*
 * Fills r->user from a bearer token or the oa_session cookie, if valid (expiry, idle
 * time, disabled users). Anonymous is not an error. Returns 0, or a status already
 * answered (503 when the database is down).
 */
int auth_identify(struct req *r);
/* For cookie sessions on a mutating request: the X-CSRF-Token must match. 0 or 403. */
int auth_check_csrf(struct req *r);

#endif
