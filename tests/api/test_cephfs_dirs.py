"""test_cephfs_dirs.py - a file system's directories, quotas and snapshots (API.md
"CephFS", issue 13) against the stack's file system `cephfs`: every item compared with
what libcephfs says from another process (python3-cephfs as client.admin: statx, the
recursive stats, quota and snapshot xattrs, .snap), every change made through the API
checked from that side, and one made from the side seen in the next listing. Paging,
sorting and search of one directory; the path rule (422 on field path; a NUL never
reaches openATTIC: the dispatcher refuses it); rmdir of a non-empty directory 409;
viewers read only. An evicted session is mounted again unseen; a worker that stops
unmounts (its session ends at once). With every MDS stopped the routes answer 503
mds_unavailable within 5 s while health answers, and they serve again once an MDS is
back; a frozen MDS costs one request 5 s, and the next ones fail at once until it is
thawed."""

import calendar
import json
import subprocess
import time
import urllib.parse

import oa
from oa import assert_error, wait_for

FS = "cephfs"  # the stack's file system (tests/env/lib.sh)
SIDE = r"""
import cephfs, json, sys
fs = cephfs.LibCephFS(conffile=sys.argv[1], auth_id="admin")
fs.mount(filesystem_name=sys.argv[2].encode())


def names(p):
    d, out = fs.opendir(p), []
    while True:
        e = fs.readdir(d)
        if not e:
            break
        if e.d_name not in (b".", b".."):
            out.append(e.d_name.decode())
    fs.closedir(d)
    return out


def xattr(p, name):
    try:
        return fs.getxattr(p, name).decode()
    except cephfs.NoData:
        return None


def stat(p):
    s = fs.lstat(p)
    return {"mode": s.st_mode, "size": s.st_size, "uid": s.st_uid, "gid": s.st_gid,
            "mtime": int(s.st_mtime.timestamp())}


def write(p, data):
    fd = fs.open(p, "w", 0o644)
    if data:  # libcephfs asserts on a write of 0 bytes (Striper::file_to_extents)
        fs.write(fd, data, 0)
    fs.close(fd)


def rmtree(p):
    for n in names(p + "/.snap"):
        if not n.startswith("_"):
            fs.rmdir(p + "/.snap/" + n)
    for n in names(p):
        c = p + "/" + n
        if fs.lstat(c).st_mode & 0o170000 == 0o040000:
            rmtree(c)
        else:
            fs.unlink(c)
    fs.rmdir(p)


try:
    out = None
    exec(sys.argv[3])
    print(json.dumps(out))
finally:
    fs.unmount()
    fs.shutdown()
"""


def side(code):
    """Runs code with libcephfs on `cephfs` as client.admin (names, xattr, stat, write,
    rmtree, fs); returns what it left in `out`."""
    _, conf = oa.cluster(1)
    p = subprocess.run(["/usr/bin/python3", "-c", SIDE, conf, FS, code], capture_output=True,
                       text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout.strip().splitlines()[-1])


def url(what, path=None, **query):
    q = dict(query)
    if path is not None:
        q["path"] = path
    return "/api/clusters/%s/cephfs/%s/%s" % (oa.cluster(1)[0], FS, what) + (
        "?" + urllib.parse.urlencode(q) if q else "")


def scratch(setup=""):
    """A fresh directory /t-dirs/<unique> made from the side (then setup runs with d
    set to it); its path."""
    d = "/t-dirs/" + oa.unique("d")
    side("d = %r\nfs.mkdirs(d, 0o755)\n%s" % (d, setup))
    return d


def cleanup(d):
    side("rmtree(%r)" % d)


def timed(fn):
    t = time.time()
    r = fn()
    return r, time.time() - t


def listing(c, d, **query):
    r = c.get(url("dirs", d, **query))
    assert r.status == 200, r
    return r.json


def test_items_are_what_libcephfs_says():
    c = oa.admin()
    d = scratch("""
fs.mkdirs(d + "/sub/deeper", 0o750)
write(d + "/sub/a.bin", b"x" * 5000)
write(d + "/sub/deeper/b.txt", b"hello\\n" * 100)
write(d + "/top.txt", b"top")
fs.symlink("top.txt", d + "/link")
fs.setxattr(d + "/sub", "ceph.quota", b"max_bytes=1073741824 max_files=500", 0)
fs.mkdir(d + "/sub/.snap/first", 0o755)
""")
    try:
        want = """
out = {n: dict(stat(d + "/" + n), rbytes=xattr(d + "/" + n, "ceph.dir.rbytes"),
               rfiles=xattr(d + "/" + n, "ceph.dir.rfiles"),
               rsubdirs=xattr(d + "/" + n, "ceph.dir.rsubdirs"),
               quota=xattr(d + "/" + n, "ceph.quota"),
               snaps=[s for s in names(d + "/" + n + "/.snap") if not s.startswith("_")]
               if stat(d + "/" + n)["mode"] & 0o040000 else None)
       for n in names(d)}
out["."] = dict(stat(d), rbytes=xattr(d, "ceph.dir.rbytes"), rfiles=xattr(d, "ceph.dir.rfiles"))
"""

        def same():  # the recursive stats reach the parents lazily: compare like with like
            s, j = side("d = %r\n%s" % (d, want)), listing(oa.admin(), d)
            items = {x["name"]: x for x in j["items"]}
            if set(items) != {"sub", "top.txt", "link"} or j["total"] != 3:
                raise AssertionError(j)
            sub = items["sub"]
            return (sub["size"] == int(s["sub"]["rbytes"]) and
                    sub["files"] == int(s["sub"]["rfiles"]) and
                    j["dir"]["size"] == int(s["."]["rbytes"]) and
                    j["dir"]["files"] == int(s["."]["rfiles"])) and (s, j)

        s, j = wait_for(same, timeout=30, step=1, what="the recursive stats to settle")
        items = {x["name"]: x for x in j["items"]}
        sub, top, link = items["sub"], items["top.txt"], items["link"]
        assert sub["size"] >= 5600 and sub["files"] == 2, sub
        assert sub["subdirs"] == int(s["sub"]["rsubdirs"]) == 2, sub
        assert sub["quota"] == {"max_bytes": 1073741824, "max_files": 500}, sub
        assert sub["snapshots"] == 1 and s["sub"]["snaps"] == ["first"], sub
        for name, x in items.items():
            st = s[name]
            assert x["path"] == d + "/" + name and x["mode"] == "%04o" % (st["mode"] & 0o7777)
            assert x["uid"] == st["uid"] and x["gid"] == st["gid"], x
            assert x["mtime"] == time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(st["mtime"]))
        assert sub["type"] == "dir" and sub["mode"] == "0750", sub
        assert top["type"] == "file" and top["size"] == 3 and "quota" not in top, top
        assert "files" not in top and "snapshots" not in top, top
        assert link["type"] == "symlink" and link["size"] == len("top.txt"), link
        assert j["dir"]["path"] == d and j["dir"]["name"] == d.rsplit("/", 1)[1], j["dir"]
        assert j["dir"]["type"] == "dir" and j["dir"]["quota"] is None, j["dir"]
        assert j["dir"]["snapshots"] == 0 and j["dir"]["subdirs"] == 3, j["dir"]
        root = listing(c, None)
        assert root["dir"]["path"] == "/" and root["dir"]["name"] == "/", root["dir"]
        assert "t-dirs" in [x["name"] for x in root["items"]]
    finally:
        cleanup(d)


def test_a_directory_made_from_the_side_shows_in_the_next_listing():
    c = oa.admin()
    d = scratch("for i in range(40):\n    fs.mkdir('%s/e%02d' % (d, i), 0o755)")
    try:
        assert listing(c, d, limit=5)["total"] == 40
        side("fs.mkdir(%r, 0o755)" % (d + "/made-aside"))
        # Every worker may have read the directory before: ask more than there are workers.
        for _ in range(8):
            j = listing(c, d, search="made-aside")
            assert j["total"] == 1 and j["items"][0]["name"] == "made-aside", j
        side("fs.rmdir(%r)\nwrite(%r, b'abc')" % (d + "/made-aside", d + "/e05/new.txt"))
        for _ in range(8):
            assert listing(c, d, search="made-aside")["total"] == 0
        # A change deeper down shows in the page's sizes at once.
        wait_for(lambda: listing(c, d, search="e05")["items"][0]["files"] == 1, timeout=30,
                 step=0.5, what="e05 to count its new file")
    finally:
        cleanup(d)


def test_paging_sorting_and_search():
    c = oa.admin()
    d = scratch("""
for i in range(25):
    write("%s/File-%02d.dat" % (d, i), b"z" * ((i * 37) % 11 * 100))
for i in range(6):
    fs.mkdir("%s/dir-%d" % (d, i), 0o755)
fs.symlink("File-01.dat", d + "/a-link")
""")
    try:
        s = side("d = %r\nout = {n: stat(d + '/' + n) for n in names(d)}" % d)
        names = sorted(s)
        got = []
        for off in range(0, 40, 7):
            j = listing(c, d, offset=off, limit=7)
            assert j["total"] == 32 and j["offset"] == off and j["limit"] == 7, j
            got += [x["name"] for x in j["items"]]
        assert got == names, got
        assert [x["name"] for x in listing(c, d, sort="-name", limit=100)["items"]] == names[::-1]
        by_size = [x["name"] for x in listing(c, d, sort="size", limit=100)["items"]]
        sizes = {n: (0 if s[n]["mode"] & 0o040000 else s[n]["size"]) for n in names}
        assert by_size == sorted(names, key=lambda n: (sizes[n], n)), by_size
        desc = listing(c, d, sort="-size", limit=100)["items"]
        assert [x["size"] for x in desc] == sorted((x["size"] for x in desc), reverse=True)
        by_type = [x["type"] for x in listing(c, d, sort="type", limit=100)["items"]]
        assert by_type == ["dir"] * 6 + ["file"] * 25 + ["symlink"], by_type
        mt = [x["mtime"] for x in listing(c, d, sort="mtime", limit=100)["items"]]
        assert mt == sorted(mt)
        j = listing(c, d, search="file-1")  # any case
        assert j["total"] == 10 and all(x["name"].startswith("File-1") for x in j["items"]), j
        j = listing(c, d, offset=100)
        assert j["items"] == [] and j["total"] == 32, j
        assert_error(c.get(url("dirs", d, sort="owner")), 400, "invalid_sort", "sort")
        assert_error(c.get(url("dirs", d, limit=0)), 400, "invalid_parameter", "limit")
    finally:
        cleanup(d)


def test_paths_are_checked_and_normalised():
    c = oa.admin()
    d = scratch("fs.mkdirs(d + '/x/y', 0o755)\nwrite(d + '/f', b'1')")
    try:
        j = listing(c, "/" + d + "//./x/")
        assert j["dir"]["path"] == d + "/x" and j["items"][0]["path"] == d + "/x/y", j
        for bad, why in ((d + "/../etc", "'..'"), ("t-dirs", "absolute"), ("", "empty")):
            for r in (c.get(url("dirs", bad)), c.post(url("dirs"), {"path": bad}),
                      c.delete(url("dirs", bad)), c.get(url("quota", bad)),
                      c.put(url("quota", bad), {"max_bytes": 0, "max_files": 0}),
                      c.get(url("snapshots", bad)), c.post(url("snapshots", bad), {"name": "s"})):
                e = assert_error(r, 422, "invalid_value", "path")
                assert why in e["message"], e
        e = assert_error(c.get(url("dirs", "/" + "n" * 256)), 422, "invalid_value", "path")
        assert "255" in e["message"], e
        e = assert_error(c.post(url("dirs"), {"path": "/a" * 2049}), 422, "invalid_value", "path")
        assert "4096" in e["message"], e
        # A NUL never reaches openATTIC: the dispatcher refuses the query or body first.
        assert_error(c.get(url("dirs") + "?path=/a%00b"), 400, "invalid_query")
        r = c.post(url("dirs"), raw=b'{"path": "/t-dirs/a\\u0000b"}')
        assert_error(r, 400, "invalid_json")
        assert_error(c.get(url("dirs", d + "/f")), 422, "not_a_directory", "path")
        assert_error(c.get(url("dirs", d + "/missing")), 404, "path_not_found")
        assert_error(c.get(url("quota", d + "/f")), 422, "not_a_directory", "path")
        assert_error(c.get("/api/clusters/%s/cephfs/nosuchfs/dirs" % oa.cluster(1)[0]), 404,
                     "fs_not_found")
    finally:
        cleanup(d)


def test_mkdir_and_rmdir():
    c = oa.admin()
    d = scratch("write(d + '/f', b'1')")
    try:
        r = c.post(url("dirs"), {"path": d + "/new"})
        assert r.status == 201, r
        assert r.json["path"] == d + "/new" and r.json["type"] == "dir", r
        assert r.json["mode"] == "0755" and r.json["files"] == 0 and r.json["quota"] is None
        r = c.post(url("dirs"), {"path": d + "/private", "mode": "0700"})
        assert r.status == 201 and r.json["mode"] == "0700", r
        s = side("out = {n: stat(%r + '/' + n)['mode'] & 0o7777 for n in ('new', 'private')}" % d)
        assert s == {"new": 0o755, "private": 0o700}, s
        assert_error(c.post(url("dirs"), {"path": d + "/new"}), 409, "path_exists")
        assert_error(c.post(url("dirs"), {"path": d + "/f"}), 409, "path_exists")
        assert_error(c.post(url("dirs"), {"path": d + "/a/b/c"}), 404, "path_not_found")
        r = c.post(url("dirs"), {"path": d + "/a/b/c", "parents": True, "mode": "750"})
        assert r.status == 201 and r.json["mode"] == "0750", r
        assert side("out = names(%r)" % (d + "/a/b")) == ["c"]
        assert_error(c.post(url("dirs"), {"path": d + "/a", "parents": True}), 409,
                     "path_exists")
        for mode in ("0999", "rwx", "07777x", "1"):
            assert_error(c.post(url("dirs"), {"path": d + "/m", "mode": mode}), 422,
                         "invalid_value", "mode")
        assert_error(c.post(url("dirs"), {"path": d + "/m", "mode": 755}), 400, "invalid_type")
        assert_error(c.post(url("dirs"), {"path": d + "/.snap/x"}), 422, "invalid_value", "path")
        # rmdir: empty only.
        e = assert_error(c.delete(url("dirs", d + "/a")), 409, "dir_not_empty")
        assert d + "/a" in e["message"], e
        assert side("out = names(%r)" % (d + "/a")) == ["b"]
        assert c.delete(url("dirs", d + "/a/b/c")).status == 204
        assert side("out = names(%r)" % (d + "/a/b")) == []
        assert_error(c.delete(url("dirs", d + "/a/b/c")), 404, "path_not_found")
        assert_error(c.delete(url("dirs", "/")), 422, "invalid_value", "path")
        assert_error(c.delete(url("dirs", d + "/f")), 422, "not_a_directory", "path")
        side("fs.mkdir(%r, 0o755)" % (d + "/new/.snap/keep"))
        assert_error(c.delete(url("dirs", d + "/new")), 409, "dir_not_empty")
        a = oa.last_audit(c)[0]
        assert a["method"] == "DELETE" and a["status"] == 409, a
    finally:
        cleanup(d)


def test_quota_round_trip():
    c = oa.admin()
    d = scratch("write(d + '/f', b'1')")
    try:
        r = c.get(url("quota", d))
        assert r.status == 200 and r.json == {"path": d, "max_bytes": 0, "max_files": 0}, r
        r = c.put(url("quota", d), {"max_bytes": 10 << 30, "max_files": 100000})
        assert r.status == 200, r
        assert r.json == {"path": d, "max_bytes": 10 << 30, "max_files": 100000}, r
        s = side("out = [xattr(%r, n) for n in ('ceph.quota.max_bytes', 'ceph.quota.max_files')]"
                 % d)
        assert s == [str(10 << 30), "100000"], s
        assert c.get(url("quota", d)).json["max_files"] == 100000
        r = c.put(url("quota", d), {"max_bytes": 0, "max_files": 5})
        assert r.status == 200 and r.json["max_bytes"] == 0 and r.json["max_files"] == 5, r
        assert side("out = xattr(%r, 'ceph.quota')" % d) == "max_bytes=0 max_files=5"
        # The quota holds (clients enforce it, with the recursive stats they have seen).
        def refused():
            r = c.post(url("dirs"), {"path": d + "/" + oa.unique("q")})
            assert r.status in (201, 409), r
            return r.status == 409 and r
        assert_error(wait_for(refused, timeout=20, step=0.2, what="the quota to refuse"), 409,
                     "quota_exceeded")
        r = c.put(url("quota", d), {"max_bytes": 0, "max_files": 0})
        assert r.status == 200 and r.json["max_files"] == 0, r
        assert side("out = xattr(%r, 'ceph.quota')" % d) is None
        # Set from the side: read back, and in the parent's listing.
        side("fs.setxattr(%r, 'ceph.quota.max_bytes', b'4096000', 0)" % d)
        assert c.get(url("quota", d)).json["max_bytes"] == 4096000
        item = listing(c, "/t-dirs", search=d.rsplit("/", 1)[1])["items"][0]
        assert item["quota"] == {"max_bytes": 4096000, "max_files": 0}, item
        for body, field in (({"max_bytes": -1, "max_files": 0}, "max_bytes"),
                            ({"max_bytes": 0, "max_files": -5}, "max_files")):
            assert_error(c.put(url("quota", d), body), 422, "invalid_value", field)
        assert_error(c.put(url("quota", d), {"max_bytes": 1}), 400, "missing_field", "max_files")
        assert_error(c.put(url("quota", d), {"max_bytes": 1.5, "max_files": 0}), 400,
                     "invalid_type", "max_bytes")
        assert_error(c.put(url("quota", d + "/f"), {"max_bytes": 0, "max_files": 0}), 422,
                     "not_a_directory", "path")
        assert_error(c.get(url("quota", d + "/nothing")), 404, "path_not_found")
    finally:
        cleanup(d)


def test_snapshots_round_trip():
    c = oa.admin()
    d = scratch("fs.mkdirs(d + '/child', 0o755)\nwrite(d + '/child/f', b'data')")
    try:
        r = c.get(url("snapshots", d))
        assert r.status == 200 and r.json["items"] == [] and r.json["total"] == 0, r
        t0 = int(time.time())
        r = c.post(url("snapshots", d), {"name": "before-release"})
        assert r.status == 201, r
        assert r.json["name"] == "before-release", r
        assert r.json["path"] == d + "/.snap/before-release", r
        created = calendar.timegm(time.strptime(r.json["created_at"], "%Y-%m-%dT%H:%M:%SZ"))
        assert abs(created - t0) <= 5, r
        assert side("out = names(%r)" % (d + "/.snap")) == ["before-release"]
        assert_error(c.post(url("snapshots", d), {"name": "before-release"}), 409,
                     "snapshot_exists", "name")
        for bad in ("", "_x", ".x", "a/b", "x" * 201, "a\nb"):
            assert_error(c.post(url("snapshots", d), {"name": bad}), 422, "invalid_value",
                         "name")
        side("fs.mkdir(%r, 0o755)" % (d + "/.snap/made-aside"))
        j = c.get(url("snapshots", d)).json
        assert [x["name"] for x in j["items"]] == ["before-release", "made-aside"], j
        assert [x["name"] for x in c.get(url("snapshots", d, sort="-name")).json["items"]] == [
            "made-aside", "before-release"]
        # The child inherits them as "_<name>_<inode>": not its own.
        assert any(n.startswith("_before-release_") for n in side(
            "out = names(%r)" % (d + "/child/.snap")))
        assert c.get(url("snapshots", d + "/child")).json["items"] == []
        item = listing(c, "/t-dirs", search=d.rsplit("/", 1)[1])["items"][0]
        assert item["snapshots"] == 2, item
        assert listing(c, d)["items"][0]["snapshots"] == 0
        # A snapshot's contents can be browsed, not changed.
        j = listing(c, d + "/.snap/before-release/child")
        assert [x["name"] for x in j["items"]] == ["f"], j
        assert_error(c.post(url("dirs"), {"path": d + "/.snap/before-release/x"}), 422,
                     "invalid_value", "path")
        assert_error(c.delete(url("snapshots", d + "/child", name="_before-release_1")), 404,
                     "snapshot_not_found")
        assert c.delete(url("snapshots", d, name="made-aside")).status == 204
        assert side("out = names(%r)" % (d + "/.snap")) == ["before-release"]
        assert_error(c.delete(url("snapshots", d, name="made-aside")), 404, "snapshot_not_found")
        assert_error(c.delete(url("snapshots", d)), 422, "invalid_value", "name")
        assert_error(c.get(url("snapshots", d + "/nothing")), 404, "path_not_found")
        assert_error(c.post(url("snapshots", d + "/nothing"), {"name": "s"}), 404,
                     "path_not_found")
        assert c.delete(url("snapshots", d, name="before-release")).status == 204
        assert side("out = names(%r)" % (d + "/.snap")) == []
    finally:
        cleanup(d)


def test_viewers_read_and_cannot_change():
    v = oa.client_as("viewer")
    d = scratch("fs.mkdir(d + '/sub', 0o755)")
    try:
        assert v.get(url("dirs", d)).status == 200
        assert v.get(url("quota", d)).status == 200
        assert v.get(url("snapshots", d)).status == 200
        for r in (v.post(url("dirs"), {"path": d + "/x"}), v.delete(url("dirs", d + "/sub")),
                  v.put(url("quota", d), {"max_bytes": 1, "max_files": 1}),
                  v.post(url("snapshots", d), {"name": "s"}),
                  v.delete(url("snapshots", d, name="s"))):
            assert_error(r, 403)
        assert side("out = names(%r)" % d) == ["sub"]
        assert side("out = names(%r)" % (d + "/.snap")) == []
    finally:
        cleanup(d)


def active_mds():
    return [i["name"] for f in oa.ceph(1, "fs", "dump")["filesystems"]
            if f["mdsmap"]["fs_name"] == FS for i in f["mdsmap"]["info"].values()][0]


def our_sessions(mds):
    """The ids of openATTIC's sessions on that MDS."""
    return [s["id"] for s in oa.ceph(1, "tell", "mds." + mds, "session", "ls")
            if s["client_metadata"].get("entity_id") == "openattic"]


def test_an_evicted_session_is_mounted_again():
    c = oa.admin()
    d = scratch()
    try:
        for _ in range(8):  # every worker mounts
            assert listing(c, d)["total"] == 0
        mds = active_mds()
        ours = our_sessions(mds)
        assert ours
        for sid in ours:
            oa.ceph(1, "tell", "mds." + mds, "client", "evict", "id=%d" % sid)
        # Blocklisted, each worker's next call fails and is made again on a new mount; a
        # session dropped before the blocklist is known is opened again: no call waits.
        for i in range(8):
            r, secs = timed(lambda: c.post(url("dirs"), {"path": "%s/e%d" % (d, i)}))
            assert r.status == 201 and secs < 2, (r, secs)
        assert sorted(side("out = names(%r)" % d)) == ["e%d" % i for i in range(8)]
        assert our_sessions(mds)
    finally:
        cleanup(d)


def test_a_worker_that_stops_ends_its_session_at_once():
    """A worker rolled by SIGHUP unmounts as it goes: its session is closed then, not a
    minute later when the MDS times it out, its capabilities held meanwhile (the next
    workers' reads of those directories would wait on them)."""
    c = oa.admin()
    d = scratch()
    try:
        for _ in range(8):  # every worker mounts
            assert listing(c, d)["total"] == 0
        mds = active_mds()
        before = set(our_sessions(mds))
        assert before
        workers = set(oa.ctl("pids", "worker").split())
        oa.ctl("reload")
        wait_for(lambda: not workers & set(oa.ctl("pids", "worker").split()), timeout=15,
                 what="every worker rolled")
        wait_for(lambda: not before & set(our_sessions(mds)), timeout=5, step=0.2,
                 what="the stopped workers' sessions to end")
        r, secs = timed(lambda: c.post(url("dirs"), {"path": d + "/after"}))
        assert r.status == 201 and secs < 2, (r, secs)
        assert listing(c, d)["total"] == 1
    finally:
        cleanup(d)


def test_mds_stopped_answers_503_within_5_seconds_and_serves_again():
    c = oa.admin()
    d = scratch()
    assert listing(c, d)["total"] == 0
    oa.ctl("mds", "stop")
    try:
        for fn in (lambda: c.get(url("dirs", d)), lambda: c.post(url("dirs"), {"path": d + "/x"}),
                   lambda: c.get(url("quota", d)), lambda: c.get(url("snapshots", d))):
            r, secs = timed(fn)
            assert_error(r, 503, "mds_unavailable")
            assert secs < 5.5 and r.headers.get("retry-after") == "5", (secs, r.headers)
        r, secs = timed(lambda: c.get("/api/health"))
        assert r.status == 200 and secs < 1, (r, secs)
    finally:
        oa.ctl("mds", "start")
    wait_for(lambda: c.get(url("dirs", d)).status == 200, timeout=30, step=0.5,
             what="the directories to be served again")
    assert c.post(url("dirs"), {"path": d + "/after"}).status == 201
    assert side("out = names(%r)" % d) == ["after"]
    cleanup(d)


def test_a_frozen_mds_costs_one_request_5_seconds():
    c = oa.admin()
    d = scratch()
    dump = oa.ceph(1, "fs", "dump")
    active = [i["name"] for f in dump["filesystems"] if f["mdsmap"]["fs_name"] == FS
              for i in f["mdsmap"]["info"].values()]
    standbys = [s["name"] for s in dump["standbys"]]

    def laggy():
        return any("laggy_since" in i for f in oa.ceph(1, "fs", "dump")["filesystems"]
                   if f["mdsmap"]["fs_name"] == FS for i in f["mdsmap"]["info"].values())

    assert listing(c, d)["total"] == 0
    oa.ctl("mds", "stop", *standbys)  # no standby to take over: it stays frozen
    oa.ctl("mds", "freeze", *active)
    try:
        # A request that meets it before the monitor notices waits 5 s (the mount is
        # stuck then: that worker's next ones fail at once); once the fs map says laggy,
        # every request fails at once.
        r, secs = timed(lambda: c.post(url("dirs"), {"path": d + "/f0"}))
        assert_error(r, 503, "mds_unavailable")
        assert secs < 5.5, secs
        wait_for(laggy, timeout=15, step=0.2, what="the monitor to mark the MDS laggy")
        time.sleep(1.1)  # the view's bound
        for i in range(1, 7):
            r, secs = timed(lambda: c.post(url("dirs"), {"path": "%s/f%d" % (d, i)}))
            assert_error(r, 503, "mds_unavailable")
            assert secs < 1, (i, secs)
        assert timed(lambda: c.get("/api/health"))[1] < 1
    finally:
        oa.ctl("mds", "thaw", *active)
        oa.ctl("mds", "start")
    wait_for(lambda: c.get(url("dirs", d)).status == 200, timeout=40, step=0.5,
             what="the directories to be served again")
    names = side("out = names(%r)" % d)
    assert set(names) <= {"f0"}, names  # the stuck mkdir may have gone through
    cleanup(d)
