"""test_view_off.py - a cluster whose view is off (view_max_age_ms = 0: every read asks
the cluster), as tests/bench/ceph measures it. The reads made of several maps (the pool
list, the OSD list, the status; the CRUSH tree of one) fetch them together
(backends/view.c: view_prefetch) and answer what the cluster says at that moment: each
read sends its commands (the view's command count, and Server-Timing's ceph part), and
a change made with the CLI is in the very next read. Cluster 2's view is switched off
for the test (the master rolls its workers on SIGHUP) and on again after it."""

import re

import oa
from oa import wait_for

N = 2
READS = {"pools": 3, "osds": 4, "status": 3, "crush/tree": 1}  # path: maps it reads


def set_view_bound(ms):
    """Sets cluster N's view_max_age_ms and rolls the workers; returns the old value."""
    path = oa.conf_path()
    with open(path) as f:
        text = f.read()
    section = re.search(r"\[cluster ceph%d\][^\[]*" % N, text)
    assert section, "no [cluster ceph%d] in %s" % (N, path)
    old = int(re.search(r"view_max_age_ms = (\d+)", section.group(0)).group(1))
    body = re.sub(r"view_max_age_ms = \d+", "view_max_age_ms = %d" % ms, section.group(0))
    with open(path, "w") as f:
        f.write(text[:section.start()] + body + text[section.end():])
    workers = set(oa.ctl("pids", "worker").split())
    oa.ctl("reload")
    wait_for(lambda: not workers & set(oa.ctl("pids", "worker").split()), timeout=15,
             what="every worker rolled")
    return old


def commands(c, fsid):
    for cl in c.get("/api/health").json["clusters"]:
        if cl["fsid"] == fsid:
            return cl["view_commands"]
    raise AssertionError("cluster %s not in /api/health" % fsid)


def ceph_ms(r):
    m = re.search(r"ceph;dur=([0-9.]+)", r.headers.get("server-timing", ""))
    return float(m.group(1)) if m else 0.0


def test_with_the_view_off_every_read_asks_the_cluster_and_shows_the_cli_at_once():
    fsid = oa.cluster(N)[0]
    base = "/api/clusters/%s/" % fsid
    c = oa.admin()
    pool = oa.unique("voff")
    bound = set_view_bound(0)
    try:
        for path, maps in READS.items():
            for _ in range(2):  # the second read is not the first one's answer again
                before = commands(c, fsid)
                r = c.get(base + path)
                assert r.status == 200, r
                assert commands(c, fsid) - before >= maps, (path, before)
                assert ceph_ms(r) > 0, (path, r.headers)
        osds = c.get(base + "osds?limit=1000").json
        assert osds["total"] == len(oa.ceph(N, "osd", "ls")), osds
        oa.ceph(N, "osd", "pool", "create", pool, "1")
        r = c.get(base + "pools?search=" + pool)  # no bound to wait out
        assert [p["name"] for p in r.json["items"]] == [pool], r
        oa.ceph(N, "osd", "pool", "rm", pool, pool, "--yes-i-really-really-mean-it")
        assert c.get(base + "pools?search=" + pool).json["total"] == 0
    finally:
        oa.ceph(N, "osd", "pool", "rm", pool, pool, "--yes-i-really-really-mean-it", check=False)
        set_view_bound(bound)

    # On again: a read within the bound is served from the view, without a command
    # (two reads in a row, tried a few times: a refresh may fall between them).
    def served_from_the_view():
        c.get(base + "pools")
        before = commands(c, fsid)
        r = c.get(base + "pools")
        return r.status == 200 and commands(c, fsid) == before and ceph_ms(r) == 0

    wait_for(served_from_the_view, timeout=10, what="a read served from the view")
