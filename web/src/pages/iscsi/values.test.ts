import { describe, expect, it } from 'vitest';
import { checkTarget, effectiveLuns, initialTarget, iqnProblem, parseLuns, targetBody, validIqn, type TargetValues } from './values';
import type { Target } from './types';

const base: TargetValues = {
  iqn: 'iqn.2016-06.org.openattic:t1',
  portals: [{ host: 'igw1', ip: '127.0.0.11' }],
  disks: [],
  chap: false,
  'auth.user': '',
  'auth.password': '',
  mutual: false,
  'auth.mutual_user': '',
  'auth.mutual_password': '',
  acls: [],
};

const stored: Target = {
  iqn: 'iqn.2016-06.org.openattic:t1',
  version: 7,
  portals: [{ host: 'igw1', ip: '127.0.0.11' }],
  disks: [
    { pool: 'p', image: 'a', lun: 0 },
    { pool: 'p', image: 'b', lun: 3 },
  ],
  auth: { user: 'initiator01', password_set: true, mutual_user: null, mutual_password_set: false },
  acls: [
    { initiator: 'iqn.1994-05.com.redhat:c1', luns: [3, 0] },
    { initiator: 'iqn.1994-05.com.redhat:c2', luns: [3] },
  ],
};

describe('IQNs as fcgi/iscsi_check.c takes them', () => {
  it('accepts RFC 3720 names', () => {
    for (const s of ['iqn.2003-01.com.example', 'iqn.2016-06.org.openattic:t1', 'iqn.1994-05.com.redhat:a-b.c:d', 'iqn.2003-12.x'])
      expect(validIqn(s), s).toBe(true);
  });
  it('refuses the rest, saying why', () => {
    expect(iqnProblem('')).toMatch(/required/);
    expect(iqnProblem('IQN.2003-01.com.example')).toMatch(/lower case/);
    expect(iqnProblem('eui.02004567A425678D')).toMatch(/lower case|starts with/);
    expect(iqnProblem('iqn.2003-13.com.example')).toMatch(/year and month/);
    expect(iqnProblem('iqn.2003-00.com.example')).toMatch(/year and month/);
    expect(iqnProblem('iqn.2003-01.-com.example')).toMatch(/domain/);
    expect(iqnProblem('iqn.2003-01.com..example')).toMatch(/domain/);
    expect(iqnProblem('iqn.2003-01.com.example:')).toMatch(/after ":"/i);
    expect(iqnProblem('iqn.2003-01.com.example:a b')).toMatch(/after ":"/i);
    expect(iqnProblem('iqn.2003-01.com.example:' + 'x'.repeat(220))).toMatch(/223/);
  });
});

describe('target checks', () => {
  it('accepts a minimal target', () => expect(checkTarget(base)).toEqual({}));
  it('names the field the API would blame', () => {
    const e = checkTarget({
      ...base,
      portals: [
        { host: 'igw1', ip: '127.0.0.11' },
        { host: 'igw1', ip: '127.0.0.11' },
        { host: '', ip: '' },
      ],
      disks: [
        { pool: 'p', image: 'a', lun: '1' },
        { pool: 'p', image: 'a', lun: '1' },
        { pool: 'p', image: 'c', lun: '256' },
      ],
    });
    expect(e['portals[1]']).toMatch(/twice/);
    expect(e['portals[2].host']).toBeTruthy();
    expect(e['portals[2].ip']).toBeTruthy();
    expect(e['disks[1].image']).toMatch(/twice/);
    expect(e['disks[1].lun']).toMatch(/LUN 1 is used twice/);
    expect(e['disks[2].lun']).toMatch(/0 to 255/);
    expect(checkTarget({ ...base, portals: [] }).portals).toBeTruthy();
  });
  it('checks CHAP as ceph-iscsi accepts it', () => {
    const chap = { ...base, chap: true, 'auth.user': 'short', 'auth.password': 'x' };
    expect(checkTarget(chap)['auth.user']).toMatch(/8 to 64/);
    expect(checkTarget(chap)['auth.password']).toMatch(/12 to 16/);
    expect(checkTarget({ ...chap, 'auth.user': 'initiator01', 'auth.password': 'Secret-Pass-12' })).toEqual({});
    expect(checkTarget({ ...chap, 'auth.user': 'initiator01', 'auth.password': 'Secret Pass 12' })['auth.password']).toBeTruthy();
    const mutual = { ...chap, 'auth.user': 'initiator01', 'auth.password': 'Secret-Pass-12', mutual: true };
    expect(checkTarget(mutual)['auth.mutual_user']).toBeTruthy();
  });
  it('lets an edit keep the stored password for the same user only', () => {
    const v = { ...initialTarget(stored) };
    expect(checkTarget(v, stored)).toEqual({});
    expect(checkTarget({ ...v, 'auth.user': 'someone-else' }, stored)['auth.password']).toMatch(/new user name/);
    expect(checkTarget({ ...base, chap: true, 'auth.user': 'initiator01' })['auth.password']).toMatch(/required/);
  });
  it('checks ACLs against the LUNs the target will have', () => {
    const v = { ...base, disks: [{ pool: 'p', image: 'a', lun: '' }, { pool: 'p', image: 'b', lun: '0' }] };
    expect(effectiveLuns(v.disks)).toEqual([1, 0]);
    expect(checkTarget({ ...v, acls: [{ initiator: 'iqn.1994-05.com.redhat:c1', luns: '1' }] })).toEqual({});
    expect(checkTarget({ ...v, acls: [{ initiator: 'iqn.1994-05.com.redhat:c1', luns: '2' }] })['acls[0].luns']).toMatch(/no LUN 2/);
    expect(checkTarget({ ...v, acls: [{ initiator: 'iqn.1994-05.com.redhat:c1', luns: 'x' }] })['acls[0].luns']).toBeTruthy();
    expect(checkTarget({ ...v, acls: [{ initiator: 'client1', luns: '' }] })['acls[0].initiator']).toBeTruthy();
    expect(parseLuns('1, 2 3')).toEqual([1, 2, 3]);
  });
});

describe('target bodies', () => {
  it('creates with the IQN and leaves unset LUNs to the server', () => {
    const b = targetBody({ ...base, disks: [{ pool: 'p', image: 'a', lun: '' }], chap: true, 'auth.user': 'initiator01', 'auth.password': 'Secret-Pass-12' });
    expect(b).toEqual({
      iqn: base.iqn,
      portals: [{ host: 'igw1', ip: '127.0.0.11' }],
      disks: [{ pool: 'p', image: 'a' }],
      auth: { user: 'initiator01', password: 'Secret-Pass-12' },
      acls: [],
    });
  });
  it('replaces with the version read, keeping an untouched password and "all LUNs" ACLs', () => {
    const v = initialTarget(stored);
    expect(v.acls).toEqual([
      { initiator: 'iqn.1994-05.com.redhat:c1', luns: '' },
      { initiator: 'iqn.1994-05.com.redhat:c2', luns: '3' },
    ]);
    const b = targetBody(v, stored);
    expect(b.version).toBe(7);
    expect(b).not.toHaveProperty('iqn');
    expect(b.auth).toEqual({ user: 'initiator01' });
    expect(b.acls).toEqual([{ initiator: 'iqn.1994-05.com.redhat:c1' }, { initiator: 'iqn.1994-05.com.redhat:c2', luns: [3] }]);
    expect(b.disks).toEqual(stored.disks);
    expect(targetBody({ ...v, chap: false }, stored).auth).toEqual({});
  });
});
