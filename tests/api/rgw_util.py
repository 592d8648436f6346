"""rgw_util.py - what the Object Gateway tests share: the API base of cluster 1's
gateway, radosgw-admin on that cluster (to check every change from the side), and an
S3 client (curl with --aws-sigv4, as a user) to put real objects."""

import json
import os
import re
import subprocess
import tempfile
import urllib.parse

import oa


def base(n=1):
    return "/api/clusters/%s/rgw" % oa.cluster(n)[0]


def q(name):
    """A uid or bucket name as one path segment ("acme$ops", "acme/photos")."""
    return urllib.parse.quote(name, safe="")


def endpoint():
    """The radosgw URL openattic is configured with (cluster 1)."""
    m = re.search(r"^rgw_endpoints\s*=\s*([^,\s]+)", open(oa.conf_path()).read(), re.M)
    assert m, "cluster 1 has no rgw_endpoints in %s" % oa.conf_path()
    return m.group(1)


def admin(*args, check=True):
    """radosgw-admin (as client.admin) on cluster 1; JSON output parsed (None if empty)."""
    _, conf = oa.cluster(1)
    p = subprocess.run(["radosgw-admin", "-c", conf, "-n", "client.admin"] + list(args),
                       capture_output=True, text=True, timeout=60)
    if check and p.returncode != 0:
        raise AssertionError("radosgw-admin %s failed: %s" % (" ".join(args), p.stderr))
    try:
        return json.loads(p.stdout) if p.stdout.strip() else None
    except ValueError:
        return p.stdout


def user_info(uid):
    """radosgw-admin user info, or None when the user does not exist."""
    return admin("user", "info", "--uid", uid, check=False) or None


def make_user(uid=None, **kw):
    """A user made with radosgw-admin (uid unique unless given), with one S3 key."""
    uid = uid or oa.unique("u")
    args = ["user", "create", "--uid", uid, "--display-name", kw.get("name", "Test " + uid)]
    if kw.get("email"):
        args += ["--email", kw["email"]]
    return admin(*args)


def rm_user(uid):
    admin("user", "rm", "--uid", uid, "--purge-data", check=False)


def s3_keys(uid):
    k = [k for k in user_info(uid)["keys"] if k["user"] == uid][0]
    return k["access_key"], k["secret_key"]


def s3(method, path, uid, data=None, headers=(), query=""):
    """One S3 request as uid: (HTTP status, body). path is "/bucket" or "/bucket/key";
    query like "versioning=" (a flag needs its "=" for curl's SigV4)."""
    ak, sk = s3_keys(uid)
    url = endpoint() + urllib.parse.quote(path) + ("?" + query if query else "")
    cmd = ["curl", "-s", "-o", "-", "-w", "\n%{http_code}", "-X", method,
           "--aws-sigv4", "aws:amz:us-east-1:s3", "--user", "%s:%s" % (ak, sk),
           "-H", "x-amz-content-sha256: UNSIGNED-PAYLOAD"]
    for h in headers:
        cmd += ["-H", h]
    tmp = None
    if data is not None:
        tmp = tempfile.NamedTemporaryFile(delete=False)
        tmp.write(data if isinstance(data, bytes) else data.encode())
        tmp.close()
        cmd += ["--data-binary", "@" + tmp.name]
    try:
        p = subprocess.run(cmd + [url], capture_output=True, timeout=60)
    finally:
        if tmp:
            os.unlink(tmp.name)
    body, _, status = p.stdout.rpartition(b"\n")
    return int(status or 0), body


def put_objects(uid, bucket, sizes):
    """Puts one object per size (bytes) into bucket as uid; returns their total size."""
    for i, n in enumerate(sizes):
        status, body = s3("PUT", "/%s/obj-%d" % (bucket, i), uid, data=os.urandom(n))
        assert status == 200, (status, body)
    return sum(sizes)


def bucket_stats(name):
    """radosgw-admin bucket stats, or None when the bucket does not exist."""
    return admin("bucket", "stats", "--bucket", name, check=False) or None
