/* system.h - the public routes: health and the OpenAPI document. */
#ifndef OA_SYSTEM_H
#define OA_SYSTEM_H

#include "core/json.h"
#include "core/req.h"
#include "server/schema.h"

/* health.c */
int health_get(struct req *r);
/* openapi_api.c */
int openapi_get(struct req *r);

/* What the route rows name: list specs, query parameters, the component schemas. */
extern const struct schema_def system_schemas[];

#endif
