/* ceph_mgr.h - manager commands, bounded in time without librados' own timeout. */
#ifndef OA_CEPH_MGR_H
#define OA_CEPH_MGR_H

#include <stddef.h>

#include "backends/ceph.h"

/* How long a manager command may take before it counts as unanswered. */
#define CEPH_MGR_TIMEOUT_MS 4000

/*
 * A manager command (to the active manager, or to the manager daemon target) as JSON
 * text: 0 with *out (new, *len bytes), or a negative errno (-ETIMEDOUT when unanswered
 * in CEPH_MGR_TIMEOUT_MS); *msg is Ceph's status message (new) or NULL.
 */
int ceph_mgr_command(struct ceph *c, const char *target, const char *cmd, char **out, size_t *len,
		     char **msg);
/* Shuts the managers' handles down (not one a command still waits on). */
void ceph_mgr_shutdown(void);

#endif
