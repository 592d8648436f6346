// pages/audit - the audit trail (admins only): every request that changed something
// or tried to, newest first, with its filters in the URL (user, method, status, days;
// the search box is the path prefix). A row expands to its request body as the server
// stored it: secret-looking values are "***" there and stay so here.
import { useEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { list } from '../../api/client';
import type { Schema } from '../../api/openapi';
import { Badge } from '../../components/Health';
import { Page } from '../../components/Page';
import { Table, type Column } from '../../components/Table';
import { Time } from '../../components/Values';
import { KeyValues } from '../../components/KeyValues';
import { METHODS, auditQuery, millis, readAuditFilters, statusProblem, statusTone, type AuditFilters } from './filters';

export type AuditRecord = Schema<'AuditRecord'>;

function auditUrl(changes: Record<string, string | null>): string {
  const u = new URLSearchParams(location.search);
  for (const [k, v] of Object.entries(changes)) (v ? u.set(k, v) : u.delete(k));
  u.delete('page');
  const qs = u.toString();
  return '/admin/audit' + (qs ? '?' + qs : '');
}

/** A text filter applied 400 ms after the last key, kept in step with the URL. */
function useTyped(value: string, apply: (v: string) => void): [string, (v: string) => void] {
  const [typed, setTyped] = useState(value);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => setTyped(value), [value]);
  return [
    typed,
    (v: string) => {
      setTyped(v);
      clearTimeout(timer.current);
      timer.current = setTimeout(() => apply(v.trim()), 400);
    },
  ];
}

function Filters({ f, onChange }: { f: AuditFilters; onChange: (c: Record<string, string | null>) => void }) {
  const [user, setUser] = useTyped(f.user, (v) => onChange({ user: v || null }));
  const [status, setStatus] = useTyped(f.status, (v) => !statusProblem(v) && onChange({ status: v || null }));
  const bad = statusProblem(status.trim());
  const any = Object.values(f).some(Boolean);
  return (
    <div class="filters" role="group" aria-label="Filters">
      <label class="filter">
        <span class="filter-label">User</span>
        <input type="text" name="user" value={user} placeholder="user name" autocomplete="off" spellcheck={false} onInput={(e) => setUser((e.target as HTMLInputElement).value)} />
      </label>
      <label class="filter">
        <span class="filter-label">Method</span>
        <select name="method" value={f.method} onChange={(e) => onChange({ method: (e.target as HTMLSelectElement).value || null })}>
          <option value="">Any</option>
          {METHODS.map((m) => (
            <option value={m}>{m}</option>
          ))}
        </select>
      </label>
      <label class={bad ? 'filter invalid' : 'filter'}>
        <span class="filter-label">Status</span>
        <input
          type="text"
          name="status"
          inputMode="numeric"
          size={5}
          value={status}
          placeholder="e.g. 403"
          aria-invalid={bad ? true : undefined}
          aria-describedby={bad ? 'status-error' : undefined}
          onInput={(e) => setStatus((e.target as HTMLInputElement).value)}
        />
        {bad && (
          <span class="field-error" id="status-error" role="alert">
            {bad}
          </span>
        )}
      </label>
      <label class="filter">
        <span class="filter-label">From</span>
        <input type="date" name="since" value={f.since} max={f.until || undefined} onChange={(e) => onChange({ since: (e.target as HTMLInputElement).value || null })} />
      </label>
      <label class="filter">
        <span class="filter-label">To</span>
        <input type="date" name="until" value={f.until} min={f.since || undefined} onChange={(e) => onChange({ until: (e.target as HTMLInputElement).value || null })} />
      </label>
      <span class="help">Days in UTC, both included.</span>
      {any && (
        <button type="button" class="btn small" onClick={() => onChange({ user: null, method: null, status: null, since: null, until: null })}>
          Clear filters
        </button>
      )}
    </div>
  );
}

function RequestBody({ r }: { r: AuditRecord }) {
  const body = r.request;
  return (
    <div class="audit-request" data-request={r.id}>
      <h3>
        Request body of {r.method} <code>{r.path}</code>
      </h3>
      {body && typeof body === 'object' && !Array.isArray(body) ? (
        <KeyValues data={body as Record<string, unknown>} rawKeys />
      ) : (
        <KeyValues data={{ body }} rawKeys />
      )}
      <p class="help">Values of fields named like password, secret, key or token are never recorded: they show as ***.</p>
    </div>
  );
}

export function Audit() {
  const loc = useLocation();
  const f = readAuditFilters(loc.query);
  const [open, setOpen] = useState<Set<number>>(new Set());
  const toggle = (id: number) =>
    setOpen((o) => {
      const n = new Set(o);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  const columns: Column<AuditRecord>[] = [
    { key: 'at', label: 'Time', sort: 'at', render: (r) => <Time at={r.at} /> },
    {
      key: 'user',
      label: 'User',
      sort: 'user',
      render: (r) => (r.user ? <a href={auditUrl({ user: r.user })} title={`Only ${r.user}’s requests`}>{r.user}</a> : <span class="muted">not logged in</span>),
    },
    { key: 'client', label: 'Client address', render: (r) => (r.client ? <span class="mono">{r.client}</span> : <span class="muted">not recorded</span>) },
    { key: 'method', label: 'Method', sort: 'method', render: (r) => <span class="method">{r.method}</span> },
    { key: 'path', label: 'Path', sort: 'path', render: (r) => <code class="audit-path">{r.path}</code> },
    {
      key: 'status',
      label: 'Status',
      sort: 'status',
      render: (r) => <Badge tone={statusTone(r.status)}>{r.status === null ? 'unfinished' : String(r.status)}</Badge>,
    },
    { key: 'duration', label: 'Took', numeric: true, render: (r) => millis(r.duration_ms) },
    { key: 'task', label: 'Task', render: (r) => (r.task_id ? <a href={`/tasks?task=${r.task_id}`}>#{r.task_id}</a> : <span class="muted">—</span>) },
  ];
  return (
    <Page title="Audit log" sub="Every request that changed something or tried to, logins included. Newest first.">
      <Filters f={f} onChange={(c) => loc.route(auditUrl(c), true)} />
      <Table<AuditRecord>
        id="audit"
        urlState
        columns={columns}
        defaultSort="-at"
        pageSize={50}
        searchLabel="Path starts with…"
        rowKey={(r) => String(r.id)}
        reload={JSON.stringify(f)}
        load={(q, signal) => list<AuditRecord>('/api/audit', { offset: q.offset, limit: q.limit, sort: q.sort, ...auditQuery(f, q.search) }, signal)}
        emptyTitle={Object.values(f).some(Boolean) ? 'Nothing matches' : undefined}
        empty="Nothing is recorded in this period. Every change made through openATTIC shows up here."
        actions={(r) =>
          r.request === null ? (
            <span class="muted">no body</span>
          ) : (
            <button type="button" class="btn small" aria-expanded={open.has(r.id)} onClick={() => toggle(r.id)}>
              {open.has(r.id) ? 'Hide request' : 'Request'}
            </button>
          )
        }
        expand={(r) => (open.has(r.id) && r.request !== null ? <RequestBody r={r} /> : null)}
      />
    </Page>
  );
}
