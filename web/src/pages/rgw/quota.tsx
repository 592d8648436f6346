// pages/rgw/quota.tsx - the quota fields (on/off, a maximum size with its unit, a
// maximum number of objects; empty for no limit) and the forms that PATCH them: a
// user's own and per-bucket quota, and a bucket's quota.
import type { Call } from '../../api/client';
import { CheckField, Field, FormView, TextField, useForm, type FormState } from '../../components/Form';
import { bytes } from '../../lib/format';
import { rgwPath } from './common';
import type { BucketChanges, Quota, UserChanges } from './types';
import { SIZE_UNITS, quotaFields, quotaOf, quotaProblems, quotaWords, type QuotaFields } from './values';

/** Flat form values; the keys are the API's error fields ("quota.user.max_size"). */
export type QuotaValues = Record<string, string | boolean>;

function init(prefix: string, q: Quota | undefined): QuotaValues {
  const f = quotaFields(q);
  return { [prefix + 'enabled']: f.enabled, [prefix + 'max_size']: f.size, [prefix + 'unit']: f.unit, [prefix + 'max_objects']: f.objects };
}

function fieldsAt(v: QuotaValues, prefix: string): QuotaFields {
  return {
    enabled: Boolean(v[prefix + 'enabled']),
    size: String(v[prefix + 'max_size'] ?? ''),
    unit: String(v[prefix + 'unit'] || 'GiB') as QuotaFields['unit'],
    objects: String(v[prefix + 'max_objects'] ?? ''),
  };
}

function errorsAt(v: QuotaValues, prefix: string): Record<string, string> {
  const p = quotaProblems(fieldsAt(v, prefix));
  return { [prefix + 'max_size']: p.size, [prefix + 'max_objects']: p.objects };
}

/** One quota's fields: on/off, max size and its unit, max objects. */
function QuotaSet({ form, prefix, legend, help }: { form: FormState<QuotaValues>; prefix: string; legend: string; help: string }) {
  const f = fieldsAt(form.values, prefix);
  const size = prefix + 'max_size';
  const err = form.errorOf(size);
  const set = quotaOf(f);
  return (
    <fieldset class="field" data-quota={prefix}>
      <legend class="label">{legend}</legend>
      <div class="help">{help}</div>
      <CheckField
        form={form}
        name={prefix + 'enabled'}
        label="Enforced"
        help={f.enabled ? `Now: ${quotaWords(isNaN(set.max_size) || isNaN(set.max_objects) ? undefined : set, bytes)}.` : 'Off: the limits below are kept but not enforced.'}
      />
      <Field form={form} name={size} label="Max size" help="Empty for no limit.">
        <div class="row2">
          <input
            id={`f-${size}`}
            name={size}
            type="text"
            inputMode="decimal"
            autocomplete="off"
            placeholder="no limit"
            value={f.size}
            aria-invalid={err ? true : undefined}
            aria-describedby={err ? `e-${size}` : `h-${size}`}
            onInput={(e) => form.set(size, (e.target as HTMLInputElement).value)}
            onBlur={() => form.touch(size)}
          />
          <select
            name={prefix + 'unit'}
            aria-label="Unit of the max size"
            value={f.unit}
            onChange={(e) => form.set(prefix + 'unit', (e.target as HTMLSelectElement).value)}
          >
            {SIZE_UNITS.map((u) => (
              <option value={u}>{u === 'B' ? 'bytes' : u}</option>
            ))}
          </select>
        </div>
      </Field>
      <TextField form={form} name={prefix + 'max_objects'} label="Max objects" placeholder="no limit" help="Empty for no limit." />
    </fieldset>
  );
}

/** A user's quotas: all its buckets together, and each of its buckets. PATCH .../users/{uid}. */
export function UserQuotaForm({ fsid, uid, quota, onDone }: { fsid: string; uid: string; quota: { user: Quota; bucket: Quota }; onDone: () => void }) {
  const form = useForm<QuotaValues>({ ...init('quota.user.', quota.user), ...init('quota.bucket.', quota.bucket) }, (v) => ({
    ...errorsAt(v, 'quota.user.'),
    ...errorsAt(v, 'quota.bucket.'),
  }));
  const call = (v: QuotaValues): Call => {
    const body: UserChanges = { quota: { user: quotaOf(fieldsAt(v, 'quota.user.')), bucket: quotaOf(fieldsAt(v, 'quota.bucket.')) } };
    return { method: 'PATCH', path: rgwPath(fsid, 'users', uid), body };
  };
  return (
    <FormView form={form} call={call} label="Save quotas" onDone={onDone}>
      <div class="row2">
        <QuotaSet form={form} prefix="quota.user." legend="User quota" help="All of the user's buckets together." />
        <QuotaSet form={form} prefix="quota.bucket." legend="Bucket quota" help="Each of the user's buckets on its own (a bucket's own quota, on its page, comes on top)." />
      </div>
    </FormView>
  );
}

/** A bucket's own quota. PATCH .../buckets/{name}. */
export function BucketQuotaForm({ fsid, name, quota, onDone }: { fsid: string; name: string; quota: Quota; onDone: () => void }) {
  const form = useForm<QuotaValues>(init('quota.', quota), (v) => errorsAt(v, 'quota.'));
  const call = (v: QuotaValues): Call => {
    const body: BucketChanges = { quota: quotaOf(fieldsAt(v, 'quota.')) };
    return { method: 'PATCH', path: rgwPath(fsid, 'buckets', name), body };
  };
  return (
    <FormView form={form} call={call} label="Save quota" onDone={onDone}>
      <QuotaSet form={form} prefix="quota." legend="Bucket quota" help="Limits this bucket; its owner's quotas apply too." />
    </FormView>
  );
}
