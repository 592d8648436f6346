/* openapi.h - the OpenAPI document built from the route table and the areas' schemas. */
#ifndef OA_OPENAPI_H
#define OA_OPENAPI_H

#include <cjson/cJSON.h>

struct route;
struct schema_def;

/* Names the component schemas (tables of struct schema_def, each ending with a NULL name; the
 * list ends with NULL); main calls it once, before the document is first made. */
void openapi_setup(const struct schema_def *const *tables);
/*
 * A new OpenAPI 3 document describing every route of table (caller owns it), or NULL
 * with *error (caller frees) when a row's answer or a schema does not parse, a $ref
 * names no schema, or two rows make one operationId.
 */
cJSON *openapi_document(const struct route *table, char **error);

#endif
