// pages/crush/tree.ts - what the CRUSH tree shows, as pure functions: which buckets
// are open, which nodes a search keeps, how many OSDs a tree has. The page renders
// only what this says is visible, so a closed bucket costs one row however much is
// below it.
//
// The rule: a tree of at most SMALL_TREE_OSDS distinct OSDs opens every bucket (as
// a 3-OSD test cluster always did); a bigger one opens its roots only, so 1,000 OSDs
// under 10 racks and 100 hosts show first as the roots and their racks, each row
// with its summary. Under a search the same rule applies to what the search keeps:
// the buckets leading to a hit are open, and what is below a hit bucket is open only
// when all that is kept is small. A bucket's place is its path of ids from its root
// (a host linked under two roots is two places, opened separately). The open state
// is a base (the rule, everything, nothing) and the places toggled away from it, so
// buckets that appear on a later poll follow the base.
import { type CrushNode, isOsd } from './types';

/** A tree of at most this many distinct OSDs is shown all open. */
export const SMALL_TREE_OSDS = 50;

export type Base = 'auto' | 'all' | 'none';

export interface Opened {
  base: Base;
  /** the places toggled away from the base */
  flips: ReadonlySet<string>;
}

export const AUTO: Opened = { base: 'auto', flips: new Set() };

/** The place of n under the place parent ('' for a root). */
export function placeOf(parent: string, n: CrushNode): string {
  return parent ? `${parent}/${n.id}` : String(n.id);
}

/** Whether the bucket at place is open, given what the rule says (dflt). */
export function isOpen(o: Opened, place: string, dflt: boolean): boolean {
  const base = o.base === 'all' ? true : o.base === 'none' ? false : dflt;
  return base !== o.flips.has(place);
}

/** o with the bucket at place toggled. */
export function toggled(o: Opened, place: string): Opened {
  const flips = new Set(o.flips);
  if (!flips.delete(place)) flips.add(place);
  return { base: o.base, flips };
}

/** The distinct OSD ids below the nodes (a linked host's OSDs count once). */
export function distinctOsds(nodes: CrushNode[], seen: Set<number> = new Set()): Set<number> {
  for (const n of nodes) {
    if (isOsd(n)) seen.add(n.id);
    else distinctOsds(n.children ?? [], seen);
  }
  return seen;
}

/** Whether the tree is too big to open whole (see the file's header). */
export function isBig(roots: CrushNode[]): boolean {
  return distinctOsds(roots).size > SMALL_TREE_OSDS;
}

/** The rule for a bucket at depth (0 = a root) of a tree with no search. */
export function openByRule(big: boolean, depth: number): boolean {
  return !big || depth === 0;
}

/** The search as it is compared: trimmed, lower case. */
export function normalQuery(q: string): string {
  return q.trim().toLowerCase();
}

/**
 * Whether node n matches the normalised query q: by name (root, rack, host, osd.N),
 * and for an OSD by its id or device class.
 */
export function matches(n: CrushNode, q: string): boolean {
  if (!q) return false;
  if (n.name.toLowerCase().includes(q)) return true;
  if (!isOsd(n)) return false;
  return String(n.id) === q || (n.device_class ?? '').toLowerCase().includes(q);
}

export interface Found {
  /** the nodes shown: the hits, the buckets leading to them, all below a hit bucket */
  shown: Set<CrushNode>;
  /** the nodes that match */
  hits: Set<CrushNode>;
  /** the buckets with a hit below them: open by default */
  leading: Set<CrushNode>;
  /** the distinct OSDs shown */
  osds: number;
}

/** What the normalised query q keeps of the nodes (roots, or the stray OSDs). */
export function search(nodes: CrushNode[], q: string): Found {
  const f: Found = { shown: new Set(), hits: new Set(), leading: new Set(), osds: 0 };
  const osds = new Set<number>();
  // Returns whether n is shown; underHit: an ancestor matched, so all of n is.
  const walk = (n: CrushNode, underHit: boolean): boolean => {
    const hit = matches(n, q);
    if (hit) f.hits.add(n);
    let below = false;
    for (const c of n.children ?? []) if (walk(c, underHit || hit) && (f.hits.has(c) || f.leading.has(c))) below = true;
    if (below) f.leading.add(n);
    const shown = underHit || hit || below;
    if (shown) {
      f.shown.add(n);
      if (isOsd(n)) osds.add(n.id);
    }
    return shown;
  };
  for (const n of nodes) walk(n, false);
  f.osds = osds.size;
  return f;
}

/** The rule for a bucket under a search: open when it leads to a hit, or all kept is small. */
export function openBySearch(f: Found, n: CrushNode): boolean {
  return f.leading.has(n) || f.osds <= SMALL_TREE_OSDS;
}
