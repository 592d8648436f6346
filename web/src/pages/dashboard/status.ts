// pages/dashboard/status.ts - what the dashboard makes of the status: a tone and a
// word for a health severity, a placement-group state and a task state, and the
// order in which the checks are listed (errors first).
import type { TaskState } from '../../api/types';
import type { HealthCheck } from './types';

export type Tone = 'ok' | 'warn' | 'err' | 'info' | 'muted';

export function severityTone(severity: string): [Tone, string] {
  return severity === 'HEALTH_ERR' ? ['err', 'Error'] : severity === 'HEALTH_WARN' ? ['warn', 'Warning'] : ['muted', severity.replace(/^HEALTH_/, '').toLowerCase() || 'unknown'];
}

/** Errors before warnings, muted ones last, then by name. */
export function sortChecks(checks: HealthCheck[]): HealthCheck[] {
  const rank = (c: HealthCheck) => (c.muted ? 2 : 0) + (c.severity === 'HEALTH_ERR' ? 0 : 1);
  return [...checks].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
}

/** States in which a PG cannot serve I/O or has lost track of data. */
const BAD = ['down', 'incomplete', 'inconsistent', 'stale', 'unknown', 'failed_repair', 'snaptrim_error', 'recovery_unfound', 'backfill_unfound', 'backfill_toofull', 'recovery_toofull'];
/** States that are part of normal life for a clean PG. */
const FINE = ['active', 'clean', 'scrubbing', 'deep', 'snaptrim', 'snaptrim_wait', 'laggy', 'wait'];

/** A PG state's tone: active+clean (scrubbing included) is good, inactive or lost is red, the rest amber. */
export function pgTone(state: string): Tone {
  const parts = state.split('+');
  if (parts.some((p) => BAD.includes(p)) || !parts.includes('active')) return 'err';
  if (parts.includes('clean') && parts.every((p) => FINE.includes(p))) return 'ok';
  return 'warn';
}

/** The worst tone first: err, warn, ok. */
export function worst(tones: Tone[]): Tone {
  return tones.includes('err') ? 'err' : tones.includes('warn') ? 'warn' : 'ok';
}

export function taskTone(state: TaskState): Tone {
  return state === 'succeeded' ? 'ok' : state === 'failed' ? 'err' : state === 'running' ? 'info' : 'muted';
}

const TITLES: Record<string, string> = {
  'pool.create': 'Create pool',
  'pool.delete': 'Delete pool',
  'rbd.copy': 'Copy image',
  'rbd.delete': 'Delete image',
  'rbd.flatten': 'Flatten image',
  'rbd.snap_rollback': 'Roll back image',
  'rbd.trash_remove': 'Remove image from trash',
  'salt.job': 'Salt job',
  'maintenance.purge': 'Purge old records',
};

/** A task's kind for people: "pool.delete" → "Delete pool"; unknown kinds "a.b_c" → "B c a". */
export function taskTitle(kind: string): string {
  if (TITLES[kind]) return TITLES[kind];
  const parts = kind.split('.');
  const verb = (parts.pop() || kind).replace(/_/g, ' ');
  const what = parts.join(' ').replace(/_/g, ' ');
  return (verb[0]?.toUpperCase() || '') + verb.slice(1) + (what ? ' ' + what : '');
}
