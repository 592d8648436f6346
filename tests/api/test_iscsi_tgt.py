"""test_iscsi_tgt.py - iSCSI targets served for real: through the API (image, target,
deploy, the task), the stand-in's gateways igw1 and igw2 run the shipped openattic.iscsi
module with its tgt backend against a tgtd each (tgt + tgt-rbd, userspace, on the
minion's own address, port 3260), and libiscsi's userspace initiator (iscsi-ls,
iscsi-inq, iscsi-readcapacity16) checks what they serve: a LUN has its RBD image's size
on both gateways; CHAP and mutual CHAP refuse wrong secrets; an ACL refuses an
unlisted initiator; a removed LUN and a removed target are gone after the deploy; what
tgt cannot serve (LUN 0, LUN masking, one CHAP user with two passwords) fails the
deploy with tgt's reason; the status's "served" names what tgtd serves; a tgtd that
stopped serves everything again after the next deploy; the gateway's own cephx key (the provisioning README "Security" documents) opens the RBD pools and
not openATTIC's pool."""

import os
import signal
import subprocess

import oa
from oa import wait_task

PW, MPW = "tgt-Secret-pw1", "tgt-Mutual-pw2"
GOOD, OTHER = "iqn.1994-05.com.example:good", "iqn.1994-05.com.example:other"
_pool = {}


def base():
    return "/api/clusters/%s/iscsi" % oa.cluster(1)[0]


def rbd(*args):
    p = subprocess.run(["rbd", "-c", oa.cluster(1)[1]] + list(args), capture_output=True, text=True,
                       timeout=60)
    assert p.returncode == 0, (args, p.stderr)
    return p.stdout


def pool():
    """A pool with the application rbd (what the gateways' key reaches), made once."""
    if not _pool:
        name = oa.unique("tgt")
        oa.ceph(1, "osd", "pool", "create", name, "8")
        rbd("pool", "init", name)
        _pool["name"] = name
    return _pool["name"]


def image(size_mib):
    name = oa.unique("lun")
    rbd("create", "--size", "%dM" % size_mib, "%s/%s" % (pool(), name))
    return name


def iqn(tag):
    return "iqn.2016-06.org.openattic:%s" % oa.unique(tag)


def portals(*gws):
    return [{"host": g, "ip": oa.minion_ip(g)} for g in gws or ("igw1", "igw2")]


def create(c, body):
    r = c.post(base() + "/targets", body)
    assert r.status == 201, r
    return r.json


def deploy(c, want="succeeded"):
    r = c.post(base() + "/deploy", {})
    assert r.status == 202, r
    done = wait_task(c, r.json["id"], timeout=90)
    assert done["state"] == want, done
    return done


def remove(c, *names):
    """Deletes the targets and deploys, so that no gateway serves them any more."""
    for n in names:
        c.delete(base() + "/targets/" + n)
    wait_task(c, c.post(base() + "/deploy", {}).json["id"], timeout=90)


def url(gw, name=None, lun=None, user=None, pw=None, mutual=None):
    cred = "%s%%%s@" % (user, pw) if user else ""
    u = "iscsi://%s%s:3260" % (cred, oa.minion_ip(gw))
    if name:
        u += "/%s/%d" % (name, lun)
    if mutual:
        u += "?target_user=%s&target_password=%s" % mutual
    return u


def initiator(tool, u, name=None, args=()):
    """Runs a libiscsi tool on url u (as initiator name); (returncode, its output)."""
    p = subprocess.run([tool] + list(args) + (["-i", name] if name else []) + [u], capture_output=True,
                       text=True, timeout=60)
    return p.returncode, p.stdout + p.stderr


def size_of(gw, name, lun, ini=None, **kw):
    """The size of LUN lun of target name on gw as READ CAPACITY(16) answers it."""
    rc, out = initiator("iscsi-readcapacity16", url(gw, name, lun, **kw), ini)
    assert rc == 0, out
    return int(out.split("Total size:")[1].split()[0])


def listed(gw, name, **kw):
    """Whether discovery on gw's portal (as initiator ini) shows target name."""
    ini = kw.pop("ini", None)
    return initiator("iscsi-ls", url(gw, **kw), ini)[1].count("Target:%s " % name) == 1


def status(c):
    r = c.get(base() + "/status")
    assert r.status == 200, r
    return {g["id"]: g for g in r.json["gateways"]}


def test_a_lun_has_the_images_size_on_both_gateways():
    c = oa.admin()
    a, b = image(64), image(48)
    name = iqn("size")
    create(c, {"iqn": name, "portals": portals(), "disks": [{"pool": pool(), "image": a, "lun": 1},
                                                             {"pool": pool(), "image": b, "lun": 7}]})
    try:
        deploy(c)
        for gw in ("igw1", "igw2"):
            assert size_of(gw, name, 1) == 64 << 20
            assert size_of(gw, name, 7) == 48 << 20
            rc, out = initiator("iscsi-inq", url(gw, name, 1))
            assert rc == 0 and "DIRECT_ACCESS" in out, out
            rc, out = initiator("iscsi-ls", url(gw), args=["-s"])
            assert "Target:%s Portal:%s:3260" % (name, oa.minion_ip(gw)) in out, out
            assert "Lun:7    Type:DIRECT_ACCESS" in out, out
        # The gateways' tgtd listen on their own addresses only.
        rc, out = initiator("iscsi-ls", "iscsi://%s:3260" % oa.minion_ip("mon1"))
        assert rc != 0, out
    finally:
        remove(c, name)


def test_chap_and_mutual_chap_refuse_wrong_secrets():
    c = oa.admin()
    name, img = iqn("chap"), image(16)
    create(c, {"iqn": name, "portals": portals("igw1"), "disks": [{"pool": pool(), "image": img, "lun": 1}],
               "auth": {"user": "initiator-tgt", "password": PW}})
    try:
        deploy(c)
        assert size_of("igw1", name, 1, user="initiator-tgt", pw=PW) == 16 << 20
        for kw in ({}, {"user": "initiator-tgt", "pw": "Wrong-pass-123"}, {"user": "someone-else", "pw": PW}):
            rc, out = initiator("iscsi-inq", url("igw1", name, 1, **kw))
            assert rc != 0 and "Authentication failure" in out, (kw, out)
        # Mutual CHAP: the target proves itself to the initiator too.
        r = c.put(base() + "/targets/" + name, {
            "version": c.get(base() + "/targets/" + name).json["version"], "portals": portals("igw1"),
            "disks": [{"pool": pool(), "image": img, "lun": 1}],
            "auth": {"user": "initiator-tgt", "password": PW, "mutual_user": "target-tgt",
                     "mutual_password": MPW}})
        assert r.status == 200, r
        deploy(c)
        good = dict(user="initiator-tgt", pw=PW)
        assert size_of("igw1", name, 1, mutual=("target-tgt", MPW), **good) == 16 << 20
        rc, out = initiator("iscsi-inq", url("igw1", name, 1, mutual=("target-tgt", "Wrong-mutual-1"), **good))
        assert rc != 0 and "CHAP_R" in out, out
    finally:
        remove(c, name)


def test_an_acl_refuses_an_unlisted_initiator():
    c = oa.admin()
    name, img = iqn("acl"), image(16)
    create(c, {"iqn": name, "portals": portals("igw1"), "disks": [{"pool": pool(), "image": img, "lun": 1}],
               "acls": [{"initiator": GOOD}]})
    try:
        deploy(c)
        assert size_of("igw1", name, 1, ini=GOOD) == 16 << 20
        rc, out = initiator("iscsi-inq", url("igw1", name, 1), OTHER)
        assert rc != 0 and "Target not found" in out, out
        assert listed("igw1", name, ini=GOOD) and not listed("igw1", name, ini=OTHER)
        assert not listed("igw2", name, ini=GOOD)  # a portal on igw1 only
    finally:
        remove(c, name)


def test_a_removed_lun_and_a_removed_target_are_gone_after_the_deploy():
    c = oa.admin()
    name, a, b = iqn("rm"), image(16), image(32)
    disks = [{"pool": pool(), "image": a, "lun": 1}, {"pool": pool(), "image": b, "lun": 2}]
    create(c, {"iqn": name, "portals": portals("igw1"), "disks": disks})
    try:
        deploy(c)
        assert size_of("igw1", name, 2) == 32 << 20
        t = c.get(base() + "/targets/" + name).json
        r = c.put(base() + "/targets/" + name, {"version": t["version"], "portals": portals("igw1"),
                                               "disks": disks[:1]})
        assert r.status == 200, r
        assert size_of("igw1", name, 2) == 32 << 20  # served until the deploy
        deploy(c)
        rc, out = initiator("iscsi-readcapacity16", url("igw1", name, 2))
        assert rc != 0, out
        assert "Lun:2" not in initiator("iscsi-ls", url("igw1"), args=["-s"])[1]
        assert size_of("igw1", name, 1) == 16 << 20
        assert c.delete(base() + "/targets/" + name).status == 204
        assert listed("igw1", name)  # until the deploy
        deploy(c)
        assert not listed("igw1", name)
        rc, out = initiator("iscsi-inq", url("igw1", name, 1))
        assert rc != 0, out
    finally:
        remove(c, name)


def test_what_tgt_cannot_serve_fails_the_deploy_with_its_reason():
    c = oa.admin()
    zero, masked = iqn("lun0"), iqn("masked")
    create(c, {"iqn": zero, "portals": portals("igw1"), "disks": [{"pool": pool(), "image": image(16)}]})
    create(c, {"iqn": masked, "portals": portals("igw1"),
               "disks": [{"pool": pool(), "image": image(16), "lun": 1}, {"pool": pool(), "image": image(16), "lun": 2}],
               "acls": [{"initiator": GOOD, "luns": [1]}]})
    try:
        done = deploy(c, want="failed")
        msg = done["error"]["message"]
        assert "igw1" in msg and "igw2" not in msg, msg
        assert "tgt keeps LUN 0 for its controller" in msg and "no LUN masking" in msg, msg
        gws = status(c)
        assert gws["igw1"]["state"] == "failed" and "LUN 0" in gws["igw1"]["message"], gws
        # The target with LUN masking is not served at all (it would show every LUN).
        assert not listed("igw1", masked, ini=GOOD)
    finally:
        remove(c, zero, masked)


def test_the_status_names_what_tgtd_serves():
    c = oa.admin()
    good, zero = iqn("served"), iqn("notserved")
    create(c, {"iqn": good, "portals": portals(), "disks": [{"pool": pool(), "image": image(16), "lun": 1}]})
    create(c, {"iqn": zero, "portals": portals("igw2"), "disks": [{"pool": pool(), "image": image(16), "lun": 0}]})
    try:
        deploy(c, want="failed")
        gws = status(c)
        assert good in gws["igw1"]["served"]["loaded"] and good in gws["igw2"]["served"]["loaded"], gws
        assert zero not in gws["igw1"]["served"]["loaded"] + [f["name"] for f in gws["igw1"]["served"]["failed"]]
        failed = {f["name"]: f["message"] for f in gws["igw2"]["served"]["failed"]}
        assert "tgt keeps LUN 0" in failed[zero], gws["igw2"]
    finally:
        remove(c, good, zero)
    gws = status(c)
    assert good not in gws["igw1"]["served"]["loaded"], gws


def test_the_gateways_key_opens_rbd_pools_and_not_openattics():
    """The gateway host's cephx user (provisioned once, with the caps of README
    "Security": mon 'profile rbd', osd 'allow rwx tag rbd *=*') is what tgtd opens the
    images with; no key travels with the deploy, and it cannot read the CHAP secrets in
    openATTIC's pool."""
    c = oa.admin()
    name = iqn("key")
    create(c, {"iqn": name, "portals": portals("igw1"), "disks": [{"pool": pool(), "image": image(16), "lun": 1}]})
    try:
        deploy(c)
        gw = os.path.join(oa.STATE, "salt", "gw", "igw1")
        who = ["-c", os.path.join(gw, "ceph.conf"), "--id", "iscsi-gateway.igw1"]
        p = subprocess.run(["rbd"] + who + ["ls", pool()], capture_output=True, text=True, timeout=60)
        assert p.returncode == 0 and p.stdout.strip(), p
        p = subprocess.run(["rados"] + who + ["-p", ".openattic", "get", "iscsi-config", "-"],
                           capture_output=True, text=True, timeout=60)
        assert p.returncode != 0 and "Operation not permitted" in p.stderr, p
    finally:
        remove(c, name)


def test_a_restarted_tgtd_serves_again_after_the_next_deploy():
    """tgtd keeps its targets in memory: after it stops (a crash, a reboot), the next
    deploy starts it and gives it everything again, though the module's record says it
    made those targets before."""
    c = oa.admin()
    name = iqn("restart")
    create(c, {"iqn": name, "portals": portals("igw1"), "disks": [{"pool": pool(), "image": image(16), "lun": 1}],
               "auth": {"user": "initiator-rst", "password": PW}})
    try:
        deploy(c)
        assert size_of("igw1", name, 1, user="initiator-rst", pw=PW) == 16 << 20
        pidfile = os.path.join(oa.STATE, "salt", "gw", "igw1", "tgtd.pid")
        with open(pidfile) as f:
            pid = int(f.read())
        os.kill(pid, signal.SIGTERM)  # the stack's way: tgtd's own shutdown

        def gone():
            try:
                with open("/proc/%d/stat" % pid) as f:
                    return f.read().rsplit(")", 1)[1].split()[0] == "Z"
            except OSError:
                return True
        oa.wait_for(gone, timeout=15, what="igw1's tgtd to stop")
        rc, out = initiator("iscsi-ls", url("igw1"))
        assert rc != 0, out
        deploy(c)
        assert size_of("igw1", name, 1, user="initiator-rst", pw=PW) == 16 << 20
        assert name in status(c)["igw1"]["served"]["loaded"], status(c)["igw1"]
    finally:
        remove(c, name)


def test_a_resized_image_has_its_new_size_after_the_deploy():
    """tgtd reads an image's size when it opens it: the deploy after a resize opens the
    LUN again (tgtd alone would go on answering the old size)."""
    c = oa.admin()
    name, img = iqn("resize"), image(16)
    create(c, {"iqn": name, "portals": portals("igw1"), "disks": [{"pool": pool(), "image": img, "lun": 1}]})
    try:
        deploy(c)
        assert size_of("igw1", name, 1) == 16 << 20
        r = c.patch("/api/clusters/%s/pools/%s/images/%s" % (oa.cluster(1)[0], pool(), img), {"size": 40 << 20})
        assert r.status in (200, 202), r
        if r.status == 202:
            assert wait_task(c, r.json["id"], timeout=60)["state"] == "succeeded"
        assert size_of("igw1", name, 1) == 16 << 20  # until the deploy
        deploy(c)
        assert size_of("igw1", name, 1) == 40 << 20
        again = deploy(c)  # nothing changed: the LUN is left as it is
        assert again["state"] == "succeeded"
    finally:
        remove(c, name)
