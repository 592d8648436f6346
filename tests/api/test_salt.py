"""test_salt.py - the Salt client and Salt jobs as tasks, against the salt-api
stand-in (tests/salt/standin.py): nodes from the wheel (keys) and runner (reachability,
cached grains) clients, a job followed minion by minion, a minion down or failing, the
session expiring mid-job, salt-api answering 5xx for a while, going away or restarted
under a running job, one runner following several jobs at once (cancel, drain,
runner_lost, other kinds not kept waiting), concurrent jobs (ISSUE: Salt)."""

import json
import os
import re
import signal
import time

import oa
from oa import Client, assert_error, wait_task


def faults(**kw):
    oa.ctl("salt", "faults", json.dumps(kw))


def reset():
    oa.ctl("salt", "reset")


def ping(c, target="*", timeout_s=20):
    r = c.post("/api/nodes/ping", {"target": target, "timeout_s": timeout_s})
    assert r.status == 202, r
    return r.json


def test_nodes_list_key_states_and_reachability():
    reset()
    c = oa.admin()
    r = c.get("/api/nodes?limit=100")
    assert r.status == 200, r
    nodes = {n["id"]: n for n in r.json["items"]}
    assert nodes["igw1"]["key_state"] == "accepted" and nodes["igw1"]["reachable"] is True
    assert "iscsi" in nodes["igw1"]["roles"] and nodes["igw1"]["addresses"]
    assert nodes["igw3"]["key_state"] == "pending" and nodes["igw3"]["reachable"] is False
    assert nodes["nfs0"]["key_state"] == "rejected"
    r = c.get("/api/nodes?search=igw&sort=-id")
    ids = [n["id"] for n in r.json["items"]]
    assert ids == sorted(ids, reverse=True) and all("igw" in i for i in ids)


def test_nodes_come_from_the_wheel_and_runner_clients_in_one_call():
    reset()
    c = oa.admin()
    # A worker fetches the node list between requests; a ping asks for a fresh one,
    # which the next read starts.
    assert c.post("/api/nodes/ping", {"target": "igw1"}).status == 202

    def fetched():
        assert c.get("/api/nodes").status == 200
        sent = [j for j in json.loads(oa.ctl("salt", "jobs"))["jobs"]
                if (j["lowstate"] or {}).get("client") in ("wheel", "runner")]
        return sent[-3:] if len(sent) >= 3 else None
    sent = oa.wait_for(fetched, timeout=15, step=0.3, what="the node list to be fetched")
    chunks = [j["lowstate"] for j in sent]
    assert [(x["client"], x["fun"]) for x in chunks] == [
        ("wheel", "key.finger"), ("runner", "manage.status"), ("runner", "cache.grains")], chunks
    assert all(j["path"] == "/" for j in sent), sent


def test_a_node_that_is_down_is_unreachable_with_its_cached_grains():
    reset()
    faults(down=["igw2"])
    try:
        c = oa.admin()

        # Every read answers at once from the last background refresh (no request
        # waits on a minion); igw2 shows down once a refresh after the fault ran.
        def down():
            t0 = time.time()
            r = c.get("/api/nodes?limit=100")
            assert r.status == 200 and time.time() - t0 < 2, r
            n = {x["id"]: x for x in r.json["items"]}
            return n if n["igw2"]["reachable"] is False else None
        nodes = oa.wait_for(down, timeout=30, step=0.5, what="igw2 to show down")
        assert nodes["igw1"]["reachable"] is True, nodes
        # Known from the master's grains cache although it does not answer.
        assert nodes["igw2"]["addresses"] == [oa.minion_ip("igw2")] and nodes["igw2"]["roles"] == ["iscsi"]
        r = c.get("/api/nodes/igw2")
        assert r.status == 200 and r.json["reachable"] is False and r.json["disks"], r
    finally:
        reset()


def test_node_detail_and_404():
    c = oa.admin()
    r = c.get("/api/nodes/igw1")
    assert r.status == 200, r
    for k in ("disks", "cpu_model", "num_cpus", "mem_total", "kernelrelease", "ceph_daemons"):
        assert k in r.json, k
    assert isinstance(r.json["disks"], list) and r.json["disks"]
    assert r.json["reachable"] is True and r.json["key_state"] == "accepted"
    assert re.fullmatch(r"([0-9a-f]{2}:){31}[0-9a-f]{2}", r.json["key_fingerprint"]), r.json
    r = c.get("/api/nodes/igw3")  # a pending key: no grains cached, not pinged
    assert r.status == 200 and r.json["key_state"] == "pending" and r.json["reachable"] is False, r
    assert r.json["key_fingerprint"] and r.json["disks"] is None
    assert_error(c.get("/api/nodes/nosuchminion"), 404, "node_not_found")
    assert_error(c.get("/api/nodes/a%20b"), 404, "node_not_found")


def test_ping_job_succeeds_minion_by_minion():
    reset()
    c = oa.admin()
    t = ping(c)
    assert t["kind"] == "salt.job" and t["state"] == "queued"
    done = wait_task(c, t["id"], timeout=30)
    assert done["state"] == "succeeded", done
    assert done["target"]["jid"].isdigit() and len(done["target"]["jid"]) == 20
    minions = done["result"]["minions"]
    assert set(minions) == set(done["target"]["minions"]) and len(minions) >= 4
    assert all(m["returned"] and m["success"] and m["return"] is True for m in minions.values())
    # The job was sent as local_async and followed through /jobs/<jid>.
    sent = json.loads(oa.ctl("salt", "jobs"))
    mine = [j for j in sent["jobs"] if j.get("jid") == done["target"]["jid"]]
    assert mine and mine[0]["lowstate"]["client"] == "local_async", mine


def test_down_minion_fails_the_task_with_per_minion_detail():
    reset()
    faults(down=["igw2"])
    try:
        c = oa.admin()
        done = wait_task(c, ping(c, timeout_s=4)["id"], timeout=30)
        assert done["state"] == "failed" and done["error"]["code"] == "minions_failed", done
        assert "igw2" in done["error"]["message"]
        assert done["result"]["minions"]["igw2"]["returned"] is False
        assert done["result"]["minions"]["igw1"]["success"] is True
    finally:
        reset()


def test_failing_minion_and_no_match():
    reset()
    faults(failing=["igw1"])
    try:
        c = oa.admin()
        done = wait_task(c, ping(c, target="igw*")["id"], timeout=30)
        assert done["state"] == "failed" and "igw1" in done["error"]["message"], done
        assert done["result"]["minions"]["igw1"]["success"] is False
        done = wait_task(c, ping(c, target="nomatch*")["id"], timeout=30)
        assert done["state"] == "failed" and done["error"]["code"] == "no_minions", done
    finally:
        reset()


def test_session_expiring_mid_job_logs_in_again():
    reset()
    faults(delay=[2, 3])
    try:
        c = oa.admin()
        t = ping(c, target="igw1")
        time.sleep(1)
        faults(expire_sessions=True)
        done = wait_task(c, t["id"], timeout=30)
        assert done["state"] == "succeeded", done
    finally:
        reset()


def test_salt_api_errors_for_a_while_are_retried():
    reset()
    c = oa.admin()
    faults(delay=[1, 1.5], error={"status": 503, "count": 3, "paths": ["/jobs/*"]})
    try:
        done = wait_task(c, ping(c, target="igw1")["id"], timeout=40)
        assert done["state"] == "succeeded", done
    finally:
        reset()


def test_salt_api_gone_fails_with_salt_unreachable_and_health_says_down():
    reset()
    c = oa.admin()
    oa.ctl("salt", "stop")
    try:
        # Health asks salt-api at most once a second per process.
        oa.wait_for(lambda: Client().get("/api/health").json["salt"] == "down", timeout=5,
                    what="health to say salt is down")
        # The node list answers from its last refresh and, once one failed, says why.
        r = oa.wait_for(lambda: (lambda r: r if r.json["refresh_error"] else None)(
            c.get("/api/nodes")), timeout=30, step=0.5, what="a failed refresh to show")
        assert r.status == 200 and r.json["refresh_error"]["code"] == "salt_unreachable", r
        done = wait_task(c, ping(c)["id"], timeout=60)
        assert done["state"] == "failed" and done["error"]["code"] == "salt_unreachable", done
    finally:
        oa.ctl("salt", "start")
    oa.wait_for(lambda: Client().get("/api/health").json["salt"] == "ok", timeout=5,
                what="health to say salt is ok")
    # A restarted salt-api has no sessions: the client logs in again by itself.
    assert c.get("/api/nodes").status == 200


def task_with_jid(c, task_id):
    """The task once its runner has submitted the job and noted the jid."""
    return oa.wait_for(lambda: (lambda t: t if t["target"].get("jid") else None)(
        c.get("/api/tasks/%d" % task_id).json), timeout=20, what="the task's jid")


def test_salt_api_restarted_during_a_job_the_task_follows_it():
    # The stand-in keeps its job cache on disk across a restart, as a Salt master does
    # (keep_jobs); its sessions are in memory and lost, as salt-api's are.
    reset()
    faults(delay=[5, 6])
    c = oa.admin()
    t = task_with_jid(c, ping(c, target="igw*", timeout_s=40)["id"])
    oa.ctl("salt", "stop")
    try:
        # The runner keeps trying while salt-api is away, and says so.
        seen = oa.wait_for(lambda: (lambda x: x if "does not answer" in x["message"] else None)(
            c.get("/api/tasks/%d" % t["id"]).json), timeout=15, what="the task to notice")
        assert seen["state"] == "running", seen
    finally:
        oa.ctl("salt", "start")
    done = wait_task(c, t["id"], timeout=40)
    assert done["state"] == "succeeded", done
    assert done["result"]["jid"] == t["target"]["jid"], done  # the same job, not a new one
    assert set(done["result"]["minions"]) == {"igw1", "igw2"}
    sent = json.loads(oa.ctl("salt", "jobs"))["jobs"]  # since the restart: polls only
    assert not [j for j in sent if j["lowstate"] and j["lowstate"].get("client") == "local_async"], sent


def test_salt_api_gone_during_a_job_fails_it_with_salt_unreachable():
    reset()
    faults(delay=[5, 6])
    c = oa.admin()
    t = task_with_jid(c, ping(c, target="igw1", timeout_s=40)["id"])
    oa.ctl("salt", "stop")
    try:
        t0 = time.time()
        done = wait_task(c, t["id"], timeout=60)
        assert done["state"] == "failed" and done["error"]["code"] == "salt_unreachable", done
        assert t["target"]["jid"] in done["error"]["message"], done
        assert time.time() - t0 < 45, "retried for a bounded time"
    finally:
        oa.ctl("salt", "start")


def test_a_runner_stopped_during_jobs_hands_them_on_without_submitting_them_twice():
    reset()
    faults(delay=[4, 5])
    c = oa.admin()
    tasks = [task_with_jid(c, ping(c, target="igw*", timeout_s=40)["id"]) for _ in range(4)]
    runner = oa.psql("SELECT runner FROM tasks WHERE id = %d" % tasks[0]["id"])
    held = oa.psql("SELECT count(*) FROM tasks WHERE runner = '%s' AND state = 'running'" % runner)
    os.kill(int(runner.rsplit("/", 1)[1]), signal.SIGTERM)  # drain; the master starts a new runner
    for t in tasks:
        done = wait_task(c, t["id"], timeout=60)
        assert done["state"] == "succeeded" and done["result"]["jid"] == t["target"]["jid"], done
    subs = [j for j in json.loads(oa.ctl("salt", "jobs"))["jobs"]
            if (j["lowstate"] or {}).get("client") == "local_async"]
    assert len(subs) == 4, (held, subs)
    put_back = oa.psql("SELECT count(*) FROM tasks WHERE attempts = 2 AND id IN (%s)"
                       % ",".join(str(t["id"]) for t in tasks))
    assert put_back == held, (put_back, held)


def spans(ids):
    """(runner, started, finished) of each task, times in epoch seconds."""
    rows = oa.psql("SELECT runner, extract(epoch FROM started_at), extract(epoch FROM finished_at) "
                   "FROM tasks WHERE id IN (%s)" % ",".join(map(str, ids)))
    return [(r.split("|")[0], float(r.split("|")[1]), float(r.split("|")[2])) for r in rows.splitlines()]


def most_at_once(spans_):
    """The largest number of spans that overlap at one instant."""
    edges = sorted([(s, 1) for _, s, _ in spans_] + [(f, -1) for _, _, f in spans_])
    best = n = 0
    for _, d in edges:
        n += d
        best = max(best, n)
    return best


def test_one_runner_follows_several_jobs_at_once():
    reset()
    faults(delay=[2, 2.5])
    try:
        c = oa.admin()
        ids = [ping(c, target="igw*")["id"] for _ in range(8)]
        for i in ids:
            assert wait_task(c, i, timeout=60)["state"] == "succeeded"
        sp = spans(ids)
        by_runner = {}
        for r, st, fi in sp:
            by_runner.setdefault(r, []).append((r, st, fi))
        # 2 runners that followed one job each would never have more than 2 running.
        assert most_at_once(sp) > 2, sp
        assert max(most_at_once(x) for x in by_runner.values()) > 1, sp
    finally:
        reset()


def test_a_cancelled_job_among_several_stops_and_the_others_go_on():
    reset()
    faults(delay=[3, 3.5])
    try:
        c = oa.admin()
        ids = [ping(c, target="igw1")["id"] for _ in range(4)]
        oa.wait_for(lambda: all(c.get("/api/tasks/%d" % i).json["state"] == "running" for i in ids),
                    timeout=20, what="all four running")
        assert c.delete("/api/tasks/%d" % ids[1]).status == 202
        done = wait_task(c, ids[1], timeout=20)
        assert done["state"] == "cancelled", done
        for i in ids[:1] + ids[2:]:
            assert wait_task(c, i, timeout=40)["state"] == "succeeded"
    finally:
        reset()


def test_other_kinds_are_not_kept_waiting_behind_salt_jobs():
    # A runner that holds Salt jobs claims only more of them, and only in queue order:
    # a purge queued behind them is taken once a runner has let its jobs go.
    reset()
    faults(delay=[2, 2.5])
    try:
        c = oa.admin()
        ids = [ping(c, target="igw*")["id"] for _ in range(6)]
        r = c.post("/api/maintenance/purge", {"tasks_older_than_days": 36500})
        assert r.status == 202, r
        done = wait_task(c, r.json["id"], timeout=40)
        assert done["state"] == "succeeded", done
        for i in ids:
            assert wait_task(c, i, timeout=40)["state"] == "succeeded"
    finally:
        reset()


def test_a_runner_killed_under_several_jobs_loses_each_as_runner_lost():
    reset()
    faults(delay=[12, 12])
    try:
        c = oa.admin()
        ids = [task_with_jid(c, ping(c, target="igw1", timeout_s=60)["id"])["id"] for _ in range(4)]
        runner = oa.psql("SELECT runner FROM tasks WHERE id = %d" % ids[0])
        held = [int(i) for i in oa.psql("SELECT id FROM tasks WHERE runner = '%s' AND state = 'running' "
                                        "AND id IN (%s)" % (runner, ",".join(map(str, ids)))).split()]
        os.kill(int(runner.rsplit("/", 1)[1]), signal.SIGKILL)
        for i in held:  # its heartbeats stop for every one of them
            done = wait_task(c, i, timeout=40)
            assert done["state"] == "failed" and done["error"]["code"] == "runner_lost", done
        for i in set(ids) - set(held):
            assert wait_task(c, i, timeout=40)["state"] == "succeeded"
        oa.wait_for(lambda: len(oa.ctl("pids", "runner").split()) == 2, what="runner respawned")
    finally:
        reset()


def test_concurrent_jobs_all_finish():
    reset()
    c = oa.admin()
    ids = [ping(c, target="igw*")["id"] for _ in range(20)]
    for i in ids:
        assert wait_task(c, i, timeout=90)["state"] == "succeeded"
    jids = {c.get("/api/tasks/%d" % i).json["target"]["jid"] for i in ids}
    assert len(jids) == 20


def test_ping_validation_and_roles():
    c = oa.admin()
    assert_error(c.post("/api/nodes/ping", {"target": "a b"}), 422, "invalid_value", "target")
    assert_error(c.post("/api/nodes/ping", {"timeout_s": 0}), 422, "invalid_value", "timeout_s")
    v = oa.client_as("viewer")
    assert v.get("/api/nodes").status == 200
    assert_error(v.post("/api/nodes/ping", {}), 403, "forbidden")
