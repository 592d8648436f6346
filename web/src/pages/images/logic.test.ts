import { describe, expect, it } from 'vitest';
import {
  createBody,
  createInitial,
  deferred,
  dependentsOf,
  editInitial,
  featureError,
  nameError,
  patchBody,
  requirementsOf,
  sizeError,
  sizeText,
  toggleFeature,
  validateCreate,
  validateEdit,
} from './logic';
import { rbdFirst } from './pools';
import type { Image } from './types';

const G = 1024 ** 3;
const img: Image = {
  name: 'vm1', pool: 'rbd', namespace: '', id: 'abc', size: 10 * G, obj_size: 4194304, num_objs: 2560,
  features: ['layering', 'exclusive-lock', 'object-map', 'fast-diff', 'deep-flatten'], data_pool: null, stripe_unit: 4194304,
  stripe_count: 1, parent: null, snapshot_count: 0, created_at: '2026-01-01T00:00:00Z',
};

describe('feature dependencies', () => {
  it('knows what needs what', () => {
    expect(requirementsOf('fast-diff')).toEqual(['exclusive-lock', 'object-map']);
    expect(requirementsOf('journaling')).toEqual(['exclusive-lock']);
    expect(dependentsOf('exclusive-lock')).toEqual(['object-map', 'fast-diff', 'journaling']);
    expect(dependentsOf('layering')).toEqual([]);
  });
  it('switching on brings the requirements, switching off takes the dependents', () => {
    expect(toggleFeature(['layering'], 'fast-diff', true)).toEqual(['layering', 'exclusive-lock', 'object-map', 'fast-diff']);
    expect(toggleFeature(['layering', 'exclusive-lock', 'object-map', 'fast-diff', 'journaling'], 'exclusive-lock', false)).toEqual(['layering']);
    expect(toggleFeature(['layering', 'exclusive-lock', 'object-map', 'fast-diff'], 'object-map', false)).toEqual(['layering', 'exclusive-lock']);
  });
  it('reports a set the server would refuse', () => {
    expect(featureError(['object-map'])).toMatch(/object-map needs exclusive-lock/);
    expect(featureError(['exclusive-lock', 'fast-diff'])).toMatch(/fast-diff needs object-map/);
    expect(featureError(['journaling'])).toMatch(/journaling needs exclusive-lock/);
    expect(featureError(['layering', 'exclusive-lock', 'object-map', 'fast-diff'])).toBe('');
  });
});

describe('names and sizes', () => {
  it('checks names as librbd does', () => {
    expect(nameError('')).toBeTruthy();
    expect(nameError('.x')).toBeTruthy();
    expect(nameError('a/b')).toBeTruthy();
    expect(nameError('a@b')).toBeTruthy();
    expect(nameError('x'.repeat(96))).toBeTruthy();
    expect(nameError('vm-1_disk.0')).toBe('');
  });
  it('wants a typed size', () => {
    expect(sizeError('ten')).toMatch(/size such as/);
    expect(sizeError('')).toBeTruthy();
    expect(sizeError('0')).toBeTruthy();
    expect(sizeError('0', true)).toBe('');
    expect(sizeError('10G')).toBe('');
    expect(sizeError('9P')).toMatch(/8 PiB/);
  });
  it('writes sizes back exactly', () => {
    expect(sizeText(10 * G)).toBe('10G');
    expect(sizeText(1536 * 1024 * 1024)).toBe('1536M');
    expect(sizeText(1000)).toBe('1000');
  });
});

describe('create', () => {
  it('sends bytes and the default features', () => {
    const v = { ...createInitial(), name: 'disk', size: '10G' };
    expect(Object.values(validateCreate(v)).filter(Boolean)).toEqual([]);
    expect(createBody(v)).toEqual({ name: 'disk', size: 10 * G, features: ['layering', 'exclusive-lock', 'object-map', 'fast-diff', 'deep-flatten'] });
  });
  it('sends the advanced settings only when shown', () => {
    const v = { ...createInitial(), name: 'disk', size: '1G', data_pool: 'ec', obj_size: String(1 << 20), stripe_unit: '64K', stripe_count: '4' };
    expect(createBody(v)).not.toHaveProperty('data_pool');
    expect(createBody({ ...v, advanced: true })).toMatchObject({ data_pool: 'ec', obj_size: 1 << 20, stripe_unit: 65536, stripe_count: 4 });
  });
  it('checks striping', () => {
    const v = { ...createInitial(), name: 'disk', size: '1G', advanced: true };
    expect(validateCreate({ ...v, stripe_unit: '3K' }).stripe_unit).toBeTruthy();
    expect(validateCreate({ ...v, stripe_unit: '64K' }).stripe_unit).toBeFalsy();
    expect(validateCreate({ ...v, stripe_count: '0' }).stripe_count).toBeTruthy();
  });
});

describe('edit', () => {
  it('sends nothing when nothing changed', () => expect(patchBody(editInitial(img), img)).toEqual({}));
  it('needs allow_shrink to shrink, and sends it', () => {
    const v = { ...editInitial(img), size: '5G' };
    expect(validateEdit(v, img).size).toMatch(/Allow shrinking/);
    expect(validateEdit({ ...v, allow_shrink: true }, img).size).toBeFalsy();
    expect(patchBody({ ...v, allow_shrink: true }, img)).toEqual({ size: 5 * G, allow_shrink: true });
  });
  it('grows, renames and changes features', () => {
    const v = { ...editInitial(img), size: '20G', name: 'vm2', features: ['layering', 'exclusive-lock', 'deep-flatten'] };
    expect(patchBody(v, img)).toEqual({ size: 20 * G, name: 'vm2', features: ['layering', 'exclusive-lock', 'deep-flatten'] });
  });
  it('ignores features a user cannot choose', () => {
    const striped: Image = { ...img, features: [...img.features, 'striping', 'data-pool'] };
    expect(editInitial(striped).features).toEqual(img.features);
    expect(patchBody(editInitial(striped), striped)).toEqual({});
  });
});

describe('trash and pools', () => {
  it('knows when a deferment has ended', () => {
    expect(deferred('2026-01-02T00:00:00Z', Date.parse('2026-01-01T00:00:00Z'))).toBe(true);
    expect(deferred('2026-01-01T00:00:00Z', Date.parse('2026-01-02T00:00:00Z'))).toBe(false);
    expect(deferred(null)).toBe(false);
  });
  it('puts rbd pools first', () => {
    const p = (name: string, apps: string[]) => ({ name, type: 'replicated' as const, applications: apps });
    expect(rbdFirst([p('a', []), p('z', ['rbd']), p('b', ['rbd'])]).map((x) => x.name)).toEqual(['b', 'z', 'a']);
  });
});
