#!/usr/bin/env python3
"""standin.py - a salt-api (rest_cherrypy) stand-in for openATTIC's tests and demo.

Debian ships no Salt, so this plays salt-api in front of a Salt master with a few minions,
speaking the protocol of /work/shared/SALT-API.md: the same paths, response shapes,
status codes and CherryPy HTML error pages. Python 3 stdlib only. Three layers, as in Salt:
this file is salt-api (HTTP, sessions by X-Auth-Token/cookie, content negotiation);
master.py the master (eauth sessions, jobs and jids, job cache, events, runners, wheel,
faults); minions.py the minions (grains, targeting, execution functions, states).

    standin.py --port P [--host 127.0.0.1] [--state-dir DIR] [--sharedsecret S]
               [--password P] [--token-expire S] [--pid-file F] [--subnet 127.0.N]
               [--gateway-dir DIR --ceph-conf FILE] [fault flags, see --help]

The minions' addresses are SUBNET.11-16. With --gateway-dir, the gateway minions run
real gateway daemons (their files under DIR/<minion>) for the cluster of --ceph-conf.

Sessions live in memory (a restart loses them, as with real salt-api). With --state-dir,
the job cache (jobs/<jid>.json) and key states survive a restart, as the master's do: a
job submitted before a restart keeps filling in afterwards. One line per request on stderr.

Control API for tests (not salt-api; real salt-api has no /_standin):
  GET  /_standin/faults           current fault settings (master.FAULT_DEFAULTS)
  POST /_standin/faults {...}     merge settings: delay [lo,hi] | delays {mid: s} | down [mid]
                                  | failing [mid] | timeout s | token_expire s
                                  | error {status: 500|503|504|0=drop, count: n|null, paths: [glob]}
                                  | slow {seconds: s, count: n|null, paths: [glob]}
                                  | expire_sessions: true (drops every session now)
  POST /_standin/reset  [{"all":true}]  settings as on the command line, keys as at start;
                                  "all" also clears jobs, sessions and the log below
  GET  /_standin/jobs             every lowstate chunk received (as sent), its jid, the
                                  job's minions, who has returned and who is pending
  GET  /_standin/sessions         live sessions and the number of logins so far
"""

import argparse
import copy
import fnmatch
import html
import json
import os
import queue
import re
import select
import signal
import socket
import sys
import threading
import time
import traceback
import uuid
from datetime import datetime, timedelta, timezone
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import minions
from master import CLIENTS, USER, Master, SaltInvocationError, r_list_jobs, run_chunk

MAX_BODY = 1 << 20  # rest_cherrypy's max_request_body_size


# ---- HTTP ----------------------------------------------------------------------------

ERROR_PAGE = (  # CherryPy's default error page (_HTTPErrorTemplate), as salt-api sends it
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
    '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n<html>\n<head>\n'
    '    <meta http-equiv="Content-Type" content="text/html; charset=utf-8"></meta>\n'
    '    <title>%(status)s</title>\n    <style type="text/css">\n'
    '    #powered_by {\n        margin-top: 20px;\n        border-top: 2px solid black;\n'
    '        font-style: italic;\n    }\n\n    #traceback {\n        color: red;\n    }\n'
    '    </style>\n</head>\n    <body>\n        <h2>%(status)s</h2>\n        <p>%(message)s</p>\n'
    '        <pre id="traceback"></pre>\n    <div id="powered_by">\n      <span>\n'
    '        Powered by <a href="http://www.cherrypy.org">CherryPy 18.8.0</a>\n'
    '      </span>\n    </div>\n    </body>\n</html>\n')


class HTTPError(Exception):
    """An answer with CherryPy's HTML error page (cherrypy.HTTPError)."""

    def __init__(self, status, message=None):
        super().__init__(message)
        self.status = status
        self.message = message or BaseHTTPRequestHandler.responses.get(status, ("", ""))[1]


class Dropped(Exception):
    """The connection is closed without an answer (fault status 0)."""


class Injected500(Exception):
    """An "unexpected error" on request (fault status 500)."""


def parse_body(headers, body):
    """hypermedia_in: None for an empty POST; 406 for an unknown type; 400 for bad JSON."""
    if not body:
        return None
    ctype = (headers.get("Content-Type") or "").split(";")[0].strip().lower()
    if ctype == "application/x-www-form-urlencoded":
        params = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
        return {k: v[0] if len(v) == 1 else v for k, v in params.items()}
    if ctype in ("application/json", "text/plain", "application/x-yaml", "text/yaml"):
        try:  # YAML: only its JSON subset (no YAML parser in the stdlib)
            return json.loads(body)
        except ValueError:
            raise HTTPError(400, "Invalid %s document" % ("YAML" if "yaml" in ctype else "JSON"))
    raise HTTPError(406, "Content type not supported")


def lowstate_of(data):
    """lowdata_fmt + exec_lowstate's check: a Mapping is wrapped, anything else but a list is 400."""
    if data and isinstance(data, dict):
        if "arg" in data and not isinstance(data["arg"], list):
            data["arg"] = [data["arg"]]
        data = [data]
    if not isinstance(data, list):
        raise HTTPError(400, "Lowstates must be a list")
    for chunk in data:
        if "arg" in chunk and not isinstance(chunk["arg"], list):  # non-dict chunk -> 500
            chunk["arg"] = [chunk["arg"]]
    return data


def negotiate(accept):
    """cherrypy.lib.cptools.accept over application/json and application/x-yaml."""
    if not accept:
        return "application/json"
    ranges = []
    for i, part in enumerate(accept.split(",")):
        bits = [b.strip() for b in part.split(";")]
        try:
            q = next((float(b[2:]) for b in bits[1:] if b.startswith("q=")), 1.0)
        except ValueError:
            q = 0.0
        ranges.append((-q, i, bits[0].lower()))
    for negq, _, media in sorted(ranges):
        if negq < 0 and media in ("application/json", "application/*", "*/*"):
            return "application/json"
        if negq < 0 and media == "application/x-yaml":
            return "application/x-yaml"
    raise HTTPError(406, "Your client sent this Accept header: %s. But this resource only emits "
                         "these media types: application/json, application/x-yaml." % html.escape(accept))


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "CherryPy/18.8.0"
    sys_version = ""
    master = None  # set in main()

    ROUTES = [  # method, path, handler, the path's parameter
        ("GET", r"/", "get_root"), ("POST", r"/", "post_root"),
        ("GET", r"/login", "get_login"), ("POST", r"/login", "post_login"),
        ("POST", r"/logout", "post_logout"),
        ("GET", r"/minions(?:/(?P<arg>[^/]+))?", "get_minions"), ("POST", r"/minions", "post_minions"),
        ("GET", r"/jobs(?:/(?P<arg>[^/]+))?", "get_jobs"),
        ("GET", r"/keys(?:/(?P<arg>[^/]+))?", "get_keys"),
        ("GET", r"/events", "get_events"), ("POST", r"/hook(?:/(?P<arg>.+))?", "post_hook"),
    ]

    def do_GET(self):
        self.serve("GET")

    def do_POST(self):
        self.serve("POST")

    def log_request(self, code="-", size="-"):
        pass  # serve() logs one line per request itself

    def serve(self, method):
        t0, self.status, self.extra, error = time.time(), 0, [], ""
        url = urlsplit(self.path)
        path, self.query = (url.path.rstrip("/") or "/"), parse_qs(url.query)
        try:
            n = int(self.headers.get("Content-Length") or 0)
            if n > MAX_BODY:
                self.close_connection = True
                raise HTTPError(413)
            self.body = self.rfile.read(n) if n else b""
            if path.startswith("/_standin/"):
                return self.control(method, path)
            self.inject_faults(path)
            self.route(method, path)
        except HTTPError as e:
            self.send_html(e.status, e.message)
        except SaltInvocationError as e:
            self.send_html(400, html.escape(str(e)))
        except Dropped:
            self.close_connection = True
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        except Exception as e:  # hypermedia_handler's "unexpected error"
            if not isinstance(e, Injected500):
                tb = traceback.extract_tb(e.__traceback__)[-1]
                error = " (%s: %s at line %d)" % (type(e).__name__, e, tb.lineno)
            self.send_body(500, json.dumps({"status": 500, "return": "An unexpected error occurred"}),
                           "application/json")
        finally:
            sys.stderr.write("%s %s %s %s %.3fs%s\n" % (datetime.now().strftime("%H:%M:%S.%f")[:-3],
                             method, self.path, self.status or "-", time.time() - t0, error))

    def route(self, method, path):
        allowed = []
        for meth, pattern, name in self.ROUTES:
            mo = re.fullmatch(pattern, path)
            if mo and meth == method:
                data = parse_body(self.headers, self.body) if method == "POST" else None
                status, obj = getattr(self, name)(data, mo.groupdict().get("arg"))
                if obj is not None:
                    ctype = negotiate(self.headers.get("Accept"))
                    self.send_body(status, json.dumps(obj), ctype)
                return
            if mo:
                allowed.append(meth)
        if allowed:
            self.extra.append(("Allow", ", ".join(allowed)))
            raise HTTPError(405)
        raise HTTPError(404, "The path '%s' was not found." % html.escape(path))

    # -- responses
    def send_body(self, status, body, ctype):
        body = body.encode() if isinstance(body, str) else body
        self.status = status
        self.send_response(status)
        for k, v in self.extra:
            self.send_header(k, v)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def send_html(self, status, message):
        line = "%d %s" % (status, self.responses.get(status, ("",))[0])
        self.send_body(status, ERROR_PAGE % {"status": line, "message": message}, "text/html;charset=utf-8")

    # -- faults (before the request is handled, as a broken master or proxy would answer)
    def inject_faults(self, path):
        m = self.master
        for kind in ("slow", "error"):
            with m.lock:
                f = m.faults[kind]
                if not f or not any(fnmatch.fnmatchcase(path, p) for p in f.get("paths") or ["*"]):
                    continue
                if f.get("count") is not None:
                    f["count"] -= 1
                    if f["count"] <= 0:
                        m.faults[kind] = None
            if kind == "slow":
                time.sleep(float(f["seconds"]))
            elif int(f["status"]) == 0:
                raise Dropped()
            elif int(f["status"]) == 500:
                raise Injected500()
            else:
                raise HTTPError(int(f["status"]), f.get("message") or
                                ("Salt Master is not available." if int(f["status"]) == 503 else None))

    # -- authentication (salt_token_tool + salt_auth_tool)
    def token(self):
        cookie = SimpleCookie(self.headers.get("Cookie") or "")
        return self.headers.get("X-Auth-Token") or (cookie["session_id"].value if "session_id" in cookie else None)

    def session(self):
        s = self.master.session(self.token())
        if not s:
            raise HTTPError(401)
        return s

    # -- salt-api endpoints: each returns (status, object) or raises HTTPError
    def get_root(self, data, arg):
        return 200, {"return": "Welcome", "clients": CLIENTS}

    def post_root(self, data, arg):
        user = self.session()["user"]
        return 200, {"return": self.exec_lowstate(data, user)}

    def exec_lowstate(self, data, user, client=None):
        out, raw = [], copy.deepcopy(data)  # the log keeps chunks as the client sent them
        for chunk, sent in zip(lowstate_of(data), raw if isinstance(raw, list) else [raw]):
            rec = {"time": time.time(), "path": self.path, "lowstate": sent, "jid": None,
                   "content_type": self.headers.get("Content-Type"), "accept": self.headers.get("Accept")}
            if client:
                chunk["client"] = client
            with self.master.lock:
                self.master.log.append(rec)
            out.append(run_chunk(self.master, chunk, user, rec))
        return out

    def get_login(self, data, arg):
        self.extra.append(("WWW-Authenticate", "Session"))
        return 401, {"status": "401 Unauthorized", "return": "Please log in"}

    def post_login(self, data, arg):
        creds = data[0] if isinstance(data, list) else data
        eauth, user = creds.get("eauth"), creds.get("username")  # None -> 500, as salt-api
        o = self.master.opts
        if eauth == "sharedsecret":
            ok = o.sharedsecret in (creds.get("sharedsecret"), creds.get("password"))
        elif eauth in ("pam", "auto"):
            ok = creds.get("password") == o.password
        else:
            ok = False
        if not ok or user != USER:
            raise HTTPError(401, "Could not authenticate using provided credentials")
        s = self.master.login(eauth)
        exp = datetime.now(timezone.utc) + timedelta(seconds=s["expire"] - s["start"])
        self.extra += [("X-Auth-Token", s["token"]), ("Set-Cookie", "session_id=%s; expires=%s; Path=/"
                                                      % (s["token"], exp.strftime("%a, %d %b %Y %H:%M:%S GMT")))]
        return 200, {"return": [{k: s[k] for k in ("token", "expire", "start", "user", "eauth", "perms")}]}

    def post_logout(self, data, arg):
        sid = self.session()["token"]
        with self.master.lock:
            self.master.sessions.pop(sid, None)
        self.extra.append(("Set-Cookie", "session_id=%s; expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/" % sid))
        return 200, {"return": "Your token has been cleared"}

    def get_minions(self, data, mid):
        user = self.session()["user"]
        return 200, {"return": [run_chunk(self.master, {"client": "local", "tgt": mid or "*",
                                                         "fun": "grains.items"}, user)]}

    def post_minions(self, data, arg):
        user = self.session()["user"]
        ret = self.exec_lowstate(data, user, client="local_async")
        return 202, {"return": ret, "_links": {"jobs": [{"href": "/jobs/%s" % r["jid"]} for r in ret if r]}}

    def get_jobs(self, data, jid):
        self.session()
        if jid:
            info = self.master.list_job(jid)
            return 200, {"info": [info], "return": [{m: r["return"] for m, r in info["Result"].items()}]}
        return 200, {"return": [r_list_jobs(self.master)]}

    def get_keys(self, data, mid):
        user = self.session()["user"]
        low = {"client": "wheel", "fun": "key.finger", "match": mid} if mid else \
            {"client": "wheel", "fun": "key.list_all"}
        return 200, {"return": run_chunk(self.master, low, user)["data"]["return"]}

    def post_hook(self, data, tag):
        self.session()
        self.master.fire("salt/netapi/hook" + ("/" + tag if tag else ""), {
            "body": self.body.decode("utf-8", "replace"), "post": data, "headers": dict(self.headers)})
        return 200, {"success": True}

    def get_events(self, data, arg):
        q = self.query
        token = (q.get("token") or q.get("salt_token") or [None])[0] or self.token()
        if not token or not re.fullmatch(r"[0-9a-fA-F]+", token) or not self.master.session(token):
            raise HTTPError(401)
        events = queue.Queue()
        self.master.subscribers.add(events)
        try:
            self.status = 200
            self.send_response(200)
            for k, v in (("Content-Type", "text/event-stream"), ("Cache-Control", "no-cache"),
                         ("Connection", "keep-alive"), ("Transfer-Encoding", "chunked")):
                self.send_header(k, v)
            self.end_headers()
            self.chunk("retry: 400\n")
            while not self.peer_closed():
                try:
                    ev = events.get(timeout=0.5)
                except queue.Empty:
                    continue
                self.chunk("tag: %s\ndata: %s\n\n" % (ev["tag"], json.dumps(ev)))
        finally:
            self.master.subscribers.discard(events)
            self.close_connection = True
        return 200, None

    def chunk(self, text):
        b = text.encode()
        self.wfile.write(b"%x\r\n%s\r\n" % (len(b), b))
        self.wfile.flush()

    def peer_closed(self):
        r, _, _ = select.select([self.connection], [], [], 0)
        return bool(r) and self.connection.recv(1, socket.MSG_PEEK) == b""

    # -- the control API (tests only): each answers 200 with JSON
    def control(self, method, path):
        m, body = self.master, json.loads(self.body or b"{}")
        if (method, path) == ("POST", "/_standin/faults"):
            try:
                m.set_faults(body)
            except (ValueError, TypeError, KeyError) as e:
                return self.send_body(400, json.dumps({"error": str(e)}), "application/json")
        elif (method, path) == ("POST", "/_standin/reset"):
            m.reset(everything=bool((body or {}).get("all")))
        elif (method, path) == ("GET", "/_standin/jobs"):
            return self.send_body(200, json.dumps({"jobs": m.submissions()}), "application/json")
        elif (method, path) == ("GET", "/_standin/sessions"):
            with m.lock:
                out = {"sessions": list(m.sessions.values()), "logins": m.logins}
            return self.send_body(200, json.dumps(out), "application/json")
        elif (method, path) != ("GET", "/_standin/faults"):
            raise HTTPError(404, "The path '%s' was not found." % html.escape(path))
        self.send_body(200, json.dumps({"faults": m.faults}), "application/json")


# ---- command line --------------------------------------------------------------------

def fault_flags(a):
    """The CLI flags, as a fault-settings dict (the defaults of this process)."""
    f = {"token_expire": a.token_expire, "timeout": a.timeout}
    if a.delay:
        lo, _, hi = a.delay.partition(",")
        f["delay"] = [float(lo), float(hi or lo)]
    if a.minion_delay:
        f["delays"] = {k: float(v) for k, v in (x.split("=", 1) for x in a.minion_delay)}
    f["down"] = [x for d in a.down for x in d.split(",")]
    f["failing"] = [x for d in a.failing for x in d.split(",")]
    for name, spec in (("error", a.error), ("slow", a.slow)):
        if spec:
            parts = spec.split(":", 2)
            v = {"count": int(parts[1]) if len(parts) > 1 and parts[1] else None,
                 "paths": [parts[2]] if len(parts) > 2 else ["*"]}
            v["status" if name == "error" else "seconds"] = float(parts[0]) if name == "slow" else int(parts[0])
            f[name] = v
    return f


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--state-dir")
    p.add_argument("--sharedsecret", help="eauth sharedsecret (default: a new UUID, logged)")
    p.add_argument("--password", default="admin", help="password of 'admin' for eauth pam/auto")
    p.add_argument("--token-expire", type=float, default=43200)
    p.add_argument("--pid-file")
    p.add_argument("--delay", help="job delay LO[,HI] seconds (default 0.3,1.5)")
    p.add_argument("--minion-delay", action="append", default=[], metavar="MID=S")
    p.add_argument("--down", action="append", default=[], metavar="MID[,MID]")
    p.add_argument("--failing", action="append", default=[], metavar="MID[,MID]")
    p.add_argument("--timeout", type=float, default=5.0, help="wait of a sync local call")
    p.add_argument("--error", metavar="STATUS[:COUNT[:PATHGLOB]]", help="500, 503, 504 or 0 (drop)")
    p.add_argument("--slow", metavar="SECONDS[:COUNT[:PATHGLOB]]")
    p.add_argument("--subnet", default="127.0.0", help="the minions are SUBNET.11-16")
    p.add_argument("--gateway-dir", help="run real gateway daemons, their files here")
    p.add_argument("--ceph-conf", help="the cluster the real gateways serve")
    a = p.parse_args()
    if not re.match(r"^127\.\d{1,3}\.\d{1,3}$", a.subnet):
        p.error("--subnet must be 127.N.N")
    minions.configure(a.subnet, a.gateway_dir and os.path.abspath(a.gateway_dir), a.ceph_conf)
    if not a.sharedsecret:
        a.sharedsecret = str(uuid.uuid4())
        sys.stderr.write("sharedsecret: %s\n" % a.sharedsecret)
        if a.state_dir:
            os.makedirs(a.state_dir, exist_ok=True)
            with open(os.path.join(a.state_dir, "sharedsecret.conf"), "w") as f:
                f.write("sharedsecret: %s\n" % a.sharedsecret)
    a.faults = fault_flags(a)
    Handler.master = Master(a)
    ThreadingHTTPServer.request_queue_size = 128
    server = ThreadingHTTPServer((a.host, a.port), Handler)
    pid_file = a.pid_file or (a.state_dir and os.path.join(a.state_dir, "standin.pid"))
    if pid_file:
        with open(pid_file, "w") as f:
            f.write("%d\n" % os.getpid())

    def stop(signum, frame):
        threading.Thread(target=server.shutdown, daemon=True).start()
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    sys.stderr.write("salt-api stand-in listening on http://%s:%d\n" % (a.host, a.port))
    sys.stderr.flush()
    try:
        server.serve_forever()
    finally:
        server.server_close()
        if pid_file and os.path.exists(pid_file):
            os.unlink(pid_file)


if __name__ == "__main__":
    main()
