/*
 * flags.c - /api/clusters/{fsid}/flags: the cluster-wide OSD flags an operator may set
 * (noout, noscrub, pause, ...). GET reads them from `osd dump` in the shared view;
 * PUT takes the whole wanted set and sets what is missing and unsets what is extra,
 * one `osd set` / `osd unset` each. `pause` is two flags in the OSD map (pauserd,
 * pausewr): it shows when either is set and is set when not both are.
 */
#include "api/cluster/cluster.h"
#include "backends/ceph.h"
#include "backends/view.h"
#include "core/resp.h"

#include <stdlib.h>
#include <string.h>

static const char *const settable[] = {
	"noout",        "noin",        "nodown",    "noup",       "noscrub",
	"nodeep-scrub", "norebalance", "norecover", "nobackfill", "pause",
};

/* Whether flag is set in an `osd dump`; for pause, all = both halves rather than either. */
static int
flag_set(const cJSON *dump, const char *flag, int all)
{
	const cJSON *set = cJSON_GetObjectItemCaseSensitive(dump, "flags_set");

	if (strcmp(flag, "pause"))
		return json_array_has_str(set, flag);
	if (all)
		return json_array_has_str(set, "pauserd") && json_array_has_str(set, "pausewr");
	return json_array_has_str(set, "pauserd") || json_array_has_str(set, "pausewr");
}

/* {"flags":[...]}: the settable flags set in dump. */
static cJSON *
flags_object(const cJSON *dump)
{
	cJSON *j = cJSON_CreateObject(), *a = cJSON_AddArrayToObject(j, "flags");

	for (size_t i = 0; i < ARRAY_LEN(settable); i++)
		if (flag_set(dump, settable[i], 0))
			cJSON_AddItemToArray(a, cJSON_CreateString(settable[i]));
	return j;
}

int
flags_get(struct req *r)
{
	const cJSON *dump = view_req(r, r->cluster, V_OSD_DUMP);

	return dump ? resp_json(r, 200, flags_object(dump)) : r->status;
}

const struct field_spec flags_put_body[] = {
	{"flags", J_ARRAY, 1,
	 "the whole wanted set of: noout, noin, nodown, noup, noscrub, nodeep-scrub, "
	 "norebalance, norecover, nobackfill, pause"},
	{NULL, 0, 0, NULL},
};

static int
check_flags(struct req *r, const cJSON *want)
{
	const cJSON *v;

	cJSON_ArrayForEach(v, want) {
		int known = 0;
		for (size_t i = 0; cJSON_IsString(v) && i < ARRAY_LEN(settable); i++)
			known |= !strcmp(v->valuestring, settable[i]);
		if (!known)
			return resp_error(
				r, 422, "invalid_value", "flags",
				"unknown flag %s%s%s: flags are noout, noin, nodown, noup, "
				"noscrub, nodeep-scrub, norebalance, norecover, "
				"nobackfill, pause",
				cJSON_IsString(v) ? "'" : "",
				cJSON_IsString(v) ? v->valuestring : "(not a string)",
				cJSON_IsString(v) ? "'" : "");
	}
	return 0;
}

static int
set_flag(struct ceph *c, const char *flag, int on, char **msg)
{
	cJSON *cmd = ceph_cmd(on ? "osd set" : "osd unset");

	free(*msg); /* only the last command's message is kept */
	*msg = NULL;
	cJSON_AddStringToObject(cmd, "key", flag);
	return ceph_run(c, cmd, msg);
}

/* Sets the wanted flags not (fully) set, unsets the unwanted ones set. */
static int
apply_flags(struct ceph *c, const cJSON *dump, const cJSON *want, char **msg)
{
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < ARRAY_LEN(settable); i++) {
		int wanted = json_array_has_str(want, settable[i]);
		if (wanted && !flag_set(dump, settable[i], 1))
			rc = set_flag(c, settable[i], 1, msg);
		else if (!wanted && flag_set(dump, settable[i], 0))
			rc = set_flag(c, settable[i], 0, msg);
	}
	return rc;
}

int
flags_put(struct req *r)
{
	const cJSON *want = cJSON_GetObjectItemCaseSensitive(r->body, "flags"), *dump;
	char *msg = NULL;
	int rc;

	if ((rc = check_flags(r, want)) != 0)
		return rc;
	/* Compare with the map as it is now, not as it was up to a bound ago. */
	view_invalidate(r->cluster);
	if (!(dump = view_req(r, r->cluster, V_OSD_DUMP)))
		return r->status;
	rc = apply_flags(r->cluster, dump, want, &msg);
	view_invalidate(r->cluster);
	req_own(r, msg);
	if (rc < 0)
		return resp_ceph_error(r, rc, msg);
	if (!(dump = view_req(r, r->cluster, V_OSD_DUMP)))
		return r->status;
	return resp_json(r, 200, flags_object(dump));
}
