// api/client.ts - the one way the console talks to openATTIC. It knows the API's
// error shape ({"error":{"code","message","field"}}), the list envelope, the CSRF
// header of cookie sessions, what a 401 means (back to the login page) and what a
// 202 means (a task to follow: handed to the task store). Pages never call fetch.
import type { ListPage, Task } from './types';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type Query = Record<string, string | number | boolean | undefined | null>;

/** One API call, as data: what a form will send, what "copy as curl" prints. */
export interface Call {
  method: Method;
  path: string;
  query?: Query;
  body?: unknown;
}

/** An error in the API's shape, or one made here for a network or proxy failure. */
export class ApiError extends Error {
  constructor(
    public status: number,
    public code: string,
    message: string,
    public field?: string,
  ) {
    super(message);
  }
}

let csrfToken = '';
let onUnauthorized: (() => void) | null = null;
let onTask: ((t: Task, label: string) => void) | null = null;

/** The session's CSRF token (from login or /api/auth/me). */
export function setCsrf(token: string | undefined): void {
  csrfToken = token || '';
}
/** Called on a 401 from any call but the login itself. */
export function setUnauthorizedHandler(fn: () => void): void {
  onUnauthorized = fn;
}
/** Called with every task a mutation started (the task store follows it). */
export function setTaskHandler(fn: (t: Task, label: string) => void): void {
  onTask = fn;
}

/** Percent-encodes each segment: api path builder, `apiPath('clusters', fsid, 'pools')`. */
export function apiPath(...segments: (string | number)[]): string {
  return '/api/' + segments.map((s) => encodeURIComponent(String(s))).join('/');
}

/** The path and query string of a call. */
export function callUrl(c: Pick<Call, 'path' | 'query'>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(c.query || {})) {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `${c.path}?${s}` : c.path;
}

function failure(status: number, text: string): ApiError {
  try {
    const e = JSON.parse(text).error;
    if (e && typeof e.code === 'string') return new ApiError(status, e.code, e.message || e.code, e.field);
  } catch {
    /* not JSON: a proxy or a crash answered */
  }
  if (status === 502 || status === 503 || status === 504)
    return new ApiError(status, 'server_unavailable', 'The openATTIC server is not answering; try again shortly.');
  return new ApiError(status, 'http_' + status, `The server answered HTTP ${status} without an explanation.`);
}

export interface Response<T> {
  status: number;
  data: T;
}

export interface RequestOptions {
  signal?: AbortSignal;
  /** The login call handles its own 401 (wrong password). */
  no401?: boolean;
}

/** Sends one call; resolves with status and parsed body, rejects with ApiError. */
export async function request<T>(c: Call, opts: RequestOptions = {}): Promise<Response<T>> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (c.body !== undefined) headers['Content-Type'] = 'application/json';
  if (c.method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let r: globalThis.Response;
  try {
    r = await fetch(callUrl(c), {
      method: c.method,
      headers,
      body: c.body === undefined ? undefined : JSON.stringify(c.body),
      credentials: 'same-origin',
      signal: opts.signal,
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'network', 'Cannot reach the openATTIC server. Check your connection.');
  }
  const text = r.status === 204 ? '' : await r.text();
  if (!r.ok) {
    const err = failure(r.status, text);
    if (r.status === 401 && !opts.no401 && onUnauthorized) onUnauthorized();
    throw err;
  }
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      throw new ApiError(r.status, 'bad_response', 'The server sent an answer that is not JSON.');
    }
  }
  return { status: r.status, data: data as T };
}

/** GET a resource. */
export async function get<T>(path: string, query?: Query, signal?: AbortSignal): Promise<T> {
  return (await request<T>({ method: 'GET', path, query }, { signal })).data;
}

/**
 * Calls load again while the server is busy - 429: this caller already has its slow
 * requests in flight (nginx allows 2, and a page with two slow tables or a form beside
 * a slow list uses both), or 503 server_busy - a few times, waiting longer each time,
 * then gives up with the last error.
 */
export async function patiently<T>(load: () => Promise<T>, signal?: AbortSignal, tries = 8): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await load();
    } catch (e) {
      const busy = e instanceof ApiError && (e.status === 429 || e.code === 'server_busy');
      if (!busy || i >= tries || signal?.aborted) throw e;
      await new Promise((r) => setTimeout(r, 250 * i));
    }
  }
}

/** GET one page of a list: the envelope {items,total,offset,limit}. */
export function list<T>(path: string, query: Query, signal?: AbortSignal): Promise<ListPage<T>> {
  return get<ListPage<T>>(path, query, signal);
}

/** What a mutation gave back: the object, or the task that does the work (202). */
export interface Outcome<T> {
  status: number;
  data: T | null;
  task: Task | null;
}

/**
 * Sends a change. A 202 hands its task to the task store under `label` (a toast
 * follows it to the end) and resolves at once with the task.
 */
export async function mutate<T = unknown>(c: Call, label: string): Promise<Outcome<T>> {
  const r = await request<T | Task>(c);
  if (r.status === 202 && r.data && typeof (r.data as Task).id === 'number' && 'state' in (r.data as Task)) {
    const task = r.data as Task;
    if (onTask) onTask(task, label);
    return { status: 202, data: null, task };
  }
  return { status: r.status, data: r.data as T, task: null };
}

/** "pool 'x' exists" → "Pool 'x' exists." (the API's messages are lowercase phrases) */
export function sentence(s: string): string {
  const t = s.trim();
  if (!t) return t;
  const u = t[0].toUpperCase() + t.slice(1);
  return /[.!?]$/.test(u) ? u : u + '.';
}

/** A message for a person from any thrown value. */
export function messageOf(e: unknown): string {
  if (e instanceof Error && e.message) return sentence(e.message);
  return 'Something went wrong.';
}
