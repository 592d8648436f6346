/*
 * salt.c - the salt-api client (libcurl). One CURL handle and one session token per
 * process, both reused: salt-api's token is a CherryPy session id that lives for the
 * master's token_expire (12 h by default), so logging in per call would only add a
 * round trip. A 401 means the session is gone (expired, or salt-api restarted: its
 * sessions are in memory): log in again once and retry. Connect and total timeouts
 * bound every call; TLS is verified unless the configuration says otherwise.
 *
 * What requests read but must not wait for - the probe health shows and the node list,
 * whose manage.status pings every minion - lives in one area the master maps before
 * forking (as backends/view.c does for Ceph). A reader takes the last answer and its
 * age and, when it is stale, only notes that; a worker does the noted work between
 * requests (salt_background), one process on the host at a time (a pid in a CAS flag,
 * taken over from a dead holder). The node list is written under a seqlock; each
 * process keeps its parsed copy until the data changes. No request waits on a minion,
 * and a frozen salt-api costs one worker at most, for a bounded time, never a request.
 */
#include "backends/salt.h"
#include "core/json.h"
#include "core/log.h"
#include "core/resp.h"

#include <curl/curl.h>
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
     long *status, char *err, size_t errlen, char *tok_out, long timeout_s)
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
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, timeout_s);
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
	rc = http("POST", "/login", body, "application/json", &b, &status, err, errlen, got,
		  oa_config->salt_timeout_s);
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
	rc = http(method, path, body, "application/json", &b, &status, err, errlen, NULL,
		  oa_config->salt_timeout_s);
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

/* GET / now, within timeout_s: 0 or a negative errno with err set. */
static int
probe(char *err, size_t errlen, long timeout_s)
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
	rc = http("GET", "/", NULL, "application/json", &b, &status, err, errlen, NULL, timeout_s);
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

/* ---- the shared answers: the probe and the node list ----------------------------- */

#define NODES_BYTES   (8u << 20) /* a node list larger than this is refused */
#define PING_EVERY_MS 1000       /* a probe older than this is redone when someone reads it */
#define PING_RETRY_MS 5000       /* ... but not sooner than this after a failed one */
#define PING_TIMEOUT  2L         /* GET / is salt-api's welcome: it answers at once or not */
/* A holder that is alive but has held the flag this long is taken over (it hangs). */
#define STEAL_AFTER_MS(t) ((int64_t)(t)*3000 + 30000)

struct salt_area {
	_Atomic pid_t busy;           /* the process refreshing; 0 = none */
	_Atomic int64_t busy_from;    /* since when (monotonic ms) */
	_Atomic int64_t ping_ms;      /* the latest probe ended then; 0 = never */
	_Atomic int ping_rc;          /* with this result */
	_Atomic int stale;            /* salt_nodes_invalidate: refresh at the next chance */
	_Atomic uint64_t seq;         /* the seqlock of what follows: odd while written */
	uint64_t data_seq;            /* bumped with each new node list */
	int64_t fetched_ms, tried_ms; /* monotonic ms: the node list fetched / the latest try */
	time_t fetched_at, tried_at;
	int tried_rc; /* the latest try's result */
	char tried_err[256];
	uint32_t len;
	char data[NODES_BYTES];
};

static struct salt_area *area;
static int want_ping, want_nodes; /* this process read them stale */
static struct {
	cJSON *json;
	uint64_t data_seq;
} local;

int
salt_setup(void)
{
	area = shared_alloc(sizeof(*area), "the shared salt-api answers");
	return area ? 0 : -1;
}

int
salt_ping(char *err, size_t errlen)
{
	int64_t at;
	int rc;

	if (!area)
		return probe(err, errlen, oa_config->salt_timeout_s);
	if (!salt_configured()) {
		snprintf(err, errlen, "no [salt] url is configured");
		return -ENOTCONN;
	}
	at = atomic_load(&area->ping_ms);
	rc = atomic_load(&area->ping_rc);
	if (!at || now_ms_int() - at >= PING_EVERY_MS)
		want_ping = 1;
	if (!at) {
		snprintf(err, errlen, "salt-api has not been probed yet");
		return -EAGAIN;
	}
	if (rc)
		snprintf(err, errlen, "salt-api did not answer a probe %.1f s ago",
			 (double)(now_ms_int() - at) / 1e3);
	return rc;
}

/* A runner chunk of fun for every minion, with the kwargs manage.status and cache.grains take. */
static cJSON *
runner_chunk(const char *fun, long timeout_s)
{
	cJSON *c = cJSON_CreateObject(), *kw;

	cJSON_AddStringToObject(c, "client", "runner");
	cJSON_AddStringToObject(c, "fun", fun);
	kw = cJSON_AddObjectToObject(c, "kwarg");
	cJSON_AddStringToObject(kw, "tgt", "*");
	cJSON_AddStringToObject(kw, "tgt_type", "glob");
	if (timeout_s > 0)
		cJSON_AddNumberToObject(kw, "timeout", (double)timeout_s);
	return c;
}

/* The grains the API shows of each minion (the rest of a real minion's grains is large). */
static cJSON *
trim_grains(const cJSON *all)
{
	static const char *kept[] = {"host",      "fqdn",     "ipv4",      "ipv6",
				     "os",        "roles",    "osrelease", "kernelrelease",
				     "cpu_model", "num_cpus", "mem_total", "disks"};
	cJSON *out = cJSON_CreateObject(), *g;
	const cJSON *m, *v;

	cJSON_ArrayForEach(m, all) {
		if (!cJSON_IsObject(m))
			continue;
		g = cJSON_AddObjectToObject(out, m->string);
		for (size_t i = 0; i < ARRAY_LEN(kept); i++)
			if ((v = cJSON_GetObjectItemCaseSensitive(m, kept[i])))
				cJSON_AddItemToObject(g, kept[i], cJSON_Duplicate(v, 1));
	}
	return out;
}

/*
 * What the master knows of every minion, in one POST / of three chunks: the keys
 * (wheel key.finger: each key's state and fingerprint), who answers a ping (runner
 * manage.status, waiting at most half the salt-api timeout, so one node that is down
 * cannot make the call time out) and the grains the master cached (runner
 * cache.grains: a node that is down keeps its last known host name and addresses).
 * 0 with the node list as JSON text (new), or a salt_call error with err set.
 */
static int
fetch_nodes(char **text, char *err, size_t errlen)
{
	cJSON *low = cJSON_CreateArray(), *wheel = cJSON_CreateObject(), *ret, *out;
	const cJSON *keys, *status, *grains;
	long wait = oa_config->salt_timeout_s / 2;
	int rc;

	cJSON_AddStringToObject(wheel, "client", "wheel");
	cJSON_AddStringToObject(wheel, "fun", "key.finger");
	cJSON_AddStringToObject(wheel, "match", "*");
	cJSON_AddItemToArray(low, wheel);
	cJSON_AddItemToArray(low, runner_chunk("manage.status", wait < 1 ? 1 : wait));
	cJSON_AddItemToArray(low, runner_chunk("cache.grains", 0));
	rc = salt_lowstate(low, &ret, err, errlen);
	cJSON_Delete(low);
	if (rc < 0)
		return rc;
	status = cJSON_GetArrayItem(ret, 1);
	grains = cJSON_GetArrayItem(ret, 2);
	if (!(keys = salt_wheel_return(cJSON_GetArrayItem(ret, 0), err, errlen)) ||
	    !cJSON_IsObject(status) || !cJSON_IsObject(grains)) {
		if (keys)
			snprintf(err, errlen,
				 "salt-api answered manage.status or cache.grains with %s",
				 cJSON_IsString(status)   ? status->valuestring
				 : cJSON_IsString(grains) ? grains->valuestring
							  : "another shape");
		cJSON_Delete(ret);
		return -EPROTO;
	}
	out = cJSON_CreateObject();
	cJSON_AddItemToObject(out, "keys", cJSON_Duplicate(keys, 1));
	cJSON_AddItemToObject(out, "status", cJSON_Duplicate(status, 1));
	cJSON_AddItemToObject(out, "grains", trim_grains(grains));
	cJSON_Delete(ret);
	*text = cJSON_PrintUnformatted(out);
	cJSON_Delete(out);
	return 0;
}

/* What a reader copies of the node list's record under the seqlock. */
struct snap {
	uint64_t data_seq;
	int64_t fetched_ms, tried_ms;
	time_t fetched_at, tried_at;
	int tried_rc;
	char tried_err[256];
	char *text; /* the data (new), when asked for */
};

/* Copies the record (and the data if text is wanted): 1, or 0 while it is being written. */
static int
read_snap(struct snap *s, int want_text)
{
	uint64_t s1 = atomic_load_explicit(&area->seq, memory_order_acquire);

	if (s1 & 1)
		return 0;
	s->data_seq = area->data_seq;
	s->fetched_ms = area->fetched_ms;
	s->tried_ms = area->tried_ms;
	s->fetched_at = area->fetched_at;
	s->tried_at = area->tried_at;
	s->tried_rc = area->tried_rc;
	memcpy(s->tried_err, area->tried_err, sizeof(s->tried_err));
	s->tried_err[sizeof(s->tried_err) - 1] = '\0';
	s->text = NULL;
	if (want_text && s->fetched_ms) {
		uint32_t len = area->len < NODES_BYTES ? area->len : NODES_BYTES;
		s->text = xmalloc(len + 1);
		memcpy(s->text, area->data, len);
		s->text[len] = '\0';
	}
	atomic_thread_fence(memory_order_acquire);
	if (atomic_load_explicit(&area->seq, memory_order_relaxed) != s1) {
		free(s->text);
		return 0;
	}
	return 1;
}

/* Stores a try's outcome (and, when it succeeded, the node list) for every process. */
static void
publish(int rc, const char *text, const char *err)
{
	uint64_t seq = atomic_fetch_add(&area->seq, 1) + 1; /* odd: writing */
	int64_t now = now_ms_int();

	atomic_thread_fence(memory_order_release);
	if (rc == 0) {
		area->len = (uint32_t)strlen(text);
		memcpy(area->data, text, area->len);
		area->data_seq++;
		area->fetched_ms = now;
		area->fetched_at = time(NULL);
	}
	area->tried_ms = now;
	area->tried_at = time(NULL);
	area->tried_rc = rc;
	snprintf(area->tried_err, sizeof(area->tried_err), "%s", rc ? err : "");
	atomic_store_explicit(&area->seq, seq + 1, memory_order_release);
}

/* Without a shared area (the CLI, tests): fetched now, into this process's copy. */
static int
nodes_direct(const cJSON **out, struct salt_fresh *f, char *err, size_t errlen)
{
	char *text = NULL;
	int rc = fetch_nodes(&text, err, errlen);

	if (rc == 0) {
		cJSON_Delete(local.json);
		local.json = cJSON_Parse(text);
		f->as_of = time(NULL);
	}
	free(text);
	*out = local.json;
	return rc;
}

int
salt_nodes(const cJSON **out, struct salt_fresh *f, char *err, size_t errlen)
{
	struct snap s;

	memset(f, 0, sizeof(*f));
	*out = NULL;
	if (!area)
		return nodes_direct(out, f, err, errlen);
	while (!read_snap(&s, 0))
		sched_yield();
	if (!s.fetched_ms || now_ms_int() - s.tried_ms >= oa_config->salt_nodes_refresh_s * 1000 ||
	    atomic_load(&area->stale))
		want_nodes = 1;
	if (!s.fetched_ms) {
		if (!s.tried_ms) {
			snprintf(err, errlen, "the node list is being fetched from salt-api");
			return -EAGAIN;
		}
		snprintf(err, errlen, "%s", s.tried_err);
		return s.tried_rc;
	}
	if (!local.json || local.data_seq != s.data_seq) {
		while (!read_snap(&s, 1))
			sched_yield();
		cJSON_Delete(local.json);
		local.json = cJSON_Parse(s.text);
		local.data_seq = s.data_seq;
		free(s.text);
	}
	f->as_of = s.fetched_at;
	f->age_s = (double)(now_ms_int() - s.fetched_ms) / 1e3;
	if (s.tried_rc && s.tried_ms > s.fetched_ms) {
		f->refresh_rc = s.tried_rc;
		f->refresh_at = s.tried_at;
		snprintf(f->refresh_err, sizeof(f->refresh_err), "%s", s.tried_err);
	}
	*out = local.json;
	return local.json ? 0 : -EPROTO;
}

int
salt_req_nodes(struct req *r, const cJSON **keys, const cJSON **status, const cJSON **grains,
	       struct salt_fresh *f)
{
	const cJSON *all;
	char err[512];
	int rc;

	if ((rc = salt_nodes(&all, f, err, sizeof(err))) == -EAGAIN) {
		resp_header(r, "Retry-After: 1");
		return resp_error(r, 503, "nodes_pending", NULL,
				  "the node list is being fetched from salt-api; try again in a "
				  "moment");
	}
	if (rc < 0)
		return resp_salt_error(r, rc, err);
	*keys = cJSON_GetObjectItemCaseSensitive(all, "keys");
	*status = cJSON_GetObjectItemCaseSensitive(all, "status");
	*grains = cJSON_GetObjectItemCaseSensitive(all, "grains");
	return 0;
}

void
salt_nodes_invalidate(void)
{
	if (area)
		atomic_store(&area->stale, 1);
}

/* Whether a probe is due (someone read an old one). */
static int
ping_due(int64_t now)
{
	int64_t at = atomic_load(&area->ping_ms);

	return want_ping &&
	       now - at >= (atomic_load(&area->ping_rc) ? PING_RETRY_MS : PING_EVERY_MS);
}

/* Whether a new node list is due: read stale (or none yet), and not tried too recently. */
static int
nodes_due(int64_t now)
{
	struct snap s;

	while (!read_snap(&s, 0))
		sched_yield();
	if (!want_nodes && s.fetched_ms)
		return 0;
	return !s.tried_ms || atomic_load(&area->stale) ||
	       now - s.tried_ms >= oa_config->salt_nodes_refresh_s * 1000;
}

int
salt_background_due(void)
{
	int64_t now;

	if (!area || !salt_configured())
		return 0;
	now = now_ms_int();
	return ping_due(now) || nodes_due(now);
}

/* Takes the host's refresh flag: 1, or 0 when a live process holds it. */
static int
take_flag(pid_t me)
{
	pid_t h = 0;

	if (!atomic_compare_exchange_strong(&area->busy, &h, me)) {
		/* A holder that died (or hangs far beyond every timeout) is taken over. */
		if (!(kill(h, 0) < 0 && errno == ESRCH) &&
		    now_ms_int() - atomic_load(&area->busy_from) <
			    STEAL_AFTER_MS(oa_config->salt_timeout_s))
			return 0;
		if (!atomic_compare_exchange_strong(&area->busy, &h, me))
			return 0;
		log_warn("salt: taking over the refresh of process %d", (int)h);
	}
	atomic_store(&area->busy_from, now_ms_int());
	return 1;
}

void
salt_background(void)
{
	pid_t me = getpid();
	int64_t now = now_ms_int();
	int ping = ping_due(now), nodes = nodes_due(now), rc;
	char err[256] = "";
	char *text = NULL;

	if (!area || (!ping && !nodes) || !take_flag(me))
		return;
	want_ping = want_nodes = 0;
	if (nodes)
		atomic_store(&area->stale, 0);
	/* The probe comes first: when salt-api does not answer it, nobody waits twice. */
	rc = probe(err, sizeof(err),
		   PING_TIMEOUT < oa_config->salt_timeout_s ? PING_TIMEOUT
							    : oa_config->salt_timeout_s);
	atomic_store(&area->ping_rc, rc);
	atomic_store(&area->ping_ms, now_ms_int());
	if (nodes && rc == 0) {
		rc = fetch_nodes(&text, err, sizeof(err));
		if (rc == 0 && strlen(text) > NODES_BYTES) {
			snprintf(err, sizeof(err), "the node list is %zu bytes, more than %u",
				 strlen(text), NODES_BYTES);
			rc = -E2BIG;
		}
	}
	if (nodes && atomic_load(&area->busy) == me)
		publish(rc, text, err);
	free(text);
	atomic_store(&area->busy, 0);
}
