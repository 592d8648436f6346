"""test_nfs_ganesha.py - NFS exports served by a real NFS-Ganesha 4.3 (issue 14): the
stand-in's nfs1 minion runs ganesha.nfsd through the shipped module
(conf/salt/_modules/openattic_ganesha.py) on its own address, port 2049, NFSv4. Each
test makes exports through the API, deploys them (POST .../nfs/deploy, waiting for the
task) and reads them with libnfs's userspace client (nfs-ls, nfs-cat, nfs-cp) as any
NFS client would, and CephFS from the side with python3-cephfs as client.admin. One
test per defect of the issue, each failing without its fix."""

import json
import os
import subprocess
import tempfile
import time

import oa
import rgw_util
from oa import assert_error, wait_for

FS = "cephfs"
SIDE = r"""
import cephfs, sys
fs = cephfs.LibCephFS(conffile=sys.argv[1], auth_id="admin")
fs.mount(filesystem_name=b"cephfs")
try:
    op, path = sys.argv[2], sys.argv[3].encode()
    if op == "mkdir":
        p = b""
        for part in path.strip(b"/").split(b"/"):
            p += b"/" + part
            try:
                fs.mkdir(p, 0o777)
            except cephfs.ObjectExists:
                pass
        fs.chmod(path, 0o777)
    elif op == "write":
        fd = fs.open(path, "w", 0o644)
        fs.write(fd, sys.argv[4].encode(), 0)
        fs.close(fd)
    elif op == "read":
        try:
            fd = fs.open(path, "r", 0)
            sys.stdout.write(fs.read(fd, 0, 65536).decode())
            fs.close(fd)
        except cephfs.ObjectNotFound:
            sys.stdout.write("<missing>")
finally:
    fs.unmount()
"""


def side(*args):
    p = subprocess.run(["/usr/bin/python3", "-c", SIDE, oa.cluster(1)[1]] + list(args),
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    return p.stdout


def base():
    return "/api/clusters/%s/nfs" % oa.cluster(1)[0]


def nfs_url(pseudo, name=""):
    return "nfs://%s%s%s?version=4" % (oa.minion_ip("nfs1"), pseudo, "/" + name if name else "")


def nfs(tool, *args):
    """(rc, stdout+stderr) of a libnfs tool (15 s at most)."""
    try:
        p = subprocess.run([tool] + list(args), capture_output=True, text=True, timeout=15)
    except subprocess.TimeoutExpired:
        return 124, "timed out"
    return p.returncode, p.stdout + p.stderr


def lists(pseudo):
    rc, out = nfs("nfs-ls", nfs_url(pseudo))
    return out if rc == 0 else None


def cat(pseudo, name):
    """The file's text, or None. Retried for 10 s: after a restart Ganesha is in grace
    for its earlier clients (5 s in the stand-in) and refuses OPEN meanwhile."""
    end = time.time() + 10
    while True:
        rc, out = nfs("nfs-cat", nfs_url(pseudo, name))
        if rc == 0 or time.time() > end:
            return out if rc == 0 else None
        time.sleep(0.5)


def copy_in(pseudo, name, data):
    """nfs-cp of a new file into the export: (rc, output)."""
    with tempfile.NamedTemporaryFile("w", delete=False) as f:
        f.write(data)
    try:
        return nfs("nfs-cp", f.name, nfs_url(pseudo, name))
    finally:
        os.unlink(f.name)


def cephx_key(path):
    """A CephFS user allowed rw on path, and its key (what the export carries)."""
    user = oa.unique("nfs")
    oa.ceph(1, "fs", "authorize", FS, "client." + user, path, "rw")
    return user, oa.ceph(1, "auth", "get-key", "client." + user)["key"]


def cephfs_export(c, path, pseudo, **kw):
    user, key = cephx_key(path)
    body = {"host": "nfs1", "path": path, "pseudo": pseudo,
            "fsal": {"name": "CEPH", "user_id": user, "fs_name": FS, "secret_access_key": key}}
    body.update(kw)
    r = c.post(base() + "/exports", body)
    assert r.status == 201 and "warnings" not in r.json, r
    return r.json


def deploy(c):
    r = c.post(base() + "/deploy", {"hosts": ["nfs1"]})
    assert r.status == 202, r
    t = r.json
    for _ in range(240):
        t = c.get("/api/tasks/%d" % t["id"]).json
        if t["state"] not in ("queued", "running"):
            break
        time.sleep(0.25)
    assert t["state"] == "succeeded", t
    return t


def served(c):
    hosts = {h["id"]: h for h in c.get(base() + "/status").json["hosts"]}
    return hosts["nfs1"]


def remove(c, e):
    cur = c.get(base() + "/exports/%d" % e["id"])
    if cur.status == 200:
        assert c.delete(base() + "/exports/%d?version=%d" % (e["id"], cur.json["version"])).status == 204


def gw_dir():
    return os.path.join(oa.STATE, "salt", "gw", "nfs1")


def rados(*args, check=True):
    p = subprocess.run(["rados", "-c", oa.cluster(1)[1], "-n", "client.admin", "-p", ".openattic"]
                       + list(args), capture_output=True, text=True, timeout=60)
    assert p.returncode == 0 or not check, p.stderr
    return p.stdout


def new_dir(text="hello from cephfs\n"):
    d = "/volumes/" + oa.unique("g")
    side("mkdir", d)
    side("write", d + "/hello.txt", text)
    return d


# ---- the exports, read by an NFS client ----------------------------------------------


def test_an_export_lists_and_reads_what_cephfs_holds():
    """Defect 1: a client block (written bare) loads; the host reports it loaded."""
    c = oa.admin()
    d = new_dir("the file's text\n")
    e = cephfs_export(c, d, "/" + oa.unique("p"), access_type="NONE",
                      clients=[{"addresses": ["127.0.0.1", "10.9.0.0/16"], "access_type": "RO"}])
    try:
        deploy(c)
        assert "hello.txt" in (lists(e["pseudo"]) or ""), lists(e["pseudo"])
        assert cat(e["pseudo"], "hello.txt") == "the file's text\n"
        host = served(c)
        assert "export-%d" % e["id"] in host["served"]["loaded"], host
        assert "export-%d" % e["id"] not in [f["name"] for f in host["served"]["failed"]], host
        text = rados("-N", "ganesha", "get", "export-%d" % e["id"], "/dev/stdout")
        assert "Clients = 127.0.0.1, 10.9.0.0/16;" in text, text
    finally:
        remove(c, e)


def test_ro_refuses_writes_and_a_client_block_grants_them_without_a_deploy():
    """Defect 5: the PUT notifies the host's watch object, so Ganesha applies the new
    client block at once; the status does not claim "in sync" meanwhile."""
    c = oa.admin()
    d = new_dir()
    e = cephfs_export(c, d, "/" + oa.unique("p"), access_type="RO")
    try:
        deploy(c)
        assert lists(e["pseudo"]) is not None
        rc, out = copy_in(e["pseudo"], "refused.txt", "no")
        assert rc != 0, out
        assert side("read", d + "/refused.txt") == "<missing>"
        cur = c.get(base() + "/exports/%d" % e["id"]).json
        body = {k: cur[k] for k in ("host", "path", "pseudo", "access_type", "squash",
                                    "protocols", "transports")}
        body.update(version=cur["version"], fsal={k: v for k, v in cur["fsal"].items()
                                                  if k != "secret_access_key_set"},
                    clients=[{"addresses": ["127.0.0.1"], "access_type": "RW"}])
        r = c.put(base() + "/exports/%d" % e["id"], body)
        assert r.status == 200, r
        assert r.json["fsal"]["secret_access_key_set"] is True, r  # kept from the stored one
        assert not served(c)["in_sync"]
        wait_for(lambda: copy_in(e["pseudo"], "granted.txt", "written over NFS")[0] == 0,
                 timeout=15, step=0.5, what="a write granted by the new client block")
        assert side("read", d + "/granted.txt") == "written over NFS"
    finally:
        remove(c, e)


def test_an_rgw_export_reads_a_buckets_objects():
    """Defect 11: the RGW {} block makes librgw use the host's own user and ceph.conf
    (librgw's defaults, client.admin and /etc/ceph/ceph.conf, do not exist there)."""
    c = oa.admin()
    uid, bucket = oa.unique("nfsu"), oa.unique("nfsb")
    rgw_util.make_user(uid)
    assert rgw_util.s3("PUT", "/" + bucket, uid)[0] == 200
    assert rgw_util.s3("PUT", "/%s/greeting.txt" % bucket, uid, data="from a bucket\n")[0] == 200
    r = c.post(base() + "/exports", {"host": "nfs1", "path": bucket, "pseudo": "/" + bucket,
                                     "fsal": {"name": "RGW", "user_id": uid}})
    assert r.status == 201, r
    e = r.json
    try:
        deploy(c)
        assert "greeting.txt" in (lists("/" + bucket) or ""), served(c)
        assert cat("/" + bucket, "greeting.txt") == "from a bucket\n"
        assert "export-%d" % e["id"] in served(c)["served"]["loaded"]
    finally:
        remove(c, e)
        deploy(c)
        rgw_util.s3("DELETE", "/%s/greeting.txt" % bucket, uid)
        rgw_util.s3("DELETE", "/" + bucket, uid)
        rgw_util.rm_user(uid)


def test_a_removed_export_is_gone_after_the_deploy():
    """Defect 6: the delete unlinks the %url line first, so no dangling %url is left
    and the next restart of Ganesha starts (it refuses a %url to a missing object)."""
    c = oa.admin()
    d = new_dir()
    e = cephfs_export(c, d, "/" + oa.unique("p"))
    other = cephfs_export(c, new_dir(), "/" + oa.unique("p"))
    try:
        deploy(c)
        assert lists(e["pseudo"]) is not None
        remove(c, e)
        conf = rados("-N", "ganesha", "get", "conf-nfs1", "/dev/stdout")
        assert "export-%d\"" % e["id"] not in conf, conf
        deploy(c)
        assert lists(e["pseudo"]) is None
        host = served(c)
        assert "export-%d" % e["id"] not in host["served"]["loaded"], host
        # A restart (the other export's pseudo path changes) starts cleanly.
        cur = c.get(base() + "/exports/%d" % other["id"]).json
        body = {k: cur[k] for k in ("host", "path", "access_type", "squash", "protocols",
                                    "transports", "clients")}
        body.update(version=cur["version"], pseudo=cur["pseudo"] + "x",
                    fsal={k: v for k, v in cur["fsal"].items() if k != "secret_access_key_set"})
        assert c.put(base() + "/exports/%d" % other["id"], body).status == 200
        t = deploy(c)
        assert lists(cur["pseudo"] + "x") is not None, served(c)
        assert "export-%d" % other["id"] in served(c)["served"]["loaded"], t
    finally:
        remove(c, e)
        remove(c, other)


# ---- the defects, one test each -----------------------------------------------------------


def test_conf_objects_missing_are_made_and_ganesha_starts():
    """Defect 2: Ganesha refuses to start on a %url to a missing object: the deploy makes
    conf-common (and the named hosts' conf-<host>), and the state includes only those
    that exist."""
    c = oa.admin()
    e = cephfs_export(c, new_dir(), "/" + oa.unique("p"))
    try:
        rados("-N", "ganesha", "rm", "conf-common", check=False)
        deploy(c)
        rados("-N", "ganesha", "stat", "conf-common")
        conf = open(os.path.join(gw_dir(), "ganesha.conf")).read()
        assert '%url "rados://.openattic/ganesha/conf-common"' in conf, conf
        assert lists(e["pseudo"]) is not None, served(c)
    finally:
        remove(c, e)


def test_the_state_installs_debians_packages():
    """Defect 3: no nfs-ganesha-rados-urls (Debian has none: RADOS_URLS is in
    nfs-ganesha-ceph)."""
    sls = open(os.path.join(oa.ROOT, "conf", "salt", "openattic", "ganesha.sls")).read()
    assert "- nfs-ganesha-rados-urls" not in sls
    for pkg in ("nfs-ganesha", "nfs-ganesha-ceph", "nfs-ganesha-rgw"):
        assert "- " + pkg + "\n" in sls, pkg
        p = subprocess.run(["dpkg-query", "-W", "-f=${Status}", pkg], capture_output=True, text=True)
        assert p.stdout == "install ok installed", pkg


def test_the_recovery_record_is_the_hosts_own():
    """Defect 4: with Clustered = false rados_ng names the record after the host
    (nfs1_recov), not node0_recov, which every host would share."""
    c = oa.admin()
    e = cephfs_export(c, new_dir(), "/" + oa.unique("p"))
    try:
        deploy(c)
        assert cat(e["pseudo"], "hello.txt") is not None
        objs = rados("-N", "ganesha-grace", "ls").split()
        assert "nfs1_recov" in objs and "node0_recov" not in objs, objs
    finally:
        remove(c, e)


def test_pseudo_paths_are_normalised():
    """Defect 7: "/x/" is "/x" (served there, and a second "/x" is refused);
    "/a//b/../c" is refused."""
    c = oa.admin()
    p = "/" + oa.unique("p")
    e = cephfs_export(c, new_dir(), p + "/")
    try:
        assert e["pseudo"] == p, e
        err = assert_error(c.post(base() + "/exports", {
            "path": "/", "pseudo": p, "fsal": {"name": "CEPH", "user_id": "admin", "fs_name": FS}}),
            409, "pseudo_in_use", "pseudo")
        assert str(e["id"]) in err["message"], err
        assert_error(c.post(base() + "/exports", {
            "path": "/", "pseudo": "/a//b/../c", "fsal": {"name": "CEPH", "user_id": "admin"}}),
            422, "invalid_value", "pseudo")
        deploy(c)
        assert lists(p) is not None
    finally:
        remove(c, e)


def test_what_ganesha_refuses_is_refused_at_the_api():
    """Defect 8: UDP alone with NFSv4, two exports of one path without a pseudo path, a
    file system that does not exist."""
    c = oa.admin()
    ceph = {"name": "CEPH", "user_id": "admin", "fs_name": FS}
    assert_error(c.post(base() + "/exports", {"path": "/", "pseudo": "/" + oa.unique("p"),
                                              "transports": ["UDP"], "fsal": ceph}),
                 422, "invalid_value", "transports")
    assert_error(c.post(base() + "/exports", {"path": "/", "pseudo": "/" + oa.unique("p"),
                                              "fsal": dict(ceph, fs_name="nosuchfs")}),
                 422, "invalid_value", "fsal.fs_name")
    path = "/volumes/" + oa.unique("v")
    r = c.post(base() + "/exports", {"path": path, "protocols": [3], "fsal": ceph})
    assert r.status == 201, r
    # A path that does not exist (yet) is accepted with a warning: a directory may be
    # made after its export; Ganesha refuses the export until then.
    assert any("does not exist" in w and path in w for w in r.json.get("warnings", [])), r
    try:
        assert_error(c.post(base() + "/exports", {"path": path, "protocols": [3], "fsal": ceph}),
                     409, "path_in_use", "pseudo")
        assert_error(c.post(base() + "/exports", {"path": path + "/", "pseudo": "/" + oa.unique("p"),
                                                  "fsal": ceph}),
                     409, "path_in_use", "pseudo")
    finally:
        remove(c, r.json)


def test_hand_written_ganesha_syntax_is_read_and_kept():
    """Defect 9: single quotes, NFS4, mixed-case enums; SecType and Tag survive a PUT;
    and Ganesha serves the result."""
    c = oa.admin()
    d = new_dir()
    e = cephfs_export(c, d, "/" + oa.unique("p"))
    try:
        key = [ln for ln in rados("-N", "ganesha", "get", "export-%d" % e["id"],
                                  "/dev/stdout").splitlines() if "Secret_Access_Key" in ln][0]
        text = ("# openATTIC host = nfs1\nEXPORT {\n Export_ID = %d;\n Path = '%s';\n"
                " Pseudo = '%s';\n Access_Type = ro;\n Squash = Root;\n Protocols = NFS4;\n"
                " SecType = sys;\n Tag = 'mytag';\n"
                " FSAL { Name = ceph; User_Id = '%s'; Filesystem = '%s'; %s }\n}\n"
                % (e["id"], d, e["pseudo"], e["fsal"]["user_id"], FS, key.strip()))
        with tempfile.NamedTemporaryFile("w", delete=False) as f:
            f.write(text)
        rados("-N", "ganesha", "put", "export-%d" % e["id"], f.name)
        os.unlink(f.name)
        got = c.get(base() + "/exports/%d" % e["id"]).json
        assert got["path"] == d and got["pseudo"] == e["pseudo"], got
        assert got["access_type"] == "RO" and got["squash"] == "root_squash", got
        assert got["protocols"] == [4] and got["fsal"]["name"] == "CEPH", got
        body = {k: got[k] for k in ("host", "path", "pseudo", "squash", "protocols", "clients")}
        body.update(version=got["version"], access_type="RO",
                    fsal={k: v for k, v in got["fsal"].items() if k != "secret_access_key_set"})
        r = c.put(base() + "/exports/%d" % e["id"], body)
        assert r.status == 200, r
        text = rados("-N", "ganesha", "get", "export-%d" % e["id"], "/dev/stdout")
        assert "sectype = sys;" in text and 'tag = mytag;' in text, text
        deploy(c)
        assert cat(e["pseudo"], "hello.txt") is not None, served(c)
    finally:
        remove(c, e)


def test_a_path_change_or_a_rename_restarts_ganesha():
    """Defect 10: a reload drops an export whose Path changed and keeps a renamed one
    under its old pseudo path: the deploy restarts Ganesha for those."""
    c = oa.admin()
    d1, d2 = new_dir("one\n"), new_dir("two\n")
    # One cephx user for both paths: Ganesha's CephFS session carries a reclaim uuid
    # (ganesha-<host>) that only the same user may take over after a restart.
    user, key = cephx_key("/volumes")
    r = c.post(base() + "/exports", {"host": "nfs1", "path": d1, "pseudo": "/" + oa.unique("p"),
                                     "fsal": {"name": "CEPH", "user_id": user, "fs_name": FS,
                                              "secret_access_key": key}})
    assert r.status == 201, r
    e = r.json
    try:
        deploy(c)
        assert cat(e["pseudo"], "hello.txt") == "one\n"
        cur = c.get(base() + "/exports/%d" % e["id"]).json
        new_pseudo = e["pseudo"] + "n"
        body = {k: cur[k] for k in ("host", "access_type", "squash", "protocols", "transports",
                                    "clients")}
        body.update(version=cur["version"], path=d2, pseudo=new_pseudo,
                    fsal={"name": "CEPH", "user_id": user, "fs_name": FS})
        assert c.put(base() + "/exports/%d" % e["id"], body).status == 200
        t = deploy(c)
        comment = json.dumps(t["result"])
        assert "restarted" in comment, comment
        assert cat(new_pseudo, "hello.txt") == "two\n", served(c)
        assert lists(e["pseudo"]) is None
    finally:
        remove(c, e)
