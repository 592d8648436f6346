"""test_cephx.py - /api/clusters/{fsid}/cephx/users (issue 15): the cluster's cephx
entities with their caps and never their keys; clients created with caps or from each
preset (checked with `ceph auth get`), the key in the 201 answer once; caps replaced;
clients deleted; the refusals (client.admin, openATTIC's own key, a daemon's key, an
entity that exists, caps Ceph cannot parse, a preset without its pool or file system);
a keyring exported by an admin works with the ceph CLI and is audited without the key;
operators may not touch cephx users, viewers read them; a client made with the CLI shows
in the next read."""

import os
import subprocess
import tempfile

import oa
from oa import assert_error

FS = "cephfs"  # the stack's file system (tests/env/lib.sh)


def base(n=1):
    return "/api/clusters/%s/cephx/users" % oa.cluster(n)[0]


def url(entity):
    return base() + "/" + entity


def cli_get(entity):
    out = oa.ceph(1, "auth", "get", entity, check=False)
    return out[0] if isinstance(out, list) and out else None


def rm(entity):
    oa.ceph(1, "auth", "rm", entity, check=False)


def test_list_and_get_show_caps_never_keys():
    c = oa.admin()
    admin_key = cli_get("client.admin")["key"]
    r = c.get(base() + "?limit=1000")
    assert r.status == 200 and r.json["total"] == len(r.json["items"]), r
    names = [e["entity"] for e in r.json["items"]]
    assert "client.admin" in names and "osd.0" in names, names
    assert all(set(e) == {"entity", "type", "caps", "protected"} for e in r.json["items"]), r.json["items"][0]
    flags = {e["entity"]: e["protected"] for e in r.json["items"]}
    assert flags["client.admin"] and flags["osd.0"] and not flags.get("client.bootstrap-rbd", False)
    assert admin_key.encode() not in r.body
    one = [e for e in r.json["items"] if e["entity"] == "osd.0"][0]
    assert one["type"] == "osd" and one["caps"]["osd"] == "allow *", one
    r = c.get(base() + "?search=bootstrap")
    assert r.json["total"] > 0 and all("bootstrap" in e["entity"] for e in r.json["items"]), r
    r = c.get(url("client.admin"))
    assert r.status == 200 and "key" not in r.json and admin_key.encode() not in r.body, r
    assert_error(c.get(url("client.nosuch")), 404, "cephx_user_not_found")


def test_create_from_caps_key_once_then_caps_replaced_and_deleted():
    c = oa.admin()
    e = "client." + oa.unique("cx")
    try:
        r = c.post(base(), {"entity": e, "caps": {"mon": "allow r", "osd": "allow rw pool=rbd"}})
        assert r.status == 201, r
        cli = cli_get(e)
        assert r.json["key"] == cli["key"] and r.json["caps"] == cli["caps"], (r.json, cli)
        assert r.headers["location"].endswith("/cephx/users/" + e), r.headers
        assert "key" not in c.get(url(e)).json
        assert_error(c.post(base(), {"entity": e, "caps": {"mon": "allow r"}}), 409,
                     "cephx_user_exists", "entity")
        r = c.put(url(e), {"caps": {"mon": "allow r", "mgr": "allow r"}})
        assert r.status == 200 and r.json["caps"] == {"mon": "allow r", "mgr": "allow r"}, r
        assert cli_get(e)["caps"] == {"mon": "allow r", "mgr": "allow r"}
        assert cli_get(e)["key"] == cli["key"]
        assert c.delete(url(e)).status == 204
        assert cli_get(e) is None
        assert_error(c.delete(url(e)), 404, "cephx_user_not_found")
    finally:
        rm(e)


def test_presets_give_the_documented_caps():
    c = oa.admin()
    pool = oa.unique("cxp")
    oa.ceph(1, "osd", "pool", "create", pool, "8")
    made = []
    want = {
        "rbd": ({"pool": pool}, {"mon": "profile rbd", "osd": "profile rbd pool=" + pool,
                                 "mgr": "profile rbd pool=" + pool}),
        "rbd-read-only": ({"pool": pool}, {"mon": "profile rbd",
                                           "osd": "profile rbd-read-only pool=" + pool}),
        "iscsi": ({"pool": pool}, {"mon": "profile rbd", "osd": "allow rwx pool=" + pool}),
        "rgw": ({}, {"mon": "allow rw", "osd": "allow rwx"}),
        "cephfs": ({"fs": FS, "path": "/volumes/x"},
                   {"mon": "allow r fsname=" + FS, "mds": "allow rw fsname=%s path=/volumes/x" % FS,
                    "osd": "allow rw tag cephfs data=" + FS}),
    }
    try:
        for preset, (extra, caps) in want.items():
            e = "client." + oa.unique("cx")
            made.append(e)
            r = c.post(base(), dict({"entity": e, "preset": preset}, **extra))
            assert r.status == 201 and r.json["caps"] == caps, (preset, r)
            assert cli_get(e)["caps"] == caps, preset
        e = "client." + oa.unique("cx")
        made.append(e)
        r = c.post(base(), {"entity": e, "preset": "nfs"})
        assert r.status == 201 and r.json["caps"]["mon"] == "allow r", r
        assert "namespace=" in r.json["caps"]["osd"] and "tag rgw" in r.json["caps"]["osd"], r
        r = c.post(base(), {"entity": "client." + oa.unique("cx"), "preset": "cephfs", "fs": FS,
                            "read_only": True})
        made.append(r.json.get("entity", ""))
        assert r.json["caps"]["mds"] == "allow r fsname=%s path=/" % FS, r
    finally:
        for e in made:
            rm(e)
        oa.ceph(1, "osd", "pool", "rm", pool, pool, "--yes-i-really-really-mean-it", check=False)


def test_bad_input_is_refused_before_or_by_ceph_and_changes_nothing():
    c = oa.admin()
    e = "client." + oa.unique("cx")

    def bad(body, field, status=422):
        assert_error(c.post(base(), dict({"entity": e}, **body)), status, "invalid_value", field)
        assert cli_get(e) is None

    for entity in ("osd.9", "client.", "client.a b", "client.x;y", "admin"):
        assert_error(c.post(base(), {"entity": entity, "caps": {"mon": "allow r"}}), 422,
                     "invalid_value", "entity")
    bad({}, "caps")
    bad({"caps": {}}, "caps")
    bad({"caps": {"mon": "allow r"}, "preset": "rgw"}, "caps")
    bad({"caps": {"rgw": "allow r"}}, "caps.rgw")
    bad({"caps": {"osd": "rwx"}}, "caps.osd")
    bad({"caps": {"osd": "allow rw\npool=x"}}, "caps.osd")
    bad({"caps": {"mon": "allow r", "osd": "allow bogus"}}, "caps.osd")  # Ceph's parser
    bad({"preset": "everything"}, "preset")
    bad({"preset": "rbd"}, "pool")
    bad({"preset": "rbd", "pool": "nosuchpool"}, "pool")
    bad({"preset": "cephfs"}, "fs")
    bad({"preset": "cephfs", "fs": "nosuchfs"}, "fs")
    bad({"preset": "cephfs", "fs": FS, "path": "relative"}, "path")
    bad({"preset": "cephfs", "fs": FS, "path": "/a/../b"}, "path")


def test_protected_entities_are_refused():
    c = oa.admin()
    own = [l.split("=", 1)[1].strip() for l in open(oa.conf_path())
           if l.replace(" ", "").startswith("client=")][0]
    for entity in ("client.admin", own, "osd.0"):
        assert c.get(url(entity)).json["protected"] is True, entity
        before = cli_get(entity)
        assert_error(c.put(url(entity), {"caps": {"mon": "allow r"}}), 409, "cephx_user_protected")
        assert_error(c.delete(url(entity)), 409, "cephx_user_protected")
        assert cli_get(entity) == before, entity


def test_a_keyring_export_works_and_is_audited_without_the_key():
    c = oa.admin()
    e = "client." + oa.unique("cx")
    try:
        key = c.post(base(), {"entity": e, "preset": "rgw"}).json["key"]
        r = c.post(url(e) + "/keyring")
        assert r.status == 200 and r.json["entity"] == e, r
        assert "key = " + key in r.json["keyring"], r
        _, conf = oa.cluster(1)
        with tempfile.NamedTemporaryFile("w", suffix=".keyring", delete=False) as f:
            f.write(r.json["keyring"])
        try:
            p = subprocess.run(["ceph", "-c", conf, "-n", e, "--keyring", f.name, "-f", "json",
                                "osd", "pool", "ls"], capture_output=True, text=True, timeout=60)
            assert p.returncode == 0, p.stderr
        finally:
            os.unlink(f.name)
        row = oa.last_audit(c, url(e) + "/keyring")[0]
        assert row["method"] == "POST" and row["status"] == 200 and row["user"], row
        assert oa.psql("SELECT count(*) FROM audit WHERE request::text LIKE '%%%s%%'" % key) == "0"
    finally:
        rm(e)


def test_operators_may_not_touch_cephx_users_viewers_read():
    e = "client." + oa.unique("cx")
    oa.ceph(1, "auth", "get-or-create", e, "mon", "allow r")
    try:
        viewer, operator = oa.client_as("viewer"), oa.client_as("operator")
        # A client made with the CLI shows in the next read.
        r = viewer.get(url(e))
        assert r.status == 200 and r.json["caps"] == {"mon": "allow r"}, r
        assert viewer.get(base()).status == 200
        for who in (viewer, operator):
            assert_error(who.post(base(), {"entity": "client." + oa.unique("cx"),
                                           "caps": {"mon": "allow r"}}), 403)
            assert_error(who.put(url(e), {"caps": {"mon": "allow rw"}}), 403)
            assert_error(who.post(url(e) + "/keyring"), 403)
            assert_error(who.delete(url(e)), 403)
        assert cli_get(e)["caps"] == {"mon": "allow r"}
    finally:
        rm(e)
