import { describe, expect, it } from 'vitest';
import { names, reweightError, reweightText, usedFraction, weight } from './util';

describe('reweight checks', () => {
  it('accepts 0..1', () => {
    for (const ok of ['0', '1', '0.5', '.85', '1.0', ' 0.9 ']) expect(reweightError(ok)).toBe('');
  });
  it('refuses the rest with a reason', () => {
    for (const bad of ['', '1.5', '-1', 'abc', '1e-1', '2']) expect(reweightError(bad)).toBeTruthy();
  });
});

describe('OSD numbers', () => {
  it('prints weights like ceph osd tree', () => {
    expect(weight(0.0009918212890625)).toBe('0.00099');
    expect(weight(1)).toBe('1');
    expect(weight(3.63869)).toBe('3.63869');
    expect(weight(null)).toBe('—');
  });
  it('prints reweights as they were set', () => {
    expect(reweightText(0.899993896484375)).toBe('0.9');
    expect(reweightText(1)).toBe('1');
    expect(reweightText(0)).toBe('0');
    expect(reweightText(0.85)).toBe('0.85');
  });
  it('computes the used fraction', () => {
    expect(usedFraction({ total: 200, used: 50 })).toBe(0.25);
    expect(usedFraction({ total: 0, used: 0 })).toBeNull();
    expect(usedFraction(null)).toBeNull();
  });
  it('lists names', () => {
    expect(names([{ name: 'osd.1' }, { name: 'osd.2' }, { name: 'osd.3' }])).toBe('osd.1, osd.2 and osd.3');
  });
});
