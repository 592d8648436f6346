// pages/cephfs/types.ts - CephFS as /api/clusters/{fsid}/cephfs answers it: file
// systems with their MDS daemons and pools, clients (rank 0's sessions; internal:
// openATTIC's own or a manager's), directories with quotas (0 = no limit) and
// snapshots, subvolume groups, subvolumes (size null = unlimited) and their snapshots:
// the document's component schemas (api/openapi.ts). A group or subvolume the volumes
// module could not describe has error set.
import type { Body, Schema } from '../../api/openapi';

export type FileSystem = Schema<'Filesystem'>;
export type FsState = FileSystem['state'];
export type Client = Schema<'CephfsClient'>;
/** An entry of a directory: a directory's size, files and subdirs are its tree's (null: not read). */
export type DirEntry = Schema<'DirEntry'>;
/** GET .../dirs?path=: the entries, and the directory itself. */
export type DirListing = Schema<'DirListing'>;
/** A directory's quota, as its entry has it. */
export type DirQuota = NonNullable<DirEntry['quota']>;
export type DirSnapshot = Schema<'CephfsSnapshot'>;
export type SubvolumeGroup = Schema<'SubvolumeGroup'>;
export type Subvolume = Schema<'Subvolume'>;
export type SubvolumeSnapshot = Schema<'SubvolumeSnapshot'>;

/** PUT .../quota: the limits of a directory. */
export type QuotaBody = Body<'/api/clusters/{fsid}/cephfs/{fs}/quota', 'PUT'>;
/** POST .../cephfs: a new file system (its pools made when not named). */
export type NewFileSystem = Body<'/api/clusters/{fsid}/cephfs', 'POST'>;
/** POST .../subvolume-groups and .../subvolumes. */
export type NewGroup = Body<'/api/clusters/{fsid}/cephfs/{fs}/subvolume-groups', 'POST'>;
export type NewSubvolume = Body<'/api/clusters/{fsid}/cephfs/{fs}/subvolumes', 'POST'>;
