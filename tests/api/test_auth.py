"""test_auth.py - logging in and out, bearer and cookie sessions, CSRF, throttling,
and the three routes that need no login (API.md "Authentication and roles")."""

import re
import time

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
    # new route is covered without touching this test. nginx lets one address make 100
    # anonymous writes at once (10 a second after): the walk moves to another address
    # every 50 writes, and none of them is the address the other tests use.
    seen = writes = 0
    for method, path in routes():
        concrete = re.sub(r"\{[^}]+\}", "x1", path)
        if method != "GET":
            writes += 1
        c = Client(source="127.0.22.%d" % (1 + writes // 50))
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


def device_of(r):
    """The oa_device cookie a login answer sets, or None."""
    for line in r.headers.get("set-cookie", "").split("\n"):
        m = re.match(r"(?:__Host-)?oa_device=([^;]+)", line)
        if m:
            return m.group(1)
    return None


def login_with_device(source, name, pw, device):
    return Client(source=source).post("/api/auth/login", {"username": name, "password": pw},
                                      headers={"Cookie": "oa_device=" + device}, auth=False)


def test_throttling_slows_a_user_and_client_pair_with_a_growing_delay():
    name, pw = oa.make_user("viewer")
    c = Client(source="127.0.1.1")
    for _ in range(5):
        assert_error(c.login(name, "wrong-password-x"), 401, "invalid_credentials")
    r = c.login(name, pw)  # even the right password waits
    assert_error(r, 429, "too_many_attempts")
    assert r.headers["retry-after"] == "1", r.headers
    # Another address is not slowed by this one's typos.
    assert Client(source="127.0.1.2").login(name, pw).status == 200
    time.sleep(1.1)
    assert_error(c.login(name, "wrong-password-x"), 401, "invalid_credentials")
    r = c.login(name, pw)
    assert_error(r, 429, "too_many_attempts")
    assert r.headers["retry-after"] == "2", r.headers  # it doubles
    time.sleep(2.1)
    assert c.login(name, pw).status == 200
    # A success clears the pair's failures: four more typos cost no wait.
    for _ in range(4):
        assert_error(c.login(name, "wrong-password-x"), 401, "invalid_credentials")
    assert c.login(name, pw).status == 200
    # Unknown users are throttled the same way.
    ghost, g = oa.unique("ghost"), Client(source="127.0.2.1")
    for _ in range(5):
        assert_error(g.login(ghost, "wrong-password-x"), 401, "invalid_credentials")
    assert_error(g.login(ghost, "wrong-password-x"), 429, "too_many_attempts")


def test_a_ceiling_per_user_stops_guessing_from_many_addresses_but_not_a_known_device():
    name, pw = oa.make_user("viewer")
    # The user's own browser logged in before: it keeps a device cookie.
    device = device_of(Client(source="127.0.4.1").login(name, pw))
    assert device and re.fullmatch(r"[0-9a-f]{64}", device), device
    # The test stack's throttle_ceiling (30) wrong guesses from ten addresses, three
    # each: no pair reaches its five.
    for i in range(30):
        r = Client(source="127.0.4.%d" % (10 + i % 10)).login(name, "wrong-%d" % i)
        assert_error(r, 401, "invalid_credentials")
    r = Client(source="127.0.4.99").login(name, pw)  # a new client, right password
    assert_error(r, 429, "too_many_attempts")
    assert 0 < int(r.headers["retry-after"]) <= 900
    # The known device goes on, from any address; a device of another user does not.
    assert login_with_device("127.0.4.98", name, pw, device).status == 200
    other, opw = oa.make_user("viewer")
    odevice = device_of(Client(source="127.0.4.97").login(other, opw))
    assert_error(login_with_device("127.0.4.96", name, pw, odevice), 429, "too_many_attempts")
    assert_error(login_with_device("127.0.4.96", name, pw, "f" * 64), 429, "too_many_attempts")


def test_a_ceiling_per_client_address_stops_trying_many_names():
    src = "127.0.3.7"
    for _ in range(30):
        assert_error(Client(source=src).login(oa.unique("u"), "wrong-password-x"), 401)
        time.sleep(0.1)  # under nginx's limit of anonymous writes (10/s)
    name, pw = oa.make_user("viewer")
    assert_error(Client(source=src).login(name, pw), 429, "too_many_attempts")
    assert Client(source="127.0.3.8").login(name, pw).status == 200


def test_a_wrong_old_password_counts_as_a_failed_login():
    name, pw = oa.make_user("viewer")
    c = Client(source="127.0.5.1")
    assert c.login(name, pw).status == 200
    for _ in range(5):
        r = c.patch("/api/users/" + name, {"password": "new-" + pw, "old_password": "wrong-x"})
        assert_error(r, 422, "wrong_password", "old_password")
    r = c.patch("/api/users/" + name, {"password": "new-" + pw, "old_password": pw})
    assert_error(r, 429, "too_many_attempts")
    # The same pair cannot log in either until the delay is over.
    assert_error(Client(source="127.0.5.1").login(name, pw), 429, "too_many_attempts")


def test_x_forwarded_for_is_believed_from_a_trusted_proxy_only():
    def client_of(source, forwarded):
        ghost = oa.unique("xff")
        Client(source=source).post("/api/auth/login", {"username": ghost, "password": "x"},
                                   headers={"X-Forwarded-For": forwarded}, auth=False)
        return oa.psql("SELECT client FROM login_failures WHERE username = '%s'" % ghost)

    # 127.0.12.1 is the test stack's trusted proxy: the right-most untrusted address.
    assert client_of("127.0.12.1", "203.0.113.9, 198.51.100.7") == "198.51.100.7"
    assert client_of("127.0.12.1", "198.51.100.8, 127.0.12.1") == "198.51.100.8"
    assert client_of("127.0.12.1", "not-an-address") == "127.0.12.1"
    # Anyone else's header is ignored.
    assert client_of("127.0.12.2", "198.51.100.9") == "127.0.12.2"


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


def _every_worker(c, path="/api/auth/me", n=40):
    """n requests (more than the workers, each new connection may land on any): the statuses."""
    return {c.get(path).status for _ in range(n)}


def test_each_worker_remembers_a_caller_until_postgresql_says_otherwise():
    """Workers remember who a token is (no database round trip per read) and forget it at
    once when it could have changed: a logout, a role changed even by hand in SQL, a
    user disabled, an API token revoked."""
    a = oa.admin()
    c = oa.client_as("operator")
    assert _every_worker(c) == {200}
    # A change made in the database itself, not through the API, counts too.
    oa.psql("UPDATE users SET role = 'viewer' WHERE username = '%s'" % c.username)
    assert_error(c.delete("/api/tasks/999999999"), 403, "forbidden")
    assert {c.get("/api/auth/me").json["role"] for _ in range(40)} == {"viewer"}
    # A logout ends the token on every worker at once.
    c2 = Client()
    c2.token = c.token
    assert c.post("/api/auth/logout").status == 204
    assert _every_worker(c2) == {401}
    # A disabled user's other sessions and API tokens stop at once.
    d = oa.client_as("operator")
    t = d.post("/api/tokens", {"description": "cache"}).json["token"]
    api = Client()
    api.token = t
    assert _every_worker(d) == {200} and _every_worker(api) == {200}
    assert a.patch("/api/users/%s" % d.username, {"disabled": True}).status == 200
    assert _every_worker(d) == {401} and _every_worker(api) == {401}
    # A revoked token too.
    e = oa.client_as("operator")
    r = e.post("/api/tokens", {"description": "revoke me"})
    api = Client()
    api.token = r.json["token"]
    assert _every_worker(api) == {200}
    assert e.delete("/api/tokens/%d" % r.json["id"]).status == 204
    assert _every_worker(api) == {401}
