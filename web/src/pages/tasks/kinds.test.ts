import { describe, expect, it } from 'vitest';
import { taskVerb } from '../../api/tasks';
import { errorTitle, filterQuery, kindLabel, minionOutput, readFilters, seconds, targetParts, taskSeconds } from './kinds';

const fsid = '19fba7cb-5fe0-49a9-a1c2-9b69e6e636e7';

describe('task kinds in words', () => {
  it('names the known kinds and leaves unknown ones as they are', () => {
    expect(kindLabel('pool.create')).toBe('Create pool');
    expect(kindLabel('rbd.snap_rollback')).toBe('Roll back image');
    expect(kindLabel('maintenance.purge')).toBe('Database housekeeping');
    expect(kindLabel('osd.reweight')).toBe('osd.reweight');
    expect(kindLabel('rgw.user_delete')).toBe('Delete Object Gateway user with its buckets');
    expect(kindLabel('rgw.bucket_delete')).toBe('Delete bucket with its objects');
    expect(kindLabel('cephfs.create')).toBe('Create file system');
    expect(kindLabel('cephfs.delete')).toBe('Delete file system');
  });
  it('says what a row is going through', () => {
    expect(taskVerb('pool.delete')).toBe('deleting');
    expect(taskVerb('rbd.snap_rollback')).toBe('rolling back');
    expect(taskVerb('rbd.trash_remove')).toBe('removing');
    expect(taskVerb('rgw.user_delete')).toBe('deleting');
    expect(taskVerb('rgw.user_delete', { fsid, uid: 'acme$alice' })).toBe('deleting user acme$alice with its buckets');
    expect(taskVerb('rgw.bucket_delete', { fsid, bucket: 'photos' })).toBe('deleting bucket photos with its objects');
    expect(taskVerb('cephfs.create', { fsid, fs: 'fs2' })).toBe('creating file system fs2');
    expect(taskVerb('cephfs.delete', { fsid, name: 'fs2' })).toBe('deleting file system fs2');
    expect(taskVerb('osd.reweight')).toBe('reweight');
  });
  it('names a Salt job by its purpose', () => {
    expect(kindLabel('salt.job', { kind: 'iscsi.deploy', fun: 'state.apply' })).toBe('Deploy iSCSI gateways');
    expect(kindLabel('salt.job', { fun: 'test.ping', tgt: '*' })).toBe('Ping nodes');
    expect(kindLabel('salt.job', { fun: 'cmd.run' })).toBe('Salt job cmd.run');
    expect(kindLabel('salt.job', null)).toBe('Salt job');
  });
});

describe('task targets', () => {
  it('links a pool, but not one a delete removed', () => {
    expect(targetParts({ kind: 'pool.create', state: 'running', target: { fsid, pool: 'rbd' } })).toEqual([{ text: 'rbd', href: `/c/${fsid}/pools/rbd` }]);
    expect(targetParts({ kind: 'pool.delete', state: 'succeeded', target: { fsid, pool: 'rbd' } })).toEqual([{ text: 'rbd', href: undefined }]);
    expect(targetParts({ kind: 'pool.delete', state: 'failed', target: { fsid, pool: 'rbd' } })[0].href).toBe(`/c/${fsid}/pools/rbd`);
  });
  it('links images, with the namespace and the copy destination', () => {
    const [img] = targetParts({ kind: 'rbd.flatten', state: 'running', target: { fsid, pool: 'p', namespace: '', image: 'a b' } });
    expect(img).toEqual({ text: 'p/a b', href: `/c/${fsid}/images/p/a%20b` });
    const copy = targetParts({
      kind: 'rbd.copy', state: 'succeeded',
      target: { fsid, pool: 'p', namespace: 'ns', image: 'a', dest_pool: 'q', dest_namespace: '', dest_image: 'b' },
    });
    expect(copy).toEqual([
      { text: 'p/ns/a', href: `/c/${fsid}/images/p/a?namespace=ns` },
      { text: '→ q/b', href: `/c/${fsid}/images/q/b` },
    ]);
    const snap = targetParts({ kind: 'rbd.snap_rollback', state: 'queued', target: { fsid, pool: 'p', namespace: '', image: 'a', snapshot: 's1' } });
    expect(snap[0].text).toBe('p/a@s1');
  });
  it('links Object Gateway users and buckets, and file systems', () => {
    expect(targetParts({ kind: 'rgw.user_delete', state: 'running', target: { fsid, uid: 'acme$alice' } })).toEqual([
      { text: 'acme$alice', href: `/c/${fsid}/rgw/users/acme%24alice` },
    ]);
    expect(targetParts({ kind: 'rgw.user_delete', state: 'succeeded', target: { fsid, uid: 'bob' } })).toEqual([{ text: 'bob', href: undefined }]);
    expect(targetParts({ kind: 'rgw.bucket_delete', state: 'failed', target: { fsid, bucket: 'photos' } })).toEqual([
      { text: 'photos', href: `/c/${fsid}/rgw/buckets/photos` },
    ]);
    expect(targetParts({ kind: 'cephfs.create', state: 'running', target: { fsid, fs: 'fs2' } })).toEqual([{ text: 'fs2', href: `/c/${fsid}/cephfs/fs2` }]);
    expect(targetParts({ kind: 'cephfs.delete', state: 'succeeded', target: { fsid, name: 'fs2' } })).toEqual([{ text: 'fs2', href: undefined }]);
  });
  it('links the nodes of a Salt job and says what else is targeted', () => {
    expect(targetParts({ kind: 'salt.job', state: 'succeeded', target: { fun: 'test.ping', tgt: 'igw*', minions: ['igw1', 'igw2'] } })).toEqual([
      { text: 'igw1', href: '/nodes/igw1' },
      { text: 'igw2', href: '/nodes/igw2' },
    ]);
    expect(targetParts({ kind: 'salt.job', state: 'queued', target: { fun: 'test.ping', tgt: '*' } })).toEqual([{ text: 'nodes matching *' }]);
    const dep = targetParts({ kind: 'salt.job', state: 'running', target: { kind: 'nfs.deploy', fsid, minions: ['gw'] } });
    expect(dep[0]).toEqual({ text: 'NFS exports', href: `/c/${fsid}/nfs` });
  });
  it('says what housekeeping and unknown kinds are about', () => {
    expect(targetParts({ kind: 'maintenance.purge', state: 'running', target: { what: 'database housekeeping' } })).toEqual([{ text: 'database housekeeping' }]);
    expect(targetParts({ kind: 'x.y', state: 'running', target: { fsid, osd: 3, note: '' } })).toEqual([{ text: 'osd 3' }]);
    expect(targetParts({ kind: 'x.y', state: 'running', target: null })).toEqual([]);
  });
});

describe('errors, durations and filters', () => {
  it('puts error codes in words', () => {
    expect(errorTitle('ceph_error')).toBe('Ceph refused');
    expect(errorTitle('some_new_code')).toBe('Some new code');
  });
  it('says durations', () => {
    expect(seconds(0.2)).toBe('< 1 s');
    expect(seconds(42)).toBe('42 s');
    expect(seconds(185)).toBe('3 min 5 s');
    expect(seconds(7380)).toBe('2 h 3 min');
    expect(seconds(86400 + 4 * 3600)).toBe('1 d 4 h');
    expect(taskSeconds({ started_at: '2026-11-25T12:00:00Z', finished_at: '2026-11-25T12:01:30Z' })).toBe(90);
    expect(taskSeconds({ started_at: null, finished_at: null })).toBeNull();
    expect(taskSeconds({ started_at: '2026-11-25T12:00:00Z', finished_at: null }, Date.parse('2026-11-25T12:00:10Z'))).toBe(10);
  });
  it('reads the filters of the navbar link and writes them back', () => {
    const f = readFilters({ state: 'running,queued,bogus', kind: 'pool.create' });
    expect(f).toEqual({ state: ['queued', 'running'], kind: 'pool.create', created_by: '' });
    expect(filterQuery(f)).toEqual({ state: 'queued,running', kind: 'pool.create', created_by: undefined });
    expect(filterQuery(readFilters({}))).toEqual({ state: undefined, kind: undefined, created_by: undefined });
  });
  it('sums up what a node answered', () => {
    expect(minionOutput(true)).toBe('True');
    expect(minionOutput('pong')).toBe('pong');
    expect(
      minionOutput({
        'file_|-a': { result: true, changes: { diff: 'x' }, __run_num__: 0 },
        'svc_|-b': { result: false, changes: {}, comment: 'Service x failed', __run_num__: 2 },
        'svc_|-c': { result: false, changes: {}, comment: 'later', __run_num__: 3 },
      }),
    ).toBe('3 states: 1 changed, 2 failed — Service x failed');
    expect(minionOutput({ a: 1, b: 2 })).toBe('2 values');
  });
});
