"""test_osds.py - /api/clusters/{fsid}/osds against the real test clusters: the list
checked field by field with `ceph osd tree` / `osd df` / `osd dump`, one OSD with its
metadata, in/out and reweight round trips checked with the CLI, scrubs, errors and
roles (API.md "Ceph"). Every test leaves the OSDs in with reweight 1."""

import time

import oa
from oa import assert_error, wait_for


def base(n=1):
    return "/api/clusters/%s" % oa.cluster(n)[0]


def dump_osd(osd_id, n=1):
    return [o for o in oa.ceph(n, "osd", "dump")["osds"] if o["osd"] == osd_id][0]


def restore(osd_id, n=1):
    oa.ceph(n, "osd", "in", str(osd_id), check=False)
    oa.ceph(n, "osd", "reweight", str(osd_id), "1", check=False)


def test_list_matches_the_cli():
    # The list is the view's: at most its bound (plus a second while another worker
    # refreshes it) behind the CLI, and the tests before changed the OSDs' PGs.
    deadline = time.time() + 5
    while True:
        try:
            return _list_matches_the_cli()
        except AssertionError:
            if time.time() > deadline:
                raise
            time.sleep(0.3)


def _list_matches_the_cli():
    c = oa.admin()
    r = c.get(base() + "/osds")
    assert r.status == 200, r
    assert r.json["total"] == 3 and r.json["offset"] == 0, r.json
    items = {o["id"]: o for o in r.json["items"]}
    tree = {n["id"]: n for n in oa.ceph(1, "osd", "tree")["nodes"]}
    hosts = {ch: n["name"] for n in tree.values() if n["type"] == "host"
             for ch in n.get("children", [])}
    df = {n["id"]: n for n in oa.ceph(1, "osd", "df")["nodes"]}
    dump = {o["osd"]: o for o in oa.ceph(1, "osd", "dump")["osds"]}
    assert sorted(items) == sorted(dump) == [0, 1, 2]
    for i, o in items.items():
        assert o["name"] == "osd.%d" % i and o["host"] == hosts[i], o
        assert o["up"] is True and o["in"] is True, o
        assert abs(o["weight"] - tree[i]["crush_weight"]) < 1e-9, (o, tree[i])
        assert o["reweight"] == dump[i]["weight"] == 1, o
        assert o["device_class"] == tree[i]["device_class"], o
        assert o["objectstore"] == "memstore", o
        assert o["stats"]["total"] == df[i]["kb"] * 1024, (o, df[i])
        assert o["stats"]["avail"] <= o["stats"]["total"] and o["stats"]["used"] >= 0
        assert 0 <= o["stats"]["percent_used"] <= 100 and isinstance(o["pgs"], (int, float))
    # The list envelope: paging, sorting, search.
    r = c.get(base() + "/osds?sort=-id&limit=2")
    assert [o["id"] for o in r.json["items"]] == [2, 1] and r.json["total"] == 3, r
    r = c.get(base() + "/osds?search=osd.1")
    assert [o["id"] for o in r.json["items"]] == [1], r
    assert_error(c.get(base() + "/osds?sort=nope"), 400, "invalid_sort", "sort")


def test_get_one_with_metadata_and_perf():
    c = oa.admin()
    r = c.get(base() + "/osds/1")
    assert r.status == 200, r
    o = r.json
    meta = oa.ceph(1, "osd", "metadata", "1")
    assert o["id"] == 1 and o["name"] == "osd.1" and o["up"] and o["in"], o
    assert o["metadata"]["hostname"] == meta["hostname"], o
    assert o["metadata"]["ceph_version_short"] == meta["ceph_version_short"]
    assert o["metadata"]["osd_objectstore"] == "memstore"
    for k in ("arch", "kernel_version", "back_addr", "front_addr", "devices"):
        assert k in o["metadata"], k
    assert set(o["perf"]) == {"commit_latency_ms", "apply_latency_ms"}, o


def test_out_then_in_round_trip():
    c = oa.admin()
    try:
        r = c.patch(base() + "/osds/2", {"in": False})
        assert r.status == 200 and r.json["in"] is False and r.json["id"] == 2, r
        assert dump_osd(2)["in"] == 0
        assert c.get(base() + "/osds/2").json["in"] is False
        r = c.patch(base() + "/osds/2", {"in": True})
        assert r.status == 200 and r.json["in"] is True, r
        assert dump_osd(2)["in"] == 1
    finally:
        restore(2)


def test_reweight_round_trip_and_range():
    c = oa.admin()
    try:
        r = c.patch(base() + "/osds/0", {"reweight": 0.5})
        assert r.status == 200 and abs(r.json["reweight"] - 0.5) < 1e-3, r
        assert abs(dump_osd(0)["weight"] - 0.5) < 1e-3
        r = c.patch(base() + "/osds/0", {"reweight": 1})
        assert r.status == 200 and r.json["reweight"] == 1, r
        assert dump_osd(0)["weight"] == 1
        for bad in (2, -0.1, 1.0001):
            assert_error(c.patch(base() + "/osds/0", {"reweight": bad}), 422,
                         "invalid_value", "reweight")
        assert dump_osd(0)["weight"] == 1
        assert_error(c.patch(base() + "/osds/0", {"reweight": "1"}), 400, "invalid_type",
                     "reweight")
        assert_error(c.patch(base() + "/osds/0", {"in": 1}), 400, "invalid_type", "in")
        assert_error(c.patch(base() + "/osds/0", {"up": True}), 400, "unknown_field", "up")
    finally:
        restore(0)


def test_scrub_and_deep_scrub_are_accepted():
    c = oa.admin()
    r = c.post(base() + "/osds/1/scrub", {"deep": False})
    assert r.status == 202, r
    assert r.json["osd"] == 1 and r.json["deep"] is False and r.json["message"], r
    r = c.post(base() + "/osds/1/scrub", {"deep": True})
    assert r.status == 202 and r.json["deep"] is True, r
    r = c.post(base() + "/osds/0/scrub")
    assert r.status == 202 and r.json["deep"] is False, r
    assert_error(c.post(base() + "/osds/9/scrub", {}), 404, "osd_not_found")


def test_unknown_and_malformed_ids_404():
    c = oa.admin()
    for bad in ("9", "1000", "-1", "abc", "1.5", "osd.1", "01x"):
        assert_error(c.get(base() + "/osds/" + bad), 404, "osd_not_found")
    assert_error(c.patch(base() + "/osds/9", {"in": False}), 404, "osd_not_found")
    assert_error(c.get("/api/clusters/00000000-0000-0000-0000-000000000000/osds"), 404,
                 "cluster_not_found")


def test_viewer_reads_but_cannot_patch_or_scrub():
    v = oa.client_as("viewer")
    assert v.get(base() + "/osds").status == 200
    assert v.get(base() + "/osds/0").status == 200
    assert_error(v.patch(base() + "/osds/0", {"in": False}), 403, "forbidden")
    assert_error(v.post(base() + "/osds/0/scrub", {}), 403, "forbidden")
    assert dump_osd(0)["in"] == 1


def test_cli_changes_show_within_the_bound_on_the_second_cluster():
    c = oa.admin()
    oa.ceph(2, "osd", "out", "1")
    try:
        wait_for(lambda: c.get(base(2) + "/osds/1").json["in"] is False, timeout=3,
                 step=0.05, what="CLI out in the API")
        assert c.get(base(1) + "/osds/1").json["in"] is True
    finally:
        restore(1, 2)
    wait_for(lambda: c.get(base(2) + "/osds/1").json["in"] is True, timeout=3, step=0.05,
             what="CLI in in the API")
