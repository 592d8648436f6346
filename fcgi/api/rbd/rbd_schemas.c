/*
 * rbd_schemas.c - the component schemas of the rbd area's answers, in the notation of
 * server/schema.h, named by the route rows' answers (routes.c). The API tests check
 * every answer against them, so they say exactly what the handlers build.
 */
#include "api/rbd/rbd.h"

/* clang-format off */
/* The members image_info_json (rbd_json.c) builds, shared by Image and ImageDetail. */
#define IMAGE_MEMBERS \
	"name: s, pool: s, namespace: s, id: s, size: i, obj_size: i, num_objs: i, " \
	"features: [ImageFeature], data_pool: s?, stripe_unit: i, stripe_count: i, " \
	"parent: {pool: s, namespace: s, image: s, snapshot: s}?, snapshot_count: i, " \
	"created_at: t?"
/* clang-format on */

const struct schema_def rbd_schemas[] = {
	/* librbd's feature names (rbd/features.h), as image_features_json writes them. */
	{"ImageFeature",
	 "(layering|striping|exclusive-lock|object-map|fast-diff|deep-flatten|journaling|"
	 "data-pool|operations|migrating|non-primary|dirty-cache)"},
	/*
	 * An item of the image list. With ?fields=used, used is the bytes in use (fast-diff),
	 * or null with used_unknown true where fast-diff cannot tell; without, both are absent.
	 */
	{"Image", "{" IMAGE_MEMBERS ", used?: i?, used_unknown?: b}"},
	/*
	 * One image (GET, and the 201/200 of create, clone, restore, PATCH): the item and its
	 * block name prefix, watchers and locks (image_respond_in, rbd.c); used and
	 * used_unknown as in Image, only for a GET with ?fields=used.
	 */
	{"ImageDetail", "{" IMAGE_MEMBERS ", block_name_prefix: s, "
			"watchers: [{address: s, client_id: i, cookie: i}], "
			"locks: [{client: s, cookie: s, address: s, exclusive: b, tag: s}], "
			"used?: i?, used_unknown?: b}"},
	{"ImageSnapshot", "{name: s, id: i, size: i, protected: b, created_at: t?}"},
	{"Namespace", "{name: s}"},
	/* An image in the trash, named by its id; source says who moved it there. */
	{"TrashEntry", "{id: s, name: s, deleted_at: t?, deferment_end: t?, "
		       "source: (user|mirroring|migration|removing|user_parent|unknown)}"},
	/*
	 * An rbd_* option of a pool or image: value as librbd has it, where it comes from,
	 * and type, level and desc from Ceph's option schema ("str" and "" without it).
	 */
	{"RbdOption",
	 "{name: s, value: s, source: (config|pool|image), type: s, level: s, desc: s}"},
	{NULL, NULL},
};
