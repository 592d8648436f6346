// pages/iscsi/form.tsx - create an iSCSI target (POST) or replace one (PUT naming the
// version it read). The checks mirror fcgi/iscsi_check.c and run while typing: the IQN
// (iqn.YYYY-MM.reverse.domain[:name], lower case), portals on iSCSI gateways at one of
// their addresses, disks that are RBD images with unique LUN ids 0-255, CHAP and
// mutual CHAP as ceph-iscsi accepts them, ACLs of initiator IQNs on existing LUNs. The
// server's errors land at their field, nested ones ("portals[0].ip") on their row. A
// 409 conflict (someone else saved the target meanwhile) says so and offers a reload.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { apiPath, list, sentence } from '../../api/client';
import type { Node } from '../../api/types';
import { ConfigForm, type ConfigFormProps } from '../../components/ConfigForm';
import { CheckField, TextField, useForm, type Errors, type FormState } from '../../components/Form';
import { cellErrors, Rows, SelectCell, TextCell } from '../../components/Rows';
import { withRole } from '../../lib/nodes';
import type { Target } from './types';

interface PortalRow {
  host: string;
  ip: string;
}
interface DiskRow {
  pool: string;
  image: string;
  lun: string;
}
interface AclRow {
  initiator: string;
  luns: string;
}

/** The form's values; CHAP fields are named as the API's error fields name them. */
export interface TargetValues extends Record<string, unknown> {
  iqn: string;
  portals: PortalRow[];
  disks: DiskRow[];
  chap: boolean;
  'auth.user': string;
  'auth.password': string;
  mutual: boolean;
  'auth.mutual_user': string;
  'auth.mutual_password': string;
  acls: AclRow[];
}

export const IQN_EXAMPLE = 'iqn.2003-01.com.example:target1';

/** Whether s is an IQN as fcgi/iscsi_check.c's iscsi_valid_iqn accepts it. */
export function validIqn(s: string): boolean {
  return (
    s.length <= 223 &&
    /^iqn\.\d{4}-(0[1-9]|1[0-2])\.[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:[a-z0-9.:-]+)?$/.test(s)
  );
}

/** What is wrong with an IQN, in words ('' when nothing). */
export function iqnProblem(s: string): string {
  if (!s) return 'An IQN is required, e.g. ' + IQN_EXAMPLE + '.';
  if (validIqn(s)) return '';
  if (s.length > 223) return 'An IQN has at most 223 characters.';
  if (/[A-Z]/.test(s)) return 'An IQN is lower case.';
  if (!s.startsWith('iqn.')) return `An IQN starts with "iqn.", e.g. ${IQN_EXAMPLE}.`;
  if (!/^iqn\.\d{4}-(0[1-9]|1[0-2])\./.test(s)) return 'After "iqn." come a year and month and a dot: iqn.YYYY-MM.';
  const rest = s.slice(12);
  const colon = rest.indexOf(':');
  const domain = colon < 0 ? rest : rest.slice(0, colon);
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(domain))
    return 'Then a reversed domain name such as com.example: letters, digits and hyphens between dots.';
  return 'After ":" the name may have a-z 0-9 - . and :, and may not be empty.';
}

const CHAP_USER = /^[A-Za-z0-9_.:@-]{8,64}$/;
const CHAP_PASSWORD = /^[A-Za-z0-9@_/-]{12,16}$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** "3" → 3; "" → null; anything else → NaN. */
function lunOf(s: string): number | null {
  const t = s.trim();
  if (t === '') return null;
  return /^\d{1,3}$/.test(t) ? parseInt(t, 10) : NaN;
}

/** LUN ids as the server will assign them: given ones kept, the others the lowest free, in order. */
export function effectiveLuns(disks: { lun: string }[]): (number | null)[] {
  const given = disks.map((d) => lunOf(d.lun));
  const used = new Set(given.filter((l): l is number => l !== null && !isNaN(l)));
  let next = 0;
  return given.map((l) => {
    if (l !== null) return isNaN(l) ? null : l;
    while (used.has(next)) next++;
    used.add(next);
    return next;
  });
}

/** "1, 2 3" → [1, 2, 3]; null when not a list of numbers. */
export function parseLuns(s: string): number[] | null {
  const parts = s.split(/[\s,]+/).filter(Boolean);
  if (!parts.every((p) => /^\d{1,3}$/.test(p))) return null;
  return parts.map((p) => parseInt(p, 10));
}

/** Whether the password may be left empty: the stored one is kept for the same user. */
export function keepsPassword(v: TargetValues, orig: Target | undefined, mutual: boolean): boolean {
  if (!orig) return false;
  const a = orig.auth;
  return mutual ? a.mutual_password_set && a.mutual_user === v['auth.mutual_user'] : a.password_set && a.user === v['auth.user'];
}

/** Every problem, keyed by the field the API would blame ("portals[0].ip", "auth.user"). */
export function checkTarget(v: TargetValues, orig?: Target): Record<string, string> {
  const e: Record<string, string> = {};
  if (!orig) {
    const p = iqnProblem(v.iqn);
    if (p) e.iqn = p;
  }
  if (v.portals.length === 0) e.portals = 'A target needs at least one portal.';
  if (v.portals.length > 32) e.portals = 'At most 32 portals.';
  v.portals.forEach((p, i) => {
    if (!p.host) e[`portals[${i}].host`] = 'Choose a gateway.';
    if (!p.ip) e[`portals[${i}].ip`] = 'Choose an address.';
    else if (!IPV4.test(p.ip) && !p.ip.includes(':')) e[`portals[${i}].ip`] = `${p.ip} is not an IP address.`;
    else if (v.portals.slice(0, i).some((q) => q.host === p.host && q.ip === p.ip)) e[`portals[${i}]`] = `Portal ${p.ip} on ${p.host} is given twice.`;
  });
  if (v.disks.length > 256) e.disks = 'At most 256 disks.';
  const seenLun = new Set<number>();
  v.disks.forEach((d, i) => {
    if (!d.pool) e[`disks[${i}].pool`] = 'Choose a pool.';
    if (!d.image) e[`disks[${i}].image`] = 'Choose an image.';
    else if (v.disks.slice(0, i).some((q) => q.pool === d.pool && q.image === d.image)) e[`disks[${i}].image`] = `${d.pool}/${d.image} is given twice.`;
    const l = lunOf(d.lun);
    if (l !== null && (isNaN(l) || l > 255)) e[`disks[${i}].lun`] = 'A LUN id is a whole number from 0 to 255.';
    else if (l !== null && seenLun.has(l)) e[`disks[${i}].lun`] = `LUN ${l} is used twice.`;
    if (l !== null && !isNaN(l)) seenLun.add(l);
  });
  if (v.chap) {
    if (!v['auth.user']) e['auth.user'] = 'A CHAP user name is required.';
    else if (!CHAP_USER.test(v['auth.user'])) e['auth.user'] = 'A CHAP user name is 8 to 64 of A-Z a-z 0-9 _ . : @ -';
    if (!v['auth.password']) {
      if (!keepsPassword(v, orig, false)) e['auth.password'] = orig?.auth.password_set ? 'A new user name needs a password.' : 'A CHAP password is required.';
    } else if (!CHAP_PASSWORD.test(v['auth.password'])) e['auth.password'] = 'A CHAP password is 12 to 16 of A-Z a-z 0-9 @ _ / -';
    if (v.mutual) {
      if (!v['auth.mutual_user']) e['auth.mutual_user'] = 'A mutual CHAP user name is required.';
      else if (!CHAP_USER.test(v['auth.mutual_user'])) e['auth.mutual_user'] = 'A CHAP user name is 8 to 64 of A-Z a-z 0-9 _ . : @ -';
      if (!v['auth.mutual_password']) {
        if (!keepsPassword(v, orig, true))
          e['auth.mutual_password'] = orig?.auth.mutual_password_set ? 'A new user name needs a password.' : 'A mutual CHAP password is required.';
      } else if (!CHAP_PASSWORD.test(v['auth.mutual_password'])) e['auth.mutual_password'] = 'A CHAP password is 12 to 16 of A-Z a-z 0-9 @ _ / -';
    }
  }
  if (v.acls.length > 256) e.acls = 'At most 256 ACLs.';
  const luns = new Set(effectiveLuns(v.disks).filter((l): l is number => l !== null));
  v.acls.forEach((a, i) => {
    if (!a.initiator) e[`acls[${i}].initiator`] = "Enter the initiator's IQN.";
    else if (!validIqn(a.initiator)) e[`acls[${i}].initiator`] = iqnProblem(a.initiator);
    else if (v.acls.slice(0, i).some((q) => q.initiator === a.initiator)) e[`acls[${i}].initiator`] = 'This initiator is given twice.';
    if (a.luns.trim()) {
      const l = parseLuns(a.luns);
      if (!l) e[`acls[${i}].luns`] = 'LUN ids separated by commas, or empty for all.';
      else {
        const missing = l.find((x) => !luns.has(x));
        if (missing !== undefined) e[`acls[${i}].luns`] = `The target has no LUN ${missing}.`;
      }
    }
  });
  return e;
}

/** The form's errors per value: row problems make their list's entry invalid too. */
function formErrors(checks: Record<string, string>): Errors<TargetValues> {
  const e: Record<string, string> = {};
  for (const [k, m] of Object.entries(checks)) {
    const top = /^(portals|disks|acls)\[/.test(k) ? k.slice(0, k.indexOf('[')) : k;
    if (!e[top]) e[top] = top === k ? m : 'Check the rows of this list.';
  }
  return e as Errors<TargetValues>;
}

export function initialTarget(t?: Target): TargetValues {
  const all = t ? t.disks.map((d) => d.lun).sort((a, b) => a - b) : [];
  return {
    iqn: t?.iqn || '',
    portals: t ? t.portals.map((p) => ({ ...p })) : [{ host: '', ip: '' }],
    disks: t ? t.disks.map((d) => ({ pool: d.pool, image: d.image, lun: String(d.lun) })) : [],
    chap: Boolean(t?.auth.user),
    'auth.user': t?.auth.user || '',
    'auth.password': '',
    mutual: Boolean(t?.auth.mutual_user),
    'auth.mutual_user': t?.auth.mutual_user || '',
    'auth.mutual_password': '',
    acls: t
      ? t.acls.map((a) => {
          const mine = [...a.luns].sort((x, y) => x - y);
          return { initiator: a.initiator, luns: JSON.stringify(mine) === JSON.stringify(all) ? '' : a.luns.join(', ') };
        })
      : [],
  };
}

/** The request body: POST carries the IQN, PUT the version it read. A password left empty is kept. */
export function targetBody(v: TargetValues, orig?: Target): Record<string, unknown> {
  const auth: Record<string, string> = {};
  if (v.chap) {
    auth.user = v['auth.user'];
    if (v['auth.password']) auth.password = v['auth.password'];
    if (v.mutual) {
      auth.mutual_user = v['auth.mutual_user'];
      if (v['auth.mutual_password']) auth.mutual_password = v['auth.mutual_password'];
    }
  }
  const body: Record<string, unknown> = orig ? { version: orig.version } : { iqn: v.iqn };
  body.portals = v.portals.map((p) => ({ host: p.host, ip: p.ip }));
  body.disks = v.disks.map((d) => {
    const l = lunOf(d.lun);
    return l === null ? { pool: d.pool, image: d.image } : { pool: d.pool, image: d.image, lun: l };
  });
  body.auth = auth;
  body.acls = v.acls.map((a) => (a.luns.trim() ? { initiator: a.initiator, luns: parseLuns(a.luns) || [] } : { initiator: a.initiator }));
  return body;
}

/** The nodes, pools and per-pool images the selects offer. */
function useChoices(fsid: string) {
  const [nodes, setNodes] = useState<Node[] | null>(null);
  const [nodesError, setNodesError] = useState('');
  const [pools, setPools] = useState<string[] | null>(null);
  const [images, setImages] = useState<Record<string, string[] | 'loading' | 'error'>>({});
  useEffect(() => {
    list<Node>(apiPath('nodes'), { limit: 1000 })
      .then((r) => setNodes(r.items))
      .catch((e) => (setNodes([]), setNodesError(sentence((e as Error).message || 'the gateways could not be listed'))));
    list<{ name: string; applications: string[] }>(apiPath('clusters', fsid, 'pools'), { limit: 1000 })
      .then((r) => setPools(r.items.filter((p) => p.applications.includes('rbd')).map((p) => p.name)))
      .catch(() => setPools([]));
  }, [fsid]);
  const imagesOf = (pool: string) => {
    if (!pool || images[pool]) return;
    setImages((m) => ({ ...m, [pool]: 'loading' }));
    list<{ name: string }>(apiPath('clusters', fsid, 'pools', pool, 'images'), { limit: 1000, sort: 'name' })
      .then((r) => setImages((m) => ({ ...m, [pool]: r.items.map((i) => i.name) })))
      .catch(() => setImages((m) => ({ ...m, [pool]: 'error' })));
  };
  return { nodes, nodesError, pools, images, imagesOf };
}

/** Options with the current value kept even when the list lacks it. */
function options(values: string[], current: string, missing: (v: string) => string) {
  const o = values.map((v) => ({ value: v, label: v }));
  if (current && !values.includes(current)) o.unshift({ value: current, label: missing(current) });
  return o;
}

export function TargetForm({ fsid, item: target, onDone, onCancel, onReload }: ConfigFormProps<Target>) {
  const form = useForm<TargetValues>(initialTarget(target), (v) => formErrors(checkTarget(v, target)));
  const checks = useMemo(() => checkTarget(form.values, target), [form.values]);
  const ch = useChoices(fsid);
  const v = form.values;
  const gateways = ch.nodes ? withRole(ch.nodes, 'iscsi') : [];
  const nodeOf = (id: string) => ch.nodes?.find((n) => n.id === id);

  // A new target starts with a portal on the first gateway.
  useEffect(() => {
    if (target || !gateways.length || v.portals.length !== 1 || v.portals[0].host) return;
    form.set('portals', [{ host: gateways[0].id, ip: gateways[0].addresses[0] || '' }]);
  }, [ch.nodes]);
  useEffect(() => v.disks.forEach((d) => ch.imagesOf(d.pool)), [v.disks.map((d) => d.pool).join('/')]);

  const se = form.serverError;
  const at = cellErrors(form, checks);
  const listError = (name: 'portals' | 'disks' | 'acls') => (se?.field === name ? sentence(se.message) : form.tried ? checks[name] || '' : '');
  const setList = <K extends 'portals' | 'disks' | 'acls'>(name: K, rows: TargetValues[K]) => {
    form.set(name, rows);
    if (se?.field?.startsWith(name)) form.setServerError(null);
  };
  const luns = effectiveLuns(v.disks);

  return (
    <ConfigForm
      form={form}
      path={['clusters', fsid, 'iscsi', 'targets']}
      id={target?.iqn}
      body={(x) => targetBody(x, target)}
      noun="target"
      onDone={onDone}
      onCancel={onCancel}
      onReload={onReload}
      claims={(f) => /^(portals|disks|acls)\[/.test(f)}
    >
      {target ? (
        <div class="field">
          <span class="label">IQN</span>
          <code>{target.iqn}</code>
          <div class="help">A target's IQN cannot be changed; create a new target for another name.</div>
        </div>
      ) : (
        <TextField
          form={form}
          name="iqn"
          label="IQN"
          autoFocus
          placeholder={IQN_EXAMPLE}
          help="iqn.YYYY-MM.reverse.domain:name in lower case — the year and month your organisation held the domain, the domain reversed, a name of your choice."
        />
      )}

      <Rows<PortalRow>
        name="portals"
        legend="Portals"
        help="Where initiators connect: an iSCSI gateway (a node with the role iscsi) and one of its addresses."
        rows={v.portals}
        onChange={(r) => setList('portals', r)}
        blank={() => {
          const free = gateways.find((g) => !v.portals.some((p) => p.host === g.id)) || gateways[0];
          return { host: free?.id || '', ip: free?.addresses[0] || '' };
        }}
        addLabel="Add portal"
        rowLabel={(i) => `Portal ${i + 1}`}
        max={32}
        error={listError('portals') || (ch.nodesError ? `The gateways could not be listed: ${ch.nodesError}` : ch.nodes && !gateways.length ? 'No accepted node has the role iscsi: there is no gateway to choose.' : '')}
        rowError={(i) => at(`portals[${i}]`, 'x')}
      >
        {(p, i, set) => {
          const node = nodeOf(p.host);
          return (
            <>
              <SelectCell
                label="Gateway"
                name={`portals[${i}].host`}
                error={at(`portals[${i}].host`, p.host)}
                value={p.host}
                placeholder={ch.nodes ? 'Choose a gateway' : 'Loading…'}
                options={options(
                  gateways.map((g) => g.id),
                  p.host,
                  (h) => `${h} (${nodeOf(h) ? 'not an iSCSI gateway' : 'unknown node'})`,
                )}
                onChange={(host) => set({ host, ip: nodeOf(host)?.addresses[0] || '' })}
              />
              <SelectCell
                label="IP address"
                name={`portals[${i}].ip`}
                error={at(`portals[${i}].ip`, p.ip)}
                value={p.ip}
                placeholder={p.host ? 'Choose an address' : 'Choose a gateway first'}
                options={options(node?.addresses || [], p.ip, (a) => `${a} (not an address of ${p.host || 'the gateway'})`)}
                onChange={(ip) => set({ ip })}
              />
            </>
          );
        }}
      </Rows>

      <Rows<DiskRow>
        name="disks"
        legend="Disks (LUNs)"
        help="RBD images the target exports. An image can be a LUN of one target only. Leave the LUN id empty to take the lowest free one."
        rows={v.disks}
        onChange={(r) => setList('disks', r)}
        blank={() => ({ pool: v.disks[v.disks.length - 1]?.pool || ch.pools?.[0] || '', image: '', lun: '' })}
        addLabel="Add disk"
        rowLabel={(i) => `Disk ${i + 1}`}
        max={256}
        empty="No disks yet: initiators will see the target without LUNs."
        error={listError('disks') || (ch.pools && !ch.pools.length ? 'No pool has the application rbd: create one (and an image in it) first.' : '')}
        rowError={(i) => at(`disks[${i}]`, 'x')}
      >
        {(d, i, set) => {
          const imgs = ch.images[d.pool];
          return (
            <>
              <SelectCell
                label="Pool"
                name={`disks[${i}].pool`}
                error={at(`disks[${i}].pool`, d.pool)}
                value={d.pool}
                placeholder={ch.pools ? 'Choose a pool' : 'Loading…'}
                options={options(ch.pools || [], d.pool, (x) => x)}
                onChange={(pool) => {
                  ch.imagesOf(pool);
                  set({ pool, image: '' });
                }}
              />
              <SelectCell
                label="Image"
                grow
                name={`disks[${i}].image`}
                error={at(`disks[${i}].image`, d.image) || (imgs === 'error' ? 'The images of this pool could not be listed.' : '')}
                value={d.image}
                placeholder={!d.pool ? 'Choose a pool first' : imgs === 'loading' || !imgs ? 'Loading…' : Array.isArray(imgs) && !imgs.length ? 'No images in this pool' : 'Choose an image'}
                options={options(Array.isArray(imgs) ? imgs : [], d.image, (x) => x)}
                onChange={(image) => set({ image })}
              />
              <TextCell
                label="LUN id"
                class="gw-lun"
                inputMode="numeric"
                name={`disks[${i}].lun`}
                error={at(`disks[${i}].lun`, d.lun)}
                value={d.lun}
                placeholder={luns[i] !== null ? `auto (${luns[i]})` : 'auto'}
                onInput={(lun) => set({ lun })}
              />
            </>
          );
        }}
      </Rows>

      <fieldset class="field gw-group">
        <legend class="label">Authentication</legend>
        <CheckField form={form} name="chap" label="Require CHAP: initiators log in with a user name and password" />
        {v.chap && (
          <>
            <div class="row2">
              <TextField form={form} name="auth.user" label="CHAP user" autocomplete="off" help="8 to 64 of A-Z a-z 0-9 _ . : @ -" />
              <PasswordField form={form} name="auth.password" label="CHAP password" keeps={keepsPassword(v, target, false)} stored={Boolean(target?.auth.password_set)} />
            </div>
            <CheckField form={form} name="mutual" label="Mutual CHAP: the target proves itself to the initiator too" />
            {v.mutual && (
              <div class="row2">
                <TextField form={form} name="auth.mutual_user" label="Mutual CHAP user" autocomplete="off" help="8 to 64 of A-Z a-z 0-9 _ . : @ -" />
                <PasswordField
                  form={form}
                  name="auth.mutual_password"
                  label="Mutual CHAP password"
                  keeps={keepsPassword(v, target, true)}
                  stored={Boolean(target?.auth.mutual_password_set)}
                />
              </div>
            )}
          </>
        )}
        {!v.chap && target?.auth.user && <div class="help">Saving without CHAP removes the stored user and password.</div>}
      </fieldset>

      <Rows<AclRow>
        name="acls"
        legend="Initiator ACLs"
        help="Without ACLs every initiator (with the CHAP credentials, if set) may log in. With ACLs only the initiators listed, and only to their LUNs."
        rows={v.acls}
        onChange={(r) => setList('acls', r)}
        blank={() => ({ initiator: '', luns: '' })}
        addLabel="Add initiator"
        rowLabel={(i) => `Initiator ${i + 1}`}
        max={256}
        empty="No ACLs: any initiator may log in."
        error={listError('acls')}
        rowError={(i) => at(`acls[${i}]`, 'x')}
      >
        {(a, i, set) => (
          <>
            <TextCell
              label="Initiator IQN"
              grow
              name={`acls[${i}].initiator`}
              error={at(`acls[${i}].initiator`, a.initiator)}
              value={a.initiator}
              placeholder="iqn.1994-05.com.redhat:client1"
              onInput={(initiator) => set({ initiator })}
            />
            <TextCell
              label="LUNs"
              class="gw-luns"
              name={`acls[${i}].luns`}
              error={at(`acls[${i}].luns`, a.luns)}
              value={a.luns}
              placeholder="all"
              onInput={(luns) => set({ luns })}
            />
          </>
        )}
      </Rows>
    </ConfigForm>
  );
}

/** A CHAP password: never shown by the API; on edit, empty keeps the stored one. */
function PasswordField(p: { form: FormState<TargetValues>; name: 'auth.password' | 'auth.mutual_password'; label: string; keeps: boolean; stored: boolean }) {
  const help = p.keeps
    ? 'A password is set. Leave this empty to keep it, or type a new one (12 to 16 of A-Z a-z 0-9 @ _ / -).'
    : p.stored
      ? 'The user name changed: the stored password is not kept. 12 to 16 of A-Z a-z 0-9 @ _ / -'
      : '12 to 16 of A-Z a-z 0-9 @ _ / -';
  return <TextField form={p.form} name={p.name} label={p.label} type="password" autocomplete="new-password" placeholder={p.keeps ? 'unchanged' : ''} help={help} />;
}
