// lib/format.ts - numbers and times for people: binary sizes, rates, percentages,
// relative times. Exact values go in a title attribute beside them.

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];

/** 1536 → "1.5 KiB"; null/undefined → "—". */
export function bytes(n: number | null | undefined): string {
  if (n === null || n === undefined || !isFinite(n)) return '—';
  let v = Math.abs(n);
  let u = 0;
  while (v >= 1024 && u < UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  const s = u === 0 ? String(v) : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
  return (n < 0 ? '-' : '') + s.replace(/\.0+$|(\.\d*?)0+$/, '$1') + ' ' + UNITS[u];
}

/** Exact bytes with thousands separators, for a hover title. */
export function exactBytes(n: number | null | undefined): string {
  return n === null || n === undefined ? '' : n.toLocaleString('en-US') + ' bytes';
}

export function rate(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : bytes(n) + '/s';
}

/** 0.4567 (a fraction) → "45.7%". */
export function percent(fraction: number | null | undefined, digits = 1): string {
  if (fraction === null || fraction === undefined || !isFinite(fraction)) return '—';
  return (fraction * 100).toFixed(digits).replace(/\.0$/, '') + '%';
}

export function count(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : n.toLocaleString('en-US');
}

/** An RFC 3339 time relative to now: "3 min ago", "in 2 h", "just now". */
export function relTime(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '—';
  const t = Date.parse(iso);
  if (isNaN(t)) return '—';
  const s = Math.round((t - now) / 1000);
  const a = Math.abs(s);
  if (a < 10) return 'just now';
  const [v, u] =
    a < 60 ? [a, 's'] : a < 3600 ? [Math.round(a / 60), 'min'] : a < 86400 ? [Math.round(a / 3600), 'h'] : [Math.round(a / 86400), 'd'];
  return s < 0 ? `${v} ${u} ago` : `in ${v} ${u}`;
}

/** The absolute time for a hover title: "2026-11-25 09:00:00 UTC". */
export function absTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return isNaN(d.getTime()) ? '' : d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

/** Parses "10G", "512 MiB", "1.5T", "4096" (bytes) → bytes; NaN when not a size. */
export function parseSize(s: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgtp]?)(?:i?b)?\s*$/i.exec(s);
  if (!m) return NaN;
  const pow = ' kmgtp'.indexOf((m[2] || ' ').toLowerCase());
  return Math.round(parseFloat(m[1]) * Math.pow(1024, pow));
}
