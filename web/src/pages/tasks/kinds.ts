// pages/tasks/kinds.ts - tasks in words: the kinds the server runs (fcgi/taskkinds.c)
// as a person says them, the object a task is about (linked to its page where there is
// one), error codes in words, durations. Unknown kinds and codes are shown as they are.
import type { Task, TaskState } from '../../api/types';
import { clusterHref } from '../../lib/session';

/** Every kind of task this version of openATTIC runs, in words. */
export const KINDS: Record<string, string> = {
  'pool.create': 'Create pool',
  'pool.delete': 'Delete pool',
  'rbd.delete': 'Delete image',
  'rbd.copy': 'Copy image',
  'rbd.flatten': 'Flatten image',
  'rbd.snap_rollback': 'Roll back image',
  'rbd.trash_remove': 'Purge image from trash',
  'rgw.user_delete': 'Delete Object Gateway user with its buckets',
  'rgw.bucket_delete': 'Delete bucket with its objects',
  'cephfs.create': 'Create file system',
  'cephfs.delete': 'Delete file system',
  'salt.job': 'Salt job',
  'maintenance.purge': 'Database housekeeping',
};

/** What a Salt job is for (target.kind of deploy jobs, else the Salt function). */
const SALT_PURPOSE: Record<string, string> = {
  'iscsi.deploy': 'Deploy iSCSI gateways',
  'nfs.deploy': 'Deploy NFS gateways',
};
const SALT_FUNS: Record<string, string> = {
  'test.ping': 'Ping nodes',
  'state.apply': 'Apply Salt state',
};

const str = (o: Record<string, unknown> | null | undefined, k: string): string => {
  const v = o ? o[k] : undefined;
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
};

/** "pool.create" → "Create pool"; a Salt job by its purpose; unknown kinds as they are. */
export function kindLabel(kind: string, target?: Record<string, unknown> | null): string {
  if (kind === 'salt.job') {
    const purpose = SALT_PURPOSE[str(target, 'kind')];
    if (purpose) return purpose;
    const fun = str(target, 'fun');
    if (fun) return SALT_FUNS[fun] || `Salt job ${fun}`;
  }
  return KINDS[kind] || kind;
}

export const STATES: TaskState[] = ['queued', 'running', 'succeeded', 'failed', 'cancelled'];

export const isActive = (t: Pick<Task, 'state'>) => t.state === 'queued' || t.state === 'running';

/** A state's badge tone (the word is the state itself). */
export function stateTone(s: string): 'ok' | 'warn' | 'err' | 'info' | 'muted' {
  switch (s) {
    case 'succeeded':
      return 'ok';
    case 'failed':
      return 'err';
    case 'cancelled':
      return 'warn';
    case 'running':
      return 'info';
    default:
      return 'muted';
  }
}

/** One piece of a task's target: its words and, where the object has a page, a link. */
export interface TargetPart {
  text: string;
  href?: string;
}

/** The object(s) a task is about, for the target column and the detail. */
export function targetParts(t: Pick<Task, 'kind' | 'state' | 'target'>): TargetPart[] {
  const g = t.target || {};
  const s = (k: string) => str(g, k);
  const fsid = s('fsid');
  // What a successful delete removed has no page any more.
  const gone = t.state === 'succeeded' && /[._](delete|trash_remove)$/.test(t.kind);
  const link = (href: string) => (fsid && !gone ? href : undefined);
  const image = (pool: string, ns: string, name: string): TargetPart => ({
    text: [pool, ns, name].filter(Boolean).join('/'),
    href: link(clusterHref(fsid, 'images', pool, name) + (ns ? `?namespace=${encodeURIComponent(ns)}` : '')),
  });
  if (t.kind.startsWith('pool.') && s('pool')) return [{ text: s('pool'), href: link(clusterHref(fsid, 'pools', s('pool'))) }];
  if (t.kind === 'rbd.trash_remove') return [{ text: `${[s('pool'), s('namespace')].filter(Boolean).join('/')} trash entry ${s('id')}`, href: link(clusterHref(fsid, 'trash')) }];
  if (t.kind.startsWith('rbd.') && s('image')) {
    const parts = [image(s('pool'), s('namespace'), s('image'))];
    if (t.kind === 'rbd.snap_rollback' && s('snapshot')) parts[0].text += `@${s('snapshot')}`;
    if (t.kind === 'rbd.copy' && s('dest_image')) {
      const dest = image(s('dest_pool'), s('dest_namespace'), s('dest_image'));
      if (t.state !== 'succeeded') delete dest.href;
      dest.text = '→ ' + dest.text;
      parts.push(dest);
    }
    return parts;
  }
  if (t.kind === 'rgw.user_delete' && s('uid')) return [{ text: s('uid'), href: link(clusterHref(fsid, 'rgw', 'users', s('uid'))) }];
  if (t.kind === 'rgw.bucket_delete' && s('bucket')) return [{ text: s('bucket'), href: link(clusterHref(fsid, 'rgw', 'buckets', s('bucket'))) }];
  // A file system is target.fs (the handlers), or target.name.
  const fs = s('fs') || s('name');
  if (t.kind.startsWith('cephfs.') && fs) return [{ text: fs, href: link(clusterHref(fsid, 'cephfs', fs)) }];
  if (t.kind === 'salt.job') {
    const parts: TargetPart[] = [];
    if (s('kind') === 'iscsi.deploy') parts.push({ text: 'iSCSI targets', href: link(clusterHref(fsid, 'iscsi')) });
    if (s('kind') === 'nfs.deploy') parts.push({ text: 'NFS exports', href: link(clusterHref(fsid, 'nfs')) });
    const minions = Array.isArray(g.minions) ? g.minions.filter((m): m is string => typeof m === 'string') : [];
    if (minions.length) for (const m of minions) parts.push({ text: m, href: `/nodes/${encodeURIComponent(m)}` });
    else if (s('tgt')) parts.push({ text: `nodes matching ${s('tgt')}` });
    return parts;
  }
  if (s('what')) return [{ text: s('what') }];
  // An unknown kind: its target's plain values, without the cluster id.
  const plain = Object.entries(g)
    .filter(([k, v]) => k !== 'fsid' && (typeof v === 'string' || typeof v === 'number') && v !== '')
    .map(([k, v]) => `${k} ${v}`);
  return plain.length ? [{ text: plain.join(', ') }] : [];
}

/** Error codes tasks fail with, in words (fcgi task_fail calls). */
const ERRORS: Record<string, string> = {
  ceph_error: 'Ceph refused',
  cluster_unreachable: 'The cluster did not answer',
  cluster_not_found: 'The cluster is no longer configured',
  database_unavailable: 'The database failed',
  image_exists: 'The image already exists',
  pool_exists: 'The pool already exists',
  pgs_not_active: 'Placement groups did not become active',
  fs_exists: 'The file system already exists',
  fs_not_found: 'The file system is gone',
  no_standby_mds: 'No MDS was free to serve the file system',
  mds_not_active: 'The file system’s MDS did not become active',
  rgw_error: 'The Object Gateway refused',
  rgw_unreachable: 'The Object Gateway did not answer',
  trash_deferred: 'The image is protected in the trash',
  minions_failed: 'Some nodes failed',
  no_minions: 'No node matched',
  salt_unreachable: 'Salt did not answer',
  salt_auth: 'Salt refused openATTIC’s login',
  salt_error: 'Salt answered with an error',
  not_found: 'Not found',
  busy: 'In use',
  unknown_kind: 'This version cannot run such a task',
  bad_task: 'The task is damaged',
  failed: 'Failed',
};

/** "pgs_not_active" → "Placement groups did not become active"; unknown codes in plain words. */
export function errorTitle(code: string): string {
  if (ERRORS[code]) return ERRORS[code];
  const w = code.replace(/[_.]+/g, ' ').trim();
  return w ? w[0].toUpperCase() + w.slice(1) : 'Failed';
}

/** Seconds as a person reads them: "< 1 s", "42 s", "3 min 5 s", "2 h 3 min", "1 d 4 h". */
export function seconds(s: number): string {
  if (!isFinite(s) || s < 0) return '—';
  if (s < 1) return '< 1 s';
  const n = Math.round(s);
  if (n < 60) return `${n} s`;
  if (n < 3600) return n % 60 ? `${Math.floor(n / 60)} min ${n % 60} s` : `${n / 60} min`;
  if (n < 86400) {
    const m = Math.floor((n % 3600) / 60);
    return m ? `${Math.floor(n / 3600)} h ${m} min` : `${Math.floor(n / 3600)} h`;
  }
  const h = Math.floor((n % 86400) / 3600);
  return h ? `${Math.floor(n / 86400)} d ${h} h` : `${Math.floor(n / 86400)} d`;
}

/** How long a task ran (or has been running); null when it never started. */
export function taskSeconds(t: Pick<Task, 'started_at' | 'finished_at'>, now = Date.now()): number | null {
  if (!t.started_at) return null;
  const a = Date.parse(t.started_at);
  const b = t.finished_at ? Date.parse(t.finished_at) : now;
  return isNaN(a) || isNaN(b) ? null : Math.max(0, (b - a) / 1000);
}

/** The filters of the tasks page as they stand in its URL. */
export interface TaskFilters {
  state: string[];
  kind: string;
  created_by: string;
}

/** Reads ?state=queued,running&kind=…&created_by=… (unknown states dropped). */
export function readFilters(q: Record<string, string | undefined>): TaskFilters {
  const state = (q.state || '')
    .split(',')
    .map((x) => x.trim())
    .filter((x): x is TaskState => (STATES as string[]).includes(x));
  return { state: STATES.filter((s) => state.includes(s)), kind: q.kind || '', created_by: q.created_by || '' };
}

/** The query of GET /api/tasks for the filters. */
export function filterQuery(f: TaskFilters): Record<string, string | undefined> {
  return { state: f.state.length ? f.state.join(',') : undefined, kind: f.kind || undefined, created_by: f.created_by || undefined };
}

/**
 * A minion's answer to a Salt job in a line: a plain value as it is; a state run
 * ("state.apply") as counts and the first failure's comment; anything else by its size.
 */
export function minionOutput(ret: unknown): string {
  if (ret === null || ret === undefined) return '—';
  if (typeof ret === 'boolean') return ret ? 'True' : 'False';
  if (typeof ret === 'string') return ret.length > 300 ? ret.slice(0, 300) + '…' : ret;
  if (typeof ret === 'number') return String(ret);
  if (Array.isArray(ret)) return ret.length === 1 ? '1 item' : `${ret.length} items`;
  const states = Object.values(ret as Record<string, unknown>).filter(
    (v): v is Record<string, unknown> => Boolean(v) && typeof v === 'object' && 'result' in (v as object),
  );
  if (states.length && states.length === Object.keys(ret as object).length) {
    const failed = states.filter((s) => s.result === false);
    const changed = states.filter((s) => s.changes && typeof s.changes === 'object' && Object.keys(s.changes as object).length > 0);
    const first = failed.sort((a, b) => Number(a.__run_num__ ?? 0) - Number(b.__run_num__ ?? 0))[0];
    let line = `${states.length} ${states.length === 1 ? 'state' : 'states'}: ${changed.length} changed, ${failed.length} failed`;
    if (first && typeof first.comment === 'string') line += ` — ${first.comment}`;
    return line;
  }
  const n = Object.keys(ret as object).length;
  return n === 1 ? '1 value' : `${n} values`;
}
