"""gw_ganesha.py - the stand-in's openattic.ganesha state (conf/salt/openattic/ganesha.sls)
on an NFS-Ganesha minion. It checks where the exports are (pillar "config": pool and
namespace; Ganesha reads the exports from RADOS, not from pillar) and fails the
configuring state (result false, retcode 2) on a bad one.

Without a gateway directory (gw.dir None: the stand-in's own tests) the run is
simulated, as before. With one, the minion is a real Ganesha host: on first use it is
provisioned as an administrator would provision one (README "NFS exports"): its cephx
user client.ganesha with the documented caps, made with the cluster's admin keyring,
its keyring and a ceph.conf under gw.dir. Then the shipped module
(conf/salt/_modules/openattic_ganesha.py) runs with a local command runner and a
service that runs Debian's ganesha.nfsd directly (no systemd here):
  - bound to the minion's own address (gw.ip) on port 2049, NFSv4 only: Ganesha then
    registers nothing with rpcbind (none runs here) and needs none; its "Cannot
    register NFS V4 on UDP" line is harmless;
  - DBus is absent: Ganesha logs its dbus lines as CRIT and runs on; the module reads
    what Ganesha loaded from its log (the EXPORT component at INFO), and the daemon is
    stopped with SIGTERM (SIGKILL after 10 s: librgw can hang in SIGTERM), not dbus-send;
  - in a UTS namespace of its own whose host name is the minion id (unshare --uts), as
    on a real host: rados_ng (Clustered = false) names the recovery record after the
    host name, and every minion of every stack on this machine shares one;
  - its pid file gw.dir/ganesha.pid (written by ganesha.nfsd itself: the stack stops it
    by that), log gw.dir/ganesha.log, ganesha.conf gw.dir/ganesha.conf; its NFSv4
    recovery state is in RADOS (<namespace>-grace). Several stacks never collide: each
    has its own addresses (127.0.N.x), gw.dir and cluster;
  - a Ganesha that stops for good (the stack stops it by its pid file) leaves its
    CephFS sessions open for 300 s, for a restarted Ganesha to reclaim (FSAL CEPH's
    reclaim_reset; measured: another client's write in an exported directory then
    waits for them). So the shell that runs ganesha.nfsd evicts this host's sessions
    (client_metadata.hostname = the minion id) once it has exited, as an administrator
    would after taking a host down - not on a restart, which reclaims them.
"""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time

import gwstate

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "conf", "salt", "_modules"))
import openattic_ganesha  # noqa: E402  (the shipped module)

SLS = "openattic.ganesha"
STATES = [
    ("pkg", "ganesha packages", "nfs-ganesha-ceph", "installed", "All specified packages are already installed"),
    ("file", "/etc/ganesha/ganesha.conf", "/etc/ganesha/ganesha.conf", "managed", "File /etc/ganesha/ganesha.conf updated"),
    ("service", "nfs-ganesha", "nfs-ganesha", "running", "Service nfs-ganesha has been reloaded")]

RADOS_NAME_RE = re.compile(r"^[A-Za-z0-9_.-]{1,127}$")
USER = "ganesha"
# How long a restarted Ganesha keeps earlier clients' grace (Ganesha's default is 90 s;
# the tests restart it often and reconnect at once).
GRACE_S = 5


def validate(mid, config):
    """What openattic.ganesha uses of its pillar: where the exports are in RADOS."""
    if not isinstance(config, dict):
        return ["pillar config must be {\"pool\", \"namespace\"}"]
    errs = []
    for key in ("pool", "namespace"):
        v = config.get(key)
        if not isinstance(v, str) or not RADOS_NAME_RE.match(v):
            errs.append("pillar config.%s %s is not a RADOS %s name" % (key, json.dumps(v), key))
    return errs


def run(argv, timeout=60):
    """The module's command runner: (rc, stdout, stderr)."""
    try:
        p = subprocess.run(argv, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return 124, "", "%s timed out after %d s" % (argv[0], timeout)
    except OSError as e:
        return 127, "", str(e)
    return p.returncode, p.stdout, p.stderr


# ---- provisioning: what an administrator does once per Ganesha host ---------------------


def caps(pool, ns):
    """The documented caps (README "Security"): read the exports, read-write the NFSv4
    recovery namespace (and the watch object there), librgw's access for RGW exports."""
    return ["mon", "allow r",
            "osd", "allow r pool=%s namespace=%s, allow rw pool=%s namespace=%s-grace, "
                   "allow rwx tag rgw *=*" % (pool, ns, pool, ns)]


def provision(gw, pool, ns):
    """gw.dir/ceph.conf and gw.dir/keyring for client.ganesha (made or updated with the
    cluster's admin keyring). Returns the host's ceph.conf path."""
    conf = os.path.join(gw.dir, "ceph.conf")
    keyring = os.path.join(gw.dir, "keyring")
    stamp = os.path.join(gw.dir, "provisioned")
    fsid = re.search(r"(?m)^\s*fsid\s*=\s*(\S+)", open(gw.ceph_conf).read())
    want = json.dumps([pool, ns, fsid and fsid.group(1)])  # a cluster made anew: again
    if os.path.exists(stamp) and open(stamp).read() == want:
        return conf
    os.makedirs(gw.dir, exist_ok=True)
    cdir = os.path.dirname(gw.ceph_conf)
    admin = ["-c", gw.ceph_conf, "-n", "client.admin", "-k",
             os.path.join(cdir, "ceph.client.admin.keyring")]
    mon_host = None
    for ln in open(gw.ceph_conf):
        m = re.match(r"\s*mon[ _]host\s*=\s*(.*)$", ln)
        if m:
            mon_host = m.group(1).strip()
    rc, out, err = run(["ceph"] + admin + ["auth", "get-or-create", "client." + USER]
                       + caps(pool, ns))
    if rc != 0:  # the user exists with other caps: set them
        rc, _, err = run(["ceph"] + admin + ["auth", "caps", "client." + USER] + caps(pool, ns))
        if rc == 0:
            rc, out, err = run(["ceph"] + admin + ["auth", "get", "client." + USER])
    if rc != 0:
        raise RuntimeError("cannot make the cephx user client.%s: %s" % (USER, err.strip()))
    with open(keyring, "w") as f:
        f.write(out)
    os.chmod(keyring, 0o600)
    with open(conf, "w") as f:
        f.write("[global]\nmon host = %s\nkeyring = %s\nauth client required = cephx\n"
                "admin socket =\nlog file = %s\n" % (mon_host, keyring,
                                                     os.path.join(gw.dir, "ceph-client.log")))
    with open(stamp, "w") as f:
        f.write(want)
    return conf


# ---- the daemon, without systemd ------------------------------------------------------------


def alive(pid):
    """Whether pid is a live ganesha.nfsd (not a zombie, not a recycled pid)."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            stat = f.read()
    except (OSError, ValueError):
        return False
    return "(ganesha.nfsd)" in stat and stat.rsplit(")", 1)[1].split()[0] != "Z"


class Direct:
    """ganesha.nfsd run by the stand-in itself, as the nfs-ganesha unit would run it."""

    children = {}  # pid -> (minion id, Popen), reaped when they end

    # Runs ganesha.nfsd in the foreground, then (unless a restart marked it) evicts the
    # CephFS sessions it left; $0 is the host name, "$@" Ganesha's command line.
    SCRIPT = ('[ -z "$OWN_UTS" ] || hostname "$0"; "$@"; [ -e "$RESTARTING" ] || '
              'timeout 15 ceph -c "$ADMIN_CONF" -n client.admin -k "$ADMIN_KEYRING" '
              'tell "mds.*" client evict client_metadata.hostname="$0" >/dev/null 2>&1; true')

    def __init__(self, gw, conf, log):
        self.gw, self.conf, self.log = gw, conf, log
        self.pidfile = os.path.join(gw.dir, "ganesha.pid")
        self.restarting = os.path.join(gw.dir, "restarting")

    def pid(self):
        for p, (_, child) in list(Direct.children.items()):
            if child.poll() is not None:
                del Direct.children[p]
        try:
            return int(open(self.pidfile).read().strip())
        except (OSError, ValueError):
            return 0

    def running(self):
        pid = self.pid()
        return bool(pid) and alive(pid)

    def start(self):
        argv = ["sh", "-c", self.SCRIPT, self.gw.mid, "ganesha.nfsd", "-F", "-f", self.conf,
                "-L", self.log, "-p", self.pidfile, "-N", "NIV_EVENT"]
        cdir = os.path.dirname(self.gw.ceph_conf)
        env = dict(os.environ, RESTARTING=self.restarting, ADMIN_CONF=self.gw.ceph_conf,
                   ADMIN_KEYRING=os.path.join(cdir, "ceph.client.admin.keyring"), OWN_UTS="")
        if os.geteuid() == 0 and shutil.which("unshare"):
            argv = ["unshare", "--uts"] + argv  # the host name is set in its own namespace only
            env["OWN_UTS"] = "1"
        for f in (self.pidfile, self.restarting):
            try:
                os.unlink(f)
            except FileNotFoundError:
                pass
        child = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL, start_new_session=True,
                                 cwd=self.gw.dir, env=env)
        Direct.children[child.pid] = (self.gw.mid, child)
        end = time.time() + 10
        while time.time() < end:
            if self.running():
                return True, ""
            if child.poll() is not None:
                return False, "ganesha.nfsd exited with status %d" % child.returncode
            time.sleep(0.05)
        return False, "ganesha.nfsd wrote no pid file within 10 s"

    def stop(self):
        pid = self.pid()
        if not pid or not alive(pid):
            return
        os.kill(pid, signal.SIGTERM)
        end = time.time() + 10
        while time.time() < end and alive(pid):
            time.sleep(0.1)
            self.pid()  # reap
        if alive(pid):
            os.kill(pid, signal.SIGKILL)
            while alive(pid):
                time.sleep(0.05)
                self.pid()

    def restart(self):
        with open(self.restarting, "w"):
            pass
        self.stop()
        end = time.time() + 20  # the old shell ends (it evicts nothing on a restart)
        while time.time() < end and any(
                m == self.gw.mid and c.poll() is None for m, c in Direct.children.values()):
            time.sleep(0.05)
        return self.start()

    def reload(self):
        pid = self.pid()
        if not pid or not alive(pid):
            return False, "ganesha.nfsd is not running"
        os.kill(pid, signal.SIGHUP)
        return True, ""


# ---- the state --------------------------------------------------------------------------


def installed():
    """The packages the state installs, as dpkg has them: (ok, comment)."""
    missing = [p for p in openattic_ganesha.PACKAGES
               if run(["dpkg-query", "-W", "-f=${Status}", p])[1] != "install ok installed"]
    if missing:
        return False, "Packages not installed: %s" % ", ".join(missing)
    return True, "All specified packages are already installed"


def real(gw, config, test):
    """One real run: ([results], ok)."""
    pkg_ok, pkg_comment = installed()
    out = [gwstate.result("pkg", "ganesha packages", "ganesha packages", "installed",
                          pkg_ok, pkg_comment)]
    sid, name, fun = "ganesha", "openattic_ganesha.apply", "run"
    if not pkg_ok:
        out.append(gwstate.result("module", sid, name, fun, False,
                                  "One or more requisite failed: %s.ganesha packages" % SLS))
        return out, False
    pool, ns = config["pool"], config["namespace"]
    try:
        ceph_conf = provision(gw, pool, ns)
    except (RuntimeError, OSError) as e:
        out.append(gwstate.result("module", sid, name, fun, False, str(e)))
        return out, False
    conf, log = os.path.join(gw.dir, "ganesha.conf"), os.path.join(gw.dir, "ganesha.log")
    cfg = {"pool": pool, "namespace": ns, "host": gw.mid, "user": USER,
           "ceph_conf": ceph_conf, "conf": conf, "log": log, "bind_addr": gw.ip,
           "port": 2049, "grace_period": GRACE_S}
    got = openattic_ganesha.deploy(run, cfg, Direct(gw, conf, log), test=test)
    out.append(gwstate.result("module", sid, name, fun, got["result"], got["comment"],
                              got["changes"]))
    return out, got["result"] is not False


def apply(gw, config, test, fail_all):
    errs = gwstate.errors(gw, config, fail_all, validate)
    if gw.dir is None or errs:
        return gwstate.simulated(SLS, STATES, errs, test, fail_all, lambda: {
            "watch_url": "rados://%s/%s/conf-%s" % (config["pool"], config["namespace"], gw.mid)})
    return real(gw, config, test)
