"""test_osd_lifecycle.py - an OSD's life beyond in/out (issue 15), checked with the ceph
CLI: the safety checks with Ceph's reasons; destroy and purge refused without the name
as confirm and while not safe (the test cluster's pools have one copy: no real OSD is
ever safe); an OSD id made with `ceph osd create` (no daemon, no data) marked lost,
destroyed and purged; CRUSH weight, primary affinity, device class and per-OSD flags of
a real OSD; marked down it stays down under noup and comes back without; flags of a
host; the refusals; viewers may not. The osd.remove task purges an empty, down OSD at
once and, for a real one, marks it out and waits for its data (cancelled, it is in
again)."""

import oa
from oa import assert_error, wait_for


def base(n=1):
    return "/api/clusters/%s" % oa.cluster(n)[0]


def osd_url(i, tail=""):
    return "%s/osds/%d%s" % (base(), i, tail)


def dump_osd(i):
    return [o for o in oa.ceph(1, "osd", "dump")["osds"] if o["osd"] == i]


def tree_node(i):
    return [n for n in oa.ceph(1, "osd", "tree")["nodes"] if n["id"] == i][0]


def real_osd():
    """The up OSD holding the most PGs (with one copy of each, never safe to stop)."""
    up = {o["osd"] for o in oa.ceph(1, "osd", "dump")["osds"] if "up" in o["state"]}
    pgs = {n["id"]: n["pgs"] for n in oa.ceph(1, "osd", "df")["nodes"] if n["id"] in up}
    return max(sorted(pgs), key=lambda i: pgs[i])


def all_pgs_active():
    st = oa.ceph(1, "pg", "stat")
    by = st.get("pg_summary", st).get("num_pg_by_state", [])
    return by and all("active" in s["name"] for s in by)


def test_safety_and_the_refusals_of_a_real_osd():
    c = oa.admin()
    i = real_osd()
    r = c.get(osd_url(i, "/safety"))
    assert r.status == 200, r
    s = r.json
    assert s["ok_to_stop"] is False and "unsafe to stop" in s["ok_to_stop_message"], s
    assert s["safe_to_destroy"] is False and s["safe_to_destroy_message"], s
    assert_error(c.delete(osd_url(i)), 422, "confirmation_required", "confirm")
    assert_error(c.delete(osd_url(i, "?confirm=osd.%d" % (i + 100))), 422, "confirmation_required")
    e = assert_error(c.delete(osd_url(i, "?confirm=osd.%d" % i)), 409, "osd_not_safe")
    assert "not safe to purge" in e["message"] and "force" in e["message"], e
    assert_error(c.delete(osd_url(i, "?mode=erase&confirm=osd.%d" % i)), 400, "invalid_parameter")
    assert_error(c.post(osd_url(i, "/lost")), 422, "confirmation_required")
    # Forced, Ceph itself refuses to destroy an OSD that is up.
    e = assert_error(c.delete(osd_url(i, "?mode=destroy&force=true&confirm=osd.%d" % i)), 409,
                     "osd_busy")
    assert dump_osd(i) and "up" in dump_osd(i)[0]["state"]
    assert_error(c.get(osd_url(9999, "/safety")), 404, "osd_not_found")


def test_a_new_osd_id_is_marked_lost_destroyed_and_purged():
    c = oa.admin()
    made = oa.ceph(1, "osd", "create")
    i = int(made["osdid"] if isinstance(made, dict) else made)
    try:
        # Ceph draws no conclusion while some PGs are not active+clean (a test before
        # may have just made a pool): the new id is safe once they settle.
        s = wait_for(lambda: (lambda j: j if j["safe_to_destroy"] else None)(
            c.get(osd_url(i, "/safety")).json), what="safe to destroy")
        assert s["ok_to_stop"] is True and s["safe_to_destroy"] is True, s
        assert c.post(osd_url(i, "/lost?confirm=osd.%d" % i)).status == 204
        r = c.delete(osd_url(i, "?mode=destroy&confirm=osd.%d" % i))
        assert r.status == 204, r
        assert "destroyed" in dump_osd(i)[0]["state"]
        assert c.delete(osd_url(i, "?confirm=osd.%d" % i)).status == 204
        assert dump_osd(i) == []
        assert_error(c.get(osd_url(i, "/safety")), 404, "osd_not_found")
    finally:
        oa.ceph(1, "osd", "purge", str(i), "--yes-i-really-mean-it", check=False)


def test_weights_class_and_flags_of_a_real_osd():
    c = oa.admin()
    i = real_osd()
    before = tree_node(i)
    try:
        r = c.patch(osd_url(i), {"crush_weight": 0.5, "primary_affinity": 0.25,
                                 "device_class": "oatest", "flags": ["noout", "noin"]})
        assert r.status == 200, r
        assert r.json["primary_affinity"] == 0.25 and sorted(r.json["flags"]) == ["noin", "noout"], r
        node = tree_node(i)
        assert abs(node["crush_weight"] - 0.5) < 1e-3 and node["device_class"] == "oatest", node
        o = dump_osd(i)[0]
        assert o["primary_affinity"] == 0.25 and {"noout", "noin"} <= set(o["state"]), o
        r = c.patch(osd_url(i), {"flags": ["noout"], "device_class": None})
        assert r.status == 200 and r.json["flags"] == ["noout"] and r.json["device_class"] is None, r
        assert "noin" not in dump_osd(i)[0]["state"] and "device_class" not in tree_node(i)
        for body, field in (({"crush_weight": -1}, "crush_weight"),
                            ({"primary_affinity": 1.5}, "primary_affinity"),
                            ({"device_class": "a b"}, "device_class"),
                            ({"device_class": 3}, "device_class"),
                            ({"flags": ["noscrub"]}, "flags")):
            assert_error(c.patch(osd_url(i), body), 422, "invalid_value", field)
    finally:
        c.patch(osd_url(i), {"crush_weight": before["crush_weight"], "primary_affinity": 1,
                             "flags": [], "device_class": before.get("device_class")})
    assert abs(tree_node(i)["crush_weight"] - before["crush_weight"]) < 1e-4
    assert tree_node(i).get("device_class") == before.get("device_class")


def test_marked_down_it_stays_down_under_noup():
    c = oa.admin()
    i = real_osd()
    try:
        assert c.patch(osd_url(i), {"flags": ["noup"]}).status == 200
        assert c.post(osd_url(i, "/down")).status == 204
        wait_for(lambda: "up" not in dump_osd(i)[0]["state"], timeout=10, what="osd.%d down" % i)
        assert c.get(osd_url(i)).json["up"] is False
    finally:
        c.patch(osd_url(i), {"flags": []})
        oa.ceph(1, "osd", "unset-group", "noup", "osd.%d" % i, check=False)
    wait_for(lambda: "up" in dump_osd(i)[0]["state"], timeout=30, what="osd.%d up again" % i)
    wait_for(all_pgs_active, timeout=60, what="every PG active again")


def test_host_flags_and_roles():
    c = oa.admin()
    host = [n["name"] for n in oa.ceph(1, "osd", "tree")["nodes"] if n["type"] == "host"][0]
    url = base() + "/hosts/%s/flags" % host
    try:
        r = c.put(url, {"flags": ["noout", "nodown"]})
        assert r.status == 200 and sorted(r.json["flags"]) == ["nodown", "noout"], r
        assert sorted(oa.ceph(1, "osd", "dump")["crush_node_flags"][host]) == ["nodown", "noout"]
        assert sorted(c.get(url).json["flags"]) == ["nodown", "noout"]
        r = c.put(url, {"flags": []})
        assert r.status == 200 and r.json["flags"] == [], r
        assert not oa.ceph(1, "osd", "dump")["crush_node_flags"].get(host)
        assert_error(c.put(url, {"flags": ["pause"]}), 422, "invalid_value", "flags")
        assert_error(c.get(base() + "/hosts/nosuchhost/flags"), 404, "host_not_found")
        viewer = oa.client_as("viewer")
        i = real_osd()
        assert viewer.get(osd_url(i, "/safety")).status == 200
        assert_error(viewer.put(url, {"flags": ["noout"]}), 403)
        assert_error(viewer.post(osd_url(i, "/down")), 403)
        assert_error(viewer.delete(osd_url(i, "?confirm=osd.%d" % i)), 403)
        assert not oa.ceph(1, "osd", "dump")["crush_node_flags"].get(host)
    finally:
        oa.ceph(1, "osd", "unset-group", "noout,nodown", host, check=False)


def test_the_remove_task_purges_an_empty_down_osd():
    c = oa.admin()
    made = oa.ceph(1, "osd", "create")
    i = int(made["osdid"] if isinstance(made, dict) else made)
    try:
        assert_error(c.post(osd_url(i, "/remove"), {}), 422, "confirmation_required", "confirm")
        assert_error(c.post(osd_url(i, "/remove?confirm=osd.%d" % i), {"mode": "erase"}), 422,
                     "invalid_value", "mode")
        r = c.post(osd_url(i, "/remove?confirm=osd.%d" % i), {"mode": "purge"})
        assert r.status == 202 and r.json["kind"] == "osd.remove", r
        t = oa.wait_task(c, r.json["id"])
        assert t["state"] == "succeeded" and t["result"] == {"osd": i, "done": "purged"}, t
        assert dump_osd(i) == []
    finally:
        oa.ceph(1, "osd", "purge", str(i), "--yes-i-really-mean-it", check=False)


def test_the_remove_task_waits_for_the_data_and_cancelled_puts_it_back_in():
    c = oa.admin()
    i = real_osd()
    try:
        r = c.post(osd_url(i, "/remove?confirm=osd.%d" % i), {})
        assert r.status == 202, r
        tid = r.json["id"]
        t = wait_for(lambda: (lambda t: t if "data moves" in (t.get("message") or "") else None)(
            c.get("/api/tasks/%d" % tid).json), timeout=20, what="the task waiting for the data")
        assert t["state"] == "running" and 5 <= t["progress"] < 85, t
        assert dump_osd(i)[0]["in"] == 0
        assert c.delete("/api/tasks/%d" % tid).status in (200, 202, 204)
        t = oa.wait_task(c, tid)
        assert t["state"] == "cancelled", t
        wait_for(lambda: dump_osd(i)[0]["in"] == 1, timeout=10, what="osd.%d in again" % i)
    finally:
        oa.ceph(1, "osd", "in", str(i), check=False)
    wait_for(all_pgs_active, timeout=60, what="every PG active again")
