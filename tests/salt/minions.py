"""minions.py - the minions the salt-api stand-in (standin.py) plays: a gateway group with
grains, Salt's targeting over them, and the execution functions they run, in one table
(FUNCTIONS). State runs of openattic.iscsi / openattic.ganesha validate the configuration
they are given in pillar, as a real gateway would, and fail (result false, retcode 2) on a
bad one: openattic.iscsi its targets (conf/salt/_modules/openattic_iscsi.py), and
openattic.ganesha where the exports are (pool and namespace, which conf/salt's state
writes into ganesha.conf; Ganesha reads the exports from RADOS, not from pillar). Everything here is deterministic; timing and faults are the master's business."""

import copy
import fnmatch
import hashlib
import json
import re
from datetime import datetime

# ---- the minions ---------------------------------------------------------------------

# id, address, roles, key state, cpus, memory (MiB)
MINIONS = [
    ("igw1", "127.0.0.11", ["iscsi"], "minions", 4, 7948),
    ("igw2", "127.0.0.12", ["iscsi"], "minions", 4, 7948),
    ("nfs1", "127.0.0.13", ["ganesha"], "minions", 2, 3951),
    ("mon1", "127.0.0.14", ["mon", "mgr"], "minions", 2, 3951),
    ("igw3", "127.0.0.15", ["iscsi"], "minions_pre", 4, 7948),
    ("nfs0", "127.0.0.16", ["ganesha"], "minions_rejected", 2, 3951),
]
SERVICES = {"iscsi": ["target", "rbd-target-api"], "ganesha": ["nfs-ganesha"],
            "mon": ["ceph-mon"], "mgr": ["ceph-mgr"]}


def make_grains(mid, ip, roles, cpus, mem):
    domain = "ceph.example.com"
    return {
        "id": mid, "host": mid, "nodename": mid, "fqdn": mid + "." + domain, "domain": domain,
        "ip4_interfaces": {"eth0": [ip], "lo": ["127.0.0.1"]}, "ipv4": ["127.0.0.1", ip],
        "fqdn_ip4": [ip], "os": "Leap", "os_family": "Suse", "osfullname": "Leap",
        "osrelease": "15.1", "kernel": "Linux", "kernelrelease": "4.12.14-lp151.28.36-default",
        "cpuarch": "x86_64", "cpu_model": "Intel Xeon Processor (Skylake, IBRS)",
        "num_cpus": cpus, "mem_total": mem, "roles": list(roles), "saltversion": "3000.3",
        "machine_id": hashlib.md5(mid.encode()).hexdigest(),
        "disks": [{"name": "vda", "size": 21474836480, "rotational": False},
                  {"name": "vdb", "size": 107374182400, "rotational": True}],
    }


GRAINS = {m[0]: make_grains(m[0], m[1], m[2], m[4], m[5]) for m in MINIONS}


def services_of(mid):
    return [s for r in GRAINS[mid]["roles"] for s in SERVICES.get(r, [])]


# ---- targeting -----------------------------------------------------------------------

def subdict_match(data, expr):
    """Salt's grain match: 'roles:iscsi', 'ip4_interfaces:eth0:127.*'; lists match any item."""
    parts = expr.split(":")
    for i in range(1, len(parts)):
        node = data
        for key in parts[:i]:
            node = node.get(key) if isinstance(node, dict) else None
        pat = ":".join(parts[i:]).lower()
        items = node if isinstance(node, list) else [node]
        if node is not None and any(fnmatch.fnmatchcase(str(v).lower(), pat) for v in items):
            return True
    return False


def match_one(mid, tgt, tgt_type):
    if tgt_type == "glob":
        return fnmatch.fnmatchcase(mid, tgt)
    if tgt_type == "list":
        return mid in (tgt if isinstance(tgt, list) else tgt.split(","))
    if tgt_type == "grain":
        return subdict_match(GRAINS[mid], tgt)
    if tgt_type == "pcre":
        return re.match(tgt, mid) is not None
    if tgt_type == "compound":
        return match_compound(mid, tgt)
    return False


def match_compound(mid, expr):
    words = []
    for tok in expr.split():
        if tok in ("and", "or", "not", "(", ")"):
            words.append(tok)
        elif tok[1:2] == "@":
            kind = {"G": "grain", "L": "list", "E": "pcre"}.get(tok[0])
            words.append(str(bool(kind and match_one(mid, tok[2:], kind))))
        else:
            words.append(str(match_one(mid, tok, "glob")))
    try:  # only True/False/and/or/not/parentheses reach eval
        return bool(eval(" ".join(words), {"__builtins__": {}}))
    except SyntaxError:
        return False


# ---- execution modules (what a minion runs) -------------------------------------------
# Each takes (mid, args, kwargs) and returns (return value, retcode).

def f_ping(mid, args, kw):
    return True, 0


def f_echo(mid, args, kw):
    return (args[0] if args else ""), 0


def f_grains_items(mid, args, kw):
    return copy.deepcopy(GRAINS[mid]), 0


def f_grains_get(mid, args, kw):
    key = args[0] if args else kw.get("key", "")
    node = GRAINS[mid]
    for part in key.split(":"):
        node = node.get(part) if isinstance(node, dict) else None
    return (node if node is not None else kw.get("default", args[1] if len(args) > 1 else "")), 0


def f_grains_item(mid, args, kw):
    return {k: GRAINS[mid].get(k, "") for k in args}, 0


def f_cmd_run(mid, args, kw):
    cmd = str(args[0] if args else kw.get("cmd", "")).strip()
    g = GRAINS[mid]
    fixed = {"hostname": g["host"], "hostname -f": g["fqdn"], "uname -r": g["kernelrelease"],
             "uptime": " 10:42:01 up 3 days,  2:17,  0 users,  load average: 0.08, 0.03, 0.01"}
    if cmd in fixed:
        return fixed[cmd], 0
    if cmd.startswith("systemctl is-active "):
        active = cmd.split()[-1] in services_of(mid)
        return ("active", 0) if active else ("inactive", 3)
    if cmd.startswith("echo "):
        return cmd[5:], 0
    return "/bin/sh: 1: %s: not found" % cmd.split(" ")[0], 127


def f_service_status(mid, args, kw):
    return (args[0] if args else kw.get("name")) in services_of(mid), 0


def f_disk_usage(mid, args, kw):
    def fs(dev, total, used):
        return {"filesystem": dev, "1K-blocks": str(total), "used": str(used),
                "available": str(total - used), "capacity": "%d%%" % (100 * used // total)}
    return {"/": fs("/dev/vda2", 20466256, 4784012), "/var/lib/ceph": fs("/dev/vdb1", 104805376, 2180980)}, 0


# ---- states: openattic.iscsi / openattic.ganesha ----------------------------------------

IQN_RE = re.compile(r"^iqn\.\d{4}-(0[1-9]|1[0-2])\.[a-z0-9]([a-z0-9-]*[a-z0-9])?"
                    r"(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:[^\s]+)?$")


def validate_iscsi(mid, config):
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
            elif p["host"] == mid and p["ip"] not in GRAINS[mid]["ipv4"]:
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


RADOS_NAME_RE = re.compile(r"^[A-Za-z0-9_.-]{1,127}$")


def validate_ganesha(mid, config):
    """What openattic.ganesha uses of its pillar: where the exports are in RADOS."""
    if not isinstance(config, dict):
        return ["pillar config must be {\"pool\", \"namespace\"}"]
    errs = []
    for key in ("pool", "namespace"):
        v = config.get(key)
        if not isinstance(v, str) or not RADOS_NAME_RE.match(v):
            errs.append("pillar config.%s %s is not a RADOS %s name" % (key, json.dumps(v), key))
    return errs


def iscsi_changes(mid, config):
    return {"targets": len(config.get("targets", []) if isinstance(config, dict) else config)}


def ganesha_changes(mid, config):
    return {"watch_url": "rados://%s/%s/conf-%s" % (config["pool"], config["namespace"], mid)}


# sls -> (validator, the configuring state's changes, states (module, id, name, function, ok comment))
SLS = {
    "openattic.iscsi": (validate_iscsi, iscsi_changes, [
        ("pkg", "iscsi packages", "targetcli-fb", "installed", "All specified packages are already installed"),
        ("module", "iscsi config", "openattic_iscsi.apply", "run", "Module function openattic_iscsi.apply executed"),
        ("service", "target", "target", "running", "Service target has been reloaded")]),
    "openattic.ganesha": (validate_ganesha, ganesha_changes, [
        ("pkg", "ganesha packages", "nfs-ganesha-ceph", "installed", "All specified packages are already installed"),
        ("file", "/etc/ganesha/ganesha.conf", "/etc/ganesha/ganesha.conf", "managed", "File /etc/ganesha/ganesha.conf updated"),
        ("service", "nfs-ganesha", "nfs-ganesha", "running", "Service nfs-ganesha has been reloaded")]),
}


def apply_sls(mid, sls, pillar, test, fail_all, run_num):
    """Runs one sls; returns ({state key: result}, ok)."""
    validator, changed, states = SLS[sls]
    config = (pillar or {}).get("config")
    if fail_all:
        errs = ["Injected failure on %s" % mid]
    elif config is None:
        errs = ["pillar 'config' is missing: nothing to apply"]
    else:
        errs = validator(mid, config)
    out, failed_id, check = {}, None, 0 if fail_all else 1  # the state that fails
    for k, (mod, sid, name, fun, comment) in enumerate(states):
        changes = {}
        if failed_id:
            result, comment = False, "One or more requisite failed: %s.%s" % (sls, failed_id)
        elif k == check and errs:
            result, comment, failed_id = False, "; ".join(errs), sid
        elif test:
            result, comment = None, "State %s would be applied (test mode)" % sid
        else:
            result = True
            if k == 1:
                changes = changed(mid, config)
            elif k == 2:
                changes = {name: True}
        out["%s_|-%s_|-%s_|-%s" % (mod, sid, name, fun)] = {
            "__id__": sid, "__run_num__": run_num + k, "__sls__": sls, "name": name,
            "result": result, "comment": comment, "changes": changes,
            "duration": round(5 + 40 * (k + 1) * (0.5 + (sum(mid.encode()) % 7) / 10), 3),
            "start_time": datetime.now().strftime("%H:%M:%S.%f")}
    return out, not errs


def f_state_apply(mid, args, kw, failing=False):
    mods = kw.get("mods", args[0] if args else "")
    test = kw.get("test") in (True, "True", "true")
    if not mods:  # highstate: the openattic states run only when asked for by name
        return {"test_|-nothing_|-nothing_|-succeed_without_changes": {
            "__id__": "nothing", "__run_num__": 0, "__sls__": "top", "name": "nothing",
            "result": True, "comment": "Success!", "changes": {}, "duration": 0.4,
            "start_time": datetime.now().strftime("%H:%M:%S.%f")}}, 0
    mods = mods if isinstance(mods, list) else str(mods).split(",")
    missing = [m for m in mods if m not in SLS]
    if missing:
        return ["No matching sls found for '%s' in env 'base'" % m for m in missing], 1
    pillar = kw.get("pillar")
    if isinstance(pillar, str):
        try:
            pillar = json.loads(pillar)
        except ValueError:
            return ["Pillar data must be formatted as a dictionary"], 1
    ret, ok = {}, True
    for sls in mods:
        out, good = apply_sls(mid, sls, pillar, test, failing, len(ret))
        ret.update(out)
        ok = ok and good
    return ret, (0 if ok else 2)


FUNCTIONS = {
    "test.ping": f_ping, "test.echo": f_echo, "test.sleep": f_ping,
    "grains.items": f_grains_items, "grains.get": f_grains_get, "grains.item": f_grains_item,
    "cmd.run": f_cmd_run, "service.status": f_service_status,
    "service.restart": f_service_status, "service.reload": f_service_status,
    "disk.usage": f_disk_usage, "state.apply": f_state_apply, "state.sls": f_state_apply,
}
STATE_FUNS = {"state.apply", "state.sls"}


def run_function(mid, fun, args, kwargs, failing):
    if fun not in FUNCTIONS:
        return "'%s' is not available." % fun, 254
    if fun in STATE_FUNS:
        return f_state_apply(mid, args, kwargs, failing)
    if failing:
        return "ERROR: injected failure on %s" % mid, 1
    try:
        return FUNCTIONS[fun](mid, args, kwargs)
    except (IndexError, KeyError, TypeError, AttributeError) as e:
        return "Passed invalid arguments to %s: %s" % (fun, e), 1


def split_args(arg, kwarg):
    """Salt's arg parsing: 'key=value' strings and {'__kwarg__': True} dicts are kwargs."""
    args, kwargs = [], dict(kwarg or {})
    for a in arg or []:
        if isinstance(a, dict) and a.get("__kwarg__"):
            kwargs.update({k: v for k, v in a.items() if k != "__kwarg__"})
        elif isinstance(a, str) and re.match(r"^[A-Za-z_][A-Za-z0-9_]*=", a):
            k, v = a.split("=", 1)
            try:
                kwargs[k] = json.loads(v)
            except ValueError:
                kwargs[k] = {"True": True, "False": False}.get(v, v)
        else:
            args.append(a)
    return args, kwargs
