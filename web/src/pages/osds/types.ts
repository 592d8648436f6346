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
  /** 0..1: how often it is a PG's primary */
  primary_affinity: number;
  /** its own noout, noin, noup, nodown */
  flags: string[];
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

/** GET .../osds/{id}/safety: Ceph's checks before stopping or destroying it. */
export interface OsdSafety {
  osd: number;
  ok_to_stop: boolean;
  ok_to_stop_message: string;
  safe_to_destroy: boolean;
  safe_to_destroy_message: string;
}
