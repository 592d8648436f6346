"""test_tasks.py - tasks end to end with the real kind maintenance.purge and real
runner processes: queue, progress, success, failure, cancel (queued and running),
a runner stopped politely (task put back and finished by another), a runner killed
(runner_lost), and the task API's errors (API.md "Tasks")."""

import os
import signal
import time

import oa
from oa import assert_error, psql, wait_for, wait_task

SEED_KIND = "test.seed"


def seed_old_tasks(n):
    """n finished tasks 40 days old, for a purge to chew on."""
    psql("INSERT INTO tasks (kind, state, created_by, created_at, finished_at) "
         "SELECT '%s', 'succeeded', 'seed', now() - interval '40 days', "
         "now() - interval '40 days' FROM generate_series(1, %d)" % (SEED_KIND, n))


def unseed():
    psql("DELETE FROM tasks WHERE kind = '%s'" % SEED_KIND)


def seeds_left():
    return int(psql("SELECT count(*) FROM tasks WHERE kind = '%s'" % SEED_KIND))


def purge(c, batch=1000, days=30):
    r = c.post("/api/maintenance/purge", {"tasks_older_than_days": days, "batch_size": batch})
    assert r.status == 202, r
    assert r.headers["location"] == "/api/tasks/%d" % r.json["id"]
    return r.json


def running_with_progress(c, tid):
    """The task once it is running and has reported deleting something."""
    r = c.get("/api/tasks/%d" % tid).json
    return r if r["state"] == "running" and r["message"].startswith("deleted") else None


def runner_pids():
    return sorted(int(p) for p in oa.ctl("pids", "runner").split())


def test_purge_task_runs_to_success_with_result():
    c = oa.admin()
    seed_old_tasks(2500)
    try:
        t = purge(c, batch=500)
        assert t["state"] == "queued" and t["kind"] == "maintenance.purge"
        assert t["created_by"] == os.environ["OA_ADMIN_USER"] and t["progress"] == 0
        for k in ("id", "message", "target", "result", "error", "created_at", "started_at",
                  "finished_at"):
            assert k in t, k
        done = wait_task(c, t["id"])
        assert done["state"] == "succeeded", done
        assert done["progress"] == 100 and done["error"] is None
        assert done["result"]["tasks_deleted"] >= 2500
        assert done["started_at"] and done["finished_at"]
        assert seeds_left() == 0
    finally:
        unseed()


def test_list_filters_and_get():
    c = oa.admin()
    t = purge(c)
    wait_task(c, t["id"])
    r = c.get("/api/tasks?kind=maintenance.purge&state=succeeded&limit=5")
    assert r.status == 200 and r.json["limit"] == 5
    assert all(i["kind"] == "maintenance.purge" and i["state"] == "succeeded"
               for i in r.json["items"])
    ids = [i["id"] for i in c.get("/api/tasks?limit=100").json["items"]]
    assert ids == sorted(ids, reverse=True), "newest first"
    # Several states at once, comma-separated (the UI's "active tasks" query).
    r = c.get("/api/tasks?state=succeeded,failed&limit=1000")
    states = {i["state"] for i in r.json["items"]}
    assert "succeeded" in states and states <= {"succeeded", "failed"}, states
    # ?fsid= keeps the tasks about one cluster (a purge is about none).
    fsid = oa.cluster(1)[0]
    about = int(psql("INSERT INTO tasks (kind, target, created_by) VALUES ('no.such.kind', "
                     "jsonb_build_object('fsid', '%s'), 'test') RETURNING id" % fsid).split()[0])
    r = c.get("/api/tasks?fsid=%s&limit=1000" % fsid)
    assert about in [i["id"] for i in r.json["items"]], r.json
    assert all(i["target"]["fsid"] == fsid for i in r.json["items"]), r.json
    assert t["id"] not in [i["id"] for i in r.json["items"]]
    assert c.get("/api/tasks?fsid=no-such-cluster").json["total"] == 0
    # Search ignores case, like every other list's search.
    r = c.get("/api/tasks?search=MAINTENANCE.Purge&limit=5")
    assert r.json["total"] >= 1 and all(i["kind"] == "maintenance.purge" for i in r.json["items"])
    r = c.get("/api/tasks?created_by=nobody-at-all")
    assert r.json["total"] == 0 and r.json["items"] == []
    assert_error(c.get("/api/tasks/999999999"), 404, "task_not_found")
    assert_error(c.get("/api/tasks/abc"), 404, "task_not_found")
    assert_error(c.get("/api/tasks?sort=bogus"), 400, "invalid_sort")


def test_unknown_kind_fails_with_its_reason():
    c = oa.admin()
    tid = int(psql("INSERT INTO tasks (kind, created_by) VALUES ('no.such.kind', 'test') "
                   "RETURNING id").split()[0])
    t = wait_task(c, tid)
    assert t["state"] == "failed" and t["error"]["code"] == "unknown_kind", t
    assert "no.such.kind" in t["error"]["message"]


def test_cancel_running_task_stops_between_batches():
    c = oa.admin()
    seed_old_tasks(100000)
    try:
        t = purge(c, batch=5)
        wait_for(lambda: running_with_progress(c, t["id"]), what="purge to make progress")
        r = c.delete("/api/tasks/%d" % t["id"])
        assert r.status == 202, r
        done = wait_task(c, t["id"], timeout=10)
        assert done["state"] == "cancelled", done
        # It stopped part-way: some rows went, most stayed, and the result says how many.
        left = seeds_left()
        assert 0 < left < 100000
        assert done["result"]["tasks_deleted"] == 100000 - left
        assert_error(c.delete("/api/tasks/%d" % t["id"]), 409, "task_finished")
    finally:
        unseed()


def test_cancel_queued_task_never_runs():
    c = oa.admin()
    seed_old_tasks(100000)
    try:
        # Two slow purges keep both runners busy, so a third stays queued.
        busy = [purge(c, batch=2) for _ in range(2)]
        for b in busy:
            wait_for(lambda: running_with_progress(c, b["id"]), what="runner busy")
        queued = purge(c)
        assert c.get("/api/tasks/%d" % queued["id"]).json["state"] == "queued"
        r = c.delete("/api/tasks/%d" % queued["id"])
        assert r.status == 202 and r.json["state"] == "cancelled", r
        for b in busy:
            assert c.delete("/api/tasks/%d" % b["id"]).status == 202
            assert wait_task(c, b["id"])["state"] == "cancelled"
        t = c.get("/api/tasks/%d" % queued["id"]).json
        assert t["state"] == "cancelled" and t["started_at"] is None, t
    finally:
        unseed()


def test_runner_killed_mid_task_is_detected_as_runner_lost():
    c = oa.admin()
    seed_old_tasks(100000)
    try:
        t = purge(c, batch=2)
        wait_for(lambda: running_with_progress(c, t["id"]), what="purge running")
        runner = psql("SELECT runner FROM tasks WHERE id = %d" % t["id"])
        os.kill(int(runner.split("/")[1]), signal.SIGKILL)
        t0 = time.time()
        done = wait_task(c, t["id"], timeout=60)
        assert done["state"] == "failed" and done["error"]["code"] == "runner_lost", done
        assert time.time() - t0 < 60
        # The master replaced the runner.
        wait_for(lambda: len(runner_pids()) == 2, what="runner respawned")
    finally:
        unseed()


def test_runner_stopped_politely_puts_its_task_back():
    c = oa.admin()
    seed_old_tasks(20000)
    try:
        t = purge(c, batch=10)
        wait_for(lambda: running_with_progress(c, t["id"]), what="purge running")
        runner = psql("SELECT runner FROM tasks WHERE id = %d" % t["id"])
        os.kill(int(runner.split("/")[1]), signal.SIGTERM)
        done = wait_task(c, t["id"], timeout=60)
        assert done["state"] == "succeeded", done
        row = psql("SELECT attempts, runner FROM tasks WHERE id = %d" % t["id"]).split("|")
        assert int(row[0]) == 2 and row[1] != runner, row
        assert seeds_left() == 0
    finally:
        unseed()


def test_purge_validation():
    c = oa.admin()
    assert_error(c.post("/api/maintenance/purge", {"batch_size": 0}), 422, "invalid_value",
                 "batch_size")
    assert_error(c.post("/api/maintenance/purge", {"audit_older_than_days": 0}), 422,
                 "invalid_value", "audit_older_than_days")
    assert_error(c.post("/api/maintenance/purge", {"batch_size": "10"}), 400, "invalid_type",
                 "batch_size")
    assert_error(oa.client_as("operator").post("/api/maintenance/purge", {}), 403, "forbidden")


def test_each_worker_keeps_a_list_page_until_the_table_changes():
    """Task and audit list pages are kept per worker (fcgi/server/changes.c) and made
    anew once their table changed: through the API (the very next read), or by hand in
    SQL (NOTIFY from the triggers of sql/006, within moments)."""
    c = oa.admin()
    kind, path = "test.%s" % oa.unique("keep"), "/api/%s" % oa.unique("keep")
    tasks, audit = "/api/tasks?kind=%s" % kind, "/api/audit?path=%s" % path

    def seen(url, key):
        """What every worker answers (asked 8 times: all 4 at least once, the same)."""
        got = {tuple(x[key] for x in c.get(url).json["items"]) for _ in range(8)}
        return got.pop() if len(got) == 1 else got

    assert seen(tasks, "message") == () and seen(audit, "status") == ()
    tid = int(psql("INSERT INTO tasks (kind, created_by, state, message) VALUES "
                   "('%s', 'admin', 'succeeded', 'one') RETURNING id" % kind).split()[0])
    wait_for(lambda: seen(tasks, "message") == ("one",), 2, what="the new task in every list")
    psql("UPDATE tasks SET message = 'two' WHERE id = %d" % tid)
    wait_for(lambda: seen(tasks, "message") == ("two",), 2, what="the message in every list")
    psql("UPDATE tasks SET kind = 'test.other' WHERE id = %d" % tid)
    wait_for(lambda: seen(tasks, "message") == (), 2, what="the task gone from the kind")
    psql("DELETE FROM tasks WHERE id = %d" % tid)
    aid = int(psql("INSERT INTO audit (method, path, status) VALUES ('POST', '%s', 201) "
                   "RETURNING id" % path).split()[0])
    wait_for(lambda: seen(audit, "status") == (201,), 2, what="the new row in every list")
    psql("DELETE FROM audit WHERE id = %d" % aid)
    wait_for(lambda: seen(audit, "status") == (), 2, what="the row gone from every list")
    # A task queued through the API is in every worker's very next page, and its end
    # (written by a runner) in the next page after the task says so.
    mine = "/api/tasks?kind=maintenance.purge&limit=1"
    seen(mine, "id")
    t = purge(c, days=3650)
    assert seen(mine, "id") == (t["id"],)
    assert wait_task(c, t["id"])["state"] == "succeeded"
    assert seen(mine, "state") == ("succeeded",)
