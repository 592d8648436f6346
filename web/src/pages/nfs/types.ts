// pages/nfs/types.ts - an NFS export as /api/clusters/{fsid}/nfs/exports answers it:
// the document's component schema (api/openapi.ts). An RGW secret is never answered,
// only whether it is set. Exports written by hand (the rados CLI) may lack path,
// access_type and squash (Ganesha's defaults apply) and have other words; fsal.name is
// CEPH (with fs_name) or RGW (access_key_id, bucket) for what the console writes.
import type { Body, Schema } from '../../api/openapi';

export type Export = Schema<'NfsExport'>;
/** POST .../nfs/exports: a new export. */
export type NewExport = Body<'/api/clusters/{fsid}/nfs/exports', 'POST'>;
/** PUT .../nfs/exports/{id}: the whole export, with the version it was read at. */
export type ExportReplacement = Body<'/api/clusters/{fsid}/nfs/exports/{id}', 'PUT'>;

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
export type GatewayUser = Pick<Schema<'RgwUser'>, 'uid' | 'display_name' | 'suspended' | 'keys'>;

/** What the export form reads of a bucket (GET .../rgw/buckets?owner=). */
export type GatewayBucket = Pick<Schema<'RgwBucket'>, 'name' | 'owner'>;

/** What the export form reads of a file system (GET .../cephfs). */
export type FileSystemLite = Pick<Schema<'Filesystem'>, 'name' | 'state'>;

/** A directory's entry (GET .../cephfs/{fs}/dirs?path=). */
export type DirEntry = Pick<Schema<'DirEntry'>, 'name' | 'path' | 'type'>;
