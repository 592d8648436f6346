/* openapi_api.c - GET /api/openapi.json: the document server/openapi.c makes of the route table. */
#include "api/system/system.h"
#include "core/resp.h"
#include "server/openapi.h"

int
openapi_get(struct req *r)
{
	char *error = NULL;
	cJSON *doc = openapi_document(r->routes, &error);

	if (!doc) {
		req_own(r, error);
		return resp_internal(r, "cannot make the API document: %s", error);
	}
	return resp_json(r, 200, doc);
}
