/*
 * fcgi_out.c - the answer's bytes go to nginx as FastCGI STDOUT records (the FastCGI
 * 1.0 specification, section 3.3: an 8-byte header, up to 65,535 bytes of content,
 * no padding needed) gathered into one writev. libfcgi's out stream buffers 8 KB and
 * writes a record each time it fills: a page of 50 pools (27 KB) took four writes and
 * as many reads by nginx. Only the end of the stream and the END_REQUEST record are
 * left to libfcgi (FCGX_Finish_r writes them from its stream, which holds nothing of
 * ours), so its state stays its own: the request's id and socket are the public
 * fields of FCGX_Request.
 */
#include "server/fcgi_out.h"

#include <errno.h>
#include <stdint.h>
#include <sys/uio.h>

#define RECORD_MAX       65535u
#define FCGI_STDOUT_TYPE 6
#define BATCH            64 /* records per writev: an iovec each for the header and at most two parts */

struct part {
	const char *p;
	size_t n;
};

/* Writes iov[0..n) whole (a signal or a full socket may cut a writev short). */
static int
writev_all(int fd, struct iovec *iov, int n)
{
	while (n > 0) {
		ssize_t w = writev(fd, iov, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		for (; n > 0 && (size_t)w >= iov->iov_len; iov++, n--)
			w -= (ssize_t)iov->iov_len;
		if (n > 0) {
			iov->iov_base = (char *)iov->iov_base + w;
			iov->iov_len -= (size_t)w;
		}
	}
	return 0;
}

static void
header(unsigned char *h, int request_id, size_t len)
{
	h[0] = 1; /* FCGI_VERSION_1 */
	h[1] = FCGI_STDOUT_TYPE;
	h[2] = (unsigned char)((unsigned)request_id >> 8);
	h[3] = (unsigned char)request_id;
	h[4] = (unsigned char)(len >> 8);
	h[5] = (unsigned char)len;
	h[6] = 0; /* padding */
	h[7] = 0;
}

int
fcgi_out(FCGX_Request *rq, const char *head, size_t head_len, const char *body, size_t body_len)
{
	struct part parts[2] = {{head, head_len}, {body, body_len}};
	unsigned char headers[BATCH][8];
	struct iovec iov[BATCH * 3];
	int k = 0;

	while (k < 2) {
		int niov = 0, nrec = 0;
		for (; k < 2 && nrec < BATCH; nrec++) {
			size_t room = RECORD_MAX;
			int first = niov++;
			while (k < 2 && room > 0) {
				size_t n = parts[k].n < room ? parts[k].n : room;
				if (n) {
					iov[niov++] = (struct iovec){(void *)parts[k].p, n};
					parts[k].p += n;
					parts[k].n -= n;
					room -= n;
				}
				if (!parts[k].n)
					k++;
			}
			header(headers[nrec], rq->requestId, RECORD_MAX - room);
			iov[first] = (struct iovec){headers[nrec], 8};
			if (room == RECORD_MAX) { /* nothing left for it: no empty record (that ends
						     the stream) */
				niov--;
				break;
			}
		}
		if (niov && writev_all(rq->ipcFd, iov, niov) < 0)
			return -1;
	}
	return 0;
}
