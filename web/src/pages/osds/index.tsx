// pages/osds - the OSDs of a cluster: state (up/down, in/out) in words, weights,
// PGs and usage; for operators marking in and out (out only after saying that data
// will move), reweighting, (deep) scrubs, the same for several selected OSDs, and
// the cluster flags dialog. An OSD's details open in a dialog with its own URL
// (?osd=<id>).
import { useEffect, useState } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso';
import { apiPath, get, list } from '../../api/client';
import type { FlagsState } from '../../api/types';
import { Confirm, Modal } from '../../components/Dialog';
import { CurrentFlags, FlagsEditor } from '../../components/Flags';
import { Page } from '../../components/Page';
import { Table } from '../../components/Table';
import { NoteBar } from '../../components/NoteBar';
import { clusterHref, useSession } from '../../lib/session';
import { useOsdActions, type Notice } from './actions';
import { osdColumns } from './columns';
import { OsdPanel } from './detail';
import { OutConsequence, ReweightForm } from './dialogs';
import type { Osd } from './types';
import { names, reweightText } from './util';

type Dialog = null | { kind: 'out'; osds: Osd[]; clear?: () => void } | { kind: 'reweight'; osd: Osd } | { kind: 'flags' };

export function Osds() {
  const { params } = useRoute();
  const fsid = params.fsid;
  const s = useSession();
  const loc = useLocation();
  const [reload, setReload] = useState(0);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
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

  const { busy, markIn, markOut, scrub } = useOsdActions(fsid, (n) => (refresh(), setNotice(n)));
  const columns = osdColumns(fsid, setQuery);

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
        <NoteBar tone={notice.tone} onDismiss={() => setNotice(null)}>
          {notice.text}
        </NoteBar>
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
      {detailId !== undefined && <OsdPanel fsid={fsid} id={detailId} canMutate={s.canMutate} onClose={() => setQuery(null)} onChanged={refresh} />}
    </Page>
  );
}
