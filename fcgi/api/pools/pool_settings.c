/*
 * pool_settings.c - the pool settings that create and update share: checking them
 * against the cluster (OSD count, rule and profile existence, limits) before Ceph is
 * asked, and applying them one monitor command at a time.
 */
#include "api/pools/pools.h"
#include "backends/view.h"
#include "core/json.h"
#include "core/resp.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
check_compression(struct req *r, const cJSON *comp)
{
	static const char *modes[] = {"none", "passive", "aggressive", "force", NULL};
	static const char *algs[] = {"snappy", "zlib", "zstd", "lz4", NULL};
	static const char *known[] = {"mode",          "algorithm",     "required_ratio",
				      "min_blob_size", "max_blob_size", NULL};
	const cJSON *v;

	cJSON_ArrayForEach(v, comp)
		if (!str_in(v->string, known))
			return resp_error(r, 400, "unknown_field", "compression",
					  "unknown compression setting '%s'", v->string);
	if ((v = cJSON_GetObjectItemCaseSensitive(comp, "mode")) &&
	    (!cJSON_IsString(v) || !str_in(v->valuestring, modes)))
		return resp_error(r, 422, "invalid_value", "compression",
				  "compression mode must be none, passive, aggressive or force");
	if ((v = cJSON_GetObjectItemCaseSensitive(comp, "algorithm")) &&
	    (!cJSON_IsString(v) || !str_in(v->valuestring, algs)))
		return resp_error(r, 422, "invalid_value", "compression",
				  "compression algorithm must be snappy, zlib, zstd or lz4");
	if ((v = cJSON_GetObjectItemCaseSensitive(comp, "required_ratio")) &&
	    (!cJSON_IsNumber(v) || v->valuedouble <= 0 || v->valuedouble > 1))
		return resp_error(r, 422, "invalid_value", "compression",
				  "required_ratio must be a number in (0, 1]");
	for (int i = 0; i < 2; i++)
		if ((v = cJSON_GetObjectItemCaseSensitive(comp,
							  i ? "max_blob_size" : "min_blob_size")) &&
		    (!cJSON_IsNumber(v) || v->valuedouble < 0 ||
		     v->valuedouble != floor(v->valuedouble)))
			return resp_error(r, 422, "invalid_value", "compression",
					  "blob sizes are byte counts >= 0");
	return 0;
}

static int
check_quota(struct req *r, const cJSON *quota)
{
	const cJSON *v;

	cJSON_ArrayForEach(v, quota) {
		if (strcmp(v->string, "max_bytes") && strcmp(v->string, "max_objects"))
			return resp_error(r, 400, "unknown_field", "quota",
					  "unknown quota '%s' (max_bytes, max_objects)", v->string);
		if (!cJSON_IsNumber(v) || v->valuedouble < 0 ||
		    v->valuedouble != floor(v->valuedouble))
			return resp_error(r, 422, "invalid_value", "quota",
					  "%s must be an integer >= 0 (0 = no quota)", v->string);
	}
	return 0;
}

static int
check_applications(struct req *r, const cJSON *apps)
{
	const char *ok = "abcdefghijklmnopqrstuvwxyz0123456789_-";
	const cJSON *a, *b;

	if (cJSON_GetArraySize(apps) > 16)
		return resp_error(r, 422, "invalid_value", "applications",
				  "a pool has at most 16 applications");
	cJSON_ArrayForEach(a, apps) {
		const char *v = cJSON_IsString(a) ? a->valuestring : "";
		if (!*v || strlen(v) > 64 || strspn(v, ok) != strlen(v))
			return resp_error(r, 422, "invalid_value", "applications",
					  "applications are names like rbd, rgw, cephfs");
		for (b = apps->child; b != a; b = b->next)
			if (!strcmp(b->valuestring, v))
				return resp_error(r, 422, "invalid_value", "applications",
						  "application '%s' is given twice", v);
	}
	return 0;
}

static int
rule_exists(const cJSON *rules, const char *name)
{
	const cJSON *r;

	cJSON_ArrayForEach(r, rules)
		if (!strcmp(json_str(r, "rule_name") ?: "", name))
			return 1;
	return 0;
}

/* The autoscaler's hints and allow_ec_overwrites: 0, or 422 answered. */
static int
check_hints(struct req *r, const cJSON *b, const cJSON *cur)
{
	const cJSON *v;
	int erasure = cur ? !strcmp(json_str(cur, "type") ?: "", "erasure")
			  : json_str(b, "erasure_code_profile") != NULL;

	if ((v = cJSON_GetObjectItemCaseSensitive(b, "target_size_ratio")) &&
	    (v->valuedouble < 0 || v->valuedouble > 1000))
		return resp_error(r, 422, "invalid_value", "target_size_ratio",
				  "target_size_ratio must be 0 (none) or more, up to 1000");
	if ((v = cJSON_GetObjectItemCaseSensitive(b, "target_size_bytes")) && v->valuedouble < 0)
		return resp_error(r, 422, "invalid_value", "target_size_bytes",
				  "target_size_bytes must be 0 (none) or more");
	if ((v = cJSON_GetObjectItemCaseSensitive(b, "pg_num_min")) &&
	    (v->valuedouble < 0 || v->valuedouble > 32768))
		return resp_error(r, 422, "invalid_value", "pg_num_min",
				  "pg_num_min must be 0 to 32768");
	if ((v = cJSON_GetObjectItemCaseSensitive(b, "allow_ec_overwrites"))) {
		if (!erasure)
			return resp_error(r, 422, "invalid_value", "allow_ec_overwrites",
					  "allow_ec_overwrites is for erasure-coded pools");
		if (!cJSON_IsTrue(v) && cur &&
		    cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(cur, "allow_ec_overwrites")))
			return resp_error(r, 422, "invalid_value", "allow_ec_overwrites",
					  "allow_ec_overwrites cannot be turned off again");
	}
	return 0;
}

/* size and min_size against each other and the OSD count. */
static int
check_sizes(struct req *r, const cJSON *b, const cJSON *cur)
{
	const cJSON *st = view_req(r, r->cluster, V_STATUS);
	long size = json_long(b, "size", cur ? (long)jnum(cur, "size") : 3);
	long min = json_long(b, "min_size", cur ? (long)jnum(cur, "min_size") : 0);
	long osds;

	if (!st)
		return r->status;
	osds = (long)jnum(st, "osdmap.num_osds");
	if (cJSON_GetObjectItemCaseSensitive(b, "size") && (size < 1 || size > 10))
		return resp_error(r, 422, "invalid_value", "size", "size must be 1 to 10");
	if (cJSON_GetObjectItemCaseSensitive(b, "size") && size > osds)
		return resp_error(r, 422, "invalid_value", "size",
				  "size %ld needs at least %ld OSDs; the cluster has %ld", size,
				  size, osds);
	if (cJSON_GetObjectItemCaseSensitive(b, "min_size") && (min < 1 || min > size))
		return resp_error(r, 422, "invalid_value", "min_size",
				  "min_size must be 1 to size (%ld)", size);
	return 0;
}

int
pools_check_settings(struct req *r, const cJSON *b, const cJSON *cur, cJSON *warnings)
{
	static const char *modes[] = {"on", "off", "warn", NULL};
	const cJSON *v, *rules;
	int rc;

	if ((rc = check_sizes(r, b, cur)) != 0 || (rc = check_hints(r, b, cur)) != 0)
		return rc;
	if ((v = cJSON_GetObjectItemCaseSensitive(b, "pg_num"))) {
		long n = (long)v->valuedouble;
		if (n < 1 || n > 32768)
			return resp_error(r, 422, "invalid_value", "pg_num",
					  "pg_num must be 1 to 32768");
		if (n & (n - 1))
			cJSON_AddItemToArray(
				warnings,
				cJSON_CreateString(
					"pg_num is not a power of two: data will be spread "
					"unevenly over the PGs"));
	}
	if ((v = cJSON_GetObjectItemCaseSensitive(b, "pg_autoscale_mode")) &&
	    !str_in(v->valuestring, modes))
		return resp_error(r, 422, "invalid_value", "pg_autoscale_mode",
				  "pg_autoscale_mode must be on, off or warn");
	if ((v = cJSON_GetObjectItemCaseSensitive(b, "crush_rule"))) {
		if (!(rules = view_req(r, r->cluster, V_CRUSH_RULES)))
			return r->status;
		if (!rule_exists(rules, v->valuestring))
			return resp_error(r, 422, "invalid_value", "crush_rule",
					  "there is no CRUSH rule '%s'", v->valuestring);
	}
	if ((v = cJSON_GetObjectItemCaseSensitive(b, "applications")) &&
	    (rc = check_applications(r, v)) != 0)
		return rc;
	if ((v = cJSON_GetObjectItemCaseSensitive(b, "compression")) &&
	    (rc = check_compression(r, v)) != 0)
		return rc;
	if ((v = cJSON_GetObjectItemCaseSensitive(b, "quota")) && (rc = check_quota(r, v)) != 0)
		return rc;
	return 0;
}

/* osd pool set <pool> <var> <val> */
static int
pool_set(struct ceph *c, const char *pool, const char *var, const char *val, char **msg)
{
	cJSON *cmd = ceph_cmd("osd pool set");

	cJSON_AddStringToObject(cmd, "pool", pool);
	cJSON_AddStringToObject(cmd, "var", var);
	cJSON_AddStringToObject(cmd, "val", val);
	return ceph_run(c, cmd, msg);
}

/* Enables the applications wanted and not there; disables those there and not wanted. */
static int
apply_applications(struct ceph *c, const char *pool, const cJSON *want, const cJSON *have,
		   char **msg)
{
	const cJSON *a;
	int rc = 0;

	cJSON_ArrayForEach(a, want)
		if (rc == 0 && !json_array_has_str(have, a->valuestring)) {
			cJSON *cmd = ceph_cmd("osd pool application enable");
			cJSON_AddStringToObject(cmd, "pool", pool);
			cJSON_AddStringToObject(cmd, "app", a->valuestring);
			cJSON_AddBoolToObject(cmd, "yes_i_really_mean_it", 1);
			rc = ceph_run(c, cmd, msg);
		}
	cJSON_ArrayForEach(a, have)
		if (rc == 0 && !json_array_has_str(want, a->valuestring)) {
			cJSON *cmd = ceph_cmd("osd pool application disable");
			cJSON_AddStringToObject(cmd, "pool", pool);
			cJSON_AddStringToObject(cmd, "app", a->valuestring);
			cJSON_AddBoolToObject(cmd, "yes_i_really_mean_it", 1);
			rc = ceph_run(c, cmd, msg);
		}
	return rc;
}

static void
number_text(const cJSON *v, char *out, size_t n)
{
	if (cJSON_IsBool(v))
		snprintf(out, n, "%s", cJSON_IsTrue(v) ? "true" : "false");
	else if (cJSON_IsString(v))
		snprintf(out, n, "%s", v->valuestring);
	else if (v->valuedouble == floor(v->valuedouble))
		snprintf(out, n, "%.0f", v->valuedouble);
	else
		snprintf(out, n, "%g", v->valuedouble);
}

static int
apply_object(struct ceph *c, const char *pool, const cJSON *obj, const char *prefix, char **msg)
{
	const cJSON *v;
	char var[64], val[64];
	int rc = 0;

	cJSON_ArrayForEach(v, obj)
		if (rc == 0) {
			snprintf(var, sizeof(var), "%s%s", prefix, v->string);
			number_text(v, val, sizeof(val));
			if (!strcmp(prefix, "quota")) {
				cJSON *cmd = ceph_cmd("osd pool set-quota");
				cJSON_AddStringToObject(cmd, "pool", pool);
				cJSON_AddStringToObject(cmd, "field", v->string);
				cJSON_AddStringToObject(cmd, "val", val);
				rc = ceph_run(c, cmd, msg);
			} else {
				rc = pool_set(c, pool, var, val, msg);
			}
		}
	return rc;
}

int
pools_apply(struct ceph *c, const char *pool, const cJSON *b, const cJSON *cur, char **msg,
	    const char **what)
{
	/* The plain "osd pool set" variables; size and min_size first, ordered so that
	 * min_size <= size throughout. */
	static const char *vars[] = {"size",
				     "min_size",
				     "pg_num",
				     "pg_autoscale_mode",
				     "crush_rule",
				     "allow_ec_overwrites",
				     "target_size_ratio",
				     "target_size_bytes",
				     "pg_num_min",
				     "bulk",
				     NULL};
	static const char *shrink[] = {"min_size", "size"};
	int shrinking = cur && cJSON_GetObjectItemCaseSensitive(b, "size") &&
			jnum(b, "size") < jnum(cur, "min_size");
	const cJSON *v;
	char val[64];
	int rc = 0;

	for (const char **k = vars; rc == 0 && *k; k++) {
		const char *name = shrinking && k - vars < 2 ? shrink[k - vars] : *k;

		if (!(v = cJSON_GetObjectItemCaseSensitive(b, name)))
			continue;
		*what = name;
		number_text(v, val, sizeof(val));
		if ((rc = pool_set(c, pool, name, val, msg)) == 0 && !strcmp(name, "pg_num"))
			rc = pool_set(c, pool, "pgp_num", val, msg);
	}
	if (rc == 0 && (v = cJSON_GetObjectItemCaseSensitive(b, "applications"))) {
		*what = "applications";
		rc = apply_applications(
			c, pool, v,
			cur ? cJSON_GetObjectItemCaseSensitive(cur, "applications") : NULL, msg);
	}
	if (rc == 0 && (v = cJSON_GetObjectItemCaseSensitive(b, "compression"))) {
		*what = "compression";
		rc = apply_object(c, pool, v, "compression_", msg);
	}
	if (rc == 0 && (v = cJSON_GetObjectItemCaseSensitive(b, "quota"))) {
		*what = "quota";
		rc = apply_object(c, pool, v, "quota", msg);
	}
	return rc;
}
