/* test_ceph.c - ceph.c: every Ceph errno becomes the status API.md promises, message kept. */
#include "backends/ceph.h"
#include "core/json.h"
#include "core/resp.h"
#include "t.h"

#include <errno.h>

static int
status_of(int rc, const char **code)
{
	static char msg[512];
	struct req r;
	int st;

	req_init(&r, NULL, NULL, 0);
	st = resp_ceph_error(&r, rc, "ceph says no");
	cJSON *j = cJSON_Parse(r.out);
	snprintf(msg, sizeof(msg), "%s",
		 json_str(json_at(j, "error"), "code") ? json_str(json_at(j, "error"), "code")
						       : "");
	/* Ceph's own words reach the caller, except for a transport failure: the detail
	 * of a cluster that does not answer goes to the log under an error id. */
	if (st == 503)
		CHECK(!strstr(r.out, "ceph says no") && strstr(r.out, "(error "));
	else
		CHECK(strstr(r.out, "ceph says no") != NULL);
	cJSON_Delete(j);
	req_release(&r);
	*code = msg;
	return st;
}

int
main(void)
{
	const char *code;

	CHECK(status_of(-ENOENT, &code) == 404);
	CHECK(status_of(-EEXIST, &code) == 409);
	CHECK(status_of(-EBUSY, &code) == 409);
	CHECK(status_of(-ENOTEMPTY, &code) == 409);
	CHECK(status_of(-EINVAL, &code) == 422 && !strcmp(code, "invalid_value"));
	CHECK(status_of(-ERANGE, &code) == 422);
	CHECK(status_of(-EPERM, &code) == 403);
	CHECK(status_of(-EACCES, &code) == 403);
	CHECK(status_of(-ETIMEDOUT, &code) == 503 && !strcmp(code, "cluster_unreachable"));
	CHECK(status_of(-ENOTCONN, &code) == 503);
	return t_done();
}
