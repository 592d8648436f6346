/* test_req.c - req.c: percent-decoding, query strings, cookies, params, defers. */
#include "core/config.h"
#include "core/req.h"
#include "t.h"

#include <stdio.h>
#include <stdlib.h>

static int freed;

static void
count_free(void *p)
{
	freed++;
	free(p);
}

/* The client address r gets from REMOTE_ADDR remote and X-Forwarded-For xff. */
static void
check_client(const char *remote, const char *xff, const char *want)
{
	char ra[64], fw[256];
	char *env[] = {"REQUEST_METHOD=GET", ra, xff ? fw : NULL, NULL};
	struct req r;

	snprintf(ra, sizeof(ra), "REMOTE_ADDR=%s", remote);
	snprintf(fw, sizeof(fw), "HTTP_X_FORWARDED_FOR=%s", xff ? xff : "");
	req_init(&r, env, NULL, 0);
	CHECK_STR(r.client, want);
	req_release(&r);
}

/* X-Forwarded-For is followed from [server] trusted_proxies only. */
static void
test_client_address(void)
{
	static struct config c = {.trusted_proxies = "10.0.0.1, 10.1.0.0/16, fd00::/8"};
	const struct config *saved = oa_config;

	oa_config = &c;
	check_client("10.0.0.1", "203.0.113.9, 198.51.100.7", "198.51.100.7");
	check_client("10.0.0.1", "198.51.100.8 , 10.1.2.3", "198.51.100.8");
	check_client("10.0.0.1", "198.51.100.8,10.1.2.3,10.0.0.1", "198.51.100.8");
	check_client("fd00::5", "2001:db8::1", "2001:db8::1");
	check_client("10.0.0.1", "not-an-address", "10.0.0.1");
	check_client("10.0.0.1", "", "10.0.0.1");
	check_client("10.0.0.1", "10.1.0.9", "10.0.0.1"); /* all trusted: the proxy */
	check_client("10.0.0.1", NULL, "10.0.0.1");
	check_client("192.0.2.1", "198.51.100.9", "192.0.2.1"); /* not trusted: ignored */
	check_client("10.0.0.2", "198.51.100.9", "10.0.0.2");
	c.trusted_proxies = NULL;
	check_client("10.0.0.1", "198.51.100.9", "10.0.0.1");
	oa_config = saved;
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
	test_client_address();
	return t_done();
}
