// api/types.ts - the shapes the API answers with (see ../shared/API.md).

export interface ListPage<T> {
  items: T[];
  total: number;
  offset: number;
  limit: number;
}

export type Role = 'admin' | 'operator' | 'viewer';

export interface User {
  username: string;
  role: Role;
  email: string | null;
  disabled: boolean;
  created_at: string | null;
  last_login_at: string | null;
  csrf_token?: string;
}

export type TaskState = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface Task {
  id: number;
  kind: string;
  state: TaskState;
  progress: number;
  message: string;
  target: Record<string, unknown> | null;
  result: Record<string, unknown> | null;
  error: { code: string; message: string } | null;
  created_by: string;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

export type Health = 'HEALTH_OK' | 'HEALTH_WARN' | 'HEALTH_ERR' | string;

export interface ClusterSummary {
  fsid: string;
  name: string;
  health: Health;
  mons: number;
  osds: { total: number; up: number; in: number };
  pools: number;
  capacity: { total: number; used: number; avail: number };
}

export type KeyState = 'accepted' | 'pending' | 'rejected' | 'denied' | 'unknown';

/**
 * A Salt minion as GET /api/nodes answers it (fcgi/nodes.c). A node that did not
 * answer has no grains: fqdn and os null, addresses and roles empty.
 */
export interface Node {
  id: string;
  key_state: KeyState;
  reachable: boolean;
  hostname: string;
  fqdn: string | null;
  addresses: string[];
  os: string | null;
  roles: string[];
}

/** GET/PUT /api/clusters/{fsid}/flags: the cluster-wide OSD flags set now. */
export interface FlagsState {
  flags: string[];
}

/** GET .../iscsi/status and .../nfs/status: per gateway, its newest deploy. */
export interface DeployState {
  id: string;
  state: 'deploying' | 'deployed' | 'failed' | 'no_answer' | 'unknown' | string;
  config_version: number;
  in_sync: boolean;
  task_id: number;
  at: string | null;
  message: string | null;
  /** what the host's daemon reported serving after that deploy (null: it did not say) */
  served?: { loaded: string[]; failed: { name: string; message: string }[] } | null;
}
