/* resp.h - writing the response: JSON bodies, the one error shape, extra headers. */
#ifndef OA_RESP_H
#define OA_RESP_H

#include "core/req.h"

/*
 * Sets the response to status with body j, printed now (r takes j and frees it once the
 * answer is written; NULL = no body). Returns status.
 */
int resp_json(struct req *r, int status, cJSON *j);
/* Sets the response to status with a copy of an already rendered JSON text. */
int resp_text(struct req *r, int status, const char *json);
/* An empty response (204, 202...). Returns status. */
int resp_empty(struct req *r, int status);
/*
 * The API's error shape {"error":{"code","message","field"?}}; field may be NULL.
 * Returns status.
 */
int resp_error(struct req *r, int status, const char *code, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* A 500: logs the cause with a fresh id and tells the client only that id. Returns 500. */
int resp_internal(struct req *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/*
 * Answers status/code with the plain message and an error id, and logs the detail
 * (fmt) under that id: what a backend's transport said (addresses, ports, library
 * texts) is for the operator's log, not for any caller. Returns status.
 */
int resp_logged(struct req *r, int status, const char *code, const char *plain, const char *fmt,
		...) __attribute__((format(printf, 5, 6)));
/* Adds one response header line ("Name: value", without CRLF). */
void resp_header(struct req *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The reason phrase of an HTTP status. */
const char *http_reason(int status);

#endif
