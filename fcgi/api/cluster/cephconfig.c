/*
 * cephconfig.c - /api/clusters/{fsid}/config: Ceph's configuration database (`config
 * dump`, through the view, so a change made with the CLI shows within its bound)
 * joined with every option's schema from the cluster's manager (backends/
 * ceph_options.c). List (filters: level, section, service, changed; search on name
 * and description), get one option with its schema and its value per section, set a
 * value for a section (`config set`), remove it (`config rm`). A value is checked
 * against the schema first (cephconfig_value.c: 422 on field value naming the rule);
 * what that cannot tell (an address), Ceph judges, its refusal a 422 too. A manager
 * module's option (mgr/<module>/<name>) has no schema there: Ceph checks it. Values of
 * options that hold secrets (a cephx key, passwords, tokens) read "***" for all but
 * admins, and the audit row of a change keeps "***".
 */
#include "api/cluster/cluster.h"
#include "backends/ceph.h"
#include "backends/ceph_options.h"
#include "backends/view.h"
#include "core/list.h"
#include "core/resp.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A schema member, copied (absent or "": null). */
static void
add_schema(cJSON *j, const cJSON *opt, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(opt, name);

	if (!v || (cJSON_IsString(v) && !*v->valuestring))
		cJSON_AddNullToObject(j, name);
	else
		cJSON_AddItemToObject(j, name, cJSON_Duplicate(v, 1));
}

/* A copy of the array member name of opt, or an empty array. */
static cJSON *
array_of(const cJSON *opt, const char *name)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(opt, name);

	return cJSON_IsArray(a) ? cJSON_Duplicate(a, 1) : cJSON_CreateArray();
}

/* The values of option name in the database: [{section, mask, value}] (new). */
static cJSON *
values_of(const cJSON *dump, const char *name, int reveal)
{
	cJSON *a = cJSON_CreateArray(), *v;
	const cJSON *e;

	cJSON_ArrayForEach(e, dump) {
		if (strcmp(json_str(e, "name") ?: "", name))
			continue;
		v = cJSON_CreateObject();
		cJSON_AddStringToObject(v, "section", json_str(e, "section") ?: "");
		if (json_str(e, "mask") && *json_str(e, "mask"))
			cJSON_AddStringToObject(v, "mask", json_str(e, "mask"));
		else
			cJSON_AddNullToObject(v, "mask");
		cJSON_AddStringToObject(
			v, "value",
			reveal || !cephconfig_secret(name) ? json_str(e, "value") ?: "" : "***");
		cJSON_AddItemToArray(a, v);
	}
	return a;
}

/* The database entry of name, if any (for an option without schema). */
static const cJSON *
dump_entry(const cJSON *dump, const char *name)
{
	const cJSON *e;

	cJSON_ArrayForEach(e, dump)
		if (!strcmp(json_str(e, "name") ?: "", name))
			return e;
	return NULL;
}

/* The API's option: its schema (opt, NULL if none) and its values; full adds the rest. */
static cJSON *
option_item(const cJSON *opt, const char *name, const cJSON *dump, int full, int reveal)
{
	static const char *const brief[] = {"type", "level", "desc", "default", "min", "max"};
	static const char *const more[] = {"long_desc", "daemon_default", "see_also", "tags"};
	const cJSON *src = opt ? opt : dump_entry(dump, name);
	cJSON *j = cJSON_CreateObject();

	cJSON_AddStringToObject(j, "name", name);
	for (size_t i = 0; i < ARRAY_LEN(brief); i++)
		add_schema(j, opt ? opt : src, brief[i]);
	cJSON_AddItemToObject(j, "enum_values", array_of(opt, "enum_values"));
	cJSON_AddBoolToObject(
		j, "can_update_at_runtime",
		cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(src, "can_update_at_runtime")));
	cJSON_AddItemToObject(j, "services", array_of(opt, "services"));
	cJSON_AddBoolToObject(j, "secret", cephconfig_secret(name));
	cJSON_AddBoolToObject(j, "schema", opt != NULL);
	cJSON_AddItemToObject(j, "values", values_of(dump, name, reveal));
	for (size_t i = 0; full && i < ARRAY_LEN(more); i++)
		add_schema(j, opt, more[i]);
	return j;
}

/* The database and the schema: 0, or the error answered. */
static int
read_both(struct req *r, int fresh, const cJSON **dump, const struct ceph_options **o)
{
	char *msg = NULL;
	int rc;

	if (!(*dump = (fresh ? view_req_fresh : view_req)(r, r->cluster, V_CONFIG_DUMP)))
		return r->status;
	if ((rc = ceph_options_get(r->cluster, o, &msg)) < 0)
		return resp_ceph_error(r, rc, req_own(r, msg));
	return 0;
}

/* The list's filters from the query, checked: 0 or 400 answered. */
struct filters {
	const char *level, *section, *service;
	int changed; /* -1: either */
};

static int
parse_filters(struct req *r, struct filters *f)
{
	static const char *const levels[] = {"basic", "advanced", "dev", NULL};
	const char *changed = req_query(r, "changed");

	f->level = req_query(r, "level");
	f->section = req_query(r, "section");
	f->service = req_query(r, "service");
	f->changed = changed ? !strcmp(changed, "true") : -1;
	if (f->level && !str_in(f->level, levels))
		return resp_error(r, 400, "invalid_parameter", "level",
				  "level is basic, advanced or dev");
	if (f->section && !cephconfig_valid_section(f->section))
		return resp_error(r, 400, "invalid_parameter", "section",
				  "section is global, mon, mgr, osd, mds, client or one of them "
				  "with an id (osd.3, client.rgw.a)");
	if (changed && strcmp(changed, "true") && strcmp(changed, "false"))
		return resp_error(r, 400, "invalid_parameter", "changed",
				  "changed is true or false");
	return 0;
}

/* Whether the item passes f. */
static int
passes(const cJSON *item, const struct filters *f)
{
	const cJSON *values = cJSON_GetObjectItemCaseSensitive(item, "values"), *v;
	int in_section = !f->section;

	if (f->level && strcmp(json_str(item, "level") ?: "", f->level))
		return 0;
	if (f->changed >= 0 && (cJSON_GetArraySize(values) > 0) != f->changed)
		return 0;
	if (f->service &&
	    !json_array_has_str(cJSON_GetObjectItemCaseSensitive(item, "services"), f->service))
		return 0;
	cJSON_ArrayForEach(v, values)
		in_section |= !strcmp(json_str(v, "section") ?: "", f->section ?: "");
	return in_section;
}

/* Adds the options of the database that have no schema (manager modules'). */
static void
add_unschemed(cJSON *items, const struct ceph_options *o, const cJSON *dump,
	      const struct filters *f, int reveal)
{
	const cJSON *e;
	cJSON *item;

	cJSON_ArrayForEach(e, dump) {
		const char *name = json_str(e, "name") ?: "";

		if (ceph_option_find(o, name) || e != dump_entry(dump, name))
			continue;
		item = option_item(NULL, name, dump, 0, reveal);
		if (passes(item, f))
			cJSON_AddItemToArray(items, item);
		else
			cJSON_Delete(item);
	}
}

static const struct sort_field cephconfig_list_sorts[] = {
	{"name", "name"}, {"level", "level"}, {"type", "type"}, {NULL, NULL}};
static const char *const cephconfig_list_search[] = {"name", "desc", NULL};
const struct list_spec cephconfig_list_spec = {cephconfig_list_sorts, "name",
					       cephconfig_list_search};

const struct field_spec cephconfig_list_query[] = {
	{"changed", J_BOOL, 0, "true lists only options set in the configuration database"},
	{"level", J_STRING, 0, "only options of this level (basic, advanced, dev)"},
	{"section", J_STRING, 0, "only options set for this section (global, mon, osd.3, ...)"},
	{"service", J_STRING, 0, "only options that this service reads (mon, osd, mds, rgw, ...)"},
	{NULL, 0, 0, NULL},
};

int
cephconfig_list(struct req *r)
{
	static const enum view_kind kinds[] = {V_CONFIG_DUMP};
	int reveal = r->user.role == ROLE_ADMIN, rc;
	const char *memo = reveal ? "config:admin" : "config";
	const struct ceph_options *o;
	struct list_params lp;
	struct filters f;
	const cJSON *dump;
	cJSON *items, *item;

	if ((rc = list_parse(r, &lp)) != 0 || (rc = parse_filters(r, &f)) != 0 ||
	    (rc = read_both(r, 0, &dump, &o)) != 0)
		return rc;
	if ((rc = view_memo_respond(r, memo, kinds, 1)) != 0)
		return rc;
	items = cJSON_CreateArray();
	for (int i = 0; i < o->n; i++) {
		item = option_item(o->items[i], json_str(o->items[i], "name"), dump, 0, reveal);
		if (passes(item, &f))
			cJSON_AddItemToArray(items, item);
		else
			cJSON_Delete(item);
	}
	add_unschemed(items, o, dump, &f, reveal);
	rc = list_array(r, items, &lp);
	view_memo_keep(r, memo, kinds, 1);
	return rc;
}

/* Answers status with option name as it is now (fresh after a change), or 404. */
static int
respond_option(struct req *r, const char *name, int fresh, int status)
{
	const struct ceph_options *o;
	const cJSON *dump, *opt;
	cJSON *item;
	int rc;

	if ((rc = read_both(r, fresh, &dump, &o)) != 0)
		return rc;
	opt = ceph_option_find(o, name);
	if (!opt && !dump_entry(dump, name))
		return resp_error(r, 404, "config_option_not_found", NULL,
				  "Ceph has no option '%s'", name);
	item = option_item(opt, name, dump, 1, r->user.role == ROLE_ADMIN);
	if (status == 200 && fresh)
		cJSON_AddBoolToObject(item, "restart_needed",
				      !cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(
					      item, "can_update_at_runtime")));
	return resp_json(r, status, item);
}

int
cephconfig_get(struct req *r)
{
	return respond_option(r, req_param(r, "name"), 0, 200);
}

const struct field_spec cephconfig_set_body[] = {
	{"section", J_STRING, 1,
	 "global, mon, mgr, osd, mds, client, or one daemon or client (osd.3, client.rgw.a)"},
	{"mask", J_STRING, 0,
	 "only where the mask matches: host:<name>, class:<device class>, "
	 "or a CRUSH bucket type and name (rack:r1)"},
	{"value", J_ANY, 1, "the value: a string, number or boolean, checked against the option"},
	{NULL, 0, 0, NULL},
};

/* Section and mask of a write, checked: the `who` (owned by r), or NULL with 422 answered. */
static const char *
who_of(struct req *r, const char *section, const char *mask)
{
	if (!section || !cephconfig_valid_section(section)) {
		resp_error(
			r, 422, "invalid_value", "section",
			"section is global, mon, mgr, osd, mds, client or one of them with an id "
			"(osd.3, client.rgw.a)");
		return NULL;
	}
	if (mask && !cephconfig_valid_mask(mask)) {
		resp_error(r, 422, "invalid_value", "mask",
			   "mask is host:<name>, class:<device class> or a CRUSH bucket type and "
			   "name (rack:r1)");
		return NULL;
	}
	return mask ? req_own(r, xasprintf("%s/%s", section, mask)) : section;
}

/* Checks name's value against its schema: 0 or 422/404 answered. */
static int
check_value(struct req *r, const char *name, const char *value)
{
	const struct ceph_options *o;
	const cJSON *opt;
	char *msg = NULL;
	int rc;

	if ((rc = ceph_options_get(r->cluster, &o, &msg)) < 0)
		return resp_ceph_error(r, rc, req_own(r, msg));
	if (!(opt = ceph_option_find(o, name))) {
		if (!strncmp(name, "mgr/", 4))
			return 0; /* a manager module's: Ceph checks it */
		return resp_error(r, 404, "config_option_not_found", NULL,
				  "Ceph has no option '%s'", name);
	}
	return ceph_option_check(r, opt, name, value);
}

int
cephconfig_set(struct req *r)
{
	const char *name = req_param(r, "name"), *who, *value;
	int rc;

	value = ceph_option_text(r, cJSON_GetObjectItemCaseSensitive(r->body, "value"));
	if ((rc = ceph_option_check(r, NULL, name, value)) != 0) /* its rule once known */
		return rc;
	if (!(who = who_of(r, json_str(r->body, "section"), json_str(r->body, "mask"))))
		return r->status;
	if ((rc = check_value(r, name, value)) != 0)
		return rc;
	if ((rc = cephconfig_store(r, who, name, value)) != 0)
		return rc;
	return respond_option(r, name, 1, 200);
}

int
cephconfig_store(struct req *r, const char *who, const char *name, const char *value)
{
	cJSON *cmd = ceph_cmd("config set");
	const char *msg;
	int rc;

	cJSON_AddStringToObject(cmd, "who", who);
	cJSON_AddStringToObject(cmd, "name", name);
	cJSON_AddStringToObject(cmd, "value", value);
	rc = ceph_req_run(r, 0, cmd, &msg);
	if (cephconfig_secret(name)) /* the audit row keeps no secret */
		cJSON_ReplaceItemInObjectCaseSensitive(r->body, "value", cJSON_CreateString("***"));
	view_invalidate(r->cluster);
	if (rc == -EINVAL || rc == -ERANGE)
		return resp_error(r, 422, "invalid_value", "value", "%s",
				  msg && *msg ? msg : "Ceph refused the value");
	return rc < 0 ? resp_ceph_error(r, rc, msg) : 0;
}

const struct field_spec cephconfig_remove_query[] = {
	{"section", J_STRING, 0, "the section the value is set for (default global)"},
	{"mask", J_STRING, 0, "the mask the value is set with (host:..., class:...)"},
	{NULL, 0, 0, NULL},
};

int
cephconfig_remove(struct req *r)
{
	const char *name = req_param(r, "name"), *section = req_query(r, "section");
	const char *mask = req_query(r, "mask"), *who, *msg;
	const struct ceph_options *o;
	const cJSON *dump, *e;
	int rc, found = 0;
	cJSON *cmd;

	if (!(who = who_of(r, section, mask)) || (rc = read_both(r, 1, &dump, &o)) != 0)
		return r->status;
	cJSON_ArrayForEach(e, dump)
		found |= !strcmp(json_str(e, "name") ?: "", name) &&
			 !strcmp(json_str(e, "section") ?: "", section) &&
			 !strcmp(json_str(e, "mask") ?: "", mask ?: "");
	if (!found)
		return resp_error(r, 404, "config_value_not_found", NULL,
				  "option '%s' has no value for %s", name, who);
	cmd = ceph_cmd("config rm");
	cJSON_AddStringToObject(cmd, "who", who);
	cJSON_AddStringToObject(cmd, "name", name);
	rc = ceph_req_run(r, 0, cmd, &msg);
	view_invalidate(r->cluster);
	return rc < 0 ? resp_ceph_error(r, rc, msg) : resp_empty(r, 204);
}
