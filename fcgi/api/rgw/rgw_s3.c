/*
 * rgw_s3.c - S3 as a bucket's owner, for what the Admin Ops API has no verb for:
 * making a bucket, its versioning and its object lock. The owner's key is read from
 * the gateway for the calls at hand and wiped once they ran (the key, and the user
 * record that carried it): it is never kept, logged or answered. S3 speaks XML: the
 * bodies are made here, and the few values read back are plain elements, found by name.
 */
#include "api/rgw/rgw.h"
#include "backends/rgw.h"
#include "core/resp.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define S3_XMLNS "http://s3.amazonaws.com/doc/2006-03-01/"

void
rgw_s3_call(struct req *r, struct rgw_call *call, const char *method, const char *bucket,
	    const char *sub, char *body)
{
	char *enc = rgw_encode(bucket, 0);

	*call = (struct rgw_call){.method = method, .path = req_own(r, xasprintf("/%s", enc))};
	free(enc);
	if (sub)
		rgw_q(&call->query, sub, "");
	if (body) {
		call->body = req_own(r, body);
		call->body_len = strlen(body);
		call->content_type = "application/xml";
	}
}

/* Zeroes every string of j under a key naming a secret (the user record's keys). */
static void
wipe_secrets(cJSON *j)
{
	cJSON *v;

	cJSON_ArrayForEach(v, j) {
		if (cJSON_IsString(v) && v->string && strstr(v->string, "secret"))
			explicit_bzero(v->valuestring, strlen(v->valuestring));
		else if (cJSON_IsObject(v) || cJSON_IsArray(v))
			wipe_secrets(v);
	}
}

/*
 * Runs the calls at once as owner with its first S3 key: 0 when they ran (each call's
 * outcome in it), -ENOKEY (no S3 key), -ENOENT (no such user), or the status of the
 * error answered.
 */
static int
as_owner(struct req *r, const char *owner, struct rgw_call *calls, int n)
{
	struct rgw_call kc;
	char ak[256], sk[256];
	int rc = rgw_user_s3_keys(r->cluster, owner, ak, sizeof(ak), sk, sizeof(sk), &kc);

	if (rc != 0 && rc != -ENOKEY)
		rc = rgw_error_of(&kc).status == 404 ? -ENOENT : resp_rgw_error(r, &kc);
	else if (rc == 0) {
		for (int i = 0; i < n; i++) {
			calls[i].access_key = ak;
			calls[i].secret_key = sk;
		}
		rgw_call_many(r->cluster, calls, n);
		/* Still not NULL: rgw_error_of tells an S3 call by its access_key. */
		for (int i = 0; i < n; i++) {
			calls[i].access_key = "";
			calls[i].secret_key = NULL;
		}
	}
	explicit_bzero(sk, sizeof(sk));
	if (kc.answer.data)
		explicit_bzero(kc.answer.data, kc.answer.len);
	wipe_secrets(kc.json);
	rgw_call_release(&kc);
	return rc;
}

/* The text of the first <tag> element of xml (entities decoded) in out: 0, or -1 if none. */
static int
xml_value(const char *xml, const char *tag, char *out, size_t n)
{
	static const char *const ents[][2] = {
		{"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}, {"&amp;", "&"},
	};
	char open[64], close[64];
	const char *p, *e;
	size_t k = 0;

	snprintf(open, sizeof(open), "<%s>", tag);
	snprintf(close, sizeof(close), "</%s>", tag);
	if (!xml || !(p = strstr(xml, open)) || !(e = strstr(p, close)))
		return -1;
	for (p += strlen(open); p < e && k + 1 < n; k++) {
		size_t i = 0;
		while (i < ARRAY_LEN(ents) && strncmp(p, ents[i][0], strlen(ents[i][0])))
			i++;
		out[k] = i < ARRAY_LEN(ents) ? ents[i][1][0] : *p;
		p += i < ARRAY_LEN(ents) ? strlen(ents[i][0]) : 1;
	}
	out[k] = '\0';
	return 0;
}

int
rgw_s3_run(struct req *r, const char *owner, struct rgw_call *calls, int n)
{
	int rc = n ? as_owner(r, owner, calls, n) : 0;

	if (rc == -ENOKEY)
		rc = resp_error(r, 409, "owner_has_no_keys", "owner",
				"user '%s' has no S3 key, and buckets are made and changed with "
				"S3 as their owner: create an S3 key for '%s' first",
				owner, owner);
	else if (rc == -ENOENT)
		rc = resp_error(r, 404, "user_not_found", "owner", "there is no user '%s'", owner);
	for (int i = 0; i < n; i++) {
		if (rc == 0 && (calls[i].rc != 0 || calls[i].status >= 300))
			rc = resp_rgw_error(r, &calls[i]);
		rgw_call_release(&calls[i]);
	}
	return rc;
}

int
rgw_s3_retention(struct req *r, const char *bucket, const char *owner, cJSON **ret)
{
	struct rgw_call call;
	char mode[32], n[24] = "0";
	int rc, days;

	*ret = NULL;
	rgw_s3_call(r, &call, "GET", bucket, "object-lock", NULL);
	/* Without a key to read it with, it is not known. */
	if ((rc = as_owner(r, owner, &call, 1)) < 0)
		rc = 0;
	else if (rc == 0 && (call.rc != 0 || call.status >= 300))
		rc = rgw_error_of(&call).status >= 500 ? resp_rgw_error(r, &call) : 0;
	else if (rc == 0 && xml_value(call.answer.data, "Mode", mode, sizeof(mode)) == 0) {
		if (!(days = xml_value(call.answer.data, "Days", n, sizeof(n)) == 0))
			xml_value(call.answer.data, "Years", n, sizeof(n));
		*ret = cJSON_CreateObject();
		cJSON_AddStringToObject(*ret, "mode", mode);
		cJSON_AddNumberToObject(*ret, days ? "days" : "years", (double)strtol(n, NULL, 10));
	}
	rgw_call_release(&call);
	return rc;
}

char *
rgw_s3_create_xml(const char *placement)
{
	return xasprintf("<CreateBucketConfiguration xmlns=\"" S3_XMLNS "\"><LocationConstraint>"
			 ":%s</LocationConstraint></CreateBucketConfiguration>",
			 placement);
}

char *
rgw_s3_versioning_xml(int enabled)
{
	return xasprintf("<VersioningConfiguration xmlns=\"" S3_XMLNS "\"><Status>%s</Status>"
			 "</VersioningConfiguration>",
			 enabled ? "Enabled" : "Suspended");
}

char *
rgw_s3_object_lock_xml(const cJSON *ret)
{
	const cJSON *days = cJSON_GetObjectItemCaseSensitive(ret, "days");

	if (cJSON_IsNull(ret))
		return xstrdup("<ObjectLockConfiguration xmlns=\"" S3_XMLNS "\"><ObjectLockEnabled>"
			       "Enabled</ObjectLockEnabled></ObjectLockConfiguration>");
	return xasprintf("<ObjectLockConfiguration xmlns=\"" S3_XMLNS "\"><ObjectLockEnabled>"
			 "Enabled</ObjectLockEnabled><Rule><DefaultRetention><Mode>%s</Mode>"
			 "<%s>%ld</%s></DefaultRetention></Rule></ObjectLockConfiguration>",
			 json_str(ret, "mode"), days ? "Days" : "Years",
			 json_long(ret, days ? "days" : "years", 1), days ? "Days" : "Years");
}
