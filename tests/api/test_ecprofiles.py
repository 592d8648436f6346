"""test_ecprofiles.py - /api/clusters/{fsid}/erasure-code-profiles: create, get, list
and delete round trips checked with the CLI, validation with the field to blame, and
the refusal to delete a profile a pool uses (API.md "Ceph"). Every test removes the
profiles and pools it made."""

import oa
from oa import assert_error, wait_for


def base(n=1):
    return "/api/clusters/%s/erasure-code-profiles" % oa.cluster(n)[0]


def cli_profiles(n=1):
    return oa.ceph(n, "osd", "erasure-code-profile", "ls")


def rm(name, n=1):
    oa.ceph(n, "osd", "erasure-code-profile", "rm", name, check=False)


def test_create_get_list_delete_round_trip():
    c = oa.admin()
    name = oa.unique("ec")
    try:
        r = c.post(base(), {"name": name, "k": 2, "m": 1, "crush_failure_domain": "osd",
                            "technique": "cauchy_good", "crush_device_class": "hdd"})
        assert r.status == 201, r
        assert r.headers["location"] == base() + "/" + name, r.headers
        p = r.json
        assert p["name"] == name and p["k"] == 2 and p["m"] == 1, p
        assert p["plugin"] == "jerasure" and p["technique"] == "cauchy_good", p
        assert p["crush_failure_domain"] == "osd" and p["crush_device_class"] == "hdd", p
        assert p["pools_using"] == [], p
        cli = oa.ceph(1, "osd", "erasure-code-profile", "get", name)
        assert cli["k"] == "2" and cli["m"] == "1" and cli["technique"] == "cauchy_good", cli
        assert cli["crush-failure-domain"] == "osd" and cli["crush-device-class"] == "hdd"
        assert c.get(base() + "/" + name).json == p
        r = c.get(base())
        assert r.status == 200, r
        names = [x["name"] for x in r.json["items"]]
        assert name in names and "default" in names, names
        d = [x for x in r.json["items"] if x["name"] == "default"][0]
        assert d["k"] == 2 and d["m"] == 2 and d["plugin"] == "jerasure", d
        r = c.get(base() + "?search=" + name)
        assert [x["name"] for x in r.json["items"]] == [name], r
        assert_error(c.post(base(), {"name": name, "k": 2, "m": 1,
                                     "crush_failure_domain": "osd"}),
                     409, "ec_profile_exists", "name")
        r = c.delete(base() + "/" + name)
        assert r.status == 204, r
        assert name not in cli_profiles()
        assert_error(c.get(base() + "/" + name), 404, "ec_profile_not_found")
        assert_error(c.delete(base() + "/" + name), 404, "ec_profile_not_found")
    finally:
        rm(name)


def test_validation_with_the_field():
    c = oa.admin()
    n = oa.unique("ecv")
    ok = {"name": n, "k": 2, "m": 1, "crush_failure_domain": "osd"}
    cases = [
        ({"name": ".x"}, "name"), ({"name": "a/b"}, "name"), ({"name": ""}, "name"),
        ({"name": "x" * 200}, "name"), ({"k": 0}, "k"), ({"m": 0}, "m"), ({"k": -1}, "k"),
        ({"plugin": "zfec"}, "plugin"), ({"crush_failure_domain": "planet"},
                                         "crush_failure_domain"),
        ({"crush_device_class": "nvme"}, "crush_device_class"),
        # 3 OSDs on one host: k+m may not exceed them, nor the hosts with "host".
        ({"k": 3, "m": 1}, "m"), ({"crush_failure_domain": "host"}, "m"),
        ({"crush_failure_domain": "rack", "k": 1, "m": 1}, "m"),
    ]
    for change, field in cases:
        assert_error(c.post(base(), dict(ok, **change)), 422, "invalid_value", field)
    # A value Ceph itself refuses (the plugin's technique) is 422 with Ceph's message.
    e = assert_error(c.post(base(), dict(ok, technique="nope")), 422, "invalid_value")
    assert "technique" in e["message"], e
    assert_error(c.post(base(), dict(ok, k="2")), 400, "invalid_type", "k")
    assert_error(c.post(base(), {"name": n, "k": 2}), 400, None, "m")
    assert_error(c.post(base(), dict(ok, size=3)), 400, "unknown_field", "size")
    assert n not in cli_profiles()
    assert_error(oa.client_as("viewer").post(base(), ok), 403, "forbidden")
    assert n not in cli_profiles()


def test_delete_in_use_409_names_the_pool():
    c = oa.admin()
    prof, pool = oa.unique("ecu"), oa.unique("ecpool")
    r = c.post(base(), {"name": prof, "k": 2, "m": 1, "crush_failure_domain": "osd"})
    assert r.status == 201, r
    try:
        oa.ceph(1, "osd", "pool", "create", pool, "8", "8", "erasure", prof)
        wait_for(lambda: pool in c.get(base() + "/" + prof).json["pools_using"], timeout=3,
                 step=0.05, what="the pool in pools_using")
        e = assert_error(c.delete(base() + "/" + prof), 409, "ec_profile_in_use")
        assert pool in e["message"], e
        assert prof in cli_profiles()
        listed = [x for x in c.get(base()).json["items"] if x["name"] == prof][0]
        assert listed["pools_using"] == [pool], listed
    finally:
        oa.ceph(1, "osd", "pool", "rm", pool, pool, "--yes-i-really-really-mean-it",
                check=False)
        oa.ceph(1, "osd", "crush", "rule", "rm", pool, check=False)
    r = c.delete(base() + "/" + prof)
    assert r.status == 204, r
    assert prof not in cli_profiles()


def test_cli_profile_shows_within_the_bound():
    c = oa.admin()
    name = oa.unique("eccli")
    oa.ceph(2, "osd", "erasure-code-profile", "set", name, "k=2", "m=1", "plugin=isa",
            "crush-failure-domain=osd")
    try:
        p = wait_for(lambda: c.get(base(2) + "/" + name).json if
                     c.get(base(2) + "/" + name).status == 200 else None,
                     timeout=3, step=0.05, what="CLI profile in the API")
        assert p["plugin"] == "isa" and p["k"] == 2, p
        assert c.get(base(1) + "/" + name).status == 404
    finally:
        rm(name, 2)
