// pages/pools/types.ts - a pool as GET /api/clusters/{fsid}/pools answers it.

export interface Pool {
  name: string;
  id: number;
  type: 'replicated' | 'erasure';
  size: number;
  min_size: number;
  pg_num: number;
  pgp_num: number;
  pg_autoscale_mode: string;
  crush_rule: string;
  erasure_code_profile: string | null;
  applications: string[];
  compression: { mode: string; algorithm?: string; required_ratio?: number; min_blob_size?: number; max_blob_size?: number };
  /** the autoscaler's hints */
  autoscale?: { target_size_ratio: number; target_size_bytes: number; pg_num_min: number; bulk: boolean };
  /** erasure-coded pools: partial writes allowed (RBD, CephFS need it) */
  allow_ec_overwrites?: boolean;
  quota: { max_bytes: number; max_objects: number };
  stats: {
    stored: number;
    objects: number;
    used: number;
    max_avail: number;
    percent_used: number;
    rd_bytes: number;
    wr_bytes: number;
    rd_ops: number;
    wr_ops: number;
  };
}
