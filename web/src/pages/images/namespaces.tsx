// pages/images/namespaces.tsx - creating an RBD namespace in the chosen pool (then
// showing its images) and deleting the chosen one (the server refuses one that still
// holds images), beside the pool and namespace choice of the images page.
import { useState } from 'preact/hooks';
import { apiPath, mutate } from '../../api/client';
import type { Body } from '../../api/openapi';
import { Confirm, Modal } from '../../components/Dialog';
import { FormView, TextField, useForm } from '../../components/Form';

export function NamespaceButtons({ fsid, pool, namespace, onChange }: { fsid: string; pool: string; namespace: string; onChange: (ns: string) => void }) {
  const [dialog, setDialog] = useState<'create' | 'delete' | null>(null);
  const form = useForm({ name: '' }, (v) => ({ name: /^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,62}$/.test(v.name) ? '' : "1 to 63 of A-Z a-z 0-9 _ . -, not starting with '.'." }));
  const path = apiPath('clusters', fsid, 'pools', pool, 'namespaces');
  if (!pool) return null;
  return (
    <span class="img-ns-buttons">
      <button type="button" class="btn small" onClick={() => setDialog('create')}>
        New namespace
      </button>
      {namespace && (
        <button type="button" class="btn small danger" onClick={() => setDialog('delete')}>
          Delete namespace
        </button>
      )}
      {dialog === 'create' && (
        <Modal title={`New namespace in ${pool}`} onClose={() => setDialog(null)}>
          <FormView
            form={form}
            label="Create namespace"
            call={(v) => {
              const body: Body<'/api/clusters/{fsid}/pools/{pool}/namespaces', 'POST'> = { name: v.name };
              return { method: 'POST', path, body };
            }}
            onDone={() => {
              setDialog(null);
              onChange(form.values.name);
            }}
            onCancel={() => setDialog(null)}
          >
            <p class="help">A namespace keeps a tenant's images apart in a shared pool; clients may be limited to one (cephx: profile rbd pool=… namespace=…).</p>
            <TextField form={form} name="name" label="Name" autoFocus />
          </FormView>
        </Modal>
      )}
      {dialog === 'delete' && (
        <Confirm
          title={`Delete namespace ${namespace}`}
          name={namespace}
          action="Delete namespace"
          consequence={<>The namespace {namespace} of pool {pool} is removed. It must hold no images (the trash included).</>}
          onConfirm={async () => {
            await mutate({ method: 'DELETE', path: apiPath('clusters', fsid, 'pools', pool, 'namespaces', namespace) }, `Delete namespace ${namespace}`);
            onChange('');
          }}
          onClose={() => setDialog(null)}
        />
      )}
    </span>
  );
}
