"""test_rbd_clone.py - RBD clones, flatten and copy against the real test clusters:
clone of a protected snapshot (and of an unprotected one where the cluster allows
clone v2), flatten as a task, copy (plain and deep, within and across pools) as a task
with progress, and a cancelled copy that removes its partial target; each checked
with the rbd CLI."""

import time

import oa
from oa import assert_error, wait_for, wait_task
from test_rbd import MiB, drop_pool, images, info, make_pool, rbd
from test_rbd_snapshots import export_sum, snaps_cli, write


def ls(pool):
    return sorted(rbd("-p", pool, "ls", "--format", "json"))


def snap_url(pool, image, snap):
    return images(pool) + "/%s/snapshots/%s" % (image, snap)


def test_clone_of_a_protected_snapshot_and_flatten():
    c = oa.admin()
    pool, other = make_pool(), make_pool()
    try:
        c.post(images(pool), {"name": "p", "size": 8 * MiB})
        write(pool, "p")
        c.post(images(pool) + "/p/snapshots", {"name": "base"})
        c.patch(snap_url(pool, "p", "base"), {"protected": True})
        u = snap_url(pool, "p", "base") + "/clone"
        r = c.post(u, {"dest_pool": other, "dest_image": "child"})
        assert r.status == 201, r
        assert r.headers["location"] == images(other) + "/child", r.headers
        assert r.json["name"] == "child" and r.json["pool"] == other, r
        parent = {"pool": pool, "namespace": "", "image": "p", "snapshot": "base"}
        assert r.json["parent"] == parent, r
        assert info(other, "child")["parent"]["image"] == "p"
        assert c.get(images(other) + "/child").json["parent"] == parent
        assert export_sum(other, "child") == export_sum(pool, "p@base")
        # Its children keep the snapshot from being deleted or unprotected.
        e = assert_error(c.delete(snap_url(pool, "p", "base")), 409, "snapshot_has_children")
        assert "%s/child" % other in e["message"], e
        # Validation before Ceph is asked.
        assert_error(c.post(u, {"dest_pool": other, "dest_image": "child"}), 409,
                     "image_exists", "dest_image")
        assert_error(c.post(u, {"dest_pool": "nope" + oa.unique(), "dest_image": "x"}), 422,
                     "invalid_value", "dest_pool")
        assert_error(c.post(u, {"dest_pool": other, "dest_image": "x",
                                "dest_namespace": "nope"}), 422, "invalid_value",
                     "dest_namespace")
        assert_error(c.post(u, {"dest_pool": other, "dest_image": "a@b"}), 422,
                     "invalid_value", "dest_image")
        assert_error(c.post(u, {"dest_pool": other, "dest_image": "x",
                                "features": ["exclusive-lock"]}), 422, "invalid_value",
                     "features")
        assert_error(c.post(snap_url(pool, "p", "nope") + "/clone",
                            {"dest_pool": other, "dest_image": "x"}), 404, "snapshot_not_found")
        r = c.post(u, {"dest_pool": pool, "dest_image": "lean", "features": ["layering"]})
        assert r.status == 201 and r.json["features"] == ["layering"], r
        assert info(pool, "lean")["features"] == ["layering"]
        # Flatten: a task; then the clone has no parent and the snapshot can go.
        f = images(other) + "/child/flatten"
        r = c.post(f)
        assert r.status == 202 and r.headers["location"].startswith("/api/tasks/"), r
        t = wait_task(c, r.json["id"], timeout=60)
        assert t["state"] == "succeeded" and t["kind"] == "rbd.flatten", t
        assert t["progress"] == 100, t
        assert "parent" not in info(other, "child")
        assert c.get(images(other) + "/child").json["parent"] is None
        assert_error(c.post(f), 422, "not_a_clone")
        assert_error(c.post(images(other) + "/nope/flatten"), 404, "image_not_found")
        assert export_sum(other, "child") == export_sum(pool, "p@base")
        t = wait_task(c, c.post(images(pool) + "/lean/flatten").json["id"], timeout=60)
        assert t["state"] == "succeeded", t
        assert c.delete(snap_url(pool, "p", "base")).status == 409  # still protected
        c.patch(snap_url(pool, "p", "base"), {"protected": False})
        assert c.delete(snap_url(pool, "p", "base")).status == 204
    finally:
        drop_pool(pool)
        drop_pool(other)


def test_clone_of_an_unprotected_snapshot_needs_clone_v2():
    # Cluster 2, so the compat setting does not touch the other tests' cluster.
    c = oa.admin()
    fsid = oa.cluster(2)[0]
    pool = oa.unique("rbd")
    oa.ceph(2, "osd", "pool", "create", pool, "8")
    rbd("pool", "init", pool, n=2)
    b = "/api/clusters/%s/pools/%s/images" % (fsid, pool)
    try:
        c.post(b, {"name": "p", "size": 4 * MiB})
        c.post(b + "/p/snapshots", {"name": "s"})
        u = b + "/p/snapshots/s/clone"
        oa.ceph(2, "osd", "set-require-min-compat-client", "luminous")
        e = assert_error(c.post(u, {"dest_pool": pool, "dest_image": "c1"}), 409,
                         "snapshot_not_protected")
        assert "luminous" in e["message"], e
        oa.ceph(2, "osd", "set-require-min-compat-client", "mimic")
        r = c.post(u, {"dest_pool": pool, "dest_image": "c1"})
        assert r.status == 201 and r.json["parent"]["snapshot"] == "s", r
        i = info_n(2, pool, "c1")
        assert i["parent"]["image"] == "p" and "clone-child" in i.get("op_features", []), i
        assert snaps_n(2, pool, "p")["s"]["protected"] == "false"
        e = assert_error(c.delete(b + "/p/snapshots/s"), 409, "snapshot_has_children")
        assert "c1" in e["message"]
    finally:
        oa.ceph(2, "osd", "pool", "rm", pool, pool, "--yes-i-really-really-mean-it",
                check=False)
        oa.ceph(2, "osd", "set-require-min-compat-client", "luminous", check=False)


def info_n(n, pool, image):
    return rbd("-p", pool, "info", image, "--format", "json", n=n)


def snaps_n(n, pool, image):
    return {s["name"]: s for s in rbd("-p", pool, "snap", "ls", image, "--format", "json",
                                      n=n)}


def test_copy_plain_and_deep():
    c = oa.admin()
    pool, other = make_pool(), make_pool()
    try:
        c.post(images(pool), {"name": "src", "size": 64 * MiB, "obj_size": MiB})
        write(pool, "src")
        c.post(images(pool) + "/src/snapshots", {"name": "s1"})
        write(pool, "src")
        rbd("image-meta", "set", "%s/src" % pool, "owner", "alice")
        u = images(pool) + "/src/copy"
        r = c.post(u, {"dest_pool": other, "dest_image": "plain"})
        assert r.status == 202 and r.headers["location"].startswith("/api/tasks/"), r
        t = wait_task(c, r.json["id"], timeout=120)
        assert t["state"] == "succeeded" and t["kind"] == "rbd.copy", t
        assert t["progress"] == 100 and t["result"]["image"] == "plain", t
        i = info(other, "plain")
        assert i["size"] == 64 * MiB and i["order"] == 20, i
        assert sorted(i["features"]) == sorted(info(pool, "src")["features"]), i
        assert export_sum(other, "plain") == export_sum(pool, "src")
        assert snaps_cli(other, "plain") == {}
        assert rbd("image-meta", "get", "%s/plain" % other, "owner").strip() == "alice"
        # Sparse: only what was written is allocated.
        du = rbd("du", "--format", "json", "%s/plain" % other)["images"][0]
        assert du["used_size"] <= 8 * MiB, du
        # Deep: the snapshots come along.
        r = c.post(u, {"dest_pool": pool, "dest_image": "deep", "deep": True,
                       "features": ["layering"]})
        t = wait_task(c, r.json["id"], timeout=120)
        assert t["state"] == "succeeded", t
        assert sorted(snaps_cli(pool, "deep")) == ["s1"]
        assert export_sum(pool, "deep@s1") == export_sum(pool, "src@s1")
        assert export_sum(pool, "deep") == export_sum(pool, "src")
        assert info(pool, "deep")["features"] == ["layering"]
        # Validation first.
        assert_error(c.post(u, {"dest_pool": other, "dest_image": "plain"}), 409,
                     "image_exists", "dest_image")
        assert_error(c.post(u, {"dest_pool": "nope" + oa.unique(), "dest_image": "x"}), 422,
                     "invalid_value", "dest_pool")
        assert_error(c.post(u, {"dest_pool": other}), 400, "missing_field", "dest_image")
        assert_error(c.post(u, {"dest_pool": other, "dest_image": "x",
                                "features": ["fast-diff"]}), 422, "invalid_value", "features")
        assert_error(c.post(images(pool) + "/nope/copy",
                            {"dest_pool": other, "dest_image": "x"}), 404, "image_not_found")
        assert ls(other) == ["plain"]
    finally:
        drop_pool(pool)
        drop_pool(other)


def test_cancelled_copy_removes_its_target():
    c = oa.admin()
    pool = make_pool()
    try:
        c.post(images(pool), {"name": "big", "size": 256 * MiB})
        rbd("bench", "--io-type", "write", "--io-size", "4M", "--io-total", "200M",
            "%s/big" % pool)
        # A read limit on the source (librbd QoS) keeps the copy running ~10 s.
        rbd("config", "image", "set", "%s/big" % pool, "rbd_qos_read_bps_limit",
            str(20 * MiB))
        r = c.post(images(pool) + "/big/copy", {"dest_pool": pool, "dest_image": "part"})
        assert r.status == 202, r
        tid = r.json["id"]
        wait_for(lambda: c.get("/api/tasks/%d" % tid).json["progress"] > 0, timeout=60,
                 what="the copy to make progress")
        assert "part" in ls(pool)
        t0 = time.time()
        assert c.delete("/api/tasks/%d" % tid).status in (200, 202)
        t = wait_task(c, tid, timeout=60)
        assert t["state"] == "cancelled", t
        assert t["progress"] < 100, t
        assert time.time() - t0 < 8, "the cancel took %.1f s" % (time.time() - t0)
        assert ls(pool) == ["big"]
    finally:
        drop_pool(pool)
