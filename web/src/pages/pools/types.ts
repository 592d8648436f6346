// pages/pools/types.ts - a pool as GET /api/clusters/{fsid}/pools answers it: the
// document's component schemas (api/openapi.ts), named for this page.
import type { Schema } from '../../api/openapi';

export type Pool = Schema<'Pool'>;
export type PoolSnapshot = Schema<'PoolSnapshot'>;

/**
 * The name of a pool's CRUSH rule. The server answers the rule's name, or its id (a
 * number) while the rule map it read does not name it; '' for anything else.
 */
export function ruleName(rule: Pool['crush_rule']): string {
  if (typeof rule === 'string') return rule;
  if (typeof rule === 'number') return `rule ${rule}`;
  return '';
}
