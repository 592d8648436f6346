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

/*
 * An empty document to build a tree in, node by node: the nodes and strings come from
 * its arena and go with json_doc_free, all at once. Link them with cJSON's adders that
 * allocate nothing (cJSON_AddItemToArray, json_put); never cJSON_Delete them, nor mix
 * in nodes cJSON made.
 */
struct json_doc *json_doc_new(void);
cJSON *json_doc_object(struct json_doc *d);
cJSON *json_doc_array(struct json_doc *d);
cJSON *json_doc_null(struct json_doc *d);
cJSON *json_doc_bool(struct json_doc *d, int b);
cJSON *json_doc_number(struct json_doc *d, double v);
/* A string node with a copy of s (NULL: ""). */
cJSON *json_doc_string(struct json_doc *d, const char *s);
/* A copy of v and all under it, without v's key (its members keep theirs). */
cJSON *json_doc_copy(struct json_doc *d, const cJSON *v);

#endif
