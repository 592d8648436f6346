// pages/nfs/form.tsx - create an NFS export (POST) or replace one (PUT naming the
// version it read). The FSAL choice switches the fields (pickers.tsx): CEPH (the file
// system picked, the path typed or browsed, the cephx user) or RGW (user and bucket
// picked from the Object Gateway, the keys taken from it unless entered by hand; the
// secret is never answered and is kept when left empty). The checks (values.ts) run
// while typing, the pseudo path against the other exports; server errors land at their
// field, client blocks' on their row. A 409 conflict offers a reload.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { apiPath, list, patiently, sentence } from '../../api/client';
import type { Node } from '../../api/types';
import { ConfigForm, type ConfigFormProps } from '../../components/ConfigForm';
import { MultiCheckField, SelectField, TextField, useForm } from '../../components/Form';
import { cellErrors, Rows, SelectCell, TextCell } from '../../components/Rows';
import { withRole } from '../../lib/nodes';
import { CephFields, RgwFields, useFileSystems, useGatewayUsers } from './pickers';
import { ACCESS_TYPES, SQUASHES, type Export } from './types';
import { checkExport, exportBody, formErrors, initialExport, type ClientRow, type ExportValues, type RgwContext } from './values';

export function ExportForm({ fsid, item: orig, onDone, onCancel, onReload }: ConfigFormProps<Export>) {
  const [others, setOthers] = useState<Export[]>([]);
  const [hosts, setHosts] = useState<Node[] | null>(null);
  useEffect(() => {
    patiently(() => list<Export>(apiPath('clusters', fsid, 'nfs', 'exports'), { limit: 1000 }))
      .then((r) => setOthers(r.items))
      .catch(() => setOthers([]));
    list<Node>(apiPath('nodes'), { limit: 1000 })
      .then((r) => setHosts(withRole(r.items, 'ganesha')))
      .catch(() => setHosts([]));
  }, [fsid]);
  const [fsal, setFsal] = useState<string>(orig?.fsal.name || 'CEPH');
  const users = useGatewayUsers(fsid, fsal === 'RGW');
  const fss = useFileSystems(fsid, fsal === 'CEPH');
  const [uid, setUid] = useState('');
  const picked = users.users?.find((u) => u.uid === uid);
  const gw: RgwContext = { gateway: !users.down, s3Key: picked ? picked.keys.some((k) => k.type === 's3') : undefined };
  const gwKey = `${gw.gateway}|${gw.s3Key}`;
  const form = useForm<ExportValues>(initialExport(orig), (v) => formErrors(checkExport(v, orig, others, gw)), [others, gwKey]);
  const checks = useMemo(() => checkExport(form.values, orig, others, gw), [form.values, others, gwKey]);
  const v = form.values;
  const rgw = v['fsal.name'] === 'RGW';
  useEffect(() => setFsal(v['fsal.name']), [v['fsal.name']]);
  useEffect(() => setUid(v['fsal.user_id']), [v['fsal.user_id']]);
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
  const inherit = (opts: { value: string; label: string }[], what: string) => [{ value: '', label: `As the export (${what})` }, ...opts];
  return (
    <ConfigForm
      form={form}
      path={['clusters', fsid, 'nfs', 'exports']}
      id={orig?.id}
      body={(x) => exportBody(x, orig, gw)}
      noun="export"
      onDone={onDone}
      onCancel={onCancel}
      onReload={onReload}
      claims={(f) => f.startsWith('clients[') || f === 'fsal.bucket' || /^(protocols|transports)\[/.test(f)}
    >
      {/^(protocols|transports)\[/.test(se?.field || '') && (
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
      {rgw ? <RgwFields fsid={fsid} form={form} orig={orig} users={users} /> : <CephFields fsid={fsid} form={form} fss={fss} />}
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
