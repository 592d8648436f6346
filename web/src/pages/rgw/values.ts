// pages/rgw/values.ts - the Object Gateway forms' checks and request bodies, kept free
// of the DOM so that vitest tries them: S3 bucket names, user ids ("tenant$name"),
// quotas (a size typed with its unit, -1 for "no limit"), caps, the default object
// lock retention. The checks say what is wrong in words while typing; the server
// checks again and its field errors land at the same fields.
import type { Cap, CapPerm, CapType, LockMode, NewUserBody, Quota, Retention, RgwUser, UserChanges } from './types';

/** Why name is not an S3 bucket name ('' when it is one). */
export function bucketNameProblem(name: string): string {
  if (!name) return 'A bucket needs a name.';
  if (/[A-Z]/.test(name)) return 'Lowercase letters only: S3 bucket names are like DNS names.';
  if (/[^a-z0-9.-]/.test(name)) return 'Only lowercase letters, digits, dots (.) and hyphens (-).';
  if (name.length < 3 || name.length > 63) return `3 to 63 characters (${name.length} now).`;
  if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name)) return 'Starts and ends with a letter or digit.';
  if (name.includes('..')) return 'No two dots in a row.';
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return 'Not an IP address.';
  return '';
}

/** "tenant$name" → its parts; a user without a tenant has tenant ''. */
export function splitUid(uid: string): { tenant: string; name: string } {
  const i = uid.indexOf('$');
  return i < 0 ? { tenant: '', name: uid } : { tenant: uid.slice(0, i), name: uid.slice(i + 1) };
}

/** Why uid is not a user id RGW takes ('' when it is one). */
export function uidProblem(uid: string): string {
  if (!uid) return 'A user needs an id.';
  if (/[\s\x00-\x1f\x7f]/.test(uid)) return 'No spaces or control characters.';
  if (uid.split('$').length > 2) return 'At most one $, between the tenant and the name.';
  const { tenant, name } = splitUid(uid);
  if (uid.includes('$') && !/^[A-Za-z0-9_]+$/.test(tenant)) return 'A tenant (before the $) is letters, digits and _.';
  if (!name) return 'The name after the $ is missing.';
  if (name.includes(':')) return 'No colon: it separates a user from its subusers (alice:swift).';
  if (tenant.length > 64) return 'A tenant has at most 64 characters.';
  if (name.length > 64) return 'At most 64 characters (after the tenant$).';
  return '';
}

/** Why a subuser name will not do ('' when it will). */
export function subuserProblem(name: string): string {
  if (!name) return 'A subuser needs a name.';
  if (!/^[A-Za-z0-9_.@-]+$/.test(name)) return 'Letters, digits and _ . - @ only.';
  if (name.length > 64) return 'At most 64 characters.';
  return '';
}

export function emailProblem(e: string): string {
  if (!e) return '';
  const at = e.indexOf('@');
  if (e.length > 254 || at < 1 || !e.slice(at + 1).includes('.') || /\s/.test(e)) return 'An address such as s3-owner@example.com.';
  return '';
}

/** An access key or secret someone types (as the server checks them): no spaces; a secret 8 or more characters. */
export function keyProblem(k: string, what: 'access key' | 'secret key'): string {
  if (!k) return `The ${what} is required.`;
  if (/[\s\x00-\x1f\x7f]/.test(k)) return 'No spaces or control characters.';
  if (what === 'access key' && k.includes(':')) return 'No colon.';
  if (what === 'secret key' && k.length < 8) return 'At least 8 characters.';
  if (k.length > 128) return 'At most 128 characters.';
  return '';
}

/** max buckets as typed: '' is the gateway's default. */
export function maxBucketsProblem(s: string): string {
  if (s.trim() === '') return '';
  const n = Number(s);
  if (!/^\s*-?\d+\s*$/.test(s) || n < -1 || n > 100000) return 'A whole number up to 100,000: 0 for no limit, -1 to forbid creating buckets.';
  return '';
}

export const SIZE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;
export type SizeUnit = (typeof SIZE_UNITS)[number];
const unitBytes = (u: string) => Math.pow(1024, Math.max(0, SIZE_UNITS.indexOf(u as SizeUnit)));

/** A quota size (bytes, -1 for none) as the largest unit it is a whole number of: 10 GiB → ['10', 'GiB']. */
export function sizeParts(bytes: number, fallback: SizeUnit = 'GiB'): [string, SizeUnit] {
  if (!(bytes >= 0) || !isFinite(bytes)) return ['', fallback];
  if (bytes === 0) return ['0', fallback];
  for (let i = SIZE_UNITS.length - 1; i > 0; i--) {
    const m = Math.pow(1024, i);
    if (bytes % m === 0) return [String(bytes / m), SIZE_UNITS[i]];
  }
  return [String(bytes), 'B'];
}

/** A typed size and its unit → bytes: '' → -1 (no limit), NaN when it is no size. */
export function partsBytes(amount: string, unit: string): number {
  const a = amount.trim();
  if (a === '') return -1;
  if (!/^\d+(\.\d+)?$/.test(a)) return NaN;
  if (unit === 'B' && a.includes('.')) return NaN;
  const n = Math.round(parseFloat(a) * unitBytes(unit));
  return n > Number.MAX_SAFE_INTEGER ? NaN : n;
}

/** A typed count: '' → -1 (no limit), NaN when it is no whole number. */
export function countValue(s: string): number {
  const a = s.trim();
  if (a === '') return -1;
  if (!/^\d+$/.test(a)) return NaN;
  const n = Number(a);
  return n > Number.MAX_SAFE_INTEGER ? NaN : n;
}

/** One quota as form fields. */
export interface QuotaFields {
  enabled: boolean;
  size: string;
  unit: SizeUnit;
  objects: string;
}

export function quotaFields(q: Quota | undefined): QuotaFields {
  const [size, unit] = sizeParts(q ? q.max_size : -1);
  return { enabled: Boolean(q?.enabled), size, unit, objects: q && q.max_objects >= 0 ? String(q.max_objects) : '' };
}

export function quotaProblems(f: QuotaFields): { size: string; objects: string } {
  return {
    size: isNaN(partsBytes(f.size, f.unit)) ? (f.unit === 'B' ? 'Whole bytes, or empty for no limit.' : 'A number such as 10 or 1.5, or empty for no limit.') : '',
    objects: isNaN(countValue(f.objects)) ? 'A whole number, or empty for no limit.' : '',
  };
}

export function quotaOf(f: QuotaFields): Quota {
  return { enabled: f.enabled, max_size: partsBytes(f.size, f.unit), max_objects: countValue(f.objects) };
}

/** What a quota allows, in words: "10 GiB and 1,000 objects", "no limit". */
export function quotaWords(q: Quota | undefined, bytesText: (n: number) => string): string {
  if (!q || !q.enabled) return 'off';
  const parts = [];
  if (q.max_size >= 0) parts.push(bytesText(q.max_size));
  if (q.max_objects >= 0) parts.push(`${q.max_objects.toLocaleString('en-US')} objects`);
  return parts.length ? parts.join(' and ') : 'on, without limits';
}

export const CAP_TYPES: { type: CapType; help: string }[] = [
  { type: 'users', help: 'users, their keys, subusers and caps' },
  { type: 'buckets', help: 'buckets: list, link, remove, quotas' },
  { type: 'metadata', help: 'the metadata of users and buckets (sync, backup)' },
  { type: 'usage', help: 'usage logs: show and trim' },
  { type: 'zone', help: 'zone and period configuration' },
];

export type CapChoice = '' | CapPerm;
export type CapsState = Record<CapType, CapChoice>;

/** The user's caps as one choice per type ("read, write" is "*"). */
export function capsState(caps: Cap[]): CapsState {
  const s: CapsState = { users: '', buckets: '', metadata: '', usage: '', zone: '' };
  for (const c of caps) {
    // a cap of a type the console does not set (the gateway has more) is left alone
    const type = CAP_TYPES.find((t) => t.type === c.type)?.type;
    if (!type) continue;
    const r = c.perm === '*' || c.perm.includes('read');
    const w = c.perm === '*' || c.perm.includes('write');
    s[type] = r && w ? '*' : r ? 'read' : w ? 'write' : '';
  }
  return s;
}

/** The whole wanted set for PUT .../caps. */
export function capsBody(s: CapsState): { type: CapType; perm: CapPerm }[] {
  return CAP_TYPES.flatMap((c) => {
    const perm = s[c.type];
    return perm ? [{ type: c.type, perm }] : [];
  });
}

/** "users=*, buckets=read" for a table cell; '' for none. */
export function capsWords(caps: Cap[]): string {
  return caps.map((c) => `${c.type}=${c.perm}`).join(', ');
}

/** The details form of a user. */
export interface UserEdit extends Record<string, unknown> {
  display_name: string;
  email: string;
  max_buckets: string;
  suspended: boolean;
}

export function userEdit(u: RgwUser): UserEdit {
  return { display_name: u.display_name, email: u.email || '', max_buckets: String(u.max_buckets), suspended: u.suspended };
}

/** The PATCH body: what changed only. */
export function userEditBody(v: UserEdit, u: RgwUser): UserChanges {
  const b: UserChanges = {};
  if (v.display_name.trim() !== u.display_name) b.display_name = v.display_name.trim();
  if (v.email.trim() !== (u.email || '')) b.email = v.email.trim();
  if (v.max_buckets.trim() !== '' && Number(v.max_buckets) !== u.max_buckets) b.max_buckets = Number(v.max_buckets);
  if (v.suspended !== u.suspended) b.suspended = v.suspended;
  return b;
}

export type KeyMode = 'generate' | 'given' | 'none';

export interface UserCreate extends Record<string, unknown> {
  uid: string;
  display_name: string;
  email: string;
  max_buckets: string;
  suspended: boolean;
  keys: KeyMode;
  access_key: string;
  secret_key: string;
}

export function checkUserCreate(v: UserCreate): Partial<Record<keyof UserCreate & string, string>> {
  return {
    uid: uidProblem(v.uid.trim()),
    display_name: !v.display_name.trim() ? 'Say whose it is, e.g. "Photo archive (team media)".' : v.display_name.trim().length > 256 ? 'At most 256 characters.' : '',
    email: emailProblem(v.email.trim()),
    max_buckets: maxBucketsProblem(v.max_buckets),
    access_key: v.keys === 'given' ? keyProblem(v.access_key, 'access key') : '',
    secret_key: v.keys === 'given' ? keyProblem(v.secret_key, 'secret key') : '',
  };
}

export function userCreateBody(v: UserCreate): NewUserBody {
  const b: NewUserBody = { uid: v.uid.trim(), display_name: v.display_name.trim() };
  if (v.email.trim()) b.email = v.email.trim();
  if (v.max_buckets.trim() !== '') b.max_buckets = Number(v.max_buckets);
  if (v.suspended) b.suspended = true;
  if (v.keys === 'given') {
    b.access_key = v.access_key;
    b.secret_key = v.secret_key;
  } else b.generate_key = v.keys === 'generate';
  return b;
}

/** The default retention of new objects in a bucket with object lock, as form fields. */
export interface RetentionFields extends Record<string, unknown> {
  on: boolean;
  mode: LockMode;
  period: string;
  unit: 'days' | 'years';
}

export function retentionFields(r: Retention | null | undefined): RetentionFields {
  if (!r) return { on: false, mode: 'GOVERNANCE', period: '', unit: 'days' };
  return r.years ? { on: true, mode: r.mode, period: String(r.years), unit: 'years' } : { on: true, mode: r.mode, period: String(r.days ?? ''), unit: 'days' };
}

export function retentionProblem(f: RetentionFields): string {
  if (!f.on) return '';
  const n = Number(f.period);
  const max = f.unit === 'years' ? 100 : 36500;
  if (!/^\d+$/.test(f.period.trim()) || n < 1 || n > max) return `A whole number of ${f.unit}, 1 to ${max.toLocaleString('en-US')}.`;
  return '';
}

/** The PATCH value: null removes the default retention. */
export function retentionBody(f: RetentionFields): Retention | null {
  if (!f.on) return null;
  return f.unit === 'years' ? { mode: f.mode, years: Number(f.period) } : { mode: f.mode, days: Number(f.period) };
}
