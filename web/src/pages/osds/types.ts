// pages/osds/types.ts - an OSD as GET /api/clusters/{fsid}/osds answers it
// (fcgi/osds.c), and the extra parts of GET .../osds/{id}.

export interface OsdStats {
  total: number;
  used: number;
  avail: number;
  /** a percentage (0..100), as Ceph's `osd df` gives it */
  percent_used: number;
}

export interface Osd {
  id: number;
  name: string;
  host: string | null;
  up: boolean;
  in: boolean;
  /** the CRUSH weight (usually the capacity in TiB) */
  weight: number;
  /** the override weight, 0..1 */
  reweight: number;
  device_class: string | null;
  /** null without a manager */
  pgs: number | null;
  stats: OsdStats | null;
  objectstore: string | null;
}

export interface OsdDetail extends Osd {
  metadata: Record<string, string | null>;
  perf: { commit_latency_ms: number; apply_latency_ms: number } | null;
}
