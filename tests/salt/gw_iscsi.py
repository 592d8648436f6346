"""gw_iscsi.py - the stand-in's openattic.iscsi state (conf/salt/openattic/iscsi.sls) on an
iSCSI gateway minion: validates the targets it is given in pillar "config", as the
shipped module (conf/salt/_modules/openattic_iscsi.py) would, and fails the configuring
state (result false, retcode 2) on a bad one."""

import json
import re

import gwstate

SLS = "openattic.iscsi"
STATES = [
    ("pkg", "iscsi packages", "targetcli-fb", "installed", "All specified packages are already installed"),
    ("module", "iscsi config", "openattic_iscsi.apply", "run", "Module function openattic_iscsi.apply executed"),
    ("service", "target", "target", "running", "Service target has been reloaded")]

IQN_RE = re.compile(r"^iqn\.\d{4}-(0[1-9]|1[0-2])\.[a-z0-9]([a-z0-9-]*[a-z0-9])?"
                    r"(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:[^\s]+)?$")


def validate(gw, config):
    mid = gw.mid
    targets = config.get("targets") if isinstance(config, dict) else config
    if not isinstance(targets, list):
        return ["pillar config.targets must be a list of targets"]
    errs, seen = [], set()
    for i, t in enumerate(targets):
        if not isinstance(t, dict):
            errs.append("targets[%d] is not an object" % i)
            continue
        iqn = t.get("iqn", t.get("target_iqn"))
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
            elif p["host"] == mid and p["ip"] not in gw.grains["ipv4"]:
                errs.append("target %s: portal ip %s is not an address of %s" % (iqn, p["ip"], mid))
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
        auth = t.get("auth") or {}
        for u, p in (("user", "password"), ("mutual_user", "mutual_password")):
            if bool(auth.get(u)) != bool(auth.get(p)):
                errs.append("target %s: CHAP %s and %s go together" % (iqn, u, p))
        for acl in t.get("acls") or []:
            acl = acl if isinstance(acl, dict) else {"initiator": acl}
            ini = acl.get("initiator")
            if not isinstance(ini, str) or not IQN_RE.match(ini):
                errs.append("target %s: ACL initiator %s is not a valid IQN" % (iqn, json.dumps(ini)))
            for lun in acl.get("luns") or []:
                if lun not in luns:
                    errs.append("target %s: ACL %s references LUN %s, which does not exist"
                                % (iqn, ini, json.dumps(lun)))
    return errs


def apply(gw, config, test, fail_all):
    errs = gwstate.errors(gw, config, fail_all, lambda mid, c: validate(gw, c))
    targets = config.get("targets", []) if isinstance(config, dict) else config
    return gwstate.simulated(SLS, STATES, errs, test, fail_all, lambda: {"targets": len(targets)})
