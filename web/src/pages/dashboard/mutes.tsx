// pages/dashboard/mutes.tsx - muting a health check from the dashboard: for how long
// (or until unmuted) and whether it stays muted when it clears and comes back; the
// muted checks listed with their end and an unmute each.
import { useState } from 'preact/hooks';
import { apiPath, mutate } from '../../api/client';
import type { Body } from '../../api/openapi';
import { Modal } from '../../components/Dialog';
import { CheckField, FormView, SelectField, useForm } from '../../components/Form';
import { Time } from '../../components/Values';
import type { HealthMute } from './types';

const TTLS = [
  { value: '1h', label: 'for an hour' },
  { value: '4h', label: 'for 4 hours' },
  { value: '1d', label: 'for a day' },
  { value: '1w', label: 'for a week' },
  { value: '', label: 'until unmuted' },
];

export function MuteDialog({ fsid, code, onClose, onDone }: { fsid: string; code: string; onClose: () => void; onDone: () => void }) {
  const form = useForm({ ttl: '4h', sticky: false }, () => ({}));
  return (
    <Modal title={`Mute ${code}`} onClose={onClose}>
      <FormView
        form={form}
        label="Mute"
        call={(v) => {
          const body: Body<'/api/clusters/{fsid}/health/mutes', 'POST'> = { code, ...(v.ttl ? { ttl: v.ttl } : {}), sticky: v.sticky };
          return { method: 'POST', path: apiPath('clusters', fsid, 'health', 'mutes'), body };
        }}
        onDone={() => {
          onDone();
          onClose();
        }}
        onCancel={onClose}
      >
        <p class="help">A muted check no longer counts towards the cluster's health; it still shows here. Mute what you know about, not what you do not understand.</p>
        <SelectField form={form} name="ttl" label="Muted" options={TTLS} />
        <CheckField form={form} name="sticky" label="Stay muted when it clears and comes back" />
      </FormView>
    </Modal>
  );
}

export function Unmute({ fsid, code, onDone }: { fsid: string; code: string; onDone: () => void }) {
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      class="btn small"
      disabled={busy}
      onClick={async () => {
        setBusy(true);
        try {
          await mutate({ method: 'DELETE', path: apiPath('clusters', fsid, 'health', 'mutes', code) }, `Unmute ${code}`);
        } finally {
          setBusy(false);
          onDone();
        }
      }}
    >
      Unmute
    </button>
  );
}

/** The mutes without an active check (a muted active check shows in the list above). */
export function MutedList({ fsid, mutes, active, canMutate, onChange }: { fsid: string; mutes: HealthMute[]; active: string[]; canMutate: boolean; onChange: () => void }) {
  const rest = mutes.filter((m) => !active.includes(m.code));
  if (rest.length === 0) return null;
  return (
    <div class="dash-mutes" data-mutes>
      <p class="muted">Muted, not raised now:</p>
      <ul>
        {rest.map((m) => (
          <li data-mute={m.code}>
            <code>{m.code}</code> {m.expires ? <>until <Time at={m.expires} /></> : 'until unmuted'}
            {m.sticky ? ', sticky' : ''} {canMutate && <Unmute fsid={fsid} code={m.code} onDone={onChange} />}
          </li>
        ))}
      </ul>
    </div>
  );
}
