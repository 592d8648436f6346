/* cephfs_mds.h - commands to a file system's MDS (libcephfs), bounded in time. */
#ifndef OA_CEPHFS_MDS_H
#define OA_CEPHFS_MDS_H

#include <stddef.h>

#include "backends/ceph.h"

/* How long a read (e.g. session ls) may take before it counts as unanswered. */
#define CEPHFS_MDS_TIMEOUT_MS 4000

/*
 * Sends cmd (a JSON command object as text, e.g. {"prefix":"session ls","format":"json"})
 * to rank 0 of file system fs of cluster c. 0 with *out (new, *len bytes) or a negative
 * errno: -ETIMEDOUT when the MDS did not answer within timeout_ms (or too many
 * earlier commands are still unanswered), -ENOENT when no MDS holds the rank; *msg is
 * the MDS's status message (new) or NULL.
 */
int cephfs_mds_command(struct ceph *c, const char *fs, const char *cmd, int timeout_ms, char **out,
		       size_t *len, char **msg);

#endif
