/*
 * schema.c - the schema notation of the route table's answers and of the components
 * the areas define (schema.h has the grammar), turned into OpenAPI 3.0 schema objects.
 * The notation is short so that a resource's description fits beside the code that
 * builds it; the API tests check every answer against what it becomes, so a
 * description that is wrong fails a test. A notation that does not parse is a bug:
 * the error names the text and the position, and the document's generation fails.
 */
#include "server/schema.h"
#include "core/util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

struct parser {
	const char *text, *p;
	char *error; /* the first error, owned */
};

static void
fail(struct parser *ps, const char *what)
{
	if (!ps->error)
		ps->error = xasprintf("%s at offset %ld of \"%s\"", what, (long)(ps->p - ps->text),
				      ps->text);
}

/* Steps over c, or fails with msg without moving (never past the end). */
static int
expect(struct parser *ps, char c, const char *msg)
{
	if (*ps->p != c) {
		fail(ps, msg);
		return 0;
	}
	ps->p++;
	return 1;
}

static void
skip_space(struct parser *ps)
{
	while (*ps->p == ' ' || *ps->p == ',' || *ps->p == '\n' || *ps->p == '\t')
		ps->p++;
}

static int
is_word(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '-' || c == '.' || c == '/';
}

/* The word at p (letters, digits, _ - . /), as a new string; NULL if there is none. */
static char *
word(struct parser *ps)
{
	const char *s = ps->p;

	while (is_word(*ps->p))
		ps->p++;
	return ps->p > s ? xstrndup(s, (size_t)(ps->p - s)) : NULL;
}

static cJSON *parse(struct parser *ps);

static cJSON *
typed(const char *type, const char *format)
{
	cJSON *s = cJSON_CreateObject();

	cJSON_AddStringToObject(s, "type", type);
	if (format)
		cJSON_AddStringToObject(s, "format", format);
	return s;
}

static cJSON *
ref(const char *name)
{
	cJSON *s = cJSON_CreateObject();
	char *path = xasprintf("#/components/schemas/%s", name);

	cJSON_AddStringToObject(s, "$ref", path);
	free(path);
	return s;
}

/* The list envelope of API.md around items of schema item (taken). */
cJSON *
schema_list_of(cJSON *item)
{
	cJSON *s = typed("object", NULL), *props = cJSON_AddObjectToObject(s, "properties");
	cJSON *items = typed("array", NULL), *req = cJSON_AddArrayToObject(s, "required");
	static const char *const counts[] = {"total", "offset", "limit"};

	cJSON_AddItemToObject(items, "items", item);
	cJSON_AddItemToObject(props, "items", items);
	cJSON_AddItemToArray(req, cJSON_CreateString("items"));
	for (size_t i = 0; i < 3; i++) {
		cJSON_AddItemToObject(props, counts[i], typed("integer", NULL));
		cJSON_AddItemToArray(req, cJSON_CreateString(counts[i]));
	}
	/* Only in lists from PostgreSQL, and only false: the total is an estimate. */
	cJSON_AddItemToObject(props, "total_exact", typed("boolean", NULL));
	cJSON_AddBoolToObject(s, "additionalProperties", 0);
	return s;
}

/* '(' a | b | c ')': a string that is one of the words. */
static cJSON *
parse_enum(struct parser *ps)
{
	cJSON *s = typed("string", NULL), *e = cJSON_AddArrayToObject(s, "enum");
	char *w;

	ps->p++;
	for (;;) {
		skip_space(ps);
		if (!(w = word(ps))) {
			fail(ps, "expected a word of the enumeration");
			return s;
		}
		cJSON_AddItemToArray(e, cJSON_CreateString(w));
		free(w);
		skip_space(ps);
		if (*ps->p == ')')
			break;
		if (!expect(ps, '|', "expected '|' or ')' in the enumeration"))
			return s;
	}
	ps->p++;
	return s;
}

/* One member "name[?]: schema" into props (and required unless optional). */
static void
parse_member(struct parser *ps, cJSON *props, cJSON *req)
{
	char *name = word(ps);
	int optional = 0;

	if (!name) {
		fail(ps, "expected a member name");
		return;
	}
	if (*ps->p == '?') {
		optional = 1;
		ps->p++;
	}
	if (!expect(ps, ':', "expected ':' after the member name")) {
		free(name);
		return;
	}
	skip_space(ps);
	if (cJSON_GetObjectItemCaseSensitive(props, name))
		fail(ps, "a member is named twice");
	cJSON_AddItemToObject(props, name, parse(ps));
	if (!optional)
		cJSON_AddItemToArray(req, cJSON_CreateString(name));
	free(name);
}

/* '{' members ['...'] '}' or '{*:' schema '}'. */
static cJSON *
parse_object(struct parser *ps)
{
	cJSON *s = typed("object", NULL), *props, *req;
	int open = 0;

	ps->p++;
	skip_space(ps);
	if (!strncmp(ps->p, "*:", 2)) {
		ps->p += 2;
		skip_space(ps);
		cJSON_AddItemToObject(s, "additionalProperties", parse(ps));
		skip_space(ps);
		expect(ps, '}', "expected '}' after a map's value schema");
		return s;
	}
	props = cJSON_AddObjectToObject(s, "properties");
	req = cJSON_CreateArray();
	while (!ps->error && *ps->p != '}') {
		if (!strncmp(ps->p, "...", 3)) {
			ps->p += 3;
			open = 1;
		} else if (!*ps->p) {
			fail(ps, "expected '}'");
		} else {
			parse_member(ps, props, req);
		}
		skip_space(ps);
	}
	if (*ps->p == '}')
		ps->p++;
	if (cJSON_GetArraySize(req) > 0)
		cJSON_AddItemToObject(s, "required", req);
	else
		cJSON_Delete(req);
	cJSON_AddBoolToObject(s, "additionalProperties", open);
	return s;
}

static cJSON *
parse_named(struct parser *ps)
{
	static const struct {
		const char *name, *type, *format;
	} prims[] = {
		{"s", "string", NULL},  {"i", "integer", NULL},       {"n", "number", NULL},
		{"b", "boolean", NULL}, {"t", "string", "date-time"}, {NULL, NULL, NULL},
	};
	char *w = word(ps);
	cJSON *s = NULL;

	if (!w) {
		fail(ps, "expected a schema");
		return cJSON_CreateObject();
	}
	if (!strcmp(w, "any")) {
		s = cJSON_CreateObject();
	} else if (!strcmp(w, "list") && *ps->p == '(') {
		ps->p++;
		s = schema_list_of(parse(ps));
		expect(ps, ')', "expected ')' after list(...");
	} else if (isupper((unsigned char)w[0])) {
		s = ref(w);
	} else {
		for (size_t i = 0; prims[i].name; i++)
			if (!strcmp(w, prims[i].name))
				s = typed(prims[i].type, prims[i].format);
		if (!s) {
			fail(ps, "unknown type (s i n b t any Name [..] {..} (a|b) list(..))");
			s = cJSON_CreateObject();
		}
	}
	free(w);
	return s;
}

/* Marks s (a new schema) as also null: 3.0 ignores siblings of $ref, so wrap it. */
static cJSON *
nullable(cJSON *s)
{
	if (cJSON_GetObjectItemCaseSensitive(s, "$ref")) {
		cJSON *w = cJSON_CreateObject();
		cJSON_AddItemToArray(cJSON_AddArrayToObject(w, "allOf"), s);
		s = w;
	}
	cJSON_AddBoolToObject(s, "nullable", 1);
	return s;
}

static cJSON *
parse(struct parser *ps)
{
	cJSON *s;

	skip_space(ps);
	if (*ps->p == '[') {
		ps->p++;
		s = typed("array", NULL);
		cJSON_AddItemToObject(s, "items", parse(ps));
		skip_space(ps);
		expect(ps, ']', "expected ']'");
	} else if (*ps->p == '{') {
		s = parse_object(ps);
	} else if (*ps->p == '(') {
		s = parse_enum(ps);
	} else {
		s = parse_named(ps);
	}
	if (*ps->p == '?') {
		ps->p++;
		s = nullable(s);
	}
	return s;
}

cJSON *
schema_parse(const char *text, const char **end, char **error)
{
	struct parser ps = {text, text, NULL};
	cJSON *s = parse(&ps);

	if (end)
		*end = ps.p;
	else if ((skip_space(&ps), *ps.p))
		fail(&ps, "unexpected text after the schema");
	if (ps.error) {
		cJSON_Delete(s);
		*error = ps.error;
		return NULL;
	}
	return s;
}
