// components/Table.tsx - the one table: pages, sorting and search done by the
// server (the list envelope), search debounced, page/sort/search kept in the URL so
// a view can be pasted into a ticket (lib/urlState.ts), the column choice kept per
// user, column heads and pager (TableParts.tsx), row selection for bulk actions, and
// loading, empty and error states.
import { Fragment, type ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ListPage } from '../api/types';
import { useUrlState } from '../lib/urlState';
import { Empty, ErrorBox, Loading } from './States';
import { ColumnChooser, HeadCell, Pager, useHiddenColumns } from './TableParts';

export interface Column<T> {
  key: string;
  label: string;
  /** the server's sort field; unsortable when absent */
  sort?: string;
  render: (row: T) => ComponentChildren;
  /** hidden until chosen in the column chooser */
  optional?: boolean;
  numeric?: boolean;
}

export interface ListQuery {
  offset: number;
  limit: number;
  sort: string;
  search: string;
}

export interface TableProps<T> {
  /** names the column preference and the URL keys */
  id: string;
  columns: Column<T>[];
  load: (q: ListQuery, signal: AbortSignal) => Promise<ListPage<T>>;
  rowKey: (row: T) => string;
  defaultSort: string;
  searchLabel?: string;
  /** what to say and do when there is nothing at all */
  empty: ComponentChildren;
  /** the empty state's title (default "Nothing here yet"; say "Nothing matches" under filters) */
  emptyTitle?: string;
  /** toolbar content (create buttons) */
  toolbar?: ComponentChildren;
  /** per-row actions, right-aligned */
  actions?: (row: T) => ComponentChildren;
  /** bulk actions for the selected rows; enables selection */
  bulk?: (rows: T[], clear: () => void) => ComponentChildren;
  /** changes of this value reload the current page */
  reload?: unknown;
  /** reload every n ms while shown */
  pollMs?: number;
  pageSize?: number;
  /** keep page, sort and search in the URL (one table per page); a string: under keys
   * with that prefix ('rules-': rules-q, rules-sort, rules-page), when the page has its own ?q= */
  urlState?: boolean | string;
  rowClass?: (row: T) => string;
  /** content shown in a full-width row under a row (an expanded row); nothing when it returns null */
  expand?: (row: T) => ComponentChildren;
}

export function Table<T>(p: TableProps<T>) {
  const size = p.pageSize || 25;
  const [st, setSt] = useUrlState(Boolean(p.urlState), { q: '', sort: p.defaultSort, page: 0 }, typeof p.urlState === 'string' ? p.urlState : '');
  const [typed, setTyped] = useState(st.q);
  const [page, setPage] = useState<ListPage<T> | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [hidden, chooseCol] = useHiddenColumns(p.id, p.columns);
  const debounce = useRef<ReturnType<typeof setTimeout>>();

  useEffect(() => {
    const ac = new AbortController();
    setLoading(true);
    p.load({ offset: st.page * size, limit: size, sort: st.sort, search: st.q }, ac.signal)
      .then((r) => {
        setPage(r);
        setError(null);
        setLoading(false);
        if (r.items.length === 0 && st.page > 0 && r.total > 0) setSt({ ...st, page: Math.floor((r.total - 1) / size) });
      })
      .catch((e) => {
        if ((e as Error).name === 'AbortError') return;
        setError(e);
        setLoading(false);
      });
    return () => ac.abort();
  }, [st.q, st.sort, st.page, tick, p.reload]);

  useEffect(() => {
    if (!p.pollMs) return;
    const t = setInterval(() => document.visibilityState === 'visible' && setTick((x) => x + 1), p.pollMs);
    return () => clearInterval(t);
  }, [p.pollMs]);

  const onSearch = (v: string) => {
    setTyped(v);
    clearTimeout(debounce.current);
    debounce.current = setTimeout(() => setSt({ ...st, q: v.trim(), page: 0 }), 300);
  };
  const toggleSort = (c: Column<T>) => {
    if (!c.sort) return;
    setSt({ ...st, sort: st.sort === c.sort ? '-' + c.sort : c.sort, page: 0 });
  };
  const cols = p.columns.filter((c) => !hidden.includes(c.key));
  const rows = page?.items || [];
  const selRows = rows.filter((r) => selected.has(p.rowKey(r)));
  const pages = page ? Math.max(1, Math.ceil(page.total / size)) : 1;
  const selectable = Boolean(p.bulk);

  return (
    <section class="table-wrap" data-table={p.id}>
      <div class="toolbar">
        <input
          type="search"
          class="search"
          placeholder={p.searchLabel || 'Search'}
          aria-label={p.searchLabel || 'Search'}
          value={typed}
          onInput={(e) => onSearch((e.target as HTMLInputElement).value)}
        />
        {selectable && selRows.length > 0 && (
          <div class="bulk" aria-label="Actions for the selected rows">
            <span>{selRows.length} selected</span>
            {p.bulk!(selRows, () => setSelected(new Set()))}
          </div>
        )}
        <div class="spacer" />
        <ColumnChooser columns={p.columns} hidden={hidden} choose={chooseCol} />
        {p.toolbar}
      </div>
      {error !== null && !page ? (
        <ErrorBox error={error} retry={() => setTick((x) => x + 1)} />
      ) : !page ? (
        <Loading />
      ) : page.total === 0 && !st.q ? (
        <Empty title={p.emptyTitle || 'Nothing here yet'}>{p.empty}</Empty>
      ) : (
        <>
          {error !== null && <ErrorBox error={error} retry={() => setTick((x) => x + 1)} />}
          <div class="table-scroll">
            <table class={loading ? 'table busy' : 'table'} aria-busy={loading}>
              <thead>
                <tr>
                  {selectable && (
                    <th class="sel">
                      <input
                        type="checkbox"
                        aria-label="Select all on this page"
                        checked={rows.length > 0 && selRows.length === rows.length}
                        onChange={(e) =>
                          setSelected((e.target as HTMLInputElement).checked ? new Set(rows.map(p.rowKey)) : new Set())
                        }
                      />
                    </th>
                  )}
                  {cols.map((c) => (
                    <HeadCell column={c} sort={st.sort} onSort={() => toggleSort(c)} />
                  ))}
                  {p.actions && <th class="acts">Actions</th>}
                </tr>
              </thead>
              <tbody>
                {rows.length === 0 && (
                  <tr>
                    <td colSpan={cols.length + (selectable ? 1 : 0) + (p.actions ? 1 : 0)} class="none">
                      Nothing matches “{st.q}”.
                    </td>
                  </tr>
                )}
                {rows.map((r) => {
                  const k = p.rowKey(r);
                  const row = (
                    <tr key={k} data-row={k} class={p.rowClass ? p.rowClass(r) : ''}>
                      {selectable && (
                        <td class="sel">
                          <input
                            type="checkbox"
                            aria-label={`Select ${k}`}
                            checked={selected.has(k)}
                            onChange={(e) => {
                              const s = new Set(selected);
                              if ((e.target as HTMLInputElement).checked) s.add(k);
                              else s.delete(k);
                              setSelected(s);
                            }}
                          />
                        </td>
                      )}
                      {cols.map((c) => (
                        <td class={c.numeric ? 'num' : ''} data-col={c.key}>
                          {c.render(r)}
                        </td>
                      ))}
                      {p.actions && <td class="acts">{p.actions(r)}</td>}
                    </tr>
                  );
                  const more = p.expand ? p.expand(r) : null;
                  if (more === null || more === undefined || more === false) return row;
                  return (
                    <Fragment key={k}>
                      {row}
                      <tr class="expanded" data-expanded={k}>
                        <td colSpan={cols.length + (selectable ? 1 : 0) + (p.actions ? 1 : 0)}>{more}</td>
                      </tr>
                    </Fragment>
                  );
                })}
              </tbody>
            </table>
          </div>
          <Pager page={page} shown={rows.length} at={st.page} pages={pages} go={(n) => setSt({ ...st, page: n })} />
        </>
      )}
    </section>
  );
}
