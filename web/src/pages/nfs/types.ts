// pages/nfs/types.ts - an NFS export as /api/clusters/{fsid}/nfs/exports answers it
// (fcgi/nfs.c, nfs_format.c): an RGW secret is never answered, only whether it is set.
// Exports written by hand may lack access_type and squash (Ganesha's defaults apply).

export interface CephFsal {
  name: 'CEPH';
  user_id?: string;
  fs_name?: string;
}

export interface RgwFsal {
  name: 'RGW';
  user_id?: string;
  bucket?: string;
  access_key_id?: string;
  secret_access_key_set?: boolean;
}

export interface ClientBlock {
  addresses: string[];
  access_type?: string;
  squash?: string;
}

export interface Export {
  id: number;
  version: number;
  host: string | null;
  path: string;
  pseudo: string | null;
  fsal: CephFsal | RgwFsal;
  access_type?: string;
  squash?: string;
  protocols: number[];
  transports: string[];
  clients: ClientBlock[];
}

export const ACCESS_TYPES = [
  { value: 'RW', label: 'RW — read and write' },
  { value: 'RO', label: 'RO — read only' },
  { value: 'MDONLY', label: 'MDONLY — metadata only' },
  { value: 'MDONLY_RO', label: 'MDONLY_RO — metadata, read only' },
  { value: 'NONE', label: 'NONE — no access' },
];

export const SQUASHES = [
  { value: 'no_root_squash', label: 'no_root_squash — root stays root' },
  { value: 'root_squash', label: 'root_squash — root becomes anonymous' },
  { value: 'root_id_squash', label: 'root_id_squash — root’s ids become anonymous' },
  { value: 'all_squash', label: 'all_squash — everyone becomes anonymous' },
];

/** What the export form reads of an Object Gateway user (GET .../rgw/users). */
export interface GatewayUser {
  uid: string;
  display_name: string;
  suspended: boolean;
  keys: { type: string; access_key: string }[];
}

/** What the export form reads of a bucket (GET .../rgw/buckets?owner=). */
export interface GatewayBucket {
  name: string;
  owner: string;
}

/** What the export form reads of a file system (GET .../cephfs). */
export interface FileSystemLite {
  name: string;
  state: string;
}

/** A directory's entry (GET .../cephfs/{fs}/dirs?path=). */
export interface DirEntry {
  name: string;
  path: string;
  type: 'dir' | 'file' | 'symlink' | 'other';
}
