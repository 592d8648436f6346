import { describe, expect, it } from 'vitest';
import { curlFor, redact, shellQuote } from './curl';

describe('copy as curl', () => {
  it('prints the exact call with the body quoted for the shell', () => {
    const c = curlFor({ method: 'POST', path: '/api/clusters/f/pools', body: { name: "it's", size: 3 } }, 'https://oa.example');
    expect(c).toBe(
      'curl -sS \\\n  -X POST \\\n  -H "Authorization: Bearer $OA_TOKEN" \\\n  -H \'Content-Type: application/json\' \\\n' +
        "  --data-raw '{\"name\":\"it'\\''s\",\"size\":3}' \\\n  'https://oa.example/api/clusters/f/pools'",
    );
  });
  it('puts the query in the URL and sends no body for a DELETE', () => {
    const c = curlFor({ method: 'DELETE', path: '/api/clusters/f/pools/p', query: { confirm: 'p', empty: '' } }, 'http://h');
    expect(c).toContain("'http://h/api/clusters/f/pools/p?confirm=p'");
    expect(c).not.toContain('--data-raw');
  });
  it('does not repeat typed secrets', () => {
    expect(redact({ user: 'a', password: 'hunter2', auth: { chap: { secret: 's3', user: 'u' } }, list: [{ key: 'k' }] })).toEqual({
      user: 'a',
      password: '<PASSWORD>',
      auth: { chap: { secret: '<SECRET>', user: 'u' } },
      list: [{ key: '<KEY>' }],
    });
  });
  it('quotes for a POSIX shell', () => {
    expect(shellQuote("a'b")).toBe("'a'\\''b'");
  });
});
