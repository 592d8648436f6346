// pages/cephfs/types.ts - CephFS as /api/clusters/{fsid}/cephfs answers it (the
// contract of issue 13): file systems with their MDS daemons and pools, clients (rank
// 0's sessions), directories with quotas and snapshots, subvolume groups, subvolumes
// and their snapshots.

export type FsState = 'active' | 'degraded' | 'no_mds' | 'creating' | string;

export interface MdsDaemon {
  name: string;
  /** ranks only: the rank it holds */
  rank?: number;
  /** "up:active", "up:standby", "up:standby-replay", "up:replay", ... */
  state: string;
  addr?: string;
}

export interface FsPool {
  name: string | null;
  type: 'metadata' | 'data';
  used: number;
  avail: number;
}

export interface FileSystem {
  name: string;
  id: number;
  metadata_pool: string | null;
  data_pools: (string | null)[];
  state: FsState;
  mds: { active: MdsDaemon[]; standby: MdsDaemon[] };
  max_mds: number;
  /** sessions the manager reports (openATTIC's own and the managers' included); null when unknown */
  clients: number | null;
  pools: FsPool[];
}

export interface Client {
  id: number;
  host: string | null;
  mount_root: string | null;
  version: string | null;
  entity: string | null;
  caps: number;
  state: string | null;
  address: string | null;
  /** openATTIC's own session, or a manager's (its volumes module) */
  internal?: boolean;
}

export interface DirQuota {
  max_bytes: number;
  max_files: number;
}

export interface DirEntry {
  name: string;
  path: string;
  type: 'dir' | 'file' | 'symlink' | 'other';
  /** a directory: ceph.dir.rbytes; a file: its size */
  size: number;
  /** directories: ceph.dir.rfiles and ceph.dir.rsubdirs (null: it could not be read) */
  files?: number | null;
  subdirs?: number | null;
  mode: string;
  uid: number;
  gid: number;
  mtime: string | null;
  /** directories only; 0 = no limit */
  quota?: DirQuota | null;
  /** directories only: its own snapshots */
  snapshots?: number | null;
}

/** GET .../dirs?path=: the entries, and the directory itself. */
export interface DirPage {
  items: DirEntry[];
  total: number;
  offset: number;
  limit: number;
  dir?: DirEntry;
}

export interface DirSnapshot {
  name: string;
  path: string;
  created_at: string | null;
}

export interface SubvolumeGroup {
  name: string;
  mode: string | null;
  pool_layout: string | null;
  uid: number | null;
  gid: number | null;
  bytes_used: number | null;
  created_at: string | null;
  /** the module could not describe it */
  error?: string;
}

export interface Subvolume {
  name: string;
  group: string | null;
  path: string | null;
  /** quota in bytes; null = unlimited */
  size: number | null;
  bytes_used: number | null;
  mode: string | null;
  pool_layout: string | null;
  pool_namespace?: string | null;
  state: string | null;
  uid: number | null;
  gid: number | null;
  created_at: string | null;
  error?: string;
}

export interface SubvolumeSnapshot {
  name: string;
  created_at: string | null;
  has_pending_clones: boolean;
}
