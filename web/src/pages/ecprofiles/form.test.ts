import { describe, expect, it } from 'vitest';
import { INITIAL, countDomains, deviceClasses, profileBody, summary, validateProfile } from './form';
import type { CrushTree } from './types';

const osd = (id: number, cls = 'hdd') => ({ id, name: `osd.${id}`, type: 'osd', device_class: cls });
// two hosts: a with osd.0 (hdd), osd.1 (ssd); b with osd.2 (hdd)
const tree: CrushTree = {
  roots: [
    {
      id: -1, name: 'default', type: 'root',
      children: [
        { id: -2, name: 'a', type: 'host', children: [osd(0), osd(1, 'ssd')] },
        { id: -3, name: 'b', type: 'host', children: [osd(2)] },
        { id: -4, name: 'empty', type: 'host', children: [] },
      ],
    },
  ],
  stray: [osd(9, 'nvme')],
};
const base = { ...INITIAL, name: 'ec21', crush_failure_domain: 'osd' };

describe('failure domains', () => {
  it('counts the buckets that hold OSDs', () => {
    expect(countDomains(tree, 'host', '')).toBe(2);
    expect(countDomains(tree, 'host', 'ssd')).toBe(1);
    expect(countDomains(tree, 'osd', '')).toBe(3);
    expect(countDomains(tree, 'rack', '')).toBe(0);
    expect(countDomains(tree, 'root', 'hdd')).toBe(1);
  });
  it('lists the device classes', () => expect(deviceClasses(tree)).toEqual(['hdd', 'nvme', 'ssd']));
});

describe('profile checks', () => {
  it('accepts a profile the cluster can place', () => expect(Object.values(validateProfile(base, tree)).filter(Boolean)).toEqual([]));
  it('names the field at fault', () => {
    expect(validateProfile({ ...base, name: '.x' }, tree).name).toBeTruthy();
    expect(validateProfile({ ...base, name: '' }, tree).name).toBeTruthy();
    expect(validateProfile({ ...base, k: '1' }, tree).k).toBeTruthy();
    expect(validateProfile({ ...base, k: 'x' }, tree).k).toBeTruthy();
    expect(validateProfile({ ...base, m: '0' }, tree).m).toBeTruthy();
    expect(validateProfile({ ...base, k: '3' }, tree).m).toMatch(/this cluster has 3/);
    expect(validateProfile({ ...base, crush_failure_domain: 'host' }, tree).m).toMatch(/has 2/);
    expect(validateProfile({ ...base, crush_failure_domain: 'host' }, null).m).toBeFalsy();
    expect(validateProfile({ ...base, plugin: 'lrc', l: '2' }, tree).l).toMatch(/multiple/);
    expect(validateProfile({ ...base, plugin: 'lrc', l: '3' }, tree).l).toBeFalsy();
    expect(validateProfile({ ...base, plugin: 'shec', c: '2' }, tree).c).toBeTruthy();
  });
});

describe('profile bodies', () => {
  it('sends numbers and only what applies', () => {
    expect(profileBody(base)).toEqual({ name: 'ec21', k: 2, m: 1, plugin: 'jerasure', technique: 'reed_sol_van', crush_failure_domain: 'osd' });
    const lrc = profileBody({ ...base, plugin: 'lrc', technique: '', l: '3', crush_device_class: 'ssd' });
    expect(lrc).toEqual({ name: 'ec21', k: 2, m: 1, plugin: 'lrc', crush_failure_domain: 'osd', crush_device_class: 'ssd', l: 3 });
  });
  it('says what a profile means', () => {
    expect(summary(2, 1, 'host')).toMatch(/survive 1 host failure and use 1.5× .*67%/);
    expect(summary(4, 2, 'osd')).toMatch(/2 osd failures/);
  });
});
