"""test_auth.py - logging in and out, bearer and cookie sessions, CSRF, throttling,
and the three routes that need no login (API.md "Authentication and roles")."""

import re

import oa
from oa import Client, assert_error

PUBLIC = {("GET", "/api/health"), ("GET", "/api/openapi.json"), ("POST", "/api/auth/login")}


def routes():
    doc = Client().get("/api/openapi.json").json
    for path, ops in doc["paths"].items():
        for method in ops:
            yield method.upper(), path


def test_every_route_but_the_public_ones_needs_a_login():
    # Walks the route table (through the OpenAPI document generated from it), so a
    # new route is covered without touching this test.
    c = Client()
    seen = 0
    for method, path in routes():
        concrete = re.sub(r"\{[^}]+\}", "x1", path)
        r = c.request(method, concrete, body={} if method in ("POST", "PUT", "PATCH") else None)
        if (method, path) in PUBLIC:
            assert r.status != 401, (method, path, r)
        else:
            assert_error(r, 401, "unauthorized")
            seen += 1
    assert seen >= 10
    # Unknown paths under /api/ are 401 too without a login: nothing is revealed.
    assert_error(c.get("/api/no/such/thing"), 401)


def test_login_returns_token_csrf_cookie_and_user():
    name, pw = oa.make_user("viewer")
    r = Client().login(name, pw)
    assert r.status == 200, r
    j = r.json
    assert re.fullmatch(r"[0-9a-f]{64}", j["token"]) and re.fullmatch(r"[0-9a-f]{64}", j["csrf_token"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", j["expires_at"])
    assert j["user"] == {"username": name, "role": "viewer"}
    cookie = r.headers["set-cookie"]
    assert "oa_session=" + j["token"] in cookie
    for attr in ("HttpOnly", "SameSite=Strict", "Path=/"):
        assert attr in cookie, cookie


def test_wrong_password_and_unknown_user_get_the_same_answer():
    name, _ = oa.make_user("viewer")
    c = Client(source="127.0.0.21")
    a = c.login(name, "wrong-password-1")
    b = c.login(oa.unique("nobody"), "wrong-password-1")
    assert_error(a, 401, "invalid_credentials")
    assert_error(b, 401, "invalid_credentials")
    assert a.body == b.body


def test_bearer_and_cookie_sessions_work_and_logout_ends_them():
    name, pw = oa.make_user("operator")
    bearer, cookie = Client(), Client()
    bearer.login(name, pw)
    cookie.login(name, pw, cookie=True)
    assert bearer.get("/api/auth/me").json["username"] == name
    assert cookie.get("/api/auth/me").json["username"] == name
    assert bearer.post("/api/auth/logout").status == 204
    assert_error(bearer.get("/api/auth/me"), 401)
    r = cookie.post("/api/auth/logout")
    assert r.status == 204 and "Max-Age=0" in r.headers["set-cookie"]
    assert_error(cookie.get("/api/auth/me"), 401)


def test_cookie_session_mutation_needs_the_csrf_token():
    c = oa.admin(cookie=True)
    body = {"description": "csrf test"}
    assert_error(c.post("/api/tokens", body, csrf=False), 403, "csrf")
    assert_error(c.post("/api/tokens", body, headers={"X-CSRF-Token": "0" * 64}), 403, "csrf")
    assert c.post("/api/tokens", body).status == 201
    # GET needs no CSRF token; bearer requests need none either.
    assert c.get("/api/tokens").status == 200
    assert oa.admin().post("/api/tokens", body).status == 201


def test_me_gives_a_cookie_session_its_csrf_token_again():
    # A reloaded browser page has only its cookie; /me tells it the CSRF token.
    c = oa.admin(cookie=True)
    me = c.get("/api/auth/me").json
    assert me["csrf_token"] == c.csrf
    # Bearer sessions need no CSRF token and are not given one.
    assert "csrf_token" not in oa.admin().get("/api/auth/me").json


def test_garbage_tokens_are_anonymous():
    for tok in ("", "x" * 300, "abc def", "\u00e9t\u00e9", "oat_" + "0" * 64, "0" * 64):
        c = Client()
        r = c.get("/api/auth/me", headers={"Authorization": "Bearer " + tok})
        assert_error(r, 401)
    r = Client().get("/api/auth/me", headers={"Cookie": "oa_session=%00%ff; x=y"})
    assert_error(r, 401)


def test_throttling_after_five_failures_for_a_user():
    name, pw = oa.make_user("viewer")
    # Each attempt from another address: only the per-user counter can trip.
    for i in range(5):
        assert_error(Client(source="127.0.1.%d" % (i + 1)).login(name, "wrong-password-x"), 401)
    r = Client(source="127.0.1.9").login(name, pw)
    assert_error(r, 429, "too_many_attempts")
    assert int(r.headers["retry-after"]) > 0
    # Unknown users are throttled the same way.
    ghost = oa.unique("ghost")
    for i in range(5):
        Client(source="127.0.2.%d" % (i + 1)).login(ghost, "wrong-password-x")
    assert_error(Client(source="127.0.2.9").login(ghost, "wrong-password-x"), 429)


def test_throttling_after_five_failures_from_a_client_address():
    src = "127.0.3.7"
    for i in range(5):
        Client(source=src).login(oa.unique("u"), "wrong-password-x")
    name, pw = oa.make_user("viewer")
    assert_error(Client(source=src).login(name, pw), 429, "too_many_attempts")
    assert Client(source="127.0.3.8").login(name, pw).status == 200


def test_roles_viewer_reads_operator_works_admin_manages():
    viewer, operator = oa.client_as("viewer"), oa.client_as("operator")
    assert viewer.get("/api/tasks").status == 200
    assert_error(viewer.post("/api/maintenance/purge", {}), 403, "forbidden")
    assert_error(viewer.delete("/api/tasks/1"), 403, "forbidden")
    assert_error(operator.get("/api/users"), 403, "forbidden")
    assert_error(operator.post("/api/users", {"username": "x", "password": "y" * 12,
                                              "role": "admin"}), 403, "forbidden")
    assert_error(operator.get("/api/audit"), 403, "forbidden")
    # Everyone may manage their own session and password.
    assert viewer.get("/api/auth/me").json["role"] == "viewer"
    assert viewer.post("/api/tokens", {"description": "viewer automation"}).status == 201
