/*
 * fuzz.h - what the libFuzzer targets of tests/fuzz/ share: the entry point's
 * prototype, a NUL-terminated copy of the input, and FUZZ_ASSERT, the one way a target
 * reports a broken property (a message, then abort(), which libFuzzer keeps as a
 * finding like any crash). Every target runs without a backend: no network, no Ceph,
 * no PostgreSQL.
 */
#ifndef OA_FUZZ_H
#define OA_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* data[0..size) as a new C string (cut at a NUL byte, as a C caller would see it). */
static inline char *
fuzz_str(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

#define FUZZ_ASSERT(cond, ...)                                                                     \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "property broken: %s: ", #cond);                           \
			fprintf(stderr, __VA_ARGS__);                                              \
			fputc('\n', stderr);                                                       \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

#endif
