/*
 * fuzz_json.c - JSON body validation (core/json.c) against the real field specs: the
 * first line of the input names a row of the route table ("POST /api/users"; any
 * other line picks one of the table's specs, or none, by its bytes), the rest is the
 * body, given to json_parse_body as the dispatcher gives it. A body the NFS export
 * specs accept goes on, as nfs_exports_create and nfs_exports_put take it, through
 * nfs_check_export, nfs_format_export and nfs_parse_export: what the API stores must
 * read back as the same export.
 * Properties: an accepted body is an object of known, once-given, well-typed members
 * with every required one; a refused one has a 400, a code and a message and field
 * that are UTF-8; a checked export round-trips through the Ganesha text.
 */
#include "api/gateways/nfs/nfs.h"
#include "core/json.h"
#include "core/util.h"
#include "fuzz.h"
#include "server/router.h"
#include "tables.h"

#include <math.h>

static const struct field_spec *specs[256];
static int nspecs;

static void
collect_specs(void)
{
	specs[nspecs++] = NULL; /* a route without a body */
	for (const struct route *rt = routes; rt->method; rt++) {
		int seen = 0;

		for (int i = 0; i < nspecs; i++)
			seen |= specs[i] == rt->body;
		if (!seen && nspecs < (int)ARRAY_LEN(specs))
			specs[nspecs++] = rt->body;
	}
}

static int
type_ok(const cJSON *v, enum jtype t)
{
	switch (t) {
	case J_STRING:
		return cJSON_IsString(v);
	case J_INT:
		return cJSON_IsNumber(v) && v->valuedouble == floor(v->valuedouble) &&
		       fabs(v->valuedouble) <= 9007199254740992.0;
	case J_BOOL:
		return cJSON_IsBool(v);
	case J_NUMBER:
		return cJSON_IsNumber(v);
	case J_OBJECT:
		return cJSON_IsObject(v);
	case J_ARRAY:
		return cJSON_IsArray(v);
	case J_ANY:
		return 1;
	}
	return 0;
}

static void
check_accepted(const cJSON *j, const struct field_spec *spec)
{
	const cJSON *v, *w;

	FUZZ_ASSERT(cJSON_IsObject(j), "accepted a body that is not an object");
	cJSON_ArrayForEach(v, j) {
		const struct field_spec *f = spec;

		while (f && f->name && strcmp(f->name, v->string))
			f++;
		FUZZ_ASSERT(f && f->name, "accepted the unknown member '%s'", v->string);
		FUZZ_ASSERT(type_ok(v, f->type), "accepted '%s' of the wrong type", v->string);
		for (w = v->next; w; w = w->next)
			FUZZ_ASSERT(strcmp(w->string, v->string), "accepted '%s' twice", v->string);
	}
	for (const struct field_spec *f = spec; f && f->name; f++)
		FUZZ_ASSERT(!f->required || cJSON_GetObjectItemCaseSensitive(j, f->name),
			    "accepted a body without '%s'", f->name);
}

/* What nfs_exports_create or nfs_exports_put would store reads back the same. */
static void
check_nfs(const cJSON *body, int create)
{
	long id = create ? json_long(body, "id", 1) : 7;
	cJSON *e = NULL, *back;
	const char *why = NULL;
	struct req r;
	char *text;

	if (id < 1 || id > 65535)
		return; /* refused by the handler before the check */
	req_init(&r, NULL, NULL, 0);
	if (nfs_check_export(&r, body, NULL, id, &e) == 0) {
		text = nfs_format_export(e);
		back = nfs_parse_export(text, &why);
		FUZZ_ASSERT(back && cJSON_Compare(e, back, 1),
			    "the export written as\n%s\nreads %s", text,
			    back ? "differently" : why);
		cJSON_Delete(back);
		free(text);
	} else {
		FUZZ_ASSERT(r.status == 422 && r.out && utf8_valid(r.out, r.out_len),
			    "nfs_check_export answered %d", r.status);
	}
	req_release(&r);
}

/* The spec of the row "METHOD PATTERN" names, else one picked by the line's bytes. */
static const struct field_spec *
spec_of(const char *line, size_t n)
{
	unsigned h = 0;

	for (const struct route *rt = routes; rt->method; rt++) {
		size_t m = strlen(rt->method);

		if (n == m + 1 + strlen(rt->pattern) && !memcmp(line, rt->method, m) &&
		    line[m] == ' ' && !memcmp(line + m + 1, rt->pattern, n - m - 1))
			return rt->body;
	}
	for (size_t i = 0; i < n; i++)
		h = h * 31 + (unsigned char)line[i];
	return specs[h % (unsigned)nspecs];
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *nl = memchr(data, '\n', size), *body;
	const struct field_spec *spec;
	struct json_problem p;
	size_t len;
	cJSON *j;

	if (!nspecs)
		collect_specs();
	if (!nl)
		return 0;
	spec = spec_of((const char *)data, (size_t)(nl - (const char *)data));
	body = nl + 1;
	len = size - (size_t)(body - (const char *)data);
	j = json_parse_body(body, len, spec, &p);
	if (!j) {
		FUZZ_ASSERT(p.status == 400 && p.code && p.message[0], "refused without a reason");
		FUZZ_ASSERT(utf8_valid(p.message, strlen(p.message)) &&
				    utf8_valid(p.field, strlen(p.field)),
			    "the problem is not UTF-8: field '%s', message '%s'", p.field,
			    p.message);
		return 0;
	}
	check_accepted(j, spec);
	if (spec == nfs_create_body || spec == nfs_put_body)
		check_nfs(j, spec == nfs_create_body);
	cJSON_Delete(j);
	return 0;
}
