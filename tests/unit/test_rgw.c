/*
 * test_rgw.c - rgw.c without a radosgw: the canonical query (sorted, RFC 3986 encoded,
 * "name=" for a flag), the one error mapping (RGW codes, statuses, transport), the
 * service map's daemons and the endpoints their frontends serve, and the transport
 * against servers forked here: what a signed request carries, a refused endpoint
 * skipped for the next, a server that never answers cut off by the timeout.
 */
#include "backends/rgw.h"
#include "core/config.h"
#include "core/json.h"
#include "core/util.h"
#include "t.h"

#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static struct config cfg;

static void
test_encode_and_query(void)
{
	struct rgw_query q = {0};
	char *e;

	CHECK_STR(e = rgw_encode("acme$ops a/b~-_.", 0), "acme%24ops%20a%2Fb~-_.");
	free(e);
	CHECK_STR(e = rgw_encode("a/b c", 1), "a/b%20c");
	free(e);
	CHECK_STR(e = rgw_encode("\xc3\xa9", 0), "%C3%A9");
	free(e);
	rgw_q(&q, "uid", "b");
	rgw_q(&q, "format", "json");
	rgw_q(&q, "key", "");
	rgw_q(&q, "access-key", "x");
	rgw_qf(&q, "max-buckets", "%d", 7);
	CHECK(q.n == 5);
	CHECK_STR(q.kv[0].key, "access-key");
	CHECK_STR(q.kv[1].key, "format");
	CHECK_STR(q.kv[2].key, "key");
	CHECK_STR(q.kv[2].val, "");
	CHECK_STR(q.kv[3].key, "max-buckets");
	CHECK_STR(q.kv[3].val, "7");
	CHECK_STR(q.kv[4].key, "uid");
	rgw_query_free(&q);
	CHECK(q.n == 0 && q.kv == NULL);
}

static struct rgw_err
err_of(int rc, long status, const char *code, int as_user)
{
	struct rgw_call c = {.rc = rc, .status = status, .access_key = as_user ? "AK" : NULL};

	snprintf(c.code, sizeof(c.code), "%s", code);
	return rgw_error_of(&c);
}

static void
test_error_mapping(void)
{
	struct rgw_err e;

	e = err_of(0, 404, "NoSuchUser", 0);
	CHECK(e.status == 404 && t_streq(e.code, "user_not_found"));
	e = err_of(0, 409, "BucketNotEmpty", 0);
	CHECK(e.status == 409 && t_streq(e.code, "bucket_not_empty"));
	e = err_of(0, 409, "UserAlreadyExists", 0);
	CHECK(e.status == 409 && t_streq(e.code, "user_exists") && t_streq(e.field, "uid"));
	e = err_of(0, 409, "EmailExists", 0);
	CHECK(e.status == 409 && t_streq(e.field, "email") && e.plain);
	e = err_of(0, 400, "InvalidBucketName", 1);
	CHECK(e.status == 422 && t_streq(e.code, "invalid_value"));
	/* Our admin keys refused, or the owner's: the gateway is misconfigured, 503. */
	e = err_of(0, 403, "SignatureDoesNotMatch", 0);
	CHECK(e.status == 503 && t_streq(e.code, "rgw_auth"));
	e = err_of(0, 403, "AccessDenied", 0);
	CHECK(e.status == 503 && t_streq(e.code, "rgw_auth"));
	e = err_of(0, 403, "InvalidAccessKeyId", 1);
	CHECK(e.status == 503 && t_streq(e.code, "rgw_auth"));
	/* An owner denied something by a policy is the user's business: 403. */
	e = err_of(0, 403, "AccessDenied", 1);
	CHECK(e.status == 403 && t_streq(e.code, "rgw_denied"));
	e = err_of(0, 500, "", 0);
	CHECK(e.status == 503 && t_streq(e.code, "rgw_error"));
	e = err_of(0, 400, "SomethingNew", 0);
	CHECK(e.status == 422 && t_streq(e.code, "invalid_value"));
	e = err_of(-ETIMEDOUT, 0, "", 0);
	CHECK(e.status == 503 && t_streq(e.code, "rgw_unreachable"));
	e = err_of(-ENOTCONN, 0, "", 0);
	CHECK(e.status == 503 && t_streq(e.code, "rgw_unreachable"));
	e = err_of(-ENXIO, 0, "", 0);
	CHECK(e.status == 503 && t_streq(e.code, "rgw_not_configured"));
}

/* The endpoint of a service map daemon with this frontend config and address. */
static void
check_daemon(const char *fe, const char *addr, const char *want)
{
	char *text =
		xasprintf("{\"4153\":{\"gid\":4153,\"addr\":\"%s\",\"start_stamp\":\"t\","
			  "\"metadata\":{\"id\":\"x\",\"hostname\":\"gw1\",\"zone_name\":\"z\","
			  "\"zonegroup_name\":\"zg\",\"ceph_version_short\":\"16.2.15\","
			  "\"frontend_config#0\":\"%s\"}}}",
			  addr, fe);
	cJSON *map = cJSON_Parse(text), *j = rgw_daemon_json(map->child);

	CHECK_STR(json_str(j, "endpoint"), want);
	if (!t_streq(json_str(j, "endpoint"), want))
		fprintf(stderr, "  %s -> %s\n", fe, json_str(j, "endpoint"));
	CHECK_STR(json_str(j, "id"), "x");
	CHECK_STR(json_str(j, "zonegroup"), "zg");
	CHECK(jnum(j, "gid") == 4153);
	cJSON_Delete(j);
	cJSON_Delete(map);
	free(text);
}

static void
test_daemons(void)
{
	check_daemon("beast endpoint=127.0.0.1:18480", "127.0.0.1:0/1", "http://127.0.0.1:18480");
	check_daemon("beast port=7480", "10.0.0.5:0/99", "http://10.0.0.5:7480");
	check_daemon("beast ssl_endpoint=gw1.example:443 ssl_certificate=/c.pem", "10.0.0.5:0/9",
		     "https://gw1.example:443");
	check_daemon("beast ssl_port=8443 port=7480", "10.0.0.5:0/9", "https://10.0.0.5:8443");
	check_daemon("beast endpoint=0.0.0.0:8080", "10.0.0.7:0/3", "http://10.0.0.7:8080");
	check_daemon("beast endpoint=[::]:8080", "10.0.0.7:0/3", "http://10.0.0.7:8080");
	check_daemon("civetweb port=7480", "10.0.0.8:0/3", "http://10.0.0.8:7480");
	check_daemon("", "10.0.0.8:0/3", "");
}

/* A listening socket on 127.0.0.1 (its port in *port). */
static int
listener(int *port)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t n = sizeof(a);
	int s = socket(AF_INET, SOCK_STREAM, 0);

	bind(s, (struct sockaddr *)&a, sizeof(a));
	listen(s, 8);
	getsockname(s, (struct sockaddr *)&a, &n);
	*port = ntohs(a.sin_port);
	return s;
}

/*
 * Forks a server that answers one request with answer (NULL: never answers) and
 * writes the request it read to the pipe *req.
 */
static pid_t
serve_once(int s, const char *answer, int *req)
{
	int fds[2];
	pid_t pid;

	if (pipe(fds) < 0)
		abort();
	if ((pid = fork()) == 0) {
		char buf[8192];
		int c = accept(s, NULL, NULL);
		ssize_t n = read(c, buf, sizeof(buf));
		if (n > 0 && write(fds[1], buf, (size_t)n) < 0)
			_exit(1);
		close(fds[1]);
		if (!answer)
			pause();
		else if (write(c, answer, strlen(answer)) < 0)
			_exit(1);
		close(c);
		_exit(0);
	}
	close(fds[1]);
	*req = fds[0];
	return pid;
}

static void
test_transport(void)
{
	struct cluster_conf cc = {
		.name = "t", .rgw_access_key = "AKEXAMPLE", .rgw_secret_key = "SECRETEXAMPLE"};
	struct ceph c = {.index = 0, .conf = &cc};
	struct rgw_call call = {.method = "GET", .path = "/admin/user"};
	int closed_port, open_port, s, req;
	char request[8192] = "", eps[128];
	pid_t pid;
	ssize_t n;
	double t0;

	/* A port nobody listens on, then the real one: the first is refused, the second answers. */
	close(listener(&closed_port));
	s = listener(&open_port);
	snprintf(eps, sizeof(eps), "http://127.0.0.1:%d, http://127.0.0.1:%d/", closed_port,
		 open_port);
	cc.rgw_endpoints = eps;
	pid = serve_once(s,
			 "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
			 "19\r\nConnection: close\r\n\r\n{\"user_id\":\"a b\"}  ",
			 &req);
	rgw_q(&call.query, "uid", "a b$c");
	rgw_q(&call.query, "format", "json");
	rgw_q(&call.query, "key", "");
	CHECK(rgw_call(&c, &call) == 0);
	CHECK(call.status == 200);
	CHECK_STR(json_str(call.json, "user_id"), "a b");
	n = read(req, request, sizeof(request) - 1);
	CHECK(n > 0);
	CHECK(strstr(request, "GET /admin/user?format=json&key=&uid=a%20b%24c HTTP/1.1\r\n") !=
	      NULL);
	CHECK(strstr(request, "Authorization: AWS4-HMAC-SHA256 Credential=AKEXAMPLE/") != NULL);
	CHECK(strstr(request, "/us-east-1/s3/aws4_request") != NULL);
	CHECK(strstr(request, "x-amz-content-sha256: UNSIGNED-PAYLOAD") != NULL);
	CHECK(strstr(request, "SECRETEXAMPLE") == NULL);
	/* Every header listed as signed is sent (an empty "Expect:" was signed, not sent). */
	CHECK(strstr(request, "SignedHeaders=host;x-amz-content-sha256;x-amz-date,") != NULL);
	close(req);
	waitpid(pid, NULL, 0);
	rgw_call_release(&call);

	/* RGW's error body: its Code is kept, the call fails with -EPROTO. */
	pid = serve_once(s,
			 "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-"
			 "Length: 21\r\nConnection: close\r\n\r\n{\"Code\":\"NoSuchUser\"}",
			 &req);
	call = (struct rgw_call){.method = "GET", .path = "/admin/user"};
	CHECK(rgw_call(&c, &call) == -EPROTO);
	CHECK(call.status == 404);
	CHECK_STR(call.code, "NoSuchUser");
	CHECK_STR(rgw_error_of(&call).code, "user_not_found");
	close(req);
	waitpid(pid, NULL, 0);
	rgw_call_release(&call);

	/* S3 answers in XML: its Code and Message are read the same. */
	pid = serve_once(s,
			 "HTTP/1.1 409 Conflict\r\nContent-Type: application/xml\r\nContent-"
			 "Length: 74\r\nConnection: close\r\n\r\n<Error><Code>BucketNotEmpty</Code>"
			 "<Message>has objects</Message></Error>  ",
			 &req);
	call = (struct rgw_call){.method = "DELETE", .path = "/b", .access_key = "AK"};
	CHECK(rgw_call(&c, &call) == -EPROTO);
	CHECK(call.status == 409);
	CHECK_STR(call.code, "BucketNotEmpty");
	CHECK_STR(call.message, "has objects");
	CHECK_STR(rgw_error_of(&call).code, "bucket_not_empty");
	close(req);
	waitpid(pid, NULL, 0);
	rgw_call_release(&call);

	/* A gateway that takes the request and never answers: cut off by timeout_s. */
	cfg.rgw_timeout_s = 1;
	pid = serve_once(s, NULL, &req);
	call = (struct rgw_call){.method = "GET", .path = "/admin/user"};
	t0 = now_ms();
	CHECK(rgw_call(&c, &call) == -ETIMEDOUT);
	CHECK(now_ms() - t0 < 2500);
	CHECK_STR(rgw_error_of(&call).code, "rgw_unreachable");
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	close(req);
	rgw_call_release(&call);
	close(s);

	/* Nobody listens anywhere: -ENOTCONN at once. */
	snprintf(eps, sizeof(eps), "http://127.0.0.1:%d", closed_port);
	call = (struct rgw_call){.method = "GET", .path = "/admin/user"};
	t0 = now_ms();
	CHECK(rgw_call(&c, &call) == -ENOTCONN);
	CHECK(now_ms() - t0 < 2500);
	rgw_call_release(&call);

	/* No admin keys: not configured, nothing sent. */
	cc.rgw_secret_key = NULL;
	call = (struct rgw_call){.method = "GET", .path = "/admin/user"};
	CHECK(rgw_call(&c, &call) == -ENXIO);
	CHECK_STR(rgw_error_of(&call).code, "rgw_not_configured");
	rgw_call_release(&call);
}

int
main(void)
{
	cfg.rgw_timeout_s = 5;
	cfg.rgw_region = "us-east-1";
	cfg.rgw_verify_tls = 1;
	oa_config = &cfg;
	signal(SIGPIPE, SIG_IGN);
	test_encode_and_query();
	test_error_mapping();
	test_daemons();
	test_transport();
	return t_done();
}
