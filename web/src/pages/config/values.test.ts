import { describe, expect, it } from 'vitest';
import { boundsText, sectionProblem, valueProblem, whereText } from './values';
import type { ConfigOption } from './types';

const opt = (o: Partial<ConfigOption>): ConfigOption => ({
  name: 'x',
  type: 'str',
  level: 'advanced',
  desc: null,
  default: null,
  min: null,
  max: null,
  enum_values: [],
  can_update_at_runtime: true,
  services: [],
  secret: false,
  schema: true,
  values: [],
  ...o,
});

describe('config values', () => {
  it('checks whole numbers and their bounds', () => {
    const u = opt({ type: 'uint', min: '', max: 10 });
    expect(valueProblem(u, '3')).toBe('');
    expect(valueProblem(u, '-1')).toBe('A whole number, 0 or more.');
    expect(valueProblem(u, '11')).toBe('At most 10.');
    expect(valueProblem(opt({ type: 'int', min: -2, max: '2' }), '-3')).toBe('Between -2 and 2.');
    expect(valueProblem(u, ' ')).toBe('Enter a value.');
  });
  it('checks floats, booleans and allowed values', () => {
    expect(valueProblem(opt({ type: 'float', min: 0, max: 1 }), '0.5')).toBe('');
    expect(valueProblem(opt({ type: 'float' }), '1,5')).toBe('A number.');
    expect(valueProblem(opt({ type: 'bool' }), 'maybe')).toBe('True or false.');
    expect(valueProblem(opt({ enum_values: ['wpq', 'mclock_scheduler'] }), 'fifo')).toBe('One of wpq, mclock_scheduler.');
    expect(valueProblem(opt({ type: 'size' }), '4K')).toBe('');
  });
  it('knows sections and says where a value is', () => {
    expect(sectionProblem('osd.3')).toBe('');
    expect(sectionProblem('client.rgw.a')).toBe('');
    expect(sectionProblem('osds')).not.toBe('');
    expect(whereText({ section: 'osd', mask: 'class:ssd' })).toBe('osd (class:ssd)');
    expect(boundsText(opt({ min: 1 }))).toBe('at least 1');
  });
});
