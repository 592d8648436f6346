"""test_crush.py - /api/clusters/{fsid}/crush/rules and /crush/tree checked with
`ceph osd crush rule dump` and `ceph osd tree` (API.md "Ceph"); rules created
(replicated with a failure domain and device class, erasure from a profile) and
deleted, and the refusals: what the map has not, a rule a pool uses, a viewer."""

import oa
from oa import assert_error, wait_for


def base(n=1):
    return "/api/clusters/%s/crush" % oa.cluster(n)[0]


def test_rules_with_the_pools_using_them():
    c = oa.admin()
    prof, pool = oa.unique("ecr"), oa.unique("crpool")
    oa.ceph(1, "osd", "erasure-code-profile", "set", prof, "k=2", "m=1",
            "crush-failure-domain=osd")
    try:
        oa.ceph(1, "osd", "pool", "create", pool, "8", "8", "erasure", prof)

        def both():
            rules = c.get(base() + "/rules").json["items"]
            return rules if any(pool in x["pools"] for x in rules) else None
        rules = {x["name"]: x for x in wait_for(both, timeout=3, step=0.05,
                                                 what="the EC pool's rule")}
        cli = {x["rule_name"]: x for x in oa.ceph(1, "osd", "crush", "rule", "dump")}
        assert set(rules) == set(cli), (rules, cli)
        for name, x in rules.items():
            assert x["id"] == cli[name]["rule_id"] and x["steps"] == cli[name]["steps"], x
            assert x["min_size"] == cli[name]["min_size"]
            assert x["max_size"] == cli[name]["max_size"]
        rep = rules["replicated_rule"]
        assert rep["type"] == "replicated" and rep["id"] == 0, rep
        pools = oa.ceph(1, "osd", "pool", "ls", "detail")
        assert sorted(rep["pools"]) == sorted(p["pool_name"] for p in pools
                                              if p["crush_rule"] == 0), rep
        ec = [x for x in rules.values() if pool in x["pools"]][0]
        assert ec["type"] == "erasure" and ec["pools"] == [pool], ec
        r = c.get(base() + "/rules?sort=-id&limit=1")
        assert r.json["items"][0]["id"] == max(x["id"] for x in rules.values()), r
    finally:
        oa.ceph(1, "osd", "pool", "rm", pool, pool, "--yes-i-really-really-mean-it",
                check=False)
        oa.ceph(1, "osd", "crush", "rule", "rm", pool, check=False)
        oa.ceph(1, "osd", "erasure-code-profile", "rm", prof, check=False)


def test_tree_roots_hosts_osds():
    c = oa.admin()
    r = c.get(base() + "/tree")
    assert r.status == 200, r
    nodes = {n["id"]: n for n in oa.ceph(1, "osd", "tree")["nodes"]}
    assert len(r.json["roots"]) == 1 and r.json["stray"] == [], r
    root = r.json["roots"][0]
    assert root["type"] == "root" and root["name"] == "default", root
    assert len(root["children"]) == 1, root
    host = root["children"][0]
    assert host["type"] == "host" and host["name"] == nodes[host["id"]]["name"], host
    osds = sorted(host["children"], key=lambda o: o["id"])
    assert [o["id"] for o in osds] == [0, 1, 2], host
    for o in osds:
        n = nodes[o["id"]]
        assert o == {"id": n["id"], "name": n["name"], "type": "osd",
                     "device_class": n["device_class"], "crush_weight": n["crush_weight"],
                     "reweight": n["reweight"], "status": n["status"]}, (o, n)
        assert o["device_class"] == "hdd" and o["status"] == "up"
    assert_error(c.get("/api/clusters/00000000-0000-0000-0000-000000000000/crush/tree"),
                 404, "cluster_not_found")
    assert oa.client_as("viewer").get(base() + "/tree").status == 200


def test_create_a_replicated_rule_and_delete_it():
    c = oa.admin()
    name = oa.unique("rule-")
    cls = [n["device_class"] for n in oa.ceph(1, "osd", "tree")["nodes"] if n.get("device_class")][0]
    try:
        r = c.post(base() + "/rules", {"name": name, "failure_domain": "osd", "device_class": cls})
        assert r.status == 201 and r.json["type"] == "replicated" and r.json["pools"] == [], r
        cli = oa.ceph(1, "osd", "crush", "rule", "dump", name)
        assert cli["rule_name"] == name and cli["type"] == 1, cli
        assert {"op": "choose_firstn", "num": 0, "type": "osd"} in cli["steps"], cli
        assert cli["steps"][0]["item_name"] == "default~" + cls, cli
        assert_error(c.post(base() + "/rules", {"name": name}), 409, "crush_rule_exists", "name")
        assert c.delete(base() + "/rules/" + name).status == 204
        assert name not in oa.ceph(1, "osd", "crush", "rule", "ls")
        assert_error(c.delete(base() + "/rules/" + name), 404, "crush_rule_not_found")
    finally:
        oa.ceph(1, "osd", "crush", "rule", "rm", name, check=False)


def test_create_an_erasure_rule_from_a_profile():
    c = oa.admin()
    name, prof = oa.unique("erule-"), oa.unique("ecr")
    oa.ceph(1, "osd", "erasure-code-profile", "set", prof, "k=2", "m=1", "crush-failure-domain=osd")
    try:
        r = c.post(base() + "/rules", {"name": name, "type": "erasure", "profile": prof})
        assert r.status == 201 and r.json["type"] == "erasure", r
        assert oa.ceph(1, "osd", "crush", "rule", "dump", name)["type"] == 3
    finally:
        oa.ceph(1, "osd", "crush", "rule", "rm", name, check=False)
        oa.ceph(1, "osd", "erasure-code-profile", "rm", prof, check=False)


def test_rule_refusals():
    c = oa.admin()
    name = oa.unique("rule-")
    for body, field in (({"name": "bad name"}, "name"),
                        ({"name": name, "type": "magic"}, "type"),
                        ({"name": name, "root": "nosuchroot"}, "root"),
                        ({"name": name, "failure_domain": "galaxy"}, "failure_domain"),
                        ({"name": name, "device_class": "nosuchclass"}, "device_class"),
                        ({"name": name, "type": "erasure", "profile": "nosuchprofile"}, "profile")):
        assert_error(c.post(base() + "/rules", body), 422, "invalid_value", field)
    assert name not in oa.ceph(1, "osd", "crush", "rule", "ls")
    # The rule of a pool cannot go.
    used = [p for p in c.get(base() + "/rules?limit=1000").json["items"] if p["pools"]][0]
    e = assert_error(c.delete(base() + "/rules/" + used["name"]), 409, "crush_rule_in_use")
    assert used["pools"][0] in e["message"], e
    assert used["name"] in oa.ceph(1, "osd", "crush", "rule", "ls")
    viewer = oa.client_as("viewer")
    assert_error(viewer.post(base() + "/rules", {"name": name}), 403)
    assert_error(viewer.delete(base() + "/rules/" + used["name"]), 403)


def test_a_bucket_linked_under_two_roots_shows_under_both_and_is_no_root():
    """`ceph osd crush link` puts a bucket under a second root; `osd tree` then lists it
    (and its OSDs) once under each: neither copy is a root of its own."""
    c = oa.admin()
    h = [n for n in oa.ceph(1, "osd", "tree")["nodes"] if n["type"] == "host"][0]
    host = h["name"]
    root = oa.unique("linkroot")
    oa.ceph(1, "osd", "crush", "add-bucket", root, "root")
    try:
        oa.ceph(1, "osd", "crush", "link", host, "root=" + root)

        def tree():
            r = c.get(base() + "/tree")
            assert r.status == 200, r
            return r.json
        t = wait_for(lambda: (lambda j: j if len(j["roots"]) == 2 else None)(tree()),
                     what="two roots")
        assert sorted(r["name"] for r in t["roots"]) == sorted(["default", root]), t["roots"]
        for r in t["roots"]:
            assert [h["name"] for h in r["children"]] == [host], r
            assert len(r["children"][0]["children"]) == len(h["children"]), r
    finally:
        oa.ceph(1, "osd", "crush", "unlink", host, root, check=False)
        oa.ceph(1, "osd", "crush", "remove", root, check=False)
