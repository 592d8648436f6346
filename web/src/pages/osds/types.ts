// pages/osds/types.ts - an OSD as GET /api/clusters/{fsid}/osds answers it, the extra
// parts of GET .../osds/{id} and its safety checks: the document's component schemas
// (api/openapi.ts). stats.percent_used is a percentage (0..100), as `osd df` gives it.
import type { Body, Schema } from '../../api/openapi';

export type Osd = Schema<'Osd'>;
export type OsdDetail = Schema<'OsdDetail'>;
/** GET .../osds/{id}/safety: Ceph's checks before stopping or destroying it. */
export type OsdSafety = Schema<'OsdSafety'>;
/** PATCH .../osds/{id}: what changes (in, reweight, CRUSH weight, affinity, class, flags). */
export type OsdChanges = Body<'/api/clusters/{fsid}/osds/{id}', 'PATCH'>;
