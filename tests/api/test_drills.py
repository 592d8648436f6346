"""test_drills.py - the fault drills (issue 11), each under load. 32 logged-in clients,
each from its own address (127.0.21.1-32: nginx limits writes per address), send mixed
reads and writes through nginx, and an admin queues tasks (purges and Salt pings),
while one fault is injected: PostgreSQL SIGKILLed and started again (kept down longer
than the runners' stale_s), cluster 1's monitor SIGSTOPped for 10 s, the salt-api
stand-in SIGKILLed and started again, a worker and a runner SIGKILLed, the master
SIGHUPed. Each drill proves:
  - every answer is the expected 2xx, or a 503 in the API's error shape, within 5 s:
    never a hang, a 500 or a 502 (nginx's 503 server_unavailable only where a process
    was killed mid-request);
  - service comes back without restarting openattic (bounded wait), and every request
    sent a second after that gets its 2xx;
  - every write answered 2xx has its audit row, completed with that status (found by a
    marker unique to the request: a token's description, a token's path, a task id), or
    begun for it and left without outcome when the database went away in between
    (README, Decisions: Audit; the drill's summary line counts them);
  - every task queued during the drill ends exactly once: its row reaches a final state
    that matches the one end its runner logged (a purge that succeeded has its result),
    and each Salt job was submitted once."""

import http.client
import json
import os
import re
import secrets
import signal
import threading
import time

import oa
from oa import wait_for

LIMIT_S = 5.0  # every answer within this
NO_ANSWER_S = 15  # a request still unanswered after this is a hang
CLIENTS = 32
PAUSE_S = 0.05  # between two requests of one client
WARM_S = 2  # load before the fault
AFTER_S = 3  # load after the service came back
MAX_LOAD_S = 90  # no load thread outlives this, whatever happens
FINAL = ("succeeded", "failed", "cancelled")
# The 503s a fault may cause (server_unavailable, nginx's own, is counted apart).
ERROR_503 = {"database_unavailable", "audit_unavailable", "cluster_unreachable",
             "salt_unreachable", "server_busy", "server_unavailable"}


class Answer:
    def __init__(self, t0, method, path, want, marker=None):
        self.t0, self.method, self.path, self.want, self.marker = t0, method, path, want, marker
        self.source = None
        self.dt, self.status, self.json, self.ctype = 0.0, 0, None, ""

    def code(self):
        e = self.json.get("error") if isinstance(self.json, dict) else None
        return e.get("code") if isinstance(e, dict) else None

    def __repr__(self):
        return "%s %s -> %d %s in %.2fs" % (self.method, self.path, self.status,
                                            self.code() or "", self.dt)


def call(source, method, path, want, body=None, token=None, marker=None):
    """One request on a new connection from source; the Answer, whatever happens."""
    a = Answer(time.time(), method, path, want, marker)
    a.source = source
    h = {"Authorization": "Bearer " + token} if token else {}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        h["Content-Type"] = "application/json"
    c = http.client.HTTPConnection(oa.HOST, oa.PORT, timeout=NO_ANSWER_S,
                                   source_address=(source, 0))
    try:
        c.request(method, path, body=data, headers=h)
        r = c.getresponse()
        raw = r.read()
        a.status, a.ctype = r.status, r.getheader("Content-Type", "")
        try:
            a.json = json.loads(raw) if raw else None
        except ValueError:
            pass
    except (OSError, http.client.HTTPException):
        a.status = 0
    finally:
        c.close()
    a.dt = time.time() - a.t0
    return a


def verdict(a):
    """None if a is an acceptable answer under a fault, else what is wrong with it."""
    if a.status == 0:
        return "no answer within %ds" % NO_ANSWER_S
    if a.dt > LIMIT_S:
        return "answered after %.1fs" % a.dt
    if a.status == a.want:
        return None
    if a.status == 503 and a.path == "/api/health" and isinstance(a.json, dict) and \
            "status" in a.json:
        return None  # health's own answer: the database is down
    if a.status == 503 and a.ctype.startswith("application/json") and \
            a.code() in ERROR_503 and isinstance(a.json["error"].get("message"), str):
        return None
    return "unexpected %d" % a.status


class Threads:
    """Threads that loop until stopped (or MAX_LOAD_S), keeping every Answer."""

    def __init__(self):
        self.answers, self.lock, self.stopping = [], threading.Lock(), threading.Event()
        self.threads = []

    def keep(self, a):
        with self.lock:
            self.answers.append(a)
        return a

    def spawn(self, fn, *args):
        def loop():
            end, n = time.time() + MAX_LOAD_S, 0
            while not self.stopping.is_set() and time.time() < end:
                fn(n, *args)
                n += 1
        t = threading.Thread(target=loop, daemon=True)
        t.start()
        self.threads.append(t)

    def stop(self):
        self.stopping.set()
        for t in self.threads:
            t.join(NO_ANSWER_S * 2 + 1)
        assert not any(t.is_alive() for t in self.threads), "a load thread hangs"


_sessions = []


def sessions():
    """CLIENTS bearer tokens of one operator, each logged in from its own address."""
    if not _sessions:
        name, pw = oa.make_user("operator")
        for i in range(CLIENTS):
            a = call(source(i), "POST", "/api/auth/login", 200,
                     {"username": name, "password": pw})
            assert a.status == 200, a
            _sessions.append(a.json["token"])
    return _sessions


def source(i):
    return "127.0.21.%d" % (i + 1)


class Load(Threads):
    """The 32 clients: per cycle of 7 requests, 6 reads and a token created (marker in
    its description) and revoked again - two audited writes."""

    def __init__(self, tag):
        super().__init__()
        self.tag = "drill-%s-%s" % (tag, secrets.token_hex(3))
        c1, c2 = oa.cluster(1)[0], oa.cluster(2)[0]
        self.reads = ["/api/auth/me", "/api/tasks?limit=5", "/api/clusters/%s/pools" % c1, None,
                      "/api/clusters/%s/pools" % c2, "/api/health", "/api/nodes?limit=10"]
        for i, tok in enumerate(sessions()):
            self.spawn(self.one, i, tok)

    def one(self, n, i, tok):
        path = self.reads[(n + i) % len(self.reads)]
        if path:
            self.keep(call(source(i), "GET", path, 200, token=tok))
        else:
            marker = "%s-%d-%d" % (self.tag, i, n)
            a = self.keep(call(source(i), "POST", "/api/tokens", 201, {"description": marker},
                               token=tok, marker=marker))
            if a.status == 201:
                self.keep(call(source(i), "DELETE", "/api/tokens/%d" % a.json["id"], 204,
                               token=tok))
        self.stopping.wait(PAUSE_S)


class Feed(Threads):
    """An admin queueing tasks all along: three purges, then a Salt ping of igw1."""

    def __init__(self):
        super().__init__()
        a = call(source(99), "POST", "/api/auth/login", 200,
                 {"username": os.environ["OA_ADMIN_USER"],
                  "password": os.environ["OA_ADMIN_PASSWORD"]})
        assert a.status == 200, a
        self.spawn(self.one, a.json["token"])

    def one(self, n, tok):
        if n % 4 == 3:
            self.keep(call(source(99), "POST", "/api/nodes/ping", 202,
                           {"target": "igw1", "timeout_s": 20}, token=tok))
        else:
            self.keep(call(source(99), "POST", "/api/maintenance/purge", 202, {}, token=tok))
        self.stopping.wait(0.3)

    def task_ids(self):
        return sorted(a.json["id"] for a in self.answers if a.status == 202)


def sql_list(items):
    return ",".join("'%s'" % i if isinstance(i, str) else str(i) for i in items) or "NULL"


def audit_problems(answers, since):
    """The 2xx writes without their audit row, and how many have one that the failure
    to complete it left with a NULL status (README, Decisions: Audit)."""
    writes = [a for a in answers if a.method != "GET" and 200 <= a.status < 300]
    markers = {a.marker: a for a in writes if a.marker}
    paths = {a.path: a for a in writes if a.method == "DELETE"}
    tasks = {a.json["id"]: a for a in writes if a.status == 202}
    found = {}
    if markers:
        tag = next(iter(markers)).rsplit("-", 2)[0]
        for row in oa.psql("SELECT request->>'description', status FROM audit WHERE "
                           "method = 'POST' AND path = '/api/tokens' AND "
                           "request->>'description' LIKE '%s-%%'" % tag).splitlines():
            m, st = row.split("|")
            found[("m", m)] = st
    if paths:
        for row in oa.psql("SELECT path, status FROM audit WHERE method = 'DELETE' AND "
                           "path IN (%s)" % sql_list(list(paths))).splitlines():
            p, st = row.split("|")
            found[("p", p)] = st
    if tasks:
        for row in oa.psql("SELECT task_id, status FROM audit WHERE task_id IN (%s)"
                           % sql_list(list(tasks))).splitlines():
            t, st = row.split("|")
            found[("t", int(t))] = st
    # Rows begun but never completed (the database went away in between), by client.
    begun = [r.split("|") for r in oa.psql(
        "SELECT client, method, path, extract(epoch FROM at) FROM audit WHERE status IS "
        "NULL AND at >= to_timestamp(%f)" % since).splitlines()]
    out, unknown = [], 0
    for key, a in [(("m", m), a) for m, a in markers.items()] + \
            [(("p", p), a) for p, a in paths.items()] + [(("t", t), a) for t, a in tasks.items()]:
        if found.get(key) == str(a.status):
            continue
        row = [b for b in begun if b[:3] == [a.source, a.method, a.path] and
               a.t0 - 1 <= float(b[3]) <= a.t0 + a.dt + 1]
        if row:
            begun.remove(row[0])
            unknown += 1
        elif key not in found:
            out.append("no audit row: %r %s" % (a, key[1]))
        else:
            out.append("audit row says %r: %r %s" % (found[key] or "NULL", a, key[1]))
    return out, unknown


LOG_END = re.compile(r"task (\d+) \(([^)]+)\) (started|put back|succeeded|failed|cancelled)")
LOG_LOST = re.compile(r"task (\d+) failed: its runner (\S+) was lost")


def task_problems(ids, failures_ok):
    """Tasks that did not end exactly once, or ended other than as failures_ok allow."""
    def rows():
        got = oa.psql("SELECT id, kind, state, attempts, coalesce(error->>'code', ''), "
                      "result IS NOT NULL, coalesce(target->>'jid', '') FROM tasks "
                      "WHERE id IN (%s)" % sql_list(ids)).splitlines()
        r = {int(l.split("|")[0]): l.split("|")[1:] for l in got}
        return r if all(v[1] in FINAL for v in r.values()) else None
    if not ids:
        return []
    try:
        rows = wait_for(rows, timeout=60, step=0.5, what="the drill's tasks to end")
    except AssertionError:
        rows = {int(l.split("|")[0]): l.split("|")[1:] for l in oa.psql(
            "SELECT id, kind, state, attempts, '', 'f', '' FROM tasks WHERE id IN (%s)"
            % sql_list(ids)).splitlines()}
    log = {}
    with open(os.path.join(oa.STATE, "oa", "openattic.log"), errors="replace") as f:
        for line in f:
            m = LOG_END.search(line) or LOG_LOST.search(line)
            if m and int(m.group(1)) in rows:
                word = m.group(3) if m.re is LOG_END else "lost"
                log.setdefault(int(m.group(1)), []).append(word)
    out = []
    for i in ids:
        if i not in rows:
            out.append("task %d: its row is gone" % i)
            continue
        kind, state, attempts, code, has_result, _ = rows[i]
        words = log.get(i, [])
        ends = [w for w in words if w in FINAL or w == "lost"]
        runs = words.count("started") - words.count("put back")
        what = "task %d (%s) %s %s, attempts %s, log %s" % (i, kind, state, code, attempts, words)
        if state not in FINAL:
            out.append("never ended: " + what)
        elif len(ends) != 1:
            out.append("ended %d times: %s" % (len(ends), what))
        elif runs != 1 and not (runs == 0 and ends == ["lost"]):
            out.append("run %d times: %s" % (runs, what))
        elif (ends[0] == "lost") != (code == "runner_lost") or \
                (ends[0] != "lost" and ends[0] != state):
            out.append("row and log disagree: " + what)
        elif state == "failed" and code not in failures_ok:
            out.append("failed: " + what)
        elif kind == "maintenance.purge" and state == "succeeded" and has_result != "t":
            out.append("succeeded without its result: " + what)
    jids = [rows[i][5] for i in rows if rows[i][0] == "salt.job" and rows[i][5]]
    if len(set(jids)) != len(jids):
        out.append("two tasks followed one Salt job: %s" % jids)
    return out


def salt_submissions():
    """The jids of the local_async jobs the stand-in received since its last reset."""
    return [j["jid"] for j in json.loads(oa.ctl("salt", "jobs"))["jobs"]
            if (j.get("lowstate") or {}).get("client") == "local_async"]


def drill(name, fault, recovered, unavailable_ok=0, failures_ok=(), salt_log=True):
    """Runs the load and the task feed, fault() (which undoes itself), waits for
    recovered(), and checks everything the module docstring promises. salt_log: the
    stand-in's job log covers the whole drill (it starts again with the stand-in)."""
    oa.ctl("salt", "reset")  # a fresh job log: every submission below is ours
    # Pings that take 2-3 s: some are always in hand when the fault strikes.
    oa.ctl("salt", "faults", json.dumps({"delay": [2, 3]}))
    t_start = time.time()
    load, feed = Load(name), Feed()
    try:
        time.sleep(WARM_S)
        fault()
        t_undone = time.time()
        wait_for(recovered, timeout=45, step=0.5, what="service back after the %s drill" % name)
        t_back = time.time()
        time.sleep(AFTER_S)
    finally:
        load.stop()
        feed.stop()
    oa.ctl("salt", "faults", json.dumps({"delay": [0.3, 1.5]}))  # the stand-in's default
    answers = load.answers + feed.answers
    problems = ["%s: %r" % (verdict(a), a) for a in answers if verdict(a)]
    unavailable = [a for a in answers if a.status == 503 and a.code() == "server_unavailable"]
    if len(unavailable) > unavailable_ok:
        problems += ["nginx found no worker: %r" % a for a in unavailable]
    problems += ["not back a second after recovery: %r" % a for a in answers
                 if a.t0 > t_back + 1 and a.status != a.want]
    audit, unknown = audit_problems(answers, t_start)
    problems += audit
    ids = feed.task_ids()
    problems += task_problems(ids, failures_ok)
    # Each ping task's job submitted once: no job without its task (a resubmission),
    # none twice, and (with the whole log) none missing.
    subs = salt_submissions()
    jids = set(oa.psql("SELECT target->>'jid' FROM tasks WHERE id IN (%s) AND "
                       "kind = 'salt.job'" % sql_list(ids)).split())
    if len(set(subs)) != len(subs) or set(subs) - jids or (salt_log and jids - set(subs)):
        problems.append("Salt jobs submitted %s, tasks followed %s" % (sorted(subs),
                                                                      sorted(jids)))
    codes = {}
    for a in answers:
        if a.status == 503:
            codes[a.code()] = codes.get(a.code(), 0) + 1
    print("  drill %s: %d answers (%d writes), 503s %s, slowest %.2fs; fault undone after "
          "%.1fs, back %.1fs later; %d tasks; %d audit rows without outcome; %d problems" % (
              name, len(answers), sum(a.method != "GET" for a in answers), codes,
              max(a.dt for a in answers), t_undone - t_start - WARM_S, t_back - t_undone,
              len(ids), unknown, len(problems)), flush=True)
    assert not problems, "%d problems:\n%s" % (len(problems), "\n".join(problems[:25]))


def good(*paths):
    c = admin()
    return all(c.get(p).status == 200 for p in paths)


_admin = []


def admin():
    if not _admin:
        _admin.append(oa.admin())
    return _admin[0]


def pids(kind):
    return sorted(int(p) for p in oa.ctl("pids", kind).split())


def test_drill_postgres_killed_and_started_again():
    def fault():
        oa.ctl("pg-kill")
        time.sleep(6)  # longer than the runners' stale_s (5 s here): a failover may be
        oa.ctl("pg-start")

    def recovered():
        c = admin()
        r = c.post("/api/tokens", {"description": "drill-pg-back"})
        return c.get("/api/tasks?limit=1").status == 200 and r.status == 201 and \
            c.delete("/api/tokens/%d" % r.json["id"]).status == 204

    master = oa.ctl("master-pid").strip()
    drill("pg", fault, recovered, failures_ok=("database_unavailable",))
    assert oa.ctl("master-pid").strip() == master


def test_drill_monitor_frozen_for_10s():
    fsid1 = oa.cluster(1)[0]

    def fault():
        oa.ctl("ceph", "1", "freeze-mon")
        try:
            time.sleep(10)
        finally:
            oa.ctl("ceph", "1", "thaw-mon")

    workers = pids("worker")
    drill("mon", fault, lambda: good(*["/api/clusters/%s/pools" % fsid1] * 4))
    assert pids("worker") == workers  # the same processes serve again


def test_drill_salt_api_killed_and_started_again():
    def fault():
        oa.ctl("salt", "kill")
        try:
            time.sleep(3)
        finally:
            oa.ctl("salt", "start")
            restarted.append(time.time())

    def recovered():  # a ping the feed queued since the restart has succeeded
        return oa.psql("SELECT count(*) FROM tasks WHERE kind = 'salt.job' AND state = "
                       "'succeeded' AND created_at > to_timestamp(%f)" % restarted[0]) != "0"

    restarted = []
    # The stand-in's job log starts again with it: submissions are checked since then.
    drill("salt", fault, recovered, salt_log=False)


def test_drill_worker_and_runner_killed():
    before_w, before_r = pids("worker"), pids("runner")

    def fault():
        held = oa.psql("SELECT runner FROM tasks WHERE state = 'running' LIMIT 1")
        runner = int(held.rsplit("/", 1)[1]) if held else before_r[0]
        if runner not in before_r:
            runner = before_r[0]
        os.kill(before_w[0], signal.SIGKILL)
        os.kill(runner, signal.SIGKILL)

    def recovered():
        w, r = pids("worker"), pids("runner")
        return len(w) == 4 and len(r) == 2 and set(w) != set(before_w) and \
            set(r) != set(before_r) and good("/api/tasks?limit=1", "/api/auth/me")

    # The killed worker's request in hand is lost (nginx answers it 503); a task the
    # killed runner held fails runner_lost.
    drill("kill", fault, recovered, unavailable_ok=1, failures_ok=("runner_lost",))


def test_drill_master_sighup():
    def fault():
        for _ in range(3):  # each roll is one more chance to catch a request in hand
            before = set(pids("worker") + pids("runner"))
            oa.ctl("reload")
            wait_for(lambda: (lambda now: len(now) == 6 and not now & before)(
                set(pids("worker") + pids("runner"))), timeout=15, what="every child rolled")
            time.sleep(0.5)

    drill("hup", fault, lambda: good("/api/auth/me", "/api/tasks?limit=1"))
