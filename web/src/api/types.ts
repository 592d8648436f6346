// api/types.ts - the shapes the API answers with (see ../shared/API.md). Those the
// OpenAPI document has as component schemas come from it (./openapi.ts); the others
// are written here until it does.
import type { Schema } from './openapi';

export interface ListPage<T> {
  items: T[];
  total: number;
  offset: number;
  limit: number;
}

export type Role = Schema<'Role'>;

export type User = Schema<'User'>;

export type TaskState = Schema<'Task'>['state'];

/** A task; its result is an object or null for every kind (the document says only "any value"). */
export type Task = Omit<Schema<'Task'>, 'result'> & { result: Record<string, unknown> | null };

export type Health = 'HEALTH_OK' | 'HEALTH_WARN' | 'HEALTH_ERR' | string;

export type ClusterSummary = Schema<'ClusterSummary'>;

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
