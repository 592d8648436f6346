"""test_tokens.py - /api/tokens, long-lived API tokens for automation (API.md
"Authentication and roles", fcgi/tokens.c): creation shows the "oat_" secret once,
the list never shows it, a token is a bearer credential acting with its owner's role
and records its last use, expiry (validation and the 401 after it), revocation,
isolation between users (admins see and revoke all), and that the database keeps
only a digest."""

import datetime
import re
import time

import oa
from oa import Client, assert_error

TOKEN_KEYS = {"id", "username", "description", "created_at", "expires_at", "last_used_at"}


def bearer(token):
    c = Client()
    c.token = token
    return c


def rfc3339(dt):
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def utcnow():
    return datetime.datetime.now(datetime.timezone.utc)


def listed(c, desc):
    """The token rows of c's list whose description is desc."""
    r = c.get("/api/tokens?limit=1000&search=" + desc)
    assert r.status == 200, r
    return [t for t in r.json["items"] if t["description"] == desc]


def test_create_answers_201_with_the_secret_shown_once():
    c = oa.client_as("operator")
    desc = oa.unique("ci-")
    r = c.post("/api/tokens", {"description": desc})
    assert r.status == 201, r
    j = r.json
    assert set(j) == TOKEN_KEYS | {"token"}, j
    assert re.fullmatch(r"oat_[0-9a-f]{64}", j["token"]), j["token"]
    assert r.headers["location"] == "/api/tokens/%d" % j["id"], r.headers
    assert j["username"] == c.username and j["description"] == desc
    assert j["expires_at"] is None and j["last_used_at"] is None
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", j["created_at"])
    # Two tokens never share a secret.
    r2 = c.post("/api/tokens", {"description": desc})
    assert r2.json["token"] != j["token"] and r2.json["id"] != j["id"]
    # With an expiry, it comes back normalised to UTC.
    exp = utcnow() + datetime.timedelta(days=30)
    local = (exp + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M:%S+02:00")
    r3 = c.post("/api/tokens", {"description": desc, "expires_at": local})
    assert r3.status == 201 and r3.json["expires_at"] == rfc3339(exp), r3


def test_the_list_never_contains_the_secret():
    c = oa.client_as("viewer")
    desc = oa.unique("list-")
    made = [c.post("/api/tokens", {"description": desc}).json for _ in range(3)]
    for who in (c, oa.admin()):
        r = who.get("/api/tokens?limit=1000")
        assert r.status == 200 and set(r.json) == {"items", "total", "offset", "limit"}, r
        for t in made:
            assert t["token"].encode() not in r.body
            assert t["token"][4:].encode() not in r.body
        for item in r.json["items"]:
            assert set(item) == TOKEN_KEYS, item
    got = listed(c, desc)
    assert sorted(t["id"] for t in got) == sorted(t["id"] for t in made)
    # Newest first by default; sort and paging work as everywhere.
    r = c.get("/api/tokens?search=%s&sort=id&limit=2" % desc)
    assert [t["id"] for t in r.json["items"]] == sorted(t["id"] for t in made)[:2]
    assert r.json["total"] == 3


def test_a_token_is_a_bearer_credential_with_its_owners_role():
    viewer = oa.client_as("viewer")
    vt = viewer.post("/api/tokens", {"description": "viewer automation"}).json
    b = bearer(vt["token"])
    me = b.get("/api/auth/me")
    assert me.status == 200 and me.json["username"] == viewer.username, me
    assert me.json["role"] == "viewer"
    assert b.get("/api/tasks").status == 200
    assert_error(b.post("/api/maintenance/purge", {}), 403, "forbidden")
    assert_error(b.delete("/api/tasks/1"), 403, "forbidden")
    assert_error(b.get("/api/users"), 403, "forbidden")
    # An API token is not a session: logout says so and the token keeps working.
    assert_error(b.post("/api/auth/logout"), 422, "not_a_session")
    assert b.get("/api/auth/me").status == 200
    # No CSRF token is needed with a bearer header (the refusal is not "csrf"): a token
    # cannot make another token, so a leaked one cannot make itself permanent.
    assert_error(b.post("/api/tokens", {"description": "made by a token"}), 403, "forbidden")
    admin_tok = oa.admin().post("/api/tokens", {"description": "admin automation"}).json
    assert bearer(admin_tok["token"]).get("/api/users").status == 200
    # A token in the cookie is not accepted: API tokens are for the bearer header.
    r = Client().get("/api/auth/me", headers={"Cookie": "oa_session=" + vt["token"]})
    assert_error(r, 401)


def test_last_used_at_is_set_when_the_token_is_used():
    c = oa.client_as("operator")
    desc = oa.unique("used-")
    t = c.post("/api/tokens", {"description": desc}).json
    assert listed(c, desc)[0]["last_used_at"] is None
    before = utcnow().replace(microsecond=0) - datetime.timedelta(seconds=2)
    assert bearer(t["token"]).get("/api/auth/me").status == 200
    used = listed(c, desc)[0]["last_used_at"]
    assert used is not None, "last_used_at not set"
    when = datetime.datetime.strptime(used, "%Y-%m-%dT%H:%M:%SZ").replace(
        tzinfo=datetime.timezone.utc)
    assert before <= when <= utcnow() + datetime.timedelta(seconds=2), used


def test_expires_at_must_be_a_future_rfc3339_time():
    c = oa.client_as("operator")
    desc = oa.unique("exp-")
    past = utcnow() - datetime.timedelta(minutes=1)
    for exp in (rfc3339(past), "2001-01-01T00:00:00Z", "tomorrow", "", "2030-13-01T00:00:00Z",
                "2030-01-01", "2030-01-01T00:00:00", "2030-01-01T00:00:00Zjunk",
                "2030-01-01 00:00:00Z", "0000-01-01T00:00:00Z", "99999-01-01T00:00:00Z",
                "2030-01-01T00:00:00+2:00", "9999-12-31T23:59:59-00:01", "\u0662\u0660\u0663\u0660-01-01T00:00:00Z"):
        r = c.post("/api/tokens", {"description": desc, "expires_at": exp})
        assert_error(r, 422, "invalid_value", "expires_at")
    assert_error(c.post("/api/tokens", {"description": desc, "expires_at": 1893456000}), 400,
                 "invalid_type", "expires_at")
    assert_error(c.post("/api/tokens", {"description": desc, "expires_at": None}), 400,
                 "invalid_type", "expires_at")
    for d in ("", "d" * 201):
        assert_error(c.post("/api/tokens", {"description": d}), 422, "invalid_value",
                     "description")
    assert listed(c, desc) == [], "a refused token was created"
    r = c.post("/api/tokens", {"description": "d" * 200, "expires_at": "2999-12-31T23:59:59Z"})
    assert r.status == 201 and r.json["expires_at"] == "2999-12-31T23:59:59Z", r


def test_an_expired_token_is_401():
    c = oa.client_as("operator")
    exp = utcnow().replace(microsecond=0) + datetime.timedelta(seconds=2)
    r = c.post("/api/tokens", {"description": "short-lived", "expires_at": rfc3339(exp)})
    assert r.status == 201, r
    b = bearer(r.json["token"])
    assert b.get("/api/auth/me").status == 200
    time.sleep(max(0.0, (exp - utcnow()).total_seconds()) + 1.1)
    assert_error(b.get("/api/auth/me"), 401, "unauthorized")
    assert_error(b.post("/api/tokens", {"description": "x"}), 401, "unauthorized")
    # It is still listed (with its expiry) until revoked.
    t = [t for t in c.get("/api/tokens").json["items"] if t["id"] == r.json["id"]]
    assert t and t[0]["expires_at"] == rfc3339(exp), t


def test_a_revoked_token_is_401():
    c = oa.client_as("viewer")
    t = c.post("/api/tokens", {"description": "to revoke"}).json
    b = bearer(t["token"])
    assert b.get("/api/auth/me").status == 200
    r = c.delete("/api/tokens/%d" % t["id"])
    assert r.status == 204 and r.body == b"", r
    assert_error(b.get("/api/auth/me"), 401, "unauthorized")
    assert_error(c.delete("/api/tokens/%d" % t["id"]), 404, "token_not_found")
    assert all(x["id"] != t["id"] for x in c.get("/api/tokens?limit=1000").json["items"])
    for bad in ("abc", "0", "-1", "1.5", "99999999999999999999", "%20"):
        assert_error(c.delete("/api/tokens/" + bad), 404, "token_not_found")
    # A token may revoke itself.
    t2 = c.post("/api/tokens", {"description": "self-revoking"}).json
    b2 = bearer(t2["token"])
    assert b2.delete("/api/tokens/%d" % t2["id"]).status == 204
    assert_error(b2.get("/api/auth/me"), 401)


def test_users_see_and_revoke_only_their_own_tokens_admins_all():
    alice, bob = oa.client_as("operator"), oa.client_as("operator")
    admin = oa.admin()
    desc = oa.unique("iso-")
    ta = alice.post("/api/tokens", {"description": desc}).json
    assert listed(bob, desc) == []
    assert all(t["username"] == bob.username for t in bob.get("/api/tokens?limit=1000").json["items"])
    assert_error(bob.delete("/api/tokens/%d" % ta["id"]), 404, "token_not_found")
    assert bearer(ta["token"]).get("/api/auth/me").status == 200
    # The admin sees everyone's tokens, with the owner, and may revoke them.
    got = listed(admin, desc)
    assert [(t["id"], t["username"]) for t in got] == [(ta["id"], alice.username)], got
    assert admin.get("/api/tokens?sort=username").status == 200
    assert admin.delete("/api/tokens/%d" % ta["id"]).status == 204
    assert_error(bearer(ta["token"]).get("/api/auth/me"), 401)
    assert listed(alice, desc) == []


def test_the_database_keeps_only_a_digest():
    c = oa.client_as("operator")
    t = c.post("/api/tokens", {"description": "digest check"}).json
    tok = t["token"]
    n = oa.psql("SELECT count(*) FROM api_tokens WHERE encode(token_hash,'hex') = '%s' "
                "OR token_hash::text LIKE '%%%s%%'" % (tok, tok))
    assert n == "0", n
    n = oa.psql("SELECT count(*) FROM api_tokens WHERE encode(token_hash,'hex') = '%s' "
                "OR encode(token_hash,'escape') LIKE '%%%s%%' OR description LIKE '%%%s%%'"
                % (tok[4:], tok[4:], tok[4:]))
    assert n == "0", n
    n = oa.psql("SELECT count(*) FROM api_tokens WHERE id = %d AND "
                "token_hash = sha256(convert_to('%s', 'UTF8'))" % (t["id"], tok))
    assert n == "1", n
    # Nor does the audit trail keep it.
    n = oa.psql("SELECT count(*) FROM audit WHERE request::text LIKE '%%%s%%'" % tok[4:])
    assert n == "0", n
