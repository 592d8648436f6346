// pages/crush/words.ts - the CRUSH map for people: a rule's steps as a sentence
// ("Start at default, pick one host per copy and an OSD in each, place the data
// there.") and a bucket's totals (OSDs below it, how many up, their weight).
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

/** The OSDs below a node (itself, for an OSD). */
export function osdsUnder(n: CrushNode): CrushNode[] {
  return isOsd(n) ? [n] : (n.children ?? []).flatMap(osdsUnder);
}

export function totals(n: CrushNode): Totals {
  const osds = osdsUnder(n);
  return {
    osds: osds.length,
    up: osds.filter((o) => o.status === 'up').length,
    out: osds.filter((o) => o.reweight === 0).length,
    weight: osds.reduce((w, o) => w + (o.crush_weight || 0), 0),
    classes: [...new Set(osds.map((o) => o.device_class).filter((c): c is string => Boolean(c)))].sort(),
  };
}

/** Every bucket's id below and including the given nodes (to expand them all). */
export function bucketIds(nodes: CrushNode[]): number[] {
  return nodes.flatMap((n) => (isOsd(n) ? [] : [n.id, ...bucketIds(n.children ?? [])]));
}

/** A CRUSH weight as Ceph prints it: 0.00099, 1.81940, 14.55269; '—' for none. */
export function weight(w: number | undefined): string {
  if (w === undefined || !Number.isFinite(w)) return '—';
  return w.toFixed(5);
}
