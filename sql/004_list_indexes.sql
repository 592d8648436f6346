-- 004_list_indexes.sql: the audit and task lists, newest first, with each filter the API
-- offers, read from an index at any size (a million audit rows, years of tasks): each
-- index has the list's order (at / created_at DESC NULLS LAST, then id DESC, the
-- tiebreak db_list adds), so a page of 50 is 50 index entries, not a sort of every
-- match. The plain time indexes they replace served only ascending order.
CREATE INDEX audit_newest ON audit (at DESC NULLS LAST, id DESC);
CREATE INDEX audit_user_newest ON audit (username, at DESC NULLS LAST, id DESC);
CREATE INDEX audit_method_newest ON audit (method, at DESC NULLS LAST, id DESC);
CREATE INDEX audit_status_newest ON audit (status, at DESC NULLS LAST, id DESC);
DROP INDEX audit_at;
DROP INDEX audit_user_at;
CREATE INDEX tasks_newest ON tasks (created_at DESC NULLS LAST, id DESC);
CREATE INDEX tasks_state_newest ON tasks (state, created_at DESC NULLS LAST, id DESC);
CREATE INDEX tasks_kind_newest ON tasks (kind, created_at DESC NULLS LAST, id DESC);
CREATE INDEX tasks_creator_newest ON tasks (created_by, created_at DESC NULLS LAST, id DESC);
CREATE INDEX tasks_fsid_newest ON tasks ((target->>'fsid'), created_at DESC NULLS LAST, id DESC);
DROP INDEX tasks_created;
DROP INDEX tasks_kind;
