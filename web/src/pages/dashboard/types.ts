// pages/dashboard/types.ts - GET /api/clusters/{fsid}/status as fcgi/clusters.c
// answers it.

export interface HealthCheck {
  /** the check's code: OSDMAP_FLAGS, PG_DEGRADED... */
  name: string;
  severity: 'HEALTH_WARN' | 'HEALTH_ERR' | string;
  summary: string;
  count: number;
  muted: boolean;
  /** the detail messages (one per affected object), possibly none */
  detail: string[];
}

/** A muted health check: it does not count towards the status until it expires. */
export interface HealthMute {
  code: string;
  /** when the mute ends; null: until unmuted */
  expires: string | null;
  /** stays muted when the check clears and comes back */
  sticky: boolean;
  summary: string;
  count: number;
}

export interface ClusterStatus {
  fsid: string;
  name: string;
  health: { status: string; checks: HealthCheck[]; mutes: HealthMute[] };
  monitors: { total: number; in_quorum: string[]; out_of_quorum: string[]; leader: string };
  osds: { total: number; up: number; in: number };
  pgs: { total: number; by_state: { state: string; count: number }[] };
  pools: number;
  capacity: { total: number; used: number; avail: number };
  io: {
    read_bytes_sec: number;
    write_bytes_sec: number;
    read_ops_sec: number;
    write_ops_sec: number;
    recovery_bytes_sec: number;
    recovery_objects_sec: number;
  };
}
