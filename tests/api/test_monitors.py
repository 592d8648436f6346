"""test_monitors.py - /api/clusters/{fsid}/monitors checked with `ceph mon dump` and
`ceph quorum_status` (API.md "Ceph")."""

import oa
from oa import assert_error


def test_monitors_match_the_cli():
    c = oa.admin()
    for n in (1, 2):
        r = c.get("/api/clusters/%s/monitors" % oa.cluster(n)[0])
        assert r.status == 200 and r.json["total"] == 1, r
        dump = oa.ceph(n, "mon", "dump")["mons"]
        q = oa.ceph(n, "quorum_status")
        m = r.json["items"][0]
        v1 = [a["addr"] for a in dump[0]["public_addrs"]["addrvec"] if a["type"] == "v1"][0]
        assert m == {"name": dump[0]["name"], "rank": dump[0]["rank"], "addr": v1,
                     "in_quorum": dump[0]["name"] in q["quorum_names"],
                     "leader": q["quorum_leader_name"] == dump[0]["name"]}, m
        assert m["in_quorum"] and m["leader"] and m["name"] == "a"


def test_monitors_list_envelope_and_errors():
    c = oa.admin()
    b = "/api/clusters/%s/monitors" % oa.cluster(1)[0]
    assert c.get(b + "?search=zzz").json["items"] == []
    assert c.get(b + "?sort=-name").json["items"][0]["name"] == "a"
    assert_error(c.get(b + "?sort=addrx"), 400, "invalid_sort", "sort")
    assert oa.client_as("viewer").get(b).status == 200
    assert_error(c.post(b, {}), 405)
