"""master.py - the Salt master behind the salt-api stand-in (standin.py): sessions (eauth
tokens), the key directory, the job cache, the event bus, and the runner and wheel
functions (RUNNERS, WHEELS). Jobs get jids as salt.utils.jid.gen_jid makes them; each
targeted minion's return is computed at submission (minions.py) and becomes visible at
its due time, so results fill in minion by minion, and a minion that is down never
returns. Faults (FAULT_DEFAULTS) apply to what is submitted after they are set. With a
state directory, the job cache and keys are files and survive a restart."""

import copy
import fnmatch
import hashlib
import heapq
import json
import os
import secrets
import sys
import threading
import time
from datetime import datetime, timedelta, timezone

from minions import GRAINS, MINIONS, STATE_FUNS, match_one, run_function, split_args

USER = "admin"  # the only user in external_auth (DeepSea's eauth.conf)
PERMS = [".*", "@runner", "@wheel"]
MASTER_ID = "salt_master"  # runner jobs return from "<master id>_master"
CLIENTS = ["local", "local_async", "runner", "runner_async", "wheel", "wheel_async"]
RESERVED = {"client", "fun", "tgt", "tgt_type", "expr_form", "arg", "kwarg", "timeout", "token",
            "username", "password", "eauth", "full_return", "ret", "batch", "match"}
FAULT_DEFAULTS = {
    "delay": [0.3, 1.5],   # a job's minions return staggered over [lo, hi] seconds
    "delays": {},          # per-minion delay override {mid: seconds}
    "down": [],            # minions that never answer (still targeted, as Salt does)
    "failing": [],         # minions whose every call fails (states: result false)
    "timeout": 5.0,        # default wait of a synchronous "local" call
    "token_expire": 43200,  # lifetime of new sessions (master token_expire)
    "error": None,         # {"status": 500|503|504|0(drop), "count": N|null, "paths": [glob]}
    "slow": None,          # {"seconds": S, "count": N|null, "paths": [glob]}
}
KEY_STATES = ["minions", "minions_pre", "minions_rejected", "minions_denied"]


def fingerprint(mid):
    return ":".join("%02x" % b for b in hashlib.sha256(b"key-" + mid.encode()).digest())


# ---- the master: sessions, keys, jobs, events ----------------------------------------

class Scheduler(threading.Thread):
    """Runs callbacks at given times (minion returns -> events)."""

    def __init__(self):
        super().__init__(daemon=True)
        self.heap, self.cond, self.seq = [], threading.Condition(), 0

    def at(self, when, fn, *args):
        with self.cond:
            self.seq += 1
            heapq.heappush(self.heap, (when, self.seq, fn, args))
            self.cond.notify()

    def run(self):
        while True:
            with self.cond:
                while not self.heap or self.heap[0][0] > time.time():
                    self.cond.wait(self.heap[0][0] - time.time() if self.heap else None)
                _, _, fn, args = heapq.heappop(self.heap)
            try:
                fn(*args)
            except Exception as e:  # noqa: BLE001 - one bad event must not stop the clock
                sys.stderr.write("scheduler: %s: %s\n" % (type(e).__name__, e))


def stamp():
    return datetime.now(timezone.utc).replace(tzinfo=None).isoformat()


def jid_time(jid):
    try:
        return datetime.strptime(jid, "%Y%m%d%H%M%S%f").strftime("%Y, %b %d %H:%M:%S.%f")
    except ValueError:
        return ""


class Master:
    def __init__(self, opts):
        self.opts, self.lock = opts, threading.RLock()
        self.sessions, self.logins, self.last_jid = {}, 0, None
        self.jobs, self.log, self.subscribers = {}, [], set()  # log: chunks received
        self.sched = Scheduler()
        self.sched.start()
        self.defaults = dict(copy.deepcopy(FAULT_DEFAULTS), **opts.faults)
        self.faults = copy.deepcopy(self.defaults)
        self.keys = {s: [m[0] for m in MINIONS if m[3] == s] for s in KEY_STATES}
        self.state_dir = opts.state_dir
        if self.state_dir:
            os.makedirs(os.path.join(self.state_dir, "jobs"), exist_ok=True)
            self.load()

    # -- persistence (the master's job cache and key directory)
    def load(self):
        try:
            with open(os.path.join(self.state_dir, "keys.json")) as f:
                self.keys = json.load(f)
        except FileNotFoundError:
            pass
        jobdir = os.path.join(self.state_dir, "jobs")
        for name in sorted(os.listdir(jobdir)):
            with open(os.path.join(jobdir, name)) as f:
                job = json.load(f)
            self.jobs[job["jid"]] = job
            for mid, p in job["plan"].items():  # a state run the restart cut never returns
                if p["due"] is not None and p["due"] > time.time():
                    self.sched.at(p["due"], self.fire_return, job, mid)

    def save(self, name, obj):
        if self.state_dir:
            path = os.path.join(self.state_dir, name)
            with open(path + ".tmp", "w") as f:
                json.dump(obj, f)
            os.replace(path + ".tmp", path)

    # -- fault settings and the control API's views
    def set_faults(self, changes):
        """Merges fault settings; "expire_sessions": true drops every session now."""
        with self.lock:
            for k, v in changes.items():
                if k == "expire_sessions":
                    if v:
                        self.sessions.clear()
                    continue
                if k not in FAULT_DEFAULTS:
                    raise KeyError("unknown fault %r" % k)
                if k == "delay":
                    v = [float(v), float(v)] if isinstance(v, (int, float)) else [float(v[0]), float(v[1])]
                if k in ("error", "slow") and v is not None:
                    v = dict(v)
                    float(v["seconds"] if k == "slow" else v["status"])
                self.faults[k] = v

    def reset(self, everything=False):
        """Faults back to the command line's, keys as at start; everything: no jobs, sessions, log."""
        with self.lock:
            self.faults = copy.deepcopy(self.defaults)
            self.keys = {s: [m[0] for m in MINIONS if m[3] == s] for s in KEY_STATES}
            self.save("keys.json", self.keys)
            if everything:
                self.jobs, self.log, self.sessions = {}, [], {}

    def submissions(self):
        """Every chunk received, with its job's minions, who returned and who has not."""
        with self.lock:
            recs = copy.deepcopy(self.log)
        for r in recs:
            job = self.jobs.get(r.get("jid") or "")
            if job:
                done = self.returned(job)
                r.update(minions=job["minions"], returned=sorted(done), pending=sorted(set(job["minions"]) - set(done)))
        return recs

    # -- sessions
    def login(self, eauth):
        now = time.time()
        sid = secrets.token_hex(20)
        s = {"token": sid, "user": USER, "eauth": eauth, "start": now,
             "expire": now + float(self.faults["token_expire"]), "perms": list(PERMS)}
        with self.lock:
            self.sessions[sid] = s
            self.logins += 1
        return s

    def session(self, sid):
        with self.lock:
            s = self.sessions.get(sid or "")
            if s and s["expire"] <= time.time():
                del self.sessions[sid]
                s = None
            return s

    # -- events
    def fire(self, tag, data):
        data = dict(data, _stamp=stamp())
        for q in list(self.subscribers):
            q.put({"tag": tag, "data": data})

    def fire_return(self, job, mid):
        p = job["plan"][mid]
        if job["kind"] == "runner":
            self.fire("salt/run/%s/ret" % job["jid"], {"fun": "runner." + job["fun"], "jid": job["jid"],
                      "user": job["user"], "return": p["return"], "success": p["retcode"] == 0})
            return
        self.fire("salt/job/%s/ret/%s" % (job["jid"], mid), {
            "jid": job["jid"], "id": mid, "fun": job["fun"], "fun_args": job["arg"], "cmd": "_return",
            "return": p["return"], "retcode": p["retcode"], "success": p["retcode"] == 0})

    # -- jobs
    def new_jid(self):
        with self.lock:  # like salt.utils.jid.gen_jid: never the same jid twice
            now = datetime.now()
            if self.last_jid and now <= self.last_jid:
                now = self.last_jid + timedelta(microseconds=1)
            self.last_jid = now
        return now.strftime("%Y%m%d%H%M%S%f")

    def targets(self, tgt, tgt_type):
        with self.lock:
            accepted = list(self.keys["minions"])
        return sorted(m for m in accepted if match_one(m, tgt, tgt_type))

    def add_job(self, job):
        with self.lock:
            self.jobs[job["jid"]] = job
        self.save(os.path.join("jobs", job["jid"] + ".json"), job)
        for mid, p in job["plan"].items():
            if p["due"] is not None:
                self.sched.at(p["due"], self.fire_return, job, mid)

    def submit_local(self, low, user):
        tgt, fun = low["tgt"], low["fun"]  # KeyError -> 500, as LocalClient's TypeError
        tgt_type = low.get("tgt_type", low.get("expr_form", "glob"))
        minions = self.targets(tgt, tgt_type)
        if not minions:
            return None
        args, kwargs = split_args(low.get("arg"), low.get("kwarg"))
        f, start = self.faults, time.time()
        lo, hi = f["delay"]
        plan = {}
        for k, mid in enumerate(minions):
            if mid in f["down"]:
                continue
            delay = float(f["delays"].get(mid, lo + (hi - lo) * k / max(1, len(minions) - 1)))
            if fun == "test.sleep":
                delay += float(args[0] if args else kwargs.get("length", 0))
            plan[mid] = {"due": start + delay}
        packed = list(low.get("arg") or []) + ([dict(low["kwarg"], __kwarg__=True)] if low.get("kwarg") else [])
        job = {"jid": self.new_jid(), "kind": "local", "fun": fun, "arg": packed, "tgt": tgt,
               "tgt_type": tgt_type, "user": user, "minions": minions, "plan": plan, "start": start}
        self.fire("salt/job/%s/new" % job["jid"], {"jid": job["jid"], "tgt": tgt, "tgt_type": tgt_type,
                  "user": user, "fun": fun, "arg": packed, "minions": minions})
        if fun in STATE_FUNS:  # may run real daemons: returns when done, not before its delay
            for mid, p in plan.items():
                p["due"], p["at"] = None, p["due"]
            self.add_job(job)
            for mid in plan:
                threading.Thread(target=self.finish_state, daemon=True,
                                 args=(job, mid, args, kwargs, mid in f["failing"])).start()
            return job
        for mid, p in plan.items():
            p["return"], p["retcode"] = run_function(mid, fun, args, kwargs, mid in f["failing"])
        self.add_job(job)
        return job

    def finish_state(self, job, mid, args, kwargs, failing):
        """A minion's state run: its return is due when it ends, not before its delay."""
        value, retcode = run_function(mid, job["fun"], args, kwargs, failing)
        with self.lock:
            p = job["plan"][mid]
            p.update({"return": value, "retcode": retcode, "due": max(time.time(), p.pop("at"))})
        self.save(os.path.join("jobs", job["jid"] + ".json"), job)
        self.sched.at(p["due"], self.fire_return, job, mid)

    def finish_runner(self, job, low):
        """Runs a runner_async job's function; its return is due after the job delay."""
        value, ok = call_table(RUNNERS, self, job["fun"], low, "runner")
        with self.lock:
            due = max(time.time(), job["start"] + self.faults["delay"][0])
            job["plan"] = {MASTER_ID: {"due": due, "return": value, "retcode": 0 if ok else 1}}
        self.save(os.path.join("jobs", job["jid"] + ".json"), job)
        self.sched.at(due, self.fire_return, job, MASTER_ID)

    def returned(self, job):
        now = time.time()
        return {m: p for m, p in job["plan"].items() if p["due"] is not None and p["due"] <= now}

    def format_job(self, job):
        return {"Function": job["fun"], "Arguments": job["arg"], "Target": job["tgt"],
                "Target-type": job["tgt_type"], "User": job["user"], "StartTime": jid_time(job["jid"])}

    def list_job(self, jid):
        job = self.jobs.get(jid)
        if not job:  # what jobs.list_job says of an unknown jid
            return {"jid": jid, "Function": "unknown-function", "Arguments": [], "Target": "unknown-target",
                    "Target-type": "list", "User": "root", "StartTime": jid_time(jid), "Result": {}}
        out = "highstate" if job["fun"] in STATE_FUNS else "nested"
        result = {m: {"return": p["return"], "retcode": p["retcode"], "success": p["retcode"] == 0, "out": out}
                  for m, p in self.returned(job).items()}
        return dict({"jid": jid}, **self.format_job(job), Minions=job["minions"], Result=result)


# ---- runners and wheel (they run on the master: given the Master first) ----------------

def r_list_jobs(m, **kw):
    with m.lock:
        jobs = sorted(m.jobs.items())
    return {jid: m.format_job(j) for jid, j in jobs if j["kind"] == "local"}


def r_lookup_jid(m, jid, **kw):
    job = m.jobs.get(str(jid))
    return {mid: p["return"] for mid, p in m.returned(job).items()} if job else {}


def r_manage_status(m, tgt="*", tgt_type="glob", timeout=None, **kw):
    """salt.runners.manage.status: pings the targeted accepted minions; waits up to
    timeout (the master's, 5 s by default) when one of them does not answer."""
    targeted = m.targets(tgt, tgt_type)
    up = [x for x in targeted if x not in m.faults["down"]]
    if len(up) < len(targeted):
        time.sleep(float(timeout if timeout is not None else m.faults["timeout"]))
    return {"up": sorted(up), "down": sorted(set(targeted) - set(up))}


def r_cache_grains(m, tgt="*", tgt_type="glob", **kw):
    """salt.runners.cache.grains: the grains the master cached for the targeted minions,
    without asking them (a minion that is down keeps its last known grains)."""
    return {mid: copy.deepcopy(GRAINS[mid]) for mid in m.targets(tgt, tgt_type)}


RUNNERS = {
    "jobs.list_jobs": r_list_jobs, "jobs.lookup_jid": r_lookup_jid,
    "jobs.list_job": lambda m, jid, **kw: m.list_job(str(jid)),
    "manage.status": r_manage_status, "cache.grains": r_cache_grains,
    "manage.up": lambda m, **kw: r_manage_status(m, **kw)["up"],
    "manage.down": lambda m, **kw: r_manage_status(m, **kw)["down"],
    "test.arg": lambda m, *args, **kwargs: {"args": list(args), "kwargs": kwargs},
}


def w_key_move(m, match, to, sources):
    with m.lock:
        for src in sources:
            for mid in [x for x in m.keys[src] if fnmatch.fnmatchcase(x, match)]:
                m.keys[src].remove(mid)
                if to:
                    m.keys[to].append(mid)
        m.save("keys.json", m.keys)
    return w_key_name_match(m, match)


def w_key_name_match(m, match):
    found = {s: [x for x in m.keys[s] if fnmatch.fnmatchcase(x, match)] for s in KEY_STATES}
    return {s: sorted(v) for s, v in found.items() if v}


WHEELS = {
    "key.list_all": lambda m, **kw: dict({"local": ["master.pem", "master.pub"]},
                                         **{s: sorted(m.keys[s]) for s in KEY_STATES}),
    "key.name_match": lambda m, match, **kw: w_key_name_match(m, match),
    "key.finger": lambda m, match, **kw: {s: {x: fingerprint(x) for x in v}
                                          for s, v in w_key_name_match(m, match).items()},
    "key.accept": lambda m, match, include_rejected=False, **kw: w_key_move(
        m, match, "minions", ["minions_pre"] + (["minions_rejected"] if include_rejected else [])),
    "key.reject": lambda m, match, **kw: w_key_move(m, match, "minions_rejected", ["minions_pre"]),
    "key.delete": lambda m, match, **kw: w_key_move(m, match, None, KEY_STATES),
}


class SaltInvocationError(Exception):
    """Bad input in a lowstate chunk: salt-api answers 400."""


def call_table(table, m, fun, low, what):
    if fun not in table:  # salt raises CommandExecutionError -> hypermedia_handler's 500
        raise RuntimeError("%s function %r is unavailable" % (what, fun))
    kwargs = dict(low.get("kwarg") or {}, **{k: v for k, v in low.items() if k not in RESERVED or
                                             (what == "wheel" and k == "match")})
    try:
        return table[fun](m, *(low.get("arg") or []), **kwargs), True
    except TypeError as e:
        return "Passed invalid arguments: %s" % e, False


def run_chunk(m, low, user, rec=None):
    """One lowstate chunk -> its entry in {"return": [...]} (salt.netapi.NetapiClient.run).
    rec, if given, receives the jid."""
    rec = {} if rec is None else rec
    client, fun = low.get("client"), low.get("fun")
    if client not in CLIENTS:
        raise SaltInvocationError("Invalid client specified: '%s'" % client)
    if client == "local":
        job = m.submit_local(low, user)
        if not job:
            return {}
        rec["jid"] = job["jid"]
        deadline = job["start"] + float(low.get("timeout") or m.faults["timeout"])
        # A minion that is down keeps a sync call waiting until its timeout.
        while len(m.returned(job)) < len(job["minions"]) and time.time() < deadline:
            time.sleep(0.02)
        if low.get("full_return") in (True, "true", "True"):
            return {k: {"ret": p["return"], "retcode": p["retcode"], "jid": job["jid"]}
                    for k, p in m.returned(job).items()}
        return {k: p["return"] for k, p in m.returned(job).items()}
    if client == "local_async":
        job = m.submit_local(low, user)
        rec["jid"] = job and job["jid"]
        return {"jid": job["jid"], "minions": job["minions"]} if job else {}
    jid = rec["jid"] = m.new_jid()
    if client.startswith("runner"):
        m.fire("salt/run/%s/new" % jid, {"fun": "runner." + str(fun), "jid": jid, "user": user})
        if client == "runner":
            value, ok = call_table(RUNNERS, m, fun, low, "runner")
            m.fire("salt/run/%s/ret" % jid, {"fun": "runner." + fun, "jid": jid, "user": user,
                                              "return": value, "success": ok})
            return value
        if fun not in RUNNERS:
            raise RuntimeError("runner function %r is unavailable" % fun)
        job = {"jid": jid, "kind": "runner", "fun": fun, "arg": low.get("arg") or [], "tgt": MASTER_ID,
               "tgt_type": "list", "user": user, "minions": [MASTER_ID], "start": time.time(), "plan": {}}
        m.add_job(job)
        # The runner runs on the master in the background; its return shows when it ends.
        threading.Thread(target=m.finish_runner, args=(job, low), daemon=True).start()
        return {"tag": "salt/run/%s" % jid, "jid": jid}
    tag = "salt/wheel/%s" % jid
    value, ok = call_table(WHEELS, m, fun, low, "wheel")
    data = {"fun": "wheel." + fun, "jid": jid, "tag": tag, "user": user, "_stamp": stamp(),
            "return": value, "success": ok}
    m.fire(tag + "/ret", data)
    return {"tag": tag, "data": data} if client == "wheel" else {"tag": tag, "jid": jid}
