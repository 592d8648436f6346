#!/usr/bin/env python3
"""test_openattic_iscsi.py - the shipped iSCSI module (conf/salt/_modules/openattic_iscsi.py)
and its state (conf/salt/_states/openattic_iscsi.py), imported without Salt, stdlib only.

The tgt backend runs against a real tgtd of its own (its own loopback address and
control port; LUN backing through librbd is the API tests' part, tests/api/test_iscsi_tgt.py,
with a cluster): targets, CHAP and mutual CHAP accounts, ACLs, what it refuses (LUN 0,
LUN masking, one CHAP user with two passwords), idempotence, removal of only what it
made, the report read back from tgtd. The LIO backend cannot run here (no configfs):
its translation is checked against a fake rtslib that records what is made and
deleted. Prints one line per test and "N passed, N failed"; exits 1 on a failure.
Arguments filter tests by substring."""

import importlib.util
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
SALT = os.path.join(HERE, "..", "..", "conf", "salt")


def load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


M = load("openattic_iscsi", os.path.join(SALT, "_modules", "openattic_iscsi.py"))
STATE = load("openattic_iscsi_state", os.path.join(SALT, "_states", "openattic_iscsi.py"))
TMP = tempfile.mkdtemp(prefix="test-openattic-iscsi.")
PID = os.getpid()
ADDR = "127.1.%d.%d" % ((PID >> 8) & 255, PID & 255 or 1)  # not a stack's 127.0.N.x
CTL = 5000 + PID % 20000  # tgtadm -C (up to 32767): not a stack's (1000-4999, gw_iscsi.py)
TGTD = None


def iqn(tag):
    return "iqn.2016-06.org.openattic.test:%s" % tag


def target(tag, disks=(), auth=None, acls=None, host="gw1", ip=None):
    return {"iqn": iqn(tag), "portals": [{"host": host, "ip": ip or ADDR}],
            "disks": [{"pool": "rbd", "image": "img%d" % n, "lun": n} for n in disks],
            "auth": auth or {}, "acls": acls or []}


def assert_eq(got, want):
    assert got == want, "got %r, want %r" % (got, want)


# ---- the shared checks ---------------------------------------------------------------------

def test_check_names_what_is_wrong():
    good = target("good", [1], {"user": "initiator1", "password": "Secret-pass-1"},
                  [{"initiator": "iqn.1994-05.com.example:a", "luns": [1]}])
    assert_eq(M.check([good], "gw1", [ADDR]), [])
    cases = [
        (dict(good, iqn="iqn.2016-6.com.example:x"), "invalid IQN"),
        (dict(good, portals=[{"host": "gw1", "ip": "10.9.9.9"}]), "portal ip 10.9.9.9 is not an address of gw1"),
        (dict(good, disks=[{"pool": "rbd", "lun": 1}]), "references no RBD image"),
        (dict(good, disks=[{"pool": "rbd", "image": "a", "lun": 1}, {"pool": "rbd", "image": "b", "lun": 1}]),
         "LUN 1 used twice"),
        (dict(good, disks=[{"pool": "rbd", "image": "a", "lun": 256}]), "invalid LUN id 256"),
        (dict(good, auth={"user": "initiator1"}), "CHAP user and password go together"),
        (dict(good, auth={"mutual_user": "target01", "mutual_password": "Mutual-pass-1"}),
         "mutual CHAP needs CHAP"),
        (dict(good, acls=[{"initiator": "iqn.1994-05.com.example:a", "luns": [7]}]),
         "references LUN 7, which does not exist"),
        (dict(good, acls=[{"initiator": "Not An IQN"}]), "is not a valid IQN"),
    ]
    for t, why in cases:
        errs = M.check([t], "gw1", [ADDR])
        assert any(why in e for e in errs), (why, errs)
    assert_eq(M.check([good, good], "gw1", [ADDR]), ["target %s: defined twice" % good["iqn"]])
    assert_eq(M.check({"targets": []}), ["pillar config.targets must be a list of targets"])


def test_mine_takes_the_targets_with_a_portal_here():
    a, b = target("a"), target("b", host="gw2")
    assert_eq([t["iqn"] for t in M.mine([a, b], {"gw1", "gw1.example.com"})], [a["iqn"]])


# ---- tgt: a real tgtd --------------------------------------------------------------------

def start_tgtd():
    global TGTD
    log = open(os.path.join(TMP, "tgtd.log"), "ab")
    TGTD = subprocess.Popen(["setpriv", "--pdeathsig", "KILL", "tgtd", "-f", "-C", str(CTL),
                             "--iscsi", "portal=%s:3260" % ADDR], stdout=log, stderr=log)
    for _ in range(100):
        if subprocess.run(["tgtadm", "-C", str(CTL), "--op", "show", "--mode", "system"],
                          capture_output=True).returncode == 0:
            return
        time.sleep(0.05)
    raise RuntimeError("tgtd did not start (see %s/tgtd.log)" % TMP)


def tgtadm(*args):
    p = subprocess.run(["tgtadm", "-C", str(CTL), "--lld", "iscsi"] + list(args), capture_output=True, text=True)
    assert p.returncode == 0, (args, p.stderr)
    return p.stdout


def show():
    return M.parse_show(tgtadm("--op", "show", "--mode", "target"))


def tgt_apply(targets, state="tgt.json", conf="/nonexistent/ceph.conf"):
    return M.serve({"targets": targets}, ["gw1"], [ADDR], M.local_run, "tgt", TMP,
                   ceph_conf=conf, rados_user="iscsi-gateway.test", control_port=CTL)


def clean():
    tgt_apply([])
    assert_eq(show(), {})


def test_tgt_serves_targets_with_chap_mutual_chap_and_acls():
    clean()
    a = target("a", auth={"user": "initiator1", "password": "Secret-pass-1",
                          "mutual_user": "target01", "mutual_password": "Mutual-pass-1"})
    b = target("b", acls=[{"initiator": "iqn.1994-05.com.example:one", "luns": []},
                          {"initiator": "iqn.1994-05.com.example:two"}])
    ret = tgt_apply([a, b])
    assert_eq(ret["served"], {"loaded": [a["iqn"], b["iqn"]], "failed": []})
    assert_eq(ret["result"], True)
    live = show()
    assert_eq((live[a["iqn"]]["incoming"], live[a["iqn"]]["outgoing"], live[a["iqn"]]["acls"]),
              (["initiator1"], ["target01"], ["ALL"]))  # no ACLs: every initiator, CHAP still applies
    assert_eq((live[b["iqn"]]["incoming"], sorted(live[b["iqn"]]["acls"])),
              ([], ["iqn.1994-05.com.example:one", "iqn.1994-05.com.example:two"]))
    assert_eq(list(live[a["iqn"]]["luns"]), [0])  # tgt's controller only
    # The same again changes nothing.
    assert_eq(tgt_apply([a, b])["changes"], [])
    # A new password makes the account again; an ACL dropped is unbound; CHAP off unbinds.
    a2 = dict(a, auth=dict(a["auth"], password="Other-pass-22"))
    b2 = dict(b, acls=b["acls"][:1], auth={})
    ch = tgt_apply([a2, b2])["changes"]
    assert "CHAP account initiator1" in ch and "%s: unbound initiator iqn.1994-05.com.example:two" % b["iqn"] in ch, ch
    live = show()
    assert_eq((live[a["iqn"]]["incoming"], live[b["iqn"]]["acls"]),
              (["initiator1"], ["iqn.1994-05.com.example:one"]))
    clean()


def test_tgt_login_checks_chap_and_the_initiator_name():
    """What the served target lets an initiator do (libiscsi's iscsi-ls over a login)."""
    clean()
    a = target("login", auth={"user": "initiator1", "password": "Secret-pass-1"},
               acls=[{"initiator": "iqn.1994-05.com.example:good"}])
    assert_eq(tgt_apply([a])["result"], True)

    def ls(user_pw, initiator):
        cred = "%s@" % user_pw if user_pw else ""
        p = subprocess.run(["iscsi-ls", "-i", initiator, "iscsi://%s%s:3260" % (cred, ADDR)],
                           capture_output=True, text=True, timeout=30)
        return a["iqn"] in p.stdout
    assert ls("initiator1%Secret-pass-1", "iqn.1994-05.com.example:good")
    assert not ls("initiator1%Secret-pass-1", "iqn.1994-05.com.example:other")
    p = subprocess.run(["iscsi-inq", "-i", "iqn.1994-05.com.example:good",
                        "iscsi://initiator1%%Wrong-pass-1@%s:3260/%s/0" % (ADDR, a["iqn"])],
                       capture_output=True, text=True, timeout=30)
    assert p.returncode != 0 and "Authentication failure" in p.stdout + p.stderr, p
    clean()


def test_tgt_refuses_what_it_cannot_serve():
    clean()
    masked = target("masked", [1, 2], acls=[{"initiator": "iqn.1994-05.com.example:a", "luns": [1]}])
    first = target("first", auth={"user": "initiator1", "password": "Secret-pass-1"})
    clash = target("clash", auth={"user": "initiator1", "password": "Other-pass-22"})
    lun0 = target("lun0", [0])
    ret = tgt_apply([masked, first, clash, lun0])
    failed = {f["name"]: f["message"] for f in ret["served"]["failed"]}
    assert_eq(ret["served"]["loaded"], [first["iqn"]])
    assert "no LUN masking" in failed[masked["iqn"]], failed
    assert "CHAP user initiator1 is also target %s's" % first["iqn"] in failed[clash["iqn"]], failed
    assert "tgt keeps LUN 0 for its controller" in failed[lun0["iqn"]], failed
    assert_eq(ret["result"], False)
    live = show()
    # Refused targets are not served at all; the LUN-0 one is, without that disk.
    assert_eq(sorted(live), sorted([first["iqn"], lun0["iqn"]]))
    assert_eq(list(live[lun0["iqn"]]["luns"]), [0])
    # The state reports it as a failure with the reasons.
    STATE.__opts__, STATE.__salt__ = {"test": False}, {"openattic_iscsi.apply": lambda **kw: ret}
    st = STATE.configured("iscsi config")
    assert st["result"] is False and "tgt keeps LUN 0" in st["comment"], st
    assert_eq(st["changes"]["served"], ret["served"])
    clean()


def test_tgt_reports_a_lun_tgtd_could_not_open():
    clean()
    t = target("noimage", [1])
    ret = tgt_apply([t])  # its ceph.conf does not exist: librbd cannot open the image
    assert_eq(ret["served"]["loaded"], [])
    msg = ret["served"]["failed"][0]["message"]
    assert "LUN 1 (rbd/img1): rbd info as client.iscsi-gateway.test:" in msg, msg
    assert "/nonexistent/ceph.conf" in msg, msg  # rbd's own words
    clean()


def test_tgt_removes_only_what_it_made():
    clean()
    tgtadm("--op", "new", "--mode", "target", "--tid", "7", "--targetname", iqn("byhand"))
    tgtadm("--op", "new", "--mode", "account", "--user", "byhand-user", "--password", "Hand-pass-123")
    try:
        ret = tgt_apply([target("mine", auth={"user": "initiator7", "password": "Secret-pass-7"})])
        assert_eq(ret["result"], True)
        assert_eq(show()[iqn("mine")]["tid"], 1)
        assert_eq(sorted(show()), sorted([iqn("byhand"), iqn("mine")]))
        ret = tgt_apply([])
        assert "removed target %s" % iqn("mine") in ret["changes"], ret
        assert "removed CHAP account initiator7" in ret["changes"], ret
        assert_eq(list(show()), [iqn("byhand")])
        assert "byhand-user" in tgtadm("--op", "show", "--mode", "account")
        # An account tgtd has that openATTIC did not make is not taken over.
        ret = tgt_apply([target("steal", auth={"user": "byhand-user", "password": "Secret-pass-8"})])
        assert "did not make" in ret["served"]["failed"][0]["message"], ret
        assert iqn("steal") not in show()
    finally:
        tgtadm("--op", "delete", "--mode", "target", "--tid", "7")
        tgtadm("--op", "delete", "--mode", "account", "--user", "byhand-user")


def test_tgt_without_tgtd_fails_the_state():
    ret = {}
    try:
        M.serve({"targets": []}, ["gw1"], [ADDR], M.local_run, "tgt", TMP, control_port=CTL + 1)
    except M.CommandExecutionError as e:
        ret["error"] = str(e)
    assert "tgtd does not answer" in ret.get("error", ""), ret


def test_parse_show_reads_luns_accounts_and_acls():
    text = """Target 3: iqn.2016-06.org.openattic:x
    System information:
        Driver: iscsi
        State: ready
    I_T nexus information:
        I_T nexus: 1
            Initiator: iqn.1994-05.com.example:a alias: none
    LUN information:
        LUN: 0
            Type: controller
            Backing store type: null
            Backing store path: None
        LUN: 1
            Type: disk
            Size: 67 MB, Block size: 512
            Online: Yes
            Backing store type: rbd
            Backing store path: tp/img1
    Account information:
        initiator1
        target01 (outgoing)
    ACL information:
        iqn.1994-05.com.example:a
"""
    got = M.parse_show(text)["iqn.2016-06.org.openattic:x"]
    assert_eq((got["tid"], sorted(got["luns"]), got["incoming"], got["outgoing"], got["acls"]),
              (3, [0, 1], ["initiator1"], ["target01"], ["iqn.1994-05.com.example:a"]))
    assert_eq((got["luns"][1]["path"], got["luns"][1]["bstype"], got["luns"][1]["online"]),
              ("tp/img1", "rbd", "Yes"))


# ---- LIO: a fake rtslib recording what is made --------------------------------------------

class Node:
    def __init__(self, world, kind, parent, key, **attrs):
        self.world, self.kind, self.parent, self.key = world, kind, parent, key
        self.children, self.attrs, self.auth = [], {}, {}
        self.__dict__.update(attrs)
        if parent is not None:
            parent.children.append(self)
        world.log.append(("new", kind, key))

    def delete(self):
        for c in list(self.children):
            c.delete()
        if self.parent is not None:
            self.parent.children.remove(self)
        self.world.log.append(("delete", self.kind, self.key))

    def of(self, kind):
        return [c for c in self.children if c.kind == kind]

    def set_attribute(self, k, v):
        self.attrs[k] = v

    def set_auth_attr(self, k, v):
        self.auth[k] = v


class FakeRts:
    """rtslib_fb's classes over one in-memory tree (world.root: storage objects,
    world.fabric: targets)."""

    def __init__(self):
        world = self
        self.log = []
        self.root_node = Node(self, "root", None, "root")
        self.fabric_node = Node(self, "fabric", None, "iscsi")
        self.saved = 0

        class Root:
            @property
            def storage_objects(self):
                return world.root_node.of("so")

            def save_to_file(self):
                world.saved += 1

        class Fabric:
            def __init__(self, name):
                pass

            @property
            def targets(self):
                return world.fabric_node.of("target")

        def so(kind):
            def make(name, **kw):
                n = Node(world, "so", world.root_node, name, name=name, so_kind=kind, so_args=kw,
                         udev_path=kw.get("dev", ""))
                type(n).attached_luns = property(lambda s: [l for t in world.fabric_node.of("target")
                                                            for g in t.of("tpg") for l in g.of("lun")
                                                            if l.storage_object is s])
                return n
            return make

        def target(fabric, wwn, mode):
            t = Node(world, "target", world.fabric_node, wwn, wwn=wwn)
            type(t).tpgs = property(lambda s: s.of("tpg"))
            return t

        def tpg(t, tag, mode):
            g = Node(world, "tpg", t, (t.wwn, tag), tag=tag, parent_target=t, enable=False)
            type(g).network_portals = property(lambda s: s.of("portal"))
            type(g).luns = property(lambda s: s.of("lun"))
            type(g).node_acls = property(lambda s: s.of("acl"))
            return g

        def acl(g, wwn, mode):
            a = Node(world, "acl", g, wwn, node_wwn=wwn)
            type(a).mapped_luns = property(lambda s: s.of("mlun"))
            return a

        self.RTSRoot, self.FabricModule, self.Target, self.TPG, self.NodeACL = Root, Fabric, target, tpg, acl
        self.NetworkPortal = lambda g, ip, port, mode: Node(world, "portal", g, (ip, port), ip_address=ip, port=port)
        self.LUN = lambda g, lun, storage_object: Node(world, "lun", g, lun, lun=lun, storage_object=storage_object)
        self.MappedLUN = lambda a, n, lun: Node(world, "mlun", a, n, mapped_lun=n, tpg_lun=lun)
        self.BlockStorageObject, self.UserBackedStorageObject = so("block"), so("user")


class FakeRun:
    """The command runner of a LIO gateway: rbd device map/list/unmap and info."""

    def __init__(self):
        self.calls, self.mapped = [], []

    def __call__(self, argv, stdin=None):
        self.calls.append(argv)
        if argv[:3] == ["rbd", "device", "list"]:
            return 0, json.dumps([{"pool": p, "name": i, "snap": "-", "device": d} for p, i, d in self.mapped]), ""
        if argv[:3] == ["rbd", "device", "map"]:
            pool, image = argv[3].split("/")
            dev = "/dev/rbd%d" % len(self.mapped)
            self.mapped.append((pool, image, dev))
            return 0, dev + "\n", ""
        if argv[:3] == ["rbd", "device", "unmap"]:
            self.mapped = [m for m in self.mapped if m[2] != argv[3]]
            return 0, "", ""
        if argv[:2] == ["rbd", "info"]:
            return 0, json.dumps({"size": 1 << 30}), ""
        return 1, "", "unexpected command %s" % argv


def lio_apply(rts, run, targets, backstore="block"):
    return M.serve({"targets": targets}, ["gw1"], [ADDR, "10.0.0.1"], run, "lio", TMP, rts=rts,
                   backstore=backstore)


def test_lio_makes_target_tpg_portal_luns_and_chap_without_acls():
    rts, run = FakeRts(), FakeRun()
    t = target("lio", [0, 3], {"user": "initiator1", "password": "Secret-pass-1",
                               "mutual_user": "target01", "mutual_password": "Mutual-pass-1"})
    t["portals"].append({"host": "gw2", "ip": "10.0.0.2"})  # another gateway's portal
    ret = lio_apply(rts, run, [t])
    assert_eq(ret["served"], {"loaded": [t["iqn"]], "failed": []})
    [tgt] = rts.fabric_node.of("target")
    [tpg] = tgt.of("tpg")
    assert_eq((tpg.tag, tpg.enable), (1, True))
    assert_eq([(p.ip_address, p.port) for p in tpg.of("portal")], [(ADDR, 3260)])
    luns = {l.lun: l.storage_object.name for l in tpg.of("lun")}
    assert_eq(luns, {0: "oa-rbd-img0", 3: "oa-rbd-img3"})
    assert_eq([so.so_args["dev"] for so in rts.root_node.of("so")], ["/dev/rbd0", "/dev/rbd1"])
    assert_eq(tpg.attrs, {"authentication": "1", "generate_node_acls": "1", "demo_mode_write_protect": "0"})
    assert_eq(tpg.auth, {"userid": "initiator1", "password": "Secret-pass-1",
                         "mutual_userid": "target01", "mutual_password": "Mutual-pass-1"})
    assert_eq(rts.saved, 1)
    # Again: nothing new is made, nothing mapped twice.
    n = len(rts.log)
    assert_eq(lio_apply(rts, run, [t])["changes"], [])
    assert_eq(rts.log[n:], [])
    assert_eq(len(run.mapped), 2)


def test_lio_acls_map_their_luns_with_chap_per_initiator():
    rts, run = FakeRts(), FakeRun()
    t = target("acl", [0, 1], {"user": "initiator1", "password": "Secret-pass-1"},
               [{"initiator": "iqn.1994-05.com.example:a", "luns": [1]},
                {"initiator": "iqn.1994-05.com.example:b", "luns": [0, 1]}])
    lio_apply(rts, run, [t])
    [tpg] = rts.fabric_node.of("target")[0].of("tpg")
    assert_eq(tpg.attrs["generate_node_acls"], "0")
    acls = {a.node_wwn: a for a in tpg.of("acl")}
    assert_eq({w: sorted(m.mapped_lun for m in a.of("mlun")) for w, a in acls.items()},
              {"iqn.1994-05.com.example:a": [1], "iqn.1994-05.com.example:b": [0, 1]})
    assert_eq(acls["iqn.1994-05.com.example:a"].auth["userid"], "initiator1")
    # One initiator dropped, the other loses a LUN.
    t2 = dict(t, acls=[{"initiator": "iqn.1994-05.com.example:b", "luns": [0]}])
    ch = lio_apply(rts, run, [t2])["changes"]
    assert "removed ACL iqn.1994-05.com.example:a" in ch and \
        "ACL iqn.1994-05.com.example:b: removed LUN 1" in ch, ch
    [acl] = tpg.of("acl")
    assert_eq([m.mapped_lun for m in acl.of("mlun")], [0])


def test_lio_removes_only_what_it_made_and_unmaps():
    rts, run = FakeRts(), FakeRun()
    other = rts.Target(rts.FabricModule("iscsi"), iqn("not-ours"), mode="create")
    lio_apply(rts, run, [target("gone", [0])])
    ret = lio_apply(rts, run, [])
    assert "removed target %s" % iqn("gone") in ret["changes"], ret
    assert "removed backstore oa-rbd-img0" in ret["changes"], ret
    assert ["rbd", "device", "unmap", "/dev/rbd0"] in run.calls, run.calls
    assert_eq(rts.fabric_node.of("target"), [other])
    assert_eq(rts.root_node.of("so"), [])


def test_lio_user_rbd_backstore_goes_through_tcmu():
    rts, run = FakeRts(), FakeRun()
    lio_apply(rts, run, [target("tcmu", [1])], backstore="user:rbd")
    [so] = rts.root_node.of("so")
    assert_eq((so.so_kind, so.so_args), ("user", {"config": "rbd/rbd/img1", "size": 1 << 30}))
    assert not any(c[:3] == ["rbd", "device", "map"] for c in run.calls), run.calls


def test_lio_without_rtslib_says_so():
    try:
        M.serve({"targets": []}, ["gw1"], [ADDR], FakeRun(), "lio", TMP, rts=None)
        raise AssertionError("expected a CommandExecutionError")
    except M.CommandExecutionError as e:
        assert "rtslib-fb" in str(e), e


def test_a_bad_configuration_fails_the_state():
    STATE.__opts__ = {"test": False}
    STATE.__salt__ = {"openattic_iscsi.apply": lambda **kw: M.serve(
        {"targets": [dict(target("x"), iqn="storage-1")]}, ["gw1"], [ADDR], FakeRun(), "lio", TMP,
        rts=FakeRts())}
    st = STATE.configured("iscsi config")
    assert st["result"] is False and "invalid IQN" in st["comment"] and st["changes"] == {}, st
    STATE.__opts__ = {"test": True}
    assert_eq(STATE.configured("iscsi config")["result"], None)


def main():
    filters = sys.argv[1:]
    tests = [(n, f) for n, f in globals().items() if n.startswith("test_") and callable(f)]
    tests.sort(key=lambda t: t[1].__code__.co_firstlineno)
    passed = failed = 0
    try:
        start_tgtd()
        for name, fn in tests:
            if filters and not any(f in name for f in filters):
                continue
            t0 = time.time()
            try:
                fn()
                passed += 1
                print("ok      %s (%.2fs)" % (name, time.time() - t0), flush=True)
            except Exception:
                failed += 1
                print("FAIL    %s (%.2fs)\n%s" % (name, time.time() - t0, traceback.format_exc()), flush=True)
    finally:
        if TGTD:
            TGTD.send_signal(signal.SIGKILL)
            TGTD.wait()
        if failed:
            print("kept: %s" % TMP)
        else:
            shutil.rmtree(TMP, ignore_errors=True)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
