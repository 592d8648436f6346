/*
 * fuzz_route.c - the router's path matching (server/router.c) against the real route
 * table (routes.c): the input is a raw request path, matched against every row's
 * pattern with and without capturing, as find_route does, and a matching row's
 * route_check (typed {name:int} parameters, R_OWNER) runs on the captures, with R_SALT
 * left out (it asks for the Salt configuration, a backend).
 * Properties: capturing never changes whether a path matches; a match captures one
 * non-empty value per {name} of the pattern, under that name, none holding a '/'; a
 * path with a malformed escape matches no row; route_check passes only typed values
 * of 0..2^62 and refuses with a 403 or 404 whose body is JSON, and UTF-8 for a path
 * the dispatcher lets through (parse_target refuses one that does not decode to
 * UTF-8 before any route is looked at).
 */
#include "core/resp.h"
#include "core/util.h"
#include "fuzz.h"
#include "server/router.h"
#include "tables.h"

/* The number of {params} of a pattern. */
static int
nparams(const char *pattern)
{
	int n = 0;

	for (const char *p = pattern; *p; p++)
		n += *p == '{';
	return n;
}

/* Whether the i-th {param} of pattern is named key (and is typed, in *typed). */
static int
param_named(const char *pattern, int i, const char *key, int *typed)
{
	const char *p = pattern;
	size_t n;

	for (int k = 0; (p = strchr(p, '{')) && k < i; k++)
		p++;
	if (!p)
		return 0;
	n = strcspn(p + 1, ":}");
	*typed = p[1 + n] == ':';
	return strlen(key) == n && !strncmp(p + 1, key, n);
}

/*
 * Whether the dispatcher's parse_target lets path through to the routes: absolute, at
 * most 4096 bytes, decoding to UTF-8 without a NUL.
 */
static int
reaches_routes(const char *path)
{
	char *dec = pct_decode(path, strlen(path), 0);
	int ok = path[0] == '/' && strlen(path) <= 4096 && dec && utf8_valid(dec, strlen(dec));

	free(dec);
	return ok;
}

static void
check_row(const struct route *rt, const char *path, int reached)
{
	struct route row = *rt;
	struct kv *kv = NULL;
	int n = 0, plain = route_match(rt->pattern, path, NULL, NULL);
	int rc = route_match(rt->pattern, path, &kv, &n);
	struct req r;
	char *dec;
	long v;

	FUZZ_ASSERT(rc == plain, "'%s' on '%s': %d capturing, %d not", path, rt->pattern, rc,
		    plain);
	if (rc != 1) {
		FUZZ_ASSERT(kv == NULL, "no match but captures");
		return;
	}
	FUZZ_ASSERT(n == nparams(rt->pattern), "'%s' on '%s': %d captures", path, rt->pattern, n);
	dec = pct_decode(path, strlen(path), 0);
	FUZZ_ASSERT(dec, "'%s' has a malformed escape but matches '%s'", path, rt->pattern);
	free(dec);
	for (int i = 0; i < n; i++) {
		int typed = 0;

		FUZZ_ASSERT(param_named(rt->pattern, i, kv[i].key, &typed) && *kv[i].val &&
				    !strchr(kv[i].val, '/'),
			    "'%s' on '%s': capture %d is %s=%s", path, rt->pattern, i, kv[i].key,
			    kv[i].val);
	}
	req_init(&r, NULL, NULL, 0);
	r.params = kv;
	r.nparams = n;
	snprintf(r.user.username, sizeof(r.user.username), "alice");
	r.user.role = ROLE_OPERATOR;
	r.user.id = 2;
	row.flags &= ~(unsigned)R_SALT;
	if (route_check(&r, &row) == 0) {
		for (int i = 0; i < n; i++) {
			int typed = 0;

			param_named(rt->pattern, i, kv[i].key, &typed);
			FUZZ_ASSERT(!typed || parse_long(kv[i].val, 0, 1L << 62, &v) == 0,
				    "route_check passed %s=%s", kv[i].key, kv[i].val);
		}
	} else {
		cJSON *j = r.out ? cJSON_Parse(r.out) : NULL;

		FUZZ_ASSERT((r.status == 403 || r.status == 404) && j &&
				    (!reached || utf8_valid(r.out, r.out_len)),
			    "route_check answered %d %s", r.status, r.out ? r.out : "");
		cJSON_Delete(j);
	}
	req_release(&r);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *path = fuzz_str(data, size);
	int reached = reaches_routes(path);

	for (const struct route *rt = routes; rt->method; rt++)
		check_row(rt, path, reached);
	free(path);
	return 0;
}
