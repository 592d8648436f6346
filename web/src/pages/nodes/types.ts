// pages/nodes/types.ts - a node's detail as GET /api/nodes/{id} answers it (the Salt
// minions: fcgi/nodes.c; the Node of a list is in api/types.ts). A node that did not
// answer has no grains: the detail keys are null.
import type { Node } from '../../api/types';

export interface NodeDisk {
  name: string;
  size: number;
  rotational?: boolean;
}

export interface NodeDetail extends Node {
  osrelease: string | null;
  kernelrelease: string | null;
  cpu_model: string | null;
  num_cpus: number | null;
  /** MiB, as Salt's grain has it */
  mem_total: number | null;
  disks: NodeDisk[] | null;
  ceph_daemons: { daemon: string; fsid: string }[];
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
