"""test_input.py - bad input from hostile or broken clients (API.md "Conventions",
errors): malformed JSON, bodies that are not objects, wrong types, missing, unknown
and duplicate fields, wrong media types, bodies over openattic's and nginx's limits,
invalid UTF-8 and NUL bytes, huge and odd paths, percent-encoding abuse in query
strings, list parameters, 404/405/HEAD, deep nesting, huge strings and numbers out
of range. Each must be a 4xx in the error shape (never a 5xx), change nothing but
the one audit row of a non-GET request, and leave the server healthy."""

import json
import re
import secrets

import oa
from oa import Client, assert_error


# --- helpers -----------------------------------------------------------------------

def audit_mark():
    """The newest audit row id; rows written later have a larger one."""
    return int(oa.psql("SELECT coalesce(max(id), 0) FROM audit"))


def audit_statuses(mark):
    """The statuses of the audit rows written after mark, oldest first."""
    out = oa.psql("SELECT coalesce(status, 0) FROM audit WHERE id > %d ORDER BY id" % mark)
    return [int(s) for s in out.splitlines()] if out else []


def assert_one_audit_row(mark, status):
    assert audit_statuses(mark) == [status], (audit_statuses(mark), status)


def refused_create(a, status, code, field=None, **kw):
    """POST /api/users with kw (body= or raw=) is refused with status/code and leaves
    one audit row and no new user. Returns the error object."""
    mark, users = oa.psql("SELECT coalesce(max(id), 0), (SELECT count(*) FROM users) "
                          "FROM audit").split("|")
    r = a.post("/api/users", **kw)
    e = assert_error(r, status, code, field)
    after = oa.psql("SELECT (SELECT count(*) FROM users), coalesce(string_agg("
                    "coalesce(status, 0)::text, ',' ORDER BY id), '') FROM audit "
                    "WHERE id > %s" % mark)
    assert after == "%s|%d" % (users, status), (after, users, status)
    return e


def new_user_body(**over):
    b = {"username": oa.unique("in"), "password": "pw-input-0123456789", "role": "viewer"}
    b.update(over)
    return b


def auth_header(c):
    return "Authorization: Bearer %s\r\n" % c.token


# --- JSON bodies -------------------------------------------------------------------

def test_malformed_json_is_400_invalid_json_with_the_byte_position():
    a = oa.admin()
    cases = [
        b'{"username": "x", "password": }',
        b'{"username": "x"',
        b'{"username" "x"}',
        b"{'username': 'x'}",
        b'{"username": "x",}',
        b'{"a": tru}',
    ]
    for raw in cases:
        e = refused_create(a, 400, "invalid_json", raw=raw)
        assert "field" not in e, e
        assert re.search(r"\bbyte \d+\b", e["message"]), (raw, e)
    # The position is where the parser stopped.
    e = refused_create(a, 400, "invalid_json", raw=b'{"username": "x", "password": }')
    assert "byte 30" in e["message"], e
    e = refused_create(a, 400, "invalid_json", raw=b'{} x')
    assert "byte 3" in e["message"], e


def test_a_body_that_is_not_an_object_is_400_not_an_object():
    a = oa.admin()
    for raw in (b"[]", b'["username", "x"]', b'"x"', b"1", b"null", b"true", b"  []  "):
        refused_create(a, 400, "not_an_object", raw=raw)


def test_wrong_types_are_400_invalid_type_with_the_field():
    a = oa.admin()
    refused_create(a, 400, "invalid_type", "username", body=new_user_body(username=1))
    refused_create(a, 400, "invalid_type", "role", body=new_user_body(role=["admin"]))
    refused_create(a, 400, "invalid_type", "password", body=new_user_body(password=None))
    refused_create(a, 400, "invalid_type", "email", body=new_user_body(email={"a": 1}))
    refused_create(a, 400, "invalid_type", "username", body=new_user_body(username=True))
    name, _ = oa.make_user("viewer", a)
    mark = audit_mark()
    assert_error(a.patch("/api/users/" + name, {"disabled": "yes"}), 400, "invalid_type",
                 "disabled")
    assert_error(a.patch("/api/users/" + name, {"disabled": 1}), 400, "invalid_type", "disabled")
    assert_error(a.post("/api/maintenance/purge", {"batch_size": "10"}), 400, "invalid_type",
                 "batch_size")
    assert_error(a.post("/api/maintenance/purge", {"batch_size": 1.5}), 400, "invalid_type",
                 "batch_size")
    assert audit_statuses(mark) == [400] * 4
    assert a.get("/api/users/" + name).json["disabled"] is False


def test_missing_fields_are_400_missing_field_with_the_field():
    a = oa.admin()
    refused_create(a, 400, "missing_field", "username", body={})
    refused_create(a, 400, "missing_field", "username", raw=b"")
    b = new_user_body()
    del b["role"]
    refused_create(a, 400, "missing_field", "role", body=b)
    b = new_user_body()
    del b["password"]
    refused_create(a, 400, "missing_field", "password", body=b)
    assert_error(a.post("/api/tokens", {}), 400, "missing_field", "description")
    c = Client(source="127.0.10.1")
    assert_error(c.post("/api/auth/login", {"username": "x"}), 400, "missing_field", "password")


def test_unknown_fields_are_400_unknown_field():
    a = oa.admin()
    refused_create(a, 400, "unknown_field", "is_admin", body=new_user_body(is_admin=True))
    refused_create(a, 400, "unknown_field", "Role", body=new_user_body(Role="admin"))
    name, _ = oa.make_user("viewer", a)
    # A route that takes no body refuses any field, before the handler runs.
    assert_error(a.delete("/api/users/" + name, body={"force": True}), 400, "unknown_field",
                 "force")
    assert a.get("/api/users/" + name).status == 200
    assert_error(a.patch("/api/users/" + name, {"username": "renamed"}), 400, "unknown_field",
                 "username")


def test_duplicate_fields_are_400_duplicate_field():
    a = oa.admin()
    name = oa.unique("dup")
    raw = ('{"username":"%s","password":"pw-input-0123456789","role":"viewer","role":"admin"}'
           % name).encode()
    refused_create(a, 400, "duplicate_field", "role", raw=raw)
    raw = ('{"username":"%s","username":"%s","password":"pw-input-0123456789","role":"viewer"}'
           % (name, name + "x")).encode()
    refused_create(a, 400, "duplicate_field", "username", raw=raw)
    assert_error(a.get("/api/users/" + name), 404, "user_not_found")


def test_a_body_that_is_not_application_json_is_415():
    a = oa.admin()
    body = json.dumps(new_user_body()).encode()
    for ct in ("text/plain", "application/x-www-form-urlencoded", "application/jsonp",
               "application/json-patch+json", "multipart/form-data; boundary=x", None):
        refused_create(a, 415, "unsupported_media_type", raw=body, content_type=ct)
    # Parameters and case do not matter.
    for ct in ("application/json; charset=utf-8", "Application/JSON"):
        b = new_user_body()
        r = a.post("/api/users", raw=json.dumps(b).encode(), content_type=ct)
        assert r.status == 201, (ct, r)


def test_a_body_over_openattics_limit_is_413_from_openattic_and_audited():
    a = oa.admin()
    raw = b'{"username":"' + b"a" * (2 << 20) + b'","password":"x","role":"viewer"}'
    e = refused_create(a, 413, "body_too_large", raw=raw)
    assert "field" not in e
    # Just over 1 MiB; the worker is still fine afterwards.
    raw = b'{"description":"' + b"d" * ((1 << 20) - 10) + b'"}'
    mark = audit_mark()
    assert_error(a.post("/api/tokens", raw=raw), 413, "body_too_large")
    assert_one_audit_row(mark, 413)
    assert a.get("/api/auth/me").status == 200


def test_a_body_over_nginxs_limit_is_413_from_nginx_in_the_error_shape():
    a = oa.admin()
    mark = audit_mark()
    req = ("POST /api/users HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
           "Content-Length: %d\r\n%sConnection: close\r\n\r\n" % (9 << 20, auth_header(a)))
    status, head, body = oa.raw_http(req.encode())
    assert status == 413, (status, head, body[:300])
    assert re.search(r"(?im)^content-type: application/json", head), head
    e = json.loads(body)["error"]
    assert e["code"] == "body_too_large" and isinstance(e["message"], str), body
    # nginx refused it: openattic never saw it, so there is no audit row.
    assert audit_statuses(mark) == []


def test_a_chunked_body_is_read_like_any_other():
    a = oa.admin()
    body = json.dumps({"description": "chunked " + oa.unique("")}).encode()
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(body[i:i + 7]), body[i:i + 7])
                      for i in range(0, len(body), 7)) + b"0\r\n\r\n"
    head = ("POST /api/tokens HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            "Transfer-Encoding: chunked\r\n%sConnection: close\r\n\r\n" % auth_header(a))
    status, _, out = oa.raw_http(head.encode() + chunks)
    assert status == 201 and json.loads(out)["description"] == json.loads(body)["description"], (
        status, out)
    # Over openattic's limit, chunked: the same 413.
    big = b'{"description":"' + b"d" * (1 << 20) + b'"}'
    chunks = b"%x\r\n%s\r\n0\r\n\r\n" % (len(big), big)
    mark = audit_mark()
    status, _, out = oa.raw_http(head.encode() + chunks)
    assert status == 413 and json.loads(out)["error"]["code"] == "body_too_large", (status, out)
    assert_one_audit_row(mark, 413)


def test_invalid_utf8_and_nul_bytes_in_bodies_are_400():
    a = oa.admin()
    name = oa.unique("nul")
    pre = b'{"password":"pw-input-0123456789","role":"viewer","username":"' + name.encode()
    for bad in (b"\xff", b"\xc3", b"\xc0\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80",
                b"\x00", b"a\x00b"):
        refused_create(a, 400, "invalid_json", raw=pre + bad + b'"}')
    # Escapes: a NUL character would cut the string short in C; lone surrogates are not
    # characters at all.
    for esc in (b"\\u0000", b"\\u0000x", b"\\ud800", b"\\udc00x"):
        refused_create(a, 400, "invalid_json", raw=pre + esc + b'"}')
    assert_error(a.get("/api/users/" + name), 404, "user_not_found")
    # \u0000 in a password, and in the login name.
    refused_create(a, 400, "invalid_json",
                   raw=b'{"username":"' + name.encode() +
                   b'","role":"viewer","password":"pw-input-01\\u00002345"}')
    c = Client(source="127.0.10.2")
    r = c.post("/api/auth/login", raw=b'{"username":"admin\\u0000x","password":"whatever-1"}')
    assert_error(r, 400, "invalid_json")
    # An escaped backslash before "u0000" is an ordinary string, not a NUL.
    b = new_user_body(email="a\\u0000@example.com")
    r = a.post("/api/users", raw=json.dumps(b).encode())
    assert r.status == 201 and r.json["email"] == "a\\u0000@example.com", r
    # Valid multi-byte UTF-8 and escapes are fine where a field accepts them.
    r = a.post("/api/tokens", {"description": "caf\u00e9 \U0001f600 \\u0000"})
    assert r.status == 201, r
    assert r.json["description"] == "caf\u00e9 \U0001f600 \\u0000"


# --- paths and query strings -------------------------------------------------------

def test_huge_paths_are_414_or_400_never_5xx():
    a = oa.admin()
    for n in (5000, 20000, 100000):
        for method in ("GET", "DELETE"):
            mark = audit_mark()
            r = a.request(method, "/api/users/" + "a" * n)
            assert r.status in (414, 400), (n, method, r)
            assert_error(r, r.status)
            # openattic answers (and audits) what nginx lets through.
            assert audit_statuses(mark) in ([], [r.status]), (n, method, audit_statuses(mark))
    # 5 KB fits nginx's buffers: openattic answers 414 and records the DELETE, also
    # when the path does not compress (the audit path is indexed).
    for path in ("/api/users/" + "a" * 5000, "/api/users/" + secrets.token_hex(2500),
                 "/api/" + secrets.token_hex(2046)):
        mark = audit_mark()
        assert_error(a.delete(path), 414, "path_too_long")
        assert_one_audit_row(mark, 414)
    # Just under openattic's limit: an ordinary 404, recorded.
    mark = audit_mark()
    assert_error(a.delete("/api/users/" + secrets.token_hex(2035)), 404, "user_not_found")
    assert_one_audit_row(mark, 404)
    stored = oa.psql("SELECT path FROM audit WHERE id > %d" % mark)
    assert stored.startswith("/api/users/") and stored.endswith("...") and len(stored) < 2100
    # Raw non-ASCII bytes are stored escaped (three times as long), still recorded.
    mark = audit_mark()
    req = ("DELETE /api/users/%s HTTP/1.1\r\nHost: x\r\n%sConnection: close\r\n\r\n"
           % ("\xff" * 3000, auth_header(a)))
    status, head, body = oa.raw_http(req.encode("latin-1"))
    assert status == 400 and json.loads(body)["error"]["code"] == "invalid_path", (status, body)
    assert_one_audit_row(mark, 400)
    # A long but legal query string is fine.
    assert a.get("/api/users?search=" + "b" * 3000).json["total"] == 0


def test_odd_paths_are_4xx_in_the_error_shape():
    a = oa.admin()
    cases = [
        ("/api/users/%zz", 400),
        ("/api/users/%0", 400),
        ("/api/users/%00", 400),
        ("/api/users/a%00b", 400),
        ("/api/users/%ff%fe", 400),
        ("/api/users/a%2Fb", 404),
        ("/api//users", 404),
        ("/api/users/..%2F..%2Fetc", 404),
        ("/api/users/..%2f..%2fetc%2fpasswd", 404),
        ("/api/users//", 404),
        ("/api/users/x/y", 404),
        ("/api/../api/health", 404),
        ("/api/./users", 404),
    ]
    for path, status in cases:
        for method in ("GET", "DELETE"):
            r = a.request(method, path)
            assert_error(r, status)
    # A raw byte that is not UTF-8 in the path (no library sends that).
    req = "GET /api/users/\xff\xfe HTTP/1.1\r\nHost: x\r\n%sConnection: close\r\n\r\n" % (
        auth_header(a))
    status, head, body = oa.raw_http(req.encode("latin-1"))
    assert status == 400, (status, head, body)
    assert json.loads(body)["error"]["code"] in ("invalid_path", "bad_request"), body
    # Percent-decoded names reach the handler: "%41" is "A".
    name, _ = oa.make_user("viewer", a)
    enc = "".join("%%%02X" % ord(ch) for ch in name)
    assert a.get("/api/users/" + enc).json["username"] == name


def test_percent_encoding_abuse_in_query_strings_is_400_invalid_query():
    a = oa.admin()
    for q in ("limit=%zz", "search=%00", "sort=%ff", "search=%", "search=abc%2", "%zz=1",
              "search=%c3%28", "search=%ed%a0%80"):
        for path in ("/api/users", "/api/tokens", "/api/audit", "/api/tasks"):
            assert_error(a.get(path + "?" + q), 400, "invalid_query")
    # The same on a mutating request: refused before the handler, audited once.
    mark = audit_mark()
    assert_error(a.post("/api/tokens?x=%zz", {"description": "q"}), 400, "invalid_query")
    assert_one_audit_row(mark, 400)
    # Well-formed escapes and '+' are fine.
    assert a.get("/api/users?search=%C3%A9t%C3%A9+x").json["total"] == 0


def test_list_parameters_are_checked():
    a = oa.admin()
    for path in ("/api/users", "/api/tokens", "/api/tasks", "/api/audit"):
        for q in ("limit=0", "limit=1001", "limit=abc", "limit=", "limit=-5", "limit=1.5",
                  "limit=%205", "limit=99999999999999999999999"):
            assert_error(a.get(path + "?" + q), 400, "invalid_parameter", "limit")
        for q in ("offset=-1", "offset=abc", "offset=1e3", "offset=99999999999999999999999"):
            assert_error(a.get(path + "?" + q), 400, "invalid_parameter", "offset")
        for q in ("sort=nope", "sort=-nope", "sort=password_hash", "sort=id;DROP%20TABLE%20users",
                  "sort=--id", "sort=username%20DESC"):
            if path != "/api/users" and q == "sort=password_hash":
                continue
            assert_error(a.get(path + "?" + q), 400, "invalid_sort", "sort")
        r = a.get(path + "?limit=1000&offset=0")
        assert r.status == 200 and r.json["limit"] == 1000 and r.json["offset"] == 0, r
        r = a.get(path + "?limit=1&offset=1000000")
        assert r.status == 200 and r.json["items"] == [], r
    assert a.get("/api/users?sort=-username").status == 200
    assert a.get("/api/users?sort=password_hash").status == 400


def test_unknown_routes_are_404_and_wrong_methods_405_with_allow():
    a = oa.admin()
    for path in ("/api/nope", "/api/users/x/tokens", "/api/USERS", "/api/users.json",
                 "/api/health/", "/api/"):
        assert_error(a.get(path), 404, "not_found")
    mark = audit_mark()
    assert_error(a.post("/api/nope", {}), 404, "not_found")
    assert_one_audit_row(mark, 404)
    cases = [
        ("PUT", "/api/users", "GET, HEAD, POST"),
        ("DELETE", "/api/users", "GET, HEAD, POST"),
        ("POST", "/api/users/x", "GET, HEAD, PATCH, DELETE"),
        ("PUT", "/api/users/x", "GET, HEAD, PATCH, DELETE"),
        ("GET", "/api/tokens/1", "DELETE"),
        ("PATCH", "/api/tokens/1", "DELETE"),
        ("POST", "/api/health", "GET, HEAD"),
        ("GET", "/api/auth/login", "POST"),
        ("GET", "/api/maintenance/purge", "POST"),
        ("BREW", "/api/users", "GET, HEAD, POST"),
    ]
    for method, path, allow in cases:
        mark = audit_mark()
        r = a.request(method, path, body={} if method != "GET" else None)
        assert_error(r, 405, "method_not_allowed")
        assert r.headers.get("allow") == allow, (method, path, r.headers)
        assert audit_statuses(mark) == ([] if method == "GET" else [405]), (method, path)


def test_head_on_a_get_route_answers_the_headers_only():
    a = oa.admin()
    mark = audit_mark()
    for path in ("/api/health", "/api/users", "/api/auth/me"):
        r = a.request("HEAD", path)
        assert r.status == 200 and r.body == b"", (path, r)
        assert r.headers["content-type"].startswith("application/json"), r.headers
    r = Client().request("HEAD", "/api/users")
    assert r.status == 401 and r.body == b"", r
    r = a.request("HEAD", "/api/tokens/1")
    assert r.status == 405 and r.headers.get("allow") == "DELETE", r
    assert audit_statuses(mark) == [], "HEAD must not be audited"


# --- values ------------------------------------------------------------------------

def test_very_deep_nesting_is_400_not_a_crash():
    a = oa.admin()
    n = 100000
    refused_create(a, 400, "invalid_json", raw=b"[" * n + b"]" * n)
    refused_create(a, 400, "invalid_json", raw=b'{"username":' + b"[" * n + b"]" * n + b"}")
    refused_create(a, 400, "invalid_json", raw=b'{"a":' * n + b"1" + b"}" * n)
    # Unbalanced: only opening brackets.
    refused_create(a, 400, "invalid_json", raw=b"[" * n)
    # Within the parser's limit the shape check answers.
    refused_create(a, 400, "invalid_type", "username",
                   raw=b'{"username":' + b"[" * 500 + b"]" * 500 + b"}")
    assert oa.Client().get("/api/health").status == 200


def test_very_long_strings_are_422_with_the_field():
    a = oa.admin()
    big = "a" * 500000
    refused_create(a, 422, "invalid_value", "username", body=new_user_body(username=big))
    refused_create(a, 422, "weak_password", "password", body=new_user_body(password=big))
    refused_create(a, 422, "invalid_value", "email",
                   body=new_user_body(email=big + "@example.com"))
    refused_create(a, 422, "invalid_value", "role", body=new_user_body(role=big))
    mark = audit_mark()
    assert_error(a.post("/api/tokens", {"description": big}), 422, "invalid_value",
                 "description")
    assert_error(a.post("/api/tokens", {"description": "x", "expires_at": big}), 422,
                 "invalid_value", "expires_at")
    assert audit_statuses(mark) == [422, 422]
    c = Client(source="127.0.10.3")
    # No user has such a name: the same answer as for any unknown user.
    for name in (big, "\u00e9" * 40, "x" * 65):
        mark = audit_mark()
        assert_error(c.post("/api/auth/login", {"username": name, "password": big}), 401,
                     "invalid_credentials")
        assert_one_audit_row(mark, 401)


def test_numbers_out_of_range_are_400_or_422():
    a = oa.admin()
    tasks = int(oa.psql("SELECT count(*) FROM tasks"))
    cases = [
        (b'{"batch_size": 1e400}', 400, "invalid_type"),
        (b'{"batch_size": -1e400}', 400, "invalid_type"),
        (b'{"batch_size": 18446744073709551616}', 400, "invalid_type"),
        (b'{"batch_size": 9223372036854775808}', 400, "invalid_type"),
        (b'{"batch_size": 1e300}', 400, "invalid_type"),
        (b'{"batch_size": 1.0000001}', 400, "invalid_type"),
        (b'{"batch_size": -0}', 422, "invalid_value"),
        (b'{"batch_size": 0}', 422, "invalid_value"),
        (b'{"batch_size": 9007199254740992}', 422, "invalid_value"),
        (b'{"batch_size": -9007199254740992}', 422, "invalid_value"),
        (b'{"tasks_older_than_days": -1}', 422, "invalid_value"),
        (b'{"tasks_older_than_days": 4294967297}', 422, "invalid_value"),
        (b'{"audit_older_than_days": -0}', 422, "invalid_value"),
        (b'{"audit_older_than_days": 0}', 422, "invalid_value"),
    ]
    for raw, status, code in cases:
        mark = audit_mark()
        r = a.post("/api/maintenance/purge", raw=raw)
        e = assert_error(r, status, code)
        assert e.get("field") in ("batch_size", "tasks_older_than_days",
                                  "audit_older_than_days"), r
        assert_one_audit_row(mark, status)
    assert int(oa.psql("SELECT count(*) FROM tasks")) == tasks, "a refused purge queued a task"
    refused_create(a, 400, "invalid_type", "username",
                   raw=b'{"username": 1e400, "password": "pw-input-0123456789", "role": "viewer"}')
    refused_create(a, 400, "invalid_type", "username",
                   raw=b'{"username": -0, "password": "pw-input-0123456789", "role": "viewer"}')


def test_the_server_is_still_healthy_after_all_that():
    r = Client().get("/api/health")
    assert r.status == 200, r
    assert r.json["status"] == "ok" and r.json["database"] == "ok", r
    assert oa.admin().get("/api/auth/me").status == 200
