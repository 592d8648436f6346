/*
 * test_nfs_check.c - the gateway checks that need no backend. nfs_check_export
 * (nfs_check.c): valid CEPH and RGW exports come out in the stored shape with the
 * defaults filled in (and survive the Ganesha writer and parser unchanged); every
 * refusal is a 422 invalid_value naming the field; an RGW secret left out is kept from
 * the stored export. iscsi_valid_iqn (iscsi_check.c): IQNs as RFC 3720 has them and
 * as the code implements them. Written before a refactor: "Known leniency, kept" marks what
 * looks wrong but is pinned as it is today.
 */
#include "api/gateways/iscsi/iscsi.h"
#include "api/gateways/nfs/nfs.h"
#include "t.h"

#include <stdlib.h>

/* Parses JSON written with ' for " (readable in C strings); NULL for NULL. */
static cJSON *
json_q(const char *s)
{
	char *t = s ? xstrdup(s) : NULL;
	cJSON *j;

	for (char *p = t; p && *p; p++)
		if (*p == '\'')
			*p = '"';
	j = t ? cJSON_Parse(t) : NULL;
	free(t);
	return j;
}

/*
 * Whether e survives nfs_format_export and nfs_parse_export unchanged (want 1) or not
 * (want 0); prints what happened when that is not what was wanted.
 */
static int
round_trips(const cJSON *e, int want)
{
	char *text = nfs_format_export(e);
	const char *why = NULL;
	cJSON *back = nfs_parse_export(text, &why);
	int ok = back && cJSON_Compare(e, back, 1);

	if (ok != want)
		fprintf(stderr, "  wrote:\n%s  read back: %s\n", text, back ? "(different)" : why);
	cJSON_Delete(back);
	free(text);
	return ok == want;
}

/*
 * Whether nfs_check_export(body, old, id) accepts, answering nothing, with the export
 * written as JSON in want (members in any order) that also round-trips through the
 * Ganesha text (for an id the parser takes, 1..65535).
 */
static int
accepted(const char *body, const char *old, long id, const char *want)
{
	cJSON *b = json_q(body), *o = json_q(old), *w = json_q(want);
	cJSON *out = NULL;
	struct req r;
	int rc, ok;

	req_init(&r, NULL, NULL, 0);
	rc = nfs_check_export(&r, b, o, id, &out);
	ok = b && w && (!old || o) && rc == 0 && r.status == 0 && !r.out && out &&
	     cJSON_Compare(out, w, 1);
	if (!ok) {
		char *s = out ? cJSON_PrintUnformatted(out) : NULL;
		fprintf(stderr, "  %d %s\n  wanted: %s\n", rc, s ? s : r.out ? r.out : "", want);
		free(s);
	}
	if (ok && id >= 1 && id <= 65535)
		ok = round_trips(out, 1);
	req_release(&r); /* out is r's */
	cJSON_Delete(b);
	cJSON_Delete(o);
	cJSON_Delete(w);
	return ok;
}

/* Whether nfs_check_export(body, old) answers 422 invalid_value blaming field with msg. */
static int
refused(const char *body, const char *old, const char *field, const char *msg)
{
	cJSON *b = json_q(body), *o = json_q(old), *out = NULL, *j;
	const cJSON *e;
	struct req r;
	int rc, ok;

	req_init(&r, NULL, NULL, 0);
	rc = nfs_check_export(&r, b, o, 1, &out);
	j = r.out ? cJSON_Parse(r.out) : NULL;
	e = cJSON_GetObjectItemCaseSensitive(j, "error");
	ok = b && (!old || o) && rc == 422 && r.status == 422 && !out &&
	     t_streq(json_str(e, "code"), "invalid_value") &&
	     t_streq(json_str(e, "field"), field) && t_streq(json_str(e, "message"), msg);
	if (!ok)
		fprintf(stderr, "  %d %s\n  wanted: %s: %s\n", rc, r.out ? r.out : "(accepted)",
			field, msg);
	cJSON_Delete(j);
	req_release(&r);
	cJSON_Delete(b);
	cJSON_Delete(o);
	return ok;
}

/* A CEPH export body with extra members (a JSON fragment ending in ',' or ""). */
#define CEPH(extra)                                                                                \
	"{" extra "'path':'/vol','pseudo':'/p','fsal':{'name':'CEPH','user_id':"                   \
	"'nfs'}}"
/* A CEPH export body with these members for fsal. */
#define CEPH_FSAL(fsal) "{'path':'/vol','pseudo':'/p','fsal':{" fsal "}}"
/* What CEPH("") comes out as, id 1. */
#define CEPH_OUT(extra)                                                                            \
	"{'id':1,'path':'/vol','pseudo':'/p','access_type':'RW','squash':"                         \
	"'no_root_squash','protocols':[4],'transports':['TCP'],'fsal':{'name':"                    \
	"'CEPH','user_id':'nfs'" extra "},'clients':[]}"
/* An RGW fsal object with these members besides name, user_id and access_key_id. */
#define RGW_FSAL(extra) "'fsal':{'name':'RGW','user_id':'alice','access_key_id':'AK'" extra "}"

static const char *const msg_str =
	"a non-empty string without quotes, backslashes or control characters";

static void
test_valid(void)
{
	/* The smallest CEPH export: every default filled in. */
	CHECK(accepted(CEPH(""), NULL, 1, CEPH_OUT("")));
	/* The id is the caller's (0 for a POST without one: create_object picks it). */
	CHECK(accepted(CEPH(""), NULL, 0,
		       "{'id':0,'path':'/vol','pseudo':'/p','access_type':'RW',"
		       "'squash':'no_root_squash','protocols':[4],'transports':['TCP'],"
		       "'fsal':{'name':'CEPH','user_id':'nfs'},'clients':[]}"));
	/* A full CEPH export; a client without modes gets none (the export's apply). */
	CHECK(accepted("{'host':'gw-1.example_a','path':'/volumes/g/share',"
		       "'pseudo':'/cephfs','access_type':'MDONLY_RO','squash':'root_id_squash',"
		       "'protocols':[3,4],'transports':['udp','Tcp'],"
		       "'fsal':{'name':'CEPH','user_id':'nfs.gw','fs_name':'fs2'},"
		       "'clients':[{'addresses':['192.168.0.0/16','fd00::1','*.example.com'],"
		       "'access_type':'RO','squash':'all_squash'},"
		       "{'addresses':['10.0.0.1']},"
		       "{'addresses':['h'],'access_type':'NONE'}]}",
		       NULL, 65535,
		       "{'id':65535,'host':'gw-1.example_a','path':'/volumes/g/share',"
		       "'pseudo':'/cephfs','access_type':'MDONLY_RO','squash':'root_id_squash',"
		       "'protocols':[3,4],'transports':['UDP','TCP'],"
		       "'fsal':{'name':'CEPH','user_id':'nfs.gw','fs_name':'fs2'},"
		       "'clients':[{'addresses':['192.168.0.0/16','fd00::1','*.example.com'],"
		       "'access_type':'RO','squash':'all_squash'},"
		       "{'addresses':['10.0.0.1']},"
		       "{'addresses':['h'],'access_type':'NONE'}]}"));
	/* NFSv3 only needs no pseudo. */
	CHECK(accepted("{'path':'/','protocols':[3],'fsal':{'name':'CEPH','user_id':'u'}}", NULL, 2,
		       "{'id':2,'path':'/','access_type':'RW','squash':'no_root_squash',"
		       "'protocols':[3],'transports':['TCP'],"
		       "'fsal':{'name':'CEPH','user_id':'u'},'clients':[]}"));
	/* A full RGW export: the path is the bucket. */
	CHECK(accepted("{'path':'mybucket','pseudo':'/rgw','access_type':'RO',"
		       "'fsal':{'name':'RGW','user_id':'alice','access_key_id':'AK',"
		       "'secret_access_key':'SK/+='}}",
		       NULL, 7,
		       "{'id':7,'path':'mybucket','pseudo':'/rgw','access_type':'RO',"
		       "'squash':'no_root_squash','protocols':[4],'transports':['TCP'],"
		       "'fsal':{'name':'RGW','user_id':'alice','bucket':'mybucket',"
		       "'access_key_id':'AK','secret_access_key':'SK/+='},'clients':[]}"));
	/* RGW: the bucket alone gives the path; both the same is fine. */
	CHECK(accepted("{'pseudo':'/rgw'," RGW_FSAL(",'bucket':'b1','secret_access_key':'S'") "}",
		       NULL, 8,
		       "{'id':8,'path':'b1','pseudo':'/rgw','access_type':'RW',"
		       "'squash':'no_root_squash','protocols':[4],'transports':['TCP'],"
		       "'fsal':{'name':'RGW','user_id':'alice','bucket':'b1',"
		       "'access_key_id':'AK','secret_access_key':'S'},'clients':[]}"));
	CHECK(accepted("{'path':'b1','pseudo':'/rgw'," RGW_FSAL(
			       ",'bucket':'b1','secret_access_key':'S'") "}",
		       NULL, 8,
		       "{'id':8,'path':'b1','pseudo':'/rgw','access_type':'RW',"
		       "'squash':'no_root_squash','protocols':[4],'transports':['TCP'],"
		       "'fsal':{'name':'RGW','user_id':'alice','bucket':'b1',"
		       "'access_key_id':'AK','secret_access_key':'S'},'clients':[]}"));
	/* null is the same as absent for the string members. */
	CHECK(accepted(CEPH("'host':null,'access_type':null,'squash':null,"), NULL, 1,
		       CEPH_OUT("")));
	CHECK(accepted(CEPH_FSAL("'name':'CEPH','user_id':'nfs','fs_name':null"), NULL, 1,
		       CEPH_OUT("")));
	/* An empty clients list is no clients. */
	CHECK(accepted(CEPH("'clients':[],"), NULL, 1, CEPH_OUT("")));
	/* Strings may hold any printable byte but " and \ (UTF-8 too). */
	CHECK(accepted(CEPH_FSAL("'name':'CEPH','user_id':'n f s#{};=,\xc3\xbc'"), NULL, 1,
		       "{'id':1,'path':'/vol','pseudo':'/p','access_type':'RW',"
		       "'squash':'no_root_squash','protocols':[4],'transports':['TCP'],"
		       "'fsal':{'name':'CEPH','user_id':'n f s#{};=,\xc3\xbc'},"
		       "'clients':[]}"));
	/* Known leniency, kept: unknown members are ignored here (the route's body spec refuses
	 * them). */
	CHECK(accepted(CEPH("'bogus':1,'version':3,"), NULL, 1, CEPH_OUT("")));
	/*
	 * Known leniency, kept: FSAL CEPH ignores the RGW members (bucket, access key)
	 * instead of refusing them; the access key is not even checked (a number passes).
	 * Its secret_access_key is the cephx key of user_id (issue 14: the host needs no
	 * keyring of that user).
	 */
	CHECK(accepted(CEPH_FSAL("'name':'CEPH','user_id':'nfs','bucket':'b',"
				 "'access_key_id':5,'secret_access_key':'xy'"),
		       NULL, 1, CEPH_OUT(",'secret_access_key':'xy'")));
	CHECK(refused(CEPH_FSAL("'name':'CEPH','user_id':'nfs','secret_access_key':'x\\'y'"), NULL,
		      "fsal.secret_access_key", msg_str));
	/* Known leniency, kept: FSAL RGW ignores fs_name; an RGW bucket may be any string, "/" too.
	 */
	CHECK(accepted("{'path':'/','pseudo':'/rgw'," RGW_FSAL(
			       ",'fs_name':'fs','secret_access_key':'S'") "}",
		       NULL, 8,
		       "{'id':8,'path':'/','pseudo':'/rgw','access_type':'RW',"
		       "'squash':'no_root_squash','protocols':[4],'transports':['TCP'],"
		       "'fsal':{'name':'RGW','user_id':'alice','bucket':'/',"
		       "'access_key_id':'AK','secret_access_key':'S'},'clients':[]}"));
	/* Issue 14, defect 7: paths are normalised ("//" and a trailing '/'), "." and ".."
	 * refused: Ganesha served "/demo/" beside "/demo" and "/a//b/../c" as "/a/c". */
	CHECK(accepted("{'path':'//a//b/','pseudo':'/demo/','fsal':{'name':'CEPH',"
		       "'user_id':'nfs'}}",
		       NULL, 1,
		       "{'id':1,'path':'/a/b','pseudo':'/demo','access_type':'RW',"
		       "'squash':'no_root_squash','protocols':[4],'transports':['TCP'],"
		       "'fsal':{'name':'CEPH','user_id':'nfs'},'clients':[]}"));
	CHECK(refused("{'path':'/v','pseudo':'/a//b/../c','fsal':{'name':'CEPH','user_id':'n'}}",
		      NULL, "pseudo",
		      "pseudo has a '.' or '..' component: give the path itself (Ganesha would "
		      "serve another one)"));
	CHECK(refused("{'path':'/v/./w','pseudo':'/p','fsal':{'name':'CEPH','user_id':'n'}}", NULL,
		      "path",
		      "path has a '.' or '..' component: give the path itself (Ganesha would "
		      "serve another one)"));
	/* Issue 14, defect 8: NFSv4 over UDP alone is refused (Ganesha refuses it at load). */
	CHECK(refused(CEPH("'transports':['UDP'],"), NULL, "transports",
		      "NFSv4 needs TCP: add TCP to transports"));
	CHECK(accepted("{'path':'/vol','protocols':[3],'transports':['UDP'],'fsal':{'name':"
		       "'CEPH','user_id':'nfs'}}",
		       NULL, 1,
		       "{'id':1,'path':'/vol','access_type':'RW','squash':'no_root_squash',"
		       "'protocols':[3],'transports':['UDP'],'fsal':{'name':'CEPH',"
		       "'user_id':'nfs'},'clients':[]}"));
	/* Issue 14, defect 9: what the stored export holds that the API does not model is
	 * kept by a PUT; a CEPH key left out is kept for the same user. */
	CHECK(accepted(CEPH(""),
		       "{'id':1,'path':'/vol','fsal':{'name':'CEPH','user_id':'nfs',"
		       "'secret_access_key':'K'},'extra':{'export':{'sectype':['sys']},'fsal':{}}}",
		       1,
		       "{'id':1,'path':'/vol','pseudo':'/p','access_type':'RW','squash':"
		       "'no_root_squash','protocols':[4],'transports':['TCP'],'fsal':{'name':"
		       "'CEPH','user_id':'nfs','secret_access_key':'K'},'clients':[],"
		       "'extra':{'export':{'sectype':['sys']},'fsal':{}}}"));
	/* An address is given once per export: twice in a client, or in two clients, is refused. */
	CHECK(refused(CEPH("'clients':[{'addresses':['a','a']}],"), NULL, "clients[0].addresses[1]",
		      "an address is given once per export"));
	CHECK(refused(CEPH("'clients':[{'addresses':['a','b']},{'addresses':['c','b']}],"), NULL,
		      "clients[1].addresses[1]", "an address is given once per export"));
}

/* The longest strings: 1024 bytes pass opt_str; more do not. */
static void
test_lengths(void)
{
	char *body = malloc(4096), *want = malloc(4096), s[1100];
	cJSON *b, *out = NULL;
	struct req r;

	s[0] = '/';
	memset(s + 1, 'p', 1023);
	s[1024] = '\0';
	snprintf(body, 4096,
		 "{'path':'%s','pseudo':'%s','fsal':{'name':'CEPH','user_id':"
		 "'nfs'}}",
		 s, s);
	/* A path and pseudo of 1024 bytes pass, are written and read back. */
	b = json_q(body);
	req_init(&r, NULL, NULL, 0);
	CHECK(nfs_check_export(&r, b, NULL, 1, &out) == 0 && out);
	CHECK(out && strlen(json_str(out, "pseudo")) == 1024 && round_trips(out, 1));
	req_release(&r);
	cJSON_Delete(b);
	/*
	 * Known leniency, kept: the "pseudo is at most 1024 characters" check in check_paths is
	 * never reached: opt_str refuses a string over 1024 bytes first, with its generic
	 * message.
	 */
	s[1024] = 'p';
	s[1025] = '\0';
	snprintf(body, 4096, "{'path':'/vol','pseudo':'%s','fsal':{'name':'CEPH','user_id':'nfs'}}",
		 s);
	CHECK(refused(body, NULL, "pseudo", msg_str));
	snprintf(body, 4096, "{'path':'%s','pseudo':'/p','fsal':{'name':'CEPH','user_id':'nfs'}}",
		 s);
	CHECK(refused(body, NULL, "path", msg_str));
	/* A host name: up to 253 bytes. */
	memset(s, 'h', 253);
	s[253] = '\0';
	snprintf(body, 4096, CEPH("'host':'%s',"), s);
	snprintf(want, 4096,
		 "{'id':1,'host':'%s','path':'/vol','pseudo':'/p','access_type':'RW','squash':"
		 "'no_root_squash','protocols':[4],'transports':['TCP'],'fsal':{'name':"
		 "'CEPH','user_id':'nfs'},'clients':[]}",
		 s);
	CHECK(accepted(body, NULL, 1, want));
	s[253] = 'h';
	s[254] = '\0';
	snprintf(body, 4096, CEPH("'host':'%s',"), s);
	CHECK(refused(body, NULL, "host",
		      "host is a Ganesha host's minion id (letters, digits, . _ -)"));
	free(body);
	free(want);
}

static void
test_refused(void)
{
	const char *acc = "access_type is one of RW, RO, MDONLY, MDONLY_RO, NONE";
	const char *sq = "squash is one of no_root_squash, root_squash, all_squash, root_id_squash";
	const char *host = "host is a Ganesha host's minion id (letters, digits, . _ -)";
	const char *proto = "a protocol is 3 or 4, once", *tr = "a transport is TCP or UDP, once";
	const char *fsal = "fsal is an object {name: CEPH or RGW, user_id, ...}";
	const char *cls = "clients is a list of at most 64 {addresses, access_type?, squash?}";
	const char *addrs = "addresses is a list of 1 to 64 hosts, IPs or networks";
	const char *addr = "an address is a host name, IP, network (a.b.c.d/n), wildcard or "
			   "@netgroup: letters, digits and . : / _ - * ? @ only";

	/* Strings: a non-empty printable string without " or \ of at most 1024 bytes. */
	CHECK(refused(CEPH("'host':5,"), NULL, "host", msg_str));
	CHECK(refused(CEPH("'host':'',"), NULL, "host", msg_str));
	CHECK(refused(CEPH("'host':['gw'],"), NULL, "host", msg_str));
	CHECK(refused("{'path':5,'pseudo':'/p','fsal':{'name':'CEPH','user_id':'u'}}", NULL, "path",
		      msg_str));
	CHECK(refused("{'path':'','pseudo':'/p','fsal':{'name':'CEPH','user_id':'u'}}", NULL,
		      "path", msg_str));
	CHECK(refused("{'path':'/a\\'b','pseudo':'/p','fsal':{'name':'CEPH','user_id':'u'}}", NULL,
		      "path", msg_str));
	CHECK(refused("{'path':'/a\\\\b','pseudo':'/p','fsal':{'name':'CEPH','user_id':'u'}}", NULL,
		      "path", msg_str));
	CHECK(refused("{'path':'/a\\nb','pseudo':'/p','fsal':{'name':'CEPH','user_id':'u'}}", NULL,
		      "path", msg_str));
	CHECK(refused("{'path':'/a\\tb','pseudo':'/p','fsal':{'name':'CEPH','user_id':'u'}}", NULL,
		      "path", msg_str));
	CHECK(refused("{'path':'/a\\u007fb','pseudo':'/p','fsal':{'name':'CEPH','user_id':'u'}}",
		      NULL, "path", msg_str));
	CHECK(refused("{'path':'/vol','pseudo':true,'fsal':{'name':'CEPH','user_id':'u'}}", NULL,
		      "pseudo", msg_str));
	/* The host: a minion id. */
	CHECK(refused(CEPH("'host':'gw 1',"), NULL, "host", host));
	CHECK(refused(CEPH("'host':'gw/1',"), NULL, "host", host));
	CHECK(refused(CEPH("'host':'gw:1',"), NULL, "host", host));
	CHECK(refused(CEPH("'host':'g\xc3\xbc',"), NULL, "host", host));
	/* Access type and squash: the exact words, case-sensitive. */
	CHECK(refused(CEPH("'access_type':'rw',"), NULL, "access_type", acc));
	CHECK(refused(CEPH("'access_type':'WO',"), NULL, "access_type", acc));
	CHECK(refused(CEPH("'access_type':1,"), NULL, "access_type", msg_str));
	CHECK(refused(CEPH("'squash':'none',"), NULL, "squash", sq));
	CHECK(refused(CEPH("'squash':'Root_Squash',"), NULL, "squash", sq));
	CHECK(refused(CEPH("'squash':false,"), NULL, "squash", msg_str));
	/* Protocols: a non-empty list of 3 and 4, each once. */
	CHECK(refused(CEPH("'protocols':4,"), NULL, "protocols",
		      "protocols is a non-empty list of 3 and 4"));
	CHECK(refused(CEPH("'protocols':[],"), NULL, "protocols",
		      "protocols is a non-empty list of 3 and 4"));
	/* Known leniency, kept: null is refused for the lists although it means absent for strings.
	 */
	CHECK(refused(CEPH("'protocols':null,"), NULL, "protocols",
		      "protocols is a non-empty list of 3 and 4"));
	CHECK(refused(CEPH("'protocols':[2],"), NULL, "protocols[0]", proto));
	CHECK(refused(CEPH("'protocols':[4,4],"), NULL, "protocols[1]", proto));
	CHECK(refused(CEPH("'protocols':[3,'4'],"), NULL, "protocols[1]", proto));
	CHECK(refused(CEPH("'protocols':[3.5],"), NULL, "protocols[0]", proto));
	CHECK(refused(CEPH("'protocols':[1e300],"), NULL, "protocols[0]", proto));
	CHECK(refused(CEPH("'protocols':[-4],"), NULL, "protocols[0]", proto));
	/* Transports: a non-empty list of TCP and UDP (any case), each once. */
	CHECK(refused(CEPH("'transports':'TCP',"), NULL, "transports",
		      "transports is a non-empty list of TCP and UDP"));
	CHECK(refused(CEPH("'transports':[],"), NULL, "transports",
		      "transports is a non-empty list of TCP and UDP"));
	CHECK(refused(CEPH("'transports':null,"), NULL, "transports",
		      "transports is a non-empty list of TCP and UDP"));
	CHECK(refused(CEPH("'transports':['RDMA'],"), NULL, "transports[0]", tr));
	CHECK(refused(CEPH("'transports':['UDP','tcp','TCP'],"), NULL, "transports[2]", tr));
	CHECK(refused(CEPH("'transports':[6],"), NULL, "transports[0]", tr));
	/* The FSAL: an object, CEPH or RGW (exactly), a user. */
	CHECK(refused("{'path':'/vol','pseudo':'/p'}", NULL, "fsal", fsal));
	CHECK(refused("{'path':'/vol','pseudo':'/p','fsal':'CEPH'}", NULL, "fsal", fsal));
	CHECK(refused("{'path':'/vol','pseudo':'/p','fsal':[]}", NULL, "fsal", fsal));
	CHECK(refused("{'path':'/vol','pseudo':'/p','fsal':null}", NULL, "fsal", fsal));
	CHECK(refused(CEPH_FSAL("'user_id':'nfs'"), NULL, "fsal.name", "fsal.name is CEPH or RGW"));
	CHECK(refused(CEPH_FSAL("'name':'ceph','user_id':'nfs'"), NULL, "fsal.name",
		      "fsal.name is CEPH or RGW"));
	CHECK(refused(CEPH_FSAL("'name':'VFS','user_id':'nfs'"), NULL, "fsal.name",
		      "fsal.name is CEPH or RGW"));
	CHECK(refused(CEPH_FSAL("'name':1,'user_id':'nfs'"), NULL, "fsal.name", msg_str));
	CHECK(refused(CEPH_FSAL("'name':'CEPH'"), NULL, "fsal.user_id",
		      "fsal.user_id (the Ceph or RGW user) is required"));
	CHECK(refused(CEPH_FSAL("'name':'CEPH','user_id':''"), NULL, "fsal.user_id", msg_str));
	CHECK(refused(CEPH_FSAL("'name':'CEPH','user_id':'u','fs_name':7"), NULL, "fsal.fs_name",
		      msg_str));
	/* bucket is checked as a string even for CEPH, which then ignores it. */
	CHECK(refused(CEPH_FSAL("'name':'CEPH','user_id':'u','bucket':'a\\'b'"), NULL,
		      "fsal.bucket", msg_str));
	/* RGW: one bucket, the keys. */
	CHECK(refused("{'path':'b1','pseudo':'/p'," RGW_FSAL(
			      ",'bucket':'b2','secret_access_key':'S'") "}",
		      NULL, "fsal.bucket",
		      "for FSAL RGW the path is the bucket: give one of them"));
	CHECK(refused("{'path':'b','pseudo':'/p','fsal':{'name':'RGW','user_id':'a',"
		      "'secret_access_key':'S'}}",
		      NULL, "fsal.access_key_id", "FSAL RGW needs the user's access_key_id"));
	CHECK(refused("{'path':'b','pseudo':'/p'," RGW_FSAL("") "}", NULL, "fsal.secret_access_key",
		      "FSAL RGW needs the user's secret_access_key"));
	/* No keys at all: the handler takes the user's from the Object Gateway. */
	CHECK(accepted("{'path':'b','pseudo':'/p','fsal':{'name':'RGW','user_id':'a'}}", NULL, 3,
		       "{'id':3,'path':'b','pseudo':'/p','access_type':'RW','squash':"
		       "'no_root_squash','protocols':[4],'transports':['TCP'],'fsal':{'name':"
		       "'RGW','user_id':'a','bucket':'b'},'clients':[]}"));
	CHECK(refused("{'path':'b','pseudo':'/p'," RGW_FSAL(",'secret_access_key':''") "}", NULL,
		      "fsal.secret_access_key", msg_str));
	CHECK(refused("{'path':'b','pseudo':'/p'," RGW_FSAL(",'secret_access_key':1") "}", NULL,
		      "fsal.secret_access_key", msg_str));
	CHECK(refused("{'path':'b','pseudo':'/p','fsal':{'name':'RGW','user_id':'a',"
		      "'access_key_id':'','secret_access_key':'S'}}",
		      NULL, "fsal.access_key_id", msg_str));
	/* Paths. */
	CHECK(refused("{'pseudo':'/p','fsal':{'name':'CEPH','user_id':'u'}}", NULL, "path",
		      "path (in CephFS) is required"));
	CHECK(refused("{'pseudo':'/p'," RGW_FSAL(",'secret_access_key':'S'") "}", NULL, "path",
		      "path (the bucket) is required"));
	CHECK(refused("{'path':'vol','pseudo':'/p','fsal':{'name':'CEPH','user_id':'u'}}", NULL,
		      "path", "path is an absolute CephFS path"));
	CHECK(refused("{'path':'/vol','pseudo':'p','fsal':{'name':'CEPH','user_id':'u'}}", NULL,
		      "pseudo", "pseudo is an absolute path in the NFSv4 namespace"));
	CHECK(refused("{'path':'/vol','pseudo':'p','protocols':[3],'fsal':{'name':"
		      "'CEPH','user_id':'u'}}",
		      NULL, "pseudo", "pseudo is an absolute path in the NFSv4 namespace"));
	CHECK(refused("{'path':'/vol','fsal':{'name':'CEPH','user_id':'u'}}", NULL, "pseudo",
		      "pseudo is required for NFSv4"));
	CHECK(refused("{'path':'/vol','protocols':[3,4],'fsal':{'name':'CEPH','user_id':'u'}}",
		      NULL, "pseudo", "pseudo is required for NFSv4"));
	/* Clients. */
	CHECK(refused(CEPH("'clients':{},"), NULL, "clients", cls));
	CHECK(refused(CEPH("'clients':'*',"), NULL, "clients", cls));
	CHECK(refused(CEPH("'clients':null,"), NULL, "clients", cls));
	CHECK(refused(CEPH("'clients':['*'],"), NULL, "clients[0]",
		      "a client block is an object {addresses, ...}"));
	CHECK(refused(CEPH("'clients':[{'addresses':['a']},[]],"), NULL, "clients[1]",
		      "a client block is an object {addresses, ...}"));
	CHECK(refused(CEPH("'clients':[{}],"), NULL, "clients[0].addresses", addrs));
	CHECK(refused(CEPH("'clients':[{'addresses':[]}],"), NULL, "clients[0].addresses", addrs));
	CHECK(refused(CEPH("'clients':[{'addresses':'a'}],"), NULL, "clients[0].addresses", addrs));
	/* Bodies are bounded: at most 64 client blocks, 64 addresses each. */
	{
		struct buf b;

		buf_init(&b);
		buf_puts(&b, "{'clients':[");
		for (int k = 0; k < 65; k++)
			buf_printf(&b, "%s{'addresses':['h%d']}", k ? "," : "", k);
		buf_puts(&b,
			 "],'path':'/vol','pseudo':'/p','fsal':{'name':'CEPH','user_id':'nfs'}}");
		CHECK(refused(b.data, NULL, "clients", cls));
		buf_free(&b);
		buf_init(&b);
		buf_puts(&b, "{'clients':[{'addresses':[");
		for (int k = 0; k < 65; k++)
			buf_printf(&b, "%s'h%d'", k ? "," : "", k);
		buf_puts(&b,
			 "]}],'path':'/vol','pseudo':'/p','fsal':{'name':'CEPH','user_id':'nfs'}}");
		CHECK(refused(b.data, NULL, "clients[0].addresses", addrs));
		buf_free(&b);
	}
	CHECK(refused(CEPH("'clients':[{'addresses':['a']},{'addresses':['a b']}],"), NULL,
		      "clients[1].addresses[0]", addr));
	CHECK(refused(CEPH("'clients':[{'addresses':['a',5]}],"), NULL, "clients[0].addresses[1]",
		      addr));
	CHECK(refused(CEPH("'clients':[{'addresses':['']}],"), NULL, "clients[0].addresses[0]",
		      addr));
	CHECK(refused(CEPH("'clients':[{'addresses':['a\\'']}],"), NULL, "clients[0].addresses[0]",
		      addr));
	CHECK(refused(CEPH("'clients':[{'addresses':['a\\tb']}],"), NULL, "clients[0].addresses[0]",
		      addr));
	/* Issue 14, defect 1: written bare, so nothing Ganesha's lexer would split. */
	CHECK(refused(CEPH("'clients':[{'addresses':['a,b']}],"), NULL, "clients[0].addresses[0]",
		      addr));
	CHECK(refused(CEPH("'clients':[{'addresses':['a;#']}],"), NULL, "clients[0].addresses[0]",
		      addr));
	CHECK(refused(CEPH("'clients':[{'addresses':['a'],'access_type':'rw'}],"), NULL,
		      "clients[0].access_type", acc));
	CHECK(refused(CEPH("'clients':[{'addresses':['a'],'access_type':3}],"), NULL,
		      "clients[0].access_type", msg_str));
	CHECK(refused(CEPH("'clients':[{'addresses':['a']},{'addresses':['b'],'squash':"
			   "'squash'}],"),
		      NULL, "clients[1].squash", sq));
	/*
	 * The first problem in check order is the one answered: strings, host, modes,
	 * protocols, transports, fsal, paths, clients.
	 */
	CHECK(refused("{'host':'a b','access_type':'x','path':'rel'}", NULL, "host", host));
	CHECK(refused("{'path':'rel','pseudo':5}", NULL, "pseudo", msg_str));
	CHECK(refused("{'path':'rel','transports':[],'protocols':[]}", NULL, "protocols",
		      "protocols is a non-empty list of 3 and 4"));
	CHECK(refused("{'path':'rel','clients':5}", NULL, "fsal", fsal));
	CHECK(refused("{'path':'rel','clients':5,'fsal':{'name':'CEPH','user_id':'u'}}", NULL,
		      "path", "path is an absolute CephFS path"));
}

/* An RGW secret left out of the body is kept from the stored export. */
static void
test_secrets(void)
{
	static const char old[] = "{'id':7,'path':'b','pseudo':'/p','fsal':{'name':'RGW',"
				  "'user_id':'alice','bucket':'b','access_key_id':'AK',"
				  "'secret_access_key':'OLD'},'version':12}";
	static const char out_old[] =
		"{'id':7,'path':'b','pseudo':'/p','access_type':'RW','squash':"
		"'no_root_squash','protocols':[4],'transports':['TCP'],'fsal':{'name':"
		"'RGW','user_id':'alice','bucket':'b','access_key_id':'AK',"
		"'secret_access_key':'OLD'},'clients':[]}";

	CHECK(accepted("{'path':'b','pseudo':'/p'," RGW_FSAL("") "}", old, 7, out_old));
	CHECK(accepted("{'path':'b','pseudo':'/p'," RGW_FSAL(",'secret_access_key':null") "}", old,
		       7, out_old));
	/* A secret given replaces the stored one. */
	CHECK(accepted("{'path':'b','pseudo':'/p'," RGW_FSAL(",'secret_access_key':'NEW'") "}", old,
		       7,
		       "{'id':7,'path':'b','pseudo':'/p','access_type':'RW','squash':"
		       "'no_root_squash','protocols':[4],'transports':['TCP'],'fsal':{'name':"
		       "'RGW','user_id':'alice','bucket':'b','access_key_id':'AK',"
		       "'secret_access_key':'NEW'},'clients':[]}"));
	/* No stored export, a stored one without a secret, or a stored CEPH one: refused. */
	CHECK(refused("{'path':'b','pseudo':'/p'," RGW_FSAL("") "}", NULL, "fsal.secret_access_key",
		      "FSAL RGW needs the user's secret_access_key"));
	CHECK(refused("{'path':'b','pseudo':'/p'," RGW_FSAL("") "}",
		      "{'fsal':{'name':'RGW','user_id':'alice','access_key_id':'AK'}}",
		      "fsal.secret_access_key", "FSAL RGW needs the user's secret_access_key"));
	CHECK(refused("{'path':'b','pseudo':'/p'," RGW_FSAL("") "}",
		      "{'fsal':{'name':'CEPH','user_id':'u','secret_access_key':'X'}}",
		      "fsal.secret_access_key", "FSAL RGW needs the user's secret_access_key"));
	CHECK(refused("{'path':'b','pseudo':'/p'," RGW_FSAL("") "}",
		      "{'fsal':{'name':'rgw','secret_access_key':'X'}}", "fsal.secret_access_key",
		      "FSAL RGW needs the user's secret_access_key"));
	/* Nothing else comes from the stored export: not its clients, modes or host. */
	CHECK(accepted("{'path':'b','pseudo':'/p'," RGW_FSAL("") "}",
		       "{'host':'gw','access_type':'RO','clients':[{'addresses':['a']}],"
		       "'fsal':{'name':'RGW','secret_access_key':'OLD'}}",
		       7, out_old));
	/*
	 * Known leniency, kept: the secret is kept even when the body changes access_key_id (or
	 * user_id): the stored secret of one key pair goes out with another key.
	 */
	CHECK(accepted("{'path':'b','pseudo':'/p','fsal':{'name':'RGW','user_id':"
		       "'bob','access_key_id':'AK2'}}",
		       old, 7,
		       "{'id':7,'path':'b','pseudo':'/p','access_type':'RW','squash':"
		       "'no_root_squash','protocols':[4],'transports':['TCP'],'fsal':{'name':"
		       "'RGW','user_id':'bob','bucket':'b','access_key_id':'AK2',"
		       "'secret_access_key':'OLD'},'clients':[]}"));
	/* A CEPH body never takes a secret, stored or given. */
	CHECK(accepted(CEPH(""), old, 1, CEPH_OUT("")));
}

static void
test_iqn(void)
{
	char s[300];

	/* iqn.YYYY-MM.reverse.domain[:name], lower case. */
	CHECK(iscsi_valid_iqn("iqn.2003-01.org.linux-iscsi.host:sn.123456789"));
	CHECK(iscsi_valid_iqn("iqn.2016-12.com.example"));
	CHECK(iscsi_valid_iqn("iqn.1999-09.a"));
	CHECK(iscsi_valid_iqn("iqn.2020-10.com.example:a:b-c.d"));
	CHECK(iscsi_valid_iqn("iqn.2012-12.x-y.z0:storage.disk2.sys1.xyz"));
	CHECK(iscsi_valid_iqn("iqn.2001-04.com.example:storage:diskarrays-sn-a8675309"));
	CHECK(iscsi_valid_iqn("iqn.2001-04.com.example.storage.tape.sys1.xyz"));
	CHECK(iscsi_valid_iqn("iqn.2012-12.123.456"));
	/* Months 01 to 12. */
	CHECK(iscsi_valid_iqn("iqn.2003-10.com"));
	CHECK(iscsi_valid_iqn("iqn.2003-11.com"));
	CHECK(!iscsi_valid_iqn("iqn.2003-00.com"));
	CHECK(!iscsi_valid_iqn("iqn.2003-13.com"));
	CHECK(!iscsi_valid_iqn("iqn.2003-20.com"));
	CHECK(!iscsi_valid_iqn("iqn.2003-1.com"));
	CHECK(!iscsi_valid_iqn("iqn.2003-001.com"));
	/* Known leniency, kept: any four digits are a year, 0000 too. */
	CHECK(iscsi_valid_iqn("iqn.0000-01.com"));
	CHECK(!iscsi_valid_iqn("iqn.203-01.com"));
	CHECK(!iscsi_valid_iqn("iqn.20a3-01.com"));
	CHECK(!iscsi_valid_iqn("iqn.2003_01.com"));
	CHECK(!iscsi_valid_iqn("iqn.2003-01com"));
	CHECK(!iscsi_valid_iqn("iqn.2003-01:com"));
	/* The prefix: "iqn." in lower case; eui. and naa. names are not IQNs. */
	CHECK(!iscsi_valid_iqn("IQN.2003-01.com.example"));
	CHECK(!iscsi_valid_iqn("iqn2003-01.com.example"));
	CHECK(!iscsi_valid_iqn("eui.02004567A425678D"));
	CHECK(!iscsi_valid_iqn("naa.52004567BA64678D"));
	CHECK(!iscsi_valid_iqn(" iqn.2003-01.com"));
	/* The naming authority: dot-separated labels of [a-z0-9-], no '-' at either end. */
	CHECK(!iscsi_valid_iqn("iqn.2003-01.Com.example"));
	CHECK(!iscsi_valid_iqn("iqn.2003-01.com.exa_mple"));
	CHECK(!iscsi_valid_iqn("iqn.2003-01.-com"));
	CHECK(!iscsi_valid_iqn("iqn.2003-01.com-"));
	CHECK(!iscsi_valid_iqn("iqn.2003-01.com.-x"));
	CHECK(!iscsi_valid_iqn("iqn.2003-01..com"));
	CHECK(!iscsi_valid_iqn("iqn.2003-01.com."));
	CHECK(!iscsi_valid_iqn("iqn.2003-01.com.:x"));
	CHECK(!iscsi_valid_iqn("iqn.2003-01.:x"));
	CHECK(!iscsi_valid_iqn("iqn.2003-01."));
	CHECK(!iscsi_valid_iqn("iqn.2003-01"));
	CHECK(!iscsi_valid_iqn("iqn.2003-01.com example"));
	CHECK(!iscsi_valid_iqn("iqn.2003-01.c\xc3\xb6m"));
	/* Known leniency, kept: a label has no length limit (DNS has 63). */
	memset(s, 0, sizeof(s));
	memcpy(s, "iqn.2003-01.", 12);
	memset(s + 12, 'a', 100);
	CHECK(iscsi_valid_iqn(s));
	/* After the colon: at least one of [a-z0-9-.:]. */
	CHECK(!iscsi_valid_iqn("iqn.2003-01.com:"));
	CHECK(!iscsi_valid_iqn("iqn.2003-01.com:Disk1"));
	CHECK(!iscsi_valid_iqn("iqn.2003-01.com:disk_1"));
	CHECK(!iscsi_valid_iqn("iqn.2003-01.com:disk 1"));
	CHECK(!iscsi_valid_iqn("iqn.2003-01.com:disk/1"));
	CHECK(!iscsi_valid_iqn("iqn.2003-01.com:d\xc3\xbc"));
	/* Known leniency, kept: punctuation alone after the colon passes. */
	CHECK(iscsi_valid_iqn("iqn.2003-01.com:."));
	CHECK(iscsi_valid_iqn("iqn.2003-01.com:-"));
	CHECK(iscsi_valid_iqn("iqn.2003-01.com::"));
	/* Truncated prefixes read no further than their end. */
	CHECK(!iscsi_valid_iqn(""));
	CHECK(!iscsi_valid_iqn("iqn"));
	CHECK(!iscsi_valid_iqn("iqn."));
	CHECK(!iscsi_valid_iqn("iqn.2"));
	CHECK(!iscsi_valid_iqn("iqn.2003-"));
	CHECK(!iscsi_valid_iqn("iqn.2003-0"));
	CHECK(!iscsi_valid_iqn(NULL));
	/* At most 223 bytes (RFC 3720 3.2.6.1). */
	memset(s, 0, sizeof(s));
	memcpy(s, "iqn.2003-01.com:", 16);
	memset(s + 16, 'a', 223 - 16);
	CHECK(strlen(s) == 223 && iscsi_valid_iqn(s));
	s[223] = 'a';
	CHECK(strlen(s) == 224 && !iscsi_valid_iqn(s));
}

int
main(void)
{
	test_valid();
	test_lengths();
	test_refused();
	test_secrets();
	test_iqn();
	return t_done();
}
