/*
 * test_fcgi_out.c - server/fcgi_out.c: what it writes is FastCGI STDOUT records of the
 * request's id, none empty and none over 65,535 bytes, whose contents are the head and
 * the body in order; at every size around a record's end and past a writev's batch.
 */
#include "t.h"
#include "server/fcgi_out.h"

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

/* Reads what fcgi_out(head, body) writes, as a child, and checks the records. */
static int
records_carry(size_t head_len, size_t body_len)
{
	char *head = malloc(head_len + 1), *body = malloc(body_len + 1), *got;
	size_t want = head_len + body_len, have = 0, cap = want + 1;
	unsigned char h[8];
	int sv[2], ok = 1, status;
	pid_t pid;

	for (size_t i = 0; i < head_len; i++)
		head[i] = (char)('a' + i % 26);
	for (size_t i = 0; i < body_len; i++)
		body[i] = (char)(i * 7 + i / 251);
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
		return 0;
	if ((pid = fork()) == 0) {
		FCGX_Request rq;
		memset(&rq, 0, sizeof(rq));
		rq.ipcFd = sv[0];
		rq.requestId = 0x1234;
		close(sv[1]);
		_exit(fcgi_out(&rq, head, head_len, body, body_len) == 0 ? 0 : 1);
	}
	close(sv[0]);
	got = malloc(cap);
	for (;;) {
		size_t n = 0, len;
		ssize_t r;
		while (n < 8 && (r = read(sv[1], h + n, 8 - n)) > 0)
			n += (size_t)r;
		if (n == 0)
			break;
		len = (size_t)h[4] << 8 | h[5];
		ok &= n == 8 && h[0] == 1 && h[1] == 6 && h[2] == 0x12 && h[3] == 0x34 && len > 0 &&
		      h[6] == 0 && have + len <= want;
		if (!ok)
			break;
		for (n = 0; n < len && (r = read(sv[1], got + have + n, len - n)) > 0;)
			n += (size_t)r;
		ok &= n == len;
		have += n;
	}
	close(sv[1]);
	ok &= waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;
	ok &= have == want && !memcmp(got, head, head_len) &&
	      !memcmp(got + head_len, body, body_len);
	free(head);
	free(body);
	free(got);
	return ok;
}

int
main(void)
{
	CHECK(records_carry(0, 0));
	CHECK(records_carry(120, 0));
	CHECK(records_carry(0, 27000));
	CHECK(records_carry(120, 27000));
	CHECK(records_carry(120, 65535 - 120));
	CHECK(records_carry(120, 65535 - 119));
	CHECK(records_carry(65535, 1));
	CHECK(records_carry(300, 3 * 65535 + 17));
	CHECK(records_carry(300, 70 * 65535 + 5)); /* more records than one writev takes */
	return t_done();
}
