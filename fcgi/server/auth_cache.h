/* auth_cache.h - this worker's memory of who a token is, dropped by NOTIFY oa_auth. */
#ifndef OA_AUTH_CACHE_H
#define OA_AUTH_CACHE_H

#include <stdint.h>

#include "core/req.h"

/*
 * 1 with *user filled if token (seen through the cookie or not) was identified here
 * before and nothing since said it may have changed; 0 to ask PostgreSQL.
 */
int auth_cache_get(const char *token, int via_cookie, struct caller *user);
/* Remembers who token is until until_ms (now_ms_int's clock), unless not listening. */
void auth_cache_put(const char *token, const struct caller *user, int64_t until_ms);

#endif
