// components/KeyValues.tsx - structured values (a task's result, an audit row's request
// body) as nested key/value lists: never raw JSON in front of a person.
import type { ComponentChildren } from 'preact';

const MAX_DEPTH = 4;

/** "tasks_deleted" → "Tasks deleted" (keys of a result, in words). */
function keyWords(k: string): string {
  const w = k.replace(/_/g, ' ').trim();
  return w ? w[0].toUpperCase() + w.slice(1) : k;
}

function scalar(v: unknown): ComponentChildren {
  if (v === null || v === undefined) return <span class="muted">—</span>;
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'number') return v.toLocaleString('en-US');
  if (typeof v === 'string') return v === '' ? <span class="muted">(empty)</span> : v === '***' ? <span class="redacted" title="Hidden: a secret is never recorded">***</span> : v;
  return null;
}

function Value({ v, depth, rawKeys }: { v: unknown; depth: number; rawKeys: boolean }): ComponentChildren {
  const s = scalar(v);
  if (s !== null) return s;
  if (Array.isArray(v)) {
    if (v.length === 0) return <span class="muted">none</span>;
    if (v.every((x) => scalar(x) !== null && typeof x !== 'object')) return v.map((x) => (typeof x === 'string' ? x : String(x))).join(', ');
    if (depth >= MAX_DEPTH) return <span class="muted">{v.length} items</span>;
    return (
      <ol class="kv-list">
        {v.map((x) => (
          <li>
            <Value v={x} depth={depth + 1} rawKeys={rawKeys} />
          </li>
        ))}
      </ol>
    );
  }
  if (typeof v === 'object') {
    const n = Object.keys(v as object).length;
    if (n === 0) return <span class="muted">none</span>;
    if (depth >= MAX_DEPTH) return <span class="muted">{n} fields</span>;
    return <KeyValues data={v as Record<string, unknown>} depth={depth + 1} rawKeys={rawKeys} />;
  }
  return String(v);
}

/** An object as a definition list; nested objects nest. rawKeys shows keys as API field names. */
export function KeyValues({ data, depth = 0, rawKeys = false }: { data: Record<string, unknown>; depth?: number; rawKeys?: boolean }) {
  return (
    <dl class={depth ? 'props kv nested' : 'props kv'}>
      {Object.entries(data).map(([k, v]) => (
        <>
          <dt>{rawKeys ? <code>{k}</code> : keyWords(k)}</dt>
          <dd>
            <Value v={v} depth={depth} rawKeys={rawKeys} />
          </dd>
        </>
      ))}
    </dl>
  );
}
