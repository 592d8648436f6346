// pages/osds - the OSDs of a cluster: state (up/down, in/out) in words, weights,
// PGs and usage; for operators marking in and out (out only after saying that data
// will move), reweighting, (deep) scrubs, the same for several selected OSDs, and
// the cluster flags dialog. An OSD's details open in a dialog with its own URL
// (?osd=<id>).
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso';
import { useGet } from '../../api/useGet';
import { apiPath, get, list, messageOf, mutate } from '../../api/client';
import type { FlagsState } from '../../api/types';
import { Confirm, Modal } from '../../components/Dialog';
import { CurrentFlags, FlagsEditor } from '../../components/Flags';
import { FormView, NumberField, useForm } from '../../components/Form';
import { Badge, Meter } from '../../components/Health';
import { Page } from '../../components/Page';
import { ErrorBox, Loading } from '../../components/States';
import { Table, type Column } from '../../components/Table';
import { Size } from '../../components/Values';
import { clusterHref, useSession } from '../../lib/session';
import type { Osd, OsdDetail } from './types';
import { names, reweightError, reweightText, usedFraction, weight } from './util';

interface Notice {
  tone: 'ok' | 'err';
  text: ComponentChildren;
}

type Dialog = null | { kind: 'out'; osds: Osd[]; clear?: () => void } | { kind: 'reweight'; osd: Osd } | { kind: 'flags' };

function UpBadge({ osd }: { osd: Osd }) {
  return osd.up ? <Badge tone="ok">up</Badge> : <Badge tone="err">down</Badge>;
}
function InBadge({ osd }: { osd: Osd }) {
  return osd.in ? <Badge tone="ok">in</Badge> : <Badge tone="warn">out</Badge>;
}

function Usage({ osd }: { osd: Osd }) {
  const f = usedFraction(osd.stats);
  if (f === null || !osd.stats) return <span class="muted" title="The manager did not answer: no usage numbers">no data</span>;
  return (
    <span class="osd-usage">
      <Meter fraction={f} />
      <span class="muted">
        <Size bytes={osd.stats.used} /> of <Size bytes={osd.stats.total} />
      </span>
    </span>
  );
}

/** Runs fn for each OSD in turn; resolves with the names that failed and why. */
async function each(osds: Osd[], fn: (o: Osd) => Promise<unknown>): Promise<string[]> {
  const failed: string[] = [];
  for (const o of osds) {
    try {
      await fn(o);
    } catch (e) {
      failed.push(`${o.name}: ${messageOf(e)}`);
    }
  }
  return failed;
}

export function Osds() {
  const { params } = useRoute();
  const fsid = params.fsid;
  const s = useSession();
  const loc = useLocation();
  const [reload, setReload] = useState(0);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [busy, setBusy] = useState<Set<number>>(new Set());
  const [flags, setFlags] = useState<string[] | null>(null);
  const detailId = loc.query?.osd;

  useEffect(() => {
    get<FlagsState>(apiPath('clusters', fsid, 'flags'))
      .then((r) => setFlags(r.flags))
      .catch(() => setFlags(null));
  }, [fsid, reload]);

  const refresh = () => setReload((x) => x + 1);
  const setQuery = (osd: number | null) => {
    const u = new URLSearchParams(location.search);
    if (osd === null) u.delete('osd');
    else u.set('osd', String(osd));
    const qs = u.toString();
    loc.route(location.pathname + (qs ? '?' + qs : ''), osd === null);
  };

  /** Runs an action on OSDs with their buttons disabled, then reloads; failures in a notice. */
  const run = async (osds: Osd[], fn: (o: Osd) => Promise<unknown>, done: string, rethrow = false) => {
    setBusy((b) => new Set([...b, ...osds.map((o) => o.id)]));
    const failed = await each(osds, fn);
    setBusy((b) => new Set([...b].filter((id) => !osds.some((o) => o.id === id))));
    refresh();
    if (failed.length) {
      const text = failed.join(' ');
      setNotice({ tone: 'err', text });
      if (rethrow) throw new Error(text);
    } else setNotice({ tone: 'ok', text: done });
  };
  const patch = (o: Osd, body: Record<string, unknown>, label: string) =>
    mutate({ method: 'PATCH', path: apiPath('clusters', fsid, 'osds', o.id), body }, label);
  const markIn = (osds: Osd[]) =>
    run(osds, (o) => patch(o, { in: true }, `Mark ${o.name} in`), `${names(osds)} marked in: data moves onto ${osds.length > 1 ? 'them' : 'it'} again.`);
  const markOut = (osds: Osd[]) =>
    run(osds, (o) => patch(o, { in: false }, `Mark ${o.name} out`), `${names(osds)} marked out: data is moving to the other OSDs.`, true);
  const scrub = (osds: Osd[], deep: boolean) =>
    run(
      osds,
      (o) => mutate({ method: 'POST', path: apiPath('clusters', fsid, 'osds', o.id, 'scrub'), body: { deep } }, `Scrub ${o.name}`),
      `${deep ? 'Deep scrub' : 'Scrub'} requested for ${names(osds)}: Ceph runs it when it can.`,
    );

  const columns: Column<Osd>[] = [
    {
      key: 'name',
      label: 'OSD',
      sort: 'id',
      render: (o) => (
        <a
          href={`${clusterHref(fsid, 'osds')}?osd=${o.id}`}
          onClick={(e) => {
            e.preventDefault();
            setQuery(o.id);
          }}
        >
          {o.name}
        </a>
      ),
    },
    { key: 'host', label: 'Host', sort: 'host', render: (o) => o.host || <span class="muted">unknown</span> },
    { key: 'up', label: 'Status', sort: 'up', render: (o) => <UpBadge osd={o} /> },
    { key: 'in', label: 'In/out', sort: 'in', render: (o) => <InBadge osd={o} /> },
    { key: 'device_class', label: 'Class', sort: 'device_class', render: (o) => o.device_class || <span class="muted">none</span> },
    {
      key: 'weight',
      label: 'Weight',
      sort: 'weight',
      numeric: true,
      render: (o) => <span title={`CRUSH weight ${o.weight}`}>{weight(o.weight)}</span>,
    },
    { key: 'reweight', label: 'Reweight', sort: 'reweight', numeric: true, render: (o) => <span title={String(o.reweight)}>{reweightText(o.reweight)}</span> },
    { key: 'pgs', label: 'PGs', sort: 'pgs', numeric: true, render: (o) => (o.pgs === null ? <span class="muted">—</span> : o.pgs.toLocaleString('en-US')) },
    { key: 'usage', label: 'Usage', sort: 'percent_used', render: (o) => <Usage osd={o} /> },
    { key: 'total', label: 'Size', sort: 'total', numeric: true, optional: true, render: (o) => <Size bytes={o.stats?.total} /> },
    { key: 'avail', label: 'Available', sort: 'avail', numeric: true, optional: true, render: (o) => <Size bytes={o.stats?.avail} /> },
    { key: 'objectstore', label: 'Object store', sort: 'objectstore', optional: true, render: (o) => o.objectstore || <span class="muted">unknown</span> },
  ];

  return (
    <Page
      title="OSDs"
      sub="The object storage daemons: one per disk. Out moves data off an OSD; reweight moves part of it."
      actions={
        s.canMutate ? (
          <button type="button" class="btn" onClick={() => setDialog({ kind: 'flags' })}>
            Cluster flags…
          </button>
        ) : (
          <a class="btn" href={clusterHref(fsid, 'flags')}>
            View cluster flags
          </a>
        )
      }
    >
      {flags && <CurrentFlags flags={flags} label="Cluster flags set:" />}
      {notice && (
        <div class={`note-bar ${notice.tone}`} role={notice.tone === 'err' ? 'alert' : 'status'}>
          <span>{notice.text}</span>
          <button type="button" class="icon-btn" aria-label="Dismiss" onClick={() => setNotice(null)}>
            ×
          </button>
        </div>
      )}
      <Table<Osd>
        id="osds"
        urlState
        columns={columns}
        defaultSort="id"
        searchLabel="Search OSDs by name, host or class"
        rowKey={(o) => String(o.id)}
        rowClass={(o) => (!o.up ? 'osd-down' : '')}
        reload={reload}
        pollMs={10000}
        load={(q, signal) => list<Osd>(apiPath('clusters', fsid, 'osds'), { ...q }, signal)}
        empty="This cluster has no OSDs yet: add disks on a node to create them."
        actions={
          s.canMutate
            ? (o) => {
                const b = busy.has(o.id);
                return (
                  <>
                    {o.in ? (
                      <button type="button" class="btn small" disabled={b} onClick={() => setDialog({ kind: 'out', osds: [o] })}>
                        Mark out
                      </button>
                    ) : (
                      <button type="button" class="btn small" disabled={b} onClick={() => markIn([o])}>
                        Mark in
                      </button>
                    )}
                    <button type="button" class="btn small" disabled={b} onClick={() => setDialog({ kind: 'reweight', osd: o })}>
                      Reweight…
                    </button>
                    <button type="button" class="btn small" disabled={b || !o.up} onClick={() => scrub([o], false)} title={o.up ? undefined : 'A down OSD cannot scrub'}>
                      Scrub
                    </button>
                    <button type="button" class="btn small" disabled={b || !o.up} onClick={() => scrub([o], true)} title={o.up ? undefined : 'A down OSD cannot scrub'}>
                      Deep scrub
                    </button>
                  </>
                );
              }
            : undefined
        }
        bulk={
          s.canMutate
            ? (rows, clear) => {
                const outs = rows.filter((o) => !o.in);
                const ins = rows.filter((o) => o.in);
                const up = rows.filter((o) => o.up);
                return (
                  <>
                    <button type="button" class="btn small" disabled={!outs.length} onClick={() => markIn(outs).then(clear)}>
                      Mark in
                    </button>
                    <button type="button" class="btn small" disabled={!ins.length} onClick={() => setDialog({ kind: 'out', osds: ins, clear })}>
                      Mark out
                    </button>
                    <button type="button" class="btn small" disabled={!up.length} onClick={() => scrub(up, false).then(clear)}>
                      Scrub
                    </button>
                    <button type="button" class="btn small" disabled={!up.length} onClick={() => scrub(up, true).then(clear)}>
                      Deep scrub
                    </button>
                  </>
                );
              }
            : undefined
        }
      />
      {dialog?.kind === 'out' && (
        <Confirm
          title={dialog.osds.length === 1 ? `Mark ${dialog.osds[0].name} out` : `Mark ${dialog.osds.length} OSDs out`}
          name={names(dialog.osds)}
          consequence={<OutConsequence osds={dialog.osds} noout={Boolean(flags?.includes('noout'))} />}
          action="Mark out"
          onConfirm={async () => {
            await markOut(dialog.osds);
            dialog.clear?.();
          }}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'reweight' && (
        <Modal title={`Reweight ${dialog.osd.name}`} onClose={() => setDialog(null)}>
          <ReweightForm
            fsid={fsid}
            osd={dialog.osd}
            onDone={(w) => {
              setDialog(null);
              refresh();
              setNotice({ tone: 'ok', text: `${dialog.osd.name} reweighted to ${reweightText(w)}.` });
            }}
            onCancel={() => setDialog(null)}
          />
        </Modal>
      )}
      {dialog?.kind === 'flags' && (
        <Modal title="Cluster flags" onClose={() => setDialog(null)} wide>
          <FlagsEditor
            fsid={fsid}
            readOnly={false}
            onSaved={(now) => {
              setDialog(null);
              setFlags(now);
              setNotice({ tone: 'ok', text: now.length ? `Cluster flags saved; set now: ${now.join(', ')}.` : 'Cluster flags saved; none is set now.' });
            }}
            onCancel={() => setDialog(null)}
          />
        </Modal>
      )}
      {detailId !== undefined && <OsdPanel fsid={fsid} id={detailId} onClose={() => setQuery(null)} />}
    </Page>
  );
}

function OutConsequence({ osds, noout }: { osds: Osd[]; noout: boolean }) {
  const pgs = osds.reduce((n, o) => n + (o.pgs || 0), 0);
  const one = osds.length === 1;
  return (
    <>
      Ceph will move the data on <strong>{names(osds)}</strong>
      {pgs > 0 && ` (${pgs.toLocaleString('en-US')} placement group${pgs === 1 ? '' : 's'})`} to the other OSDs. {one ? 'It keeps' : 'They keep'} running,
      but the recovery traffic slows client I/O until the data has moved. Mark {one ? 'it' : 'them'} in again to move data back.
      {noout && ' The noout flag does not stop this: it only stops OSDs that go down from being marked out automatically.'}
    </>
  );
}

interface ReweightValues extends Record<string, unknown> {
  reweight: string;
}

function ReweightForm(p: { fsid: string; osd: Osd; onDone: (w: number) => void; onCancel: () => void }) {
  const form = useForm<ReweightValues>({ reweight: reweightText(p.osd.reweight) }, (v) => ({ reweight: reweightError(v.reweight) }));
  return (
    <FormView
      form={form}
      call={(v) => ({ method: 'PATCH', path: apiPath('clusters', p.fsid, 'osds', p.osd.id), body: { reweight: Number(v.reweight.trim()) } })}
      label="Reweight"
      onDone={() => p.onDone(Number(form.values.reweight.trim()))}
      onCancel={p.onCancel}
    >
      <NumberField
        form={form}
        name="reweight"
        label="Reweight (0 to 1)"
        min={0}
        max={1}
        step="any"
        help={
          <>
            Now {reweightText(p.osd.reweight)}. 1 places data as the CRUSH weight ({weight(p.osd.weight)}) says; lower values move part of the data off this OSD (for
            an overfull disk); 0 moves all of it away, like out. Any change moves data.
          </>
        }
      />
    </FormView>
  );
}

function yesNo(v: string | null | undefined): string {
  return v === '1' ? 'yes (HDD)' : v === '0' ? 'no (SSD/NVMe)' : '—';
}

function OsdPanel({ fsid, id, onClose }: { fsid: string; id: string; onClose: () => void }) {
  const { data: osd, error, reload } = useGet<OsdDetail>(apiPath('clusters', fsid, 'osds', id), { fresh: true });
  const m = osd?.metadata || {};
  const val = (k: string) => m[k] || <span class="muted">—</span>;
  return (
    <Modal title={osd ? osd.name : `OSD ${id}`} onClose={onClose} wide>
      {error !== null ? (
        <ErrorBox error={error} retry={() => reload()} />
      ) : !osd ? (
        <Loading />
      ) : (
        <div class="grid osd-detail">
          <section class="card">
            <h2>State</h2>
            <dl class="props">
              <dt>Status</dt>
              <dd>
                <UpBadge osd={osd} /> <InBadge osd={osd} />
              </dd>
              <dt>Host</dt>
              <dd>{osd.host || '—'}</dd>
              <dt>Device class</dt>
              <dd>{osd.device_class || '—'}</dd>
              <dt>CRUSH weight</dt>
              <dd>{weight(osd.weight)}</dd>
              <dt>Reweight</dt>
              <dd>{reweightText(osd.reweight)}</dd>
              <dt>Placement groups</dt>
              <dd>{osd.pgs ?? '—'}</dd>
              <dt>Latency</dt>
              <dd>{osd.perf ? `commit ${osd.perf.commit_latency_ms} ms, apply ${osd.perf.apply_latency_ms} ms` : <span class="muted">no data</span>}</dd>
            </dl>
          </section>
          <section class="card">
            <h2>Usage</h2>
            <Usage osd={osd} />
            <dl class="props">
              <dt>Used</dt>
              <dd>
                <Size bytes={osd.stats?.used} />
              </dd>
              <dt>Available</dt>
              <dd>
                <Size bytes={osd.stats?.avail} />
              </dd>
              <dt>Size</dt>
              <dd>
                <Size bytes={osd.stats?.total} />
              </dd>
            </dl>
          </section>
          <section class="card wide-card">
            <h2>Daemon</h2>
            <dl class="props">
              <dt>Ceph version</dt>
              <dd>{val('ceph_version_short')}</dd>
              <dt>Object store</dt>
              <dd>{osd.objectstore || val('osd_objectstore')}</dd>
              <dt>Devices</dt>
              <dd>{val('devices')}</dd>
              <dt>Rotational</dt>
              <dd>{yesNo(m.rotational)}</dd>
              <dt>Data directory</dt>
              <dd>
                <code>{val('osd_data')}</code>
              </dd>
              <dt>Public address</dt>
              <dd>{val('front_addr')}</dd>
              <dt>Cluster address</dt>
              <dd>{val('back_addr')}</dd>
              <dt>System</dt>
              <dd>
                {val('distro_description')}, kernel {val('kernel_version')} ({val('arch')})
              </dd>
            </dl>
          </section>
        </div>
      )}
    </Modal>
  );
}
