-- 005_auth_notify.sql: every worker remembers who a token is (fcgi/server/auth_cache.c)
-- and forgets it all at a NOTIFY oa_auth. These triggers send it whenever a
-- remembered answer could have changed: a session or an API token deleted (logout,
-- revoke, purge, a password change ending sessions) or changed in what identifies it,
-- or a user deleted or changed in name, role, password or disabled flag. last_seen_at
-- and last_used_at, written once a minute, do not notify. Statement triggers: one
-- NOTIFY per change, and PostgreSQL folds repeats within a transaction.
CREATE FUNCTION oa_auth_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('oa_auth', TG_TABLE_NAME);
    RETURN NULL;
END $$;
CREATE TRIGGER sessions_auth AFTER DELETE OR UPDATE OF token_hash, user_id, expires_at, csrf_token
    ON sessions FOR EACH STATEMENT EXECUTE FUNCTION oa_auth_changed();
CREATE TRIGGER api_tokens_auth AFTER DELETE OR UPDATE OF token_hash, user_id, expires_at
    ON api_tokens FOR EACH STATEMENT EXECUTE FUNCTION oa_auth_changed();
CREATE TRIGGER users_auth AFTER DELETE OR UPDATE OF username, role, password_hash, disabled
    ON users FOR EACH STATEMENT EXECUTE FUNCTION oa_auth_changed();
