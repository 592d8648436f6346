// api-reference/operationCurl.ts - "Copy as curl" of an operation of the OpenAPI
// document, for the API reference page: the call as the console's forms print it
// (api/curl.ts: the token from $OA_TOKEN), each path parameter and required query
// parameter read from a shell variable $OA_<NAME> (the command runs once they are
// set), and for a JSON request body a skeleton of its schema's properties to fill in.
// Pure functions of the document, so that they are tested without a browser.
import type { Method } from '../api/client';
import { curlCommand, shellQuote } from '../api/curl';

type Obj = Record<string, unknown>;

export interface OperationCurl {
  command: string;
  /** the shell variables the command reads besides OA_TOKEN, in order */
  vars: string[];
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The node a local $ref ("#/components/schemas/Pool") points at, or undefined. */
export function deref(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined;
  let node = doc;
  for (const raw of ref.slice(1).split('/').slice(1)) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isObj(node) && !Array.isArray(node)) return undefined;
    node = (node as Obj)[key];
  }
  return node;
}

/** node with its $ref chain followed; null for a loop or a dangling $ref. */
function resolved(doc: unknown, node: unknown, seen: Set<string> = new Set()): Obj | null {
  while (isObj(node) && typeof node.$ref === 'string') {
    if (seen.has(node.$ref)) return null;
    seen.add(node.$ref);
    node = deref(doc, node.$ref);
  }
  return isObj(node) ? node : null;
}

/**
 * A value of the shape of schema: each property (but read-only ones) with its
 * default, example or first enum value, else an empty value of its type; the first
 * alternative of a oneOf/anyOf, the parts of an allOf merged; null where a $ref
 * comes back to itself (seen: the refs followed on the way here).
 */
export function skeleton(doc: unknown, schema: unknown, seen: ReadonlySet<string> = new Set()): unknown {
  if (isObj(schema) && typeof schema.$ref === 'string') {
    if (seen.has(schema.$ref)) return null;
    return skeleton(doc, deref(doc, schema.$ref), new Set(seen).add(schema.$ref));
  }
  if (!isObj(schema)) return null;
  const s = schema;
  if ('default' in s) return s.default;
  if ('example' in s) return s.example;
  if (Array.isArray(s.enum) && s.enum.length) return s.enum[0];
  if (Array.isArray(s.allOf)) {
    const parts = s.allOf.map((p) => skeleton(doc, p, seen));
    return parts.every(isObj) ? Object.assign({}, ...parts) : (parts[0] ?? null);
  }
  for (const alts of [s.oneOf, s.anyOf]) if (Array.isArray(alts) && alts.length) return skeleton(doc, alts[0], seen);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  if (type === 'object' || (type === undefined && isObj(s.properties))) {
    const out: Obj = {};
    for (const [name, p] of Object.entries(isObj(s.properties) ? s.properties : {}))
      if (resolved(doc, p, new Set(seen))?.readOnly !== true) out[name] = skeleton(doc, p, seen);
    return out;
  }
  if (type === 'array') {
    const item = resolved(doc, s.items, new Set(seen));
    return item && (item.type === 'object' || isObj(item.properties)) ? [skeleton(doc, s.items, seen)] : [];
  }
  if (type === 'string') return '';
  if (type === 'integer' || type === 'number') return typeof s.minimum === 'number' ? s.minimum : 0;
  if (type === 'boolean') return false;
  return null;
}

/** The shell variable that holds a parameter's value: fsid → OA_FSID. */
export function shellVar(name: string): string {
  return 'OA_' + name.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}

/** The operation's parameters: the path item's, overridden by the operation's own. */
function parameters(doc: unknown, item: Obj, op: Obj): Obj[] {
  const byKey = new Map<string, Obj>();
  for (const list of [item.parameters, op.parameters]) {
    if (!Array.isArray(list)) continue;
    for (const raw of list) {
      const p = resolved(doc, raw);
      if (p && typeof p.name === 'string') byKey.set(p.in + ':' + p.name, p);
    }
  }
  return [...byKey.values()];
}

/**
 * The curl command of the operation `method path` of doc against origin, or null when
 * the document has no such operation.
 */
export function operationCurl(doc: unknown, path: string, method: string, origin: string): OperationCurl | null {
  const item = isObj(doc) && isObj(doc.paths) ? resolved(doc, doc.paths[path]) : null;
  const op = item ? resolved(doc, item[method.toLowerCase()]) : null;
  if (!item || !op) return null;
  const vars: string[] = [];
  const use = (name: string) => {
    const v = shellVar(name);
    if (!vars.includes(v)) vars.push(v);
    return '"$' + v + '"';
  };
  // The URL in shell words: literal parts single-quoted, parameters as "$OA_X".
  let quoted = '';
  let literal = origin;
  path.split(/\{([^}]+)\}/).forEach((part, i) => {
    if (i % 2 === 0) literal += part;
    else {
      quoted += (literal ? shellQuote(literal) : '') + use(part);
      literal = '';
    }
  });
  parameters(doc, item, op)
    .filter((p) => p.in === 'query' && p.required === true)
    .forEach((p, i) => {
      literal += (i ? '&' : '?') + encodeURIComponent(String(p.name)) + '=';
      quoted += shellQuote(literal) + use(String(p.name));
      literal = '';
    });
  if (literal) quoted += shellQuote(literal);

  let body: unknown;
  const rb = resolved(doc, op.requestBody);
  const content = rb && isObj(rb.content) ? rb.content : null;
  const json = content && resolved(doc, content['application/json']);
  if (json) body = 'schema' in json ? skeleton(doc, json.schema) : {};
  return { command: curlCommand(method.toUpperCase() as Method, quoted, body), vars };
}
