// pages/images/pools.tsx - the pool (and RBD namespace) the images and trash pages
// are about: the cluster's pools with the rbd application first, the choice kept
// in the URL (?pool=, ?namespace=) so a view can be pasted into a ticket.
import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { apiPath, list } from '../../api/client';
import type { Schema } from '../../api/openapi';
import type { PoolLite } from './types';

export const isRbd = (p: PoolLite) => p.applications.includes('rbd');

/** Pools with the rbd application first, then by name. */
export function rbdFirst(pools: PoolLite[]): PoolLite[] {
  return [...pools].sort((a, b) => Number(isRbd(b)) - Number(isRbd(a)) || a.name.localeCompare(b.name));
}

/** The cluster's pools (rbd first); null while loading. */
export function usePools(fsid: string) {
  const [pools, setPools] = useState<PoolLite[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const ac = new AbortController();
    list<PoolLite>(apiPath('clusters', fsid, 'pools'), { limit: 1000, sort: 'name' }, ac.signal)
      .then((r) => (setPools(rbdFirst(r.items)), setError(null)))
      .catch((e) => (e as Error).name !== 'AbortError' && setError(e));
    return () => ac.abort();
  }, [fsid, tick]);
  return { pools, error, retry: () => setTick((x) => x + 1) };
}

/** ?namespace= for API calls and links (nothing for the default namespace). */
export const nsQuery = (ns: string) => (ns ? { namespace: ns } : {});
export const nsSuffix = (ns: string) => (ns ? `?namespace=${encodeURIComponent(ns)}` : '');

/** The pool and namespace of the URL, and a way to change them (resets page and search). */
export function usePoolChoice() {
  const loc = useLocation();
  const q = loc.query || {};
  const pool = q.pool || '';
  const namespace = q.namespace || '';
  const choose = (p: string, ns: string, replace = false) => {
    const u = new URLSearchParams(location.search);
    u.delete('page');
    u.delete('q');
    if (p) u.set('pool', p);
    else u.delete('pool');
    if (ns) u.set('namespace', ns);
    else u.delete('namespace');
    const s = u.toString();
    loc.route(location.pathname + (s ? '?' + s : ''), replace);
  };
  return { pool, namespace, choose };
}

/** The pool select (rbd pools, then the others) and the namespace box. */
/** The RBD namespaces of a pool (GET .../namespaces); null while unknown or on error. */
function useNamespaces(fsid: string, pool: string): string[] | null {
  const [names, setNames] = useState<string[] | null>(null);
  useEffect(() => {
    setNames(null);
    if (!pool) return;
    const ac = new AbortController();
    list<Schema<'Namespace'>>(apiPath('clusters', fsid, 'pools', pool, 'namespaces'), { limit: 1000 }, ac.signal)
      .then((r) => setNames(r.items.map((n) => n.name)))
      .catch(() => {});
    return () => ac.abort();
  }, [fsid, pool]);
  return names;
}

/**
 * The pool and namespace choice: pools with the rbd application first; the pool's
 * namespaces as a list (typed by hand when they cannot be listed).
 */
export function PoolPicker(p: { fsid: string; pools: PoolLite[]; pool: string; namespace: string; onChange: (pool: string, ns: string) => void }) {
  const [ns, setNs] = useState(p.namespace);
  useEffect(() => setNs(p.namespace), [p.namespace]);
  const names = useNamespaces(p.fsid, p.pool);
  const rbd = p.pools.filter(isRbd);
  const other = p.pools.filter((x) => !isRbd(x));
  const known = p.pools.some((x) => x.name === p.pool);
  const apply = () => ns.trim() !== p.namespace && p.onChange(p.pool, ns.trim());
  return (
    <div class="img-picker">
      <label class="img-pick">
        <span class="label">Pool</span>
        <select value={p.pool} onChange={(e) => p.onChange((e.target as HTMLSelectElement).value, '')}>
          {!known && <option value={p.pool}>{p.pool || 'Choose a pool'}</option>}
          {rbd.length > 0 && (
            <optgroup label="RBD pools">
              {rbd.map((x) => (
                <option value={x.name}>{x.name}</option>
              ))}
            </optgroup>
          )}
          {other.length > 0 && (
            <optgroup label="Pools without the rbd application">
              {other.map((x) => (
                <option value={x.name}>{x.name}</option>
              ))}
            </optgroup>
          )}
        </select>
      </label>
      {names ? (
        <label class="img-pick">
          <span class="label">Namespace</span>
          <select value={p.namespace} onChange={(e) => p.onChange(p.pool, (e.target as HTMLSelectElement).value)}>
            <option value="">(default)</option>
            {p.namespace && !names.includes(p.namespace) && <option value={p.namespace}>{p.namespace}</option>}
            {names.map((n) => (
              <option value={n}>{n}</option>
            ))}
          </select>
        </label>
      ) : (
        <form
          class="img-ns"
          onSubmit={(e) => {
            e.preventDefault();
            apply();
          }}
        >
          <label class="img-pick">
            <span class="label">Namespace</span>
            <input
              type="text"
              value={ns}
              placeholder="default"
              spellcheck={false}
              autocomplete="off"
              onInput={(e) => setNs((e.target as HTMLInputElement).value)}
              onBlur={apply}
            />
          </label>
        </form>
      )}
    </div>
  );
}
