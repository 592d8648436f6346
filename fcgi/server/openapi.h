/* openapi.h - the OpenAPI document built from the route table. */
#ifndef OA_OPENAPI_H
#define OA_OPENAPI_H

#include <cjson/cJSON.h>

struct route;

/* A new OpenAPI 3 document describing every route of table (caller owns it). */
cJSON *openapi_document(const struct route *table);

#endif
