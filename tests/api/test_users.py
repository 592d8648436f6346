"""test_users.py - /api/users (API.md "Authentication and roles", fcgi/users.c): create
(201, Location, no password in any answer), duplicates, validation of user name, role,
e-mail and password policy, the list envelope with paging, sort and search, reading
(admin, self, not others), PATCH of role/email/disabled by admins, a user changing its
own password (old_password, other sessions end), delete, and the last enabled admin
that can be neither deleted, demoted nor disabled."""

import os

import oa
from oa import Client, assert_error

USER_KEYS = {"username", "role", "email", "disabled", "created_at", "last_login_at"}


def create(a, **body):
    b = {"username": oa.unique("us"), "password": "pw-users-0123456789", "role": "viewer"}
    b.update(body)
    return b, a.post("/api/users", b)


def no_password_anywhere(j):
    text = repr(j).lower()
    assert "password" not in text and "hash" not in text, j


def logged_in(name, pw, source="127.0.0.1"):
    c = Client(source=source)
    r = c.login(name, pw)
    assert r.status == 200, r
    return c


def test_create_answers_201_with_location_and_the_user_without_password():
    a = oa.admin()
    b, r = create(a, role="operator", email="ops@example.com")
    assert r.status == 201, r
    assert r.headers["location"] == "/api/users/" + b["username"], r.headers
    assert set(r.json) == USER_KEYS, r.json
    assert r.json["username"] == b["username"] and r.json["role"] == "operator"
    assert r.json["email"] == "ops@example.com" and r.json["disabled"] is False
    assert r.json["last_login_at"] is None and r.json["created_at"].endswith("Z")
    no_password_anywhere(r.json)
    g = a.get(r.headers["location"])
    assert g.status == 200 and g.json == r.json, g
    # The password is stored as a slow salted hash, never as given.
    h = oa.psql("SELECT password_hash FROM users WHERE username = '%s'" % b["username"])
    assert h.startswith("$y$") and b["password"] not in h, h
    c = logged_in(b["username"], b["password"])
    assert c.get("/api/auth/me").json["role"] == "operator"
    assert a.get(r.headers["location"]).json["last_login_at"] is not None


def test_create_of_an_existing_user_is_409_user_exists():
    a = oa.admin()
    b, r = create(a)
    assert r.status == 201, r
    _, r = create(a, username=b["username"], role="admin", password="another-pw-123")
    assert_error(r, 409, "user_exists", "username")
    g = a.get("/api/users/" + b["username"])
    assert g.json["role"] == "viewer", "a refused duplicate changed the user"
    assert logged_in(b["username"], b["password"])


def test_create_validates_name_role_email_and_password():
    a = oa.admin()
    before = a.get("/api/users?limit=1").json["total"]
    bad_names = ["", "a b", "caf\u00e9", "x" * 65, "a/b", "a:b", "<script>", "a\tb", "ü"]
    for name in bad_names:
        _, r = create(a, username=name)
        assert_error(r, 422, "invalid_value", "username")
    for role in ("root", "Admin", "", "admin ", "viewer,admin"):
        _, r = create(a, role=role)
        assert_error(r, 422, "invalid_value", "role")
    for email in ("nope", "@example.com", "a@b", "a b@example.com", "a@" + "x" * 260 + ".com"):
        _, r = create(a, email=email)
        assert_error(r, 422, "invalid_value", "email")
    name = oa.unique("pw")
    for pw in ("", "short", "123456789", name, name.upper(), "p" * 257):
        _, r = create(a, username=name, password=pw)
        assert_error(r, 422, "weak_password", "password")
    assert a.get("/api/users?limit=1").json["total"] == before, "a refused create made a user"
    # The edges that are fine.
    tag = oa.unique("")
    for name in ((tag + "x" * 64)[:64], tag[:1], "A.b_c-d@e" + tag):
        _, r = create(a, username=name)
        assert r.status == 201 and r.json["username"] == name, (name, r)
    _, r = create(a, password="0123456789")
    assert r.status == 201, r


def test_list_pages_sorts_and_searches_in_the_envelope():
    a = oa.admin()
    tag = oa.unique("ls")
    names = sorted("%s%d" % (tag, i) for i in range(5))
    for i, n in enumerate(names):
        _, r = create(a, username=n, role=("admin", "operator", "viewer")[i % 3] if i else "viewer")
        assert r.status == 201, r
    r = a.get("/api/users?search=" + tag)
    assert r.status == 200 and set(r.json) == {"items", "total", "offset", "limit"}, r
    assert r.json["total"] == 5 and r.json["offset"] == 0 and r.json["limit"] == 50
    assert [u["username"] for u in r.json["items"]] == names
    for u in r.json["items"]:
        assert set(u) == USER_KEYS, u
        no_password_anywhere(u)
    r = a.get("/api/users?search=%s&limit=2" % tag)
    assert [u["username"] for u in r.json["items"]] == names[:2] and r.json["total"] == 5
    r = a.get("/api/users?search=%s&limit=2&offset=4" % tag)
    assert [u["username"] for u in r.json["items"]] == names[4:] and r.json["total"] == 5
    assert r.json["offset"] == 4 and r.json["limit"] == 2
    r = a.get("/api/users?search=%s&offset=10" % tag)
    assert r.json["items"] == [] and r.json["total"] == 5, r
    r = a.get("/api/users?search=%s&sort=-username" % tag)
    assert [u["username"] for u in r.json["items"]] == names[::-1]
    r = a.get("/api/users?search=%s&sort=role" % tag)
    roles = [u["role"] for u in r.json["items"]]
    assert roles == sorted(roles), roles
    # Search is case-insensitive, matches e-mail too, and is not a pattern.
    r = a.get("/api/users?search=" + tag.upper())
    assert r.json["total"] == 5, r
    b, _ = create(a, email=tag + "@example.org")
    assert a.get("/api/users?search=%s%%40example" % tag).json["total"] == 1
    assert a.get("/api/users?search=" + tag[:2] + "%25" + tag[3:]).json["total"] == 0
    assert a.get("/api/users?search=_").status == 200


def test_get_by_admin_and_self_but_not_by_another_user():
    a = oa.admin()
    b, _ = create(a)
    other, _ = create(a, role="operator")
    me = logged_in(b["username"], b["password"])
    r = me.get("/api/users/" + b["username"])
    assert r.status == 200 and r.json["username"] == b["username"], r
    assert_error(me.get("/api/users/" + other["username"]), 403, "forbidden")
    assert_error(me.get("/api/users/" + os.environ["OA_ADMIN_USER"]), 403, "forbidden")
    assert_error(me.get("/api/users"), 403, "forbidden")
    op = logged_in(other["username"], other["password"])
    assert_error(op.get("/api/users/" + b["username"]), 403, "forbidden")
    # A non-admin asking for a user that does not exist learns nothing either.
    assert_error(me.get("/api/users/" + oa.unique("nobody")), 403, "forbidden")
    assert a.get("/api/users/" + other["username"]).json["role"] == "operator"


def test_admin_patches_role_email_and_disabled():
    a = oa.admin()
    b, _ = create(a)
    u = "/api/users/" + b["username"]
    r = a.patch(u, {"role": "operator"})
    assert r.status == 200 and r.json["role"] == "operator" and set(r.json) == USER_KEYS, r
    r = a.patch(u, {"email": "new@example.com"})
    assert r.status == 200 and r.json["email"] == "new@example.com" and r.json["role"] == "operator"
    assert_error(a.patch(u, {"role": "superuser"}), 422, "invalid_value", "role")
    assert_error(a.patch(u, {"email": "not-an-address"}), 422, "invalid_value", "email")
    assert_error(a.patch(u, {"password": "short"}), 422, "weak_password", "password")
    r = a.patch(u, {})
    assert r.status == 200 and r.json["email"] == "new@example.com", r
    g = a.get(u).json
    assert g["role"] == "operator" and g["email"] == "new@example.com", g


def test_a_disabled_user_cannot_log_in_and_its_sessions_stop_working():
    a = oa.admin()
    b, _ = create(a, role="operator")
    u = "/api/users/" + b["username"]
    s1 = logged_in(b["username"], b["password"])
    s2 = Client()
    s2.login(b["username"], b["password"], cookie=True)
    tok = s1.post("/api/tokens", {"description": "disabled test"}).json["token"]
    r = a.patch(u, {"disabled": True})
    assert r.status == 200 and r.json["disabled"] is True, r
    assert_error(s1.get("/api/auth/me"), 401, "unauthorized")
    assert_error(s2.get("/api/auth/me"), 401, "unauthorized")
    assert_error(Client().get("/api/auth/me", headers={"Authorization": "Bearer " + tok}), 401)
    assert_error(s1.post("/api/tokens", {"description": "x"}), 401, "unauthorized")
    assert_error(Client(source="127.0.12.1").login(b["username"], b["password"]), 401,
                 "invalid_credentials")
    r = a.patch(u, {"disabled": False})
    assert r.status == 200 and r.json["disabled"] is False, r
    # Disabling ended the sessions: re-enabling does not bring them back.
    assert_error(s1.get("/api/auth/me"), 401, "unauthorized")
    assert Client(source="127.0.12.2").login(b["username"], b["password"]).status == 200


def test_own_password_change_needs_the_old_password_and_ends_other_sessions():
    a = oa.admin()
    b, _ = create(a, role="viewer")
    name, old = b["username"], b["password"]
    u = "/api/users/" + name
    cur, other = logged_in(name, old), logged_in(name, old)
    cookie = Client()
    cookie.login(name, old, cookie=True)
    new = "new-password-" + oa.unique("")
    assert_error(cur.patch(u, {"password": new}), 422, "missing_field", "old_password")
    assert_error(cur.patch(u, {"password": new, "old_password": "not-the-password"}), 422,
                 "wrong_password", "old_password")
    assert_error(cur.patch(u, {"password": "short", "old_password": old}), 422,
                 "weak_password", "password")
    assert_error(cur.patch(u, {"password": name, "old_password": old}), 422,
                 "weak_password", "password")
    # Nothing changed so far: every session still works.
    for c in (cur, other, cookie):
        assert c.get("/api/auth/me").status == 200
    r = cur.patch(u, {"password": new, "old_password": old})
    assert r.status == 200 and r.json["username"] == name, r
    no_password_anywhere(r.json)
    assert cur.get("/api/auth/me").status == 200, "the current session must stay"
    assert_error(other.get("/api/auth/me"), 401)
    assert_error(cookie.get("/api/auth/me"), 401)
    assert Client(source="127.0.12.3").login(name, new).status == 200
    assert_error(Client(source="127.0.12.4").login(name, old), 401, "invalid_credentials")
    # A cookie session changes its password the same way (with CSRF).
    c2 = Client()
    c2.login(name, new, cookie=True)
    r = c2.patch(u, {"password": old + "-2", "old_password": new})
    assert r.status == 200, r
    assert c2.get("/api/auth/me").status == 200


def test_a_non_admin_cannot_change_its_role_or_anyone_else():
    a = oa.admin()
    b, _ = create(a, role="operator")
    other, _ = create(a)
    me = logged_in(b["username"], b["password"])
    u = "/api/users/" + b["username"]
    for body in ({"role": "admin"}, {"disabled": False}, {"email": "me@example.com"},
                 {"role": "admin", "password": "x" * 12, "old_password": b["password"]}):
        assert_error(me.patch(u, body), 403, "forbidden")
    assert_error(me.patch("/api/users/" + other["username"], {"password": "hijacked-123456"}),
                 403, "forbidden")
    assert_error(me.delete("/api/users/" + other["username"]), 403, "forbidden")
    assert_error(me.post("/api/users", {"username": oa.unique("x"), "password": "p" * 12,
                                        "role": "viewer"}), 403, "forbidden")
    assert a.get(u).json["role"] == "operator"
    assert logged_in(other["username"], other["password"])


def test_admin_sets_another_users_password_without_the_old_one():
    a = oa.admin()
    b, _ = create(a, role="operator")
    s = logged_in(b["username"], b["password"])
    r = a.patch("/api/users/" + b["username"], {"password": "set-by-admin-123"})
    assert r.status == 200, r
    assert_error(s.get("/api/auth/me"), 401)
    assert logged_in(b["username"], "set-by-admin-123")
    assert a.get("/api/auth/me").status == 200


def test_delete_answers_204_and_the_user_is_gone():
    a = oa.admin()
    b, _ = create(a, role="operator")
    u = "/api/users/" + b["username"]
    s = logged_in(b["username"], b["password"])
    tok = s.post("/api/tokens", {"description": "gone with the user"}).json["token"]
    r = a.delete(u)
    assert r.status == 204 and r.body == b"", r
    assert_error(a.get(u), 404, "user_not_found")
    assert_error(a.delete(u), 404, "user_not_found")
    assert_error(s.get("/api/auth/me"), 401)
    assert_error(Client().get("/api/auth/me", headers={"Authorization": "Bearer " + tok}), 401)
    assert int(oa.psql("SELECT count(*) FROM sessions s JOIN users u ON u.id = s.user_id "
                       "WHERE u.username = '%s'" % b["username"])) == 0
    # The name is free again.
    _, r = create(a, username=b["username"])
    assert r.status == 201, r


def test_deleting_yourself_is_409():
    a = oa.admin()
    me = os.environ["OA_ADMIN_USER"]
    assert_error(a.delete("/api/users/" + me), 409, "cannot_delete_self")
    b, _ = create(a, role="admin")
    a2 = logged_in(b["username"], b["password"])
    assert_error(a2.delete("/api/users/" + b["username"]), 409, "cannot_delete_self")
    assert a.delete("/api/users/" + b["username"]).status == 204
    assert a.get("/api/users/" + me).status == 200


def enabled_admins(a):
    items = a.get("/api/users?limit=1000&sort=username").json["items"]
    return [u["username"] for u in items if u["role"] == "admin" and not u["disabled"]]


def test_the_last_enabled_admin_can_be_neither_demoted_disabled_nor_deleted():
    main = oa.admin()
    main_name = os.environ["OA_ADMIN_USER"]
    b, r = create(main, role="admin")
    assert r.status == 201, r
    second = logged_in(b["username"], b["password"])
    sname = b["username"]
    # Make the second admin the only enabled one; remember whom to re-enable.
    others = [n for n in enabled_admins(main) if n != sname]
    assert main_name in others
    try:
        for n in others:
            r = second.patch("/api/users/" + n, {"disabled": True})
            assert r.status == 200 and r.json["disabled"], r
        assert enabled_admins(second) == [sname]
        me = "/api/users/" + sname
        assert_error(second.patch(me, {"role": "operator"}), 409, "last_admin")
        assert_error(second.patch(me, {"role": "viewer", "email": "x@example.com"}), 409,
                     "last_admin")
        assert_error(second.patch(me, {"disabled": True}), 409, "last_admin")
        assert_error(second.delete(me), 409, "cannot_delete_self")
        g = second.get(me).json
        assert g["role"] == "admin" and g["disabled"] is False and g["email"] is None, g
        # What does not touch the admin status is fine.
        r = second.patch(me, {"role": "admin", "disabled": False, "email": "a2@example.com"})
        assert r.status == 200 and r.json["email"] == "a2@example.com", r
        # A disabled admin is not an enabled one: it may be demoted and deleted.
        c, r = create(second, role="admin")
        assert second.patch("/api/users/" + c["username"], {"disabled": True}).status == 200
        r = second.patch("/api/users/" + c["username"], {"role": "viewer"})
        assert r.status == 200 and r.json["role"] == "viewer", r
        assert second.patch("/api/users/" + c["username"], {"role": "admin"}).status == 200
        assert second.delete("/api/users/" + c["username"]).status == 204
    finally:
        for n in others:
            r = second.patch("/api/users/" + n, {"disabled": False})
            assert r.status == 200 and not r.json["disabled"], r
    # With two enabled admins again, one may go: demote, then delete the second.
    main = oa.admin()
    assert sorted(enabled_admins(main)) == sorted(others + [sname])
    r = second.patch("/api/users/" + sname, {"role": "operator"})
    assert r.status == 200 and r.json["role"] == "operator", r
    assert_error(second.get("/api/users"), 403, "forbidden")
    assert main.delete("/api/users/" + sname).status == 204
    assert main_name in enabled_admins(main)


def test_unknown_users_are_404_user_not_found():
    a = oa.admin()
    ghost = "/api/users/" + oa.unique("ghost")
    assert_error(a.get(ghost), 404, "user_not_found")
    assert_error(a.patch(ghost, {"role": "viewer"}), 404, "user_not_found")
    assert_error(a.patch(ghost, {"disabled": True}), 404, "user_not_found")
    assert_error(a.patch(ghost, {"password": "long-enough-pw-1"}), 404, "user_not_found")
    assert_error(a.delete(ghost), 404, "user_not_found")
    # A name no user can have is simply not found either.
    assert_error(a.get("/api/users/" + "%C3%A9" * 5), 404, "user_not_found")
    assert_error(a.delete("/api/users/" + "x" * 100), 404, "user_not_found")
