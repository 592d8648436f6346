// api/useGet.ts - one resource read for a view: GET path, again when the path
// changes or reload() is called; the request is aborted when the view goes away.
// With fresh, the old data is dropped while reading again (an edit form must not
// start from a stale version); otherwise it stays on screen.
import { useEffect, useState } from 'preact/hooks';
import { get } from './client';

export interface Got<T> {
  data: T | null;
  error: unknown;
  reload: () => void;
  /** how many times reload() was called: a key that remounts a form on each reload */
  n: number;
}

export function useGet<T>(path: string, opts: { fresh?: boolean } = {}): Got<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const ac = new AbortController();
    if (opts.fresh) setData(null);
    get<T>(path, undefined, ac.signal)
      .then((d) => (setData(d), setError(null)))
      .catch((e) => (e as Error).name !== 'AbortError' && setError(e));
    return () => ac.abort();
  }, [path, tick]);
  return { data, error, reload: () => setTick((x) => x + 1), n: tick };
}
