/*
 * json_doc.c - the cluster's big JSON documents (the view's maps: `osd dump` is 1.5 MB
 * at 1,000 OSDs, `osd pool ls detail` 80 KB at 50 pools) parsed fast into read-only
 * cJSON trees. cJSON's own parser allocates every node and every key and value string
 * on its own, then frees them one by one: with the view off, that was half of what a
 * pool list cost openattic (tests/bench/ceph). Here one document is one arena: the
 * text is copied once and its strings are unescaped in place (an escape is never
 * shorter than what it stands for), and the nodes come from a few large chunks; a
 * drop is a few frees. Integers of up to 15 digits (every count, id and byte figure
 * Ceph sends) are read without strtod; other numbers go through strtod as in cJSON.
 * The tree is cJSON's (next, prev, child; the first child's prev is the last; numbers
 * with valueint saturated as cJSON does), so every reader works on it unchanged: it
 * must only never be changed or handed to cJSON_Delete. Strict JSON (RFC 8259), with
 * one leniency of cJSON's kept: control characters inside strings. Nesting is bounded
 * as in cJSON (1,000). tests/unit/test_json_doc.c and the fuzz target json_doc check
 * it against cJSON.
 *
 * A document can also be built (json_doc_new, json_doc_object, ...): a list's items,
 * hundreds of nodes each freed on its own when cJSON made them (malloc was 40% of a
 * pool list's items, and their frees as much again after the answer). Its strings are
 * copied into it; it is printed and read like any cJSON tree, and dropped whole.
 */
#include "core/json_doc.h"
#include "core/util.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 1000

struct chunk {
	struct chunk *next;
	size_t used, cap;
	cJSON nodes[];
};

/* A built document's strings. */
struct strings {
	struct strings *next;
	size_t used, cap;
	char bytes[];
};

struct json_doc {
	cJSON *root;
	struct chunk *chunks;
	struct strings *strings;
	char text[]; /* the copy the strings point into */
};

struct parser {
	char *p, *end;
	struct json_doc *d;
	int depth;
};

/* A zeroed node of d; the first chunk holds about first of them, later ones double. */
static cJSON *
node_of(struct json_doc *d, size_t first)
{
	struct chunk *c = d->chunks;

	if (!c || c->used == c->cap) {
		size_t cap = c ? c->cap * 2 : first;
		struct chunk *n = xmalloc(sizeof(*n) + cap * sizeof(cJSON));

		n->next = c;
		n->used = 0;
		n->cap = cap;
		d->chunks = c = n;
	}
	cJSON *j = &c->nodes[c->used++];
	memset(j, 0, sizeof(*j));
	return j;
}

static cJSON *
new_node(struct parser *ps)
{
	/* About one node per 12 bytes of a Ceph map. */
	return node_of(ps->d, (size_t)(ps->end - ps->p) / 12 + 16);
}

/* A number node as cJSON makes one: valueint saturated. */
static void
set_number(cJSON *j, double d)
{
	j->type = cJSON_Number;
	j->valuedouble = d;
	j->valueint = d >= INT_MAX ? INT_MAX : d <= (double)INT_MIN ? INT_MIN : (int)d;
}

static void
skip_ws(struct parser *ps)
{
	while (ps->p < ps->end &&
	       (*ps->p == ' ' || *ps->p == '\n' || *ps->p == '\r' || *ps->p == '\t'))
		ps->p++;
}

static int
hex4(const char *s, unsigned *out)
{
	unsigned v = 0;

	for (int i = 0; i < 4; i++) {
		char c = s[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

/* A \u escape at *r (after the backslash and u) written as UTF-8 at *w; -1 if bad. */
static int
unicode_escape(struct parser *ps, char **r, char **w)
{
	unsigned cp, lo;

	if (ps->end - *r < 4 || hex4(*r, &cp) < 0 || (cp >= 0xDC00 && cp <= 0xDFFF))
		return -1;
	*r += 4;
	if (cp >= 0xD800 && cp <= 0xDBFF) { /* a high surrogate: its low half must follow */
		if (ps->end - *r < 6 || (*r)[0] != '\\' || (*r)[1] != 'u' ||
		    hex4(*r + 2, &lo) < 0 || lo < 0xDC00 || lo > 0xDFFF)
			return -1;
		*r += 6;
		cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
	}
	unsigned char *o = (unsigned char *)*w;
	if (cp < 0x80) {
		*o++ = (unsigned char)cp;
	} else if (cp < 0x800) {
		*o++ = (unsigned char)(0xC0 | (cp >> 6));
		*o++ = (unsigned char)(0x80 | (cp & 0x3F));
	} else if (cp < 0x10000) {
		*o++ = (unsigned char)(0xE0 | (cp >> 12));
		*o++ = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		*o++ = (unsigned char)(0x80 | (cp & 0x3F));
	} else {
		*o++ = (unsigned char)(0xF0 | (cp >> 18));
		*o++ = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
		*o++ = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		*o++ = (unsigned char)(0x80 | (cp & 0x3F));
	}
	*w = (char *)o;
	return 0;
}

/* The string whose opening quote was just passed, unescaped in place; NULL if bad. */
static char *
parse_string(struct parser *ps)
{
	char *start = ps->p, *r = ps->p, *w;

	while (r < ps->end && *r != '"' && *r != '\\')
		r++;
	w = r;
	while (r < ps->end && *r != '"') {
		if (*r != '\\') {
			*w++ = *r++;
			continue;
		}
		if (++r == ps->end)
			return NULL;
		switch (*r++) {
		case '"':
			*w++ = '"';
			break;
		case '\\':
			*w++ = '\\';
			break;
		case '/':
			*w++ = '/';
			break;
		case 'b':
			*w++ = '\b';
			break;
		case 'f':
			*w++ = '\f';
			break;
		case 'n':
			*w++ = '\n';
			break;
		case 'r':
			*w++ = '\r';
			break;
		case 't':
			*w++ = '\t';
			break;
		case 'u':
			if (unicode_escape(ps, &r, &w) < 0)
				return NULL;
			break;
		default:
			return NULL;
		}
	}
	if (r == ps->end)
		return NULL;
	*w = '\0';
	ps->p = r + 1;
	return start;
}

static int
is_digit(const struct parser *ps, const char *s)
{
	return s < ps->end && *s >= '0' && *s <= '9';
}

static int
parse_number(struct parser *ps, cJSON *j)
{
	char *s = ps->p, *q = s;
	int exact = 1;
	double d;

	if (*q == '-')
		q++;
	if (!is_digit(ps, q))
		return -1;
	if (*q == '0')
		q++;
	else
		while (is_digit(ps, q))
			q++;
	if (q - s - (*s == '-') > 15)
		exact = 0;
	if (q < ps->end && *q == '.') {
		exact = 0;
		if (!is_digit(ps, ++q))
			return -1;
		while (is_digit(ps, q))
			q++;
	}
	if (q < ps->end && (*q == 'e' || *q == 'E')) {
		exact = 0;
		if (++q < ps->end && (*q == '+' || *q == '-'))
			q++;
		if (!is_digit(ps, q))
			return -1;
		while (is_digit(ps, q))
			q++;
	}
	if (exact) {
		uint64_t u = 0;
		for (const char *c = s + (*s == '-'); c < q; c++)
			u = u * 10 + (uint64_t)(*c - '0');
		d = *s == '-' ? -(double)u : (double)u;
	} else {
		char save = *q; /* the text has a NUL after its end: q is always ours */
		*q = '\0';
		d = strtod(s, NULL);
		*q = save;
	}
	set_number(j, d);
	ps->p = q;
	return 0;
}

static int
literal(struct parser *ps, const char *word, int type, cJSON *j)
{
	size_t n = strlen(word);

	if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n))
		return -1;
	ps->p += n;
	j->type = type;
	j->valueint = type == cJSON_True;
	return 0;
}

static int parse_value(struct parser *ps, cJSON *j);

/* Links c after *last (NULL: as j's first child); the first child's prev is the last. */
static void
append(cJSON *j, cJSON **last, cJSON *c)
{
	if (*last) {
		(*last)->next = c;
		c->prev = *last;
	} else {
		j->child = c;
	}
	*last = c;
	j->child->prev = c;
}

/* The members (object) or elements of the container just opened; close is } or ]. */
static int
parse_children(struct parser *ps, cJSON *j, char close)
{
	cJSON *last = NULL;

	if (++ps->depth > MAX_DEPTH)
		return -1;
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == close) {
		ps->p++;
		ps->depth--;
		return 0;
	}
	for (;;) {
		cJSON *c = new_node(ps);
		if (close == '}') {
			if (ps->p == ps->end || *ps->p != '"')
				return -1;
			ps->p++;
			if (!(c->string = parse_string(ps)))
				return -1;
			skip_ws(ps);
			if (ps->p == ps->end || *ps->p != ':')
				return -1;
			ps->p++;
			skip_ws(ps);
		}
		if (parse_value(ps, c) < 0)
			return -1;
		append(j, &last, c);
		skip_ws(ps);
		if (ps->p == ps->end)
			return -1;
		if (*ps->p == close) {
			ps->p++;
			ps->depth--;
			return 0;
		}
		if (*ps->p++ != ',')
			return -1;
		skip_ws(ps);
	}
}

static int
parse_value(struct parser *ps, cJSON *j)
{
	if (ps->p == ps->end)
		return -1;
	switch (*ps->p) {
	case '{':
		ps->p++;
		j->type = cJSON_Object;
		return parse_children(ps, j, '}');
	case '[':
		ps->p++;
		j->type = cJSON_Array;
		return parse_children(ps, j, ']');
	case '"':
		ps->p++;
		j->type = cJSON_String;
		return (j->valuestring = parse_string(ps)) ? 0 : -1;
	case 't':
		return literal(ps, "true", cJSON_True, j);
	case 'f':
		return literal(ps, "false", cJSON_False, j);
	case 'n':
		return literal(ps, "null", cJSON_NULL, j);
	default:
		return parse_number(ps, j);
	}
}

struct json_doc *
json_doc_parse(const char *text, size_t len)
{
	struct json_doc *d = xmalloc(sizeof(*d) + len + 1);
	struct parser ps = {d->text, d->text + len, d, 0};

	memcpy(d->text, text, len);
	d->text[len] = '\0';
	d->chunks = NULL;
	d->strings = NULL;
	skip_ws(&ps);
	d->root = new_node(&ps);
	if (parse_value(&ps, d->root) < 0 || (skip_ws(&ps), ps.p != ps.end)) {
		json_doc_free(d);
		return NULL;
	}
	return d;
}

const cJSON *
json_doc_root(const struct json_doc *d)
{
	return d ? d->root : NULL;
}

void
json_doc_free(struct json_doc *d)
{
	if (!d)
		return;
	for (struct chunk *c = d->chunks, *next; c; c = next) {
		next = c->next;
		free(c);
	}
	for (struct strings *c = d->strings, *next; c; c = next) {
		next = c->next;
		free(c);
	}
	free(d);
}

struct json_doc *
json_doc_new(void)
{
	struct json_doc *d = xmalloc(sizeof(*d) + 1);

	d->root = NULL;
	d->chunks = NULL;
	d->strings = NULL;
	d->text[0] = '\0';
	return d;
}

/* A built document's nodes: a page of 50 pools is ~2,300 of them. */
#define BUILT_FIRST 256

static cJSON *
built(struct json_doc *d, int type)
{
	cJSON *j = node_of(d, BUILT_FIRST);

	j->type = type;
	return j;
}

cJSON *
json_doc_object(struct json_doc *d)
{
	return built(d, cJSON_Object);
}

cJSON *
json_doc_array(struct json_doc *d)
{
	return built(d, cJSON_Array);
}

cJSON *
json_doc_null(struct json_doc *d)
{
	return built(d, cJSON_NULL);
}

cJSON *
json_doc_bool(struct json_doc *d, int b)
{
	return built(d, b ? cJSON_True : cJSON_False);
}

cJSON *
json_doc_number(struct json_doc *d, double v)
{
	cJSON *j = node_of(d, BUILT_FIRST);

	set_number(j, v);
	return j;
}

/* A copy of s[0..n) and a NUL in d's strings. */
static char *
copy_in(struct json_doc *d, const char *s, size_t n)
{
	struct strings *c = d->strings;

	if (!c || c->cap - c->used < n + 1) {
		size_t cap = c ? c->cap * 2 : 4096;
		if (cap < n + 1)
			cap = n + 1;
		struct strings *m = xmalloc(sizeof(*m) + cap);
		m->next = c;
		m->used = 0;
		m->cap = cap;
		d->strings = c = m;
	}
	char *to = c->bytes + c->used;
	memcpy(to, s, n);
	to[n] = '\0';
	c->used += n + 1;
	return to;
}

cJSON *
json_doc_string(struct json_doc *d, const char *s)
{
	cJSON *j = built(d, cJSON_String);

	j->valuestring = copy_in(d, s ? s : "", s ? strlen(s) : 0);
	return j;
}

/* A copy of v in d, with its key or without (a copied member's key is d's: cJSON_Duplicate
 * copies it, as it must, since d goes first). */
static cJSON *
copy_node(struct json_doc *d, const cJSON *v, int with_key)
{
	cJSON *j = node_of(d, BUILT_FIRST), *last = NULL;

	j->type = v->type & 0xFF;
	j->valueint = v->valueint;
	j->valuedouble = v->valuedouble;
	if (v->valuestring)
		j->valuestring = copy_in(d, v->valuestring, strlen(v->valuestring));
	if (with_key && v->string)
		j->string = copy_in(d, v->string, strlen(v->string));
	for (const cJSON *c = v->child; c; c = c->next)
		append(j, &last, copy_node(d, c, 1));
	return j;
}

cJSON *
json_doc_copy(struct json_doc *d, const cJSON *v)
{
	return copy_node(d, v, 0);
}
