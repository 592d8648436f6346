/*
 * test_salt.c - salt.c against the salt-api stand-in (tests/salt/standin.py, started
 * here on a free port): every client of a lowstate (local, local_async, runner,
 * runner_async, wheel) and the answers' shapes, jobs followed through /jobs/<jid>, the
 * token kept and reused, and every error path: a session that expires mid-job (log in
 * again once), a fresh session refused, a login refused, 500/503/504, a dropped
 * connection, a timeout, salt-api unreachable, not configured, and salt-api restarted
 * under a running job (its job cache survives; the session does not).
 */
#include "t.h"
#include "backends/salt.h"
#include "core/config.h"
#include "core/json.h"
#include "core/util.h"

#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SECRET "0c8f4e52-5d1b-4a8e-9f3a-2b6d7c1e0a94"

static struct config cfg;
static char dir[] = "/tmp/oa-test-salt-XXXXXX", url[64], err[512];
static int port;
static pid_t standin;

static int
free_port(void)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t n = sizeof(a);
	int s = socket(AF_INET, SOCK_STREAM, 0), p;

	bind(s, (struct sockaddr *)&a, sizeof(a));
	getsockname(s, (struct sockaddr *)&a, &n);
	p = ntohs(a.sin_port);
	close(s);
	return p;
}

/* Starts the stand-in on port with its job cache in dir; waits until it answers. */
static void
standin_start(void)
{
	char sport[16], *log = xasprintf("%s/standin.log", dir);
	char *script = xasprintf("%s/tests/salt/standin.py", OA_SRCDIR);

	snprintf(sport, sizeof(sport), "%d", port);
	if ((standin = fork()) == 0) {
		if (!freopen(log, "a", stderr))
			_exit(127);
		execlp("python3", "python3", script, "--port", sport, "--state-dir", dir,
		       "--sharedsecret", SECRET, "--delay", "0.05,0.2", (char *)NULL);
		_exit(127);
	}
	free(log);
	free(script);
	for (int i = 0; i < 100 && salt_ping(err, sizeof(err)) != 0; i++)
		usleep(100 * 1000);
}

static void
standin_stop(void)
{
	kill(standin, SIGTERM);
	waitpid(standin, NULL, 0);
}

static double
now_s(void)
{
	return now_ms() / 1000.0;
}

/* POST /_standin/faults (no session needed, but salt_call is the client at hand). */
static void
faults(const char *json)
{
	cJSON *body = cJSON_Parse(json), *out = NULL;

	CHECK(salt_call("POST", "/_standin/faults", body, &out, err, sizeof(err)) == 0);
	cJSON_Delete(body);
	cJSON_Delete(out);
}

static void
reset(void)
{
	cJSON *body = cJSON_CreateObject(), *out = NULL;

	CHECK(salt_call("POST", "/_standin/reset", body, &out, err, sizeof(err)) == 0);
	cJSON_Delete(body);
	cJSON_Delete(out);
}

/* How many logins the stand-in has seen. */
static int
logins(void)
{
	cJSON *out = NULL;
	int n;

	CHECK(salt_call("GET", "/_standin/sessions", NULL, &out, err, sizeof(err)) == 0);
	n = (int)cJSON_GetNumberValue(cJSON_GetObjectItem(out, "logins"));
	cJSON_Delete(out);
	return n;
}

/* One chunk through salt_lowstate; its answer (new) or NULL. */
static cJSON *
one(const char *chunk_json)
{
	cJSON *low = cJSON_Parse(chunk_json), *ret = NULL, *first;
	int rc;

	if (!cJSON_IsArray(low)) {
		cJSON *list = cJSON_CreateArray();
		cJSON_AddItemToArray(list, low);
		low = list;
	}
	rc = salt_lowstate(low, &ret, err, sizeof(err));
	cJSON_Delete(low);
	if (rc != 0)
		return NULL;
	first = cJSON_DetachItemFromArray(ret, 0);
	cJSON_Delete(ret);
	return first;
}

/* GET /jobs/<jid> until n minions returned (or 10 s); Result (new) or NULL. */
static cJSON *
follow(const char *jid, int n)
{
	char path[64];
	double end = now_s() + 10;

	snprintf(path, sizeof(path), "/jobs/%s", jid);
	for (;;) {
		cJSON *out = NULL, *res;
		if (salt_call("GET", path, NULL, &out, err, sizeof(err)) != 0)
			return NULL;
		res = cJSON_DetachItemFromObject(
			cJSON_GetArrayItem(cJSON_GetObjectItem(out, "info"), 0), "Result");
		cJSON_Delete(out);
		if (cJSON_GetArraySize(res) >= n || now_s() > end)
			return res;
		cJSON_Delete(res);
		usleep(50 * 1000);
	}
}

static void
test_unconfigured_and_unreachable(void)
{
	cJSON *out = (cJSON *)1;
	double t0;

	CHECK(salt_call("GET", "/keys", NULL, &out, err, sizeof(err)) == -ENOTCONN && !out);
	CHECK(strstr(err, "no [salt] url") != NULL);
	cfg.salt_url = url;
	t0 = now_s();
	CHECK(salt_call("GET", "/keys", NULL, &out, err, sizeof(err)) == -ENOTCONN);
	CHECK(strstr(err, url) != NULL);
	CHECK(salt_ping(err, sizeof(err)) == -ENOTCONN);
	CHECK(now_s() - t0 < 3);
}

static void
test_every_client(void)
{
	cJSON *a, *res;
	char jid[32];

	a = one("{\"client\":\"local\",\"tgt\":\"igw1\",\"fun\":\"test.ping\"}");
	CHECK(a && cJSON_IsTrue(cJSON_GetObjectItem(a, "igw1")));
	cJSON_Delete(a);

	a = one("{\"client\":\"local_async\",\"tgt\":\"igw*\",\"fun\":\"test.echo\",\"arg\":["
		"\"hi\"]}");
	CHECK(a && cJSON_GetArraySize(cJSON_GetObjectItem(a, "minions")) == 2);
	snprintf(jid, sizeof(jid), "%s", json_str(a, "jid") ?: "");
	CHECK(strlen(jid) == 20);
	cJSON_Delete(a);
	res = follow(jid, 2);
	CHECK(res && t_streq(json_str(cJSON_GetObjectItem(res, "igw2"), "return"), "hi"));
	cJSON_Delete(res);
	a = one("{\"client\":\"local_async\",\"tgt\":\"nobody*\",\"fun\":\"test.ping\"}");
	CHECK(cJSON_IsObject(a) && cJSON_GetArraySize(a) == 0); /* {} when no minion matched */
	cJSON_Delete(a);

	a = one("{\"client\":\"runner\",\"fun\":\"manage.status\",\"kwarg\":{\"tgt\":\"igw*\"}}");
	CHECK(a && cJSON_GetArraySize(cJSON_GetObjectItem(a, "up")) == 2 &&
	      cJSON_GetArraySize(cJSON_GetObjectItem(a, "down")) == 0);
	cJSON_Delete(a);

	a = one("{\"client\":\"runner_async\",\"fun\":\"cache.grains\",\"kwarg\":{\"tgt\":\"mon1\"}"
		"}");
	snprintf(jid, sizeof(jid), "%s", json_str(a, "jid") ?: "");
	CHECK(strlen(jid) == 20 && !strncmp(json_str(a, "tag") ?: "", "salt/run/", 9));
	cJSON_Delete(a);
	res = follow(jid, 1); /* a runner's job returns from the master */
	CHECK(res &&
	      t_streq(json_str(json_at(cJSON_GetObjectItem(res, "salt_master"), "return.mon1"),
			       "host"),
		      "mon1"));
	cJSON_Delete(res);

	a = one("{\"client\":\"wheel\",\"fun\":\"key.list_all\"}");
	const cJSON *keys = salt_wheel_return(a, err, sizeof(err));
	CHECK(keys && cJSON_GetArraySize(cJSON_GetObjectItem(keys, "minions")) == 4 &&
	      cJSON_GetArraySize(cJSON_GetObjectItem(keys, "minions_pre")) == 1);
	cJSON_Delete(a);
	a = one("{\"client\":\"wheel\",\"fun\":\"key.finger\"}"); /* no match: the wheel fails */
	CHECK(a && !salt_wheel_return(a, err, sizeof(err)) && strstr(err, "key.finger"));
	CHECK(!salt_wheel_return(NULL, err, sizeof(err)));
	cJSON_Delete(a);

	/* Several clients in one POST: one return each, in order. */
	a = cJSON_Parse(
		"[{\"client\":\"wheel\",\"fun\":\"key.finger\",\"match\":\"igw1\"},"
		"{\"client\":\"runner\",\"fun\":\"manage.up\"},"
		"{\"client\":\"local\",\"tgt\":\"mon1\",\"fun\":\"test.echo\",\"arg\":[\"x\"]}]");
	res = NULL;
	CHECK(salt_lowstate(a, &res, err, sizeof(err)) == 0 && cJSON_GetArraySize(res) == 3);
	CHECK(t_streq(json_str(cJSON_GetArrayItem(res, 2), "mon1"), "x"));
	cJSON_Delete(a);
	cJSON_Delete(res);

	/* GET /keys (a dict under return) and GET /minions (a list of one dict). */
	CHECK(salt_call("GET", "/keys", NULL, &a, err, sizeof(err)) == 0 &&
	      cJSON_IsObject(cJSON_GetObjectItem(a, "return")));
	cJSON_Delete(a);
	CHECK(salt_call("GET", "/minions/igw2", NULL, &a, err, sizeof(err)) == 0 &&
	      json_str(json_at(cJSON_GetArrayItem(cJSON_GetObjectItem(a, "return"), 0), "igw2"),
		       "fqdn"));
	cJSON_Delete(a);
}

static void
test_sessions(void)
{
	cJSON *a, *res;
	int before = logins();
	char jid[32];

	for (int i = 0; i < 5; i++)
		cJSON_Delete(one("{\"client\":\"local\",\"tgt\":\"igw1\",\"fun\":\"test.ping\"}"));
	CHECK(logins() == before); /* the token is kept */

	/* The session expires while a job runs: the next poll logs in again, once. */
	faults("{\"delay\":[0.8,0.8]}");
	a = one("{\"client\":\"local_async\",\"tgt\":\"igw1\",\"fun\":\"test.ping\"}");
	snprintf(jid, sizeof(jid), "%s", json_str(a, "jid") ?: "");
	cJSON_Delete(a);
	faults("{\"expire_sessions\":true}");
	res = follow(jid, 1);
	CHECK(res && cJSON_IsTrue(json_at(cJSON_GetObjectItem(res, "igw1"), "return")));
	cJSON_Delete(res);
	CHECK(logins() == before + 1);

	/* A session that salt-api lets expire by itself (token_expire). */
	faults("{\"token_expire\":1,\"expire_sessions\":true}");
	cJSON_Delete(one("{\"client\":\"local\",\"tgt\":\"igw1\",\"fun\":\"test.ping\"}"));
	usleep(1200 * 1000);
	a = one("{\"client\":\"local\",\"tgt\":\"igw1\",\"fun\":\"test.ping\"}");
	CHECK(a != NULL);
	cJSON_Delete(a);
	CHECK(logins() == before + 3);

	/* A fresh session refused at once: no endless loop, -EACCES. */
	faults("{\"token_expire\":0,\"expire_sessions\":true}");
	CHECK(salt_call("GET", "/keys", NULL, &a, err, sizeof(err)) == -EACCES);
	CHECK(strstr(err, "fresh session") != NULL);
	reset();

	/* The credentials no longer work. */
	faults("{\"expire_sessions\":true}");
	cfg.salt_password = "not-the-secret";
	CHECK(salt_call("GET", "/keys", NULL, &a, err, sizeof(err)) == -EACCES);
	CHECK(strstr(err, "refused the login of 'admin'") != NULL);
	cfg.salt_password = SECRET;
	CHECK(salt_call("GET", "/keys", NULL, &a, err, sizeof(err)) == 0);
	cJSON_Delete(a);
}

static void
test_errors(void)
{
	static const char *statuses[] = {"500", "503", "504"};
	cJSON *a = NULL;
	char f[128];
	double t0;

	for (size_t i = 0; i < ARRAY_LEN(statuses); i++) {
		snprintf(f, sizeof(f),
			 "{\"error\":{\"status\":%s,\"count\":1,\"paths\":[\"/keys\"]}}",
			 statuses[i]);
		faults(f);
		CHECK(salt_call("GET", "/keys", NULL, &a, err, sizeof(err)) == -EIO && !a);
		CHECK(strstr(err, statuses[i]) != NULL);
		CHECK(salt_call("GET", "/keys", NULL, &a, err, sizeof(err)) == 0); /* once only */
		cJSON_Delete(a);
	}
	/* The login itself answered 503 (master down behind salt-api). */
	faults("{\"expire_sessions\":true,\"error\":{\"status\":503,\"count\":1,\"paths\":[\"/"
	       "login\"]}}");
	CHECK(salt_call("GET", "/keys", NULL, &a, err, sizeof(err)) == -EIO);
	/* Not the expected JSON: an HTML 404. */
	CHECK(salt_call("GET", "/nowhere", NULL, &a, err, sizeof(err)) == -EPROTO && !a);
	/* Connections dropped without an answer (curl retries a reused one once itself). */
	faults("{\"error\":{\"status\":0,\"count\":null}}");
	CHECK(salt_call("GET", "/keys", NULL, &a, err, sizeof(err)) == -ENOTCONN && !a);
	cJSON_Delete(a);
	reset();
	/* Too slow: the total timeout ends the call. */
	cfg.salt_timeout_s = 1;
	faults("{\"slow\":{\"seconds\":3,\"count\":1,\"paths\":[\"/keys\"]}}");
	t0 = now_s();
	CHECK(salt_call("GET", "/keys", NULL, &a, err, sizeof(err)) == -ETIMEDOUT);
	CHECK(now_s() - t0 < 2.5);
	cfg.salt_timeout_s = 5;
	reset();
}

/* salt-api stops and starts again under a running job: the job goes on. */
static void
test_restart_under_a_job(void)
{
	cJSON *a, *res;
	char jid[32];

	faults("{\"delay\":[1.5,1.5]}");
	a = one("{\"client\":\"local_async\",\"tgt\":\"igw*\",\"fun\":\"test.ping\"}");
	snprintf(jid, sizeof(jid), "%s", json_str(a, "jid") ?: "");
	cJSON_Delete(a);
	standin_stop();
	CHECK(salt_call("GET", "/keys", NULL, &a, err, sizeof(err)) == -ENOTCONN);
	CHECK(salt_ping(err, sizeof(err)) == -ENOTCONN);
	standin_start();
	res = follow(jid, 2); /* the old session is gone: logged in again */
	CHECK(res && cJSON_GetArraySize(res) == 2);
	cJSON_Delete(res);
}

int
main(void)
{
	char *rm;

	if (!mkdtemp(dir))
		return 1;
	port = free_port();
	snprintf(url, sizeof(url), "http://127.0.0.1:%d", port);
	cfg.salt_eauth = "sharedsecret";
	cfg.salt_username = "admin";
	cfg.salt_password = SECRET;
	cfg.salt_timeout_s = 5;
	oa_config = &cfg;
	test_unconfigured_and_unreachable();
	standin_start();
	CHECK(salt_ping(err, sizeof(err)) == 0);
	test_every_client();
	test_sessions();
	test_errors();
	test_restart_under_a_job();
	standin_stop();
	rm = xasprintf("rm -rf '%s'", dir);
	if (system(rm) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
	free(rm);
	return t_done();
}
