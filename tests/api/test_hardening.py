"""test_hardening.py - what an anonymous caller, a viewer and an operator cannot do
(issue "Hardening", README "Security"): nginx throttles anonymous writes; only a
task's creator or an admin cancels it; an API token cannot mint tokens; a password
change can revoke the user's tokens; the longest user name is not confused with a
shorter one. Each test failed before its fix."""

import json
import os

import oa
from oa import Client, assert_error


def running_task_of(username):
    """A task row that looks running, made by username (no runner will claim it)."""
    return int(oa.psql(
        "INSERT INTO tasks (kind, state, created_by, started_at, heartbeat_at, runner) "
        "VALUES ('test.hold', 'running', '%s', now(), now() + interval '1 hour', "
        "'test/0') RETURNING id" % username).split()[0])


def test_anonymous_writes_are_throttled_by_nginx_in_the_api_shape():
    c = Client(source="127.0.13.1")
    statuses = [c.post("/api/tokens", {"description": "x"}).status for _ in range(160)]
    assert 429 in statuses and statuses[:80].count(401) == 80, statuses
    r = c.post("/api/tokens", {"description": "x"})
    assert_error(r, 429, "too_many_requests")
    assert r.headers.get("retry-after") == "1", r.headers
    # A logged-in caller from the same address is not held up by that.
    a = oa.admin()
    assert a.post("/api/tokens", {"description": "after anonymous flood"}).status == 201


def test_only_the_creator_or_an_admin_cancels_a_task():
    owner, other = oa.client_as("operator"), oa.client_as("operator")
    tid = running_task_of(owner.username)
    try:
        assert_error(other.delete("/api/tasks/%d" % tid), 403, "forbidden")
        assert oa.psql("SELECT cancel_requested FROM tasks WHERE id = %d" % tid) == "f"
        assert owner.delete("/api/tasks/%d" % tid).status == 202
        tid2 = running_task_of(owner.username)
        assert oa.admin().delete("/api/tasks/%d" % tid2).status == 202
    finally:
        oa.psql("UPDATE tasks SET state = 'cancelled', finished_at = now() "
                "WHERE kind = 'test.hold' AND state = 'running'")


def test_open_tasks_per_user_and_kind_are_capped():
    c = oa.client_as("operator")
    # The test stack's [tasks] open_per_user (100) salt.job tasks already open.
    oa.psql("INSERT INTO tasks (kind, state, created_by, started_at, heartbeat_at, runner) "
            "SELECT 'salt.job', 'running', '%s', now(), now() + interval '1 hour', 'test/0' "
            "FROM generate_series(1, 100)" % c.username)
    try:
        r = c.post("/api/nodes/ping", {"target": "*"})
        assert_error(r, 429, "too_many_tasks")
        assert r.headers["retry-after"] == "5"
        # Another kind, and another user, are not held up.
        assert oa.client_as("operator").post("/api/nodes/ping", {"target": "*"}).status == 202
    finally:
        oa.psql("DELETE FROM tasks WHERE created_by = '%s' AND runner = 'test/0'" % c.username)
    assert c.post("/api/nodes/ping", {"target": "*"}).status == 202


def test_body_arrays_are_bounded_and_unique():
    a = oa.admin()
    pools = "/api/clusters/%s/pools" % oa.cluster()[0]
    r = a.post(pools, {"name": oa.unique("arr"), "applications": ["rbd", "rgw", "rbd"]})
    assert_error(r, 422, "invalid_value", "applications")
    r = a.post(pools, {"name": oa.unique("arr"), "applications": ["a%d" % i for i in range(17)]})
    assert_error(r, 422, "invalid_value", "applications")


def test_an_api_token_cannot_create_tokens():
    c = oa.client_as("operator")
    r = c.post("/api/tokens", {"description": "made by a login"})
    assert r.status == 201, r
    t = Client()
    t.token = r.json["token"]
    assert t.get("/api/auth/me").status == 200
    assert_error(t.post("/api/tokens", {"description": "made by a token"}), 403, "forbidden")


def test_a_password_change_can_revoke_the_users_tokens():
    name, pw = oa.make_user("viewer")
    c = Client()
    assert c.login(name, pw).status == 200
    tokens = [c.post("/api/tokens", {"description": "t%d" % i}).json["token"] for i in range(2)]
    t = Client()
    t.token = tokens[0]
    # Without revoke_tokens they live on.
    r = c.patch("/api/users/" + name, {"password": "second-" + pw, "old_password": pw})
    assert r.status == 200, r
    assert t.get("/api/auth/me").status == 200
    r = c.patch("/api/users/" + name, {"password": "third-" + pw,
                                       "old_password": "second-" + pw, "revoke_tokens": True})
    assert r.status == 200, r
    for tok in tokens:
        t.token = tok
        assert_error(t.get("/api/auth/me"), 401, "unauthorized")
    assert c.get("/api/auth/me").status == 200  # the session that changed it stays


def test_the_longest_user_name_is_not_taken_for_a_shorter_one():
    a = oa.admin()
    base = oa.unique("l")
    long_name, short_name = (base * 10)[:64], (base * 10)[:63]
    for n in (long_name, short_name):
        assert a.post("/api/users", {"username": n, "password": "pw-long-name-1",
                                     "role": "viewer"}).status == 201
    c = Client()
    assert c.login(long_name, "pw-long-name-1").status == 200
    assert c.get("/api/auth/me").json["username"] == long_name
    assert c.get("/api/users/" + long_name).status == 200
    assert_error(c.get("/api/users/" + short_name), 403, "forbidden")
    r = c.patch("/api/users/" + short_name, {"password": "pw-stolen-12345",
                                             "old_password": "pw-long-name-1"})
    assert_error(r, 403, "forbidden")
    # The audit row names the caller in full.
    row = json.loads(oa.psql("SELECT row_to_json(a) FROM audit a WHERE path = '/api/users/%s' "
                             "ORDER BY id DESC LIMIT 1" % short_name))
    assert row["username"] == long_name, row


def test_a_transport_failure_answers_a_plain_message_and_logs_the_detail():
    a = oa.admin()
    oa.ctl("salt", "stop")
    try:
        # No request talks to salt-api itself any more: a task does, and fails after
        # its retry window (at least 10 s) with the plain message.
        r = a.post("/api/nodes/ping", {"target": "igw1"})
        assert r.status == 202, r
        done = oa.wait_task(a, r.json["id"], timeout=40)
        assert done["state"] == "failed" and done["error"]["code"] == "salt_unreachable", done
        msg = done["error"]["message"]
        assert msg.startswith("salt-api does not answer (error ") and "127.0.0.1" not in msg, msg
        eid = msg.split("(error ")[1].split(";")[0]
        with open(os.path.join(oa.STATE, "oa", "openattic.log")) as f:
            logged = [line for line in f if eid in line]
        assert logged and "127.0.0.1" in logged[0], logged
    finally:
        oa.ctl("salt", "start")
