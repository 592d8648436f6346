"""test_rbd_snapshots.py - RBD snapshots against the real test cluster: create, list,
rename, protect / unprotect, delete (refused while protected or cloned, the clones
named), rollback as a task; each checked with the rbd CLI."""

import hashlib
import subprocess

import oa
from oa import assert_error, wait_task
from test_rbd import MiB, drop_pool, images, info, make_pool, rbd


def snaps_cli(pool, image):
    return {s["name"]: s for s in rbd("-p", pool, "snap", "ls", image, "--format", "json")}


def export_sum(pool, spec):
    conf = oa.cluster(1)[1]
    p = subprocess.run(["rbd", "-c", conf, "-p", pool, "export", spec, "-"],
                       capture_output=True, timeout=120, check=True)
    return hashlib.sha256(p.stdout).hexdigest()


def write(pool, image):
    rbd("bench", "--io-type", "write", "--io-size", "1M", "--io-total", "4M",
        "--io-pattern", "rand", "%s/%s" % (pool, image))


def test_snapshot_round_trip_with_the_cli():
    c = oa.admin()
    pool = make_pool()
    try:
        assert c.post(images(pool), {"name": "i", "size": 8 * MiB}).status == 201
        s = images(pool) + "/i/snapshots"
        r = c.post(s, {"name": "s1"})
        assert r.status == 201 and r.headers["location"].endswith("/i/snapshots/s1"), r
        cli = snaps_cli(pool, "i")
        assert r.json["name"] == "s1" and r.json["id"] == cli["s1"]["id"], (r, cli)
        assert r.json["size"] == 8 * MiB and r.json["protected"] is False
        assert r.json["created_at"]
        assert_error(c.post(s, {"name": "s1"}), 409, "snapshot_exists", "name")
        assert_error(c.post(s, {"name": "a@b"}), 422, "invalid_value", "name")
        c.post(s, {"name": "s2"})
        r = c.get(s)
        assert r.status == 200 and [x["name"] for x in r.json["items"]] == ["s1", "s2"], r
        assert c.get(images(pool) + "/i").json["snapshot_count"] == 2
        assert c.get(images(pool) + "?search=i").json["items"][0]["snapshot_count"] == 2
        r = c.patch(s + "/s2", {"name": "s2b"})
        assert r.status == 200 and r.json["name"] == "s2b", r
        assert sorted(snaps_cli(pool, "i")) == ["s1", "s2b"]
        assert_error(c.patch(s + "/s2b", {"name": "s1"}), 409, "snapshot_exists", "name")
        assert_error(c.patch(s + "/nope", {"protected": True}), 404, "snapshot_not_found")
        r = c.delete(s + "/s2b")
        assert r.status == 204, r
        assert sorted(snaps_cli(pool, "i")) == ["s1"]
        # An image with snapshots is not deleted.
        assert_error(c.delete(images(pool) + "/i"), 409, "image_has_snapshots")
        assert_error(c.get(images(pool) + "/nope/snapshots"), 404, "image_not_found")
    finally:
        drop_pool(pool)


def test_protect_clone_and_delete_refusals():
    c = oa.admin()
    pool = make_pool()
    try:
        c.post(images(pool), {"name": "p", "size": 8 * MiB})
        s = images(pool) + "/p/snapshots"
        c.post(s, {"name": "base"})
        r = c.patch(s + "/base", {"protected": True})
        assert r.status == 200 and r.json["protected"] is True, r
        assert snaps_cli(pool, "p")["base"]["protected"] == "true"
        assert_error(c.delete(s + "/base"), 409, "snapshot_protected")
        rbd("clone", "%s/p@base" % pool, "%s/child" % pool)
        g = c.get(images(pool) + "/child").json
        assert g["parent"] == {"pool": pool, "namespace": "", "image": "p",
                               "snapshot": "base"}, g
        listed = c.get(images(pool) + "?search=child").json["items"][0]
        assert listed["parent"] == g["parent"], listed
        e = assert_error(c.patch(s + "/base", {"protected": False}), 409,
                         "snapshot_has_children")
        assert "%s/child" % pool in e["message"], e
        e = assert_error(c.delete(s + "/base"), 409, "snapshot_has_children")
        assert "child" in e["message"]
        assert snaps_cli(pool, "p")["base"]["protected"] == "true"
        rbd("flatten", "%s/child" % pool)
        r = c.patch(s + "/base", {"protected": False})
        assert r.status == 200 and r.json["protected"] is False, r
        assert snaps_cli(pool, "p")["base"]["protected"] == "false"
        assert c.delete(s + "/base").status == 204
        assert snaps_cli(pool, "p") == {}
    finally:
        drop_pool(pool)


def test_rollback_is_a_task():
    c = oa.admin()
    pool = make_pool()
    try:
        c.post(images(pool), {"name": "rb", "size": 8 * MiB})
        s = images(pool) + "/rb/snapshots"
        # The snapshot holds only zeros; whatever rbd bench then writes differs from it
        # (bench writes one byte value, so comparing two written states can be equal).
        assert c.post(s, {"name": "good"}).status == 201
        good = export_sum(pool, "rb@good")
        rbd("bench", "--io-type", "write", "--io-size", "1M", "--io-total", "8M",
            "--io-pattern", "seq", "%s/rb" % pool)
        assert export_sum(pool, "rb") != good
        r = c.post(s + "/good/rollback")
        assert r.status == 202 and r.headers["location"].startswith("/api/tasks/"), r
        t = wait_task(c, r.json["id"], timeout=60)
        assert t["state"] == "succeeded" and t["kind"] == "rbd.snap_rollback", t
        assert t["progress"] == 100, t
        assert export_sum(pool, "rb") == good
        assert_error(c.post(s + "/nope/rollback"), 404, "snapshot_not_found")
        assert info(pool, "rb")["size"] == 8 * MiB
    finally:
        drop_pool(pool)
