-- 003_open_tasks.sql: task_queue counts a user's open tasks of a kind before it adds
-- one ([tasks] open_per_user); this keeps that count an index lookup.
CREATE INDEX tasks_open_by_user ON tasks (created_by, kind) WHERE state IN ('queued', 'running');
