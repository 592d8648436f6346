import { describe, expect, it } from 'vitest';
import { diskOf } from './types';

describe('disks grain', () => {
  it("takes Salt's device names and a custom grain's objects", () => {
    expect(diskOf('sda')).toEqual({ name: 'sda' });
    expect(diskOf({ name: 'vdb', size: 10737418240, rotational: false })).toEqual({ name: 'vdb', size: 10737418240, rotational: false });
    expect(diskOf({ name: 'vdc', size: '10G' })).toEqual({ name: 'vdc', size: undefined, rotational: undefined });
  });
  it('leaves out what names no disk', () => {
    expect(diskOf(null)).toBeNull();
    expect(diskOf(7)).toBeNull();
    expect(diskOf({ size: 1 })).toBeNull();
  });
});
