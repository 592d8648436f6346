"""test_ceph_faults.py - a monitor that goes away and comes back, under a running
openattic: cluster routes answer 503 within seconds, /api/health stays up and says
which cluster is down, the other cluster is unaffected, and once the monitor is back
the same workers serve again without a restart (ISSUE: Ceph cluster management)."""

import time

import oa
from oa import Client, assert_error, wait_for


def base(n):
    return "/api/clusters/%s" % oa.cluster(n)[0]


def health_of(n):
    fsid = oa.cluster(n)[0]
    r = Client().get("/api/health")
    assert r.status == 200, r
    return [c for c in r.json["clusters"] if c["fsid"] == fsid][0], r.json


def test_monitor_down_then_back():
    c = oa.admin()
    assert c.get(base(1) + "/pools").status == 200
    workers = oa.ctl("pids", "worker").split()
    master = oa.ctl("master-pid").strip()
    oa.ctl("ceph", "1", "stop-mon")
    try:
        time.sleep(1.2)  # older than the view's bound: the next read must ask the monitor
        for path in ("/pools", "/status"):
            t0 = time.time()
            r = c.get(base(1) + path)
            assert_error(r, 503, "cluster_unreachable")
            assert time.time() - t0 < 6, "took %.1fs" % (time.time() - t0)
        t0 = time.time()
        h, whole = health_of(1)
        assert h["status"] == "unreachable" and whole["status"] == "degraded", whole
        assert time.time() - t0 < 6
        # The other cluster does not notice.
        t0 = time.time()
        assert c.get(base(2) + "/pools").status == 200
        assert health_of(2)[0]["status"].startswith("HEALTH_")
        assert time.time() - t0 < 2
        # Nor does the rest of the API.
        assert c.get("/api/tasks").status == 200
    finally:
        oa.ctl("ceph", "1", "start-mon")
    wait_for(lambda: c.get(base(1) + "/pools").status == 200, timeout=60, step=0.5,
             what="cluster 1 answering again")
    # Every worker gets there within seconds (one whose connect failed retries soon).
    wait_for(lambda: all(c.get(base(1) + "/status").status == 200 for _ in range(8)) and
             health_of(1)[0]["status"].startswith("HEALTH_"), timeout=15, step=0.5,
             what="all workers serving cluster 1")
    # The same processes serve: librados found the monitor again by itself.
    assert oa.ctl("master-pid").strip() == master
    assert sorted(oa.ctl("pids", "worker").split()) == sorted(workers)
