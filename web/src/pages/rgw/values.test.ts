import { describe, expect, it } from 'vitest';
import {
  bucketNameProblem,
  capsBody,
  capsState,
  checkUserCreate,
  countValue,
  maxBucketsProblem,
  partsBytes,
  quotaFields,
  quotaOf,
  quotaProblems,
  quotaWords,
  retentionBody,
  retentionFields,
  retentionProblem,
  sizeParts,
  splitUid,
  subuserProblem,
  uidProblem,
  userCreateBody,
  userEdit,
  userEditBody,
  type UserCreate,
} from './values';
import type { RgwUser } from './types';

describe('bucket names', () => {
  it('takes S3 names', () => {
    for (const n of ['abc', 'photos-2026', 'a.b.c', '0ab', 'x'.repeat(63)]) expect(bucketNameProblem(n)).toBe('');
  });
  it('says what is wrong while typing', () => {
    expect(bucketNameProblem('')).toMatch(/needs a name/);
    expect(bucketNameProblem('ab')).toMatch(/3 to 63 characters \(2 now\)/);
    expect(bucketNameProblem('x'.repeat(64))).toMatch(/3 to 63/);
    expect(bucketNameProblem('Photos')).toMatch(/Lowercase/);
    expect(bucketNameProblem('my_bucket')).toMatch(/Only lowercase letters, digits/);
    expect(bucketNameProblem('a b')).toMatch(/Only lowercase/);
    expect(bucketNameProblem('-abc')).toMatch(/Starts and ends/);
    expect(bucketNameProblem('abc.')).toMatch(/Starts and ends/);
    expect(bucketNameProblem('a..b')).toMatch(/two dots/);
    expect(bucketNameProblem('192.168.1.1')).toMatch(/IP address/);
  });
});

describe('user ids', () => {
  it('splits tenant$name', () => {
    expect(splitUid('alice')).toEqual({ tenant: '', name: 'alice' });
    expect(splitUid('acme$bob')).toEqual({ tenant: 'acme', name: 'bob' });
  });
  it('checks them', () => {
    expect(uidProblem('alice')).toBe('');
    expect(uidProblem('acme$bob.smith')).toBe('');
    expect(uidProblem('')).toMatch(/needs an id/);
    expect(uidProblem('a b')).toMatch(/spaces/);
    expect(uidProblem('a$b$c')).toMatch(/one \$/);
    expect(uidProblem('ac-me$bob')).toMatch(/tenant/);
    expect(uidProblem('$bob')).toMatch(/tenant/);
    expect(uidProblem('acme$')).toMatch(/after the \$/);
    expect(uidProblem('alice:swift')).toMatch(/colon/);
    expect(uidProblem('x'.repeat(65))).toMatch(/64/);
    expect(uidProblem('t'.repeat(65) + '$x')).toMatch(/tenant has at most 64/);
    expect(subuserProblem('swift')).toBe('');
    expect(subuserProblem('a:b')).toMatch(/Letters/);
  });
  it('checks max buckets', () => {
    for (const s of ['', '0', '1000', '-1']) expect(maxBucketsProblem(s)).toBe('');
    for (const s of ['x', '1.5', '-2', '100001']) expect(maxBucketsProblem(s)).toMatch(/whole number/);
  });
});

describe('quota sizes', () => {
  it('shows bytes in the largest whole unit', () => {
    expect(sizeParts(-1)).toEqual(['', 'GiB']);
    expect(sizeParts(0)).toEqual(['0', 'GiB']);
    expect(sizeParts(10 * 1024 ** 3)).toEqual(['10', 'GiB']);
    expect(sizeParts(1536 * 1024 ** 2)).toEqual(['1536', 'MiB']);
    expect(sizeParts(2 * 1024 ** 4)).toEqual(['2', 'TiB']);
    expect(sizeParts(1000)).toEqual(['1000', 'B']);
  });
  it('parses a typed size with its unit', () => {
    expect(partsBytes('', 'GiB')).toBe(-1);
    expect(partsBytes('  ', 'GiB')).toBe(-1);
    expect(partsBytes('10', 'GiB')).toBe(10 * 1024 ** 3);
    expect(partsBytes('1.5', 'GiB')).toBe(1.5 * 1024 ** 3);
    expect(partsBytes('0', 'MiB')).toBe(0);
    expect(partsBytes('4096', 'B')).toBe(4096);
    expect(partsBytes('1.5', 'B')).toBeNaN();
    expect(partsBytes('-1', 'GiB')).toBeNaN();
    expect(partsBytes('10G', 'GiB')).toBeNaN();
    expect(partsBytes('99999999', 'PiB')).toBeNaN();
    expect(countValue('')).toBe(-1);
    expect(countValue('1000')).toBe(1000);
    expect(countValue('1.5')).toBeNaN();
  });
  it('round-trips a quota through its fields', () => {
    const q = { enabled: true, max_size: 5 * 1024 ** 3, max_objects: 1000 };
    expect(quotaFields(q)).toEqual({ enabled: true, size: '5', unit: 'GiB', objects: '1000' });
    expect(quotaOf(quotaFields(q))).toEqual(q);
    const none = { enabled: false, max_size: -1, max_objects: -1 };
    expect(quotaOf(quotaFields(none))).toEqual(none);
    expect(quotaProblems({ enabled: true, size: 'x', unit: 'GiB', objects: '-3' })).toEqual({
      size: expect.stringMatching(/number/),
      objects: expect.stringMatching(/whole number/),
    });
  });
  it('says a quota in words', () => {
    const b = (n: number) => `${n} B`;
    expect(quotaWords(undefined, b)).toBe('off');
    expect(quotaWords({ enabled: false, max_size: 1, max_objects: 1 }, b)).toBe('off');
    expect(quotaWords({ enabled: true, max_size: -1, max_objects: -1 }, b)).toBe('on, without limits');
    expect(quotaWords({ enabled: true, max_size: 5, max_objects: 1000 }, b)).toBe('5 B and 1,000 objects');
  });
});

describe('caps', () => {
  it('reads the set, "read, write" as *', () => {
    const s = capsState([
      { type: 'users', perm: '*' },
      { type: 'buckets', perm: 'read' },
      { type: 'usage', perm: 'read, write' as never },
    ]);
    expect(s).toEqual({ users: '*', buckets: 'read', metadata: '', usage: '*', zone: '' });
    expect(capsBody(s)).toEqual([
      { type: 'users', perm: '*' },
      { type: 'buckets', perm: 'read' },
      { type: 'usage', perm: '*' },
    ]);
    expect(capsBody(capsState([]))).toEqual([]);
  });
});

const user: RgwUser = {
  uid: 'alice',
  tenant: '',
  user_id: 'alice',
  display_name: 'Alice',
  email: '',
  suspended: false,
  max_buckets: 1000,
  op_mask: 'read, write, delete',
  system: false,
  admin: false,
  keys: [],
  subusers: [],
  caps: [],
  quota: { user: { enabled: false, max_size: -1, max_objects: -1 }, bucket: { enabled: false, max_size: -1, max_objects: -1 } },
};

describe('user bodies', () => {
  const c: UserCreate = { uid: ' alice ', display_name: 'Alice', email: '', max_buckets: '', suspended: false, keys: 'generate', access_key: '', secret_key: '' };
  it('creates with a generated key, the given keys, or none', () => {
    expect(userCreateBody(c)).toEqual({ uid: 'alice', display_name: 'Alice', generate_key: true });
    expect(userCreateBody({ ...c, keys: 'none', email: 'a@example.com', max_buckets: '10', suspended: true })).toEqual({
      uid: 'alice',
      display_name: 'Alice',
      email: 'a@example.com',
      max_buckets: 10,
      suspended: true,
      generate_key: false,
    });
    expect(userCreateBody({ ...c, keys: 'given', access_key: 'AK', secret_key: 'SK' })).toEqual({ uid: 'alice', display_name: 'Alice', access_key: 'AK', secret_key: 'SK' });
  });
  it('wants both keys when giving them', () => {
    const e = checkUserCreate({ ...c, keys: 'given', access_key: 'AK' });
    expect(e.access_key).toBe('');
    expect(e.secret_key).toMatch(/required/);
    expect(checkUserCreate({ ...c, keys: 'given', access_key: 'A:K', secret_key: 'short' })).toMatchObject({ access_key: 'No colon.', secret_key: 'At least 8 characters.' });
    expect(checkUserCreate({ ...c, display_name: ' ' }).display_name).toBeTruthy();
  });
  it('patches what changed only', () => {
    expect(userEditBody(userEdit(user), user)).toEqual({});
    expect(userEditBody({ ...userEdit(user), email: 'a@example.com', max_buckets: '5', suspended: true }, user)).toEqual({
      email: 'a@example.com',
      max_buckets: 5,
      suspended: true,
    });
  });
});

describe('object lock retention', () => {
  it('is days or years, or none', () => {
    expect(retentionFields(null)).toEqual({ on: false, mode: 'GOVERNANCE', period: '', unit: 'days' });
    expect(retentionFields({ mode: 'COMPLIANCE', years: 2 })).toEqual({ on: true, mode: 'COMPLIANCE', period: '2', unit: 'years' });
    expect(retentionBody(retentionFields({ mode: 'GOVERNANCE', days: 30 }))).toEqual({ mode: 'GOVERNANCE', days: 30 });
    expect(retentionBody({ on: false, mode: 'GOVERNANCE', period: '3', unit: 'days' })).toBeNull();
    expect(retentionProblem({ on: true, mode: 'GOVERNANCE', period: '0', unit: 'days' })).toMatch(/1 to 36,500/);
    expect(retentionProblem({ on: true, mode: 'GOVERNANCE', period: '101', unit: 'years' })).toMatch(/1 to 100/);
    expect(retentionProblem({ on: false, mode: 'GOVERNANCE', period: '', unit: 'days' })).toBe('');
  });
});
