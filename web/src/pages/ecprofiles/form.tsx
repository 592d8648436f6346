// pages/ecprofiles/form.tsx - create an erasure-code profile (POST). Checks as you
// type mirror the server's (ecprofiles.c), including k+m against the failure domains
// this cluster has (from its CRUSH tree); the server's field errors land at the field.
import { useEffect, useState } from 'preact/hooks';
import { apiPath, get } from '../../api/client';
import { FormView, NumberField, SelectField, TextField, useForm, type Errors } from '../../components/Form';
import { percent } from '../../lib/format';
import type { CrushNode, CrushTree, EcProfile, NewEcProfile } from './types';

export interface Values extends Record<string, unknown> {
  name: string;
  k: string;
  m: string;
  plugin: string;
  technique: string;
  crush_failure_domain: string;
  crush_device_class: string;
  l: string;
  c: string;
  d: string;
}

export const PLUGINS: { value: string; label: string; techniques: string[] }[] = [
  {
    value: 'jerasure',
    label: 'jerasure — the default, general purpose',
    techniques: ['reed_sol_van', 'reed_sol_r6_op', 'cauchy_orig', 'cauchy_good', 'liberation', 'blaum_roth', 'liber8tion'],
  },
  { value: 'isa', label: 'isa — Intel ISA-L, fast on x86', techniques: ['reed_sol_van', 'cauchy'] },
  { value: 'lrc', label: 'lrc — locally repairable: local parity chunks', techniques: [] },
  { value: 'shec', label: 'shec — shingled: cheaper recovery', techniques: ['multiple', 'single'] },
  { value: 'clay', label: 'clay — coupled layer: less recovery traffic', techniques: [] },
];

export const DOMAINS = ['host', 'osd', 'chassis', 'rack', 'row', 'pdu', 'pod', 'room', 'datacenter', 'zone', 'region', 'root'];

const NAME = /^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,126}$/;
const int = (s: string) => (/^\s*\d+\s*$/.test(s) ? parseInt(s, 10) : NaN);

function holdsOsd(n: CrushNode, cls: string): boolean {
  if (n.type === 'osd') return !cls || n.device_class === cls;
  return (n.children || []).some((c) => holdsOsd(c, cls));
}

function walk(nodes: CrushNode[], fn: (n: CrushNode) => void) {
  for (const n of nodes) {
    fn(n);
    walk(n.children || [], fn);
  }
}

/** How many buckets of type domain (or OSDs for "osd") hold an OSD of class cls (any if ''). */
export function countDomains(tree: CrushTree, domain: string, cls: string): number {
  const seen = new Set<number>();
  walk(tree.roots, (n) => {
    if (n.type === domain && holdsOsd(n, cls)) seen.add(n.id);
  });
  return seen.size;
}

/** The device classes of the OSDs in the tree, sorted. */
export function deviceClasses(tree: CrushTree): string[] {
  const s = new Set<string>();
  walk([...tree.roots, ...tree.stray], (n) => n.type === 'osd' && n.device_class && s.add(n.device_class));
  return [...s].sort();
}

export function techniques(plugin: string): string[] {
  return PLUGINS.find((p) => p.value === plugin)?.techniques || [];
}

/** Checks while typing; tree (when loaded) lets k+m be checked against the failure domains. */
export function validateProfile(v: Values, tree: CrushTree | null): Errors<Values> {
  const e: Errors<Values> = {};
  if (!v.name) e.name = 'A profile needs a name.';
  else if (!NAME.test(v.name)) e.name = "1 to 127 of A-Z a-z 0-9 _ . -, not starting with '.'.";
  const k = int(v.k);
  const m = int(v.m);
  if (isNaN(k)) e.k = 'A whole number of data chunks, 2 or more.';
  else if (k < 2 || k > 256) e.k = 'From 2 to 256 data chunks.';
  if (isNaN(m)) e.m = 'A whole number of coding chunks, 1 or more.';
  else if (m < 1 || m > 256) e.m = 'From 1 to 256 coding chunks.';
  if (!e.k && !e.m && tree) {
    const have = countDomains(tree, v.crush_failure_domain, v.crush_device_class);
    if (k + m > have)
      e.m = `k+m = ${k + m} chunks need ${k + m} separate ${v.crush_failure_domain}s${v.crush_device_class ? ` with ${v.crush_device_class} OSDs` : ''}; this cluster has ${have}. Lower k or m, or choose a smaller failure domain.`;
  }
  if (v.plugin === 'lrc') {
    const l = int(v.l);
    if (isNaN(l) || l < 1) e.l = 'The locality: a whole number, 1 or more.';
    else if (!e.k && !e.m && (k + m) % l !== 0) e.l = `k+m (${k + m}) must be a multiple of the locality.`;
  }
  if (v.plugin === 'shec' && v.c.trim() !== '') {
    const c = int(v.c);
    if (isNaN(c) || c < 1 || (!e.m && c > m)) e.c = 'From 1 to m.';
  }
  if (v.plugin === 'clay' && v.d.trim() !== '') {
    const d = int(v.d);
    if (isNaN(d) || (!e.k && !e.m && (d < k + 1 || d > k + m - 1))) e.d = 'From k+1 to k+m-1.';
  }
  return e;
}

/** The POST body for the values: only what applies to the chosen plugin. */
export function profileBody(v: Values): NewEcProfile {
  const b: NewEcProfile = { name: v.name, k: int(v.k), m: int(v.m), plugin: v.plugin };
  if (techniques(v.plugin).length && v.technique) b.technique = v.technique;
  b.crush_failure_domain = v.crush_failure_domain;
  if (v.crush_device_class) b.crush_device_class = v.crush_device_class;
  if (v.plugin === 'lrc') b.l = int(v.l);
  if (v.plugin === 'shec' && v.c.trim() !== '') b.c = int(v.c);
  if (v.plugin === 'clay' && v.d.trim() !== '') b.d = int(v.d);
  return b;
}

export const INITIAL: Values = {
  name: '',
  k: '2',
  m: '1',
  plugin: 'jerasure',
  technique: 'reed_sol_van',
  crush_failure_domain: 'host',
  crush_device_class: '',
  l: '3',
  c: '',
  d: '',
};

/** "k=2 data + m=1 coding chunks: survives 1 host failure, 67% of the raw space usable". */
export function summary(k: number, m: number, domain: string): string {
  if (!(k > 0) || !(m > 0)) return '';
  return `Each object is cut into ${k} data and ${m} coding chunks on ${k + m} different ${domain}s: its pools survive ${m} ${domain} failure${m === 1 ? '' : 's'} and use ${((k + m) / k).toFixed(2).replace(/\.?0+$/, '')}× the space of the data (${percent(k / (k + m), 0)} of the raw space usable).`;
}

export function EcProfileForm({ fsid, onDone, onCancel }: { fsid: string; onDone: (p: EcProfile | null) => void; onCancel: () => void }) {
  const [tree, setTree] = useState<CrushTree | null>(null);
  const form = useForm<Values>(INITIAL, (v) => validateProfile(v, tree));
  useEffect(() => {
    get<CrushTree>(apiPath('clusters', fsid, 'crush', 'tree'))
      .then((t) => {
        setTree(t);
        // A sensible default: hosts as failure domains when there are enough, else OSDs.
        if (countDomains(t, 'host', '') < int(INITIAL.k) + int(INITIAL.m)) form.set('crush_failure_domain', 'osd');
        else form.set('crush_failure_domain', 'host');
      })
      .catch(() => {});
  }, [fsid]);
  const v = form.values;
  const techs = techniques(v.plugin);
  const classes = tree ? deviceClasses(tree) : [];
  const count = (d: string) => (tree ? ` (${countDomains(tree, d, v.crush_device_class)} in this cluster)` : '');
  // k+m against the failure domains is reported at m, also when k, the domain or the class changed.
  useEffect(() => {
    if (form.errors.m && /this cluster has/.test(String(form.errors.m))) form.touch('m');
  }, [v.k, v.crush_failure_domain, v.crush_device_class, tree]);
  // A plugin's own techniques: keep the choice valid when the plugin changes.
  useEffect(() => {
    if (!techs.includes(v.technique)) form.set('technique', techs[0] || '');
  }, [v.plugin]);
  return (
    <FormView
      form={form}
      call={(x) => ({ method: 'POST', path: apiPath('clusters', fsid, 'erasure-code-profiles'), body: profileBody(x) })}
      label="Create profile"
      onDone={(o) => onDone(o.data as EcProfile | null)}
      onCancel={onCancel}
    >
      <TextField form={form} name="name" label="Name" autoFocus help="Letters, digits, _ . - (not starting with a dot), like pool names." />
      <div class="row2">
        <NumberField form={form} name="k" label="Data chunks (k)" min={2} help="Each object is split into k chunks." />
        <NumberField form={form} name="m" label="Coding chunks (m)" min={1} help="How many chunks (failure domains) can be lost." />
      </div>
      <div class="row2">
        <SelectField form={form} name="plugin" label="Plugin" options={PLUGINS.map((p) => ({ value: p.value, label: p.label }))} />
        {techs.length > 0 && <SelectField form={form} name="technique" label="Technique" options={techs.map((t) => ({ value: t, label: t }))} />}
        {v.plugin === 'lrc' && <NumberField form={form} name="l" label="Locality (l)" min={1} help="Chunks per local group; k+m must be a multiple." />}
        {v.plugin === 'shec' && <NumberField form={form} name="c" label="Durability (c)" min={1} help="Empty: Ceph's default (2)." />}
        {v.plugin === 'clay' && <NumberField form={form} name="d" label="Helper chunks (d)" min={1} help="Chunks read to repair one; empty: k+m-1." />}
      </div>
      <div class="row2">
        <SelectField
          form={form}
          name="crush_failure_domain"
          label="Failure domain"
          options={DOMAINS.map((d) => ({ value: d, label: d + count(d) }))}
          help="Each chunk goes to a different one of these."
        />
        <SelectField
          form={form}
          name="crush_device_class"
          label="Device class"
          options={[{ value: '', label: 'Any' }, ...classes.map((c) => ({ value: c, label: c }))]}
          help="Only OSDs of this class."
        />
      </div>
      <p class="ec-summary muted">{summary(int(v.k), int(v.m), v.crush_failure_domain)}</p>
    </FormView>
  );
}
