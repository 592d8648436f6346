# -*- coding: utf-8 -*-
"""openattic_iscsi - Salt execution module run by the openattic.iscsi state on an iSCSI
gateway: configures the kernel target (LIO) through rtslib-fb from openATTIC's target
configuration, idempotently.

The configuration is {"targets": [{"iqn", "portals": [{"host", "ip"}], "disks": [{"pool",
"image", "lun"}], "auth": {"user", "password", "mutual_user", "mutual_password"},
"acls": [{"initiator", "luns": [...]}]}]}: taken from pillar "config" (openATTIC's
deploy passes each gateway the targets with a portal on it, nothing of the others),
else read from the cluster's RADOS object (`rados get`), where it is keyed by IQN. This gateway serves the targets with a portal whose host is its minion
id (or host name); the others are left alone.

What apply() does, each step only when something differs:
  - a backstore per RBD image, named "oa-<pool>-<image>": with backstore "block" the
    image is mapped with krbd (`rbd device map`) and exported as a block device; with
    "user:rbd" it goes through tcmu-runner (no kernel mapping; what several gateways
    serving one image with ALUA need - krbd is for one gateway per image);
  - the target, TPG 1 (enabled), this host's portals (port 3260), the LUNs;
  - with ACLs: one node ACL per initiator with its mapped LUNs and CHAP (mutual
    CHAP too); without ACLs the TPG admits every initiator (generate_node_acls) and
    CHAP is set on the TPG;
  - targets and backstores it made before (listed in STATE_FILE) that are no longer
    in the configuration are removed; what it did not make is never touched;
  - the result is saved to /etc/target/saveconfig.json, which target.service restores
    at boot.
Returns {"changes": [...], "targets": [iqn...]}; raises CommandExecutionError on a
bad configuration, so the state fails with that message.
"""

import json
import logging
import os
import re
import subprocess

try:
    from rtslib_fb import (LUN, TPG, BlockStorageObject, FabricModule, MappedLUN, NetworkPortal,
                           NodeACL, RTSRoot, Target, UserBackedStorageObject)
    HAS_RTSLIB = True
except ImportError:  # pragma: no cover - only on a real gateway
    HAS_RTSLIB = False

from salt.exceptions import CommandExecutionError

log = logging.getLogger(__name__)
__virtualname__ = "openattic_iscsi"
STATE_FILE = "/var/lib/openattic/iscsi-managed.json"
IQN_RE = re.compile(r"^iqn\.\d{4}-(0[1-9]|1[0-2])\.[a-z0-9]([a-z0-9-]*[a-z0-9])?"
                    r"(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:[a-z0-9.:-]+)?$")
PORT = 3260


def __virtual__():
    if not HAS_RTSLIB:
        return False, "openattic_iscsi needs rtslib-fb (python3-rtslib-fb)"
    return __virtualname__


# ---- the configuration --------------------------------------------------------------

def _from_rados(pool, obj):
    out = subprocess.run(["rados", "-p", pool, "get", obj, "-"], capture_output=True, check=False)
    if out.returncode != 0:
        raise CommandExecutionError("cannot read %s/%s: %s" % (pool, obj, out.stderr.decode().strip()))
    doc = json.loads(out.stdout)
    return {"targets": [dict(t, iqn=iqn) for iqn, t in sorted(doc.get("targets", {}).items())]}


def _mine(targets):
    """This gateway's targets: those with a portal on it."""
    names = {__grains__["id"], __grains__.get("host"), __grains__.get("fqdn")}
    return [t for t in targets if any(p.get("host") in names for p in t.get("portals") or [])]


def _check(targets):
    errs = []
    for t in targets:
        if not IQN_RE.match(t.get("iqn") or ""):
            errs.append("invalid IQN %r" % t.get("iqn"))
        luns = [d.get("lun") for d in t.get("disks") or []]
        if len(set(luns)) != len(luns) or not all(isinstance(x, int) and 0 <= x <= 255 for x in luns):
            errs.append("target %s: LUN ids must be unique integers 0-255" % t.get("iqn"))
        auth = t.get("auth") or {}
        for u, p in (("user", "password"), ("mutual_user", "mutual_password")):
            if bool(auth.get(u)) != bool(auth.get(p)):
                errs.append("target %s: CHAP %s and %s go together" % (t.get("iqn"), u, p))
    if errs:
        raise CommandExecutionError("; ".join(errs))


def _load_state():
    try:
        with open(STATE_FILE) as f:
            return json.load(f)
    except (OSError, ValueError):
        return {"targets": [], "backstores": []}


def _save_state(st):
    os.makedirs(os.path.dirname(STATE_FILE), exist_ok=True)
    with open(STATE_FILE + ".tmp", "w") as f:
        json.dump(st, f)
    os.replace(STATE_FILE + ".tmp", STATE_FILE)


# ---- backstores -----------------------------------------------------------------------

def _bs_name(d):
    return re.sub(r"[^A-Za-z0-9_.-]", "_", "oa-%s-%s" % (d["pool"], d["image"]))[:64]


def _map_krbd(pool, image):
    """The device of pool/image, mapped with krbd if it is not yet."""
    out = subprocess.run(["rbd", "device", "list", "--format", "json"], capture_output=True, check=True)
    for m in json.loads(out.stdout or b"[]"):
        if m.get("pool") == pool and m.get("name") == image and not m.get("snap", "-").strip("-"):
            return m["device"]
    out = subprocess.run(["rbd", "device", "map", "%s/%s" % (pool, image)], capture_output=True)
    if out.returncode != 0:
        raise CommandExecutionError("rbd map %s/%s: %s" % (pool, image, out.stderr.decode().strip()))
    return out.stdout.decode().strip()


def _image_size(pool, image):
    out = subprocess.run(["rbd", "info", "--format", "json", "%s/%s" % (pool, image)],
                         capture_output=True, check=True)
    return json.loads(out.stdout)["size"]


def _backstore(root, d, kind, changes):
    name = _bs_name(d)
    for so in root.storage_objects:
        if so.name == name:
            return so
    if kind == "user:rbd":
        so = UserBackedStorageObject(name, config="rbd/%s/%s" % (d["pool"], d["image"]),
                                     size=_image_size(d["pool"], d["image"]))
    else:
        so = BlockStorageObject(name, dev=_map_krbd(d["pool"], d["image"]))
    changes.append("backstore %s for %s/%s" % (name, d["pool"], d["image"]))
    return so


# ---- targets --------------------------------------------------------------------------

def _target(fabric, iqn, changes):
    for t in fabric.targets:
        if t.wwn == iqn:
            return t
    changes.append("target %s" % iqn)
    return Target(fabric, iqn, mode="create")


def _tpg(target):
    for tpg in target.tpgs:
        if tpg.tag == 1:
            return tpg
    tpg = TPG(target, 1, mode="create")
    tpg.enable = True
    return tpg


def _portals(tpg, ips, changes):
    have = {(p.ip_address, p.port): p for p in tpg.network_portals}
    for ip in ips:
        if (ip, PORT) not in have:
            NetworkPortal(tpg, ip, PORT, mode="create")
            changes.append("portal %s:%d on %s" % (ip, PORT, tpg.parent_target.wwn))
    for (ip, port), p in have.items():
        if ip not in ips:
            p.delete()
            changes.append("removed portal %s:%d" % (ip, port))


def _luns(root, tpg, disks, kind, changes):
    have = {lun.lun: lun for lun in tpg.luns}
    for d in disks:
        so = _backstore(root, d, kind, changes)
        cur = have.pop(d["lun"], None)
        if cur and cur.storage_object.name == so.name:
            continue
        if cur:
            cur.delete()
        LUN(tpg, lun=d["lun"], storage_object=so)
        changes.append("LUN %d = %s/%s" % (d["lun"], d["pool"], d["image"]))
    for lun in have.values():
        lun.delete()
        changes.append("removed LUN %d" % lun.lun)
    return {lun.lun: lun for lun in tpg.luns}


def _set_chap(node, auth):
    """CHAP on a TPG (demo mode) or a node ACL; empty values turn it off."""
    for attr, key in (("userid", "user"), ("password", "password"),
                      ("mutual_userid", "mutual_user"), ("mutual_password", "mutual_password")):
        node.set_auth_attr(attr, auth.get(key) or "")


def _acls(tpg, acls, auth, luns, changes):
    have = {a.node_wwn: a for a in tpg.node_acls}
    tpg.set_attribute("authentication", "1" if auth.get("user") else "0")
    if not acls:  # every initiator, CHAP on the TPG
        tpg.set_attribute("generate_node_acls", "1")
        tpg.set_attribute("demo_mode_write_protect", "0")
        _set_chap(tpg, auth)
    else:
        tpg.set_attribute("generate_node_acls", "0")
    for a in acls:
        acl = have.pop(a["initiator"], None) or NodeACL(tpg, a["initiator"], mode="create")
        _set_chap(acl, auth)
        mapped = {m.mapped_lun: m for m in acl.mapped_luns}
        for n in a.get("luns", sorted(luns)):
            if n not in mapped:
                MappedLUN(acl, n, luns[n])
                changes.append("ACL %s: LUN %d" % (a["initiator"], n))
        for n, m in mapped.items():
            if n not in a.get("luns", luns):
                m.delete()
    for wwn, acl in have.items():
        acl.delete()
        changes.append("removed ACL %s" % wwn)


def _remove_stale(root, fabric, st, wanted_iqns, wanted_bs, changes):
    """Removes what an earlier apply made and the configuration no longer has; returns
    the backstores still in use elsewhere (kept, and tried again next time)."""
    kept = set()
    for t in list(fabric.targets):
        if t.wwn in st["targets"] and t.wwn not in wanted_iqns:
            t.delete()
            changes.append("removed target %s" % t.wwn)
    for so in list(root.storage_objects):
        if so.name not in st["backstores"] or so.name in wanted_bs:
            continue
        if list(so.attached_luns):
            kept.add(so.name)
        else:
            dev = getattr(so, "udev_path", "")
            so.delete()
            if dev.startswith("/dev/rbd"):
                subprocess.run(["rbd", "device", "unmap", dev], check=False)
            changes.append("removed backstore %s" % so.name)
    return kept


def apply(config=None, pool=".openattic", obj="iscsi-config", backstore="block"):
    """Makes LIO serve this gateway's targets of config (default: pillar "config", else
    the RADOS object pool/obj). backstore: "block" (krbd) or "user:rbd" (tcmu-runner)."""
    config = config or __pillar__.get("config") or _from_rados(pool, obj)
    targets = _mine(config.get("targets") or [])
    _check(targets)
    myids = {__grains__["id"], __grains__.get("host"), __grains__.get("fqdn")}
    root, fabric, changes = RTSRoot(), FabricModule("iscsi"), []
    st = _load_state()
    for t in targets:
        target = _target(fabric, t["iqn"], changes)
        tpg = _tpg(target)
        _portals(tpg, [p["ip"] for p in t["portals"] if p["host"] in myids], changes)
        luns = _luns(root, tpg, t.get("disks") or [], backstore, changes)
        _acls(tpg, t.get("acls") or [], t.get("auth") or {}, luns, changes)
    wanted_bs = {_bs_name(d) for t in targets for d in t.get("disks") or []}
    kept = _remove_stale(root, fabric, st, {t["iqn"] for t in targets}, wanted_bs, changes)
    _save_state({"targets": sorted({t["iqn"] for t in targets}),
                 "backstores": sorted(wanted_bs | kept)})
    root.save_to_file()
    log.info("openattic_iscsi: %d change(s)", len(changes))
    return {"changes": changes, "targets": [t["iqn"] for t in targets]}
