// components/RbdSettings.tsx - librbd's settings of a pool or of an image (GET
// .../rbd-config): what is set there, each with where its value comes from (config,
// pool, image), or every rbd_* option; set one (QoS limits first in the list of
// choices) and remove it. One implementation for the pool page and the image page.
import { useState } from 'preact/hooks';
import { list, mutate } from '../api/client';
import type { Body, Schema } from '../api/openapi';
import { Confirm, Modal } from './Dialog';
import { FormView, SelectField, TextField, useForm } from './Form';
import { Badge } from './Health';
import { Table, type Column } from './Table';

export type RbdOption = Schema<'RbdOption'>;

/** The QoS limits, offered first: what is set most. */
const QOS = [
  'rbd_qos_iops_limit',
  'rbd_qos_bps_limit',
  'rbd_qos_read_iops_limit',
  'rbd_qos_write_iops_limit',
  'rbd_qos_read_bps_limit',
  'rbd_qos_write_bps_limit',
  'rbd_qos_iops_burst',
  'rbd_qos_bps_burst',
];

function SetOption({ path, ns, onDone, onCancel }: { path: string; ns?: string; onDone: () => void; onCancel: () => void }) {
  const form = useForm({ name: QOS[0], value: '' }, (v) => ({
    name: /^rbd_[a-z0-9_]+$/.test(v.name) ? '' : 'An rbd_* option.',
    value: v.value.trim() ? '' : 'Enter a value.',
  }));
  return (
    <FormView
      form={form}
      label="Set"
      call={(v) => {
        // the pool's and the image's PUT take the same body
        const body: Body<'/api/clusters/{fsid}/pools/{pool}/rbd-config/{option}', 'PUT'> = { value: v.value.trim() };
        return { method: 'PUT', path: `${path}/${encodeURIComponent(v.name)}`, query: { namespace: ns }, body };
      }}
      onDone={onDone}
      onCancel={onCancel}
    >
      <SelectField form={form} name="name" label="Option" options={[...QOS.map((q) => ({ value: q, label: q })), { value: '', label: 'Another rbd_* option…' }]} />
      {!QOS.includes(form.values.name) && <TextField form={form} name="name" label="Option name" placeholder="rbd_cache_size" />}
      <TextField form={form} name="value" label="Value" help="QoS limits: per second, 0 for none; bursts are what may pass above them briefly." />
    </FormView>
  );
}

/** path: .../rbd-config of a pool or an image; ns: the image's namespace, if any. */
export function RbdSettings({ path, ns, scope, canMutate }: { path: string; ns?: string; scope: 'pool' | 'image'; canMutate: boolean }) {
  const [all, setAll] = useState(false);
  const [reload, setReload] = useState(0);
  const [setting, setSetting] = useState(false);
  const [removing, setRemoving] = useState<RbdOption | null>(null);
  const again = () => setReload((x) => x + 1);
  const columns: Column<RbdOption>[] = [
    {
      key: 'name',
      label: 'Option',
      sort: 'name',
      render: (o) => (
        <>
          <code>{o.name}</code>
          {o.desc && <div class="help">{o.desc}</div>}
        </>
      ),
    },
    { key: 'value', label: 'Value', render: (o) => <code>{o.value || '—'}</code> },
    { key: 'source', label: 'From', sort: 'source', render: (o) => <Badge tone={o.source === scope ? 'info' : 'muted'}>{o.source}</Badge> },
  ];
  return (
    <section class="card wide-card" data-card="rbd-settings">
      <h2>{scope === 'pool' ? 'RBD settings of its images' : 'RBD settings'}</h2>
      <Table<RbdOption>
        id={`rbd-config-${scope}`}
        columns={columns}
        defaultSort="name"
        searchLabel="Search options"
        rowKey={(o) => o.name}
        reload={`${all}:${reload}`}
        load={(q, signal) => list<RbdOption>(path, { ...q, namespace: ns, changed: all ? undefined : 'true' }, signal)}
        emptyTitle="Nothing set here"
        empty={`The ${scope} uses the cluster's configuration for every rbd_* option.`}
        toolbar={
          <>
            <label class="inline">
              <input type="checkbox" name="all" checked={all} onChange={(e) => setAll((e.target as HTMLInputElement).checked)} /> Every option
            </label>
            {canMutate && (
              <button type="button" class="btn small" onClick={() => setSetting(true)}>
                Set option
              </button>
            )}
          </>
        }
        actions={
          canMutate
            ? (o) =>
                o.source === scope && (
                  <button type="button" class="btn small" onClick={() => setRemoving(o)}>
                    Remove
                  </button>
                )
            : undefined
        }
      />
      {setting && (
        <Modal title={`Set an RBD option of the ${scope}`} onClose={() => setSetting(false)}>
          <SetOption
            path={path}
            ns={ns}
            onCancel={() => setSetting(false)}
            onDone={() => {
              setSetting(false);
              again();
            }}
          />
        </Modal>
      )}
      {removing && (
        <Confirm
          title={`Remove ${removing.name}`}
          name={removing.name}
          action="Remove"
          consequence={
            <>
              The {scope}'s value {removing.value} goes; {scope === 'image' ? "the pool's or the cluster's" : "the cluster's"} value applies again.
            </>
          }
          onConfirm={async () => {
            await mutate({ method: 'DELETE', path: `${path}/${encodeURIComponent(removing.name)}`, query: { namespace: ns } }, `Remove ${removing.name}`);
            again();
          }}
          onClose={() => setRemoving(null)}
        />
      )}
    </section>
  );
}
