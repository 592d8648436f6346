// pages/config/values.ts - what the console checks of a value before the server does
// (the server's rules are fcgi/api/cluster/cephconfig_value.c; it has the last word):
// whole numbers, numbers, bounds, booleans, allowed values; and the words for a level.
import type { ConfigOption } from './types';

export const SECTIONS = ['global', 'mon', 'mgr', 'osd', 'mds', 'client'];

/** A bound as a number: Ceph has it as a number or as text; null for none. */
const num = (v: unknown): number | null => (typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? Number(v) : null);

/** The bounds of an option in words ("between 1 and 10"), or ''. */
export function boundsText(o: ConfigOption): string {
  const lo = num(o.min),
    hi = num(o.max);
  if (lo !== null && hi !== null) return `between ${lo} and ${hi}`;
  if (lo !== null) return `at least ${lo}`;
  if (hi !== null) return `at most ${hi}`;
  return '';
}

/** What is wrong with value for option o, or '' (the server checks again). */
export function valueProblem(o: ConfigOption, value: string): string {
  const v = value.trim();
  if (v === '') return 'Enter a value.';
  if (o.enum_values.length > 0 && !o.enum_values.includes(v)) return `One of ${o.enum_values.join(', ')}.`;
  if (o.type === 'int' || o.type === 'uint') {
    if (!(o.type === 'uint' ? /^\d+$/ : /^-?\d+$/).test(v)) return o.type === 'uint' ? 'A whole number, 0 or more.' : 'A whole number.';
  } else if (o.type === 'float') {
    if (!/^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(v)) return 'A number.';
  } else if (o.type === 'bool') {
    if (!['true', 'false', '1', '0', 'yes', 'no'].includes(v)) return 'True or false.';
  } else return '';
  const n = Number(v),
    lo = num(o.min),
    hi = num(o.max);
  if ((lo !== null && n < lo) || (hi !== null && n > hi)) return `${boundsText(o)[0].toUpperCase()}${boundsText(o).slice(1)}.`;
  return '';
}

/** What is wrong with a section, or ''. */
export function sectionProblem(s: string): string {
  if (SECTIONS.includes(s)) return '';
  return /^(mon|mgr|osd|mds|client)\.[A-Za-z0-9_.-]{1,64}$/.test(s) ? '' : 'global, mon, mgr, osd, mds, client, or one of them with an id (osd.3).';
}

/** The level's words and badge tone. */
export function levelWord(level: string | null): ['ok' | 'info' | 'muted', string] {
  return level === 'basic' ? ['ok', 'basic'] : level === 'advanced' ? ['info', 'advanced'] : ['muted', level === 'dev' ? 'developer' : 'unknown'];
}

/** A default as Ceph shows it ('' for none). */
export function defaultText(o: ConfigOption): string {
  return o.default === null || o.default === '' ? '' : String(o.default);
}

/** A value's section with its mask: "osd (class:ssd)". */
export function whereText(v: { section: string; mask: string | null }): string {
  return v.mask ? `${v.section} (${v.mask})` : v.section;
}
