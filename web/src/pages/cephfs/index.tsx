// pages/cephfs - CephFS (issue 13): the file systems of a cluster (filesystems.tsx:
// table, create, delete) and one file system's tabs (detail.tsx): its MDS daemons and
// pools, its clients (clients.tsx), its directories with quotas and snapshots
// (dirs.tsx) and its subvolumes (subvolumes.tsx). What they share is in common.tsx,
// the words, checks and request bodies in values.ts.
export { FileSystems } from './filesystems';
export { FileSystemDetail } from './detail';
