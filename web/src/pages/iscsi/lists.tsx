// pages/iscsi/lists.tsx - the iSCSI target form's lists: portals (a gateway and one
// of its addresses), disks (a pool, an RBD image, a LUN id) and initiator ACLs.
import { useEffect } from 'preact/hooks';
import { sentence } from '../../api/client';
import type { FormState } from '../../components/Form';
import { cellErrors, Rows, SelectCell, TextCell } from '../../components/Rows';
import type { Choices } from './choices';
import { effectiveLuns, type AclRow, type DiskRow, type PortalRow, type TargetValues } from './values';

/** Options with the current value kept even when the list lacks it. */
function options(values: string[], current: string, missing: (v: string) => string) {
  const o = values.map((v) => ({ value: v, label: v }));
  if (current && !values.includes(current)) o.unshift({ value: current, label: missing(current) });
  return o;
}

type ListName = 'portals' | 'disks' | 'acls';

/** One list of the form: its rows, their change (which clears a server error about them), its messages. */
function listOf<K extends ListName>(form: FormState<TargetValues>, checks: Record<string, string>, name: K) {
  const se = form.serverError;
  return {
    rows: form.values[name],
    onChange: (rows: TargetValues[K]) => {
      form.set(name, rows);
      if (se?.field?.startsWith(name)) form.setServerError(null);
    },
    /** about the list as a whole */
    error: se?.field === name ? sentence(se.message) : form.tried ? checks[name] || '' : '',
    at: cellErrors(form, checks),
  };
}

export interface ListProps {
  form: FormState<TargetValues>;
  /** checkTarget's messages */
  checks: Record<string, string>;
  ch: Choices;
}

export function PortalRows({ form, checks, ch }: ListProps) {
  const l = listOf(form, checks, 'portals');
  return (
    <Rows<PortalRow>
      name="portals"
      legend="Portals"
      help="Where initiators connect: an iSCSI gateway (a node with the role iscsi) and one of its addresses."
      rows={l.rows}
      onChange={l.onChange}
      blank={() => {
        const free = ch.gateways.find((g) => !l.rows.some((p) => p.host === g.id)) || ch.gateways[0];
        return { host: free?.id || '', ip: free?.addresses[0] || '' };
      }}
      addLabel="Add portal"
      rowLabel={(i) => `Portal ${i + 1}`}
      max={32}
      error={l.error || (ch.nodesError ? `The gateways could not be listed: ${ch.nodesError}` : ch.nodes && !ch.gateways.length ? 'No accepted node has the role iscsi: there is no gateway to choose.' : '')}
      rowError={(i) => l.at(`portals[${i}]`, 'x')}
    >
      {(p, i, set) => {
        const node = ch.nodeOf(p.host);
        return (
          <>
            <SelectCell
              label="Gateway"
              name={`portals[${i}].host`}
              error={l.at(`portals[${i}].host`, p.host)}
              value={p.host}
              placeholder={ch.nodes ? 'Choose a gateway' : 'Loading…'}
              options={options(
                ch.gateways.map((g) => g.id),
                p.host,
                (h) => `${h} (${ch.nodeOf(h) ? 'not an iSCSI gateway' : 'unknown node'})`,
              )}
              onChange={(host) => set({ host, ip: ch.nodeOf(host)?.addresses[0] || '' })}
            />
            <SelectCell
              label="IP address"
              name={`portals[${i}].ip`}
              error={l.at(`portals[${i}].ip`, p.ip)}
              value={p.ip}
              placeholder={p.host ? 'Choose an address' : 'Choose a gateway first'}
              options={options(node?.addresses || [], p.ip, (a) => `${a} (not an address of ${p.host || 'the gateway'})`)}
              onChange={(ip) => set({ ip })}
            />
          </>
        );
      }}
    </Rows>
  );
}

export function DiskRows({ form, checks, ch }: ListProps) {
  const l = listOf(form, checks, 'disks');
  const luns = effectiveLuns(l.rows);
  useEffect(() => l.rows.forEach((d) => ch.imagesOf(d.pool)), [l.rows.map((d) => d.pool).join('/')]);
  return (
    <Rows<DiskRow>
      name="disks"
      legend="Disks (LUNs)"
      help="RBD images the target exports. An image can be a LUN of one target only. Leave the LUN id empty to take the lowest free one. Gateways running tgt keep LUN 0 for their controller: give disks they serve LUN ids 1-255."
      rows={l.rows}
      onChange={l.onChange}
      blank={() => ({ pool: l.rows[l.rows.length - 1]?.pool || ch.pools?.[0] || '', image: '', lun: '' })}
      addLabel="Add disk"
      rowLabel={(i) => `Disk ${i + 1}`}
      max={256}
      empty="No disks yet: initiators will see the target without LUNs."
      error={l.error || (ch.pools && !ch.pools.length ? 'No pool has the application rbd: create one (and an image in it) first.' : '')}
      rowError={(i) => l.at(`disks[${i}]`, 'x')}
    >
      {(d, i, set) => {
        const imgs = ch.images[d.pool];
        return (
          <>
            <SelectCell
              label="Pool"
              name={`disks[${i}].pool`}
              error={l.at(`disks[${i}].pool`, d.pool)}
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
              error={l.at(`disks[${i}].image`, d.image) || (imgs === 'error' ? 'The images of this pool could not be listed.' : '')}
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
              error={l.at(`disks[${i}].lun`, d.lun)}
              value={d.lun}
              placeholder={luns[i] !== null ? `auto (${luns[i]})` : 'auto'}
              onInput={(lun) => set({ lun })}
            />
          </>
        );
      }}
    </Rows>
  );
}

export function AclRows({ form, checks }: Omit<ListProps, 'ch'>) {
  const l = listOf(form, checks, 'acls');
  return (
    <Rows<AclRow>
      name="acls"
      legend="Initiator ACLs"
      help="Without ACLs every initiator (with the CHAP credentials, if set) may log in. With ACLs only the initiators listed, and only to their LUNs (tgt gateways admit an initiator to the whole target: list every LUN there)."
      rows={l.rows}
      onChange={l.onChange}
      blank={() => ({ initiator: '', luns: '' })}
      addLabel="Add initiator"
      rowLabel={(i) => `Initiator ${i + 1}`}
      max={256}
      empty="No ACLs: any initiator may log in."
      error={l.error}
      rowError={(i) => l.at(`acls[${i}]`, 'x')}
    >
      {(a, i, set) => (
        <>
          <TextCell
            label="Initiator IQN"
            grow
            name={`acls[${i}].initiator`}
            error={l.at(`acls[${i}].initiator`, a.initiator)}
            value={a.initiator}
            placeholder="iqn.1994-05.com.redhat:client1"
            onInput={(initiator) => set({ initiator })}
          />
          <TextCell
            label="LUNs"
            class="gw-luns"
            name={`acls[${i}].luns`}
            error={l.at(`acls[${i}].luns`, a.luns)}
            value={a.luns}
            placeholder="all"
            onInput={(luns) => set({ luns })}
          />
        </>
      )}
    </Rows>
  );
}
