/*
 * logs.c - the cluster log and the audit channel (`log last`), newest first, filtered
 * by channel, level and text, paged here; and health mutes (`health mute`, `health
 * unmute`), which the status shows beside the checks. The monitors keep
 * mon_log_max_summary entries a channel (default 50: seconds of a watched cluster's
 * audit channel, where every command is recorded; README "Ceph" says to raise it).
 * Ceph itself leaves `config set` and `config-key set` (values that may be secrets)
 * out of the audit channel (tests/api/test_logs.py checks).
 */
#include "api/cluster/cluster.h"
#include "backends/ceph.h"
#include "backends/view.h"
#include "core/list.h"
#include "core/resp.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define LOG_MAX 10000 /* what the monitors keep by default (mon_log_max) */

/* The API's log entry (new): seq, stamp, daemon, channel, level, message. */
static cJSON *
entry_item(const cJSON *e)
{
	static const char *const levels[][2] = {{"[DBG]", "debug"},
						{"[INF]", "info"},
						{"[SEC]", "security"},
						{"[WRN]", "warning"},
						{"[ERR]", "error"}};
	const char *prio = json_str(e, "priority") ?: "", *level = "info";
	cJSON *j = cJSON_CreateObject();

	for (size_t i = 0; i < ARRAY_LEN(levels); i++)
		if (!strcmp(prio, levels[i][0]))
			level = levels[i][1];
	cJSON_AddNumberToObject(j, "seq", jnum(e, "seq"));
	cJSON_AddStringToObject(j, "stamp", json_str(e, "stamp") ?: "");
	cJSON_AddStringToObject(j, "daemon", json_str(e, "name") ?: "");
	cJSON_AddStringToObject(j, "channel", json_str(e, "channel") ?: "");
	cJSON_AddStringToObject(j, "level", level);
	cJSON_AddStringToObject(j, "message", json_str(e, "message") ?: "");
	return j;
}

/* ?channel and ?level as `log last` takes them: 0, or 400 answered. */
static int
log_query(struct req *r, const char **channel, const char **level)
{
	static const char *const channels[] = {"cluster", "audit", "all", NULL};
	static const char *const levels[][2] = {{"debug", "debug"},
						{"info", "info"},
						{"security", "sec"},
						{"warning", "warn"},
						{"error", "error"}};
	const char *l = req_query(r, "level") ?: "debug";

	*channel = req_query(r, "channel") ?: "cluster";
	if (!str_in(*channel, channels))
		return resp_error(r, 400, "invalid_parameter", "channel",
				  "channel is cluster, audit or all");
	if (!strcmp(*channel, "all"))
		*channel = "*";
	for (size_t i = 0; i < ARRAY_LEN(levels); i++)
		if (!strcmp(l, levels[i][0])) {
			*level = levels[i][1];
			return 0;
		}
	return resp_error(r, 400, "invalid_parameter", "level",
			  "level is debug, info, security, warning or error (and above)");
}

static const struct sort_field logs_list_sorts[] = {{"stamp", "stamp"}, {NULL, NULL}};
static const char *const logs_list_search[] = {"message", "daemon", NULL};
const struct list_spec logs_list_spec = {logs_list_sorts, "-stamp", logs_list_search};

const struct field_spec logs_list_query[] = {
	{"channel", J_STRING, 0, "cluster (default) or audit"},
	{"level", J_STRING, 0, "only entries of this level or worse (debug, info, warn, error)"},
	{NULL, 0, 0, NULL},
};

int
logs_list(struct req *r)
{
	const char *channel = NULL, *level = NULL;
	cJSON *cmd, *out = NULL, *items;
	const cJSON *e;
	struct list_params lp;
	char *msg = NULL;
	int rc;

	if ((rc = list_parse(r, &lp)) != 0 || (rc = log_query(r, &channel, &level)) != 0)
		return rc;
	cmd = ceph_cmd("log last");
	cJSON_AddNumberToObject(cmd, "num", LOG_MAX);
	cJSON_AddStringToObject(cmd, "level", level);
	cJSON_AddStringToObject(cmd, "channel", channel);
	rc = ceph_mon(r->cluster, cmd, &out, &msg);
	cJSON_Delete(cmd);
	req_own_json(r, out);
	if (rc < 0)
		return resp_ceph_error(r, rc, req_own(r, msg));
	free(msg);
	items = cJSON_CreateArray();
	cJSON_ArrayForEach(e, out)
		cJSON_AddItemToArray(items, entry_item(e));
	return list_array(r, items, &lp);
}

const struct field_spec health_mute_body[] = {
	{"code", J_STRING, 1, "the health check to mute (OSD_DOWN, POOL_NO_REDUNDANCY...)"},
	{"ttl", J_STRING, 0, "for how long: 30m, 4h, 2d, 1w (default: until unmuted)"},
	{"sticky", J_BOOL, 0, "stay muted when the check clears and comes back (default false)"},
	{NULL, 0, 0, NULL},
};

/* Whether code looks like a health check code: A-Z 0-9 _ (1-64). */
static int
valid_code(const char *code)
{
	size_t n = code ? strlen(code) : 0;

	if (n == 0 || n > 64)
		return 0;
	for (; *code; code++)
		if (!isupper((unsigned char)*code) && !isdigit((unsigned char)*code) &&
		    *code != '_')
			return 0;
	return 1;
}

/* Whether ttl is a count with an optional unit s, m, h, d or w, at most a year. */
static int
valid_ttl(const char *ttl)
{
	static const struct {
		char unit;
		long secs;
	} units[] = {{'s', 1}, {'m', 60}, {'h', 3600}, {'d', 86400}, {'w', 604800}};
	char *end;
	long n = strtol(ttl, &end, 10), mul = 1;

	if (!isdigit((unsigned char)ttl[0]) || n <= 0 || (*end && end[1]))
		return 0;
	if (*end) {
		mul = 0;
		for (size_t i = 0; i < ARRAY_LEN(units); i++)
			if (*end == units[i].unit)
				mul = units[i].secs;
	}
	return mul > 0 && n <= 366L * 86400 / mul;
}

/*
 * The mute of code in a fresh health read (NULL: none; *raised: whether the check is
 * raised now), or NULL with *rc answered.
 */
static const cJSON *
mute_of(struct req *r, const char *code, int *raised, int *rc)
{
	const cJSON *health = view_req_fresh(r, r->cluster, V_HEALTH), *m;

	if (!health) {
		*rc = r->status;
		return NULL;
	}
	*rc = 0;
	*raised = cJSON_GetObjectItemCaseSensitive(
			  cJSON_GetObjectItemCaseSensitive(health, "checks"), code) != NULL;
	cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(health, "mutes"))
		if (!strcmp(json_str(m, "code") ?: "", code))
			return m;
	return NULL;
}

/* Ends the mute of code: 0 or a negative errno with *msg. */
static int
unmute(struct req *r, const char *code, const char **msg)
{
	cJSON *cmd = ceph_cmd("health unmute");

	cJSON_AddStringToObject(cmd, "code", code);
	return ceph_req_run(r, 0, cmd, msg);
}

int
health_mute(struct req *r)
{
	const char *code = json_str(r->body, "code"), *ttl = json_str(r->body, "ttl"), *msg;
	int sticky = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r->body, "sticky")), raised = 0;
	int rc;
	const cJSON *old;
	cJSON *cmd;

	if (!valid_code(code))
		return resp_error(r, 422, "invalid_value", "code",
				  "code is a health check's code: A-Z, 0-9 and _ (OSD_DOWN)");
	if (ttl && !valid_ttl(ttl))
		return resp_error(
			r, 422, "invalid_value", "ttl",
			"ttl is a count with s, m, h, d or w (30m, 4h, 2d), at most a year");
	/* Ceph mutes a check that is not raised only sticky (it waits for it to come);
	 * muting again keeps a sticky mute sticky: the mute asked for replaces it. */
	old = mute_of(r, code, &raised, &rc);
	if (rc)
		return rc;
	if (!raised && !sticky)
		return resp_error(r, 409, "health_check_not_raised", "code",
				  "health check %s is not raised now: mute it sticky to mute it "
				  "when it comes",
				  code);
	if (old && (rc = unmute(r, code, &msg)) < 0)
		return resp_ceph_error(r, rc, msg);
	cmd = ceph_cmd("health mute");
	cJSON_AddStringToObject(cmd, "code", code);
	if (ttl)
		cJSON_AddStringToObject(cmd, "ttl", ttl);
	if (sticky)
		cJSON_AddBoolToObject(cmd, "sticky", 1);
	rc = ceph_req_run(r, 0, cmd, &msg);
	view_invalidate(r->cluster);
	if (rc < 0)
		return resp_ceph_error(r, rc, msg);
	return resp_empty(r, 204);
}

int
health_unmute(struct req *r)
{
	const char *code = req_param(r, "code"), *msg;
	int rc, raised;

	if (!mute_of(r, code, &raised, &rc))
		return rc ? rc
			  : resp_error(r, 404, "mute_not_found", NULL,
				       "health check %s is not muted", code);
	rc = unmute(r, code, &msg);
	view_invalidate(r->cluster);
	return rc < 0 ? resp_ceph_error(r, rc, msg) : resp_empty(r, 204);
}
