-- 002_login_devices.sql: login throttling per (user name, client) pair, with a ceiling
-- per user name and per client that a known device passes (README "Security").
-- A device is a browser or a script that once logged in as a user: it keeps the
-- oa_device cookie, stored here as a SHA-256 digest, and another client's failed
-- logins never keep it out.

CREATE TABLE login_devices (
    token_hash   bytea PRIMARY KEY,
    username     text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_devices_used ON login_devices (last_used_at);

CREATE INDEX login_failures_pair ON login_failures (username, client, at);
