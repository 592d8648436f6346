// pages/pools/form.tsx - create a pool (POST, a task that waits for the PGs) or edit
// one (PATCH with only what changed). Checks as you type mirror the server's; the
// server's own field errors land at the field.
import { useEffect, useState } from 'preact/hooks';
import { apiPath, list, type Call } from '../../api/client';
import type { Body, Schema } from '../../api/openapi';
import { CheckField, FormView, MultiCheckField, NumberField, SelectField, TextField, useForm, type Errors } from '../../components/Form';
import { bytes, parseSize } from '../../lib/format';
import type { Pool } from './types';

type NewPool = Body<'/api/clusters/{fsid}/pools', 'POST'>;
type PoolChanges = Body<'/api/clusters/{fsid}/pools/{name}', 'PATCH'>;
type Compression = Pool['compression'];

interface Values extends Record<string, unknown> {
  name: string;
  type: Pool['type'];
  size: string;
  min_size: string;
  pg_num: string;
  pg_autoscale_mode: Pool['pg_autoscale_mode'];
  erasure_code_profile: string;
  crush_rule: string;
  applications: string[];
  compression_mode: Compression['mode'];
  compression_algorithm: string;
  compression_ratio: string;
  compression_min_blob: string;
  compression_max_blob: string;
  other_apps: string;
  target_size_ratio: string;
  target_size: string;
  pg_num_min: string;
  bulk: boolean;
  allow_ec_overwrites: boolean;
  max_bytes: string;
  max_objects: string;
  advanced: boolean;
}

const NAME = /^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,126}$/;
const STANDARD_APPS = ['rbd', 'cephfs', 'rgw'];
const otherApps = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
const sizeOrEmpty = (s: string) => s.trim() === '' || !isNaN(parseSize(s));
const int = (s: string) => (/^\d+$/.test(s.trim()) ? parseInt(s, 10) : NaN);

export function validatePool(v: Values, editing: boolean): Errors<Values> {
  const e: Errors<Values> = {};
  if (!v.name) e.name = 'A pool needs a name.';
  else if (!NAME.test(v.name)) e.name = "1 to 127 of A-Z a-z 0-9 _ . -, not starting with '.'.";
  const pg = int(v.pg_num);
  if (!(pg >= 1 && pg <= 65536)) e.pg_num = 'A whole number from 1 to 65536.';
  else if (!editing && (pg & (pg - 1)) !== 0) e.pg_num = 'Use a power of two (8, 16, 32, …).';
  if (v.type === 'replicated') {
    const size = int(v.size);
    const min = int(v.min_size);
    if (!(size >= 1 && size <= 10)) e.size = 'From 1 to 10 replicas.';
    if (v.min_size !== '' && !(min >= 1 && min <= size)) e.min_size = 'From 1 to the number of replicas.';
  }
  if (v.max_bytes.trim() !== '' && isNaN(parseSize(v.max_bytes))) e.max_bytes = 'A size such as 100G, 1.5T or 0 for none.';
  if (otherApps(v.other_apps).some((a) => !/^[A-Za-z0-9_.-]{1,64}$/.test(a))) e.other_apps = 'Names of letters, digits, _ . -, separated by commas.';
  const ratio = Number(v.compression_ratio);
  if (v.compression_ratio.trim() !== '' && !(ratio > 0 && ratio <= 1)) e.compression_ratio = 'A number above 0, at most 1.';
  if (!sizeOrEmpty(v.compression_min_blob)) e.compression_min_blob = 'A size such as 8K.';
  if (!sizeOrEmpty(v.compression_max_blob)) e.compression_max_blob = 'A size such as 64K.';
  const tr = Number(v.target_size_ratio);
  if (v.target_size_ratio.trim() !== '' && !(tr >= 0 && tr <= 1000)) e.target_size_ratio = 'A number, 0 for none.';
  if (!sizeOrEmpty(v.target_size)) e.target_size = 'A size such as 10T, 0 for none.';
  if (v.pg_num_min.trim() !== '' && !(int(v.pg_num_min) >= 0 && int(v.pg_num_min) <= 32768)) e.pg_num_min = 'A whole number from 0 to 32768.';
  if (v.max_objects.trim() !== '' && isNaN(int(v.max_objects))) e.max_objects = 'A whole number, 0 for none.';
  return e;
}

function initial(p?: Pool): Values {
  return {
    name: p?.name || '',
    type: p?.type || 'replicated',
    size: String(p?.size ?? 3),
    min_size: p ? String(p.min_size) : '',
    pg_num: String(p?.pg_num ?? 32),
    pg_autoscale_mode: p?.pg_autoscale_mode || 'on',
    erasure_code_profile: p?.erasure_code_profile || 'default',
    // a rule the server could not name (its id) is left as it is
    crush_rule: typeof p?.crush_rule === 'string' ? p.crush_rule : '',
    applications: (p?.applications || ['rbd']).filter((a) => STANDARD_APPS.includes(a)),
    other_apps: (p?.applications || []).filter((a) => !STANDARD_APPS.includes(a)).join(', '),
    compression_mode: p?.compression.mode || 'none',
    compression_algorithm: p?.compression.algorithm || 'snappy',
    compression_ratio: p?.compression.required_ratio !== undefined ? String(p.compression.required_ratio) : '',
    compression_min_blob: p?.compression.min_blob_size ? String(p.compression.min_blob_size) : '',
    compression_max_blob: p?.compression.max_blob_size ? String(p.compression.max_blob_size) : '',
    target_size_ratio: p?.autoscale.target_size_ratio ? String(p.autoscale.target_size_ratio) : '',
    target_size: p?.autoscale.target_size_bytes ? String(p.autoscale.target_size_bytes) : '',
    pg_num_min: p?.autoscale.pg_num_min ? String(p.autoscale.pg_num_min) : '',
    bulk: Boolean(p?.autoscale.bulk),
    allow_ec_overwrites: Boolean(p?.allow_ec_overwrites),
    max_bytes: p?.quota.max_bytes ? bytes(p.quota.max_bytes).replace(/ (.)iB$/, '$1').replace(' B', '') : '',
    max_objects: p?.quota.max_objects ? String(p.quota.max_objects) : '',
    advanced: false,
  };
}

function compressionBody(v: Values): Compression {
  if (v.compression_mode === 'none') return { mode: 'none' };
  const c: Compression = { mode: v.compression_mode, algorithm: v.compression_algorithm };
  if (v.compression_ratio.trim()) c.required_ratio = Number(v.compression_ratio);
  if (v.compression_min_blob.trim()) c.min_blob_size = parseSize(v.compression_min_blob);
  if (v.compression_max_blob.trim()) c.max_blob_size = parseSize(v.compression_max_blob);
  return c;
}

/** Every setting of the values as the API takes them (create and edit alike). */
function settings(v: Values): PoolChanges & { name: string } {
  const b: PoolChanges & { name: string } = {
    name: v.name,
    pg_num: int(v.pg_num),
    pg_autoscale_mode: v.pg_autoscale_mode,
    applications: [...v.applications, ...otherApps(v.other_apps)],
    compression: compressionBody(v),
    quota: { max_bytes: v.max_bytes.trim() ? parseSize(v.max_bytes) : 0, max_objects: v.max_objects.trim() ? int(v.max_objects) : 0 },
    target_size_ratio: v.target_size_ratio.trim() ? Number(v.target_size_ratio) : 0,
    target_size_bytes: v.target_size.trim() ? parseSize(v.target_size) : 0,
    pg_num_min: v.pg_num_min.trim() ? int(v.pg_num_min) : 0,
    bulk: v.bulk,
  };
  if (v.crush_rule) b.crush_rule = v.crush_rule;
  if (v.type === 'replicated') {
    b.size = int(v.size);
    if (v.min_size !== '') b.min_size = int(v.min_size);
  }
  if (v.type === 'erasure' && v.allow_ec_overwrites) b.allow_ec_overwrites = true;
  return b;
}

/** The members of now that differ from before. */
function changes<T extends object>(now: T, before: T): Partial<T> {
  const out: Partial<T> = {};
  for (const k of Object.keys(now) as (keyof T)[]) if (JSON.stringify(now[k]) !== JSON.stringify(before[k])) out[k] = now[k];
  return out;
}

/** The request body for the values; when editing, only the fields that changed. */
export function poolBody(v: Values): NewPool;
export function poolBody(v: Values, before: Pool): PoolChanges;
export function poolBody(v: Values, before?: Pool): NewPool | PoolChanges {
  if (before) return changes(settings(v), settings(initial(before)));
  const b: NewPool = { ...settings(v), type: v.type };
  if (v.type === 'erasure') b.erasure_code_profile = v.erasure_code_profile;
  for (const k of ['target_size_ratio', 'target_size_bytes', 'pg_num_min', 'bulk'] as const) if (!b[k]) delete b[k];
  return b;
}

export function PoolForm({ fsid, pool, onDone, onCancel }: { fsid: string; pool?: Pool; onDone: () => void; onCancel: () => void }) {
  const form = useForm<Values>(initial(pool), (v) => validatePool(v, Boolean(pool)));
  const [profiles, setProfiles] = useState<string[]>(['default']);
  const [rules, setRules] = useState<Pick<Schema<'CrushRule'>, 'name' | 'type'>[]>([]);
  useEffect(() => {
    list<Pick<Schema<'EcProfile'>, 'name'>>(apiPath('clusters', fsid, 'erasure-code-profiles'), { limit: 1000 })
      .then((r) => setProfiles(r.items.map((p) => p.name)))
      .catch(() => {});
    list<Pick<Schema<'CrushRule'>, 'name' | 'type'>>(apiPath('clusters', fsid, 'crush', 'rules'), { limit: 1000 })
      .then((r) => setRules(r.items))
      .catch(() => {});
  }, [fsid]);
  const v = form.values;
  const call = (x: Values): Call =>
    pool
      ? { method: 'PATCH', path: apiPath('clusters', fsid, 'pools', pool.name), body: poolBody(x, pool) }
      : { method: 'POST', path: apiPath('clusters', fsid, 'pools'), body: poolBody(x) };
  const ruleOptions = [
    { value: '', label: 'The cluster default' },
    ...rules.filter((r) => r.type === (v.type === 'erasure' ? 'erasure' : 'replicated')).map((r) => ({ value: r.name, label: r.name })),
  ];
  return (
    <FormView form={form} call={call} label={pool ? 'Save pool' : 'Create pool'} taskLabel={(x) => `${pool ? 'Change' : 'Create'} pool ${x.name}`} onDone={onDone} onCancel={onCancel}>
      <TextField form={form} name="name" label="Name" autoFocus={!pool} help="Letters, digits, _ . - (not starting with a dot)." />
      {!pool && (
        <SelectField
          form={form}
          name="type"
          label="Type"
          options={[
            { value: 'replicated', label: 'Replicated — full copies' },
            { value: 'erasure', label: 'Erasure coded — data and parity chunks' },
          ]}
        />
      )}
      {v.type === 'replicated' ? (
        <div class="row2">
          <NumberField form={form} name="size" label="Replicas" min={1} max={10} help="Copies of each object (3 is usual)." />
          <NumberField form={form} name="min_size" label="Replicas needed for I/O" min={1} help="Empty: the cluster decides." />
        </div>
      ) : (
        !pool && (
          <SelectField form={form} name="erasure_code_profile" label="Erasure-code profile" options={profiles.map((p) => ({ value: p, label: p }))} />
        )
      )}
      <div class="row2">
        <NumberField form={form} name="pg_num" label="Placement groups" min={1} help="A power of two; the autoscaler can adjust it." />
        <SelectField
          form={form}
          name="pg_autoscale_mode"
          label="PG autoscaling"
          options={[
            { value: 'on', label: 'On' },
            { value: 'warn', label: 'Warn only' },
            { value: 'off', label: 'Off' },
          ]}
        />
      </div>
      <MultiCheckField
        form={form}
        name="applications"
        label="Applications"
        options={[
          { value: 'rbd', label: 'RBD (block)' },
          { value: 'cephfs', label: 'CephFS' },
          { value: 'rgw', label: 'Object gateway' },
        ]}
      />
      <TextField form={form} name="other_apps" label="Other applications" placeholder="e.g. backup-tool" help="Names of your own, separated by commas." />
      {v.type === 'erasure' && !pool?.allow_ec_overwrites && (
        <CheckField
          form={form}
          name="allow_ec_overwrites"
          label="Allow overwrites (RBD images and CephFS on this pool need it; cannot be turned off again)"
        />
      )}
      <CheckField form={form} name="advanced" label="Show CRUSH, compression, autoscaler and quota settings" />
      {v.advanced && (
        <>
          <SelectField form={form} name="crush_rule" label="CRUSH rule" options={ruleOptions} />
          <div class="row2">
            <SelectField
              form={form}
              name="compression_mode"
              label="Compression"
              options={['none', 'passive', 'aggressive', 'force'].map((m) => ({ value: m, label: m === 'none' ? 'Off' : m }))}
            />
            {v.compression_mode !== 'none' && (
              <SelectField form={form} name="compression_algorithm" label="Algorithm" options={['snappy', 'zlib', 'zstd', 'lz4'].map((a) => ({ value: a, label: a }))} />
            )}
          </div>
          {v.compression_mode !== 'none' && (
            <div class="row2">
              <TextField form={form} name="compression_ratio" label="Required ratio" placeholder="0.875" help="Keep the compressed data only below this share of the original." />
              <TextField form={form} name="compression_min_blob" label="Min blob size" placeholder="e.g. 8K" />
              <TextField form={form} name="compression_max_blob" label="Max blob size" placeholder="e.g. 64K" />
            </div>
          )}
          <div class="row2">
            <TextField form={form} name="target_size_ratio" label="Autoscaler: expected share" placeholder="e.g. 0.2" help="Of the cluster's capacity; 0 for none." />
            <TextField form={form} name="target_size" label="Autoscaler: expected size" placeholder="e.g. 10T" help="0 for none." />
          </div>
          <div class="row2">
            <NumberField form={form} name="pg_num_min" label="Autoscaler: fewest PGs" min={0} />
            <CheckField form={form} name="bulk" label="Bulk: it will hold much data (full PG count at once)" />
          </div>
          <div class="row2">
            <TextField form={form} name="max_bytes" label="Quota: size" placeholder="e.g. 500G" help="Empty or 0: no limit." />
            <TextField form={form} name="max_objects" label="Quota: objects" placeholder="e.g. 1000000" help="Empty or 0: no limit." />
          </div>
        </>
      )}
    </FormView>
  );
}
