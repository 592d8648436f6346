// pages/nodes/types.ts - a node as GET /api/nodes and /api/nodes/{id} answer it (the
// Salt minions: fcgi/nodes.c). A node that did not answer has no grains: fqdn and os
// null, addresses and roles empty, the detail keys null.

export type KeyState = 'accepted' | 'pending' | 'rejected' | 'denied' | 'unknown';

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

/** Accepted minions with a role (the gateways an iSCSI portal or NFS deploy may use). */
export function withRole(nodes: Node[], role: string): Node[] {
  return nodes.filter((n) => n.key_state === 'accepted' && n.roles.includes(role));
}
