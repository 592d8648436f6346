import { describe, expect, it } from 'vitest';
import { Ring, columns, xWindow, type Sample } from './ring';

describe('ring buffer', () => {
  it('keeps items in order until full', () => {
    const r = new Ring<number>(3);
    expect(r.size).toBe(0);
    expect(r.last()).toBeUndefined();
    expect(r.toArray()).toEqual([]);
    r.push(1);
    r.push(2);
    expect(r.toArray()).toEqual([1, 2]);
    expect(r.last()).toBe(2);
    expect(r.size).toBe(2);
  });
  it('drops the oldest when full', () => {
    const r = new Ring<number>(3);
    for (let i = 1; i <= 7; i++) r.push(i);
    expect(r.size).toBe(3);
    expect(r.toArray()).toEqual([5, 6, 7]);
    expect(r.last()).toBe(7);
  });
  it('holds ten minutes of 5-second polls', () => {
    const r = new Ring<number>(120);
    for (let i = 0; i < 1000; i++) r.push(i);
    const a = r.toArray();
    expect(a.length).toBe(120);
    expect(a[0]).toBe(880);
    expect(a[119]).toBe(999);
  });
  it('clears', () => {
    const r = new Ring<string>(2);
    r.push('a');
    r.push('b');
    r.push('c');
    r.clear();
    expect(r.size).toBe(0);
    r.push('d');
    expect(r.toArray()).toEqual(['d']);
  });
  it('refuses a useless capacity', () => {
    expect(() => new Ring(0)).toThrow(RangeError);
    expect(() => new Ring(1.5)).toThrow(RangeError);
  });
});

const s = (t: number, readBytes: number, writeBytes = 0): Sample => ({
  t, readBytes, writeBytes, readOps: 0, writeOps: 0, recoveryBytes: 0, recoveryObjects: 0,
});

describe('chart columns', () => {
  const now = 1_000_000;
  it('makes seconds and one column per field', () => {
    const c = columns([s(now - 10000, 1, 2), s(now - 5000, 3, 4), s(now, 5, 6)], ['readBytes', 'writeBytes'], now, 600000, 12000);
    expect(c).toEqual([[990, 995, 1000], [1, 3, 5], [2, 4, 6]]);
  });
  it('drops samples older than the window', () => {
    const c = columns([s(now - 700000, 9), s(now - 5000, 3), s(now, 5)], ['readBytes'], now, 600000, 12000);
    expect(c).toEqual([[995, 1000], [3, 5]]);
  });
  it('breaks the line over a gap', () => {
    const c = columns([s(now - 60000, 1), s(now - 5000, 3), s(now, 5)], ['readBytes'], now, 600000, 12000);
    expect(c[0]).toEqual([940, 967.5, 995, 1000]);
    expect(c[1]).toEqual([1, null, 3, 5]);
  });
  it('turns a missing number into a gap, not a zero', () => {
    const c = columns([s(now, NaN)], ['readBytes'], now, 600000, 12000);
    expect(c[1]).toEqual([null]);
  });
  it('is empty without samples', () => {
    expect(columns([], ['readBytes', 'writeBytes'], now, 600000, 12000)).toEqual([[], [], []]);
  });
});

describe('chart window', () => {
  it('shows at least a minute', () => {
    expect(xWindow([], 1000)).toEqual([940, 1000]);
    expect(xWindow([995], 1000)).toEqual([935, 995]);
    expect(xWindow([980, 990], 1000)).toEqual([930, 990]);
  });
  it('shows the span of the data beyond a minute', () => expect(xWindow([400, 700, 1000], 1000)).toEqual([400, 1000]));
});
