// pages/crush - the CRUSH map, read-only: the hierarchy of buckets (roots, racks,
// hosts...) down to the OSDs with their device class, weight, reweight and up/down
// state, as an expandable tree (nested lists, a button per bucket), and the placement
// rules with their steps in words and the pools that use them.
// The tree at the scale of a real cluster (tree.ts has the rule): up to 50 OSDs it is
// all open; a bigger one opens its roots only, and a closed bucket's children are
// not rendered at all, so 1,000 OSDs cost a row per shown bucket until opened. Each
// bucket row sums up what is below it (OSDs up and in of all, weight, classes). The
// search (?q=, as on the OSDs page: ?q=node042 names the same host on both) keeps the
// nodes whose name, OSD id or device class matches, with the buckets leading to them
// opened; it has its own open state, so clearing it gives back the tree as it was.
// The rules table keeps its own search, sort and page as ?rules-q= and so on, and names
// the first 10 pools of a rule (at scale one rule places hundreds).
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso';
import { apiPath, get, list } from '../../api/client';
import { usePoll } from '../../api/usePoll';
import { Modal } from '../../components/Dialog';
import { Badge } from '../../components/Health';
import { Page } from '../../components/Page';
import { Empty, ErrorBox, Loading } from '../../components/States';
import { Table, type Column } from '../../components/Table';
import { NoteBar } from '../../components/NoteBar';
import { clusterHref, useSession } from '../../lib/session';
import { CreateRule, DeleteRule } from './rules';
import { AUTO, type Found, type Opened, distinctOsds, isBig, isOpen, normalQuery, openByRule, openBySearch, placeOf, search, toggled } from './tree';
import { type CrushNode, type CrushRule, type CrushTree, isOsd } from './types';
import { describeSteps, summary, totals, weight } from './words';

function osdLink(fsid: string, q: string): string {
  return `${clusterHref(fsid, 'osds')}?q=${encodeURIComponent(q)}`;
}

/** What every row of the tree needs: the cluster, the search's result, the open state. */
interface View {
  fsid: string;
  /** the normalised search ('' for none) */
  q: string;
  /** what the search keeps of the roots; null without a search */
  found: Found | null;
  /** the tree is above the size shown all open */
  big: boolean;
  opened: Opened;
  toggle: (place: string) => void;
}

/** text with the part that matches q marked. */
function Marked({ text, q }: { text: string; q: string }) {
  const i = q ? text.toLowerCase().indexOf(q) : -1;
  if (i < 0) return <>{text}</>;
  return (
    <>
      {text.slice(0, i)}
      <mark>{text.slice(i, i + q.length)}</mark>
      {text.slice(i + q.length)}
    </>
  );
}

function OsdStatus({ o }: { o: CrushNode }) {
  return (
    <>
      {o.status === 'up' ? <Badge tone="ok">up</Badge> : <Badge tone="err">{o.status || 'unknown'}</Badge>}{' '}
      {o.reweight === 0 && <Badge tone="warn">out</Badge>}
    </>
  );
}

function OsdRow({ o, v }: { o: CrushNode; v: View }) {
  return (
    <li class="crush-osd" data-osd={o.name}>
      <div class={o.status === 'up' ? 'crush-row' : 'crush-row down'}>
        <span class="crush-name">
          <a href={osdLink(v.fsid, o.name)} title={`${o.name} on the OSDs page`}>
            <Marked text={o.name} q={v.q} />
          </a>
        </span>
        <span class="crush-class">{o.device_class ? <Marked text={o.device_class} q={v.q} /> : <span class="muted">none</span>}</span>
        <span class="crush-num" title="CRUSH weight (by convention the device's size in TiB)">
          {weight(o.crush_weight)}
        </span>
        <span class="crush-num" title="Reweight: the share of its weight the OSD gets (0 = out)">
          {o.reweight === undefined ? '—' : o.reweight.toFixed(2)}
        </span>
        <span class="crush-status">
          <OsdStatus o={o} />
        </span>
      </div>
    </li>
  );
}

/** A bucket's OSDs below it: how many are up and in of all, in words and colour. */
function BucketStatus({ b }: { b: CrushNode }) {
  const t = totals(b);
  if (t.osds === 0) return <span class="muted">no OSDs</span>;
  const s = summary(t);
  return (
    <span class="crush-summary" title={s.title}>
      <Badge tone={s.upTone}>{s.up}</Badge> {s.inTone === 'warn' ? <Badge tone="warn">{s.in}</Badge> : <span class="muted">{s.in}</span>}
    </span>
  );
}

function BucketRow({ b, place, depth, v }: { b: CrushNode; place: string; depth: number; v: View }) {
  const open = isOpen(v.opened, place, v.found ? openBySearch(v.found, b) : openByRule(v.big, depth));
  const t = totals(b);
  const id = `crush-bucket-${place.replace(/\//g, '_')}`;
  return (
    <li class="crush-bucket" data-bucket={b.name}>
      <div class="crush-row">
        <span class="crush-name">
          <button type="button" class="crush-toggle" aria-expanded={open} aria-controls={id} onClick={() => v.toggle(place)}>
            <span class="crush-caret" aria-hidden="true">
              {open ? '▾' : '▸'}
            </span>
            <strong>
              <Marked text={b.name} q={v.q} />
            </strong>{' '}
            <span class="muted">{b.type}</span>
          </button>
          {b.type === 'host' && (
            <a class="crush-host-link" href={osdLink(v.fsid, b.name)} aria-label={`OSDs of host ${b.name}`}>
              OSDs
            </a>
          )}
        </span>
        <span class="crush-class">{t.classes.join(', ')}</span>
        <span class="crush-num" title="The sum of the CRUSH weights below">
          {weight(t.weight)}
        </span>
        <span class="crush-num" />
        <span class="crush-status">
          <BucketStatus b={b} />
        </span>
      </div>
      {/* A closed bucket's children are not rendered: the list stays, empty, for aria-controls. */}
      <ul id={id} class="crush-children" hidden={!open}>
        {open && <Nodes nodes={b.children ?? []} parent={place} depth={depth + 1} v={v} />}
      </ul>
    </li>
  );
}

/** Buckets as CRUSH lists them, then the OSDs by id. */
function ordered(nodes: CrushNode[]): CrushNode[] {
  return [...nodes.filter((n) => !isOsd(n)), ...nodes.filter(isOsd).sort((a, b) => a.id - b.id)];
}

/** The nodes the search keeps (all without one), each under its place. */
function Nodes({ nodes, parent, depth, v }: { nodes: CrushNode[]; parent: string; depth: number; v: View }) {
  const shown = v.found ? nodes.filter((n) => v.found!.shown.has(n)) : nodes;
  return (
    <>
      {ordered(shown).map((n) => {
        const place = placeOf(parent, n);
        return isOsd(n) ? <OsdRow key={place} o={n} v={v} /> : <BucketRow key={place} b={n} place={place} depth={depth} v={v} />;
      })}
    </>
  );
}

function Header() {
  return (
    <div class="crush-row crush-header" aria-hidden="true">
      <span class="crush-name">Name</span>
      <span class="crush-class">Class</span>
      <span class="crush-num">Weight</span>
      <span class="crush-num">Reweight</span>
      <span class="crush-status">Status</span>
    </div>
  );
}

/** The tree's search: typed at once, in the URL (?q=) after a pause, as the tables do. */
function useTreeSearch(): [string, string, (v: string) => void] {
  const loc = useLocation();
  const q = (loc.query || {}).q ?? '';
  const [typed, setTyped] = useState(q);
  const debounce = useRef<ReturnType<typeof setTimeout>>();
  // The URL changed otherwise (back, a link): the field follows.
  useEffect(() => {
    if (q !== typed.trim()) setTyped(q);
  }, [q]);
  useEffect(() => () => clearTimeout(debounce.current), []);
  const onType = (v: string) => {
    setTyped(v);
    clearTimeout(debounce.current);
    debounce.current = setTimeout(() => {
      const u = new URLSearchParams(location.search);
      if (v.trim()) u.set('q', v.trim());
      else u.delete('q');
      const qs = u.toString();
      loc.route(location.pathname + (qs ? '?' + qs : ''), true);
    }, 200);
  };
  return [q, typed, onType];
}

function TreeCard({ fsid }: { fsid: string }) {
  const tree = usePoll<CrushTree>((signal) => get<CrushTree>(apiPath('clusters', fsid, 'crush', 'tree'), undefined, signal), 15000, [fsid]);
  const [q, typed, onType] = useTreeSearch();
  const nq = normalQuery(q);
  const t = tree.data;
  const big = useMemo(() => (t ? isBig(t.roots) : false), [t]);
  const osdCount = useMemo(() => (t ? distinctOsds([...t.roots, ...t.stray]).size : 0), [t]);
  const found = useMemo(() => (t && nq ? search(t.roots, nq) : null), [t, nq]);
  const strayFound = useMemo(() => (t && nq ? search(t.stray, nq) : null), [t, nq]);
  // Two open states: the tree's, and the search's (for the search nq; a new search starts from the rule).
  const [normal, setNormal] = useState<Opened>(AUTO);
  const [searched, setSearched] = useState<{ q: string; o: Opened }>({ q: '', o: AUTO });
  const opened = nq ? (searched.q === nq ? searched.o : AUTO) : normal;
  const setOpened = (o: Opened) => (nq ? setSearched({ q: nq, o }) : setNormal(o));
  const v: View = { fsid, q: nq, found, big, opened, toggle: (place) => setOpened(toggled(opened, place)) };
  const stray = t ? (strayFound ? t.stray.filter((o) => strayFound.shown.has(o)) : t.stray) : [];
  const hits = (found?.hits.size ?? 0) + (strayFound?.hits.size ?? 0);
  const nothing = Boolean(nq) && hits === 0;
  return (
    <section class="card crush-tree-card" aria-labelledby="crush-tree-h">
      <div class="crush-card-head">
        <h2 id="crush-tree-h">Hierarchy</h2>
        {t && (t.roots.length > 0 || t.stray.length > 0) && (
          <>
            <input
              type="search"
              class="search crush-search"
              placeholder="Find a host, rack, OSD or class"
              aria-label="Search the hierarchy"
              value={typed}
              onInput={(e) => onType((e.target as HTMLInputElement).value)}
            />
            <span class="muted crush-found" role="status" aria-live="polite">
              {nq ? (hits === 1 ? '1 match' : `${hits.toLocaleString('en-US')} matches`) : ''}
            </span>
            <div class="crush-tools">
              <button type="button" class="btn small" onClick={() => setOpened({ base: 'all', flips: new Set() })}>
                Expand all
              </button>
              <button type="button" class="btn small" onClick={() => setOpened({ base: 'none', flips: new Set() })}>
                Collapse all
              </button>
            </div>
          </>
        )}
      </div>
      {!t ? (
        tree.error ? (
          <ErrorBox error={tree.error} retry={tree.retry} />
        ) : (
          <Loading what="Loading the CRUSH map" />
        )
      ) : (
        <>
          {tree.error !== null && <p class="crush-stale">Could not refresh the map; this is how it looked last.</p>}
          {big && !nq && normal.base === 'auto' && (
            <p class="muted crush-hint">
              {`${osdCount.toLocaleString('en-US')} OSDs: the buckets below the roots start closed. Open one, or search for a host, rack or OSD.`}
            </p>
          )}
          {t.roots.length === 0 ? (
            <Empty title="The CRUSH map is empty">Add OSDs to the cluster; they appear here under their host.</Empty>
          ) : nothing ? (
            <Empty title="Nothing matches">{`No bucket or OSD is named like “${q.trim()}”. OSD ids (12) and device classes (hdd, ssd) match too.`}</Empty>
          ) : (
            (!found || found.shown.size > 0) && (
              <div class="crush-scroll">
                <Header />
                <ul class="crush-tree" aria-label="CRUSH hierarchy">
                  <Nodes nodes={t.roots} parent="" depth={0} v={v} />
                </ul>
              </div>
            )
          )}
          {stray.length > 0 && (
            <div class="crush-stray">
              <h3>Outside the hierarchy</h3>
              <p class="muted">These OSDs are in no bucket, so CRUSH places no data on them.</p>
              <ul class="crush-tree">
                {stray.map((o) => (
                  <OsdRow key={o.id} o={o} v={v} />
                ))}
              </ul>
            </div>
          )}
        </>
      )}
    </section>
  );
}

/** Pools a rule shows at first: a rule of 500 pools is a line, not a wall of links. */
const USED_BY_SHOWN = 10;

/** The pools that use a rule, as links; past USED_BY_SHOWN, the rest on a click. */
function UsedBy({ fsid, pools }: { fsid: string; pools: string[] }) {
  const [all, setAll] = useState(false);
  if (!pools.length) return <span class="muted">no pool</span>;
  const shown = all ? pools : pools.slice(0, USED_BY_SHOWN);
  return (
    <span class="crush-pools">
      {shown.map((p, i) => (
        <>
          {i > 0 && ', '}
          <a href={clusterHref(fsid, 'pools', p)}>{p}</a>
        </>
      ))}
      {shown.length < pools.length && (
        <>
          {' '}
          <button type="button" class="btn small" onClick={() => setAll(true)}>
            {`and ${(pools.length - shown.length).toLocaleString('en-US')} more`}
          </button>
        </>
      )}
    </span>
  );
}

export function Crush() {
  const { params } = useRoute();
  const fsid = params.fsid;
  const s = useSession();
  const [dialog, setDialog] = useState<null | { kind: 'create' } | { kind: 'delete'; rule: CrushRule }>(null);
  const [reload, setReload] = useState(0);
  const [notice, setNotice] = useState('');
  const again = () => setReload((x) => x + 1);
  const columns: Column<CrushRule>[] = [
    { key: 'id', label: 'ID', sort: 'id', numeric: true, render: (r) => r.id },
    { key: 'name', label: 'Name', sort: 'name', render: (r) => <strong>{r.name}</strong> },
    { key: 'type', label: 'Type', sort: 'type', render: (r) => r.type },
    { key: 'steps', label: 'What it does', render: (r) => <span class="crush-steps">{describeSteps(r.steps, r.type)}</span> },
    { key: 'pools', label: 'Used by', render: (r) => <UsedBy key={r.name} fsid={fsid} pools={r.pools} /> },
    { key: 'size', label: 'Pool sizes', optional: true, render: (r) => `${r.min_size}–${r.max_size}` },
  ];
  return (
    <Page title="CRUSH map" sub="Where the cluster puts data: the hierarchy of buckets and OSDs, and the rules that pick OSDs for each pool.">
      <div class="crush-layout">
        <TreeCard fsid={fsid} />
        <section aria-labelledby="crush-rules-h" class="crush-rules">
          <h2 id="crush-rules-h">Rules</h2>
          {notice && <NoteBar onDismiss={() => setNotice('')}>{notice}</NoteBar>}
          <Table<CrushRule>
            id="crush-rules"
            urlState="rules-"
            columns={columns}
            defaultSort="id"
            searchLabel="Search rules"
            rowKey={(r) => r.name}
            pollMs={30000}
            reload={reload}
            load={(q, signal) => list<CrushRule>(apiPath('clusters', fsid, 'crush', 'rules'), { ...q }, signal)}
            empty="This cluster has no CRUSH rules; pools need one."
            toolbar={
              s.canMutate && (
                <button type="button" class="btn small" onClick={() => setDialog({ kind: 'create' })}>
                  Create rule
                </button>
              )
            }
            actions={
              s.canMutate
                ? (r) => (
                    <button
                      type="button"
                      class="btn small danger"
                      disabled={r.pools.length > 0}
                      title={r.pools.length ? `Places ${r.pools.join(', ')}: move those pools to another rule first.` : undefined}
                      onClick={() => setDialog({ kind: 'delete', rule: r })}
                    >
                      Delete
                    </button>
                  )
                : undefined
            }
          />
          {dialog?.kind === 'create' && (
            <Modal title="Create CRUSH rule" onClose={() => setDialog(null)} wide>
              <CreateRule
                fsid={fsid}
                onCancel={() => setDialog(null)}
                onDone={(r) => {
                  setDialog(null);
                  again();
                  setNotice(`Rule ${r.name} created: choose it when you create a pool.`);
                }}
              />
            </Modal>
          )}
          {dialog?.kind === 'delete' && (
            <DeleteRule
              fsid={fsid}
              rule={dialog.rule}
              onClose={() => setDialog(null)}
              onDone={() => {
                again();
                setNotice(`Rule ${dialog.rule.name} deleted.`);
              }}
            />
          )}
        </section>
      </div>
    </Page>
  );
}
