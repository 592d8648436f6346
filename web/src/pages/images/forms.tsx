// pages/images/forms.tsx - the image and snapshot forms: create and edit an image
// (features with their dependencies kept consistent as you click), copy, move to
// the trash, create / rename a snapshot, clone a snapshot, restore from the trash.
// Checks as you type mirror the server's; its field errors land at the field.
import { useState } from 'preact/hooks';
import { apiPath, type Call, type Outcome } from '../../api/client';
import type { Body } from '../../api/openapi';
import { CheckField, FormView, SelectField, TextField, useForm, type FormState } from '../../components/Form';
import { bytes, parseSize } from '../../lib/format';
import {
  DELAYS,
  FEATURES,
  FEATURE_HELP,
  OBJ_SIZES,
  createBody,
  createInitial,
  dependentsOf,
  editInitial,
  nameError,
  patchBody,
  requirementsOf,
  shrinking,
  sizeEcho,
  toggleFeature,
  validateCreate,
  validateEdit,
  type CreateValues,
  type EditValues,
  type Feature,
} from './logic';
import { nsQuery } from './pools';
import type { Image, PoolLite, Snapshot, TrashEntry } from './types';

export const imagePath = (fsid: string, pool: string, ...rest: string[]) => apiPath('clusters', fsid, 'pools', pool, 'images', ...rest);

type ImageRoute = '/api/clusters/{fsid}/pools/{pool}/images/{image}';
type SnapshotRoute = `${ImageRoute}/snapshots`;

/**
 * The feature checkboxes: switching one on brings what it needs, switching one off
 * takes what needs it, and the line below says what else changed.
 */
function FeaturesField<V extends Record<string, unknown> & { features: string[] }>(p: {
  form: FormState<V>;
  /** features that cannot be changed now, with why */
  locked?: Partial<Record<Feature, string>>;
}) {
  const [note, setNote] = useState('');
  const cur = p.form.values.features;
  const err = p.form.errorOf('features');
  const click = (f: Feature, on: boolean) => {
    const next = toggleFeature(cur, f, on);
    const also = (on ? requirementsOf(f) : dependentsOf(f)).filter((x) => cur.includes(x) !== next.includes(x));
    setNote(also.length ? `${on ? 'Also switched on' : 'Also switched off'}: ${also.join(', ')} (${f} ${on ? 'needs them' : 'is needed by them'}).` : '');
    p.form.set('features', next as V['features']);
  };
  return (
    <fieldset class={err ? 'field multi invalid img-features' : 'field multi img-features'} data-field="features">
      <legend class="label">Features</legend>
      {FEATURES.map((f) => {
        const why = p.locked?.[f];
        return (
          <label class="img-feature" title={why || undefined}>
            <input
              type="checkbox"
              name="features"
              value={f}
              checked={cur.includes(f)}
              disabled={Boolean(why)}
              onChange={(e) => click(f, (e.target as HTMLInputElement).checked)}
            />{' '}
            <span>
              <code>{f}</code> <span class="help">{why || FEATURE_HELP[f]}</span>
            </span>
          </label>
        );
      })}
      {note && !err && (
        <div class="help" role="status">
          {note}
        </div>
      )}
      {err && (
        <div class="field-error" role="alert">
          {err}
        </div>
      )}
    </fieldset>
  );
}

/** A text field for a size typed like "10G", echoing what it means. */
function SizeField<V extends Record<string, unknown>>(p: { form: FormState<V>; name: keyof V & string; label: string; help: string; autoFocus?: boolean }) {
  const echo = sizeEcho(String(p.form.values[p.name] ?? ''));
  return <TextField form={p.form} name={p.name} label={p.label} placeholder="e.g. 10G" autoFocus={p.autoFocus} help={echo || p.help} />;
}

export function CreateImageForm(p: { fsid: string; pool: string; namespace: string; pools: PoolLite[]; onDone: (o: Outcome<unknown>) => void; onCancel: () => void }) {
  const form = useForm<CreateValues>(createInitial(), validateCreate);
  const v = form.values;
  const call = (x: CreateValues): Call => ({ method: 'POST', path: imagePath(p.fsid, p.pool), query: nsQuery(p.namespace), body: createBody(x) });
  return (
    <FormView form={form} call={call} label="Create image" taskLabel={(x) => `Create image ${x.name}`} onDone={p.onDone} onCancel={p.onCancel}>
      <p class="help img-p">
        In pool <strong>{p.pool}</strong>
        {p.namespace && (
          <>
            , namespace <strong>{p.namespace}</strong>
          </>
        )}
        .
      </p>
      <div class="row2">
        <TextField form={form} name="name" label="Name" autoFocus help="Up to 95 bytes; no '/' or '@', not starting with '.'." />
        <SizeField form={form} name="size" label="Size" help="Such as 10G, 512M or 1.5T (binary units). Space is used only as data is written." />
      </div>
      <FeaturesField form={form} />
      <CheckField form={form} name="advanced" label="Show data pool, object size and striping" />
      {v.advanced && (
        <>
          <SelectField
            form={form}
            name="data_pool"
            label="Data pool"
            help="Keep the data objects in another pool, e.g. an erasure-coded one with overwrites allowed; the metadata stays here."
            options={[
              { value: '', label: 'None: data with the metadata' },
              ...p.pools.filter((x) => x.name !== p.pool).map((x) => ({ value: x.name, label: `${x.name} (${x.type})` })),
            ]}
          />
          <div class="row2">
            <SelectField
              form={form}
              name="obj_size"
              label="Object size"
              help="The unit of placement (4 MiB is usual)."
              options={OBJ_SIZES.map((n) => ({ value: String(n), label: bytes(n) }))}
            />
            <div />
          </div>
          <div class="row2">
            <TextField form={form} name="stripe_unit" label="Stripe unit" placeholder="e.g. 64K" help="Empty: the object size. Must divide it." />
            <TextField form={form} name="stripe_count" label="Stripe count" placeholder="1" help="Objects a stripe spans (empty: 1)." />
          </div>
        </>
      )}
    </FormView>
  );
}

export function EditImageForm(p: { fsid: string; image: Image; onDone: (o: Outcome<unknown>, name: string) => void; onCancel: () => void }) {
  const img = p.image;
  const form = useForm<EditValues>(editInitial(img), (v) => validateEdit(v, img));
  const v = form.values;
  const call = (x: EditValues): Call => ({
    method: 'PATCH',
    path: imagePath(p.fsid, img.pool, img.name),
    query: nsQuery(img.namespace),
    body: patchBody(x, img),
  });
  const locked: Partial<Record<Feature, string>> = { layering: 'cannot be changed after creation' };
  if (!img.features.includes('deep-flatten')) locked['deep-flatten'] = 'can only be switched off, not on';
  const shrink = shrinking(v, img);
  return (
    <FormView form={form} call={call} label="Save image" onDone={(o) => p.onDone(o, v.name)} onCancel={p.onCancel}>
      <div class="row2">
        <TextField form={form} name="name" label="Name" help="Changing it renames the image." />
        <SizeField form={form} name="size" label="Size" help={`Now ${bytes(img.size)}. Such as 20G.`} />
      </div>
      {shrink && (
        <CheckField
          form={form}
          name="allow_shrink"
          label={`Allow shrinking from ${bytes(img.size)}`}
          help="Everything stored past the new end is lost for good. Shrink the file system on the image first."
        />
      )}
      {shrink && v.allow_shrink && (
        <div class="form-error img-warn" role="alert">
          Shrinking to {bytes(parseSize(v.size))} destroys the last {bytes(img.size - parseSize(v.size))} of the image. It cannot be undone.
        </div>
      )}
      <FeaturesField form={form} locked={locked} />
    </FormView>
  );
}

export function CopyImageForm(p: { fsid: string; image: Image; pools: PoolLite[]; onDone: (o: Outcome<unknown>) => void; onCancel: () => void }) {
  const img = p.image;
  const form = useForm(
    { dest_pool: img.pool, dest_namespace: img.namespace, dest_image: `${img.name}-copy`, deep: false },
    (v) => ({ dest_image: nameError(v.dest_image), dest_pool: v.dest_pool ? '' : 'Choose a pool.' }),
  );
  const call = (x: typeof form.values): Call => {
    const body: Body<`${ImageRoute}/copy`, 'POST'> = { dest_pool: x.dest_pool, dest_image: x.dest_image };
    if (x.dest_namespace) body.dest_namespace = x.dest_namespace;
    if (x.deep) body.deep = true;
    return { method: 'POST', path: imagePath(p.fsid, img.pool, img.name, 'copy'), query: nsQuery(img.namespace), body };
  };
  return (
    <FormView form={form} call={call} label="Copy image" taskLabel={(x) => `Copy image to ${x.dest_pool}/${x.dest_image}`} onDone={p.onDone} onCancel={p.onCancel}>
      <div class="row2">
        <SelectField form={form} name="dest_pool" label="Destination pool" options={p.pools.map((x) => ({ value: x.name, label: x.name }))} />
        <TextField form={form} name="dest_namespace" label="Destination namespace" placeholder="default" help="Empty: the pool's default namespace." />
      </div>
      <TextField form={form} name="dest_image" label="Destination image" autoFocus />
      <CheckField form={form} name="deep" label="Deep copy: keep the snapshots (and a clone's parent)" help="A plain copy holds only the current data." />
      <p class="help img-p">The copy runs as a task; its progress shows in the corner and in the tasks list.</p>
    </FormView>
  );
}

export function TrashForm(p: { fsid: string; image: Image; onDone: (o: Outcome<unknown>) => void; onCancel: () => void }) {
  const img = p.image;
  const form = useForm({ delay_s: '0' }, () => ({}));
  const call = (x: { delay_s: string }): Call => {
    const body: Body<'/api/clusters/{fsid}/pools/{pool}/trash', 'POST'> = { image: img.name, delay_s: parseInt(x.delay_s, 10) };
    return { method: 'POST', path: apiPath('clusters', p.fsid, 'pools', img.pool, 'trash'), query: nsQuery(img.namespace), body };
  };
  return (
    <FormView form={form} call={call} label="Move to trash" onDone={p.onDone} onCancel={p.onCancel}>
      <p class="img-p">
        <strong>{img.name}</strong> leaves the image list and clients can no longer open it by name. It can be restored from the trash of pool{' '}
        <strong>{img.pool}</strong> until it is purged.
      </p>
      <SelectField form={form} name="delay_s" label="Protect from purging for" help="Before this ends, purging needs an explicit force." options={DELAYS} />
    </FormView>
  );
}

export function SnapshotForm(p: { fsid: string; image: Image; snap?: Snapshot; onDone: (o: Outcome<unknown>) => void; onCancel: () => void }) {
  const img = p.image;
  const stamp = new Date().toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
  const form = useForm({ name: p.snap ? p.snap.name : `snap-${stamp}` }, (v) => ({ name: nameError(v.name, 'A snapshot') }));
  const base = imagePath(p.fsid, img.pool, img.name, 'snapshots');
  const call = (x: { name: string }): Call => {
    if (!p.snap) {
      const body: Body<SnapshotRoute, 'POST'> = { name: x.name };
      return { method: 'POST', path: base, query: nsQuery(img.namespace), body };
    }
    const body: Body<`${SnapshotRoute}/{snap}`, 'PATCH'> = { name: x.name };
    return { method: 'PATCH', path: `${base}/${encodeURIComponent(p.snap.name)}`, query: nsQuery(img.namespace), body };
  };
  return (
    <FormView form={form} call={call} label={p.snap ? 'Rename snapshot' : 'Create snapshot'} onDone={p.onDone} onCancel={p.onCancel}>
      <TextField
        form={form}
        name="name"
        label={p.snap ? 'New name' : 'Name'}
        autoFocus
        help={p.snap ? `Now ${p.snap.name}.` : 'A point-in-time, read-only view of the image. Flush the file system first for a consistent one.'}
      />
    </FormView>
  );
}

export function CloneForm(p: { fsid: string; image: Image; snap: Snapshot; pools: PoolLite[]; onDone: (o: Outcome<unknown>, pool: string, ns: string, name: string) => void; onCancel: () => void }) {
  const img = p.image;
  const form = useForm(
    { dest_pool: img.pool, dest_namespace: img.namespace, dest_image: `${img.name}-clone` },
    (v) => ({ dest_image: nameError(v.dest_image), dest_pool: v.dest_pool ? '' : 'Choose a pool.' }),
  );
  const v = form.values;
  const call = (x: typeof form.values): Call => {
    const body: Body<`${SnapshotRoute}/{snap}/clone`, 'POST'> = { dest_pool: x.dest_pool, dest_image: x.dest_image };
    if (x.dest_namespace) body.dest_namespace = x.dest_namespace;
    return { method: 'POST', path: imagePath(p.fsid, img.pool, img.name, 'snapshots', p.snap.name, 'clone'), query: nsQuery(img.namespace), body };
  };
  return (
    <FormView form={form} call={call} label="Clone" taskLabel={(x) => `Clone to ${x.dest_pool}/${x.dest_image}`} onDone={(o) => p.onDone(o, v.dest_pool, v.dest_namespace, v.dest_image)} onCancel={p.onCancel}>
      <p class="img-p">
        A new image that starts as snapshot <strong>{p.snap.name}</strong> of <strong>{img.name}</strong> and shares its unchanged data. Flatten it later to
        make it independent.
      </p>
      {!p.snap.protected && (
        <p class="help img-p">
          This snapshot is not protected. Clusters that still let clients older than Mimic connect refuse to clone it: protect it first if the server
          says so.
        </p>
      )}
      {!img.features.includes('layering') && <p class="field-error img-p">The image lacks the layering feature: it cannot be cloned.</p>}
      <div class="row2">
        <SelectField form={form} name="dest_pool" label="Pool of the clone" options={p.pools.map((x) => ({ value: x.name, label: x.name }))} />
        <TextField form={form} name="dest_namespace" label="Namespace of the clone" placeholder="default" />
      </div>
      <TextField form={form} name="dest_image" label="Name of the clone" autoFocus />
    </FormView>
  );
}

export function RestoreForm(p: { fsid: string; pool: string; namespace: string; entry: TrashEntry; onDone: (o: Outcome<unknown>, name: string) => void; onCancel: () => void }) {
  const form = useForm({ name: p.entry.name }, (v) => ({ name: nameError(v.name) }));
  const call = (x: { name: string }): Call => {
    const body: Body<'/api/clusters/{fsid}/pools/{pool}/trash/{id}', 'POST'> = x.name === p.entry.name ? {} : { name: x.name };
    return { method: 'POST', path: apiPath('clusters', p.fsid, 'pools', p.pool, 'trash', p.entry.id), query: nsQuery(p.namespace), body };
  };
  return (
    <FormView form={form} call={call} label="Restore image" onDone={(o) => p.onDone(o, form.values.name)} onCancel={p.onCancel}>
      <TextField form={form} name="name" label="Restore as" autoFocus help="The name it had, or a new one if that is taken meanwhile." />
    </FormView>
  );
}
