/* json.h - JSON request bodies: parsing with positions, validation against a spec, redaction. */
#ifndef OA_JSON_H
#define OA_JSON_H

#include <cjson/cJSON.h>
#include <stddef.h>

enum jtype { J_STRING, J_INT, J_BOOL, J_NUMBER, J_OBJECT, J_ARRAY, J_ANY };

/* One accepted body field of a route; a NULL name ends the list. */
struct field_spec {
	const char *name;
	enum jtype type;
	int required;
	const char *doc;
};

/* What was wrong with a body, for the error response. */
struct json_problem {
	int status;       /* 400 */
	const char *code; /* invalid_json, not_an_object, unknown_field, ... */
	char field[128];
	char message[256];
};

/*
 * Parses len bytes of text into a JSON object and checks it against spec (NULL =
 * no fields accepted): unknown, duplicate, missing or mistyped fields. Returns the
 * object, or NULL with *p filled.
 */
cJSON *json_parse_body(const char *text, size_t len, const struct field_spec *spec,
		       struct json_problem *p);
/* The JSON type name used in messages and in the OpenAPI document. */
const char *jtype_name(enum jtype t);
/* A deep copy of j in which values of keys containing password/secret/key/token are "***". */
cJSON *json_redact(const cJSON *j);
/* The string member name of obj, or NULL if absent or not a string. */
const char *json_str(const cJSON *obj, const char *name);
/* The integer member name of obj, or def if absent. */
long json_long(const cJSON *obj, const char *name, long def);
/* The value at a dotted path of j ("pgmap.num_pgs"), or NULL. */
const cJSON *json_at(const cJSON *j, const char *path);
/* The number at a dotted path of j, or 0. */
double jnum(const cJSON *j, const char *path);
/* Adds an RFC 3339 string (or null for t == 0) to obj. */
void json_add_time(cJSON *obj, const char *name, long t);

/* cJSON_Delete as a defer function (req_defer, task_defer). */
void json_release(void *j);
/* Whether the JSON array a holds the string s. */
int json_array_has_str(const cJSON *a, const char *s);

/*
 * The objects of an array by a number member, sorted by it (ties in array order), so
 * that joining two of Ceph's lists costs a sort and lookups, not a scan per element.
 * mark is the caller's.
 */
struct json_ix {
	double id;
	const cJSON *item;
	size_t at; /* the position in the array */
	int mark;
};
/*
 * The members of obj named keys[0..n), found in one pass over obj: out[i] is the first
 * member named keys[i], or NULL. For an item made of many members of a big object
 * (~70 in a pool of `osd pool ls detail`), where a lookup each walks it each time.
 */
void json_pick(const cJSON *obj, const char *const *keys, const cJSON **out, size_t n);
/*
 * json_pick over many objects of one shape (a list's entries: Ceph writes their members
 * in one order). Where each key was in the last object is tried first: a string compare
 * per key, not per member and key. An object of another shape is picked the slow way and
 * teaches its shape. Only where an object holds a key twice may the pick differ: the
 * member at the learned place instead of the first.
 */
#define JSON_PICK_MAX 32
struct json_picker {
	const char *const *keys;
	size_t n;                           /* <= JSON_PICK_MAX */
	int learned;                        /* every key was in the last object, at at[] */
	unsigned at[JSON_PICK_MAX];         /* keys[i]'s member's place */
	unsigned char order[JSON_PICK_MAX]; /* the keys by place */
};
void json_picker_init(struct json_picker *p, const char *const *keys, size_t n);
void json_pick_like(struct json_picker *p, const cJSON *obj, const cJSON **out);
/* Adds v to obj under key, which must outlive obj (a literal: it is not copied); v. */
cJSON *json_put(cJSON *obj, const char *key, cJSON *v);
/* v's number, or 0 when v is NULL or no number. */
double json_number(const cJSON *v);
/* The index of array by its objects' member key (new array of *n, free it). */
struct json_ix *json_index(const cJSON *array, const char *key, size_t *n);
/* The first entry of ix[0..n) with id (the others follow it), or NULL. */
struct json_ix *json_index_find(struct json_ix *ix, size_t n, double id);

struct req;
/*
 * The field an error blames, formatted ("disks[%d].pool" -> "disks[0].pool"), as a
 * string owned by r: how a nested field is named in every 422.
 */
const char *json_field(struct req *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
