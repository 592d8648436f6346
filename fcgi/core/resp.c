/*
 * resp.c - a response is built in memory (status, extra headers, JSON body) and
 * written by the worker only after the dispatcher has finished with it, so the
 * audit row can still turn it into a 503. Every error leaves through resp_error, the
 * single place that knows API.md's error shape.
 */
#include "core/resp.h"
#include "core/json_print.h"
#include "core/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
resp_json(struct req *r, int status, cJSON *j)
{
	free(r->out);
	r->out = NULL;
	r->out_len = 0;
	if (j) {
		r->out = json_print(j, &r->out_len);
		if (!r->out)
			abort();
		req_own_json(r, j); /* freed once the answer is written, not before */
	}
	r->status = status;
	return status;
}

int
resp_text(struct req *r, int status, const char *json)
{
	free(r->out);
	r->out = xstrdup(json);
	r->out_len = strlen(json);
	r->status = status;
	return status;
}

int
resp_empty(struct req *r, int status)
{
	return resp_json(r, status, NULL);
}

int
resp_error(struct req *r, int status, const char *code, const char *field, const char *fmt, ...)
{
	cJSON *root = cJSON_CreateObject(), *e = cJSON_AddObjectToObject(root, "error");
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	utf8_cut(msg); /* a long quoted value is cut at a character: the body stays UTF-8 */
	cJSON_AddStringToObject(e, "code", code);
	cJSON_AddStringToObject(e, "message", msg);
	if (field)
		cJSON_AddStringToObject(e, "field", field);
	return resp_json(r, status, root);
}

static int
vresp_logged(struct req *r, int status, const char *code, const char *plain, const char *fmt,
	     va_list ap)
{
	char *id = random_token(NULL, 6), msg[1024];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	log_err("error %s (%s) on %s %s: %s", id, code, r->method, r->path ? r->path : "?", msg);
	resp_error(r, status, code, NULL, "%s (error %s; the server log has the details)", plain,
		   id);
	free(id);
	return status;
}

int
resp_logged(struct req *r, int status, const char *code, const char *plain, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vresp_logged(r, status, code, plain, fmt, ap);
	va_end(ap);
	return rc;
}

int
resp_internal(struct req *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vresp_logged(r, 500, "internal", "internal error", fmt, ap);
	va_end(ap);
	return 500;
}

void
resp_header(struct req *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&r->headers, fmt, ap);
	va_end(ap);
	buf_puts(&r->headers, "\r\n");
}

const char *
http_reason(int status)
{
	switch (status) {
	case 200:
		return "OK";
	case 201:
		return "Created";
	case 202:
		return "Accepted";
	case 204:
		return "No Content";
	case 400:
		return "Bad Request";
	case 401:
		return "Unauthorized";
	case 403:
		return "Forbidden";
	case 404:
		return "Not Found";
	case 405:
		return "Method Not Allowed";
	case 409:
		return "Conflict";
	case 413:
		return "Payload Too Large";
	case 414:
		return "URI Too Long";
	case 415:
		return "Unsupported Media Type";
	case 422:
		return "Unprocessable Entity";
	case 429:
		return "Too Many Requests";
	case 500:
		return "Internal Server Error";
	case 503:
		return "Service Unavailable";
	default:
		return "Unknown";
	}
}
