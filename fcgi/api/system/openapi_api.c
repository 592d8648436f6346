/* openapi_api.c - GET /api/openapi.json: the document server/openapi.c makes of the route table. */
#include "api/system/system.h"
#include "core/resp.h"
#include "server/openapi.h"

int
openapi_get(struct req *r)
{
	return resp_json(r, 200, openapi_document(r->routes));
}
