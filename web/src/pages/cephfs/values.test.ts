import { describe, expect, it } from 'vitest';
import {
  baseName,
  countValue,
  dirNameProblem,
  fsCreateBody,
  fsCreateProblems,
  fsNameProblem,
  fsStateWords,
  hasDotDot,
  joinPath,
  mdsStateWords,
  modeProblem,
  modeText,
  normPath,
  parentOf,
  parents,
  poolFraction,
  quotaBody,
  quotaProblems,
  quotaValues,
  quotaWords,
  resizeBody,
  sizeBytes,
  sizeParts,
  snapNameProblem,
  volCreateBody,
  volCreateProblems,
  volNameProblem,
} from './values';

const GiB = 1024 ** 3;
const bytesText = (n: number) => `${n / GiB} GiB`;

describe('states in words', () => {
  it('gives every file system state a tone and a word', () => {
    expect(fsStateWords('active')).toEqual(['ok', 'active']);
    expect(fsStateWords('degraded')).toEqual(['warn', 'degraded']);
    expect(fsStateWords('no_mds')).toEqual(['err', 'no MDS']);
    expect(fsStateWords('creating')).toEqual(['info', 'creating']);
    expect(fsStateWords('some_new_state')).toEqual(['muted', 'some new state']);
  });
  it('says MDS states', () => {
    expect(mdsStateWords('up:active')).toEqual(['ok', 'active']);
    expect(mdsStateWords('up:standby')).toEqual(['info', 'standby']);
    expect(mdsStateWords('up:replay')).toEqual(['warn', 'replay']);
    expect(mdsStateWords('down:failed')).toEqual(['err', 'failed']);
  });
});

describe('names', () => {
  it('checks file system names as the server does', () => {
    expect(fsNameProblem('cephfs2')).toBe('');
    expect(fsNameProblem('')).toMatch(/needs a name/);
    expect(fsNameProblem('a b')).toMatch(/Only letters/);
    expect(fsNameProblem('x'.repeat(65))).toMatch(/64/);
  });
  it('checks subvolume names, which do not start with . or _', () => {
    expect(volNameProblem('vol-1')).toBe('');
    expect(volNameProblem('_x')).toMatch(/start/);
    expect(volNameProblem('.x')).toMatch(/start/);
    expect(volNameProblem('x'.repeat(129))).toMatch(/128/);
    expect(volNameProblem('', 'A snapshot')).toBe('A snapshot needs a name.');
  });
  it('checks directory and snapshot names', () => {
    expect(dirNameProblem('data 2026')).toBe('');
    expect(dirNameProblem('a/b')).toMatch(/no \//);
    expect(dirNameProblem('..')).toBeTruthy();
    expect(dirNameProblem('é'.repeat(128))).toMatch(/255 bytes/);
    expect(snapNameProblem('daily')).toBe('');
    expect(snapNameProblem('_daily_1099511627776')).toMatch(/inherits/);
  });
});

describe('paths and modes', () => {
  it('normalises paths as the server does and finds their parents', () => {
    expect(normPath('//a/./b/')).toBe('/a/b');
    expect(normPath('')).toBe('/');
    expect(hasDotDot('/a/../b')).toBe(true);
    expect(hasDotDot('/a/..b')).toBe(false);
    expect(parents('/volumes/demo')).toEqual(['/', '/volumes', '/volumes/demo']);
    expect(parents('/')).toEqual(['/']);
    expect(parentOf('/volumes/demo')).toBe('/volumes');
    expect(parentOf('/')).toBe('/');
    expect(joinPath('/', 'a')).toBe('/a');
    expect(joinPath('/a/', 'b')).toBe('/a/b');
    expect(baseName('/a/b')).toBe('b');
    expect(baseName('/')).toBe('/');
  });
  it('shows modes as ls does', () => {
    expect(modeText('0755', true)).toBe('drwxr-xr-x');
    expect(modeText('0644')).toBe('-rw-r--r--');
    expect(modeText('1777', true)).toBe('drwxrwxrwt');
    expect(modeText('2750', true)).toBe('drwxr-s---');
    expect(modeText(null)).toBe('—');
    expect(modeProblem('')).toBe('');
    expect(modeProblem('755')).toBe('');
    expect(modeProblem('0855')).toMatch(/octal/);
  });
});

describe('sizes and quotas', () => {
  it('reads a size typed with its unit', () => {
    expect(sizeBytes('10', 'GiB')).toBe(10 * GiB);
    expect(sizeBytes('1.5', 'TiB')).toBe(1.5 * 1024 ** 4);
    expect(sizeBytes('', 'GiB')).toBe(0);
    expect(sizeBytes('ten', 'GiB')).toBeNaN();
    expect(sizeBytes('1.5', 'B')).toBeNaN();
    expect(sizeParts(10 * GiB)).toEqual(['10', 'GiB']);
    expect(sizeParts(1536)).toEqual(['1536', 'B']);
    expect(sizeParts(3 * 1024 ** 2)).toEqual(['3', 'MiB']);
    expect(sizeParts(0)).toEqual(['', 'GiB']);
    expect(countValue('')).toBe(0);
    expect(countValue('1e3')).toBeNaN();
  });
  it('edits a quota: empty or 0 for none', () => {
    const v = quotaValues({ max_bytes: 10 * GiB, max_files: 0 });
    expect(v).toEqual({ max_bytes: '10', unit: 'GiB', max_files: '' });
    expect(quotaBody({ ...v, max_files: '1000' })).toEqual({ max_bytes: 10 * GiB, max_files: 1000 });
    expect(quotaBody({ max_bytes: '', unit: 'GiB', max_files: '0' })).toEqual({ max_bytes: 0, max_files: 0 });
    expect(quotaProblems({ max_bytes: 'x', unit: 'GiB', max_files: '1.5' })).toEqual({
      max_bytes: 'A number such as 10 or 1.5, or empty for no limit.',
      max_files: 'A whole number, or empty for no limit.',
    });
    expect(quotaWords({ max_bytes: 10 * GiB, max_files: 1000 }, bytesText)).toBe('10 GiB and 1,000 files');
    expect(quotaWords({ max_bytes: 0, max_files: 0 }, bytesText)).toBe('none');
    expect(quotaWords(null, bytesText)).toBe('none');
  });
  it('says how full a pool is', () => {
    expect(poolFraction({ used: 25, avail: 75 })).toBe(0.25);
    expect(poolFraction({ used: 0, avail: 0 })).toBe(0);
  });
});

describe('bodies', () => {
  it('creates a file system with its pools made unless picked', () => {
    expect(fsCreateBody({ name: ' fs2 ', metadata_pool: '', data_pool: '' })).toEqual({ name: 'fs2' });
    expect(fsCreateBody({ name: 'fs2', metadata_pool: 'm', data_pool: 'd' })).toEqual({ name: 'fs2', metadata_pool: 'm', data_pool: 'd' });
    expect(fsCreateProblems({ name: 'fs2', metadata_pool: 'p', data_pool: 'p' }).data_pool).toMatch(/must not be/);
  });
  it('creates subvolumes and groups', () => {
    const v = { name: 'vol1', group: 'g', size: '10', unit: 'GiB' as const, mode: '750', pool_layout: '', namespace_isolated: true };
    expect(volCreateBody(v)).toEqual({ name: 'vol1', group: 'g', size: 10 * GiB, mode: '0750', namespace_isolated: true });
    expect(volCreateBody({ ...v, size: '' }, 'group')).toEqual({ name: 'vol1', mode: '0750' });
    expect(volCreateProblems({ ...v, size: 'x', mode: '9' })).toEqual({
      name: '',
      size: 'A number such as 10 or 1.5, or empty for no limit.',
      mode: '3 or 4 octal digits, such as 0755.',
    });
    expect(resizeBody('', 'GiB')).toEqual({ size: null });
    expect(resizeBody('2', 'GiB')).toEqual({ size: 2 * GiB });
  });
});
