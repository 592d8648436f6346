/*
 * auth_cache.c - who a token is, remembered by this worker, so that an authenticated
 * read costs no PostgreSQL round trip. An entry is keyed by the SHA-256 of the token
 * (this process never keeps a token itself) and lives until the time auth.c gives it:
 * at most a minute (so a session's last_seen_at and a token's last_used_at are written
 * as before, once a minute), never past the session's or token's expiry. Anything that could make
 * an entry wrong -- a session or token deleted (logout, revoke, purge) or changed, a user's role,
 * password, name or disabled flag changed, a user deleted -- makes PostgreSQL send NOTIFY oa_auth
 * (triggers of sql/005_auth_notify.sql, so no code path can forget it), and every worker of every
 * host drops its whole cache at its next request. A worker whose connection is new (LISTEN lost) or
 * gone trusts nothing it remembers.
 */
#include "server/auth_cache.h"
#include "backends/db.h"
#include "core/log.h"
#include "core/util.h"

#include <openssl/sha.h>
#include <stdio.h>
#include <string.h>

#define SLOTS 256

struct entry {
	unsigned char key[SHA256_DIGEST_LENGTH];
	struct caller user;
	int64_t until_ms; /* 0: empty */
};

static struct entry cache[SLOTS];
static uint64_t heard; /* db_heard("oa_auth") when the entries were made; 0: none */

/*
 * Whether the cache may be used now: the connection is up and LISTENs, and what it
 * heard since the entries were made is applied (all of them dropped). 0 when
 * PostgreSQL is not there (the caller asks it, and answers 503 as before).
 */
static int
sync_notifications(void)
{
	uint64_t now = db_heard("oa_auth");

	if (now != heard)
		memset(cache, 0, sizeof(cache));
	heard = now;
	return now != 0;
}

/* The key of token as seen through a cookie or a bearer header (CSRF differs). */
static void
key_of(const char *token, int via_cookie, unsigned char *key)
{
	char buf[256];
	int n = snprintf(buf, sizeof(buf), "%c%s", via_cookie ? 'c' : 'b', token);

	SHA256((const unsigned char *)buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1,
	       key);
}

static struct entry *
slot_of(const unsigned char *key)
{
	unsigned idx;

	memcpy(&idx, key, sizeof(idx));
	return &cache[idx % SLOTS];
}

int
auth_cache_get(const char *token, int via_cookie, struct caller *user)
{
	unsigned char key[SHA256_DIGEST_LENGTH];
	struct entry *e;

	if (!sync_notifications())
		return 0;
	key_of(token, via_cookie, key);
	e = slot_of(key);
	if (!e->until_ms || now_ms_int() >= e->until_ms || memcmp(e->key, key, sizeof(key)))
		return 0;
	*user = e->user;
	return 1;
}

void
auth_cache_put(const char *token, const struct caller *user, int64_t until_ms)
{
	unsigned char key[SHA256_DIGEST_LENGTH];
	struct entry *e;

	if (!heard || db_heard("oa_auth") != heard)
		return; /* not listening, or told of a change since the caller was looked up */
	key_of(token, user->via_cookie, key);
	e = slot_of(key);
	memcpy(e->key, key, sizeof(key));
	e->user = *user;
	e->until_ms = until_ms;
}
