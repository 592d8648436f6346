// api/types.ts - the shapes the API answers with (see ../shared/API.md) that more than
// one page reads, named: each is the OpenAPI document's component schema (./openapi.ts)
// but ListPage, which the document writes out in each list's answer.
import type { Schema } from './openapi';

export interface ListPage<T> {
  items: T[];
  total: number;
  offset: number;
  limit: number;
  /** false: total is the database's estimate (more than 1,000 matches). */
  total_exact?: boolean;
}

export type Role = Schema<'Role'>;

export type User = Schema<'User'>;

export type TaskState = Schema<'Task'>['state'];

/** A task; its result is an object (what depends on the kind) or null. */
export type Task = Schema<'Task'>;

export type ClusterSummary = Schema<'ClusterSummary'>;

/**
 * A Salt minion as GET /api/nodes answers it. A node that did not answer has no
 * grains: fqdn and os null, addresses and roles empty.
 */
export type Node = Schema<'Node'>;

/** GET/PUT /api/clusters/{fsid}/flags: the cluster-wide OSD flags set now. */
export type FlagsState = Schema<'Flags'>;

/**
 * GET .../iscsi/status and .../nfs/status: per gateway its newest deploy and what its
 * daemon reported serving then (served null: it did not say); a gateway the
 * configuration names that was never deployed to is not_deployed, its
 * config_version, task_id and at null.
 */
export type DeployState = Schema<'DeployHost'>;
