/*
 * test_schema.c - schema.c's notation (each form, and the errors of what does not
 * parse) and openapi.c's document of the real route table: it is made without a
 * problem, every list route declares its paging, sort and search parameters, every
 * row its answers, errors and an operationId of its own, and every example is a body its
 * route accepts.
 */
#include "core/json.h"
#include "server/openapi.h"
#include "server/schema.h"
#include "t.h"
#include "tables.h"

#include <stdlib.h>

/* The notation text as compact JSON Schema (static buffer), or "ERROR: ..." */
static const char *
as_json(const char *text)
{
	static char out[2048];
	char *error = NULL, *s;
	cJSON *j = schema_parse(text, NULL, &error);

	if (!j) {
		snprintf(out, sizeof(out), "ERROR: %s", error);
		free(error);
		return out;
	}
	s = cJSON_PrintUnformatted(j);
	snprintf(out, sizeof(out), "%s", s);
	free(s);
	cJSON_Delete(j);
	return out;
}

static void
test_notation(void)
{
	CHECK_STR(as_json("s"), "{\"type\":\"string\"}");
	CHECK_STR(as_json("i?"), "{\"type\":\"integer\",\"nullable\":true}");
	CHECK_STR(as_json("t"), "{\"type\":\"string\",\"format\":\"date-time\"}");
	CHECK_STR(as_json("any"), "{}");
	CHECK_STR(as_json("[b]"), "{\"type\":\"array\",\"items\":{\"type\":\"boolean\"}}");
	CHECK_STR(as_json("(up|down)"), "{\"type\":\"string\",\"enum\":[\"up\",\"down\"]}");
	CHECK_STR(as_json("Pool"), "{\"$ref\":\"#/components/schemas/Pool\"}");
	CHECK_STR(as_json("Pool?"),
		  "{\"allOf\":[{\"$ref\":\"#/components/schemas/Pool\"}],\"nullable\":true}");
	CHECK_STR(as_json("{a: s, b?: n}"),
		  "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"},\"b\":{"
		  "\"type\":\"number\"}},\"required\":[\"a\"],\"additionalProperties\":false}");
	CHECK_STR(as_json("{a: s ...}"),
		  "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}},\"required\":"
		  "[\"a\"],\"additionalProperties\":true}");
	CHECK_STR(as_json("{*: i}"),
		  "{\"type\":\"object\",\"additionalProperties\":{\"type\":\"integer\"}}");
	CHECK(strstr(as_json("list(Pool)"), "\"items\":{\"type\":\"array\",\"items\":{\"$ref\":"
					    "\"#/components/schemas/Pool\"}}") != NULL);
	CHECK(strstr(as_json("{p: {q: [(a|b)]?}}"), "\"nullable\":true") != NULL);

	/* What does not parse says what and where. */
	CHECK(!strncmp(as_json("{a s}"), "ERROR: expected ':' after the member name", 41));
	CHECK(!strncmp(as_json("{a: s"), "ERROR: expected '}'", 19));
	CHECK(!strncmp(as_json("[s"), "ERROR: expected ']'", 19));
	CHECK(!strncmp(as_json("str"), "ERROR: unknown type", 19));
	CHECK(!strncmp(as_json("(a|)"), "ERROR: expected a word", 22));
	CHECK(!strncmp(as_json("{a: s, a: i}"), "ERROR: a member is named twice", 30));
	CHECK(!strncmp(as_json("s s"), "ERROR: unexpected text", 22));
	CHECK(!strncmp(as_json(""), "ERROR: expected a schema", 24));
}

/* The operation of method and path in doc. */
static const cJSON *
op_of(const cJSON *doc, const char *path, const char *method)
{
	return json_at(cJSON_GetObjectItemCaseSensitive(
			       cJSON_GetObjectItemCaseSensitive(doc, "paths"), path),
		       method);
}

/* Whether op has the parameter name (in: query). */
static int
has_query(const cJSON *op, const char *name)
{
	const cJSON *p;

	cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(op, "parameters"))
		if (!strcmp(json_str(p, "name") ?: "", name) &&
		    !strcmp(json_str(p, "in") ?: "", "query"))
			return 1;
	return 0;
}

static void
test_document(void)
{
	char *error = NULL;
	cJSON *doc;
	const cJSON *op;

	openapi_setup(schema_tables);
	doc = openapi_document(routes, &error);
	if (!doc)
		fprintf(stderr, "the document: %s\n", error);
	CHECK(doc != NULL);
	free(error);
	if (!doc)
		return;
	for (const struct route *rt = routes; rt->method; rt++) {
		char *path = xstrdup(rt->pattern), m[8] = "";
		for (char *p = strstr(path, ":int}") ?: strstr(path, ":any}"); p;
		     p = strstr(path, ":int}") ?: strstr(path, ":any}"))
			memmove(p, p + 4, strlen(p + 4) + 1);
		for (size_t i = 0; rt->method[i] && i < 7; i++)
			m[i] = (char)(rt->method[i] | 0x20);
		op = op_of(doc, path, m);
		CHECK(op && json_str(op, "operationId") && json_at(op, "responses"));
		if (op && rt->list)
			CHECK(has_query(op, "offset") && has_query(op, "limit") &&
			      has_query(op, "sort") && has_query(op, "search"));
		for (const struct field_spec *f = rt->query; op && f && f->name; f++)
			CHECK(has_query(op, f->name));
		if (rt->example) {
			/* An example is a body the route accepts (its spec, as the dispatcher
			 * checks). */
			struct json_problem jp;
			cJSON *b = json_parse_body(rt->example, strlen(rt->example), rt->body, &jp);
			if (!b)
				fprintf(stderr, "%s %s: example: %s\n", rt->method, rt->pattern,
					jp.message);
			CHECK(b != NULL &&
			      json_at(op, "requestBody.content.application/json.example"));
			cJSON_Delete(b);
		}
		if (op && !(rt->flags & R_PUBLIC))
			CHECK(json_at(op, "responses.401") && json_at(op, "responses.503"));
		free(path);
	}
	op = op_of(doc, "/api/clusters/{fsid}/pools", "get");
	CHECK(op && json_at(op, "responses.200.content"));
	CHECK(json_at(doc, "components.schemas.Error") &&
	      json_at(doc, "components.responses.E404"));
	cJSON_Delete(doc);
}

int
main(void)
{
	test_notation();
	test_document();
	return t_done();
}
