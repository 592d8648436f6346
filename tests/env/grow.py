"""grow.py CONF OSDS HOSTS RACKS POOLS PGS - the Ceph half of tests/env/grow (read its
header): makes OSD ids up to OSDS (never started: down, out), places them under HOSTS
hosts in RACKS racks of the default root with a realistic CRUSH weight, makes the rule
"local" over the real OSDs' host (linked under the root "local") and moves every pool
to it, then creates pools g001.. until there are POOLS. Monitor commands go out from
several threads at once, so the monitor batches them into fewer map epochs."""

import concurrent.futures
import json
import sys

import rados

conf, OSDS, HOSTS, RACKS, POOLS, PGS = sys.argv[1], *map(int, sys.argv[2:7])
WEIGHT = 1.81898  # a 2 TB disk, in TiB, as Ceph weighs it

cluster = rados.Rados(conffile=conf, name="client.admin")
cluster.connect(timeout=30)


def mon(prefix, ok=(0,), **args):
    args["prefix"] = prefix
    args["format"] = "json"
    rc, out, err = cluster.mon_command(json.dumps(args), b"", timeout=120)
    if rc not in ok:
        raise SystemExit("%s %s: %d %s" % (prefix, args, rc, err))
    return json.loads(out) if out else None


def parallel(calls, threads=16):
    with concurrent.futures.ThreadPoolExecutor(threads) as ex:
        for f in [ex.submit(mon, p, **a) for p, a in calls]:
            f.result()


# Room for the PGs of every pool on three OSDs.
for who, name, value in (("global", "mon_max_pg_per_osd", "5000"),
                         ("global", "osd_pool_default_pg_autoscale_mode", "off"),
                         ("mon", "mon_warn_on_pool_no_app", "false")):
    mon("config set", who=who, name=name, value=value)

tree = mon("osd tree")
real = [n for n in tree["nodes"] if n["type"] == "osd"]
real_hosts = [n for n in tree["nodes"] if n["type"] == "host"]
existing = {n["id"] for n in tree["nodes"] if n["type"] == "osd"} | set(tree.get("stray", []) and [s["id"] for s in tree["stray"]])
names = {n["name"] for n in tree["nodes"]}

# The rule "local": a root with the real host(s) linked under it.
if "local" not in names:
    mon("osd crush add-bucket", name="local", type="root")
for h in real_hosts:
    mon("osd crush link", name=h["name"], args=["root=local"], ok=(0, -17))
rules = {r["rule_name"]: r for r in mon("osd crush rule dump")}
if "local" not in rules:
    mon("osd crush rule create-replicated", name="local", root="local", type="osd")
    rules = {r["rule_name"]: r for r in mon("osd crush rule dump")}
mon("config set", who="global", name="osd_pool_default_crush_rule",
    value=str(rules["local"]["rule_id"]))
for p in mon("osd pool ls"):
    mon("osd pool set", pool=p, var="crush_rule", val="local")

# Racks and hosts.
racks = ["rack%02d" % (i + 1) for i in range(RACKS)]
hosts = ["node%03d" % (i + 1) for i in range(HOSTS)]
parallel([("osd crush add-bucket", {"name": r, "type": "rack"}) for r in racks if r not in names])
parallel([("osd crush move", {"name": r, "args": ["root=default"]}) for r in racks])
parallel([("osd crush add-bucket", {"name": h, "type": "host"}) for h in hosts if h not in names])
parallel([("osd crush move", {"name": h, "args": ["rack=" + racks[i * RACKS // HOSTS]]})
          for i, h in enumerate(hosts)])
for h in real_hosts:
    mon("osd crush move", name=h["name"], args=["rack=" + racks[0]])

# OSD ids beyond the real ones: made, never started, out, under a host each.
want = [i for i in range(OSDS) if i not in existing]
parallel([("osd create", {"id": i}) for i in want])
per_host = max(1, (OSDS + HOSTS - 1) // HOSTS)
parallel([("osd crush add", {"id": i, "weight": WEIGHT,
                             "args": ["host=" + hosts[(i // per_host) % HOSTS]]})
          for i in want])
parallel([("osd out", {"ids": [str(i)]}) for i in want])

# Pools.
have = set(mon("osd pool ls"))
todo = ["g%03d" % (i + 1) for i in range(POOLS)]
todo = [p for p in todo if p not in have][:max(0, POOLS - len(have))]
parallel([("osd pool create", {"pool": p, "pg_num": PGS, "pgp_num": PGS,
                               "rule": "local", "autoscale_mode": "off"}) for p in todo], 8)
parallel([("osd pool application enable", {"pool": p, "app": ("rbd", "rgw", "cephfs")[i % 3]})
          for i, p in enumerate(todo)], 8)
cluster.shutdown()
print("%d OSD ids, %d pools" % (OSDS, len(have) + len(todo)))
