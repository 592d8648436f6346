// pages/audit/filters.ts - the audit log's filters as they stand in the URL (user,
// method, status, since and until as days; the path prefix is the table's search box)
// and as GET /api/audit takes them; statuses and durations in words.

export const METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'];

export interface AuditFilters {
  user: string;
  method: string;
  status: string;
  /** YYYY-MM-DD (UTC), from the start of that day */
  since: string;
  /** YYYY-MM-DD (UTC), to the end of that day */
  until: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function readAuditFilters(q: Record<string, string | undefined>): AuditFilters {
  return {
    user: q.user || '',
    method: METHODS.includes((q.method || '').toUpperCase()) ? (q.method || '').toUpperCase() : '',
    status: q.status || '',
    since: DAY.test(q.since || '') ? q.since! : '',
    until: DAY.test(q.until || '') ? q.until! : '',
  };
}

/** What is wrong with a typed status filter ('' when it is fine or empty). */
export function statusProblem(s: string): string {
  if (!s) return '';
  const n = Number(s);
  return /^\d{3}$/.test(s) && n >= 100 && n <= 599 ? '' : 'An HTTP status such as 403.';
}

/** The day after a YYYY-MM-DD day. */
export function nextDay(day: string): string {
  const t = Date.parse(day + 'T00:00:00Z');
  return new Date(t + 86400000).toISOString().slice(0, 10);
}

/** The query of GET /api/audit; the path prefix comes from the search box. */
export function auditQuery(f: AuditFilters, path: string): Record<string, string | undefined> {
  return {
    user: f.user || undefined,
    method: f.method || undefined,
    status: f.status && !statusProblem(f.status) ? f.status : undefined,
    path: path || undefined,
    since: f.since ? `${f.since}T00:00:00Z` : undefined,
    until: f.until ? `${nextDay(f.until)}T00:00:00Z` : undefined,
  };
}

/** 2xx ok, 3xx info, 4xx warn, 5xx err; no status: the request did not finish. */
export function statusTone(status: number | null): 'ok' | 'info' | 'warn' | 'err' | 'muted' {
  if (status === null) return 'muted';
  if (status < 300) return 'ok';
  if (status < 400) return 'info';
  if (status < 500) return 'warn';
  return 'err';
}

/** 0.76 → "0.8 ms", 22.7 → "23 ms", 1530 → "1.5 s". */
export function millis(ms: number | null): string {
  if (ms === null || !isFinite(ms)) return '—';
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10000 ? 1 : 0)} s`;
}
