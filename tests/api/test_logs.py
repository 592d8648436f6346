"""test_logs.py - the cluster log and the audit channel (/api/clusters/{fsid}/logs) and
health mutes (issue 15): an entry written with `ceph log` shows in the next read, newest
first, with its level and channel, found by search and left out by a higher level; the
audit channel names openATTIC's own commands, never the value of a `config set`; mutes with a ttl and sticky, as `ceph health detail` shows them and
the status lists them; unmute; the refusals; viewers read and cannot mute."""

import oa
from oa import assert_error, wait_for


def base(n=1):
    return "/api/clusters/%s" % oa.cluster(n)[0]


def mutes_cli():
    return {m["code"]: m for m in oa.ceph(1, "health", "detail")["mutes"]}


def test_an_entry_written_with_the_cli_shows_newest_first():
    c = oa.admin()
    marker = oa.unique("logtest-")
    oa.ceph(1, "log", "first " + marker)
    oa.ceph(1, "log", "second " + marker)

    def found():
        r = c.get(base() + "/logs?search=" + marker)
        return r.json["items"] if r.status == 200 and r.json["total"] == 2 else None

    items = wait_for(found, timeout=10, what="the two entries in the log")
    assert [i["message"].split()[0] for i in items] == ["second", "first"], items
    e = items[0]
    assert e["channel"] == "cluster" and e["level"] == "info" and e["daemon"].startswith("client."), e
    assert items[0]["stamp"] >= items[1]["stamp"]
    r = c.get(base() + "/logs?level=warning&limit=1000&search=" + marker)
    assert r.status == 200 and r.json["total"] == 0, r
    # Both channels: the entries, and the commands that wrote them (audit).
    r = c.get(base() + "/logs?channel=all&limit=1000&search=" + marker)
    assert {i["channel"] for i in r.json["items"]} == {"cluster", "audit"}, r
    r = c.get(base() + "/logs?limit=1")
    assert r.status == 200 and len(r.json["items"]) == 1 and r.json["total"] >= 2, r
    assert_error(c.get(base() + "/logs?channel=kernel"), 400, "invalid_parameter", "channel")
    assert_error(c.get(base() + "/logs?level=loud"), 400, "invalid_parameter", "level")


def test_the_audit_channel_names_our_commands_and_never_a_config_value():
    """Ceph leaves `config set` (a value may be a secret) out of the audit channel."""
    c = oa.admin()
    secret = oa.unique("sse-")
    name = "rgw_crypt_default_encryption_key"
    code = "OATEST_" + oa.unique("").upper()
    try:
        assert c.put(base() + "/config/" + name, {"section": "client.oatest", "value": secret}).status == 200
        assert c.post(base() + "/health/mutes", {"code": code, "sticky": True}).status == 204

        def muted():
            r = c.get(base() + "/logs?channel=audit&level=info&limit=1000&search=" + code)
            return [i for i in r.json["items"] if "client.openattic" in i["message"]]

        wait_for(muted, timeout=10, what="openATTIC's health mute in the audit channel")
        r = c.get(base() + "/logs?channel=all&limit=1000&search=" + secret)
        assert r.status == 200 and r.json["total"] == 0, r
    finally:
        oa.ceph(1, "config", "rm", "client.oatest", name, check=False)
        oa.ceph(1, "health", "unmute", code, check=False)


def test_mute_with_ttl_and_sticky_then_unmute():
    """A check not raised now is muted sticky only (Ceph's rule): a plain mute of it is
    refused and leaves the sticky one as it was."""
    c = oa.admin()
    code = "OATEST_" + oa.unique("").upper()
    try:
        r = c.post(base() + "/health/mutes", {"code": code, "ttl": "2h", "sticky": True})
        assert r.status == 204, r
        m = mutes_cli()[code]
        assert m["sticky"] is True and m["ttl"], m
        st = c.get(base() + "/status").json["health"]
        mine = [x for x in st["mutes"] if x["code"] == code]
        assert mine and mine[0]["sticky"] is True and mine[0]["expires"], st
        assert_error(c.post(base() + "/health/mutes", {"code": code}), 409,
                     "health_check_not_raised", "code")
        assert mutes_cli()[code]["sticky"] is True
        r = c.post(base() + "/health/mutes", {"code": code, "sticky": True})
        assert r.status == 204 and not mutes_cli()[code].get("ttl"), mutes_cli()
        assert c.delete(base() + "/health/mutes/" + code).status == 204
        assert code not in mutes_cli()
        assert_error(c.delete(base() + "/health/mutes/" + code), 404, "mute_not_found")
    finally:
        oa.ceph(1, "health", "unmute", code, check=False)


def test_a_raised_check_muted_then_unmuted():
    c = oa.admin()
    oa.ceph(1, "osd", "set", "noout")
    try:
        wait_for(lambda: any(k["name"] == "OSDMAP_FLAGS" for k in
                             c.get(base() + "/status").json["health"]["checks"]),
                 timeout=10, what="OSDMAP_FLAGS raised")
        assert c.post(base() + "/health/mutes", {"code": "OSDMAP_FLAGS", "ttl": "1h"}).status == 204
        m = mutes_cli()["OSDMAP_FLAGS"]
        assert m["sticky"] is False and m["ttl"], m
        ck = [k for k in c.get(base() + "/status").json["health"]["checks"]
              if k["name"] == "OSDMAP_FLAGS"][0]
        assert ck["muted"] is True, ck
        assert c.delete(base() + "/health/mutes/OSDMAP_FLAGS").status == 204
        assert "OSDMAP_FLAGS" not in mutes_cli()
    finally:
        oa.ceph(1, "health", "unmute", "OSDMAP_FLAGS", check=False)
        oa.ceph(1, "osd", "unset", "noout", check=False)


def test_mute_refusals_and_roles():
    c = oa.admin()
    for code in ("", "osd_down", "OSD DOWN", "X" * 65):
        assert_error(c.post(base() + "/health/mutes", {"code": code}), 422, "invalid_value", "code")
    for ttl in ("", "soon", "1y", "0h", "-1h", "400d", "1hh"):
        assert_error(c.post(base() + "/health/mutes", {"code": "OSD_DOWN", "ttl": ttl}), 422,
                     "invalid_value", "ttl")
    assert_error(c.post(base() + "/health/mutes", {"ttl": "1h"}), 400)
    assert "OSD_DOWN" not in mutes_cli()
    viewer = oa.client_as("viewer")
    assert viewer.get(base() + "/logs?limit=1").status == 200
    assert_error(viewer.post(base() + "/health/mutes", {"code": "OSD_DOWN"}), 403)
    assert "OSD_DOWN" not in mutes_cli()
