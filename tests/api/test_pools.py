"""test_pools.py - clusters, status and pools against the real test clusters, each
change checked with the ceph CLI, and CLI changes seen by the API within the view's
bound (API.md "Ceph")."""

import time

import oa
from oa import assert_error, wait_for, wait_task

BOUND = 1.0  # view_max_age_ms of the test stack, in seconds


def base(n=1):
    return "/api/clusters/%s" % oa.cluster(n)[0]


def pool_names(n=1):
    return [p["pool_name"] for p in oa.ceph(n, "osd", "pool", "ls", "detail")]


def create(c, body, n=1):
    r = c.post(base(n) + "/pools", body)
    assert r.status == 202, r
    assert r.headers["location"].startswith("/api/tasks/")
    return wait_task(c, r.json["id"], timeout=60)


def delete(c, name, n=1):
    r = c.delete(base(n) + "/pools/%s?confirm=%s" % (name, name))
    assert r.status == 202, r
    return wait_task(c, r.json["id"], timeout=60)


def test_clusters_list_and_status():
    c = oa.admin()
    r = c.get("/api/clusters")
    assert r.status == 200, r
    fsids = {x["fsid"]: x for x in r.json}
    for n in (1, 2):
        fsid = oa.cluster(n)[0]
        x = fsids[fsid]
        assert x["health"].startswith("HEALTH_"), x
        assert x["osds"] == {"total": 3, "up": 3, "in": 3}, x
        assert x["capacity"]["total"] > 0 and x["mons"] == 1
    s = c.get(base() + "/status").json
    assert s["monitors"]["in_quorum"] == ["a"] and s["monitors"]["leader"] == "a"
    assert s["pgs"]["total"] == sum(b["count"] for b in s["pgs"]["by_state"])
    for k in ("read_bytes_sec", "write_bytes_sec", "read_ops_sec", "write_ops_sec",
              "recovery_bytes_sec"):
        assert k in s["io"], s
    assert_error(c.get("/api/clusters/00000000-0000-0000-0000-000000000000/status"), 404,
                 "cluster_not_found")


def test_health_checks_with_detail_follow_a_cli_flag():
    c = oa.admin()
    oa.ceph(1, "osd", "set", "noout")
    try:
        def flagged():
            s = c.get(base() + "/status").json
            names = [ck["name"] for ck in s["health"]["checks"]]
            return s if "OSDMAP_FLAGS" in names else None
        s = wait_for(flagged, timeout=5, what="OSDMAP_FLAGS in status")
        ck = [x for x in s["health"]["checks"] if x["name"] == "OSDMAP_FLAGS"][0]
        assert ck["severity"] == "HEALTH_WARN" and "noout" in ck["summary"]
        assert s["health"]["status"] == "HEALTH_WARN"
    finally:
        oa.ceph(1, "osd", "unset", "noout")


def test_create_replicated_pool_round_trip_with_the_cli():
    c = oa.admin()
    name = oa.unique("pool")
    t = create(c, {"name": name, "pg_num": 16, "size": 2, "min_size": 1,
                   "applications": ["rbd"], "quota": {"max_bytes": 10485760, "max_objects": 500},
                   "compression": {"mode": "aggressive", "algorithm": "zstd"}})
    assert t["state"] == "succeeded" and t["progress"] == 100, t
    try:
        p = [x for x in oa.ceph(1, "osd", "pool", "ls", "detail") if x["pool_name"] == name][0]
        assert p["size"] == 2 and p["min_size"] == 1 and p["pg_num"] == 16
        assert list(p["application_metadata"]) == ["rbd"]
        assert p["quota_max_bytes"] == 10485760 and p["quota_max_objects"] == 500
        assert p["options"]["compression_mode"] == "aggressive"
        assert p["options"]["compression_algorithm"] == "zstd"
        # The PGs are active: the task waited for them.
        pgs = oa.ceph(1, "pg", "ls-by-pool", name)["pg_stats"]
        assert len(pgs) == 16 and all("active" in pg["state"] for pg in pgs)
        g = c.get(base() + "/pools/" + name).json
        assert g["size"] == 2 and g["applications"] == ["rbd"] and g["type"] == "replicated"
        assert g["quota"] == {"max_bytes": 10485760, "max_objects": 500}
        assert g["compression"]["mode"] == "aggressive" and g["crush_rule"] == "replicated_rule"
        for k in ("stored", "objects", "used", "max_avail", "percent_used", "rd_bytes",
                  "wr_bytes", "rd_ops", "wr_ops"):
            assert k in g["stats"], k
    finally:
        delete(c, name)
    assert name not in pool_names()


def test_update_each_field_and_rename():
    c = oa.admin()
    name, new = oa.unique("pool"), oa.unique("renamed")
    create(c, {"name": name, "pg_num": 8, "applications": ["rbd"]})
    try:
        r = c.patch(base() + "/pools/" + name,
                    {"size": 2, "pg_num": 16, "applications": ["rgw"],
                     "quota": {"max_objects": 7}, "compression": {"mode": "passive"},
                     "pg_autoscale_mode": "off"})
        assert r.status == 200, r
        p = [x for x in oa.ceph(1, "osd", "pool", "ls", "detail") if x["pool_name"] == name][0]
        assert p["size"] == 2 and p["pg_num_target"] == 16 and p["pg_autoscale_mode"] == "off"
        assert list(p["application_metadata"]) == ["rgw"] and p["quota_max_objects"] == 7
        assert r.json["pg_num_target"] == 16 and r.json["applications"] == ["rgw"]
        r = c.patch(base() + "/pools/" + name, {"name": new})
        assert r.status == 200 and r.json["name"] == new, r
        assert new in pool_names() and name not in pool_names()
        assert_error(c.get(base() + "/pools/" + name), 404, "pool_not_found")
        r = c.patch(base() + "/pools/" + new, {"pg_num": 12})
        assert r.status == 200 and r.json["warnings"], r
    finally:
        delete(c, new if new in pool_names() else name)


def test_erasure_pool_with_a_profile():
    c = oa.admin()
    prof, name = oa.unique("ec"), oa.unique("ecpool")
    oa.ceph(1, "osd", "erasure-code-profile", "set", prof, "k=2", "m=1",
            "crush-failure-domain=osd")
    try:
        t = create(c, {"name": name, "type": "erasure", "erasure_code_profile": prof,
                       "pg_num": 8, "applications": ["rbd"]})
        assert t["state"] == "succeeded", t
        g = c.get(base() + "/pools/" + name).json
        assert g["type"] == "erasure" and g["erasure_code_profile"] == prof and g["size"] == 3
        delete(c, name)
    finally:
        oa.ceph(1, "osd", "erasure-code-profile", "rm", prof, check=False)


def test_validation_before_ceph_is_asked():
    c = oa.admin()
    b = base() + "/pools"
    existing = pool_names()[0]
    assert_error(c.post(b, {"name": existing}), 409, "pool_exists", "name")
    for bad in ("", ".hidden", "a/b", "x" * 200, "sp ace"):
        assert_error(c.post(b, {"name": bad}), 422, "invalid_value", "name")
    n = oa.unique("v")
    assert_error(c.post(b, {"name": n, "size": 4}), 422, "invalid_value", "size")
    assert_error(c.post(b, {"name": n, "size": 2, "min_size": 3}), 422, "invalid_value",
                 "min_size")
    assert_error(c.post(b, {"name": n, "pg_num": 0}), 422, "invalid_value", "pg_num")
    assert_error(c.post(b, {"name": n, "pg_num": 100000}), 422, "invalid_value", "pg_num")
    assert_error(c.post(b, {"name": n, "type": "mirrored"}), 422, "invalid_value", "type")
    assert_error(c.post(b, {"name": n, "type": "erasure", "erasure_code_profile": "nope"}),
                 422, "invalid_value", "erasure_code_profile")
    assert_error(c.post(b, {"name": n, "crush_rule": "nope"}), 422, "invalid_value",
                 "crush_rule")
    assert_error(c.post(b, {"name": n, "compression": {"mode": "max"}}), 422,
                 "invalid_value", "compression")
    assert_error(c.post(b, {"name": n, "quota": {"max_bytes": -1}}), 422, "invalid_value",
                 "quota")
    assert_error(c.post(b, {"name": n, "applications": ["RBD!"]}), 422, "invalid_value",
                 "applications")
    assert_error(c.post(b, {"name": n, "pg_num": "8"}), 400, "invalid_type", "pg_num")
    assert n not in pool_names()
    # A non-power-of-two pg_num is accepted with a warning.
    r = c.post(b, {"name": n, "pg_num": 6})
    assert r.status == 202 and r.json["target"]["warnings"], r
    wait_task(c, r.json["id"], timeout=60)
    delete(c, n)


def test_delete_needs_confirmation_and_missing_pools_404():
    c = oa.admin()
    name = oa.unique("pool")
    create(c, {"name": name, "pg_num": 8})
    assert_error(c.delete(base() + "/pools/" + name), 422, "confirmation_required", "confirm")
    assert_error(c.delete(base() + "/pools/%s?confirm=other" % name), 422,
                 "confirmation_required")
    assert name in pool_names()
    assert delete(c, name)["state"] == "succeeded"
    assert_error(c.delete(base() + "/pools/%s?confirm=%s" % (name, name)), 404,
                 "pool_not_found")
    assert_error(c.get(base() + "/pools/" + name), 404, "pool_not_found")


def test_cli_changes_show_within_the_bound():
    c = oa.admin()
    name = oa.unique("cli")
    oa.ceph(1, "osd", "pool", "create", name, "8")
    try:
        t0 = time.time()
        wait_for(lambda: c.get(base() + "/pools/" + name).status == 200, timeout=5,
                 step=0.05, what="CLI-created pool in the API")
        assert time.time() - t0 <= BOUND + 0.5
    finally:
        oa.ceph(1, "osd", "pool", "rm", name, name, "--yes-i-really-really-mean-it")
    wait_for(lambda: c.get(base() + "/pools/" + name).status == 404, timeout=5, step=0.05,
             what="CLI-deleted pool gone from the API")


def test_pool_list_paging_sorting_search():
    c = oa.admin()
    names = sorted(oa.unique("pg") for _ in range(3))
    for n in names:
        create(c, {"name": n, "pg_num": 8})
    try:
        r = c.get(base() + "/pools?search=pg&sort=-name&limit=2")
        assert r.status == 200, r
        mine = [p["name"] for p in r.json["items"]]
        assert r.json["total"] >= 3 and len(mine) == 2 and mine == sorted(mine, reverse=True)
        r = c.get(base() + "/pools?sort=used&limit=1000")
        used = [p["stats"]["used"] for p in r.json["items"]]
        assert used == sorted(used)
        assert_error(c.get(base() + "/pools?sort=colour"), 400, "invalid_sort")
        r = c.get(base() + "/pools?offset=1000")
        assert r.json["items"] == [] and r.json["total"] >= 3
    finally:
        for n in names:
            delete(c, n)


def test_viewer_reads_pools_but_cannot_create():
    v = oa.client_as("viewer")
    assert v.get(base() + "/pools").status == 200
    assert_error(v.post(base() + "/pools", {"name": oa.unique("v")}), 403, "forbidden")
    assert_error(v.delete(base() + "/pools/rbd?confirm=rbd"), 403, "forbidden")
