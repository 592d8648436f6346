/*
 * rbd_json.c - an RBD image in the API's words: the image object of a list or a GET
 * (from backends/rbd_meta.c's struct image_info), and feature names to bits and back
 * with their dependencies checked (a 422 on "features").
 */
#include "api/rbd/rbd.h"
#include "core/resp.h"

#include <stdio.h>
#include <string.h>

/* Objects of an image of size bytes, as librbd's Striper counts them. */
static uint64_t
num_objects(const struct image_info *v)
{
	uint64_t su = v->stripe_unit ? v->stripe_unit : 1ULL << v->order;
	uint64_t sc = v->stripe_count ? v->stripe_count : 1, per = su * sc;
	uint64_t period = (1ULL << v->order) * sc, rem = v->size % period, rem_objs = 0;

	if (rem > 0 && rem < per)
		rem_objs = sc - (per - rem) / su;
	return (v->size + period - 1) / period * sc - (rem_objs > 0 ? sc - rem_objs : 0);
}

static cJSON *
parent_json(const struct image_info *v)
{
	cJSON *p;

	if (v->parent_pool < 0 || !v->parent_image)
		return cJSON_CreateNull();
	p = cJSON_CreateObject();
	cJSON_AddStringToObject(p, "pool", v->parent_pool_name ? v->parent_pool_name : "");
	cJSON_AddStringToObject(p, "namespace", v->parent_ns ? v->parent_ns : "");
	cJSON_AddStringToObject(p, "image", v->parent_image);
	cJSON_AddStringToObject(p, "snapshot", v->parent_snap ? v->parent_snap : "");
	return p;
}

cJSON *
image_info_json(rados_t rados, const struct image_info *v, const char *pool, const char *ns,
		int with_used)
{
	cJSON *j = cJSON_CreateObject();
	char dp[128];

	cJSON_AddStringToObject(j, "name", v->name);
	cJSON_AddStringToObject(j, "pool", pool);
	cJSON_AddStringToObject(j, "namespace", ns ? ns : "");
	cJSON_AddStringToObject(j, "id", v->id);
	cJSON_AddNumberToObject(j, "size", (double)v->size);
	cJSON_AddNumberToObject(j, "obj_size", (double)(1ULL << v->order));
	cJSON_AddNumberToObject(j, "num_objs", (double)num_objects(v));
	cJSON_AddItemToObject(j, "features", image_features_json(v->features));
	if (v->data_pool >= 0 &&
	    rados_pool_reverse_lookup(rados, v->data_pool, dp, sizeof(dp)) >= 0)
		cJSON_AddStringToObject(j, "data_pool", dp);
	else
		cJSON_AddNullToObject(j, "data_pool");
	cJSON_AddNumberToObject(j, "stripe_unit", (double)v->stripe_unit);
	cJSON_AddNumberToObject(j, "stripe_count", (double)v->stripe_count);
	cJSON_AddItemToObject(j, "parent", parent_json(v));
	cJSON_AddNumberToObject(j, "snapshot_count", v->snap_count);
	json_add_time(j, "created_at", (long)v->created);
	if (with_used && v->has_used) {
		cJSON_AddNumberToObject(j, "used", (double)v->used);
	} else if (with_used) {
		cJSON_AddNullToObject(j, "used");
		cJSON_AddTrueToObject(j, "used_unknown");
	}
	return j;
}

static const struct {
	const char *name;
	uint64_t bit;
} feature_names[] = {
	{RBD_FEATURE_NAME_LAYERING, RBD_FEATURE_LAYERING},
	{RBD_FEATURE_NAME_STRIPINGV2, RBD_FEATURE_STRIPINGV2},
	{RBD_FEATURE_NAME_EXCLUSIVE_LOCK, RBD_FEATURE_EXCLUSIVE_LOCK},
	{RBD_FEATURE_NAME_OBJECT_MAP, RBD_FEATURE_OBJECT_MAP},
	{RBD_FEATURE_NAME_FAST_DIFF, RBD_FEATURE_FAST_DIFF},
	{RBD_FEATURE_NAME_DEEP_FLATTEN, RBD_FEATURE_DEEP_FLATTEN},
	{RBD_FEATURE_NAME_JOURNALING, RBD_FEATURE_JOURNALING},
	{RBD_FEATURE_NAME_DATA_POOL, RBD_FEATURE_DATA_POOL},
	{RBD_FEATURE_NAME_OPERATIONS, RBD_FEATURE_OPERATIONS},
	{RBD_FEATURE_NAME_MIGRATING, RBD_FEATURE_MIGRATING},
	{RBD_FEATURE_NAME_NON_PRIMARY, RBD_FEATURE_NON_PRIMARY},
	{RBD_FEATURE_NAME_DIRTY_CACHE, RBD_FEATURE_DIRTY_CACHE},
};

/* What a user may ask for; the others follow from other settings. */
#define USER_FEATURES                                                                              \
	(RBD_FEATURE_LAYERING | RBD_FEATURE_EXCLUSIVE_LOCK | RBD_FEATURE_OBJECT_MAP |              \
	 RBD_FEATURE_FAST_DIFF | RBD_FEATURE_DEEP_FLATTEN | RBD_FEATURE_JOURNALING |               \
	 RBD_FEATURE_DATA_POOL)

cJSON *
image_features_json(uint64_t f)
{
	cJSON *a = cJSON_CreateArray();

	for (size_t i = 0; i < ARRAY_LEN(feature_names); i++)
		if (f & feature_names[i].bit)
			cJSON_AddItemToArray(a, cJSON_CreateString(feature_names[i].name));
	return a;
}

int
image_features_check(struct req *r, uint64_t f)
{
	if ((f & RBD_FEATURE_OBJECT_MAP) && !(f & RBD_FEATURE_EXCLUSIVE_LOCK))
		return resp_error(r, 422, "invalid_value", "features",
				  "object-map needs exclusive-lock");
	if ((f & RBD_FEATURE_FAST_DIFF) && !(f & RBD_FEATURE_OBJECT_MAP))
		return resp_error(r, 422, "invalid_value", "features",
				  "fast-diff needs object-map");
	if ((f & RBD_FEATURE_JOURNALING) && !(f & RBD_FEATURE_EXCLUSIVE_LOCK))
		return resp_error(r, 422, "invalid_value", "features",
				  "journaling needs exclusive-lock");
	return 0;
}

int
image_features_parse(struct req *r, const cJSON *names, uint64_t *bits)
{
	const cJSON *n;

	*bits = 0;
	cJSON_ArrayForEach(n, names) {
		size_t i = 0;
		while (i < ARRAY_LEN(feature_names) &&
		       (!cJSON_IsString(n) || strcmp(n->valuestring, feature_names[i].name)))
			i++;
		if (i == ARRAY_LEN(feature_names) || !(feature_names[i].bit & USER_FEATURES))
			return resp_error(r, 422, "invalid_value", "features",
					  "features are layering, exclusive-lock, object-map, "
					  "fast-diff, deep-flatten, journaling");
		*bits |= feature_names[i].bit;
	}
	return image_features_check(r, *bits);
}
