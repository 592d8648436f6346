"""test_iscsi.py - iSCSI targets (API.md "Salt, nodes, iSCSI"): the configuration kept in one
RADOS object, checked with the rados CLI after every change; concurrent edits (one wins,
the other gets 409); an object edited with the rados CLI read back by the API; CHAP
secrets never answered; validation with the field to blame; deploy as a Salt job task
against the stand-in, whose iSCSI minions check the pillar with the shipped module and
serve it with a real tgtd (what tgtd serves is test_iscsi_tgt.py's), succeeding,
failing on a failing gateway and timing out on a gateway that is down, each gateway
given only its own targets' secrets; the status per gateway; the configuration pool made by the
first write (on cluster 2, which starts without it) and kept from the pool API."""

import json
import subprocess
import threading

import oa
from oa import assert_error, wait_task

POOL = ".openattic"   # [iscsi] pool's default (and [nfs] pool's)
OBJ = "iscsi-config"  # [iscsi] object's default
PW, MPW = "s3cret-Pass-1", "mutual-Pass-22"


def base():
    return "/api/clusters/%s/iscsi" % oa.cluster(1)[0]


def cli(tool, *args, stdin=None, check=True):
    conf = oa.cluster(1)[1]
    p = subprocess.run([tool, "-c", conf] + list(args), input=stdin, capture_output=True,
                       text=True, timeout=120)
    if check and p.returncode != 0:
        raise AssertionError("%s %s failed: %s" % (tool, " ".join(args), p.stderr))
    return p


def stored():
    """The configuration object as the rados CLI reads it, and its version xattr."""
    doc = json.loads(cli("rados", "-p", POOL, "get", OBJ, "-").stdout)
    x = cli("rados", "-p", POOL, "getxattr", OBJ, "version").stdout.strip()
    return doc, int(x)


def put_object(doc):
    cli("rados", "-p", POOL, "put", OBJ, "-", stdin=json.dumps(doc))


_images = {}


def setup():
    """The config pool (the API makes it at its first write) and a pool with a few RBD
    images (made once)."""
    if _images:
        return _images["pool"], _images["names"]
    if POOL not in oa.ceph(1, "osd", "pool", "ls"):
        c, name = oa.admin(), iqn("makes-the-pool")
        create(c, {"iqn": name, "portals": [{"host": "igw1", "ip": oa.minion_ip("igw1")}]})
        assert c.delete(url(name)).status == 204
    pool = oa.unique("igw")
    oa.ceph(1, "osd", "pool", "create", pool, "8")
    cli("rbd", "pool", "init", pool)
    names = ["disk%d" % i for i in range(6)]
    for n in names:
        cli("rbd", "create", "--size", "16M", "%s/%s" % (pool, n))
    _images.update(pool=pool, names=names)
    return pool, names


def iqn(tag=None):
    return "iqn.2016-06.org.openattic:%s" % (tag or oa.unique("t"))


def target(name, disks, auth=None, acls=None, portals=None):
    pool, _ = setup()
    t = {"iqn": name,
         "portals": portals or [{"host": "igw1", "ip": oa.minion_ip("igw1")}, {"host": "igw2", "ip": oa.minion_ip("igw2")}],
         "disks": [{"pool": pool, "image": d[0], "lun": d[1]} if isinstance(d, tuple)
                   else {"pool": pool, "image": d} for d in disks]}
    if auth is not None:
        t["auth"] = auth
    if acls is not None:
        t["acls"] = acls
    return t


def create(c, body, status=201):
    r = c.post(base() + "/targets", body)
    assert r.status == status, r
    return r.json


def url(name):
    return base() + "/targets/" + name


def no_secrets(r):
    assert PW.encode() not in r.body and MPW.encode() not in r.body, r


def test_crud_round_trip_with_the_rados_cli():
    c = oa.admin()
    _, imgs = setup()
    name = iqn()
    t = create(c, target(name, [(imgs[0], 3), imgs[1]], auth={"user": "initiator1", "password": PW},
                         acls=[{"initiator": "iqn.1994-05.com.redhat:client1", "luns": [3]}]))
    assert t["iqn"] == name and t["version"] >= 1
    assert [d["lun"] for d in t["disks"]] == [3, 0]  # the one without a LUN got the lowest free
    assert t["auth"] == {"user": "initiator1", "password_set": True, "mutual_user": None,
                         "mutual_password_set": False}
    assert t["acls"] == [{"initiator": "iqn.1994-05.com.redhat:client1", "luns": [3]}]
    doc, xver = stored()
    assert doc["version"] == xver == t["version"]
    s = doc["targets"][name]
    assert s["auth"]["password"] == PW and s["version"] == t["version"]
    assert [(p["host"], p["ip"]) for p in s["portals"]] == [("igw1", oa.minion_ip("igw1")), ("igw2", oa.minion_ip("igw2"))]

    r = c.get(url(name))
    assert r.status == 200 and r.json == t, r
    r = c.get(base() + "/targets?search=" + name.split(":")[1])
    assert r.status == 200 and [x["iqn"] for x in r.json["items"]] == [name], r

    body = dict(target(name, [(imgs[0], 5)], acls=[]), version=t["version"])
    del body["iqn"]
    body["portals"] = body["portals"][:1]
    r = c.put(url(name), body)
    assert r.status == 200 and r.json["version"] > t["version"], r
    assert r.json["auth"]["user"] is None and r.json["disks"][0]["lun"] == 5
    doc, xver = stored()
    assert doc["version"] == xver == r.json["version"]
    assert doc["targets"][name]["disks"] == [{"pool": setup()[0], "image": imgs[0], "lun": 5}]
    assert "password" not in doc["targets"][name]["auth"]

    r = c.delete(url(name))
    assert r.status == 204, r
    assert name not in stored()[0]["targets"]
    assert_error(c.get(url(name)), 404, "target_not_found")
    assert_error(c.delete(url(name)), 404, "target_not_found")


def test_two_puts_with_the_same_version_one_conflict():
    c = oa.admin()
    _, imgs = setup()
    name = iqn()
    t = create(c, target(name, [imgs[2]]))
    body = {"version": t["version"], "portals": [{"host": "igw1", "ip": oa.minion_ip("igw1")}]}
    results = []

    def put():
        results.append(oa.admin().put(url(name), body))
    threads = [threading.Thread(target=put) for _ in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert sorted(r.status for r in results) == [200, 409, 409, 409], results
    for r in results:
        if r.status == 409:
            assert_error(r, 409, "conflict")
    # And in sequence: the version read is stale after the first write.
    assert_error(c.put(url(name), body), 409, "conflict", "version")
    cur = c.get(url(name)).json
    r = c.put(url(name), dict(body, version=cur["version"]))
    assert r.status == 200, r
    assert_error(c.delete(url(name) + "?version=%d" % cur["version"]), 409, "conflict")
    assert c.delete(url(name) + "?version=%d" % r.json["version"]).status == 204


def test_an_object_edited_with_the_rados_cli_shows_in_the_next_read():
    c = oa.admin()
    pool, imgs = setup()
    name, hand = iqn(), iqn("byhand")
    t = create(c, target(name, [imgs[3]]))
    doc, xver = stored()
    # The admin edits the JSON (a new target, a changed portal) and bumps its version;
    # the xattr stays behind, as `rados put` keeps it.
    doc["version"] += 5
    doc["targets"][hand] = {"portals": [{"host": "igw2", "ip": oa.minion_ip("igw2")}],
                            "disks": [], "auth": {}, "acls": []}
    doc["targets"][name]["portals"] = [{"host": "igw2", "ip": oa.minion_ip("igw2")}]
    put_object(doc)
    assert stored()[1] == xver
    r = c.get(url(hand))
    assert r.status == 200 and r.json["version"] == 0, r
    r = c.get(url(name))
    assert r.json["portals"] == [{"host": "igw2", "ip": oa.minion_ip("igw2")}], r
    # The next write goes past both versions and brings the xattr along.
    r = c.put(url(name), {"version": t["version"], "portals": [{"host": "igw1", "ip": oa.minion_ip("igw1")}],
                          "disks": [{"pool": pool, "image": imgs[3]}]})
    assert r.status == 200 and r.json["version"] == doc["version"] + 1, r
    doc2, xver2 = stored()
    assert doc2["version"] == xver2 == doc["version"] + 1 and hand in doc2["targets"]
    # A hand-made object without any version, and one that is not JSON.
    del doc2["version"]
    put_object(doc2)
    assert c.get(url(hand)).status == 200
    cli("rados", "-p", POOL, "put", OBJ, "-", stdin="{not json")
    assert_error(c.get(base() + "/targets"), 409, "iscsi_config_invalid")
    put_object(doc2)
    assert c.delete(url(hand)).status == 204 and c.delete(url(name)).status == 204
    assert stored()[0]["version"] == xver2 + 2


def test_chap_secrets_are_never_answered():
    c = oa.admin()
    _, imgs = setup()
    name = iqn()
    auth = {"user": "initiator2", "password": PW, "mutual_user": "target-user", "mutual_password": MPW}
    r = c.post(base() + "/targets", target(name, [imgs[4]], auth=auth))
    assert r.status == 201, r
    no_secrets(r)
    assert r.json["auth"]["password_set"] and r.json["auth"]["mutual_password_set"]
    for path in (url(name), base() + "/targets?limit=1000"):
        r = c.get(path)
        assert r.status == 200, r
        no_secrets(r)
    # A PUT that leaves the passwords out (a GET sent back) keeps them.
    cur = c.get(url(name)).json
    body = {k: cur[k] for k in ("version", "portals", "disks", "auth", "acls")}
    r = c.put(url(name), body)
    assert r.status == 200 and r.json["auth"]["password_set"] and r.json["auth"]["mutual_password_set"], r
    no_secrets(r)
    s = stored()[0]["targets"][name]["auth"]
    assert s["password"] == PW and s["mutual_password"] == MPW
    # Another user name without a password: the old password is not carried over.
    body = dict(body, version=r.json["version"], auth={"user": "someone-else"})
    assert_error(c.put(url(name), body), 422, "invalid_value", "auth.password")
    # Deploy: the task and the audit trail do not show them either.
    r = c.post(base() + "/deploy", {"gateways": ["igw1"]})
    assert r.status == 202, r
    no_secrets(r)
    done = wait_task(c, r.json["id"], timeout=60)
    no_secrets(c.get("/api/tasks/%d" % done["id"]))
    for row in oa.last_audit(c, path=base(), n=10):
        assert PW not in json.dumps(row) and MPW not in json.dumps(row), row
    assert c.delete(url(name)).status == 204


def test_validation_errors_name_the_field():
    c = oa.admin()
    pool, imgs = setup()
    name = iqn()

    def bad(body, status, code, field):
        assert_error(c.post(base() + "/targets", body), status, code, field)

    good = target(name, [imgs[5]])
    bad(dict(good, iqn="iqn.2016-13.org.x:y"), 422, "invalid_value", "iqn")
    bad(dict(good, iqn="IQN.2016-06.org.x"), 422, "invalid_value", "iqn")
    bad(dict(good, iqn="iqn.2016-06.-bad-.org"), 422, "invalid_value", "iqn")
    bad({k: v for k, v in good.items() if k != "portals"}, 400, "missing_field", "portals")
    bad(dict(good, portals=[]), 422, "invalid_value", "portals")
    bad(dict(good, portals=[{"host": "nosuch", "ip": oa.minion_ip("igw1")}]), 422, "invalid_value", "portals[0].host")
    bad(dict(good, portals=[{"host": "igw3", "ip": oa.minion_ip("igw3")}]), 422, "invalid_value", "portals[0].host")
    bad(dict(good, portals=[{"host": "nfs1", "ip": oa.minion_ip("nfs1")}]), 422, "invalid_value", "portals[0].host")
    bad(dict(good, portals=[{"host": "igw1", "ip": oa.minion_ip("igw2")}]), 422, "invalid_value", "portals[0].ip")
    bad(dict(good, portals=[{"host": "igw1", "ip": "not-an-ip"}]), 422, "invalid_value", "portals[0].ip")
    bad(dict(good, portals=[{"host": "igw1", "ip": oa.minion_ip("igw1")}] * 2), 422, "invalid_value", "portals[1]")
    bad(dict(good, disks=[{"pool": pool, "image": "nosuchimage"}]), 422, "invalid_value", "disks[0].image")
    bad(dict(good, disks=[{"pool": "nosuchpool", "image": "x"}]), 422, "invalid_value", "disks[0].pool")
    bad(dict(good, disks=[{"pool": pool, "image": imgs[0], "lun": 1},
                          {"pool": pool, "image": imgs[1], "lun": 1}]), 422, "invalid_value", "disks[1].lun")
    bad(dict(good, disks=[{"pool": pool, "image": imgs[0], "lun": 256}]), 422, "invalid_value", "disks[0].lun")
    bad(dict(good, disks=[{"pool": pool, "image": imgs[0]}, {"pool": pool, "image": imgs[0]}]), 422,
        "invalid_value", "disks[1].image")
    bad(dict(good, auth={"user": "initiator1"}), 422, "invalid_value", "auth.password")
    bad(dict(good, auth={"user": "short", "password": PW}), 422, "invalid_value", "auth.user")
    bad(dict(good, auth={"user": "initiator1", "password": "short"}), 422, "invalid_value", "auth.password")
    bad(dict(good, auth={"mutual_user": "target-user", "mutual_password": MPW}), 422, "invalid_value",
        "auth.mutual_user")
    bad(dict(good, auth={"secret": "x"}), 422, "invalid_value", "auth.secret")
    bad(dict(good, acls=[{"initiator": "not an iqn"}]), 422, "invalid_value", "acls[0].initiator")
    bad(dict(good, acls=[{"initiator": "iqn.1994-05.com.redhat:c", "luns": [7]}]), 422, "invalid_value",
        "acls[0].luns")
    assert not stored_exists() or name not in stored()[0]["targets"]
    # Exists, in use elsewhere, unknown, and who may write.
    t = create(c, good)
    assert_error(c.post(base() + "/targets", good), 409, "target_exists", "iqn")
    other = target(iqn(), [imgs[5]])
    assert_error(c.post(base() + "/targets", other), 409, "image_in_use", "disks[0].image")
    assert_error(c.put(url(name), {"portals": good["portals"]}), 400, "missing_field", "version")
    assert_error(c.put(url(iqn()), {"version": 0, "portals": good["portals"]}), 404, "target_not_found")
    assert_error(c.get(url("not-an-iqn")), 404, "target_not_found")
    viewer = oa.client_as("viewer")
    assert_error(viewer.delete(url(name)), 403, "forbidden")
    assert viewer.get(url(name)).status == 200
    assert c.delete(url(name) + "?version=%d" % t["version"]).status == 204


def stored_exists():
    return cli("rados", "-p", POOL, "stat", OBJ, check=False).returncode == 0


def deploy(c, body=None):
    r = c.post(base() + "/deploy", body or {})
    assert r.status == 202, r
    assert r.json["kind"] == "salt.job" and r.json["target"]["kind"] == "iscsi.deploy", r
    return r.json


def status(c):
    r = c.get(base() + "/status")
    assert r.status == 200, r
    return {g["id"]: g for g in r.json["gateways"]}, r.json["config_version"]


def pillars(task):
    """What each gateway a deploy task reached was given: {minion: pillar config}, from
    the jobs the stand-in received (one per gateway, each to its own minion)."""
    jids = task["target"].get("jids") or [task["target"]["jid"]]
    out = {}
    for j in json.loads(oa.ctl("salt", "jobs"))["jobs"]:
        if j.get("jid") in jids:
            low = j["lowstate"]
            assert low["fun"] == "state.apply" and low["arg"][0] == "openattic.iscsi", low
            # A job's pillar goes to every minion it targets: only one names targets.
            assert len(j["minions"]) <= 1 or not low["arg"][1]["pillar"]["config"]["targets"], j
            for m in j["minions"]:
                assert m not in out, (m, j)
                out[m] = low["arg"][1]["pillar"]["config"]
    return out


def test_deploy_applies_the_stored_configuration():
    oa.ctl("salt", "reset")
    c = oa.admin()
    _, imgs = setup()
    name = iqn()
    # LUN 1: the gateways' tgt keeps LUN 0 for its controller (test_iscsi_tgt.py).
    create(c, target(name, [(imgs[0], 1)], auth={"user": "initiator3", "password": PW}))
    t = deploy(c)
    done = wait_task(c, t["id"], timeout=60)
    assert done["state"] == "succeeded", done
    assert set(done["result"]["minions"]) == {"igw1", "igw2"}, done
    assert all(m["success"] for m in done["result"]["minions"].values())
    # What the gateways were given: the stored configuration as pillar, secrets included.
    given = pillars(done)
    assert set(given) == {"igw1", "igw2"}, given
    for g in ("igw1", "igw2"):
        targets = {x["iqn"]: x for x in given[g]["targets"]}
        assert targets[name]["auth"]["password"] == PW and targets[name]["disks"][0]["image"] == imgs[0]
    gws, version = status(c)
    for g in ("igw1", "igw2"):
        assert gws[g]["state"] == "deployed" and gws[g]["task_id"] == t["id"], gws
        assert gws[g]["in_sync"] and gws[g]["config_version"] == version
    # Only a subset; then a change makes the gateways out of sync.
    t2 = deploy(c, {"gateways": ["igw1"]})
    assert wait_task(c, t2["id"], timeout=60)["target"]["minions"] == ["igw1"]
    assert c.delete(url(name)).status == 204
    gws, _ = status(c)
    assert gws["igw1"]["task_id"] == t2["id"] and gws["igw2"]["task_id"] == t["id"]
    assert not gws["igw1"]["in_sync"]
    assert_error(c.post(base() + "/deploy", {"gateways": ["nfs1"]}), 422, "invalid_value", "gateways[0]")
    assert_error(c.post(base() + "/deploy", {"gateways": ["nosuch"]}), 422, "invalid_value", "gateways[0]")
    assert_error(c.post(base() + "/deploy", {"gateways": []}), 422, "invalid_value", "gateways")


def test_deploy_fails_on_a_failing_gateway():
    oa.ctl("salt", "reset")
    oa.ctl("salt", "faults", json.dumps({"failing": ["igw1"]}))
    try:
        c = oa.admin()
        done = wait_task(c, deploy(c)["id"], timeout=60)
        assert done["state"] == "failed" and done["error"]["code"] == "minions_failed", done
        assert "igw1" in done["error"]["message"] and "igw2" not in done["error"]["message"], done
        gws, _ = status(c)
        assert gws["igw1"]["state"] == "failed" and "Injected failure" in gws["igw1"]["message"], gws
        assert gws["igw2"]["state"] == "deployed", gws
    finally:
        oa.ctl("salt", "reset")


def test_deploy_times_out_on_a_gateway_that_is_down():
    oa.ctl("salt", "reset")
    oa.ctl("salt", "faults", json.dumps({"down": ["igw2"]}))
    try:
        c = oa.admin()
        t = deploy(c, {"timeout_s": 4})
        done = wait_task(c, t["id"], timeout=30)
        assert done["state"] == "failed" and "igw2" in done["error"]["message"], done
        assert done["result"]["minions"]["igw2"]["returned"] is False
        gws, _ = status(c)
        assert gws["igw2"]["state"] == "no_answer" and gws["igw1"]["state"] == "deployed", gws
    finally:
        oa.ctl("salt", "reset")


def test_the_stand_in_refuses_a_bad_configuration_edited_by_hand():
    oa.ctl("salt", "reset")
    c = oa.admin()
    setup()
    doc, _ = stored() if stored_exists() else ({"version": 0, "targets": {}}, 0)
    bad = iqn("badbyhand")
    doc["targets"][bad] = {"portals": [{"host": "igw1", "ip": "10.9.9.9"}], "disks": [], "acls": []}
    put_object(doc)
    try:
        done = wait_task(c, deploy(c, {"gateways": ["igw1"]})["id"], timeout=60)
        assert done["state"] == "failed" and "10.9.9.9" in done["error"]["message"], done
    finally:
        assert c.delete(url(bad)).status == 204


def test_status_lists_every_gateway_the_portals_name():
    oa.ctl("salt", "reset")
    c = oa.admin()
    setup()
    doc, _ = stored() if stored_exists() else ({"version": 0, "targets": {}}, 0)
    hand = iqn("newgw")
    new_gw = oa.unique("gw-")  # named by a portal, never deployed to
    doc["targets"][hand] = {"portals": [{"host": new_gw, "ip": "10.1.1.1"}, {"host": "igw1", "ip": oa.minion_ip("igw1")}],
                            "disks": [], "acls": []}
    put_object(doc)
    try:
        gws, version = status(c)
        assert gws[new_gw] == {"id": new_gw, "state": "not_deployed", "config_version": None, "in_sync": False,
                               "task_id": None, "at": None, "message": gws[new_gw]["message"],
                               "in_config": True, "served": None}, gws
        assert "never deployed" in gws[new_gw]["message"]
        r = c.get(base() + "/status")
        # Where the configuration lives, so that the console can say where it is.
        assert r.json["pool"] == POOL and r.json["pool_exists"] is True, r.json
        ids = [g["id"] for g in r.json["gateways"]]
        assert ids == sorted(ids) and len(ids) == len(set(ids)), ids
        # A deploy to the gateways Salt knows leaves the new one not deployed.
        done = wait_task(c, deploy(c, {"gateways": ["igw1"]})["id"], timeout=60)
        gws, version = status(c)
        assert gws["igw1"]["task_id"] == done["id"] and gws["igw1"]["in_config"] is True, gws
        assert gws[new_gw]["state"] == "not_deployed", gws
    finally:
        assert c.delete(url(hand)).status == 204
    gws, _ = status(c)
    assert new_gw not in gws, gws  # neither named nor ever deployed to


def test_each_gateway_is_given_only_its_own_targets_secrets():
    """A deploy gives each gateway the targets with a portal on it, and no other
    target's CHAP secrets: one Salt job per gateway (Salt sends a job's pillar to every
    minion the job targets), followed as one task."""
    oa.ctl("salt", "reset")
    c = oa.admin()
    setup()
    one, two, both = iqn("only-igw1"), iqn("only-igw2"), iqn("on-both")
    pw = {one: "only-Igw1-pw1", two: "only-Igw2-pw2", both: "on-Both-pw-33"}
    mpw = {one: "mutual-Igw1-m1", two: "mutual-Igw2-m2", both: "mutual-Both-m3"}
    portals = {one: [{"host": "igw1", "ip": oa.minion_ip("igw1")}], two: [{"host": "igw2", "ip": oa.minion_ip("igw2")}],
               both: None}
    # A CHAP user name of its own each: tgt's accounts are the daemon's, one password
    # per user name on a gateway (test_iscsi_tgt.py).
    for k, n in enumerate((one, two, both)):
        create(c, target(n, [], portals=portals[n],
                         auth={"user": "initiator1%d" % k, "password": pw[n], "mutual_user": "target01%d" % k,
                               "mutual_password": mpw[n]}))
    try:
        for body in ({}, {"gateways": ["igw1", "igw2"]}, {"gateways": ["igw2"]}):
            t = deploy(c, body)
            done = wait_task(c, t["id"], timeout=60)
            assert done["state"] == "succeeded", done
            want = set(body.get("gateways") or ["igw1", "igw2"])
            assert set(done["result"]["minions"]) == want == set(done["target"]["minions"]), done
            given = pillars(done)
            assert set(given) == want, given
            # The pillars went to salt-api, not into the task row.
            kept = oa.psql("SELECT params->>'each' FROM tasks WHERE id = %d" % t["id"])
            assert kept == "(given to salt-api, not kept)", kept
            mine = {"igw1": {one, both}, "igw2": {two, both}}
            for g in want:
                text, iqns = json.dumps(given[g]), {x["iqn"] for x in given[g]["targets"]}
                assert mine[g] <= iqns and not ({one, two} - mine[g]) & iqns, (g, iqns)
                for n in (one, two, both):
                    assert (pw[n] in text) == (n in mine[g]) == (mpw[n] in text), (g, n)
                # Every target it was given has a portal on it.
                assert all(any(p["host"] == g for p in x["portals"]) for x in given[g]["targets"]), given[g]
            gws, version = status(c)
            for g in want:
                assert gws[g]["state"] == "deployed" and gws[g]["task_id"] == t["id"], gws
                assert gws[g]["in_sync"] and gws[g]["config_version"] == version, gws
        # A gateway no portal names gets a job that names no target: the state removes
        # what it made there before (grain deploy: "roles:iscsi and not" the named ones).
        for n in (one, two, both):
            assert c.delete(url(n)).status == 204
        gone = set()
        done = wait_task(c, deploy(c)["id"], timeout=60)
        assert done["state"] == "succeeded", done
        for g, cfg in pillars(done).items():
            gone |= {x["iqn"] for x in cfg["targets"]} & {one, two, both}
        assert not gone, gone
    finally:
        for n in (one, two, both):
            c.delete(url(n))


def cluster2_cli(tool, *args, check=True):
    p = subprocess.run([tool, "-c", oa.cluster(2)[1]] + list(args), capture_output=True, text=True,
                       timeout=120)
    if check and p.returncode != 0:
        raise AssertionError("%s %s failed: %s" % (tool, " ".join(args), p.stderr))
    return p


def test_the_config_pool_is_made_by_the_first_write_and_protected():
    """Cluster 2 starts without the configuration pool: reads of iSCSI and NFS answer
    empty and make nothing; the first write makes it (application openattic, a few
    PGs) and both keep their configuration there; the pool API refuses to delete or
    rename it, or to rename another pool to its name."""
    fsid = oa.cluster(2)[0]
    ib, nb = "/api/clusters/%s/iscsi" % fsid, "/api/clusters/%s/nfs" % fsid
    c = oa.admin()
    assert POOL not in oa.ceph(2, "osd", "pool", "ls"), "cluster 2 should start without %s" % POOL
    for path, key in ((ib + "/targets", "items"), (nb + "/exports", "items")):
        r = c.get(path)
        assert r.status == 200 and r.json[key] == [], r
    for path in (ib + "/status", nb + "/status"):
        r = c.get(path)
        assert r.status == 200 and r.json["pool"] == POOL and r.json["pool_exists"] is False, r
    assert POOL not in oa.ceph(2, "osd", "pool", "ls"), "a read made the pool"

    name = iqn("first-write")
    r = c.post(ib + "/targets", {"iqn": name, "portals": [{"host": "igw1", "ip": oa.minion_ip("igw1")}],
                                 "auth": {"user": "initiator1", "password": PW}})
    assert r.status == 201, r
    eid = None
    try:
        made = [p for p in oa.ceph(2, "osd", "pool", "ls", "detail") if p["pool_name"] == POOL]
        assert made and list(made[0]["application_metadata"]) == ["openattic"], made
        assert made[0]["pg_num"] <= 8, made
        doc = json.loads(cluster2_cli("rados", "-p", POOL, "get", OBJ, "-").stdout)
        assert doc["targets"][name]["auth"]["password"] == PW, doc
        # No fs_name: cluster 2 has no CephFS, and an export naming a file system that
        # does not exist is refused (issue 14, defect 8); one naming none is not checked.
        r = c.post(nb + "/exports", {"path": "/volumes/first", "pseudo": "/" + oa.unique("first"),
                                     "fsal": {"name": "CEPH", "user_id": "admin"}})
        assert r.status == 201, r
        eid = r.json["id"]
        listed = cluster2_cli("rados", "-p", POOL, "-N", "ganesha", "ls").stdout.split()
        assert "export-%d" % eid in listed, listed
        for path in (ib + "/status", nb + "/status"):
            assert c.get(path).json["pool_exists"] is True

        pools = "/api/clusters/%s/pools" % fsid
        r = c.get(pools + "/" + POOL)
        assert r.status == 200 and r.json["applications"] == ["openattic"], r
        assert_error(c.delete(pools + "/%s?confirm=%s" % (POOL, POOL)), 409, "pool_protected")
        r = c.delete(pools + "/%s?confirm=%s" % (POOL, POOL))
        assert "gateway configuration" in r.json["error"]["message"], r
        assert_error(c.patch(pools + "/" + POOL, {"name": "stolen"}), 409, "pool_protected")
        assert_error(c.patch(pools + "/" + POOL, {"name": "stolen", "quota": {"max_objects": 0}}),
                     409, "pool_protected")
        # Nor can the pool API make one of that name (no leading dot, as Ceph's own).
        assert_error(c.post(pools, {"name": POOL, "pg_num": 8}), 422, "invalid_value", "name")
        assert POOL in oa.ceph(2, "osd", "pool", "ls") and "stolen" not in oa.ceph(2, "osd", "pool", "ls")
    finally:
        assert c.delete(ib + "/targets/" + name).status == 204
        if eid is not None:
            assert c.delete(nb + "/exports/%d" % eid).status == 204


def nodes_seen(c, pred):
    """Asks for a fresh node list (a ping does) and waits until pred holds for it: the
    checks read the shared node list, refreshed in the background, not salt-api."""
    assert c.post("/api/nodes/ping", {"timeout_s": 2}).status == 202
    oa.wait_for(lambda: pred({n["id"]: n for n in c.get("/api/nodes?limit=100").json["items"]}),
                timeout=30, step=0.5, what="the node list to show the change")


def test_a_gateway_that_is_down_is_accepted_with_a_warning():
    oa.ctl("salt", "reset")
    oa.ctl("salt", "faults", json.dumps({"down": ["igw2"]}))
    try:
        c = oa.admin()
        nodes_seen(c, lambda n: not n["igw2"]["reachable"])
        _, imgs = setup()
        name = iqn()
        t = create(c, target(name, [imgs[1]]))
        assert any("igw2" in w for w in t["warnings"]), t
        # A host that is no minion at all is still refused.
        assert_error(c.post(base() + "/targets", target(iqn(), [], portals=[{"host": "nosuch", "ip": "10.0.0.1"}])),
                     422, "invalid_value", "portals[0].host")
        assert c.delete(url(name)).status == 204
    finally:
        oa.ctl("salt", "reset")
        nodes_seen(oa.admin(), lambda n: n["igw2"]["reachable"])
