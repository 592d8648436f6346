"""test_cli.py - the openattic command beside the API: user add/passwd/del for the
first admin and for recovery without the web UI, migrate run twice, and
configuration errors that name the file, the line and the key."""

import os
import secrets
import tempfile

import oa
from oa import Client, assert_error


def test_user_add_passwd_del_recovery_without_the_ui():
    name, pw1, pw2 = oa.unique("cli"), "first-" + secrets.token_hex(6), "second-" + secrets.token_hex(6)
    p = oa.cli("user", "add", "-c", oa.conf_path(), name, "--role", "operator", stdin=pw1 + "\n")
    assert p.returncode == 0, p.stderr
    r = Client(source="127.0.20.1").login(name, pw1)
    assert r.status == 200 and r.json["user"]["role"] == "operator", r
    p = oa.cli("user", "passwd", "-c", oa.conf_path(), name, stdin=pw2 + "\n")
    assert p.returncode == 0, p.stderr
    assert_error(Client(source="127.0.20.2").login(name, pw1), 401)
    assert Client(source="127.0.20.3").login(name, pw2).status == 200
    # Weak passwords and bad roles are refused here too.
    p = oa.cli("user", "passwd", "-c", oa.conf_path(), name, stdin="short\n")
    assert p.returncode != 0 and "10 characters" in p.stderr
    p = oa.cli("user", "add", "-c", oa.conf_path(), name, "--role", "root", stdin=pw2 + "\n")
    assert p.returncode != 0 and "role" in p.stderr
    p = oa.cli("user", "del", "-c", oa.conf_path(), name)
    assert p.returncode == 0, p.stderr
    assert_error(Client(source="127.0.20.4").login(name, pw2), 401)
    p = oa.cli("user", "del", "-c", oa.conf_path(), name)
    assert p.returncode != 0 and "no such user" in p.stderr


def test_migrate_is_idempotent():
    for _ in range(2):
        p = oa.cli("migrate", "-c", oa.conf_path(), "--sql-dir", os.path.join(oa.ROOT, "sql"))
        assert p.returncode == 0, p.stderr
    assert oa.psql("SELECT count(*) FROM schema_migrations") == str(
        len([f for f in os.listdir(os.path.join(oa.ROOT, "sql")) if f.endswith(".sql")]))


def test_config_errors_name_file_line_and_key():
    with tempfile.NamedTemporaryFile("w", suffix=".conf", delete=False) as f:
        f.write("[server]\nworkers = 2\nworkres = 3\n")
    try:
        p = oa.cli("serve", "-c", f.name)
        assert p.returncode == 2
        assert f.name + ":3:" in p.stderr and "workres" in p.stderr, p.stderr
        with open(f.name, "w") as g:
            g.write("[database]\npassword = @/nonexistent/secret\n")
        p = oa.cli("migrate", "-c", f.name)
        assert p.returncode == 2 and ":2:" in p.stderr and "/nonexistent/secret" in p.stderr
    finally:
        os.unlink(f.name)
