/*
 * memo.c - a few rendered answers per process, each under a key (a route and its
 * query) with a stamp: the numbers of what it was made from (the view's sequence
 * numbers, an object's version, a count of our own changes). A read whose inputs
 * carry the same stamp answers the remembered text instead of rendering it again.
 * The caller decides what goes in the stamp; a maximum age bounds what a stamp
 * cannot see (changes made by others to objects the stamp does not name).
 */
#include "core/memo.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

#define SLOTS 32

static struct {
	char *key, *body;
	uint64_t stamp[MEMO_STAMP];
	int64_t made_ms;
} slot[SLOTS];
static unsigned next;

static int
find(const char *key)
{
	for (int i = 0; i < SLOTS; i++)
		if (slot[i].key && !strcmp(slot[i].key, key))
			return i;
	return -1;
}

const char *
memo_get(const char *key, const uint64_t stamp[MEMO_STAMP], long max_age_ms)
{
	int i = find(key);

	if (i < 0 || memcmp(slot[i].stamp, stamp, sizeof(slot[i].stamp)))
		return NULL;
	if (max_age_ms >= 0 && now_ms_int() - slot[i].made_ms > max_age_ms)
		return NULL;
	return slot[i].body;
}

void
memo_put(const char *key, const uint64_t stamp[MEMO_STAMP], const char *body)
{
	int i = find(key);

	if (i < 0)
		i = (int)(next++ % SLOTS);
	free(slot[i].key);
	free(slot[i].body);
	slot[i].key = xstrdup(key);
	slot[i].body = xstrdup(body);
	memcpy(slot[i].stamp, stamp, sizeof(slot[i].stamp));
	slot[i].made_ms = now_ms_int();
}
