/*
 * rgw.c - the Object Gateway client (libcurl). Every call is signed with AWS Signature
 * v4 by curl (CURLOPT_AWS_SIGV4): as the cluster's admin user for the Admin Ops API,
 * or as a bucket's owner for S3 (keys handed in by the caller, never kept). curl 7.88
 * signs the query string as it is given, so it is built here in the canonical form
 * RGW checks: pairs sorted by name, RFC 3986 encoded, "name=" for a flag; and the
 * payload is declared UNSIGNED-PAYLOAD (FIELD-NOTES "radosgw").
 *
 * One multi handle per process holds the connections, so keep-alive connections to
 * radosgw are reused by every call; rgw_call_many runs a page's calls at once on it.
 * The endpoints of a cluster are its configured rgw_endpoints, else the radosgw
 * daemons of its service map (through the view: one shared read); the one that
 * answered last is tried first, and a refused connection moves on to the next. Each
 * call is bounded by [rgw] timeout_s (connecting by at most 2 s of it), so radosgw
 * down answers 503 within seconds.
 */
#include "backends/rgw.h"
#include "backends/view.h"
#include "core/json.h"
#include "core/log.h"
#include "core/resp.h"

#include <curl/curl.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_ENDPOINTS 8
#define IN_FLIGHT     16

/* Per cluster: where its gateway answered last. */
static int last_good[VIEW_MAX_CLUSTERS];
static CURLM *multi;

void
rgw_q(struct rgw_query *q, const char *name, const char *value)
{
	int i = q->n;

	q->kv = xrealloc(q->kv, sizeof(*q->kv) * (size_t)(q->n + 1));
	/* Kept sorted by name (then value): SigV4's canonical query string. */
	while (i > 0 &&
	       (strcmp(q->kv[i - 1].key, name) > 0 ||
		(!strcmp(q->kv[i - 1].key, name) && strcmp(q->kv[i - 1].val, value) > 0))) {
		q->kv[i] = q->kv[i - 1];
		i--;
	}
	q->kv[i].key = xstrdup(name);
	q->kv[i].val = xstrdup(value);
	q->n++;
}

void
rgw_qf(struct rgw_query *q, const char *name, const char *fmt, ...)
{
	struct buf b;
	va_list ap;

	buf_init(&b);
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	rgw_q(q, name, b.data ? b.data : "");
	buf_free(&b);
}

void
rgw_query_free(struct rgw_query *q)
{
	for (int i = 0; i < q->n; i++) {
		free(q->kv[i].key);
		free(q->kv[i].val);
	}
	free(q->kv);
	q->kv = NULL;
	q->n = 0;
}

char *
rgw_encode(const char *s, int keep_slash)
{
	static const char hex[] = "0123456789ABCDEF";
	struct buf b;

	buf_init(&b);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		char e[3] = {'%', hex[*p >> 4], hex[*p & 15]};
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("-_.~", *p) || (keep_slash && *p == '/'))
			buf_add(&b, p, 1);
		else
			buf_add(&b, e, 3);
	}
	buf_add(&b, "", 1);
	return b.data;
}

void
rgw_call_release(struct rgw_call *call)
{
	rgw_query_free(&call->query);
	buf_free(&call->answer);
	cJSON_Delete(call->json);
	call->json = NULL;
}

int
rgw_configured(struct ceph *c, char *err, size_t errlen)
{
	const struct cluster_conf *cc = c->conf;

	if (cc->rgw_access_key && *cc->rgw_access_key && cc->rgw_secret_key && *cc->rgw_secret_key)
		return 0;
	snprintf(err, errlen,
		 "no Object Gateway admin keys are configured for cluster '%s' "
		 "(rgw_access_key, rgw_secret_key)",
		 cc->name);
	return -ENXIO;
}

/* Splits "a, b" into up to MAX_ENDPOINTS new strings without a trailing '/'. */
static int
split_endpoints(const char *list, char **eps)
{
	int n = 0;

	for (const char *p = list; *p && n < MAX_ENDPOINTS;) {
		size_t len = strcspn(p, ", ");
		while (len && p[len - 1] == '/')
			len--;
		if (len)
			eps[n++] = xasprintf("%.*s", (int)len, p);
		p += strcspn(p, ", ");
		p += strspn(p, ", ");
	}
	return n;
}

/* The endpoints of c (new strings): configured, else from the service map. */
static int
endpoints(struct ceph *c, char **eps, char *err, size_t errlen)
{
	cJSON *daemons = NULL, *d;
	char *msg = NULL;
	int n = 0, rc;

	if (c->conf->rgw_endpoints && *c->conf->rgw_endpoints)
		return split_endpoints(c->conf->rgw_endpoints, eps);
	if ((rc = rgw_daemons(c, &daemons, &msg)) < 0) {
		snprintf(err, errlen, "cannot read the service map of cluster '%s': %s",
			 c->conf->name, msg ? msg : strerror(-rc));
		free(msg);
		return rc;
	}
	cJSON_ArrayForEach(d, daemons) {
		const char *e = json_str(d, "endpoint");
		if (e && *e && n < MAX_ENDPOINTS)
			eps[n++] = xstrdup(e);
	}
	cJSON_Delete(daemons);
	if (!n)
		snprintf(err, errlen,
			 "cluster '%s' has no radosgw in its service map and no rgw_endpoints",
			 c->conf->name);
	return n;
}

/*
 * radosgw (beast, without its tcp_nodelay option) writes a response's headers and its
 * body apart, with Nagle's algorithm on: on a kept-alive connection the body waits for
 * our ACK of the headers, which Linux delays by 40 ms - every call after a
 * connection's first took 40 ms more. When a response's headers are in, TCP_QUICKACK
 * makes the kernel ACK them at once. curl does not tell a new transfer which socket
 * it reuses (CURLINFO_ACTIVESOCKET is known only once it is done), so the sockets of
 * this process's connections to radosgw are kept here and all nudged: a nudge of an
 * idle one sends nothing.
 */
static curl_socket_t socks[4 * IN_FLIGHT];
static int nsocks;

static int
sock_opened(void *arg, curl_socket_t fd, curlsocktype purpose)
{
	(void)arg;
	(void)purpose;
	if (nsocks < (int)ARRAY_LEN(socks))
		socks[nsocks++] = fd;
	return CURL_SOCKOPT_OK;
}

static int
sock_close(void *arg, curl_socket_t fd)
{
	(void)arg;
	for (int i = 0; i < nsocks; i++)
		if (socks[i] == fd) {
			socks[i] = socks[--nsocks];
			break;
		}
	return close(fd);
}

static size_t
headers_in(char *p, size_t size, size_t n, void *arg)
{
	int one = 1;

	(void)arg;
	if (size * n <= 2 && (p[0] == '\r' || p[0] == '\n'))
		for (int i = 0; i < nsocks; i++)
			setsockopt(socks[i], IPPROTO_TCP, TCP_QUICKACK, &one, sizeof(one));
	return size * n;
}

static size_t
collect(char *p, size_t size, size_t n, void *arg)
{
	buf_add(arg, p, size * n);
	return size * n;
}

/* The text of element tag in an S3 XML answer (the first one), or "". */
static void
xml_text(const char *xml, const char *tag, char *out, size_t n)
{
	char open[32], close[32];
	const char *p, *e;

	snprintf(open, sizeof(open), "<%s>", tag);
	snprintf(close, sizeof(close), "</%s>", tag);
	out[0] = '\0';
	if (xml && (p = strstr(xml, open)) && (e = strstr(p, close)))
		snprintf(out, n, "%.*s", (int)(e - p - strlen(open)), p + strlen(open));
}

/* RGW's error Code and Message from a JSON ({"Code": ...}) or S3 XML answer. */
static void
read_error(struct rgw_call *call)
{
	if (call->json) {
		snprintf(call->code, sizeof(call->code), "%s", json_str(call->json, "Code") ?: "");
		snprintf(call->message, sizeof(call->message), "%s",
			 json_str(call->json, "Message") ?: "");
		return;
	}
	xml_text(call->answer.data, "Code", call->code, sizeof(call->code));
	xml_text(call->answer.data, "Message", call->message, sizeof(call->message));
}

/* One easy handle for call against endpoint, its header list in *h. */
static CURL *
prepare(struct rgw_call *call, const char *endpoint, const struct cluster_conf *cc,
	struct curl_slist **h)
{
	CURL *e = curl_easy_init();
	struct buf url;
	char sigv4[128], line[300];
	long timeout = call->timeout_s ? call->timeout_s : oa_config->rgw_timeout_s;

	if (!e)
		abort();
	buf_init(&url);
	buf_printf(&url, "%s%s", endpoint, call->path);
	for (int i = 0; i < call->query.n; i++) {
		char *k = rgw_encode(call->query.kv[i].key, 0),
		     *v = rgw_encode(call->query.kv[i].val, 0);
		buf_printf(&url, "%c%s=%s", i ? '&' : '?', k, v);
		free(k);
		free(v);
	}
	buf_add(&url, "", 1);
	*h = curl_slist_append(NULL, "x-amz-content-sha256: UNSIGNED-PAYLOAD");
	if (call->content_type) {
		snprintf(line, sizeof(line), "Content-Type: %s", call->content_type);
		*h = curl_slist_append(*h, line);
	}
	if (call->header)
		*h = curl_slist_append(*h, call->header);
	snprintf(sigv4, sizeof(sigv4), "aws:amz:%s:s3", oa_config->rgw_region);
	curl_easy_setopt(e, CURLOPT_URL, url.data);
	buf_free(&url);
	curl_easy_setopt(e, CURLOPT_AWS_SIGV4, sigv4);
	curl_easy_setopt(e, CURLOPT_USERNAME,
			 call->access_key ? call->access_key : cc->rgw_access_key);
	curl_easy_setopt(e, CURLOPT_PASSWORD,
			 call->secret_key ? call->secret_key : cc->rgw_secret_key);
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, *h);
	if (!strcmp(call->method, "HEAD"))
		curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
	else
		curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, call->method);
	if (call->body) {
		curl_easy_setopt(e, CURLOPT_POSTFIELDS, call->body);
		curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE, (long)call->body_len);
	}
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, &call->answer);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, headers_in);
	curl_easy_setopt(e, CURLOPT_SOCKOPTFUNCTION, sock_opened);
	curl_easy_setopt(e, CURLOPT_CLOSESOCKETFUNCTION, sock_close);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, timeout < 2 ? timeout : 2L);
	curl_easy_setopt(e, CURLOPT_TIMEOUT, timeout);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, oa_config->rgw_verify_tls ? 1L : 0L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, oa_config->rgw_verify_tls ? 2L : 0L);
	if (oa_config->rgw_ca_file)
		curl_easy_setopt(e, CURLOPT_CAINFO, oa_config->rgw_ca_file);
	curl_easy_setopt(e, CURLOPT_PRIVATE, call);
	return e;
}

/* Records how call's transfer on endpoint ended. */
static void
finish(struct rgw_call *call, CURL *e, CURLcode cc, const char *endpoint)
{
	const char *s;

	if (cc != CURLE_OK) {
		snprintf(call->err, sizeof(call->err), "radosgw at %s: %s", endpoint,
			 curl_easy_strerror(cc));
		call->rc = cc == CURLE_OPERATION_TIMEDOUT ? -ETIMEDOUT : -ENOTCONN;
		return;
	}
	curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &call->status);
	s = call->answer.data;
	while (s && call->answer.len && (*s == ' ' || *s == '\n'))
		s++;
	if (s && (*s == '{' || *s == '['))
		call->json = cJSON_ParseWithLength(call->answer.data, call->answer.len);
	call->rc = 0;
	if (call->status >= 300) {
		read_error(call);
		snprintf(call->err, sizeof(call->err), "radosgw answered %s %s with HTTP %ld %s",
			 call->method, call->path, call->status, call->code);
	}
}

/* Runs calls[i] (those with todo[i]) on endpoint; returns how many could not connect. */
static int
run_on(struct rgw_call *calls, const int *todo, int n, const char *endpoint,
       const struct cluster_conf *cc, int *refused)
{
	struct curl_slist *headers[IN_FLIGHT] = {0};
	CURL *easy[IN_FLIGHT] = {0};
	int next = 0, running = 0, nrefused = 0;

	if (!multi && !(multi = curl_multi_init()))
		abort();
	curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)IN_FLIGHT);
	for (;;) {
		for (int slot = 0; slot < IN_FLIGHT && next < n; slot++) {
			if (easy[slot])
				continue;
			while (next < n && !todo[next])
				next++;
			if (next == n)
				break;
			buf_free(&calls[next].answer);
			buf_init(&calls[next].answer);
			easy[slot] = prepare(&calls[next], endpoint, cc, &headers[slot]);
			curl_multi_add_handle(multi, easy[slot]);
			next++;
		}
		curl_multi_perform(multi, &running);
		CURLMsg *m;
		int left;
		while ((m = curl_multi_info_read(multi, &left))) {
			struct rgw_call *call = NULL;
			if (m->msg != CURLMSG_DONE)
				continue;
			/* m lives in the handle: read it before the handle goes. */
			CURL *done = m->easy_handle;
			CURLcode result = m->data.result;
			curl_easy_getinfo(done, CURLINFO_PRIVATE, (char **)&call);
			finish(call, done, result, endpoint);
			if (result == CURLE_COULDNT_CONNECT ||
			    result == CURLE_COULDNT_RESOLVE_HOST) {
				refused[call - calls] = 1;
				nrefused++;
			}
			for (int slot = 0; slot < IN_FLIGHT; slot++)
				if (easy[slot] == done) {
					curl_multi_remove_handle(multi, done);
					curl_easy_cleanup(done);
					curl_slist_free_all(headers[slot]);
					easy[slot] = NULL;
					break;
				}
		}
		int busy = 0;
		for (int slot = 0; slot < IN_FLIGHT; slot++)
			busy |= easy[slot] != NULL;
		if (!busy && next >= n)
			break;
		/* Nothing in flight while calls wait: add them now, not after a poll's timeout. */
		if (busy)
			curl_multi_poll(multi, NULL, 0, 100, NULL);
	}
	return nrefused;
}

void
rgw_call_many(struct ceph *c, struct rgw_call *calls, int n)
{
	char *eps[MAX_ENDPOINTS] = {0}, err[256] = "";
	int neps, *todo = xcalloc((size_t)n, sizeof(int)),
		  *refused = xcalloc((size_t)n, sizeof(int));
	int rc = rgw_configured(c, err, sizeof(err));

	neps = rc < 0 ? rc : endpoints(c, eps, err, sizeof(err));
	for (int i = 0; i < n; i++) {
		calls[i].rc = neps > 0 ? 0 : neps < 0 ? neps : -ENOTCONN;
		calls[i].status = 0;
		calls[i].code[0] = calls[i].message[0] = '\0';
		snprintf(calls[i].err, sizeof(calls[i].err), "%s", err);
		todo[i] = neps > 0;
	}
	for (int k = 0; k < neps; k++) {
		int ep = (last_good[c->index] + k) % neps, left = 0;
		memset(refused, 0, sizeof(int) * (size_t)n);
		if (run_on(calls, todo, n, eps[ep], c->conf, refused) == 0) {
			last_good[c->index] = ep;
			break;
		}
		for (int i = 0; i < n; i++)
			left += (todo[i] = refused[i]);
		if (!left)
			break;
	}
	for (int k = 0; k < neps; k++)
		free(eps[k]);
	free(todo);
	free(refused);
}

int
rgw_call(struct ceph *c, struct rgw_call *call)
{
	rgw_call_many(c, call, 1);
	if (call->rc == 0 && call->status >= 300)
		return -EPROTO;
	return call->rc;
}

/* RGW's error codes in the API's words: status, code, the body field to blame, words. */
static const struct {
	const char *rgw;
	struct rgw_err e;
} codes[] = {
	{"NoSuchUser", {404, "user_not_found", NULL, "the Object Gateway has no such user"}},
	{"NoSuchBucket", {404, "bucket_not_found", NULL, "the Object Gateway has no such bucket"}},
	{"NoSuchKey", {404, "key_not_found", NULL, "no such key"}},
	{"NoSuchSubUser", {404, "subuser_not_found", NULL, "no such subuser"}},
	{"UserAlreadyExists", {409, "user_exists", "uid", "a user with this uid exists"}},
	{"EmailExists", {409, "email_exists", "email", "another user has this email address"}},
	{"KeyExists", {409, "key_exists", "access_key", "this access key exists"}},
	{"SubuserExists", {409, "subuser_exists", "name", "this subuser exists"}},
	{"BucketAlreadyExists",
	 {409, "bucket_exists", "name", "a bucket with this name exists (names are global)"}},
	{"BucketAlreadyOwnedByYou", {409, "bucket_exists", "name", "the owner has this bucket"}},
	{"BucketNotEmpty", {409, "bucket_not_empty", NULL, "the bucket holds objects"}},
	{"TooManyBuckets", {409, "too_many_buckets", NULL, "the owner has its maximum of buckets"}},
	{"UserSuspended", {409, "user_suspended", NULL, "the user is suspended"}},
	{"InvalidBucketState",
	 {409, "invalid_bucket_state", NULL, "the bucket's state does not allow this"}},
	{"QuotaExceeded", {409, "quota_exceeded", NULL, "a quota would be exceeded"}},
	{"InvalidBucketName",
	 {422, "invalid_value", "name", "the Object Gateway refused this bucket name"}},
	{"InvalidArgument", {422, "invalid_value", NULL, "the Object Gateway refused a value"}},
	{"InvalidAccessKey",
	 {422, "invalid_value", "access_key", "the Object Gateway refused this access key"}},
	{"InvalidSecretKey",
	 {422, "invalid_value", "secret_key", "the Object Gateway refused this secret key"}},
	{"InvalidKeyType",
	 {422, "invalid_value", "type", "the Object Gateway refused this key type"}},
	{"InvalidCapability",
	 {422, "invalid_value", "caps", "the Object Gateway refused these caps"}},
	{"InvalidAccess",
	 {422, "invalid_value", "access", "the Object Gateway refused this access"}},
	{"InvalidRequest", {422, "invalid_value", NULL, "the Object Gateway refused the request"}},
	{"MalformedXML", {422, "invalid_value", NULL, "the Object Gateway refused the request"}},
	{"InvalidLocationConstraint",
	 {422, "invalid_value", "placement", "the Object Gateway has no such placement target"}},
	{"InvalidRetentionPeriod",
	 {422, "invalid_value", "object_lock_retention",
	  "the Object Gateway refused this retention"}},
};

struct rgw_err
rgw_error_of(const struct rgw_call *call)
{
	int admin = !call->access_key;

	if (call->rc == -ENXIO)
		return (struct rgw_err){503, "rgw_not_configured", NULL,
					"this cluster has no Object Gateway configured"};
	if (call->rc < 0)
		return (struct rgw_err){503, "rgw_unreachable", NULL,
					"the Object Gateway does not answer"};
	for (size_t i = 0; i < ARRAY_LEN(codes); i++)
		if (!strcmp(call->code, codes[i].rgw))
			return codes[i].e;
	if (call->status == 403 && (admin || strcmp(call->code, "AccessDenied")))
		return (struct rgw_err){503, "rgw_auth", NULL,
					admin ? "the Object Gateway refused openATTIC's admin keys"
					      : "the Object Gateway refused the owner's keys"};
	if (call->status == 403)
		return (struct rgw_err){403, "rgw_denied", NULL, "the Object Gateway denied this"};
	if (call->status == 404)
		return (struct rgw_err){404, "not_found", NULL,
					"the Object Gateway has no such thing"};
	if (call->status == 409)
		return (struct rgw_err){409, "conflict", NULL,
					"the Object Gateway refused: a conflict"};
	if (call->status >= 400 && call->status < 500)
		return (struct rgw_err){422, "invalid_value", NULL,
					"the Object Gateway refused the values"};
	return (struct rgw_err){503, "rgw_error", NULL, "the Object Gateway failed"};
}

int
resp_rgw_error(struct req *r, const struct rgw_call *call)
{
	struct rgw_err e = rgw_error_of(call);

	if (e.status >= 500)
		return resp_logged(r, e.status, e.code, e.plain, "%s", call->err);
	return resp_error(r, e.status, e.code, e.field, "%s",
			  *call->message ? call->message : e.plain);
}

int
rgw_req_admin(struct req *r, const char *method, const char *path, struct rgw_query *q,
	      const cJSON **out)
{
	struct rgw_call call = {.method = method, .path = path};
	int status = 0;

	if (q) {
		call.query = *q;
		*q = (struct rgw_query){0};
	}
	rgw_q(&call.query, "format", "json");
	if (rgw_call(r->cluster, &call) != 0)
		status = resp_rgw_error(r, &call);
	else if (out) {
		*out = req_own_json(r, call.json);
		call.json = NULL;
	}
	rgw_call_release(&call);
	return status;
}

int
rgw_user_s3_keys(struct ceph *c, const char *uid, char *ak, size_t akn, char *sk, size_t skn,
		 struct rgw_call *call)
{
	const cJSON *k;
	int rc;

	*call = (struct rgw_call){.method = "GET", .path = "/admin/user"};
	rgw_q(&call->query, "format", "json");
	rgw_q(&call->query, "uid", uid);
	if ((rc = rgw_call(c, call)) != 0)
		return rc;
	cJSON_ArrayForEach(k, cJSON_GetObjectItemCaseSensitive(call->json, "keys")) {
		const char *a = json_str(k, "access_key"), *s = json_str(k, "secret_key");
		if (a && s && !strcmp(json_str(k, "user") ?: "", uid)) {
			snprintf(ak, akn, "%s", a);
			snprintf(sk, skn, "%s", s);
			return 0;
		}
	}
	return -ENOKEY;
}

/* The URL a radosgw frontend config ("beast endpoint=127.0.0.1:8080") serves, or "". */
static void
frontend_url(const char *fe, const char *host, char *url, size_t n)
{
	static const struct {
		const char *key, *scheme;
		int port_only;
	} keys[] = {{"ssl_endpoint=", "https", 0},
		    {"endpoint=", "http", 0},
		    {"ssl_port=", "https", 1},
		    {"port=", "http", 1}};
	url[0] = '\0';
	for (size_t i = 0; i < ARRAY_LEN(keys) && fe; i++) {
		const char *p = strstr(fe, keys[i].key);
		if (!p || (p > fe && p[-1] != ' '))
			continue;
		p += strlen(keys[i].key);
		int len = (int)strcspn(p, " +");
		const char *colon = memrchr(p, ':', (size_t)len);
		if (keys[i].port_only)
			snprintf(url, n, "%s://%s:%.*s", keys[i].scheme, host, len, p);
		else if ((!strncmp(p, "0.0.0.0:", 8) || !strncmp(p, "[::]:", 5)) && colon)
			snprintf(url, n, "%s://%s:%.*s", keys[i].scheme, host,
				 len - (int)(colon + 1 - p), colon + 1);
		else
			snprintf(url, n, "%s://%.*s", keys[i].scheme, len, p);
		return;
	}
}

cJSON *
rgw_daemon_json(const cJSON *d)
{
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(d, "metadata");
	const char *addr = json_str(d, "addr"), *host = json_str(m, "hostname");
	char ip[64] = "", url[256];
	cJSON *j = cJSON_CreateObject();

	if (addr)
		snprintf(ip, sizeof(ip), "%.*s", (int)strcspn(addr, "/"), addr);
	if (strrchr(ip, ':'))
		*strrchr(ip, ':') = '\0';
	frontend_url(json_str(m, "frontend_config#0"),
		     *ip    ? ip
		     : host ? host
			    : "localhost",
		     url, sizeof(url));
	cJSON_AddStringToObject(j, "id", json_str(m, "id") ?: d->string);
	cJSON_AddNumberToObject(j, "gid", jnum(d, "gid"));
	cJSON_AddStringToObject(j, "hostname", host ?: "");
	cJSON_AddStringToObject(j, "endpoint", url);
	cJSON_AddStringToObject(j, "version", json_str(m, "ceph_version_short") ?: "");
	cJSON_AddStringToObject(j, "zone", json_str(m, "zone_name") ?: "");
	cJSON_AddStringToObject(j, "zonegroup", json_str(m, "zonegroup_name") ?: "");
	cJSON_AddStringToObject(j, "realm", json_str(m, "realm_name") ?: "");
	cJSON_AddStringToObject(j, "frontend", json_str(m, "frontend_config#0") ?: "");
	cJSON_AddStringToObject(j, "started_at", json_str(d, "start_stamp") ?: "");
	return j;
}

int
rgw_daemons(struct ceph *c, cJSON **out, char **msg)
{
	const cJSON *dump = NULL, *daemons, *d;
	long age = c->conf->view_max_age_ms;
	int rc;

	*out = NULL;
	if ((rc = view_get(c, V_SERVICES, age, &dump, msg)) < 0)
		return rc;
	daemons = cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(dump, "services"),
						 "rgw"),
		"daemons");
	*out = cJSON_CreateArray();
	cJSON_ArrayForEach(d, daemons) {
		if (cJSON_IsObject(d))
			cJSON_AddItemToArray(*out, rgw_daemon_json(d));
	}
	return 0;
}
