/*
 * test_memo.c - memo.c: an answer is found under its key with exactly its stamp and
 * within the maximum age, in the process that put it; with the shared area mapped,
 * also in another process (a forked child puts, the parent finds), but only when both
 * ask for sharing; a key too long for the shared area stays in its process.
 */
#include "core/memo.h"
#include "t.h"

#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

/* Runs memo_put(key, stamp, body, shared) in a child process. */
static void
put_in_child(const char *key, const uint64_t *stamp, const char *body, int shared)
{
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		memo_put(key, stamp, body, shared);
		_exit(0);
	}
	waitpid(pid, &st, 0);
}

int
main(void)
{
	uint64_t a[MEMO_STAMP] = {1, 2, 3, 0}, b[MEMO_STAMP] = {1, 2, 4, 0};
	char long_key[400];

	/* In this process. */
	CHECK(memo_get("k", a, -1, 0) == NULL);
	memo_put("k", a, "{\"x\":1}", 0);
	CHECK_STR(memo_get("k", a, -1, 0), "{\"x\":1}");
	CHECK(memo_get("k", b, -1, 0) == NULL);
	CHECK(memo_get("other", a, -1, 0) == NULL);
	usleep(20000);
	CHECK(memo_get("k", a, 5, 0) == NULL);
	CHECK_STR(memo_get("k", a, 1000, 0), "{\"x\":1}");
	memo_put("k", b, "{\"x\":2}", 0);
	CHECK(memo_get("k", a, -1, 0) == NULL);
	CHECK_STR(memo_get("k", b, -1, 0), "{\"x\":2}");

	/* Across processes: only once mapped, and only what was put shared. */
	put_in_child("s", a, "shared", 1);
	CHECK(memo_get("s", a, -1, 1) == NULL);
	CHECK(memo_setup() == 0);
	put_in_child("s", a, "shared", 1);
	put_in_child("t", a, "private", 0);
	CHECK(memo_get("s", a, -1, 0) == NULL);
	CHECK_STR(memo_get("s", a, -1, 1), "shared");
	CHECK(memo_get("s", b, -1, 1) == NULL);
	CHECK(memo_get("t", a, -1, 1) == NULL);
	/* The child's answer keeps its age: a bound counts from its making. */
	put_in_child("u", a, "aged", 1);
	usleep(20000);
	CHECK(memo_get("u", a, 5, 1) == NULL);
	CHECK_STR(memo_get("u", a, 1000, 1), "aged");
	/* A newer answer under the same key replaces it for everyone. */
	put_in_child("s", b, "newer", 1);
	CHECK_STR(memo_get("s", b, -1, 1), "newer");
	memset(long_key, 'k', sizeof(long_key) - 1);
	long_key[sizeof(long_key) - 1] = '\0';
	put_in_child(long_key, a, "long", 1);
	CHECK(memo_get(long_key, a, -1, 1) == NULL);
	return t_done();
}
