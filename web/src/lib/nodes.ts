// lib/nodes.ts - which Salt minions may serve a gateway role (the iSCSI portals and
// deploys, the NFS-Ganesha hosts).
import type { Node } from '../api/types';

/** Accepted minions with a role (the gateways an iSCSI portal or NFS deploy may use). */
export function withRole(nodes: Node[], role: string): Node[] {
  return nodes.filter((n) => n.key_state === 'accepted' && n.roles.includes(role));
}
