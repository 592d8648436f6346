"""test_ceph_config.py - /api/clusters/{fsid}/config, Ceph's configuration database with
each option's schema (issue 15): every change checked with the `ceph` CLI, a change made
with the CLI seen in the next read (within the view's bound), the filters, each rule a
value is checked against before Ceph is asked (422 on field value), sections and masks,
the secrets only admins read (and no audit row keeps), the roles. The schema comes from
the manager on cluster 2 (its key has mgr 'allow *') and from the monitor, one option a
call, on cluster 1: both answer the same. Values are set for sections of daemons that do
not exist (osd.99, client.oatest), so no daemon of the test cluster changes."""

import os
import urllib.parse

import oa
from oa import assert_error, wait_for


def base(n=1):
    return "/api/clusters/%s/config" % oa.cluster(n)[0]


def url(name, n=1, **query):
    u = base(n) + "/" + urllib.parse.quote(name, safe="")
    return u + ("?" + urllib.parse.urlencode(query) if query else "")


def cli_get(who, name):
    """`ceph config get`: JSON for numbers and booleans, the bare text for a string."""
    out = oa.ceph(1, "config", "get", who, name)
    return out.strip() if isinstance(out, str) else out


def db_values(name):
    """The database's entries of name, as `ceph config dump` lists them."""
    return sorted((e["section"], e.get("mask", ""), e["value"])
                  for e in oa.ceph(1, "config", "dump") if e["name"] == name)


def rm(who, name):
    oa.ceph(1, "config", "rm", who, name, check=False)


def test_list_pages_searches_and_filters():
    c = oa.admin()
    r = c.get(base() + "?limit=5")
    assert r.status == 200 and r.json["total"] > 1500 and len(r.json["items"]) == 5, r
    names = [i["name"] for i in r.json["items"]]
    assert names == sorted(names), names
    item = r.json["items"][0]
    assert {"name", "type", "level", "desc", "default", "min", "max", "enum_values",
            "can_update_at_runtime", "services", "secret", "values"} <= set(item), item
    r = c.get(base() + "?search=max_backfills&limit=100")
    assert "osd_max_backfills" in [i["name"] for i in r.json["items"]], r
    for level in ("basic", "advanced", "dev"):
        r = c.get(base() + "?level=%s&limit=1000" % level)
        assert r.status == 200 and r.json["total"] > 0, r
        assert all(i["level"] == level for i in r.json["items"]), level
    r = c.get(base() + "?service=osd&limit=1000")
    assert r.json["total"] > 0 and all("osd" in i["services"] for i in r.json["items"]), r
    assert_error(c.get(base() + "?level=expert"), 400, "invalid_parameter", "level")
    assert_error(c.get(base() + "?section=nosuch.x"), 400, "invalid_parameter", "section")
    assert_error(c.get(base() + "?changed=maybe"), 400, "invalid_parameter", "changed")
    assert_error(c.get(base() + "?sort=desc"), 400)


def test_set_shows_in_the_cli_and_in_the_changed_filter_then_remove():
    c = oa.admin()
    try:
        r = c.put(url("osd_max_backfills"), {"section": "osd.99", "value": 3})
        assert r.status == 200, r
        assert r.json["values"] == [{"section": "osd.99", "mask": None, "value": "3"}], r
        assert r.json["restart_needed"] is False and r.json["type"] == "uint", r
        assert cli_get("osd.99", "osd_max_backfills") == 3
        r = c.get(base() + "?changed=true&limit=1000")
        assert "osd_max_backfills" in [i["name"] for i in r.json["items"]], r
        r = c.get(base() + "?section=osd.99&limit=1000")
        assert [i["name"] for i in r.json["items"]] == ["osd_max_backfills"], r
        # A string value is as good; the audit row names it.
        r = c.put(url("osd_max_backfills"), {"section": "osd.99", "value": "4"})
        assert r.status == 200 and cli_get("osd.99", "osd_max_backfills") == 4, r
        row = oa.last_audit(c, url("osd_max_backfills"))[0]
        assert row["method"] == "PUT" and row["status"] == 200, row
        assert row["request"] == {"section": "osd.99", "value": "4"}, row
        r = c.delete(url("osd_max_backfills", section="osd.99"))
        assert r.status == 204, r
        assert db_values("osd_max_backfills") == []
        assert_error(c.delete(url("osd_max_backfills", section="osd.99")), 404,
                     "config_value_not_found")
    finally:
        rm("osd.99", "osd_max_backfills")


def test_a_change_made_with_the_cli_shows_in_the_next_read():
    c = oa.admin()
    try:
        oa.ceph(1, "config", "set", "osd.98", "osd_max_backfills", "7")
        wait_for(lambda: {"section": "osd.98", "mask": None, "value": "7"} in
                 c.get(url("osd_max_backfills")).json["values"], timeout=5,
                 what="the CLI's value in the API")
        oa.ceph(1, "config", "rm", "osd.98", "osd_max_backfills")
        wait_for(lambda: c.get(url("osd_max_backfills")).json["values"] == [], timeout=5,
                 what="the CLI's removal in the API")
    finally:
        rm("osd.98", "osd_max_backfills")


def test_values_are_checked_against_the_schema_before_ceph_is_asked():
    c = oa.admin()

    def bad(name, value, rule, section="osd.99"):
        e = assert_error(c.put(url(name), {"section": section, "value": value}), 422,
                         "invalid_value", "value")
        assert rule in e["message"] and name in e["message"], e
        assert db_values(name) == [], name

    bad("osd_max_backfills", "x", "a whole number, 0 or more")
    bad("osd_max_backfills", -1, "a whole number, 0 or more")
    bad("osd_pool_default_size", 11, "between 0 and 10", section="global")
    bad("osd_scrub_during_recovery", "perhaps", "true or false")
    bad("osd_op_queue", "fifo", "one of wpq, mclock_scheduler")
    bad("osd_memory_target", "12 parsecs", "a size in bytes")
    bad("fsid", "not-a-uuid", "a UUID", section="client.oatest")
    bad("osd_max_backfills", "3\n", "without control characters")
    e = assert_error(c.put(url("osd_max_backfills"), {"section": "osd.99", "value": [3]}), 422,
                     "invalid_value", "value")
    assert "string, a number or a boolean" in e["message"], e
    assert_error(c.put(url("no_such_option"), {"section": "global", "value": "1"}), 404,
                 "config_option_not_found")
    assert_error(c.get(url("no_such_option")), 404, "config_option_not_found")
    for section in ("", "osds", "osd.", "osd.1 2", "nosuch.x", "osd.3;rm"):
        assert_error(c.put(url("osd_max_backfills"), {"section": section, "value": 2}), 422,
                     "invalid_value", "section")
    for mask in ("ssd", "class:", "planet:x", "host:a b"):
        assert_error(c.put(url("osd_max_backfills"), {"section": "osd", "mask": mask,
                                                      "value": 2}), 422, "invalid_value", "mask")
    assert_error(c.put(url("osd_max_backfills"), {"section": "osd"}), 400)
    assert db_values("osd_max_backfills") == []


def test_kinds_of_values_and_a_mask_and_a_restart():
    c = oa.admin()
    try:
        r = c.put(url("osd_scrub_during_recovery"), {"section": "osd.99", "value": True})
        assert r.status == 200 and cli_get("osd.99", "osd_scrub_during_recovery") is True, r
        r = c.put(url("osd_memory_target"), {"section": "osd.99", "value": "2G"})
        assert r.status == 200 and cli_get("osd.99", "osd_memory_target") == 2 << 30, r
        # Read at start only: the answer says a restart is needed.
        r = c.put(url("osd_op_queue"), {"section": "osd.99", "value": "wpq"})
        assert r.status == 200 and r.json["restart_needed"] is True, r
        assert r.json["can_update_at_runtime"] is False, r
        r = c.put(url("osd_max_backfills"), {"section": "osd", "mask": "class:ssd", "value": 2})
        assert r.status == 200, r
        assert {"section": "osd", "mask": "class:ssd", "value": "2"} in r.json["values"], r
        assert ("osd", "class:ssd", "2") in db_values("osd_max_backfills")
        assert_error(c.delete(url("osd_max_backfills", section="osd")), 404,
                     "config_value_not_found")
        r = c.delete(url("osd_max_backfills", section="osd", mask="class:ssd"))
        assert r.status == 204 and db_values("osd_max_backfills") == [], r
    finally:
        rm("osd.99", "osd_scrub_during_recovery")
        rm("osd.99", "osd_memory_target")
        rm("osd.99", "osd_op_queue")
        rm("osd/class:ssd", "osd_max_backfills")


def test_secrets_are_for_admins_and_never_in_the_audit():
    c = oa.admin()
    secret = "4YSmvJtBv0aZ7geVgAsd" + oa.unique("k")
    name = "rgw_crypt_default_encryption_key"  # radosgw's key for SSE
    viewer, operator = oa.client_as("viewer"), oa.client_as("operator")
    try:
        r = operator.put(url(name), {"section": "client.oatest", "value": secret})
        assert r.status == 200 and r.json["secret"] is True, r
        assert r.json["values"] == [{"section": "client.oatest", "mask": None, "value": "***"}], r
        assert cli_get("client.oatest", name) == secret
        for who in (viewer, operator):
            r = who.get(url(name))
            assert r.json["values"][0]["value"] == "***", r
            r = who.get(base() + "?search=encryption_key&changed=true&limit=1000")
            assert [v["value"] for i in r.json["items"] if i["name"] == name
                    for v in i["values"]] == ["***"], r
        r = c.get(url(name))
        assert r.json["values"][0]["value"] == secret, r
        row = oa.last_audit(c, url(name))[0]
        assert row["request"]["value"] == "***", row
        assert oa.psql("SELECT count(*) FROM audit WHERE request::text LIKE '%%%s%%'"
                       % secret) == "0"
    finally:
        rm("client.oatest", name)


def test_viewers_read_and_cannot_change():
    viewer = oa.client_as("viewer")
    assert viewer.get(base() + "?limit=1").status == 200
    assert viewer.get(url("osd_max_backfills")).status == 200
    assert_error(viewer.put(url("osd_max_backfills"), {"section": "osd.99", "value": 2}), 403)
    assert_error(viewer.delete(url("osd_max_backfills", section="osd.99")), 403)
    assert db_values("osd_max_backfills") == []


def test_the_manager_and_the_monitor_give_the_same_schema():
    """Cluster 2's key may ask the manager (mgr 'allow *'), cluster 1's asks the monitor."""
    c = oa.admin()
    for name in ("osd_max_backfills", "osd_op_queue", "osd_pool_default_size"):
        one, two = c.get(url(name, 1)).json, c.get(url(name, 2)).json
        for k in ("type", "level", "desc", "default", "min", "max", "enum_values",
                  "can_update_at_runtime", "services", "long_desc"):
            assert one[k] == two[k], (name, k, one[k], two[k])
    def schema_names(n):
        names, offset = set(), 0
        while True:
            r = c.get(base(n) + "?limit=1000&offset=%d" % offset).json
            names |= {i["name"] for i in r["items"] if i["schema"]}
            offset += 1000
            if offset >= r["total"]:
                return names

    assert schema_names(1) == schema_names(2)
    with open(os.path.join(oa.STATE, "oa", "openattic.log")) as f:
        said = {line.split("'")[1] for line in f if "option schema comes from the monitor" in line}
    first = [l.split()[-1] for l in open(oa.conf_path()) if l.startswith("[cluster ")]
    assert said == {first[0].rstrip("]")}, (said, first)
