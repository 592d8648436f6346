"""minions.py - the minions the salt-api stand-in (standin.py) plays: a gateway group with
grains, Salt's targeting over them, and the execution functions they run, in one table
(FUNCTIONS). The gateway states, openattic.iscsi and openattic.ganesha, are each one module
(gw_iscsi.py, gw_ganesha.py: SLS below) given a Gateway context: the minion, its grains and
address, and - when the stand-in runs with --gateway-dir - the directory its real gateway
daemons live in (configuration, pid files, logs) and the cluster they serve
(--ceph-conf). The minions' addresses are SUBNET.11-16 (--subnet, default 127.0.0), so
stacks side by side serve their gateways on the standard ports of their own addresses.
Everything here is deterministic; timing and faults are the master's business."""

import copy
import fnmatch
import hashlib
import json
import os
import re
import threading
from datetime import datetime

import gw_ganesha
import gw_iscsi

# ---- the minions ---------------------------------------------------------------------

# id, last byte of its address, roles, key state, cpus, memory (MiB)
MINIONS = [
    ("igw1", 11, ["iscsi"], "minions", 4, 7948),
    ("igw2", 12, ["iscsi"], "minions", 4, 7948),
    ("nfs1", 13, ["ganesha"], "minions", 2, 3951),
    ("mon1", 14, ["mon", "mgr"], "minions", 2, 3951),
    ("igw3", 15, ["iscsi"], "minions_pre", 4, 7948),
    ("nfs0", 16, ["ganesha"], "minions_rejected", 2, 3951),
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


GRAINS = {}


class Gateway:
    """What a gateway state is given: the minion, its grains and address; dir (the
    directory its daemons live in) and ceph_conf are None unless real daemons run."""

    def __init__(self, mid, gateway_dir, ceph_conf):
        self.mid, self.grains = mid, GRAINS[mid]
        self.ip = self.grains["fqdn_ip4"][0]
        self.dir = gateway_dir and os.path.join(gateway_dir, mid)
        self.ceph_conf = ceph_conf
        self.lock = threading.Lock()  # one state run at a time, as Salt's state lock


GATEWAYS = {}


def configure(subnet="127.0.0", gateway_dir=None, ceph_conf=None):
    """Addresses SUBNET.11-16; real gateway daemons under gateway_dir/<minion> if given."""
    GRAINS.clear()
    GRAINS.update({m[0]: make_grains(m[0], "%s.%d" % (subnet, m[1]), m[2], m[4], m[5])
                   for m in MINIONS})
    GATEWAYS.clear()
    GATEWAYS.update({m[0]: Gateway(m[0], gateway_dir, ceph_conf) for m in MINIONS})


configure()


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

# sls -> its module: apply(gateway, config, test, fail) -> ([state result], ok), each
# result {"mod", "id", "name", "fun", "result", "comment", "changes"} (gwstate.result).
SLS = {gw_iscsi.SLS: gw_iscsi, gw_ganesha.SLS: gw_ganesha}


def apply_sls(mid, sls, pillar, test, fail_all, run_num):
    """Runs one sls; returns ({state key: result}, ok)."""
    config = (pillar or {}).get("config")
    gw = GATEWAYS[mid]
    with gw.lock:
        states, ok = SLS[sls].apply(gw, config, test, fail_all)
    out = {}
    for k, st in enumerate(states):
        out["%s_|-%s_|-%s_|-%s" % (st["mod"], st["id"], st["name"], st["fun"])] = {
            "__id__": st["id"], "__run_num__": run_num + k, "__sls__": sls, "name": st["name"],
            "result": st["result"], "comment": st["comment"], "changes": st["changes"],
            "duration": st.get("duration") or round(5 + 40 * (k + 1) * (0.5 + (sum(mid.encode()) % 7) / 10), 3),
            "start_time": st.get("start_time") or datetime.now().strftime("%H:%M:%S.%f")}
    return out, ok


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
