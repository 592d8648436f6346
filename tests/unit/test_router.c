/*
 * test_router.c - router.c: pattern matching and parameter capture, the preconditions a
 * row's flags and typed parameters promise (route_check), the route table's sanity,
 * the slow routes' bound.
 */
/* Rows of test routes leave the members they do not need out. */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#include "core/config.h"
#include "core/resp.h"
#include "server/router.h"
#include "t.h"
#include "tables.h"

#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

/* A request for path under row rt, by user (role), as the dispatcher would have it. */
static void
req_for(struct req *r, const struct route *rt, const char *path, const char *user, enum role role)
{
	static char *env[] = {"REQUEST_METHOD=GET", NULL};

	req_init(r, env, NULL, 0);
	CHECK(route_match(rt->pattern, path, &r->params, &r->nparams) == 1);
	snprintf(r->user.username, sizeof(r->user.username), "%s", user);
	r->user.role = role;
	r->user.id = 1;
}

/* route_check's status for path under rt, and its error code in *code (static). */
static int
checked(const struct route *rt, const char *path, const char *user, enum role role,
	const char **code)
{
	static char got[64];
	struct req r;
	cJSON *j;
	int rc;

	req_for(&r, rt, path, user, role);
	rc = route_check(&r, rt);
	got[0] = '\0';
	if (rc && r.out && (j = cJSON_Parse(r.out))) {
		snprintf(got, sizeof(got), "%s",
			 cJSON_GetStringValue(
				 cJSON_GetObjectItem(cJSON_GetObjectItem(j, "error"), "code"))
				 ?: "");
		cJSON_Delete(j);
	}
	*code = got;
	req_release(&r);
	return rc ? rc : 200;
}

static int
noop(struct req *r)
{
	(void)r;
	return 200;
}

/* The preconditions of a row: typed ids, R_SALT, R_OWNER. */
static void
test_route_check(void)
{
	static const struct route task = {"GET", "/api/tasks/{id:int}", noop, 0, NULL, "t", "task"};
	static const struct route salt = {"GET", "/api/nodes", noop, R_SALT, NULL, "n", NULL};
	static const struct route user = {"GET", "/api/users/{username}", noop, R_OWNER, NULL, "u",
					  NULL};
	static struct config with_salt = {.salt_url = "http://127.0.0.1:1"}, without_salt;
	const char *code;
	struct kv *kv = NULL;
	int n = 0;

	CHECK(route_match(task.pattern, "/api/tasks/12", &kv, &n) == 1);
	CHECK(n == 1 && !strcmp(kv[0].key, "id") && !strcmp(kv[0].val, "12"));
	kv_free(kv, n);
	CHECK(checked(&task, "/api/tasks/12", "a", ROLE_VIEWER, &code) == 200);
	CHECK(checked(&task, "/api/tasks/0", "a", ROLE_VIEWER, &code) == 200);
	CHECK(checked(&task, "/api/tasks/abc", "a", ROLE_VIEWER, &code) == 404 &&
	      !strcmp(code, "task_not_found"));
	CHECK(checked(&task, "/api/tasks/-1", "a", ROLE_VIEWER, &code) == 404 &&
	      !strcmp(code, "task_not_found"));
	CHECK(checked(&task, "/api/tasks/1x", "a", ROLE_VIEWER, &code) == 404);
	CHECK(checked(&task, "/api/tasks/99999999999999999999", "a", ROLE_VIEWER, &code) == 404);
	/*
	 * A 404 quotes the value, cut to fit its message: at a character, so the body
	 * stays UTF-8 (fuzz_route: "x" and 600 "é" were cut in the middle of one).
	 */
	{
		char path[4096] = "/api/tasks/x";
		struct req r;

		for (int i = 0; i < 600; i++)
			strcat(path, "%C3%A9");
		req_for(&r, &task, path, "a", ROLE_VIEWER);
		CHECK(route_check(&r, &task) == 404 && r.out && utf8_valid(r.out, r.out_len));
		req_release(&r);
	}

	oa_config = &without_salt;
	CHECK(checked(&salt, "/api/nodes", "a", ROLE_ADMIN, &code) == 503 &&
	      !strcmp(code, "salt_unconfigured"));
	oa_config = &with_salt;
	CHECK(checked(&salt, "/api/nodes", "a", ROLE_ADMIN, &code) == 200);

	CHECK(checked(&user, "/api/users/bob", "bob", ROLE_VIEWER, &code) == 200);
	CHECK(checked(&user, "/api/users/bob", "eve", ROLE_OPERATOR, &code) == 403 &&
	      !strcmp(code, "forbidden"));
	CHECK(checked(&user, "/api/users/bob", "root", ROLE_ADMIN, &code) == 200);
	CHECK(checked(&user, "/api/users/bo", "bob", ROLE_VIEWER, &code) == 403);
}

/*
 * The slow routes' bound (R_SLOW): with the slots held, 503 server_busy with
 * Retry-After; a slot whose holder died is taken over.
 */
static void
test_slow_slots(void)
{
	static const struct route slow = {"GET", "/api/x", noop, R_SLOW, NULL, "x", NULL};
	static struct config one_slot = {.slow_workers = 1};
	const char *code;
	int ready[2], stop[2];
	char c;
	pid_t child;

	oa_config = &one_slot;
	CHECK(checked(&slow, "/api/x", "a", ROLE_VIEWER, &code) == 200); /* not set up: no bound */
	CHECK(router_setup() == 0);
	CHECK(checked(&slow, "/api/x", "a", ROLE_VIEWER, &code) == 200); /* released at the end */
	CHECK(pipe(ready) == 0 && pipe(stop) == 0);
	if ((child = fork()) == 0) { /* another worker, holding the only slot */
		c = route_claim_background() ? 'y' : 'n';
		if (write(ready[1], &c, 1) != 1 || read(stop[0], &c, 1) < 0)
			_exit(1);
		_exit(0);
	}
	CHECK(child > 0 && read(ready[0], &c, 1) == 1 && c == 'y');
	CHECK(checked(&slow, "/api/x", "a", ROLE_VIEWER, &code) == 503 &&
	      !strcmp(code, "server_busy"));
	CHECK(!route_claim_background());
	kill(child, SIGKILL); /* dies holding it */
	waitpid(child, NULL, 0);
	CHECK(checked(&slow, "/api/x", "a", ROLE_VIEWER, &code) == 200);
	CHECK(route_claim_background());
	route_release_background();
	close(ready[0]), close(ready[1]), close(stop[0]), close(stop[1]);
}

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
	/* {name:any} takes a '/' sent as %2F (a tenant's bucket), still one segment. */
	CHECK(route_match("/b/{name:any}", "/b/acme%2Fphotos", &kv, &n) == 1);
	CHECK(n == 1 && !strcmp(kv[0].key, "name") && !strcmp(kv[0].val, "acme/photos"));
	kv_free(kv, n);
	CHECK(route_match("/b/{name:any}", "/b/acme/photos", NULL, NULL) == 0);
	CHECK(route_match("/b/{name:any}/x", "/b/a%2Fb/x", NULL, NULL) == 1);

	/* Every route: a path under /api, a summary, no duplicate (method, pattern). */
	for (const struct route *a = routes; a->method; a++) {
		CHECK(!strncmp(a->pattern, "/api/", 5) && a->summary && *a->summary);
		for (const struct route *b = a + 1; b->method; b++)
			CHECK(strcmp(a->method, b->method) || strcmp(a->pattern, b->pattern));
	}
	/* Every typed parameter names what it is for its 404. */
	for (const struct route *a = routes; a->method; a++)
		CHECK(!strstr(a->pattern, ":int}") || (a->noun && *a->noun));
	test_route_check();
	test_slow_slots();
	return t_done();
}
