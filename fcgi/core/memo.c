/*
 * memo.c - rendered answers, each under a key (a route and its query) with a stamp:
 * the numbers of what it was made from (the view's sequence numbers, an object's
 * version, a count of our own changes). A read whose inputs carry the same stamp
 * answers the remembered text instead of rendering it again. The caller decides what
 * goes in the stamp; a maximum age bounds what a stamp cannot see.
 *
 * Each process keeps a few answers of its own. Answers whose stamp means the same in
 * every process are also put in an area the host's processes share, one slot per key
 * hash, so that a new map costs the host one rendering, not one per worker: at 1,000
 * OSDs the four workers re-rendering the OSD list in the same instant stalled every
 * one of them. A shared slot is written under a seqlock by one process at a time (a
 * writer that died is replaced); readers copy without waiting and retry nothing:
 * a slot being written is a miss.
 */
#include "core/memo.h"
#include "core/req.h"
#include "core/util.h"

#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SLOTS        32         /* this process's */
#define SHARED_SLOTS 64         /* the host's */
#define SHARED_KEY   256        /* a longer key is not shared */
#define SHARED_BYTES (1u << 20) /* nor a bigger answer */

static struct {
	char *key, *body;
	uint64_t stamp[MEMO_STAMP];
	int64_t made_ms;
} slot[SLOTS];
static unsigned next;

struct shared_slot {
	_Atomic uint64_t seq; /* odd while written */
	_Atomic int writer;   /* the pid writing it, 0: none */
	char key[SHARED_KEY];
	uint64_t stamp[MEMO_STAMP];
	int64_t made_ms;
	uint32_t len;
	char body[SHARED_BYTES];
};
static struct shared_slot *shared; /* SHARED_SLOTS of them */

int
memo_setup(void)
{
	shared = shared_alloc(sizeof(*shared) * SHARED_SLOTS, "the shared answers");
	return shared ? 0 : -1;
}

static int
find(const char *key)
{
	for (int i = 0; i < SLOTS; i++)
		if (slot[i].key && !strcmp(slot[i].key, key))
			return i;
	return -1;
}

static const char *
put_local(const char *key, const uint64_t stamp[MEMO_STAMP], char *body, int64_t made_ms)
{
	int i = find(key);

	if (i < 0)
		i = (int)(next++ % SLOTS);
	free(slot[i].key);
	free(slot[i].body);
	slot[i].key = xstrdup(key);
	slot[i].body = body;
	memcpy(slot[i].stamp, stamp, sizeof(slot[i].stamp));
	slot[i].made_ms = made_ms;
	return body;
}

static struct shared_slot *
shared_of(const char *key)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */

	if (!shared || strlen(key) >= SHARED_KEY)
		return NULL;
	for (const char *c = key; *c; c++)
		h = (h ^ (unsigned char)*c) * 1099511628211ULL;
	return &shared[h % SHARED_SLOTS];
}

/* The shared answer of key with stamp, copied into this process's slots; or NULL. */
static const char *
get_shared(const char *key, const uint64_t stamp[MEMO_STAMP], long max_age_ms)
{
	struct shared_slot *s = shared_of(key);
	uint64_t s1;
	int64_t made;
	uint32_t len;
	char *body;

	if (!s || ((s1 = atomic_load_explicit(&s->seq, memory_order_acquire)) & 1))
		return NULL;
	made = s->made_ms;
	len = s->len;
	if (strncmp(s->key, key, SHARED_KEY) || memcmp(s->stamp, stamp, sizeof(s->stamp)) ||
	    len > SHARED_BYTES || (max_age_ms >= 0 && now_ms_int() - made > max_age_ms))
		return NULL;
	body = xmalloc(len + 1);
	memcpy(body, s->body, len);
	body[len] = '\0';
	atomic_thread_fence(memory_order_acquire);
	if (atomic_load_explicit(&s->seq, memory_order_relaxed) != s1) {
		free(body);
		return NULL;
	}
	return put_local(key, stamp, body, made);
}

const char *
memo_get(const char *key, const uint64_t stamp[MEMO_STAMP], long max_age_ms, int shared_too)
{
	int i = find(key);

	if (i >= 0 && !memcmp(slot[i].stamp, stamp, sizeof(slot[i].stamp)) &&
	    (max_age_ms < 0 || now_ms_int() - slot[i].made_ms <= max_age_ms))
		return slot[i].body;
	return shared_too ? get_shared(key, stamp, max_age_ms) : NULL;
}

/* Takes s for writing: free, or held by a process that is gone. */
static int
take(struct shared_slot *s)
{
	int expected = 0, me = (int)getpid();

	if (atomic_compare_exchange_strong(&s->writer, &expected, me))
		return 1;
	return expected != me && kill(expected, 0) < 0 && errno == ESRCH &&
	       atomic_compare_exchange_strong(&s->writer, &expected, me);
}

static void
put_shared(const char *key, const uint64_t stamp[MEMO_STAMP], const char *body, int64_t made_ms)
{
	struct shared_slot *s = shared_of(key);
	size_t len = strlen(body);
	uint64_t seq;

	if (!s || len > SHARED_BYTES || !take(s))
		return;
	seq = atomic_load(&s->seq);
	if (!(seq & 1))
		seq++; /* odd while written (a writer that died left it odd already) */
	atomic_store_explicit(&s->seq, seq, memory_order_relaxed);
	atomic_thread_fence(memory_order_release);
	snprintf(s->key, sizeof(s->key), "%s", key);
	memcpy(s->stamp, stamp, sizeof(s->stamp));
	s->made_ms = made_ms;
	s->len = (uint32_t)len;
	memcpy(s->body, body, len);
	atomic_store_explicit(&s->seq, seq + 1, memory_order_release);
	atomic_store(&s->writer, 0);
}

const char *
memo_key(struct req *r, const char *prefix)
{
	return req_own(r, xasprintf("%s?%s", prefix, req_env(r, "QUERY_STRING") ?: ""));
}

void
memo_put(const char *key, const uint64_t stamp[MEMO_STAMP], const char *body, int shared_too)
{
	int64_t now = now_ms_int();

	put_local(key, stamp, xstrdup(body), now);
	if (shared_too)
		put_shared(key, stamp, body, now);
}
