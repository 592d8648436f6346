#!/usr/bin/env python3
"""test_standin.py - tests of the salt-api stand-in (standin.py), stdlib only.

Starts the stand-in on a free 127.0.0.1 port, runs every test_* function in file order
(faults reset before each), prints one line per test and ends with "N passed, N failed";
exits 1 on a failure. Arguments filter tests by substring."""

import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
STANDIN = os.path.join(HERE, "standin.py")
SECRET = "3f2b6c1e-8d4a-4e7b-9f0c-5a6d7e8f9a0b"
PASSWORD = "gateway-pw"
ACCEPTED = ["igw1", "igw2", "mon1", "nfs1"]
SRV = None  # the shared stand-in, started by main()


# ---- harness ---------------------------------------------------------------------------

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A stand-in subprocess; its stderr goes to <dir>/standin.log."""

    def __init__(self, *flags, state_dir=None, port=None):
        self.port = port or free_port()
        self.own_dir = not state_dir  # a directory of its own is removed by stop()
        self.dir = state_dir or tempfile.mkdtemp(prefix="standin-test.")
        self.pid_file = os.path.join(self.dir, "standin.pid")
        self.log = open(os.path.join(self.dir, "standin.log"), "ab")
        cmd = [sys.executable, STANDIN, "--port", str(self.port), "--sharedsecret", SECRET,
               "--password", PASSWORD, "--pid-file", self.pid_file] + list(flags)
        if state_dir:
            cmd += ["--state-dir", state_dir]
        self.proc = subprocess.Popen(cmd, stderr=self.log)
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), 0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("the stand-in did not start; see %s/standin.log" % self.dir)

    def stop(self, keep=False):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(10)
        self.log.close()
        if self.own_dir and not keep:
            shutil.rmtree(self.dir, ignore_errors=True)


class Resp:
    def __init__(self, status, headers, body, elapsed):
        self.status, self.headers, self.body, self.elapsed = status, headers, body, elapsed
        try:
            self.json = json.loads(body) if body else None
        except ValueError:
            self.json = None

    def __repr__(self):
        return "<%d %r>" % (self.status, self.body[:300])


def req(method, path, body=None, token=None, ctype=None, headers=None, srv=None, timeout=30):
    """One HTTP request; a dict/list body is sent as JSON, a str/bytes as is."""
    h = {"Accept": "application/json"}
    if isinstance(body, (dict, list)):
        body, h["Content-Type"] = json.dumps(body), "application/json"
    if ctype:
        h["Content-Type"] = ctype
    if token:
        h["X-Auth-Token"] = token
    h.update(headers or {})
    h = {k: v for k, v in h.items() if v is not None}
    conn = http.client.HTTPConnection("127.0.0.1", (srv or SRV).port, timeout=timeout)
    t0 = time.time()
    try:
        conn.request(method, path, body=body, headers=h)
        r = conn.getresponse()
        data = r.read().decode()
        hdrs = {}
        for k, v in r.getheaders():
            hdrs[k.lower()] = hdrs[k.lower()] + "\n" + v if k.lower() in hdrs else v
        return Resp(r.status, hdrs, data, time.time() - t0)
    finally:
        conn.close()


def control(path, body=None, srv=None):
    r = req("POST" if body is not None else "GET", "/_standin/" + path, body, srv=srv)
    assert r.status == 200, r
    return r.json


def login(srv=None, **over):
    creds = dict({"username": "admin", "sharedsecret": SECRET, "eauth": "sharedsecret"}, **over)
    r = req("POST", "/login", creds, srv=srv)
    assert r.status == 200, r
    return r.json["return"][0]["token"]


def run(lowstate, token=None, srv=None, **kw):
    r = req("POST", "/", lowstate, token or login(srv), srv=srv, **kw)
    assert r.status == 200, r
    return r.json["return"]


def wait_job(jid, token, n, timeout=10, srv=None):
    """Polls /jobs/<jid> until n minions returned; returns the response object."""
    deadline = time.time() + timeout
    while True:
        r = req("GET", "/jobs/" + jid, token=token, srv=srv)
        assert r.status == 200, r
        if len(r.json["return"][0]) >= n or time.time() > deadline:
            return r.json
        time.sleep(0.05)


def assert_html_error(r, status):
    assert r.status == status, r
    assert r.headers["content-type"].startswith("text/html"), r.headers
    assert r.body.startswith("<!DOCTYPE html") and ("<h2>%d " % status) in r.body, r.body[:400]


def assert_eq(a, b):
    assert a == b, "%r != %r" % (a, b)


GOOD_TARGET = {"iqn": "iqn.2016-06.com.example:storage-1",
               "portals": [{"host": "igw1", "ip": "127.0.0.11"}, {"host": "igw2", "ip": "127.0.0.12"}],
               "disks": [{"pool": "rbd", "image": "disk_1", "lun": 0}, {"pool": "rbd", "image": "disk_2", "lun": 1}],
               "auth": {"user": "myiscsiusername", "password": "myiscsipassword"},
               "acls": [{"initiator": "iqn.1996-04.de.suse:01:a1b2c3", "luns": [0, 1]}]}
GOOD_EXPORT = {"id": 1, "path": "/volumes/share1", "pseudo": "/share1", "fsal": {"name": "CEPH", "user_id": "admin"},
               "access_type": "RW", "squash": "no_root_squash", "protocols": [3, 4], "transports": ["TCP"],
               "clients": [{"addresses": ["10.0.0.0/24"], "access_type": "RO", "squash": "root_squash"}]}


def apply_state(sls, config, tgt="igw*", token=None):
    """state.apply with pillar config through local_async; returns the job when all returned."""
    token = token or login()
    ret = run({"client": "local_async", "tgt": tgt, "fun": "state.apply", "arg": [sls],
               "kwarg": {"pillar": {"config": config}}}, token)[0]
    return wait_job(ret["jid"], token, len(ret["minions"]))


def the_check_state(states):
    """The state that validates (run_num 1) of one minion's state return."""
    return next(v for v in states.values() if v["__run_num__"] == 1)


# ---- root and login --------------------------------------------------------------------

def test_root_welcome_without_auth():
    r = req("GET", "/")
    assert_eq(r.status, 200)
    assert_eq(r.json["return"], "Welcome")
    assert {"local", "local_async", "runner", "wheel"} <= set(r.json["clients"])
    assert r.headers["server"].startswith("CherryPy"), r.headers


def test_login_json_shape():
    t0 = time.time()
    r = req("POST", "/login", {"username": "admin", "sharedsecret": SECRET, "eauth": "sharedsecret"})
    assert_eq(r.status, 200)
    assert_eq(list(r.json), ["return"])
    assert_eq(len(r.json["return"]), 1)
    ret = r.json["return"][0]
    assert_eq(set(ret), {"token", "expire", "start", "user", "eauth", "perms"})
    assert re.fullmatch(r"[0-9a-f]{40}", ret["token"]), ret
    assert_eq(r.headers["x-auth-token"], ret["token"])
    assert re.fullmatch(r"session_id=%s; expires=\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT; Path=/"
                        % ret["token"], r.headers["set-cookie"]), r.headers["set-cookie"]
    assert isinstance(ret["start"], float) and abs(ret["start"] - t0) < 5, ret
    assert_eq(round(ret["expire"] - ret["start"]), 43200)
    assert_eq((ret["user"], ret["eauth"], ret["perms"]), ("admin", "sharedsecret", [".*", "@runner", "@wheel"]))


def test_login_variants():
    form = urllib.parse.urlencode({"username": "admin", "sharedsecret": SECRET, "eauth": "sharedsecret"})
    r = req("POST", "/login", form, ctype="application/x-www-form-urlencoded")  # what openATTIC sends
    assert_eq(r.status, 200)
    for creds in ({"username": "admin", "password": SECRET, "eauth": "sharedsecret"},
                  {"username": "admin", "password": PASSWORD, "eauth": "pam"},
                  {"username": "admin", "password": PASSWORD, "eauth": "auto"},
                  [{"username": "admin", "sharedsecret": SECRET, "eauth": "sharedsecret"}]):
        r = req("POST", "/login", creds)
        assert_eq((r.status, r.json["return"][0]["user"]), (200, "admin"))
        eauth = (creds[0] if isinstance(creds, list) else creds)["eauth"]
        assert_eq(r.json["return"][0]["eauth"], eauth)
    r = req("POST", "/login", json.dumps({"username": "admin", "password": PASSWORD, "eauth": "pam"}),
            ctype="text/plain")
    assert_eq(r.status, 200)
    assert len({login() for _ in range(5)}) == 5, "every login has a new session id"


def test_login_bad_credentials_401_html():
    for creds in ({"username": "admin", "sharedsecret": "wrong", "eauth": "sharedsecret"},
                  {"username": "root", "sharedsecret": SECRET, "eauth": "sharedsecret"},
                  {"username": "admin", "sharedsecret": SECRET, "eauth": "ldap"},
                  {"username": "admin", "sharedsecret": SECRET},
                  {"username": "admin", "sharedsecret": PASSWORD, "eauth": "pam"},
                  {"username": "admin", "password": SECRET, "eauth": "pam"}):
        r = req("POST", "/login", creds)
        assert_html_error(r, 401)
        assert "Could not authenticate using provided credentials" in r.body, r.body
    r = req("GET", "/login")
    assert_eq((r.status, r.json), (401, {"status": "401 Unauthorized", "return": "Please log in"}))


def test_auth_header_cookie_and_bad_tokens():
    tok = login()
    ping = {"client": "local", "tgt": "igw1", "fun": "test.ping"}
    assert_eq(req("POST", "/", ping, headers={"Cookie": "session_id=" + tok}).json, {"return": [{"igw1": True}]})
    # the header wins over the cookie
    assert_html_error(req("POST", "/", ping, "ab" * 20, headers={"Cookie": "session_id=" + tok}), 401)
    assert_eq(req("POST", "/", ping, tok, headers={"Cookie": "session_id=" + "cd" * 20}).status, 200)
    for bad in (None, "0" * 40, "not-hex-at-all", tok[:-1]):
        assert_html_error(req("POST", "/", ping, bad), 401)
        assert_html_error(req("GET", "/minions", token=bad), 401)
        assert_html_error(req("GET", "/jobs", token=bad), 401)
        assert_html_error(req("GET", "/keys", token=bad), 401)


def test_expired_token_401():
    control("faults", {"token_expire": 1})
    r = req("POST", "/login", {"username": "admin", "sharedsecret": SECRET, "eauth": "sharedsecret"})
    ret = r.json["return"][0]
    assert_eq(round(ret["expire"] - ret["start"]), 1)
    assert_eq(req("GET", "/keys", token=ret["token"]).status, 200)
    time.sleep(1.1)
    assert_html_error(req("GET", "/keys", token=ret["token"]), 401)
    assert ret["token"] not in [s["token"] for s in control("sessions")["sessions"]]


def test_expire_sessions_now_and_logins_counter():
    before = control("sessions")["logins"]
    tok = login()
    assert_eq(control("sessions")["logins"], before + 1)
    control("faults", {"expire_sessions": True})
    assert_html_error(req("POST", "/", {"client": "local", "tgt": "*", "fun": "test.ping"}, tok), 401)
    assert_eq(control("sessions")["sessions"], [])


def test_logout():
    tok = login()
    r = req("POST", "/logout", token=tok)
    assert_eq((r.status, r.json), (200, {"return": "Your token has been cleared"}))
    assert "1970" in r.headers["set-cookie"]
    assert_html_error(req("GET", "/keys", token=tok), 401)
    assert_html_error(req("POST", "/logout", token=tok), 401)


# ---- lowstate ------------------------------------------------------------------------

def test_local_sync_ping_and_targeting():
    tok = login()
    ping = lambda tgt, tt=None, key="tgt_type": run(dict({"client": "local", "tgt": tgt, "fun": "test.ping"},
                                                         **({key: tt} if tt else {})), tok)[0]
    assert_eq(ping("*"), {m: True for m in ACCEPTED})  # igw3 (pending) and nfs0 (rejected) are not targets
    assert_eq(sorted(ping("igw*")), ["igw1", "igw2"])
    assert_eq(sorted(ping("igw1,nfs1", "list")), ["igw1", "nfs1"])
    assert_eq(sorted(ping(["mon1", "igw3"], "list")), ["mon1"])
    assert_eq(sorted(ping("roles:iscsi", "grain")), ["igw1", "igw2"])
    assert_eq(sorted(ping("roles:MGR", "grain", "expr_form")), ["mon1"])
    assert_eq(sorted(ping("ip4_interfaces:eth0:127.0.0.13", "grain")), ["nfs1"])
    assert_eq(sorted(ping("G@roles:iscsi or nfs*", "compound")), ["igw1", "igw2", "nfs1"])
    assert_eq(sorted(ping("G@roles:iscsi and not igw2", "compound")), ["igw1"])
    assert_eq(sorted(ping("L@igw1,mon1 or E@^nfs", "compound")), ["igw1", "mon1", "nfs1"])
    assert_eq(ping("nothing*"), {})


def test_local_functions_shapes():
    tok = login()
    r = run([{"client": "local", "tgt": "nfs1", "fun": "grains.items"},
             {"client": "local", "tgt": "nfs1", "fun": "grains.get", "arg": "roles"},
             {"client": "local", "tgt": "igw1", "fun": "cmd.run", "arg": ["hostname -f"]},
             {"client": "local", "tgt": "igw1", "fun": "service.status", "arg": ["target"]},
             {"client": "local", "tgt": "mon1", "fun": "disk.usage"},
             {"client": "local", "tgt": "mon1", "fun": "no.such"}], tok)
    g = r[0]["nfs1"]
    for k in ("id", "host", "fqdn", "ip4_interfaces", "ipv4", "os", "osrelease", "roles", "disks",
              "kernelrelease", "cpu_model", "num_cpus", "mem_total"):
        assert k in g, k
    assert_eq(g["roles"], ["ganesha"])
    assert_eq(set(g["disks"][0]), {"name", "size", "rotational"})
    assert_eq(r[1], {"nfs1": ["ganesha"]})
    assert_eq(r[2], {"igw1": "igw1.ceph.example.com"})
    assert_eq(r[3], {"igw1": True})
    assert "capacity" in r[4]["mon1"]["/"]
    assert_eq(r[5], {"mon1": "'no.such' is not available."})


def test_local_full_return():
    r = run({"client": "local", "tgt": "igw1", "fun": "test.ping", "full_return": True})[0]
    assert_eq(set(r["igw1"]), {"ret", "retcode", "jid"})
    assert_eq((r["igw1"]["ret"], r["igw1"]["retcode"]), (True, 0))


def test_local_async_fills_in_minion_by_minion():
    control("faults", {"delay": [0.3, 1.2]})
    tok = login()
    ret = run({"client": "local_async", "tgt": "*", "fun": "test.ping"}, tok)[0]
    assert_eq(set(ret), {"jid", "minions"})
    assert_eq(ret["minions"], ACCEPTED)
    seen = []
    while True:
        job = req("GET", "/jobs/" + ret["jid"], token=tok).json
        done = sorted(job["return"][0])
        if not seen or seen[-1] != done:
            seen.append(done)
        if len(done) == 4:
            break
        time.sleep(0.05)
    # staggered in target order: igw1 first, nfs1 last; nobody marked pending
    assert_eq(seen[-4:], [["igw1"], ["igw1", "igw2"], ["igw1", "igw2", "mon1"], ACCEPTED])
    info = job["info"][0]
    assert_eq(set(info), {"jid", "Function", "Arguments", "Target", "Target-type", "User", "StartTime",
                          "Minions", "Result"})
    assert_eq((info["jid"], info["Function"], info["Target"], info["Target-type"], info["User"]),
              (ret["jid"], "test.ping", "*", "glob", "admin"))
    assert_eq(info["Minions"], ACCEPTED)
    assert re.fullmatch(r"\d{4}, [A-Z][a-z]{2} \d\d \d\d:\d\d:\d\d\.\d{6}", info["StartTime"]), info
    assert_eq(info["Result"]["igw1"], {"return": True, "retcode": 0, "success": True, "out": "nested"})
    assert_eq(job["return"], [{m: True for m in ACCEPTED}])


def test_local_async_no_match_and_jobs():
    tok = login()
    assert_eq(run({"client": "local_async", "tgt": "nobody", "fun": "test.ping"}, tok), [{}])
    ret = run({"client": "local_async", "tgt": "mon1", "fun": "cmd.run", "arg": ["uptime"],
               "kwarg": {"timeout": 5}}, tok)[0]
    jobs = req("GET", "/jobs", token=tok).json
    assert_eq(list(jobs), ["return"])
    j = jobs["return"][0][ret["jid"]]
    assert_eq(j, {"Function": "cmd.run", "Arguments": ["uptime", {"timeout": 5, "__kwarg__": True}],
                  "Target": "mon1", "Target-type": "glob", "User": "admin", "StartTime": j["StartTime"]})
    r = req("GET", "/jobs/20000101000000000000", token=tok).json  # unknown jid: empty, not an error
    assert_eq((r["return"], r["info"][0]["Result"], r["info"][0]["Function"]), ([{}], {}, "unknown-function"))


def test_runner_kwargs_and_functions():
    tok = login()
    r = run({"client": "runner", "fun": "test.arg", "arg": ["a", "b"], "kwarg": {"y": 2},
             "data": {"targets": [1]}, "flag": "on"}, tok)[0]
    assert_eq(r, {"args": ["a", "b"], "kwargs": {"y": 2, "data": {"targets": [1]}, "flag": "on"}})
    form = "client=runner&fun=test.arg&arg=x&arg=y&name=z"
    r = req("POST", "/", form, tok, ctype="application/x-www-form-urlencoded").json["return"][0]
    assert_eq(r, {"args": ["x", "y"], "kwargs": {"name": "z"}})
    job = run({"client": "local_async", "tgt": "igw1", "fun": "test.echo", "arg": ["hi"]}, tok)[0]
    wait_job(job["jid"], tok, 1)
    assert_eq(run({"client": "runner", "fun": "jobs.lookup_jid", "jid": job["jid"]}, tok), [{"igw1": "hi"}])
    assert job["jid"] in run({"client": "runner", "fun": "jobs.list_jobs"}, tok)[0]
    assert_eq(run({"client": "runner", "fun": "manage.status"}, tok),
              [{"up": ACCEPTED, "down": []}])
    control("faults", {"down": ["nfs1"]})
    t0 = time.time()
    assert_eq(run({"client": "runner", "fun": "manage.status", "kwarg": {"timeout": 0.4}}, tok),
              [{"up": ["igw1", "igw2", "mon1"], "down": ["nfs1"]}])
    assert time.time() - t0 >= 0.35, "manage.status waits for a minion that does not answer"
    assert_eq(run({"client": "runner", "fun": "manage.status", "kwarg": {"tgt": "igw*"}}, tok),
              [{"up": ["igw1", "igw2"], "down": []}])
    assert_eq(run({"client": "runner", "fun": "manage.status",
                   "kwarg": {"tgt": "mon1,igw3", "tgt_type": "list"}}, tok), [{"up": ["mon1"], "down": []}])
    t0 = time.time()
    ra = run({"client": "runner_async", "fun": "manage.up", "kwarg": {"timeout": 0.6}}, tok)[0]
    assert time.time() - t0 < 0.5, "runner_async answers before the runner ends"
    assert_eq(ra, {"tag": "salt/run/" + ra["jid"], "jid": ra["jid"]})
    assert_eq(req("GET", "/jobs/" + ra["jid"], token=tok).json["return"], [{}])
    job = wait_job(ra["jid"], tok, 1)
    assert_eq(job["return"], [{"salt_master": ["igw1", "igw2", "mon1"]}])
    assert_eq((job["info"][0]["Minions"], job["info"][0]["Function"]), (["salt_master"], "manage.up"))
    assert_eq(req("POST", "/", {"client": "runner", "fun": "no.such"}, tok).status, 500)
    assert_eq(req("POST", "/", {"client": "runner_async", "fun": "no.such"}, tok).status, 500)


def test_runner_cache_grains_without_asking_the_minions():
    control("faults", {"down": ["igw2"]})
    tok = login()
    t0 = time.time()
    r = run({"client": "runner", "fun": "cache.grains"}, tok)[0]
    assert time.time() - t0 < 1, "the cache is the master's: nobody is waited for"
    assert_eq(sorted(r), ACCEPTED)  # pending and rejected keys have no cached grains
    assert_eq((r["igw2"]["host"], r["igw2"]["ipv4"]), ("igw2", ["127.0.0.1", "127.0.0.12"]))
    r = run({"client": "runner", "fun": "cache.grains", "kwarg": {"tgt": "igw1,nfs0", "tgt_type": "list"}},
            tok)[0]
    assert_eq(list(r), ["igw1"])


def test_one_post_many_clients_answers_in_order():
    tok = login()
    r = run([{"client": "wheel", "fun": "key.finger", "match": "igw*"},
             {"client": "runner", "fun": "manage.status", "kwarg": {"tgt": "igw*"}},
             {"client": "runner", "fun": "cache.grains", "kwarg": {"tgt": "igw*"}},
             {"client": "local", "tgt": "igw1", "fun": "test.ping"}], tok)
    assert_eq(len(r), 4)
    assert_eq(sorted(r[0]["data"]["return"]), ["minions", "minions_pre"])
    assert_eq(sorted(r[0]["data"]["return"]["minions_pre"]), ["igw3"])
    assert_eq(r[1], {"up": ["igw1", "igw2"], "down": []})
    assert_eq(sorted(r[2]), ["igw1", "igw2"])
    assert_eq(r[3], {"igw1": True})


def test_wheel_keys():
    tok = login()
    r = run({"client": "wheel", "fun": "key.list_all"}, tok)[0]
    assert_eq(set(r), {"tag", "data"})
    d = r["data"]
    assert_eq(set(d), {"fun", "jid", "tag", "user", "_stamp", "return", "success"})
    assert_eq((d["fun"], d["tag"], r["tag"], d["user"], d["success"]),
              ("wheel.key.list_all", "salt/wheel/" + d["jid"], "salt/wheel/" + d["jid"], "admin", True))
    assert_eq(d["return"], {"local": ["master.pem", "master.pub"], "minions": ACCEPTED, "minions_pre": ["igw3"],
                            "minions_rejected": ["nfs0"], "minions_denied": []})
    r = run({"client": "wheel", "fun": "key.accept", "match": "igw3"}, tok)[0]
    assert_eq(r["data"]["return"], {"minions": ["igw3"]})
    assert "igw3" in run({"client": "local", "tgt": "*", "fun": "test.ping"}, tok)[0]
    control("reset", {})
    assert "igw3" not in run({"client": "local", "tgt": "*", "fun": "test.ping"}, tok)[0]


def test_keys_endpoint_shapes():
    tok = login()
    r = req("GET", "/keys", token=tok)
    assert_eq(r.status, 200)
    assert isinstance(r.json["return"], dict), r.json  # a dict, not a list
    assert_eq(r.json["return"]["minions_pre"], ["igw3"])
    r = req("GET", "/keys/igw1", token=tok).json
    assert_eq(list(r["return"]), ["minions"])
    assert re.fullmatch(r"([0-9a-f]{2}:){31}[0-9a-f]{2}", r["return"]["minions"]["igw1"]), r
    assert_eq(list(req("GET", "/keys/igw3", token=tok).json["return"]), ["minions_pre"])
    assert_eq(req("GET", "/keys/nobody", token=tok).json, {"return": {}})


def test_minions_endpoint_shapes():
    tok = login()
    r = req("GET", "/minions", token=tok).json
    assert_eq(list(r), ["return"])
    assert_eq(len(r["return"]), 1)
    assert_eq(sorted(r["return"][0]), ACCEPTED)
    assert_eq(r["return"][0]["igw2"]["ipv4"], ["127.0.0.1", "127.0.0.12"])
    assert_eq(list(req("GET", "/minions/mon1", token=tok).json["return"][0]), ["mon1"])
    assert_eq(req("GET", "/minions/nobody", token=tok).json, {"return": [{}]})
    r = req("POST", "/minions", {"client": "local", "tgt": "igw*", "fun": "test.ping"}, tok)
    assert_eq(r.status, 202)
    jid = r.json["return"][0]["jid"]
    assert_eq(r.json, {"return": [{"jid": jid, "minions": ["igw1", "igw2"]}],
                       "_links": {"jobs": [{"href": "/jobs/" + jid}]}})


def test_content_negotiation_406_400():
    tok = login()
    ping = json.dumps({"client": "local", "tgt": "igw1", "fun": "test.ping"})
    assert_html_error(req("POST", "/", ping, tok, ctype="application/xml"), 406)
    assert_html_error(req("POST", "/", ping, None, ctype="application/xml"), 406)  # body before auth
    assert_html_error(req("POST", "/", ping, tok, headers={"Content-Type": None}), 406)
    assert_html_error(req("POST", "/", ping, tok, ctype="application/json", headers={"Accept": "text/html"}), 406)
    assert_html_error(req("GET", "/", headers={"Accept": "application/xml"}), 406)
    r = req("POST", "/", ping, tok, ctype="application/json", headers={"Accept": "text/html, */*;q=0.1"})
    assert_eq((r.status, r.headers["content-type"]), (200, "application/json"))
    r = req("POST", "/", ping, tok, ctype="application/json", headers={"Accept": "application/x-yaml"})
    assert_eq((r.status, r.headers["content-type"]), (200, "application/x-yaml"))
    assert_eq(req("POST", "/", ping, tok, ctype="application/x-yaml").status, 200)
    assert_eq(req("POST", "/", ping, tok, ctype="text/plain").status, 200)
    for body, why in (('"test.ping"', "Lowstates must be a list"), ("42", "Lowstates must be a list"),
                      ("{}", "Lowstates must be a list"), ("", "Lowstates must be a list"),
                      ("[{", "Invalid JSON document")):
        r = req("POST", "/", body, tok, ctype="application/json")
        assert_html_error(r, 400)
        assert why in r.body, (body, r.body)
    assert_eq(req("POST", "/", [], tok).json, {"return": []})
    assert_html_error(req("POST", "/", {"client": "ssh", "tgt": "*", "fun": "test.ping"}, tok), 400)
    assert_eq(req("POST", "/", {"client": "local", "fun": "test.ping"}, tok).json,
              {"status": 500, "return": "An unexpected error occurred"})
    assert_html_error(req("GET", "/nowhere"), 404)


def test_form_lowstate_repeated_arg():
    tok = login()
    form = "client=local&tgt=igw1&fun=test.echo&arg=one"
    r = req("POST", "/", form, tok, ctype="application/x-www-form-urlencoded; charset=utf-8")
    assert_eq(r.json, {"return": [{"igw1": "one"}]})
    form = "client=local&tgt=mon1,nfs1&tgt_type=list&fun=grains.item&arg=id&arg=num_cpus"
    r = req("POST", "/", form, tok, ctype="application/x-www-form-urlencoded")
    assert_eq(r.json["return"][0]["nfs1"], {"id": "nfs1", "num_cpus": 2})


def test_jids_20_digits_unique_under_50_concurrent():
    tok = login()
    jids, errors = [], []

    def submit():
        try:
            jids.append(run({"client": "local_async", "tgt": "igw1", "fun": "test.ping"}, tok)[0]["jid"])
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)
    threads = [threading.Thread(target=submit) for _ in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert_eq(len(jids), 50)
    assert all(re.fullmatch(r"\d{20}", j) for j in jids), jids
    assert_eq(len(set(jids)), 50)
    logged = {j["jid"] for j in control("jobs")["jobs"]}
    assert set(jids) <= logged


def test_standin_jobs_records_what_was_sent():
    tok = login()
    form = "client=local_async&tgt=igw2&fun=cmd.run&arg=uptime"
    jid = req("POST", "/", form, tok, ctype="application/x-www-form-urlencoded").json["return"][0]["jid"]
    rec = [j for j in control("jobs")["jobs"] if j["jid"] == jid][0]
    assert_eq(rec["lowstate"], {"client": "local_async", "tgt": "igw2", "fun": "cmd.run", "arg": "uptime"})
    assert_eq((rec["content_type"], rec["accept"], rec["path"]),
              ("application/x-www-form-urlencoded", "application/json", "/"))
    assert_eq(rec["minions"], ["igw2"])
    wait_job(jid, tok, 1)
    assert_eq((rec["minions"], [j for j in control("jobs")["jobs"] if j["jid"] == jid][0]["returned"]),
              (["igw2"], ["igw2"]))


# ---- faults ----------------------------------------------------------------------------

def test_fault_minion_down_never_returns():
    control("faults", {"down": ["igw2"], "delay": 0.1})
    tok = login()
    ret = run({"client": "local_async", "tgt": "igw*", "fun": "test.ping"}, tok)[0]
    assert_eq(ret["minions"], ["igw1", "igw2"])  # still targeted
    time.sleep(0.8)
    job = req("GET", "/jobs/" + ret["jid"], token=tok).json
    assert_eq((job["return"], sorted(job["info"][0]["Result"])), ([{"igw1": True}], ["igw1"]))
    t0 = time.time()
    assert_eq(run({"client": "local", "tgt": "igw*", "fun": "test.ping", "timeout": 0.5}, tok), [{"igw1": True}])
    assert time.time() - t0 >= 0.45, "a sync call waits for the timeout when a minion is down"


def test_fault_minion_delay_override():
    control("faults", {"delay": 0.05, "delays": {"igw1": 1.0}})
    tok = login()
    ret = run({"client": "local_async", "tgt": "igw*", "fun": "test.ping"}, tok)[0]
    time.sleep(0.4)
    assert_eq(req("GET", "/jobs/" + ret["jid"], token=tok).json["return"], [{"igw2": True}])
    assert_eq(wait_job(ret["jid"], tok, 2)["return"], [{"igw1": True, "igw2": True}])


def test_fault_minion_failing():
    control("faults", {"failing": ["igw1"], "delay": 0.05})
    job = apply_state("openattic.iscsi", {"targets": [GOOD_TARGET]})
    res = job["info"][0]["Result"]
    assert_eq((res["igw1"]["retcode"], res["igw1"]["success"], res["igw2"]["retcode"]), (2, False, 0))
    assert all(s["result"] is False for s in res["igw1"]["return"].values())
    assert all(s["result"] is True for s in res["igw2"]["return"].values())
    r = run({"client": "local", "tgt": "igw*", "fun": "test.ping", "full_return": True})[0]
    assert_eq((r["igw1"]["retcode"], r["igw2"]["ret"]), (1, True))
    assert r["igw1"]["ret"].startswith("ERROR"), r


def test_fault_500_next_n_requests():
    control("faults", {"error": {"status": 500, "count": 2}})
    for _ in range(2):
        r = req("GET", "/")
        assert_eq((r.status, r.json, r.headers["content-type"]),
                  (500, {"status": 500, "return": "An unexpected error occurred"}, "application/json"))
    assert_eq(req("GET", "/").status, 200)
    assert_eq(control("faults")["faults"]["error"], None)


def test_fault_503_504_until_reset_and_by_path():
    tok = login()
    control("faults", {"error": {"status": 503}})
    for _ in range(3):
        assert_html_error(req("POST", "/login", {"username": "admin", "sharedsecret": SECRET,
                                                  "eauth": "sharedsecret"}), 503)
    control("reset", {})
    assert_eq(req("GET", "/keys", token=tok).status, 200)
    control("faults", {"error": {"status": 504, "paths": ["/jobs*"]}})
    assert_html_error(req("GET", "/jobs/20240101120000123456", token=tok), 504)
    assert_eq(req("GET", "/keys", token=tok).status, 200)
    r = req("POST", "/_standin/faults", {"error": {"count": 1}})
    assert_eq(r.status, 400)


def test_fault_slow_and_dropped_connection():
    control("faults", {"slow": {"seconds": 0.6, "count": 1}})
    assert req("GET", "/").elapsed >= 0.55
    assert req("GET", "/").elapsed < 0.5
    control("faults", {"error": {"status": 0, "count": 1}})
    try:
        req("GET", "/")
        raise AssertionError("expected the connection to be dropped")
    except (http.client.RemoteDisconnected, ConnectionError):
        pass
    assert_eq(req("GET", "/").status, 200)


# ---- states ----------------------------------------------------------------------------

def test_state_apply_iscsi_success_shape():
    control("faults", {"delay": 0.05})
    job = apply_state("openattic.iscsi", {"targets": [GOOD_TARGET]})
    assert_eq(sorted(job["return"][0]), ["igw1", "igw2"])
    states = job["return"][0]["igw1"]
    assert_eq(sorted(s["__run_num__"] for s in states.values()), [0, 1, 2])
    for key, s in states.items():
        assert re.fullmatch(r"[a-z]+_\|-[^|]+_\|-[^|]+_\|-[a-z_]+", key), key
        assert_eq(s["result"], True)
        assert isinstance(s["comment"], str) and isinstance(s["changes"], dict), s
        assert isinstance(s["duration"], float) and s["__sls__"] == "openattic.iscsi", s
    assert_eq(job["info"][0]["Result"]["igw1"]["out"], "highstate")
    assert_eq(job["info"][0]["Result"]["igw1"]["retcode"], 0)
    r = run({"client": "local", "tgt": "igw1", "fun": "state.apply",
             "arg": ["openattic.iscsi", "test=True", "pillar=" + json.dumps({"config": [GOOD_TARGET]})]})[0]
    assert all(s["result"] is None for s in r["igw1"].values()), r


def test_state_apply_iscsi_validation_failures():
    control("faults", {"delay": 0.05})
    cases = [
        (dict(GOOD_TARGET, iqn="iqn.2016-6.com.example:x"), "invalid IQN"),
        (dict(GOOD_TARGET, iqn="storage-1"), "invalid IQN"),
        (dict(GOOD_TARGET, disks=[{"pool": "rbd", "lun": 0}]), "references no RBD image"),
        (dict(GOOD_TARGET, acls=[{"initiator": "iqn.1996-04.de.suse:01:a1", "luns": [7]}]),
         "references LUN 7, which does not exist"),
        (dict(GOOD_TARGET, disks=[{"pool": "rbd", "image": "a", "lun": 1}, {"pool": "rbd", "image": "b", "lun": 1}]),
         "LUN 1 used twice"),
        (dict(GOOD_TARGET, portals=[{"host": "igw1", "ip": "10.9.9.9"}]), "is not an address of igw1"),
        (dict(GOOD_TARGET, auth={"user": "u"}), "CHAP user and password go together"),
    ]
    for target, why in cases:
        job = apply_state("openattic.iscsi", {"targets": [target]}, tgt="igw1")
        res = job["info"][0]["Result"]["igw1"]
        assert_eq((res["retcode"], res["success"]), (2, False))
        check = the_check_state(res["return"])
        assert check["result"] is False and why in check["comment"], (why, check)
        after = [s for s in res["return"].values() if s["__run_num__"] == 2][0]
        assert_eq(after["result"], False)
        assert after["comment"].startswith("One or more requisite failed"), after
    job = apply_state("openattic.iscsi", None, tgt="igw1")  # no config at all
    assert "pillar 'config' is missing" in the_check_state(job["return"][0]["igw1"])["comment"]


def test_state_apply_ganesha_validation():
    """openattic.ganesha takes from pillar only where the exports are: Ganesha reads them
    from RADOS (RADOS_URLS), so an export in the pillar is not looked at."""
    control("faults", {"delay": 0.05})
    job = apply_state("openattic.ganesha", {"pool": ".openattic", "namespace": "ganesha"}, tgt="nfs1")
    assert_eq(job["info"][0]["Result"]["nfs1"]["retcode"], 0)
    assert_eq(the_check_state(job["return"][0]["nfs1"])["changes"],
              {"watch_url": "rados://.openattic/ganesha/conf-nfs1"})
    cases = [
        ({"namespace": "ganesha"}, "config.pool null is not a RADOS pool name"),
        ({"pool": "rbd", "namespace": 'a"b'}, "is not a RADOS namespace name"),
        ({"pool": "rbd", "namespace": "ganesha", "exports": [GOOD_EXPORT]}, None),
        ([GOOD_EXPORT], "pillar config must be"),
    ]
    for config, why in cases:
        job = apply_state("openattic.ganesha", config, tgt="nfs1")
        res = job["info"][0]["Result"]["nfs1"]
        check = the_check_state(res["return"])
        if why is None:
            assert_eq(res["retcode"], 0)
            continue
        assert_eq(res["retcode"], 2)
        assert check["result"] is False and why in check["comment"], (why, check)


def test_state_unknown_sls():
    r = run({"client": "local", "tgt": "mon1", "fun": "state.sls", "arg": ["openattic.nothing"],
             "full_return": True})[0]["mon1"]
    assert_eq((r["ret"], r["retcode"]), (["No matching sls found for 'openattic.nothing' in env 'base'"], 1))


# ---- events, hook, restart, CLI ---------------------------------------------------------

def test_events_stream_and_hook():
    control("faults", {"delay": 0.1})
    tok = login()
    conn = http.client.HTTPConnection("127.0.0.1", SRV.port, timeout=5)
    conn.request("GET", "/events?token=" + tok)
    r = conn.getresponse()
    assert_eq((r.status, r.getheader("Content-Type"), r.getheader("Cache-Control")),
              (200, "text/event-stream", "no-cache"))
    assert_eq(r.readline(), b"retry: 400\n")
    jid = run({"client": "local_async", "tgt": "igw1", "fun": "test.ping"}, tok)[0]["jid"]
    assert_eq(req("POST", "/hook/oa/deploy", {"x": 1}, tok).json, {"success": True})
    events = {}
    while len(events) < 3:
        tag = r.readline().decode()
        data = r.readline().decode()
        assert_eq(r.readline(), b"\n")
        assert tag.startswith("tag: ") and data.startswith("data: "), (tag, data)
        ev = json.loads(data[6:])
        assert_eq(ev["tag"], tag[5:].strip())
        events[ev["tag"]] = ev["data"]
    conn.close()
    assert_eq(events["salt/job/%s/new" % jid]["minions"], ["igw1"])
    ret = events["salt/job/%s/ret/igw1" % jid]
    assert_eq((ret["return"], ret["retcode"], ret["success"], ret["cmd"], ret["id"]), (True, 0, True, "_return", "igw1"))
    assert_eq(events["salt/netapi/hook/oa/deploy"]["post"], {"x": 1})
    assert_html_error(req("GET", "/events?token=xyz"), 401)
    assert_html_error(req("GET", "/events?token=" + "ab" * 20), 401)
    assert_html_error(req("POST", "/hook", {"x": 1}), 401)


def test_restart_keeps_jobs_and_loses_sessions():
    state = tempfile.mkdtemp(prefix="standin-state.")
    srv = Server("--delay", "1.5", state_dir=state)
    try:
        assert_eq(open(srv.pid_file).read().strip(), str(srv.proc.pid))
        tok = login(srv)
        ret = run({"client": "local_async", "tgt": "igw*", "fun": "test.ping"}, tok, srv)[0]
        srv.stop()
        assert not os.path.exists(srv.pid_file)
        srv = Server("--delay", "0", state_dir=state, port=srv.port)
        assert_html_error(req("GET", "/jobs/" + ret["jid"], token=tok, srv=srv), 401)
        tok = login(srv)
        job = wait_job(ret["jid"], tok, 2, srv=srv)  # the job goes on across the restart
        assert_eq(job["return"], [{"igw1": True, "igw2": True}])
    finally:
        srv.stop()
        shutil.rmtree(state, ignore_errors=True)


def test_cli_fault_flags():
    srv = Server("--down", "igw2", "--error", "503:1", "--delay", "0.05", "--token-expire", "60",
                 "--failing", "mon1", "--slow", "0.3:1:/keys")
    try:
        assert_html_error(req("GET", "/", srv=srv), 503)
        assert_eq(req("GET", "/", srv=srv).status, 200)
        ret = req("POST", "/login", {"username": "admin", "sharedsecret": SECRET, "eauth": "sharedsecret"},
                  srv=srv).json["return"][0]
        assert_eq(round(ret["expire"] - ret["start"]), 60)
        r = run({"client": "local", "tgt": "*", "fun": "test.ping", "timeout": 0.3}, ret["token"], srv)[0]
        assert_eq(sorted(r), ["igw1", "mon1", "nfs1"])
        assert r["mon1"] != True, r  # noqa: E712 - failing
        assert req("GET", "/keys", token=ret["token"], srv=srv).elapsed >= 0.25
        f = control("faults", srv=srv)["faults"]
        assert_eq((f["down"], f["failing"], f["delay"], f["slow"]), (["igw2"], ["mon1"], [0.05, 0.05], None))
        control("faults", {"down": []}, srv=srv)
        control("reset", {}, srv=srv)  # back to the command line's settings
        assert_eq(control("faults", srv=srv)["faults"]["down"], ["igw2"])
    finally:
        srv.stop()


# ---- runner ----------------------------------------------------------------------------

def main():
    global SRV
    filters = sys.argv[1:]
    SRV = Server("--delay", "0.05,0.2")
    tests = [(n, f) for n, f in globals().items() if n.startswith("test_") and callable(f)]
    tests.sort(key=lambda t: t[1].__code__.co_firstlineno)
    passed = failed = 0
    try:
        for name, fn in tests:
            if filters and not any(f in name for f in filters):
                continue
            control("reset", {})
            t0 = time.time()
            try:
                fn()
                passed += 1
                print("ok      %s (%.2fs)" % (name, time.time() - t0), flush=True)
            except Exception:
                failed += 1
                print("FAIL    %s (%.2fs)\n%s" % (name, time.time() - t0, traceback.format_exc()), flush=True)
    finally:
        SRV.stop(keep=failed > 0)
    if failed:
        print("stand-in log: %s/standin.log" % SRV.dir)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
