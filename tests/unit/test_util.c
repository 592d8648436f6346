/* test_util.c - util.c: times, tokens, numbers, UTF-8, buffers. */
#include "core/util.h"
#include "t.h"

#include <stdlib.h>

int
main(void)
{
	char s[32], *tok;
	time_t t;
	long v;
	struct buf b;

	rfc3339(0, s, sizeof(s));
	CHECK_STR(s, "1970-01-01T00:00:00Z");
	CHECK(parse_rfc3339("2026-11-25T09:00:00Z", &t) == 0 && t == 1795597200);
	CHECK(parse_rfc3339("2026-11-25T10:00:00+01:00", &t) == 0 && t == 1795597200);
	CHECK(parse_rfc3339("2026-11-25T09:00:00.123Z", &t) == 0 && t == 1795597200);
	CHECK(parse_rfc3339("2026-11-25 09:00:00", &t) < 0);
	CHECK(parse_rfc3339("2026-11-25T09:00:00Zjunk", &t) < 0);
	tok = random_token("oat_", 32);
	CHECK(strlen(tok) == 68 && !strncmp(tok, "oat_", 4));
	free(tok);
	CHECK(parse_long("42", 0, 100, &v) == 0 && v == 42);
	CHECK(parse_long("101", 0, 100, &v) < 0);
	CHECK(parse_long("4x", 0, 100, &v) < 0);
	CHECK(parse_long("", 0, 100, &v) < 0);
	CHECK(parse_long(" 4", 0, 100, &v) < 0);
	CHECK(utf8_valid("h\xc3\xa9llo", 6));
	CHECK(!utf8_valid("\xc3", 1));
	CHECK(!utf8_valid("\xc0\x80", 2));        /* overlong NUL */
	CHECK(!utf8_valid("\xed\xa0\x80", 3));    /* surrogate */
	CHECK(utf8_valid("\xf0\x9f\x98\x80", 4)); /* emoji */
	/* utf8_cut: an incomplete last character goes, a complete one stays. */
	strcpy(s, "h\xc3\xa9\xc3");
	utf8_cut(s);
	CHECK_STR(s, "h\xc3\xa9");
	utf8_cut(s);
	CHECK_STR(s, "h\xc3\xa9");
	strcpy(s, "a\xf0\x9f\x98");
	utf8_cut(s);
	CHECK_STR(s, "a");
	strcpy(s, "\xe2\x82");
	utf8_cut(s);
	CHECK_STR(s, "");
	strcpy(s, "abc");
	utf8_cut(s);
	CHECK_STR(s, "abc");
	buf_init(&b);
	for (int i = 0; i < 1000; i++)
		buf_printf(&b, "%d,", i);
	CHECK(b.len == strlen(b.data) && !strncmp(b.data, "0,1,2,", 6));
	buf_free(&b);
	return t_done();
}
