"""test_rbd_namespaces.py - the RBD namespaces of a pool: list, create and remove
through the API, each checked with the rbd CLI; removing one that holds images is
refused; bad names and missing pools are 4xx and change nothing."""

import oa
from oa import assert_error
from test_rbd import MiB, base, drop_pool, images, make_pool, rbd


def nss(pool):
    return base() + "/pools/%s/namespaces" % pool


def cli(pool):
    return sorted(n["name"] for n in rbd("namespace", "ls", "--format", "json", pool) or [])


def test_create_list_and_remove_namespaces():
    c = oa.admin()
    pool = make_pool()
    try:
        assert c.get(nss(pool)).json == {"items": [], "total": 0, "offset": 0, "limit": 50}
        for name in ("tenant-b", "tenant-a"):
            r = c.post(nss(pool), {"name": name})
            assert r.status == 201 and r.json == {"name": name}, r
            assert r.headers["location"] == nss(pool) + "/" + name, r.headers
        assert cli(pool) == ["tenant-a", "tenant-b"]
        r = c.get(nss(pool) + "?sort=-name")
        assert [n["name"] for n in r.json["items"]] == ["tenant-b", "tenant-a"], r
        assert c.get(nss(pool) + "?search=-A").json["total"] == 1
        # One made with the CLI shows in the next read.
        rbd("namespace", "create", "%s/bycli" % pool)
        assert "bycli" in [n["name"] for n in c.get(nss(pool)).json["items"]]
        assert_error(c.post(nss(pool), {"name": "tenant-a"}), 409, "namespace_exists", "name")
        for bad in ("", "a/b", "x" * 64, "sp ace", ".hidden"):
            assert_error(c.post(nss(pool), {"name": bad}), 422, "invalid_value", "name")
        assert_error(c.post(nss(pool), {}), 400, "missing_field", "name")
        # A namespace with an image cannot go; an empty one can.
        assert c.post(images(pool) + "?namespace=tenant-a", {"name": "disk", "size": MiB}).status == 201
        assert_error(c.delete(nss(pool) + "/tenant-a"), 409, "namespace_not_empty")
        assert "tenant-a" in cli(pool)
        assert c.delete(nss(pool) + "/tenant-b").status == 204
        assert cli(pool) == ["bycli", "tenant-a"]
        assert_error(c.delete(nss(pool) + "/tenant-b"), 404, "namespace_not_found")
        assert_error(c.get(base() + "/pools/no-such-pool/namespaces"), 404, "pool_not_found")
    finally:
        drop_pool(pool)


def test_a_viewer_reads_namespaces_but_cannot_change_them():
    pool = make_pool()
    try:
        name, pw = oa.make_user("viewer")
        v = oa.Client()
        v.login(name, pw)
        assert v.get(nss(pool)).status == 200
        assert_error(v.post(nss(pool), {"name": "x"}), 403, "forbidden")
        assert cli(pool) == []
    finally:
        drop_pool(pool)
