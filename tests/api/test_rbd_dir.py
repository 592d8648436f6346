"""test_rbd_dir.py - the image list read from the pool's directory in one request and
kept per process against the directory object's version (fcgi/rbd_dir.c): every
change, by us or by the rbd CLI, shows in the very next list of every worker."""

import oa
from test_rbd import MiB, drop_pool, images, make_pool, rbd


def names(c, pool, n=8):
    """The names listed, asked n times (so every worker answers at least once) and
    the same each time."""
    seen = None
    for _ in range(n):
        r = c.get(images(pool) + "?limit=1000")
        assert r.status == 200, r
        got = [x["name"] for x in r.json["items"]]
        assert seen is None or got == seen, (seen, got)
        assert r.json["total"] == len(got)
        seen = got
    return seen


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
