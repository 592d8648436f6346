"""test_audit.py - the audit trail (API.md "Tasks (long work) and audit",
fcgi/server/audit.c): every request that is not GET/HEAD writes exactly one row
(successes, 4xx, failed logins, 401s, unknown paths, 405s), reads write none; the row's
fields; redaction of values under keys containing password/secret/key/token at any
depth (checked through the API and in the table itself); what is kept of a body: the
redacted body only for an authenticated caller whose request reached its handler, at
most 4 KiB of it, else the names of the fields sent (at most 32); the filters user,
method, path, status, since and until with paging and the total; admins only; task_id
of a request that queued a task."""

import datetime
import json
import os
import re

import oa
from oa import Client, assert_error

AUDIT_KEYS = {"id", "at", "user", "client", "method", "path", "status", "duration_ms",
              "request", "task_id"}


def mark():
    return int(oa.psql("SELECT coalesce(max(id), 0) FROM audit"))


def rows_after(m):
    """(method, path, status) of the audit rows written after mark m, oldest first."""
    out = oa.psql("SELECT json_build_array(method, path, status) FROM audit WHERE id > %d "
                  "ORDER BY id" % m)
    return [tuple(json.loads(line)) for line in out.splitlines()] if out else []


def newest(a, path):
    r = a.get("/api/audit?limit=1&path=" + path)
    assert r.status == 200 and r.json["items"], r
    return r.json["items"][0]


def test_every_non_get_request_writes_exactly_one_row():
    a = oa.admin()
    viewer = oa.client_as("viewer")
    anon = Client(source="127.0.11.1")
    cases = [
        (a, "POST", "/api/tokens", {"description": "audited"}, 201),
        (a, "POST", "/api/tokens", {"description": ""}, 422),
        (a, "POST", "/api/tokens", {"nope": 1}, 400),
        (a, "DELETE", "/api/tokens/999999999", None, 404),
        (a, "PATCH", "/api/users/" + oa.unique("ghost"), {"role": "viewer"}, 404),
        (viewer, "POST", "/api/maintenance/purge", {}, 403),
        (anon, "POST", "/api/auth/login", {"username": oa.unique("x"), "password": "wrong-pw-1"},
         401),
        (anon, "POST", "/api/tokens", {"description": "no login"}, 401),
        (anon, "DELETE", "/api/no/such/thing", None, 401),
        (a, "POST", "/api/no/such/thing", {}, 404),
        (a, "PUT", "/api/users", {}, 405),
        (a, "DELETE", "/api/health", None, 405),
        (a, "OPTIONS", "/api/users", None, 405),
    ]
    for c, method, path, body, status in cases:
        m = mark()
        r = c.request(method, path, body=body)
        assert r.status == status, (method, path, r)
        assert rows_after(m) == [(method, path, status)], (method, path, rows_after(m))
    # Reads write nothing, whatever their outcome.
    m = mark()
    for c, path in ((a, "/api/users"), (a, "/api/audit"), (a, "/api/nope"), (anon, "/api/users"),
                    (viewer, "/api/users"), (a, "/api/users/" + oa.unique("ghost")),
                    (a, "/api/tokens/1"), (a, "/api/users?limit=0")):
        assert c.get(path).status in (200, 400, 401, 403, 404, 405)
        assert c.request("HEAD", path).status in (200, 400, 401, 403, 404, 405)
    assert rows_after(m) == []


def test_a_row_has_the_documented_fields():
    name, pw = oa.make_user("operator")
    c = Client(source="127.0.11.2")
    assert c.login(name, pw).status == 200
    r = c.post("/api/tokens", {"description": "fields"})
    assert r.status == 201, r
    row = newest(oa.admin(), "/api/tokens")
    assert set(row) == AUDIT_KEYS, row
    assert isinstance(row["id"], int) and row["id"] > 0
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", row["at"]), row
    at = datetime.datetime.strptime(row["at"], "%Y-%m-%dT%H:%M:%SZ").replace(
        tzinfo=datetime.timezone.utc)
    assert abs((datetime.datetime.now(datetime.timezone.utc) - at).total_seconds()) < 60
    assert row["user"] == name and row["client"] == "127.0.11.2"
    assert row["method"] == "POST" and row["path"] == "/api/tokens" and row["status"] == 201
    assert isinstance(row["duration_ms"], (int, float)) and 0 <= row["duration_ms"] < 30000
    assert row["request"] == {"description": "fields"} and row["task_id"] is None
    # A successful login names who logged in; a body-less request has request null.
    row = newest(oa.admin(), "/api/auth/login")
    assert row["user"] == os.environ["OA_ADMIN_USER"] and row["status"] == 200
    assert row["request"]["password"] == "***"
    assert c.post("/api/auth/logout").status == 204
    row = newest(oa.admin(), "/api/auth/logout")
    assert row["user"] == name and row["status"] == 204, row
    assert row["request"] is None, row
    # The path is recorded as sent, query string excluded (here a refused one: the route
    # takes no query parameter).
    a = oa.admin()
    r = a.post("/api/tokens?x=1", {"description": "query"})
    assert r.status == 400 and r.json["error"]["code"] == "unknown_parameter", r
    row = newest(a, "/api/tokens")
    assert row["path"] == "/api/tokens" and row["status"] == 400, row


SECRET = "S3cr3t-" + oa.unique("")


def assert_secret_nowhere(a):
    r = a.get("/api/audit?limit=1000")
    assert SECRET.encode() not in r.body
    n = oa.psql("SELECT count(*) FROM audit WHERE request::text LIKE '%%%s%%' "
                "OR path LIKE '%%%s%%'" % (SECRET, SECRET))
    assert n == "0", "a secret is stored in the audit table"


def test_secret_values_are_redacted_at_any_depth():
    a = oa.admin()
    name = oa.unique("red")
    # Top-level fields of a valid request.
    r = a.post("/api/users", {"username": name, "password": SECRET + "-pw", "role": "viewer"})
    assert r.status == 201, r
    row = newest(a, "/api/users")
    assert row["request"] == {"username": name, "password": "***", "role": "viewer"}, row
    # A request refused before its handler keeps only the names of what it sent.
    body = {
        "description": "nested",
        "options": {
            "PassWord": SECRET,
            "list": [{"api_KEY": SECRET}, {"deeper": [{"Client_Secret": SECRET}]}, SECRET[:3]],
            "TOKEN": {"not": "shown either"},
            "keys": [SECRET, SECRET],
            "plain": "visible",
        },
        "x_token_id": 5,
        "SSH_KEY": None,
    }
    r = a.post("/api/tokens", body)
    assert_error(r, 400, "unknown_field", "options")
    row = newest(a, "/api/tokens")
    assert row["status"] == 400
    assert row["request"] == {"description": None, "options": None, "x_token_id": None,
                              "SSH_KEY": None}, row["request"]
    # One its handler refused keeps what it sent, redacted: nested objects, arrays, and
    # any case.
    fsid, _ = oa.cluster()
    pools = "/api/clusters/%s/pools" % fsid
    r = a.post(pools, {"name": oa.unique("red"), "compression": body})
    assert r.status in (400, 422), r
    row = newest(a, pools)
    assert row["request"]["compression"] == {
        "description": "nested",
        "options": {
            "PassWord": "***",
            "list": [{"api_KEY": "***"}, {"deeper": [{"Client_Secret": "***"}]}, SECRET[:3]],
            "TOKEN": "***",
            "keys": "***",
            "plain": "visible",
        },
        "x_token_id": "***",
        "SSH_KEY": "***",
    }, row["request"]
    # Own password change: both passwords.
    u = oa.Client()
    u.login(name, SECRET + "-pw")
    r = u.patch("/api/users/" + name, {"password": SECRET + "-new", "old_password": SECRET + "-pw"})
    assert r.status == 200, r
    row = newest(a, "/api/users/" + name)
    assert row["request"] == {"password": "***", "old_password": "***"}, row
    # Wrong type, duplicate field: still redacted.
    a.post("/api/auth/login", raw=('{"username":"x","password":"%s","password":"%s"}'
                                   % (SECRET, SECRET)).encode())
    row = newest(a, "/api/auth/login")
    assert row["status"] == 400 and row["request"] == {"username": None, "password": None}, row
    assert SECRET not in json.dumps(row)
    a.post("/api/auth/login", {"username": "x", "password": [SECRET]})
    row = newest(a, "/api/auth/login")
    assert row["status"] == 400 and row["request"] == {"username": None, "password": None}, row
    assert_secret_nowhere(a)


def test_a_failed_login_is_recorded_with_401_and_without_the_password():
    name, _ = oa.make_user("viewer")
    c = Client(source="127.0.11.3")
    assert_error(c.login(name, SECRET + "-wrong"), 401, "invalid_credentials")
    a = oa.admin()
    r = a.get("/api/audit?path=/api/auth/login&status=401&limit=5")
    row = [x for x in r.json["items"] if x["client"] == "127.0.11.3"][0]
    assert row["method"] == "POST" and row["status"] == 401 and row["user"] is None, row
    assert row["request"] == {"username": None, "password": None}, row
    assert_secret_nowhere(a)


def stored_bytes(m):
    """The bytes of the audit rows' request columns written after mark m."""
    return int(oa.psql("SELECT coalesce(sum(octet_length(request::text)), 0) FROM audit "
                       "WHERE id > %d" % m))


def test_anonymous_bodies_are_not_stored_only_their_field_names():
    m = mark()
    c = Client(source="127.0.11.4")
    big = {"f%04d" % i: "x" * 200 for i in range(2000)}  # ~450 KB of attacker text
    for path in ("/api/auth/login", "/api/tokens", "/api/users", "/api/nowhere"):
        r = c.request("POST", path, body=big)
        assert r.status in (400, 401, 404), r
    rows = oa.psql("SELECT request::text FROM audit WHERE id > %d AND client = '127.0.11.4'"
                   % m).splitlines()
    assert len(rows) == 4, rows
    for text in rows:
        kept = json.loads(text)
        assert kept["_more_fields"] == 2000 - 32, kept
        assert all(v is None for k, v in kept.items() if k != "_more_fields"), kept
        assert len(kept) == 33 and "x" * 200 not in text
    assert stored_bytes(m) < 4 * 1024, stored_bytes(m)
    # Long field names are cut.
    c.request("POST", "/api/tokens", body={"n" * 5000: 1})
    kept = json.loads(oa.psql("SELECT request::text FROM audit WHERE client = '127.0.11.4' "
                              "ORDER BY id DESC LIMIT 1"))
    assert list(kept) == ["n" * 64], kept


def test_an_authenticated_body_is_kept_up_to_4_kib():
    a = oa.admin()
    small = {"description": "d" * 1000}  # refused by its handler (1-200): still kept
    assert_error(a.post("/api/tokens", small), 422, "invalid_value")
    assert newest(a, "/api/tokens")["request"] == small
    r = a.post("/api/tokens", {"description": "d" * 8000})
    assert r.status in (201, 422), r
    row = newest(a, "/api/tokens")
    assert row["request"]["_truncated"] > 8000 and row["request"]["description"] is None, row


def test_filters_paging_and_total():
    name, pw = oa.make_user("operator")
    c = Client(source="127.0.11.4")
    assert c.login(name, pw).status == 200
    for i in range(3):
        assert c.post("/api/tokens", {"description": "filter %d" % i}).status == 201
    assert c.post("/api/tokens", {"description": ""}).status == 422
    assert c.delete("/api/tokens/999999999").status == 404
    a = oa.admin()

    def q(query):
        r = a.get("/api/audit?user=%s&%s" % (name, query))
        assert r.status == 200, (query, r)
        return r.json

    j = q("limit=50")
    assert j["total"] == 6 and len(j["items"]) == 6, j  # the login and five requests
    assert all(x["user"] == name for x in j["items"])
    ids = [x["id"] for x in j["items"]]
    assert ids == sorted(ids, reverse=True), "newest first"
    assert [x["method"] for x in j["items"]] == ["DELETE", "POST", "POST", "POST", "POST", "POST"]
    assert q("method=DELETE")["total"] == 1
    assert q("method=delete")["total"] == 1
    assert q("method=GET")["total"] == 0
    assert q("path=/api/tokens")["total"] == 5
    assert q("path=/api/tokens/")["total"] == 1
    assert q("path=/api/auth")["total"] == 1
    assert q("path=/api/tok")["total"] == 5, "path is a prefix"
    assert q("path=/api/tokens%25")["total"] == 0, "path is not a LIKE pattern"
    assert q("path=/API/tokens")["total"] == 0
    assert q("status=201")["total"] == 3
    assert q("status=422")["items"][0]["request"] == {"description": ""}
    assert q("status=404&method=DELETE")["total"] == 1
    assert q("since=2000-01-01T00:00:00Z")["total"] == 6
    assert q("since=2000-01-01T01:00:00%2B01:00")["total"] == 6
    assert q("since=2999-01-01T00:00:00Z")["total"] == 0
    assert q("until=2000-01-01T00:00:00Z")["total"] == 0
    assert q("until=2999-01-01T00:00:00.5Z")["total"] == 6
    assert q("since=2000-01-01T00:00:00Z&until=2999-01-01T00:00:00Z&status=201")["total"] == 3
    # since/until against the rows' own times.
    first = min(j["items"], key=lambda x: x["id"])["at"]
    t = datetime.datetime.strptime(first, "%Y-%m-%dT%H:%M:%SZ")
    earlier = (t - datetime.timedelta(seconds=2)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert q("since=" + earlier)["total"] == 6
    assert q("until=" + earlier)["total"] == 0
    # Paging.
    p = q("limit=2")
    assert [x["id"] for x in p["items"]] == ids[:2] and p["total"] == 6 and p["limit"] == 2
    p = q("limit=2&offset=4")
    assert [x["id"] for x in p["items"]] == ids[4:] and p["total"] == 6 and p["offset"] == 4
    p = q("offset=6")
    assert p["items"] == [] and p["total"] == 6
    p = q("sort=id")
    assert [x["id"] for x in p["items"]] == ids[::-1]
    # No such user: nothing.
    r = a.get("/api/audit?user=" + oa.unique("nobody"))
    assert r.json == {"items": [], "total": 0, "offset": 0, "limit": 50}, r
    # Bad filter values are 400 with the parameter as field.
    for qs, field in (("since=yesterday", "since"), ("until=2030-01-01", "until"),
                      ("since=2030-01-01T00:00:00", "since"), ("status=abc", "status"),
                      ("status=99", "status"), ("status=600", "status"),
                      ("since=0000-01-01T00:00:00Z", "since"),
                      ("until=9999-12-31T23:59:59-23:59", "until"),
                      ("until=9999-12-31T23:59:60Z", "until")):
        assert_error(a.get("/api/audit?" + qs), 400, "invalid_parameter", field)
    assert q("since=0001-01-01T00:00:00Z&until=9999-12-31T23:59:59Z")["total"] == 6


def test_only_admins_read_the_audit_trail():
    for role in ("operator", "viewer"):
        c = oa.client_as(role)
        assert_error(c.get("/api/audit"), 403, "forbidden")
        assert_error(c.get("/api/audit?user=" + c.username), 403, "forbidden")
    assert_error(Client().get("/api/audit"), 401, "unauthorized")
    assert oa.admin().get("/api/audit").status == 200


def test_a_task_queueing_request_records_the_task_id():
    a = oa.admin()
    m = mark()
    r = a.post("/api/maintenance/purge", {"tasks_older_than_days": 36500})
    assert r.status == 202, r
    tid = r.json["id"]
    assert r.headers["location"] == "/api/tasks/%d" % tid
    assert rows_after(m) == [("POST", "/api/maintenance/purge", 202)]
    row = newest(a, "/api/maintenance/purge")
    assert row["task_id"] == tid and row["status"] == 202, row
    assert row["request"] == {"tasks_older_than_days": 36500}, row
    assert oa.wait_task(a, tid)["state"] == "succeeded"
    # A refused one has none.
    assert a.post("/api/maintenance/purge", {"batch_size": 0}).status == 422
    row = newest(a, "/api/maintenance/purge")
    assert row["status"] == 422 and row["task_id"] is None, row


def test_a_long_history_is_paged_without_counting_all_of_it():
    """Up to 1,000 matches a list's total is counted; beyond, the planner's estimate,
    said so with total_exact false (a count of a million rows per page would take
    longer than the page)."""
    a = oa.admin()
    who = oa.unique("hist")
    oa.psql("INSERT INTO audit (at, username, client, method, path, status, duration_ms) "
            "SELECT now() - i * interval '1 second', '%s', '10.0.0.1', 'POST', "
            "'/api/hist/' || i, 201, 1 FROM generate_series(1, 1050) i; ANALYZE audit" % who)
    try:
        r = a.get("/api/audit?limit=50&user=%s" % who)
        assert r.status == 200 and len(r.json["items"]) == 50, r
        assert r.json["total_exact"] is False and r.json["total"] > 1000, r.json["total"]
        assert r.json["items"][0]["path"] == "/api/hist/1", r.json["items"][0]
        # A narrower filter is counted exactly; a short last page tells the total.
        r = a.get("/api/audit?limit=50&user=%s&path=/api/hist/10" % who)
        assert r.json["total"] == 62 and "total_exact" not in r.json, r.json
        r = a.get("/api/audit?limit=50&offset=1040&user=%s" % who)
        assert len(r.json["items"]) == 10 and r.json["total"] == 1050, r.json["total"]
        assert "total_exact" not in r.json
        r = a.get("/api/audit?limit=50&offset=2000&user=%s" % who)
        assert r.json["items"] == [] and r.json["total"] > 1000, r.json
        # A page deep in the list (found by its keys first) is the same rows, in the
        # same order, as the plain query's: by time, by a text, by ties.
        for sort in ("-at", "path", "-status"):
            deep = a.get("/api/audit?limit=50&offset=600&sort=%s&user=%s" % (sort, who))
            plain = a.get("/api/audit?limit=500&offset=150&sort=%s&user=%s" % (sort, who))
            assert deep.status == 200 and len(deep.json["items"]) == 50, deep
            assert [i["id"] for i in deep.json["items"]] == \
                [i["id"] for i in plain.json["items"][450:500]], sort
    finally:
        oa.psql("DELETE FROM audit WHERE username = '%s'" % who)
