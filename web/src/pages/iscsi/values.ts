// pages/iscsi/values.ts - the iSCSI target form's values and their checks, which mirror
// fcgi/iscsi_check.c: the IQN (iqn.YYYY-MM.reverse.domain[:name], lower case), portals,
// disks with unique LUN ids 0-255, CHAP and mutual CHAP as ceph-iscsi accepts them, ACLs
// of initiator IQNs on existing LUNs; and the request body the form sends.
import type { Errors } from '../../components/Form';
import type { NewTarget, Target, TargetReplacement } from './types';

export interface PortalRow {
  host: string;
  ip: string;
}
export interface DiskRow {
  pool: string;
  image: string;
  lun: string;
}
export interface AclRow {
  initiator: string;
  luns: string;
}

/** The form's values; CHAP fields are named as the API's error fields name them. */
export interface TargetValues extends Record<string, unknown> {
  iqn: string;
  portals: PortalRow[];
  disks: DiskRow[];
  chap: boolean;
  'auth.user': string;
  'auth.password': string;
  mutual: boolean;
  'auth.mutual_user': string;
  'auth.mutual_password': string;
  acls: AclRow[];
}

export const IQN_EXAMPLE = 'iqn.2003-01.com.example:target1';

/** Whether s is an IQN as fcgi/iscsi_check.c's iscsi_valid_iqn accepts it. */
export function validIqn(s: string): boolean {
  return (
    s.length <= 223 &&
    /^iqn\.\d{4}-(0[1-9]|1[0-2])\.[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:[a-z0-9.:-]+)?$/.test(s)
  );
}

/** What is wrong with an IQN, in words ('' when nothing). */
export function iqnProblem(s: string): string {
  if (!s) return 'An IQN is required, e.g. ' + IQN_EXAMPLE + '.';
  if (validIqn(s)) return '';
  if (s.length > 223) return 'An IQN has at most 223 characters.';
  if (/[A-Z]/.test(s)) return 'An IQN is lower case.';
  if (!s.startsWith('iqn.')) return `An IQN starts with "iqn.", e.g. ${IQN_EXAMPLE}.`;
  if (!/^iqn\.\d{4}-(0[1-9]|1[0-2])\./.test(s)) return 'After "iqn." come a year and month and a dot: iqn.YYYY-MM.';
  const rest = s.slice(12);
  const colon = rest.indexOf(':');
  const domain = colon < 0 ? rest : rest.slice(0, colon);
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(domain))
    return 'Then a reversed domain name such as com.example: letters, digits and hyphens between dots.';
  return 'After ":" the name may have a-z 0-9 - . and :, and may not be empty.';
}

const CHAP_USER = /^[A-Za-z0-9_.:@-]{8,64}$/;
const CHAP_PASSWORD = /^[A-Za-z0-9@_/-]{12,16}$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** "3" → 3; "" → null; anything else → NaN. */
function lunOf(s: string): number | null {
  const t = s.trim();
  if (t === '') return null;
  return /^\d{1,3}$/.test(t) ? parseInt(t, 10) : NaN;
}

/** LUN ids as the server will assign them: given ones kept, the others the lowest free, in order. */
export function effectiveLuns(disks: { lun: string }[]): (number | null)[] {
  const given = disks.map((d) => lunOf(d.lun));
  const used = new Set(given.filter((l): l is number => l !== null && !isNaN(l)));
  let next = 0;
  return given.map((l) => {
    if (l !== null) return isNaN(l) ? null : l;
    while (used.has(next)) next++;
    used.add(next);
    return next;
  });
}

/** "1, 2 3" → [1, 2, 3]; null when not a list of numbers. */
export function parseLuns(s: string): number[] | null {
  const parts = s.split(/[\s,]+/).filter(Boolean);
  if (!parts.every((p) => /^\d{1,3}$/.test(p))) return null;
  return parts.map((p) => parseInt(p, 10));
}

/** Whether the password may be left empty: the stored one is kept for the same user. */
export function keepsPassword(v: TargetValues, orig: Target | undefined, mutual: boolean): boolean {
  if (!orig) return false;
  const a = orig.auth;
  return mutual ? a.mutual_password_set && a.mutual_user === v['auth.mutual_user'] : a.password_set && a.user === v['auth.user'];
}

/** Every problem, keyed by the field the API would blame ("portals[0].ip", "auth.user"). */
export function checkTarget(v: TargetValues, orig?: Target): Record<string, string> {
  const e: Record<string, string> = {};
  if (!orig) {
    const p = iqnProblem(v.iqn);
    if (p) e.iqn = p;
  }
  if (v.portals.length === 0) e.portals = 'A target needs at least one portal.';
  if (v.portals.length > 32) e.portals = 'At most 32 portals.';
  v.portals.forEach((p, i) => {
    if (!p.host) e[`portals[${i}].host`] = 'Choose a gateway.';
    if (!p.ip) e[`portals[${i}].ip`] = 'Choose an address.';
    else if (!IPV4.test(p.ip) && !p.ip.includes(':')) e[`portals[${i}].ip`] = `${p.ip} is not an IP address.`;
    else if (v.portals.slice(0, i).some((q) => q.host === p.host && q.ip === p.ip)) e[`portals[${i}]`] = `Portal ${p.ip} on ${p.host} is given twice.`;
  });
  if (v.disks.length > 256) e.disks = 'At most 256 disks.';
  const seenLun = new Set<number>();
  v.disks.forEach((d, i) => {
    if (!d.pool) e[`disks[${i}].pool`] = 'Choose a pool.';
    if (!d.image) e[`disks[${i}].image`] = 'Choose an image.';
    else if (v.disks.slice(0, i).some((q) => q.pool === d.pool && q.image === d.image)) e[`disks[${i}].image`] = `${d.pool}/${d.image} is given twice.`;
    const l = lunOf(d.lun);
    if (l !== null && (isNaN(l) || l > 255)) e[`disks[${i}].lun`] = 'A LUN id is a whole number from 0 to 255.';
    else if (l !== null && seenLun.has(l)) e[`disks[${i}].lun`] = `LUN ${l} is used twice.`;
    if (l !== null && !isNaN(l)) seenLun.add(l);
  });
  if (v.chap) {
    if (!v['auth.user']) e['auth.user'] = 'A CHAP user name is required.';
    else if (!CHAP_USER.test(v['auth.user'])) e['auth.user'] = 'A CHAP user name is 8 to 64 of A-Z a-z 0-9 _ . : @ -';
    if (!v['auth.password']) {
      if (!keepsPassword(v, orig, false)) e['auth.password'] = orig?.auth.password_set ? 'A new user name needs a password.' : 'A CHAP password is required.';
    } else if (!CHAP_PASSWORD.test(v['auth.password'])) e['auth.password'] = 'A CHAP password is 12 to 16 of A-Z a-z 0-9 @ _ / -';
    if (v.mutual) {
      if (!v['auth.mutual_user']) e['auth.mutual_user'] = 'A mutual CHAP user name is required.';
      else if (!CHAP_USER.test(v['auth.mutual_user'])) e['auth.mutual_user'] = 'A CHAP user name is 8 to 64 of A-Z a-z 0-9 _ . : @ -';
      if (!v['auth.mutual_password']) {
        if (!keepsPassword(v, orig, true))
          e['auth.mutual_password'] = orig?.auth.mutual_password_set ? 'A new user name needs a password.' : 'A mutual CHAP password is required.';
      } else if (!CHAP_PASSWORD.test(v['auth.mutual_password'])) e['auth.mutual_password'] = 'A CHAP password is 12 to 16 of A-Z a-z 0-9 @ _ / -';
    }
  }
  if (v.acls.length > 256) e.acls = 'At most 256 ACLs.';
  const luns = new Set(effectiveLuns(v.disks).filter((l): l is number => l !== null));
  v.acls.forEach((a, i) => {
    if (!a.initiator) e[`acls[${i}].initiator`] = "Enter the initiator's IQN.";
    else if (!validIqn(a.initiator)) e[`acls[${i}].initiator`] = iqnProblem(a.initiator);
    else if (v.acls.slice(0, i).some((q) => q.initiator === a.initiator)) e[`acls[${i}].initiator`] = 'This initiator is given twice.';
    if (a.luns.trim()) {
      const l = parseLuns(a.luns);
      if (!l) e[`acls[${i}].luns`] = 'LUN ids separated by commas, or empty for all.';
      else {
        const missing = l.find((x) => !luns.has(x));
        if (missing !== undefined) e[`acls[${i}].luns`] = `The target has no LUN ${missing}.`;
      }
    }
  });
  return e;
}

/** The form's errors per value: row problems make their list's entry invalid too. */
export function formErrors(checks: Record<string, string>): Errors<TargetValues> {
  const e: Record<string, string> = {};
  for (const [k, m] of Object.entries(checks)) {
    const top = /^(portals|disks|acls)\[/.test(k) ? k.slice(0, k.indexOf('[')) : k;
    if (!e[top]) e[top] = top === k ? m : 'Check the rows of this list.';
  }
  return e as Errors<TargetValues>;
}

export function initialTarget(t?: Target): TargetValues {
  const all = t ? t.disks.map((d) => d.lun).sort((a, b) => a - b) : [];
  return {
    iqn: t?.iqn || '',
    portals: t ? t.portals.map((p) => ({ ...p })) : [{ host: '', ip: '' }],
    disks: t ? t.disks.map((d) => ({ pool: d.pool, image: d.image, lun: String(d.lun) })) : [],
    chap: Boolean(t?.auth.user),
    'auth.user': t?.auth.user || '',
    'auth.password': '',
    mutual: Boolean(t?.auth.mutual_user),
    'auth.mutual_user': t?.auth.mutual_user || '',
    'auth.mutual_password': '',
    acls: t
      ? t.acls.map((a) => {
          const mine = [...a.luns].sort((x, y) => x - y);
          return { initiator: a.initiator, luns: JSON.stringify(mine) === JSON.stringify(all) ? '' : a.luns.join(', ') };
        })
      : [],
  };
}

/** The request body: POST carries the IQN, PUT the version it read. A password left empty is kept. */
export function targetBody(v: TargetValues): NewTarget;
export function targetBody(v: TargetValues, orig: Target): TargetReplacement;
export function targetBody(v: TargetValues, orig?: Target): NewTarget | TargetReplacement;
export function targetBody(v: TargetValues, orig?: Target): NewTarget | TargetReplacement {
  const auth: Record<string, string> = {};
  if (v.chap) {
    auth.user = v['auth.user'];
    if (v['auth.password']) auth.password = v['auth.password'];
    if (v.mutual) {
      auth.mutual_user = v['auth.mutual_user'];
      if (v['auth.mutual_password']) auth.mutual_password = v['auth.mutual_password'];
    }
  }
  const rest = {
    portals: v.portals.map((p) => ({ host: p.host, ip: p.ip })),
    disks: v.disks.map((d) => {
      const l = lunOf(d.lun);
      return l === null ? { pool: d.pool, image: d.image } : { pool: d.pool, image: d.image, lun: l };
    }),
    auth,
    acls: v.acls.map((a) => (a.luns.trim() ? { initiator: a.initiator, luns: parseLuns(a.luns) || [] } : { initiator: a.initiator })),
  };
  return orig ? { version: orig.version, ...rest } : { iqn: v.iqn, ...rest };
}
