/*
 * fuzz_iscsi.c - the iSCSI configuration reader (api/gateways/iscsi/iscsi_store.c):
 * the input is the configuration object's bytes, as a `rados put` may leave them,
 * given to iscsi_parse_conf as iscsi_load gives them; every target then becomes the
 * API's view (iscsi_target_json), as a list or a GET makes it.
 * Properties: bytes are either refused with a reason (and nothing is left allocated)
 * or give an object whose targets are an object and whose version is 0..9e15, from
 * which the next version to write is larger; each target's view has its iqn and
 * arrays, and its auth shows no CHAP secret.
 */
#include "api/gateways/iscsi/iscsi.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct iscsi_conf conf;
	const char *why = NULL;
	const cJSON *t;

	memset(&conf, 0, sizeof(conf));
	conf.xattr_version = size % 2 ? 7 : -1;
	if (iscsi_parse_conf(&conf, (const char *)data, size, &why) < 0) {
		FUZZ_ASSERT(why && *why && !conf.doc, "refused without a reason");
		return 0;
	}
	FUZZ_ASSERT(cJSON_IsObject(conf.doc) && cJSON_IsObject(conf.targets),
		    "parsed to no targets");
	FUZZ_ASSERT(conf.version >= 0 && iscsi_next_version(&conf) > conf.version, "version %ld",
		    conf.version);
	cJSON_ArrayForEach(t, conf.targets) {
		cJSON *j = iscsi_target_json(t->string, t);
		char *s = cJSON_PrintUnformatted(j);

		const cJSON *auth = cJSON_GetObjectItemCaseSensitive(j, "auth");

		FUZZ_ASSERT(s && cJSON_IsObject(auth) &&
				    !cJSON_GetObjectItemCaseSensitive(auth, "password") &&
				    !cJSON_GetObjectItemCaseSensitive(auth, "mutual_password"),
			    "a target's view shows its CHAP secrets: %s", s ? s : "(none)");
		FUZZ_ASSERT(cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(j, "portals")) &&
				    cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(j, "disks")) &&
				    cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(j, "acls")),
			    "a target's view without its arrays: %s", s);
		free(s);
		cJSON_Delete(j);
	}
	cJSON_Delete(conf.doc);
	return 0;
}
