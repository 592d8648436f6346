// lib/urlState.ts - a table's page, sort and search kept in the URL's query (q, sort,
// page; the defaults left out) so that a view can be pasted into a ticket, or in the
// component's state when the page has more than one table. A table beside a page's own
// search keeps them under a prefix (rules-q, rules-sort, rules-page) so ?q= stays the
// page's.
import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';

export interface TableState {
  q: string;
  sort: string;
  page: number;
}

/** [the state, its setter]: from and to the URL when on (its keys prefixed by prefix), else local. */
export function useUrlState(on: boolean, dflt: TableState, prefix = '') {
  const loc = useLocation();
  const [local, setLocal] = useState(dflt);
  if (!on) return [local, (s: TableState) => setLocal(s)] as const;
  const q = loc.query || {};
  const [kq, ksort, kpage] = [prefix + 'q', prefix + 'sort', prefix + 'page'];
  const cur = { q: q[kq] ?? dflt.q, sort: q[ksort] ?? dflt.sort, page: Math.max(0, parseInt(q[kpage] || '0', 10) || 0) };
  const set = (s: TableState) => {
    const u = new URLSearchParams(location.search);
    const put = (k: string, v: string, d: string) => (v === d ? u.delete(k) : u.set(k, v));
    put(kq, s.q, dflt.q);
    put(ksort, s.sort, dflt.sort);
    put(kpage, String(s.page), '0');
    const qs = u.toString();
    loc.route(location.pathname + (qs ? '?' + qs : ''), true);
  };
  return [cur, set] as const;
}
