import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, apiPath, callUrl, messageOf, mutate, request, setCsrf, setTaskHandler, setUnauthorizedHandler } from './client';

function answer(status: number, body: string, ctype = 'application/json') {
  return vi.fn(async () => new Response(status === 204 ? null : body, { status, headers: { 'Content-Type': ctype } }));
}

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrf('');
});

describe('paths and URLs', () => {
  it('encodes each path segment', () => {
    expect(apiPath('clusters', 'a/b', 'pools', 'x y')).toBe('/api/clusters/a%2Fb/pools/x%20y');
  });
  it('leaves out empty query values', () => {
    expect(callUrl({ path: '/api/tasks', query: { state: 'running', search: '', kind: undefined, limit: 5 } })).toBe('/api/tasks?state=running&limit=5');
  });
});

describe('request', () => {
  it('turns the API error shape into an ApiError with its field', async () => {
    vi.stubGlobal('fetch', answer(422, '{"error":{"code":"invalid_value","message":"pg_num must be a power of two","field":"pg_num"}}'));
    const e = (await request({ method: 'POST', path: '/api/x', body: {} }).catch((x) => x)) as ApiError;
    expect(e).toBeInstanceOf(ApiError);
    expect([e.status, e.code, e.field]).toEqual([422, 'invalid_value', 'pg_num']);
    expect(messageOf(e)).toBe('Pg_num must be a power of two.');
  });
  it('explains a proxy error page without showing it', async () => {
    vi.stubGlobal('fetch', answer(502, '<html>Bad Gateway</html>', 'text/html'));
    const e = (await request({ method: 'GET', path: '/api/x' }).catch((x) => x)) as ApiError;
    expect(e.code).toBe('server_unavailable');
    expect(e.message).not.toContain('<html>');
  });
  it('sends the CSRF token on changes only', async () => {
    const f = answer(200, '{}');
    vi.stubGlobal('fetch', f);
    setCsrf('tok');
    await request({ method: 'GET', path: '/api/a' });
    await request({ method: 'PATCH', path: '/api/a', body: { x: 1 } });
    const h = (i: number) => (f.mock.calls[i] as unknown as [string, RequestInit])[1].headers as Record<string, string>;
    expect(h(0)['X-CSRF-Token']).toBeUndefined();
    expect(h(1)['X-CSRF-Token']).toBe('tok');
    expect(h(1)['Content-Type']).toBe('application/json');
  });
  it('sends a 401 to the login page, except for the login itself', async () => {
    const seen = vi.fn();
    setUnauthorizedHandler(seen);
    vi.stubGlobal('fetch', answer(401, '{"error":{"code":"unauthorized","message":"log in first"}}'));
    await request({ method: 'GET', path: '/api/a' }).catch(() => {});
    expect(seen).toHaveBeenCalledTimes(1);
    await request({ method: 'POST', path: '/api/auth/login', body: {} }, { no401: true }).catch(() => {});
    expect(seen).toHaveBeenCalledTimes(1);
  });
  it('says so when the server cannot be reached', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('fetch failed'))));
    const e = (await request({ method: 'GET', path: '/api/a' }).catch((x) => x)) as ApiError;
    expect(e.code).toBe('network');
  });
});

describe('mutate', () => {
  it('hands a 202 task to the task store', async () => {
    const task = { id: 7, kind: 'pool.delete', state: 'queued', progress: 0 };
    vi.stubGlobal('fetch', answer(202, JSON.stringify(task)));
    const seen = vi.fn();
    setTaskHandler(seen);
    const o = await mutate({ method: 'DELETE', path: '/api/x' }, 'Delete pool x');
    expect(o.task?.id).toBe(7);
    expect(seen).toHaveBeenCalledWith(expect.objectContaining({ id: 7 }), 'Delete pool x');
  });
  it('gives back the object of a 201 and nothing for a 204', async () => {
    vi.stubGlobal('fetch', answer(201, '{"name":"p"}'));
    expect((await mutate({ method: 'POST', path: '/api/x', body: {} }, 'x')).data).toEqual({ name: 'p' });
    vi.stubGlobal('fetch', answer(204, ''));
    expect((await mutate({ method: 'DELETE', path: '/api/x' }, 'x')).data).toBeNull();
  });
});
