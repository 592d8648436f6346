/* util.h - allocation that aborts on failure, string buffers, randomness, times. */
#ifndef OA_UTIL_H
#define OA_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* malloc/calloc/realloc/strdup that abort the process on failure. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Formats into a new heap string. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A growable NUL-terminated byte buffer. */
struct buf {
	char *data;
	size_t len, cap;
};
void buf_init(struct buf *b);
void buf_add(struct buf *b, const void *p, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
void buf_free(struct buf *b);

/* Fills p with n cryptographically random bytes (getrandom); aborts if the kernel cannot. */
void random_bytes(void *p, size_t n);
/* Writes 2n lowercase hex digits and a NUL for n bytes of p into out. */
void hex_encode(const void *p, size_t n, char *out);
/* A new random token of nbytes random bytes, hex-encoded, with an optional prefix. */
char *random_token(const char *prefix, size_t nbytes);

/* Monotonic milliseconds, for durations. */
double now_ms(void);
/* now_ms as an integer, for timestamps kept in shared memory. */
int64_t now_ms_int(void);
/*
 * A zeroed area of size bytes shared with every process this one forks afterwards
 * (the master maps it before forking workers); NULL with errno set. what names it in
 * the log line of a failure.
 */
void *shared_alloc(size_t size, const char *what);
/* Formats t as RFC 3339 UTC ("2026-11-25T09:00:00Z") into out (at least 21 bytes). */
void rfc3339(time_t t, char *out, size_t n);
/* Parses an RFC 3339 time (Z or +hh:mm offsets); 0 on success, -EINVAL otherwise. */
int parse_rfc3339(const char *s, time_t *t);

/* True if s[0..n) is well-formed UTF-8 (no overlongs, no surrogates). */
int utf8_valid(const char *s, size_t n);
/*
 * Cuts an incomplete UTF-8 sequence off the end of s: what snprintf leaves when it
 * truncates in the middle of a character. s is otherwise assumed to be UTF-8.
 */
void utf8_cut(char *s);

/* True if v equals one of the strings of the NULL-terminated set. */
int str_in(const char *v, const char *const *set);

/* Parses a decimal long in [min,max]; 0 on success, -EINVAL otherwise. */
int parse_long(const char *s, long min, long max, long *out);

/*
 * Lists of addresses and networks, "10.0.0.1, 192.168.0.0/16, ::1, fd00::/8" (comma or
 * space separated). addr_list_check: 0, or -1 with the entry that is not one in msg.
 * addr_in_list: whether the IPv4 or IPv6 address addr is in list.
 */
int addr_list_check(const char *list, char *msg, size_t n);
int addr_in_list(const char *addr, const char *list);

#endif
