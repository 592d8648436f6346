"""test_crush.py - /api/clusters/{fsid}/crush/rules and /crush/tree checked with
`ceph osd crush rule dump` and `ceph osd tree` (API.md "Ceph")."""

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
