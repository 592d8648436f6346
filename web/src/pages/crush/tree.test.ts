import { describe, expect, it } from 'vitest';
import { AUTO, SMALL_TREE_OSDS, distinctOsds, isBig, isOpen, matches, normalQuery, openByRule, openBySearch, placeOf, search, toggled } from './tree';
import type { CrushNode } from './types';

const osd = (id: number, device_class = 'hdd', status = 'up'): CrushNode => ({ id, name: `osd.${id}`, type: 'osd', device_class, crush_weight: 1, reweight: 1, status });

// default > rack01 > node001 (osd.0, osd.1), node002 (osd.2 ssd); rack02 > node003 (empty)
const node001: CrushNode = { id: -4, name: 'node001', type: 'host', children: [osd(0), osd(1)] };
const node002: CrushNode = { id: -5, name: 'node002', type: 'host', children: [osd(2, 'ssd')] };
const rack01: CrushNode = { id: -2, name: 'rack01', type: 'rack', children: [node001, node002] };
const node003: CrushNode = { id: -6, name: 'node003', type: 'host', children: [] };
const rack02: CrushNode = { id: -3, name: 'rack02', type: 'rack', children: [node003] };
const root: CrushNode = { id: -1, name: 'default', type: 'root', children: [rack01, rack02] };

/** A tree of racks × hosts × osds OSDs, as tests/env/grow makes them. */
function grown(racks: number, hosts: number, osds: number): CrushNode[] {
  let id = 0;
  let bucket = -2;
  const children = Array.from({ length: racks }, (_, r) => ({
    id: bucket--,
    name: `rack${r + 1}`,
    type: 'rack',
    children: Array.from({ length: hosts }, (_, h) => ({
      id: bucket--,
      name: `node${r}-${h}`,
      type: 'host',
      children: Array.from({ length: osds }, () => osd(id++)),
    })),
  }));
  return [{ id: -1, name: 'default', type: 'root', children }];
}

describe('the CRUSH tree at first', () => {
  it('counts each OSD once, a linked host too', () => {
    const local: CrushNode = { id: -10, name: 'local', type: 'root', children: [node001] };
    expect([...distinctOsds([root, local])].sort()).toEqual([0, 1, 2]);
    expect(distinctOsds([{ id: -9, name: 'bare', type: 'host' }]).size).toBe(0);
  });
  it('opens everything of a small tree, only the roots of a big one', () => {
    expect(isBig([root])).toBe(false);
    expect(isBig(grown(1, 1, SMALL_TREE_OSDS))).toBe(false);
    expect(isBig(grown(1, 1, SMALL_TREE_OSDS + 1))).toBe(true);
    expect(isBig(grown(10, 10, 10))).toBe(true);
    expect([0, 1, 2].map((d) => openByRule(false, d))).toEqual([true, true, true]);
    expect([0, 1, 2].map((d) => openByRule(true, d))).toEqual([true, false, false]);
  });
  it('names a bucket by its path of ids', () => {
    expect(placeOf('', root)).toBe('-1');
    expect(placeOf(placeOf('-1', rack01), node001)).toBe('-1/-2/-4');
  });
});

describe('opening and closing', () => {
  it('toggles a bucket away from the rule and back', () => {
    const o = toggled(AUTO, '-1/-2');
    expect(isOpen(o, '-1/-2', true)).toBe(false);
    expect(isOpen(o, '-1/-3', true)).toBe(true);
    expect(isOpen(toggled(o, '-1/-2'), '-1/-2', true)).toBe(true);
    expect(AUTO.flips.size).toBe(0);
  });
  it('expands or collapses all, a bucket toggled after that included', () => {
    const all = { base: 'all' as const, flips: new Set<string>() };
    const none = { base: 'none' as const, flips: new Set<string>() };
    expect(isOpen(all, '-1/-2', false)).toBe(true);
    expect(isOpen(none, '-1', true)).toBe(false);
    expect(isOpen(toggled(none, '-1'), '-1', true)).toBe(true);
  });
});

describe('searching the tree', () => {
  it('matches a name, an OSD id or a device class, in any case', () => {
    const q = normalQuery('  Node001 ');
    expect(q).toBe('node001');
    expect(matches(node001, q)).toBe(true);
    expect(matches(node002, q)).toBe(false);
    expect(matches(osd(2, 'ssd'), '2')).toBe(true);
    expect(matches(osd(2, 'ssd'), 'ssd')).toBe(true);
    expect(matches(node002, 'ssd')).toBe(false);
    expect(matches(osd(12), 'osd.1')).toBe(true);
    expect(matches(node001, '')).toBe(false);
  });
  it('keeps an OSD with the buckets leading to it, opened', () => {
    const f = search([root], 'osd.2');
    expect([...f.hits].map((n) => n.name)).toEqual(['osd.2']);
    expect(new Set([...f.shown].map((n) => n.name))).toEqual(new Set(['default', 'rack01', 'node002', 'osd.2']));
    expect([root, rack01, node002].every((n) => openBySearch(f, n))).toBe(true);
    expect(f.osds).toBe(1);
  });
  it('keeps all below a matching bucket, opened while that is small', () => {
    const f = search([root], 'node001');
    expect(new Set([...f.shown].map((n) => n.name))).toEqual(new Set(['default', 'rack01', 'node001', 'osd.0', 'osd.1']));
    expect(openBySearch(f, node001)).toBe(true);
    const big = grown(10, 10, 10);
    const g = search(big, 'rack1');
    // rack1 and rack10: 200 OSDs, too many to open; the root leads to them.
    expect([...g.hits].map((n) => n.name).sort()).toEqual(['rack1', 'rack10']);
    expect(g.osds).toBe(200);
    expect(openBySearch(g, big[0])).toBe(true);
    expect(openBySearch(g, big[0].children![0])).toBe(false);
  });
  it('finds nothing for a name that is not there', () => {
    const f = search([root], 'nowhere');
    expect(f.shown.size + f.hits.size + f.osds).toBe(0);
  });
  it('keeps a bucket that matches and leads to another match open', () => {
    const f = search([root], 'rack01');
    expect(f.hits.has(rack01)).toBe(true);
    expect(f.leading.has(rack01)).toBe(false);
    const g = search([root], 'node00');
    expect(g.leading.has(rack01) && g.leading.has(rack02)).toBe(true);
    expect(g.shown.has(node003)).toBe(true);
  });
});
