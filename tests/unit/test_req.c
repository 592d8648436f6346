/* test_req.c - req.c: percent-decoding, query strings, cookies, params, defers. */
#include "core/req.h"
#include "t.h"

#include <stdlib.h>

static int freed;

static void
count_free(void *p)
{
	freed++;
	free(p);
}

int
main(void)
{
	char *d;
	struct kv *kv;
	int n;
	char *env[] = {"REQUEST_METHOD=POST", "HTTP_COOKIE=a=1; oa_session=abc; b=2",
		       "REMOTE_ADDR=127.0.0.1", NULL};
	struct req r;

	CHECK((d = pct_decode("a%20b%2Fc", 9, 0)) && !strcmp(d, "a b/c"));
	free(d);
	CHECK((d = pct_decode("a+b", 3, 1)) && !strcmp(d, "a b"));
	free(d);
	CHECK((d = pct_decode("a+b", 3, 0)) && !strcmp(d, "a+b"));
	free(d);
	CHECK(pct_decode("%zz", 3, 0) == NULL);
	CHECK(pct_decode("%2", 2, 0) == NULL);
	CHECK(pct_decode("%", 1, 0) == NULL);
	CHECK(pct_decode("a%00b", 5, 0) == NULL);
	n = parse_query("offset=10&limit=5&search=a%20b&flag&=x", &kv);
	CHECK(n == 5);
	CHECK(n == 5 && !strcmp(kv[0].key, "offset") && !strcmp(kv[0].val, "10"));
	CHECK(n == 5 && !strcmp(kv[2].val, "a b") && !strcmp(kv[3].val, ""));
	kv_free(kv, n);
	CHECK(parse_query("a=%00", &kv) < 0);
	CHECK(parse_query("a=%ff", &kv) < 0); /* not UTF-8 */
	CHECK(parse_query("", &kv) == 0);

	req_init(&r, env, NULL, 0);
	CHECK_STR(r.method, "POST");
	CHECK_STR(r.client, "127.0.0.1");
	CHECK_STR(req_cookie(&r, "oa_session"), "abc");
	CHECK_STR(req_cookie(&r, "b"), "2");
	CHECK(req_cookie(&r, "oa") == NULL);
	req_defer(&r, count_free, malloc(1));
	req_defer(&r, count_free, malloc(1));
	req_release(&r);
	CHECK(freed == 2);
	return t_done();
}
