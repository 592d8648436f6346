"""test_service.py - /api/health and /api/openapi.json (API.md "Service")."""

import json
import grp
import os
import stat
import subprocess

import oa
from oa import Client


def test_health_without_login():
    r = Client().get("/api/health")
    assert r.status == 200, r
    assert r.json["status"] == "ok" and r.json["database"] == "ok"
    assert isinstance(r.json["clusters"], list) and r.json["salt"] in ("ok", "down", "unconfigured")
    # An anonymous caller learns what API.md lists and no more: no cluster names, no
    # error texts of the transports, no counters.
    assert set(r.json) == {"status", "version", "database", "clusters", "salt"}, r.json
    for c in r.json["clusters"]:
        assert set(c) == {"fsid", "status"}, c
    # A logged-in caller also gets each cluster's name and the view's command count.
    c = oa.admin().get("/api/health").json["clusters"][0]
    assert c["name"] and isinstance(c["view_commands"], int), c


def test_openapi_lists_every_route_and_matches_web_copy():
    doc = Client().get("/api/openapi.json").json
    assert doc["openapi"].startswith("3.")
    assert "/api/users/{username}" in doc["paths"]
    assert set(doc["paths"]["/api/users/{username}"]) == {"get", "patch", "delete"}
    # web/openapi.json is the committed twin of the route table: it must not drift.
    with open(os.path.join(oa.ROOT, "web", "openapi.json")) as f:
        assert json.load(f) == doc, "web/openapi.json is stale: run 'make openapi'"


def test_plain_http_redirects_and_https_is_remembered():
    with open(os.path.join(os.environ["OA_STATE"], "nginx", "http_port")) as f:
        port = int(f.read())
    r = Client(url="http://127.0.0.1:%d" % port).get("/api/users?x=1")
    assert r.status == 301 and r.headers["location"] == "https://127.0.0.1/api/users?x=1", r
    assert b"oa_session" not in r.body and "set-cookie" not in r.headers
    r = Client().get("/api/health")
    assert r.headers["strict-transport-security"] == "max-age=31536000", r.headers


def test_the_fastcgi_socket_is_nginxs_only():
    st = os.stat(os.path.join(os.environ["OA_STATE"], "oa", "openattic.sock"))
    assert stat.S_IMODE(st.st_mode) == 0o660, oct(st.st_mode)
    assert grp.getgrgid(st.st_gid).gr_name == "nogroup"


def test_security_headers_from_nginx():
    r = Client().get("/api/health")
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"
    r = Client().get("/")
    assert r.status == 200 and b"openATTIC" in r.body


def _doc():
    return Client().get("/api/openapi.json").json


def test_openapi_declares_parameters_answers_and_errors():
    doc = _doc()
    ops = [op for item in doc["paths"].values() for op in item.values()]
    ids = [op["operationId"] for op in ops]
    assert len(ids) == len(set(ids)), "operationIds repeat"
    assert all(op.get("tags") and op.get("responses") for op in ops)
    pools = doc["paths"]["/api/clusters/{fsid}/pools"]["get"]
    params = {p["name"]: p for p in pools["parameters"]}
    assert {"fsid", "offset", "limit", "sort", "search"} <= set(params), params
    assert params["limit"]["schema"]["maximum"] == 1000
    assert {"name", "-name", "used", "-used"} <= set(params["sort"]["schema"]["enum"])
    schema = pools["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema["properties"]["items"]["items"] == {"$ref": "#/components/schemas/Pool"}
    assert {"401", "404", "503"} <= set(pools["responses"]), pools["responses"]
    tasks = {p["name"] for p in doc["paths"]["/api/tasks"]["get"]["parameters"]}
    assert {"state", "kind", "created_by", "fsid"} <= tasks, tasks
    delete = doc["paths"]["/api/clusters/{fsid}/pools/{name}"]["delete"]
    assert "confirm" in {p["name"] for p in delete["parameters"]}
    assert delete["responses"]["202"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Task"}
    assert {"403", "409", "415"} <= set(delete["responses"]), delete["responses"]
    assert set(doc["components"]["securitySchemes"]) == {"bearer", "cookie", "csrf"}
    assert {"bearer": []} in delete["security"] and {"cookie": [], "csrf": []} in delete["security"]
    assert doc["paths"]["/api/auth/login"]["post"]["security"] == []
    # Every $ref names a schema the document has.
    text = json.dumps(doc)
    for name in set(__import__("re").findall(r'"#/components/schemas/([A-Za-z]+)"', text)):
        assert name in doc["components"]["schemas"], name


def test_a_query_parameter_the_route_does_not_declare_is_refused():
    c = oa.admin()
    fsid = c.get("/api/clusters").json[0]["fsid"]
    r = c.get("/api/clusters/%s/pools?serach=rbd" % fsid)
    assert r.status == 400 and r.json["error"]["code"] == "unknown_parameter", r
    assert r.json["error"]["field"] == "serach" and "serach" in r.json["error"]["message"]
    r = c.get("/api/audit?status=ok")
    assert r.status == 400 and r.json["error"] == {
        "code": "invalid_parameter", "field": "status", "message": "status must be an integer"}, r
    assert c.get("/api/audit?status=200&limit=1").status == 200
    # Declared ones work, on reads and writes alike.
    assert c.get("/api/clusters/%s/pools?search=rbd&sort=-name" % fsid).status == 200
    r = c.delete("/api/clusters/%s/pools/nosuchpool?confirm=nosuchpool&bogus=1" % fsid)
    assert r.status == 400 and r.json["error"]["field"] == "bogus", r


def test_the_answer_checker_can_fail():
    """The checker that oa.Client runs on every answer refuses what the document does not say."""
    import openapi_check as chk
    c = Client()
    fetch = c._fetch_document
    user = {"username": "a", "role": "admin", "email": None, "disabled": False,
            "created_at": "2026-12-05T05:51:00Z", "last_login_at": None}

    def probs(body, status=200):
        return chk.problems("GET", "/api/users/a", status, json.dumps(body).encode(), body, fetch)
    assert probs(user) == []
    assert any("no member 'role'" in p for p in probs({k: v for k, v in user.items() if k != "role"}))
    assert any("'extra'" in p for p in probs(dict(user, extra=1)))
    assert any("says boolean" in p for p in probs(dict(user, disabled="no")))
    assert any("not one of" in p for p in probs(dict(user, role="root")))
    assert any("null where" in p for p in probs(dict(user, username=None)))
    assert any("RFC 3339" in p for p in probs(dict(user, created_at="yesterday")))
    assert any("not documented" in p for p in probs(user, status=201))
    assert chk.problems("DELETE", "/api/users/a", 204, b"", None, fetch) == []
    assert chk.problems("DELETE", "/api/users/a", 204, b"{}", {}, fetch) != []


def _timings(r):
    """The Server-Timing metrics of an answer: {name: ms}."""
    out = {}
    for part in r.headers.get("server-timing", "").split(","):
        if part.strip():
            name, *params = [p.strip() for p in part.split(";")]
            out[name] = float(dict(p.split("=", 1) for p in params)["dur"])
    return out


def test_server_timing_tells_a_signed_in_caller_where_the_time_went():
    fsid = oa.cluster(1)[0]
    admin = oa.admin()
    # Ceph asked (the cephx list is asked of the monitor on every read): both parts.
    t = _timings(admin.get("/api/clusters/%s/cephx/users" % fsid))
    assert set(t) == {"app", "ceph"}, t
    assert t["ceph"] > 0 and t["app"] >= 0, t
    # PostgreSQL only: openattic's part alone.
    t = _timings(admin.get("/api/users"))
    assert set(t) == {"app"} and t["app"] >= 0, t
    # Nobody signed in: nothing, not even for a refused login.
    assert "server-timing" not in Client().get("/api/health").headers
    r = Client().post("/api/auth/login", {"username": oa.unique("nobody"), "password": "x" * 12})
    assert r.status == 401 and "server-timing" not in r.headers, r
