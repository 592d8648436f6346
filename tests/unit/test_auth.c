/*
 * test_auth.c - auth.c's cookies: Secure and named __Host-... when the request came
 * over HTTPS or [auth] cookie_secure forces it, plain otherwise; always HttpOnly and
 * SameSite=Strict; read back under either name.
 */
#include "core/config.h"
#include "core/req.h"
#include "server/auth.h"
#include "t.h"

#include <stdio.h>
#include <string.h>

/* The Set-Cookie header auth_set_cookie writes for a request with scheme. */
static void
cookie_for(const char *scheme, int forced, char *out, size_t n)
{
	static struct config c;
	char sch[64];
	char *env[] = {"REQUEST_METHOD=POST", sch, NULL};
	struct req r;

	c.cookie_secure = forced;
	oa_config = &c;
	snprintf(sch, sizeof(sch), "REQUEST_SCHEME=%s", scheme);
	req_init(&r, env, NULL, 0);
	auth_set_cookie(&r, "oa_session", "tok", 60);
	snprintf(out, n, "%s", r.headers.data ? r.headers.data : "");
	req_release(&r);
}

int
main(void)
{
	char h[512];
	char *env[] = {"REQUEST_METHOD=GET", "HTTP_COOKIE=a=1; __Host-oa_session=sec; oa_device=d",
		       NULL};
	struct req r;

	cookie_for("https", 0, h, sizeof(h));
	CHECK_STR(h, "Set-Cookie: __Host-oa_session=tok; Path=/; Max-Age=60; HttpOnly; "
		     "SameSite=Strict; Secure\r\n");
	cookie_for("http", 0, h, sizeof(h));
	CHECK(strstr(h, "Set-Cookie: oa_session=tok;") && !strstr(h, "Secure") &&
	      strstr(h, "HttpOnly") && strstr(h, "SameSite=Strict"));
	cookie_for("http", 1, h, sizeof(h)); /* TLS ended before nginx */
	CHECK(strstr(h, "__Host-oa_session=tok;") && strstr(h, "; Secure"));
	req_init(&r, env, NULL, 0);
	CHECK_STR(auth_cookie(&r, "oa_session"), "sec");
	CHECK_STR(auth_cookie(&r, "oa_device"), "d");
	CHECK(auth_cookie(&r, "other") == NULL);
	req_release(&r);
	return t_done();
}
