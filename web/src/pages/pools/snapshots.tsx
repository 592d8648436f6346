// pages/pools/snapshots.tsx - a pool's own snapshots on its page: taken with a name,
// listed, removed with a confirmation. A pool whose images take their own snapshots
// cannot have any: the server says so and the card shows it.
import { useState } from 'preact/hooks';
import { apiPath, list, mutate } from '../../api/client';
import type { Body } from '../../api/openapi';
import { Confirm, Modal } from '../../components/Dialog';
import { FormView, TextField, useForm } from '../../components/Form';
import { Table, type Column } from '../../components/Table';
import { Time } from '../../components/Values';
import type { PoolSnapshot as PoolSnap } from './types';

export function PoolSnapshots({ fsid, pool, canMutate }: { fsid: string; pool: string; canMutate: boolean }) {
  const path = apiPath('clusters', fsid, 'pools', pool, 'snapshots');
  const [reload, setReload] = useState(0);
  const [taking, setTaking] = useState(false);
  const [removing, setRemoving] = useState<PoolSnap | null>(null);
  const form = useForm({ name: '' }, (v) => ({ name: /^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,99}$/.test(v.name) ? '' : 'Letters, digits, _ . - (up to 100).' }));
  const columns: Column<PoolSnap>[] = [
    { key: 'name', label: 'Snapshot', sort: 'name', render: (x) => <strong>{x.name}</strong> },
    { key: 'created', label: 'Taken', sort: 'created', render: (x) => <Time at={x.created} /> },
  ];
  return (
    <section class="card wide-card" data-card="pool-snapshots">
      <h2>Pool snapshots</h2>
      <Table<PoolSnap>
        id="pool-snapshots"
        columns={columns}
        defaultSort="name"
        rowKey={(x) => x.name}
        reload={reload}
        load={(q, signal) => list<PoolSnap>(path, { ...q }, signal)}
        empty="No snapshot of the whole pool. Images and file systems take their own; a pool whose images do cannot have pool snapshots."
        toolbar={
          canMutate && (
            <button type="button" class="btn small" onClick={() => setTaking(true)}>
              Take snapshot
            </button>
          )
        }
        actions={
          canMutate
            ? (x) => (
                <button type="button" class="btn small danger" onClick={() => setRemoving(x)}>
                  Remove
                </button>
              )
            : undefined
        }
      />
      {taking && (
        <Modal title={`Snapshot of pool ${pool}`} onClose={() => setTaking(false)}>
          <FormView
            form={form}
            label="Take snapshot"
            call={(v) => {
              const body: Body<'/api/clusters/{fsid}/pools/{name}/snapshots', 'POST'> = { name: v.name };
              return { method: 'POST', path, body };
            }}
            onDone={() => {
              setTaking(false);
              setReload((x) => x + 1);
            }}
            onCancel={() => setTaking(false)}
          >
            <TextField form={form} name="name" label="Name" autoFocus />
          </FormView>
        </Modal>
      )}
      {removing && (
        <Confirm
          title={`Remove snapshot ${removing.name}`}
          name={removing.name}
          action="Remove snapshot"
          consequence={<>The pool's state at {removing.created} is given up; the pool's data now is not touched.</>}
          onConfirm={async () => {
            await mutate({ method: 'DELETE', path: apiPath('clusters', fsid, 'pools', pool, 'snapshots', removing.name) }, `Remove pool snapshot ${removing.name}`);
            setReload((x) => x + 1);
          }}
          onClose={() => setRemoving(null)}
        />
      )}
    </section>
  );
}
