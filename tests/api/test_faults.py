"""test_faults.py - the server under faults: workers killed, PostgreSQL restarted
under it, the configuration reloaded, and a second instance (as on another host) on
the same database sharing sessions and tasks (ARCHITECTURE.md "Processes")."""

import os
import signal
import time

import oa
from oa import Client, assert_error, psql, wait_for, wait_task


def pids(kind):
    return sorted(int(p) for p in oa.ctl("pids", kind).split())


def test_killed_workers_are_respawned_and_serve():
    before = pids("worker")
    assert len(before) == 4, before
    c = oa.admin()
    for p in before:
        os.kill(p, signal.SIGKILL)
    wait_for(lambda: len(pids("worker")) == 4 and not set(before) & set(pids("worker")),
             what="4 new workers")
    for _ in range(8):
        assert c.get("/api/tasks").status == 200


def test_postgres_restart_gives_503_then_recovers_without_restarting_openattic():
    c = oa.admin()
    master = oa.ctl("master-pid").strip()
    oa.ctl("pg-stop")
    try:
        t0 = time.time()
        r = c.get("/api/tasks")
        assert_error(r, 503, "database_unavailable")
        assert time.time() - t0 < 5
        r = Client().get("/api/health")
        assert r.status == 503 and r.json["database"] == "down", r
        # A change that cannot be audited is refused.
        r = c.post("/api/tokens", {"description": "during outage"})
        assert r.status == 503, r
        assert_error(Client(source="127.0.4.1").login("admin", "whatever-pw"), 503)
    finally:
        oa.ctl("pg-start")
    # Same session, same master, every worker reconnects on its next request.
    for _ in range(8):
        assert c.get("/api/tasks").status == 200
    assert c.post("/api/tokens", {"description": "after outage"}).status == 201
    assert oa.ctl("master-pid").strip() == master
    # Runners reconnect and LISTEN again: a new task is run promptly.
    t = c.post("/api/maintenance/purge", {}).json
    assert wait_task(c, t["id"], timeout=20)["state"] == "succeeded"


def test_sighup_rolls_workers_onto_the_reread_configuration():
    before = pids("worker")
    oa.ctl("reload")
    wait_for(lambda: len(pids("worker")) == 4 and not set(before) & set(pids("worker")),
             what="workers rolled")
    assert oa.admin().get("/api/auth/me").status == 200


def test_two_instances_share_sessions_and_run_each_task_once():
    url2 = oa.ctl("second-start").strip().splitlines()[-1]
    try:
        one = oa.admin()
        two = Client(url2)
        two.token = one.token  # a session made through one host is valid on the other
        assert two.get("/api/auth/me").status == 200
        first = int(psql("SELECT coalesce(max(id), 0) FROM tasks"))
        for i in range(100):
            assert one.post("/api/maintenance/purge", {}).status == 202
            assert two.post("/api/maintenance/purge", {}).status == 202

        def all_done():
            return psql("SELECT count(*) FROM tasks WHERE id > %d AND state = 'succeeded'"
                        % first) == "200"
        wait_for(all_done, timeout=120, step=0.5, what="200 tasks to succeed")
        rows = psql("SELECT count(*), max(attempts), count(DISTINCT split_part(runner, '/', 1)) "
                    "FROM tasks WHERE id > %d" % first).split("|")
        assert rows[0] == "200" and rows[1] == "1", rows  # each claimed exactly once
        assert rows[2] == "2", "both hosts' runners took tasks: %s" % rows
    finally:
        oa.ctl("second-stop")


def test_second_instance_stops_cleanly_on_sigterm():
    oa.ctl("second-start")
    sock = os.path.join(oa.STATE, "second", "oa", "openattic.sock")
    assert os.path.exists(sock)
    oa.ctl("second-stop")
    assert not os.path.exists(sock)
    assert not os.path.exists(os.path.join(oa.STATE, "second", "oa", "openattic.pid"))
