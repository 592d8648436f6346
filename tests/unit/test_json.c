/* test_json.c - json.c: body parsing and validation against a spec, redaction, picking members. */
#include "core/json.h"
#include "core/util.h"
#include "t.h"

#include <stdlib.h>

static const struct field_spec spec[] = {
	{"name", J_STRING, 1, ""},
	{"size", J_INT, 0, ""},
	{"on", J_BOOL, 0, ""},
	{NULL, 0, 0, NULL},
};

/*
 * json_pick_like over objects of one shape, of another, and missing keys: always what
 * json_pick finds (json_pick: the first member of each name, or NULL).
 */
static void
test_pick(void)
{
	static const char *const keys[] = {"c", "a", "bb"};
	const char *docs[] = {
		"{\"a\":1,\"x\":0,\"bb\":2,\"c\":3}", /* learns this shape */
		"{\"a\":4,\"x\":0,\"bb\":5,\"c\":6}", /* the same: read at the places */
		"{\"c\":7,\"bb\":8,\"a\":9}",         /* another order */
		"{\"a\":1,\"x\":0,\"by\":2,\"c\":3}", /* a name changed at a place */
		"{\"a\":1}",                          /* keys missing: not learned */
		"{\"a\":1,\"x\":0,\"bb\":2,\"c\":3}", /* learned again */
		"{\"a\":1,\"x\":0,\"bb\":2}",         /* shorter than learned */
		"[1,2,3]",                            /* no object */
		"{\"c\":1,\"c\":2,\"a\":0,\"bb\":0}", /* a name twice, its first learned */
		"{\"c\":1,\"c\":2,\"a\":0,\"bb\":0}",
	};
	struct json_picker pk;
	const cJSON *slow[3], *fast[3];

	json_picker_init(&pk, keys, 3);
	for (size_t d = 0; d < ARRAY_LEN(docs); d++) {
		cJSON *j = cJSON_Parse(docs[d]);
		json_pick(j, keys, slow, 3);
		json_pick_like(&pk, j, fast);
		for (int i = 0; i < 3; i++)
			CHECK(slow[i] == fast[i]);
		cJSON_Delete(j);
	}
	json_pick(NULL, keys, slow, 3);
	CHECK(!slow[0] && !slow[1] && !slow[2]);
}

static const char *
code_of(const char *text)
{
	static struct json_problem p;
	cJSON *j = json_parse_body(text, strlen(text), spec, &p);

	if (j) {
		cJSON_Delete(j);
		return "ok";
	}
	return p.code;
}

int
main(void)
{
	struct json_problem p;
	cJSON *j, *red;
	char *s;

	CHECK_STR(code_of("{\"name\":\"a\",\"size\":3}"), "ok");
	CHECK_STR(code_of("{\"name\":\"a\""), "invalid_json");
	CHECK_STR(code_of("{\"name\":\"a\"} x"), "invalid_json");
	CHECK_STR(code_of("[1]"), "not_an_object");
	CHECK_STR(code_of("{\"name\":\"a\",\"bogus\":1}"), "unknown_field");
	CHECK_STR(code_of("{\"name\":\"a\",\"name\":\"b\"}"), "duplicate_field");
	CHECK_STR(code_of("{\"name\":1}"), "invalid_type");
	CHECK_STR(code_of("{\"name\":\"a\",\"size\":1.5}"), "invalid_type");
	CHECK_STR(code_of("{\"name\":\"a\",\"on\":\"yes\"}"), "invalid_type");
	CHECK_STR(code_of("{}"), "missing_field");
	CHECK_STR(code_of("{\"name\":\"\xff\"}"), "invalid_json");
	CHECK(json_parse_body("{\"name\":\"a\"\0}", 13, spec, &p) == NULL &&
	      !strcmp(p.code, "invalid_json"));
	CHECK(json_parse_body("{\"name\":1}", 10, spec, &p) == NULL && !strcmp(p.field, "name"));
	CHECK(json_parse_body("{\"a\":", 5, spec, &p) == NULL && strstr(p.message, "byte"));
	/*
	 * An unknown field of 200 two-byte characters: the field (128 bytes) and the
	 * message are cut at a character, so the 400 stays UTF-8 (found by fuzz_json).
	 */
	s = malloc(1024);
	strcpy(s, "{\"name\":\"a\",\"");
	for (int i = 0; i < 200; i++)
		strcat(s, "\xc3\xa9");
	strcat(s, "\":1}");
	CHECK(json_parse_body(s, strlen(s), spec, &p) == NULL && !strcmp(p.code, "unknown_field"));
	CHECK(strlen(p.field) == 126 && utf8_valid(p.field, strlen(p.field)));
	CHECK(utf8_valid(p.message, strlen(p.message)));
	free(s);

	j = cJSON_Parse("{\"username\":\"u\",\"password\":\"p\",\"nested\":{\"api_key\":\"k\","
			"\"list\":[{\"secret\":1}]},\"Token\":\"t\"}");
	red = json_redact(j);
	s = cJSON_PrintUnformatted(red);
	CHECK_STR(s, "{\"username\":\"u\",\"password\":\"***\",\"nested\":{\"api_key\":\"***\","
		     "\"list\":[{\"secret\":\"***\"}]},\"Token\":\"***\"}");
	free(s);
	cJSON_Delete(j);
	cJSON_Delete(red);
	test_pick();
	return t_done();
}
