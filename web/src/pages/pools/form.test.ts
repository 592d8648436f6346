import { describe, expect, it } from 'vitest';
import { poolBody, validatePool } from './form';
import { ruleName, type Pool } from './types';

const base: Parameters<typeof validatePool>[0] = {
  name: 'p1', type: 'replicated', size: '3', min_size: '', pg_num: '32', pg_autoscale_mode: 'on', erasure_code_profile: 'default',
  crush_rule: '', applications: ['rbd'], compression_mode: 'none', compression_algorithm: 'snappy', max_bytes: '', max_objects: '', advanced: false,
  compression_ratio: '', compression_min_blob: '', compression_max_blob: '', other_apps: '', target_size_ratio: '', target_size: '', pg_num_min: '',
  bulk: false, allow_ec_overwrites: false,
};

describe('pool form checks', () => {
  it('accepts the defaults', () => expect(Object.values(validatePool(base, false)).filter(Boolean)).toEqual([]));
  it('names the field at fault', () => {
    expect(validatePool({ ...base, name: '.hidden' }, false).name).toBeTruthy();
    expect(validatePool({ ...base, pg_num: '30' }, false).pg_num).toMatch(/power of two/);
    expect(validatePool({ ...base, size: '0' }, false).size).toBeTruthy();
    expect(validatePool({ ...base, min_size: '4' }, false).min_size).toBeTruthy();
    expect(validatePool({ ...base, max_bytes: 'lots' }, false).max_bytes).toBeTruthy();
  });
});

describe('pool bodies', () => {
  it('creates with the sizes parsed', () => {
    const b = poolBody({ ...base, max_bytes: '10G' });
    expect(b).toMatchObject({ name: 'p1', type: 'replicated', size: 3, pg_num: 32, quota: { max_bytes: 10 * 1024 ** 3, max_objects: 0 } });
    expect(b).not.toHaveProperty('min_size');
  });
  it('patches only what changed', () => {
    const pool: Pool = {
      name: 'p1', id: 1, type: 'replicated', size: 3, min_size: 2, pg_num: 32, pgp_num: 32, pg_autoscale_mode: 'on', crush_rule: 'replicated_rule',
      pg_num_target: 32, erasure_code_profile: null, applications: ['rbd'], compression: { mode: 'none' }, allow_ec_overwrites: false,
      autoscale: { target_size_ratio: 0, target_size_bytes: 0, pg_num_min: 0, bulk: false }, quota: { max_bytes: 0, max_objects: 0 },
      stats: { stored: 0, objects: 0, used: 0, max_avail: 0, percent_used: 0, rd_bytes: 0, wr_bytes: 0, rd_ops: 0, wr_ops: 0 },
    };
    const v = { ...base, min_size: '2', crush_rule: 'replicated_rule', size: '2' };
    expect(poolBody(v, pool)).toEqual({ size: 2 });
  });
  it('carries custom applications, compression detail and autoscaler hints', () => {
    const b = poolBody({ ...base, other_apps: 'backup-tool, x', compression_mode: 'aggressive', compression_ratio: '0.8', compression_min_blob: '8K', target_size: '1T', bulk: true });
    expect(b.applications).toEqual(['rbd', 'backup-tool', 'x']);
    expect(b.compression).toEqual({ mode: 'aggressive', algorithm: 'snappy', required_ratio: 0.8, min_blob_size: 8192 });
    expect(b).toMatchObject({ target_size_bytes: 1024 ** 4, bulk: true });
    expect(validatePool({ ...base, other_apps: 'a b' }, false).other_apps).toBeTruthy();
  });
});

describe('CRUSH rule names', () => {
  it('names a rule by its name, or by its id while the server could not name it', () => {
    expect(ruleName('replicated_rule')).toBe('replicated_rule');
    expect(ruleName(3)).toBe('rule 3');
    expect(ruleName(null)).toBe('');
  });
});
