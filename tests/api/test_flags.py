"""test_flags.py - /api/clusters/{fsid}/flags: the whole wanted set through PUT,
checked with `ceph osd dump`, validation, and CLI changes seen within the view's
bound (API.md "Ceph"). Every test leaves no flag set."""

import oa
from oa import assert_error, wait_for

SETTABLE = ["noout", "noin", "nodown", "noup", "noscrub", "nodeep-scrub", "norebalance",
            "norecover", "nobackfill", "pause"]


def base(n=1):
    return "/api/clusters/%s/flags" % oa.cluster(n)[0]


def cli_flags(n=1):
    return set(oa.ceph(n, "osd", "dump")["flags_set"])


def clear(n=1):
    for f in SETTABLE:
        oa.ceph(n, "osd", "unset", f, check=False)


def test_put_sets_and_clears_checked_with_the_cli():
    c = oa.admin()
    try:
        r = c.get(base())
        assert r.status == 200 and r.json == {"flags": []}, r
        r = c.put(base(), {"flags": ["noout", "noscrub"]})
        assert r.status == 200 and sorted(r.json["flags"]) == ["noout", "noscrub"], r
        assert {"noout", "noscrub"} <= cli_flags()
        # The whole set: noscrub goes, nodeep-scrub comes, noout stays.
        r = c.put(base(), {"flags": ["noout", "nodeep-scrub"]})
        assert sorted(r.json["flags"]) == ["nodeep-scrub", "noout"], r
        f = cli_flags()
        assert "noscrub" not in f and {"noout", "nodeep-scrub"} <= f, f
        r = c.put(base(), {"flags": []})
        assert r.status == 200 and r.json == {"flags": []}, r
        assert not ({"noout", "noscrub", "nodeep-scrub"} & cli_flags())
    finally:
        clear()


def test_pause_is_two_flags_in_the_map():
    c = oa.admin()
    try:
        r = c.put(base(), {"flags": ["pause"]})
        assert r.status == 200 and r.json["flags"] == ["pause"], r
        assert {"pauserd", "pausewr"} <= cli_flags()
        r = c.put(base(), {"flags": []})
        assert r.json["flags"] == [] and not ({"pauserd", "pausewr"} & cli_flags()), r
    finally:
        clear()


def test_unknown_flags_422_and_nothing_changes():
    c = oa.admin()
    for bad in (["noout", "bogus"], ["full"], ["sortbitwise"], [1], [None]):
        assert_error(c.put(base(), {"flags": bad}), 422, "invalid_value", "flags")
    assert "noout" not in cli_flags()
    assert_error(c.put(base(), {}), 400, None, "flags")
    assert_error(c.put(base(), {"flags": "noout"}), 400, "invalid_type", "flags")
    v = oa.client_as("viewer")
    assert v.get(base()).status == 200
    assert_error(v.put(base(), {"flags": ["noout"]}), 403, "forbidden")
    assert "noout" not in cli_flags()


def test_a_cli_flag_shows_within_the_bound():
    c = oa.admin()
    oa.ceph(2, "osd", "set", "norebalance")
    try:
        wait_for(lambda: "norebalance" in c.get(base(2)).json["flags"], timeout=3, step=0.05,
                 what="CLI flag in the API")
        assert "norebalance" not in c.get(base(1)).json["flags"]
    finally:
        clear(2)
    wait_for(lambda: c.get(base(2)).json["flags"] == [], timeout=3, step=0.05,
             what="CLI unset in the API")
