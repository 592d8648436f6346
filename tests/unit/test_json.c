/* test_json.c - json.c: body parsing and validation against a spec, redaction. */
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
	return t_done();
}
