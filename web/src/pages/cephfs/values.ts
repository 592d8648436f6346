// pages/cephfs/values.ts - the CephFS pages' words, checks and request bodies, kept
// free of the DOM so that vitest tries them: file system states and MDS states in
// words with their tones, the names the server takes (file systems, subvolumes,
// directories, snapshots), paths (normalised as the server does, their parents for
// the breadcrumbs), modes ("0755" → rwxr-xr-x), sizes typed with a unit, quotas.
import type { DirQuota, NewFileSystem, NewGroup, NewSubvolume, QuotaBody } from './types';

export type Tone = 'ok' | 'warn' | 'err' | 'info' | 'muted';

/** A file system's state: its badge tone and words (never colour alone). */
export function fsStateWords(state: string): [Tone, string] {
  switch (state) {
    case 'active':
      return ['ok', 'active'];
    case 'degraded':
      return ['warn', 'degraded'];
    case 'creating':
      return ['info', 'creating'];
    case 'no_mds':
      return ['err', 'no MDS'];
    default:
      return ['muted', state ? state.replace(/_/g, ' ') : 'unknown'];
  }
}

/** What a file system's state means for its users, in a sentence. */
export function fsStateHelp(state: string): string {
  switch (state) {
    case 'active':
      return 'Every rank is held by an active MDS: clients can use it.';
    case 'degraded':
      return 'A rank is not active (an MDS is replaying, failed or laggy): clients may hang until it is.';
    case 'creating':
      return 'Its first MDS is starting up.';
    case 'no_mds':
      return 'No MDS holds its ranks: it cannot be used until an MDS daemon is free to take them.';
    default:
      return '';
  }
}

/** An MDS daemon's state ("up:active") in words and tone. */
export function mdsStateWords(state: string): [Tone, string] {
  const s = state.replace(/^up:/, '').replace(/^down:/, '');
  if (s === 'active') return ['ok', 'active'];
  if (s === 'standby') return ['info', 'standby'];
  if (s === 'standby-replay') return ['info', 'standby-replay'];
  if (/failed|damaged|stopped/.test(s)) return ['err', s];
  return ['warn', s || 'unknown'];
}

const NAME = /^[A-Za-z0-9_.-]+$/;

/** Why name is no file system name ('' when it is one). */
export function fsNameProblem(name: string): string {
  if (!name) return 'A file system needs a name.';
  if (!NAME.test(name)) return 'Only letters, digits, _ . and -.';
  if (name.length > 64) return `At most 64 characters (${name.length} now).`;
  return '';
}

/** Why name is no subvolume, group or subvolume snapshot name ('' when it is one). */
export function volNameProblem(name: string, noun = 'A subvolume'): string {
  if (!name) return `${noun} needs a name.`;
  if (!NAME.test(name)) return 'Only letters, digits, _ . and -.';
  if (name[0] === '.' || name[0] === '_') return 'It does not start with . or _.';
  if (name.length > 128) return `At most 128 characters (${name.length} now).`;
  return '';
}

const bytesOf = (s: string) => new TextEncoder().encode(s).length;

/** Why name is no name of a new directory ('' when it is one). */
export function dirNameProblem(name: string): string {
  if (!name) return 'A directory needs a name.';
  if (name.includes('/')) return 'A name, not a path: no /.';
  if (name === '.' || name === '..') return 'Not . or ..';
  if (/[\x00-\x1f\x7f]/.test(name)) return 'No control characters.';
  if (bytesOf(name) > 255) return 'At most 255 bytes.';
  return '';
}

/** Why name is no name of a directory's snapshot ('' when it is one). */
export function snapNameProblem(name: string): string {
  if (!name) return 'A snapshot needs a name.';
  if (name.includes('/')) return 'No /.';
  if (name === '.' || name === '..') return 'Not . or ..';
  if (name[0] === '_') return 'It does not start with _ (CephFS names the snapshots a directory inherits so).';
  if (/[\x00-\x1f\x7f]/.test(name)) return 'No control characters.';
  if (bytesOf(name) > 255) return 'At most 255 bytes.';
  return '';
}

/** Why mode is no octal mode such as 0755 ('' when it is one; '' is the default). */
export function modeProblem(mode: string): string {
  const m = mode.trim();
  if (!m) return '';
  if (!/^[0-7]{3,4}$/.test(m)) return '3 or 4 octal digits, such as 0755.';
  return '';
}

/** "0755" → "rwxr-xr-x" (with d for a directory); unknown modes as they are. */
export function modeText(mode: string | null | undefined, dir = false): string {
  if (!mode || !/^[0-7]{3,4}$/.test(mode)) return mode || '—';
  const m = parseInt(mode, 8);
  const rwx = (b: number, special: number, ch: string) =>
    (b & 4 ? 'r' : '-') + (b & 2 ? 'w' : '-') + (special ? (b & 1 ? ch : ch.toUpperCase()) : b & 1 ? 'x' : '-');
  return (
    (dir ? 'd' : '-') +
    rwx((m >> 6) & 7, m & 0o4000, 's') +
    rwx((m >> 3) & 7, m & 0o2000, 's') +
    rwx(m & 7, m & 0o1000, 't')
  );
}

/** A path as the server takes it: absolute, "//" and "/./" collapsed, no trailing "/". */
export function normPath(p: string): string {
  const parts = p.split('/').filter((x) => x && x !== '.');
  return '/' + parts.join('/');
}

/** Whether p has a ".." part (the server refuses them: 422 on path). */
export const hasDotDot = (p: string) => p.split('/').includes('..');

/** "/a/b" → ["/", "/a", "/a/b"] (the breadcrumbs). */
export function parents(path: string): string[] {
  const parts = normPath(path).split('/').filter(Boolean);
  return ['/', ...parts.map((_, i) => '/' + parts.slice(0, i + 1).join('/'))];
}

/** The directory above p ("/" for "/"). */
export function parentOf(p: string): string {
  const all = parents(p);
  return all[Math.max(0, all.length - 2)];
}

/** name in dir: joinPath("/", "a") = "/a". */
export function joinPath(dir: string, name: string): string {
  const d = normPath(dir);
  return (d === '/' ? '' : d) + '/' + name;
}

/** The last part of a path ("/" for the root). */
export const baseName = (p: string) => (normPath(p) === '/' ? '/' : normPath(p).split('/').pop() || '/');

export const SIZE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;
export type SizeUnit = (typeof SIZE_UNITS)[number];

/** A size in bytes as the largest unit it is a whole number of: 10 GiB → ['10', 'GiB']; 0 or none → ['', fallback]. */
export function sizeParts(bytes: number | null | undefined, fallback: SizeUnit = 'GiB'): [string, SizeUnit] {
  if (!bytes || bytes < 0 || !isFinite(bytes)) return ['', fallback];
  for (let i = SIZE_UNITS.length - 1; i > 0; i--) {
    const m = Math.pow(1024, i);
    if (bytes % m === 0) return [String(bytes / m), SIZE_UNITS[i]];
  }
  return [String(bytes), 'B'];
}

/** A typed size and its unit → bytes: '' or 0 → 0 (none), NaN when it is no size. */
export function sizeBytes(amount: string, unit: string): number {
  const a = amount.trim();
  if (a === '') return 0;
  if (!/^\d+(\.\d+)?$/.test(a)) return NaN;
  if (unit === 'B' && a.includes('.')) return NaN;
  const n = Math.round(parseFloat(a) * Math.pow(1024, Math.max(0, SIZE_UNITS.indexOf(unit as SizeUnit))));
  return n > Number.MAX_SAFE_INTEGER ? NaN : n;
}

/** A typed count: '' → 0 (none), NaN when it is no whole number. */
export function countValue(s: string): number {
  const a = s.trim();
  if (a === '') return 0;
  if (!/^\d+$/.test(a)) return NaN;
  const n = Number(a);
  return n > Number.MAX_SAFE_INTEGER ? NaN : n;
}

/** What a directory's quota allows, in words: "10 GiB and 1,000 files", "none". */
export function quotaWords(q: DirQuota | null | undefined, bytesText: (n: number) => string): string {
  if (!q) return 'none';
  const parts = [];
  if (q.max_bytes > 0) parts.push(bytesText(q.max_bytes));
  if (q.max_files > 0) parts.push(`${q.max_files.toLocaleString('en-US')} files`);
  return parts.length ? parts.join(' and ') : 'none';
}

/** The quota form's fields. */
export interface QuotaValues extends Record<string, unknown> {
  max_bytes: string;
  unit: SizeUnit;
  max_files: string;
}

export function quotaValues(q: DirQuota | null | undefined): QuotaValues {
  const [max_bytes, unit] = sizeParts(q?.max_bytes);
  return { max_bytes, unit, max_files: q && q.max_files > 0 ? String(q.max_files) : '' };
}

export function quotaProblems(v: QuotaValues): { max_bytes: string; max_files: string } {
  return {
    max_bytes: isNaN(sizeBytes(v.max_bytes, v.unit)) ? (v.unit === 'B' ? 'Whole bytes, or empty for no limit.' : 'A number such as 10 or 1.5, or empty for no limit.') : '',
    max_files: isNaN(countValue(v.max_files)) ? 'A whole number, or empty for no limit.' : '',
  };
}

/** The PUT body: 0 removes a limit. */
export function quotaBody(v: QuotaValues): QuotaBody {
  return { max_bytes: sizeBytes(v.max_bytes, v.unit), max_files: countValue(v.max_files) };
}

/** A fraction of a pool used (used / (used + avail)); 0 when it holds nothing. */
export function poolFraction(p: { used: number; avail: number }): number {
  const all = p.used + p.avail;
  return all > 0 ? p.used / all : 0;
}

/** The create form of a file system. */
export interface FsCreate extends Record<string, unknown> {
  name: string;
  /** '' = make cephfs.<name>.meta */
  metadata_pool: string;
  /** '' = make cephfs.<name>.data */
  data_pool: string;
}

export function fsCreateBody(v: FsCreate): NewFileSystem {
  const b: NewFileSystem = { name: v.name.trim() };
  if (v.metadata_pool) b.metadata_pool = v.metadata_pool;
  if (v.data_pool) b.data_pool = v.data_pool;
  return b;
}

export function fsCreateProblems(v: FsCreate): Partial<Record<keyof FsCreate & string, string>> {
  return {
    name: fsNameProblem(v.name.trim()),
    data_pool: v.data_pool && v.data_pool === v.metadata_pool ? 'The data pool must not be the metadata pool.' : '',
  };
}

/** The create form of a subvolume (and, without size, of a group). */
export interface VolCreate extends Record<string, unknown> {
  name: string;
  group: string;
  size: string;
  unit: SizeUnit;
  mode: string;
  pool_layout: string;
  namespace_isolated: boolean;
}

export function volCreateProblems(v: VolCreate, noun = 'A subvolume'): Partial<Record<keyof VolCreate & string, string>> {
  return {
    name: volNameProblem(v.name.trim(), noun),
    size: isNaN(sizeBytes(v.size, v.unit)) ? 'A number such as 10 or 1.5, or empty for no limit.' : '',
    mode: modeProblem(v.mode),
  };
}

/** POST .../subvolumes (with group: POST .../subvolume-groups takes name, mode and pool_layout). */
export function volCreateBody(v: VolCreate, kind: 'subvolume' | 'group' = 'subvolume'): NewSubvolume | NewGroup {
  const b: NewSubvolume = { name: v.name.trim() };
  if (kind === 'subvolume' && v.group) b.group = v.group;
  const size = sizeBytes(v.size, v.unit);
  if (kind === 'subvolume' && size > 0) b.size = size;
  if (v.mode.trim()) b.mode = v.mode.trim().padStart(4, '0');
  if (v.pool_layout) b.pool_layout = v.pool_layout;
  if (kind === 'subvolume' && v.namespace_isolated) b.namespace_isolated = true;
  return b;
}

/** The PATCH body of a resize: '' or 0 is unlimited (null). */
export function resizeBody(size: string, unit: string): { size: number | null } {
  const n = sizeBytes(size, unit);
  return { size: n > 0 ? n : null };
}
