// pages/osds/lifecycle.tsx - the rest of an OSD's life, in its detail dialog: Ceph's
// safety checks answered before any button (may it stop? may it be destroyed?), its
// CRUSH weight, primary affinity, device class and flags, and mark down, mark lost,
// destroy and purge, each confirmed with its name typed; destroy and purge while not
// safe only with "do it anyway" ticked, the check's reason shown; "remove safely", the
// osd.remove task (out, wait for the data and the daemon, purge).
import { useState } from 'preact/hooks';
import { apiPath, mutate, sentence } from '../../api/client';
import { useGet } from '../../api/useGet';
import { Confirm, ConfirmForm, TypeName } from '../../components/Dialog';
import { FormView, MultiCheckField, NumberField, TextField, useForm } from '../../components/Form';
import { Badge } from '../../components/Health';
import type { OsdChanges, OsdDetail, OsdSafety } from './types';

const FLAGS = ['noout', 'noin', 'noup', 'nodown'].map((f) => ({ value: f, label: f }));

function Safety({ s }: { s: OsdSafety | null }) {
  if (!s) return <p class="muted">Asking Ceph whether it may stop…</p>;
  return (
    <dl class="props" data-safety>
      <dt>May stop</dt>
      <dd data-ok-to-stop={s.ok_to_stop}>
        <Badge tone={s.ok_to_stop ? 'ok' : 'warn'}>{s.ok_to_stop ? 'yes' : 'no'}</Badge> {s.ok_to_stop_message && sentence(s.ok_to_stop_message)}
      </dd>
      <dt>May be destroyed</dt>
      <dd data-safe-to-destroy={s.safe_to_destroy}>
        <Badge tone={s.safe_to_destroy ? 'ok' : 'warn'}>{s.safe_to_destroy ? 'yes' : 'no'}</Badge> {s.safe_to_destroy_message && sentence(s.safe_to_destroy_message)}
      </dd>
    </dl>
  );
}

function Settings({ fsid, osd, onDone }: { fsid: string; osd: OsdDetail; onDone: () => void }) {
  const form = useForm(
    { crush_weight: String(osd.weight), primary_affinity: String(osd.primary_affinity), device_class: osd.device_class || '', flags: osd.flags },
    (v) => ({
      crush_weight: Number(v.crush_weight) >= 0 && Number(v.crush_weight) <= 1000 && v.crush_weight.trim() !== '' ? '' : 'A number from 0 to 1000.',
      primary_affinity: Number(v.primary_affinity) >= 0 && Number(v.primary_affinity) <= 1 && v.primary_affinity.trim() !== '' ? '' : 'A number from 0 to 1.',
      device_class: /^[A-Za-z0-9_.-]{0,32}$/.test(v.device_class) ? '' : 'Letters, digits, _ . - (up to 32).',
    }),
  );
  return (
    <FormView
      form={form}
      label="Save"
      call={(v) => {
        const body: OsdChanges = {
          crush_weight: Number(v.crush_weight),
          primary_affinity: Number(v.primary_affinity),
          device_class: v.device_class || null,
          flags: v.flags,
        };
        return { method: 'PATCH', path: apiPath('clusters', fsid, 'osds', osd.id), body };
      }}
      onDone={onDone}
    >
      <NumberField form={form} name="crush_weight" label="CRUSH weight" min={0} max={1000} step="any" help="Its share of the data, usually its size in TiB: a change moves data." />
      <NumberField form={form} name="primary_affinity" label="Primary affinity" min={0} max={1} step="any" help="Below 1 it serves fewer reads as a PG's primary (a slow disk)." />
      <TextField form={form} name="device_class" label="Device class" help="hdd, ssd, nvme or a name of your own; empty removes it. CRUSH rules pick OSDs by class." />
      <MultiCheckField form={form} name="flags" label="Flags of this OSD" options={FLAGS} />
    </FormView>
  );
}

type Act = 'lost' | 'destroy' | 'purge' | 'remove';

function RemoveDialog({ fsid, osd, safety, mode, onClose, onDone }: { fsid: string; osd: OsdDetail; safety: OsdSafety | null; mode: 'destroy' | 'purge'; onClose: () => void; onDone: () => void }) {
  const [typed, setTyped] = useState('');
  const [force, setForce] = useState(false);
  const safe = Boolean(safety?.safe_to_destroy);
  return (
    <ConfirmForm
      title={`${mode === 'purge' ? 'Purge' : 'Destroy'} ${osd.name}`}
      action={mode === 'purge' ? 'Purge OSD' : 'Destroy OSD'}
      ready={typed === osd.name && (safe || force)}
      onConfirm={async () => {
        await mutate(
          { method: 'DELETE', path: apiPath('clusters', fsid, 'osds', osd.id), query: { mode, confirm: osd.name, force: force || undefined } },
          `${mode === 'purge' ? 'Purge' : 'Destroy'} ${osd.name}`,
        );
        onDone();
      }}
      onClose={onClose}
    >
      <p class="danger-text">
        {mode === 'purge'
          ? `${osd.name} is removed from the cluster: its id, its place in the CRUSH map and its key.`
          : `${osd.name} is destroyed: its key goes and its data is given up, but its id and CRUSH place stay for the disk that replaces it.`}{' '}
        The OSD must be down. This cannot be undone.
      </p>
      {!safe && (
        <div class="img-force">
          <p>
            <strong>Ceph says it is not safe:</strong> {sentence(safety?.safe_to_destroy_message || 'it may hold the only copy of some data')}
          </p>
          <label class="inline">
            <input type="checkbox" name="force" checked={force} onChange={(e) => setForce((e.target as HTMLInputElement).checked)} /> Do it anyway: data only it held
            is lost
          </label>
        </div>
      )}
      <TypeName name={osd.name} typed={typed} onInput={setTyped} />
    </ConfirmForm>
  );
}

export function Lifecycle({ fsid, osd, onChanged, onRemoved }: { fsid: string; osd: OsdDetail; onChanged: () => void; onRemoved: () => void }) {
  const { data: safety, reload } = useGet<OsdSafety>(apiPath('clusters', fsid, 'osds', osd.id, 'safety'), { fresh: true });
  const [act, setAct] = useState<Act | null>(null);
  const [note, setNote] = useState('');
  const changed = (text: string) => {
    setNote(text);
    reload();
    onChanged();
  };
  return (
    <section class="card wide-card" data-lifecycle>
      <h2>Safety and life</h2>
      <Safety s={safety} />
      {note && (
        <div class="note-bar ok" role="status">
          {note}
        </div>
      )}
      <Settings fsid={fsid} osd={osd} onDone={() => changed(`${osd.name} saved.`)} />
      <div class="actions">
        <button
          type="button"
          class="btn"
          disabled={!osd.up}
          onClick={async () => {
            await mutate({ method: 'POST', path: apiPath('clusters', fsid, 'osds', osd.id, 'down') }, `Mark ${osd.name} down`);
            changed(`${osd.name} marked down: a running OSD reports up again unless its noup flag is set.`);
          }}
        >
          Mark down
        </button>
        <button type="button" class="btn danger" disabled={osd.up} title={osd.up ? 'Only a down OSD is marked lost' : undefined} onClick={() => setAct('lost')}>
          Mark lost
        </button>
        <button type="button" class="btn danger" onClick={() => setAct('destroy')}>
          Destroy
        </button>
        <button type="button" class="btn danger" onClick={() => setAct('purge')}>
          Purge
        </button>
        <button type="button" class="btn danger" onClick={() => setAct('remove')}>
          Remove safely…
        </button>
      </div>
      {act === 'lost' && (
        <Confirm
          title={`Mark ${osd.name} lost`}
          name={osd.name}
          typeName
          action="Mark lost"
          consequence={<>Ceph stops waiting for {osd.name}: placement groups whose only copy was there go on without it, and that data is given up.</>}
          onConfirm={async () => {
            await mutate({ method: 'POST', path: apiPath('clusters', fsid, 'osds', osd.id, 'lost'), query: { confirm: osd.name } }, `Mark ${osd.name} lost`);
            changed(`${osd.name} marked lost.`);
          }}
          onClose={() => setAct(null)}
        />
      )}
      {act === 'remove' && (
        <Confirm
          title={`Remove ${osd.name} safely`}
          name={osd.name}
          typeName
          action="Start removal"
          consequence={
            <>
              A task marks {osd.name} out, waits until Ceph says its data has moved to the other OSDs, then waits for its daemon to be stopped on its host
              {osd.host ? ` (${osd.host})` : ''}, and purges it. It may take hours; cancelled, {osd.name} is marked in again.
            </>
          }
          onConfirm={async () => {
            await mutate({ method: 'POST', path: apiPath('clusters', fsid, 'osds', osd.id, 'remove'), query: { confirm: osd.name }, body: {} }, `Remove ${osd.name}`);
            changed(`Removal of ${osd.name} started: follow it in the task list.`);
          }}
          onClose={() => setAct(null)}
        />
      )}
      {(act === 'destroy' || act === 'purge') && <RemoveDialog fsid={fsid} osd={osd} safety={safety} mode={act} onClose={() => setAct(null)} onDone={onRemoved} />}
    </section>
  );
}
