/*
 * openapi.c - the OpenAPI 3 document, generated from the route table so it cannot
 * drift from what the server does: each row's path and query parameters (the list
 * spec and the query fields the dispatcher enforces), its request body (the spec that
 * validates it), its answers (the row's answer, in schema.h's notation, over the
 * components the areas define), the errors its flags imply, who may call it and how.
 * Served at /api/openapi.json and written to web/openapi.json by `openattic openapi`;
 * the API tests check every answer they receive against it.
 */
#include "server/openapi.h"
#include "core/list.h"
#include "core/resp.h"
#include "server/router.h"
#include "server/schema.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct schema_def *const *components_defs;

void
openapi_setup(const struct schema_def *const *tables)
{
	components_defs = tables;
}

/* What the document is being made with: the problems it met, one per line (owned). */
struct gen {
	char *error;
	cJSON *missing; /* the $refs already reported */
};

/* Notes one more problem (taken): the document lists them all, one per line. */
static void
gen_fail(struct gen *g, char *error)
{
	if (g->error) {
		char *both = xasprintf("%s\n%s", g->error, error);
		free(g->error);
		free(error);
		error = both;
	}
	g->error = error;
}

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

/* "get_clusters_pools_name" for GET /api/clusters/{fsid}/pools/{name} (new). */
static char *
operation_id(const struct route *rt)
{
	char *path = openapi_path(rt->pattern + strlen("/api/")), *save = NULL;
	struct buf b;

	buf_init(&b);
	for (const char *m = rt->method; *m; m++)
		buf_printf(&b, "%c", tolower((unsigned char)*m));
	for (char *seg = strtok_r(path, "/", &save); seg; seg = strtok_r(NULL, "/", &save)) {
		if (!strcmp(seg, "{fsid}"))
			continue;
		buf_puts(&b, "_");
		for (const char *p = seg; *p; p++)
			if (*p == '-' || *p == '.')
				buf_puts(&b, "_");
			else if (*p != '{' && *p != '}')
				buf_printf(&b, "%c", *p);
	}
	free(path);
	return b.data;
}

static cJSON *
parameter(const char *name, const char *in, int required, cJSON *schema, const char *doc)
{
	cJSON *q = cJSON_CreateObject();

	cJSON_AddStringToObject(q, "name", name);
	cJSON_AddStringToObject(q, "in", in);
	if (required)
		cJSON_AddBoolToObject(q, "required", 1);
	if (doc)
		cJSON_AddStringToObject(q, "description", doc);
	cJSON_AddItemToObject(q, "schema", schema);
	return q;
}

static cJSON *
typed(const char *type)
{
	cJSON *s = cJSON_CreateObject();

	cJSON_AddStringToObject(s, "type", type);
	return s;
}

static void
add_path_params(cJSON *params, const char *pattern)
{
	for (const char *p = strchr(pattern, '{'); p; p = strchr(p + 1, '{')) {
		size_t n = strcspn(p + 1, ":}");
		char *name = xstrndup(p + 1, n);
		int typed_int = !strncmp(p + 1 + n, ":int}", 5);
		cJSON_AddItemToArray(
			params,
			parameter(name, "path", 1, typed(typed_int ? "integer" : "string"), NULL));
		free(name);
	}
}

static void
add_list_params(cJSON *params, const struct list_spec *l)
{
	cJSON *s, *e;
	struct buf doc;

	s = typed("integer");
	cJSON_AddNumberToObject(s, "minimum", 0);
	cJSON_AddNumberToObject(s, "default", 0);
	cJSON_AddItemToArray(params, parameter("offset", "query", 0, s, "items to skip"));
	s = typed("integer");
	cJSON_AddNumberToObject(s, "minimum", 1);
	cJSON_AddNumberToObject(s, "maximum", 1000);
	cJSON_AddNumberToObject(s, "default", 50);
	cJSON_AddItemToArray(params, parameter("limit", "query", 0, s, "items per page"));
	s = typed("string");
	cJSON_AddStringToObject(s, "default", l->def);
	e = cJSON_AddArrayToObject(s, "enum");
	for (const struct sort_field *f = l->sort; f->name; f++) {
		char *desc = xasprintf("-%s", f->name);
		cJSON_AddItemToArray(e, cJSON_CreateString(f->name));
		cJSON_AddItemToArray(e, cJSON_CreateString(desc));
		free(desc);
	}
	cJSON_AddItemToArray(
		params, parameter("sort", "query", 0, s, "the field to sort by; -field descends"));
	buf_init(&doc);
	buf_puts(&doc, "keeps the items that contain this text (any case)");
	for (const char *const *f = l->search; f && *f; f++)
		buf_printf(&doc, "%s%s", f == l->search ? " in " : ", ", *f);
	cJSON_AddItemToArray(params, parameter("search", "query", 0, typed("string"), doc.data));
	buf_free(&doc);
}

static void
add_query_params(cJSON *params, const struct field_spec *f)
{
	for (; f && f->name; f++)
		cJSON_AddItemToArray(params,
				     parameter(f->name, "query", f->required,
					       f->type == J_ANY ? cJSON_CreateObject()
								: typed(jtype_name(f->type)),
					       f->doc));
}

static cJSON *
json_content(cJSON *schema)
{
	cJSON *c = cJSON_CreateObject();

	cJSON_AddItemToObject(cJSON_AddObjectToObject(c, "application/json"), "schema", schema);
	return c;
}

static const char *
success_text(int status)
{
	switch (status) {
	case 201:
		return "created; Location names it";
	case 202:
		return "accepted: a task does the work; Location is the task to follow";
	case 204:
		return "done; no content";
	default:
		return "the answer";
	}
}

/* Adds the answers of the row's answer text to resp; the extra error statuses to errs. */
static void
add_answers(struct gen *g, const struct route *rt, cJSON *resp, int *errs)
{
	const char *p = rt->answer;

	if (!p) {
		gen_fail(g, xasprintf("%s %s has no answer in its route row", rt->method,
				      rt->pattern));
		return;
	}
	while (*p) {
		char code[4], *error = NULL, *end;
		long status;
		cJSON *r, *s;

		while (*p == ' ')
			p++;
		if (!*p)
			break;
		int is_err = *p == '!';
		status = strtol(p + is_err, &end, 10);
		if (end == p + is_err || status < 100 || status > 599) {
			gen_fail(g, xasprintf("%s %s: answer \"%s\": expected a status", rt->method,
					      rt->pattern, rt->answer));
			return;
		}
		p = end;
		if (is_err) {
			errs[status - 100] = 1;
			continue;
		}
		snprintf(code, sizeof(code), "%ld", status);
		r = cJSON_AddObjectToObject(resp, code);
		cJSON_AddStringToObject(r, "description", success_text((int)status));
		while (*p == ' ')
			p++;
		if (!*p || isdigit((unsigned char)*p) || *p == '!')
			continue;
		if (!(s = schema_parse(p, &p, &error))) {
			gen_fail(g, xasprintf("%s %s: %s", rt->method, rt->pattern, error));
			free(error);
			return;
		}
		cJSON_AddItemToObject(r, "content", json_content(s));
	}
}

/* The errors the row's flags imply, marked in errs[status - 100]. */
static void
implied_errors(const struct route *rt, int *errs)
{
	int read = !strcmp(rt->method, "GET");

	errs[400 - 100] = 1; /* an undeclared or mistyped query parameter, at least */
	/* PostgreSQL: where the session is looked up, and the audit row of every write. */
	if (!(rt->flags & R_PUBLIC) || (rt->flags & R_IDENTIFY) || !read)
		errs[503 - 100] = 1;
	if (!(rt->flags & R_PUBLIC)) {
		errs[401 - 100] = 1;
		if (!read || (rt->flags & (R_ADMIN | R_OWNER)))
			errs[403 - 100] = 1;
	}
	if (strchr(rt->pattern, '{'))
		errs[404 - 100] = 1;
	if (!read)
		errs[413 - 100] = errs[415 - 100] = 1;
	if (rt->body)
		errs[422 - 100] = 1;
	if (rt->flags & (R_CLUSTER | R_SALT | R_SLOW | R_SLOW_IF))
		errs[503 - 100] = 1;
}

/* The error answers marked in errs, but for a status the row answers itself. */
static void
add_errors(cJSON *resp, const int *errs)
{
	for (int st = 400; st < 600; st++) {
		char code[4], *path;
		snprintf(code, sizeof(code), "%d", st);
		if (!errs[st - 100] || cJSON_GetObjectItemCaseSensitive(resp, code))
			continue;
		path = xasprintf("#/components/responses/E%d", st);
		cJSON_AddStringToObject(cJSON_AddObjectToObject(resp, code), "$ref", path);
		free(path);
	}
}

static cJSON *
security(const struct route *rt)
{
	cJSON *sec = cJSON_CreateArray(), *s;

	if ((rt->flags & R_PUBLIC) && !(rt->flags & R_IDENTIFY))
		return sec;
	if (rt->flags & R_IDENTIFY)
		cJSON_AddItemToArray(sec, cJSON_CreateObject());
	s = cJSON_CreateObject();
	cJSON_AddArrayToObject(s, "bearer");
	cJSON_AddItemToArray(sec, s);
	s = cJSON_CreateObject();
	cJSON_AddArrayToObject(s, "cookie");
	if (strcmp(rt->method, "GET"))
		cJSON_AddArrayToObject(s, "csrf");
	cJSON_AddItemToArray(sec, s);
	return sec;
}

/* The tag of a path: the first prefix that matches. */
static const char *
tag_of(const char *pattern)
{
	static const struct {
		const char *prefix, *tag;
	} tags[] = {
		{"/api/clusters/{fsid}/pools/{pool}/", "RBD"},
		{"/api/clusters/{fsid}/pools", "Pools"},
		{"/api/clusters/{fsid}/osds", "OSDs"},
		{"/api/clusters/{fsid}/hosts", "OSDs"},
		{"/api/clusters/{fsid}/crush", "CRUSH"},
		{"/api/clusters/{fsid}/erasure-code-profiles", "Erasure code profiles"},
		{"/api/clusters/{fsid}/config", "Configuration"},
		{"/api/clusters/{fsid}/logs", "Logs and health"},
		{"/api/clusters/{fsid}/health", "Logs and health"},
		{"/api/clusters/{fsid}/mgr", "Manager modules"},
		{"/api/clusters/{fsid}/cephx", "Cephx users"},
		{"/api/clusters/{fsid}/iscsi", "iSCSI"},
		{"/api/clusters/{fsid}/nfs", "NFS"},
		{"/api/clusters/{fsid}/rgw", "Object Gateway"},
		{"/api/clusters/{fsid}/cephfs", "CephFS"},
		{"/api/clusters", "Clusters"},
		{"/api/auth", "Authentication"},
		{"/api/users", "Users and tokens"},
		{"/api/tokens", "Users and tokens"},
		{"/api/tasks", "Tasks"},
		{"/api/maintenance", "Tasks"},
		{"/api/audit", "Audit"},
		{"/api/nodes", "Nodes"},
		{"/api/", "Service"},
	};

	for (size_t i = 0; i < sizeof(tags) / sizeof(tags[0]); i++)
		if (!strncmp(pattern, tags[i].prefix, strlen(tags[i].prefix)))
			return tags[i].tag;
	return "Service";
}

static void
add_example(struct gen *g, const struct route *rt, const cJSON *media)
{
	cJSON *e = cJSON_Parse(rt->example);

	if (!e) {
		gen_fail(g, xasprintf("%s %s: the example is not JSON", rt->method, rt->pattern));
		return;
	}
	cJSON_AddItemToObject((cJSON *)media, "example", e);
}

static cJSON *
operation(struct gen *g, const struct route *rt)
{
	cJSON *op = cJSON_CreateObject(), *resp, *params;
	int errs[500] = {0};
	char *id = operation_id(rt);

	cJSON_AddItemToArray(cJSON_AddArrayToObject(op, "tags"),
			     cJSON_CreateString(tag_of(rt->pattern)));
	cJSON_AddStringToObject(op, "summary", rt->summary);
	cJSON_AddStringToObject(op, "operationId", id);
	free(id);
	cJSON_AddStringToObject(op, "x-roles", who(rt));
	cJSON_AddItemToObject(op, "security", security(rt));
	params = cJSON_AddArrayToObject(op, "parameters");
	add_path_params(params, rt->pattern);
	if (rt->list)
		add_list_params(params, rt->list);
	add_query_params(params, rt->query);
	if (strcmp(rt->method, "GET") && strcmp(rt->method, "DELETE")) {
		cJSON *rb = cJSON_AddObjectToObject(op, "requestBody");
		cJSON_AddBoolToObject(rb, "required", rt->body && rt->body->name);
		cJSON_AddItemToObject(rb, "content", json_content(body_schema(rt->body)));
		if (rt->example)
			add_example(g, rt, json_at(rb, "content.application/json"));
	}
	resp = cJSON_AddObjectToObject(op, "responses");
	add_answers(g, rt, resp, errs);
	implied_errors(rt, errs);
	add_errors(resp, errs);
	return op;
}

static const char *
error_text(int status)
{
	switch (status) {
	case 400:
		return "bad input: a malformed body, query parameter or sort field";
	case 401:
		return "not logged in";
	case 403:
		return "not allowed: the role, a missing X-CSRF-Token, or a protected object";
	case 404:
		return "no such thing";
	case 409:
		return "a conflict: it exists, is in use, or changed meanwhile";
	case 413:
		return "the body is too large";
	case 415:
		return "the body is not application/json";
	case 422:
		return "valid JSON, invalid values; field names the culprit";
	case 429:
		return "too many attempts; Retry-After says when to try again";
	case 503:
		return "a backend (PostgreSQL, Ceph, Salt, the Object Gateway) is unreachable "
		       "or slow; Retry-After may say when to try again";
	default:
		return "an error";
	}
}

static cJSON *
error_schema(void)
{
	char *error = NULL;
	cJSON *s = schema_parse("{error: {code: s, message: s, field?: s}}", NULL, &error);

	free(error); /* a constant that parses */
	return s;
}

static void
add_components(struct gen *g, cJSON *doc)
{
	cJSON *c = cJSON_AddObjectToObject(doc, "components");
	cJSON *sec = cJSON_AddObjectToObject(c, "securitySchemes"), *s;
	cJSON *schemas = cJSON_AddObjectToObject(c, "schemas");
	cJSON *responses = cJSON_AddObjectToObject(c, "responses");

	s = cJSON_AddObjectToObject(sec, "bearer");
	cJSON_AddStringToObject(s, "type", "http");
	cJSON_AddStringToObject(s, "scheme", "bearer");
	cJSON_AddStringToObject(s, "description", "a login token or an API token (/api/tokens)");
	s = cJSON_AddObjectToObject(sec, "cookie");
	cJSON_AddStringToObject(s, "type", "apiKey");
	cJSON_AddStringToObject(s, "in", "cookie");
	cJSON_AddStringToObject(s, "name", "oa_session");
	s = cJSON_AddObjectToObject(sec, "csrf");
	cJSON_AddStringToObject(s, "type", "apiKey");
	cJSON_AddStringToObject(s, "in", "header");
	cJSON_AddStringToObject(s, "name", "X-CSRF-Token");
	cJSON_AddStringToObject(s, "description",
				"the session's csrf_token, on every cookie call but GET");
	cJSON_AddItemToObject(schemas, "Error", error_schema());
	for (const struct schema_def *const *t = components_defs; t && *t; t++)
		for (const struct schema_def *d = *t; d->name; d++) {
			char *error = NULL;
			cJSON *one = schema_parse(d->text, NULL, &error);
			if (!one || cJSON_GetObjectItemCaseSensitive(schemas, d->name)) {
				gen_fail(g,
					 error ? xasprintf("schema %s: %s", d->name, error)
					       : xasprintf("schema %s is defined twice", d->name));
				free(error);
				cJSON_Delete(one);
				continue;
			}
			cJSON_AddItemToObject(schemas, d->name, one);
		}
	for (int st = 400; st < 600; st++) {
		const char *t = error_text(st);
		char name[8];
		if (!strcmp(t, "an error"))
			continue;
		snprintf(name, sizeof(name), "E%d", st);
		s = cJSON_AddObjectToObject(responses, name);
		cJSON_AddStringToObject(s, "description", t);
		cJSON_AddItemToObject(
			s, "content",
			json_content(cJSON_Parse("{\"$ref\":\"#/components/schemas/Error\"}")));
	}
}

/* Every $ref of j names a schema of schemas; the first that does not into g. */
static void
check_refs(struct gen *g, const cJSON *j, const cJSON *schemas, const cJSON *responses)
{
	const cJSON *c;
	const char *ref = json_str(j, "$ref");

	if (ref) {
		const char *s = "#/components/schemas/", *r = "#/components/responses/";
		int ok = (!strncmp(ref, s, strlen(s)) &&
			  cJSON_GetObjectItemCaseSensitive(schemas, ref + strlen(s))) ||
			 (!strncmp(ref, r, strlen(r)) &&
			  cJSON_GetObjectItemCaseSensitive(responses, ref + strlen(r)));
		if (!ok && !cJSON_GetObjectItemCaseSensitive(g->missing, ref)) {
			cJSON_AddTrueToObject(g->missing, ref);
			gen_fail(g, xasprintf("%s names no schema", ref));
		}
	}
	cJSON_ArrayForEach(c, j)
		if (cJSON_IsObject(c) || cJSON_IsArray(c))
			check_refs(g, c, schemas, responses);
}

static void
add_info(cJSON *doc)
{
	cJSON *info = cJSON_AddObjectToObject(doc, "info");

	cJSON_AddStringToObject(doc, "openapi", "3.0.3");
	cJSON_AddStringToObject(info, "title", "openATTIC API");
	cJSON_AddStringToObject(info, "version", PACKAGE_VERSION);
	cJSON_AddStringToObject(
		info, "description",
		"Storage management for Ceph. Errors are "
		"{\"error\":{\"code\",\"message\",\"field\"?}}; lists take offset, "
		"limit (max 1000), sort (-field descends) and search, and answer "
		"{\"items\",\"total\",\"offset\",\"limit\"}; long work answers 202 with a task "
		"to follow at /api/tasks/{id}. A query parameter an operation does not list "
		"is refused with 400. Reads of Ceph state come from a view shared by all "
		"workers that is at most view_max_age_ms old (1 s by default) plus a second: a "
		"change made with the ceph CLI shows within that bound, a change made through "
		"this API at once. Log in with POST /api/auth/login; automation sends "
		"`Authorization: Bearer <token>`, a browser the `oa_session` cookie and, on "
		"every call but GET, `X-CSRF-Token`.");
}

cJSON *
openapi_document(const struct route *table, char **error)
{
	cJSON *doc = cJSON_CreateObject(), *paths, *ids = cJSON_CreateObject(), *c;
	struct gen g = {NULL, cJSON_CreateObject()};

	add_info(doc);
	paths = cJSON_AddObjectToObject(doc, "paths");
	for (const struct route *rt = table; rt->method; rt++) {
		char *path = openapi_path(rt->pattern), m[8];
		cJSON *item = cJSON_GetObjectItemCaseSensitive(paths, path), *op;
		size_t i;
		if (!item)
			item = cJSON_AddObjectToObject(paths, path);
		free(path);
		for (i = 0; rt->method[i] && i < sizeof(m) - 1; i++)
			m[i] = (char)tolower((unsigned char)rt->method[i]);
		m[i] = '\0';
		op = operation(&g, rt);
		if (cJSON_GetObjectItemCaseSensitive(ids, json_str(op, "operationId")))
			gen_fail(&g,
				 xasprintf("operationId %s twice", json_str(op, "operationId")));
		cJSON_AddTrueToObject(ids, json_str(op, "operationId"));
		cJSON_AddItemToObject(item, m, op);
	}
	cJSON_Delete(ids);
	add_components(&g, doc);
	c = cJSON_GetObjectItemCaseSensitive(doc, "components");
	check_refs(&g, doc, cJSON_GetObjectItemCaseSensitive(c, "schemas"),
		   cJSON_GetObjectItemCaseSensitive(c, "responses"));
	cJSON_Delete(g.missing);
	if (g.error) {
		cJSON_Delete(doc);
		*error = g.error;
		return NULL;
	}
	return doc;
}
