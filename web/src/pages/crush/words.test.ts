import { describe, expect, it } from 'vitest';
import type { CrushNode } from './types';
import { describeSteps, summary, totals, weight } from './words';

describe('CRUSH rule steps in words', () => {
  it('describes the default replicated rule', () => {
    expect(
      describeSteps(
        [{ op: 'take', item: -1, item_name: 'default' }, { op: 'choose_firstn', num: 0, type: 'osd' }, { op: 'emit' }],
        'replicated',
      ),
    ).toBe('Start at default, pick one OSD per copy, place the data there.');
  });
  it('describes a host-spread rule of one device class', () => {
    expect(
      describeSteps(
        [{ op: 'take', item: -2, item_name: 'default~ssd' }, { op: 'chooseleaf_firstn', num: 0, type: 'host' }, { op: 'emit' }],
        'replicated',
      ),
    ).toBe('Start at default (ssd devices only), pick one host per copy and an OSD in each, place the data there.');
  });
  it('describes an erasure rule with tries', () => {
    expect(
      describeSteps(
        [
          { op: 'set_chooseleaf_tries', num: 5 },
          { op: 'set_choose_tries', num: 100 },
          { op: 'take', item: -1, item_name: 'default' },
          { op: 'chooseleaf_indep', num: 0, type: 'host' },
          { op: 'emit' },
        ],
        'erasure',
      ),
    ).toBe('Try each OSD pick up to 5 times, try each pick up to 100 times, start at default, pick one host per chunk and an OSD in each, place the data there.');
  });
  it('counts fixed and relative numbers', () => {
    expect(describeSteps([{ op: 'choose_firstn', num: 2, type: 'rack' }], 'replicated')).toBe('Pick 2 racks.');
    expect(describeSteps([{ op: 'choose_firstn', num: -1, type: 'host' }], 'replicated')).toBe('Pick one host per copy for all but 1 copy.');
    expect(describeSteps([{ op: 'set_chooseleaf_vary_r', num: 1 }], 'replicated')).toBe('Set chooseleaf vary r 1.');
    expect(describeSteps([], 'replicated')).toBe('No steps.');
  });
});

const tree: CrushNode = {
  id: -1, name: 'default', type: 'root', children: [
    { id: -3, name: 'vm', type: 'host', children: [
      { id: 0, name: 'osd.0', type: 'osd', device_class: 'hdd', crush_weight: 0.5, reweight: 1, status: 'up' },
      { id: 1, name: 'osd.1', type: 'osd', device_class: 'ssd', crush_weight: 0.25, reweight: 0, status: 'down' },
    ] },
    { id: -4, name: 'empty', type: 'host', children: [] },
  ],
};

describe('CRUSH tree totals', () => {
  it('adds up the OSDs below a bucket', () => {
    expect(totals(tree)).toEqual({ osds: 2, up: 1, out: 1, weight: 0.75, classes: ['hdd', 'ssd'] });
  });
  it('prints weights like ceph', () => {
    expect(weight(0.0009918212890625)).toBe('0.00099');
    expect(weight(14.552689)).toBe('14.55269');
    expect(weight(undefined)).toBe('—');
  });
  it('takes a bucket without children and an OSD without its numbers (the document has them optional)', () => {
    expect(totals({ id: -9, name: 'bare', type: 'host' })).toEqual({ osds: 0, up: 0, out: 0, weight: 0, classes: [] });
    expect(totals({ id: 3, name: 'osd.3', type: 'osd' })).toEqual({ osds: 1, up: 0, out: 0, weight: 0, classes: [] });
  });
});

describe('a bucket summed up', () => {
  it('says how many OSDs are up and in of all', () => {
    expect(summary(totals(tree))).toEqual({ up: '1 of 2 up', upTone: 'err', in: '1 in', inTone: 'warn', title: '2 OSDs below: 1 up, 1 down; 1 in, 1 out' });
  });
  it('is ok when all are up and in, a warning when one is out', () => {
    expect(summary({ osds: 1000, up: 1000, out: 0, weight: 0, classes: [] })).toMatchObject({ up: '1,000 of 1,000 up', upTone: 'ok', in: '1,000 in', inTone: 'ok' });
    expect(summary({ osds: 3, up: 3, out: 1, weight: 0, classes: [] })).toMatchObject({ upTone: 'ok', in: '2 in', inTone: 'warn' });
  });
});
