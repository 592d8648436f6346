"""oa.py - what the API tests share: an HTTP client for the openATTIC API through
nginx (bearer or cookie sessions, CSRF, any source address on 127.0.0.0/8), raw HTTP
for requests a library would refuse to send, the stack controls (tests/env/ctl) and
assertion helpers. Configured by tests/check through the environment:
OA_URL, OA_STATE, OA_ADMIN_USER, OA_ADMIN_PASSWORD."""

import http.client
import json
import os
import secrets
import socket
import subprocess
import time
import urllib.parse

import openapi_check

URL = os.environ.get("OA_URL", "http://127.0.0.1:8080")
STATE = os.environ.get("OA_STATE", "")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
_u = urllib.parse.urlsplit(URL)
HOST, PORT = _u.hostname, _u.port or 80


class Skip(Exception):
    """Raised by a test that cannot run here; counted as skipped."""


class Resp:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers  # lower-case names; repeated headers joined with \n
        self.body = body
        try:
            self.json = json.loads(body) if body else None
        except ValueError:
            self.json = None

    def __repr__(self):
        return "<%d %s>" % (self.status, self.body[:300])


class Client:
    """One API user: a bearer token or a cookie session, from one client address."""

    def __init__(self, url=None, source="127.0.0.1"):
        u = urllib.parse.urlsplit(url or URL)
        self.host, self.port = u.hostname, u.port or 80
        self.source = source
        self.token = None
        self.cookie = None
        self.csrf = None

    def request(self, method, path, body=None, headers=None, raw=None,
                content_type="application/json", auth=True, csrf=True):
        h = dict(headers or {})
        data = raw
        if body is not None:
            data = json.dumps(body).encode()
        if data is not None and content_type and "Content-Type" not in h:
            h["Content-Type"] = content_type
        if auth and self.token and "Authorization" not in h:
            h["Authorization"] = "Bearer " + self.token
        if auth and self.cookie:
            h["Cookie"] = "oa_session=" + self.cookie
            if csrf and self.csrf and method not in ("GET", "HEAD"):
                h.setdefault("X-CSRF-Token", self.csrf)
        c = http.client.HTTPConnection(self.host, self.port, timeout=30,
                                       source_address=(self.source, 0))
        try:
            c.request(method, path, body=data, headers=h)
            r = c.getresponse()
            hdrs = {}
            for k, v in r.getheaders():
                k = k.lower()
                hdrs[k] = hdrs[k] + "\n" + v if k in hdrs else v
            resp = Resp(r.status, hdrs, r.read())
        finally:
            c.close()
        if path.startswith("/api/"):
            openapi_check.check(method, path, resp.status, resp.body, resp.json,
                                self._fetch_document)
        return resp

    def _fetch_document(self):
        c = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            c.request("GET", "/api/openapi.json")
            r = c.getresponse()
            return r.status, r.read()
        finally:
            c.close()

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.request("POST", path, body=body, **kw)

    def patch(self, path, body=None, **kw):
        return self.request("PATCH", path, body=body, **kw)

    def put(self, path, body=None, **kw):
        return self.request("PUT", path, body=body, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)

    def login(self, username, password, cookie=False):
        """Logs in; keeps the bearer token (or, with cookie=True, the cookie + CSRF)."""
        r = self.post("/api/auth/login", {"username": username, "password": password},
                      auth=False)
        if r.status == 200:
            if cookie:
                self.cookie = r.json["token"]
                self.csrf = r.json["csrf_token"]
            else:
                self.token = r.json["token"]
        return r


def admin(cookie=False):
    c = Client()
    r = c.login(os.environ["OA_ADMIN_USER"], os.environ["OA_ADMIN_PASSWORD"], cookie=cookie)
    assert r.status == 200, r
    return c


def unique(prefix="t"):
    return "%s%s" % (prefix, secrets.token_hex(4))


def make_user(role="operator", admin_client=None):
    """Creates a user with role; returns (username, password)."""
    name, pw = unique(role[:2]), "pw-" + secrets.token_hex(8)
    r = (admin_client or admin()).post("/api/users",
                                       {"username": name, "password": pw, "role": role})
    assert r.status == 201, r
    return name, pw


def client_as(role):
    """A logged-in client of a new user with role."""
    name, pw = make_user(role)
    c = Client()
    assert c.login(name, pw).status == 200
    c.username = name
    return c


def raw_http(data, timeout=10, port=None):
    """Sends raw bytes to nginx; returns (status, head, body) of the answer."""
    s = socket.create_connection((HOST, port or PORT), timeout=timeout)
    try:
        s.sendall(data)
        chunks = []
        while True:
            try:
                b = s.recv(65536)
            except socket.timeout:
                break
            if not b:
                break
            chunks.append(b)
            if b"\r\n\r\n" in b"".join(chunks):
                head, _, rest = b"".join(chunks).partition(b"\r\n\r\n")
                m = [l for l in head.split(b"\r\n") if l.lower().startswith(b"content-length:")]
                if m and len(rest) >= int(m[0].split(b":")[1]):
                    break
        resp = b"".join(chunks)
    finally:
        s.close()
    head, _, body = resp.partition(b"\r\n\r\n")
    status = int(head.split(b" ")[1]) if head.startswith(b"HTTP/") else 0
    return status, head.decode("latin-1"), body


MINION_LAST = {"igw1": 11, "igw2": 12, "nfs1": 13, "mon1": 14, "igw3": 15, "nfs0": 16}


def minion_ip(mid):
    """A minion's address in this stack (tests/env/lib.sh: salt_subnet)."""
    with open(os.path.join(STATE, "salt", "subnet")) as f:
        return "%s.%d" % (f.read().strip(), MINION_LAST[mid])


def ctl(*args, check=True):
    """Runs tests/env/ctl on the stack under test; returns its standard output."""
    p = subprocess.run([os.path.join(ROOT, "tests/env/ctl"), STATE] + list(args),
                       capture_output=True, text=True, timeout=120)
    if check and p.returncode != 0:
        raise AssertionError("ctl %s failed: %s" % (" ".join(args), p.stderr))
    return p.stdout


def psql(sql):
    """Runs sql on the stack's database as openattic; returns the rows as text."""
    return ctl("psql", "-tA", "-c", sql).strip()


def wait_for(pred, timeout=20, step=0.1, what="condition"):
    end = time.time() + timeout
    while time.time() < end:
        v = pred()
        if v:
            return v
        time.sleep(step)
    raise AssertionError("timed out after %ss waiting for %s" % (timeout, what))


def wait_task(c, task_id, timeout=30, states=("succeeded", "failed", "cancelled")):
    def done():
        r = c.get("/api/tasks/%d" % task_id)
        return r.json if r.status == 200 and r.json["state"] in states else None
    return wait_for(done, timeout, what="task %d to reach %s" % (task_id, states))


def assert_error(r, status, code=None, field=None):
    """r is an error in API.md's shape with this status (and code, field)."""
    assert r.status == status, "expected %d, got %r" % (status, r)
    assert r.headers.get("content-type", "").startswith("application/json"), r.headers
    assert isinstance(r.json, dict) and isinstance(r.json.get("error"), dict), r
    e = r.json["error"]
    assert isinstance(e.get("code"), str) and isinstance(e.get("message"), str), r
    if code is not None:
        assert e["code"] == code, "expected code %s, got %r" % (code, r)
    if field is not None:
        assert e.get("field") == field, "expected field %s, got %r" % (field, r)
    return e


def last_audit(c, path=None, n=1):
    """The newest n audit rows (for path, if given), newest first."""
    q = "/api/audit?limit=%d" % n + ("&path=" + urllib.parse.quote(path) if path else "")
    r = c.get(q)
    assert r.status == 200, r
    return r.json["items"]


def cluster(n=1):
    """(fsid, ceph.conf path) of the test cluster n (1 or 2)."""
    return ctl("ceph", str(n), "fsid").strip(), ctl("ceph", str(n), "conf").strip()


def ceph(n, *args, check=True):
    """Runs the ceph CLI (as client.admin) on test cluster n; JSON output parsed."""
    _, conf = cluster(n)
    p = subprocess.run(["ceph", "-c", conf, "--connect-timeout", "15", "-f", "json"] + list(args),
                       capture_output=True, text=True, timeout=60)
    if check and p.returncode != 0:
        raise AssertionError("ceph %s failed: %s" % (" ".join(args), p.stderr))
    try:
        return json.loads(p.stdout) if p.stdout.strip() else None
    except ValueError:
        return p.stdout


def cli(*args, stdin=None):
    """Runs the openattic binary under test with args; returns the CompletedProcess."""
    env = dict(l.split("=", 1) for l in open(os.path.join(STATE, "env")).read().splitlines()
               if "=" in l)
    return subprocess.run([env["OA_BIN"]] + list(args), input=stdin, capture_output=True,
                          text=True, timeout=60)


def conf_path():
    return os.path.join(STATE, "oa", "openattic.conf")
