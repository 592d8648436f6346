/* auth.h - passwords, sessions, API tokens, CSRF and the cookies that carry them. */
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
/* Whether token has the shape of the tokens we issue ([A-Za-z0-9_], 1-200). */
int auth_token_ok(const char *token);

/*
 * Cookies: Secure when the request came over HTTPS (REQUEST_SCHEME) or [auth]
 * cookie_secure forces it (TLS ended before nginx); a Secure cookie is named with the
 * __Host- prefix (Path=/, no Domain: a sibling host cannot set or shadow it). Always
 * HttpOnly and SameSite=Strict. auth_cookie reads name under either name.
 */
int auth_cookie_secure(const struct req *r);
const char *auth_cookie(struct req *r, const char *name);
/* Sets cookie name to value for max_age_s seconds; an empty value with 0 deletes it. */
void auth_set_cookie(struct req *r, const char *name, const char *value, long max_age_s);

#endif
