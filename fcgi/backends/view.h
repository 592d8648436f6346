/* view.h - a shared, bounded-age view of each cluster's maps and stats. */
#ifndef OA_VIEW_H
#define OA_VIEW_H

#include <cjson/cJSON.h>
#include <stdint.h>

#include "backends/ceph.h"

/*
 * What the view holds: each is one monitor (or manager) command's JSON output, or what
 * a backend's own fetch makes (V_OPTIONS).
 */
enum view_kind {
	V_STATUS,       /* status */
	V_HEALTH,       /* health detail */
	V_POOLS,        /* osd pool ls detail */
	V_DF,           /* df detail */
	V_OSD_DUMP,     /* osd dump */
	V_OSD_TREE,     /* osd tree */
	V_OSD_DF,       /* osd df (manager) */
	V_MON_DUMP,     /* mon dump */
	V_QUORUM,       /* quorum_status */
	V_CRUSH_RULES,  /* osd crush rule dump */
	V_EC_PROFILES,  /* osd erasure-code-profile ls */
	V_PG_STATES,    /* pg dump pgs_brief (manager) */
	V_OSD_METADATA, /* osd metadata (every OSD) */
	V_OSD_PERF,     /* osd perf (manager) */
	V_SERVICES,     /* service dump (manager): radosgw daemons and the like */
	V_FS_DUMP,      /* fs dump: the file systems, their MDS ranks and the standbys */
	V_FS_STATUS,    /* fs status (manager): each file system's client count */
	V_CONFIG_DUMP,  /* config dump: the configuration database */
	V_MGR_DUMP,     /* mgr dump: the managers, their modules and the modules' options */
	V_OPTIONS,      /* every option's schema (ceph_options.c; kept through invalidations) */
	V_COUNT
};

#define VIEW_MAX_CLUSTERS 16

/* Maps the shared area; the master calls it once, before forking. 0 or -1. */
int view_setup(void);
/*
 * The output of kind for cluster c, at most max_age_ms old (0 = always fresh from
 * the cluster). At most one process refreshes a given entry at a time; the others
 * wait for it. The result belongs to the view: valid until the next view_get of the
 * same cluster and kind in this process; do not free. 0, or a negative errno with
 * *msg (new string) set.
 */
int view_get(struct ceph *c, enum view_kind kind, long max_age_ms, const cJSON **out, char **msg);
/*
 * Which parsed copy of kind this process holds (a count: it changes whenever view_get
 * made a new one), so that what a caller derived from the copy can tell it is stale.
 */
uint64_t view_copy(struct ceph *c, enum view_kind kind);
/* Drops every entry of cluster c, in every process: our own change shows at once. */
void view_invalidate(struct ceph *c);
/*
 * A count of the changes this host's processes made to cluster c: every write request
 * on it and every task of it adds one when it ends (the dispatcher and the runner call
 * view_note_change). An answer kept outside the view (an RBD page) is made under one
 * count and not reused under another, so our own change shows at once.
 */
void view_note_change(struct ceph *c);
uint64_t view_changes(struct ceph *c);
/* Monitor and manager commands this host's processes sent for cluster c (a counter). */
long view_commands(struct ceph *c);

struct req;
/*
 * The three ways a request reads the view. view_req: with c's configured bound;
 * view_req_fresh: straight from the cluster (checks before a change); both answer a
 * failure and return NULL. view_try: with c's bound, answering nothing (a part that
 * may be missing, one cluster of several): NULL with the reason in why[n] (may be NULL).
 */
const cJSON *view_req(struct req *r, struct ceph *c, enum view_kind k);
const cJSON *view_req_fresh(struct req *r, struct ceph *c, enum view_kind k);
const cJSON *view_try(struct ceph *c, enum view_kind k, char *why, size_t n);
/*
 * For a read of r->cluster named what (its query string is part of the key): answers
 * 200 with the body rendered earlier from the same entries of kinds (call view_req
 * for them first) and returns 200, or returns 0. view_memo_keep remembers r's 200.
 */
int view_memo_respond(struct req *r, const char *what, const enum view_kind *kinds, int n);
/*
 * view_memo_respond before the views are read: answers only from entries that are
 * fresh, with the body any process of the host rendered from them, so that a new map
 * is parsed and rendered by one worker, not by each.
 */
int view_memo_early(struct req *r, const char *what, const enum view_kind *kinds, int n);
/*
 * Fetches the kinds of kinds[0..n) that reading them now would fetch, each on a thread
 * of its own, so that a read of several waits for the slowest, not for the sum;
 * view_memo_early does it when it finds no answer. With the view off, what it fetched
 * (or the failure) is for this request's reads only: view_request_end, called when a
 * request is done, drops what was not read.
 */
void view_prefetch(struct ceph *c, const enum view_kind *kinds, int n);
void view_request_end(void);
void view_memo_keep(struct req *r, const char *what, const enum view_kind *kinds, int n);

#endif
