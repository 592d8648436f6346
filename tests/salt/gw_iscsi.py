"""gw_iscsi.py - the stand-in's openattic.iscsi state (conf/salt/openattic/iscsi.sls) on an
iSCSI gateway minion. The configuration is checked by the shipped module
(conf/salt/_modules/openattic_iscsi.py: check), so a bad one fails the configuring
state (result false, retcode 2) with the module's own message.

Without a gateway directory (gw.dir None: the stand-in's own tests) the run is
simulated. With one, the minion is a tgt gateway (backend tgt of the sls) for real:
  - "iscsi packages": the sls's packages for tgt (tgt, tgt-rbd, ceph-common), as dpkg
    has them here;
  - on first use it is provisioned as an administrator would provision a gateway host:
    a cephx user client.iscsi-gateway.<minion> with the caps README "Security" gives
    iSCSI gateways (mon 'profile rbd', osd 'allow rwx tag rbd *=*': every pool with the
    application rbd, never openATTIC's own pool), its keyring and a ceph.conf, in gw.dir;
  - "tgt" (service.running): a tgtd of its own, listening on the minion's address only
    (portal gw.ip:3260) with its own control port (tgtadm -C, from the address), under a
    small shell that writes gw.dir/tgtd.pid and turns the stack's SIGTERM into tgtd's
    own shutdown (targets deleted, then `tgtadm --op delete --mode system`: tgtd ignores
    SIGTERM); tgtd dies with that shell (setpriv --pdeathsig KILL);
  - "iscsi config": the shipped state conf/salt/_states/openattic_iscsi.py calling the
    shipped module's apply() (a copy of both per minion, given this minion's grains,
    pillar and a cmd.run_all that runs the commands here), with the sls's tgt
    arguments for this host: what it reports served is read back from tgtd.
"""

import configparser
import importlib.util
import os
import subprocess
import threading
import time

import gwstate

HERE = os.path.dirname(os.path.abspath(__file__))
SALT = os.path.join(HERE, "..", "..", "conf", "salt")
SLS = "openattic.iscsi"
STATES = [  # the simulated run (LIO's states, as the sls has them by default)
    ("pkg", "iscsi packages", "targetcli-fb", "installed", "All specified packages are already installed"),
    ("module", "iscsi config", "openattic_iscsi.apply", "run", "Module function openattic_iscsi.apply executed"),
    ("service", "target", "target", "running", "Service target has been reloaded")]
TGT_STATES = [  # backend tgt
    ("pkg", "iscsi packages", "iscsi packages", "installed", "All specified packages are already installed"),
    ("service", "tgt", "tgt", "running", "The service tgt is already running"),
    ("openattic_iscsi", "iscsi config", "iscsi config", "configured", "")]
CAPS = ["mon", "profile rbd", "osd", "allow rwx tag rbd *=*"]
PACKAGES = ["tgt", "tgt-rbd", "ceph-common"]  # the sls's for backend tgt


def load(name, path):
    """A fresh copy of a shipped Salt module (one per minion: each gets its own dunders)."""
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


SHIPPED = load("openattic_iscsi", os.path.join(SALT, "_modules", "openattic_iscsi.py"))


def validate(gw, config):
    targets = config.get("targets") if isinstance(config, dict) else config
    return SHIPPED.check(targets, gw.mid, gw.grains["ipv4"])


def control_port(gw):
    """tgtd's control port (tgtadm -C, at most 32767): from the minion's address
    127.0.N.D (N < 250, D 11-16), unique on the machine: 1000-4999."""
    b = [int(x) for x in gw.ip.split(".")]
    return 1000 + b[2] * 16 + (b[3] & 15)


def rados_user(gw):
    return "iscsi-gateway." + gw.mid


def cmd_run_all(argv, python_shell=False, stdin=None, ignore_retcode=False, **kw):
    """Salt's cmd.run_all, as the shipped module calls it, run here."""
    rc, out, err = SHIPPED.local_run(argv, stdin)
    return {"pid": 0, "retcode": rc, "stdout": out.rstrip("\n"), "stderr": err.rstrip("\n")}


def packages():
    """The pkg state: whether the sls's packages for backend tgt are installed here."""
    p = subprocess.run(["dpkg-query", "-W", "-f", "${Package} ${Status}\n"] + PACKAGES,
                       capture_output=True, text=True, timeout=30)
    have = {l.split()[0] for l in p.stdout.splitlines() if l.endswith(" installed")}
    missing = [x for x in PACKAGES if x not in have]
    return (False, "Package(s) not installed: %s" % ", ".join(missing)) if missing else \
        (True, "All specified packages are already installed")


def provision(gw):
    """The gateway host's cephx user, keyring and ceph.conf (once)."""
    if not gw.ceph_conf:
        raise RuntimeError("no cluster to serve: the stand-in runs without --ceph-conf")
    os.makedirs(gw.dir, exist_ok=True)
    keyring, conf = os.path.join(gw.dir, "keyring"), os.path.join(gw.dir, "ceph.conf")
    if not os.path.exists(keyring):
        p = subprocess.run(["ceph", "-c", gw.ceph_conf, "-n", "client.admin", "auth", "get-or-create",
                            "client." + rados_user(gw)] + CAPS + ["-o", keyring + ".tmp"],
                           capture_output=True, text=True, timeout=60)
        if p.returncode != 0:
            raise RuntimeError("cannot make client.%s: %s" % (rados_user(gw), p.stderr.strip()))
        os.chmod(keyring + ".tmp", 0o600)
        os.replace(keyring + ".tmp", keyring)
    if not os.path.exists(conf):
        cluster = configparser.ConfigParser(strict=False, interpolation=None)
        cluster.read(gw.ceph_conf)
        g = cluster["global"]
        with open(conf + ".tmp", "w") as f:
            f.write("[global]\nfsid = %s\nmon host = %s\nkeyring = %s\n"
                    "admin socket =\nlog file = %s\n"
                    % (g["fsid"], g["mon host"], keyring, os.path.join(gw.dir, "librbd.log")))
        os.replace(conf + ".tmp", conf)
    return conf


# tgtd under a shell that turns SIGTERM into tgtd's own shutdown ($1 control port, $2 address).
SUPERVISOR = r"""
stop() {
	tgtadm -C "$1" --op update --mode sys --name State -v offline
	for t in $(tgtadm -C "$1" --op show --mode target | sed -n 's/^Target \([0-9]*\):.*/\1/p'); do
		tgtadm -C "$1" --op delete --force --mode target --tid "$t"
	done
	tgtadm -C "$1" --op delete --mode system
}
trap 'stop "$1"' TERM
setpriv --pdeathsig KILL tgtd -f -C "$1" --iscsi portal="$2":3260 &
wait $!
wait $!
"""


def tgtd_answers(gw):
    p = subprocess.run(["tgtadm", "-C", str(control_port(gw)), "--op", "show", "--mode", "system"],
                       capture_output=True, timeout=10)
    return p.returncode == 0


def pid_alive(path):
    """Whether the pid file names a process that runs (a zombie does not: PID 1 may not
    reap the orphans of a stand-in that was restarted)."""
    try:
        with open(path) as f:
            pid = int(f.read().strip())
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, ValueError, IndexError):
        return False


def ensure_tgtd(gw):
    """Starts this minion's tgtd unless it runs; returns the service state's comment."""
    pidfile = os.path.join(gw.dir, "tgtd.pid")
    if pid_alive(pidfile) and tgtd_answers(gw):
        return "The service tgt is already running"
    if not pid_alive(pidfile):
        log = open(os.path.join(gw.dir, "tgtd.log"), "ab")
        p = subprocess.Popen(["bash", "-c", SUPERVISOR, "tgtd", str(control_port(gw)), gw.ip],
                             stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True)
        log.close()
        threading.Thread(target=p.wait, daemon=True).start()  # reaped when it ends
        with open(pidfile + ".tmp", "w") as f:
            f.write("%d\n" % p.pid)
        os.replace(pidfile + ".tmp", pidfile)
    for _ in range(100):
        if tgtd_answers(gw):
            return "Started service tgt (tgtd on %s:3260, control port %d)" % (gw.ip, control_port(gw))
        time.sleep(0.05)
    raise RuntimeError("tgtd did not answer on control port %d (see %s/tgtd.log)" % (control_port(gw), gw.dir))


def shipped_for(gw):
    """This minion's copies of the shipped module and state, given its grains and runner."""
    if not hasattr(gw, "iscsi_mods"):
        mod = load("openattic_iscsi_" + gw.mid, os.path.join(SALT, "_modules", "openattic_iscsi.py"))
        state = load("openattic_iscsi_state_" + gw.mid, os.path.join(SALT, "_states", "openattic_iscsi.py"))
        mod.__grains__, mod.__salt__ = gw.grains, {"cmd.run_all": cmd_run_all}
        state.__salt__ = {"openattic_iscsi.apply": mod.apply}
        gw.iscsi_mods = (mod, state)
    return gw.iscsi_mods


def timed(fn):
    t0 = time.time()
    out = fn()
    return out, round((time.time() - t0) * 1000, 3)


def real(gw, config):
    """The tgt gateway's run for real: ([state results], ok)."""
    ok, comment = packages()
    out = [gwstate.result(*TGT_STATES[0][:4], ok, comment)]
    if not ok:
        for st in TGT_STATES[1:]:
            out.append(gwstate.result(*st[:4], False, "One or more requisite failed: %s.iscsi packages" % SLS))
        return out, False
    try:
        (conf, comment), ms = timed(lambda: (provision(gw), ensure_tgtd(gw)))
    except (RuntimeError, OSError, subprocess.SubprocessError) as e:
        out.append(gwstate.result(*TGT_STATES[1][:4], False, str(e)))
        out.append(gwstate.result(*TGT_STATES[2][:4], False, "One or more requisite failed: %s.tgt" % SLS))
        return out, False
    out.append(dict(gwstate.result(*TGT_STATES[1][:4], True, comment), duration=ms))
    mod, state = shipped_for(gw)
    mod.__pillar__ = {"config": config}
    state.__opts__ = {"test": False}
    ret, ms = timed(lambda: state.configured(
        "iscsi config", backend="tgt", pool=".openattic", obj="iscsi-config", ceph_conf=conf,
        rados_user=rados_user(gw), control_port=control_port(gw), state_dir=gw.dir))
    out.append(dict(gwstate.result(*TGT_STATES[2][:4], ret["result"], ret["comment"], ret["changes"]),
                    duration=ms))
    return out, bool(ret["result"])


def apply(gw, config, test, fail_all):
    errs = gwstate.errors(gw, config, fail_all, lambda mid, c: validate(gw, c))
    if gw.dir is None:
        targets = config.get("targets", []) if isinstance(config, dict) else config
        return gwstate.simulated(SLS, STATES, errs, test, fail_all, lambda: {"targets": len(targets)})
    if test or fail_all or config is None:
        return gwstate.simulated(SLS, TGT_STATES, errs, test, fail_all, dict)
    return real(gw, config)
