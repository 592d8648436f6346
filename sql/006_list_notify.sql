-- 006_list_notify.sql: every worker keeps the task and audit list pages it rendered
-- (fcgi/server/changes.c) until one of these says the table changed: NOTIFY
-- oa_tasks_changed on any change to what a task answer shows (heartbeats, written
-- every few seconds per running task, are not shown and do not notify), NOTIFY
-- oa_audit_changed on any change to the audit table. Statement triggers: one NOTIFY
-- per statement, folded within a transaction. A change by this host is also counted
-- in memory its processes share, so the very next request of any worker sees it.
CREATE FUNCTION oa_list_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('oa_' || TG_TABLE_NAME || '_changed', '');
    RETURN NULL;
END $$;
CREATE TRIGGER tasks_list_changed
    AFTER INSERT OR DELETE OR TRUNCATE OR UPDATE OF kind, state, progress, message, target,
        result, error, created_by, created_at, started_at, finished_at
    ON tasks FOR EACH STATEMENT EXECUTE FUNCTION oa_list_changed();
CREATE TRIGGER audit_list_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON audit FOR EACH STATEMENT EXECUTE FUNCTION oa_list_changed();
