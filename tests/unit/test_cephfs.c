/*
 * test_cephfs.c - backends/cephfs.c without a cluster: the path rule (absolute, "//"
 * and "/./" collapsed, no "..", no NUL, 4096 bytes and 255 a name at most), where a path
 * enters a .snap directory, the snapshot name rule, and the one mapping of libcephfs'
 * errnos to the API's statuses and codes (as answered: field, Retry-After).
 */
#include "backends/cephfs.h"
#include "core/json.h"
#include "core/resp.h"
#include "t.h"

#include <errno.h>
#include <stdlib.h>

static char out[CEPHFS_PATH_MAX + 1];

/* cephfs_path_check of the first len bytes of in: the normalised path, or "!" + why. */
static const char *
norm_len(const char *in, size_t len)
{
	static char res[CEPHFS_PATH_MAX + 64];
	const char *why;

	if (cephfs_path_check(in, len, out, &why) < 0)
		snprintf(res, sizeof(res), "!%s", why);
	else
		snprintf(res, sizeof(res), "%s", out);
	return res;
}

static const char *
norm(const char *in)
{
	return norm_len(in, strlen(in));
}

/* A path of n bytes: "/" and then 'a's, a '/' every 200 bytes (names of 199). */
static char *
long_path(size_t n)
{
	char *p = malloc(n + 1);

	for (size_t i = 0; i < n; i++)
		p[i] = i % 200 == 0 ? '/' : 'a';
	p[n] = '\0';
	return p;
}

static void
test_paths(void)
{
	char *p;

	CHECK_STR(norm("/"), "/");
	CHECK_STR(norm("/a/b"), "/a/b");
	CHECK_STR(norm("/a//b/"), "/a/b");
	CHECK_STR(norm("//a///b//"), "/a/b");
	CHECK_STR(norm("/a/./b/."), "/a/b");
	CHECK_STR(norm("/./"), "/");
	CHECK_STR(norm("///"), "/");
	CHECK_STR(norm("/a/.../b"), "/a/.../b");
	CHECK_STR(norm("/..a/b.."), "/..a/b..");
	CHECK_STR(norm("/a b/ü"), "/a b/ü");
	CHECK_STR(norm("/a/.snap/s1"), "/a/.snap/s1");
	CHECK_STR(norm(""), "!path is empty");
	CHECK_STR(norm("a/b"), "!path must be absolute (start with '/')");
	CHECK_STR(norm("./a"), "!path must be absolute (start with '/')");
	CHECK_STR(norm("/a/../b"), "!path must not contain '..'");
	CHECK_STR(norm("/.."), "!path must not contain '..'");
	CHECK_STR(norm("/a/.."), "!path must not contain '..'");
	CHECK_STR(norm_len("/a\0b", 4), "!path contains a NUL byte");
	CHECK(cephfs_path_check(NULL, 0, out, &(const char *){NULL}) == -EINVAL);
	/* 4096 bytes are fine, 4097 are not, even when collapsing would shorten them. */
	p = long_path(CEPHFS_PATH_MAX);
	CHECK(strlen(norm(p)) == CEPHFS_PATH_MAX);
	free(p);
	p = long_path(CEPHFS_PATH_MAX + 1);
	CHECK_STR(norm(p), "!path is longer than 4096 bytes");
	free(p);
	p = calloc(1, 300);
	p[0] = '/';
	memset(p + 1, 'n', 255);
	CHECK(strlen(norm(p)) == 256);
	p[256] = 'n';
	CHECK_STR(norm(p), "!a name in path is longer than 255 bytes");
	free(p);
	/* A refused path leaves nothing half-written behind. */
	cephfs_path_check("/a/../b", 7, out, &(const char *){NULL});
	CHECK_STR(out, "");
}

static void
test_snaps(void)
{
	char name[202];

	CHECK(cephfs_path_in_snap("/a/.snap"));
	CHECK(cephfs_path_in_snap("/.snap"));
	CHECK(cephfs_path_in_snap("/a/.snap/s1/b"));
	CHECK(!cephfs_path_in_snap("/a/.snapshots"));
	CHECK(!cephfs_path_in_snap("/a/b.snap"));
	CHECK(!cephfs_path_in_snap("/"));
	CHECK(cephfs_valid_snap_name("before-release"));
	CHECK(cephfs_valid_snap_name("2026-11-25 09:00"));
	CHECK(!cephfs_valid_snap_name(""));
	CHECK(!cephfs_valid_snap_name(NULL));
	CHECK(!cephfs_valid_snap_name("_x_1099511627776"));
	CHECK(!cephfs_valid_snap_name(".hidden"));
	CHECK(!cephfs_valid_snap_name("a/b"));
	CHECK(!cephfs_valid_snap_name("a\nb"));
	CHECK(!cephfs_valid_snap_name("a\x7f"));
	memset(name, 's', 200);
	name[200] = '\0';
	CHECK(cephfs_valid_snap_name(name));
	name[200] = 's';
	name[201] = '\0';
	CHECK(!cephfs_valid_snap_name(name));
}

/* Whether resp_cephfs_error(rc) answers status with code and field (NULL: none). */
static int
answers(int rc, int status, const char *code, const char *field)
{
	struct req r;
	cJSON *j;
	const cJSON *e;
	int ok;

	req_init(&r, NULL, NULL, 0);
	ok = resp_cephfs_error(&r, rc, "/a") == status && r.status == status;
	j = r.out ? cJSON_Parse(r.out) : NULL;
	e = cJSON_GetObjectItemCaseSensitive(j, "error");
	ok = ok && t_streq(json_str(e, "code"), code) &&
	     (field ? t_streq(json_str(e, "field"), field) : !json_str(e, "field"));
	if (status == 503)
		ok = ok && r.headers.data && strstr(r.headers.data, "Retry-After: 5");
	if (!ok)
		fprintf(stderr, "  rc %d: %d %s\n", rc, r.status, r.out ? r.out : "(no body)");
	cJSON_Delete(j);
	req_release(&r);
	return ok;
}

static void
test_errors(void)
{
	CHECK(answers(-ENOENT, 404, "path_not_found", NULL));
	CHECK(answers(-EEXIST, 409, "path_exists", NULL));
	CHECK(answers(-ENOTEMPTY, 409, "dir_not_empty", NULL));
	CHECK(answers(-ENOTDIR, 422, "not_a_directory", "path"));
	CHECK(answers(-EDQUOT, 409, "quota_exceeded", NULL));
	CHECK(answers(-EACCES, 403, "ceph_denied", NULL));
	CHECK(answers(-EPERM, 403, "ceph_denied", NULL));
	CHECK(answers(-ETIMEDOUT, 503, "mds_unavailable", NULL));
	CHECK(answers(-ENOTCONN, 503, "mds_unavailable", NULL));
	CHECK(answers(-ESHUTDOWN, 503, "mds_unavailable", NULL));
	CHECK(answers(-EIO, 500, "internal", NULL));
	CHECK(cephfs_error_of(-EIO).status == 500);
	CHECK_STR(cephfs_error_of(-EIO).code, "cephfs_error");
	CHECK_STR(cephfs_error_of(-ETIMEDOUT).plain, "the file system's MDS does not answer");
}

int
main(void)
{
	test_paths();
	test_snaps();
	test_errors();
	return t_done();
}
