// pages/crush/rules.tsx - creating a CRUSH rule (replicated: the root, the failure
// domain and the device class chosen from what the map has; erasure: from an
// erasure-code profile) and deleting one no pool uses.
import { useEffect, useState } from 'preact/hooks';
import { apiPath, get, list, mutate } from '../../api/client';
import type { Body, Schema } from '../../api/openapi';
import { Confirm } from '../../components/Dialog';
import { FormView, SelectField, TextField, useForm } from '../../components/Form';
import type { CrushNode, CrushRule, CrushTree } from './types';

/** The bucket names, bucket types and device classes of the map, for the form's lists. */
function useMapParts(fsid: string) {
  const [parts, setParts] = useState<{ buckets: string[]; types: string[]; classes: string[]; profiles: string[] }>({ buckets: [], types: [], classes: [], profiles: [] });
  useEffect(() => {
    Promise.all([
      get<CrushTree>(apiPath('clusters', fsid, 'crush', 'tree')),
      list<Pick<Schema<'EcProfile'>, 'name'>>(apiPath('clusters', fsid, 'erasure-code-profiles'), { limit: 1000 }),
    ])
      .then(([tree, profiles]) => {
        const buckets = new Set<string>(),
          types = new Set<string>(['osd']),
          classes = new Set<string>();
        const walk = (n: CrushNode) => {
          if (n.type !== 'osd') {
            buckets.add(n.name);
            types.add(n.type);
          } else if (n.device_class) classes.add(n.device_class);
          for (const c of n.children ?? []) walk(c);
        };
        for (const r of tree.roots) walk(r);
        setParts({ buckets: [...buckets], types: [...types], classes: [...classes], profiles: profiles.items.map((p) => p.name) });
      })
      .catch(() => {});
  }, [fsid]);
  return parts;
}

export function CreateRule({ fsid, onDone, onCancel }: { fsid: string; onDone: (r: CrushRule) => void; onCancel: () => void }) {
  const parts = useMapParts(fsid);
  const form = useForm({ name: '', type: 'replicated', root: 'default', failure_domain: 'host', device_class: '', profile: 'default' }, (v) => ({
    name: /^[A-Za-z0-9_.-]{1,127}$/.test(v.name) ? '' : 'Letters, digits, _ . - (up to 127).',
  }));
  const v = form.values;
  const opts = (xs: string[], none?: string) => [...(none !== undefined ? [{ value: '', label: none }] : []), ...xs.map((x) => ({ value: x, label: x }))];
  return (
    <FormView
      form={form}
      label="Create rule"
      call={(x) => {
        const body: Body<'/api/clusters/{fsid}/crush/rules', 'POST'> =
          x.type === 'erasure'
            ? { name: x.name, type: 'erasure', profile: x.profile }
            : { name: x.name, type: 'replicated', root: x.root, failure_domain: x.failure_domain };
        if (x.type !== 'erasure' && x.device_class) body.device_class = x.device_class;
        return { method: 'POST', path: apiPath('clusters', fsid, 'crush', 'rules'), body };
      }}
      onDone={(o) => onDone(o.data as CrushRule)}
      onCancel={onCancel}
    >
      <TextField form={form} name="name" label="Name" autoFocus />
      <SelectField form={form} name="type" label="Type" options={opts(['replicated', 'erasure'])} help="Replicated pools keep copies; erasure-coded pools keep chunks." />
      {v.type === 'replicated' ? (
        <>
          <SelectField form={form} name="root" label="Root" options={opts(parts.buckets.length ? parts.buckets : ['default'])} help="The part of the map to place data in." />
          <SelectField
            form={form}
            name="failure_domain"
            label="Failure domain"
            options={opts(parts.types.length ? parts.types : ['host', 'osd'])}
            help="Each copy goes to a different one of these: host survives a host down."
          />
          <SelectField form={form} name="device_class" label="Device class" options={opts(parts.classes, 'any')} help="Only OSDs of this class (ssd for a fast pool)." />
        </>
      ) : (
        <SelectField form={form} name="profile" label="Erasure-code profile" options={opts(parts.profiles.length ? parts.profiles : ['default'])} />
      )}
    </FormView>
  );
}

export function DeleteRule({ fsid, rule, onClose, onDone }: { fsid: string; rule: CrushRule; onClose: () => void; onDone: () => void }) {
  return (
    <Confirm
      title={`Delete rule ${rule.name}`}
      name={rule.name}
      action="Delete rule"
      consequence={<>The CRUSH rule {rule.name} is removed from the map. No pool uses it, so no data moves.</>}
      onConfirm={async () => {
        await mutate({ method: 'DELETE', path: apiPath('clusters', fsid, 'crush', 'rules', rule.name) }, `Delete rule ${rule.name}`);
        onDone();
      }}
      onClose={onClose}
    />
  );
}
