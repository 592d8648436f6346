/* ceph_options.h - the schema of every Ceph option, from the cluster's own manager. */
#ifndef OA_CEPH_OPTIONS_H
#define OA_CEPH_OPTIONS_H

#include <cjson/cJSON.h>

#include "backends/ceph.h"

/* The options of a cluster, sorted by name; owned by the cache (valid until the next call). */
struct ceph_options {
	const cJSON **items; /* each {"name","type","level","desc","default","min","max",...} */
	int n;
};

/*
 * c's option schema from the view (shared by the host's processes), at most
 * CEPH_OPTIONS_MAX_AGE_MS old: 0 with *o, or a negative errno with *msg (new).
 */
int ceph_options_get(struct ceph *c, const struct ceph_options **o, char **msg);
/* The view's fetch of V_OPTIONS: {"options":[...]} as text (new), or a negative errno. */
int ceph_options_fetch(struct ceph *c, char **text, size_t *len, char **msg);
/*
 * The rule value breaks for option opt (its schema; its allowed values as enum_values):
 * NULL when it keeps them, else words to follow "must be" ("a whole number", "between 1
 * and 10"), static or in buf.
 */
const char *ceph_option_rule(const cJSON *opt, const char *value, char *buf, size_t n);
struct req;
/* A body's value as Ceph's text (owned by r), or NULL when not a string, number or bool. */
const char *ceph_option_text(struct req *r, const cJSON *v);
/*
 * value (ceph_option_text's: NULL when the body's was no string, number or bool) for
 * option name, checked against opt (its schema; NULL: only that it is a value): 0, or
 * 422 answered naming the rule it breaks.
 */
int ceph_option_check(struct req *r, const cJSON *opt, const char *name, const char *value);
/* The option name of o, or NULL. */
const cJSON *ceph_option_find(const struct ceph_options *o, const char *name);

#define CEPH_OPTIONS_MAX_AGE_MS (6L * 3600 * 1000)

#endif
