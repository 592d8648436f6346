/*
 * view.c - decouples the API's read rate from the monitor's load. The master maps
 * one shared area before forking; it holds, per cluster and per kind, the last JSON
 * text a monitor command returned, when it was fetched, and a sequence number. A
 * reader uses it while younger than the bound; a stale entry is refreshed by exactly
 * one process (a compare-and-swap flag, stolen if its holder died), the others read
 * the entry they have meanwhile (STALE_WHILE_REFRESH_MS), or wait for the refresh if
 * it was invalidated. Writers follow a seqlock (odd while writing) so readers never see a
 * torn copy. Each process keeps its own parsed copy (core/json_doc.c: one arena a
 * document) until the sequence moves, so a cached read costs no parsing. Invalidation
 * bumps a generation: a refresh that started before our own change is stored as
 * already stale. A monitor that went silent (a command unanswered, none answered
 * since) fails every read of its cluster at once for FAIL_FAST_MS; then one process at
 * a time asks it again while the others still fail at once, so a hung monitor holds
 * one worker of the host, not every worker that reads the cluster. A read made of
 * several kinds fetches those it must fetch at the same time, on the worker's kept
 * threads (view_prefetch, core/crew.c): it waits for the slowest, not for the sum (at
 * 1,000 OSDs the OSD list's four maps took ~50 ms in turn), and with the view off a
 * pool list waits for one monitor round trip, not three. Nothing is ever written to
 * PostgreSQL.
 */
#include "backends/view.h"
#include "backends/ceph.h"
#include "backends/ceph_options.h"
#include "core/crew.h"
#include "core/json_doc.h"
#include "core/log.h"
#include "core/memo.h"
#include "core/resp.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define SLOT_BYTES     (4u << 20) /* bigger outputs are not shared, only fetched */
#define STEAL_AFTER_MS 15000.0
/* After a failed refresh, others fail at once for this long instead of waiting too. */
#define FAIL_FAST_MS 2000
/*
 * While one process refreshes an entry that aged out (not one our own change
 * invalidated), the others read the entry they have for up to this much longer
 * instead of waiting: at 1,000 OSDs `osd dump` takes ~100 ms, and every reader of the
 * OSD list waited for it once a second (p99 488 ms). Longer would let a read show the
 * cluster as it was several seconds ago; a refresh slower than this is waited for.
 */
#define STALE_WHILE_REFRESH_MS 1000

struct slot {
	_Atomic uint64_t seq;         /* odd while being written */
	_Atomic int refreshing;       /* a process is fetching */
	_Atomic int refresh_pid;      /* ... this one (0 until it says) */
	_Atomic int64_t refresh_from; /* when it started, ms */
	_Atomic uint64_t fetched_gen; /* the cluster generation it was fetched under */
	_Atomic int64_t fetched_ms;   /* 0 = never / dropped */
	_Atomic int64_t failed_ms;    /* the last refresh failed then ... */
	_Atomic int64_t failed_from;  /* ... having started then ... */
	_Atomic int failed_rc;        /* ... with this errno */
	uint32_t len;
	char data[SLOT_BYTES];
};

struct cluster_area {
	_Atomic uint64_t gen;       /* bumped by view_invalidate */
	_Atomic uint64_t changes;   /* bumped by view_note_change */
	_Atomic int64_t last_ok_ms; /* when a refresh last succeeded */
	_Atomic long commands;
	_Atomic int64_t silent_ms;   /* a monitor command went unanswered then; 0: answered since */
	_Atomic int silent_rc;       /* ... with this errno */
	_Atomic int asking;          /* a process asks the silent monitor again ... */
	_Atomic int64_t asking_from; /* ... since then */
	struct slot slots[V_COUNT];
};

/*
 * The command of each kind, and whether the manager (not the monitor) answers it; or a
 * backend's fetch of its own. A kept kind is not dropped by view_invalidate: openattic's
 * changes do not change it (the option schema changes with Ceph's version).
 */
static const struct {
	const char *json;
	int mgr;
	int (*fetch)(struct ceph *c, char **text, size_t *len, char **msg);
	int keep;
} commands[V_COUNT] = {
	[V_STATUS] = {"{\"prefix\":\"status\",\"format\":\"json\"}", 0},
	[V_HEALTH] = {"{\"prefix\":\"health\",\"detail\":\"detail\",\"format\":\"json\"}", 0},
	[V_POOLS] = {"{\"prefix\":\"osd pool ls\",\"detail\":\"detail\",\"format\":\"json\"}", 0},
	[V_DF] = {"{\"prefix\":\"df\",\"detail\":\"detail\",\"format\":\"json\"}", 0},
	[V_OSD_DUMP] = {"{\"prefix\":\"osd dump\",\"format\":\"json\"}", 0},
	[V_OSD_TREE] = {"{\"prefix\":\"osd tree\",\"format\":\"json\"}", 0},
	[V_OSD_DF] = {"{\"prefix\":\"osd df\",\"format\":\"json\"}", 1},
	[V_MON_DUMP] = {"{\"prefix\":\"mon dump\",\"format\":\"json\"}", 0},
	[V_QUORUM] = {"{\"prefix\":\"quorum_status\",\"format\":\"json\"}", 0},
	[V_CRUSH_RULES] = {"{\"prefix\":\"osd crush rule dump\",\"format\":\"json\"}", 0},
	[V_EC_PROFILES] = {"{\"prefix\":\"osd erasure-code-profile ls\",\"format\":\"json\"}", 0},
	[V_PG_STATES] =
		{"{\"prefix\":\"pg dump\",\"dumpcontents\":[\"pgs_brief\"],\"format\":\"json\"}",
		 1},
	[V_OSD_METADATA] = {"{\"prefix\":\"osd metadata\",\"format\":\"json\"}", 0},
	[V_OSD_PERF] = {"{\"prefix\":\"osd perf\",\"format\":\"json\"}", 1},
	[V_SERVICES] = {"{\"prefix\":\"service dump\",\"format\":\"json\"}", 1},
	[V_FS_DUMP] = {"{\"prefix\":\"fs dump\",\"format\":\"json\"}", 0},
	[V_FS_STATUS] = {"{\"prefix\":\"fs status\",\"format\":\"json\"}", 1},
	[V_CONFIG_DUMP] = {"{\"prefix\":\"config dump\",\"format\":\"json\"}", 0},
	[V_MGR_DUMP] = {"{\"prefix\":\"mgr dump\",\"format\":\"json\"}", 0},
	[V_OPTIONS] = {"the option schema", 0, ceph_options_fetch, 1},
};

static struct cluster_area *area; /* VIEW_MAX_CLUSTERS of them, shared */

/* This process's parsed copies; made counts them (each parse is a new copy). */
static struct local_copy {
	struct json_doc *doc;
	const cJSON *json;
	uint64_t seq;
	uint64_t made;
	/* view_prefetch's outcome for the read of request pf_gen (0: none): with the view
	 * off the copy it fetched (pf_rc 0), or its failure, shared or not */
	uint64_t pf_gen;
	int pf_rc;
	char *pf_msg;
} local[VIEW_MAX_CLUSTERS][V_COUNT];

/* The request being served: a prefetch's outcome is for its own request's reads. */
static uint64_t request_gen = 1;

int
view_setup(void)
{
	area = shared_alloc(sizeof(struct cluster_area) * VIEW_MAX_CLUSTERS,
			    "the shared cluster view");
	return area ? 0 : -1;
}

/* When this thread's last fetch began and ended (ms): view_prefetch's Ceph wait. */
static _Thread_local double fetch_began, fetch_ended;

/* Fetches kind from the cluster as JSON text (new), counting the command. */
static int
fetch(struct ceph *c, enum view_kind k, char **text, size_t *len, char **msg)
{
	int rc;

	if (area && c->index < VIEW_MAX_CLUSTERS)
		atomic_fetch_add(&area[c->index].commands, 1);
	fetch_began = now_ms();
	if (commands[k].fetch)
		rc = commands[k].fetch(c, text, len, msg);
	else
		rc = ceph_command_text(c, commands[k].mgr, commands[k].json, text, len, msg);
	fetch_ended = now_ms();
	return rc;
}

static void
keep_local(struct ceph *c, enum view_kind k, struct json_doc *d, uint64_t seq)
{
	json_doc_free(local[c->index][k].doc);
	local[c->index][k].doc = d;
	local[c->index][k].json = json_doc_root(d);
	local[c->index][k].seq = seq;
	local[c->index][k].made++;
}

/* Parses text into the local copy; -EIO if the cluster sent something that is not JSON. */
static int
parse_local(struct ceph *c, enum view_kind k, const char *text, size_t len, uint64_t seq,
	    char **msg)
{
	struct json_doc *d = json_doc_parse(text, len);

	if (!d) {
		*msg = xasprintf("the cluster answered %s with something that is not JSON",
				 commands[k].json);
		return -EIO;
	}
	keep_local(c, k, d, seq);
	return 0;
}

/* Copies a slot's text under the seqlock. 1 = copied, 0 = being written (retry). */
static int
read_slot(struct slot *s, char **text, size_t *len, uint64_t *seq)
{
	uint64_t s1 = atomic_load_explicit(&s->seq, memory_order_acquire), s2;

	if (s1 & 1)
		return 0;
	*len = s->len;
	*text = xmalloc(*len + 1);
	memcpy(*text, s->data, *len);
	atomic_thread_fence(memory_order_acquire);
	s2 = atomic_load_explicit(&s->seq, memory_order_relaxed);
	if (s1 != s2) {
		free(*text);
		return 0;
	}
	*seq = s1;
	return 1;
}

static uint64_t
write_slot(struct slot *s, const char *text, size_t len, int still_fresh)
{
	uint64_t seq = atomic_fetch_add(&s->seq, 1) + 1; /* odd: writing */

	atomic_thread_fence(memory_order_release);
	memcpy(s->data, text, len);
	s->len = (uint32_t)len;
	atomic_store(&s->fetched_ms, still_fresh ? now_ms_int() : 0);
	atomic_store_explicit(&s->seq, seq + 1, memory_order_release);
	return seq + 1;
}

/* This process refreshes s (its flag is set or stolen) / is done with it. */
static void
hold_refresh(struct slot *s)
{
	atomic_store(&s->refreshing, 1);
	atomic_store(&s->refresh_pid, (int)getpid());
}

static void
drop_refresh(struct slot *s)
{
	atomic_store(&s->refresh_pid, 0);
	atomic_store(&s->refreshing, 0);
}

/* Fetches for everyone (we hold the refreshing flag) and keeps a local copy. */
static int
refresh(struct ceph *c, enum view_kind k, struct slot *s, char **msg)
{
	struct cluster_area *a = &area[c->index];
	uint64_t gen = atomic_load(&a->gen), seq = 0;
	char *text = NULL;
	size_t len = 0;
	int rc;

	int64_t started = now_ms_int();

	atomic_store(&s->refresh_from, started);
	rc = fetch(c, k, &text, &len, msg);
	if (rc == 0 && len <= SLOT_BYTES)
		seq = write_slot(s, text, len, commands[k].keep || atomic_load(&a->gen) == gen);
	if (rc < 0) {
		atomic_store(&s->failed_rc, rc);
		atomic_store(&s->failed_from, started);
		atomic_store(&s->failed_ms, now_ms_int());
		if (!commands[k].mgr && ceph_error_of(rc).status == 503) {
			atomic_store(&a->silent_rc, rc);
			atomic_store(&a->silent_ms, now_ms_int());
		}
	} else {
		/* The cluster answers: failures of refreshes begun before now are history. */
		atomic_store(&a->last_ok_ms, now_ms_int());
		if (!commands[k].mgr)
			atomic_store(&a->silent_ms, 0);
	}
	drop_refresh(s);
	if (rc == 0)
		rc = parse_local(c, k, text, len, seq, msg);
	free(text);
	return rc;
}

/* Without a shared area (the CLI) or with the view disabled: straight to the cluster. */
static int
direct(struct ceph *c, enum view_kind k, char **msg)
{
	char *text = NULL;
	size_t len = 0;
	int rc = fetch(c, k, &text, &len, msg);

	if (rc == 0)
		rc = parse_local(c, k, text, len, 0, msg);
	free(text);
	return rc;
}

/*
 * Whether the process refreshing s is gone (killed mid-fetch): then its flag is taken
 * at once rather than after STEAL_AFTER_MS, so the readers of a host do not wait for
 * a dead worker.
 */
static int
holder_died(struct slot *s)
{
	int pid = atomic_load(&s->refresh_pid);

	return pid > 0 && pid != (int)getpid() && kill(pid, 0) < 0 && errno == ESRCH;
}

/*
 * The sequence number of s's entry if it is fresh (younger than max_age_ms, not being
 * written), else 0 (a written entry's is 2 or more).
 */
static uint64_t
fresh_seq(struct slot *s, long max_age_ms)
{
	int64_t fetched = atomic_load(&s->fetched_ms);
	uint64_t seq = atomic_load(&s->seq);

	return fetched && now_ms_int() - fetched <= max_age_ms && !(seq & 1) ? seq : 0;
}

/* Uses the shared entry if fresh: 1 = done (local copy current), 0 = stale. */
static int
use_fresh(struct ceph *c, enum view_kind k, struct slot *s, long max_age_ms)
{
	uint64_t seq = fresh_seq(s, max_age_ms);
	char *text, *msg = NULL;
	size_t len;

	if (!seq)
		return 0;
	if (local[c->index][k].json && local[c->index][k].seq == seq)
		return 1;
	if (!read_slot(s, &text, &len, &seq))
		return 0;
	int ok = parse_local(c, k, text, len, seq, &msg) == 0;
	free(text);
	free(msg);
	return ok;
}

/*
 * 0 if the cluster's monitor is not silent, or it is and we may ask it again (*asking
 * set: we hold the right until view_get ends); else the errno it went silent with.
 */
static int
silent(struct cluster_area *a, int *asking, char **msg)
{
	int64_t since = atomic_load(&a->silent_ms);
	int expected = 0;

	if (!since || *asking)
		return 0;
	if (now_ms_int() - since >= FAIL_FAST_MS &&
	    (atomic_compare_exchange_strong(&a->asking, &expected, 1) ||
	     now_ms_int() - atomic_load(&a->asking_from) > STEAL_AFTER_MS)) {
		atomic_store(&a->asking, 1);
		atomic_store(&a->asking_from, now_ms_int());
		*asking = 1;
		return 0;
	}
	*msg = xasprintf("the cluster's monitor did not answer %.1f s ago; it is being asked "
			 "again",
			 (double)(now_ms_int() - since) / 1e3);
	return atomic_load(&a->silent_rc);
}

/* What view_prefetch left for this read: 1 (*rc set, *msg given over) or 0. */
static int
prefetched(struct ceph *c, enum view_kind k, long max_age_ms, int *rc, char **msg)
{
	if (c->index >= VIEW_MAX_CLUSTERS || local[c->index][k].pf_gen != request_gen)
		return 0;
	local[c->index][k].pf_gen = 0;
	/* a fetched copy is taken only by the direct read it was fetched for */
	if (!local[c->index][k].pf_rc && area && max_age_ms > 0)
		return 0;
	*rc = local[c->index][k].pf_rc;
	*msg = local[c->index][k].pf_msg;
	local[c->index][k].pf_msg = NULL;
	return 1;
}

int
view_get(struct ceph *c, enum view_kind k, long max_age_ms, const cJSON **out, char **msg)
{
	struct timespec pause = {0, 200 * 1000};
	int rc = 0, expected, asking = 0;

	*msg = NULL;
	if (prefetched(c, k, max_age_ms, &rc, msg)) {
		/* rc and *msg are the prefetch's */
	} else if (!area || c->index >= VIEW_MAX_CLUSTERS || max_age_ms <= 0) {
		rc = direct(c, k, msg);
	} else {
		struct slot *s = &area[c->index].slots[k];
		double give_up = now_ms() + 8000;
		for (;;) {
			if (use_fresh(c, k, s, max_age_ms))
				break;
			if ((rc = silent(&area[c->index], &asking, msg)) < 0)
				break;
			if (now_ms_int() - atomic_load(&s->failed_ms) < FAIL_FAST_MS &&
			    atomic_load(&s->failed_from) >
				    atomic_load(&area[c->index].last_ok_ms)) {
				rc = atomic_load(&s->failed_rc);
				*msg = xasprintf(
					"the cluster did not answer %.1f s ago",
					(double)(now_ms_int() - atomic_load(&s->failed_ms)) / 1e3);
				break;
			}
			expected = 0;
			if (atomic_compare_exchange_strong(&s->refreshing, &expected, 1) ||
			    now_ms_int() - atomic_load(&s->refresh_from) > STEAL_AFTER_MS ||
			    holder_died(s)) {
				hold_refresh(s);
				rc = refresh(c, k, s, msg);
				break;
			}
			if (use_fresh(c, k, s, max_age_ms + STALE_WHILE_REFRESH_MS))
				break; /* another process is fetching it: the one we have will do */
			if (now_ms() > give_up) {
				rc = direct(c, k, msg);
				break;
			}
			nanosleep(&pause, NULL); /* another process is fetching it */
		}
		if (asking)
			atomic_store(&area[c->index].asking, 0);
	}
	*out = rc == 0 ? local[c->index][k].json : NULL;
	return rc;
}

/* One kind fetched by view_prefetch, at the same time as the others (core/crew.c). */
struct pf_job {
	struct ceph *c;
	enum view_kind k;
	struct slot *s; /* shared: the slot whose refresh it holds; NULL: view off */
	int rc;
	char *msg;
	double began, ended; /* its command, ms */
};

static void
pf_main(void *arg)
{
	struct pf_job *j = arg;
	char *text = NULL;
	size_t len = 0;

	if (j->s) {
		j->rc = refresh(j->c, j->k, j->s, &j->msg);
	} else {
		j->rc = fetch(j->c, j->k, &text, &len, &j->msg);
		if (j->rc == 0)
			j->rc = parse_local(j->c, j->k, text, len, 0, &j->msg);
		free(text);
	}
	j->began = fetch_began;
	j->ended = fetch_ended;
}

/*
 * Whether reading kind k now would fetch it, and the fetch may be ours: the view is
 * off, or the shared entry is stale and we took its refresh (s set). Entries another
 * process refreshes, and clusters failing fast, are view_get's to handle.
 */
static int
pf_claim(struct ceph *c, enum view_kind k, struct slot **s)
{
	long max_age = c->conf->view_max_age_ms;
	int expected = 0;

	*s = NULL;
	if (commands[k].fetch)
		return 0;
	if (!area || max_age <= 0)
		return 1;
	struct cluster_area *a = &area[c->index];
	struct slot *sl = &a->slots[k];
	if (fresh_seq(sl, max_age) || atomic_load(&a->silent_ms) ||
	    now_ms_int() - atomic_load(&sl->failed_ms) < FAIL_FAST_MS ||
	    !atomic_compare_exchange_strong(&sl->refreshing, &expected, 1))
		return 0;
	hold_refresh(sl);
	*s = sl;
	return 1;
}

/* Gives back the refreshes jobs[0..n) hold, fetching nothing. */
static void
pf_release(struct pf_job *jobs, int n)
{
	for (int i = 0; i < n; i++)
		if (jobs[i].s)
			drop_refresh(jobs[i].s);
}

/* What each job left for this request's reads (a shared entry refreshed: nothing). */
static void
pf_leave(struct pf_job *jobs, int n)
{
	for (int i = 0; i < n; i++) {
		struct local_copy *l = &local[jobs[i].c->index][jobs[i].k];
		if (jobs[i].s && jobs[i].rc == 0) {
			free(jobs[i].msg);
			continue;
		}
		free(l->pf_msg);
		l->pf_gen = request_gen;
		l->pf_rc = jobs[i].rc;
		l->pf_msg = jobs[i].msg;
	}
}

void
view_prefetch(struct ceph *c, const enum view_kind *kinds, int n)
{
	struct pf_job jobs[V_COUNT];
	int njobs = 0;
	double w0 = ceph_wait_ms(), began, ended;

	if (c->index >= VIEW_MAX_CLUSTERS || n > V_COUNT)
		return;
	for (int i = 0; i < n; i++)
		if (pf_claim(c, kinds[i], &jobs[njobs].s)) {
			jobs[njobs].c = c;
			jobs[njobs].k = kinds[i];
			jobs[njobs].msg = NULL;
			njobs++;
		}
	/* One fetch is view_get's to do the usual way; so is a cluster not connected
	 * (connecting is view_get's, with its errors; the threads share the handle). */
	if (njobs < 2 || ceph_connect(c) < 0) {
		pf_release(jobs, njobs);
		return;
	}
	crew_run(pf_main, jobs, sizeof(jobs[0]), njobs);
	/* Waited for Ceph: from the first command sent to the last answer (the rest, the
	 * threads and the parsing, is our own); this thread's own command counted itself. */
	began = jobs[0].began;
	ended = jobs[0].ended;
	for (int i = 1; i < njobs; i++) {
		began = jobs[i].began < began ? jobs[i].began : began;
		ended = jobs[i].ended > ended ? jobs[i].ended : ended;
	}
	ceph_wait_note(ended - began - (ceph_wait_ms() - w0));
	pf_leave(jobs, njobs);
}

void
view_request_end(void)
{
	request_gen++;
}

void
view_invalidate(struct ceph *c)
{
	if (!area || c->index >= VIEW_MAX_CLUSTERS)
		return;
	atomic_fetch_add(&area[c->index].gen, 1);
	for (int k = 0; k < V_COUNT; k++)
		if (!commands[k].keep)
			atomic_store(&area[c->index].slots[k].fetched_ms, 0);
}

void
view_note_change(struct ceph *c)
{
	if (area && c->index < VIEW_MAX_CLUSTERS)
		atomic_fetch_add(&area[c->index].changes, 1);
}

uint64_t
view_changes(struct ceph *c)
{
	return area && c->index < VIEW_MAX_CLUSTERS ? atomic_load(&area[c->index].changes) : 0;
}

uint64_t
view_copy(struct ceph *c, enum view_kind k)
{
	return c->index < VIEW_MAX_CLUSTERS ? local[c->index][k].made : 0;
}

long
view_commands(struct ceph *c)
{
	return area && c->index < VIEW_MAX_CLUSTERS ? atomic_load(&area[c->index].commands) : 0;
}

/* The local sequence numbers of kinds for c; 0 if one is not shared (no memo then). */
static int
memo_seqs(struct ceph *c, const enum view_kind *kinds, int n, uint64_t *seqs)
{
	memset(seqs, 0, sizeof(uint64_t) * MEMO_STAMP);
	if (n > MEMO_STAMP || c->index >= VIEW_MAX_CLUSTERS)
		return 0;
	for (int i = 0; i < n; i++)
		if (!(seqs[i] = local[c->index][kinds[i]].seq))
			return 0;
	return 1;
}

/*
 * The shared sequence numbers of kinds if each entry is fresh, as view_get would read
 * it without a refresh; 0 otherwise (a refresh is due, or the view is off).
 */
static int
fresh_seqs(struct ceph *c, const enum view_kind *kinds, int n, uint64_t *seqs)
{
	long max_age = c->conf->view_max_age_ms;

	memset(seqs, 0, sizeof(uint64_t) * MEMO_STAMP);
	if (!area || n > MEMO_STAMP || c->index >= VIEW_MAX_CLUSTERS || max_age <= 0)
		return 0;
	for (int i = 0; i < n; i++) {
		if (!(seqs[i] = fresh_seq(&area[c->index].slots[kinds[i]], max_age)))
			return 0;
	}
	return 1;
}

/* Rendered answers made from view data, reused while that data is unchanged (core/memo.c). */
static const char *
view_key(struct req *r, const char *what)
{
	return memo_key(r, req_own(r, xasprintf("view %d %s", r->cluster->index, what)));
}

/* Answers r with the body kept under what for seqs (ok: they could be told): 200, or 0. */
static int
memo_answer(struct req *r, const char *what, int ok, const uint64_t *seqs)
{
	const char *body = ok ? memo_get(view_key(r, what), seqs, -1, 1) : NULL;

	return body ? resp_text(r, 200, body) : 0;
}

int
view_memo_early(struct req *r, const char *what, const enum view_kind *kinds, int n)
{
	uint64_t seqs[MEMO_STAMP];
	int ok = fresh_seqs(r->cluster, kinds, n, seqs), rc = memo_answer(r, what, ok, seqs);

	if (!rc) /* the views are read next: the stale ones at the same time */
		view_prefetch(r->cluster, kinds, n);
	return rc;
}

int
view_memo_respond(struct req *r, const char *what, const enum view_kind *kinds, int n)
{
	uint64_t seqs[MEMO_STAMP];
	int ok = memo_seqs(r->cluster, kinds, n, seqs);

	return memo_answer(r, what, ok, seqs);
}

void
view_memo_keep(struct req *r, const char *what, const enum view_kind *kinds, int n)
{
	uint64_t seqs[MEMO_STAMP];

	if (r->status == 200 && r->out && memo_seqs(r->cluster, kinds, n, seqs))
		memo_put(view_key(r, what), seqs, r->out, 1);
}

static const cJSON *
req_read(struct req *r, struct ceph *c, enum view_kind k, long max_age_ms)
{
	const cJSON *out;
	char *msg = NULL;
	int rc = view_get(c, k, max_age_ms, &out, &msg);

	req_own(r, msg);
	if (rc < 0) {
		resp_ceph_error(r, rc, msg);
		return NULL;
	}
	return out;
}

const cJSON *
view_req(struct req *r, struct ceph *c, enum view_kind k)
{
	return req_read(r, c, k, c->conf->view_max_age_ms);
}

const cJSON *
view_req_fresh(struct req *r, struct ceph *c, enum view_kind k)
{
	return req_read(r, c, k, 0);
}

const cJSON *
view_try(struct ceph *c, enum view_kind k, char *why, size_t n)
{
	const cJSON *out;
	char *msg = NULL;
	int rc = view_get(c, k, c->conf->view_max_age_ms, &out, &msg);

	if (rc < 0 && why)
		snprintf(why, n, "%s", msg ? msg : c->error);
	free(msg);
	return rc < 0 ? NULL : out;
}
