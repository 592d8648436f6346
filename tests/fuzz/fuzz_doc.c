/*
 * fuzz_doc.c - core/json_doc.c and core/json_print.c against cJSON, on any bytes: the
 * input is a document as a cluster could send it.
 * Properties: a document json_doc reads is one cJSON reads as the same tree (types,
 * keys, strings, numbers to the bit); whatever cJSON reads, json_print prints as
 * cJSON_PrintUnformatted does, and json_doc reads that print back as the same tree
 * (the print is strict JSON, so json_doc refuses nothing cJSON itself writes).
 */
#include "core/json_doc.h"
#include "core/json_print.h"
#include "fuzz.h"

#include <math.h>

static int
same(const cJSON *a, const cJSON *b)
{
	const cJSON *x, *y;

	if (!a || !b || (a->type & 0xFF) != (b->type & 0xFF) || a->valueint != b->valueint ||
	    (memcmp(&a->valuedouble, &b->valuedouble, sizeof(double)) &&
	     !(isnan(a->valuedouble) && isnan(b->valuedouble))) ||
	    !a->string != !b->string || (a->string && strcmp(a->string, b->string)) ||
	    !a->valuestring != !b->valuestring ||
	    (a->valuestring && strcmp(a->valuestring, b->valuestring)))
		return 0;
	for (x = a->child, y = b->child; x && y; x = x->next, y = y->next)
		if (!same(x, y))
			return 0;
	return !x && !y && (!b->child || !b->child->prev->next);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct json_doc *d = json_doc_parse((const char *)data, size), *back;
	cJSON *c = cJSON_ParseWithLength((const char *)data, size);
	char *want, *got;
	size_t len;

	if (d)
		FUZZ_ASSERT(c && same(c, json_doc_root(d)), "json_doc read a document cJSON "
							    "reads otherwise (or not at all)");
	if (c) {
		want = cJSON_PrintUnformatted(c);
		got = json_print(c, &len);
		FUZZ_ASSERT(want && got && !strcmp(want, got) && len == strlen(want),
			    "printed %s, cJSON printed %s", got ? got : "nothing",
			    want ? want : "nothing");
		back = json_doc_parse(got, len);
		FUZZ_ASSERT(back, "json_doc refused what was printed: %s", got);
		cJSON *again = cJSON_Parse(got);
		FUZZ_ASSERT(again && same(again, json_doc_root(back)),
			    "json_doc read %s otherwise than cJSON", got);
		cJSON_Delete(again);
		json_doc_free(back);
		free(want);
		free(got);
	}
	cJSON_Delete(c);
	json_doc_free(d);
	return 0;
}
