"""test_rgw.py - the Object Gateway as a whole (README "Object Gateway"): the radosgw
daemons of the service map, a cluster without gateway keys, NFS exports of a bucket
taking their keys from the gateway, and the gateway stopped or hung (503 within
seconds, nothing else held up, served again when it is back). Users and buckets have
files of their own (test_rgw_users.py, test_rgw_buckets.py)."""

import subprocess
import threading
import time

import oa
import rgw_util
from oa import assert_error, wait_for


def test_daemons_list_the_running_radosgw():
    c = oa.client_as("viewer")
    r = c.get(rgw_util.base() + "/daemons")
    assert r.status == 200, r
    items = r.json["items"]
    assert r.json["total"] == len(items) >= 1, r.json
    d = [d for d in items if d["endpoint"] == rgw_util.endpoint()]
    assert d, (items, rgw_util.endpoint())
    dump = oa.ceph(1, "service", "dump")["services"]["rgw"]["daemons"]
    meta = dump[str(d[0]["gid"])]["metadata"]
    assert d[0]["version"] == meta["ceph_version_short"], (d, meta)
    assert d[0]["zone"] == meta["zone_name"] and d[0]["zonegroup"] == meta["zonegroup_name"]
    assert d[0]["id"] == meta["id"] and d[0]["hostname"] == meta["hostname"], d


def test_daemons_of_a_cluster_without_gateway_is_an_empty_list():
    c = oa.client_as("viewer")
    r = c.get(rgw_util.base(2) + "/daemons")
    if r.status == 404:
        raise oa.Skip("no second cluster in this stack")
    assert r.status == 200 and r.json["items"] == [] and r.json["total"] == 0, r


def test_daemons_of_an_unknown_cluster_is_404():
    r = oa.client_as("viewer").get("/api/clusters/00000000-0000-0000-0000-000000000000/rgw/daemons")
    assert_error(r, 404, "cluster_not_found")


def test_a_cluster_without_gateway_keys_answers_503_rgw_not_configured():
    c = oa.client_as("viewer")
    r = c.get(rgw_util.base(2) + "/users")
    if r.status == 404:
        raise oa.Skip("no second cluster in this stack")
    assert_error(r, 503, "rgw_not_configured")
    assert "rgw_access_key" not in r.json["error"]["message"], r  # plain words, detail logged


def nfs_export(c, user, bucket, **fsal):
    body = {"host": "nfs1", "pseudo": "/" + oa.unique("rgw"), "protocols": [4],
            "fsal": dict({"name": "RGW", "user_id": user, "bucket": bucket}, **fsal)}
    return c.post("/api/clusters/%s/nfs/exports" % oa.cluster(1)[0], body)


def nfs_object(eid):
    p = subprocess.run(["rados", "-c", oa.cluster(1)[1], "-p", ".openattic", "-N", "ganesha",
                        "get", "export-%d" % eid, "-"], capture_output=True, text=True,
                       timeout=60)
    return p.stdout if p.returncode == 0 else None


def test_an_nfs_export_of_a_bucket_takes_its_keys_from_the_gateway():
    c = oa.client_as("operator")
    uid = oa.unique("nfsu")
    rgw_util.make_user(uid)
    bucket = oa.unique("nfsb").lower()
    eid = None
    try:
        assert rgw_util.s3("PUT", "/" + bucket, uid)[0] == 200
        ak, sk = rgw_util.s3_keys(uid)
        r = nfs_export(c, uid, bucket)
        assert r.status == 201, r
        eid = r.json["id"]
        assert r.json["fsal"]["access_key_id"] == ak and sk.encode() not in r.body, r
        assert r.json["fsal"]["secret_access_key_set"] is True, r
        text = nfs_object(eid)
        assert 'Access_Key_Id = "%s";' % ak in text and 'Secret_Access_Key = "%s";' % sk in text
        # The gateway says what does not exist, with the field to blame; nothing stored.
        assert_error(nfs_export(c, "nobody-" + uid, bucket), 422, "invalid_value",
                     "fsal.user_id")
        assert_error(nfs_export(c, uid, "no-such-" + bucket), 422, "invalid_value",
                     "fsal.bucket")
        # Keys typed by hand are still taken as they are.
        r = nfs_export(c, uid, bucket, access_key_id="HANDKEY", secret_access_key="hand-secret")
        assert r.status == 201 and r.json["fsal"]["access_key_id"] == "HANDKEY", r
        assert c.delete("/api/clusters/%s/nfs/exports/%d" % (oa.cluster(1)[0],
                                                              r.json["id"])).status == 204
    finally:
        if eid:
            c.delete("/api/clusters/%s/nfs/exports/%d" % (oa.cluster(1)[0], eid))
        rgw_util.admin("bucket", "rm", "--bucket", bucket, "--purge-objects", check=False)
        rgw_util.rm_user(uid)


def timed(fn):
    t0 = time.time()
    r = fn()
    return r, time.time() - t0


def test_radosgw_stopped_answers_503_within_seconds_and_recovers():
    c = oa.client_as("viewer")
    users = rgw_util.base() + "/users"
    assert c.get(users).status == 200
    oa.ctl("rgw", "stop")
    try:
        r, took = timed(lambda: c.get(users))
        assert_error(r, 503, "rgw_unreachable")
        assert took < 5, took
        assert_error(c.get(rgw_util.base() + "/buckets"), 503, "rgw_unreachable")
        assert oa.Client().get("/api/health").status == 200
    finally:
        oa.ctl("rgw", "start")
    # Served again without restarting openattic.
    wait_for(lambda: c.get(users).status == 200, 20, what="the users list to come back")


def test_a_hung_radosgw_is_cut_off_and_holds_up_nothing_else():
    c = oa.client_as("viewer")
    users = rgw_util.base() + "/users"
    assert c.get(users).status == 200
    oa.ctl("rgw", "freeze")
    try:
        out = {}
        t = threading.Thread(target=lambda: out.update(r=timed(lambda: c.get(users))))
        t.start()
        time.sleep(0.3)
        # Meanwhile login, health and ordinary reads answer at once.
        r, took = timed(lambda: oa.Client().get("/api/health"))
        assert r.status == 200 and took < 1, (r, took)
        r, took = timed(lambda: c.get("/api/clusters/%s/pools" % oa.cluster(1)[0]))
        assert r.status == 200 and took < 2, (r, took)
        t.join(15)
        r, took = out["r"]
        assert_error(r, 503, "rgw_unreachable")
        assert took < 8, took  # [rgw] timeout_s (5) and no more
    finally:
        oa.ctl("rgw", "thaw")
    wait_for(lambda: c.get(users).status == 200, 20, what="the users list to come back")
