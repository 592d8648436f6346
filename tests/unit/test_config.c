/* test_config.c - config.c: defaults, values, @secret files, errors naming file:line:key. */
#include "core/config.h"
#include "core/util.h"
#include "t.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char path[] = "/tmp/oa-test-config-XXXXXX";

static struct config *
load(const char *text, char *err, size_t n)
{
	FILE *f = fopen(path, "w");

	fputs(text, f);
	fclose(f);
	return config_load(path, err, n);
}

int
main(void)
{
	char err[512], *t, secret[] = "/tmp/oa-test-secret-XXXXXX";
	struct config *c;
	FILE *f;
	int fd = mkstemp(path);

	close(fd);
	fd = mkstemp(secret);
	f = fdopen(fd, "w");
	fputs("s3cr3t\n", f);
	fclose(f);

	c = load("[server]\nworkers = 3\n# comment\n[database]\nconninfo = dbname=x\n"
		 "password = @SECRET\n[cluster one]\nconf = /etc/ceph/ceph.conf\n",
		 err, sizeof(err));
	CHECK(c == NULL); /* @SECRET does not exist */
	CHECK(strstr(err, ":6:") && strstr(err, "password"));
	char text[512];
	snprintf(text, sizeof(text),
		 "[server]\nworkers = 3\n# comment\n[database]\nconninfo = dbname=x\n"
		 "password = @%s\n[cluster one]\nconf = /etc/ceph/ceph.conf\n",
		 secret);
	c = load(text, err, sizeof(err));
	CHECK(c != NULL);
	if (c) {
		CHECK(c->workers == 3 && c->runners == 2);
		CHECK_STR(c->db_password, "s3cr3t");
		CHECK(c->nclusters == 1 && !strcmp(c->clusters[0].name, "one"));
		config_free(c);
	}
	CHECK(load("[server]\nwrokers = 3\n", err, sizeof(err)) == NULL);
	CHECK(strstr(err, ":2:") && strstr(err, "wrokers"));
	CHECK(load("[server]\nworkers = lots\n", err, sizeof(err)) == NULL);
	CHECK(strstr(err, "workers") && strstr(err, "lots"));
	CHECK(load("[server]\nworkers = 0\n", err, sizeof(err)) == NULL);
	CHECK(load("[nonsense]\n", err, sizeof(err)) == NULL && strstr(err, "nonsense"));
	CHECK(load("[cluster a]\nkeyring = /x\n", err, sizeof(err)) == NULL && strstr(err, "conf"));
	CHECK(load("[auth]\ncookie_secure = maybe\n", err, sizeof(err)) == NULL);
	/*
	 * A line longer than 4094 bytes is refused: it was read in 4095-byte pieces, so the
	 * tail of a long comment set a key ("workers = 7" here).
	 */
	{
		t = malloc(8192);

		strcpy(t, "[server]\n#");
		memset(t + 10, 'a', 4094);
		strcpy(t + 10 + 4094, "workers = 7\n");
		CHECK(load(t, err, sizeof(err)) == NULL &&
		      strstr(err, ":2: line longer than 4094"));
		strcpy(t + 10 + 4093, "\nworkers = 7\n");
		CHECK((c = load(t, err, sizeof(err))) && c->workers == 7);
		config_free(c);
		memset(t + 10, 'a', 4094); /* the last line, 4095 bytes without a newline */
		t[10 + 4094] = '\0';
		CHECK((c = load(t, err, sizeof(err))) && c->workers == 4);
		config_free(c);
		free(t);
	}
	unlink(path);
	/* A plain-HTTP salt-api is refused unless allowed; trusted_proxies are checked. */
	CHECK((c = load("[salt]\nurl = http://salt:8000\n", err, sizeof(err))) == NULL);
	CHECK(strstr(err, "plain HTTP") && strstr(err, "allow_http"));
	CHECK((c = load("[salt]\nurl = http://127.0.0.1:8000\nallow_http = true\n", err,
			sizeof(err))) != NULL);
	config_free(c);
	CHECK((c = load("[salt]\nurl = https://salt:8000\n", err, sizeof(err))) != NULL);
	config_free(c);
	/* The Object Gateway: per cluster, keys as @files, plain HTTP only when allowed. */
	CHECK((c = load("[cluster a]\nconf = /c\nrgw_endpoints = http://rgw:7480\n", err,
			sizeof(err))) == NULL);
	CHECK(strstr(err, "[cluster a] rgw_endpoints") && strstr(err, "allow_http"));
	t = xasprintf("[cluster a]\nconf = /c\nrgw_endpoints = http://rgw:7480, https://rgw2\n"
		      "rgw_access_key = AK\nrgw_secret_key = @%s\n[rgw]\nallow_http = true\n"
		      "timeout_s = 3\n",
		      secret);
	CHECK((c = load(t, err, sizeof(err))) != NULL);
	free(t);
	CHECK(c && t_streq(c->clusters[0].rgw_access_key, "AK") && c->rgw_timeout_s == 3);
	CHECK(c && c->clusters[0].rgw_secret_key && strlen(c->clusters[0].rgw_secret_key) > 0 &&
	      c->clusters[0].rgw_secret_key[0] != '@');
	CHECK(c && c->rgw_verify_tls == 1 && t_streq(c->rgw_region, "us-east-1"));
	config_free(c);
	CHECK((c = load("[rgw]\nendpoint = http://rgw:7480\n", err, sizeof(err))) == NULL);
	CHECK(strstr(err, "unknown key 'endpoint' in [rgw]") != NULL);
	CHECK((c = load("[server]\ntrusted_proxies = 10.0.0.1, 10.1.0.0/16, ::1\n", err,
			sizeof(err))) != NULL);
	config_free(c);
	CHECK((c = load("[server]\ntrusted_proxies = 10.0.0.1, nonsense\n", err, sizeof(err))) ==
	      NULL);
	CHECK(strstr(err, "'nonsense' is not an address or network") != NULL);
	unlink(secret);
	return t_done();
}
