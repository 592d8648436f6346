// pages/tasks - the long work of everyone: a live table of GET /api/tasks (polled every
// 2 s while a shown task is active, else every 10 s) with its filters in the URL
// (?state=queued,running is where the navbar indicator links), a task's detail at
// /tasks?task=<id> (where the toasts link): its error in words, its result, the
// per-node answers of a Salt job, its times; cancel for queued and running ones.
import { useEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { apiPath, get, list, mutate, sentence } from '../../api/client';
import { useTasks } from '../../api/tasks';
import type { Task } from '../../api/types';
import { Confirm, Modal } from '../../components/Dialog';
import { Badge, Meter } from '../../components/Health';
import { Page } from '../../components/Page';
import { ErrorBox, Loading } from '../../components/States';
import { Table, type Column } from '../../components/Table';
import { Time } from '../../components/Values';
import { KeyValues } from '../../components/KeyValues';
import { absTime } from '../../lib/format';
import { useSession } from '../../lib/session';
import {
  KINDS,
  STATES,
  errorTitle,
  filterQuery,
  isActive,
  kindLabel,
  minionOutput,
  readFilters,
  seconds,
  stateTone,
  targetParts,
  taskSeconds,
  type TaskFilters,
} from './kinds';

export function StateBadge({ state }: { state: string }) {
  return <Badge tone={stateTone(state)}>{state}</Badge>;
}

function Progress({ task }: { task: Task }) {
  if (task.state === 'running')
    return (
      <span class="task-progress">
        <Meter fraction={task.progress / 100} label={`${task.progress}%`} />
      </span>
    );
  if (task.state === 'queued') return <span class="muted">waiting to start</span>;
  return null;
}

export function Target({ task }: { task: Pick<Task, 'kind' | 'state' | 'target'> }) {
  const parts = targetParts(task);
  if (!parts.length) return <span class="muted">—</span>;
  return (
    <span class="task-target">
      {parts.map((p) => (p.href ? <a href={p.href}>{p.text}</a> : <span>{p.text}</span>))}
    </span>
  );
}

function Duration({ task }: { task: Task }) {
  const s = taskSeconds(task);
  if (s === null) return <span class="muted">—</span>;
  return <span title={task.finished_at ? 'From start to end' : 'Running for'}>{seconds(s)}</span>;
}

/** The tasks page's URL with some of its query keys changed (null removes one). */
function tasksUrl(changes: Record<string, string | null>, keepPage = false): string {
  const u = new URLSearchParams(location.search);
  for (const [k, v] of Object.entries(changes)) (v ? u.set(k, v) : u.delete(k));
  if (!keepPage) u.delete('page');
  const qs = u.toString().replace(/%2C/g, ',');
  return '/tasks' + (qs ? '?' + qs : '');
}

function Filters({ f, onChange }: { f: TaskFilters; onChange: (changes: Record<string, string | null>) => void }) {
  const [who, setWho] = useState(f.created_by);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => setWho(f.created_by), [f.created_by]);
  const toggle = (s: string) => {
    const next = f.state.includes(s as never) ? f.state.filter((x) => x !== s) : [...f.state, s];
    onChange({ state: STATES.filter((x) => next.includes(x)).join(',') || null });
  };
  const typed = (v: string) => {
    setWho(v);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => onChange({ created_by: v.trim() || null }), 400);
  };
  const kinds = Object.keys(KINDS);
  if (f.kind && !kinds.includes(f.kind)) kinds.push(f.kind);
  const any = f.state.length > 0 || f.kind !== '' || f.created_by !== '';
  return (
    <div class="filters" role="group" aria-label="Filters">
      <div class="chips" role="group" aria-label="State">
        <span class="filter-label">State</span>
        {STATES.map((s) => (
          <button type="button" class={f.state.includes(s) ? 'chip on' : 'chip'} aria-pressed={f.state.includes(s)} onClick={() => toggle(s)}>
            {s}
          </button>
        ))}
      </div>
      <label class="filter">
        <span class="filter-label">Kind</span>
        <select value={f.kind} onChange={(e) => onChange({ kind: (e.target as HTMLSelectElement).value || null })}>
          <option value="">All kinds</option>
          {kinds.map((k) => (
            <option value={k}>{KINDS[k] || k}</option>
          ))}
        </select>
      </label>
      <label class="filter">
        <span class="filter-label">Started by</span>
        <input type="text" value={who} placeholder="user name" autocomplete="off" spellcheck={false} onInput={(e) => typed((e.target as HTMLInputElement).value)} />
      </label>
      {any && (
        <button type="button" class="btn small" onClick={() => onChange({ state: null, kind: null, created_by: null })}>
          Clear filters
        </button>
      )}
    </div>
  );
}

export function Tasks() {
  const loc = useLocation();
  const s = useSession();
  const { active } = useTasks();
  const f = readFilters(loc.query);
  const openId = /^\d+$/.test(loc.query.task || '') ? parseInt(loc.query.task, 10) : null;
  const [shownActive, setShownActive] = useState(false);
  const [cancel, setCancel] = useState<Task | null>(null);
  const [tick, setTick] = useState(0);
  const fq = filterQuery(f);

  const columns: Column<Task>[] = [
    { key: 'id', label: 'Task', sort: 'id', numeric: true, render: (t) => <a href={tasksUrl({ task: String(t.id) }, true)}>#{t.id}</a> },
    {
      key: 'kind',
      label: 'What',
      sort: 'kind',
      render: (t) => (
        <a href={tasksUrl({ task: String(t.id) }, true)} title={`${t.kind}: open the task`}>
          {kindLabel(t.kind, t.target)}
        </a>
      ),
    },
    { key: 'target', label: 'Target', render: (t) => <Target task={t} /> },
    {
      key: 'state',
      label: 'State',
      sort: 'state',
      render: (t) => (
        <span class="task-state">
          <StateBadge state={t.state} />
          <Progress task={t} />
        </span>
      ),
    },
    { key: 'message', label: 'Message', render: (t) => <span class="task-msg" title={t.error ? t.error.message : t.message}>{t.error ? t.error.message : t.message}</span> },
    { key: 'created_by', label: 'Started by', render: (t) => t.created_by },
    { key: 'created_at', label: 'Created', sort: 'created_at', render: (t) => <Time at={t.created_at} /> },
    { key: 'finished_at', label: 'Finished', sort: 'finished_at', optional: true, render: (t) => <Time at={t.finished_at} /> },
    { key: 'duration', label: 'Duration', numeric: true, render: (t) => <Duration task={t} /> },
  ];

  const change = (changes: Record<string, string | null>) => loc.route(tasksUrl(changes), true);
  const some = f.state.length || f.kind || f.created_by;
  return (
    <Page title="Tasks" sub="Long work started by anyone: pool creation and deletion, image copies and rollbacks, Salt jobs, housekeeping. Newest first.">
      <Filters f={f} onChange={change} />
      <Table<Task>
        id="tasks"
        urlState
        columns={columns}
        defaultSort="-created_at"
        searchLabel="Search kind or message"
        rowKey={(t) => String(t.id)}
        rowClass={(t) => (t.state === 'running' ? 'working' : t.state === 'failed' ? 'task-failed' : '')}
        reload={JSON.stringify(fq) + tick + ':' + active.length}
        pollMs={shownActive ? 2000 : 10000}
        load={(q, signal) =>
          list<Task>('/api/tasks', { ...q, ...fq }, signal).then((r) => {
            setShownActive(r.items.some(isActive));
            return r;
          })
        }
        emptyTitle={some ? 'Nothing matches' : undefined}
        empty={
          some ? (
            <>
              {f.state.join(',') === 'queued,running' && !f.kind && !f.created_by
                ? 'No task is running or waiting to start.'
                : 'No task matches these filters.'}{' '}
              <a href="/tasks">Show all tasks</a>.
            </>
          ) : (
            'Tasks appear here when someone creates or deletes a pool, copies an image or deploys gateways.'
          )
        }
        actions={
          s.canMutate
            ? (t) =>
                isActive(t) && (
                  <button type="button" class="btn small danger" onClick={() => setCancel(t)}>
                    Cancel
                  </button>
                )
            : undefined
        }
      />
      {openId !== null && (
        <TaskDetail id={openId} tick={tick} onCancel={setCancel} onClose={() => loc.route(tasksUrl({ task: null }, true))} />
      )}
      {cancel && <CancelTask task={cancel} onClose={() => setCancel(null)} onDone={() => setTick((x) => x + 1)} />}
    </Page>
  );
}

function CancelTask({ task, onClose, onDone }: { task: Task; onClose: () => void; onDone: () => void }) {
  const what = kindLabel(task.kind, task.target);
  const target = targetParts(task)
    .map((p) => p.text)
    .join(' ');
  return (
    <Confirm
      title={`Cancel task #${task.id}`}
      name={`#${task.id}`}
      consequence={
        <>
          <strong>
            {what}
            {target ? ` ${target}` : ''}
          </strong>{' '}
          {task.state === 'queued'
            ? 'has not started yet; it will not run.'
            : 'stops at its next step. What it has done so far stays done: it is not rolled back.'}
        </>
      }
      action="Stop the task"
      onConfirm={async () => {
        await mutate({ method: 'DELETE', path: apiPath('tasks', task.id) }, `Cancel task #${task.id}`);
        onDone();
      }}
      onClose={onClose}
    />
  );
}

function TaskDetail({ id, tick, onClose, onCancel }: { id: number; tick: number; onClose: () => void; onCancel: (t: Task) => void }) {
  const s = useSession();
  const [task, setTask] = useState<Task | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [poll, setPoll] = useState(0);
  useEffect(() => {
    const ac = new AbortController();
    get<Task>(apiPath('tasks', id), undefined, ac.signal)
      .then((t) => (setTask(t), setError(null)))
      .catch((e) => (e as Error).name !== 'AbortError' && setError(e));
    return () => ac.abort();
  }, [id, tick, poll]);
  useEffect(() => {
    if (!task || !isActive(task)) return;
    const t = setTimeout(() => setPoll((x) => x + 1), 1000);
    return () => clearTimeout(t);
  }, [task]);
  const t = task && task.id === id ? task : null;
  const title = t ? `Task #${id}: ${kindLabel(t.kind, t.target)}` : `Task #${id}`;
  return (
    <Modal title={title} onClose={onClose} wide>
      {error !== null && !t ? (
        <ErrorBox error={error} retry={() => setPoll((x) => x + 1)} />
      ) : !t ? (
        <Loading what="Loading the task" />
      ) : (
        <div class="task-detail" data-task-detail={t.id}>
          <div class="task-status">
            <StateBadge state={t.state} />
            {t.state === 'running' && (
              <span class="task-progress">
                <Meter fraction={t.progress / 100} label={`${t.progress}%`} />
              </span>
            )}
            {t.message && <span class="task-msg-full">{sentence(t.message)}</span>}
          </div>
          {t.error && (
            <div class="task-error" role="alert">
              <strong>{errorTitle(t.error.code)}</strong>
              <p>{sentence(t.error.message)}</p>
              <p class="muted">
                Error code <code>{t.error.code}</code>
              </p>
            </div>
          )}
          <dl class="props">
            <dt>What</dt>
            <dd>
              {kindLabel(t.kind, t.target)} <span class="muted">({t.kind})</span>
            </dd>
            <dt>Target</dt>
            <dd>
              <Target task={t} />
            </dd>
            <dt>Started by</dt>
            <dd>{t.created_by}</dd>
            <dt>Created</dt>
            <dd>
              <Time at={t.created_at} /> <span class="muted">{absTime(t.created_at)}</span>
            </dd>
            <dt>Started</dt>
            <dd>
              {t.started_at ? (
                <>
                  <Time at={t.started_at} /> <span class="muted">{absTime(t.started_at)}</span>
                </>
              ) : (
                <span class="muted">not yet</span>
              )}
            </dd>
            <dt>Finished</dt>
            <dd>
              {t.finished_at ? (
                <>
                  <Time at={t.finished_at} /> <span class="muted">{absTime(t.finished_at)}</span>
                </>
              ) : (
                <span class="muted">{isActive(t) ? 'still going' : '—'}</span>
              )}
            </dd>
            <dt>{t.finished_at ? 'Took' : 'Running for'}</dt>
            <dd>
              <Duration task={t} />
            </dd>
          </dl>
          {t.kind === 'salt.job' ? (
            <SaltResult task={t} />
          ) : (
            t.result && (
              <section>
                <h3>Result</h3>
                <KeyValues data={t.result} />
              </section>
            )
          )}
          <div class="actions">
            <a class="btn" href={`/tasks?kind=${encodeURIComponent(t.kind)}`}>
              More tasks of this kind
            </a>
            {s.canMutate && isActive(t) && (
              <button type="button" class="btn danger" onClick={() => onCancel(t)}>
                Cancel task
              </button>
            )}
            <button type="button" class="btn primary" onClick={onClose}>
              Close
            </button>
          </div>
        </div>
      )}
    </Modal>
  );
}

interface MinionResult {
  returned?: boolean;
  success?: boolean;
  retcode?: number;
  return?: unknown;
}

function SaltResult({ task }: { task: Task }) {
  const res = (task.result?.minions || {}) as Record<string, MinionResult>;
  const targeted = Array.isArray(task.target?.minions) ? (task.target!.minions as string[]) : [];
  const names = [...new Set([...targeted, ...Object.keys(res)])].sort();
  // A deploy giving each gateway its own pillar is one Salt job per gateway ("jids").
  const jids = (task.result?.jids || task.target?.jids) as string[] | undefined;
  const jid = (task.result?.jid || task.target?.jid || jids?.join(', ')) as string | undefined;
  return (
    <section>
      <h3>Nodes</h3>
      {jid && (
        <p class="muted">
          Salt job{jids && jids.length > 1 ? 's' : ''} <code>{jid}</code>
          {typeof task.target?.fun === 'string' && (
            <>
              , function <code>{task.target.fun}</code>
            </>
          )}
        </p>
      )}
      {names.length === 0 ? (
        <p class="muted">{isActive(task) ? 'Waiting for Salt to name the nodes it targets.' : 'No node answered.'}</p>
      ) : (
        <table class="table minions">
          <thead>
            <tr>
              <th>Node</th>
              <th>Outcome</th>
              <th class="num">Exit code</th>
              <th>Output</th>
            </tr>
          </thead>
          <tbody>
            {names.map((n) => {
              const m = res[n];
              const [tone, word] = !m
                ? isActive(task)
                  ? (['info', 'waiting'] as const)
                  : (['muted', 'unknown'] as const)
                : !m.returned
                  ? (['err', 'no answer'] as const)
                  : m.success
                    ? (['ok', 'succeeded'] as const)
                    : (['err', 'failed'] as const);
              return (
                <tr data-minion={n}>
                  <td>
                    <a href={`/nodes/${encodeURIComponent(n)}`}>{n}</a>
                  </td>
                  <td>
                    <Badge tone={tone}>{word}</Badge>
                  </td>
                  <td class="num">{m && m.returned ? (m.retcode ?? '—') : '—'}</td>
                  <td class="minion-out">{m && m.returned ? minionOutput(m.return) : ''}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
