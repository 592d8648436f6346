# -*- coding: utf-8 -*-
"""openattic_iscsi - Salt execution module run by the openattic.iscsi state on an iSCSI
gateway: makes the gateway's iSCSI target serve openATTIC's target configuration,
idempotently, with one of two backends (pillar openattic:iscsi:backend):

  - "lio" (default): the kernel target (LIO) through rtslib-fb: what ceph-iscsi uses;
    with tcmu-runner (backstore "user:rbd") it has COMPARE AND WRITE (VMware ATS) and
    serves one image from several gateways with ALUA. Needs configfs (a kernel module).
  - "tgt": Debian's tgt with tgt-rbd: tgtd, the Linux SCSI target framework daemon, in
    userspace, opening each image with librbd (--bstype rbd, no kernel mapping). A
    production target of its own, but it has no COMPARE AND WRITE: no VMware ATS, and
    no multi-gateway ALUA - give an image to initiators through one gateway at a time
    (several gateways may serve it to initiators that do their own locking). tgt keeps
    LUN 0 for its controller, so disks need LUN ids 1-255 there; its CHAP accounts
    belong to the daemon, so two targets of one gateway with one CHAP user name need
    one password; an ACL binds an initiator to the whole target (no LUN masking).

The configuration is {"targets": [{"iqn", "portals": [{"host", "ip"}], "disks": [{"pool",
"image", "lun"}], "auth": {"user", "password", "mutual_user", "mutual_password"},
"acls": [{"initiator", "luns": [...]}]}]}: taken from pillar "config" (openATTIC's
deploy passes each gateway the targets with a portal on it, nothing of the others),
else read from the cluster's RADOS object (`rados get`), where it is keyed by IQN. This
gateway serves the targets with a portal whose host is its minion id (or host name).

Both backends remove, of what an earlier apply made (recorded in a state file), what
the configuration no longer has; what they did not make is never touched. Without ACLs
a target admits every initiator (CHAP, when set, still applies); with ACLs only the
listed initiator names.

LIO, each step only when something differs: a backstore per RBD image, "oa-<pool>-<image>"
(backstore "block": mapped with krbd and exported as a block device; "user:rbd":
tcmu-runner); the target, TPG 1 (enabled), this host's portals (port 3260), the LUNs;
with ACLs one node ACL per initiator with its mapped LUNs and CHAP (mutual CHAP too),
without ACLs every initiator (generate_node_acls) with CHAP on the TPG; saved to
/etc/target/saveconfig.json, which target.service restores at boot.

tgt, through tgtadm (a tgtd per host, or the one of control port N): a target (tid) per
IQN, the portals this host's targets name (unless tgtd listens there already), a LUN per
disk backed by pool/image through librbd with the cephx id and ceph.conf given (bsopts
"conf=...;id=..."), CHAP as a daemon account bound to the target (incoming), mutual CHAP
as its outgoing account, the ACL (initiator names, or ALL). tgtd reads an image's size
when it opens it: a LUN whose image was resized since (rbd info, as that cephx user) is
opened again. tgtd keeps its configuration in memory: after a restart of tgtd a deploy
serves the targets again.

Importable without Salt: the backends take their command runner (argv -> (rc, stdout,
stderr)) and paths as parameters; apply() is the thin wrapper Salt calls. Every apply
returns {"result", "changes": [...], "targets": [iqn...], "served": {"loaded": [iqn...],
"failed": [{"name", "message"}]}}, served read back from the target itself (tgt: `tgtadm
--op show --mode target`); a bad configuration raises CommandExecutionError.
"""

import hashlib
import json
import logging
import os
import re
import subprocess

try:  # the kernel target's library, only on a LIO gateway
    import rtslib_fb
except ImportError:  # pragma: no cover
    rtslib_fb = None

try:
    from salt.exceptions import CommandExecutionError
except ImportError:  # run without Salt (the stand-in, the unit tests)
    class CommandExecutionError(Exception):
        """A bad configuration or a target that cannot be reached: the state fails."""

log = logging.getLogger(__name__)
__virtualname__ = "openattic_iscsi"
STATE_DIR = "/var/lib/openattic"
IQN_RE = re.compile(r"^iqn\.\d{4}-(0[1-9]|1[0-2])\.[a-z0-9]([a-z0-9-]*[a-z0-9])?"
                    r"(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:[a-z0-9.:-]+)?$")
PORT = 3260


def __virtual__():
    return __virtualname__


# ---- shared: the configuration ------------------------------------------------------

def local_run(argv, stdin=None):
    """The command runner without Salt: (returncode, stdout, stderr) as text."""
    p = subprocess.run(argv, input=stdin, capture_output=True, text=True, check=False, timeout=60)
    return p.returncode, p.stdout, p.stderr


def mine(targets, names):
    """This gateway's targets: those with a portal whose host is one of names."""
    return [t for t in targets if isinstance(t, dict) and
            any(isinstance(p, dict) and p.get("host") in names for p in t.get("portals") or [])]


def _check_disks(iqn, t, errs):
    luns = set()
    for j, d in enumerate(t.get("disks") or []):
        d = d if isinstance(d, dict) else {}
        if not d.get("pool") or not d.get("image"):
            errs.append("target %s: disks[%d] references no RBD image (pool/image missing)" % (iqn, j))
        lun = d.get("lun", j)
        if not isinstance(lun, int) or isinstance(lun, bool) or not 0 <= lun <= 255:
            errs.append("target %s: disks[%d]: invalid LUN id %s" % (iqn, j, json.dumps(lun)))
        elif lun in luns:
            errs.append("target %s: LUN %d used twice" % (iqn, lun))
        luns.add(lun)
    return luns


def _check_access(iqn, t, luns, errs):
    auth = t.get("auth") or {}
    for u, p in (("user", "password"), ("mutual_user", "mutual_password")):
        if bool(auth.get(u)) != bool(auth.get(p)):
            errs.append("target %s: CHAP %s and %s go together" % (iqn, u, p))
    if auth.get("mutual_user") and not auth.get("user"):
        errs.append("target %s: mutual CHAP needs CHAP" % iqn)
    for acl in t.get("acls") or []:
        acl = acl if isinstance(acl, dict) else {"initiator": acl}
        ini = acl.get("initiator")
        if not isinstance(ini, str) or not IQN_RE.match(ini):
            errs.append("target %s: ACL initiator %s is not a valid IQN" % (iqn, json.dumps(ini)))
        for lun in acl.get("luns") or []:
            if lun not in luns:
                errs.append("target %s: ACL %s references LUN %s, which does not exist"
                            % (iqn, ini, json.dumps(lun)))


def check(targets, mid=None, addresses=None):
    """What is wrong with targets (a list of messages, empty when fine); with mid and
    addresses, a portal on mid must be at one of them."""
    if not isinstance(targets, list):
        return ["pillar config.targets must be a list of targets"]
    errs, seen = [], set()
    for i, t in enumerate(targets):
        if not isinstance(t, dict):
            errs.append("targets[%d] is not an object" % i)
            continue
        iqn = t.get("iqn")
        if not isinstance(iqn, str) or not IQN_RE.match(iqn):
            errs.append("targets[%d]: invalid IQN %s (expected iqn.YYYY-MM.reverse.domain:name)"
                        % (i, json.dumps(iqn)))
            iqn = "targets[%d]" % i
        elif iqn in seen:
            errs.append("target %s: defined twice" % iqn)
        seen.add(iqn)
        if not t.get("portals"):
            errs.append("target %s: no portals" % iqn)
        for p in t.get("portals") or []:
            if not isinstance(p, dict) or not p.get("host") or not p.get("ip"):
                errs.append("target %s: a portal needs host and ip" % iqn)
            elif mid and p["host"] == mid and addresses is not None and p["ip"] not in addresses:
                errs.append("target %s: portal ip %s is not an address of %s" % (iqn, p["ip"], mid))
        _check_access(iqn, t, _check_disks(iqn, t, errs), errs)
    return errs


def from_rados(run, pool, obj):
    """The targets of the cluster's configuration object pool/obj (a hand-applied state)."""
    rc, out, err = run(["rados", "-p", pool, "get", obj, "-"])
    if rc != 0:
        raise CommandExecutionError("cannot read %s/%s: %s" % (pool, obj, err.strip()))
    doc = json.loads(out)
    return {"targets": [dict(t, iqn=iqn) for iqn, t in sorted(doc.get("targets", {}).items())]}


class StateFile:
    """What a backend made (JSON in path), so that it removes only its own."""

    def __init__(self, path, empty):
        self.path, self.empty = path, empty

    def load(self):
        try:
            with open(self.path) as f:
                return dict(self.empty, **json.load(f))
        except (OSError, ValueError):
            return json.loads(json.dumps(self.empty))

    def save(self, st):
        os.makedirs(os.path.dirname(self.path) or ".", exist_ok=True)
        with os.fdopen(os.open(self.path + ".tmp", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as f:
            json.dump(st, f, sort_keys=True)
        os.replace(self.path + ".tmp", self.path)


# ---- LIO (rtslib-fb) ---------------------------------------------------------------

class Lio:
    """The LIO backend. rts: rtslib_fb (or anything with its classes); run: the command
    runner (rbd for krbd mappings and image sizes); state_file: what it made."""

    def __init__(self, rts, run, state_file, backstore="block"):
        if rts is None:
            raise CommandExecutionError("backend lio needs rtslib-fb (python3-rtslib-fb)")
        self.rts, self.run, self.kind = rts, run, backstore
        self.state = StateFile(state_file, {"targets": [], "backstores": []})
        self.changes = []

    @staticmethod
    def bs_name(d):
        return re.sub(r"[^A-Za-z0-9_.-]", "_", "oa-%s-%s" % (d["pool"], d["image"]))[:64]

    def _rbd(self, *args):
        rc, out, err = self.run(["rbd"] + list(args))
        if rc != 0:
            raise CommandExecutionError("rbd %s: %s" % (" ".join(args), err.strip()))
        return out

    def _map_krbd(self, pool, image):
        """The device of pool/image, mapped with krbd if it is not yet."""
        for m in json.loads(self._rbd("device", "list", "--format", "json") or "[]"):
            if m.get("pool") == pool and m.get("name") == image and not m.get("snap", "-").strip("-"):
                return m["device"]
        return self._rbd("device", "map", "%s/%s" % (pool, image)).strip()

    def _backstore(self, root, d):
        name = self.bs_name(d)
        for so in root.storage_objects:
            if so.name == name:
                return so
        if self.kind == "user:rbd":
            size = json.loads(self._rbd("info", "--format", "json", "%s/%s" % (d["pool"], d["image"])))["size"]
            so = self.rts.UserBackedStorageObject(name, config="rbd/%s/%s" % (d["pool"], d["image"]), size=size)
        else:
            so = self.rts.BlockStorageObject(name, dev=self._map_krbd(d["pool"], d["image"]))
        self.changes.append("backstore %s for %s/%s" % (name, d["pool"], d["image"]))
        return so

    def _target(self, fabric, iqn):
        for t in fabric.targets:
            if t.wwn == iqn:
                return t
        self.changes.append("target %s" % iqn)
        return self.rts.Target(fabric, iqn, mode="create")

    def _tpg(self, target):
        for tpg in target.tpgs:
            if tpg.tag == 1:
                return tpg
        tpg = self.rts.TPG(target, 1, mode="create")
        tpg.enable = True
        return tpg

    def _portals(self, tpg, ips):
        have = {(p.ip_address, p.port): p for p in tpg.network_portals}
        for ip in ips:
            if (ip, PORT) not in have:
                self.rts.NetworkPortal(tpg, ip, PORT, mode="create")
                self.changes.append("portal %s:%d on %s" % (ip, PORT, tpg.parent_target.wwn))
        for (ip, port), p in have.items():
            if ip not in ips:
                p.delete()
                self.changes.append("removed portal %s:%d" % (ip, port))

    def _luns(self, root, tpg, disks):
        have = {lun.lun: lun for lun in tpg.luns}
        for d in disks:
            so = self._backstore(root, d)
            cur = have.pop(d["lun"], None)
            if cur and cur.storage_object.name == so.name:
                continue
            if cur:
                cur.delete()
            self.rts.LUN(tpg, lun=d["lun"], storage_object=so)
            self.changes.append("LUN %d = %s/%s" % (d["lun"], d["pool"], d["image"]))
        for lun in have.values():
            lun.delete()
            self.changes.append("removed LUN %d" % lun.lun)
        return {lun.lun: lun for lun in tpg.luns}

    @staticmethod
    def _set_chap(node, auth):
        """CHAP on a TPG (every initiator) or a node ACL; empty values turn it off."""
        for attr, key in (("userid", "user"), ("password", "password"),
                          ("mutual_userid", "mutual_user"), ("mutual_password", "mutual_password")):
            node.set_auth_attr(attr, auth.get(key) or "")

    def _acls(self, tpg, acls, auth, luns):
        have = {a.node_wwn: a for a in tpg.node_acls}
        tpg.set_attribute("authentication", "1" if auth.get("user") else "0")
        if not acls:  # every initiator, CHAP on the TPG
            tpg.set_attribute("generate_node_acls", "1")
            tpg.set_attribute("demo_mode_write_protect", "0")
            self._set_chap(tpg, auth)
        else:
            tpg.set_attribute("generate_node_acls", "0")
        for a in acls:
            acl = have.pop(a["initiator"], None) or self.rts.NodeACL(tpg, a["initiator"], mode="create")
            self._set_chap(acl, auth)
            mapped = {m.mapped_lun: m for m in acl.mapped_luns}
            wanted = a.get("luns", sorted(luns))
            for n in wanted:
                if n not in mapped:
                    self.rts.MappedLUN(acl, n, luns[n])
                    self.changes.append("ACL %s: LUN %d" % (a["initiator"], n))
            for n, m in mapped.items():
                if n not in wanted:
                    m.delete()
                    self.changes.append("ACL %s: removed LUN %d" % (a["initiator"], n))
        for wwn, acl in have.items():
            acl.delete()
            self.changes.append("removed ACL %s" % wwn)

    def _remove_stale(self, root, fabric, st, wanted_iqns, wanted_bs):
        """Removes what an earlier apply made and the configuration no longer has; returns
        the backstores still in use elsewhere (kept, and tried again next time)."""
        kept = set()
        for t in list(fabric.targets):
            if t.wwn in st["targets"] and t.wwn not in wanted_iqns:
                t.delete()
                self.changes.append("removed target %s" % t.wwn)
        for so in list(root.storage_objects):
            if so.name not in st["backstores"] or so.name in wanted_bs:
                continue
            if list(so.attached_luns):
                kept.add(so.name)
                continue
            dev = getattr(so, "udev_path", "") or ""
            so.delete()
            if dev.startswith("/dev/rbd"):
                self.run(["rbd", "device", "unmap", dev])
            self.changes.append("removed backstore %s" % so.name)
        return kept

    def served(self, root, targets):
        """What LIO serves of targets, read back: loaded or failed with the reason."""
        live = {t.wwn: t for t in self.rts.FabricModule("iscsi").targets}
        out = {"loaded": [], "failed": []}
        for t in targets:
            tpgs = [g for g in live[t["iqn"]].tpgs if g.tag == 1] if t["iqn"] in live else []
            luns = {lun.lun for lun in tpgs[0].luns} if tpgs else set()
            missing = [d["lun"] for d in t.get("disks") or [] if d["lun"] not in luns]
            if not tpgs:
                out["failed"].append({"name": t["iqn"], "message": "not in LIO"})
            elif missing:
                out["failed"].append({"name": t["iqn"], "message": "LUN %s missing" % missing})
            else:
                out["loaded"].append(t["iqn"])
        return out

    def apply(self, targets, myids):
        """Makes LIO serve targets (this gateway's, checked) on the portals of myids."""
        root, fabric = self.rts.RTSRoot(), self.rts.FabricModule("iscsi")
        st = self.state.load()
        for t in targets:
            tpg = self._tpg(self._target(fabric, t["iqn"]))
            self._portals(tpg, [p["ip"] for p in t["portals"] if p["host"] in myids])
            luns = self._luns(root, tpg, t.get("disks") or [])
            self._acls(tpg, t.get("acls") or [], t.get("auth") or {}, luns)
        wanted_bs = {self.bs_name(d) for t in targets for d in t.get("disks") or []}
        kept = self._remove_stale(root, fabric, st, {t["iqn"] for t in targets}, wanted_bs)
        self.state.save({"targets": sorted({t["iqn"] for t in targets}),
                         "backstores": sorted(wanted_bs | kept)})
        root.save_to_file()
        served = self.served(root, targets)
        return {"result": not served["failed"], "changes": self.changes,
                "targets": [t["iqn"] for t in targets], "served": served}


# ---- tgt (tgtd + tgt-rbd) ------------------------------------------------------------

def parse_show(text):
    """`tgtadm --op show --mode target` as {iqn: {"tid", "luns": {n: {"type", "path",
    "bstype", "online"}}, "incoming": [user], "outgoing": [user], "acls": [name or
    address]}}."""
    out, cur, lun, section = {}, None, None, None
    for line in text.splitlines():
        m = re.match(r"^Target (\d+): (\S+)$", line)
        if m:
            cur = out[m.group(2)] = {"tid": int(m.group(1)), "luns": {}, "incoming": [],
                                     "outgoing": [], "acls": []}
            section = None
            continue
        s = line.strip()
        if cur is None or not s:
            continue
        if line.startswith("    ") and not line.startswith("     ") and s.endswith("information:"):
            section = s[:-len(" information:")]
        elif section == "LUN" and s.startswith("LUN: "):
            lun = cur["luns"][int(s[5:])] = {}
        elif section == "LUN" and lun is not None and ": " in s:
            k, v = s.split(": ", 1)
            lun[{"Type": "type", "Backing store path": "path", "Backing store type": "bstype",
                 "Online": "online", "Size": "size"}.get(k, k)] = v
        elif section == "Account":
            if s.endswith(" (outgoing)"):
                cur["outgoing"].append(s[:-len(" (outgoing)")])
            else:
                cur["incoming"].append(s)
        elif section == "ACL":
            cur["acls"].append(s)
    return out


def _digest(*parts):
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


class TgtError(Exception):
    """A tgtadm call that failed: its stderr."""


class Tgt:
    """The tgt backend. run: the command runner; state_file: what it made; ceph_conf and
    rados_user: how tgtd's librbd opens the images (bsopts); control_port: tgtadm -C
    (one of several tgtd on a host); port: the iSCSI port of the portals."""

    def __init__(self, run, state_file, ceph_conf="/etc/ceph/ceph.conf", rados_user="iscsi-gateway",
                 control_port=None, port=PORT):
        self.run, self.port, self.conf, self.user = run, port, ceph_conf, rados_user
        self.bsopts = "conf=%s;id=%s" % (ceph_conf, rados_user)
        self.ctl = ["-C", str(control_port)] if control_port else []
        self.state = StateFile(state_file, {"targets": [], "accounts": {}, "portals": [], "luns": {}})
        self.changes, self.failed = [], {}

    def adm(self, *args):
        """tgtadm --lld iscsi ARGS; stdout, or TgtError with tgtadm's message."""
        rc, out, err = self.run(["tgtadm"] + self.ctl + ["--lld", "iscsi"] + list(args))
        if rc == 107 or "not connected" in err or "can't connect" in err:
            raise CommandExecutionError("tgtd does not answer (is it running?): %s" % err.strip())
        if rc != 0:
            raise TgtError(err.strip() or "tgtadm exited with %d" % rc)
        return out

    def image_size(self, path):
        """The size of image pool/name as tgtd's cephx user reads it, or TgtError in rbd's words."""
        rc, out, err = self.run(["rbd", "-c", self.conf, "--id", self.user, "info", "--format", "json", path])
        if rc != 0:
            raise TgtError("rbd info as client.%s: %s" % (self.user, err.strip() or "exit %d" % rc))
        return json.loads(out)["size"]

    def fail(self, iqn, why):
        self.failed.setdefault(iqn, []).append(why)

    # -- what cannot be served by tgt, before anything is done
    def plan(self, targets):
        """The targets tgt can serve as configured; the others are failed with why."""
        ok, accounts = [], {}
        for t in targets:
            iqn, auth = t["iqn"], t.get("auth") or {}
            luns = sorted(d["lun"] for d in t.get("disks") or [])
            partial = [a["initiator"] for a in t.get("acls") or []
                       if "luns" in a and sorted(a["luns"]) != luns]
            if partial:
                self.fail(iqn, "tgt binds an initiator to the whole target (no LUN masking): the "
                               "ACL of %s names only some of its LUNs" % ", ".join(partial))
                continue
            clash = None
            for u, p in ((auth.get("user"), auth.get("password")),
                         (auth.get("mutual_user"), auth.get("mutual_password"))):
                if u and accounts.get(u, (p,))[0] != p:
                    clash = "CHAP user %s is also target %s's, with another password (tgtd's " \
                            "accounts are the daemon's: one password per user name)" % (u, accounts[u][1])
            if clash:
                self.fail(iqn, clash)
                continue
            for u, p in ((auth.get("user"), auth.get("password")),
                         (auth.get("mutual_user"), auth.get("mutual_password"))):
                if u:
                    accounts.setdefault(u, (p, iqn))
            ok.append(t)
        return ok, {u: v[0] for u, v in accounts.items()}

    # -- portals
    def portals(self, ips, st):
        have = set(re.findall(r"^Portal: (\S+?),\d+$", self.adm("--op", "show", "--mode", "portal"), re.M))
        wild = {"0.0.0.0:%d" % self.port, "[::]:%d" % self.port}
        for ip in sorted(ips):
            want = ("[%s]:%d" if ":" in ip else "%s:%d") % (ip, self.port)
            if want in have or have & wild:
                continue
            self.adm("--op", "new", "--mode", "portal", "--param", "portal=" + want)
            st["portals"].append(want)
            self.changes.append("portal %s" % want)
        for p in list(st["portals"]):
            if p not in {("[%s]:%d" if ":" in ip else "%s:%d") % (ip, self.port) for ip in ips}:
                try:
                    self.adm("--op", "delete", "--mode", "portal", "--param", "portal=" + p)
                    self.changes.append("removed portal %s" % p)
                except TgtError:
                    pass  # gone already
                st["portals"].remove(p)

    # -- accounts (the daemon's)
    def accounts(self, wanted, st):
        """Makes the CHAP accounts wanted ({user: password}); returns {user: why} of those
        it could not make."""
        have = [s.strip() for s in self.adm("--op", "show", "--mode", "account").splitlines()[1:] if s.strip()]
        bad = {}
        for user, pw in sorted(wanted.items()):
            digest = _digest(user, pw)
            if user in have and st["accounts"].get(user) == digest:
                continue
            try:
                if user in have and user not in st["accounts"]:
                    raise TgtError("CHAP user %s is an account of tgtd that openATTIC did not make" % user)
                if user in have:  # ours, with another password: made again
                    self.adm("--op", "delete", "--mode", "account", "--user", user)
                    del st["accounts"][user]
                self.adm("--op", "new", "--mode", "account", "--user", user, "--password", pw)
                st["accounts"][user] = digest
                self.changes.append("CHAP account %s" % user)
            except TgtError as e:
                bad[user] = str(e)
        return bad

    def drop_accounts(self, wanted, st):
        for user in sorted(set(st["accounts"]) - set(wanted)):
            try:
                self.adm("--op", "delete", "--mode", "account", "--user", user)
                self.changes.append("removed CHAP account %s" % user)
            except TgtError:
                pass
            del st["accounts"][user]

    # -- one target
    def target(self, t, live, st):
        """Makes target t as configured; returns its tid."""
        iqn = t["iqn"]
        if iqn in live:
            tid = live[iqn]["tid"]
        else:
            used = {x["tid"] for x in live.values()}
            tid = next(n for n in range(1, len(used) + 2) if n not in used)
            self.adm("--op", "new", "--mode", "target", "--tid", str(tid), "--targetname", iqn)
            live[iqn] = {"tid": tid, "luns": {0: {}}, "incoming": [], "outgoing": [], "acls": []}
            self.changes.append("target %s (tid %d)" % (iqn, tid))
        if iqn not in st["targets"]:
            st["targets"].append(iqn)
        return tid

    def luns(self, t, tid, have, st):
        iqn, wanted = t["iqn"], {}
        for d in t.get("disks") or []:
            if d["lun"] == 0:
                self.fail(iqn, "LUN 0 (%s/%s): tgt keeps LUN 0 for its controller; give the disk "
                               "a LUN id 1-255" % (d["pool"], d["image"]))
            else:
                wanted[d["lun"]] = d
        for n, d in sorted(wanted.items()):
            path, key = "%s/%s" % (d["pool"], d["image"]), "%s/%d" % (iqn, n)
            cur = have.get(n)
            try:
                # tgtd reads an image's size when it opens it: a resized image is opened again.
                rec = {"bsopts": self.bsopts, "size": self.image_size(path)}
                if cur and cur.get("path") == path and cur.get("bstype") == "rbd" and st["luns"].get(key) == rec:
                    continue
                if cur:
                    self.adm("--op", "delete", "--mode", "logicalunit", "--tid", str(tid), "--lun", str(n))
                self.adm("--op", "new", "--mode", "logicalunit", "--tid", str(tid), "--lun", str(n),
                         "--bstype", "rbd", "--backing-store", path, "--bsopts", self.bsopts)
                st["luns"][key] = rec
                self.changes.append("%s LUN %d = %s (%d bytes)" % (iqn, n, path, rec["size"]))
            except TgtError as e:
                st["luns"].pop(key, None)
                self.fail(iqn, "LUN %d (%s): %s" % (n, path, e))
        for n in sorted(set(have) - set(wanted) - {0}):
            self.adm("--op", "delete", "--mode", "logicalunit", "--tid", str(tid), "--lun", str(n))
            st["luns"].pop("%s/%d" % (iqn, n), None)
            self.changes.append("%s removed LUN %d" % (iqn, n))

    def bind_accounts(self, t, tid, cur):
        auth = t.get("auth") or {}
        for key, out, flag in (("user", "incoming", []), ("mutual_user", "outgoing", ["--outgoing"])):
            want = [auth[key]] if auth.get(key) else []
            for u in cur[out]:
                if u not in want:
                    self.adm("--op", "unbind", "--mode", "account", "--tid", str(tid), "--user", u, *flag)
                    self.changes.append("%s: unbound %s CHAP user %s" % (t["iqn"], out, u))
            for u in want:
                if u not in cur[out]:
                    self.adm("--op", "bind", "--mode", "account", "--tid", str(tid), "--user", u, *flag)
                    self.changes.append("%s: %s CHAP user %s" % (t["iqn"], out, u))

    def bind_acls(self, t, tid, cur):
        want = [a["initiator"] for a in t.get("acls") or []] or ["ALL"]
        for a in cur["acls"]:
            if a not in want:
                how = "--initiator-name" if IQN_RE.match(a) or a.startswith("eui.") else "--initiator-address"
                self.adm("--op", "unbind", "--mode", "target", "--tid", str(tid), how, a)
                self.changes.append("%s: unbound initiator %s" % (t["iqn"], a))
        for a in want:
            if a not in cur["acls"]:
                how = "--initiator-address" if a == "ALL" else "--initiator-name"
                self.adm("--op", "bind", "--mode", "target", "--tid", str(tid), how, a)
                self.changes.append("%s: initiator %s" % (t["iqn"], a))

    def drop(self, iqn, live, st):
        """Removes target iqn (if tgtd has it) and forgets it."""
        if iqn in live:
            self.adm("--op", "delete", "--force", "--mode", "target", "--tid", str(live[iqn]["tid"]))
            del live[iqn]
            self.changes.append("removed target %s" % iqn)
        if iqn in st["targets"]:
            st["targets"].remove(iqn)
        for key in [k for k in st["luns"] if k.startswith(iqn + "/")]:
            del st["luns"][key]

    def remove_stale(self, keep, live, st):
        """Removes the targets an earlier apply made that are not in keep."""
        for iqn in [x for x in st["targets"] if x not in keep]:
            self.drop(iqn, live, st)

    # -- what tgtd serves, read back
    def served(self, targets):
        live = parse_show(self.adm("--op", "show", "--mode", "target"))
        out = {"loaded": [], "failed": []}
        for t in targets:
            iqn = t["iqn"]
            why = list(self.failed.get(iqn, []))
            cur = live.get(iqn)
            if cur is None:
                why = why or ["not in tgtd"]
            elif not why:
                why = self.differences(t, cur)
            if why:
                out["failed"].append({"name": iqn, "message": "; ".join(why)})
            else:
                out["loaded"].append(iqn)
        return out

    @staticmethod
    def differences(t, cur):
        why, auth = [], t.get("auth") or {}
        for d in t.get("disks") or []:
            lu = cur["luns"].get(d["lun"], {})
            if lu.get("path") != "%s/%s" % (d["pool"], d["image"]) or lu.get("online") != "Yes":
                why.append("LUN %d is not %s/%s online" % (d["lun"], d["pool"], d["image"]))
        if cur["incoming"] != ([auth["user"]] if auth.get("user") else []) or \
                cur["outgoing"] != ([auth["mutual_user"]] if auth.get("mutual_user") else []):
            why.append("CHAP accounts are %s" % (cur["incoming"] + cur["outgoing"]))
        if sorted(cur["acls"]) != sorted([a["initiator"] for a in t.get("acls") or []] or ["ALL"]):
            why.append("initiators bound are %s" % cur["acls"])
        return why

    def apply(self, targets, myids):
        """Makes tgtd serve targets (this gateway's, checked) on the portals of myids. A
        target that cannot be served as configured is not served at all (removed if an
        earlier apply made it), but for LUNs that did not open: the others are served."""
        st = self.state.load()
        ok, accounts = self.plan(targets)
        bad = self.accounts(accounts, st)
        for t in list(ok):
            auth = t.get("auth") or {}
            for u in (auth.get("user"), auth.get("mutual_user")):
                if u in bad and t in ok:
                    self.fail(t["iqn"], bad[u])
                    ok.remove(t)
        live = parse_show(self.adm("--op", "show", "--mode", "target"))
        self.remove_stale({t["iqn"] for t in ok}, live, st)
        try:
            self.portals({p["ip"] for t in ok for p in t["portals"] if p["host"] in myids}, st)
        except TgtError as e:
            for t in ok:
                self.fail(t["iqn"], "portal: %s" % e)
        for t in ok:
            try:
                tid = self.target(t, live, st)
                self.luns(t, tid, live[t["iqn"]]["luns"], st)
                self.bind_accounts(t, tid, live[t["iqn"]])
                self.bind_acls(t, tid, live[t["iqn"]])
            except TgtError as e:  # half made: nothing of it is served
                self.fail(t["iqn"], str(e))
                try:
                    self.drop(t["iqn"], live, st)
                except TgtError as e2:
                    self.fail(t["iqn"], "and it could not be removed: %s" % e2)
        self.drop_accounts({u: p for u, p in accounts.items() if u not in bad}, st)
        self.state.save(st)
        served = self.served(targets)
        return {"result": not served["failed"], "changes": self.changes,
                "targets": [t["iqn"] for t in targets], "served": served}


# ---- the Salt function -----------------------------------------------------------------

def _salt_run(argv, stdin=None):
    # quiet: Salt logs neither the command (tgtadm takes CHAP passwords as arguments) nor its output
    r = __salt__["cmd.run_all"](argv, python_shell=False, stdin=stdin, ignore_retcode=True,  # noqa: F821
                                output_loglevel="quiet")
    return r["retcode"], r.get("stdout", ""), r.get("stderr", "")


def serve(config, myids, addresses, run, backend="lio", state_dir=STATE_DIR, **kw):
    """The whole apply without Salt: checks config ({"targets": [...]}), then makes the
    backend serve this gateway's targets (those with a portal on myids; mid = the first
    of myids, whose portals must be at one of addresses). Returns apply's dict."""
    targets = config.get("targets") if isinstance(config, dict) else config
    errs = check(targets, myids[0], addresses)
    if errs:
        raise CommandExecutionError("; ".join(errs))
    targets = [dict(t, disks=[dict(d, lun=d.get("lun", j)) for j, d in enumerate(t.get("disks") or [])])
               for t in mine(targets, set(myids))]
    if backend == "tgt":
        b = Tgt(run, os.path.join(state_dir, "iscsi-tgt-managed.json"), **kw)
    elif backend == "lio":
        b = Lio(kw.pop("rts", rtslib_fb), run, os.path.join(state_dir, "iscsi-managed.json"), **kw)
    else:
        raise CommandExecutionError("unknown iSCSI backend %r (lio or tgt)" % backend)
    ret = b.apply(targets, set(myids))
    log.info("openattic_iscsi (%s): %d change(s), %d failed", backend, len(ret["changes"]),
             len(ret["served"]["failed"]))
    return ret


def apply(config=None, pool=".openattic", obj="iscsi-config", backend="lio", backstore="block",
          ceph_conf="/etc/ceph/ceph.conf", rados_user="iscsi-gateway", control_port=None,
          state_dir=STATE_DIR):
    """Makes this gateway's target serve its targets of config (default: pillar "config",
    else the RADOS object pool/obj). backend "lio" (backstore "block": krbd, or "user:rbd":
    tcmu-runner) or "tgt" (tgtd with librbd as rados_user, per ceph_conf; control_port
    for tgtadm -C)."""
    g = __grains__  # noqa: F821
    config = config or __pillar__.get("config") or from_rados(_salt_run, pool, obj)  # noqa: F821
    myids = [g["id"]] + [x for x in (g.get("host"), g.get("fqdn")) if x]
    addresses = list(g.get("ipv4") or []) + list(g.get("ipv6") or [])
    kw = {"backstore": backstore} if backend == "lio" else {
        "ceph_conf": ceph_conf, "rados_user": rados_user, "control_port": control_port}
    return serve(config, myids, addresses, _salt_run, backend, state_dir, **kw)
