/*
 * nfs_check.c - checks an NFS export body before it is stored: FSAL CEPH (absolute
 * CephFS path, cephx user, optional file system) or RGW (bucket as path, user, S3
 * keys; the secret is kept from the stored export when left out), a pseudo path
 * (absolute, required for NFSv4), access type, squash, protocols, transports and
 * client blocks, with defaults filled in. Every string lands in a quoted Ganesha value,
 * so quotes, backslashes and control characters are refused; client addresses are
 * written bare (Ganesha refuses them quoted), so they are host names, addresses,
 * networks, wildcards or @netgroups only. Pseudo paths (and CEPH paths) are
 * normalised: "//" collapsed and a trailing "/" dropped ("/demo/" is "/demo", which
 * Ganesha would otherwise serve as a second export), and "." or ".." refused (422):
 * Ganesha would serve "/a//b/../c" as "/a/c", so the path asked for is not the one
 * served. NFSv4 needs TCP: UDP alone with protocol 4 is refused, as Ganesha refuses
 * it at load. An export keeps what the stored one holds that the API does not model
 * ("extra": SecType, Tag, ...). Uniqueness of the pseudo path, exports of one path
 * without pseudo paths, and whether the file system exists are nfs.c's business (they
 * need the other exports and the cluster).
 */
#include "api/gateways/nfs/nfs.h"
#include "core/resp.h"

#include <ctype.h>
#include <string.h>

/* Client blocks of an export, and addresses of a block: bodies are bounded. */
#define NFS_LIST_MAX 64

static const char *const access_types[] = {"RW", "RO", "MDONLY", "MDONLY_RO", "NONE", NULL};
static const char *const squashes[] = {"no_root_squash", "root_squash", "all_squash",
				       "root_id_squash", NULL};

static int
bad(struct req *r, const char *field, const char *msg)
{
	return resp_error(r, 422, "invalid_value", field, "%s", msg);
}

/* A string fit for a quoted Ganesha value: 1-1024 printable bytes, no " or \. */
static int
safe(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (n == 0 || n > 1024)
		return 0;
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f || *s == '"' || *s == '\\')
			return 0;
	return 1;
}

/* An optional string member: 0 with *v (NULL when absent), or 422 answered. */
static int
opt_str(struct req *r, const cJSON *obj, const char *name, const char *field, const char **v)
{
	const cJSON *j = cJSON_GetObjectItemCaseSensitive(obj, name);

	*v = NULL;
	if (!j || cJSON_IsNull(j))
		return 0;
	if (!cJSON_IsString(j) || !safe(j->valuestring))
		return bad(r, field,
			   "a non-empty string without quotes, backslashes or control characters");
	*v = j->valuestring;
	return 0;
}

/* access_type and squash of obj (the export or a client block) into to. */
static int
check_modes(struct req *r, const cJSON *obj, cJSON *to, const char *prefix, int defaults)
{
	const char *a, *s;
	int rc;

	if ((rc = opt_str(r, obj, "access_type", json_field(r, "%saccess_type", prefix), &a)) ||
	    (rc = opt_str(r, obj, "squash", json_field(r, "%ssquash", prefix), &s)))
		return rc;
	if (a && !str_in(a, access_types))
		return bad(r, json_field(r, "%saccess_type", prefix),
			   "access_type is one of RW, RO, MDONLY, MDONLY_RO, NONE");
	if (s && !str_in(s, squashes))
		return bad(
			r, json_field(r, "%ssquash", prefix),
			"squash is one of no_root_squash, root_squash, all_squash, root_id_squash");
	if (a || defaults)
		cJSON_AddStringToObject(to, "access_type", a ? a : "RW");
	if (s || defaults)
		cJSON_AddStringToObject(to, "squash", s ? s : "no_root_squash");
	return 0;
}

/* protocols: 3 and/or 4 (default [4]), once each. */
static int
check_protocols(struct req *r, const cJSON *body, cJSON *e)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(body, "protocols"), *v;
	cJSON *out = cJSON_AddArrayToObject(e, "protocols");
	int seen[5] = {0}, i = 0;

	if (!a) {
		cJSON_AddItemToArray(out, cJSON_CreateNumber(4));
		return 0;
	}
	if (!cJSON_IsArray(a) || cJSON_GetArraySize(a) == 0)
		return bad(r, "protocols", "protocols is a non-empty list of 3 and 4");
	cJSON_ArrayForEach(v, a) {
		if (!cJSON_IsNumber(v) || (v->valuedouble != 3 && v->valuedouble != 4) ||
		    seen[v->valueint]++)
			return bad(r, json_field(r, "protocols[%d]", i),
				   "a protocol is 3 or 4, once");
		cJSON_AddItemToArray(out, cJSON_CreateNumber(v->valueint));
		i++;
	}
	return 0;
}

/* transports: TCP and/or UDP (default [TCP]). */
static int
check_transports(struct req *r, const cJSON *body, cJSON *e)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(body, "transports"), *v;
	cJSON *out = cJSON_AddArrayToObject(e, "transports");
	int seen[2] = {0}, i = 0;

	if (!a) {
		cJSON_AddItemToArray(out, cJSON_CreateString("TCP"));
		return 0;
	}
	if (!cJSON_IsArray(a) || cJSON_GetArraySize(a) == 0)
		return bad(r, "transports", "transports is a non-empty list of TCP and UDP");
	cJSON_ArrayForEach(v, a) {
		int k = !cJSON_IsString(v)                   ? -1
			: !strcasecmp(v->valuestring, "TCP") ? 0
			: !strcasecmp(v->valuestring, "UDP") ? 1
							     : -1;
		if (k < 0 || seen[k]++)
			return bad(r, json_field(r, "transports[%d]", i),
				   "a transport is TCP or UDP, once");
		cJSON_AddItemToArray(out, cJSON_CreateString(k ? "UDP" : "TCP"));
		i++;
	}
	return 0;
}

/*
 * FSAL RGW's keys: none (the caller takes the user's from the Object Gateway), or
 * access_key_id with its secret, the secret kept from old when left out.
 */
static int
check_rgw(struct req *r, const cJSON *f, const cJSON *old, cJSON *to)
{
	const cJSON *of = cJSON_GetObjectItemCaseSensitive(old, "fsal");
	const char *key, *secret;
	int rc;

	if ((rc = opt_str(r, f, "access_key_id", "fsal.access_key_id", &key)) ||
	    (rc = opt_str(r, f, "secret_access_key", "fsal.secret_access_key", &secret)))
		return rc;
	if (!key && !secret)
		return 0;
	if (!key)
		return bad(r, "fsal.access_key_id", "FSAL RGW needs the user's access_key_id");
	if (!secret && json_str(of, "secret_access_key") &&
	    !strcmp(json_str(of, "name") ?: "", "RGW"))
		secret = json_str(of, "secret_access_key");
	if (!secret)
		return bad(r, "fsal.secret_access_key",
			   "FSAL RGW needs the user's secret_access_key");
	cJSON_AddStringToObject(to, "access_key_id", key);
	cJSON_AddStringToObject(to, "secret_access_key", secret);
	return 0;
}

/*
 * FSAL CEPH's key: secret_access_key, the cephx key of user_id (Ganesha mounts with it,
 * so the host needs no keyring of that user); optional (without it the host's keyring
 * must hold the user), kept from old when left out for the same user.
 */
static int
check_ceph_key(struct req *r, const cJSON *f, const cJSON *old, cJSON *to)
{
	const cJSON *of = cJSON_GetObjectItemCaseSensitive(old, "fsal");
	const char *secret;
	int rc;

	if ((rc = opt_str(r, f, "secret_access_key", "fsal.secret_access_key", &secret)))
		return rc;
	if (!secret && !strcmp(json_str(of, "name") ?: "", "CEPH") &&
	    !strcmp(json_str(of, "user_id") ?: "", json_str(to, "user_id")))
		secret = json_str(of, "secret_access_key");
	if (secret)
		cJSON_AddStringToObject(to, "secret_access_key", secret);
	return 0;
}

/* fsal {name, user_id, fs_name | bucket, keys}; for RGW the path is the bucket. */
static int
check_fsal(struct req *r, const cJSON *body, const cJSON *old, cJSON *e, const char **path)
{
	const cJSON *f = cJSON_GetObjectItemCaseSensitive(body, "fsal");
	const char *name, *user, *fs, *bucket;
	cJSON *to;
	int rc;

	if (!cJSON_IsObject(f))
		return bad(r, "fsal", "fsal is an object {name: CEPH or RGW, user_id, ...}");
	if ((rc = opt_str(r, f, "name", "fsal.name", &name)) ||
	    (rc = opt_str(r, f, "user_id", "fsal.user_id", &user)) ||
	    (rc = opt_str(r, f, "fs_name", "fsal.fs_name", &fs)) ||
	    (rc = opt_str(r, f, "bucket", "fsal.bucket", &bucket)))
		return rc;
	if (!name || (strcmp(name, "CEPH") && strcmp(name, "RGW")))
		return bad(r, "fsal.name", "fsal.name is CEPH or RGW");
	if (!user)
		return bad(r, "fsal.user_id", "fsal.user_id (the Ceph or RGW user) is required");
	to = cJSON_AddObjectToObject(e, "fsal");
	cJSON_AddStringToObject(to, "name", name);
	cJSON_AddStringToObject(to, "user_id", user);
	if (!strcmp(name, "CEPH")) {
		if (fs)
			cJSON_AddStringToObject(to, "fs_name", fs);
		return check_ceph_key(r, f, old, to);
	}
	if (bucket && *path && strcmp(bucket, *path))
		return bad(r, "fsal.bucket",
			   "for FSAL RGW the path is the bucket: give one of them");
	if (bucket)
		*path = bucket;
	if (*path)
		cJSON_AddStringToObject(to, "bucket", *path);
	return check_rgw(r, f, old, to);
}

/* Whether addr is already among the addresses of the client blocks in out. */
static int
address_given(const cJSON *out, const char *addr)
{
	const cJSON *c;

	cJSON_ArrayForEach(c, out)
		if (json_array_has_str(cJSON_GetObjectItemCaseSensitive(c, "addresses"), addr))
			return 1;
	return 0;
}

/* A client address Ganesha reads bare (a quoted one is refused). */
static int
bare_address(const char *a)
{
	return strspn(a,
		      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.:/_-*?@") ==
	       strlen(a);
}

static int
check_client(struct req *r, const cJSON *c, int i, cJSON *out)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(c, "addresses"), *v;
	cJSON *to = cJSON_CreateObject(), *addrs = cJSON_AddArrayToObject(to, "addresses");
	int j = 0;

	cJSON_AddItemToArray(out, to);
	if (!cJSON_IsObject(c))
		return bad(r, json_field(r, "clients[%d]", i),
			   "a client block is an object {addresses, ...}");
	if (!cJSON_IsArray(a) || cJSON_GetArraySize(a) == 0 || cJSON_GetArraySize(a) > NFS_LIST_MAX)
		return bad(r, json_field(r, "clients[%d].addresses", i),
			   "addresses is a list of 1 to 64 hosts, IPs or networks");
	cJSON_ArrayForEach(v, a) {
		if (!cJSON_IsString(v) || !safe(v->valuestring) || !bare_address(v->valuestring))
			return bad(r, json_field(r, "clients[%d].addresses[%d]", i, j),
				   "an address is a host name, IP, network (a.b.c.d/n), wildcard "
				   "or @netgroup: letters, digits and . : / _ - * ? @ only");
		if (address_given(out, v->valuestring))
			return bad(r, json_field(r, "clients[%d].addresses[%d]", i, j),
				   "an address is given once per export");
		cJSON_AddItemToArray(addrs, cJSON_CreateString(v->valuestring));
		j++;
	}
	return check_modes(r, c, to, json_field(r, "clients[%d].", i), 0);
}

static int
check_clients(struct req *r, const cJSON *body, cJSON *e)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(body, "clients"), *c;
	cJSON *out = cJSON_AddArrayToObject(e, "clients");
	int rc, i = 0;

	if (a && (!cJSON_IsArray(a) || cJSON_GetArraySize(a) > NFS_LIST_MAX))
		return bad(r, "clients",
			   "clients is a list of at most 64 {addresses, access_type?, squash?}");
	cJSON_ArrayForEach(c, a)
		if ((rc = check_client(r, c, i++, out)) != 0)
			return rc;
	return 0;
}

static int
has_v4(const cJSON *e)
{
	const cJSON *v;

	cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(e, "protocols"))
		if (v->valueint == 4)
			return 1;
	return 0;
}

int
nfs_path_norm(const char *in, char *out, size_t size)
{
	size_t n = 0;

	if (in[0] != '/')
		return -1;
	for (const char *p = in; *p;) {
		size_t len;
		while (*p == '/')
			p++;
		len = strcspn(p, "/");
		if (!len)
			break;
		if ((len == 1 && p[0] == '.') || (len == 2 && !strncmp(p, "..", 2)))
			return -2;
		if (n + 1 + len + 1 > size)
			return -1;
		out[n++] = '/';
		memcpy(out + n, p, len);
		n += len;
		p += len;
	}
	if (n == 0)
		out[n++] = '/';
	out[n] = '\0';
	return 0;
}

/* path or pseudo (field) normalised into a string owned by r: 0 or 422 answered. */
static int
norm(struct req *r, const char *field, const char **v, const char *what)
{
	char *out = req_own(r, xmalloc(strlen(*v) + 2));
	int rc = nfs_path_norm(*v, out, strlen(*v) + 2);

	if (rc == -1)
		return bad(r, field, req_own(r, xasprintf("%s is an absolute path", what)));
	if (rc == -2)
		return bad(r, field,
			   req_own(r, xasprintf("%s has a '.' or '..' component: give the path "
						"itself (Ganesha would serve another one)",
						what)));
	*v = out;
	return 0;
}

/* NFSv4 runs over TCP only: Ganesha refuses an NFSv4 export with UDP alone. */
static int
check_v4_tcp(struct req *r, const cJSON *e)
{
	if (has_v4(e) &&
	    !json_array_has_str(cJSON_GetObjectItemCaseSensitive(e, "transports"), "TCP"))
		return bad(r, "transports", "NFSv4 needs TCP: add TCP to transports");
	return 0;
}

/* path and pseudo, once the FSAL is known. */
static int
check_paths(struct req *r, cJSON *e, const char *path, const char *pseudo)
{
	const char *fsal = json_str(cJSON_GetObjectItemCaseSensitive(e, "fsal"), "name");
	int rc;

	if (!path)
		return bad(r, "path",
			   !strcmp(fsal, "RGW") ? "path (the bucket) is required"
						: "path (in CephFS) is required");
	if (!strcmp(fsal, "CEPH") && path[0] != '/')
		return bad(r, "path", "path is an absolute CephFS path");
	if (pseudo && pseudo[0] != '/')
		return bad(r, "pseudo", "pseudo is an absolute path in the NFSv4 namespace");
	if ((!strcmp(fsal, "CEPH") && (rc = norm(r, "path", &path, "path")) != 0) ||
	    (pseudo && (rc = norm(r, "pseudo", &pseudo, "pseudo")) != 0))
		return rc;
	if (pseudo && strlen(pseudo) > NFS_PSEUDO_MAX) /* it names a RADOS object too */
		return bad(r, "pseudo", "pseudo is at most 1024 characters");
	if (!pseudo && has_v4(e))
		return bad(r, "pseudo", "pseudo is required for NFSv4");
	cJSON_AddStringToObject(e, "path", path);
	if (pseudo)
		cJSON_AddStringToObject(e, "pseudo", pseudo);
	return 0;
}

/* A host name fit for conf-<host>: letters, digits, . _ - */
static int
valid_host(const char *h)
{
	for (const char *p = h; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("._-", *p))
			return 0;
	return strlen(h) <= 253;
}

int
nfs_check_export(struct req *r, const cJSON *body, const cJSON *old, long id, cJSON **out)
{
	const char *host, *path, *pseudo;
	cJSON *e = cJSON_CreateObject();
	int rc;

	req_own_json(r, e);
	cJSON_AddNumberToObject(e, "id", (double)id);
	if ((rc = opt_str(r, body, "host", "host", &host)) ||
	    (rc = opt_str(r, body, "path", "path", &path)) ||
	    (rc = opt_str(r, body, "pseudo", "pseudo", &pseudo)))
		return rc;
	if (host && !valid_host(host))
		return bad(r, "host",
			   "host is a Ganesha host's minion id (letters, digits, . _ -)");
	if (host)
		cJSON_AddStringToObject(e, "host", host);
	if ((rc = check_modes(r, body, e, "", 1)) || (rc = check_protocols(r, body, e)) ||
	    (rc = check_transports(r, body, e)) || (rc = check_fsal(r, body, old, e, &path)) ||
	    (rc = check_v4_tcp(r, e)) || (rc = check_paths(r, e, path, pseudo)) ||
	    (rc = check_clients(r, body, e)))
		return rc;
	if (cJSON_GetObjectItemCaseSensitive(old, "extra"))
		cJSON_AddItemToObject(
			e, "extra",
			cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(old, "extra"), 1));
	*out = e;
	return 0;
}
