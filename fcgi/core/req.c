/*
 * req.c - the request: parsing what nginx hands over (FastCGI params, the query
 * string, cookies) and the list of resources acquired while handling it. Everything a
 * handler acquires is attached with req_defer and released by req_release in reverse
 * order, so an early return cannot leak (the nginx pool idea).
 */
#include "core/req.h"
#include "core/config.h"
#include "core/json.h"
#include "core/json_doc.h"
#include "core/list.h"
#include "core/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * The caller's address: REMOTE_ADDR, unless that is one of [server] trusted_proxies
 * (a load balancer in front of nginx): then the right-most address of
 * X-Forwarded-For that is not itself a trusted proxy. The header is believed from
 * trusted proxies only: anyone can send one.
 */
static const char *
client_address(struct req *r)
{
	const char *remote = req_env(r, "REMOTE_ADDR"), *xff, *end, *start;
	const char *trusted = oa_config ? oa_config->trusted_proxies : NULL;
	char found[64];

	if (!remote)
		return "";
	if (!trusted || !addr_in_list(remote, trusted) ||
	    !(xff = req_env(r, "HTTP_X_FORWARDED_FOR")))
		return remote;
	for (end = xff + strlen(xff); end > xff; end = start - 1) {
		const char *a;
		size_t len;

		for (start = end; start > xff && start[-1] != ',';)
			start--;
		for (a = start; a < end && (*a == ' ' || *a == '\t');)
			a++;
		for (len = (size_t)(end - a); len && (a[len - 1] == ' ' || a[len - 1] == '\t');)
			len--;
		if (len == 0 || len >= sizeof(found))
			return remote;
		snprintf(found, sizeof(found), "%.*s", (int)len, a);
		if (!addr_in_list(found, "0.0.0.0/0, ::/0"))
			return remote; /* not an address: the chain cannot be followed */
		if (!addr_in_list(found, trusted))
			return req_own(r, xstrdup(found));
		if (start == xff)
			break;
	}
	return remote;
}

void
req_init(struct req *r, char **env, char *body, size_t body_len)
{
	memset(r, 0, sizeof(*r));
	r->env = env;
	r->raw_body = body;
	r->body_len = body_len;
	r->method = req_env(r, "REQUEST_METHOD");
	if (!r->method)
		r->method = "GET";
	r->client = client_address(r);
	r->t0 = now_ms();
	buf_init(&r->headers);
}

void
req_detach_env(struct req *r)
{
	snprintf(r->method_kept, sizeof(r->method_kept), "%s", r->method);
	r->method = r->method_kept;
	r->env = NULL;
	r->client = "";
}

void
defers_add(struct defers *d, void (*fn)(void *), void *ptr)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? 2 * d->cap : 8;
		d->v = xrealloc(d->v, sizeof(*d->v) * (size_t)d->cap);
	}
	d->v[d->n].fn = fn;
	d->v[d->n].ptr = ptr;
	d->n++;
}

void
defers_run(struct defers *d)
{
	while (d->n > 0) {
		d->n--;
		d->v[d->n].fn(d->v[d->n].ptr);
	}
	free(d->v);
	d->v = NULL;
	d->cap = 0;
}

void
req_defer(struct req *r, void (*fn)(void *), void *ptr)
{
	defers_add(&r->defers, fn, ptr);
}

char *
req_own(struct req *r, char *s)
{
	req_defer(r, free, s);
	return s;
}

cJSON *
req_own_json(struct req *r, cJSON *j)
{
	req_defer(r, json_release, j);
	return j;
}

static void
doc_release(void *d)
{
	json_doc_free(d);
}

struct json_doc *
req_doc(struct req *r)
{
	struct json_doc *d = json_doc_new();

	req_defer(r, doc_release, d);
	return d;
}

void
req_release(struct req *r)
{
	defers_run(&r->defers);
	kv_free(r->query, r->nquery);
	kv_free(r->params, r->nparams);
	cJSON_Delete(r->body);
	free(r->raw_body);
	free(r->path);
	free(r->out);
	buf_free(&r->headers);
	memset(r, 0, sizeof(*r));
}

const char *
req_env(const struct req *r, const char *name)
{
	size_t n = strlen(name);

	for (char **e = r->env; e && *e; e++)
		if (!strncmp(*e, name, n) && (*e)[n] == '=')
			return *e + n + 1;
	return NULL;
}

static const char *
kv_get(const struct kv *kv, int n, const char *key)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(kv[i].key, key))
			return kv[i].val;
	return NULL;
}

int
req_query_declared(const struct req *r, const char *name)
{
	static const char *const list_params[] = {"offset", "limit", "sort", "search", NULL};

	if (r->list)
		for (const char *const *p = list_params; *p; p++)
			if (!strcmp(*p, name))
				return 1;
	for (const struct field_spec *f = r->query_spec; f && f->name; f++)
		if (!strcmp(f->name, name))
			return 1;
	return 0;
}

const char *
req_query(const struct req *r, const char *name)
{
	if (r->route && !req_query_declared(r, name)) {
		log_err("BUG: %s reads the query parameter '%s' its route row does not declare",
			r->path, name);
		return NULL;
	}
	return kv_get(r->query, r->nquery, name);
}

long
req_param_long(const struct req *r, const char *name)
{
	const char *v = req_param(r, name);

	return v ? strtol(v, NULL, 10) : -1;
}

const char *
req_param(const struct req *r, const char *name)
{
	return kv_get(r->params, r->nparams, name);
}

const char *
req_cookie(struct req *r, const char *name)
{
	const char *h = req_env(r, "HTTP_COOKIE");
	size_t n = strlen(name);

	while (h && *h) {
		while (*h == ' ' || *h == ';')
			h++;
		const char *end = strchr(h, ';');
		size_t len = end ? (size_t)(end - h) : strlen(h);
		if (len > n && !strncmp(h, name, n) && h[n] == '=')
			return req_own(r, xstrndup(h + n + 1, len - n - 1));
		h = end;
	}
	return NULL;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

char *
pct_decode(const char *s, size_t n, int plus_space)
{
	char *out = xmalloc(n + 1), *o = out;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%') {
			int hi = i + 1 < n ? hexval(s[i + 1]) : -1;
			int lo = i + 2 < n ? hexval(s[i + 2]) : -1;
			if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) {
				free(out);
				return NULL;
			}
			*o++ = (char)(hi * 16 + lo);
			i += 2;
		} else if (s[i] == '+' && plus_space) {
			*o++ = ' ';
		} else if (s[i] == '\0') {
			free(out);
			return NULL;
		} else {
			*o++ = s[i];
		}
	}
	*o = '\0';
	return out;
}

void
kv_free(struct kv *kv, int n)
{
	for (int i = 0; i < n; i++) {
		free(kv[i].key);
		free(kv[i].val);
	}
	free(kv);
}

int
parse_query(const char *qs, struct kv **out)
{
	struct kv *kv = NULL;
	int n = 0;

	*out = NULL;
	while (qs && *qs) {
		const char *amp = strchr(qs, '&');
		size_t len = amp ? (size_t)(amp - qs) : strlen(qs);
		const char *eq = memchr(qs, '=', len);
		if (len > 0) {
			size_t klen = eq ? (size_t)(eq - qs) : len;
			char *k = pct_decode(qs, klen, 1);
			char *v = eq ? pct_decode(eq + 1, len - klen - 1, 1) : xstrdup("");
			if (!k || !v || !utf8_valid(k, strlen(k)) || !utf8_valid(v, strlen(v))) {
				free(k);
				free(v);
				kv_free(kv, n);
				return -1;
			}
			kv = xrealloc(kv, sizeof(*kv) * (size_t)(n + 1));
			kv[n].key = k;
			kv[n].val = v;
			n++;
		}
		qs = amp ? amp + 1 : NULL;
	}
	*out = kv;
	return n;
}
