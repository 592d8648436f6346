# tests/env/lib.sh - the local stack, shared by tests/env/up (the demo), tests/check
# (the tests) and tests/env/ctl (fault injection). Each part runs under a private
# state directory ($STATE), on 127.0.0.1 only, without systemd, and is stopped by the
# PIDs its programs record themselves. Parts plug in as pairs of functions
# <part>_start / <part>_stop; stack_start and stack_stop call them in order.
# Sourced, not run. Everything is derived from this file's location (CI clones the
# repository elsewhere).

OA_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
OA_PACKAGES="build-essential autoconf automake libtool pkg-config libfcgi-dev libcjson-dev
libcurl4-openssl-dev libssl-dev librados-dev librbd-dev libpq-dev libcrypt-dev postgresql nginx-light
python3 wrk curl ceph-mon ceph-mgr ceph-osd ceph-common radosgw ceph-mds libcephfs-dev
nfs-ganesha nfs-ganesha-ceph nfs-ganesha-rgw tgt tgt-rbd libnfs-utils libiscsi-bin"
# The web console is built with Node.js and npm: Debian's, unless one is installed.
command -v npm >/dev/null || OA_PACKAGES="$OA_PACKAGES nodejs npm"

log() { echo "[$(date +%H:%M:%S)] $*" >&2; }
die() { log "error: $*"; exit 1; }

# Installs the Debian packages that are missing (apt-get update only when needed).
ensure_packages() {
	local missing=() p
	for p in $OA_PACKAGES; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	[ "$(id -u)" = 0 ] || die "missing packages (${missing[*]}); run as root or install them"
	log "installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >&2 || die "apt-get update failed"
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2 ||
		die "apt-get install failed"
	# Debian starts its own nginx, PostgreSQL, tgt and NFS-Ganesha services on install;
	# ours are private (and the gateways listen on the minions' own addresses).
	if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
		systemctl disable --now nginx postgresql tgt nfs-ganesha >/dev/null 2>&1 || true
	fi
}

# Builds into $1 with configure arguments $2... (autogen first if needed).
build_tree() {
	local dir=$1
	shift
	[ -x "$OA_ROOT/configure" ] || (cd "$OA_ROOT" && ./autogen.sh >/dev/null 2>&1) ||
		die "autogen.sh failed"
	mkdir -p "$dir"
	if [ ! -f "$dir/Makefile" ] || [ "$OA_ROOT/configure" -nt "$dir/Makefile" ]; then
		(cd "$dir" && "$OA_ROOT/configure" -q "$@" >&2) || die "configure failed"
	fi
	make -C "$dir" -j"$(nproc)" >"$dir/build.log" 2>&1 ||
		{ tail -n 40 "$dir/build.log" >&2; die "build failed (see $dir/build.log)"; }
}

# A free TCP port on 127.0.0.1.
free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# Stops the process whose pid is in file $1 (SIGTERM, then SIGKILL after $2 s). A
# zombie counts as stopped: PID 1 of a container may never reap an orphan.
stop_pidfile() {
	local f=$1 wait=${2:-10} pid i
	pid_alive "$f" || { rm -f "$f"; return 0; }
	pid=$(cat "$f")
	kill "$pid" 2>/dev/null
	for ((i = 0; i < wait * 10; i++)); do
		proc_alive "$pid" || { rm -f "$f"; return 0; }
		sleep 0.1
	done
	kill -9 "$pid" 2>/dev/null
	rm -f "$f"
}

# --- PostgreSQL: initdb + pg_ctl under $STATE/pg, unix socket only ---------------
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)

# Runs a PostgreSQL program as the postgres user when we are root (it refuses root).
as_pg() {
	if [ "$(id -u)" = 0 ]; then
		(cd / && runuser -u postgres -- "$@")
	else
		"$@"
	fi
}

pg_port() { cat "$STATE/pg/port"; }
pg_conninfo() { echo "host=$STATE/pg port=$(pg_port) dbname=openattic user=openattic"; }
psql_oa() { as_pg "$PG_BIN/psql" -X -q -h "$STATE/pg" -p "$(pg_port)" -U openattic -d openattic "$@"; }

pg_start() {
	[ -n "$PG_BIN" ] || die "PostgreSQL is not installed"
	mkdir -p "$STATE/pg"
	chmod 755 "$STATE" # postgres must traverse it
	[ "$(id -u)" = 0 ] && chown postgres: "$STATE/pg"
	[ -f "$STATE/pg/port" ] || free_port >"$STATE/pg/port"
	if [ ! -f "$STATE/pg/data/PG_VERSION" ]; then
		as_pg "$PG_BIN/initdb" -D "$STATE/pg/data" -U postgres --auth=trust -E UTF8 \
			--locale=C.UTF-8 >/dev/null || die "initdb failed"
	fi
	if ! as_pg "$PG_BIN/pg_ctl" -D "$STATE/pg/data" status >/dev/null 2>&1; then
		as_pg "$PG_BIN/pg_ctl" -D "$STATE/pg/data" -l "$STATE/pg/log" -w -t 30 \
			-o "-k $STATE/pg -p $(pg_port) -c listen_addresses='' ${OA_PG_OPTS:-}" start \
			>/dev/null || die "PostgreSQL did not start (see $STATE/pg/log)"
	fi
	if ! as_pg "$PG_BIN/psql" -X -h "$STATE/pg" -p "$(pg_port)" -U postgres -d postgres -tAc \
		"SELECT 1 FROM pg_database WHERE datname = 'openattic'" | grep -q 1; then
		as_pg "$PG_BIN/psql" -X -q -h "$STATE/pg" -p "$(pg_port)" -U postgres -d postgres \
			-c "CREATE ROLE openattic LOGIN" -c "CREATE DATABASE openattic OWNER openattic" ||
			die "cannot create the openattic database"
	fi
}

pg_stop() {
	[ -d "$STATE/pg/data" ] || return 0
	as_pg "$PG_BIN/pg_ctl" -D "$STATE/pg/data" -m fast -w stop >/dev/null 2>&1 || true
}

# --- openattic: the master, its workers and runners ------------------------------
oa_conf() { echo "$STATE/oa/openattic.conf"; }

# Writes the configuration: instance name $1, workers $2, runners $3.
oa_write_conf() {
	mkdir -p "$STATE/oa"
	cat >"$(oa_conf)" <<CONF
# written by tests/env/lib.sh for the local stack in $STATE
[server]
listen = unix:$STATE/oa/openattic.sock
pid_file = $STATE/oa/openattic.pid
instance = ${1:-local}
workers = ${2:-4}
runners = ${3:-2}
# The API tests send requests "through a proxy" from this address (X-Forwarded-For).
trusted_proxies = 127.0.12.1
# nginx's workers run as nobody:nogroup when it is started as root.
$([ "$(id -u)" = 0 ] && echo "socket_group = nogroup")

[auth]
# Low enough for the tests to reach it quickly (the default is 100).
throttle_ceiling = ${OA_THROTTLE_CEILING:-30}

[database]
conninfo = ${OA_CONNINFO:-$(pg_conninfo)}

[tasks]
heartbeat_s = ${OA_HEARTBEAT_S:-5}
stale_s = ${OA_STALE_S:-30}
followed_per_runner = ${OA_FOLLOWED_PER_RUNNER:-32}
open_per_user = ${OA_OPEN_TASKS:-100}
CONF
	if [ -f "$STATE/salt/port" ]; then
		cat >>"$(oa_conf)" <<CONF

[salt]
url = http://127.0.0.1:$(cat "$STATE/salt/port")
eauth = sharedsecret
username = admin
password = @$STATE/salt/sharedsecret
timeout_s = ${OA_SALT_TIMEOUT_S:-10}
# The stand-in listens on 127.0.0.1 only.
allow_http = true
CONF
	fi
	local d rgw=
	for d in "$STATE"/ceph "$STATE"/ceph[0-9]; do
		[ -f "$d/out" ] || continue
		cat >>"$(oa_conf)" <<CONF

[cluster $(basename "$d")]
conf = $(ceph_var "$d" CEPH_CONF)
keyring = $(ceph_var "$d" CEPH_KEYRING)
client = $(ceph_var "$d" CEPH_CLIENT)
view_max_age_ms = ${OA_VIEW_MAX_AGE_MS:-1000}
CONF
		# Its gateway (rgw_start), with the keys of openattic's admin user there.
		if [ -f "$d/rgw/port" ] && [ -s "$d/rgw/access_key" ] && [ -s "$d/rgw/secret_key" ]; then
			rgw=1
			cat >>"$(oa_conf)" <<CONF
rgw_endpoints = http://127.0.0.1:$(cat "$d/rgw/port")
rgw_access_key = @$d/rgw/access_key
rgw_secret_key = @$d/rgw/secret_key
CONF
		fi
	done
	if [ -n "$rgw" ]; then
		cat >>"$(oa_conf)" <<CONF

[rgw]
# radosgw listens on 127.0.0.1 only.
allow_http = true
timeout_s = ${OA_RGW_TIMEOUT_S:-5}
CONF
	fi
}

oa_start() {
	[ -x "$OA_BIN" ] || die "no openattic binary at $OA_BIN"
	[ -f "$(oa_conf)" ] || oa_write_conf
	"$OA_BIN" migrate -c "$(oa_conf)" --sql-dir "$OA_ROOT/sql" 2>>"$STATE/oa/openattic.log" ||
		die "migration failed (see $STATE/oa/openattic.log)"
	pid_alive "$STATE/oa/openattic.pid" && return 0
	setsid "$OA_BIN" serve -c "$(oa_conf)" >>"$STATE/oa/openattic.log" 2>&1 </dev/null &
	local i
	for ((i = 0; i < 100; i++)); do
		[ -S "$STATE/oa/openattic.sock" ] && pid_alive "$STATE/oa/openattic.pid" && return 0
		sleep 0.1
	done
	die "openattic did not start (see $STATE/oa/openattic.log)"
}

oa_stop() { stop_pidfile "$STATE/oa/openattic.pid" 40; }

# Creates or resets user $1 with role $2 and password $3.
oa_user() { echo "$3" | "$OA_BIN" user add -c "$(oa_conf)" "$1" --role "$2" 2>/dev/null; }

# --- Ceph: single-host clusters (tests/env/ceph-cluster) under $STATE/ceph, ceph2.. ---
OA_CEPH_CLUSTERS=${OA_CEPH_CLUSTERS:-1}

# A variable (CEPH_CONF, CEPH_FSID, ...) printed by ceph-cluster start for cluster dir $1.
ceph_var() { sed -n "s/^$2=//p" "$1/out"; }

ceph_start() {
	local i d
	for ((i = 1; i <= OA_CEPH_CLUSTERS; i++)); do
		d=$STATE/ceph$([ "$i" = 1 ] || echo "$i")
		mkdir -p "$d"
		[ "$i" = 1 ] && mds_resume
		# The second cluster's key has mgr 'allow *': the manager's path to the option
		# schema (backends/ceph_options.c) is tested there, the monitor's on the first.
		OA_MGR_CAPS=$([ "$i" = 1 ] && echo 'allow rw' || echo 'allow *') \
			"$OA_ROOT/tests/env/ceph-cluster" start "$d" >"$d/out.new" 2>"$d/start.log" ||
			{ tail -n 20 "$d/start.log" >&2; die "Ceph cluster in $d did not start"; }
		mv "$d/out.new" "$d/out"
	done
}

ceph_stop() {
	local d
	for d in "$STATE"/ceph "$STATE"/ceph[0-9]; do
		[ -d "$d" ] && "$OA_ROOT/tests/env/ceph-cluster" stop "$d" >/dev/null 2>&1
	done
	return 0
}

# --- radosgw: the Object Gateway of the first cluster, under $STATE/ceph/rgw -------
# Debian's radosgw (beast) on 127.0.0.1 as client.rgw.x; tests run a second cluster
# without one. Its pools are made beforehand with 8 PGs each and without the PG
# autoscaler (which would split each to 32 a minute later): radosgw would make them
# with the default pg_num (too many PGs for 3 OSDs), and that default stays as it is
# (the pool tests check it). Its key and openattic's admin user (access_key,
# secret_key) belong to one cluster: they are kept with its fsid and made afresh for a
# new cluster (ceph-cluster replaces a fully stopped one). The port stays.
RGW_POOLS=".rgw.root default.rgw.log default.rgw.control default.rgw.meta
default.rgw.buckets.index default.rgw.buckets.data default.rgw.buckets.non-ec"

rgw_port() { cat "$STATE/ceph/rgw/port"; }
rgw_url() { echo "http://127.0.0.1:$(rgw_port)"; }
# radosgw-admin on the first cluster as client.admin (JSON on stdout).
rgw_admin() { timeout 30 radosgw-admin -c "$(ceph_var "$STATE/ceph" CEPH_CONF)" -n client.admin "$@"; }

# Whether process $1 exists and is not a zombie.
proc_alive() {
	local st
	st=$(sed -n 's/^[0-9]* (.*) \(.\) .*/\1/p' "/proc/$1/stat" 2>/dev/null)
	[ -n "$st" ] && [ "$st" != Z ]
}

# The pid of this stack's radosgw, if its pid file names a live one (checked by the
# pid file on its command line: a stale file never names another process).
rgw_pid() {
	local f=$STATE/ceph/rgw/radosgw.pid pid
	[ -s "$f" ] && pid=$(cat "$f") && [[ $pid =~ ^[0-9]+$ ]] && proc_alive "$pid" &&
		tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | grep -qxF -- "$f" && echo "$pid"
}

# The start of a python3 script that administers a cluster with one librados client
# (a ceph CLI call each would take ~0.3 s): c, connected as client.admin with the
# ceph.conf of its first argument; cmd(**monitor command), which exits on an error;
# wait_clean(what, pools), until there are that many pools and every PG is
# active+clean, as ceph-cluster start waits, so that nothing peers afterwards.
# Run as: { echo "$CEPH_ADMIN_PY"; cat <<'PY' ... PY } | /usr/bin/python3 - CONF ARGS...
CEPH_ADMIN_PY='
import json, os, sys, time
import rados

c = rados.Rados(conffile=sys.argv[1], name="client.admin")
c.connect(timeout=30)


def cmd(**kw):
    ret, out, err = c.mon_command(json.dumps(kw), b"", timeout=30)
    if ret:
        sys.exit("%s: %s" % (kw["prefix"], err))
    return out


def wait_clean(what, pools=0):
    for _ in range(600):
        p = json.loads(cmd(prefix="status", format="json"))["pgmap"]
        clean = sum(x["count"] for x in p.get("pgs_by_state", [])
                    if x["state_name"] == "active+clean")
        if p["num_pools"] >= pools and clean == p["num_pgs"]:
            return
        time.sleep(0.1)
    sys.exit("the PGs of %s did not become active+clean" % what)
'

# Pools (8 PGs, autoscale off, application rgw) and the key client.rgw.x, written to $2,
# with ceph.conf $1 (CEPH_ADMIN_PY).
rgw_setup() {
	# shellcheck disable=SC2086
	{
		echo "$CEPH_ADMIN_PY"
		cat <<'PY'
keyring, pools = sys.argv[2], sys.argv[3:]
have = set(c.list_pools())
for p in pools:
    if p not in have:
        cmd(prefix="osd pool create", pool=p, pg_num=8, pgp_num=8, autoscale_mode="off")
    cmd(prefix="osd pool application enable", pool=p, app="rgw")
key = cmd(prefix="auth get-or-create", entity="client.rgw.x",
          caps=["mon", "allow rw", "osd", "allow rwx", "mgr", "allow rw"])
fd = os.open(keyring, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
os.write(fd, key)
os.close(fd)
wait_clean("the radosgw pools", len(pools))
c.shutdown()
PY
	} | /usr/bin/python3 - "$1" "$2" $RGW_POOLS
}

# openattic's admin user on the gateway (made once): its keys into access_key and
# secret_key (0600, one line each).
rgw_admin_user() {
	local r=$STATE/ceph/rgw out
	out=$(rgw_admin user create --uid=openattic --display-name="openATTIC" \
		--caps="users=*;buckets=*;metadata=*;usage=*;zone=*" 2>>"$r/admin.log") ||
		out=$(rgw_admin user info --uid=openattic 2>>"$r/admin.log") ||
		die "radosgw-admin cannot make the openattic user (see $r/admin.log)"
	(umask 077 && python3 -c '
import json, sys
k = json.loads(sys.argv[1])["keys"][0]
for name in ("access_key", "secret_key"):
    with open(sys.argv[2] + "/" + name, "w") as f:
        f.write(k[name] + "\n")' "$out" "$r") || die "no keys for the openattic user on the gateway"
}

rgw_start() {
	local d=$STATE/ceph r=$STATE/ceph/rgw conf fsid code i
	[ -f "$d/out" ] || die "radosgw: no Ceph cluster in $d (ceph_start first)"
	conf=$(ceph_var "$d" CEPH_CONF)
	fsid=$(ceph_var "$d" CEPH_FSID)
	mkdir -p "$r"
	if [ "$(cat "$r/fsid" 2>/dev/null)" != "$fsid" ]; then
		# A new cluster: what is here (key, admin keys, demo mark) served the one before.
		rgw_stop
		find "$r" -mindepth 1 -maxdepth 1 ! -name port -exec rm -rf {} +
		rgw_setup "$conf" "$r/keyring" 2>>"$r/setup.log" ||
			{ tail -n 5 "$r/setup.log" >&2; die "cannot prepare the pools and key of radosgw"; }
		echo "$fsid" >"$r/fsid"
	fi
	[ -f "$r/port" ] || free_port >"$r/port"
	if ! rgw_pid >/dev/null; then
		rm -f "$r/radosgw.pid"
		# It daemonizes itself and writes its pid file.
		radosgw -c "$conf" -n client.rgw.x --keyring "$r/keyring" \
			--rgw-frontends="beast endpoint=127.0.0.1:$(rgw_port)" --rgw-dns-name=localhost \
			--pid-file "$r/radosgw.pid" --log-file "$r/radosgw.log" \
			</dev/null >>"$r/radosgw.stderr" 2>&1 ||
			{ tail -n 5 "$r/radosgw.stderr" >&2; die "radosgw did not start"; }
	fi
	for ((i = 0; i < 300; i++)); do
		code=$(curl -s -o /dev/null -m 2 -w '%{http_code}' "$(rgw_url)/") || true
		[ "$code" != 000 ] && [ -n "$code" ] && break
		# Not running once its pid file was written (or after 5 s): it failed.
		if ! rgw_pid >/dev/null && { [ -s "$r/radosgw.pid" ] || [ "$i" -ge 50 ]; }; then
			tail -n 5 "$r/radosgw.log" >&2
			die "radosgw exited (see $r/radosgw.log)"
		fi
		sleep 0.1
	done
	[ "$i" -lt 300 ] || die "radosgw does not answer on $(rgw_url) (see $r/radosgw.log)"
	if [ ! -s "$r/access_key" ] || [ ! -s "$r/secret_key" ]; then rgw_admin_user; fi
}

# Whether any of the processes $@ is alive.
any_alive() {
	local pid
	for pid in "$@"; do proc_alive "$pid" && return 0; done
	return 1
}

# SIGTERM (and SIGCONT: a frozen one must see it) to the processes $2...; SIGKILL to
# those still alive after $1 s.
term_procs() {
	local secs=$1 pid i
	shift
	[ $# -gt 0 ] || return 0
	kill -TERM "$@" 2>/dev/null
	kill -CONT "$@" 2>/dev/null
	for ((i = 0; i < secs * 10; i++)); do
		any_alive "$@" || return 0
		sleep 0.1
	done
	for pid in "$@"; do proc_alive "$pid" && kill -KILL "$pid" 2>/dev/null; done
	return 0
}

# SIGTERM, SIGKILL after OA_RGW_STOP_S.
rgw_stop() {
	local pid
	pid=$(rgw_pid) || { rm -f "$STATE/ceph/rgw/radosgw.pid"; return 0; }
	term_procs "${OA_RGW_STOP_S:-10}" "$pid"
	rm -f "$STATE/ceph/rgw/radosgw.pid"
	return 0
}

# --- CephFS: the MDS daemons of the first cluster, under $STATE/ceph/mds -------------
# Debian's ceph-mds as mds.a, mds.b, ... (OA_MDS_COUNT, default 3): one is active for
# the default file system `cephfs`, the others stand by, so that a file system the
# tests make becomes active too. Each has its data, keyring, pid file, admin socket
# and log under mds/. A test cluster notices a dead MDS in seconds (beacons every
# second, 4 s of grace, the monitor's tick 1 s; a real cluster: 4, 15, 5 s) and a
# new active one waits at most 5 s for clients that do not come back (45 s). As for radosgw, the keys and the file
# system belong to one cluster (the fsid): a fresh cluster gets fresh MDS state.
OA_MDS_COUNT=${OA_MDS_COUNT:-3}
MDS_FS=cephfs

mds_dir() { echo "$STATE/ceph/mds"; }
# The daemons' names: those set up for this cluster, else OA_MDS_COUNT of a, b, ...
mds_names() {
	if [ -s "$(mds_dir)/names" ]; then cat "$(mds_dir)/names"; else
		echo {a..z} | cut -d' ' -f "1-$OA_MDS_COUNT"
	fi
}

# The pid of this stack's mds.$1 if its pid file names a live one (the pid file is on
# its command line: a stale file never names another process).
mds_pid() {
	local f pid
	f=$(mds_dir)/$1.pid
	[ -s "$f" ] && pid=$(cat "$f") && [[ $pid =~ ^[0-9]+$ ]] && proc_alive "$pid" &&
		tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | grep -qxF -- "$f" && echo "$pid"
}

# Keys of the MDS daemons $3..., the speed settings, the file system $2 (pools of 8
# and 16 PGs, autoscale off) and an mds cap for openattic's own key, with ceph.conf $1
# (CEPH_ADMIN_PY). Waits until the new pools' PGs are active+clean. openattic mounts
# CephFS with its key (client.openattic): `allow *` because MDS commands (session ls,
# evict) need it; quotas need p, snapshots s.
mds_setup() {
	{
		echo "$CEPH_ADMIN_PY"
		cat <<'PY'
fs, names = sys.argv[2], sys.argv[3:]
mdsdir = os.path.dirname(os.path.abspath(sys.argv[1])) + "/mds"
for n in names:
    os.makedirs("%s/%s" % (mdsdir, n), exist_ok=True)
    key = cmd(prefix="auth get-or-create", entity="mds." + n,
              caps=["mon", "allow profile mds", "osd", "allow rwx", "mds", "allow *",
                    "mgr", "allow profile mds"])
    with open("%s/%s/keyring" % (mdsdir, n), "wb") as f:
        f.write(key)
# The monitor checks beacons on its tick, and a tick longer than the grace resets them
# all ("mon delay"): with the default 5 s tick a dead MDS would never be failed.
for who, name, value in (("global", "mds_beacon_grace", "4"),
                         ("global", "mds_beacon_interval", "1"),
                         ("global", "mds_reconnect_timeout", "5"),
                         ("mon", "mon_tick_interval", "1")):
    cmd(prefix="config set", who=who, name=name, value=value)
oa = json.loads(cmd(prefix="auth get", entity="client.openattic", format="json"))[0]
caps = dict(oa["caps"])
if caps.get("mds") != "allow *":
    caps["mds"] = "allow *"
    cmd(prefix="auth caps", entity="client.openattic",
        caps=[x for k, v in sorted(caps.items()) for x in (k, v)])
cmd(prefix="fs flag set", flag_name="enable_multiple", val="true", yes_i_really_mean_it=True)
pools = {"cephfs.%s.meta" % fs: 8, "cephfs.%s.data" % fs: 16}
have = set(c.list_pools())
for p, pgs in pools.items():
    if p not in have:
        cmd(prefix="osd pool create", pool=p, pg_num=pgs, pgp_num=pgs, autoscale_mode="off")
if fs not in [f["name"] for f in json.loads(cmd(prefix="fs ls", format="json"))]:
    cmd(prefix="fs new", fs_name=fs, metadata="cephfs.%s.meta" % fs, data="cephfs.%s.data" % fs)
wait_clean("the CephFS pools")
c.shutdown()
PY
	} | /usr/bin/python3 - "$@"
}

# Waits (up to $3 s) until file system $2 has an active MDS and every MDS of ours that
# runs is in the FSMap (active somewhere, or a standby). ceph.conf is $1.
mds_wait() {
	{
		echo "$CEPH_ADMIN_PY"
		cat <<'PY'
fs, wait, names = sys.argv[2], float(sys.argv[3]), set(sys.argv[4:])
end, why = time.time() + wait, "no answer"
while time.time() < end:
    ret, out, err = c.mon_command(json.dumps({"prefix": "fs dump", "format": "json"}), b"",
                                  timeout=10)
    if ret == 0:
        d = json.loads(out)
        seen = {i["name"] for i in d.get("standbys", [])}
        active = False
        for f in d.get("filesystems", []):
            for i in f["mdsmap"]["info"].values():
                seen.add(i["name"])
                if f["mdsmap"]["fs_name"] == fs and i["state"] == "up:active":
                    active = True
        if active and names <= seen:
            sys.exit(0)
        why = "file system %s %s, daemons not in the map: %s" % (
            fs, "active" if active else "not active", " ".join(sorted(names - seen)) or "none")
    time.sleep(0.1)
sys.exit("CephFS: " + why)
PY
	} | /usr/bin/python3 - "$1" "$2" "$3" $(for n in $(mds_names); do mds_pid "$n" >/dev/null && echo "$n"; done)
}

# Starts mds.$1 (it daemonizes and writes its pid file). ceph.conf is $2.
mds_run() {
	local m n=$1
	m=$(mds_dir)
	mds_pid "$n" >/dev/null && return 0
	rm -f "$m/$n.pid" "$m/$n.asok"
	ceph-mds -c "$2" -i "$n" --mds-data "$m/$n" --keyring "$m/$n/keyring" \
		--pid-file "$m/$n.pid" --admin-socket "$m/$n.asok" --log-file "$m/$n.log" \
		</dev/null >>"$m/$n.stderr" 2>&1 || { tail -n 5 "$m/$n.stderr" >&2; die "mds.$n did not start"; }
}

# Starts the MDS daemons named (all when none), setting things up first for a new
# cluster; waits until the file system cephfs is active.
mds_start() {
	local d=$STATE/ceph m conf fsid n names
	[ -f "$d/out" ] || die "MDS: no Ceph cluster in $d (ceph_start first)"
	m=$(mds_dir)
	conf=$(ceph_var "$d" CEPH_CONF)
	fsid=$(ceph_var "$d" CEPH_FSID)
	mkdir -p "$m"
	if [ "$(cat "$m/fsid" 2>/dev/null)" != "$fsid" ]; then
		# A new cluster: what is here (keys, MDS data, demo mark) served the one before.
		mds_stop
		find "$m" -mindepth 1 -maxdepth 1 -exec rm -rf {} +
		# shellcheck disable=SC2046
		mds_setup "$conf" "$MDS_FS" $(mds_names) 2>>"$m/setup.log" ||
			{ tail -n 5 "$m/setup.log" >&2; die "cannot prepare the MDS keys and the file system"; }
		names=$(mds_names) && echo "$names" >"$m/names"
		echo "$fsid" >"$m/fsid"
	fi
	for n in ${*:-$(mds_names)}; do mds_run "$n" "$conf"; done
	mds_wait "$conf" "$MDS_FS" 60 2>>"$m/setup.log" ||
		{ tail -n 1 "$m/setup.log" >&2; die "CephFS did not become active (see $m/*.log)"; }
}

# Starts the stopped MDS daemons of a running first cluster: without them its file
# system is offline (HEALTH_ERR), and ceph-cluster start would wait for HEALTH_OK in vain.
mds_resume() {
	local d=$STATE/ceph pid n
	[ -f "$d/out" ] && [ -s "$(mds_dir)/fsid" ] || return 0
	[ "$(cat "$(mds_dir)/fsid")" = "$(ceph_var "$d" CEPH_FSID)" ] || return 0
	pid=$(cat "$d/run/mon.a.pid" 2>/dev/null) && proc_alive "$pid" || return 0
	for n in $(mds_names); do mds_run "$n" "$(ceph_var "$d" CEPH_CONF)"; done
}

# Stops the MDS daemons named (all when none): SIGTERM; one tells the monitor it is
# going at once but takes ~8 s to exit, so SIGKILL after OA_MDS_STOP_S (3).
mds_stop() {
	local n pid pids=()
	for n in ${*:-$(mds_names)}; do
		pid=$(mds_pid "$n") && pids+=("$pid")
	done
	term_procs "${OA_MDS_STOP_S:-3}" "${pids[@]}"
	for n in ${*:-$(mds_names)}; do
		mds_pid "$n" >/dev/null || rm -f "$(mds_dir)/$n.pid" "$(mds_dir)/$n.asok"
	done
	return 0
}

# --- the salt-api stand-in (tests/salt/standin.py): Debian ships no Salt -------------
# Its gateway minions run real NFS-Ganesha and tgt daemons (files under salt/gw/<minion>,
# each writing a pid file there) on the standard ports of the minions' own addresses,
# 127.0.N.11-16: each stack claims its N in $SUBNETS (a claim whose state directory is
# gone is free again), so the demo and the tests serve side by side.
SUBNETS=/var/tmp/openattic-subnets

salt_subnet() {
	local d=$STATE/salt n claim
	[ -s "$d/subnet" ] && { cat "$d/subnet"; return 0; }
	mkdir -p "$SUBNETS"
	for ((n = 0; n < 250; n++)); do
		claim=$SUBNETS/$n
		[ -f "$claim" ] && [ ! -d "$(cat "$claim")" ] && rm -f "$claim"
		if (set -C && echo "$STATE" >"$claim") 2>/dev/null; then
			echo "127.0.$n" | tee "$d/subnet"
			return 0
		fi
	done
	die "no free 127.0.N subnet for the minions (claims in $SUBNETS)"
}

salt_start() {
	local d=$STATE/salt subnet
	mkdir -p "$d/gw"
	[ -f "$d/port" ] || free_port >"$d/port"
	[ -s "$d/sharedsecret" ] || python3 -c 'import uuid; print(uuid.uuid4())' >"$d/sharedsecret"
	pid_alive "$d/standin.pid" && return 0
	subnet=$(salt_subnet) || exit 1
	setsid python3 "$OA_ROOT/tests/salt/standin.py" --port "$(cat "$d/port")" --state-dir "$d" \
		--sharedsecret "$(cat "$d/sharedsecret")" --pid-file "$d/standin.pid" \
		--subnet "$subnet" --gateway-dir "$d/gw" --ceph-conf "$(ceph_var "$STATE/ceph" CEPH_CONF)" \
		${OA_SALT_ARGS:-} >>"$d/standin.log" 2>&1 </dev/null &
	wait_http "http://127.0.0.1:$(cat "$d/port")/" || die "the salt-api stand-in did not start"
}

# The address of minion $1 (igw1 igw2 nfs1 mon1 igw3 nfs0) in this stack.
minion_ip() {
	local last
	case $1 in igw1) last=11 ;; igw2) last=12 ;; nfs1) last=13 ;; mon1) last=14 ;;
	igw3) last=15 ;; nfs0) last=16 ;; *) return 1 ;; esac
	echo "$(cat "$STATE/salt/subnet").$last"
}

salt_stop() {
	local f
	stop_pidfile "$STATE/salt/standin.pid" 5
	for f in "$STATE"/salt/gw/*/*.pid; do
		[ -f "$f" ] && stop_pidfile "$f" 10
	done
	return 0
}

# --- nginx: the site template, serving a copy of web/ ----------------------------
nginx_port() { cat "$STATE/nginx/port"; }

nginx_start() {
	local n=$STATE/nginx
	mkdir -p "$n/tmp" "$STATE/web"
	[ -f "$n/port" ] || echo "${NGINX_PORT:-$(free_port)}" >"$n/port"
	[ -f "$n/http_port" ] || free_port >"$n/http_port" # the redirecting plain-HTTP server
	# nginx's workers run as nobody: they read a copy of the built console (the build
	# tree's web/dist, beside its fcgi/openattic) under the state directory.
	rm -rf "$STATE/web" && mkdir -p "$STATE/web"
	cp -r "$(dirname "$OA_BIN")/../web/dist/." "$STATE/web/" || die "the web console is not built"
	sed -e "s|@LISTEN@|127.0.0.1:$(nginx_port)|" -e "s|@WEBROOT@|$STATE/web|" \
		-e "s|@HTTP_LISTEN@|127.0.0.1:$(cat "$n/http_port")|" \
		-e "s|@SOCKET@|unix:$STATE/oa/openattic.sock|" \
		"$OA_ROOT/conf/nginx/openattic.conf" >"$n/site.conf"
	cat >"$n/nginx.conf" <<CONF
$([ "$(id -u)" = 0 ] && echo "user nobody nogroup; # the socket's group (socket_group)")
worker_processes 2;
pid $n/nginx.pid;
error_log $n/error.log warn;
events { worker_connections 4096; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    client_body_temp_path $n/tmp/body;
    fastcgi_temp_path $n/tmp/fastcgi;
    proxy_temp_path $n/tmp/proxy;
    uwsgi_temp_path $n/tmp/uwsgi;
    scgi_temp_path $n/tmp/scgi;
    include $n/site.conf;
}
CONF
	if pid_alive "$n/nginx.pid"; then
		nginx -p "$n" -c "$n/nginx.conf" -e "$n/error.log" -s reload || die "nginx reload failed"
		return 0
	fi
	nginx -p "$n" -c "$n/nginx.conf" -e "$n/error.log" || die "nginx did not start"
}

nginx_stop() { stop_pidfile "$STATE/nginx/nginx.pid" 10; }

# --- the whole stack --------------------------------------------------------------
STACK_PARTS="pg ceph rgw mds salt oa nginx"

stack_start() {
	local part
	mkdir -p "$STATE"
	chmod 755 "$STATE"
	for part in $STACK_PARTS; do "${part}_start"; done
	printf 'OA_BIN=%q\nSTACK_PARTS=%q\n' "$OA_BIN" "$STACK_PARTS" >"$STATE/env"
	wait_http "http://127.0.0.1:$(nginx_port)/api/health" || die "the API does not answer"
}

stack_stop() {
	local parts="" part
	for part in $STACK_PARTS; do parts="$part $parts"; done
	for part in $parts; do "${part}_stop"; done
}

# Waits until URL answers 200 (up to 15 s).
wait_http() {
	local i
	for ((i = 0; i < 150; i++)); do
		[ "$(curl -s -o /dev/null -w '%{http_code}' "$1")" = 200 ] && return 0
		sleep 0.1
	done
	return 1
}
