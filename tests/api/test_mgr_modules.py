"""test_mgr_modules.py - /api/clusters/{fsid}/mgr/modules (issue 15): the manager's
modules as `ceph mgr module ls` and `mgr dump` know them; enable and disable (checked
with the CLI; an always-on module cannot be disabled, one that cannot run is not
enabled); a module's options with their schema, set (checked against it first) and
reset, as `ceph config get mgr mgr/<module>/<option>` sees them; secret options read ***
but for admins and never reach the audit; writes are for admins."""

import oa
from oa import assert_error, wait_for

MODULE = "alerts"  # off by default, harmless when on (it mails only when told where)


def base(n=1):
    return "/api/clusters/%s/mgr/modules" % oa.cluster(n)[0]


def cli_enabled(name):
    ls = oa.ceph(1, "mgr", "module", "ls")
    return name in ls["enabled_modules"] or name in ls["always_on_modules"]


def cli_option(module, opt):
    dump = oa.ceph(1, "config", "dump")
    got = [e["value"] for e in dump if e["name"] == "mgr/%s/%s" % (module, opt)]
    return got[0] if got else None


def test_list_matches_the_cli():
    c = oa.admin()
    r = c.get(base() + "?limit=1000")
    assert r.status == 200, r
    mods = {m["name"]: m for m in r.json["items"]}
    ls = oa.ceph(1, "mgr", "module", "ls")
    for name in ls["always_on_modules"]:
        if name in mods:
            assert mods[name]["always_on"] and mods[name]["enabled"], mods[name]
    for name in ls["enabled_modules"]:
        assert mods[name]["enabled"] and not mods[name]["always_on"], mods[name]
    assert mods[MODULE]["enabled"] is False and mods[MODULE]["can_run"] is True, mods[MODULE]
    assert mods[MODULE]["options"] > 0
    r = c.get(base() + "?search=bal")
    assert [m["name"] for m in r.json["items"]] == ["balancer"], r
    assert_error(c.get(base() + "/nosuch"), 404, "mgr_module_not_found")


def test_enable_and_disable_checked_with_the_cli():
    c = oa.admin()
    try:
        r = c.patch(base() + "/" + MODULE, {"enabled": True})
        assert r.status == 200 and r.json["enabled"] is True, r
        assert cli_enabled(MODULE)
        r = c.patch(base() + "/" + MODULE, {"enabled": False})
        assert r.status == 200 and r.json["enabled"] is False, r
        assert not cli_enabled(MODULE)
        # A module enabled with the CLI shows in the next read.
        oa.ceph(1, "mgr", "module", "enable", MODULE)
        wait_for(lambda: c.get(base() + "/" + MODULE).json["enabled"], timeout=5,
                 what="the CLI's enable in the API")
    finally:
        oa.ceph(1, "mgr", "module", "disable", MODULE, check=False)


def test_always_on_and_cannot_run_are_refused():
    c = oa.admin()
    e = assert_error(c.patch(base() + "/balancer", {"enabled": False}), 409,
                     "mgr_module_always_on", "enabled")
    assert "always on" in e["message"]
    assert cli_enabled("balancer")
    cannot = [m for m in c.get(base() + "?limit=1000").json["items"] if not m["can_run"]]
    for m in cannot:
        e = assert_error(c.patch(base() + "/" + m["name"], {"enabled": True}), 409,
                         "mgr_module_cannot_run", "enabled")
        assert m["error"] and m["error"] in e["message"], (m, e)
        assert not cli_enabled(m["name"])


def test_options_set_checked_and_reset():
    c = oa.admin()
    url = base() + "/" + MODULE
    try:
        opts = {o["name"]: o for o in c.get(url).json["option_list"]}
        assert opts["interval"]["type"] == "secs" and opts["interval"]["value"] is None, opts
        r = c.put(url + "/options/interval", {"value": 120})
        assert r.status == 200, r
        assert [o["value"] for o in r.json["option_list"] if o["name"] == "interval"] == ["120"]
        assert cli_option(MODULE, "interval") == "120"
        e = assert_error(c.put(url + "/options/log_level", {"value": "loud"}), 422, "invalid_value",
                         "value")
        assert "one of" in e["message"], e
        assert_error(c.put(url + "/options/log_to_cluster", {"value": "perhaps"}), 422,
                     "invalid_value", "value")
        assert cli_option(MODULE, "log_level") is None
        assert_error(c.put(url + "/options/nosuch", {"value": "1"}), 404, "mgr_option_not_found")
        r = c.delete(url + "/options/interval")
        assert r.status == 200 and cli_option(MODULE, "interval") is None, r
    finally:
        oa.ceph(1, "config", "rm", "mgr", "mgr/%s/interval" % MODULE, check=False)


def test_secret_options_and_roles():
    c = oa.admin()
    viewer, operator = oa.client_as("viewer"), oa.client_as("operator")
    mods = {m["name"] for m in c.get(base() + "?limit=1000").json["items"]}
    assert "influx" in mods, mods  # Pacific ships it (a module with a password option)
    secret = oa.unique("pw-")
    url = base() + "/influx"
    try:
        r = c.put(url + "/options/password", {"value": secret})
        assert r.status == 200, r
        assert cli_option("influx", "password") == secret
        for who, want in ((viewer, "***"), (operator, "***"), (c, secret)):
            o = [o for o in who.get(url).json["option_list"] if o["name"] == "password"][0]
            assert o["secret"] is True and o["value"] == want, (who, o)
        row = oa.last_audit(c, url + "/options/password")[0]
        assert row["request"]["value"] == "***", row
        for who in (viewer, operator):
            assert_error(who.patch(base() + "/" + MODULE, {"enabled": True}), 403)
            assert_error(who.put(base() + "/" + MODULE + "/options/interval", {"value": 5}), 403)
            assert_error(who.delete(url + "/options/password"), 403)
        assert not cli_enabled(MODULE) and cli_option("influx", "password") == secret
    finally:
        oa.ceph(1, "config", "rm", "mgr", "mgr/influx/password", check=False)
