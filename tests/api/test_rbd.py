"""test_rbd.py - RBD images against the real test cluster (API.md "RBD"): every change
checked with the rbd CLI, images made with the CLI seen by the API, validation before
Ceph is asked, a watched image refused for deletion, and paging / sorting / search on
images made with the CLI. Each test works in pools of its own, removed at the end."""

import json
import subprocess
import time

import oa
from oa import assert_error, wait_for, wait_task

MiB = 1024 * 1024
GiB = 1024 * MiB


def base(n=1):
    return "/api/clusters/%s" % oa.cluster(n)[0]


def rbd(*args, check=True, n=1):
    """Runs the rbd CLI (client.admin) on cluster n; JSON output parsed when there is any."""
    conf = oa.cluster(n)[1]
    p = subprocess.run(["rbd", "-c", conf] + list(args), capture_output=True, text=True,
                       timeout=120)
    if check and p.returncode != 0:
        raise AssertionError("rbd %s failed: %s" % (" ".join(args), p.stderr))
    try:
        return json.loads(p.stdout) if p.stdout.strip() else None
    except ValueError:
        return p.stdout


def make_pool(prefix="rbd"):
    name = oa.unique(prefix)
    oa.ceph(1, "osd", "pool", "create", name, "8")
    rbd("pool", "init", name)
    return name


def drop_pool(name):
    oa.ceph(1, "osd", "pool", "rm", name, name, "--yes-i-really-really-mean-it", check=False)


def info(pool, image):
    return rbd("-p", pool, "info", image, "--format", "json")


def images(pool):
    return base() + "/pools/%s/images" % pool


def create(c, pool, body, status=201):
    r = c.post(images(pool), body)
    assert r.status == status, r
    return r


def test_create_and_get_round_trip_with_the_cli():
    c = oa.admin()
    pool = make_pool()
    try:
        r = create(c, pool, {"name": "img1", "size": GiB})
        assert r.headers["location"] == images(pool) + "/img1", r.headers
        i = info(pool, "img1")
        assert i["size"] == GiB and i["order"] == 22
        assert sorted(i["features"]) == sorted(
            ["layering", "exclusive-lock", "object-map", "fast-diff", "deep-flatten"]), i
        g = c.get(images(pool) + "/img1")
        assert g.status == 200, g
        g = g.json
        assert g["name"] == "img1" and g["pool"] == pool and g["namespace"] == ""
        assert g["size"] == GiB and g["obj_size"] == 4 * MiB and g["num_objs"] == 256
        assert g["id"] == i["id"] and g["block_name_prefix"] == i["block_name_prefix"]
        assert sorted(g["features"]) == sorted(i["features"])
        assert g["stripe_unit"] == 4 * MiB and g["stripe_count"] == 1
        assert g["data_pool"] is None and g["parent"] is None and g["snapshot_count"] == 0
        assert g["created_at"] and g["watchers"] == [] and g["locks"] == []
        assert r.json["id"] == g["id"]
        assert_error(c.get(images(pool) + "/nope"), 404, "image_not_found")
        assert_error(c.get(base() + "/pools/nopool%s/images" % oa.unique()), 404,
                     "pool_not_found")
    finally:
        drop_pool(pool)


def test_create_with_object_size_features_and_striping():
    c = oa.admin()
    pool = make_pool()
    try:
        r = create(c, pool, {"name": "s", "size": 64 * MiB, "obj_size": MiB,
                             "features": ["layering", "exclusive-lock"],
                             "stripe_unit": 65536, "stripe_count": 4})
        i = info(pool, "s")
        assert i["order"] == 20 and i["stripe_unit"] == 65536 and i["stripe_count"] == 4, i
        assert "exclusive-lock" in i["features"] and "object-map" not in i["features"]
        j = r.json
        assert j["obj_size"] == MiB and j["stripe_unit"] == 65536 and j["stripe_count"] == 4
        assert sorted(j["features"]) == sorted(i["features"]), (j, i)
        assert j["num_objs"] == 64
    finally:
        drop_pool(pool)


def test_validation_before_ceph_is_asked():
    c = oa.admin()
    pool = make_pool()
    try:
        b = images(pool)
        for feats in (["object-map"], ["layering", "exclusive-lock", "fast-diff"],
                      ["journaling"], ["bogus"]):
            assert_error(c.post(b, {"name": "v", "size": MiB, "features": feats}), 422,
                         "invalid_value", "features")
        assert_error(c.post(b, {"name": "v", "size": "1G"}), 400, "invalid_type", "size")
        assert_error(c.post(b, {"name": "v", "size": 1.5}), 400, "invalid_type", "size")
        assert_error(c.post(b, {"name": "v", "size": -1}), 422, "invalid_value", "size")
        assert_error(c.post(b, {"name": "v"}), 400, "missing_field", "size")
        for os_ in (3000, 2048, 64 * MiB):
            assert_error(c.post(b, {"name": "v", "size": MiB, "obj_size": os_}), 422,
                         "invalid_value", "obj_size")
        assert_error(c.post(b, {"name": "v", "size": MiB, "stripe_unit": 3 * 65536}), 422,
                     "invalid_value", "stripe_unit")
        for bad in ("", "a/b", "a@b", "x" * 200, ".hidden"):
            assert_error(c.post(b, {"name": bad, "size": MiB}), 422, "invalid_value", "name")
        assert_error(c.post(b, {"name": "v", "size": MiB, "data_pool": "nope" + oa.unique()}),
                     422, "invalid_value", "data_pool")
        assert rbd("-p", pool, "ls", "--format", "json") == []
        create(c, pool, {"name": "v", "size": MiB})
        assert_error(c.post(b, {"name": "v", "size": MiB}), 409, "image_exists", "name")
        # Features that journaling and fast-diff need, given together, are fine.
        create(c, pool, {"name": "j", "size": MiB,
                         "features": ["layering", "exclusive-lock", "journaling"]})
        assert "journaling" in info(pool, "j")["features"]
        v = oa.client_as("viewer")
        assert v.get(b).status == 200
        assert_error(v.post(b, {"name": "w", "size": MiB}), 403, "forbidden")
    finally:
        drop_pool(pool)


def test_cli_images_appear_in_the_api():
    c = oa.admin()
    pool = make_pool()
    try:
        rbd("create", "--size", "10M", "--image-feature", "layering", "%s/cli1" % pool)
        rbd("create", "--size", "3G", "--object-size", "8M", "%s/cli2" % pool)
        r = c.get(images(pool))
        assert r.status == 200 and r.json["total"] == 2, r
        got = {x["name"]: x for x in r.json["items"]}
        for x in rbd("-p", pool, "ls", "-l", "--format", "json"):
            assert got[x["image"]]["size"] == x["size"], (got, x)
            assert got[x["image"]]["obj_size"] == info(pool, x["image"])["object_size"]
        assert got["cli1"]["features"] == ["layering"]
        assert got["cli2"]["obj_size"] == 8 * MiB and got["cli2"]["num_objs"] == 384
    finally:
        drop_pool(pool)


def test_resize_features_and_rename():
    c = oa.admin()
    pool = make_pool()
    try:
        create(c, pool, {"name": "r", "size": 100 * MiB})
        u = images(pool) + "/r"
        r = c.patch(u, {"size": 200 * MiB})
        assert r.status == 200 and r.json["size"] == 200 * MiB, r
        assert info(pool, "r")["size"] == 200 * MiB
        assert_error(c.patch(u, {"size": 50 * MiB}), 422, "invalid_value", "size")
        assert info(pool, "r")["size"] == 200 * MiB
        r = c.patch(u, {"size": 50 * MiB, "allow_shrink": True})
        assert r.status == 200 and info(pool, "r")["size"] == 50 * MiB, r
        r = c.patch(u, {"features": ["layering", "exclusive-lock", "deep-flatten"]})
        assert r.status == 200, r
        assert sorted(info(pool, "r")["features"]) == ["deep-flatten", "exclusive-lock",
                                                       "layering"]
        r = c.patch(u, {"features": ["layering", "exclusive-lock", "object-map", "fast-diff",
                                     "deep-flatten"]})
        assert r.status == 200 and "fast-diff" in info(pool, "r")["features"], r
        assert_error(c.patch(u, {"features": ["layering", "fast-diff"]}), 422,
                     "invalid_value", "features")
        assert_error(c.patch(u, {"features": ["exclusive-lock"]}), 422, "invalid_value",
                     "features")
        create(c, pool, {"name": "other", "size": MiB})
        assert_error(c.patch(u, {"name": "other"}), 409, "image_exists", "name")
        r = c.patch(u, {"name": "renamed"})
        assert r.status == 200 and r.json["name"] == "renamed", r
        assert sorted(rbd("-p", pool, "ls", "--format", "json")) == ["other", "renamed"]
        assert_error(c.get(u), 404, "image_not_found")
    finally:
        drop_pool(pool)


def test_delete_is_a_task_and_a_watched_image_is_refused():
    c = oa.admin()
    pool = make_pool()
    conf = oa.cluster(1)[1]
    watcher = None
    try:
        create(c, pool, {"name": "d", "size": 8 * MiB})
        u = images(pool) + "/d"
        # `rbd watch` keeps the image open until a line (or EOF) comes on its stdin.
        watcher = subprocess.Popen(["rbd", "-c", conf, "watch", "%s/d" % pool],
                                   stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        g = wait_for(lambda: (lambda j: j if j["watchers"] else None)(c.get(u).json),
                     timeout=20, what="the rbd watch to show")
        assert g["watchers"][0]["address"], g
        e = assert_error(c.delete(u), 409, "image_busy")
        assert "client." in e["message"], e
        watcher.communicate(b"\n", timeout=20)
        watcher = None
        # The watch goes when the client closes the image.
        wait_for(lambda: c.get(u).json["watchers"] == [], timeout=40, what="watch gone")
        r = c.delete(u)
        assert r.status == 202 and r.headers["location"].startswith("/api/tasks/"), r
        t = wait_task(c, r.json["id"], timeout=60)
        assert t["state"] == "succeeded" and t["kind"] == "rbd.delete", t
        assert rbd("-p", pool, "ls", "--format", "json") == []
        assert_error(c.delete(u), 404, "image_not_found")
    finally:
        if watcher:
            watcher.kill()
        drop_pool(pool)


def test_locks_are_shown():
    c = oa.admin()
    pool = make_pool()
    try:
        create(c, pool, {"name": "l", "size": MiB})
        rbd("lock", "add", "%s/l" % pool, "cookie1")
        g = c.get(images(pool) + "/l").json
        assert len(g["locks"]) == 1 and g["locks"][0]["cookie"] == "cookie1", g
        assert g["locks"][0]["client"].startswith("client."), g
    finally:
        drop_pool(pool)


def test_list_paging_sorting_search_and_used():
    c = oa.admin()
    pool = make_pool()
    try:
        # 30 images, made with the CLI, sizes in another order than names.
        for i in range(30):
            rbd("create", "--size", "%dM" % (1 + (i * 7) % 30), "%s/pg-%02d" % (pool, i))
        b = images(pool)
        names = ["pg-%02d" % i for i in range(30)]
        r = c.get(b + "?limit=10")
        assert r.status == 200 and r.json["total"] == 30, r
        assert [x["name"] for x in r.json["items"]] == names[:10]
        r = c.get(b + "?limit=10&offset=10")
        assert [x["name"] for x in r.json["items"]] == names[10:20]
        r = c.get(b + "?sort=-name&limit=5")
        assert [x["name"] for x in r.json["items"]] == names[::-1][:5]
        r = c.get(b + "?sort=size&limit=1000")
        sizes = [x["size"] for x in r.json["items"]]
        assert sizes == sorted(sizes) and len(sizes) == 30
        r = c.get(b + "?sort=-size&limit=3&offset=1")
        assert [x["size"] for x in r.json["items"]] == sorted(sizes, reverse=True)[1:4]
        r = c.get(b + "?search=PG-1")
        assert r.json["total"] == 10 and all(x["name"].startswith("pg-1")
                                            for x in r.json["items"])
        r = c.get(b + "?offset=100")
        assert r.json["items"] == [] and r.json["total"] == 30
        assert_error(c.get(b + "?sort=colour"), 400, "invalid_sort")
        assert_error(c.get(b + "?fields=everything"), 400, "invalid_parameter", "fields")
        cli = {x["image"]: x["size"] for x in rbd("-p", pool, "ls", "-l", "--format", "json")}
        api = {x["name"]: x["size"] for x in c.get(b + "?limit=1000").json["items"]}
        assert cli == api
        # used: from fast-diff where the image has it, unknown otherwise.
        rbd("bench", "--io-type", "write", "--io-size", "1M", "--io-total", "4M",
            "--io-pattern", "seq", "%s/pg-01" % pool)
        rbd("create", "--size", "4M", "--image-feature", "layering", "%s/plain" % pool)
        r = c.get(b + "?fields=used&search=pg-01")
        x = r.json["items"][0]
        du = rbd("du", "--format", "json", "%s/pg-01" % pool)["images"][0]
        assert x["used"] == du["used_size"] == 4 * MiB and "used_unknown" not in x, (x, du)
        x = c.get(b + "?fields=used&search=plain").json["items"][0]
        assert x["used"] is None and x["used_unknown"] is True, x
        assert "used" not in c.get(b + "?search=plain").json["items"][0]
    finally:
        drop_pool(pool)


def test_namespaces():
    c = oa.admin()
    pool = make_pool()
    try:
        rbd("namespace", "create", "%s/ns1" % pool)
        rbd("create", "--size", "1M", "%s/ns1/inner" % pool)
        rbd("create", "--size", "1M", "%s/outer" % pool)
        r = c.get(images(pool) + "?namespace=ns1")
        assert [x["name"] for x in r.json["items"]] == ["inner"], r
        assert r.json["items"][0]["namespace"] == "ns1"
        assert [x["name"] for x in c.get(images(pool)).json["items"]] == ["outer"]
        assert_error(c.get(images(pool) + "?namespace=nope"), 404, "namespace_not_found")
        r = c.post(images(pool) + "?namespace=ns1", {"name": "made", "size": MiB})
        assert r.status == 201 and r.headers["location"].endswith("/made?namespace=ns1"), r
        assert sorted(rbd("-p", pool, "--namespace", "ns1", "ls", "--format", "json")) == [
            "inner", "made"]
        assert c.get(images(pool) + "/inner?namespace=ns1").json["namespace"] == "ns1"
    finally:
        drop_pool(pool)


def test_erasure_coded_data_pool():
    c = oa.admin()
    pool = make_pool()
    prof, ec = oa.unique("ecp"), oa.unique("ecdata")
    oa.ceph(1, "osd", "erasure-code-profile", "set", prof, "k=2", "m=1",
            "crush-failure-domain=osd")
    try:
        oa.ceph(1, "osd", "pool", "create", ec, "8", "8", "erasure", prof)
        wait_for(lambda: all("active" in pg["state"]
                             for pg in oa.ceph(1, "pg", "ls-by-pool", ec)["pg_stats"]),
                 timeout=60, what="EC pool PGs active")
        assert_error(c.post(images(pool), {"name": "e", "size": MiB, "data_pool": ec}), 422,
                     "invalid_value", "data_pool")
        # Memstore OSDs: the monitor allows EC overwrites only with this debug option.
        oa.ceph(1, "config", "set", "mon", "mon_debug_no_require_bluestore_for_ec_overwrites",
                "true")
        oa.ceph(1, "osd", "pool", "set", ec, "allow_ec_overwrites", "true")
        r = c.post(images(pool), {"name": "e", "size": MiB, "data_pool": ec})
        assert r.status == 201 and r.json["data_pool"] == ec, r
        assert "data-pool" in r.json["features"]
        assert info(pool, "e")["data_pool"] == ec
        # Metadata cannot go into the erasure-coded pool itself.
        assert_error(c.post(images(ec), {"name": "m", "size": MiB, "data_pool": ec}), 422,
                     "invalid_value", "data_pool")
    finally:
        drop_pool(pool)
        drop_pool(ec)
        oa.ceph(1, "osd", "erasure-code-profile", "rm", prof, check=False)
        oa.ceph(1, "config", "rm", "mon", "mon_debug_no_require_bluestore_for_ec_overwrites",
                check=False)
