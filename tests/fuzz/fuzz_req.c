/*
 * fuzz_req.c - the request model (core/req.c, core/list.c) under what nginx hands
 * over. Each line of the input is one FastCGI parameter ("KEY=value"); req_init gets
 * them as a worker does, with [server] trusted_proxies set (to the value of a line
 * "OA_TRUSTED_PROXIES=..." when there is one), then every accessor the dispatcher and
 * the handlers use runs on them: the client address (X-Forwarded-For), req_env,
 * req_cookie (oa_session and every name the Cookie header holds), parse_query of
 * QUERY_STRING and of REQUEST_URI's query (as the router splits it), req_query,
 * pct_decode of the path both ways, list_parse.
 * Properties: the client is REMOTE_ADDR, or an address of X-Forwarded-For outside the
 * trusted proxies when REMOTE_ADDR is one of them; req_env and req_cookie give the
 * first parameter or cookie of a name; a decoded string is as long as its escapes say
 * (no byte lost, no NUL let in); decoded query pairs are UTF-8; list_parse's values
 * are in range, or its answer is a 400 whose body is UTF-8 JSON.
 */
#include "core/config.h"
#include "core/list.h"
#include "core/req.h"
#include "core/util.h"
#include "fuzz.h"

#define MAX_ENV 64

/* What pct_decode(s, n) must give in length when it succeeds: one byte per escape. */
static size_t
decoded_len(const char *s, size_t n)
{
	size_t pct = 0;

	for (size_t i = 0; i < n; i++)
		pct += s[i] == '%';
	return n - 2 * pct;
}

static void
check_decode(const char *s, size_t n)
{
	for (int plus = 0; plus < 2; plus++) {
		char *d = pct_decode(s, n, plus);

		if (d)
			FUZZ_ASSERT(strlen(d) == decoded_len(s, n), "pct_decode('%.*s', %d) = '%s'",
				    (int)n, s, plus, d);
		free(d);
	}
}

/* Decodes qs; with r, the pairs become r's query and req_query is checked on them. */
static void
check_query(struct req *r, const char *qs)
{
	struct kv *kv;
	int n = parse_query(qs, &kv);

	if (n < 0) {
		FUZZ_ASSERT(kv == NULL, "parse_query failed but left pairs");
		return;
	}
	for (int i = 0; i < n; i++)
		FUZZ_ASSERT(utf8_valid(kv[i].key, strlen(kv[i].key)) &&
				    utf8_valid(kv[i].val, strlen(kv[i].val)),
			    "pair %d of '%s' is not UTF-8", i, qs);
	if (!r) {
		kv_free(kv, n);
		return;
	}
	kv_free(r->query, r->nquery);
	r->query = kv;
	r->nquery = n;
	for (int i = 0; i < n; i++) {
		int first = 0;

		while (strcmp(kv[first].key, kv[i].key))
			first++;
		FUZZ_ASSERT(req_query(r, kv[i].key) == kv[first].val, "req_query('%s')", kv[i].key);
	}
}

/* Every parameter is found by its name, the first of a name wins. */
static void
check_env(const struct req *r, char **env, int n)
{
	for (int i = 0; i < n; i++) {
		const char *eq = strchr(env[i], '=');
		char *key;
		int first;

		if (!eq)
			continue;
		key = xstrndup(env[i], (size_t)(eq - env[i]));
		for (first = 0; first < i; first++)
			if (!strncmp(env[first], key, strlen(key)) &&
			    env[first][strlen(key)] == '=')
				break;
		FUZZ_ASSERT(req_env(r, key) == env[first] + strlen(key) + 1, "req_env('%s')", key);
		free(key);
	}
}

/* The value of the first cookie named name in the header h, or NULL: the reference. */
static char *
cookie_ref(const char *h, const char *name)
{
	while (h && *h) {
		const char *end, *eq;
		size_t len;

		while (*h == ' ' || *h == ';')
			h++;
		end = strchr(h, ';');
		len = end ? (size_t)(end - h) : strlen(h);
		eq = memchr(h, '=', len);
		if (eq && (size_t)(eq - h) == strlen(name) && !strncmp(h, name, strlen(name)) &&
		    *name)
			return xstrndup(eq + 1, len - (size_t)(eq - h) - 1);
		h = end;
	}
	return NULL;
}

static void
check_cookies(struct req *r)
{
	const char *h = req_env(r, "HTTP_COOKIE"), *got;
	int count = 0;

	req_cookie(r, "oa_session");
	req_cookie(r, "");
	while (h && *h && count++ < 16) {
		const char *end, *eq;
		char *name, *want;
		size_t len;

		while (*h == ' ' || *h == ';')
			h++;
		end = strchr(h, ';');
		len = end ? (size_t)(end - h) : strlen(h);
		if ((eq = memchr(h, '=', len)) && eq > h) {
			name = xstrndup(h, (size_t)(eq - h));
			want = cookie_ref(req_env(r, "HTTP_COOKIE"), name);
			got = req_cookie(r, name);
			FUZZ_ASSERT(got && want && !strcmp(got, want) && !strchr(got, ';'),
				    "req_cookie('%s') = '%s', want '%s'", name,
				    got ? got : "(null)", want ? want : "(null)");
			free(name);
			free(want);
		}
		h = end;
	}
}

static void
check_list(struct req *r)
{
	static const struct sort_field sorts[] = {
		{"name", "name"}, {"size", "stats.size"}, {NULL, NULL}};
	static const struct list_spec spec = {sorts, "name", NULL};
	struct list_params lp;
	cJSON *j;

	r->list = &spec;
	if (list_parse(r, &lp) == 0) {
		FUZZ_ASSERT(lp.offset >= 0 && lp.limit >= 1 && lp.limit <= 1000 && lp.sort,
			    "list_parse: offset %ld limit %ld", lp.offset, lp.limit);
		return;
	}
	FUZZ_ASSERT(r->status == 400 && r->out, "list_parse refused without a 400");
	FUZZ_ASSERT(utf8_valid(r->out, r->out_len), "the 400 is not UTF-8: %s", r->out);
	j = cJSON_Parse(r->out);
	FUZZ_ASSERT(j, "the 400 is not JSON: %s", r->out);
	cJSON_Delete(j);
}

/* The client address: REMOTE_ADDR, or what a trusted proxy says it forwarded for. */
static void
check_client(const struct req *r, const char *trusted)
{
	const char *remote = req_env(r, "REMOTE_ADDR");

	if (!remote || !strcmp(r->client, remote))
		FUZZ_ASSERT(!strcmp(r->client, remote ? remote : ""),
			    "client '%s' without REMOTE_ADDR", r->client);
	else
		FUZZ_ASSERT(addr_in_list(remote, trusted) && req_env(r, "HTTP_X_FORWARDED_FOR") &&
				    addr_in_list(r->client, "0.0.0.0/0, ::/0") &&
				    !addr_in_list(r->client, trusted),
			    "client '%s' for REMOTE_ADDR '%s', trusted '%s'", r->client, remote,
			    trusted);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_str(data, size), *env[MAX_ENV + 1], *p = text;
	static struct config conf;
	const char *uri, *q;
	struct req r;
	int n = 0;

	while (n < MAX_ENV && p) {
		env[n++] = p;
		if ((p = strchr(p, '\n')))
			*p++ = '\0';
	}
	env[n] = NULL;
	conf.trusted_proxies = "127.0.0.1, 10.0.0.0/8, fd00::/8";
	for (int i = 0; i < n; i++)
		if (!strncmp(env[i], "OA_TRUSTED_PROXIES=", 19))
			conf.trusted_proxies = env[i] + 19;
	oa_config = &conf;
	req_init(&r, env, NULL, 0);
	FUZZ_ASSERT(r.method && r.client, "req_init left method or client NULL");
	check_client(&r, conf.trusted_proxies);
	check_env(&r, env, n);
	check_cookies(&r);
	check_query(NULL, req_env(&r, "QUERY_STRING"));
	if ((uri = req_env(&r, "REQUEST_URI"))) {
		q = strchr(uri, '?');
		check_decode(uri, q ? (size_t)(q - uri) : strlen(uri));
		if (q)
			check_query(&r, q + 1);
	}
	check_list(&r);
	req_release(&r);
	oa_config = NULL;
	free(text);
	return 0;
}
