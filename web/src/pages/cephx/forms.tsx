// pages/cephx/forms.tsx - the dialogs of the cephx page: create a client from a preset
// (its pool or file system chosen from the cluster's) or from caps, its key shown once
// after; replace a client's caps; export a keyring (audited) and show it once.
import { useEffect, useState } from 'preact/hooks';
import { apiPath, list, mutate, type Call } from '../../api/client';
import type { Body, Schema } from '../../api/openapi';
import { ConfirmForm, Modal } from '../../components/Dialog';
import { CopyButton } from '../../components/Copy';
import { FormView, SelectField, TextField, useForm, type Errors } from '../../components/Form';
import { PRESETS, SERVICES, type Caps, type CephxUser, type NewCephxUser } from './types';
import { capProblem, entityProblem } from './values';

const usersPath = (fsid: string, ...rest: string[]) => apiPath('clusters', fsid, 'cephx', 'users', ...rest);

/** The names of a cluster's pools or file systems, for a preset's choice. */
function useNames(fsid: string, what: 'pools' | 'cephfs'): string[] {
  const [names, setNames] = useState<string[]>([]);
  useEffect(() => {
    list<Pick<Schema<'Pool'> | Schema<'Filesystem'>, 'name'>>(apiPath('clusters', fsid, what), { limit: 1000, sort: 'name' })
      .then((r) => setNames(r.items.map((x) => x.name)))
      .catch(() => setNames([]));
  }, [fsid, what]);
  return names;
}

type CapValues = { mon: string; mgr: string; osd: string; mds: string };

const capsOf = (v: CapValues): Caps => Object.fromEntries(SERVICES.filter((s) => v[s].trim()).map((s) => [s, v[s].trim()]));

function capErrors(v: CapValues): Errors<CapValues> {
  const e: Errors<CapValues> = {};
  for (const s of SERVICES) e[s] = capProblem(v[s]);
  if (!SERVICES.some((s) => v[s].trim())) e.mon = 'Give at least one service a cap.';
  return e;
}

function CapFields<V extends CapValues>({ form }: { form: ReturnType<typeof useForm<V>> }) {
  return (
    <>
      {SERVICES.map((s) => (
        <TextField form={form} name={s} label={`${s} caps`} placeholder={s === 'mon' ? 'allow r' : ''} />
      ))}
    </>
  );
}

export function CreateClient({ fsid, onDone, onCancel }: { fsid: string; onDone: (u: NewCephxUser) => void; onCancel: () => void }) {
  const pools = useNames(fsid, 'pools');
  const filesystems = useNames(fsid, 'cephfs');
  const form = useForm(
    { entity: 'client.', mode: 'rbd', pool: '', fs: '', path: '/', read_only: '', mon: '', mgr: '', osd: '', mds: '' },
    (v) => {
      const preset = PRESETS.find((p) => p.value === v.mode);
      return {
        entity: entityProblem(v.entity),
        pool: preset?.needs === 'pool' && !v.pool ? 'Choose a pool.' : '',
        fs: preset?.needs === 'fs' && !v.fs ? 'Choose a file system.' : '',
        path: preset?.needs === 'fs' && !/^\/[^\s,'"=]*$/.test(v.path) ? 'An absolute directory.' : '',
        ...(v.mode === 'caps' ? capErrors(v) : {}),
      };
    },
  );
  const v = form.values;
  const preset = PRESETS.find((p) => p.value === v.mode);
  const call = (x: typeof v): Call => {
    const body: Body<'/api/clusters/{fsid}/cephx/users', 'POST'> = { entity: x.entity };
    if (x.mode === 'caps') body.caps = capsOf(x);
    else {
      body.preset = x.mode;
      if (preset?.needs === 'pool') body.pool = x.pool;
      if (preset?.needs === 'fs') {
        body.fs = x.fs;
        body.path = x.path;
        body.read_only = x.read_only === 'yes';
      }
    }
    return { method: 'POST', path: usersPath(fsid), body };
  };
  return (
    <FormView form={form} call={call} label="Create client" onDone={(o) => onDone(o.data as NewCephxUser)} onCancel={onCancel} claims={(f) => f.startsWith('caps')}>
      <TextField form={form} name="entity" label="Name" autoFocus help="client.<id>: what the client gives as its name (ceph -n client.backup)." />
      <SelectField form={form} name="mode" label="Caps" options={[...PRESETS.map((p) => ({ value: p.value, label: p.label })), { value: 'caps', label: 'Caps of my own' }]} help={preset?.help} />
      {preset?.needs === 'pool' && <SelectField form={form} name="pool" label="Pool" options={[{ value: '', label: 'Choose…' }, ...pools.map((p) => ({ value: p, label: p }))]} />}
      {preset?.needs === 'fs' && (
        <>
          <SelectField form={form} name="fs" label="File system" options={[{ value: '', label: 'Choose…' }, ...filesystems.map((p) => ({ value: p, label: p }))]} />
          <TextField form={form} name="path" label="Directory" help="The client sees this directory and what is below it." />
          <SelectField form={form} name="read_only" label="Access" options={[{ value: '', label: 'Read and write' }, { value: 'yes', label: 'Read only' }]} />
        </>
      )}
      {v.mode === 'caps' && <CapFields form={form} />}
    </FormView>
  );
}

export function EditCaps({ fsid, user, onDone, onCancel }: { fsid: string; user: CephxUser; onDone: (u: CephxUser) => void; onCancel: () => void }) {
  const form = useForm({ mon: user.caps.mon || '', mgr: user.caps.mgr || '', osd: user.caps.osd || '', mds: user.caps.mds || '' }, capErrors);
  return (
    <FormView
      form={form}
      call={(v) => {
        const body: Body<'/api/clusters/{fsid}/cephx/users/{entity}', 'PUT'> = { caps: capsOf(v) };
        return { method: 'PUT', path: usersPath(fsid, user.entity), body };
      }}
      label="Save caps"
      onDone={(o) => onDone(o.data as CephxUser)}
      onCancel={onCancel}
      claims={(f) => f.startsWith('caps')}
    >
      <p class="help">These replace every cap of {user.entity}: a service left empty loses its cap. The client keeps its key.</p>
      <CapFields form={form} />
    </FormView>
  );
}

/** A secret shown once: the key of a new client, or an exported keyring. */
export function ShownOnce({ title, what, text, onClose }: { title: string; what: string; text: string; onClose: () => void }) {
  return (
    <Modal title={title} onClose={onClose} wide>
      <div class="warn-box" role="alert">
        <strong>Copy the {what} now: openATTIC shows it this once.</strong> Whoever holds it acts with the client's caps.
      </div>
      <div class="secret-row">
        <code class="secret" data-secret>
          {text}
        </code>
        <CopyButton text={text} label={`Copy ${what}`} />
      </div>
      <div class="actions">
        <button type="button" class="btn primary" onClick={onClose}>
          I have copied it
        </button>
      </div>
    </Modal>
  );
}

export function ExportKeyring({ fsid, user, onExported, onClose }: { fsid: string; user: CephxUser; onExported: (keyring: string) => void; onClose: () => void }) {
  return (
    <ConfirmForm
      title={`Export the keyring of ${user.entity}`}
      action="Export keyring"
      ready
      onConfirm={async () => {
        const o = await mutate<Schema<'Keyring'>>({ method: 'POST', path: usersPath(fsid, user.entity, 'keyring') }, `Export keyring of ${user.entity}`);
        onExported(o.data?.keyring || '');
      }}
      onClose={onClose}
    >
      <p>The keyring holds the client's key: anyone who has it acts as {user.entity}. The export is recorded in the audit log under your name.</p>
    </ConfirmForm>
  );
}
