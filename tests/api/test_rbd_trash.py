"""test_rbd_trash.py - the RBD trash against the real test cluster: move (with a
deferment), list, restore (under its name or a new one), purge as a task (refused
before the deferment ends unless forced); each checked with the rbd CLI."""

import subprocess
import time

import oa
from oa import assert_error, wait_for, wait_task
from test_rbd import MiB, base, drop_pool, images, make_pool, rbd


def trash(pool):
    return base() + "/pools/%s/trash" % pool


def trash_cli(pool):
    return {e["id"]: e for e in rbd("trash", "ls", "--all", "--long", "--format", "json",
                                    pool) or []}


def test_move_list_restore_and_purge():
    c = oa.admin()
    pool = make_pool()
    try:
        for name in ("a", "b", "c"):
            assert c.post(images(pool), {"name": name, "size": 4 * MiB}).status == 201
        t0 = int(time.time())
        r = c.post(trash(pool), {"image": "a"})
        assert r.status == 201, r
        a = r.json
        assert a["name"] == "a" and a["source"] == "user" and a["id"], a
        assert r.headers["location"] == trash(pool) + "/" + a["id"], r.headers
        cli = trash_cli(pool)
        assert cli[a["id"]]["name"] == "a", cli
        assert sorted(rbd("-p", pool, "ls", "--format", "json")) == ["b", "c"]
        assert [x["name"] for x in c.get(images(pool)).json["items"]] == ["b", "c"]
        r = c.post(trash(pool), {"image": "b", "delay_s": 3600})
        assert r.status == 201, r
        b = r.json
        assert oa_time(b["deferment_end"]) >= t0 + 3600 - 5, b
        r = c.get(trash(pool))
        assert r.status == 200 and r.json["total"] == 2, r
        got = {x["id"]: x for x in r.json["items"]}
        assert set(got) == {a["id"], b["id"]} and set(got) == set(trash_cli(pool))
        assert got[b["id"]]["deleted_at"] and got[b["id"]]["source"] == "user"
        # Validation.
        assert_error(c.post(trash(pool), {"image": "nope"}), 404, "image_not_found")
        assert_error(c.post(trash(pool), {"image": "c", "delay_s": -1}), 422,
                     "invalid_value", "delay_s")
        assert_error(c.post(trash(pool), {}), 400, "missing_field", "image")
        assert_error(c.post(trash(pool) + "/nope"), 404, "trash_entry_not_found")
        assert_error(c.delete(trash(pool) + "/nope"), 404, "trash_entry_not_found")
        # Restore: under its old name, or a new one; not over an existing image.
        r = c.post(trash(pool) + "/" + a["id"])
        assert r.status == 201 and r.json["name"] == "a" and r.json["id"] == a["id"], r
        assert r.headers["location"] == images(pool) + "/a", r.headers
        assert "a" in rbd("-p", pool, "ls", "--format", "json")
        c.post(trash(pool), {"image": "a"})
        c.post(images(pool), {"name": "a", "size": MiB})
        assert_error(c.post(trash(pool) + "/" + a["id"]), 409, "image_exists", "name")
        r = c.post(trash(pool) + "/" + a["id"], {"name": "a2"})
        assert r.status == 201 and r.json["name"] == "a2", r
        assert sorted(rbd("-p", pool, "ls", "--format", "json")) == ["a", "a2", "c"]
        # Purge: refused before the deferment ends unless forced; a task.
        e = assert_error(c.delete(trash(pool) + "/" + b["id"]), 409, "trash_deferred")
        assert "force=true" in e["message"], e
        r = c.delete(trash(pool) + "/" + b["id"] + "?force=true")
        assert r.status == 202 and r.headers["location"].startswith("/api/tasks/"), r
        t = wait_task(c, r.json["id"], timeout=60)
        assert t["state"] == "succeeded" and t["kind"] == "rbd.trash_remove", t
        assert t["progress"] == 100
        assert trash_cli(pool) == {}
        c.post(trash(pool), {"image": "c"})
        cid = next(iter(trash_cli(pool)))
        t = wait_task(c, c.delete(trash(pool) + "/" + cid).json["id"], timeout=60)
        assert t["state"] == "succeeded", t
        assert trash_cli(pool) == {} and c.get(trash(pool)).json["total"] == 0
        v = oa.client_as("viewer")
        assert v.get(trash(pool)).status == 200
        assert_error(v.post(trash(pool), {"image": "a"}), 403, "forbidden")
    finally:
        drop_pool(pool)


def test_trashed_image_with_snapshots_is_not_purged():
    c = oa.admin()
    pool = make_pool()
    try:
        c.post(images(pool), {"name": "s", "size": MiB})
        c.post(images(pool) + "/s/snapshots", {"name": "snap"})
        r = c.post(trash(pool), {"image": "s"})
        assert r.status == 201, r
        assert_error(c.delete(trash(pool) + "/" + r.json["id"]), 409, "image_has_snapshots")
        assert r.json["id"] in trash_cli(pool)
    finally:
        drop_pool(pool)


def test_an_open_image_is_not_moved():
    c = oa.admin()
    pool = make_pool()
    watcher = None
    try:
        c.post(images(pool), {"name": "w", "size": MiB})
        watcher = subprocess.Popen(["rbd", "-c", oa.cluster(1)[1], "watch", "%s/w" % pool],
                                   stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        wait_for(lambda: c.get(images(pool) + "/w").json["watchers"], timeout=20,
                 what="the rbd watch to show")
        e = assert_error(c.post(trash(pool), {"image": "w"}), 409, "image_busy")
        assert "client." in e["message"], e
        assert trash_cli(pool) == {}
    finally:
        if watcher:
            watcher.kill()
        drop_pool(pool)


def oa_time(s):
    return int(time.mktime(time.strptime(s[:19], "%Y-%m-%dT%H:%M:%S")) - time.timezone)
