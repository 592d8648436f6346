/*
 * nfs_format.c - an export in NFS-Ganesha's own configuration syntax, both ways: the
 * EXPORT { ... } block written to export-<id> (what a Ganesha with RADOS_URLS reads)
 * and a small parser for that block syntax (name = value[, value...]; and nested
 * name { ... } blocks, quoted or bare values, # comments), so an object edited with
 * the rados CLI reads back. Keys are case-insensitive, as Ganesha has them. The
 * export's host is not a Ganesha key: it rides on a "# openATTIC host = X" comment.
 */
#include "api/gateways/nfs/nfs.h"
#include "core/json.h"
#include "core/util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define HOST_TAG "# openATTIC host = "

/* ---- writing ---------------------------------------------------------------------- */

static void
put_str(struct buf *b, const char *indent, const char *key, const char *v)
{
	if (v)
		buf_printf(b, "%s%s = \"%s\";\n", indent, key, v);
}

/* key = "a", "b"; (quoted) or key = 3, 4; (numbers) for a JSON array. */
static void
put_list(struct buf *b, const char *indent, const char *key, const cJSON *a)
{
	const cJSON *v;
	int n = 0;

	if (cJSON_GetArraySize(a) == 0)
		return;
	buf_printf(b, "%s%s = ", indent, key);
	cJSON_ArrayForEach(v, a) {
		if (cJSON_IsNumber(v))
			buf_printf(b, "%s%ld", n++ ? ", " : "", (long)v->valuedouble);
		else if (cJSON_IsString(v))
			buf_printf(b, "%s\"%s\"", n++ ? ", " : "", v->valuestring);
	}
	buf_puts(b, ";\n");
}

static void
put_fsal(struct buf *b, const cJSON *f)
{
	const char *name = json_str(f, "name");

	buf_puts(b, "\tFSAL {\n");
	put_str(b, "\t\t", "Name", name);
	put_str(b, "\t\t", "User_Id", json_str(f, "user_id"));
	if (name && !strcmp(name, "CEPH")) {
		put_str(b, "\t\t", "Filesystem", json_str(f, "fs_name"));
	} else {
		put_str(b, "\t\t", "Access_Key_Id", json_str(f, "access_key_id"));
		put_str(b, "\t\t", "Secret_Access_Key", json_str(f, "secret_access_key"));
	}
	buf_puts(b, "\t}\n");
}

char *
nfs_format_export(const cJSON *e)
{
	const cJSON *c;
	struct buf b;

	buf_init(&b);
	if (json_str(e, "host"))
		buf_printf(&b, HOST_TAG "%s\n", json_str(e, "host"));
	buf_printf(&b, "EXPORT {\n\tExport_ID = %ld;\n", json_long(e, "id", 0));
	put_str(&b, "\t", "Path", json_str(e, "path"));
	put_str(&b, "\t", "Pseudo", json_str(e, "pseudo"));
	put_str(&b, "\t", "Access_Type", json_str(e, "access_type"));
	put_str(&b, "\t", "Squash", json_str(e, "squash"));
	put_list(&b, "\t", "Protocols", cJSON_GetObjectItemCaseSensitive(e, "protocols"));
	put_list(&b, "\t", "Transports", cJSON_GetObjectItemCaseSensitive(e, "transports"));
	put_fsal(&b, cJSON_GetObjectItemCaseSensitive(e, "fsal"));
	cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(e, "clients")) {
		buf_puts(&b, "\tCLIENT {\n");
		put_list(&b, "\t\t", "Clients", cJSON_GetObjectItemCaseSensitive(c, "addresses"));
		put_str(&b, "\t\t", "Access_Type", json_str(c, "access_type"));
		put_str(&b, "\t\t", "Squash", json_str(c, "squash"));
		buf_puts(&b, "\t}\n");
	}
	buf_puts(&b, "}\n");
	return b.data;
}

/* ---- parsing: text -> {key: [values], block: [{...}]} ------------------------------- */

struct lex {
	const char *p;
	char tok[1024]; /* the current token: one of {}=;, or a value */
	int quoted;     /* it was a quoted string */
	int eof;
};

static void
skip_space(struct lex *lx)
{
	for (;;) {
		while (isspace((unsigned char)*lx->p))
			lx->p++;
		if (*lx->p != '#')
			return;
		while (*lx->p && *lx->p != '\n')
			lx->p++;
	}
}

/* Reads the next token. 0, or -1 on an unterminated string or one too long. */
static int
next(struct lex *lx)
{
	size_t n = 0;

	skip_space(lx);
	lx->quoted = 0;
	lx->eof = !*lx->p;
	if (lx->eof || strchr("{}=;,", *lx->p)) {
		lx->tok[0] = *lx->p;
		lx->tok[1] = '\0';
		lx->p += !lx->eof;
		return 0;
	}
	if (*lx->p == '"') {
		lx->quoted = 1;
		for (lx->p++; *lx->p && *lx->p != '"'; lx->p++) {
			if (*lx->p == '\\' && lx->p[1])
				lx->p++;
			if (n + 1 >= sizeof(lx->tok))
				return -1;
			lx->tok[n++] = *lx->p;
		}
		if (*lx->p++ != '"')
			return -1;
	} else {
		while (*lx->p && !isspace((unsigned char)*lx->p) && !strchr("{}=;,#\"", *lx->p)) {
			if (n + 1 >= sizeof(lx->tok))
				return -1;
			lx->tok[n++] = *lx->p++;
		}
	}
	lx->tok[n] = '\0';
	return 0;
}

static int
is_punct(const struct lex *lx, char c)
{
	return !lx->quoted && !lx->eof && lx->tok[0] == c && !lx->tok[1];
}

static int
is_word(const struct lex *lx)
{
	return !lx->eof && (lx->quoted || !strchr("{}=;,", lx->tok[0]));
}

static char *
lower(char *s)
{
	for (char *p = s; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return s;
}

/* value (, value)* then ; or a } left for the caller. Fills a new array. */
static int
parse_values(struct lex *lx, cJSON *vals, const char **why)
{
	for (;;) {
		if (next(lx) < 0 || !is_word(lx))
			return *why = "a value expected after '=' or ','", -1;
		cJSON_AddItemToArray(vals, cJSON_CreateString(lx->tok));
		if (next(lx) < 0)
			return *why = "unterminated string", -1;
		if (is_punct(lx, ';'))
			return 0;
		if (is_punct(lx, '}'))
			return 1; /* the last ; may be left out */
		if (!is_punct(lx, ','))
			return *why = "',' or ';' expected after a value", -1;
	}
}

/* A block's body up to its } (top: up to the end). Fills obj. 0 or -1 with *why. */
static int
parse_body(struct lex *lx, cJSON *obj, int top, const char **why)
{
	char name[128];
	int rc;

	for (;;) {
		if (next(lx) < 0)
			return *why = "unterminated string", -1;
		if (lx->eof)
			return top ? 0 : (*why = "missing '}'", -1);
		if (is_punct(lx, '}'))
			return top ? (*why = "unbalanced '}'", -1) : 0;
		if (!is_word(lx) || lx->quoted || strlen(lx->tok) >= sizeof(name))
			return *why = "a key or block name expected", -1;
		lower(strcpy(name, lx->tok));
		if (next(lx) < 0 || (!is_punct(lx, '=') && !is_punct(lx, '{')))
			return *why = "'=' or '{' expected after a name", -1;
		if (is_punct(lx, '{')) {
			cJSON *blocks = cJSON_GetObjectItemCaseSensitive(obj, name), *sub;
			if (!blocks)
				blocks = cJSON_AddArrayToObject(obj, name);
			if (!cJSON_IsArray(blocks))
				return *why = "a name used both as key and as block", -1;
			cJSON_AddItemToArray(blocks, sub = cJSON_CreateObject());
			if (parse_body(lx, sub, 0, why) < 0)
				return -1;
			continue;
		}
		cJSON *vals = cJSON_CreateArray();
		cJSON_DeleteItemFromObjectCaseSensitive(obj, name);
		cJSON_AddItemToObject(obj, name, vals);
		if ((rc = parse_values(lx, vals, why)) < 0)
			return -1;
		if (rc == 1)
			return top ? (*why = "unbalanced '}'", -1) : 0;
	}
}

/* ---- parsed blocks -> the stored shape -------------------------------------------- */

static const char *
first(const cJSON *blk, const char *key)
{
	const cJSON *v = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(blk, key), 0);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static void
copy_str(cJSON *to, const char *name, const cJSON *blk, const char *key)
{
	if (first(blk, key))
		cJSON_AddStringToObject(to, name, first(blk, key));
}

static cJSON *
strings(const cJSON *vals, int upper, int numbers)
{
	cJSON *a = cJSON_CreateArray();
	const cJSON *v;

	cJSON_ArrayForEach(v, vals) {
		char *s = xstrdup(v->valuestring);
		const char *n = s;
		if (upper)
			for (char *p = s; *p; p++)
				*p = (char)toupper((unsigned char)*p);
		if (numbers && !strncmp(n, "NFSV", 4))
			n += 4;
		if (numbers)
			cJSON_AddItemToArray(a, cJSON_CreateNumber(atoi(n)));
		else
			cJSON_AddItemToArray(a, cJSON_CreateString(s));
		free(s);
	}
	return a;
}

static cJSON *
fsal_of(const cJSON *blk, const char *path)
{
	cJSON *f = cJSON_CreateObject();
	const char *name = first(blk, "name");
	char up[16] = "";

	for (size_t i = 0; name && name[i] && i + 1 < sizeof(up); i++)
		up[i] = (char)toupper((unsigned char)name[i]), up[i + 1] = '\0';
	cJSON_AddStringToObject(f, "name", up);
	copy_str(f, "user_id", blk, "user_id");
	copy_str(f, "fs_name", blk, "filesystem");
	copy_str(f, "access_key_id", blk, "access_key_id");
	copy_str(f, "secret_access_key", blk, "secret_access_key");
	if (!strcmp(up, "RGW") && path)
		cJSON_AddStringToObject(f, "bucket", path);
	return f;
}

static cJSON *
client_of(const cJSON *blk)
{
	cJSON *c = cJSON_CreateObject();

	cJSON_AddItemToObject(c, "addresses",
			      strings(cJSON_GetObjectItemCaseSensitive(blk, "clients"), 0, 0));
	copy_str(c, "access_type", blk, "access_type");
	copy_str(c, "squash", blk, "squash");
	return c;
}

static cJSON *
export_of(const cJSON *blk, const char *host, const char **why)
{
	cJSON *e = cJSON_CreateObject(), *cl;
	const cJSON *c;
	long id;

	if (!first(blk, "export_id") || parse_long(first(blk, "export_id"), 1, 65535, &id) < 0) {
		cJSON_Delete(e);
		return *why = "Export_ID missing or not 1 to 65535", NULL;
	}
	cJSON_AddNumberToObject(e, "id", (double)id);
	if (host)
		cJSON_AddStringToObject(e, "host", host);
	copy_str(e, "path", blk, "path");
	copy_str(e, "pseudo", blk, "pseudo");
	copy_str(e, "access_type", blk, "access_type");
	copy_str(e, "squash", blk, "squash");
	cJSON_AddItemToObject(e, "protocols",
			      strings(cJSON_GetObjectItemCaseSensitive(blk, "protocols"), 1, 1));
	cJSON_AddItemToObject(e, "transports",
			      strings(cJSON_GetObjectItemCaseSensitive(blk, "transports"), 1, 0));
	cJSON_AddItemToObject(
		e, "fsal",
		fsal_of(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(blk, "fsal"), 0),
			json_str(e, "path")));
	cl = cJSON_AddArrayToObject(e, "clients");
	cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(blk, "client"))
		cJSON_AddItemToArray(cl, client_of(c));
	return e;
}

/* The host of the "# openATTIC host = X" line, or NULL (new). */
static char *
host_tag(const char *text)
{
	const char *p = strstr(text, HOST_TAG);
	size_t n;

	if (!p)
		return NULL;
	p += strlen(HOST_TAG);
	n = strcspn(p, " \t\r\n");
	return n ? xstrndup(p, n) : NULL;
}

cJSON *
nfs_parse_export(const char *text, const char **why)
{
	struct lex lx = {.p = text};
	cJSON *top = cJSON_CreateObject(), *e = NULL;
	const cJSON *blocks;
	char *host;

	if (parse_body(&lx, top, 1, why) == 0) {
		blocks = cJSON_GetObjectItemCaseSensitive(top, "export");
		if (cJSON_GetArraySize(blocks) != 1 || cJSON_GetArraySize(top) != 1) {
			*why = "not exactly one EXPORT block";
		} else {
			host = host_tag(text);
			e = export_of(cJSON_GetArrayItem(blocks, 0), host, why);
			free(host);
		}
	}
	cJSON_Delete(top);
	return e;
}
