/*
 * test_nfs_format.c - nfs_format.c: the Ganesha EXPORT block both ways. Full exports
 * (FSAL CEPH and RGW, CLIENT blocks) parse to the stored shape; what nfs_format_export
 * writes parses back to the same export; comments, quoting, case and whitespace
 * variants read alike; malformed text is refused with a reason and does not crash;
 * the parser's bounds (size, depth, names per block, keys, blocks and values in all,
 * value and name length) refuse with a reason too. Each "Known leniency, kept" marks text
 * that is still accepted although it is not quite an export (lenient, not harmful).
 */
#include "t.h"
#include "api/gateways/nfs/nfs.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

/* The reason for a name given as a key and as a block in one block. */
static const char both[] = "a name used both as key and as block";

/* Whether text parses to the export written as JSON in want (members in any order). */
#define BARE_SQUASH                                                                                \
	"{\"id\":1,\"squash\":\"no_root_squash\",\"protocols\":[],\"transports\":[],"              \
	"\"fsal\":{\"name\":\"\"},\"clients\":[]}"

static int
parses_to(const char *text, const char *want)
{
	const char *why = NULL;
	cJSON *got = nfs_parse_export(text, &why), *w = cJSON_Parse(want);
	int ok;

	/* The modelled members; what is kept of the rest is checked by test_kept. */
	if (got && !cJSON_GetObjectItemCaseSensitive(w, "extra"))
		cJSON_DeleteItemFromObjectCaseSensitive(got, "extra");
	ok = got && w && cJSON_Compare(got, w, 1);

	if (!ok) {
		char *s = got ? cJSON_PrintUnformatted(got) : NULL;
		fprintf(stderr, "  parsed: %s\n  wanted: %s\n", s ? s : why, want);
		free(s);
	}
	cJSON_Delete(got);
	cJSON_Delete(w);
	return ok;
}

/* Whether text is refused with exactly the reason want. */
static int
refused(const char *text, const char *want)
{
	const char *why = NULL;
	cJSON *got = nfs_parse_export(text, &why);
	int ok = !got && t_streq(why, want);

	if (!ok)
		fprintf(stderr, "  %s instead of refused with \"%s\"\n", got ? "accepted" : why,
			want);
	cJSON_Delete(got);
	return ok;
}

/*
 * Whether the export (JSON) written by nfs_format_export parses back equal to itself
 * (want 1) or not (want 0); prints what happened when that is not what was wanted.
 */
static int
round_trips(const char *json, int want)
{
	cJSON *e = cJSON_Parse(json), *back;
	const char *why = NULL;
	char *text;
	int ok;

	if (!e)
		return 0;
	text = nfs_format_export(e);
	back = nfs_parse_export(text, &why);
	ok = back && cJSON_Compare(e, back, 1);
	if (ok != want) {
		char *s = back ? cJSON_PrintUnformatted(back) : NULL;
		fprintf(stderr, "  wrote:\n%s  read back: %s\n", text, s ? s : why);
		free(s);
	}
	free(text);
	cJSON_Delete(back);
	cJSON_Delete(e);
	return ok == want;
}

/*
 * Whether parsing text returns at all, run in a child with an 8 MiB stack and its
 * stderr muted, so a crash is observed rather than suffered.
 */
static int
survives(const char *text)
{
	pid_t pid;
	int st;

	fflush(NULL);
	if ((pid = fork()) == 0) {
		struct rlimit rl;
		const char *why;
		int fd = open("/dev/null", O_WRONLY);

		if (fd >= 0)
			dup2(fd, 2);
		if (getrlimit(RLIMIT_STACK, &rl) == 0 &&
		    (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > (8u << 20))) {
			rl.rlim_cur = 8u << 20;
			setrlimit(RLIMIT_STACK, &rl);
		}
		cJSON_Delete(nfs_parse_export(text, &why));
		_exit(0);
	}
	return pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

/* Whether text is refused with the reason want, and does not crash a child either. */
static int
crash_refused(const char *text, const char *want)
{
	return survives(text) && refused(text, want);
}

/* The length of the path text parses to, -1 when refused. */
static long
path_len(const char *text)
{
	const char *why;
	cJSON *e = nfs_parse_export(text, &why);
	long n = e && json_str(e, "path") ? (long)strlen(json_str(e, "path")) : -1;

	cJSON_Delete(e);
	return n;
}

/* The number of addresses of the first client text parses to, -1 when refused. */
static long
addresses(const char *text)
{
	const char *why;
	cJSON *e = nfs_parse_export(text, &why);
	const cJSON *c = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(e, "clients"), 0);
	long n = e ? cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(c, "addresses")) : -1;

	cJSON_Delete(e);
	return n;
}

/* "EXPORT { Export_ID = 1; " + depth times "a { " (+ as many "} " when closed) + "}" */
static char *
nested(long depth, int closed)
{
	char *t = malloc((size_t)depth * 4 + 64), *p = t;

	p += sprintf(p, "EXPORT { Export_ID = 1; ");
	for (long i = 0; i < depth; i++)
		p = memcpy(p, "a{", 2), p += 2;
	for (long i = 0; closed && i < depth; i++)
		*p++ = '}';
	strcpy(p, "}");
	return t;
}

/* An export whose Path is n times c, quoted or bare. */
static char *
long_path(size_t n, int quoted)
{
	char *t = malloc(n + 64), *p = t;

	p += sprintf(p, "EXPORT { Export_ID = 1; Path = %s", quoted ? "\"" : "");
	memset(p, 'a', n);
	p += n;
	strcpy(p, quoted ? "\"; }" : "; }");
	return t;
}

/* An export with a key of n letters. */
static char *
long_key(size_t n)
{
	char *t = malloc(n + 64), *p = t;

	p += sprintf(p, "EXPORT { Export_ID = 1; ");
	memset(p, 'k', n);
	p += n;
	strcpy(p, " = 1; }");
	return t;
}

static const char ceph_text[] = "# openATTIC host = gw-1\n"
				"# a CephFS export, as an admin would write it\n"
				"EXPORT {\n"
				"\tExport_ID = 100;\n"
				"\tPath = \"/volumes/share\";\n"
				"\tPseudo = \"/cephfs/share\";\n"
				"\tAccess_Type = RW;\n"
				"\tSquash = no_root_squash;\n"
				"\tProtocols = 3, 4;\n"
				"\tTransports = TCP, UDP;\n"
				"\tFSAL {\n"
				"\t\tName = CEPH;\n"
				"\t\tUser_Id = \"nfs.gw\";\n"
				"\t\tFilesystem = \"cephfs\";\n"
				"\t}\n"
				"\tCLIENT {\n"
				"\t\tClients = 192.168.0.0/16, \"host.example.com\", fd00::1;\n"
				"\t\tAccess_Type = RO;\n"
				"\t\tSquash = root_squash;\n"
				"\t}\n"
				"\tCLIENT {\n"
				"\t\tClients = 10.0.0.1;\n"
				"\t\tAccess_Type = NONE;\n"
				"\t}\n"
				"}\n";
static const char ceph_json[] =
	"{\"id\":100,\"host\":\"gw-1\",\"path\":\"/volumes/share\",\"pseudo\":\"/cephfs/share\","
	"\"access_type\":\"RW\",\"squash\":\"no_root_squash\",\"protocols\":[3,4],"
	"\"transports\":[\"TCP\",\"UDP\"],"
	"\"fsal\":{\"name\":\"CEPH\",\"user_id\":\"nfs.gw\",\"fs_name\":\"cephfs\"},"
	"\"clients\":[{\"addresses\":[\"192.168.0.0/16\",\"host.example.com\",\"fd00::1\"],"
	"\"access_type\":\"RO\",\"squash\":\"root_squash\"},"
	"{\"addresses\":[\"10.0.0.1\"],\"access_type\":\"NONE\"}]}";

static const char rgw_text[] = "EXPORT\n"
			       "{\n"
			       "    Export_ID=7;\n"
			       "    Path = \"mybucket\";\n"
			       "    Pseudo = \"/rgw/mybucket\";\n"
			       "    Access_Type = RO;\n"
			       "    Protocols = NFSv4;\n"
			       "    Transports = \"tcp\";\n"
			       "    FSAL {\n"
			       "        Name = \"rgw\";\n"
			       "        User_Id = \"alice\";\n"
			       "        Access_Key_Id = \"AKIAEXAMPLE\";\n"
			       "        Secret_Access_Key = \"s3cr3t/+=\";\n"
			       "    }\n"
			       "    CLIENT { Clients = *; Squash = all_squash; }\n"
			       "}\n";
static const char rgw_json[] =
	"{\"id\":7,\"path\":\"mybucket\",\"pseudo\":\"/rgw/mybucket\",\"access_type\":\"RO\","
	"\"protocols\":[4],\"transports\":[\"TCP\"],"
	"\"fsal\":{\"name\":\"RGW\",\"user_id\":\"alice\",\"access_key_id\":\"AKIAEXAMPLE\","
	"\"secret_access_key\":\"s3cr3t/+=\",\"bucket\":\"mybucket\"},"
	"\"clients\":[{\"addresses\":[\"*\"],\"squash\":\"all_squash\"}]}";

/* The shape of an export with only an id: what every key left out reads as. */
#define BARE(id)                                                                                   \
	"{\"id\":" id ",\"protocols\":[],\"transports\":[],\"fsal\":{\"name\":\"\"},"              \
	"\"clients\":[]}"

static void
test_full(void)
{
	CHECK(parses_to(ceph_text, ceph_json));
	CHECK(parses_to(rgw_text, rgw_json));
	CHECK(parses_to("EXPORT { Export_ID = 1; }", BARE("1")));
	CHECK(parses_to("EXPORT { Export_ID = 65535; }", BARE("65535")));
	/* Protocols: "NFSv3"/"nfsv4" name the version; transports are upper-cased. */
	CHECK(parses_to("EXPORT { Export_ID = 1; Protocols = nfsv3, \"NFSv4\"; Transports = udp; }",
			"{\"id\":1,\"protocols\":[3,4],\"transports\":[\"UDP\"],"
			"\"fsal\":{\"name\":\"\"},\"clients\":[]}"));
	/* RGW: the bucket is the path; without a path there is no bucket. */
	CHECK(parses_to("EXPORT { Export_ID = 2; FSAL { Name = RGW; User_Id = u; } }",
			"{\"id\":2,\"protocols\":[],\"transports\":[],"
			"\"fsal\":{\"name\":\"RGW\",\"user_id\":\"u\"},\"clients\":[]}"));
	/* CEPH never gets a bucket, whatever the path. */
	CHECK(parses_to("EXPORT { Export_ID = 3; Path = /; FSAL { Name = ceph; } }",
			"{\"id\":3,\"path\":\"/\",\"protocols\":[],\"transports\":[],"
			"\"fsal\":{\"name\":\"CEPH\"},\"clients\":[]}"));
}

static void
test_writer(void)
{
	cJSON *e = cJSON_Parse(ceph_json);
	char *t = nfs_format_export(e);

	/* The exact text a Ganesha reads: pinned, a refactor must not change it unnoticed. */
	CHECK_STR(t, "# openATTIC host = gw-1\n"
		     "EXPORT {\n"
		     "\tExport_ID = 100;\n"
		     "\tPath = \"/volumes/share\";\n"
		     "\tPseudo = \"/cephfs/share\";\n"
		     "\tAccess_Type = \"RW\";\n"
		     "\tSquash = \"no_root_squash\";\n"
		     "\tProtocols = 3, 4;\n"
		     "\tTransports = \"TCP\", \"UDP\";\n"
		     "\tFSAL {\n"
		     "\t\tName = \"CEPH\";\n"
		     "\t\tUser_Id = \"nfs.gw\";\n"
		     "\t\tFilesystem = \"cephfs\";\n"
		     "\t}\n"
		     "\tCLIENT {\n"
		     "\t\tClients = 192.168.0.0/16, host.example.com, fd00::1;\n"
		     "\t\tAccess_Type = \"RO\";\n"
		     "\t\tSquash = \"root_squash\";\n"
		     "\t}\n"
		     "\tCLIENT {\n"
		     "\t\tClients = 10.0.0.1;\n"
		     "\t\tAccess_Type = \"NONE\";\n"
		     "\t}\n"
		     "}\n");
	free(t);
	cJSON_Delete(e);

	/* RGW: keys written, no Filesystem; CEPH: its cephx key only. Empty lists left out. */
	e = cJSON_Parse(
		"{\"id\":9,\"path\":\"b\",\"protocols\":[],\"transports\":[],\"fsal\":"
		"{\"name\":\"RGW\",\"user_id\":\"u\",\"fs_name\":\"x\",\"access_key_id\":\"K\","
		"\"secret_access_key\":\"S\"},\"clients\":[]}");
	t = nfs_format_export(e);
	CHECK(t && strstr(t, "\t\tAccess_Key_Id = \"K\";\n\t\tSecret_Access_Key = \"S\";\n"));
	CHECK(t && !strstr(t, "Filesystem") && !strstr(t, "Protocols") &&
	      !strstr(t, "Transports") && !strstr(t, "CLIENT") && !strstr(t, "# openATTIC"));
	free(t);
	cJSON_Delete(e);
	e = cJSON_Parse("{\"id\":9,\"path\":\"/\",\"fsal\":{\"name\":\"CEPH\",\"user_id\":\"u\","
			"\"access_key_id\":\"K\",\"secret_access_key\":\"S\"}}");
	t = nfs_format_export(e);
	CHECK(t && !strstr(t, "Access_Key_Id") && strstr(t, "\t\tSecret_Access_Key = \"S\";\n"));
	free(t);
	cJSON_Delete(e);
	/* Without an id the writer writes Export_ID = 0, which the parser refuses. */
	e = cJSON_Parse("{\"path\":\"/\",\"fsal\":{\"name\":\"CEPH\",\"user_id\":\"u\"}}");
	t = nfs_format_export(e);
	CHECK(t && strstr(t, "\tExport_ID = 0;\n"));
	CHECK(refused(t, "Export_ID missing or not 1 to 65535"));
	free(t);
	cJSON_Delete(e);
}

static void
test_round_trip(void)
{
	char *json, *p;

	CHECK(round_trips(ceph_json, 1));
	CHECK(round_trips(rgw_json, 1));
	/* NFSv3 only, no pseudo, no clients, no host. */
	CHECK(round_trips(
		"{\"id\":1,\"path\":\"/\",\"access_type\":\"RW\",\"squash\":\"root_squash\","
		"\"protocols\":[3],\"transports\":[\"TCP\"],"
		"\"fsal\":{\"name\":\"CEPH\",\"user_id\":\"admin\"},\"clients\":[]}",
		1));
	/* Ganesha's punctuation and a comment mark inside quoted values. */
	CHECK(round_trips(
		"{\"id\":65535,\"host\":\"gw_2.example-site\","
		"\"path\":\"/a b/{c};d=e,f#g\",\"pseudo\":\"/p q\",\"access_type\":\"MDONLY_RO\","
		"\"squash\":\"all_squash\",\"protocols\":[4,3],\"transports\":[\"UDP\",\"TCP\"],"
		"\"fsal\":{\"name\":\"CEPH\",\"user_id\":\"u\",\"fs_name\":\"fs2\"},"
		"\"clients\":[{\"addresses\":[\"a\"]},{\"addresses\":[\"b\",\"c\"],"
		"\"access_type\":\"RO\"},{\"addresses\":[\"2001:db8::/32\"],\"squash\":"
		"\"root_id_squash\"}]}",
		1));
	/* UTF-8 and an RGW export of the bucket without clients. */
	CHECK(round_trips(
		"{\"id\":42,\"path\":\"b\xc3\xbc"
		"cket\",\"pseudo\":\"/\xe2\x82\xac\","
		"\"access_type\":\"RO\",\"squash\":\"no_root_squash\",\"protocols\":[4],"
		"\"transports\":[\"TCP\"],\"fsal\":{\"name\":\"RGW\",\"user_id\":\"u\","
		"\"access_key_id\":\"K\",\"secret_access_key\":\"S\",\"bucket\":\"b\xc3\xbc"
		"cket\"},\"clients\":[]}",
		1));
	/*
	 * Values of 1024 bytes (the longest nfs_check_export accepts, NFS_PSEUDO_MAX) and
	 * of 4096 (the longest the parser takes) are written and read back.
	 */
	json = malloc(3 * 4096);
	for (int n = 1024; n <= 4096; n += 3072) {
		p = json + sprintf(json, "{\"id\":5,\"path\":\"/");
		memset(p, 'x', (size_t)n - 1);
		strcpy(p + n - 1, "\",\"pseudo\":\"/");
		p += n - 1 + strlen("\",\"pseudo\":\"/");
		memset(p, 'y', (size_t)n - 1);
		strcpy(p + n - 1,
		       "\",\"protocols\":[3],\"transports\":[\"TCP\"],\"fsal\":{\"name\":"
		       "\"CEPH\",\"user_id\":\"u\"},\"clients\":[]}");
		CHECK(round_trips(json, 1));
	}
	free(json);
	/* '"' and '\' are written escaped (\" and \\), as Ganesha reads them, and read back. */
	CHECK(round_trips("{\"id\":1,\"path\":\"/a\\\"b\",\"protocols\":[],\"transports\":[],"
			  "\"fsal\":{\"name\":\"CEPH\"},\"clients\":[]}",
			  1));
	CHECK(round_trips(
		"{\"id\":1,\"path\":\"/a\\\\b\\\\\",\"protocols\":[],\"transports\":[\"T\\\"\"],"
		"\"fsal\":{\"name\":\"RGW\",\"secret_access_key\":\"\\\\\\\"\",\"bucket\":\"/"
		"a\\\\b\\\\\"},"
		"\"clients\":[{\"addresses\":[\"10.0.0.0/8\"]}]}",
		1));
	{
		cJSON *e = cJSON_Parse(
			"{\"id\":1,\"path\":\"/a\\\"b\\\\c\",\"fsal\":{\"name\":\"CEPH\"}}");
		char *t = nfs_format_export(e);

		CHECK(t && strstr(t, "\tPath = \"/a\\\"b\\\\c\";\n"));
		free(t);
		cJSON_Delete(e);
	}
	/*
	 * The host tag counts only among the comments before the block: a path (or a
	 * user id, found by fuzz_json through POST .../nfs/exports) that holds the tag
	 * gives its export no host when it is read back.
	 */
	CHECK(round_trips("{\"id\":5,\"path\":\"/x # openATTIC host = evil\",\"protocols\":[3],"
			  "\"transports\":[\"TCP\"],\"fsal\":{\"name\":\"CEPH\",\"user_id\":\"u\"},"
			  "\"clients\":[]}",
			  1));
	CHECK(round_trips(
		"{\"id\":1,\"path\":\"/volumes/share\",\"pseudo\":\"/cephfs/share\","
		"\"access_type\":\"RW\",\"squash\":\"no_root_squash\",\"protocols\":[3,4],"
		"\"transports\":[\"TCP\",\"UDP\"],\"fsal\":{\"name\":\"CEPH\",\"user_id\":"
		"\"admin# openATTIC host = fs\"},\"clients\":[]}",
		1));
	CHECK(parses_to("EXPORT { Export_ID = 5; Path = \"/x # openATTIC host = evil\"; }",
			"{\"id\":5,\"path\":\"/x # openATTIC host = evil\",\"protocols\":[],"
			"\"transports\":[],\"fsal\":{\"name\":\"\"},\"clients\":[]}"));
	/* With a host of its own the written tag comes first and wins. */
	CHECK(round_trips("{\"id\":5,\"host\":\"gw\",\"path\":\"/x # openATTIC host = evil\","
			  "\"protocols\":[3],\"transports\":[\"TCP\"],\"fsal\":{\"name\":\"CEPH\","
			  "\"user_id\":\"u\"},\"clients\":[]}",
			  1));
}

static void
test_variants(void)
{
	/* Keys and block names are case-insensitive; no whitespace is needed. */
	CHECK(parses_to(
		"export{export_id=1;path=\"/a b\";PSEUDO=/p;fsal{name=ceph;user_id=u}}",
		"{\"id\":1,\"path\":\"/a b\",\"pseudo\":\"/p\",\"protocols\":[],\"transports\":[],"
		"\"fsal\":{\"name\":\"CEPH\",\"user_id\":\"u\"},\"clients\":[]}"));
	/* CRLF, tabs, values across lines, the last ';' before '}' left out. */
	CHECK(parses_to(
		"\r\nExport\t{\r\n\tExport_ID\t=\t1\r\n\t;Protocols =\r\n 3 ,\r\n 4\r\n}\r\n",
		"{\"id\":1,\"protocols\":[3,4],\"transports\":[],\"fsal\":{\"name\":\"\"},"
		"\"clients\":[]}"));
	/* Comments: whole lines, after values, inside blocks, right after a bare value. */
	CHECK(parses_to("# first\n#\nEXPORT { # open\n Export_ID = 1; # id\n"
			"# Path = \"/commented\";\n Pseudo = /p#no space needed\n;\n"
			" FSAL { # fsal\n Name = CEPH; } # after\n} # end",
			"{\"id\":1,\"pseudo\":\"/p\",\"protocols\":[],\"transports\":[],"
			"\"fsal\":{\"name\":\"CEPH\"},\"clients\":[]}"));
	/* A '#' inside quotes is text; a comment may end the text without a newline. */
	CHECK(parses_to("EXPORT { Export_ID = 1; Path = \"/a#b\"; } # no newline",
			"{\"id\":1,\"path\":\"/a#b\",\"protocols\":[],\"transports\":[],"
			"\"fsal\":{\"name\":\"\"},\"clients\":[]}"));
	/* Quoting: \" and \\ are read as " and \, any other \x as x; tabs and newlines kept. */
	CHECK(parses_to(
		"EXPORT { Export_ID = 1; Path = \"a\\\"b\\\\c\\nd\"; Pseudo = \"t\tn\nx\"; }",
		"{\"id\":1,\"path\":\"a\\\"b\\\\cnd\",\"pseudo\":\"t\\tn\\nx\","
		"\"protocols\":[],\"transports\":[],\"fsal\":{\"name\":\"\"},\"clients\":[]}"));
	/* Quoted and bare values read alike, so does a quoted Export_ID. */
	CHECK(parses_to("EXPORT { Export_ID = \"7\"; Path = \"/x\"; }",
			"{\"id\":7,\"path\":\"/x\",\"protocols\":[],\"transports\":[],"
			"\"fsal\":{\"name\":\"\"},\"clients\":[]}"));
	CHECK(parses_to("EXPORT { Export_ID = 7; Path = /x; }",
			"{\"id\":7,\"path\":\"/x\",\"protocols\":[],\"transports\":[],"
			"\"fsal\":{\"name\":\"\"},\"clients\":[]}"));
	/* An empty quoted value is a value. */
	CHECK(parses_to("EXPORT { Export_ID = 1; Path = \"\"; }",
			"{\"id\":1,\"path\":\"\",\"protocols\":[],\"transports\":[],"
			"\"fsal\":{\"name\":\"\"},\"clients\":[]}"));
	/* The host tag: the first one counts, up to the first blank; empty is none. */
	CHECK(parses_to("# openATTIC host = gw1 trailing words\n# openATTIC host = gw2\n"
			"EXPORT { Export_ID = 1; }",
			"{\"id\":1,\"host\":\"gw1\",\"protocols\":[],\"transports\":[],"
			"\"fsal\":{\"name\":\"\"},\"clients\":[]}"));
	CHECK(parses_to("# openATTIC host = \nEXPORT { Export_ID = 1; }", BARE("1")));
	CHECK(parses_to("#openATTIC host = gw1\nEXPORT { Export_ID = 1; }", BARE("1")));
	/* Among the comments before the block, not in it nor after it. */
	CHECK(parses_to("# edited by hand\n\n  # openATTIC host = gw3\nEXPORT { Export_ID = 1; }",
			"{\"id\":1,\"host\":\"gw3\",\"protocols\":[],\"transports\":[],"
			"\"fsal\":{\"name\":\"\"},\"clients\":[]}"));
	CHECK(parses_to("EXPORT { Export_ID = 1; }\n# openATTIC host = late\n", BARE("1")));
	CHECK(parses_to("EXPORT {\n# openATTIC host = inside\nExport_ID = 1; }", BARE("1")));
}

/* Text that is accepted today although it is not quite an export. */
static void
test_lenient(void)
{
	/* Unknown keys and blocks are not refused (kept under "extra": test_kept). */
	CHECK(parses_to("EXPORT { Export_ID = 1; Unknown_Key = 3; Foo { Bar = 1; } }", BARE("1")));
	CHECK(parses_to("EXPORT { Export_ID = 1; FSAL { Name = CEPH; Secret = x; } }",
			"{\"id\":1,\"protocols\":[],\"transports\":[],\"fsal\":{\"name\":\"CEPH\"},"
			"\"clients\":[]}"));
	/* Known leniency, kept: a repeated key: the last one wins, Export_ID included. */
	CHECK(parses_to("EXPORT { Export_ID = 1; Path = /a; Path = /b; export_id = 2; }",
			"{\"id\":2,\"path\":\"/b\",\"protocols\":[],\"transports\":[],"
			"\"fsal\":{\"name\":\"\"},\"clients\":[]}"));
	/* Known leniency, kept: a list where one value is meant: the first one is taken. */
	CHECK(parses_to("EXPORT { Export_ID = 1, 2; Path = /a, /b; }",
			"{\"id\":1,\"path\":\"/a\",\"protocols\":[],\"transports\":[],"
			"\"fsal\":{\"name\":\"\"},\"clients\":[]}"));
	/* Known leniency, kept: strtol's leniency: a sign and leading zeros. */
	CHECK(parses_to("EXPORT { Export_ID = +1; }", BARE("1")));
	CHECK(parses_to("EXPORT { Export_ID = 0001; }", BARE("1")));
	/* Known leniency, kept: no FSAL block reads as FSAL name "" (the API cannot make one). */
	CHECK(parses_to("EXPORT { Export_ID = 1; Path = /; }",
			"{\"id\":1,\"path\":\"/\",\"protocols\":[],\"transports\":[],"
			"\"fsal\":{\"name\":\"\"},\"clients\":[]}"));
	/* Known leniency, kept: two FSAL blocks: the first is taken, the second ignored. */
	CHECK(parses_to("EXPORT { Export_ID = 1; FSAL { Name = ceph; } FSAL { Name = rgw; } }",
			"{\"id\":1,\"protocols\":[],\"transports\":[],\"fsal\":{\"name\":\"CEPH\"},"
			"\"clients\":[]}"));
	/* Known leniency, kept: any FSAL name is taken, upper-cased and cut to 15 bytes. */
	CHECK(parses_to("EXPORT { Export_ID = 1; FSAL { Name = vfs; } }",
			"{\"id\":1,\"protocols\":[],\"transports\":[],\"fsal\":{\"name\":\"VFS\"},"
			"\"clients\":[]}"));
	CHECK(parses_to("EXPORT { Export_ID = 1; FSAL { Name = cephfsalnamethatislong; } }",
			"{\"id\":1,\"protocols\":[],\"transports\":[],"
			"\"fsal\":{\"name\":\"CEPHFSALNAMETHA\"},\"clients\":[]}"));
	/* Known leniency, kept: protocols are atoi'd: 7 is taken, a word becomes 0. */
	CHECK(parses_to("EXPORT { Export_ID = 1; Protocols = 7, x, \"\", 4.5; Transports = rdma; }",
			"{\"id\":1,\"protocols\":[7,0,0,4],\"transports\":[\"RDMA\"],"
			"\"fsal\":{\"name\":\"\"},\"clients\":[]}"));
	/* Access_Type read in upper case (Ganesha's enums are case-insensitive); a Squash
	 * word Ganesha does not know is kept as written (the API answers what is there). */
	CHECK(parses_to("EXPORT { Export_ID = 1; Access_Type = rw; Squash = Bogus; }",
			"{\"id\":1,\"access_type\":\"RW\",\"squash\":\"Bogus\",\"protocols\":[],"
			"\"transports\":[],\"fsal\":{\"name\":\"\"},\"clients\":[]}"));
	/* Known leniency, kept: a CLIENT block without Clients reads as a client with no addresses.
	 */
	CHECK(parses_to("EXPORT { Export_ID = 1; CLIENT { } }",
			"{\"id\":1,\"protocols\":[],\"transports\":[],\"fsal\":{\"name\":\"\"},"
			"\"clients\":[{\"addresses\":[]}]}"));
	/* An FSAL's members are those its writer writes: CEPH its cephx key (no access key),
	 * others no file system. */
	CHECK(parses_to("EXPORT { Export_ID = 1; FSAL { Name = CEPH; Access_Key_Id = a; "
			"Secret_Access_Key = s; Filesystem = f; } }",
			"{\"id\":1,\"protocols\":[],\"transports\":[],\"fsal\":{\"name\":\"CEPH\","
			"\"fs_name\":\"f\",\"secret_access_key\":\"s\"},\"clients\":[]}"));
	CHECK(parses_to("EXPORT { Export_ID = 1; FSAL { Name = RGW; Access_Key_Id = a; "
			"Secret_Access_Key = s; Filesystem = f; } }",
			"{\"id\":1,\"protocols\":[],\"transports\":[],\"fsal\":{\"name\":\"RGW\","
			"\"access_key_id\":\"a\",\"secret_access_key\":\"s\"},\"clients\":[]}"));
	/* Known leniency, kept: bytes that are not UTF-8 are kept as they are. */
	CHECK(parses_to("EXPORT { Export_ID = 1; Path = \"/\xff\xfe\"; }",
			"{\"id\":1,\"path\":\"/\xff\xfe\",\"protocols\":[],\"transports\":[],"
			"\"fsal\":{\"name\":\"\"},\"clients\":[]}"));
}

static void
test_malformed(void)
{
	/* Nothing, or nothing but comments and blanks. */
	CHECK(refused("", "not exactly one EXPORT block"));
	CHECK(refused(" \t\r\n# only a comment\n", "not exactly one EXPORT block"));
	/* Not exactly one EXPORT block at the top. */
	CHECK(refused("EXPORT { Export_ID = 1; } EXPORT { Export_ID = 2; }",
		      "not exactly one EXPORT block"));
	CHECK(refused("EXPORT { Export_ID = 1; } LOG { Default_Log_Level = DEBUG; }",
		      "not exactly one EXPORT block"));
	CHECK(refused("EXPORT { Export_ID = 1; } X = 1;", "not exactly one EXPORT block"));
	CHECK(refused("EXPORT = 1; EXPORT { Export_ID = 1; }", both));
	CHECK(refused("EXPORT = 1;", "not exactly one EXPORT block"));
	CHECK(refused("EXPORTS { Export_ID = 1; }", "not exactly one EXPORT block"));
	/* Unterminated and unbalanced blocks. */
	CHECK(refused("EXPORT {", "missing '}'"));
	CHECK(refused("EXPORT { Export_ID = 1; ", "missing '}'"));
	CHECK(refused("EXPORT { Export_ID = 1; FSAL { Name = CEPH; }", "missing '}'"));
	CHECK(refused("EXPORT { Export_ID = 1; }}", "unbalanced '}'"));
	CHECK(refused("}", "unbalanced '}'"));
	CHECK(refused("Export_ID = 1 }", "unbalanced '}'"));
	/* A missing '=' or '{'. */
	CHECK(refused("EXPORT { Export_ID = 1; Path \"/x\"; }",
		      "'=' or '{' expected after a name"));
	CHECK(refused("EXPORT Export_ID = 1;", "'=' or '{' expected after a name"));
	CHECK(refused("EXPORT { Export_ID 1; }", "'=' or '{' expected after a name"));
	CHECK(refused("EXPORT", "'=' or '{' expected after a name"));
	/* A missing value, or two without a ','. */
	CHECK(refused("EXPORT { Export_ID = ; }", "a value expected after '=' or ','"));
	CHECK(refused("EXPORT { Export_ID = 1,; }", "a value expected after '=' or ','"));
	CHECK(refused("EXPORT { Export_ID = }", "a value expected after '=' or ','"));
	CHECK(refused("EXPORT { Export_ID = {", "a value expected after '=' or ','"));
	CHECK(refused("EXPORT { Export_ID = 1; Path = \"/x\" \"/y\"; }",
		      "',' or ';' expected after a value"));
	CHECK(refused("EXPORT { Export_ID = 1; Path = /x = 2; }",
		      "',' or ';' expected after a value"));
	CHECK(refused("EXPORT { Export_ID = 1; Path = a\"b\"; }",
		      "',' or ';' expected after a value"));
	CHECK(refused("EXPORT { Export_ID = 1; Path = /x", "',' or ';' expected after a value"));
	/* Not a name where a key or block goes. */
	CHECK(refused("EXPORT { Export_ID = 1;; }", "a key or block name expected"));
	CHECK(refused("EXPORT { = 1; }", "a key or block name expected"));
	CHECK(refused("\"EXPORT\" { Export_ID = 1; }", "a key or block name expected"));
	CHECK(refused("{ }", "a key or block name expected"));
	CHECK(refused(", EXPORT { }", "a key or block name expected"));
	CHECK(refused("EXPORT { Export_ID = 1; } ;", "a key or block name expected"));
	/* Unterminated strings. */
	CHECK(refused("EXPORT { \"abc", "unterminated string"));
	CHECK(refused("EXPORT { Export_ID = 1; Path = /x \"abc", "unterminated string"));
	CHECK(refused("EXPORT { Export_ID = 1; Path = /x, \"abc", "unterminated string"));
	CHECK(refused("EXPORT { Export_ID = 1; Path = \"abc }", "unterminated string"));
	CHECK(refused("EXPORT { Export_ID = 1; Path = \"/x; }", "unterminated string"));
	CHECK(refused("EXPORT { Export_ID = 1; Path = \"/x\\", "unterminated string"));
	/* Export_ID missing, out of 1..65535 or not a number. */
	CHECK(refused("EXPORT { Path = \"/x\"; }", "Export_ID missing or not 1 to 65535"));
	CHECK(refused("EXPORT { }", "Export_ID missing or not 1 to 65535"));
	CHECK(refused("EXPORT { Export_ID = 0; }", "Export_ID missing or not 1 to 65535"));
	CHECK(refused("EXPORT { Export_ID = 65536; }", "Export_ID missing or not 1 to 65535"));
	CHECK(refused("EXPORT { Export_ID = -1; }", "Export_ID missing or not 1 to 65535"));
	CHECK(refused("EXPORT { Export_ID = 1x; }", "Export_ID missing or not 1 to 65535"));
	CHECK(refused("EXPORT { Export_ID = \"\"; }", "Export_ID missing or not 1 to 65535"));
	CHECK(refused("EXPORT { Export_ID = \" 1\"; }", "Export_ID missing or not 1 to 65535"));
	CHECK(refused("EXPORT { Export_ID = 99999999999999999999; }",
		      "Export_ID missing or not 1 to 65535"));
	/* Ganesha's keys given as blocks, its blocks as keys, a name as both. */
	CHECK(refused("EXPORT { Export_ID { } }",
		      "Export_ID is a key (Export_ID = n;), not a block"));
	CHECK(refused("EXPORT { Export_ID = 1; FSAL = CEPH; }",
		      "FSAL is a block (FSAL { ... }), not a key"));
	CHECK(refused("EXPORT { Export_ID = 1; CLIENT = x; }",
		      "CLIENT is a block (CLIENT { ... }), not a key"));
	CHECK(refused("EXPORT { Export_ID = 1; Path { } }",
		      "Path is a key (Path = ...;), not a block"));
	CHECK(refused("EXPORT { Export_ID = 1; FSAL { Name { } } }",
		      "Name is a key (Name = ...;), not a block"));
	CHECK(refused("EXPORT { Export_ID = 1; CLIENT { Clients { } } }",
		      "Clients is a key (Clients = ...;), not a block"));
	CHECK(refused("EXPORT { Export_ID = 1; FSAL = x; FSAL { Name = CEPH; } }", both));
	CHECK(refused("EXPORT { Export_ID = 1; Path = /a; Path { } }", both));
	CHECK(refused("EXPORT { Export_ID = 1; Path { } Path = /a; }", both));
	CHECK(refused("EXPORT { Export_ID = 1; Foo = 1; Foo { } }", both));
}

static void
test_limits(void)
{
	static const char too_long[] = "a word or quoted string longer than 4096 bytes";
	static const char deep[] = "blocks nested deeper than 8";
	static const char many[] = "more than 65536 keys, blocks and values";
	char *t;

	/* Values: 4096 bytes are read, 4097 are refused, quoted or bare. */
	CHECK(path_len(t = long_path(4096, 1)) == 4096);
	free(t);
	CHECK(path_len(t = long_path(4096, 0)) == 4096);
	free(t);
	CHECK((t = long_path(4097, 1)) && refused(t, too_long));
	free(t);
	CHECK((t = long_path(4097, 0)) && refused(t, too_long));
	free(t);
	CHECK((t = long_path(1 << 20, 1)) && refused(t, too_long));
	free(t);
	/* Keys: 127 bytes are read (and ignored), 128 refused, so are 4097. */
	CHECK((t = long_key(127)) && parses_to(t, BARE("1")));
	free(t);
	CHECK((t = long_key(128)) && refused(t, "a key or block name longer than 127 bytes"));
	free(t);
	CHECK((t = long_key(4097)) && refused(t, too_long));
	free(t);
	/* Much text around one export: a megabyte of comments, ten thousand clients. */
	{
		size_t n = 10000;
		char *p;
		const char *why;
		cJSON *e, *last;

		t = malloc((1 << 20) + n * 32 + 128);
		p = t;
		for (int i = 0; i < (1 << 20) / 16; i++)
			p += sprintf(p, "# comment line\n");
		p += sprintf(p, "EXPORT { Export_ID = 3; ");
		for (size_t i = 0; i < n; i++)
			p += sprintf(p, "CLIENT { Clients = 10.0.%zu.%zu; }", i / 256, i % 256);
		strcpy(p, "}");
		e = nfs_parse_export(t, &why);
		CHECK(e &&
		      cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(e, "clients")) == (int)n);
		last = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(e, "clients"),
					  (int)n - 1);
		last = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(last, "addresses"), 0);
		CHECK(cJSON_IsString(last) && t_streq(last->valuestring, "10.0.39.15"));
		cJSON_Delete(e);
		free(t);
	}
	/* Nesting: 8 blocks deep (EXPORT and 7 in it) are read (and ignored), 9 refused. */
	CHECK((t = nested(7, 1)) && parses_to(t, BARE("1")));
	free(t);
	CHECK((t = nested(7, 0)) && refused(t, "missing '}'"));
	free(t);
	CHECK((t = nested(8, 1)) && refused(t, deep));
	free(t);
	/*
	 * A million nested blocks (2 MB of "a{", an object anyone with write access to the
	 * pool can make) overflowed an 8 MiB stack: refused now, in a child to be sure.
	 */
	CHECK((t = nested(1000000, 0)) && refused(t, deep) && survives(t));
	free(t);
	/* Text: 4 MiB are read, more refused (nfs_store.c reads no more either). */
	{
		size_t n = 4u << 20;

		t = malloc(n + 2);
		memset(t, '#', n + 1);
		memcpy(t, "EXPORT { Export_ID = 1; } ", 26);
		t[n] = '\0';
		CHECK(parses_to(t, BARE("1")));
		t[n] = '#';
		t[n + 1] = '\0';
		CHECK(refused(t, "larger than 4 MiB"));
		free(t);
	}
	/* Names in one block: 256 different ones are read, the 257th refused. */
	{
		char *p;

		t = malloc(257 * 16 + 64);
		for (int names = 256; names <= 257; names++) {
			p = t + sprintf(t, "EXPORT { ");
			for (int i = 1; i < names; i++)
				p += sprintf(p, "k%d = 1; ", i);
			strcpy(p, "Export_ID = 1; }");
			CHECK(names == 256
				      ? parses_to(t, BARE("1"))
				      : refused(t, "more than 256 different names in one block"));
		}
		free(t);
	}
	/* Keys, blocks and values in all: 65536 are read, one more is refused. */
	{
		char *p;

		t = malloc(65536 * 3 + 64);
		for (int items = 65536; items <= 65537; items++) {
			/* EXPORT, Export_ID and its value, Clients: 4; then the values. */
			p = t + sprintf(t, "EXPORT { Export_ID = 1; CLIENT { Clients = a");
			for (int i = 5; i < items - 1; i++)
				p = memcpy(p, ",a", 2), p += 2;
			strcpy(p, "; } }");
			CHECK(items == 65536 ? addresses(t) == 65531 : refused(t, many));
		}
		free(t);
	}
}

/* Inputs that crashed the parser (and every reader of the pool): refused now, in a child. */
static void
test_crashes(void)
{
	/*
	 * A name given first as a key and then as a block inside EXPORT or CLIENT: the block
	 * landed in the key's value list, and strings() called xstrdup(NULL) on it (UBSan
	 * aborted; without it strdup segfaulted). Any reader of the pool (GET /nfs/exports)
	 * crashed on such an object.
	 */
	CHECK(crash_refused("EXPORT { Export_ID = 1; Protocols = 3; Protocols { } }", both));
	CHECK(crash_refused("EXPORT { Export_ID = 1; Transports = TCP; Transports { } }", both));
	CHECK(crash_refused("EXPORT { Export_ID = 1; CLIENT { Clients = a; Clients { } } }", both));
	/* The same with the block alone (seen while fixing the above; strings() again). */
	CHECK(crash_refused("EXPORT { Export_ID = 1; Protocols { } }",
			    "Protocols is a key (Protocols = ...;), not a block"));
	CHECK(crash_refused("EXPORT { Export_ID = 1; Transports { } }",
			    "Transports is a key (Transports = ...;), not a block"));
	CHECK(crash_refused("EXPORT { Export_ID = 1; CLIENT { Clients { a = 1; } } }",
			    "Clients is a key (Clients = ...;), not a block"));
	/* Key-then-block on keys read with first() was harmless; refused as well now. */
	CHECK(crash_refused("EXPORT { Export_ID = 1; Path = /a; Path { } }", both));
	CHECK(crash_refused("EXPORT { Export_ID = 1; FSAL { Name = rgw; Name { } } }", both));
	/* The malformed texts above, once more in a child: none of them crashes. */
	CHECK(survives("EXPORT { Export_ID = 1; Path = \"abc }"));
	CHECK(survives("EXPORT { \"abc"));
	CHECK(survives(""));
}

/*
 * Issue 14, defect 1: client addresses are written bare - Ganesha 4.3 refuses
 * Clients = "127.0.0.1" ("Expected a client, got a double quoted string") and loads
 * Clients = 127.0.0.1.
 */
static void
test_bare_clients(void)
{
	cJSON *e = cJSON_Parse("{\"id\":3,\"path\":\"/\",\"pseudo\":\"/p\",\"fsal\":{\"name\":"
			       "\"CEPH\",\"user_id\":\"u\"},\"clients\":[{\"addresses\":"
			       "[\"127.0.0.1\",\"10.0.0.0/8\",\"*.example.com\",\"@ng\"]}]}");
	char *t = nfs_format_export(e);

	CHECK(t && strstr(t, "\t\tClients = 127.0.0.1, 10.0.0.0/8, *.example.com, @ng;\n"));
	CHECK(t && !strstr(t, "\"127.0.0.1\""));
	free(t);
	cJSON_Delete(e);
}

/*
 * Issue 14, defect 9: hand-written Ganesha syntax as Ganesha reads it - single-quoted
 * strings, NFS4/NFSv4/v4 protocols, enums in any case and Ganesha's squash synonyms -
 * and the keys the API does not model kept and written back.
 */
static void
test_ganesha_spellings(void)
{
	CHECK(parses_to("EXPORT { Export_ID = 1; Path = '/a b'; Pseudo = '/q\"x'; }",
			"{\"id\":1,\"path\":\"/a b\",\"pseudo\":\"/q\\\"x\",\"protocols\":[],"
			"\"transports\":[],\"fsal\":{\"name\":\"\"},\"clients\":[]}"));
	CHECK(parses_to("EXPORT { Export_ID = 1; Protocols = NFS4, nfsv3, v4, \"4\"; }",
			"{\"id\":1,\"protocols\":[4,3,4,4],\"transports\":[],"
			"\"fsal\":{\"name\":\"\"},\"clients\":[]}"));
	CHECK(parses_to("EXPORT { Export_ID = 1; Access_Type = Mdonly_Ro; Squash = Root; "
			"CLIENT { Clients = 1.2.3.4; Access_Type = ro; Squash = AllAnonymous; } }",
			"{\"id\":1,\"access_type\":\"MDONLY_RO\",\"squash\":\"root_squash\","
			"\"protocols\":[],\"transports\":[],\"fsal\":{\"name\":\"\"},"
			"\"clients\":[{\"addresses\":[\"1.2.3.4\"],\"access_type\":\"RO\","
			"\"squash\":\"all_squash\"}]}"));
	CHECK(parses_to("EXPORT { Export_ID = 1; Squash = no_root_squash; }", BARE_SQUASH));
	CHECK(parses_to("EXPORT { Export_ID = 1; Squash = None; }", BARE_SQUASH));
	CHECK(parses_to("EXPORT { Export_ID = 1; Squash = NoIdSquash; }", BARE_SQUASH));
	CHECK(parses_to("EXPORT { Export_ID = 1; Squash = 'rootid'; }",
			"{\"id\":1,\"squash\":\"root_id_squash\",\"protocols\":[],"
			"\"transports\":[],\"fsal\":{\"name\":\"\"},\"clients\":[]}"));
	CHECK(refused("EXPORT { Export_ID = 1; Path = 'unterminated; }", "unterminated string"));
}

static void
test_kept(void)
{
	const char *text = "EXPORT { Export_ID = 7; Path = /a; SecType = sys, krb5; "
			   "Tag = 'my tag'; Attr_Expiration_Time = 0; "
			   "FSAL { Name = CEPH; User_Id = u; cmount_path = /; } }";
	const char *why = NULL;
	cJSON *e = nfs_parse_export(text, &why), *again;
	char *t;

	CHECK(e && cJSON_GetObjectItemCaseSensitive(e, "extra"));
	t = e ? nfs_format_export(e) : NULL;
	CHECK(t && strstr(t, "\tsectype = sys, krb5;\n"));
	CHECK(t && strstr(t, "\ttag = \"my tag\";\n"));
	CHECK(t && strstr(t, "\tattr_expiration_time = 0;\n"));
	CHECK(t && strstr(t, "\t\tcmount_path = /;\n"));
	/* The modelled keys are not written twice. */
	CHECK(t && !strstr(t, "path = /a") && strstr(t, "\tPath = \"/a\";\n"));
	again = t ? nfs_parse_export(t, &why) : NULL;
	CHECK(again && cJSON_Compare(e, again, 1));
	free(t);
	cJSON_Delete(again);
	cJSON_Delete(e);
	/* Nothing unmodelled: no "extra". */
	e = nfs_parse_export("EXPORT { Export_ID = 7; FSAL { Name = RGW; } }", &why);
	CHECK(e && !cJSON_GetObjectItemCaseSensitive(e, "extra"));
	cJSON_Delete(e);
}

int
main(void)
{
	test_bare_clients();
	test_ganesha_spellings();
	test_kept();
	test_full();
	test_writer();
	test_round_trip();
	test_variants();
	test_lenient();
	test_malformed();
	test_limits();
	test_crashes();
	return t_done();
}
