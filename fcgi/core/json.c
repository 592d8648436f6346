/*
 * json.c - request bodies are checked here once, from the route's field spec, so a
 * handler only sees a JSON object whose fields exist, are known and have the right
 * type. Values are the handler's business (422); shape problems are 400s found here.
 */
#include "core/json.h"
#include "core/req.h"
#include "core/util.h"

#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

const char *
jtype_name(enum jtype t)
{
	static const char *names[] = {"string", "integer", "boolean", "number",
				      "object", "array",   "any"};
	return names[t];
}

static int
type_ok(const cJSON *v, enum jtype t)
{
	switch (t) {
	case J_STRING:
		return cJSON_IsString(v);
	case J_BOOL:
		return cJSON_IsBool(v);
	case J_NUMBER:
		return cJSON_IsNumber(v);
	case J_OBJECT:
		return cJSON_IsObject(v);
	case J_ARRAY:
		return cJSON_IsArray(v);
	case J_ANY:
		return 1;
	case J_INT:
		return cJSON_IsNumber(v) && v->valuedouble == floor(v->valuedouble) &&
		       fabs(v->valuedouble) <= 9007199254740992.0;
	}
	return 0;
}

static int
problem(struct json_problem *p, const char *code, const char *field, const char *fmt,
	const char *arg)
{
	p->status = 400;
	p->code = code;
	snprintf(p->field, sizeof(p->field), "%s", field ? field : "");
	snprintf(p->message, sizeof(p->message), fmt, arg);
	/* A long field name is cut: at a character, so the 400 stays UTF-8 (fuzz_json). */
	utf8_cut(p->field);
	utf8_cut(p->message);
	return -1;
}

static const struct field_spec *
spec_find(const struct field_spec *spec, const char *name)
{
	for (; spec && spec->name; spec++)
		if (!strcmp(spec->name, name))
			return spec;
	return NULL;
}

static int
check_fields(const cJSON *obj, const struct field_spec *spec, struct json_problem *p)
{
	const cJSON *v, *w;

	cJSON_ArrayForEach(v, obj) {
		const struct field_spec *f = spec_find(spec, v->string);
		char what[160];
		if (!f)
			return problem(p, "unknown_field", v->string, "unknown field '%s'",
				       v->string);
		for (w = v->next; w; w = w->next)
			if (!strcmp(w->string, v->string))
				return problem(p, "duplicate_field", v->string,
					       "field '%s' given twice", v->string);
		if (!type_ok(v, f->type)) {
			snprintf(what, sizeof(what), "field '%s' must be %s%s", f->name,
				 f->type == J_INT || f->type == J_ARRAY || f->type == J_OBJECT
					 ? "an "
					 : "a ",
				 jtype_name(f->type));
			return problem(p, "invalid_type", f->name, "%s", what);
		}
	}
	for (; spec && spec->name; spec++)
		if (spec->required && !cJSON_GetObjectItemCaseSensitive(obj, spec->name))
			return problem(p, "missing_field", spec->name, "field '%s' is required",
				       spec->name);
	return 0;
}

/* Where text has a \u0000 escape, or -1: cJSON would silently end the string there. */
static long
nul_escape_at(const char *text, size_t len)
{
	for (size_t i = 0; i + 1 < len; i++) {
		if (text[i] != '\\')
			continue;
		if (len - i >= 6 && !memcmp(text + i + 1, "u0000", 5))
			return (long)i;
		i++; /* the escaped character cannot start another escape */
	}
	return -1;
}

/* Parses a non-empty text into any JSON value, or NULL with *p filled. */
static cJSON *
parse_text(const char *text, size_t len, struct json_problem *p)
{
	const char *end = NULL;
	char pos[32];
	long nul;
	cJSON *j;

	if (memchr(text, '\0', len) || !utf8_valid(text, len)) {
		problem(p, "invalid_json", NULL, "%s",
			"the body contains a NUL byte or is not UTF-8");
		return NULL;
	}
	if ((nul = nul_escape_at(text, len)) >= 0) {
		snprintf(pos, sizeof(pos), "%ld", nul);
		problem(p, "invalid_json", NULL, "a NUL character (\\u0000) at byte %s", pos);
		return NULL;
	}
	if (!(j = cJSON_ParseWithLengthOpts(text, len, &end, 0))) {
		snprintf(pos, sizeof(pos), "%zu", end && end >= text ? (size_t)(end - text) : 0);
		problem(p, "invalid_json", NULL, "malformed JSON at byte %s", pos);
		return NULL;
	}
	while (end < text + len && isspace((unsigned char)*end))
		end++;
	if (end != text + len) {
		snprintf(pos, sizeof(pos), "%zu", (size_t)(end - text));
		problem(p, "invalid_json", NULL, "trailing data after JSON at byte %s", pos);
		cJSON_Delete(j);
		return NULL;
	}
	return j;
}

cJSON *
json_parse_body(const char *text, size_t len, const struct field_spec *spec, struct json_problem *p)
{
	cJSON *j;

	memset(p, 0, sizeof(*p));
	if (!(j = len == 0 ? cJSON_CreateObject() : parse_text(text, len, p)))
		return NULL;
	if (!cJSON_IsObject(j)) {
		problem(p, "not_an_object", NULL, "%s", "the body must be a JSON object");
		cJSON_Delete(j);
		return NULL;
	}
	if (check_fields(j, spec, p) < 0) {
		cJSON_Delete(j);
		return NULL;
	}
	return j;
}

static int
secret_key(const char *k)
{
	static const char *words[] = {"password", "secret", "key", "token"};

	for (size_t i = 0; k && i < ARRAY_LEN(words); i++)
		if (strcasestr(k, words[i]))
			return 1;
	return 0;
}

cJSON *
json_redact(const cJSON *j)
{
	cJSON *out;
	const cJSON *v;

	if (!cJSON_IsObject(j) && !cJSON_IsArray(j))
		return cJSON_Duplicate(j, 1);
	out = cJSON_IsObject(j) ? cJSON_CreateObject() : cJSON_CreateArray();
	cJSON_ArrayForEach(v, j) {
		cJSON *c = secret_key(v->string) ? cJSON_CreateString("***") : json_redact(v);
		if (cJSON_IsObject(j))
			cJSON_AddItemToObject(out, v->string, c);
		else
			cJSON_AddItemToArray(out, c);
	}
	return out;
}

const char *
json_str(const cJSON *obj, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

long
json_long(const cJSON *obj, const char *name, long def)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
	double d = cJSON_IsNumber(v) ? v->valuedouble : NAN;

	/* A double outside long's range (or NaN) must not be cast: that is undefined. */
	if (!(d == d))
		return def;
	return d >= 9.2e18 ? LONG_MAX : d <= -9.2e18 ? LONG_MIN : (long)d;
}

void
json_add_time(cJSON *obj, const char *name, long t)
{
	char s[32];

	if (!t) {
		cJSON_AddNullToObject(obj, name);
		return;
	}
	rfc3339((time_t)t, s, sizeof(s));
	cJSON_AddStringToObject(obj, name, s);
}

const cJSON *
json_at(const cJSON *j, const char *path)
{
	while (j && *path) {
		size_t n = strcspn(path, ".");
		const cJSON *c;
		/* Compared in place, first byte first: this runs for every field of every
		 * item of a list, over objects of ~70 members (a pool in `osd pool ls`). */
		for (c = j->child; c; c = c->next)
			if (c->string && (!n || c->string[0] == path[0]) &&
			    !strncmp(c->string, path, n) && c->string[n] == '\0')
				break;
		j = c;
		path += n + (path[n] == '.');
	}
	return j;
}

/* json_pick, also writing where each key's member is in at (when not NULL). */
static void
pick(const cJSON *obj, const char *const *keys, const cJSON **out, size_t n, unsigned *at)
{
	const cJSON *m;
	unsigned place = 0;

	memset(out, 0, n * sizeof(*out));
	for (m = obj ? obj->child : NULL; m; m = m->next, place++) {
		if (!m->string)
			continue;
		for (size_t i = 0; i < n; i++)
			if (!out[i] && m->string[0] == keys[i][0] && !strcmp(m->string, keys[i])) {
				out[i] = m;
				if (at)
					at[i] = place;
				break;
			}
	}
}

void
json_pick(const cJSON *obj, const char *const *keys, const cJSON **out, size_t n)
{
	pick(obj, keys, out, n, NULL);
}

void
json_picker_init(struct json_picker *p, const char *const *keys, size_t n)
{
	memset(p, 0, sizeof(*p));
	p->keys = keys;
	p->n = n < JSON_PICK_MAX ? n : JSON_PICK_MAX;
}

/* The keys in the order of their places (an insertion sort: n is small). */
static void
learn_order(struct json_picker *p)
{
	for (size_t i = 0; i < p->n; i++) {
		size_t j = i;
		for (; j > 0 && p->at[p->order[j - 1]] > p->at[i]; j--)
			p->order[j] = p->order[j - 1];
		p->order[j] = (unsigned char)i;
	}
}

/* The members at the learned places, if each is named as it was: 1, else 0. */
static int
pick_learned(const struct json_picker *p, const cJSON *obj, const cJSON **out)
{
	const cJSON *m = obj->child;
	unsigned place = 0;

	for (size_t j = 0; j < p->n; j++) {
		size_t i = p->order[j];
		for (; m && place < p->at[i]; place++)
			m = m->next;
		if (!m || !m->string || strcmp(m->string, p->keys[i]))
			return 0;
		out[i] = m;
	}
	return 1;
}

void
json_pick_like(struct json_picker *p, const cJSON *obj, const cJSON **out)
{
	if (p->learned && cJSON_IsObject(obj) && pick_learned(p, obj, out))
		return;
	pick(obj, p->keys, out, p->n, p->at);
	p->learned = 1;
	for (size_t i = 0; i < p->n; i++)
		p->learned &= out[i] != NULL;
	if (p->learned)
		learn_order(p);
}

cJSON *
json_put(cJSON *obj, const char *key, cJSON *v)
{
	cJSON_AddItemToObjectCS(obj, key, v);
	return v;
}

double
json_number(const cJSON *v)
{
	return cJSON_IsNumber(v) ? v->valuedouble : 0;
}

double
jnum(const cJSON *j, const char *path)
{
	return json_number(json_at(j, path));
}

int
json_array_has_str(const cJSON *a, const char *s)
{
	const cJSON *v;

	cJSON_ArrayForEach(v, a)
		if (cJSON_IsString(v) && !strcmp(v->valuestring, s))
			return 1;
	return 0;
}

static int
ix_cmp(const void *a, const void *b)
{
	const struct json_ix *x = a, *y = b;

	if (x->id != y->id)
		return (x->id > y->id) - (x->id < y->id);
	return (x->at > y->at) - (x->at < y->at);
}

struct json_ix *
json_index(const cJSON *array, const char *key, size_t *n)
{
	struct json_ix *ix = xcalloc((size_t)cJSON_GetArraySize(array) + 1, sizeof(*ix));
	const cJSON *e;

	*n = 0;
	cJSON_ArrayForEach(e, array) {
		ix[*n] = (struct json_ix){jnum(e, key), e, *n, 0};
		(*n)++;
	}
	qsort(ix, *n, sizeof(*ix), ix_cmp);
	return ix;
}

struct json_ix *
json_index_find(struct json_ix *ix, size_t n, double id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) { /* the first entry not below id */
		size_t mid = lo + (hi - lo) / 2;
		if (ix[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && ix[lo].id == id ? &ix[lo] : NULL;
}

void
json_release(void *j)
{
	cJSON_Delete(j);
}

const char *
json_field(struct req *r, const char *fmt, ...)
{
	struct buf b;
	va_list ap;

	buf_init(&b);
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	return req_own(r, b.data);
}
