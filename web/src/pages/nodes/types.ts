// pages/nodes/types.ts - a node's detail as GET /api/nodes/{id} answers it (the Salt
// minions; the Node of a list is in api/types.ts): the document's component schema
// (api/openapi.ts). A node that did not answer has no grains: the detail keys are null.
import type { Schema } from '../../api/openapi';

export type NodeDetail = Schema<'NodeDetail'>;

/** A disk as the page shows it. */
export interface Disk {
  name: string;
  size?: number;
  rotational?: boolean;
}

/**
 * One entry of the disks grain: Salt's own grain names the devices ("sda"); a custom
 * grain may describe each ({name, size, rotational}). null for anything else.
 */
export function diskOf(d: unknown): Disk | null {
  if (typeof d === 'string') return { name: d };
  if (!d || typeof d !== 'object' || !('name' in d) || typeof d.name !== 'string') return null;
  const size = 'size' in d && typeof d.size === 'number' ? d.size : undefined;
  const rotational = 'rotational' in d && typeof d.rotational === 'boolean' ? d.rotational : undefined;
  return { name: d.name, size, rotational };
}

/** The tone and word of a key state. */
export function keyTone(k: string): ['ok' | 'warn' | 'err' | 'muted', string] {
  switch (k) {
    case 'accepted':
      return ['ok', 'Accepted'];
    case 'pending':
      return ['warn', 'Pending'];
    case 'rejected':
      return ['err', 'Rejected'];
    case 'denied':
      return ['err', 'Denied'];
    default:
      return ['muted', k ? k[0].toUpperCase() + k.slice(1) : 'Unknown'];
  }
}
