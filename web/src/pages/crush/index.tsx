// pages/crush - the CRUSH map, read-only: the hierarchy of buckets (roots, hosts...)
// down to the OSDs with their device class, weight, reweight and up/down state, as
// an expandable tree (nested lists, a button per bucket, all open at first), and the
// placement rules with their steps in words and the pools that use them.
import { useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
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
import { type CrushNode, type CrushRule, type CrushTree, isOsd } from './types';
import { bucketIds, describeSteps, totals, weight } from './words';

function osdLink(fsid: string, q: string): string {
  return `${clusterHref(fsid, 'osds')}?q=${encodeURIComponent(q)}`;
}

function OsdStatus({ o }: { o: CrushNode }) {
  return (
    <>
      {o.status === 'up' ? <Badge tone="ok">up</Badge> : <Badge tone="err">{o.status || 'unknown'}</Badge>}{' '}
      {o.reweight === 0 && <Badge tone="warn">out</Badge>}
    </>
  );
}

function OsdRow({ o, fsid }: { o: CrushNode; fsid: string }) {
  return (
    <li class="crush-osd" data-osd={o.name}>
      <div class={o.status === 'up' ? 'crush-row' : 'crush-row down'}>
        <span class="crush-name">
          <a href={osdLink(fsid, o.name)} title={`${o.name} on the OSDs page`}>
            {o.name}
          </a>
        </span>
        <span class="crush-class">{o.device_class || <span class="muted">none</span>}</span>
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

function BucketRow({ b, fsid, collapsed, toggle }: { b: CrushNode; fsid: string; collapsed: Set<number>; toggle: (id: number) => void }) {
  const open = !collapsed.has(b.id);
  const t = totals(b);
  const id = `crush-bucket-${b.id}`;
  const down = t.osds - t.up;
  return (
    <li class="crush-bucket" data-bucket={b.name}>
      <div class="crush-row">
        <span class="crush-name">
          <button type="button" class="crush-toggle" aria-expanded={open} aria-controls={id} onClick={() => toggle(b.id)}>
            <span class="crush-caret" aria-hidden="true">
              {open ? '▾' : '▸'}
            </span>
            <strong>{b.name}</strong> <span class="muted">{b.type}</span>
          </button>
          {b.type === 'host' && (
            <a class="crush-host-link" href={osdLink(fsid, b.name)} aria-label={`OSDs of host ${b.name}`}>
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
          {t.osds === 0 ? (
            <span class="muted">no OSDs</span>
          ) : down === 0 ? (
            <Badge tone="ok">{`${t.osds} up`}</Badge>
          ) : (
            <Badge tone="err">{`${down} of ${t.osds} down`}</Badge>
          )}
        </span>
      </div>
      <ul id={id} class="crush-children" hidden={!open}>
        {ordered(b.children ?? []).map((c) => (
          <Node n={c} fsid={fsid} collapsed={collapsed} toggle={toggle} />
        ))}
      </ul>
    </li>
  );
}

/** Buckets as CRUSH lists them, then the OSDs by id. */
function ordered(nodes: CrushNode[]): CrushNode[] {
  return [...nodes.filter((n) => !isOsd(n)), ...nodes.filter(isOsd).sort((a, b) => a.id - b.id)];
}

function Node({ n, fsid, collapsed, toggle }: { n: CrushNode; fsid: string; collapsed: Set<number>; toggle: (id: number) => void }) {
  return isOsd(n) ? <OsdRow o={n} fsid={fsid} /> : <BucketRow b={n} fsid={fsid} collapsed={collapsed} toggle={toggle} />;
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

function TreeCard({ fsid }: { fsid: string }) {
  const tree = usePoll<CrushTree>((signal) => get<CrushTree>(apiPath('clusters', fsid, 'crush', 'tree'), undefined, signal), 15000, [fsid]);
  const [collapsed, setCollapsed] = useState<Set<number>>(new Set());
  const toggle = (id: number) => {
    const s = new Set(collapsed);
    if (s.has(id)) s.delete(id);
    else s.add(id);
    setCollapsed(s);
  };
  const t = tree.data;
  return (
    <section class="card crush-tree-card" aria-labelledby="crush-tree-h">
      <div class="crush-card-head">
        <h2 id="crush-tree-h">Hierarchy</h2>
        {t && t.roots.length > 0 && (
          <div class="crush-tools">
            <button type="button" class="btn small" onClick={() => setCollapsed(new Set())}>
              Expand all
            </button>
            <button type="button" class="btn small" onClick={() => setCollapsed(new Set(bucketIds(t.roots)))}>
              Collapse all
            </button>
          </div>
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
          {t.roots.length === 0 ? (
            <Empty title="The CRUSH map is empty">Add OSDs to the cluster; they appear here under their host.</Empty>
          ) : (
            <div class="crush-scroll">
              <Header />
              <ul class="crush-tree" aria-label="CRUSH hierarchy">
                {t.roots.map((n) => (
                  <Node n={n} fsid={fsid} collapsed={collapsed} toggle={toggle} />
                ))}
              </ul>
            </div>
          )}
          {t.stray.length > 0 && (
            <div class="crush-stray">
              <h3>Outside the hierarchy</h3>
              <p class="muted">These OSDs are in no bucket, so CRUSH places no data on them.</p>
              <ul class="crush-tree">
                {t.stray.map((o) => (
                  <OsdRow o={o} fsid={fsid} />
                ))}
              </ul>
            </div>
          )}
        </>
      )}
    </section>
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
    {
      key: 'pools',
      label: 'Used by',
      render: (r) =>
        r.pools.length ? (
          <span class="crush-pools">
            {r.pools.map((p, i) => (
              <>
                {i > 0 && ', '}
                <a href={clusterHref(fsid, 'pools', p)}>{p}</a>
              </>
            ))}
          </span>
        ) : (
          <span class="muted">no pool</span>
        ),
    },
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
            urlState
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
