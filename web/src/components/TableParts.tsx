// components/TableParts.tsx - the pieces of the table around its rows: the columns
// shown (chosen per user, kept as a preference), the sortable column heads, and the
// pager (first, previous, "page n of m", next, last).
import { useState } from 'preact/hooks';
import type { ListPage } from '../api/types';
import { loadPref, savePref } from '../lib/prefs';
import type { Column } from './Table';

/** [the hidden columns' keys, choose(key, show)]: optional columns start hidden; the choice is kept per table id. */
export function useHiddenColumns<T>(id: string, columns: Column<T>[]) {
  const [hidden, setHidden] = useState<string[]>(() =>
    loadPref(`cols:${id}`, columns.filter((c) => c.optional).map((c) => c.key)),
  );
  const choose = (key: string, show: boolean) => {
    const h = show ? hidden.filter((k) => k !== key) : [...hidden, key];
    setHidden(h);
    savePref(`cols:${id}`, h);
  };
  return [hidden, choose] as const;
}

/** Which columns show; choose(key, show) changes one. */
export function ColumnChooser<T>(p: { columns: Column<T>[]; hidden: string[]; choose: (key: string, show: boolean) => void }) {
  return (
    <details class="columns">
      <summary class="btn small">Columns</summary>
      <div class="menu">
        {p.columns.map((c) => (
          <label class="inline">
            <input type="checkbox" checked={!p.hidden.includes(c.key)} onChange={(e) => p.choose(c.key, (e.target as HTMLInputElement).checked)} />{' '}
            {c.label || c.key}
          </label>
        ))}
      </div>
    </details>
  );
}

/** A column's head: a button that sorts by it (ascending, then descending) when the server can. */
export function HeadCell<T>({ column: c, sort, onSort }: { column: Column<T>; sort: string; onSort: () => void }) {
  const dir = sort === c.sort ? 'ascending' : sort === '-' + c.sort ? 'descending' : undefined;
  return (
    <th class={c.numeric ? 'num' : ''} aria-sort={dir}>
      {c.sort ? (
        <button type="button" class="sort" onClick={onSort}>
          {c.label}
          <span aria-hidden="true">{dir === 'ascending' ? ' ▲' : dir === 'descending' ? ' ▼' : ''}</span>
        </button>
      ) : (
        c.label
      )}
    </th>
  );
}

/** The pager of page (shown: its rows on screen), at page number at of pages; go(n) goes to page n. */
export function Pager(p: { page: ListPage<unknown>; shown: number; at: number; pages: number; go: (n: number) => void }) {
  return (
    <nav class="pager" aria-label="Pages">
      <span>
        {p.page.total === 0 ? 'None' : `${p.page.offset + 1}–${p.page.offset + p.shown} of ${p.page.total_exact === false ? 'about ' : ''}${p.page.total.toLocaleString('en-US')}`}
      </span>
      <button type="button" class="btn small" disabled={p.at === 0} onClick={() => p.go(0)}>
        First
      </button>
      <button type="button" class="btn small" disabled={p.at === 0} onClick={() => p.go(p.at - 1)}>
        Previous
      </button>
      <span aria-current="page">
        Page {p.at + 1} of {p.pages}
      </span>
      <button type="button" class="btn small" disabled={p.at + 1 >= p.pages} onClick={() => p.go(p.at + 1)}>
        Next
      </button>
      <button type="button" class="btn small" disabled={p.at + 1 >= p.pages} onClick={() => p.go(p.pages - 1)}>
        Last
      </button>
    </nav>
  );
}
