// routes.tsx - THE route table of the console: every page, its URL, where it sits in
// the navigation and who may see it. app.tsx builds the router and the navigation
// from it. Paths under /c/:fsid/ are about one cluster.
import type { ComponentType } from 'preact';
import { lazy } from 'preact-iso';
import { Dashboard } from './pages/dashboard';

// Every page but the dashboard (the first one shown) is its own chunk, loaded when it is
// first opened: the console's main chunk stays small (web/vite.config.ts warns past 400 kB).
const Monitors = lazy(() => import('./pages/monitors').then((m) => m.Monitors));
const Osds = lazy(() => import('./pages/osds').then((m) => m.Osds));
const Flags = lazy(() => import('./pages/flags').then((m) => m.Flags));
const Config = lazy(() => import('./pages/config').then((m) => m.Config));
const Cephx = lazy(() => import('./pages/cephx').then((m) => m.Cephx));
const Logs = lazy(() => import('./pages/logs').then((m) => m.Logs));
const MgrModules = lazy(() => import('./pages/mgrmodules').then((m) => m.MgrModules));
const Crush = lazy(() => import('./pages/crush').then((m) => m.Crush));
const EcProfiles = lazy(() => import('./pages/ecprofiles').then((m) => m.EcProfiles));
const Pools = lazy(() => import('./pages/pools').then((m) => m.Pools));
const PoolDetail = lazy(() => import('./pages/pools').then((m) => m.PoolDetail));
const Images = lazy(() => import('./pages/images').then((m) => m.Images));
const ImageDetail = lazy(() => import('./pages/images').then((m) => m.ImageDetail));
const Trash = lazy(() => import('./pages/images').then((m) => m.Trash));
const IscsiTargets = lazy(() => import('./pages/iscsi').then((m) => m.IscsiTargets));
const IscsiTarget = lazy(() => import('./pages/iscsi').then((m) => m.IscsiTarget));
const NfsExports = lazy(() => import('./pages/nfs').then((m) => m.NfsExports));
const NfsExport = lazy(() => import('./pages/nfs').then((m) => m.NfsExport));
const FileSystems = lazy(() => import('./pages/cephfs').then((m) => m.FileSystems));
const FileSystemDetail = lazy(() => import('./pages/cephfs').then((m) => m.FileSystemDetail));
const RgwDaemons = lazy(() => import('./pages/rgw').then((m) => m.RgwDaemons));
const RgwUsers = lazy(() => import('./pages/rgw').then((m) => m.RgwUsers));
const RgwUserDetail = lazy(() => import('./pages/rgw').then((m) => m.RgwUserDetail));
const RgwBuckets = lazy(() => import('./pages/rgw').then((m) => m.RgwBuckets));
const RgwBucketDetail = lazy(() => import('./pages/rgw').then((m) => m.RgwBucketDetail));
const Nodes = lazy(() => import('./pages/nodes').then((m) => m.Nodes));
const NodeDetail = lazy(() => import('./pages/nodes').then((m) => m.NodeDetail));
const Tasks = lazy(() => import('./pages/tasks').then((m) => m.Tasks));
const Users = lazy(() => import('./pages/users').then((m) => m.Users));
const Tokens = lazy(() => import('./pages/tokens').then((m) => m.Tokens));
const Audit = lazy(() => import('./pages/audit').then((m) => m.Audit));

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
