/*
 * iscsi_check.c - what a target must be before it is stored: a valid IQN; portals on
 * accepted Salt minions with the iscsi role, at one of their addresses (a gateway
 * that does not answer is accepted with a warning: its grains cannot be checked);
 * disks that are existing RBD images with unique LUN ids 0-255 (a disk without a lun
 * gets the lowest free one); CHAP and mutual CHAP as ceph-iscsi accepts them; ACLs of
 * valid initiator IQNs on existing LUNs. Every refusal is a 422 naming the field
 * ("portals[1].ip"). Secrets the body leaves out are kept from the stored target.
 */
#include "api/gateways/gateways.h"
#include "api/gateways/iscsi/iscsi.h"
#include "backends/ceph.h"
#include "backends/salt.h"
#include "core/resp.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PORTALS 32
#define MAX_DISKS   256
#define MAX_ACLS    256

/* One lower-case label of a domain: [a-z0-9]([a-z0-9-]*[a-z0-9])?; returns its length. */
static size_t
label_len(const char *s)
{
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-");

	return n && s[0] != '-' && s[n - 1] != '-' ? n : 0;
}

int
iscsi_valid_iqn(const char *s)
{
	size_t n;

	if (!s || strlen(s) > 223 || strncmp(s, "iqn.", 4))
		return 0;
	s += 4;
	for (int i = 0; i < 7; i++)
		if (i == 4 ? s[i] != '-' : !isdigit((unsigned char)s[i]))
			return 0;
	if ((s[5] != '0' && s[5] != '1') || (s[5] == '0' && s[6] == '0') ||
	    (s[5] == '1' && s[6] > '2') || s[7] != '.')
		return 0;
	s += 8;
	do {
		if (!(n = label_len(s)))
			return 0;
		s += n;
	} while (*s == '.' && s++);
	/* RFC 3722: after the colon, the same characters and colons. */
	return !*s || (*s == ':' && s[1] &&
		       strspn(s + 1, "abcdefghijklmnopqrstuvwxyz0123456789-.:") == strlen(s + 1));
}

/* A 422 invalid_value blaming field. */
static int __attribute__((format(printf, 3, 4)))
bad(struct req *r, const char *field, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return resp_error(r, 422, "invalid_value", field, "%s", msg);
}

/* The array member name of body (may be absent: *out NULL). 0 or 422 answered. */
static int
get_array(struct req *r, const cJSON *body, const char *name, int max, const cJSON **out)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(body, name);

	*out = NULL;
	if (!a || cJSON_IsNull(a))
		return 0;
	if (!cJSON_IsArray(a))
		return bad(r, name, "%s must be an array", name);
	if (cJSON_GetArraySize(a) > max)
		return resp_error(r, 422, "invalid_value", name, "at most %d %s", max, name);
	*out = a;
	return 0;
}

/* Checks one portal {host, ip} against the minions. 0 or 422 answered. */
static int
check_portal(struct req *r, int i, const cJSON *p, const cJSON *accepted, const cJSON *grains,
	     cJSON *warnings)
{
	const char *host = json_str(p, "host"), *ip = json_str(p, "ip");
	const cJSON *g;
	unsigned char addr[16];

	if (!cJSON_IsObject(p) || cJSON_GetArraySize(p) != 2 || !host || !ip)
		return bad(r, json_field(r, "portals[%d]", i), "a portal is {\"host\", \"ip\"}");
	if (inet_pton(AF_INET, ip, addr) != 1 && inet_pton(AF_INET6, ip, addr) != 1)
		return bad(r, json_field(r, "portals[%d].ip", i), "'%s' is not an IP address", ip);
	if (!json_array_has_str(accepted, host))
		return bad(r, json_field(r, "portals[%d].host", i),
			   "'%s' is not an accepted Salt minion", host);
	if (!cJSON_IsObject(g = cJSON_GetObjectItemCaseSensitive(grains, host))) {
		cJSON_AddItemToArray(warnings,
				     cJSON_CreateString(req_own(
					     r, xasprintf("gateway '%s' did not answer: its role "
							  "and addresses were not checked",
							  host))));
		return 0;
	}
	if (!gw_has_role(g, "iscsi"))
		return bad(r, json_field(r, "portals[%d].host", i),
			   "'%s' is not an iSCSI gateway (role iscsi)", host);
	if (!json_array_has_str(cJSON_GetObjectItemCaseSensitive(g, "ipv4"), ip) &&
	    !json_array_has_str(cJSON_GetObjectItemCaseSensitive(g, "ipv6"), ip))
		return bad(r, json_field(r, "portals[%d].ip", i), "'%s' is not an address of '%s'",
			   ip, host);
	return 0;
}

/* Portals: at least one, each checked, no (host, ip) twice. *out new (owned by r). */
static int
check_portals(struct req *r, const cJSON *body, cJSON **out, cJSON *warnings)
{
	const cJSON *a, *p, *accepted, *grains;
	int rc, i = 0;

	if ((rc = get_array(r, body, "portals", MAX_PORTALS, &a)) != 0)
		return rc;
	if (!a || cJSON_GetArraySize(a) == 0)
		return resp_error(r, 422, "invalid_value", "portals", "a target needs a portal");
	if ((rc = gw_salt_minions(r, &accepted, &grains)) != 0)
		return rc;
	*out = cJSON_CreateArray();
	req_own_json(r, *out);
	cJSON_ArrayForEach(p, a) {
		const cJSON *q;
		if ((rc = check_portal(r, i, p, accepted, grains, warnings)) != 0)
			return rc;
		cJSON_ArrayForEach(q, *out)
			if (!strcmp(json_str(q, "host"), json_str(p, "host")) &&
			    !strcmp(json_str(q, "ip"), json_str(p, "ip")))
				return bad(r, json_field(r, "portals[%d]", i),
					   "portal %s on %s given twice", json_str(p, "ip"),
					   json_str(p, "host"));
		cJSON_AddItemToArray(*out, cJSON_Duplicate(p, 1));
		i++;
	}
	return 0;
}

/* Whether pool/image is an existing RBD image (its rbd_id object). 0 or 422/503. */
static int
check_image(struct req *r, int i, const char *pool, const char *image)
{
	rados_ioctx_t io;
	char *oid;
	int rc;

	if ((rc = ceph_ioctx(r->cluster, pool, &io)) == -ENOENT)
		return bad(r, json_field(r, "disks[%d].pool", i), "pool '%s' does not exist", pool);
	if (rc < 0)
		return resp_ceph_error(r, rc, r->cluster->error);
	oid = xasprintf("rbd_id.%s", image);
	rc = rados_stat(io, oid, NULL, NULL);
	free(oid);
	rados_ioctx_destroy(io);
	if (rc == -ENOENT)
		return bad(r, json_field(r, "disks[%d].image", i), "no RBD image '%s' in pool '%s'",
			   image, pool);
	return rc < 0 ? resp_ceph_error(r, rc, NULL) : 0;
}

/* One disk {pool, image, lun?}; marks its LUN in used[]. 0 or 422 answered. */
static int
check_disk(struct req *r, int i, const cJSON *d, const cJSON *prev, char *used)
{
	const char *pool = json_str(d, "pool"), *image = json_str(d, "image");
	const cJSON *lun = cJSON_GetObjectItemCaseSensitive(d, "lun"), *q;
	int nkeys = cJSON_GetArraySize(d);

	if (!cJSON_IsObject(d) || !pool || !image || nkeys != (lun ? 3 : 2))
		return bad(r, json_field(r, "disks[%d]", i),
			   "a disk is {\"pool\", \"image\", \"lun\"?}");
	if (!ceph_valid_pool_name(pool) || !ceph_valid_image_name(image))
		return bad(r, json_field(r, "disks[%d].image", i),
			   "'%s/%s' is not an RBD image name", pool, image);
	if (lun && (!cJSON_IsNumber(lun) || !(lun->valuedouble >= 0 && lun->valuedouble <= 255) ||
		    lun->valuedouble != (int)lun->valuedouble))
		return bad(r, json_field(r, "disks[%d].lun", i), "a LUN id is an integer 0-255");
	if (lun && used[lun->valueint])
		return resp_error(r, 422, "invalid_value", json_field(r, "disks[%d].lun", i),
				  "LUN %d is used twice", lun->valueint);
	cJSON_ArrayForEach(q, prev)
		if (!strcmp(json_str(q, "pool"), pool) && !strcmp(json_str(q, "image"), image))
			return bad(r, json_field(r, "disks[%d].image", i), "'%s/%s' is given twice",
				   pool, image);
	if (lun)
		used[lun->valueint] = 1;
	return check_image(r, i, pool, image);
}

/* Disks, with a LUN id each. *out new (owned by r). */
static int
check_disks(struct req *r, const cJSON *body, cJSON **out)
{
	const cJSON *a, *d;
	char used[256] = {0};
	int rc, i = 0, next = 0;
	cJSON *o;

	if ((rc = get_array(r, body, "disks", MAX_DISKS, &a)) != 0)
		return rc;
	*out = cJSON_CreateArray();
	req_own_json(r, *out);
	cJSON_ArrayForEach(d, a) {
		if ((rc = check_disk(r, i++, d, *out, used)) != 0)
			return rc;
		cJSON_AddItemToArray(*out, cJSON_Duplicate(d, 1));
	}
	cJSON_ArrayForEach(o, *out)
		if (!cJSON_GetObjectItemCaseSensitive(o, "lun")) {
			while (used[next])
				next++;
			used[next] = 1;
			cJSON_AddNumberToObject(o, "lun", next);
		}
	return 0;
}

/* A CHAP member of auth: the given string, the stored one when absent, or NULL. */
static const char *
chap_value(struct req *r, const cJSON *auth, const cJSON *old, const char *name, int keep)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(auth, name);

	if (!v)
		return keep ? json_str(old, name) : NULL;
	if (cJSON_IsNull(v))
		return NULL;
	if (!cJSON_IsString(v)) {
		resp_error(r, 422, "invalid_value", json_field(r, "auth.%s", name),
			   "auth.%s must be a string or null", name);
		return (const char *)-1;
	}
	return v->valuestring;
}

/* ceph-iscsi's rules: user 8-64 of [A-Za-z0-9_.:@-], password 12-16 of [A-Za-z0-9@_/-]. */
static int
chap_ok(const char *s, const char *set, size_t min, size_t max)
{
	size_t n = strlen(s);

	if (n < min || n > max)
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr(set, *s))
			return 0;
	return 1;
}

/* auth: {user, password, mutual_user, mutual_password}; a password left out is kept. */
static int
check_auth(struct req *r, const cJSON *body, const cJSON *old, cJSON **out)
{
	static const char *names[] = {"user", "password", "mutual_user", "mutual_password"};
	/* What a GET shows may come back in a PUT: the *_set flags are ignored. */
	static const char *known[] = {"user",
				      "password",
				      "mutual_user",
				      "mutual_password",
				      "password_set",
				      "mutual_password_set",
				      NULL};
	const cJSON *auth = cJSON_GetObjectItemCaseSensitive(body, "auth"), *k;
	const char *v[4];

	old = cJSON_GetObjectItemCaseSensitive(old, "auth");
	*out = cJSON_CreateObject();
	req_own_json(r, *out);
	if (auth && !cJSON_IsNull(auth) && !cJSON_IsObject(auth))
		return bad(r, "auth", "auth is {user, password, mutual_user, mutual_password}");
	cJSON_ArrayForEach(k, auth)
		if (!str_in(k->string, known))
			return bad(r, json_field(r, "auth.%s", k->string),
				   "unknown CHAP setting '%s'", k->string);
	for (int i = 0; i < 4; i++) {
		/* A password is kept only for the same user name. */
		int keep = i % 2 && v[i - 1] && json_str(old, names[i - 1]) &&
			   !strcmp(v[i - 1], json_str(old, names[i - 1]));
		if ((v[i] = chap_value(r, auth, old, names[i], keep)) == (const char *)-1)
			return r->status;
	}
	for (int i = 0; i < 4; i += 2) {
		if (!v[i] != !v[i + 1])
			return bad(r, json_field(r, "auth.%s", names[v[i] ? i + 1 : i]),
				   "CHAP %s and %s go together", names[i], names[i + 1]);
		if (v[i] && !chap_ok(v[i], "_.:@-", 8, 64))
			return bad(r, json_field(r, "auth.%s", names[i]),
				   "a CHAP user name is 8-64 of A-Z a-z 0-9 _ . : @ -");
		if (v[i] && !chap_ok(v[i + 1], "@_/-", 12, 16))
			return bad(r, json_field(r, "auth.%s", names[i + 1]),
				   "a CHAP password is 12-16 of A-Z a-z 0-9 @ _ / -");
		if (v[i])
			for (int j = i; j < i + 2; j++)
				cJSON_AddStringToObject(*out, names[j], v[j]);
	}
	if (v[2] && !v[0])
		return bad(r, "auth.mutual_user", "mutual CHAP needs CHAP (user, password) too");
	return 0;
}

static int
has_lun(const cJSON *disks, double lun)
{
	const cJSON *d;

	cJSON_ArrayForEach(d, disks)
		if (jnum(d, "lun") == lun)
			return 1;
	return 0;
}

/* One ACL {initiator, luns?}; luns default to every LUN of the target. */
static int
check_acl(struct req *r, int i, const cJSON *a, const cJSON *disks, const cJSON *prev, cJSON *out)
{
	const char *ini = json_str(a, "initiator");
	const cJSON *luns = cJSON_GetObjectItemCaseSensitive(a, "luns"), *l, *q;
	const cJSON *from = luns ? luns : disks;
	cJSON *o, *ol;

	if (!cJSON_IsObject(a) || !ini || cJSON_GetArraySize(a) != (luns ? 2 : 1) ||
	    (luns && !cJSON_IsArray(luns)))
		return bad(r, json_field(r, "acls[%d]", i),
			   "an ACL is {\"initiator\", \"luns\"?: [...]}");
	if (!iscsi_valid_iqn(ini))
		return bad(r, json_field(r, "acls[%d].initiator", i),
			   "'%s' is not an initiator IQN", ini);
	cJSON_ArrayForEach(q, prev)
		if (!strcmp(json_str(q, "initiator"), ini))
			return bad(r, json_field(r, "acls[%d].initiator", i),
				   "initiator '%s' is given twice", ini);
	o = cJSON_CreateObject();
	cJSON_AddItemToArray(out, o);
	cJSON_AddStringToObject(o, "initiator", ini);
	ol = cJSON_AddArrayToObject(o, "luns");
	cJSON_ArrayForEach(l, from) {
		double v = luns ? (cJSON_IsNumber(l) ? l->valuedouble : -1) : jnum(l, "lun");
		if (!has_lun(disks, v))
			return resp_error(
				r, 422, "invalid_value", json_field(r, "acls[%d].luns", i),
				"the target has no LUN %s", req_own(r, cJSON_PrintUnformatted(l)));
		cJSON_AddItemToArray(ol, cJSON_CreateNumber(v));
	}
	return 0;
}

static int
check_acls(struct req *r, const cJSON *body, const cJSON *disks, cJSON **out)
{
	const cJSON *a, *acl;
	int rc, i = 0;

	if ((rc = get_array(r, body, "acls", MAX_ACLS, &a)) != 0)
		return rc;
	*out = cJSON_CreateArray();
	req_own_json(r, *out);
	cJSON_ArrayForEach(acl, a)
		if ((rc = check_acl(r, i++, acl, disks, *out, *out)) != 0)
			return rc;
	return 0;
}

int
iscsi_check_target(struct req *r, const cJSON *body, const cJSON *old, cJSON **out,
		   cJSON **warnings)
{
	cJSON *portals = NULL, *disks = NULL, *auth = NULL, *acls = NULL;
	int rc;

	*warnings = cJSON_CreateArray();
	req_own_json(r, *warnings);
	if ((rc = check_disks(r, body, &disks)) || (rc = check_auth(r, body, old, &auth)) ||
	    (rc = check_acls(r, body, disks, &acls)) ||
	    (rc = check_portals(r, body, &portals, *warnings)))
		return rc;
	*out = cJSON_CreateObject();
	req_own_json(r, *out);
	cJSON_AddItemToObject(*out, "portals", cJSON_Duplicate(portals, 1));
	cJSON_AddItemToObject(*out, "disks", cJSON_Duplicate(disks, 1));
	cJSON_AddItemToObject(*out, "auth", cJSON_Duplicate(auth, 1));
	cJSON_AddItemToObject(*out, "acls", cJSON_Duplicate(acls, 1));
	return 0;
}
