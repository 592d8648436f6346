/*
 * mgr_modules.c - /api/clusters/{fsid}/mgr/modules: the manager's modules from `mgr
 * dump` (through the view): enabled, always on, whether they can run and why not, and
 * each module's options with their schema and their value (the configuration
 * database's mgr/<module>/<option>, `config dump`). Enable and disable (`mgr module
 * enable|disable`: an always-on module cannot be disabled, one that cannot run is not
 * enabled: 409 with the manager's reason); set an option (checked against its schema
 * as any option, cephconfig_value.c, then `config set mgr mgr/<module>/<option>`) and
 * reset it (`config rm`). Values of options that hold secrets read *** for all but
 * admins, as in the configuration.
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

/* The always-on modules of the newest release mgr dump lists. */
static const cJSON *
always_on(const cJSON *dump)
{
	const cJSON *by_release = cJSON_GetObjectItemCaseSensitive(dump, "always_on_modules"), *r;
	const cJSON *last = NULL;

	cJSON_ArrayForEach(r, by_release)
		last = r;
	return last;
}

/* The module name of mgr dump, or NULL. */
static const cJSON *
module_of(const cJSON *dump, const char *name)
{
	const cJSON *m;

	cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(dump, "available_modules"))
		if (!strcmp(json_str(m, "name") ?: "", name))
			return m;
	return NULL;
}

/* The value of mgr/<module>/<opt> in the database (section mgr or global), or NULL. */
static const char *
option_value(const cJSON *config, const char *module, const char *opt)
{
	const cJSON *e;
	size_t ml = strlen(module);

	cJSON_ArrayForEach(e, config) {
		const char *n = json_str(e, "name") ?: "";

		if (!strncmp(n, "mgr/", 4) && !strncmp(n + 4, module, ml) && n[4 + ml] == '/' &&
		    !strcmp(n + 5 + ml, opt))
			return json_str(e, "value");
	}
	return NULL;
}

/* The API's option (new): its schema, its value (null: the default), secret. */
static cJSON *
option_item(const cJSON *o, const char *module, const cJSON *config, int reveal)
{
	static const char *const copied[] = {"type", "level", "desc", "long_desc"};
	const char *name = json_str(o, "name") ?: "", *value = option_value(config, module, name);
	char full[256];
	cJSON *j = cJSON_CreateObject();
	const cJSON *v;
	int secret;

	snprintf(full, sizeof(full), "mgr/%s/%s", module, name);
	secret = cephconfig_secret(full);
	cJSON_AddStringToObject(j, "name", name);
	for (size_t i = 0; i < ARRAY_LEN(copied); i++)
		cJSON_AddStringToObject(j, copied[i], json_str(o, copied[i]) ?: "");
	cJSON_AddStringToObject(j, "default", json_str(o, "default_value") ?: "");
	for (const char *const *b = (const char *const[]){"min", "max", NULL}; *b; b++) {
		v = cJSON_GetObjectItemCaseSensitive(o, *b);
		if (v && !(cJSON_IsString(v) && !*v->valuestring))
			cJSON_AddItemToObject(j, *b, cJSON_Duplicate(v, 1));
		else
			cJSON_AddNullToObject(j, *b);
	}
	v = cJSON_GetObjectItemCaseSensitive(o, "enum_allowed");
	cJSON_AddItemToObject(j, "enum_values",
			      cJSON_IsArray(v) ? cJSON_Duplicate(v, 1) : cJSON_CreateArray());
	cJSON_AddBoolToObject(j, "secret", secret);
	if (!value)
		cJSON_AddNullToObject(j, "value");
	else
		cJSON_AddStringToObject(j, "value", secret && !reveal ? "***" : value);
	return j;
}

/* The API's module (new); with options (config given), each option too. */
static cJSON *
module_item(const cJSON *dump, const cJSON *m, const cJSON *config, int reveal)
{
	const char *name = json_str(m, "name") ?: "";
	const cJSON *opts = cJSON_GetObjectItemCaseSensitive(m, "module_options"), *o;
	cJSON *j = cJSON_CreateObject(), *a;
	int on = json_array_has_str(always_on(dump), name);

	cJSON_AddStringToObject(j, "name", name);
	cJSON_AddBoolToObject(
		j, "enabled",
		on || json_array_has_str(cJSON_GetObjectItemCaseSensitive(dump, "modules"), name));
	cJSON_AddBoolToObject(j, "always_on", on);
	cJSON_AddBoolToObject(j, "can_run",
			      cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(m, "can_run")));
	if (json_str(m, "error_string") && *json_str(m, "error_string"))
		cJSON_AddStringToObject(j, "error", json_str(m, "error_string"));
	else
		cJSON_AddNullToObject(j, "error");
	cJSON_AddNumberToObject(j, "options", cJSON_GetArraySize(opts));
	if (!config)
		return j;
	a = cJSON_AddArrayToObject(j, "option_list");
	cJSON_ArrayForEach(o, opts)
		cJSON_AddItemToArray(a, option_item(o, name, config, reveal));
	return j;
}

static const struct sort_field mgr_modules_list_sorts[] = {
	{"name", "name"}, {"enabled", "enabled"}, {NULL, NULL}};
static const char *const mgr_modules_list_search[] = {"name", NULL};
const struct list_spec mgr_modules_list_spec = {mgr_modules_list_sorts, "name",
						mgr_modules_list_search};

int
mgr_modules_list(struct req *r)
{
	const cJSON *dump, *m;
	struct list_params lp;
	cJSON *items;
	int rc;

	if ((rc = list_parse(r, &lp)) != 0)
		return rc;
	if (!(dump = view_req(r, r->cluster, V_MGR_DUMP)))
		return r->status;
	items = cJSON_CreateArray();
	cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(dump, "available_modules"))
		cJSON_AddItemToArray(items, module_item(dump, m, NULL, 0));
	return list_array(r, items, &lp);
}

/* Answers status with module name and its options (fresh after a change), or 404. */
static int
respond_module(struct req *r, const char *name, int fresh, int status)
{
	const cJSON *(*read)(struct req *, struct ceph *, enum view_kind) =
		fresh ? view_req_fresh : view_req;
	const cJSON *dump, *config, *m;

	if (!(dump = read(r, r->cluster, V_MGR_DUMP)) ||
	    !(config = read(r, r->cluster, V_CONFIG_DUMP)))
		return r->status;
	if (!(m = module_of(dump, name)))
		return resp_error(r, 404, "mgr_module_not_found", NULL,
				  "the manager has no module '%s'", name);
	return resp_json(r, status, module_item(dump, m, config, r->user.role == ROLE_ADMIN));
}

int
mgr_modules_get(struct req *r)
{
	return respond_module(r, req_param(r, "name"), 0, 200);
}

const struct field_spec mgr_modules_patch_body[] = {
	{"enabled", J_BOOL, 1, "enable or disable the module"},
	{NULL, 0, 0, NULL},
};

int
mgr_modules_patch(struct req *r)
{
	const char *name = req_param(r, "name"), *msg;
	int on = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r->body, "enabled")), rc;
	const cJSON *dump = view_req_fresh(r, r->cluster, V_MGR_DUMP), *m;
	cJSON *cmd;

	if (!dump)
		return r->status;
	if (!(m = module_of(dump, name)))
		return resp_error(r, 404, "mgr_module_not_found", NULL,
				  "the manager has no module '%s'", name);
	if (!on && json_array_has_str(always_on(dump), name))
		return resp_error(r, 409, "mgr_module_always_on", "enabled",
				  "module %s is always on: it cannot be disabled", name);
	if (on && !cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(m, "can_run")))
		return resp_error(r, 409, "mgr_module_cannot_run", "enabled",
				  "module %s cannot run: %s", name,
				  json_str(m, "error_string") ?: "the manager does not say why");
	cmd = ceph_cmd(on ? "mgr module enable" : "mgr module disable");
	cJSON_AddStringToObject(cmd, "module", name);
	rc = ceph_req_run(r, 0, cmd, &msg);
	view_invalidate(r->cluster);
	if (rc < 0)
		return resp_ceph_error(r, rc, msg);
	return respond_module(r, name, 1, 200);
}

const struct field_spec mgr_modules_option_body[] = {
	{"value", J_ANY, 1, "the value: a string, number or boolean, checked against the option"},
	{NULL, 0, 0, NULL},
};

/* The option of a module, as cephconfig_value_rule reads a schema (new), or NULL/404. */
static cJSON *
option_schema(struct req *r, const char *module, const char *opt)
{
	const cJSON *dump = view_req(r, r->cluster, V_MGR_DUMP), *m, *o;
	cJSON *s;

	if (!dump)
		return NULL;
	if (!(m = module_of(dump, module))) {
		resp_error(r, 404, "mgr_module_not_found", NULL, "the manager has no module '%s'",
			   module);
		return NULL;
	}
	o = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(m, "module_options"),
					     opt);
	if (!o) {
		resp_error(r, 404, "mgr_option_not_found", NULL, "module %s has no option '%s'",
			   module, opt);
		return NULL;
	}
	s = req_own_json(r, cJSON_Duplicate(o, 1));
	cJSON_AddItemToObject(
		s, "enum_values",
		cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(o, "enum_allowed"), 1));
	return s;
}

int
mgr_modules_option_set(struct req *r)
{
	const char *module = req_param(r, "name"), *opt = req_param(r, "option"), *value;
	char *full;
	cJSON *schema;
	int rc;

	if (!(schema = option_schema(r, module, opt)))
		return r->status;
	value = ceph_option_text(r, cJSON_GetObjectItemCaseSensitive(r->body, "value"));
	if ((rc = ceph_option_check(r, schema, opt, value)) != 0)
		return rc;
	full = req_own(r, xasprintf("mgr/%s/%s", module, opt));
	if ((rc = cephconfig_store(r, "mgr", full, value)) != 0)
		return rc;
	return respond_module(r, module, 1, 200);
}

int
mgr_modules_option_reset(struct req *r)
{
	const char *module = req_param(r, "name"), *opt = req_param(r, "option"), *msg;
	cJSON *cmd;
	int rc;

	if (!option_schema(r, module, opt))
		return r->status;
	cmd = ceph_cmd("config rm");
	cJSON_AddStringToObject(cmd, "who", "mgr");
	cJSON_AddStringToObject(cmd, "name", req_own(r, xasprintf("mgr/%s/%s", module, opt)));
	rc = ceph_req_run(r, 0, cmd, &msg);
	view_invalidate(r->cluster);
	return rc < 0 ? resp_ceph_error(r, rc, msg) : respond_module(r, module, 1, 200);
}
