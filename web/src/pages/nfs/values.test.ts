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
  it('mirrors the checks issue 14 added (what Ganesha refuses later)', () => {
    expect(checkExport({ ...v0, pseudo: '/a//b/../c' }, undefined, []).pseudo).toMatch(/without "\." or "\.\."/);
    expect(checkExport({ ...v0, path: '/v/./w' }, undefined, []).path).toMatch(/without/);
    expect(checkExport({ ...v0, pseudo: '/b/' }, undefined, [rgw]).pseudo).toMatch(/Export 4 already uses the pseudo path \/b\./);
    expect(checkExport({ ...v0, transports: ['UDP'] }, undefined, []).transports).toMatch(/NFSv4 needs TCP/);
    expect(checkExport({ ...v0, transports: ['UDP'], protocols: ['3'], pseudo: '' }, undefined, [])).toEqual({});
    expect(checkExport({ ...v0, clients: [{ addresses: 'a;b', access_type: '', squash: '' }] }, undefined, [])['clients[0].addresses']).toMatch(/@netgroups/);
    expect(checkExport({ ...v0, clients: [{ addresses: '10.0.0.0/8, *.example.com, @ng', access_type: '', squash: '' }] }, undefined, [])).toEqual({});
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
  it('takes the keys from the Object Gateway when user and bucket are picked', () => {
    const gw = { gateway: true, s3Key: true };
    const v = { ...v0, 'fsal.name': 'RGW', path: '', 'fsal.user_id': '' };
    const e = checkExport(v, undefined, [], gw);
    expect(e.path).toMatch(/Pick the bucket/);
    expect(e['fsal.user_id']).toMatch(/Pick the Object Gateway user/);
    expect(e['fsal.access_key_id']).toBeUndefined();
    const ok = { ...v, path: 'bucket1', 'fsal.user_id': 'u1' };
    expect(checkExport(ok, undefined, [], gw)).toEqual({});
    expect(checkExport(ok, undefined, [], { gateway: true })).toEqual({});
    expect(checkExport(ok, undefined, [], { gateway: true, s3Key: false })['fsal.user_id']).toMatch(/no S3 key/);
    // By hand, the keys are asked again; without the gateway always.
    expect(checkExport({ ...ok, manual_keys: true }, undefined, [], gw)['fsal.access_key_id']).toBeTruthy();
    expect(checkExport(ok, undefined, [], { gateway: false })['fsal.access_key_id']).toBeTruthy();
  });
  it('keeps the stored keys of an export being edited, but not for another user', () => {
    const v = initialExport(rgw);
    expect(v.manual_keys).toBe(true);
    const gw = { gateway: true, s3Key: true };
    expect(checkExport(v, rgw, [], gw)).toEqual({});
    expect(checkExport({ ...v, 'fsal.user_id': 'u2' }, rgw, [], gw)['fsal.access_key_id']).toMatch(/stored keys of u1.*or take them from the Object Gateway/);
    expect(checkExport({ ...v, 'fsal.user_id': 'u2', 'fsal.access_key_id': 'AK2', 'fsal.secret_access_key': 'secret22' }, rgw, [], gw)).toEqual({});
    expect(checkExport({ ...v, 'fsal.user_id': 'u2', manual_keys: false }, rgw, [], gw)).toEqual({});
    expect(initialExport().manual_keys).toBe(false);
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
  it('sends no keys when the gateway gives them, the typed ones otherwise', () => {
    const v = { ...v0, 'fsal.name': 'RGW', path: 'bucket1', 'fsal.user_id': 'u1', pseudo: '/b' };
    expect(exportBody(v, undefined, { gateway: true }).fsal).toEqual({ name: 'RGW', user_id: 'u1' });
    const typed = { ...v, manual_keys: true, 'fsal.access_key_id': 'AK', 'fsal.secret_access_key': 'secret12' };
    expect(exportBody(typed, undefined, { gateway: true }).fsal).toEqual({ name: 'RGW', user_id: 'u1', access_key_id: 'AK', secret_access_key: 'secret12' });
    expect(exportBody({ ...typed, manual_keys: false }, undefined, { gateway: false }).fsal).toEqual({
      name: 'RGW', user_id: 'u1', access_key_id: 'AK', secret_access_key: 'secret12',
    });
    // An edit switched to the gateway's key: no keys, the server reads them again.
    expect(exportBody({ ...initialExport(rgw), manual_keys: false }, rgw, { gateway: true }).fsal).toEqual({ name: 'RGW', user_id: 'u1' });
    expect(exportBody(initialExport(rgw), rgw, { gateway: true }).fsal).toEqual({ name: 'RGW', user_id: 'u1', access_key_id: 'AK' });
  });
  it('names the file system when one is picked', () => {
    expect(exportBody({ ...v0, 'fsal.fs_name': 'fs2' }).fsal).toEqual({ name: 'CEPH', user_id: 'admin', fs_name: 'fs2' });
  });
});
