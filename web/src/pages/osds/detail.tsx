// pages/osds/detail.tsx - an OSD's detail dialog (its own URL, ?osd=<id>): state,
// usage, the daemon's metadata (version, devices, addresses, system), and for
// operators the safety checks, settings and the rest of its life (lifecycle.tsx).
import { apiPath } from '../../api/client';
import { useGet } from '../../api/useGet';
import { Modal } from '../../components/Dialog';
import { ErrorBox, Loading } from '../../components/States';
import { Size } from '../../components/Values';
import { InBadge, UpBadge, Usage } from './columns';
import { Lifecycle } from './lifecycle';
import type { OsdDetail } from './types';
import { reweightText, weight } from './util';

type Metadata = OsdDetail['metadata'];

function yesNo(v: string | null): string {
  return v === '1' ? 'yes (HDD)' : v === '0' ? 'no (SSD/NVMe)' : '—';
}

export function OsdPanel({ fsid, id, canMutate, onClose, onChanged }: { fsid: string; id: string; canMutate: boolean; onClose: () => void; onChanged: () => void }) {
  const { data: osd, error, reload } = useGet<OsdDetail>(apiPath('clusters', fsid, 'osds', id), { fresh: true });
  const val = (m: Metadata, k: keyof Metadata) => m[k] || <span class="muted">—</span>;
  return (
    <Modal title={osd ? osd.name : `OSD ${id}`} onClose={onClose} wide>
      {error !== null ? (
        <ErrorBox error={error} retry={() => reload()} />
      ) : !osd ? (
        <Loading />
      ) : (
        <div class="grid osd-detail">
          <section class="card">
            <h2>State</h2>
            <dl class="props">
              <dt>Status</dt>
              <dd>
                <UpBadge osd={osd} /> <InBadge osd={osd} />
              </dd>
              <dt>Host</dt>
              <dd>{osd.host || '—'}</dd>
              <dt>Device class</dt>
              <dd>{osd.device_class || '—'}</dd>
              <dt>CRUSH weight</dt>
              <dd>{weight(osd.weight)}</dd>
              <dt>Reweight</dt>
              <dd>{reweightText(osd.reweight)}</dd>
              <dt>Placement groups</dt>
              <dd>{osd.pgs ?? '—'}</dd>
              <dt>Primary affinity</dt>
              <dd>{osd.primary_affinity}</dd>
              <dt>Flags</dt>
              <dd>{osd.flags.length ? osd.flags.join(', ') : <span class="muted">none</span>}</dd>
              <dt>Latency</dt>
              <dd>{osd.perf ? `commit ${osd.perf.commit_latency_ms} ms, apply ${osd.perf.apply_latency_ms} ms` : <span class="muted">no data</span>}</dd>
            </dl>
          </section>
          <section class="card">
            <h2>Usage</h2>
            <Usage osd={osd} />
            <dl class="props">
              <dt>Used</dt>
              <dd>
                <Size bytes={osd.stats?.used} />
              </dd>
              <dt>Available</dt>
              <dd>
                <Size bytes={osd.stats?.avail} />
              </dd>
              <dt>Size</dt>
              <dd>
                <Size bytes={osd.stats?.total} />
              </dd>
            </dl>
          </section>
          {canMutate && (
            <Lifecycle
              fsid={fsid}
              osd={osd}
              onChanged={() => {
                reload();
                onChanged();
              }}
              onRemoved={() => {
                onChanged();
                onClose();
              }}
            />
          )}
          <section class="card wide-card">
            <h2>Daemon</h2>
            <dl class="props">
              <dt>Ceph version</dt>
              <dd>{val(osd.metadata, 'ceph_version_short')}</dd>
              <dt>Object store</dt>
              <dd>{osd.objectstore || val(osd.metadata, 'osd_objectstore')}</dd>
              <dt>Devices</dt>
              <dd>{val(osd.metadata, 'devices')}</dd>
              <dt>Rotational</dt>
              <dd>{yesNo(osd.metadata.rotational)}</dd>
              <dt>Data directory</dt>
              <dd>
                <code>{val(osd.metadata, 'osd_data')}</code>
              </dd>
              <dt>Public address</dt>
              <dd>{val(osd.metadata, 'front_addr')}</dd>
              <dt>Cluster address</dt>
              <dd>{val(osd.metadata, 'back_addr')}</dd>
              <dt>System</dt>
              <dd>
                {val(osd.metadata, 'distro_description')}, kernel {val(osd.metadata, 'kernel_version')} ({val(osd.metadata, 'arch')})
              </dd>
            </dl>
          </section>
        </div>
      )}
    </Modal>
  );
}
