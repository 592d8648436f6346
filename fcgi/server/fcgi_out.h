/* fcgi_out.h - an answer written as FastCGI records in one system call. */
#ifndef OA_FCGI_OUT_H
#define OA_FCGI_OUT_H

#include <fcgiapp.h>
#include <stddef.h>

/*
 * Writes head then body (either may be empty) as the STDOUT of request rq, which must
 * have written nothing through its out stream yet; FCGX_Finish_r then ends the stream
 * and the request as usual. 0, or -1 if the connection failed (nginx gone).
 */
int fcgi_out(FCGX_Request *rq, const char *head, size_t head_len, const char *body,
	     size_t body_len);

#endif
