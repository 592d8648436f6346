// pages/nfs/form.tsx - create an NFS export (POST) or replace one (PUT naming the
// version it read). The FSAL choice switches the fields: CEPH (CephFS path, cephx
// user, file system) or RGW (bucket, RGW user and S3 keys; the secret is never
// answered and is kept when left empty). Checks mirror fcgi/nfs_check.c while typing,
// and the pseudo path is checked against the other exports; server errors land at
// their field, client blocks' on their row. A 409 conflict offers a reload.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { apiPath, list, sentence } from '../../api/client';
import type { Node } from '../../api/types';
import { ConfigForm, type ConfigFormProps } from '../../components/ConfigForm';
import { MultiCheckField, SelectField, TextField, useForm, type Errors } from '../../components/Form';
import { cellErrors, Rows, SelectCell, TextCell } from '../../components/Rows';
import { withRole } from '../../lib/nodes';
import { ACCESS_TYPES, SQUASHES, type Export } from './types';

interface ClientRow {
  addresses: string;
  access_type: string;
  squash: string;
}

/** The form's values, named as the API's error fields name them. */
export interface ExportValues extends Record<string, unknown> {
  host: string;
  'fsal.name': string;
  /** CEPH: the CephFS path; RGW: the bucket */
  path: string;
  'fsal.user_id': string;
  'fsal.fs_name': string;
  'fsal.access_key_id': string;
  'fsal.secret_access_key': string;
  pseudo: string;
  access_type: string;
  squash: string;
  protocols: string[];
  transports: string[];
  clients: ClientRow[];
}

/** A string Ganesha can take in quotes: no quotes, backslashes or control characters. */
export function unsafe(s: string): boolean {
  return s.length > 1024 || /["\\\x00-\x1f\x7f]/.test(s);
}

/** "10.0.0.0/24, host1 host2" → the addresses. */
export function splitAddresses(s: string): string[] {
  return s.split(/[\s,]+/).filter(Boolean);
}

const QUOTES = 'No quotes, backslashes or control characters.';

/** Every problem, keyed by the field the API would blame. `others` are the other exports. */
export function checkExport(v: ExportValues, orig: Export | undefined, others: Export[]): Record<string, string> {
  const e: Record<string, string> = {};
  const rgw = v['fsal.name'] === 'RGW';
  const str = (k: keyof ExportValues & string, required: string) => {
    const s = String(v[k] ?? '');
    if (!s) {
      if (required) e[k] = required;
    } else if (unsafe(s)) e[k] = QUOTES;
  };
  if (v.host && !/^[A-Za-z0-9._-]{1,253}$/.test(v.host)) e.host = 'A Ganesha host is a minion id: letters, digits, . _ -';
  str('path', rgw ? 'The bucket to export is required.' : 'The CephFS path to export is required.');
  if (!e.path && !rgw && !v.path.startsWith('/')) e.path = 'An absolute CephFS path, starting with /.';
  str('fsal.user_id', rgw ? 'The RGW user is required.' : 'The Ceph user Ganesha connects as is required.');
  if (!rgw) str('fsal.fs_name', '');
  if (rgw) {
    str('fsal.access_key_id', "The RGW user's access key is required.");
    const keep = orig?.fsal.name === 'RGW' && orig.fsal.secret_access_key_set;
    str('fsal.secret_access_key', keep ? '' : "The RGW user's secret key is required.");
  }
  if (v.protocols.length === 0) e.protocols = 'Choose NFSv3, NFSv4 or both.';
  if (v.transports.length === 0) e.transports = 'Choose TCP, UDP or both.';
  if (!v.pseudo) {
    if (v.protocols.includes('4')) e.pseudo = 'NFSv4 needs a pseudo path (where the export appears in the NFSv4 namespace).';
  } else if (unsafe(v.pseudo)) e.pseudo = QUOTES;
  else if (!v.pseudo.startsWith('/')) e.pseudo = 'An absolute path, starting with /.';
  else {
    const twin = others.find((x) => x.pseudo === v.pseudo && x.id !== orig?.id);
    if (twin) e.pseudo = `Export ${twin.id} already uses the pseudo path ${v.pseudo}.`;
  }
  v.clients.forEach((c, i) => {
    const a = splitAddresses(c.addresses);
    if (!a.length) e[`clients[${i}].addresses`] = 'One or more host names, IP addresses or networks (10.0.0.0/24).';
    else if (a.some(unsafe)) e[`clients[${i}].addresses`] = QUOTES;
  });
  return e;
}

function formErrors(checks: Record<string, string>): Errors<ExportValues> {
  const e: Record<string, string> = {};
  for (const [k, m] of Object.entries(checks)) {
    const top = k.startsWith('clients[') ? 'clients' : k;
    if (!e[top]) e[top] = top === k ? m : 'Check the client blocks.';
  }
  return e as Errors<ExportValues>;
}

export function initialExport(x?: Export): ExportValues {
  const f = x?.fsal;
  return {
    host: x?.host || '',
    'fsal.name': f?.name || 'CEPH',
    path: x?.path || '',
    'fsal.user_id': f?.user_id || (x ? '' : 'admin'),
    'fsal.fs_name': (f?.name === 'CEPH' && f.fs_name) || '',
    'fsal.access_key_id': (f?.name === 'RGW' && f.access_key_id) || '',
    'fsal.secret_access_key': '',
    pseudo: x?.pseudo || '',
    access_type: x?.access_type || 'RW',
    squash: x?.squash || 'no_root_squash',
    protocols: x ? x.protocols.map(String) : ['4'],
    transports: x ? [...x.transports] : ['TCP'],
    clients: (x?.clients || []).map((c) => ({ addresses: c.addresses.join(', '), access_type: c.access_type || '', squash: c.squash || '' })),
  };
}

/** The request body: POST, or PUT with the version read. An RGW secret left empty is kept. */
export function exportBody(v: ExportValues, orig?: Export): Record<string, unknown> {
  const rgw = v['fsal.name'] === 'RGW';
  const fsal: Record<string, string> = { name: v['fsal.name'], user_id: v['fsal.user_id'] };
  if (!rgw && v['fsal.fs_name']) fsal.fs_name = v['fsal.fs_name'];
  if (rgw) {
    fsal.access_key_id = v['fsal.access_key_id'];
    if (v['fsal.secret_access_key']) fsal.secret_access_key = v['fsal.secret_access_key'];
  }
  const b: Record<string, unknown> = orig ? { version: orig.version } : {};
  if (v.host) b.host = v.host;
  b.path = v.path;
  if (v.pseudo) b.pseudo = v.pseudo;
  b.fsal = fsal;
  b.access_type = v.access_type;
  b.squash = v.squash;
  b.protocols = ['3', '4'].filter((p) => v.protocols.includes(p)).map(Number);
  b.transports = ['TCP', 'UDP'].filter((t) => v.transports.includes(t));
  b.clients = v.clients.map((c) => {
    const o: Record<string, unknown> = { addresses: splitAddresses(c.addresses) };
    if (c.access_type) o.access_type = c.access_type;
    if (c.squash) o.squash = c.squash;
    return o;
  });
  return b;
}

export function ExportForm({ fsid, item: orig, onDone, onCancel, onReload }: ConfigFormProps<Export>) {
  const [others, setOthers] = useState<Export[]>([]);
  const [hosts, setHosts] = useState<Node[] | null>(null);
  useEffect(() => {
    list<Export>(apiPath('clusters', fsid, 'nfs', 'exports'), { limit: 1000 })
      .then((r) => setOthers(r.items))
      .catch(() => setOthers([]));
    list<Node>(apiPath('nodes'), { limit: 1000 })
      .then((r) => setHosts(withRole(r.items, 'ganesha')))
      .catch(() => setHosts([]));
  }, [fsid]);
  const form = useForm<ExportValues>(initialExport(orig), (v) => formErrors(checkExport(v, orig, others)), [others]);
  const checks = useMemo(() => checkExport(form.values, orig, others), [form.values, others]);
  const v = form.values;
  const rgw = v['fsal.name'] === 'RGW';
  // Switching the FSAL swaps path and user: a CephFS path is no bucket, a cephx user no RGW user.
  const kept = useRef<Record<string, [string, string]>>({});
  const fsalWas = useRef(v['fsal.name']);
  useEffect(() => {
    const was = fsalWas.current;
    if (was === v['fsal.name']) return;
    kept.current[was] = [v.path, v['fsal.user_id']];
    const [path, user] = kept.current[v['fsal.name']] || ['', ''];
    fsalWas.current = v['fsal.name'];
    form.set('path', path);
    form.set('fsal.user_id', user);
  }, [v['fsal.name']]);
  const se = form.serverError;
  const at = cellErrors(form, checks);
  const addrErr = (i: number, typed: string) =>
    at(`clients[${i}].addresses`, typed) || (se?.field?.startsWith(`clients[${i}].addresses[`) ? sentence(se.message) : '');
  const hostOptions = [{ value: '', label: 'Every Ganesha host' }, ...(hosts || []).map((h) => ({ value: h.id, label: h.id }))];
  if (v.host && !hostOptions.some((o) => o.value === v.host)) hostOptions.push({ value: v.host, label: `${v.host} (not a Ganesha host now)` });
  const keepSecret = orig?.fsal.name === 'RGW' && orig.fsal.secret_access_key_set;
  const inherit = (opts: { value: string; label: string }[], what: string) => [{ value: '', label: `As the export (${what})` }, ...opts];
  return (
    <ConfigForm
      form={form}
      path={['clusters', fsid, 'nfs', 'exports']}
      id={orig?.id}
      body={(x) => exportBody(x, orig)}
      noun="export"
      onDone={onDone}
      onCancel={onCancel}
      onReload={onReload}
      claims={(f) => f.startsWith('clients[') || f === 'fsal.bucket' || /^(protocols|transports)\[/.test(f)}
    >
      {(se?.field === 'fsal.bucket' || /^(protocols|transports)\[/.test(se?.field || '')) && (
        <div class="form-error" role="alert">
          {sentence(se!.message)}
        </div>
      )}
      <div class="row2">
        <SelectField
          form={form}
          name="fsal.name"
          label="Storage (FSAL)"
          options={[
            { value: 'CEPH', label: 'CephFS (FSAL CEPH)' },
            { value: 'RGW', label: 'Object gateway bucket (FSAL RGW)' },
          ]}
        />
        <SelectField form={form} name="host" label="Served by" options={hostOptions} help="Every Ganesha host, or one of them." />
      </div>
      {rgw ? (
        <>
          <div class="row2">
            <TextField form={form} name="path" label="Bucket" help="The bucket to export." />
            <TextField form={form} name="fsal.user_id" label="RGW user" help="The object gateway user that owns the bucket." />
          </div>
          <div class="row2">
            <TextField form={form} name="fsal.access_key_id" label="Access key" help="The user's S3 access key." />
            <TextField
              form={form}
              name="fsal.secret_access_key"
              label="Secret key"
              type="password"
              autocomplete="new-password"
              placeholder={keepSecret ? 'unchanged' : ''}
              help={keepSecret ? 'A secret is stored. Leave this empty to keep it, or type a new one.' : "The user's S3 secret key; it is never shown again."}
            />
          </div>
        </>
      ) : (
        <>
          <div class="row2">
            <TextField form={form} name="path" label="CephFS path" placeholder="/volumes/share1" help="The directory of the file system to export (absolute)." />
            <TextField form={form} name="fsal.user_id" label="Ceph user" help="The cephx user Ganesha connects as (without client.)." />
          </div>
          <TextField form={form} name="fsal.fs_name" label="File system" placeholder="the default file system" help="The CephFS file system's name; empty for the default one." />
        </>
      )}
      <TextField
        form={form}
        name="pseudo"
        label="Pseudo path"
        placeholder="/share1"
        help="Where the export appears in the NFSv4 namespace: absolute, unique across the exports; required for NFSv4."
      />
      <div class="row2">
        <SelectField form={form} name="access_type" label="Access type" options={ACCESS_TYPES} />
        <SelectField form={form} name="squash" label="Squash" options={SQUASHES} />
      </div>
      <div class="row2">
        <MultiCheckField
          form={form}
          name="protocols"
          label="Protocols"
          options={[
            { value: '3', label: 'NFSv3' },
            { value: '4', label: 'NFSv4' },
          ]}
        />
        <MultiCheckField
          form={form}
          name="transports"
          label="Transports"
          options={[
            { value: 'TCP', label: 'TCP' },
            { value: 'UDP', label: 'UDP' },
          ]}
        />
      </div>
      <Rows<ClientRow>
        name="clients"
        legend="Client blocks"
        help="Settings for some clients only, overriding the export's access type and squash. Without blocks the export's settings apply to every client."
        rows={v.clients}
        onChange={(r) => {
          form.set('clients', r);
          if (se?.field?.startsWith('clients')) form.setServerError(null);
        }}
        blank={() => ({ addresses: '', access_type: '', squash: '' })}
        addLabel="Add client block"
        rowLabel={(i) => `Client block ${i + 1}`}
        empty="No client blocks: the export's settings apply to every client."
        error={se?.field === 'clients' ? sentence(se.message) : ''}
        rowError={(i) => at(`clients[${i}]`, 'x')}
      >
        {(c, i, set) => (
          <>
            <TextCell
              label="Clients"
              grow
              name={`clients[${i}].addresses`}
              error={addrErr(i, c.addresses)}
              value={c.addresses}
              placeholder="10.0.0.0/24, client1.example.com"
              onInput={(addresses) => set({ addresses })}
            />
            <SelectCell
              label="Access type"
              name={`clients[${i}].access_type`}
              error={at(`clients[${i}].access_type`, c.access_type)}
              value={c.access_type}
              options={inherit(
                ACCESS_TYPES.map((a) => ({ value: a.value, label: a.value })),
                v.access_type,
              )}
              onChange={(access_type) => set({ access_type })}
            />
            <SelectCell
              label="Squash"
              name={`clients[${i}].squash`}
              error={at(`clients[${i}].squash`, c.squash)}
              value={c.squash}
              options={inherit(
                SQUASHES.map((a) => ({ value: a.value, label: a.value })),
                v.squash,
              )}
              onChange={(squash) => set({ squash })}
            />
          </>
        )}
      </Rows>
    </ConfigForm>
  );
}
