// pages/cephx/types.ts - GET /api/clusters/{fsid}/cephx/users.

export type Caps = Partial<Record<'mon' | 'mgr' | 'osd' | 'mds', string>>;

export interface CephxUser {
  entity: string;
  /** client, osd, mgr, mds, mon */
  type: string;
  caps: Caps;
  /** client.admin, openATTIC's own key, a daemon's key: shown, not changed here */
  protected: boolean;
  /** only in the answer that creates it */
  key?: string;
}

export const SERVICES = ['mon', 'mgr', 'osd', 'mds'] as const;

export const PRESETS: { value: string; label: string; needs: 'pool' | 'fs' | null; help: string }[] = [
  { value: 'rbd', label: 'RBD client of a pool', needs: 'pool', help: 'Reads and writes the images of one pool (profile rbd).' },
  { value: 'rbd-read-only', label: 'RBD client of a pool, read-only', needs: 'pool', help: 'Reads the images of one pool.' },
  { value: 'cephfs', label: 'CephFS client of a directory', needs: 'fs', help: 'Mounts one file system below a directory.' },
  { value: 'rgw', label: 'Object Gateway daemon', needs: null, help: 'What a radosgw needs: its pools are made on first use.' },
  { value: 'iscsi', label: 'iSCSI gateway', needs: 'pool', help: 'Serves the images of one pool as LUNs.' },
  { value: 'nfs', label: 'NFS-Ganesha host', needs: null, help: 'Reads the exports openATTIC keeps and keeps its recovery state beside them.' },
];
