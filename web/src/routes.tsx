// routes.tsx - THE route table of the console: every page, its URL, where it sits in
// the navigation and who may see it. app.tsx builds the router and the navigation
// from it. Paths under /c/:fsid/ are about one cluster.
import type { ComponentType } from 'preact';
import { Dashboard } from './pages/dashboard';
import { Monitors } from './pages/monitors';
import { Osds } from './pages/osds';
import { Flags } from './pages/flags';
import { Config } from './pages/config';
import { Cephx } from './pages/cephx';
import { Logs } from './pages/logs';
import { MgrModules } from './pages/mgrmodules';
import { Crush } from './pages/crush';
import { EcProfiles } from './pages/ecprofiles';
import { Pools, PoolDetail } from './pages/pools';
import { Images, ImageDetail, Trash } from './pages/images';
import { IscsiTargets, IscsiTarget } from './pages/iscsi';
import { NfsExports, NfsExport } from './pages/nfs';
import { FileSystems, FileSystemDetail } from './pages/cephfs';
import { RgwDaemons, RgwUsers, RgwUserDetail, RgwBuckets, RgwBucketDetail } from './pages/rgw';
import { Nodes, NodeDetail } from './pages/nodes';
import { Tasks } from './pages/tasks';
import { Users } from './pages/users';
import { Tokens } from './pages/tokens';
import { Audit } from './pages/audit';

export interface PageRoute {
  path: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  component: ComponentType<any>;
  /** the navigation entry; none for detail pages */
  nav?: { group: string; label: string };
  /** admins only (operators and viewers get no link and a 403 page) */
  admin?: boolean;
}

export const GROUPS = ['', 'Cluster', 'Pools', 'Block', 'NFS', 'CephFS', 'Object Gateway', 'Nodes', 'Tasks', 'Administration'];

export const ROUTES: PageRoute[] = [
  { path: '/c/:fsid/dashboard', component: Dashboard, nav: { group: '', label: 'Dashboard' } },
  { path: '/c/:fsid/monitors', component: Monitors, nav: { group: 'Cluster', label: 'Monitors' } },
  { path: '/c/:fsid/osds', component: Osds, nav: { group: 'Cluster', label: 'OSDs' } },
  { path: '/c/:fsid/crush', component: Crush, nav: { group: 'Cluster', label: 'CRUSH map' } },
  { path: '/c/:fsid/ec-profiles', component: EcProfiles, nav: { group: 'Cluster', label: 'Erasure-code profiles' } },
  { path: '/c/:fsid/flags', component: Flags, nav: { group: 'Cluster', label: 'Flags' } },
  { path: '/c/:fsid/config', component: Config, nav: { group: 'Cluster', label: 'Configuration' } },
  { path: '/c/:fsid/cephx', component: Cephx, nav: { group: 'Cluster', label: 'Cephx users' } },
  { path: '/c/:fsid/logs', component: Logs, nav: { group: 'Cluster', label: 'Logs' } },
  { path: '/c/:fsid/mgr-modules', component: MgrModules, nav: { group: 'Cluster', label: 'Manager modules' } },
  { path: '/c/:fsid/pools', component: Pools, nav: { group: 'Pools', label: 'Pools' } },
  { path: '/c/:fsid/pools/:name', component: PoolDetail },
  { path: '/c/:fsid/images', component: Images, nav: { group: 'Block', label: 'Images' } },
  { path: '/c/:fsid/images/:pool/:image/:tab?', component: ImageDetail },
  { path: '/c/:fsid/trash', component: Trash, nav: { group: 'Block', label: 'Trash' } },
  { path: '/c/:fsid/iscsi', component: IscsiTargets, nav: { group: 'Block', label: 'iSCSI targets' } },
  { path: '/c/:fsid/iscsi/:iqn', component: IscsiTarget },
  { path: '/c/:fsid/nfs', component: NfsExports, nav: { group: 'NFS', label: 'NFS exports' } },
  { path: '/c/:fsid/nfs/:id', component: NfsExport },
  { path: '/c/:fsid/cephfs', component: FileSystems, nav: { group: 'CephFS', label: 'File systems' } },
  { path: '/c/:fsid/cephfs/:fs/:tab?', component: FileSystemDetail },
  { path: '/c/:fsid/rgw/daemons', component: RgwDaemons, nav: { group: 'Object Gateway', label: 'Daemons' } },
  { path: '/c/:fsid/rgw/users', component: RgwUsers, nav: { group: 'Object Gateway', label: 'Users' } },
  { path: '/c/:fsid/rgw/users/:uid/:tab?', component: RgwUserDetail },
  { path: '/c/:fsid/rgw/buckets', component: RgwBuckets, nav: { group: 'Object Gateway', label: 'Buckets' } },
  { path: '/c/:fsid/rgw/buckets/:name', component: RgwBucketDetail },
  { path: '/nodes', component: Nodes, nav: { group: 'Nodes', label: 'Nodes' } },
  { path: '/nodes/:id', component: NodeDetail },
  { path: '/tasks', component: Tasks, nav: { group: 'Tasks', label: 'Tasks' } },
  { path: '/admin/users', component: Users, nav: { group: 'Administration', label: 'Users' }, admin: true },
  { path: '/admin/tokens', component: Tokens, nav: { group: 'Administration', label: 'API tokens' } },
  { path: '/admin/audit', component: Audit, nav: { group: 'Administration', label: 'Audit log' }, admin: true },
];
