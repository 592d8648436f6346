// pages/cephx/types.ts - GET /api/clusters/{fsid}/cephx/users: the document's component
// schemas (api/openapi.ts). protected: client.admin, openATTIC's own key, a daemon's
// key (shown, not changed here); the key is only in the answer that creates a client.
import type { Schema } from '../../api/openapi';

export type CephxUser = Schema<'CephxUser'>;
/** The answer that creates a client: the user and its key. */
export type NewCephxUser = Schema<'NewCephxUser'>;
/** Caps by service (mon, mgr, osd, mds). */
export type Caps = CephxUser['caps'];

export const SERVICES = ['mon', 'mgr', 'osd', 'mds'] as const;

export const PRESETS: { value: string; label: string; needs: 'pool' | 'fs' | null; help: string }[] = [
  { value: 'rbd', label: 'RBD client of a pool', needs: 'pool', help: 'Reads and writes the images of one pool (profile rbd).' },
  { value: 'rbd-read-only', label: 'RBD client of a pool, read-only', needs: 'pool', help: 'Reads the images of one pool.' },
  { value: 'cephfs', label: 'CephFS client of a directory', needs: 'fs', help: 'Mounts one file system below a directory.' },
  { value: 'rgw', label: 'Object Gateway daemon', needs: null, help: 'What a radosgw needs: its pools are made on first use.' },
  { value: 'iscsi', label: 'iSCSI gateway', needs: 'pool', help: 'Serves the images of one pool as LUNs.' },
  { value: 'nfs', label: 'NFS-Ganesha host', needs: null, help: 'Reads the exports openATTIC keeps and keeps its recovery state beside them.' },
];
