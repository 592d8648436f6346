/*
 * openapi.c - the OpenAPI 3 document, generated from the route table so it cannot
 * drift from what the server does: paths, methods, path parameters, who may call,
 * the request body's fields and the error shape. Served at /api/openapi.json and
 * written to web/openapi.json by `openattic openapi`.
 */
#include "server/openapi.h"
#include "core/resp.h"
#include "server/router.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const char *
who(const struct route *rt)
{
	if (rt->flags & R_PUBLIC)
		return "anyone";
	if (rt->flags & R_ADMIN)
		return "admin";
	if (!strcmp(rt->method, "GET") || (rt->flags & R_ANY_ROLE))
		return "viewer, operator, admin";
	return "operator, admin";
}

static cJSON *
body_schema(const struct field_spec *spec)
{
	cJSON *s = cJSON_CreateObject(), *props, *req = cJSON_CreateArray();

	cJSON_AddStringToObject(s, "type", "object");
	cJSON_AddBoolToObject(s, "additionalProperties", 0);
	props = cJSON_AddObjectToObject(s, "properties");
	for (; spec && spec->name; spec++) {
		cJSON *f = cJSON_AddObjectToObject(props, spec->name);
		if (spec->type != J_ANY)
			cJSON_AddStringToObject(f, "type", jtype_name(spec->type));
		cJSON_AddStringToObject(f, "description", spec->doc);
		if (spec->required)
			cJSON_AddItemToArray(req, cJSON_CreateString(spec->name));
	}
	if (cJSON_GetArraySize(req) > 0)
		cJSON_AddItemToObject(s, "required", req);
	else
		cJSON_Delete(req);
	return s;
}

/* The OpenAPI path of a pattern: "{id:int}" is "{id}", "{name:any}" "{name}" (new). */
static char *
openapi_path(const char *pattern)
{
	struct buf b;

	buf_init(&b);
	for (const char *p = pattern; *p; p++) {
		if (!strncmp(p, ":int}", 5) || !strncmp(p, ":any}", 5))
			p += 4;
		buf_printf(&b, "%c", *p);
	}
	return b.data;
}

static void
add_path_params(cJSON *op, const char *pattern)
{
	cJSON *params = cJSON_AddArrayToObject(op, "parameters");

	for (const char *p = strchr(pattern, '{'); p; p = strchr(p + 1, '{')) {
		cJSON *q = cJSON_CreateObject();
		size_t n = strcspn(p + 1, ":}");
		char *name = xstrndup(p + 1, n);
		int typed = !strncmp(p + 1 + n, ":int}", 5);
		cJSON_AddStringToObject(q, "name", name);
		cJSON_AddStringToObject(q, "in", "path");
		cJSON_AddBoolToObject(q, "required", 1);
		cJSON_AddStringToObject(cJSON_AddObjectToObject(q, "schema"), "type",
					typed ? "integer" : "string");
		cJSON_AddItemToArray(params, q);
		free(name);
	}
}

static cJSON *
operation(const struct route *rt)
{
	cJSON *op = cJSON_CreateObject(), *resp, *err;
	char *lower = xstrdup(rt->method);

	for (char *c = lower; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	cJSON_AddStringToObject(op, "summary", rt->summary);
	cJSON_AddStringToObject(op, "x-roles", who(rt));
	if (rt->flags & R_PUBLIC)
		cJSON_AddArrayToObject(op, "security");
	add_path_params(op, rt->pattern);
	if (strcmp(rt->method, "GET") && strcmp(rt->method, "DELETE")) {
		cJSON *rb = cJSON_AddObjectToObject(op, "requestBody");
		cJSON *ct = cJSON_AddObjectToObject(cJSON_AddObjectToObject(rb, "content"),
						    "application/json");
		cJSON_AddItemToObject(ct, "schema", body_schema(rt->body));
	}
	resp = cJSON_AddObjectToObject(op, "responses");
	cJSON_AddStringToObject(cJSON_AddObjectToObject(resp, "2XX"), "description", "success");
	err = cJSON_AddObjectToObject(resp, "default");
	cJSON_AddStringToObject(err, "description", "an error in the API's error shape");
	cJSON_AddStringToObject(
		cJSON_AddObjectToObject(
			cJSON_AddObjectToObject(cJSON_AddObjectToObject(err, "content"),
						"application/json"),
			"schema"),
		"$ref", "#/components/schemas/Error");
	free(lower);
	return op;
}

static cJSON *
components(void)
{
	cJSON *c = cJSON_CreateObject(), *sec = cJSON_AddObjectToObject(c, "securitySchemes");
	cJSON *b = cJSON_AddObjectToObject(sec, "bearer"),
	      *k = cJSON_AddObjectToObject(sec, "cookie");
	cJSON *e = cJSON_AddObjectToObject(cJSON_AddObjectToObject(c, "schemas"), "Error");
	cJSON *props, *inner;

	cJSON_AddStringToObject(b, "type", "http");
	cJSON_AddStringToObject(b, "scheme", "bearer");
	cJSON_AddStringToObject(k, "type", "apiKey");
	cJSON_AddStringToObject(k, "in", "cookie");
	cJSON_AddStringToObject(k, "name", "oa_session");
	cJSON_AddStringToObject(e, "type", "object");
	props = cJSON_AddObjectToObject(
		cJSON_AddObjectToObject(cJSON_AddObjectToObject(e, "properties"), "error"),
		"properties");
	inner = cJSON_AddObjectToObject(props, "code");
	cJSON_AddStringToObject(inner, "type", "string");
	inner = cJSON_AddObjectToObject(props, "message");
	cJSON_AddStringToObject(inner, "type", "string");
	inner = cJSON_AddObjectToObject(props, "field");
	cJSON_AddStringToObject(inner, "type", "string");
	return c;
}

cJSON *
openapi_document(const struct route *table)
{
	cJSON *doc = cJSON_CreateObject(), *info = cJSON_AddObjectToObject(doc, "info");
	cJSON *paths, *sec = cJSON_CreateArray(), *s;

	cJSON_AddStringToObject(doc, "openapi", "3.0.3");
	cJSON_AddStringToObject(info, "title", "openATTIC API");
	cJSON_AddStringToObject(info, "version", PACKAGE_VERSION);
	cJSON_AddStringToObject(
		info, "description",
		"Storage management for Ceph. Errors are "
		"{\"error\":{\"code\",\"message\",\"field\"?}}; lists take offset, "
		"limit (max 1000), sort (-field descends) and search. Reads of Ceph "
		"state come from a view shared by all workers that is at most "
		"view_max_age_ms old (1 s by default): a change made with the ceph CLI "
		"shows within that bound, a change made through this API at once.");
	s = cJSON_CreateObject();
	cJSON_AddArrayToObject(s, "bearer");
	cJSON_AddItemToArray(sec, s);
	s = cJSON_CreateObject();
	cJSON_AddArrayToObject(s, "cookie");
	cJSON_AddItemToArray(sec, s);
	cJSON_AddItemToObject(doc, "security", sec);
	paths = cJSON_AddObjectToObject(doc, "paths");
	for (const struct route *rt = table; rt->method; rt++) {
		char *path = openapi_path(rt->pattern);
		cJSON *item = cJSON_GetObjectItemCaseSensitive(paths, path);
		char m[8];
		size_t i;
		if (!item)
			item = cJSON_AddObjectToObject(paths, path);
		free(path);
		for (i = 0; rt->method[i] && i < sizeof(m) - 1; i++)
			m[i] = (char)tolower((unsigned char)rt->method[i]);
		m[i] = '\0';
		cJSON_AddItemToObject(item, m, operation(rt));
	}
	cJSON_AddItemToObject(doc, "components", components());
	return doc;
}
