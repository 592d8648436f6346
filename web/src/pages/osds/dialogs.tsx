// pages/osds/dialogs.tsx - what the OSDs page asks before acting: the consequence of
// marking OSDs out (the data moves), and the reweight form.
import { apiPath } from '../../api/client';
import { FormView, NumberField, useForm } from '../../components/Form';
import type { Osd } from './types';
import { names, reweightError, reweightText, weight } from './util';

export function OutConsequence({ osds, noout }: { osds: Osd[]; noout: boolean }) {
  const pgs = osds.reduce((n, o) => n + (o.pgs || 0), 0);
  const one = osds.length === 1;
  return (
    <>
      Ceph will move the data on <strong>{names(osds)}</strong>
      {pgs > 0 && ` (${pgs.toLocaleString('en-US')} placement group${pgs === 1 ? '' : 's'})`} to the other OSDs. {one ? 'It keeps' : 'They keep'} running,
      but the recovery traffic slows client I/O until the data has moved. Mark {one ? 'it' : 'them'} in again to move data back.
      {noout && ' The noout flag does not stop this: it only stops OSDs that go down from being marked out automatically.'}
    </>
  );
}

interface ReweightValues extends Record<string, unknown> {
  reweight: string;
}

export function ReweightForm(p: { fsid: string; osd: Osd; onDone: (w: number) => void; onCancel: () => void }) {
  const form = useForm<ReweightValues>({ reweight: reweightText(p.osd.reweight) }, (v) => ({ reweight: reweightError(v.reweight) }));
  return (
    <FormView
      form={form}
      call={(v) => ({ method: 'PATCH', path: apiPath('clusters', p.fsid, 'osds', p.osd.id), body: { reweight: Number(v.reweight.trim()) } })}
      label="Reweight"
      onDone={() => p.onDone(Number(form.values.reweight.trim()))}
      onCancel={p.onCancel}
    >
      <NumberField
        form={form}
        name="reweight"
        label="Reweight (0 to 1)"
        min={0}
        max={1}
        step="any"
        help={
          <>
            Now {reweightText(p.osd.reweight)}. 1 places data as the CRUSH weight ({weight(p.osd.weight)}) says; lower values move part of the data off this OSD (for
            an overfull disk); 0 moves all of it away, like out. Any change moves data.
          </>
        }
      />
    </FormView>
  );
}

