/*
 * test_json_doc.c - core/json_doc.c and core/json_print.c against cJSON, whose trees
 * and bytes they must match: every valid input reads as the tree cJSON makes of it
 * (the same types, keys, strings, numbers to the bit, valueint and the links readers
 * follow), prints as cJSON_PrintUnformatted prints it, and every invalid one is
 * refused. A built document is the tree cJSON's constructors make, its copies are
 * cJSON's duplicates, and what cJSON_Duplicate makes of it outlives it.
 */
#include "core/json.h"
#include "core/json_doc.h"
#include "core/json_print.h"
#include "t.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Whether a and b are the same tree, field by field (numbers exactly). */
static int
same(const cJSON *a, const cJSON *b)
{
	const cJSON *x, *y;

	if (!a || !b || (a->type & 0xFF) != (b->type & 0xFF) || a->valueint != b->valueint ||
	    memcmp(&a->valuedouble, &b->valuedouble, sizeof(double)) || !a->string != !b->string ||
	    (a->string && strcmp(a->string, b->string)) || !a->valuestring != !b->valuestring ||
	    (a->valuestring && strcmp(a->valuestring, b->valuestring)))
		return 0;
	for (x = a->child, y = b->child; x && y; x = x->next, y = y->next)
		if (!same(x, y) || (x != a->child && x->prev->next != x))
			return 0;
	/* readers and cJSON's own functions find the last child as the first one's prev */
	return !x && !y && (!b->child || (b->child->prev && !b->child->prev->next));
}

/* The same tree built both ways: by cJSON (*want) and in d (returned). */
static cJSON *
build_both(struct json_doc *d, cJSON **want)
{
	cJSON *parsed =
		cJSON_Parse("{\"ratio\":0.875,\"list\":[1,\"two\",{\"k\":null}],\"t\":true}");
	cJSON *j = json_doc_object(d), *w = cJSON_CreateObject(), *a, *wa;

	json_put(j, "n", json_doc_number(d, 12345678901.0));
	cJSON_AddItemToObjectCS(w, "n", cJSON_CreateNumber(12345678901.0));
	json_put(j, "big", json_doc_number(d, 1e12));
	cJSON_AddItemToObjectCS(w, "big", cJSON_CreateNumber(1e12));
	json_put(j, "neg", json_doc_number(d, -3e9));
	cJSON_AddItemToObjectCS(w, "neg", cJSON_CreateNumber(-3e9));
	json_put(j, "s", json_doc_string(d, "a \"quoted\" name"));
	cJSON_AddItemToObjectCS(w, "s", cJSON_CreateString("a \"quoted\" name"));
	json_put(j, "empty", json_doc_string(d, NULL));
	cJSON_AddItemToObjectCS(w, "empty", cJSON_CreateString(""));
	json_put(j, "yes", json_doc_bool(d, 1));
	cJSON_AddItemToObjectCS(w, "yes", cJSON_CreateBool(1));
	json_put(j, "no", json_doc_bool(d, 0));
	cJSON_AddItemToObjectCS(w, "no", cJSON_CreateBool(0));
	json_put(j, "nothing", json_doc_null(d));
	cJSON_AddItemToObjectCS(w, "nothing", cJSON_CreateNull());
	a = json_put(j, "many", json_doc_array(d));
	wa = cJSON_CreateArray();
	cJSON_AddItemToObjectCS(w, "many", wa);
	for (int i = 0; i < 1000; i++) { /* past the first chunks of nodes and strings */
		char name[32];
		snprintf(name, sizeof(name), "item %d of many", i);
		cJSON_AddItemToArray(a, json_doc_string(d, name));
		cJSON_AddItemToArray(wa, cJSON_CreateString(name));
	}
	json_put(j, "copy", json_doc_copy(d, parsed));
	cJSON_AddItemToObjectCS(w, "copy", cJSON_Duplicate(parsed, 1));
	json_put(j, "empty_object", json_doc_object(d));
	cJSON_AddItemToObjectCS(w, "empty_object", cJSON_CreateObject());
	cJSON_Delete(parsed);
	*want = w;
	return j;
}

static void
test_built(void)
{
	struct json_doc *d = json_doc_new();
	cJSON *want, *got = build_both(d, &want), *dup;
	char *p1, *p2;

	CHECK(same(got, want));
	p1 = cJSON_PrintUnformatted(want);
	p2 = json_print(got, NULL);
	CHECK_STR(p2, p1);
	free(p2);
	CHECK(cJSON_Compare(got, want, 1));
	/* a duplicate owes nothing to the document it was made from */
	dup = cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(got, "copy"), 1);
	json_doc_free(d);
	CHECK(same(dup, cJSON_GetObjectItemCaseSensitive(want, "copy")));
	cJSON_Delete(dup);
	free(p1);
	cJSON_Delete(want);
	json_doc_free(NULL);
}

/* Parses text both ways; 1 if json_doc gives cJSON's tree and both print cJSON's bytes. */
static int
agrees(const char *text)
{
	cJSON *c = cJSON_ParseWithLength(text, strlen(text));
	struct json_doc *d = json_doc_parse(text, strlen(text));
	char *want = c ? cJSON_PrintUnformatted(c) : NULL, *got = NULL, *mine = NULL;
	size_t len = 0;
	int ok = c && d && same(c, json_doc_root(d));

	if (ok) {
		got = json_print(json_doc_root(d), &len);
		mine = json_print(c, NULL);
		ok = t_streq(want, got) && t_streq(want, mine) && len == strlen(want);
	}
	if (!ok)
		fprintf(stderr, "disagree on %.80s: cJSON %s, json_doc %s\n", text,
			want ? want : "-", got ? got : "-");
	free(want);
	free(got);
	free(mine);
	cJSON_Delete(c);
	json_doc_free(d);
	return ok;
}

static int
refused(const char *text, size_t len)
{
	struct json_doc *d = json_doc_parse(text, len);

	json_doc_free(d);
	return d == NULL;
}

/* n arrays nested around a 1. */
static char *
nested(int n)
{
	char *s = malloc((size_t)n * 2 + 2);

	memset(s, '[', (size_t)n);
	s[n] = '1';
	memset(s + n + 1, ']', (size_t)n);
	s[2 * n + 1] = '\0';
	return s;
}

/* A pseudo-random document of about n values, as Ceph's maps look (objects of arrays). */
static void
grow(cJSON *parent, int depth, unsigned *seed, int *budget)
{
	char key[16];

	while (*budget > 0) {
		unsigned r = (*seed = *seed * 1103515245u + 12345u) >> 16;
		cJSON *v;
		(*budget)--;
		switch (r % 8) {
		case 0:
			v = cJSON_CreateNumber((double)(r % 100000) * 1048576.0);
			break;
		case 1:
			v = cJSON_CreateNumber((double)r / 7.0 - 2000.0);
			break;
		case 2:
			v = cJSON_CreateString(r % 3 ? "osd.12" : "a \"b\"\n\\c\x01 \xc3\xa9");
			break;
		case 3:
			v = cJSON_CreateBool(r & 1);
			break;
		case 4:
			v = cJSON_CreateNull();
			break;
		case 5:
			v = cJSON_CreateNumber(-(double)(r % 1000));
			break;
		default:
			v = r % 2 ? cJSON_CreateArray() : cJSON_CreateObject();
		}
		if (cJSON_IsArray(parent)) {
			cJSON_AddItemToArray(parent, v);
		} else {
			snprintf(key, sizeof(key), "k%u", r % 1000);
			cJSON_AddItemToObject(parent, key, v);
		}
		if ((cJSON_IsArray(v) || cJSON_IsObject(v)) && depth < 6)
			grow(v, depth + 1, seed, budget);
		if (r % 5 == 0)
			return;
	}
}

int
main(void)
{
	static const char *valid[] = {
		"0",
		"-0",
		"1",
		"-1",
		"7",
		"123456789012345",
		"-123456789012345",
		"1234567890123456",
		"2147483647",
		"2147483648",
		"-2147483648",
		"-2147483649",
		"9007199254740993",
		"18446744073709551615",
		"1e3",
		"1E-7",
		"1.5",
		"-0.25",
		"0.1",
		"3.141592653589793",
		"1e308",
		"2.5e-308",
		"100000000000000",
		"999999999999999",
		"true",
		"false",
		"null",
		"\"\"",
		"\"plain\"",
		"\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"",
		"\"\\u00e9\\u20ac\\ud83d\\ude00\"",
		"\"\\u0001\\u001f\"",
		"\"caf\xc3\xa9\"",
		"\"a\x01z\"",
		"[]",
		"{}",
		"[[]]",
		"[{}]",
		" \t\r\n[1, 2 ,3]\n ",
		"{\"a\":1,\"b\":[true,false,null],\"c\":{\"d\":\"e\"}}",
		"{\"\":0}",
		"{\"dup\":1,\"dup\":2}",
		"[0.5,-1e-5,1e+21,12345678.875]",
		"{\"pool_id\":1,\"pool_name\":\"rbd\",\"size\":3,\"flags_names\":\"hashpspool\","
		"\"options\":{},\"application_metadata\":{\"rbd\":{}},\"stats\":{\"stored\":"
		"107374182400,\"percent_used\":0.0123456789}}",
	};
	static const char *invalid[] = {
		"",
		" ",
		"{",
		"}",
		"[",
		"[1,]",
		"[,1]",
		"[1 2]",
		"{\"a\"}",
		"{\"a\":}",
		"{\"a\":1,}",
		"{a:1}",
		"{\"a\" 1}",
		"tru",
		"nul",
		"falsey",
		"01",
		"1.",
		".5",
		"-",
		"+1",
		"1e",
		"1e+",
		"--1",
		"\"abc",
		"\"\\x\"",
		"\"\\u12\"",
		"\"\\ud800\"",
		"\"\\udc00\"",
		"\"\\ud800\\u0041\"",
		"1 2",
		"[1]]",
		"NaN",
		"[\"a\"\"b\"]",
		"'a'",
	};
	char *s;

	for (size_t i = 0; i < sizeof(valid) / sizeof(valid[0]); i++)
		CHECK(agrees(valid[i]));
	for (size_t i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++)
		CHECK(refused(invalid[i], strlen(invalid[i])));

	/* Nesting is bounded where cJSON bounds it. */
	s = nested(1000);
	CHECK(agrees(s));
	free(s);
	s = nested(1001);
	CHECK(refused(s, strlen(s)));
	free(s);

	/* The length is the document: no NUL needed, nothing read past it. */
	CHECK(refused("[1,2]x", 6));
	struct json_doc *d = json_doc_parse("[1,2]xyz", 5);
	CHECK(d && cJSON_GetArraySize(json_doc_root(d)) == 2);
	json_doc_free(d);
	d = json_doc_parse("123", 2);
	CHECK(d && json_doc_root(d)->valuedouble == 12.0);
	json_doc_free(d);
	/* \u0000 ends the string, as in cJSON */
	CHECK(agrees("[\"a\\u0000b\",1]"));

	/* Big documents, as the maps are. */
	for (unsigned seed = 1; seed <= 20; seed++) {
		cJSON *root = seed % 2 ? cJSON_CreateObject() : cJSON_CreateArray();
		int budget = 20000;
		unsigned st = seed;
		grow(root, 0, &st, &budget);
		s = cJSON_PrintUnformatted(root);
		CHECK(agrees(s));
		free(s);
		s = cJSON_Print(root); /* indented: whitespace everywhere */
		CHECK(agrees(s));
		free(s);
		cJSON_Delete(root);
	}

	/* Printing what answers hold and no parse makes. */
	cJSON *j = cJSON_CreateArray();
	cJSON_AddItemToArray(j, cJSON_CreateNumber(NAN));
	cJSON_AddItemToArray(j, cJSON_CreateNumber(INFINITY));
	cJSON_AddItemToArray(j, cJSON_CreateNumber(-0.0));
	cJSON_AddItemToArray(j, cJSON_CreateNumber(1e15));
	cJSON_AddItemToArray(j, cJSON_CreateNumber(-1e17));
	cJSON_AddItemToArray(j, cJSON_CreateNumber(0.1 + 0.2));
	cJSON_AddItemToArray(j, cJSON_CreateRaw("{\"pre\":\"rendered\"}"));
	cJSON_AddItemToArray(j, cJSON_CreateString("\x7f\x1f\xe2\x82\xac"));
	cJSON *o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "k\n\"ey\"", cJSON_CreateObject());
	cJSON_AddItemToArray(j, o);
	char *want = cJSON_PrintUnformatted(j), *got = json_print(j, NULL);
	CHECK_STR(got, want);
	free(want);
	free(got);
	cJSON *raw = cJSON_CreateRaw("x");
	free(raw->valuestring);
	raw->valuestring = NULL;
	cJSON_AddItemToArray(j, raw);
	CHECK(json_print(j, NULL) == NULL && cJSON_PrintUnformatted(j) == NULL);
	cJSON_Delete(j);
	CHECK(json_print(NULL, NULL) == NULL);
	test_built();
	return t_done();
}
