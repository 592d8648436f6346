-- 001_core.sql: what openATTIC itself owns (ARCHITECTURE.md "Data in PostgreSQL"):
-- users, sessions, API tokens, login failures (for throttling), the audit trail and
-- tasks. Nothing here mirrors Ceph state. Secrets are stored only as hashes: passwords
-- as yescrypt/argon2id strings, session and API tokens as SHA-256 digests.

CREATE TABLE users (
    id            bigserial PRIMARY KEY,
    username      text NOT NULL UNIQUE CHECK (username ~ '^[A-Za-z0-9_.@-]{1,64}$'),
    password_hash text NOT NULL,
    role          text NOT NULL CHECK (role IN ('admin', 'operator', 'viewer')),
    email         text,
    disabled      boolean NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_login_at timestamptz
);

CREATE TABLE sessions (
    id           bigserial PRIMARY KEY,
    token_hash   bytea NOT NULL UNIQUE,
    csrf_token   text NOT NULL,
    user_id      bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    client       text NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL
);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE api_tokens (
    id           bigserial PRIMARY KEY,
    token_hash   bytea NOT NULL UNIQUE,
    user_id      bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    description  text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz,
    last_used_at timestamptz
);

CREATE TABLE login_failures (
    id       bigserial PRIMARY KEY,
    at       timestamptz NOT NULL DEFAULT now(),
    username text NOT NULL,
    client   text NOT NULL
);
CREATE INDEX login_failures_user ON login_failures (username, at);
CREATE INDEX login_failures_client ON login_failures (client, at);

-- status and duration are filled when the request ends; a row whose status is NULL
-- records a request whose outcome could not be written.
CREATE TABLE audit (
    id          bigserial PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT now(),
    username    text,
    client      text NOT NULL DEFAULT '',
    method      text NOT NULL,
    path        text NOT NULL,
    status      integer,
    duration_ms double precision,
    request     jsonb,
    task_id     bigint
);
CREATE INDEX audit_at ON audit (at);
CREATE INDEX audit_user_at ON audit (username, at);
CREATE INDEX audit_path ON audit (path text_pattern_ops);

CREATE TABLE tasks (
    id               bigserial PRIMARY KEY,
    kind             text NOT NULL,
    state            text NOT NULL DEFAULT 'queued'
                     CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    progress         integer NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    message          text NOT NULL DEFAULT '',
    target           jsonb NOT NULL DEFAULT '{}',
    params           jsonb NOT NULL DEFAULT '{}',
    result           jsonb,
    error            jsonb,
    created_by       text NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    started_at       timestamptz,
    finished_at      timestamptz,
    heartbeat_at     timestamptz,
    runner           text,
    attempts         integer NOT NULL DEFAULT 0,
    cancel_requested boolean NOT NULL DEFAULT false
);
CREATE INDEX tasks_queued ON tasks (id) WHERE state = 'queued';
CREATE INDEX tasks_running ON tasks (heartbeat_at) WHERE state = 'running';
CREATE INDEX tasks_created ON tasks (created_at);
CREATE INDEX tasks_kind ON tasks (kind, created_at);

-- Runners LISTEN on oa_tasks: a task that becomes queued (new, or released by a
-- runner that was asked to stop) wakes one at once, no polling.
CREATE FUNCTION tasks_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('oa_tasks', NEW.id::text);
    RETURN NULL;
END $$;
CREATE TRIGGER tasks_notify AFTER INSERT OR UPDATE OF state ON tasks
    FOR EACH ROW WHEN (NEW.state = 'queued') EXECUTE FUNCTION tasks_notify();
