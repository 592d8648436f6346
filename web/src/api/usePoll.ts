// api/usePoll.ts - polling that a dashboard can leave open all night: one
// call at a time (the next one is scheduled when the last has ended), nothing while
// the tab is hidden (an immediate call when it comes back), nothing after unmount,
// and a failed call keeps the last good answer (the page says how old it is).
import { useEffect, useRef, useState } from 'preact/hooks';

export interface Polled<T> {
  /** the last good answer */
  data: T | null;
  /** the last call's failure; null once a call succeeds again */
  error: unknown;
  /** when data was fetched (ms since the epoch) */
  updatedAt: number | null;
  /** calls again now */
  retry: () => void;
}

/**
 * Calls load every ms while the page is visible; restarts when a key changes.
 * onData sees every good answer as it arrives (for a history).
 */
export function usePoll<T>(
  load: (signal: AbortSignal) => Promise<T>,
  ms: number,
  keys: unknown[],
  onData?: (data: T, at: number) => void,
): Polled<T> {
  const [state, setState] = useState<{ data: T | null; error: unknown; updatedAt: number | null }>({ data: null, error: null, updatedAt: null });
  const [kick, setKick] = useState(0);
  const loadRef = useRef(load);
  const onDataRef = useRef(onData);
  loadRef.current = load;
  onDataRef.current = onData;

  // A new key: the old answer is about something else.
  useEffect(() => setState({ data: null, error: null, updatedAt: null }), keys);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let ac: AbortController | null = null;
    // Each start of the loop gets a number; a call of an older loop is ignored.
    let gen = 0;
    const hidden = () => document.visibilityState === 'hidden';

    const run = async (mine: number) => {
      timer = undefined;
      if (hidden() || mine !== gen) return;
      const abort = new AbortController();
      ac = abort;
      try {
        const data = await loadRef.current(abort.signal);
        if (mine !== gen) return;
        const at = Date.now();
        onDataRef.current?.(data, at);
        setState({ data, error: null, updatedAt: at });
      } catch (e) {
        if (mine !== gen || (e as Error)?.name === 'AbortError') return;
        setState((s) => ({ ...s, error: e }));
      } finally {
        if (ac === abort) ac = null;
      }
      if (mine === gen && !hidden()) timer = setTimeout(() => run(mine), ms);
    };
    const stop = () => {
      gen++;
      if (timer) clearTimeout(timer);
      timer = undefined;
      ac?.abort();
      ac = null;
    };
    const onVisibility = () => {
      stop();
      if (!hidden()) run(gen);
    };
    document.addEventListener('visibilitychange', onVisibility);
    run(gen);
    return () => {
      stop();
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [...keys, ms, kick]);

  return { ...state, retry: () => setKick((x) => x + 1) };
}
