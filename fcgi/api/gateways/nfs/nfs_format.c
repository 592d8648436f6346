/*
 * nfs_format.c - an export in NFS-Ganesha's own configuration syntax, both ways: the
 * EXPORT { ... } block written to export-<id> (what a Ganesha with RADOS_URLS reads)
 * and a small parser for that block syntax (name = value[, value...]; and nested
 * name { ... } blocks, quoted or bare values, # comments), so an object edited with
 * the rados CLI reads back. Keys are case-insensitive, as Ganesha has them. The
 * export's host is not a Ganesha key: it rides on a "# openATTIC host = X" comment,
 * which counts only among the comments before the block (a value never reaches it).
 * The writer escapes '"' and '\' in quoted values, as Ganesha reads them, and writes
 * client addresses bare (Ganesha refuses a quoted client). The reader takes what
 * Ganesha takes: single-quoted strings (literal), protocol spellings NFS4/NFSv4/v4/4,
 * enum values in any case and Ganesha's squash synonyms (root, all, none...), each
 * read as the one spelling the API uses. Keys and blocks the API does not model
 * (SecType, Tag, Attr_Expiration_Time, ...) in the EXPORT and FSAL blocks are kept
 * as parsed, under "extra" (never answered), and written back after the modelled
 * ones, so a PUT keeps what was added with the rados CLI. Anyone with
 * write access to the pool can edit the text, so the parser is bounded (size, depth,
 * names per block, keys, blocks and values in all, value length) and refuses what it
 * cannot take with a reason; a worker never crashes on an object.
 */
#include "api/gateways/nfs/nfs.h"
#include "core/json.h"
#include "core/util.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define HOST_TAG "# openATTIC host = "

/* The parser's bounds: far above any export, far below what hurts a worker. */
#define TEXT_MAX  (4L << 20) /* bytes of text, as nfs_store.c reads at most */
#define DEPTH_MAX 8          /* nested blocks: EXPORT { FSAL { } } is 2 */
#define NAMES_MAX 256        /* different names in one block */
#define ITEMS_MAX 65536      /* keys, blocks and values in all */
#define VALUE_MAX 4096       /* bytes of a value (nfs_check_export allows 1024) */
#define KEY_MAX   127        /* bytes of a key or block name */

/* ---- writing ---------------------------------------------------------------------- */

/* v as a quoted value: '"' and '\' escaped, everything else as it is. */
static void
put_quoted(struct buf *b, const char *v)
{
	buf_puts(b, "\"");
	for (size_t n; *v; v += n) {
		n = strcspn(v, "\"\\");
		buf_add(b, v, n);
		if (v[n]) {
			buf_add(b, "\\", 1);
			buf_add(b, v + n, 1);
			n++;
		}
	}
	buf_puts(b, "\"");
}

static void
put_str(struct buf *b, const char *indent, const char *key, const char *v)
{
	if (!v)
		return;
	buf_printf(b, "%s%s = ", indent, key);
	put_quoted(b, v);
	buf_puts(b, ";\n");
}

/*
 * A value written bare when Ganesha reads it so (a word of these characters), else
 * quoted: a client address, a value of a key kept as parsed.
 */
static void
put_kept_value(struct buf *b, const char *v)
{
	if (*v &&
	    strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.:/@*?-") ==
		    strlen(v))
		buf_puts(b, v);
	else
		put_quoted(b, v);
}

/*
 * key = "a", "b"; (quoted), key = a, b; (bare: client addresses, which Ganesha refuses
 * quoted) or key = 3, 4; (numbers) for a JSON array.
 */
static void
put_list(struct buf *b, const char *indent, const char *key, const cJSON *a, int bare)
{
	const cJSON *v;
	int n = 0;

	if (cJSON_GetArraySize(a) == 0)
		return;
	buf_printf(b, "%s%s = ", indent, key);
	cJSON_ArrayForEach(v, a) {
		if (cJSON_IsNumber(v)) {
			buf_printf(b, "%s%ld", n++ ? ", " : "", (long)v->valuedouble);
		} else if (cJSON_IsString(v)) {
			buf_puts(b, n++ ? ", " : "");
			if (bare) /* one the API cannot make (hand-written) stays quoted */
				put_kept_value(b, v->valuestring);
			else
				put_quoted(b, v->valuestring);
		}
	}
	buf_puts(b, ";\n");
}

/* The keys and blocks kept as parsed ({name: [values] | [blocks]}), at indent depth. */
static void
put_kept(struct buf *b, int depth, const cJSON *kept)
{
	const cJSON *m, *v;

	cJSON_ArrayForEach(m, kept) {
		if (!cJSON_IsArray(m))
			continue;
		if (cJSON_IsObject(m->child)) {
			cJSON_ArrayForEach(v, m) {
				buf_printf(b, "%.*s%s {\n", depth, "\t\t\t\t\t\t\t\t", m->string);
				put_kept(b, depth + 1, v);
				buf_printf(b, "%.*s}\n", depth, "\t\t\t\t\t\t\t\t");
			}
			continue;
		}
		if (!m->child)
			continue;
		buf_printf(b, "%.*s%s = ", depth, "\t\t\t\t\t\t\t\t", m->string);
		cJSON_ArrayForEach(v, m) {
			if (cJSON_IsString(v)) {
				buf_puts(b, v == m->child ? "" : ", ");
				put_kept_value(b, v->valuestring);
			}
		}
		buf_puts(b, ";\n");
	}
}

static void
put_fsal(struct buf *b, const cJSON *f, const cJSON *kept)
{
	const char *name = json_str(f, "name");

	buf_puts(b, "\tFSAL {\n");
	put_str(b, "\t\t", "Name", name);
	put_str(b, "\t\t", "User_Id", json_str(f, "user_id"));
	if (name && !strcmp(name, "CEPH"))
		put_str(b, "\t\t", "Filesystem", json_str(f, "fs_name"));
	else
		put_str(b, "\t\t", "Access_Key_Id", json_str(f, "access_key_id"));
	/* CEPH: the cephx key of User_Id, so the host needs no keyring of that user. */
	put_str(b, "\t\t", "Secret_Access_Key", json_str(f, "secret_access_key"));
	put_kept(b, 2, kept);
	buf_puts(b, "\t}\n");
}

char *
nfs_format_export(const cJSON *e)
{
	const cJSON *c, *kept = cJSON_GetObjectItemCaseSensitive(e, "extra");
	struct buf b;

	buf_init(&b);
	if (json_str(e, "host"))
		buf_printf(&b, HOST_TAG "%s\n", json_str(e, "host"));
	buf_printf(&b, "EXPORT {\n\tExport_ID = %ld;\n", json_long(e, "id", 0));
	put_str(&b, "\t", "Path", json_str(e, "path"));
	put_str(&b, "\t", "Pseudo", json_str(e, "pseudo"));
	put_str(&b, "\t", "Access_Type", json_str(e, "access_type"));
	put_str(&b, "\t", "Squash", json_str(e, "squash"));
	put_list(&b, "\t", "Protocols", cJSON_GetObjectItemCaseSensitive(e, "protocols"), 0);
	put_list(&b, "\t", "Transports", cJSON_GetObjectItemCaseSensitive(e, "transports"), 0);
	put_kept(&b, 1, cJSON_GetObjectItemCaseSensitive(kept, "export"));
	put_fsal(&b, cJSON_GetObjectItemCaseSensitive(e, "fsal"),
		 cJSON_GetObjectItemCaseSensitive(kept, "fsal"));
	cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(e, "clients")) {
		buf_puts(&b, "\tCLIENT {\n");
		put_list(&b, "\t\t", "Clients", cJSON_GetObjectItemCaseSensitive(c, "addresses"),
			 1);
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
	char tok[VALUE_MAX + 1]; /* the current token: one of {}=;, or a value */
	int quoted;              /* it was a quoted string */
	int eof;
	const char *err; /* why next() failed */
	int depth;       /* blocks open */
	long items;      /* keys, blocks and values read */
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

/* Reads the next token. 0, or -1 with lx->err (an unterminated string, one too long). */
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
	if (*lx->p == '\'') { /* Ganesha's single-quoted string: literal, no escapes */
		lx->quoted = 1;
		for (lx->p++; *lx->p && *lx->p != '\''; lx->p++) {
			if (n + 1 >= sizeof(lx->tok))
				return lx->err = "a word or quoted string longer than 4096 bytes",
				       -1;
			lx->tok[n++] = *lx->p;
		}
		if (*lx->p++ != '\'')
			return lx->err = "unterminated string", -1;
	} else if (*lx->p == '"') {
		lx->quoted = 1;
		for (lx->p++; *lx->p && *lx->p != '"'; lx->p++) {
			if (*lx->p == '\\' && lx->p[1])
				lx->p++;
			if (n + 1 >= sizeof(lx->tok))
				return lx->err = "a word or quoted string longer than 4096 bytes",
				       -1;
			lx->tok[n++] = *lx->p;
		}
		if (*lx->p++ != '"')
			return lx->err = "unterminated string", -1;
	} else {
		while (*lx->p && !isspace((unsigned char)*lx->p) && !strchr("{}=;,#\"'", *lx->p)) {
			if (n + 1 >= sizeof(lx->tok))
				return lx->err = "a word or quoted string longer than 4096 bytes",
				       -1;
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

/* Counts one more key, block or value. 0, or -1 with *why past ITEMS_MAX. */
static int
count_item(struct lex *lx, const char **why)
{
	if (++lx->items > ITEMS_MAX)
		return *why = "more than 65536 keys, blocks and values", -1;
	return 0;
}

/* value (, value)* then ; or a } left for the caller. Fills a new array. */
static int
parse_values(struct lex *lx, cJSON *vals, const char **why)
{
	for (;;) {
		if (next(lx) < 0)
			return *why = lx->err, -1;
		if (!is_word(lx))
			return *why = "a value expected after '=' or ','", -1;
		if (count_item(lx, why) < 0)
			return -1;
		cJSON_AddItemToArray(vals, cJSON_CreateString(lx->tok));
		if (next(lx) < 0)
			return *why = lx->err, -1;
		if (is_punct(lx, ';'))
			return 0;
		if (is_punct(lx, '}'))
			return 1; /* the last ; may be left out */
		if (!is_punct(lx, ','))
			return *why = "',' or ';' expected after a value", -1;
	}
}

/* Whether a parsed member holds blocks (objects) rather than values (strings). */
static int
is_blocks(const cJSON *member)
{
	return member && cJSON_IsObject(member->child);
}

/*
 * The member name of obj for a key (block 0) or a block (block 1): new, or the one
 * there (a block is added to it, a key's values are replaced: the last one wins).
 * NULL with *why when the name is another kind already, or one name too many.
 */
static cJSON *
member(cJSON *obj, const char *name, int block, const char **why)
{
	cJSON *m = cJSON_GetObjectItemCaseSensitive(obj, name);

	if (m && is_blocks(m) != block)
		return *why = "a name used both as key and as block", NULL;
	if (m && block)
		return m;
	if (!m && cJSON_GetArraySize(obj) >= NAMES_MAX)
		return *why = "more than 256 different names in one block", NULL;
	if (m)
		cJSON_DeleteItemFromObjectCaseSensitive(obj, name);
	return cJSON_AddArrayToObject(obj, name);
}

/* A block's body up to its } (top: up to the end). Fills obj. 0 or -1 with *why. */
static int
parse_body(struct lex *lx, cJSON *obj, int top, const char **why)
{
	char name[KEY_MAX + 1];
	cJSON *m, *sub;
	int rc;

	for (;;) {
		if (next(lx) < 0)
			return *why = lx->err, -1;
		if (lx->eof)
			return top ? 0 : (*why = "missing '}'", -1);
		if (is_punct(lx, '}'))
			return top ? (*why = "unbalanced '}'", -1) : 0;
		if (!is_word(lx) || lx->quoted)
			return *why = "a key or block name expected", -1;
		if (strlen(lx->tok) > KEY_MAX)
			return *why = "a key or block name longer than 127 bytes", -1;
		lower(strcpy(name, lx->tok));
		if (next(lx) < 0)
			return *why = lx->err, -1;
		if (!is_punct(lx, '=') && !is_punct(lx, '{'))
			return *why = "'=' or '{' expected after a name", -1;
		if (count_item(lx, why) < 0 || !(m = member(obj, name, is_punct(lx, '{'), why)))
			return -1;
		if (is_punct(lx, '{')) {
			if (lx->depth >= DEPTH_MAX)
				return *why = "blocks nested deeper than 8", -1;
			cJSON_AddItemToArray(m, sub = cJSON_CreateObject());
			lx->depth++;
			if (parse_body(lx, sub, 0, why) < 0)
				return -1;
			lx->depth--;
			continue;
		}
		if ((rc = parse_values(lx, m, why)) < 0)
			return -1;
		if (rc == 1)
			return top ? (*why = "unbalanced '}'", -1) : 0;
	}
}

/* ---- parsed blocks -> the stored shape -------------------------------------------- */

/*
 * Ganesha's keys and blocks that become the export, each of one kind: a key given as a
 * block, or a block as a key, is refused (any other name is ignored, as Ganesha's own
 * options are).
 */
static const struct {
	const char *name;
	int block;
	const char *why;
} kinds[] = {
	{"export_id", 0, "Export_ID is a key (Export_ID = n;), not a block"},
	{"path", 0, "Path is a key (Path = ...;), not a block"},
	{"pseudo", 0, "Pseudo is a key (Pseudo = ...;), not a block"},
	{"access_type", 0, "Access_Type is a key (Access_Type = ...;), not a block"},
	{"squash", 0, "Squash is a key (Squash = ...;), not a block"},
	{"protocols", 0, "Protocols is a key (Protocols = ...;), not a block"},
	{"transports", 0, "Transports is a key (Transports = ...;), not a block"},
	{"clients", 0, "Clients is a key (Clients = ...;), not a block"},
	{"name", 0, "Name is a key (Name = ...;), not a block"},
	{"user_id", 0, "User_Id is a key (User_Id = ...;), not a block"},
	{"filesystem", 0, "Filesystem is a key (Filesystem = ...;), not a block"},
	{"access_key_id", 0, "Access_Key_Id is a key (Access_Key_Id = ...;), not a block"},
	{"secret_access_key", 0,
	 "Secret_Access_Key is a key (Secret_Access_Key = ...;), not a block"},
	{"fsal", 1, "FSAL is a block (FSAL { ... }), not a key"},
	{"client", 1, "CLIENT is a block (CLIENT { ... }), not a key"},
};

/* Whether every name of blk that the export reads has its kind; else *why. */
static int
kinds_ok(const cJSON *blk, const char **why)
{
	const cJSON *m;

	cJSON_ArrayForEach(m, blk)
		for (size_t i = 0; i < ARRAY_LEN(kinds); i++)
			if (!strcmp(m->string, kinds[i].name) && is_blocks(m) != kinds[i].block)
				return *why = kinds[i].why, 0;
	return 1;
}

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

/* The leading number of s as an int (atoi without its overflow). */
static int
leading_int(const char *s)
{
	long v = strtol(s, NULL, 10);

	return v > INT_MAX ? INT_MAX : v < INT_MIN ? INT_MIN : (int)v;
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
		/* Ganesha's protocol spellings: 4, v4, NFS4, NFSv4 (and 3 alike). */
		if (numbers && !strncmp(n, "NFS", 3))
			n += 3;
		if (numbers && *n == 'V')
			n++;
		if (numbers)
			cJSON_AddItemToArray(a, cJSON_CreateNumber(leading_int(n)));
		else
			cJSON_AddItemToArray(a, cJSON_CreateString(s));
		free(s);
	}
	return a;
}

/* The FSAL block's members: CEPH's file system, another FSAL's keys, as written. */
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
	if (!strcmp(up, "CEPH"))
		copy_str(f, "fs_name", blk, "filesystem");
	else
		copy_str(f, "access_key_id", blk, "access_key_id");
	copy_str(f, "secret_access_key", blk, "secret_access_key");
	if (!strcmp(up, "RGW") && path)
		cJSON_AddStringToObject(f, "bucket", path);
	return f;
}

/* Ganesha's squash spellings (case-insensitive, as it reads them) and the API's one. */
static const struct {
	const char *ganesha, *api;
} squash_names[] = {
	{"no_root_squash", "no_root_squash"},
	{"none", "no_root_squash"},
	{"noidsquash", "no_root_squash"},
	{"root_squash", "root_squash"},
	{"root", "root_squash"},
	{"rootsquash", "root_squash"},
	{"all_squash", "all_squash"},
	{"all", "all_squash"},
	{"allsquash", "all_squash"},
	{"all_anonymous", "all_squash"},
	{"allanonymous", "all_squash"},
	{"root_id_squash", "root_id_squash"},
	{"rootid", "root_id_squash"},
	{"rootidsquash", "root_id_squash"},
};

/* Access_Type in upper case and Squash in the API's spelling (else as written). */
static void
copy_modes(cJSON *to, const cJSON *blk)
{
	const char *a = first(blk, "access_type"), *sq = first(blk, "squash");
	char up[16];
	size_t i;

	if (a && strlen(a) < sizeof(up)) {
		for (i = 0; a[i]; i++)
			up[i] = (char)toupper((unsigned char)a[i]);
		up[i] = '\0';
		a = up;
	}
	if (a)
		cJSON_AddStringToObject(to, "access_type", a);
	for (i = 0; sq && i < ARRAY_LEN(squash_names); i++)
		if (!strcasecmp(sq, squash_names[i].ganesha)) {
			sq = squash_names[i].api;
			break;
		}
	if (sq)
		cJSON_AddStringToObject(to, "squash", sq);
}

static cJSON *
client_of(const cJSON *blk)
{
	cJSON *c = cJSON_CreateObject();

	cJSON_AddItemToObject(c, "addresses",
			      strings(cJSON_GetObjectItemCaseSensitive(blk, "clients"), 0, 0));
	copy_modes(c, blk);
	return c;
}

/* The names of blk the export models (names: NULL-terminated); the others, kept (new). */
static cJSON *
kept_of(const cJSON *blk, const char *const *names)
{
	cJSON *k = cJSON_CreateObject();
	const cJSON *m;

	cJSON_ArrayForEach(m, blk)
		if (!str_in(m->string, names))
			cJSON_AddItemToObject(k, m->string, cJSON_Duplicate(m, 1));
	return k;
}

static const char *const export_names[] = {"export_id", "path",      "pseudo",     "access_type",
					   "squash",    "protocols", "transports", "fsal",
					   "client",    NULL};
static const char *const fsal_names[] = {"name",          "user_id",           "filesystem",
					 "access_key_id", "secret_access_key", NULL};

/* "extra": what the EXPORT and FSAL blocks hold that the API does not model, if any. */
static void
add_kept(cJSON *e, const cJSON *blk, const cJSON *fsal)
{
	cJSON *x = kept_of(blk, export_names), *f = kept_of(fsal, fsal_names), *kept;

	if (!x->child && !f->child) {
		cJSON_Delete(x);
		cJSON_Delete(f);
		return;
	}
	kept = cJSON_AddObjectToObject(e, "extra");
	cJSON_AddItemToObject(kept, "export", x);
	cJSON_AddItemToObject(kept, "fsal", f);
}

static cJSON *
export_of(const cJSON *blk, const char *host, const char **why)
{
	const cJSON *fsal = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(blk, "fsal"), 0);
	cJSON *e, *cl;
	const cJSON *c;
	long id;

	if (!kinds_ok(blk, why) || (fsal && !kinds_ok(fsal, why)))
		return NULL;
	cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(blk, "client"))
		if (!kinds_ok(c, why))
			return NULL;
	if (!first(blk, "export_id") || parse_long(first(blk, "export_id"), 1, 65535, &id) < 0)
		return *why = "Export_ID missing or not 1 to 65535", NULL;
	e = cJSON_CreateObject();
	cJSON_AddNumberToObject(e, "id", (double)id);
	if (host)
		cJSON_AddStringToObject(e, "host", host);
	copy_str(e, "path", blk, "path");
	copy_str(e, "pseudo", blk, "pseudo");
	copy_modes(e, blk);
	cJSON_AddItemToObject(e, "protocols",
			      strings(cJSON_GetObjectItemCaseSensitive(blk, "protocols"), 1, 1));
	cJSON_AddItemToObject(e, "transports",
			      strings(cJSON_GetObjectItemCaseSensitive(blk, "transports"), 1, 0));
	cJSON_AddItemToObject(e, "fsal", fsal_of(fsal, json_str(e, "path")));
	cl = cJSON_AddArrayToObject(e, "clients");
	cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(blk, "client"))
		cJSON_AddItemToArray(cl, client_of(c));
	add_kept(e, blk, fsal);
	return e;
}

/*
 * The host of the "# openATTIC host = X" line among the comments before the block
 * (the first such line counts), or NULL (none, or empty). Only there: a tag inside
 * or after the block is text an API caller may have written (a value, a comment).
 */
static char *
host_tag(const char *text)
{
	const char *p = text;
	size_t n;

	for (;;) {
		while (isspace((unsigned char)*p))
			p++;
		if (*p != '#')
			return NULL;
		if (!strncmp(p, HOST_TAG, strlen(HOST_TAG)))
			break;
		p += strcspn(p, "\n");
	}
	p += strlen(HOST_TAG);
	n = strcspn(p, " \t\r\n");
	return n ? xstrndup(p, n) : NULL;
}

cJSON *
nfs_parse_export(const char *text, const char **why)
{
	struct lex lx = {.p = text};
	cJSON *top, *e = NULL;
	const cJSON *blocks;
	char *host;

	if (strnlen(text, TEXT_MAX + 1) > TEXT_MAX)
		return *why = "larger than 4 MiB", NULL;
	top = cJSON_CreateObject();
	if (parse_body(&lx, top, 1, why) == 0) {
		blocks = cJSON_GetObjectItemCaseSensitive(top, "export");
		if (!is_blocks(blocks) || cJSON_GetArraySize(blocks) != 1 ||
		    cJSON_GetArraySize(top) != 1) {
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
