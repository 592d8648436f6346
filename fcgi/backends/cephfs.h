/* cephfs.h - CephFS directories, quotas and snapshots through libcephfs, every call bounded. */
#ifndef OA_CEPHFS_H
#define OA_CEPHFS_H

#include <stddef.h>
#include <stdint.h>

#include "backends/ceph.h"
#include "core/req.h"

/* How long a caller waits for the MDS without progress before it gets -ETIMEDOUT. */
#define CEPHFS_TIMEOUT_MS 5000
/* The longest path accepted (bytes, without the NUL), and the longest name in it. */
#define CEPHFS_PATH_MAX 4096
#define CEPHFS_NAME_MAX 255

/* One process's mount of one file system (opaque). */
struct cephfs;

enum cephfs_type { CEPHFS_DIR, CEPHFS_FILE, CEPHFS_SYMLINK, CEPHFS_OTHER };

/* What a path is. A directory's size is its recursive byte count (ceph.dir.rbytes). */
struct cephfs_stat {
	int err; /* cephfs_describe: 0, or the negative errno this path could not be read with */
	enum cephfs_type type;
	uint64_t size;
	unsigned mode; /* the permission bits (07777) */
	unsigned uid, gid;
	int64_t mtime; /* seconds since the epoch */
	/* directories, from cephfs_describe only: recursive counts, quota (0: none), snapshots */
	uint64_t rfiles, rsubdirs;
	uint64_t max_bytes, max_files;
	long snapshots; /* its own, not those inherited from a directory above */
};

struct cephfs_entry {
	const char *name;
	struct cephfs_stat st; /* as the directory was read; no directory fields */
};

/* A directory as read once: its entries sorted by name (bytewise), without . and .. */
struct cephfs_listing {
	struct cephfs_entry *entries;
	long n;
	int64_t read_ms; /* when it was read (monotonic ms) */
};

/*
 * Normalises path, as a client sent it (len bytes), into out (at least CEPHFS_PATH_MAX + 1
 * bytes): absolute, "//" and "/./" collapsed, no trailing '/'. 0, or -EINVAL with *why
 * set when it is empty, relative, has a ".." or a NUL, a name longer than
 * CEPHFS_NAME_MAX or is longer than CEPHFS_PATH_MAX. A pure function.
 */
int cephfs_path_check(const char *path, size_t len, char *out, const char **why);
/* Whether the normalised path passes through a .snap directory (snapshots are read only). */
int cephfs_path_in_snap(const char *path);
/*
 * A snapshot name: 1-200 bytes without '/' or control characters, not starting with '.'
 * or '_' (Ceph names the snapshots a directory inherits "_<name>_<inode>"). 1 or 0.
 */
int cephfs_valid_snap_name(const char *name);

/*
 * The mount of file system fs (fscid: its id in the fs map) of cluster c in this
 * process, made on first use from c's librados connection and kept; a mount of an older
 * file system of the same name is left. 0 with *m, or a negative errno: -ETIMEDOUT when
 * the MDS does not answer (or an earlier call still has not come back: no waiting then),
 * -ENOENT when there is no such file system, -ENOTCONN when the cluster is unreachable.
 */
int cephfs_open(struct ceph *c, const char *fs, long fscid, struct cephfs **m);

/*
 * The directory path as read now, or as read before while its change attribute is the
 * same (and, if max_age_ms > 0, it was read at most that long ago). *out belongs to m:
 * valid until the next cephfs_readdir of m. 0, or a negative errno (-ENOTDIR, -ENOENT...).
 */
int cephfs_readdir(struct cephfs *m, const char *path, long max_age_ms,
		   const struct cephfs_listing **out);
/*
 * Reads the n paths (out[i] for paths[i]) as they are now, several at once: every
 * field, directories with their recursive counts, quota and snapshot count. A path that
 * cannot be read has out[i].err set. 0, or -ETIMEDOUT.
 */
int cephfs_describe(struct cephfs *m, const char *const *paths, int n, struct cephfs_stat *out);
/* Makes directory path with mode (and its missing parents). -EEXIST when path exists. */
int cephfs_mkdir(struct cephfs *m, const char *path, unsigned mode, int parents);
/* Removes the empty directory path (-ENOTEMPTY otherwise, also with snapshots). */
int cephfs_rmdir(struct cephfs *m, const char *path);
/* The quota of directory path (0: none). -ENOTDIR for anything but a directory. */
int cephfs_quota_read(struct cephfs *m, const char *path, uint64_t *max_bytes, uint64_t *max_files);
/* Sets both limits of directory path's quota in one change (0 removes a limit). */
int cephfs_quota_write(struct cephfs *m, const char *path, uint64_t max_bytes, uint64_t max_files);

struct cephfs_snap {
	char *name;
	int64_t created; /* seconds since the epoch, 0 if unknown */
};
/* Directory path's own snapshots sorted by name: 0 with *snaps (new, cephfs_snaps_free), *n. */
int cephfs_snaps_read(struct cephfs *m, const char *path, struct cephfs_snap **snaps, int *n);
void cephfs_snaps_free(struct cephfs_snap *snaps, int n);
/* Takes snapshot name of directory path (-EEXIST if it has one of that name). */
int cephfs_snap_make(struct cephfs *m, const char *path, const char *name);
/* Removes directory path's own snapshot name (-ENOENT if it has none of that name). */
int cephfs_snap_remove(struct cephfs *m, const char *path, const char *name);

/* Unmounts every mount of this process that is not stuck, each within a second. */
void cephfs_shutdown(void);

/*
 * libcephfs' errno in the API's words, the one mapping of this library: ENOENT 404
 * path_not_found, EEXIST 409 path_exists, ENOTEMPTY 409 dir_not_empty, ENOTDIR 422
 * not_a_directory, EDQUOT 409 quota_exceeded, EPERM/EACCES 403 ceph_denied,
 * ETIMEDOUT/ENOTCONN/ESHUTDOWN 503 mds_unavailable, else 500 cephfs_error.
 */
struct ceph_err cephfs_error_of(int rc);
/* Answers a CephFS error about path (503 with Retry-After). Returns the status. */
int resp_cephfs_error(struct req *r, int rc, const char *path);

#endif
