/*
 * salt.c - the salt-api client (libcurl). One CURL handle and one session token per
 * process, both reused: salt-api's token is a CherryPy session id that lives for the
 * master's token_expire (12 h by default), so logging in per call would only add a
 * round trip. A 401 means the session is gone (expired, or salt-api restarted: its
 * sessions are in memory): log in again once and retry. Connect and total timeouts
 * bound every call; TLS is verified unless the configuration says otherwise.
 */
#include "backends/salt.h"
#include "core/json.h"
#include "core/log.h"
#include "core/resp.h"

#include <curl/curl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static CURL *curl;
static char token[128];

int
salt_configured(void)
{
	return oa_config && oa_config->salt_url && *oa_config->salt_url;
}

static size_t
collect(char *p, size_t size, size_t n, void *arg)
{
	buf_add(arg, p, size * n);
	return size * n;
}

/* X-Auth-Token from the login answer's headers (the body has it too). */
static size_t
header_token(char *p, size_t size, size_t n, void *arg)
{
	size_t len = size * n, k = strlen("X-Auth-Token:");
	char *t = arg;

	if (len > k && !strncasecmp(p, "X-Auth-Token:", k)) {
		size_t i = k;
		while (i < len && p[i] == ' ')
			i++;
		snprintf(t, sizeof(token), "%.*s", (int)strcspn(p + i, "\r\n"), p + i);
	}
	return len;
}

/* Sends one HTTP request; 0 with *status and the body in b, or a negative errno. */
static int
http(const char *method, const char *path, const char *body, const char *ctype, struct buf *b,
     long *status, char *err, size_t errlen, char *tok_out)
{
	struct curl_slist *h = NULL;
	char *url = xasprintf("%s%s", oa_config->salt_url, path), line[200];
	CURLcode cc;

	if (!curl && !(curl = curl_easy_init()))
		abort();
	curl_easy_reset(curl);
	h = curl_slist_append(h, "Accept: application/json");
	snprintf(line, sizeof(line), "Content-Type: %s", ctype);
	h = curl_slist_append(h, line);
	if (token[0] && !tok_out) {
		snprintf(line, sizeof(line), "X-Auth-Token: %s", token);
		h = curl_slist_append(h, line);
	}
	curl_easy_setopt(curl, CURLOPT_URL, url);
	curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
	if (body)
		curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, b);
	if (tok_out) {
		curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, header_token);
		curl_easy_setopt(curl, CURLOPT_HEADERDATA, tok_out);
	}
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 3L);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, oa_config->salt_timeout_s);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, oa_config->salt_verify_tls ? 1L : 0L);
	curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, oa_config->salt_verify_tls ? 2L : 0L);
	if (oa_config->salt_ca_file)
		curl_easy_setopt(curl, CURLOPT_CAINFO, oa_config->salt_ca_file);
	cc = curl_easy_perform(curl);
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, status);
	curl_slist_free_all(h);
	free(url);
	if (cc == CURLE_OK)
		return 0;
	snprintf(err, errlen, "salt-api at %s: %s", oa_config->salt_url, curl_easy_strerror(cc));
	return cc == CURLE_OPERATION_TIMEDOUT ? -ETIMEDOUT : -ENOTCONN;
}

/* POST /login with the configured eauth; stores the session token. */
static int
login(char *err, size_t errlen)
{
	cJSON *j = cJSON_CreateObject();
	const char *secret_key =
		!strcmp(oa_config->salt_eauth, "sharedsecret") ? "sharedsecret" : "password";
	char *body, got[sizeof(token)] = "";
	struct buf b;
	long status = 0;
	int rc;

	cJSON_AddStringToObject(j, "username", oa_config->salt_username);
	cJSON_AddStringToObject(j, secret_key,
				oa_config->salt_password ? oa_config->salt_password : "");
	cJSON_AddStringToObject(j, "eauth", oa_config->salt_eauth);
	body = cJSON_PrintUnformatted(j);
	cJSON_Delete(j);
	buf_init(&b);
	rc = http("POST", "/login", body, "application/json", &b, &status, err, errlen, got);
	free(body);
	buf_free(&b);
	if (rc < 0)
		return rc;
	if (status == 401 || status == 403) {
		snprintf(err, errlen, "salt-api refused the login of '%s' (eauth %s)",
			 oa_config->salt_username, oa_config->salt_eauth);
		return -EACCES;
	}
	if (status != 200 || !got[0]) {
		snprintf(err, errlen, "salt-api answered the login with HTTP %ld", status);
		return status >= 500 ? -EIO : -EPROTO;
	}
	snprintf(token, sizeof(token), "%s", got);
	return 0;
}

/* One attempt with the current token: 0, 1 = the session is gone (401), <0 an error. */
static int
attempt(const char *method, const char *path, const char *body, cJSON **out, char *err,
	size_t errlen)
{
	struct buf b;
	long status = 0;
	int rc;

	buf_init(&b);
	rc = http(method, path, body, "application/json", &b, &status, err, errlen, NULL);
	if (rc == 0 && status == 401)
		rc = 1;
	else if (rc == 0 && status >= 500) {
		snprintf(err, errlen, "salt-api answered %s %s with HTTP %ld", method, path,
			 status);
		rc = -EIO;
	} else if (rc == 0 && (status < 200 || status >= 300)) {
		snprintf(err, errlen, "salt-api answered %s %s with HTTP %ld", method, path,
			 status);
		rc = -EPROTO;
	} else if (rc == 0 && !(*out = cJSON_ParseWithLength(b.data, b.len))) {
		snprintf(err, errlen, "salt-api answered %s %s with something that is not JSON",
			 method, path);
		rc = -EPROTO;
	}
	buf_free(&b);
	return rc;
}

int
salt_call(const char *method, const char *path, const cJSON *lowstate, cJSON **out, char *err,
	  size_t errlen)
{
	char *body = lowstate ? cJSON_PrintUnformatted(lowstate) : NULL;
	int rc = 0;

	*out = NULL;
	err[0] = '\0';
	if (!salt_configured()) {
		snprintf(err, errlen, "no [salt] url is configured");
		free(body);
		return -ENOTCONN;
	}
	if (!token[0])
		rc = login(err, errlen);
	if (rc == 0 && (rc = attempt(method, path, body, out, err, errlen)) == 1) {
		/* The session expired or salt-api restarted: log in again, once. */
		token[0] = '\0';
		if ((rc = login(err, errlen)) == 0 &&
		    (rc = attempt(method, path, body, out, err, errlen)) == 1) {
			snprintf(err, errlen, "salt-api refused a fresh session for %s", path);
			rc = -EACCES;
		}
	}
	if (rc < 0)
		log_warn("salt: %s", err);
	free(body);
	return rc;
}

int
salt_lowstate(const cJSON *chunks, cJSON **ret, char *err, size_t errlen)
{
	cJSON *out;
	int rc;

	*ret = NULL;
	if ((rc = salt_call("POST", "/", chunks, &out, err, errlen)) < 0)
		return rc;
	*ret = cJSON_DetachItemFromObjectCaseSensitive(out, "return");
	cJSON_Delete(out);
	if (!cJSON_IsArray(*ret) || cJSON_GetArraySize(*ret) != cJSON_GetArraySize(chunks)) {
		snprintf(err, errlen,
			 "salt-api answered %d lowstate chunk(s) without one return each",
			 cJSON_GetArraySize(chunks));
		log_warn("salt: %s", err);
		cJSON_Delete(*ret);
		*ret = NULL;
		return -EPROTO;
	}
	return 0;
}

const cJSON *
salt_wheel_return(const cJSON *answer, char *err, size_t errlen)
{
	const cJSON *data = cJSON_GetObjectItemCaseSensitive(answer, "data");
	const cJSON *ret = cJSON_GetObjectItemCaseSensitive(data, "return");

	if (!cJSON_IsObject(data) || !ret) {
		snprintf(err, errlen, "salt-api answered a wheel call without data.return");
		return NULL;
	}
	if (cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(data, "success"))) {
		snprintf(err, errlen, "wheel %s failed: %s", json_str(data, "fun") ?: "function",
			 cJSON_IsString(ret) ? ret->valuestring : "no detail");
		return NULL;
	}
	return ret;
}

int
salt_ping(char *err, size_t errlen)
{
	struct buf b;
	long status = 0;
	int rc;

	if (!salt_configured()) {
		snprintf(err, errlen, "no [salt] url is configured");
		return -ENOTCONN;
	}
	buf_init(&b);
	/* GET / needs no session: salt-api's welcome, as openATTIC used it for health. */
	rc = http("GET", "/", NULL, "application/json", &b, &status, err, errlen, NULL);
	buf_free(&b);
	if (rc == 0 && status != 200) {
		snprintf(err, errlen, "salt-api answered GET / with HTTP %ld", status);
		rc = -EIO;
	}
	return rc;
}

const char *
salt_error_code(int rc)
{
	if (rc == -EACCES)
		return "salt_auth";
	if (rc == -ENOTCONN || rc == -ETIMEDOUT)
		return "salt_unreachable";
	return "salt_error";
}

const char *
salt_error_text(int rc)
{
	if (rc == -EACCES)
		return "salt-api refused openATTIC's login";
	if (rc == -ENOTCONN || rc == -ETIMEDOUT)
		return "salt-api does not answer";
	return "salt-api failed the request";
}

int
resp_salt_error(struct req *r, int rc, const char *err)
{
	return resp_logged(r, 503, salt_error_code(rc), salt_error_text(rc), "salt: %s", err);
}
