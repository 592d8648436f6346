"""gw_ganesha.py - the stand-in's openattic.ganesha state (conf/salt/openattic/ganesha.sls)
on an NFS-Ganesha minion: checks where the exports are (pillar "config": pool and
namespace, which the state writes into ganesha.conf; Ganesha reads the exports from
RADOS, not from pillar) and fails the configuring state (result false, retcode 2) on a
bad one."""

import json
import re

import gwstate

SLS = "openattic.ganesha"
STATES = [
    ("pkg", "ganesha packages", "nfs-ganesha-ceph", "installed", "All specified packages are already installed"),
    ("file", "/etc/ganesha/ganesha.conf", "/etc/ganesha/ganesha.conf", "managed", "File /etc/ganesha/ganesha.conf updated"),
    ("service", "nfs-ganesha", "nfs-ganesha", "running", "Service nfs-ganesha has been reloaded")]

RADOS_NAME_RE = re.compile(r"^[A-Za-z0-9_.-]{1,127}$")


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


def apply(gw, config, test, fail_all):
    errs = gwstate.errors(gw, config, fail_all, validate)
    return gwstate.simulated(SLS, STATES, errs, test, fail_all, lambda: {
        "watch_url": "rados://%s/%s/conf-%s" % (config["pool"], config["namespace"], gw.mid)})
