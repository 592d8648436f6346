// pages/dashboard/types.ts - GET /api/clusters/{fsid}/status: the document's component
// schemas (api/openapi.ts). A health check is named by its code (OSDMAP_FLAGS,
// PG_DEGRADED...) with its detail messages, possibly none; a muted one does not count
// towards the status until its mute expires (expires null: until unmuted; sticky: it
// stays muted when the check clears and comes back).
import type { Schema } from '../../api/openapi';

export type ClusterStatus = Schema<'ClusterStatus'>;
export type HealthCheck = Schema<'HealthCheck'>;
export type HealthMute = Schema<'HealthMute'>;
