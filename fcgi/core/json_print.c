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

static char *
room(struct out *o, size_t n)
{
	if (o->len + n + 1 > o->cap) {
		while (o->len + n + 1 > o->cap)
			o->cap *= 2;
		o->s = xrealloc(o->s, o->cap);
	}
	return o->s + o->len;
}

static void
put(struct out *o, const char *s, size_t n)
{
	memcpy(room(o, n), s, n);
	o->len += n;
}

/* v in decimal: the digits of %lld, without printf. */
static void
put_int(struct out *o, int64_t v)
{
	char buf[24], *e = buf + sizeof(buf), *p = e;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--p = '-';
	put(o, p, (size_t)(e - p));
}

static void
put_number(struct out *o, const cJSON *j)
{
	double d = j->valuedouble, back;
	char buf[32];
	int n;

	if (isnan(d) || isinf(d)) {
		put(o, "null", 4);
	} else if (d == floor(d) && fabs(d) < 1e15) {
		if (d == 0 && signbit(d))
			put(o, "-0", 2); /* as %1.15g has it */
		else
			put_int(o, (int64_t)d);
	} else {
		n = snprintf(buf, sizeof(buf), "%1.15g", d);
		/* cJSON's round-trip check: 15 digits unless the value needs 17 */
		if (sscanf(buf, "%lg", &back) != 1 ||
		    fabs(back - d) > fmax(fabs(back), fabs(d)) * DBL_EPSILON)
			n = snprintf(buf, sizeof(buf), "%1.17g", d);
		put(o, buf, (size_t)n);
	}
}

static void
put_string(struct out *o, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)(s ? s : "");

	put(o, "\"", 1);
	while (*p) {
		const unsigned char *run = p;
		while (*p >= 32 && *p != '"' && *p != '\\')
			p++;
		put(o, (const char *)run, (size_t)(p - run));
		if (!*p)
			break;
		char esc[6] = {'\\', 0};
		size_t n = 2;
		switch (*p) {
		case '"':
			esc[1] = '"';
			break;
		case '\\':
			esc[1] = '\\';
			break;
		case '\b':
			esc[1] = 'b';
			break;
		case '\f':
			esc[1] = 'f';
			break;
		case '\n':
			esc[1] = 'n';
			break;
		case '\r':
			esc[1] = 'r';
			break;
		case '\t':
			esc[1] = 't';
			break;
		default:
			memcpy(esc + 1, "u00", 3);
			esc[4] = hex[*p >> 4];
			esc[5] = hex[*p & 15];
			n = 6;
		}
		put(o, esc, n);
		p++;
	}
	put(o, "\"", 1);
}

static int
put_value(struct out *o, const cJSON *j)
{
	const cJSON *c;

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
		put(o, (j->type & 0xFF) == cJSON_Array ? "[" : "{", 1);
		for (c = j->child; c; c = c->next) {
			if ((j->type & 0xFF) == cJSON_Object) {
				put_string(o, c->string);
				put(o, ":", 1);
			}
			if (put_value(o, c) < 0)
				return -1;
			if (c->next)
				put(o, ",", 1);
		}
		put(o, (j->type & 0xFF) == cJSON_Array ? "]" : "}", 1);
		return 0;
	default:
		return -1;
	}
}

char *
json_print(const cJSON *j, size_t *len)
{
	struct out o = {xmalloc(4096), 0, 4096};

	if (!j || put_value(&o, j) < 0) {
		free(o.s);
		return NULL;
	}
	o.s[o.len] = '\0';
	if (len)
		*len = o.len;
	return o.s;
}
