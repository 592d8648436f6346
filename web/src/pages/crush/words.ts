// pages/crush/words.ts - the CRUSH map for people: a rule's steps as a sentence
// ("Start at default, pick one host per copy and an OSD in each, place the data
// there.") and a bucket's totals (OSDs below it, how many up and in, their weight)
// and their summary in words.
import { type CrushNode, type CrushRule, type CrushStep, isOsd } from './types';

function plural(word: string, n: number): string {
  if (n === 1) return word;
  return word.endsWith('s') ? word : word + 's';
}

function typeWord(t: string | undefined): string {
  const w = t || 'item';
  return w === 'osd' ? 'OSD' : w;
}

function countPhrase(step: CrushStep, unit: string): string {
  const n = step.num ?? 0;
  const t = typeWord(step.type);
  if (n === 0) return `one ${t} per ${unit}`;
  if (n > 0) return `${n} ${plural(t, n)}`;
  return `one ${t} per ${unit} for all but ${-n} ${-n === 1 ? unit : unit === 'copy' ? 'copies' : unit + 's'}`;
}

function stepWords(s: CrushStep, unit: string): string | null {
  switch (s.op) {
    case 'take': {
      const name = s.item_name ?? String(s.item ?? '?');
      const [bucket, cls] = name.split('~');
      return cls ? `start at ${bucket} (${cls} devices only)` : `start at ${bucket}`;
    }
    case 'choose_firstn':
    case 'choose_indep':
      return `pick ${countPhrase(s, unit)}`;
    case 'chooseleaf_firstn':
    case 'chooseleaf_indep':
      return s.type === 'osd' ? `pick ${countPhrase(s, unit)}` : `pick ${countPhrase(s, unit)} and an OSD in each`;
    case 'emit':
      return 'place the data there';
    case 'noop':
      return null;
    case 'set_choose_tries':
      return `try each pick up to ${s.num ?? '?'} times`;
    case 'set_chooseleaf_tries':
      return `try each OSD pick up to ${s.num ?? '?'} times`;
    default:
      return s.op.replace(/^set_/, 'set ').replace(/_/g, ' ') + (s.num !== undefined ? ` ${s.num}` : '');
  }
}

/** A rule's steps as one sentence. */
export function describeSteps(steps: CrushStep[], type: CrushRule['type']): string {
  const unit = type === 'erasure' ? 'chunk' : 'copy';
  const parts = steps.map((s) => stepWords(s, unit)).filter((p): p is string => Boolean(p));
  if (!parts.length) return 'No steps.';
  const text = parts.join(', ');
  return text[0].toUpperCase() + text.slice(1) + '.';
}

export interface Totals {
  osds: number;
  up: number;
  /** OSDs with reweight 0 */
  out: number;
  weight: number;
  classes: string[];
}

// A node's totals, made from its children's: every bucket of a tree costs one visit
// of its children, whichever rows are drawn. Kept as long as the node (one poll).
const totalsOf = new WeakMap<CrushNode, Totals>();

export function totals(n: CrushNode): Totals {
  let t = totalsOf.get(n);
  if (t) return t;
  if (isOsd(n)) {
    t = { osds: 1, up: n.status === 'up' ? 1 : 0, out: n.reweight === 0 ? 1 : 0, weight: n.crush_weight || 0, classes: n.device_class ? [n.device_class] : [] };
  } else {
    t = { osds: 0, up: 0, out: 0, weight: 0, classes: [] };
    const classes = new Set<string>();
    for (const c of n.children ?? []) {
      const ct = totals(c);
      t.osds += ct.osds;
      t.up += ct.up;
      t.out += ct.out;
      t.weight += ct.weight;
      ct.classes.forEach((x) => classes.add(x));
    }
    t.classes = [...classes].sort();
  }
  totalsOf.set(n, t);
  return t;
}

/**
 * A bucket's OSDs in words: "3 of 10 up" (err when one is down), "3 in" (warn when
 * one is out: its data went elsewhere) and the long form for a tooltip.
 */
export function summary(t: Totals): { up: string; upTone: 'ok' | 'err'; in: string; inTone: 'ok' | 'warn'; title: string } {
  const n = (x: number) => x.toLocaleString('en-US');
  const inn = t.osds - t.out;
  return {
    up: `${n(t.up)} of ${n(t.osds)} up`,
    upTone: t.up < t.osds ? 'err' : 'ok',
    in: `${n(inn)} in`,
    inTone: t.out > 0 ? 'warn' : 'ok',
    title: `${n(t.osds)} ${t.osds === 1 ? 'OSD' : 'OSDs'} below: ${n(t.up)} up, ${n(t.osds - t.up)} down; ${n(inn)} in, ${n(t.out)} out`,
  };
}

/** A CRUSH weight as Ceph prints it: 0.00099, 1.81940, 14.55269; '—' for none. */
export function weight(w: number | undefined): string {
  if (w === undefined || !Number.isFinite(w)) return '—';
  return w.toFixed(5);
}
