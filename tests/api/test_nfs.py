"""test_nfs.py - NFS exports (API.md "Salt, nodes, iSCSI, NFS"): each export one RADOS
object in NFS-Ganesha's own syntax (export-<id>) and a %url line in conf-<host>, checked
with the rados CLI after every change; concurrent edits (one wins, the others get 409);
an object edited with the rados CLI read back by the API; RGW secrets never answered;
validation with the field to blame; deploy as a Salt job task against the stand-in,
which validates the pillar it is given, succeeding, failing and timing out (a host
that is down) as it is told; the pillar says only where the exports are (Ganesha reads
them from RADOS), so no export and no RGW key travels through Salt."""

import json
import subprocess
import threading

import oa
from oa import assert_error, wait_task

POOL, NS = ".openattic", "ganesha"  # [nfs] pool and namespace defaults
SECRET = "rgw-Secret-Key-42"


def base():
    return "/api/clusters/%s/nfs" % oa.cluster(1)[0]


def url(eid):
    return base() + "/exports/%d" % eid


def rados(*args, stdin=None, check=True):
    conf = oa.cluster(1)[1]
    p = subprocess.run(["rados", "-c", conf, "-p", POOL, "-N", NS] + list(args), input=stdin,
                       capture_output=True, text=True, timeout=120)
    if check and p.returncode != 0:
        raise AssertionError("rados %s failed: %s" % (" ".join(args), p.stderr))
    return p


def obj(name):
    p = rados("get", name, "-", check=False)
    return p.stdout if p.returncode == 0 else None


def urls(host):
    text = obj("conf-" + host) or ""
    return [l for l in text.splitlines() if l.strip()]


def url_line(eid):
    return '%%url "rados://%s/%s/export-%d"' % (POOL, NS, eid)


def setup():
    """The configuration pool: the API makes it at its first write."""
    if POOL not in oa.ceph(1, "osd", "pool", "ls"):
        c = oa.admin()
        r = c.post(base() + "/exports", cephfs())
        assert r.status == 201, r
        assert c.delete(url(r.json["id"])).status == 204


def cephfs(pseudo=None, **kw):
    e = {"path": "/volumes/" + oa.unique("v"), "pseudo": pseudo or "/" + oa.unique("p"),
         "fsal": {"name": "CEPH", "user_id": "admin", "fs_name": "cephfs"}}
    e.update(kw)
    return e


def create(c, body, status=201):
    setup()
    r = c.post(base() + "/exports", body)
    assert r.status == status, r
    # The paths here do not exist in CephFS: the answer warns (issue 14), a GET does not.
    r.json.pop("warnings", None)
    return r.json


def test_crud_round_trip_with_the_rados_cli():
    c = oa.admin()
    e = create(c, cephfs(host="nfs1", protocols=[3, 4], transports=["TCP", "UDP"], squash="root_squash",
                         clients=[{"addresses": ["10.0.0.0/24", "client1"], "access_type": "RO",
                                   "squash": "all_squash"}]))
    eid = e["id"]
    assert 1 <= eid <= 65535 and e["host"] == "nfs1" and e["access_type"] == "RW"
    assert e["protocols"] == [3, 4] and e["transports"] == ["TCP", "UDP"]
    assert e["fsal"] == {"name": "CEPH", "user_id": "admin", "fs_name": "cephfs",
                         "secret_access_key_set": False}
    assert e["clients"] == [{"addresses": ["10.0.0.0/24", "client1"], "access_type": "RO",
                             "squash": "all_squash"}]
    text = obj("export-%d" % eid)
    assert "Export_ID = %d;" % eid in text and 'Pseudo = "%s";' % e["pseudo"] in text, text
    assert 'Name = "CEPH";' in text and 'Filesystem = "cephfs";' in text and "Protocols = 3, 4;" in text
    # bare: Ganesha refuses a quoted client (issue 14, defect 1)
    assert 'Clients = 10.0.0.0/24, client1;' in text and 'Squash = "all_squash";' in text
    assert url_line(eid) in urls("nfs1")

    r = c.get(url(eid))
    assert r.status == 200 and r.json == e, r
    r = c.get(base() + "/exports?search=" + e["pseudo"][1:])
    assert r.status == 200 and [x["id"] for x in r.json["items"]] == [eid], r

    # Replace: another host moves the %url line; no host means conf-common.
    body = dict(cephfs(pseudo=e["pseudo"], access_type="RO"), version=e["version"])
    r = c.put(url(eid), body)
    assert r.status == 200 and r.json["version"] != e["version"] and r.json["host"] is None, r
    assert r.json["clients"] == [] and r.json["access_type"] == "RO"
    assert url_line(eid) not in urls("nfs1") and url_line(eid) in urls("common")
    assert 'Access_Type = "RO";' in obj("export-%d" % eid)

    assert c.delete(url(eid)).status == 204
    assert obj("export-%d" % eid) is None and url_line(eid) not in urls("common")
    assert_error(c.get(url(eid)), 404, "export_not_found")
    assert_error(c.delete(url(eid)), 404, "export_not_found")


def test_rgw_secret_is_stored_but_never_answered():
    c = oa.admin()
    body = {"id": 4242, "host": "nfs1", "pseudo": "/" + oa.unique("rgw"), "protocols": [4],
            "fsal": {"name": "RGW", "user_id": "s3user", "bucket": "bucket1",
                     "access_key_id": "AKIA1", "secret_access_key": SECRET}}
    r = c.post(base() + "/exports", body) if setup() is None else None
    assert r.status == 201 and SECRET.encode() not in r.body, r
    e = r.json
    assert e["id"] == 4242 and e["path"] == "bucket1"
    assert e["fsal"] == {"name": "RGW", "user_id": "s3user", "bucket": "bucket1",
                         "access_key_id": "AKIA1", "secret_access_key_set": True}
    assert 'Secret_Access_Key = "%s";' % SECRET in obj("export-4242")
    assert_error(c.post(base() + "/exports", dict(body, pseudo="/other")), 409, "export_exists", "id")
    # A PUT without the secret keeps it.
    fsal = {k: v for k, v in body["fsal"].items() if k != "secret_access_key"}
    put = {k: v for k, v in body.items() if k != "id"}
    r = c.put(url(4242), dict(put, fsal=fsal, version=e["version"]))
    assert r.status == 200 and SECRET.encode() not in r.body, r
    assert 'Secret_Access_Key = "%s";' % SECRET in obj("export-4242")
    lst = c.get(base() + "/exports?limit=1000")
    assert lst.status == 200 and SECRET.encode() not in lst.body
    assert c.delete(url(4242)).status == 204


def test_two_puts_with_the_same_version_one_conflict():
    c = oa.admin()
    e = create(c, cephfs(host="nfs1"))
    body = dict(cephfs(pseudo=e["pseudo"], host="nfs1"), version=e["version"])
    results = []

    def put():
        results.append(oa.admin().put(url(e["id"]), body))

    threads = [threading.Thread(target=put) for _ in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert sorted(r.status for r in results) == [200, 409, 409, 409], results
    for r in results:
        if r.status == 409:
            assert_error(r, 409, "conflict")
    assert_error(c.put(url(e["id"]), body), 409, "conflict", "version")
    cur = c.get(url(e["id"])).json
    assert_error(c.delete(url(e["id"]) + "?version=%d" % e["version"]), 409, "conflict")
    assert c.delete(url(e["id"]) + "?version=%d" % cur["version"]).status == 204


def test_concurrent_creates_get_distinct_ids_and_urls():
    c = oa.admin()
    setup()
    results = []

    def post():
        results.append(oa.admin().post(base() + "/exports", cephfs(host="nfs1")))

    threads = [threading.Thread(target=post) for _ in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert all(r.status == 201 for r in results), results
    ids = {r.json["id"] for r in results}
    assert len(ids) == 4
    lines = urls("nfs1")
    assert all(url_line(i) in lines for i in ids), lines  # no %url line lost
    for i in ids:
        assert c.delete(url(i)).status == 204


def race(calls):
    """Runs the calls (each a function of its own logged-in client) at once."""
    clients = [oa.admin() for _ in calls]  # log in first: only the calls race
    barrier, results = threading.Barrier(len(calls)), [None] * len(calls)

    def run(i):
        barrier.wait()
        results[i] = calls[i](clients[i])

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return results


def with_pseudo(c, pseudo):
    return [e for e in c.get(base() + "/exports?limit=1000").json["items"] if e["pseudo"] == pseudo]


def test_concurrent_creates_with_one_pseudo_path_exactly_one_wins():
    c = oa.admin()
    setup()
    for _ in range(3):
        pseudo = "/" + oa.unique("race")
        before = {l for l in rados("ls").stdout.split() if l.startswith("export-")}
        results = race([lambda cl, kw=kw: cl.post(base() + "/exports", cephfs(pseudo=pseudo, **kw))
                        for kw in ({"host": "nfs1"}, {"host": "nfs1"}, {}, {})])
        assert sorted(r.status for r in results) == [201, 409, 409, 409], results
        for r in results:
            if r.status == 409:
                assert_error(r, 409, "pseudo_in_use", "pseudo")
        won = [r.json for r in results if r.status == 201][0]
        assert [e["id"] for e in with_pseudo(c, pseudo)] == [won["id"]]
        # The losers left no export object and no %url line behind.
        after = {l for l in rados("ls").stdout.split() if l.startswith("export-")}
        assert after - before == {"export-%d" % won["id"]}, after - before
        assert obj("pseudo-" + pseudo).strip() == str(won["id"])
        assert c.delete(url(won["id"])).status == 204
        assert obj("pseudo-" + pseudo) is None


def test_concurrent_renames_to_one_pseudo_path_exactly_one_wins():
    c = oa.admin()
    a, b = create(c, cephfs(host="nfs1")), create(c, cephfs())
    pseudo = "/" + oa.unique("rename")
    results = race([lambda cl, e=e: cl.put(url(e["id"]), dict(cephfs(pseudo=pseudo, **(
        {"host": e["host"]} if e["host"] else {})), version=e["version"])) for e in (a, b)])
    assert sorted(r.status for r in results) == [200, 409], results
    loser = [e for e, r in zip((a, b), results) if r.status == 409][0]
    assert_error([r for r in results if r.status == 409][0], 409, "pseudo_in_use", "pseudo")
    assert len(with_pseudo(c, pseudo)) == 1
    assert c.get(url(loser["id"])).json["pseudo"] == loser["pseudo"]  # left as it was
    # The winner's old pseudo path is free again, the loser's still taken.
    winner = [e for e in (a, b) if e is not loser][0]
    assert obj("pseudo-" + winner["pseudo"]) is None and obj("pseudo-" + loser["pseudo"]) is not None
    e = create(c, cephfs(pseudo=winner["pseudo"]))
    assert_error(c.post(base() + "/exports", cephfs(pseudo=loser["pseudo"])), 409, "pseudo_in_use", "pseudo")
    for x in (a, b, e):
        assert c.delete(url(x["id"])).status == 204


def test_a_pseudo_path_freed_with_the_rados_cli_can_be_taken():
    c = oa.admin()
    e = create(c, cephfs(host="nfs1"))
    rados("rm", "export-%d" % e["id"])  # by hand: the marker stays behind, stale
    assert obj("pseudo-" + e["pseudo"]) is not None
    f = create(c, cephfs(pseudo=e["pseudo"]))
    assert obj("pseudo-" + e["pseudo"]).strip() == str(f["id"])
    assert c.delete(url(f["id"])).status == 204
    assert c.delete(url(e["id"])).status == 404
    rados("put", "conf-nfs1", "-", stdin="\n".join(l for l in urls("nfs1") if l != url_line(e["id"])) + "\n")


def test_an_object_edited_with_the_rados_cli_shows_in_the_next_read():
    c = oa.admin()
    e = create(c, cephfs(host="nfs1"))
    text = obj("export-%d" % e["id"]).replace('Access_Type = "RW";', 'access_type = MDONLY_RO;')
    # A CLIENT block before the EXPORT block's closing brace, the last ";" left out.
    text = text.rstrip()[:-1] + "\tCLIENT { Clients = 192.168.1.1, \"h2\"; Squash = root_id_squash }\n}\n"
    rados("put", "export-%d" % e["id"], "-", stdin="# edited by hand\n" + text)
    r = c.get(url(e["id"]))
    assert r.status == 200 and r.json["access_type"] == "MDONLY_RO", r
    assert r.json["clients"] == [{"addresses": ["192.168.1.1", "h2"], "squash": "root_id_squash"}]
    assert r.json["version"] != e["version"]
    # The stale version of the API's read is refused.
    assert_error(c.put(url(e["id"]), dict(cephfs(), version=e["version"])), 409, "conflict", "version")
    # A broken object says so.
    rados("put", "export-%d" % e["id"], "-", stdin="EXPORT { Export_ID = %d; Path = \"/x\"" % e["id"])
    assert_error(c.get(url(e["id"])), 409, "nfs_export_invalid")
    assert c.delete(url(e["id"])).status in (204, 409)
    rados("rm", "export-%d" % e["id"])


def test_validation_names_the_field():
    c = oa.admin()
    setup()
    taken = create(c, cephfs())
    cases = [
        (cephfs(path="relative/dir"), "path"),
        (cephfs(pseudo="noslash"), "pseudo"),
        (cephfs(pseudo="/" + "a" * 1024), "pseudo"),
        ({k: v for k, v in cephfs().items() if k != "pseudo"}, "pseudo"),
        (cephfs(access_type="RWX"), "access_type"),
        (cephfs(squash="maybe"), "squash"),
        (cephfs(protocols=[2]), "protocols[0]"),
        (cephfs(transports=["SCTP"]), "transports[0]"),
        (cephfs(fsal={"name": "GLUSTER", "user_id": "admin"}), "fsal.name"),
        (cephfs(fsal={"name": "CEPH"}), "fsal.user_id"),
        (cephfs(fsal={"name": "RGW", "user_id": "u", "access_key_id": "k"}), "fsal.secret_access_key"),
        (cephfs(clients=[{"addresses": []}]), "clients[0].addresses"),
        (cephfs(clients=[{"addresses": ["a"], "access_type": "ALL"}]), "clients[0].access_type"),
        (cephfs(path='/a"b'), "path"),
        (cephfs(host="bad host"), "host"),
        (cephfs(id=70000), "id"),
    ]
    for body, field in cases:
        assert_error(c.post(base() + "/exports", body), 422, None, field)
    # NFSv3 only needs no pseudo path.
    v3 = create(c, {k: v for k, v in cephfs(protocols=[3]).items() if k != "pseudo"})
    assert v3["pseudo"] is None
    assert_error(c.post(base() + "/exports", cephfs(pseudo=taken["pseudo"])), 409, "pseudo_in_use", "pseudo")
    assert_error(c.get(base() + "/exports/0"), 404, "export_not_found")
    for e in (taken, v3):
        assert c.delete(url(e["id"])).status == 204


def deploy(c, body=None):
    r = c.post(base() + "/deploy", body or {})
    assert r.status == 202, r
    return r.json


def status(c):
    r = c.get(base() + "/status")
    assert r.status == 200, r
    return {h["id"]: h for h in r.json["hosts"]}, r.json["config_version"]


def sent_lowstate(task):
    """The lowstate chunk of a deploy task's (one) Salt job, as the stand-in got it."""
    sent = json.loads(oa.ctl("salt", "jobs"))["jobs"]
    return [j for j in sent if j.get("jid") == task["target"]["jid"]][0]["lowstate"]


def test_deploy_applies_the_stored_exports():
    oa.ctl("salt", "reset")
    c = oa.admin()
    e = create(c, cephfs(host="nfs1", clients=[{"addresses": ["10.1.0.0/16"], "access_type": "RO"}]))
    try:
        t = deploy(c)
        done = wait_task(c, t["id"], timeout=60)
        assert done["state"] == "succeeded", done
        assert set(done["result"]["minions"]) == {"nfs1"}, done
        low = sent_lowstate(done)
        assert low["fun"] == "state.apply" and low["arg"][0] == "openattic.ganesha", low
        # Where Ganesha finds the exports, and nothing of them: it reads them from RADOS.
        assert low["arg"][1]["pillar"] == {"config": {"pool": POOL, "namespace": NS}}, low
        assert done["target"]["exports"] >= 1, done
        # The pillar went to salt-api, not into the task row; of the state run the task
        # keeps each state's result and comment, not its changes - but for what the
        # daemon reported serving (changes.served: export names, Ganesha's messages).
        kept = oa.psql("SELECT params->>'arg' FROM tasks WHERE id = %d" % t["id"])
        assert kept == "(given to salt-api, not kept)", kept
        states = done["result"]["minions"]["nfs1"]["return"]
        assert states and all(set(s) <= {"result", "comment", "name", "__run_num__", "changes"}
                              and set(s.get("changes", {})) <= {"served"}
                              for s in states.values()), states
        hosts, version = status(c)
        assert hosts["nfs1"]["state"] == "deployed" and hosts["nfs1"]["task_id"] == t["id"], hosts
        assert hosts["nfs1"]["in_sync"] and hosts["nfs1"]["config_version"] == version
        t2 = deploy(c, {"hosts": ["nfs1"]})
        assert wait_task(c, t2["id"], timeout=60)["target"]["minions"] == ["nfs1"]
    finally:
        assert c.delete(url(e["id"])).status == 204
    hosts, _ = status(c)
    assert not hosts["nfs1"]["in_sync"]
    assert_error(c.post(base() + "/deploy", {"hosts": ["igw1"]}), 422, "invalid_value", "hosts[0]")
    assert_error(c.post(base() + "/deploy", {"hosts": ["nosuch"]}), 422, "invalid_value", "hosts[0]")
    assert_error(c.post(base() + "/deploy", {"hosts": []}), 422, "invalid_value", "hosts")


def test_deploy_fails_on_a_failing_host():
    oa.ctl("salt", "reset")
    oa.ctl("salt", "faults", json.dumps({"failing": ["nfs1"]}))
    try:
        c = oa.admin()
        done = wait_task(c, deploy(c)["id"], timeout=60)
        assert done["state"] == "failed" and done["error"]["code"] == "minions_failed", done
        assert "nfs1" in done["error"]["message"], done
        hosts, _ = status(c)
        assert hosts["nfs1"]["state"] == "failed" and "Injected failure" in hosts["nfs1"]["message"], hosts
    finally:
        oa.ctl("salt", "reset")


def test_deploy_times_out_on_a_host_that_is_down():
    oa.ctl("salt", "reset")
    oa.ctl("salt", "faults", json.dumps({"down": ["nfs1"]}))
    try:
        c = oa.admin()
        setup()
        t = deploy(c, {"timeout_s": 4})
        done = wait_task(c, t["id"], timeout=30)
        assert done["state"] == "failed" and done["error"]["code"] == "minions_failed", done
        assert "nfs1: did not answer in time" in done["error"]["message"], done
        assert done["result"]["minions"]["nfs1"]["returned"] is False, done
        hosts, _ = status(c)
        assert hosts["nfs1"]["state"] == "no_answer" and hosts["nfs1"]["task_id"] == t["id"], hosts
        assert not hosts["nfs1"]["in_sync"] and "did not answer" in hosts["nfs1"]["message"], hosts
    finally:
        oa.ctl("salt", "reset")


def test_status_lists_every_host_the_exports_name():
    oa.ctl("salt", "reset")
    c = oa.admin()
    new_host = oa.unique("ganesha-")  # an export names it; never deployed to
    e = create(c, cephfs(host=new_host))
    try:
        hosts, _ = status(c)
        assert hosts[new_host]["state"] == "not_deployed" and hosts[new_host]["task_id"] is None, hosts
        assert hosts[new_host]["in_config"] is True and hosts[new_host]["in_sync"] is False
        assert hosts[new_host]["config_version"] is None and hosts[new_host]["at"] is None
        done = wait_task(c, deploy(c, {"hosts": ["nfs1"]})["id"], timeout=60)
        hosts, _ = status(c)
        assert hosts["nfs1"]["task_id"] == done["id"] and hosts[new_host]["state"] == "not_deployed", hosts
        r = c.get(base() + "/status")
        assert r.json["pool"] == POOL and r.json["pool_exists"] is True, r.json
        ids = [h["id"] for h in r.json["hosts"]]
        assert ids == sorted(ids), ids
    finally:
        assert c.delete(url(e["id"])).status == 204
    hosts, _ = status(c)
    assert new_host not in hosts, hosts


def test_the_deploy_carries_no_rgw_key():
    """Ganesha reads the exports (with their RGW keys) from RADOS: the deploy's pillar
    carries no export, so no RGW key reaches Salt, its job cache or a minion that does
    not serve the export."""
    oa.ctl("salt", "reset")
    c = oa.admin()
    setup()
    key = "AKIA" + oa.unique("K").upper().replace("-", "")[:12]
    body = {"host": "nfs1", "pseudo": "/" + oa.unique("rgw"), "protocols": [4],
            "fsal": {"name": "RGW", "user_id": "s3user", "bucket": "bucket1",
                     "access_key_id": key, "secret_access_key": SECRET}}
    e = create(c, body)
    try:
        assert 'Secret_Access_Key = "%s";' % SECRET in obj("export-%d" % e["id"])
        for hosts in (None, ["nfs1"]):
            done = wait_task(c, deploy(c, {"hosts": hosts} if hosts else None)["id"], timeout=60)
            assert done["state"] == "succeeded", done
            text = json.dumps(sent_lowstate(done))
            for secret in (SECRET, "secret_access_key", "Secret_Access_Key", key):
                assert secret not in text, (secret, text)
            assert "exports" not in text, text
    finally:
        assert c.delete(url(e["id"])).status == 204


def test_an_export_edited_badly_by_hand_stops_the_deploy():
    """A deploy reads every export (the hosts they name, their count, their fingerprint):
    one that does not parse answers 409 nfs_export_invalid, and no job is sent."""
    oa.ctl("salt", "reset")
    c = oa.admin()
    setup()
    bad = 4343
    rados("put", "export-%d" % bad, "-", stdin='EXPORT {\n\tExport_ID = %d;\n\tPath = "/x";\n'
          '\tFSAL { Name = CEPH; User_Id = admin;\n}\n' % bad)
    try:
        assert_error(c.get(url(bad)), 409, "nfs_export_invalid")
        e = assert_error(c.post(base() + "/deploy", {"hosts": ["nfs1"]}), 409, "nfs_export_invalid")
        assert "export-%d" % bad in e["message"], e
        sent = json.loads(oa.ctl("salt", "jobs"))["jobs"]
        assert not [j for j in sent if (j.get("lowstate") or {}).get("fun") == "state.apply"], sent
    finally:
        rados("rm", "export-%d" % bad)
