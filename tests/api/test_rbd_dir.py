"""test_rbd_dir.py - the image list read from the pool's directory in one request and
kept per process against the directory object's version (fcgi/backends/rbd_dir.c):
every change, by us or by the rbd CLI, shows in the very next list of every worker.
A page answer is also reused for up to a second (fcgi/api/rbd/rbd.c PAGE_REUSE_MS):
our own changes, tasks included, still show at once, and one the directory does not
show (a resize with the CLI) within the bound."""

import time

import oa
from test_rbd import MiB, drop_pool, images, make_pool, rbd


def every_worker(c, url, pick, n=8):
    """pick(answer) of url, asked n times (so every worker answers at least once) and
    the same each time."""
    seen = None
    for _ in range(n):
        r = c.get(url)
        assert r.status == 200, r
        got = pick(r.json)
        assert seen is None or got == seen, (seen, got)
        seen = got
    return seen


def names(c, pool):
    """The names listed, the same from every worker, as many as the total says."""
    def pick(j):
        assert j["total"] == len(j["items"]), j
        return [x["name"] for x in j["items"]]
    return every_worker(c, images(pool) + "?limit=1000", pick)


def test_every_change_shows_at_once():
    c = oa.admin()
    pool = make_pool()
    try:
        assert names(c, pool) == []
        for i in range(5):
            rbd("create", "--size", "1M", "%s/d%d" % (pool, i))
        assert names(c, pool) == ["d0", "d1", "d2", "d3", "d4"]
        rbd("rename", "%s/d1" % pool, "%s/e1" % pool)
        assert names(c, pool) == ["d0", "d2", "d3", "d4", "e1"]
        rbd("rm", "%s/d3" % pool)
        assert names(c, pool) == ["d0", "d2", "d4", "e1"]
        assert c.post(images(pool), {"name": "a", "size": MiB}).status == 201
        assert names(c, pool) == ["a", "d0", "d2", "d4", "e1"]
        assert c.patch(images(pool) + "/a", {"name": "z"}).status == 200
        assert names(c, pool) == ["d0", "d2", "d4", "e1", "z"]
        rbd("trash", "mv", "%s/d0" % pool)
        assert names(c, pool) == ["d2", "d4", "e1", "z"]
        # Listing agrees with the CLI, ids included.
        ids = {x["name"]: x["id"] for x in c.get(images(pool)).json["items"]}
        for name, i in ids.items():
            assert rbd("-p", pool, "info", name, "--format", "json")["id"] == i
        # A namespace has a directory of its own.
        rbd("namespace", "create", "%s/ns" % pool)
        r = c.get(images(pool) + "?namespace=ns")
        assert r.status == 200 and r.json["items"] == [], r
        rbd("create", "--size", "1M", "%s/ns/inner" % pool)
        assert [x["name"] for x in c.get(images(pool) + "?namespace=ns").json["items"]] == [
            "inner"]
        assert names(c, pool) == ["d2", "d4", "e1", "z"]
    finally:
        drop_pool(pool)


def sizes(c, pool):
    """{name: size} of the first page, the same from every worker."""
    return every_worker(c, images(pool) + "?limit=50",
                        lambda j: {x["name"]: x["size"] for x in j["items"]})


def test_a_kept_page_shows_our_changes_at_once_and_the_clis_within_the_bound():
    c = oa.admin()
    pool = make_pool()
    try:
        assert c.post(images(pool), {"name": "p", "size": 64 * MiB}).status == 201
        assert sizes(c, pool) == {"p": 64 * MiB}
        # A change through the API: the very next page of every worker.
        assert c.patch(images(pool) + "/p", {"size": 128 * MiB}).status == 200
        assert sizes(c, pool) == {"p": 128 * MiB}
        rbd("bench", "--io-type", "write", "--io-size", "4M", "--io-total", "128M",
            "--io-pattern", "seq", "%s/p" % pool)
        r = c.post(images(pool) + "/p/snapshots", {"name": "s"})
        assert r.status == 201, r
        assert c.get(images(pool) + "?limit=50").json["items"][0]["snapshot_count"] == 1
        # A task's change (the runner counts it when the task ends): a flatten ends
        # with the clone's header losing its parent, the directory unchanged. Pages
        # kept while it runs must not outlive it: read until it ended.
        assert c.patch(images(pool) + "/p/snapshots/s", {"protected": True}).status == 200
        r = c.post(images(pool) + "/p/snapshots/s/clone",
                   {"dest_pool": pool, "dest_image": "q"})
        assert r.status == 201, r

        def parents():
            return {x["name"]: x["parent"] and x["parent"]["image"]
                    for x in c.get(images(pool) + "?limit=50").json["items"]}
        assert parents() == {"p": None, "q": "p"}
        r = c.post(images(pool) + "/q/flatten")
        assert r.status == 202, r
        task, deadline = r.json["id"], time.time() + 60
        while c.get("/api/tasks/%d" % task).json["state"] in ("queued", "running"):
            parents()
            assert time.time() < deadline, "the flatten did not end"
        assert c.get("/api/tasks/%d" % task).json["state"] == "succeeded"
        for _ in range(8):
            assert parents() == {"p": None, "q": None}
        # The CLI's resize changes the header only: shown within the bound (1 s), so
        # every worker shows it after a little more than that.
        rbd("resize", "--size", "96M", "--allow-shrink", "%s/p" % pool)
        time.sleep(1.5)
        assert sizes(c, pool) == {"p": 96 * MiB, "q": 128 * MiB}
    finally:
        drop_pool(pool)
