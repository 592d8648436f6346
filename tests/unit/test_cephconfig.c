/*
 * test_cephconfig.c - ceph_options.c's ceph_option_rule: a value checked against an option's schema
 * as `config help` gives it (the bounds as strings or numbers, "" for none; allowed values);
 * cephconfig_value.c: the sections and masks a value may be set for, and which option names hold
 * secrets (a word "key"/"keys", password, secret, token; not keyring or keystone).
 */
#include "api/cluster/cluster.h"
#include "backends/ceph_options.h"
#include "t.h"

#include <cjson/cJSON.h>

/* The rule value breaks for the option described by schema (JSON text), or NULL. */
static const char *
rule(const char *schema, const char *value)
{
	static char buf[600];
	cJSON *opt = cJSON_Parse(schema);
	const char *r = ceph_option_rule(opt, value, buf, sizeof(buf));
	static char out[600];

	snprintf(out, sizeof(out), "%s", r ? r : "");
	cJSON_Delete(opt);
	return r ? out : NULL;
}

static void
test_numbers(void)
{
	const char *u = "{\"type\":\"uint\",\"min\":\"\",\"max\":\"\"}";
	const char *i = "{\"type\":\"int\",\"min\":-5,\"max\":\"5\"}";
	const char *f = "{\"type\":\"float\",\"min\":0,\"max\":1}";

	CHECK(rule(u, "0") == NULL && rule(u, "123456789012") == NULL);
	CHECK_STR(rule(u, "-1"), "a whole number, 0 or more");
	CHECK_STR(rule(u, "1.5"), "a whole number, 0 or more");
	CHECK_STR(rule(u, ""), "a whole number, 0 or more");
	CHECK(rule(i, "-5") == NULL && rule(i, "5") == NULL);
	CHECK_STR(rule(i, "6"), "between -5 and 5");
	CHECK_STR(rule(i, "-6"), "between -5 and 5");
	CHECK_STR(rule(i, "x"), "a whole number");
	CHECK(rule(f, "0.25") == NULL && rule(f, "1") == NULL);
	CHECK_STR(rule(f, "1.01"), "between 0 and 1");
	CHECK_STR(rule(f, "nan"), "a number");
	CHECK_STR(rule(f, " 1"), "a number");
	CHECK_STR(rule("{\"type\":\"uint\",\"min\":2}", "1"), "at least 2");
	CHECK_STR(rule("{\"type\":\"uint\",\"max\":\"8\"}", "9"), "at most 8");
}

static void
test_kinds(void)
{
	const char *b = "{\"type\":\"bool\"}", *s = "{\"type\":\"size\",\"max\":1024}";
	const char *t = "{\"type\":\"secs\"}", *id = "{\"type\":\"uuid\"}";
	const char *e = "{\"type\":\"str\",\"enum_values\":[\"wpq\",\"mclock_scheduler\"]}";

	CHECK(rule(b, "true") == NULL && rule(b, "0") == NULL && rule(b, "no") == NULL);
	CHECK_STR(rule(b, "maybe"), "true or false");
	CHECK(rule("{\"type\":\"size\"}", "64K") == NULL);
	CHECK(rule("{\"type\":\"size\"}", "1GiB") == NULL &&
	      rule("{\"type\":\"size\"}", "2 G") == NULL);
	CHECK_STR(rule("{\"type\":\"size\"}", "G"), "a size in bytes, e.g. 4096, 64K, 1G or 1GiB");
	CHECK_STR(rule(s, "2048"), "at most 1024"); /* a plain number meets the bounds */
	CHECK(rule(t, "30") == NULL && rule(t, "5m") == NULL && rule(t, "1 hour") == NULL);
	CHECK_STR(rule(t, "soon"), "a duration, e.g. 30, 30s, 5m or 1h");
	CHECK(rule(id, "c0272abc-44d4-44a4-825b-a018436c4da9") == NULL);
	CHECK_STR(rule(id, "c0272abc44d444a4825ba018436c4da9"),
		  "a UUID (8-4-4-4-12 hexadecimal digits)");
	CHECK(rule(e, "wpq") == NULL);
	CHECK_STR(rule(e, "fifo"), "one of wpq, mclock_scheduler");
	CHECK(rule("{\"type\":\"str\"}", "anything at all") == NULL);
	CHECK_STR(rule("{\"type\":\"str\"}", "a\tb"), "a value without control characters");
	CHECK(rule("{\"type\":\"addr\"}", "not judged here") == NULL); /* Ceph judges it */
}

static void
test_sections_and_masks(void)
{
	const char *good[] = {"global", "mon",   "mgr",          "osd",   "mds",
			      "client", "osd.3", "client.rgw.a", "mon.a", "client.admin"};
	const char *bad[] = {"",         "osds",    "osd.", "osd.1 2", "nosuch.x",
			     "osd.3;rm", "globalx", "rgw",  ".osd"};

	for (size_t i = 0; i < sizeof(good) / sizeof(*good); i++)
		CHECK(cephconfig_valid_section(good[i]));
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		CHECK(!cephconfig_valid_section(bad[i]));
	CHECK(cephconfig_valid_mask("class:ssd") && cephconfig_valid_mask("host:node-1") &&
	      cephconfig_valid_mask("rack:r1"));
	CHECK(!cephconfig_valid_mask("ssd") && !cephconfig_valid_mask("class:") &&
	      !cephconfig_valid_mask("planet:x") && !cephconfig_valid_mask("host:a b") &&
	      !cephconfig_valid_mask(":x"));
}

static void
test_secrets(void)
{
	const char *secret[] = {"key",
				"rgw_crypt_default_encryption_key",
				"rgw_crypt_s3_kms_encryption_keys",
				"mgr/dashboard/GRAFANA_API_PASSWORD",
				"mgr/restful/keys/admin",
				"rgw_ldap_secret",
				"mgr/dashboard/jwt_token_ttl"};
	const char *plain[] = {"keyring",           "rgw_keystone_url", "keyfile",
			       "osd_max_backfills", "mon_keyvaluedb",   "monkey_business"};

	for (size_t i = 0; i < sizeof(secret) / sizeof(*secret); i++)
		CHECK(cephconfig_secret(secret[i]));
	for (size_t i = 0; i < sizeof(plain) / sizeof(*plain); i++)
		CHECK(!cephconfig_secret(plain[i]));
}

int
main(void)
{
	test_numbers();
	test_kinds();
	test_sections_and_masks();
	test_secrets();
	return t_done();
}
