/*
 * fuzz_config.c - the INI configuration parser (core/config.c): the input is the text
 * of an openattic.conf, written to a file of its own (under $TMPDIR) and read by
 * config_load as `openattic serve -c` reads it. A text that names a secret file by an
 * absolute path or through ".." is skipped: the target reads no file but its own.
 * Properties: a text is either refused with a message that names the file, or gives a
 * configuration whose every value is within the bounds of its key, with at most 16
 * clusters, each with a name and a ceph.conf, and stale_s at least 3 x heartbeat_s.
 */
#include "core/config.h"
#include "fuzz.h"

#include <unistd.h>

static char path[256];

static void
remove_file(void)
{
	unlink(path);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[512] = "";
	struct config *c;
	FILE *f;

	if (!path[0]) {
		const char *tmp = getenv("TMPDIR");
		int fd;

		snprintf(path, sizeof(path), "%s/oa-fuzz-config-XXXXXX", tmp ? tmp : "/tmp");
		if ((fd = mkstemp(path)) < 0)
			abort();
		close(fd);
		atexit(remove_file);
	}
	if (memmem(data, size, "@/", 2) || memmem(data, size, "..", 2))
		return 0;
	if (!(f = fopen(path, "w")) || fwrite(data, 1, size, f) != size || fclose(f))
		abort();
	if (!(c = config_load(path, err, sizeof(err)))) {
		FUZZ_ASSERT(!strncmp(err, path, strlen(path)), "refused with '%s'", err);
		return 0;
	}
	FUZZ_ASSERT(c->listen && c->instance && c->db_conninfo && c->salt_eauth && c->iscsi_pool &&
			    c->iscsi_object && c->nfs_pool && c->nfs_namespace,
		    "a string left NULL");
	FUZZ_ASSERT(c->workers >= 1 && c->workers <= 256 && c->runners >= 0 && c->runners <= 64 &&
			    c->max_body_bytes >= 1024 && c->max_body_bytes <= 64L << 20 &&
			    c->backlog >= 1 && c->backlog <= 65535,
		    "[server] out of bounds");
	FUZZ_ASSERT(c->task_stale_s >= 3 * c->task_heartbeat_s, "stale_s %ld, heartbeat_s %ld",
		    c->task_stale_s, c->task_heartbeat_s);
	FUZZ_ASSERT(c->nclusters >= 0 && c->nclusters <= 16, "%d clusters", c->nclusters);
	for (int i = 0; i < c->nclusters; i++)
		FUZZ_ASSERT(c->clusters[i].name && *c->clusters[i].name && c->clusters[i].conf &&
				    c->clusters[i].client,
			    "cluster %d", i);
	config_free(c);
	return 0;
}
