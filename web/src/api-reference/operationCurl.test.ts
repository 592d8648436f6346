import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { operationCurl, shellVar, skeleton } from './operationCurl';

const doc = {
  openapi: '3.0.3',
  paths: {
    '/api/clusters/{fsid}/pools': {
      parameters: [{ $ref: '#/components/parameters/fsid' }],
      get: { responses: {} },
      post: {
        requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/PoolCreate' } } } },
        responses: {},
      },
    },
    '/api/clusters/{fsid}/pools/{name}': {
      delete: {
        parameters: [
          { name: 'fsid', in: 'path', required: true },
          { name: 'name', in: 'path', required: true },
          { name: 'confirm', in: 'query', required: true },
          { name: 'force', in: 'query' },
        ],
        responses: {},
      },
    },
    '/api/auth/login': {
      post: { requestBody: { $ref: '#/components/requestBodies/Login' }, responses: {} },
    },
    '/api/auth/logout': { post: { requestBody: { content: { 'application/json': {} } }, responses: {} } },
  },
  components: {
    parameters: { fsid: { name: 'fsid', in: 'path', required: true } },
    requestBodies: {
      Login: {
        content: {
          'application/json': { schema: { type: 'object', properties: { username: { type: 'string' }, password: { type: 'string' } } } },
        },
      },
    },
    schemas: {
      PoolCreate: {
        type: 'object',
        properties: {
          name: { type: 'string' },
          size: { type: 'integer', minimum: 1 },
          pg_num: { type: 'integer', default: 32 },
          type: { type: 'string', enum: ['replicated', 'erasure'] },
          application: { $ref: '#/components/schemas/App' },
          flags: { type: 'array', items: { type: 'string' } },
          quotas: { type: 'object', properties: { max_bytes: { type: 'integer', nullable: true }, fast: { type: 'boolean' } } },
          id: { type: 'integer', readOnly: true },
        },
      },
      App: { type: 'string', example: 'rbd' },
      Tree: { type: 'object', properties: { name: { type: 'string' }, children: { type: 'array', items: { $ref: '#/components/schemas/Tree' } } } },
      Either: { oneOf: [{ type: 'object', properties: { a: { type: 'string' } } }, { type: 'integer' }] },
      Both: { allOf: [{ $ref: '#/components/schemas/Named' }, { type: 'object', properties: { b: { type: 'boolean' } } }] },
      Named: { type: 'object', properties: { name: { type: 'string' } } },
    },
  },
};

describe('copy as curl of an operation', () => {
  it('reads path parameters from $OA_ variables outside the quotes', () => {
    const c = operationCurl(doc, '/api/clusters/{fsid}/pools', 'get', 'https://oa.example')!;
    expect(c.command).toBe('curl -sS \\\n  -H "Authorization: Bearer $OA_TOKEN" \\\n' + `  'https://oa.example/api/clusters/'"$OA_FSID"'/pools'`);
    expect(c.vars).toEqual(['OA_FSID']);
  });
  it('adds required query parameters, not optional ones, and a path ending in a parameter', () => {
    const c = operationCurl(doc, '/api/clusters/{fsid}/pools/{name}', 'delete', 'http://h')!;
    expect(c.command).toContain('-X DELETE');
    expect(c.command).toMatch(/'http:\/\/h\/api\/clusters\/'"\$OA_FSID"'\/pools\/'"\$OA_NAME"'\?confirm='"\$OA_CONFIRM"$/);
    expect(c.command).not.toContain('force');
    expect(c.vars).toEqual(['OA_FSID', 'OA_NAME', 'OA_CONFIRM']);
  });
  it('sends a skeleton of the JSON body', () => {
    const c = operationCurl(doc, '/api/clusters/{fsid}/pools', 'post', 'http://h')!;
    const body = JSON.parse(c.command.match(/--data-raw '(.*)'/)![1]);
    expect(body).toEqual({
      name: '',
      size: 1,
      pg_num: 32,
      type: 'replicated',
      application: 'rbd',
      flags: [],
      quotas: { max_bytes: 0, fast: false },
    });
  });
  it('follows a requestBody $ref, and sends {} for a body without a schema', () => {
    expect(operationCurl(doc, '/api/auth/login', 'post', 'http://h')!.command).toContain(`--data-raw '{"username":"","password":""}'`);
    expect(operationCurl(doc, '/api/auth/logout', 'post', 'http://h')!.command).toContain(`--data-raw '{}'`);
  });
  it('stops at recursive schemas and takes the first alternative or all parts', () => {
    expect(skeleton(doc, { $ref: '#/components/schemas/Tree' })).toEqual({ name: '', children: [] });
    expect(skeleton(doc, { $ref: '#/components/schemas/Either' })).toEqual({ a: '' });
    expect(skeleton(doc, { $ref: '#/components/schemas/Both' })).toEqual({ name: '', b: false });
    expect(skeleton(doc, { $ref: '#/components/schemas/Missing' })).toBeNull();
  });
  it('names variables for the shell', () => {
    expect(shellVar('fsid')).toBe('OA_FSID');
    expect(shellVar('pool-name')).toBe('OA_POOL_NAME');
  });
  it('answers null for an operation the document does not have', () => {
    expect(operationCurl(doc, '/api/nothing', 'get', 'http://h')).toBeNull();
    expect(operationCurl(doc, '/api/auth/login', 'get', 'http://h')).toBeNull();
  });
  it('makes a command for every operation of web/openapi.json', () => {
    const real = JSON.parse(readFileSync(new URL('../../openapi.json', import.meta.url), 'utf8'));
    const methods = ['get', 'put', 'post', 'delete', 'patch'];
    for (const [path, item] of Object.entries(real.paths as Record<string, Record<string, unknown>>))
      for (const m of methods.filter((x) => x in item)) {
        const c = operationCurl(real, path, m, 'http://h');
        expect(c, `${m} ${path}`).not.toBeNull();
        const url = c!.command.split('\n').pop()!;
        expect(url, `${m} ${path}`).not.toContain('{');
        for (const [, name] of path.matchAll(/\{([^}]+)\}/g)) expect(c!.vars).toContain(shellVar(name));
      }
  });
});
