/*
 * json_doc.h - big JSON documents (the cluster's maps) parsed fast into read-only
 * cJSON trees that live in one arena. json_doc.c says how and why.
 */
#ifndef OA_JSON_DOC_H
#define OA_JSON_DOC_H

#include <cjson/cJSON.h>
#include <stddef.h>

struct json_doc;

/*
 * Parses text[0..len) (copied: the caller keeps text): one JSON value with nothing but
 * whitespace around it. NULL if it is not JSON.
 */
struct json_doc *json_doc_parse(const char *text, size_t len);

/* The document's value: read it like any cJSON tree, never change or cJSON_Delete it. */
const cJSON *json_doc_root(const struct json_doc *d);

/* Drops the document and every node of it (NULL is fine). */
void json_doc_free(struct json_doc *d);

#endif
