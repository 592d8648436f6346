// pages/nfs/values.ts - the NFS export form's values and their checks, which mirror
// fcgi/nfs_check.c (strings Ganesha can quote, absolute paths, the FSAL's required
// fields, a pseudo path unique across the exports, client blocks' addresses); and the
// request body the form sends. An RGW export picked from the Object Gateway's lists
// sends no keys (the server takes the user's S3 key from the gateway); keys entered by
// hand are sent, and a stored secret is kept when left empty.
import type { Errors } from '../../components/Form';
import type { Export, ExportReplacement, NewExport } from './types';

export interface ClientRow {
  addresses: string;
  access_type: string;
  squash: string;
}

/** The form's values, named as the API's error fields name them. */
export interface ExportValues extends Record<string, unknown> {
  host: string;
  'fsal.name': string;
  /** CEPH: the CephFS path; RGW: the bucket */
  path: string;
  'fsal.user_id': string;
  'fsal.fs_name': string;
  'fsal.access_key_id': string;
  'fsal.secret_access_key': string;
  /** RGW: the keys are typed (else the server takes the user's S3 key from the gateway) */
  manual_keys: boolean;
  pseudo: string;
  access_type: string;
  squash: string;
  protocols: string[];
  transports: string[];
  clients: ClientRow[];
}

/** A string Ganesha can take in quotes: no quotes, backslashes or control characters. */
export function unsafe(s: string): boolean {
  return s.length > 1024 || /["\\\x00-\x1f\x7f]/.test(s);
}

/** "10.0.0.0/24, host1 host2" → the addresses. */
export function splitAddresses(s: string): string[] {
  return s.split(/[\s,]+/).filter(Boolean);
}

const QUOTES = 'No quotes, backslashes or control characters.';

/**
 * What the form knows of the Object Gateway. gateway: it lists its users, so user and
 * bucket are picked and the keys may come from it (false: no gateway keys in openATTIC,
 * or it does not answer: everything typed). s3Key: whether the picked user has an S3
 * key (undefined while unknown).
 */
export interface RgwContext {
  gateway: boolean;
  s3Key?: boolean;
}

/** Whether the RGW keys are typed: by choice, or because the gateway cannot give them. */
export const keysByHand = (v: ExportValues, rgw: RgwContext) => !rgw.gateway || v.manual_keys;

/**
 * Every problem, keyed by the field the API would blame. `others` are the other
 * exports; `gw` what the form knows of the Object Gateway (default: nothing, keys typed).
 */
/** An absolute path as the server stores it: "//" collapsed, no trailing "/"; null with "." or "..". */
export function normPath(p: string): string | null {
  const parts = p.split('/').filter((x) => x);
  if (parts.some((x) => x === '.' || x === '..')) return null;
  return '/' + parts.join('/');
}

const DOTS = 'Give the path itself, without "." or ".." (Ganesha would serve another one).';
// What Ganesha reads bare in Clients = ...: host names, addresses, networks, wildcards, @netgroups.
const BARE_ADDRESS = /^[A-Za-z0-9.:/_*?@-]+$/;

export function checkExport(v: ExportValues, orig: Export | undefined, others: Export[], gw: RgwContext = { gateway: false }): Record<string, string> {
  const e: Record<string, string> = {};
  const rgw = v['fsal.name'] === 'RGW';
  const picked = rgw && gw.gateway;
  const str = (k: keyof ExportValues & string, required: string) => {
    const s = String(v[k] ?? '');
    if (!s) {
      if (required) e[k] = required;
    } else if (unsafe(s)) e[k] = QUOTES;
  };
  if (v.host && !/^[A-Za-z0-9._-]{1,253}$/.test(v.host)) e.host = 'A Ganesha host is a minion id: letters, digits, . _ -';
  str('path', rgw ? (picked ? 'Pick the bucket to export.' : 'The bucket to export is required.') : 'The CephFS path to export is required.');
  if (!e.path && !rgw && !v.path.startsWith('/')) e.path = 'An absolute CephFS path, starting with /.';
  else if (!e.path && !rgw && normPath(v.path) === null) e.path = DOTS;
  str('fsal.user_id', rgw ? (picked ? 'Pick the Object Gateway user that owns the bucket.' : 'The RGW user is required.') : 'The Ceph user Ganesha connects as is required.');
  if (!rgw) str('fsal.fs_name', '');
  if (rgw && keysByHand(v, gw)) {
    str('fsal.access_key_id', "The RGW user's access key is required.");
    const stored = orig?.fsal.name === 'RGW' ? orig.fsal : undefined;
    const keep = Boolean(stored?.secret_access_key_set);
    str('fsal.secret_access_key', keep ? '' : "The RGW user's secret key is required.");
    // The stored secret is the old user's: another user's export needs that user's keys.
    if (!e['fsal.access_key_id'] && keep && !v['fsal.secret_access_key'] && stored?.user_id && v['fsal.user_id'] !== stored.user_id && v['fsal.access_key_id'] === stored.access_key_id)
      e['fsal.access_key_id'] = gw.gateway
        ? `These are the stored keys of ${stored.user_id}: type the keys of ${v['fsal.user_id']}, or take them from the Object Gateway.`
        : `These are the stored keys of ${stored.user_id}: type the keys of ${v['fsal.user_id']}.`;
  } else if (picked && v['fsal.user_id'] && !e['fsal.user_id'] && gw.s3Key === false)
    e['fsal.user_id'] = `${v['fsal.user_id']} has no S3 key for the export to use: add one on the user's Keys tab (Object Gateway → Users), or enter keys by hand.`;
  if (v.protocols.length === 0) e.protocols = 'Choose NFSv3, NFSv4 or both.';
  if (v.transports.length === 0) e.transports = 'Choose TCP, UDP or both.';
  else if (v.protocols.includes('4') && !v.transports.includes('TCP')) e.transports = 'NFSv4 needs TCP.';
  if (!v.pseudo) {
    if (v.protocols.includes('4')) e.pseudo = 'NFSv4 needs a pseudo path (where the export appears in the NFSv4 namespace).';
  } else if (unsafe(v.pseudo)) e.pseudo = QUOTES;
  else if (!v.pseudo.startsWith('/')) e.pseudo = 'An absolute path, starting with /.';
  else if (normPath(v.pseudo) === null) e.pseudo = DOTS;
  else {
    const p = normPath(v.pseudo);
    const twin = others.find((x) => x.pseudo === p && x.id !== orig?.id);
    if (twin) e.pseudo = `Export ${twin.id} already uses the pseudo path ${p}.`;
  }
  v.clients.forEach((c, i) => {
    const a = splitAddresses(c.addresses);
    if (!a.length) e[`clients[${i}].addresses`] = 'One or more host names, IP addresses or networks (10.0.0.0/24).';
    else if (a.some(unsafe)) e[`clients[${i}].addresses`] = QUOTES;
    else if (!a.every((x) => BARE_ADDRESS.test(x)))
      e[`clients[${i}].addresses`] = 'Host names, IP addresses, networks (10.0.0.0/24), wildcards or @netgroups: letters, digits and . : / _ - * ? @ only.';
  });
  return e;
}

export function formErrors(checks: Record<string, string>): Errors<ExportValues> {
  const e: Record<string, string> = {};
  for (const [k, m] of Object.entries(checks)) {
    const top = k.startsWith('clients[') ? 'clients' : k;
    if (!e[top]) e[top] = top === k ? m : 'Check the client blocks.';
  }
  return e as Errors<ExportValues>;
}

export function initialExport(x?: Export): ExportValues {
  const f = x?.fsal;
  return {
    host: x?.host || '',
    'fsal.name': f?.name || 'CEPH',
    path: x?.path || '',
    'fsal.user_id': f?.user_id || (x ? '' : 'admin'),
    'fsal.fs_name': (f?.name === 'CEPH' && f.fs_name) || '',
    'fsal.access_key_id': (f?.name === 'RGW' && f.access_key_id) || '',
    'fsal.secret_access_key': '',
    // An export with stored keys keeps them unless told otherwise.
    manual_keys: Boolean(f?.name === 'RGW' && f.access_key_id),
    pseudo: x?.pseudo || '',
    access_type: x?.access_type || 'RW',
    squash: x?.squash || 'no_root_squash',
    protocols: x ? x.protocols.map(String) : ['4'],
    transports: x ? [...x.transports] : ['TCP'],
    clients: (x?.clients || []).map((c) => ({ addresses: c.addresses.join(', '), access_type: c.access_type || '', squash: c.squash || '' })),
  };
}

/**
 * The request body: POST, or PUT with the version read. RGW keys only when typed (`gw`
 * as for checkExport): else the server takes the user's from the gateway. A typed
 * secret left empty is kept.
 */
export function exportBody(v: ExportValues, orig?: Export, gw: RgwContext = { gateway: false }): NewExport | ExportReplacement {
  const rgw = v['fsal.name'] === 'RGW';
  const fsal: Record<string, string> = { name: v['fsal.name'], user_id: v['fsal.user_id'] };
  if (!rgw && v['fsal.fs_name']) fsal.fs_name = v['fsal.fs_name'];
  if (rgw && keysByHand(v, gw)) {
    fsal.access_key_id = v['fsal.access_key_id'];
    if (v['fsal.secret_access_key']) fsal.secret_access_key = v['fsal.secret_access_key'];
  }
  const b: Omit<NewExport, 'id'> = {
    ...(v.host ? { host: v.host } : {}),
    path: v.path,
    ...(v.pseudo ? { pseudo: v.pseudo } : {}),
    fsal,
    access_type: v.access_type,
    squash: v.squash,
    protocols: ['3', '4'].filter((p) => v.protocols.includes(p)).map(Number),
    transports: ['TCP', 'UDP'].filter((t) => v.transports.includes(t)),
    clients: v.clients.map((c) => {
      const o: Export['clients'][number] = { addresses: splitAddresses(c.addresses) };
      if (c.access_type) o.access_type = c.access_type;
      if (c.squash) o.squash = c.squash;
      return o;
    }),
  };
  return orig ? { version: orig.version, ...b } : b;
}
