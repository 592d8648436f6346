"""test_rbd_config.py - librbd's settings of a pool and an image (issue 15): QoS limits
set through the API and read with `rbd config pool|image get`, where each value comes
from (the pool's value seen by its images as "pool", the image's own as "image"),
removal, a value set with the rbd CLI seen in the next read, the rule checked before
librbd is asked, options that are not RBD's refused, viewers read only."""

import subprocess

import oa
from oa import assert_error


def rbd(*args, check=True):
    _, conf = oa.cluster(1)
    p = subprocess.run(["rbd", "-c", conf] + list(args), capture_output=True, text=True, timeout=60)
    if check:
        assert p.returncode == 0, p.stderr
    return p.stdout.strip()


def setup_pool():
    pool = oa.unique("rcp")
    oa.ceph(1, "osd", "pool", "create", pool, "8")
    oa.ceph(1, "osd", "pool", "application", "enable", pool, "rbd")
    rbd("create", "--size", "8M", pool + "/img")
    return pool


def rm_pool(pool):
    oa.ceph(1, "osd", "pool", "rm", pool, pool, "--yes-i-really-really-mean-it", check=False)


def url(pool, image=None, opt=None, query=""):
    u = "/api/clusters/%s/pools/%s" % (oa.cluster(1)[0], pool)
    if image:
        u += "/images/" + image
    u += "/rbd-config"
    if opt:
        u += "/" + opt
    return u + query


def changed(c, pool, image=None):
    return {i["name"]: (i["value"], i["source"]) for i in c.get(url(pool, image, query="?changed=true&limit=1000")).json["items"]}


def test_pool_and_image_qos_with_their_sources():
    c = oa.admin()
    pool = setup_pool()
    try:
        r = c.put(url(pool, opt="rbd_qos_iops_limit"), {"value": 500})
        assert r.status == 200, r
        assert rbd("config", "pool", "get", pool, "rbd_qos_iops_limit") == "500"
        assert changed(c, pool) == {"rbd_qos_iops_limit": ("500", "pool")}
        assert changed(c, pool, "img") == {"rbd_qos_iops_limit": ("500", "pool")}
        r = c.put(url(pool, "img", "rbd_qos_bps_limit"), {"value": "1048576"})
        assert r.status == 200, r
        assert rbd("config", "image", "get", pool + "/img", "rbd_qos_bps_limit") == "1048576"
        assert changed(c, pool, "img") == {"rbd_qos_iops_limit": ("500", "pool"),
                                            "rbd_qos_bps_limit": ("1048576", "image")}
        full = c.get(url(pool, query="?search=qos_iops_limit")).json["items"]
        mine = [i for i in full if i["name"] == "rbd_qos_iops_limit"][0]
        assert mine["type"] == "uint" and mine["desc"], mine
        assert c.delete(url(pool, "img", "rbd_qos_bps_limit")).status == 204
        assert c.delete(url(pool, opt="rbd_qos_iops_limit")).status == 204
        assert changed(c, pool, "img") == {}
        assert_error(c.delete(url(pool, opt="rbd_qos_iops_limit")), 404, "rbd_option_not_set")
        # Set with the CLI, seen in the next read.
        rbd("config", "image", "set", pool + "/img", "rbd_qos_write_iops_limit", "77")
        assert changed(c, pool, "img") == {"rbd_qos_write_iops_limit": ("77", "image")}
    finally:
        rm_pool(pool)


def test_refusals_and_roles():
    c = oa.admin()
    pool = setup_pool()
    try:
        e = assert_error(c.put(url(pool, opt="rbd_qos_iops_limit"), {"value": -3}), 422,
                         "invalid_value", "value")
        assert "whole number" in e["message"], e
        assert_error(c.put(url(pool, opt="rbd_qos_iops_limit"), {"value": [1]}), 422,
                     "invalid_value", "value")
        assert_error(c.put(url(pool, opt="osd_max_backfills"), {"value": 3}), 404,
                     "rbd_option_not_found")
        assert_error(c.put(url(pool, opt="rbd_no_such_thing"), {"value": 3}), 404,
                     "rbd_option_not_found")
        assert_error(c.get(url(pool, "nosuchimage")), 404, "image_not_found")
        assert_error(c.get(url("nosuchpool")), 404, "pool_not_found")
        assert changed(c, pool) == {}
        viewer = oa.client_as("viewer")
        assert viewer.get(url(pool, "img")).status == 200
        assert_error(viewer.put(url(pool, opt="rbd_qos_iops_limit"), {"value": 5}), 403)
        assert_error(viewer.delete(url(pool, "img", "rbd_qos_iops_limit")), 403)
    finally:
        rm_pool(pool)
