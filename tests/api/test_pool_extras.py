"""test_pool_extras.py - what a pool has beyond its size and PGs (issue 15), checked
with the ceph CLI: the autoscaler's hints (target size ratio and bytes, pg_num_min,
bulk), allow_ec_overwrites on an erasure-coded pool (only turned on; refused for a
replicated one), custom application names, and the pool's own snapshots (taken, listed,
removed; refused for a pool whose images take snapshots of their own)."""

import subprocess

import oa
from oa import assert_error, wait_for


def base(n=1):
    return "/api/clusters/%s/pools" % oa.cluster(n)[0]


def pool_get(pool, var):
    return oa.ceph(1, "osd", "pool", "get", pool, var)[var]


def make_pool(*extra):
    """A pool made with the CLI, once the API sees it (the view's bound)."""
    name = oa.unique("xp")
    oa.ceph(1, "osd", "pool", "create", name, "8", "8", *extra)
    c = oa.admin()
    wait_for(lambda: c.get(base() + "/" + name).status == 200, timeout=10,
             what="pool %s in the API" % name)
    return name


def rm_pool(name):
    oa.ceph(1, "osd", "pool", "rm", name, name, "--yes-i-really-really-mean-it", check=False)


def test_autoscaler_hints_and_custom_applications():
    c = oa.admin()
    pool = make_pool()
    try:
        r = c.patch(base() + "/" + pool, {"target_size_ratio": 0.25, "target_size_bytes": 1 << 30,
                                          "pg_num_min": 8, "bulk": True,
                                          "applications": ["rbd", "backup-tool"]})
        assert r.status == 200, r
        assert r.json["autoscale"] == {"target_size_ratio": 0.25, "target_size_bytes": 1 << 30,
                                       "pg_num_min": 8, "bulk": True}, r
        assert sorted(r.json["applications"]) == ["backup-tool", "rbd"], r
        assert pool_get(pool, "target_size_ratio") == 0.25
        assert pool_get(pool, "target_size_bytes") == 1 << 30
        assert pool_get(pool, "pg_num_min") == 8 and pool_get(pool, "bulk") is True
        apps = oa.ceph(1, "osd", "pool", "application", "get", pool)
        assert sorted(apps) == ["backup-tool", "rbd"], apps
        r = c.patch(base() + "/" + pool, {"bulk": False, "target_size_ratio": 0})
        assert r.status == 200 and r.json["autoscale"]["bulk"] is False, r
        for body, field in (({"target_size_ratio": -1}, "target_size_ratio"),
                            ({"target_size_bytes": -5}, "target_size_bytes"),
                            ({"pg_num_min": 40000}, "pg_num_min"),
                            ({"allow_ec_overwrites": True}, "allow_ec_overwrites")):
            assert_error(c.patch(base() + "/" + pool, body), 422, "invalid_value", field)
    finally:
        rm_pool(pool)


def test_allow_ec_overwrites_only_turns_on():
    c = oa.admin()
    prof = oa.unique("xpp")
    oa.ceph(1, "osd", "erasure-code-profile", "set", prof, "k=2", "m=1", "crush-failure-domain=osd")
    pool = make_pool("erasure", prof)
    try:
        assert c.get(base() + "/" + pool).json["allow_ec_overwrites"] is False
        r = c.patch(base() + "/" + pool, {"allow_ec_overwrites": True})
        assert r.status == 200 and r.json["allow_ec_overwrites"] is True, r
        assert pool_get(pool, "allow_ec_overwrites") is True
        assert_error(c.patch(base() + "/" + pool, {"allow_ec_overwrites": False}), 422,
                     "invalid_value", "allow_ec_overwrites")
    finally:
        rm_pool(pool)
        oa.ceph(1, "osd", "erasure-code-profile", "rm", prof, check=False)


def test_pool_snapshots():
    c = oa.admin()
    pool = make_pool()
    url = base() + "/" + pool + "/snapshots"
    try:
        r = c.post(url, {"name": "before-upgrade"})
        assert r.status == 201 and r.json["name"] == "before-upgrade" and r.json["created"], r
        snaps = oa.ceph(1, "osd", "pool", "ls", "detail")
        mine = [p for p in snaps if p["pool_name"] == pool][0]["pool_snaps"]
        assert [s["name"] for s in mine] == ["before-upgrade"], mine
        assert [s["name"] for s in c.get(url).json["items"]] == ["before-upgrade"]
        assert_error(c.post(url, {"name": "before-upgrade"}), 409, "snapshot_exists", "name")
        for bad in ("", ".hidden", "a b", "x" * 101):
            assert_error(c.post(url, {"name": bad}), 422, "invalid_value", "name")
        assert c.delete(url + "/before-upgrade").status == 204
        assert c.get(url).json["items"] == []
        assert_error(c.delete(url + "/before-upgrade"), 404, "snapshot_not_found")
        assert_error(c.get(base() + "/nosuchpool/snapshots"), 404, "pool_not_found")
    finally:
        rm_pool(pool)


def test_a_pool_with_image_snapshots_has_no_pool_snapshots():
    c = oa.admin()
    pool = make_pool()
    try:
        oa.ceph(1, "osd", "pool", "application", "enable", pool, "rbd")
        _, conf = oa.cluster(1)
        for args in (["create", "--size", "8M", pool + "/img"], ["snap", "create", pool + "/img@s"]):
            p = subprocess.run(["rbd", "-c", conf] + args, capture_output=True, text=True, timeout=60)
            assert p.returncode == 0, p.stderr
        e = assert_error(c.post(base() + "/" + pool + "/snapshots", {"name": "s"}), 409,
                         "pool_snapshots_unavailable")
        assert "their own snapshots" in e["message"], e
    finally:
        rm_pool(pool)
