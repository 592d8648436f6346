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
