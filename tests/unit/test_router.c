/* test_router.c - router.c: pattern matching and parameter capture; the route table's sanity. */
#include "server/router.h"
#include "tables.h"
#include "t.h"

#include <stdlib.h>

int
main(void)
{
	struct kv *kv = NULL;
	int n = 0;

	CHECK(route_match("/api/users", "/api/users", NULL, NULL) == 1);
	CHECK(route_match("/api/users", "/api/users/", NULL, NULL) == 0);
	CHECK(route_match("/api/users", "/api/user", NULL, NULL) == 0);
	CHECK(route_match("/api/users/{username}", "/api/users", NULL, NULL) == 0);
	CHECK(route_match("/api/users/{username}", "/api/users/", NULL, NULL) == 0);
	CHECK(route_match("/api/users/{username}", "/api/users/a%20b", &kv, &n) == 1);
	CHECK(n == 1 && !strcmp(kv[0].key, "username") && !strcmp(kv[0].val, "a b"));
	kv_free(kv, n);
	CHECK(route_match("/api/users/{username}", "/api/users/a%2Fb", NULL, NULL) == 0);
	CHECK(route_match("/api/users/{username}", "/api/users/%zz", NULL, NULL) == -1);
	CHECK(route_match("/api/users/{username}", "/api/users/a/b", NULL, NULL) == 0);
	CHECK(route_match("/api/users", "/%61pi/users", NULL, NULL) == 1);

	/* Every route: a path under /api, a summary, no duplicate (method, pattern). */
	for (const struct route *a = routes; a->method; a++) {
		CHECK(!strncmp(a->pattern, "/api/", 5) && a->summary && *a->summary);
		for (const struct route *b = a + 1; b->method; b++)
			CHECK(strcmp(a->method, b->method) || strcmp(a->pattern, b->pattern));
	}
	return t_done();
}
