/*
 * json_print.c - every answer's body is printed here. cJSON_PrintUnformatted prints
 * each number with sprintf("%1.15g") and reads it back with sscanf to see whether 15
 * digits were enough, and grows its buffer from 256 bytes: a page of 50 pools (26 KB,
 * ~1,500 numbers) took a quarter of the request's own time. This prints the same
 * bytes (tests/unit/test_json_print.c compares them) with integers written directly:
 * an integral value below 10^15 is exactly what %1.15g would print. Other numbers
 * take cJSON's way. Strings are escaped as cJSON escapes them (", \, \b \f \n \r \t,
 * other control characters as \u00xx; UTF-8 and / as they are).
 */
#include "core/json_print.h"
#include "core/util.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct out {
	char *s;
	size_t len, cap;
};

static __attribute__((noinline)) void
grow(struct out *o, size_t n)
{
	while (o->len + n + 1 > o->cap)
		o->cap *= 2;
	o->s = xrealloc(o->s, o->cap);
}

/* Room for n more bytes and the final NUL: writers then store without checking. */
static inline char *
room(struct out *o, size_t n)
{
	if (o->len + n + 1 > o->cap)
		grow(o, n);
	return o->s + o->len;
}

static void
put(struct out *o, const char *s, size_t n)
{
	memcpy(room(o, n), s, n);
	o->len += n;
}

static inline void
put_char(struct out *o, char c)
{
	room(o, 1);
	o->s[o->len++] = c;
}

/* v in decimal: the digits of %lld, without printf. */
static void
put_int(struct out *o, int64_t v)
{
	char *p = room(o, 20), buf[20];
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	int n = 0;

	do
		buf[n++] = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*p++ = '-';
	for (int i = n - 1; i >= 0; i--)
		*p++ = buf[i];
	o->len = (size_t)(p - o->s);
}

static void
put_number(struct out *o, const cJSON *j)
{
	double d = j->valuedouble, back;
	char buf[32];
	int n;

	if (d > -1e15 && d < 1e15 && d == (double)(int64_t)d) {
		if (d == 0 && signbit(d))
			put(o, "-0", 2); /* as %1.15g has it */
		else
			put_int(o, (int64_t)d);
	} else if (isnan(d) || isinf(d)) {
		put(o, "null", 4);
	} else {
		n = snprintf(buf, sizeof(buf), "%1.15g", d);
		/* cJSON's round-trip check: 15 digits unless the value needs 17 */
		if (sscanf(buf, "%lg", &back) != 1 ||
		    fabs(back - d) > fmax(fabs(back), fabs(d)) * DBL_EPSILON)
			n = snprintf(buf, sizeof(buf), "%1.17g", d);
		put(o, buf, (size_t)n);
	}
}

/* What a byte becomes in a string: 0 itself, else the letter of its \ escape, or 'u'. */
static const char escape_of[256] = {
	['\b'] = 'b', ['\f'] = 'f', ['\n'] = 'n',  ['\r'] = 'r', ['\t'] = 't', [1] = 'u',
	[2] = 'u',    [3] = 'u',    [4] = 'u',     [5] = 'u',    [6] = 'u',    [7] = 'u',
	[11] = 'u',   [14] = 'u',   [15] = 'u',    [16] = 'u',   [17] = 'u',   [18] = 'u',
	[19] = 'u',   [20] = 'u',   [21] = 'u',    [22] = 'u',   [23] = 'u',   [24] = 'u',
	[25] = 'u',   [26] = 'u',   [27] = 'u',    [28] = 'u',   [29] = 'u',   [30] = 'u',
	[31] = 'u',   ['"'] = '"',  ['\\'] = '\\',
};

/* s quoted and escaped, written in one pass into room for its worst case (6 bytes a byte). */
static void
put_string(struct out *o, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t n = strlen((const char *)p);
	char *w = room(o, n * 6 + 2);

	*w++ = '"';
	for (; *p; p++) {
		char e = escape_of[*p];
		if (!e) {
			*w++ = (char)*p;
			continue;
		}
		*w++ = '\\';
		*w++ = e;
		if (e == 'u') {
			*w++ = '0';
			*w++ = '0';
			*w++ = hex[*p >> 4];
			*w++ = hex[*p & 15];
		}
	}
	*w++ = '"';
	o->len = (size_t)(w - o->s);
}

static int
put_value(struct out *o, const cJSON *j)
{
	const cJSON *c;
	int object;

	switch (j->type & 0xFF) {
	case cJSON_NULL:
		put(o, "null", 4);
		return 0;
	case cJSON_False:
		put(o, "false", 5);
		return 0;
	case cJSON_True:
		put(o, "true", 4);
		return 0;
	case cJSON_Number:
		put_number(o, j);
		return 0;
	case cJSON_String:
		put_string(o, j->valuestring);
		return 0;
	case cJSON_Raw:
		if (!j->valuestring)
			return -1;
		put(o, j->valuestring, strlen(j->valuestring));
		return 0;
	case cJSON_Array:
	case cJSON_Object:
		object = (j->type & 0xFF) == cJSON_Object;
		put_char(o, object ? '{' : '[');
		for (c = j->child; c; c = c->next) {
			if (object) {
				put_string(o, c->string);
				put_char(o, ':');
			}
			if (put_value(o, c) < 0)
				return -1;
			if (c->next)
				put_char(o, ',');
		}
		put_char(o, object ? '}' : ']');
		return 0;
	default:
		return -1;
	}
}

char *
json_print(const cJSON *j, size_t *len)
{
	struct out o = {xmalloc(16384), 0, 16384};

	if (!j || put_value(&o, j) < 0) {
		free(o.s);
		return NULL;
	}
	o.s[o.len] = '\0';
	if (len)
		*len = o.len;
	return o.s;
}
