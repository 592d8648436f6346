# -*- coding: utf-8 -*-
"""openattic_ganesha - Salt execution module run by the openattic.ganesha state on an
NFS-Ganesha host: points Ganesha at openATTIC's exports in RADOS, starts, reloads or
restarts it as the change requires, and reports what Ganesha actually loaded.

Importable without Salt: every function takes its command runner, run(argv) ->
(rc, stdout, stderr), and its paths as parameters (deploy(run, cfg, service)), so the
salt-api stand-in (tests/salt/gw_ganesha.py) runs exactly this code against a real
ganesha.nfsd; under Salt, apply() is the thin wrapper (cmd.run_all, systemd).

What deploy() does:
  1. The conf objects: conf-common and conf-<host> (pool/namespace from the pillar) are
     included with %url only when they exist - Ganesha refuses to start on a %url to a
     missing object, and the host's cephx user may only read that namespace, so it
     cannot make them: openATTIC's deploy makes them (nfs_deploy.c) before the job.
     The host's watch object notify-<host> in <namespace>-grace is made here (the user
     may write there): RADOS_URLS watches it, and openATTIC notifies it after every
     export write, so a change applies without a deploy where a reload can apply it.
     Why not watch conf-<host>: a watch is a write operation, and write on the exports'
     namespace would let a Ganesha host plant exports (README "Security").
  2. ganesha.conf: NFSv4 only (no rpcbind needed), bound to the host's address,
     Clustered = false so that rados_ng names the host's recovery record after its
     host name (<host name>_recov; with the default Clustered = true every host uses
     node0_recov and a second host takes over the first one's clients; RADOS_KV's
     nodeid only counts for rados_cluster), an RGW {} block (librgw as the host's own
     cephx user and ceph.conf, not librgw's client.admin defaults), the EXPORT log
     component at INFO (Ganesha's only account of what it loaded without DBus).
  3. The daemon: started when not running; restarted when ganesha.conf changed or an
     export it serves now has another Path or Pseudo in RADOS (a reload drops an
     export whose Path changed and keeps serving a renamed one under its old pseudo
     path); reloaded (SIGHUP) otherwise - a reload applies added and removed exports
     and access, client and squash changes.
  4. What it serves, read from Ganesha's log after the start or reload: "loaded" the
     export objects it reports ("Export N pseudo (...) with path (...)"), "failed"
     each export object it refused, with its own messages ("Config File
     (rados://.../export-N:L): ..."). A start that fails reports its fatal lines.
Returns {"result", "comment", "changes": {"action", "served", ...}}.
"""

import os
import re
import time

__virtualname__ = "openattic_ganesha"

# Where Debian's nfs-ganesha puts things (/etc/default/nfs-ganesha: -L ... -f ...).
DEFAULTS = {
    "conf": "/etc/ganesha/ganesha.conf",
    "log": "/var/log/ganesha/ganesha.log",
    "ceph_conf": "/etc/ceph/ceph.conf",
    "user": "ganesha",
    "bind_addr": None,  # every address
    "port": 2049,
    "grace_period": None,  # Ganesha's default (90 s)
}
PACKAGES = ["nfs-ganesha", "nfs-ganesha-ceph", "nfs-ganesha-rgw"]
EXPORT_RE = re.compile(r"\] \w+ :EXPORT :INFO :Export\s+(\d+) pseudo \((.*?)\) with path \((.*?)\)")
ERR_RE = re.compile(r':CONFIG :(?:CRIT|MAJ|FATAL) :Config File \("([^"]*)":\d+\): (.*)$')
FATAL_RE = re.compile(r":(?:FATAL|CRIT|MAJ) :(.*)$")
URL_RE = re.compile(r'^\s*%url\s+"?rados://([^/"]+)/([^/"]+)/([^"\s]+)"?\s*$', re.M)
START_MARK = ":MAIN :EVENT :nfs-ganesha Starting"
STARTED_MARK = "NFS SERVER INITIALIZED"
RELOAD_MARKS = ("Reread exports complete", "Error while parsing new configuration",
                "Export reload failed")
UPDATE_MARK = ":EXPORT :INFO :Exports after update"


def __virtual__():
    return __virtualname__


# ---- ganesha.conf ----------------------------------------------------------------------


def q(v):
    """A quoted Ganesha value (our values never hold quotes; escape anyway)."""
    return '"%s"' % str(v).replace("\\", "\\\\").replace('"', '\\"')


def render(cfg, urls):
    """ganesha.conf for cfg (pool, namespace, host, user, ceph_conf, bind_addr, port,
    grace_period) including the conf objects in urls (rados://... that exist)."""
    core = ["\tEnable_NLM = false;", "\tEnable_RQUOTA = false;", "\tProtocols = 4;",
            "\tNFS_Port = %d;" % int(cfg.get("port") or 2049),
            # rados_ng names the recovery record after the host name only unclustered.
            "\tClustered = false;"]
    if cfg.get("bind_addr"):
        core.append("\tBind_addr = %s;" % cfg["bind_addr"])
    v4 = ["\tRecoveryBackend = rados_ng;"]
    if cfg.get("grace_period") is not None:
        v4.append("\tGrace_Period = %d;" % int(cfg["grace_period"]))
    grace_ns = cfg["namespace"] + "-grace"
    out = ["# Managed by Salt (openattic.ganesha): the exports come from RADOS.",
           "NFS_CORE_PARAM {"] + core + ["}", "NFSv4 {"] + v4 + ["}",
           "RADOS_KV {",
           "\tceph_conf = %s;" % q(cfg["ceph_conf"]),
           "\tuserid = %s;" % q(cfg["user"]),
           "\tpool = %s;" % q(cfg["pool"]),
           "\tnamespace = %s;" % q(grace_ns),
           "}",
           "RADOS_URLS {",
           "\tceph_conf = %s;" % q(cfg["ceph_conf"]),
           "\tuserid = %s;" % q(cfg["user"]),
           "\twatch_url = %s;" % q(watch_url(cfg)),
           "}",
           "CEPH {",  # FSAL CEPH's mounts (each export's User_Id, with its key)
           "\tceph_conf = %s;" % q(cfg["ceph_conf"]),
           "}",
           "RGW {",
           "\tceph_conf = %s;" % q(cfg["ceph_conf"]),
           "\tname = %s;" % q("client." + cfg["user"]),
           "\tcluster = \"ceph\";",
           "}",
           "LOG {",
           "\tCOMPONENTS {",
           "\t\tEXPORT = INFO;",
           "\t}",
           "}"]
    out += ['%%url "%s"' % u for u in urls]
    return "\n".join(out) + "\n"


def conf_url(cfg, name):
    return "rados://%s/%s/%s" % (cfg["pool"], cfg["namespace"], name)


def watch_url(cfg):
    return "rados://%s/%s-grace/notify-%s" % (cfg["pool"], cfg["namespace"], cfg["host"])


# ---- RADOS through the rados CLI, as the host's own user -------------------------------


def rados(run, cfg, ns, *args):
    return run(["rados", "-c", cfg["ceph_conf"], "--id", cfg["user"], "-p", cfg["pool"],
                "-N", ns] + list(args))


def rados_get(run, cfg, name):
    """The text of object name in the exports' namespace, or None when it is missing."""
    rc, out, err = rados(run, cfg, cfg["namespace"], "get", name, "/dev/stdout")
    if rc != 0:
        if "No such file" in err or "ENOENT" in err:
            return None
        raise RuntimeError("rados get %s: %s" % (name, err.strip() or "rc %d" % rc))
    return out


def exists(run, cfg, ns, name):
    rc, _, err = rados(run, cfg, ns, "stat", name)
    if rc == 0:
        return True
    if "No such file" in err or "ENOENT" in err:
        return False
    raise RuntimeError("rados stat %s: %s" % (name, err.strip() or "rc %d" % rc))


def conf_objects(run, cfg):
    """The URLs of conf-common and conf-<host> that exist (Ganesha would refuse to start
    on a %url to a missing object), and the watch object made if missing."""
    urls = [conf_url(cfg, n) for n in ("conf-common", "conf-" + cfg["host"])
            if exists(run, cfg, cfg["namespace"], n)]
    grace_ns, watch = cfg["namespace"] + "-grace", "notify-" + cfg["host"]
    if not exists(run, cfg, grace_ns, watch):
        rc, _, err = rados(run, cfg, grace_ns, "create", watch)
        if rc != 0 and "exists" not in err:
            raise RuntimeError("rados create %s: %s" % (watch, err.strip()))
    return urls


# ---- exports as Ganesha will read them -------------------------------------------------

KEY_RE = r"(?i)(?:^|[\s{;])%s\s*=\s*(\"[^\"]*\"|'[^']*'|[^;\s}]+)"


def export_key(text, key):
    m = re.search(KEY_RE % key, text)
    return m.group(1).strip("\"'") if m else None


def wanted_exports(run, cfg, urls):
    """{id: (pseudo, path)} of the exports the conf objects in urls list now."""
    out = {}
    for url in urls:
        text = rados_get(run, cfg, url.rsplit("/", 1)[1]) or ""
        for pool, ns, name in URL_RE.findall(text):
            if (pool, ns) != (cfg["pool"], cfg["namespace"]):
                continue
            body = rados_get(run, cfg, name)
            eid = body and export_key(body, "Export_ID")
            if eid and eid.isdigit():
                out[int(eid)] = (export_key(body, "Pseudo"), export_key(body, "Path"))
    return out


# ---- what Ganesha's log says ------------------------------------------------------------


def last_loaded(log_text):
    """{id: (pseudo, path)} of the last export list Ganesha logged (at start or after a
    reload), id 0 (the pseudo root) left out; None when it logged none."""
    lines = log_text.splitlines()
    start = None
    for i, ln in enumerate(lines):
        if START_MARK in ln or UPDATE_MARK in ln:
            start = i
    if start is None:
        return None
    got = {}
    for ln in lines[start:]:
        m = EXPORT_RE.search(ln)
        if m and int(m.group(1)) != 0:
            got[int(m.group(1))] = (m.group(2), m.group(3))
    return got


def about(line, eid, pseudo, path):
    """Whether a log line of Ganesha's that names no config file is about export eid:
    it names its pseudo path "(/p)", its path "for /path." or "update <id> "."""
    return ((pseudo and "(%s)" % pseudo in line) or (path and "for %s." % path in line)
            or "export update %d " % eid in line)


def served(log_text, wanted=None):
    """{"loaded": [export-N...], "failed": [{"name", "message"}]} from the log text of
    one start or reload: the exports it listed and the objects it refused, each with
    Ganesha's messages in order - those naming the object's config file, and, for an
    export of wanted ({id: (pseudo, path)}), the lines about it that name none (such as
    FSAL CEPH's "Unable to mount Ceph cluster for /path.")."""
    loaded = sorted(last_loaded(log_text) or {})
    failed, order = {}, []

    def add(name, msg):
        if name not in failed:
            failed[name] = []
            order.append(name)
        if msg not in failed[name]:
            failed[name].append(msg)

    for ln in log_text.splitlines():
        m = ERR_RE.search(ln)
        if m:
            add(m.group(1).rsplit("/", 1)[-1], m.group(2))
            continue
        m = FATAL_RE.search(ln)
        for eid, (pseudo, path) in sorted((wanted or {}).items()):
            if m and eid not in loaded and about(ln, eid, pseudo, path):
                add("export-%d" % eid, m.group(1).strip())
    names = ["export-%d" % i for i in loaded]
    return {"loaded": names,
            "failed": [{"name": n, "message": "; ".join(failed[n])} for n in order
                       if n not in names]}


def fatal_lines(log_text):
    """The error lines of a start that failed (Ganesha's own words)."""
    out = []
    for ln in log_text.splitlines():
        m = FATAL_RE.search(ln)
        if m and not any(s in ln for s in (":DBUS :", "krb5", "keytab", "principal nfs",
                                             "on UDP", "gssd")):
            out.append(m.group(1).strip())
    return out


def decide(running, conf_changed, loaded, wanted):
    """start, restart or reload, and why. loaded: what Ganesha serves ({id: (pseudo,
    path)}, None unknown); wanted: what RADOS lists now."""
    if not running:
        return "start", "Ganesha was not running"
    if conf_changed:
        return "restart", "ganesha.conf changed"
    for eid, (pseudo, path) in sorted((loaded or {}).items()):
        if eid in wanted and wanted[eid] != (pseudo, path):
            was, now = (pseudo, path), wanted[eid]
            what = "Path" if was[1] != now[1] else "Pseudo"
            return "restart", ("export %d changed its %s (%s -> %s): a reload cannot "
                               "apply that" % (eid, what, was[1] if what == "Path" else was[0],
                                               now[1] if what == "Path" else now[0]))
    return "reload", "exports re-read"


# ---- the deploy ------------------------------------------------------------------------


def read_from(path, offset):
    try:
        with open(path, "rb") as f:
            f.seek(offset)
            return f.read().decode("utf-8", "replace")
    except FileNotFoundError:
        return ""


def read_from_until(path, end):
    """The log text before offset end."""
    try:
        with open(path, "rb") as f:
            return f.read(end).decode("utf-8", "replace")
    except FileNotFoundError:
        return ""


def size_of(path):
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def wait_log(path, offset, marks, alive, timeout=30.0):
    """The log text after offset once one of marks shows (and a moment for the lines
    that follow it), or when alive() turns false, or after timeout."""
    end = time.time() + timeout
    while time.time() < end:
        text = read_from(path, offset)
        if any(m in text for m in marks):
            time.sleep(0.3)
            return read_from(path, offset)
        if not alive():
            time.sleep(0.2)
            return read_from(path, offset)
        time.sleep(0.1)
    return read_from(path, offset)


def write_conf(path, text):
    """Writes ganesha.conf if it differs; True when it changed."""
    try:
        with open(path) as f:
            if f.read() == text:
                return False
    except FileNotFoundError:
        pass
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)
    return True


def deploy(run, cfg, service, test=False):
    """One deploy on this host. cfg: DEFAULTS' keys plus pool, namespace, host;
    service: running() -> bool, start(), reload(), restart(), each -> (ok, message).
    Returns {"result", "comment", "changes"}."""
    cfg = dict(DEFAULTS, **{k: v for k, v in cfg.items() if v is not None})
    try:
        urls = conf_objects(run, cfg) if not test else []
        wanted = wanted_exports(run, cfg, urls)
    except RuntimeError as e:
        return {"result": False, "comment": str(e), "changes": {}}
    text = render(cfg, urls)
    if test:
        return {"result": None, "comment": "ganesha.conf would be written and Ganesha "
                "reloaded or restarted (test mode)", "changes": {}}
    conf_changed = write_conf(cfg["conf"], text)
    running = service.running()
    # What it serves: the last export list it logged (in the log's last 8 MiB).
    loaded = last_loaded(read_from(cfg["log"], max(0, size_of(cfg["log"]) - (8 << 20)))) \
        if running else None
    action, why = decide(running, conf_changed, loaded, wanted)
    offset = size_of(cfg["log"])
    ok, msg = getattr(service, action)()
    marks = (STARTED_MARK,) if action != "reload" else RELOAD_MARKS
    log_text = wait_log(cfg["log"], offset, marks, service.running) if ok else ""
    changes = {"action": action, "why": why, "conf_changed": conf_changed,
               "conf_objects": urls}
    if not ok or not service.running():
        lines = fatal_lines(log_text)
        msg = "; ".join([msg] + lines[-5:]) if msg else "; ".join(lines[-5:])
        changes["served"] = {"loaded": [], "failed": served(log_text, wanted)["failed"]}
        return {"result": False, "changes": changes,
                "comment": "Ganesha did not %s: %s" % (action, msg or "it exited")}
    if action == "reload" and UPDATE_MARK not in log_text:
        # Refused as a whole (a %url to a missing object, a syntax error): Ganesha
        # serves on what it had, and says why it did not re-read.
        before = last_loaded(read_from_until(cfg["log"], offset)[-(8 << 20):])
        changes["served"] = {"loaded": ["export-%d" % i for i in sorted(before or {})],
                             "failed": served(log_text, wanted)["failed"]}
        lines = fatal_lines(log_text)
        return {"result": False, "changes": changes,
                "comment": "Ganesha did not re-read its exports: %s" % (
                    "; ".join(lines[-5:]) or "no export list in its log")}
    changes["served"] = served(log_text, wanted)
    got = changes["served"]
    comment = "Ganesha %s (%s): %d export(s) loaded, %d refused" % (
        {"start": "started", "restart": "restarted", "reload": "reloaded"}[action], why,
        len(got["loaded"]), len(got["failed"]))
    return {"result": True, "comment": comment, "changes": changes}


# ---- under Salt ----------------------------------------------------------------------------


class Systemd:
    """The nfs-ganesha unit, through run()."""

    def __init__(self, run, unit="nfs-ganesha"):
        self.run, self.unit = run, unit

    def _do(self, verb):
        rc, out, err = self.run(["systemctl", verb, self.unit])
        return rc == 0, (err or out).strip()

    def running(self):
        return self.run(["systemctl", "is-active", "--quiet", self.unit])[0] == 0

    def start(self):
        return self._do("start")

    def restart(self):
        return self._do("restart")

    def reload(self):
        return self._do("reload")


def _salt_run(argv):
    r = __salt__["cmd.run_all"](argv, python_shell=False, ignore_retcode=True)  # noqa: F821
    return r["retcode"], r["stdout"], r["stderr"]


def apply(pool=".openattic", namespace="ganesha", user="ganesha", **kwargs):
    """The state's call (openattic.ganesha): deploy() with Salt's runner, systemd and
    this minion's id. Keyword arguments override DEFAULTS' paths."""
    cfg = dict(kwargs, pool=pool, namespace=namespace, user=user,
               host=__grains__["id"])  # noqa: F821
    cfg = {k: v for k, v in cfg.items() if not k.startswith("__")}
    out = deploy(_salt_run, cfg, Systemd(_salt_run), test=__opts__.get("test", False))  # noqa: F821
    if out["result"] is False:
        from salt.exceptions import CommandExecutionError
        raise CommandExecutionError(out["comment"], info=out["changes"])
    return out

