// pages/osds/util.ts - checks and numbers of the OSDs page, kept apart to be tested.

/** The error for a typed reweight, '' when it is a number from 0 to 1. */
export function reweightError(s: string): string {
  const t = s.trim();
  if (t === '') return 'Enter a number from 0 to 1.';
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(t)) return 'A number from 0 to 1, such as 0.85.';
  const v = parseFloat(t);
  if (v < 0 || v > 1) return 'From 0 (takes no data, like out) to 1 (as CRUSH says).';
  return '';
}

/** A weight as Ceph prints it in `osd tree`: five decimals, trailing zeros dropped. */
export function weight(w: number | null | undefined): string {
  if (w === null || w === undefined || !isFinite(w)) return '—';
  return w.toFixed(5).replace(/\.?0+$/, '') || '0';
}

/**
 * A reweight for people: Ceph keeps it in 16.16 fixed point (0.9 comes back as
 * 0.89999), so four decimals show what was set.
 */
export function reweightText(w: number | null | undefined): string {
  if (w === null || w === undefined || !isFinite(w)) return '—';
  return w.toFixed(4).replace(/\.?0+$/, '') || '0';
}

/** The used fraction of an OSD, or null without numbers. */
export function usedFraction(s: { total: number; used: number } | null): number | null {
  if (!s || !(s.total > 0)) return null;
  return s.used / s.total;
}

/** "osd.1", "osd.1 and osd.2", "osd.1, osd.2 and osd.3" */
export function names(list: { name: string }[]): string {
  const n = list.map((o) => o.name);
  return n.length <= 1 ? n.join('') : n.slice(0, -1).join(', ') + ' and ' + n[n.length - 1];
}
