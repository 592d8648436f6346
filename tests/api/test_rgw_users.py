"""test_rgw_users.py - /api/clusters/{fsid}/rgw/users: Object Gateway users, their keys,
subusers and caps (API.md "Object Gateway", /tmp/rgw-contract.md "Users"). Every change
is checked from the side with radosgw-admin; a secret shows only in the answer that made
it and in reveal (admin only, audited), never in a list, a get or the audit trail.
Every test removes the users it made."""

import json
import os

import oa
import rgw_util
from oa import assert_error
from rgw_util import admin, q, rm_user, user_info


def users():
    return rgw_util.base() + "/users"


def user_url(uid):
    return users() + "/" + q(uid)


def secrets_of(info):
    """Every secret radosgw-admin knows of a user."""
    return [k["secret_key"] for k in info["keys"] + info["swift_keys"]]


def assert_no_secret(resp, secrets):
    body = resp.body.decode()
    assert "secret" not in body, body
    for s in secrets:
        assert s not in body, (s, body)


def test_create_get_patch_delete_round_trip():
    c = oa.admin()
    uid = oa.unique("u")
    try:
        r = c.post(users(), {"uid": uid, "display_name": "Round Trip", "email": uid + "@ex.org",
                             "max_buckets": 7})
        assert r.status == 201, r
        assert r.headers["location"] == user_url(uid), r.headers
        u = r.json
        assert u["uid"] == uid and u["user_id"] == uid and u["tenant"] == "", u
        assert u["display_name"] == "Round Trip" and u["email"] == uid + "@ex.org", u
        assert u["max_buckets"] == 7 and u["suspended"] is False, u
        assert u["system"] is False and u["admin"] is False and u["op_mask"], u
        info = user_info(uid)
        assert info["display_name"] == "Round Trip" and info["max_buckets"] == 7, info
        # The new key with its secret, once, as radosgw-admin has it.
        assert len(u["keys"]) == 1 and u["keys"][0]["type"] == "s3", u
        assert u["keys"][0]["access_key"] == info["keys"][0]["access_key"], (u, info)
        assert u["keys"][0]["secret_key"] == info["keys"][0]["secret_key"], (u, info)
        assert u["quota"]["user"] == {"enabled": False, "max_size": -1, "max_objects": -1}, u
        r = c.get(user_url(uid))
        assert r.status == 200, r
        assert_no_secret(r, secrets_of(info))
        g = r.json
        assert g["keys"] == [{"user": uid, "access_key": info["keys"][0]["access_key"],
                              "type": "s3"}], g
        assert g["usage"] == {"size": 0, "size_actual": 0, "objects": 0}, g

        r = c.patch(user_url(uid), {"display_name": "Changed", "email": "", "max_buckets": -1,
                                    "suspended": True,
                                    "quota": {"user": {"enabled": True, "max_size": 1048576,
                                                       "max_objects": 100},
                                              "bucket": {"max_objects": 5}}})
        assert r.status == 200, r
        assert_no_secret(r, secrets_of(info))
        p = r.json
        assert p["display_name"] == "Changed" and p["email"] == "" and p["suspended"] is True, p
        assert p["max_buckets"] == -1, p
        assert p["quota"]["user"] == {"enabled": True, "max_size": 1048576, "max_objects": 100}
        assert p["quota"]["bucket"] == {"enabled": False, "max_size": -1, "max_objects": 5}, p
        info = user_info(uid)
        assert info["display_name"] == "Changed" and info["email"] == "", info
        assert info["suspended"] == 1 and info["max_buckets"] == -1, info
        assert info["user_quota"]["enabled"] is True, info
        assert info["user_quota"]["max_size"] == 1048576, info
        assert info["user_quota"]["max_objects"] == 100, info
        assert info["bucket_quota"]["max_objects"] == 5, info
        assert info["bucket_quota"]["max_size"] == -1, info
        # A quota patch changes the fields it gives and keeps the others.
        r = c.patch(user_url(uid), {"quota": {"user": {"enabled": False}}, "suspended": False})
        assert r.status == 200, r
        assert r.json["quota"]["user"] == {"enabled": False, "max_size": 1048576,
                                           "max_objects": 100}, r.json
        info = user_info(uid)
        assert info["user_quota"]["enabled"] is False, info
        assert info["user_quota"]["max_objects"] == 100 and info["suspended"] == 0, info

        r = c.delete(user_url(uid))
        assert r.status == 204, r
        assert user_info(uid) is None
        assert_error(c.get(user_url(uid)), 404, "user_not_found")
        assert_error(c.delete(user_url(uid)), 404, "user_not_found")
        assert_error(c.patch(user_url(uid), {"display_name": "x"}), 404, "user_not_found")
    finally:
        rm_user(uid)


def test_create_without_key_and_with_own_key():
    c = oa.admin()
    a, b = oa.unique("u"), oa.unique("u")
    ak, sk = "OA" + oa.unique("K").upper(), "s3cr3t-" + oa.unique()
    try:
        r = c.post(users(), {"uid": a, "display_name": "No key", "generate_key": False})
        assert r.status == 201 and r.json["keys"] == [], r
        assert user_info(a)["keys"] == []
        r = c.post(users(), {"uid": b, "display_name": "Own key", "access_key": ak,
                             "secret_key": sk, "suspended": True})
        assert r.status == 201, r
        assert r.json["keys"] == [{"user": b, "access_key": ak, "type": "s3",
                                   "secret_key": sk}], r.json
        info = user_info(b)
        assert [(k["access_key"], k["secret_key"]) for k in info["keys"]] == [(ak, sk)], info
        assert info["suspended"] == 1, info
        # The secret given in the body is not in the audit trail.
        row = oa.last_audit(c, users())[0]
        assert row["method"] == "POST" and row["status"] == 201, row
        assert row["request"]["secret_key"] == "***" and row["request"]["uid"] == b, row
        assert oa.psql("SELECT count(*) FROM audit WHERE request::text LIKE '%%%s%%'" % sk) == "0"
        # Someone else's access key is taken.
        e = assert_error(c.post(users(), {"uid": oa.unique("u"), "display_name": "x",
                                          "access_key": ak, "secret_key": "another-secret"}),
                         409, "key_exists")
        assert sk not in json.dumps(e)
    finally:
        rm_user(a)
        rm_user(b)


def test_validation_is_422_with_the_field_and_changes_nothing():
    c = oa.admin()
    good = oa.unique("u")
    bad_uids = ["", "a:b", "x" * 65, "a$b$c", "bad-tenant$" + good, "$" + good, good + "$",
                "tab\there"]
    for uid in bad_uids:
        assert_error(c.post(users(), {"uid": uid, "display_name": "x"}), 422, "invalid_value",
                     "uid")
    cases = [
        ({"display_name": ""}, "display_name"),
        ({"email": "not-an-email"}, "email"),
        ({"email": "a@b@c.org"}, "email"),
        ({"email": "a b@c.org"}, "email"),
        ({"max_buckets": 100001}, "max_buckets"),
        ({"max_buckets": -2}, "max_buckets"),
        ({"access_key": "ONLYACCESS"}, "secret_key"),
        ({"secret_key": "only-the-secret"}, "access_key"),
        ({"access_key": "A:B", "secret_key": "long-enough"}, "access_key"),
        ({"access_key": "GOODAK" + good.upper(), "secret_key": "short"}, "secret_key"),
    ]
    for extra, field in cases:
        body = {"uid": good, "display_name": "x"}
        body.update(extra)
        assert_error(c.post(users(), body), 422, "invalid_value", field)
    assert_error(c.post(users(), {"uid": good}), 400, "missing_field", "display_name")
    assert_error(c.post(users(), {"uid": good, "display_name": "x", "max_buckets": "3"}),
                 400, "invalid_type", "max_buckets")
    assert user_info(good) is None
    for uid in bad_uids[1:]:
        assert user_info(uid) is None, uid

    try:
        assert c.post(users(), {"uid": good, "display_name": "Kept"}).status == 201
        before = user_info(good)
        cases = [
            ({"email": "nope"}, 422, "invalid_value", "email"),
            ({"max_buckets": 100001}, 422, "invalid_value", "max_buckets"),
            ({"display_name": "", "max_buckets": 3}, 422, "invalid_value", "display_name"),
            ({"quota": {"user": {"max_size": -2}}}, 422, "invalid_value", "quota.user.max_size"),
            ({"quota": {"bucket": {"max_objects": 1.5}}}, 422, "invalid_value",
             "quota.bucket.max_objects"),
            ({"quota": {"bucket": {"enabled": "yes"}}}, 400, "invalid_type",
             "quota.bucket.enabled"),
            ({"quota": {"user": {"max_bytes": 5}}}, 400, "unknown_field", "quota.user.max_bytes"),
            ({"quota": {"users": {}}}, 400, "unknown_field", "quota.users"),
            ({"quota": {"user": 5}}, 400, "invalid_type", "quota.user"),
            ({"display_name": "x", "quota": {"user": {"max_size": -2}}}, 422, "invalid_value",
             "quota.user.max_size"),
        ]
        for body, status, code, field in cases:
            assert_error(c.patch(user_url(good), body), status, code, field)
        after = user_info(good)
        assert after == before, (before, after)
        assert_error(c.delete(user_url(good) + "?purge_data=yes"), 422, "invalid_value",
                     "purge_data")
        assert user_info(good) is not None
    finally:
        rm_user(good)


def test_conflicts_are_409():
    c = oa.admin()
    a, b = oa.unique("u"), oa.unique("u")
    try:
        assert c.post(users(), {"uid": a, "display_name": "A", "email": a + "@ex.org"}).status == 201
        before = user_info(a)
        assert_error(c.post(users(), {"uid": a, "display_name": "Other"}), 409, "user_exists")
        assert_error(c.post(users(), {"uid": b, "display_name": "B", "email": a + "@ex.org"}),
                     409, "email_exists")
        assert user_info(b) is None
        assert c.post(users(), {"uid": b, "display_name": "B"}).status == 201
        assert_error(c.patch(user_url(b), {"email": a + "@ex.org"}), 409, "email_exists")
        assert user_info(b)["email"] == ""
        assert user_info(a) == before
    finally:
        rm_user(a)
        rm_user(b)


def test_list_pages_sorts_and_searches_and_never_shows_a_secret():
    c = oa.client_as("viewer")
    # Digits sort before the letters of other tests' users: ours are the first uids.
    prefix = "0" + oa.unique("ls")
    uids = ["%s-%d" % (prefix, i) for i in range(5)]
    try:
        for i, uid in enumerate(uids):
            rgw_util.make_user(uid, name="Name %d" % (4 - i), email="%s@ex.org" % uid)
        admin("subuser", "create", "--uid", uids[0], "--subuser", uids[0] + ":sw",
              "--access", "full", "--key-type", "swift", "--gen-secret")
        secrets = [s for u in uids for s in secrets_of(user_info(u))]
        r = c.get(users() + "?limit=1000")
        assert r.status == 200, r
        assert_no_secret(r, secrets)
        listed = [u["uid"] for u in r.json["items"]]
        assert len(listed) == min(r.json["total"], 1000), (len(listed), r.json["total"])
        assert listed == sorted(listed), listed[:20]
        assert listed[:5] == uids, listed[:20]
        # Pages of the uid order, both ways.
        r = c.get(users() + "?offset=1&limit=3")
        assert [u["uid"] for u in r.json["items"]] == uids[1:4], r
        assert r.json["offset"] == 1 and r.json["limit"] == 3, r.json
        r = c.get(users() + "?sort=-uid&offset=%d&limit=5" % (r.json["total"] - 5))
        assert [u["uid"] for u in r.json["items"]] == uids[::-1], r
        # Search and the other sorts read every user.
        r = c.get(users() + "?search=%s&sort=display_name" % prefix)
        assert r.status == 200, r
        assert_no_secret(r, secrets)
        assert [u["uid"] for u in r.json["items"]] == uids[::-1], r.json
        assert r.json["total"] == 5, r.json
        r = c.get(users() + "?search=%s&sort=-email&offset=1&limit=2" % prefix)
        assert [u["uid"] for u in r.json["items"]] == [uids[3], uids[2]], r.json
        assert r.json["total"] == 5, r.json
        r = c.get(users() + "?search=NAME%202")
        assert uids[2] in [u["uid"] for u in r.json["items"]], r.json
        sw = [u for u in c.get(users() + "?search=" + uids[0]).json["items"]][0]
        assert {"user": uids[0] + ":sw", "access_key": uids[0] + ":sw", "type": "swift"} in \
            sw["keys"], sw
        assert sw["subusers"] == [{"id": uids[0] + ":sw", "name": "sw", "access": "full"}], sw
        assert "usage" not in sw, sw
        assert_error(c.get(users() + "?sort=secret_key"), 400, "invalid_sort", "sort")
    finally:
        for uid in uids:
            rm_user(uid)


def test_a_user_made_with_radosgw_admin_shows_in_the_next_list():
    c = oa.client_as("viewer")
    uid = oa.unique("side")
    try:
        rgw_util.make_user(uid, name="From the side")
        r = c.get(users() + "?search=" + uid)
        assert [u["display_name"] for u in r.json["items"]] == ["From the side"], r
        assert c.get(user_url(uid)).json["display_name"] == "From the side"
        admin("user", "modify", "--uid", uid, "--display-name", "Changed aside")
        assert c.get(user_url(uid)).json["display_name"] == "Changed aside"
        rm_user(uid)
        assert c.get(users() + "?search=" + uid).json["items"] == []
        assert_error(c.get(user_url(uid)), 404, "user_not_found")
    finally:
        rm_user(uid)


def test_keys_create_reveal_delete():
    c = oa.admin()
    uid = oa.unique("k")
    try:
        rgw_util.make_user(uid)
        first = user_info(uid)["keys"][0]
        r = c.post(user_url(uid) + "/keys", {"type": "s3"})
        assert r.status == 201, r
        k = r.json
        assert k["user"] == uid and k["type"] == "s3" and k["access_key"] != first["access_key"]
        assert r.headers["location"] == user_url(uid) + "/keys/" + k["access_key"], r.headers
        have = {x["access_key"]: x["secret_key"] for x in user_info(uid)["keys"]}
        assert have == {first["access_key"]: first["secret_key"],
                        k["access_key"]: k["secret_key"]}, have
        r = c.get(user_url(uid))
        assert_no_secret(r, have.values())
        assert sorted(x["access_key"] for x in r.json["keys"]) == sorted(have), r.json

        # Reveal: admins only, and the audit trail says who asked, without the secret.
        op = oa.client_as("operator")
        path = user_url(uid) + "/keys/" + k["access_key"] + "/reveal"
        assert_error(op.post(path), 403, "forbidden")
        r = c.post(path)
        assert r.status == 200, r
        assert r.json == {"user": uid, "access_key": k["access_key"],
                          "secret_key": k["secret_key"], "type": "s3"}, r.json
        row = oa.last_audit(c, "/api/clusters/%s/rgw/users/%s/keys/%s/reveal"
                            % (oa.cluster(1)[0], uid, k["access_key"]))[0]
        assert row["method"] == "POST" and row["status"] == 200, row
        assert row["user"] == os.environ["OA_ADMIN_USER"], row
        assert oa.psql("SELECT count(*) FROM audit WHERE request::text LIKE '%%%s%%'"
                       % k["secret_key"]) == "0"
        assert_error(c.post(user_url(uid) + "/keys/NOSUCHKEY/reveal"), 404, "key_not_found")

        # A key of one's own choice; taken ones are refused, whoever has them.
        ak, sk = "OA" + oa.unique("OWN").upper(), "own-secret-" + oa.unique()
        r = c.post(user_url(uid) + "/keys", {"type": "s3", "access_key": ak, "secret_key": sk})
        assert r.status == 201 and r.json["secret_key"] == sk, r
        assert_error(c.post(user_url(uid) + "/keys", {"type": "s3", "access_key": ak,
                                                      "secret_key": "other-secret"}),
                     409, "key_exists", "access_key")
        assert {x["access_key"]: x["secret_key"] for x in user_info(uid)["keys"]}[ak] == sk
        assert_error(c.post(user_url(uid) + "/keys", {"type": "s3",
                                                      "access_key": first["access_key"],
                                                      "secret_key": "other-secret"}),
                     409, "key_exists")
        assert_error(c.post(user_url(uid) + "/keys", {"type": "gcs"}), 422, "invalid_value",
                     "type")
        assert_error(c.post(user_url(uid) + "/keys", {"type": "swift"}), 422, "invalid_value",
                     "subuser")
        assert_error(c.post(user_url(uid) + "/keys", {"type": "s3", "secret_key": "abcdefghij"}),
                     422, "invalid_value", "access_key")
        assert len(user_info(uid)["keys"]) == 3

        r = c.delete(user_url(uid) + "/keys/" + k["access_key"])
        assert r.status == 204, r
        assert k["access_key"] not in [x["access_key"] for x in user_info(uid)["keys"]]
        assert_error(c.delete(user_url(uid) + "/keys/" + k["access_key"]), 404, "key_not_found")
        # Another user's key is not this user's.
        other = oa.unique("k")
        rgw_util.make_user(other)
        try:
            assert_error(c.delete(user_url(other) + "/keys/" + ak), 404, "key_not_found")
            assert ak in [x["access_key"] for x in user_info(uid)["keys"]]
        finally:
            rm_user(other)
        assert_error(c.post(users() + "/nobody" + oa.unique() + "/keys", {"type": "s3"}),
                     404, "user_not_found")
    finally:
        rm_user(uid)


def test_subusers_and_swift_keys():
    c = oa.admin()
    uid = oa.unique("s")
    subs = user_url(uid) + "/subusers"
    try:
        rgw_util.make_user(uid)
        r = c.post(subs, {"name": "swift", "access": "readwrite"})
        assert r.status == 201, r
        assert r.headers["location"] == subs + "/swift", r.headers
        s = r.json
        assert s["id"] == uid + ":swift" and s["name"] == "swift" and s["access"] == "readwrite"
        info = user_info(uid)
        assert info["subusers"] == [{"id": uid + ":swift", "permissions": "read-write"}], info
        sk = [k["secret_key"] for k in info["swift_keys"] if k["user"] == uid + ":swift"]
        assert s["keys"] == [{"user": uid + ":swift", "access_key": uid + ":swift",
                              "secret_key": sk[0], "type": "swift"}], (s, info)
        assert_error(c.post(subs, {"name": "swift", "access": "read"}), 409, "subuser_exists",
                     "name")
        assert user_info(uid)["subusers"][0]["permissions"] == "read-write"
        assert_error(c.post(subs, {"name": "a:b", "access": "read"}), 422, "invalid_value",
                     "name")
        assert_error(c.post(subs, {"name": "ok", "access": "all"}), 422, "invalid_value",
                     "access")

        # Without a secret: no Swift key; one is made later, once.
        r = c.post(subs, {"name": "nokey", "access": "none", "generate_secret": False})
        assert r.status == 201 and r.json["keys"] == [] and r.json["access"] == "none", r
        info = user_info(uid)
        assert uid + ":nokey" not in [k["user"] for k in info["swift_keys"]], info
        r = c.get(subs)
        assert r.status == 200, r
        assert r.json["items"] == [{"id": uid + ":nokey", "name": "nokey", "access": "none"},
                                   {"id": uid + ":swift", "name": "swift",
                                    "access": "readwrite"}], r.json
        r = c.post(user_url(uid) + "/keys", {"type": "swift", "subuser": "nokey"})
        assert r.status == 201, r
        assert r.json["access_key"] == uid + ":nokey" and r.json["type"] == "swift", r.json
        assert {"user": uid + ":nokey", "secret_key": r.json["secret_key"]} in \
            user_info(uid)["swift_keys"]
        assert_error(c.post(user_url(uid) + "/keys", {"type": "swift", "subuser": "nokey"}),
                     409, "key_exists", "subuser")
        assert_error(c.post(user_url(uid) + "/keys", {"type": "swift", "subuser": "ghost"}),
                     404, "subuser_not_found", "subuser")
        assert uid + ":ghost" not in [k["user"] for k in user_info(uid)["swift_keys"]]
        # An S3 key of a subuser.
        r = c.post(user_url(uid) + "/keys", {"type": "s3", "subuser": "nokey"})
        assert r.status == 201 and r.json["user"] == uid + ":nokey", r
        assert r.json["access_key"] in [k["access_key"] for k in user_info(uid)["keys"]
                                        if k["user"] == uid + ":nokey"]
        assert_no_secret(c.get(user_url(uid)), secrets_of(user_info(uid)))
        assert_no_secret(c.get(subs), secrets_of(user_info(uid)))

        r = c.patch(subs + "/swift", {"access": "none"})
        assert r.status == 200 and r.json == {"id": uid + ":swift", "name": "swift",
                                              "access": "none"}, r
        assert user_info(uid)["subusers"][1]["permissions"] == "<none>"
        r = c.patch(subs + "/nokey", {"access": "full"})
        assert r.status == 200 and r.json["access"] == "full", r
        assert user_info(uid)["subusers"][0]["permissions"] == "full-control"
        assert_error(c.patch(subs + "/ghost", {"access": "read"}), 404, "subuser_not_found")
        assert_error(c.patch(subs + "/nokey", {"access": "most"}), 422, "invalid_value",
                     "access")

        # The Swift key goes by its subuser's id; the subuser goes with its keys.
        r = c.delete(user_url(uid) + "/keys/" + q(uid + ":swift"))
        assert r.status == 204, r
        assert uid + ":swift" not in [k["user"] for k in user_info(uid)["swift_keys"]]
        assert [s["id"] for s in user_info(uid)["subusers"]] == [uid + ":nokey", uid + ":swift"]
        r = c.delete(subs + "/nokey")
        assert r.status == 204, r
        info = user_info(uid)
        assert [s["id"] for s in info["subusers"]] == [uid + ":swift"], info
        assert uid + ":nokey" not in [k["user"] for k in info["keys"] + info["swift_keys"]]
        assert_error(c.delete(subs + "/nokey"), 404, "subuser_not_found")
    finally:
        rm_user(uid)


def test_caps_are_set_as_a_whole():
    c = oa.admin()
    uid = oa.unique("c")

    def caps():
        return sorted((x["type"], x["perm"]) for x in user_info(uid)["caps"])

    try:
        rgw_util.make_user(uid)
        admin("caps", "add", "--uid", uid, "--caps", "usage=read;zone=*")
        want = [{"type": "users", "perm": "*"}, {"type": "buckets", "perm": "read"},
                {"type": "zone", "perm": "read"}]
        r = c.put(user_url(uid) + "/caps", {"caps": want})
        assert r.status == 200, r
        assert sorted((x["type"], x["perm"]) for x in r.json["caps"]) == \
            [("buckets", "read"), ("users", "*"), ("zone", "read")], r.json
        assert caps() == [("buckets", "read"), ("users", "*"), ("zone", "read")]
        r = c.put(user_url(uid) + "/caps", {"caps": [{"type": "buckets", "perm": "write"},
                                                     {"type": "metadata", "perm": "read"}]})
        assert r.status == 200, r
        assert caps() == [("buckets", "write"), ("metadata", "read")]
        for bad, field in [([{"type": "bogus", "perm": "read"}], "caps[0].type"),
                           ([{"type": "users", "perm": "all"}], "caps[0].perm"),
                           ([{"type": "users", "perm": "read"}, {"type": "users", "perm": "*"}],
                            "caps[1].type")]:
            assert_error(c.put(user_url(uid) + "/caps", {"caps": bad}), 422, "invalid_value",
                         field)
        assert_error(c.put(user_url(uid) + "/caps", {"caps": ["users=*"]}), 400, "invalid_type",
                     "caps[0]")
        assert caps() == [("buckets", "write"), ("metadata", "read")]
        r = c.put(user_url(uid) + "/caps", {"caps": []})
        assert r.status == 200 and r.json["caps"] == [], r
        assert caps() == []
    finally:
        rm_user(uid)


def test_roles_viewer_reads_operator_changes_admin_reveals():
    viewer, op = oa.client_as("viewer"), oa.client_as("operator")
    uid = oa.unique("r")
    try:
        rgw_util.make_user(uid)
        ak = user_info(uid)["keys"][0]["access_key"]
        assert viewer.get(user_url(uid)).status == 200
        assert viewer.get(user_url(uid) + "/subusers").status == 200
        for r in [viewer.post(users(), {"uid": oa.unique("r"), "display_name": "x"}),
                  viewer.patch(user_url(uid), {"display_name": "x"}),
                  viewer.delete(user_url(uid)),
                  viewer.post(user_url(uid) + "/keys", {"type": "s3"}),
                  viewer.delete(user_url(uid) + "/keys/" + ak),
                  viewer.post(user_url(uid) + "/keys/" + ak + "/reveal"),
                  viewer.post(user_url(uid) + "/subusers", {"name": "x", "access": "read"}),
                  viewer.put(user_url(uid) + "/caps", {"caps": []}),
                  op.post(user_url(uid) + "/keys/" + ak + "/reveal")]:
            assert_error(r, 403, "forbidden")
        info = user_info(uid)
        assert len(info["keys"]) == 1 and info["subusers"] == [] and info["display_name"] != "x"
        r = op.patch(user_url(uid), {"display_name": "By operator"})
        assert r.status == 200, r
        assert user_info(uid)["display_name"] == "By operator"
    finally:
        rm_user(uid)


def test_tenant_user_round_trip():
    c = oa.admin()
    tenant = oa.unique("tn")
    uid = tenant + "$" + "owner"
    bucket = oa.unique("tb")
    try:
        r = c.post(users(), {"uid": uid, "display_name": "Tenant's"})
        assert r.status == 201, r
        assert r.headers["location"] == users() + "/" + tenant + "%24owner", r.headers
        u = r.json
        assert u["uid"] == uid and u["tenant"] == tenant and u["user_id"] == "owner", u
        info = user_info(uid)
        # radosgw-admin names a tenant's user in full; the Admin Ops API in parts.
        assert info["user_id"] == uid, info
        assert u["keys"][0]["user"] == uid and u["keys"][0]["secret_key"] == \
            info["keys"][0]["secret_key"], (u, info)
        assert c.get(user_url(uid)).json["uid"] == uid
        assert [x["uid"] for x in c.get(users() + "?search=" + tenant).json["items"]] == [uid]
        r = c.patch(user_url(uid), {"max_buckets": 3, "quota": {"bucket": {"enabled": True}}})
        assert r.status == 200 and r.json["max_buckets"] == 3, r
        assert user_info(uid)["bucket_quota"]["enabled"] is True
        r = c.post(user_url(uid) + "/subusers", {"name": "sw", "access": "read"})
        assert r.status == 201 and r.json["id"] == uid + ":sw", r
        assert user_info(uid)["subusers"] == [{"id": uid + ":sw", "permissions": "read"}]
        r = c.post(user_url(uid) + "/keys", {"type": "s3"})
        assert r.status == 201 and r.json["user"] == uid, r
        r = c.put(user_url(uid) + "/caps", {"caps": [{"type": "usage", "perm": "read"}]})
        assert r.status == 200 and user_info(uid)["caps"] == [{"type": "usage", "perm": "read"}]

        status, body = rgw_util.s3("PUT", "/" + bucket, uid)
        assert status == 200, (status, body)
        rgw_util.put_objects(uid, bucket, [10, 20])
        assert_error(c.delete(user_url(uid)), 409, "user_has_buckets")
        assert user_info(uid) is not None
        r = c.delete(user_url(uid) + "?purge_data=true")
        assert r.status == 202, r
        t = oa.wait_task(c, r.json["id"], timeout=60)
        assert t["state"] == "succeeded", t
        assert t["result"] == {"uid": uid, "buckets_deleted": 1}, t
        assert user_info(uid) is None
        assert rgw_util.bucket_stats(tenant + "/" + bucket) is None
    finally:
        rm_user(uid)


def test_delete_refuses_a_user_with_buckets_and_purges_them_in_a_task():
    c = oa.admin()
    uid = oa.unique("p")
    buckets = [oa.unique("pb") for _ in range(3)]
    try:
        rgw_util.make_user(uid)
        for i, b in enumerate(buckets):
            status, body = rgw_util.s3("PUT", "/" + b, uid)
            assert status == 200, (status, body)
            rgw_util.put_objects(uid, b, [100] * (i + 1))
        e = assert_error(c.delete(user_url(uid)), 409, "user_has_buckets")
        assert "3 buckets" in e["message"], e
        assert user_info(uid) is not None
        assert all(rgw_util.bucket_stats(b) for b in buckets)

        r = c.delete(user_url(uid) + "?purge_data=true")
        assert r.status == 202, r
        assert r.headers["location"] == "/api/tasks/%d" % r.json["id"], r.headers
        assert r.json["kind"] == "rgw.user_delete", r.json
        assert r.json["target"]["uid"] == uid, r.json
        t = oa.wait_task(c, r.json["id"], timeout=60)
        assert t["state"] == "succeeded" and t["progress"] == 100, t
        assert t["result"] == {"uid": uid, "buckets_deleted": 3}, t
        assert "3 buckets" in t["message"], t
        assert user_info(uid) is None
        assert all(rgw_util.bucket_stats(b) is None for b in buckets)
        row = oa.last_audit(c, user_url(uid))[0]
        assert row["method"] == "DELETE" and row["status"] == 202, row
        assert row["task_id"] == t["id"], row
        # A user that is gone is 404 before any task is queued.
        assert_error(c.delete(user_url(uid) + "?purge_data=true"), 404, "user_not_found")
    finally:
        rm_user(uid)
        for b in buckets:
            admin("bucket", "rm", "--bucket", b, "--purge-objects", check=False)


def test_a_purge_of_a_user_without_buckets_deletes_the_user():
    c = oa.admin()
    uid = oa.unique("f")
    try:
        rgw_util.make_user(uid)
        r = c.delete(user_url(uid) + "?purge_data=true")
        assert r.status == 202, r
        t = oa.wait_task(c, r.json["id"], timeout=60)
        assert t["state"] == "succeeded" and t["result"]["buckets_deleted"] == 0, t
        assert user_info(uid) is None
    finally:
        rm_user(uid)
