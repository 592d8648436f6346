import { describe, expect, it } from 'vitest';
import { checkExport, exportBody, initialExport, splitAddresses } from './values';
import type { Export } from './types';

const v0 = { ...initialExport(), path: '/volumes/a', pseudo: '/a' };

const rgw: Export = {
  id: 4,
  version: 12,
  host: 'nfs1',
  path: 'bucket1',
  pseudo: '/b',
  fsal: { name: 'RGW', user_id: 'u1', bucket: 'bucket1', access_key_id: 'AK', secret_access_key_set: true },
  access_type: 'RO',
  squash: 'root_squash',
  protocols: [4],
  transports: ['TCP', 'UDP'],
  clients: [{ addresses: ['10.0.0.0/24'], squash: 'all_squash' }],
};

describe('export checks', () => {
  it('accepts the defaults with a path and pseudo path', () => expect(checkExport(v0, undefined, [])).toEqual({}));
  it('mirrors nfs_check.c', () => {
    expect(checkExport({ ...v0, path: 'rel' }, undefined, []).path).toMatch(/absolute/);
    expect(checkExport({ ...v0, pseudo: '' }, undefined, []).pseudo).toMatch(/NFSv4/);
    expect(checkExport({ ...v0, pseudo: '', protocols: ['3'] }, undefined, [])).toEqual({});
    expect(checkExport({ ...v0, pseudo: 'x' }, undefined, []).pseudo).toMatch(/absolute/);
    expect(checkExport({ ...v0, path: '/a"b' }, undefined, []).path).toMatch(/quotes/);
    expect(checkExport({ ...v0, protocols: [] }, undefined, []).protocols).toBeTruthy();
    expect(checkExport({ ...v0, transports: [] }, undefined, []).transports).toBeTruthy();
    expect(checkExport({ ...v0, 'fsal.user_id': '' }, undefined, [])['fsal.user_id']).toBeTruthy();
    expect(checkExport({ ...v0, clients: [{ addresses: ' , ', access_type: '', squash: '' }] }, undefined, [])['clients[0].addresses']).toBeTruthy();
  });
  it('finds a pseudo path another export uses, not the export itself', () => {
    expect(checkExport({ ...v0, pseudo: '/b' }, undefined, [rgw]).pseudo).toMatch(/Export 4 already uses/);
    expect(checkExport(initialExport(rgw), rgw, [rgw]).pseudo).toBeUndefined();
  });
  it('needs RGW keys, but keeps a stored secret', () => {
    const v = { ...v0, 'fsal.name': 'RGW', path: 'bucket1' };
    expect(checkExport(v, undefined, [])['fsal.access_key_id']).toBeTruthy();
    expect(checkExport({ ...v, 'fsal.access_key_id': 'AK' }, undefined, [])['fsal.secret_access_key']).toBeTruthy();
    expect(checkExport(initialExport(rgw), rgw, [])).toEqual({});
  });
});

describe('export bodies', () => {
  it('creates a CEPH export', () => {
    const b = exportBody({ ...v0, protocols: ['4', '3'], clients: [{ addresses: '10.0.0.1, h2', access_type: 'RO', squash: '' }] });
    expect(b).toEqual({
      path: '/volumes/a',
      pseudo: '/a',
      fsal: { name: 'CEPH', user_id: 'admin' },
      access_type: 'RW',
      squash: 'no_root_squash',
      protocols: [3, 4],
      transports: ['TCP'],
      clients: [{ addresses: ['10.0.0.1', 'h2'], access_type: 'RO' }],
    });
  });
  it('replaces with the version read and leaves the secret out to keep it', () => {
    const b = exportBody(initialExport(rgw), rgw);
    expect(b).toEqual({
      version: 12,
      host: 'nfs1',
      path: 'bucket1',
      pseudo: '/b',
      fsal: { name: 'RGW', user_id: 'u1', access_key_id: 'AK' },
      access_type: 'RO',
      squash: 'root_squash',
      protocols: [4],
      transports: ['TCP', 'UDP'],
      clients: [{ addresses: ['10.0.0.0/24'], squash: 'all_squash' }],
    });
    expect(splitAddresses('a,b  c')).toEqual(['a', 'b', 'c']);
  });
});
