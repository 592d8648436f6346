"""test_cephfs.py - CephFS file systems, clients, subvolume groups, subvolumes and their
snapshots (API.md "CephFS", issue 13) against the stack's cluster 1 and its MDS daemons
(one active for `cephfs`, two standbys): every item checked against `ceph fs dump` or
the volumes module through the ceph CLI, every change made through the API checked
with the CLI, and one made with the CLI seen in the next list. File systems are created
(a task that ends when rank 0 is up:active, or fails with no_standby_mds when no MDS is
free) and deleted (confirmation, refused while a client or an NFS export uses it); a
client is a real libcephfs mount in another process, listed and evicted; a file system
whose ranks are failed answers 503 mds_unavailable at once where its MDS is needed, one
whose MDS hangs within 5 s."""

import subprocess
import sys
import time

import oa
from oa import assert_error, wait_for, wait_task

FS = "cephfs"  # the stack's file system (tests/env/lib.sh)
MOUNT = r"""
import cephfs, sys, time
f = cephfs.LibCephFS(conffile=sys.argv[1], auth_id="admin", conf={"client_fs": sys.argv[2]})
f.mount()
f.mkdirs(b"/mounted", 0o755)
print(f.get_instance_id(), flush=True)
time.sleep(300)
"""


def base(fs=None):
    return "/api/clusters/%s/cephfs" % oa.cluster(1)[0] + ("/" + fs if fs else "")


def fs_dump():
    return oa.ceph(1, "fs", "dump")


def fs_names():
    return [f["name"] for f in oa.ceph(1, "fs", "ls")]


def pool_names():
    return oa.ceph(1, "osd", "pool", "ls")


def create_fs(c, body):
    r = c.post(base(), body)
    assert r.status == 202, r
    assert r.headers["location"].startswith("/api/tasks/")
    return wait_task(c, r.json["id"], timeout=90)


def delete_fs(c, name, query=""):
    r = c.delete(base(name) + "?confirm=%s%s" % (name, query))
    assert r.status == 202, r
    t = wait_task(c, r.json["id"], timeout=60)
    assert t["state"] == "succeeded", t
    return t


def drop_pools(*names):
    for p in names:
        if p in pool_names():
            oa.ceph(1, "osd", "pool", "rm", p, p, "--yes-i-really-really-mean-it")


def rank0(fs):
    """The fs map's daemon holding rank 0 of fs, or None."""
    for f in fs_dump()["filesystems"]:
        if f["mdsmap"]["fs_name"] == fs:
            for i in f["mdsmap"]["info"].values():
                if i["rank"] == 0 and i["state"] != "up:standby-replay":
                    return i
    return None


def new_fs(c):
    """A file system made through the API for one test, active; its name."""
    name = oa.unique("fs")
    t = create_fs(c, {"name": name})
    assert t["state"] == "succeeded", t
    return name


def remove_fs(c, name):
    if name in fs_names():
        delete_fs(c, name, "&force=true&delete_pools=true")
    drop_pools("cephfs.%s.meta" % name, "cephfs.%s.data" % name)


def test_list_and_get_follow_the_fs_map():
    c = oa.admin()
    dump = fs_dump()
    pools = {p["pool_id"]: p["pool_name"] for p in oa.ceph(1, "osd", "pool", "ls", "detail")}
    r = c.get(base())
    assert r.status == 200, r
    items = {x["name"]: x for x in r.json["items"]}
    assert r.json["total"] == len(dump["filesystems"])
    standbys = {s["name"] for s in dump["standbys"]}
    for f in dump["filesystems"]:
        m, x = f["mdsmap"], items[f["mdsmap"]["fs_name"]]
        assert x["id"] == f["id"] and x["max_mds"] == m["max_mds"], x
        assert x["metadata_pool"] == pools[m["metadata_pool"]]
        assert x["data_pools"] == [pools[p] for p in m["data_pools"]]
        ranks = {(i["name"], i["rank"], i["state"]) for i in m["info"].values()
                 if i["state"] != "up:standby-replay"}
        assert {(d["name"], d["rank"], d["state"]) for d in x["mds"]["active"]} == ranks, x
        assert standbys <= {d["name"] for d in x["mds"]["standby"]}, x
        assert [p["type"] for p in x["pools"]] == ["metadata"] + ["data"] * len(m["data_pools"])
        assert all(p["avail"] > 0 for p in x["pools"]), x
    x = items[FS]
    assert x["state"] == "active" and x["mds"]["active"][0]["rank"] == 0, x
    assert x["mds"]["active"][0]["name"] == rank0(FS)["name"]
    assert x["clients"] is None or x["clients"] >= 0
    g = c.get(base(FS))
    assert g.status == 200 and g.json["id"] == x["id"] and g.json["mds"] == x["mds"], g
    assert c.get(base() + "?search=" + FS[:4]).json["total"] >= 1
    ids = [i["id"] for i in c.get(base() + "?sort=-id").json["items"]]
    assert ids == sorted(ids, reverse=True)
    assert_error(c.get(base("nosuchfs")), 404, "fs_not_found")


def test_create_waits_for_an_active_mds_then_delete_with_confirmation():
    c = oa.admin()
    name = oa.unique("fs")
    meta, data = "cephfs.%s.meta" % name, "cephfs.%s.data" % name
    try:
        t = create_fs(c, {"name": name})
        assert t["state"] == "succeeded" and t["progress"] == 100, t
        assert "active" in t["message"], t
        assert name in fs_names()
        assert rank0(name)["state"] == "up:active"
        detail = {p["pool_name"]: p for p in oa.ceph(1, "osd", "pool", "ls", "detail")}
        assert detail[meta]["pg_num"] == 8 and detail[data]["pg_num"] == 16
        assert "cephfs" in detail[meta]["application_metadata"]
        assert "cephfs" in detail[data]["application_metadata"]
        g = c.get(base(name)).json
        assert g["state"] == "active" and g["metadata_pool"] == meta, g
        assert g["data_pools"] == [data]
        assert_error(c.post(base(), {"name": name}), 409, "fs_exists", "name")
        # Confirmation: missing or wrong.
        assert_error(c.delete(base(name)), 422, "confirmation_required", "confirm")
        assert_error(c.delete(base(name) + "?confirm=x" + name), 422,
                     "confirmation_required", "confirm")
        t = delete_fs(c, name)
        assert t["result"]["pools_deleted"] == [], t
        assert name not in fs_names()
        assert_error(c.get(base(name)), 404, "fs_not_found")
        # The pools stay unless asked: given back, they make the file system again
        # (the metadata pool is not empty, so only as data pool of another one).
        assert meta in pool_names() and data in pool_names()
        assert_error(c.post(base(), {"name": name}), 409, "pool_exists", "name")
        assert_error(c.post(base(), {"name": oa.unique("fs"), "metadata_pool": meta}), 422,
                     "invalid_value", "metadata_pool")
    finally:
        if name in fs_names():
            delete_fs(c, name)
        drop_pools(meta, data)


def test_create_with_given_pools_and_delete_them_too():
    c = oa.admin()
    name, meta, data = oa.unique("fs"), oa.unique("meta"), oa.unique("data")
    for p, pgs in ((meta, "8"), (data, "8")):
        oa.ceph(1, "osd", "pool", "create", p, pgs)
    try:
        t = create_fs(c, {"name": name, "metadata_pool": meta, "data_pool": data})
        assert t["state"] == "succeeded", t
        f = [x for x in fs_dump()["filesystems"] if x["mdsmap"]["fs_name"] == name][0]
        assert c.get(base(name)).json["metadata_pool"] == meta
        # Pools another file system has are refused.
        assert_error(c.post(base(), {"name": oa.unique("fs"), "data_pool": data}), 409,
                     "pool_in_use", "data_pool")
        t = delete_fs(c, name, "&delete_pools=true")
        assert sorted(t["result"]["pools_deleted"]) == sorted([meta, data]), t
        assert meta not in pool_names() and data not in pool_names()
        assert f["id"] not in [x["id"] for x in fs_dump()["filesystems"]]
    finally:
        if name in fs_names():
            delete_fs(c, name)
        drop_pools(meta, data)


def test_validation_before_ceph_is_asked():
    c = oa.admin()
    cases = [
        ({"name": ""}, 422, "invalid_value", "name"),
        ({"name": "a/b"}, 422, "invalid_value", "name"),
        ({"name": "x" * 65}, 422, "invalid_value", "name"),
        ({"name": FS}, 409, "fs_exists", "name"),
        ({"name": oa.unique("fs"), "metadata_pool": "nosuchpool"}, 422, "invalid_value",
         "metadata_pool"),
        ({"name": oa.unique("fs"), "data_pool": "cephfs.%s.data" % FS}, 409, "pool_in_use",
         "data_pool"),
        ({"name": oa.unique("fs"), "nope": 1}, 400, "unknown_field", "nope"),
    ]
    for body, status, code, field in cases:
        assert_error(c.post(base(), body), status, code, field)
    rbd = oa.unique("rbdpool")
    oa.ceph(1, "osd", "pool", "create", rbd, "8")
    oa.ceph(1, "osd", "pool", "application", "enable", rbd, "rbd")
    try:
        e = assert_error(c.post(base(), {"name": oa.unique("fs"), "data_pool": rbd}), 409,
                         "pool_in_use", "data_pool")
        assert "rbd" in e["message"], e
    finally:
        drop_pools(rbd)
    assert_error(c.delete(base("nosuchfs") + "?confirm=nosuchfs"), 404, "fs_not_found")


def test_without_a_free_mds_the_create_task_fails_no_standby_mds():
    c = oa.admin()
    name = oa.unique("fs")
    standbys = [s["name"] for s in fs_dump()["standbys"]]
    assert standbys, "the stack has standby MDS daemons"
    oa.ctl("mds", "stop", *standbys)
    try:
        wait_for(lambda: not fs_dump()["standbys"], timeout=15, what="no standby MDS")
        t = create_fs(c, {"name": name})
        assert t["state"] == "failed", t
        assert t["error"]["code"] == "no_standby_mds", t
        assert name in fs_names()  # made, but nothing serves it
        g = c.get(base(name)).json
        assert g["state"] == "no_mds" and g["mds"]["active"] == [], g
        # What needs its MDS answers 503 at once; the lists keep answering.
        t0 = time.time()
        for path in ("/clients", "/subvolumes", "/subvolume-groups"):
            assert_error(c.get(base(name) + path), 503, "mds_unavailable")
        assert time.time() - t0 < 5
        assert c.get(base()).status == 200
    finally:
        oa.ctl("mds", "start")
    # A standby back: it takes the rank.
    wait_for(lambda: c.get(base(name)).json["state"] == "active", timeout=60,
             what="the new file system active")
    remove_fs(c, name)


def test_failed_ranks_answer_503_and_recover():
    c = oa.admin()
    name = new_fs(c)
    try:
        oa.ceph(1, "fs", "fail", name)
        wait_for(lambda: c.get(base(name)).json["state"] == "no_mds", timeout=10,
                 what="its ranks failed in the view")
        t0 = time.time()
        e = assert_error(c.get(base(name) + "/subvolumes"), 503, "mds_unavailable")
        assert name in e["message"]
        assert_error(c.get(base(name) + "/clients"), 503, "mds_unavailable")
        assert_error(c.post(base(name) + "/subvolumes", {"name": "sv"}), 503,
                     "mds_unavailable")
        assert time.time() - t0 < 5
        oa.ceph(1, "fs", "set", name, "joinable", "true")
        wait_for(lambda: c.get(base(name) + "/subvolumes").status == 200, timeout=60,
                 what="the file system back")
    finally:
        remove_fs(c, name)


def test_a_hung_mds_answers_503_within_5_seconds():
    c = oa.admin()
    name = new_fs(c)
    mds = rank0(name)["name"]
    oa.ctl("mds", "freeze", mds)
    try:
        t0 = time.time()
        assert_error(c.get(base(name) + "/clients"), 503, "mds_unavailable")
        assert time.time() - t0 < 5
        assert c.get(base()).status == 200  # from the monitor: no MDS asked
    finally:
        oa.ctl("mds", "thaw", mds)
    wait_for(lambda: c.get(base(name) + "/clients").status == 200, timeout=60,
             what="the file system's clients again")
    remove_fs(c, name)


def mount(fs):
    """A libcephfs client of fs in another process (client.admin): (process, its id)."""
    p = subprocess.Popen(["/usr/bin/python3", "-c", MOUNT, oa.cluster(1)[1], fs],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = p.stdout.readline().strip()
    if not line:
        p.kill()
        raise AssertionError("the client did not mount: %s" % p.stderr.read())
    return p, int(line)


def sessions(fs):
    return oa.ceph(1, "tell", "mds.%s" % rank0(fs)["name"], "session", "ls")


def test_clients_are_listed_and_evicted_and_hold_a_delete():
    c = oa.admin()
    name = new_fs(c)
    proc, cid = mount(name)
    try:
        r = c.get(base(name) + "/clients")
        assert r.status == 200, r
        mine = [x for x in r.json["items"] if x["id"] == cid]
        assert mine, r
        x = mine[0]
        assert x["entity"] == "client.admin" and x["mount_root"] == "/", x
        assert x["version"] and x["version"][0].isdigit() and x["state"] == "open", x
        assert x["host"] and x["address"] and x["caps"] >= 1 and not x["internal"], x
        assert cid in [s["id"] for s in sessions(name)]
        # The list's count comes from the manager (rank 0's perf counters).
        wait_for(lambda: (c.get(base(name)).json["clients"] or 0) >= 1, timeout=15,
                 what="the client counted")
        # A mounted client holds a delete, unless forced.
        e = assert_error(c.delete(base(name) + "?confirm=" + name), 409, "fs_in_use")
        assert "client" in e["message"], e
        # Evict: audited, and gone from the MDS.
        assert c.delete(base(name) + "/clients/%d" % cid).status == 204
        assert cid not in [s["id"] for s in sessions(name)]
        assert cid not in [x["id"] for x in c.get(base(name) + "/clients").json["items"]]
        row = oa.last_audit(c, base(name) + "/clients/%d" % cid)[0]
        assert row["method"] == "DELETE" and row["status"] == 204, row
        assert_error(c.delete(base(name) + "/clients/%d" % cid), 404, "client_not_found")
        assert_error(c.delete(base(name) + "/clients/x"), 404, "client_not_found")
    finally:
        proc.kill()
        proc.wait()
        remove_fs(c, name)


def test_an_nfs_export_of_the_file_system_holds_a_delete():
    c = oa.admin()
    name = new_fs(c)
    nfs = "/api/clusters/%s/nfs/exports" % oa.cluster(1)[0]
    r = c.post(nfs, {"path": "/", "pseudo": "/" + oa.unique("p"),
                     "fsal": {"name": "CEPH", "user_id": "admin", "fs_name": name}})
    assert r.status == 201, r
    eid = r.json["id"]
    try:
        e = assert_error(c.delete(base(name) + "?confirm=%s&force=true" % name), 409,
                         "fs_in_use")
        assert str(eid) in e["message"], e
    finally:
        assert c.delete(nfs + "/%d" % eid).status == 204
        remove_fs(c, name)


def vol(*args, check=True):
    return oa.ceph(1, "fs", *args, check=check)


def test_subvolume_groups_round_trip_with_the_cli():
    c = oa.admin()
    g = oa.unique("g")
    url = base(FS) + "/subvolume-groups"
    r = c.post(url, {"name": g, "mode": "0750"})
    assert r.status == 201, r
    assert r.json["name"] == g and r.json["mode"] == "0750", r
    try:
        assert g in [x["name"] for x in vol("subvolumegroup", "ls", FS)]
        info = vol("subvolumegroup", "info", FS, g)
        assert info["mode"] & 0o7777 == 0o750
        assert r.json["pool_layout"] == info["data_pool"] and r.json["created_at"], r
        assert_error(c.post(url, {"name": g}), 409, "group_exists", "name")
        items = c.get(url).json["items"]
        assert g in [x["name"] for x in items]
        # Not empty: refused.
        vol("subvolume", "create", FS, "inside", "--group_name", g)
        assert_error(c.delete(url + "/" + g), 409, "group_not_empty")
        vol("subvolume", "rm", FS, "inside", "--group_name", g)
        assert c.delete(url + "/" + g).status == 204
        assert g not in [x["name"] for x in vol("subvolumegroup", "ls", FS)]
        assert_error(c.delete(url + "/" + g), 404, "group_not_found")
    finally:
        vol("subvolume", "rm", FS, "inside", "--group_name", g, check=False)
        vol("subvolumegroup", "rm", FS, g, check=False)


def test_subvolumes_and_snapshots_round_trip_with_the_cli():
    c = oa.admin()
    g, name = oa.unique("g"), oa.unique("sv")
    subs = base(FS) + "/subvolumes"
    one = subs + "/" + name + "?group=" + g
    assert c.post(base(FS) + "/subvolume-groups", {"name": g}).status == 201
    try:
        r = c.post(subs, {"name": name, "group": g, "size": 10485760, "mode": "0700"})
        assert r.status == 201, r
        x = r.json
        assert x["name"] == name and x["group"] == g and x["size"] == 10485760, x
        info = vol("subvolume", "info", FS, name, "--group_name", g)
        assert info["bytes_quota"] == 10485760 and info["mode"] & 0o7777 == 0o700
        assert x["path"] == info["path"] and x["state"] == info["state"] == "complete", x
        assert c.get(one).json == x
        assert_error(c.post(subs, {"name": name, "group": g}), 409, "subvolume_exists", "name")
        # Only in its group.
        assert_error(c.get(subs + "/" + name), 404, "subvolume_not_found")
        assert name in [s["name"] for s in c.get(subs + "?group=" + g).json["items"]]
        # Resize, then unlimited.
        r = c.patch(one, {"size": 20971520})
        assert r.status == 200 and r.json["size"] == 20971520, r
        assert vol("subvolume", "info", FS, name, "--group_name", g)["bytes_quota"] == 20971520
        r = c.patch(one, {"size": None})
        assert r.status == 200 and r.json["size"] is None, r
        assert vol("subvolume", "info", FS, name, "--group_name", g)["bytes_quota"] == "infinite"
        # Snapshots.
        snaps = subs + "/" + name + "/snapshots"
        r = c.post(snaps + "?group=" + g, {"name": "s1"})
        assert r.status == 201 and r.json["name"] == "s1" and r.json["created_at"], r
        assert ["s1"] == [s["name"] for s in vol("subvolume", "snapshot", "ls", FS, name,
                                                 "--group_name", g)]
        assert_error(c.post(snaps + "?group=" + g, {"name": "s1"}), 409, "snapshot_exists",
                     "name")
        assert [s["name"] for s in c.get(snaps + "?group=" + g).json["items"]] == ["s1"]
        assert_error(c.delete(one), 409, "subvolume_has_snapshots")
        assert c.delete(snaps + "/s1?group=" + g).status == 204
        assert vol("subvolume", "snapshot", "ls", FS, name, "--group_name", g) == []
        assert_error(c.delete(snaps + "/s1?group=" + g), 404, "snapshot_not_found")
        assert c.delete(one).status == 204
        assert name not in [s["name"] for s in vol("subvolume", "ls", FS, "--group_name", g)]
        assert_error(c.get(one), 404, "subvolume_not_found")
        assert_error(c.delete(one), 404, "subvolume_not_found")
    finally:
        vol("subvolume", "rm", FS, name, "--group_name", g, "--force", check=False)
        vol("subvolumegroup", "rm", FS, g, check=False)


def test_a_subvolume_made_with_the_cli_shows_in_the_next_list():
    c = oa.admin()
    names = sorted(oa.unique("cli") for _ in range(3))
    url = base(FS) + "/subvolumes"
    try:
        for i, n in enumerate(names):
            vol("subvolume", "create", FS, n, "--size", str((i + 1) * 1048576))
        r = c.get(url + "?search=cli&limit=2")
        assert r.status == 200 and r.json["total"] >= 3, r
        listed = [x["name"] for x in c.get(url + "?search=cli&limit=1000").json["items"]]
        assert all(n in listed for n in names), listed
        assert listed == sorted(listed)
        page = c.get(url + "?search=cli&limit=2&sort=-name").json
        assert [x["name"] for x in page["items"]] == sorted(listed, reverse=True)[:2], page
        assert all(x["path"] and x["state"] == "complete" for x in page["items"]), page
        by_size = c.get(url + "?search=cli&sort=-size&limit=1000").json["items"]
        mine = [x["name"] for x in by_size if x["name"] in names]
        assert mine == list(reversed(names)), by_size
        vol("subvolume", "rm", FS, names[0])
        assert names[0] not in [x["name"] for x in c.get(url + "?limit=1000").json["items"]]
    finally:
        for n in names:
            vol("subvolume", "rm", FS, n, check=False)


def test_subvolume_validation_names_the_field():
    c = oa.admin()
    subs = base(FS) + "/subvolumes"
    cases = [
        ({"name": "a/b"}, 422, "invalid_value", "name"),
        ({"name": ".hidden"}, 422, "invalid_value", "name"),
        ({"name": "_nogroup"}, 422, "invalid_value", "name"),
        ({"name": "ok", "mode": "999"}, 422, "invalid_value", "mode"),
        ({"name": "ok", "size": 0}, 422, "invalid_value", "size"),
        ({"name": "ok", "uid": -1}, 422, "invalid_value", "uid"),
        ({"name": "ok", "group": "nosuchgroup"}, 422, "invalid_value", "group"),
        ({"name": oa.unique("sv"), "pool_layout": "nosuchpool"}, 422, "invalid_value",
         "pool_layout"),
        ({"name": "ok", "size": "big"}, 400, "invalid_type", "size"),
    ]
    for body, status, code, field in cases:
        assert_error(c.post(subs, body), status, code, field)
    assert_error(c.patch(subs + "/nosuchsub", {"size": 1}), 404, "subvolume_not_found")
    assert_error(c.patch(subs + "/nosuchsub", {"size": "x"}), 422, "invalid_value", "size")
    assert_error(c.get(subs + "?group=nosuchgroup"), 404, "group_not_found")
    assert_error(c.get(base("nosuchfs") + "/subvolumes"), 404, "fs_not_found")
    assert_error(c.post(base(FS) + "/subvolume-groups", {"name": "x y"}), 422,
                 "invalid_value", "name")


def test_viewers_read_but_change_nothing():
    v = oa.client_as("viewer")
    assert v.get(base()).status == 200
    assert v.get(base(FS) + "/subvolumes").status == 200
    for method, path, body in (
            ("POST", base(), {"name": oa.unique("fs")}),
            ("DELETE", base(FS) + "?confirm=" + FS, None),
            ("DELETE", base(FS) + "/clients/1", None),
            ("POST", base(FS) + "/subvolume-groups", {"name": "g"}),
            ("POST", base(FS) + "/subvolumes", {"name": "sv"}),
            ("PATCH", base(FS) + "/subvolumes/sv", {"size": 1}),
            ("DELETE", base(FS) + "/subvolumes/sv", None),
            ("POST", base(FS) + "/subvolumes/sv/snapshots", {"name": "s"})):
        assert_error(v.request(method, path, body=body), 403)
    assert FS in fs_names()


if __name__ == "__main__":
    sys.exit("run through tests/api/run.py")
