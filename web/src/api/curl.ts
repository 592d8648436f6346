// api/curl.ts - "copy as curl": the exact call a form will make, as a shell command
// an administrator can paste into a script. The token comes from $OA_TOKEN (an API
// token: Administration → API tokens); typed secrets are not repeated on screen but
// left as a placeholder to fill in.
import { callUrl, type Call, type Method } from './client';

const SECRET = /password|secret|key|token/i;

/** Replaces values of secret-looking keys with a placeholder, at any depth. */
export function redact(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(redact);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>))
      out[k] = SECRET.test(k) && typeof x === 'string' && x !== '' ? '<' + k.toUpperCase() + '>' : redact(x);
    return out;
  }
  return v;
}

/** Quotes s for a POSIX shell (single quotes; ' becomes '\''). */
export function shellQuote(s: string): string {
  return "'" + s.replace(/'/g, "'\\''") + "'";
}

/** The curl command for call c against origin (e.g. https://oa.example.com). */
export function curlFor(c: Call, origin: string): string {
  return curlCommand(c.method, shellQuote(origin + callUrl(c)), c.body);
}

/**
 * The curl command of a call to quotedUrl, a URL already quoted for the shell (so
 * that parts of it can stay outside the quotes: a template's "$OA_NAME" variables).
 */
export function curlCommand(method: Method, quotedUrl: string, body?: unknown): string {
  const parts = ['curl -sS'];
  if (method !== 'GET') parts.push('-X ' + method);
  parts.push('-H "Authorization: Bearer $OA_TOKEN"');
  if (body !== undefined) {
    parts.push("-H 'Content-Type: application/json'");
    parts.push('--data-raw ' + shellQuote(JSON.stringify(redact(body))));
  }
  parts.push(quotedUrl);
  return parts.join(' \\\n  ');
}
