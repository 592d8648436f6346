// pages/pools/form.tsx - create a pool (POST, a task that waits for the PGs) or edit
// one (PATCH with only what changed). Checks as you type mirror the server's; the
// server's own field errors land at the field.
import { useEffect, useState } from 'preact/hooks';
import { apiPath, list, type Call } from '../../api/client';
import { CheckField, FormView, MultiCheckField, NumberField, SelectField, TextField, useForm, type Errors } from '../../components/Form';
import { bytes, parseSize } from '../../lib/format';
import type { Pool } from './types';

interface Values extends Record<string, unknown> {
  name: string;
  type: string;
  size: string;
  min_size: string;
  pg_num: string;
  pg_autoscale_mode: string;
  erasure_code_profile: string;
  crush_rule: string;
  applications: string[];
  compression_mode: string;
  compression_algorithm: string;
  max_bytes: string;
  max_objects: string;
  advanced: boolean;
}

const NAME = /^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,126}$/;
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
    crush_rule: p?.crush_rule || '',
    applications: p?.applications || ['rbd'],
    compression_mode: p?.compression.mode || 'none',
    compression_algorithm: p?.compression.algorithm || 'snappy',
    max_bytes: p?.quota.max_bytes ? bytes(p.quota.max_bytes).replace(/ (.)iB$/, '$1').replace(' B', '') : '',
    max_objects: p?.quota.max_objects ? String(p.quota.max_objects) : '',
    advanced: false,
  };
}

/** The request body for the values; when editing, only the fields that changed. */
export function poolBody(v: Values, before?: Pool): Record<string, unknown> {
  const b: Record<string, unknown> = {
    name: v.name,
    pg_num: int(v.pg_num),
    pg_autoscale_mode: v.pg_autoscale_mode,
    applications: v.applications,
    compression: v.compression_mode === 'none' ? { mode: 'none' } : { mode: v.compression_mode, algorithm: v.compression_algorithm },
    quota: { max_bytes: v.max_bytes.trim() ? parseSize(v.max_bytes) : 0, max_objects: v.max_objects.trim() ? int(v.max_objects) : 0 },
  };
  if (v.crush_rule) b.crush_rule = v.crush_rule;
  if (v.type === 'replicated') {
    b.size = int(v.size);
    if (v.min_size !== '') b.min_size = int(v.min_size);
  }
  if (!before) {
    b.type = v.type;
    if (v.type === 'erasure') b.erasure_code_profile = v.erasure_code_profile;
    return b;
  }
  const old: Record<string, unknown> = poolBody(initial(before));
  const changed: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(b)) if (JSON.stringify(x) !== JSON.stringify(old[k])) changed[k] = x;
  return changed;
}

export function PoolForm({ fsid, pool, onDone, onCancel }: { fsid: string; pool?: Pool; onDone: () => void; onCancel: () => void }) {
  const form = useForm<Values>(initial(pool), (v) => validatePool(v, Boolean(pool)));
  const [profiles, setProfiles] = useState<string[]>(['default']);
  const [rules, setRules] = useState<{ name: string; type: string }[]>([]);
  useEffect(() => {
    list<{ name: string }>(apiPath('clusters', fsid, 'erasure-code-profiles'), { limit: 1000 })
      .then((r) => setProfiles(r.items.map((p) => p.name)))
      .catch(() => {});
    list<{ name: string; type: string }>(apiPath('clusters', fsid, 'crush', 'rules'), { limit: 1000 })
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
      <CheckField form={form} name="advanced" label="Show CRUSH, compression and quota settings" />
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
          <div class="row2">
            <TextField form={form} name="max_bytes" label="Quota: size" placeholder="e.g. 500G" help="Empty or 0: no limit." />
            <TextField form={form} name="max_objects" label="Quota: objects" placeholder="e.g. 1000000" help="Empty or 0: no limit." />
          </div>
        </>
      )}
    </FormView>
  );
}
