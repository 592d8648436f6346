/*
 * util.c - the small things every file needs: allocation that aborts instead of
 * returning NULL (STYLE.md: allocation failure aborts), a byte buffer, random
 * tokens from getrandom(2), and time formatting in the API's RFC 3339 form.
 */
#include "core/util.h"
#include "core/log.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>

static void
oom(void)
{
	fputs("out of memory\n", stderr);
	abort();
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom();
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom();
	return p;
}

char *
xstrdup(const char *s)
{
	char *p = strdup(s);
	if (!p)
		oom();
	return p;
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = strndup(s, n);
	if (!p)
		oom();
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	if (vasprintf(&p, fmt, ap) < 0)
		oom();
	va_end(ap);
	return p;
}

void
buf_init(struct buf *b)
{
	b->cap = 256;
	b->len = 0;
	b->data = xmalloc(b->cap);
	b->data[0] = '\0';
}

void
buf_add(struct buf *b, const void *p, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		while (b->len + n + 1 > b->cap)
			b->cap *= 2;
		b->data = xrealloc(b->data, b->cap);
	}
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
buf_puts(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	char *s;

	if (vasprintf(&s, fmt, ap) < 0)
		oom();
	buf_puts(b, s);
	free(s);
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void
buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

void
random_bytes(void *p, size_t n)
{
	unsigned char *c = p;

	while (n > 0) {
		ssize_t got = getrandom(c, n, 0);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			perror("getrandom");
			abort();
		}
		c += got;
		n -= (size_t)got;
	}
}

void
hex_encode(const void *p, size_t n, char *out)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *c = p;

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hex[c[i] >> 4];
		out[2 * i + 1] = hex[c[i] & 15];
	}
	out[2 * n] = '\0';
}

char *
random_token(const char *prefix, size_t nbytes)
{
	unsigned char raw[64];
	size_t plen = prefix ? strlen(prefix) : 0;
	char *out;

	if (nbytes > sizeof(raw))
		nbytes = sizeof(raw);
	random_bytes(raw, nbytes);
	out = xmalloc(plen + 2 * nbytes + 1);
	memcpy(out, prefix ? prefix : "", plen);
	hex_encode(raw, nbytes, out + plen);
	return out;
}

double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

void
rfc3339(time_t t, char *out, size_t n)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int
parse_rfc3339(const char *s, time_t *t)
{
	struct tm tm = {0};
	const char *p = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
	long off = 0;

	if (!p)
		return -EINVAL;
	if (*p == '.')
		for (p++; isdigit((unsigned char)*p); p++)
			;
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if ((*p == '+' || *p == '-') && isdigit((unsigned char)p[1]) &&
		   isdigit((unsigned char)p[2]) && p[3] == ':' && isdigit((unsigned char)p[4]) &&
		   isdigit((unsigned char)p[5])) {
		off = ((p[1] - '0') * 10 + (p[2] - '0')) * 3600 +
		      ((p[4] - '0') * 10 + (p[5] - '0')) * 60;
		if (*p == '+')
			off = -off;
		p += 6;
	} else {
		return -EINVAL;
	}
	if (*p)
		return -EINVAL;
	*t = timegm(&tm) + off;
	return 0;
}

int
parse_long(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	if (!s || !*s || isspace((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -EINVAL;
	*out = v;
	return 0;
}

int
utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;

	while (p < end) {
		unsigned c = *p, need, min;
		unsigned long cp;
		if (c < 0x80) {
			p++;
			continue;
		}
		if ((c & 0xe0) == 0xc0)
			need = 1, min = 0x80, cp = c & 0x1f;
		else if ((c & 0xf0) == 0xe0)
			need = 2, min = 0x800, cp = c & 0x0f;
		else if ((c & 0xf8) == 0xf0)
			need = 3, min = 0x10000, cp = c & 0x07;
		else
			return 0;
		if ((size_t)(end - p) <= need)
			return 0;
		for (unsigned i = 1; i <= need; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (p[i] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		p += need + 1;
	}
	return 1;
}

void
utf8_cut(char *s)
{
	size_t n = strlen(s), i = n, need;

	while (i > 0 && n - i < 4 && ((unsigned char)s[i - 1] & 0xc0) == 0x80)
		i--;
	if (i == 0 || (unsigned char)s[i - 1] < 0xc0)
		return; /* ends in ASCII, or continuation bytes without a lead */
	i--;
	need = (unsigned char)s[i] >= 0xf0 ? 4 : (unsigned char)s[i] >= 0xe0 ? 3 : 2;
	if (n - i < need)
		s[i] = '\0';
}

int
str_in(const char *v, const char *const *set)
{
	for (; v && *set; set++)
		if (!strcmp(v, *set))
			return 1;
	return 0;
}

/* One entry "addr[/bits]" as family, 16 address bytes and a prefix length. */
static int
parse_net(const char *s, size_t len, int *family, unsigned char *a, int *bits)
{
	char buf[64], *slash;
	long b;

	if (len == 0 || len >= sizeof(buf))
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if ((slash = strchr(buf, '/')))
		*slash++ = '\0';
	*family = strchr(buf, ':') ? AF_INET6 : AF_INET;
	if (inet_pton(*family, buf, a) != 1)
		return -1;
	*bits = *family == AF_INET ? 32 : 128;
	if (slash) {
		if (parse_long(slash, 0, *bits, &b) < 0)
			return -1;
		*bits = (int)b;
	}
	return 0;
}

/* Calls fn on each entry of list; stops at the first non-zero answer, which it returns. */
static int
each_entry(const char *list, int (*fn)(const char *s, size_t len, void *arg), void *arg)
{
	int rc;

	for (const char *p = list; *p;) {
		size_t len;

		p += strspn(p, ", \t");
		len = strcspn(p, ", \t");
		if (len && (rc = fn(p, len, arg)) != 0)
			return rc;
		p += len;
	}
	return 0;
}

struct check_arg {
	char *msg;
	size_t n;
};

static int
check_one(const char *s, size_t len, void *arg)
{
	struct check_arg *c = arg;
	unsigned char a[16];
	int family, bits;

	if (parse_net(s, len, &family, a, &bits) == 0)
		return 0;
	snprintf(c->msg, c->n, "'%.*s' is not an address or network", (int)len, s);
	return -1;
}

int
addr_list_check(const char *list, char *msg, size_t n)
{
	struct check_arg c = {msg, n};

	return each_entry(list, check_one, &c);
}

struct match_arg {
	int family;
	unsigned char a[16];
};

static int
match_one(const char *s, size_t len, void *arg)
{
	struct match_arg *m = arg;
	unsigned char net[16];
	int family, bits;

	if (parse_net(s, len, &family, net, &bits) < 0 || family != m->family)
		return 0;
	for (int i = 0; bits > 0; i++, bits -= 8) {
		unsigned char mask = bits >= 8 ? 0xff : (unsigned char)(0xff << (8 - bits));

		if ((m->a[i] & mask) != (net[i] & mask))
			return 0;
	}
	return 1;
}

int
addr_in_list(const char *addr, const char *list)
{
	struct match_arg m;

	m.family = strchr(addr, ':') ? AF_INET6 : AF_INET;
	if (!list || inet_pton(m.family, addr, m.a) != 1)
		return 0;
	return each_entry(list, match_one, &m);
}

int64_t
now_ms_int(void)
{
	return (int64_t)now_ms();
}

void *
shared_alloc(size_t size, const char *what)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (p != MAP_FAILED)
		return p;
	log_err("cannot map %s: %s", what, strerror(errno));
	return NULL;
}
