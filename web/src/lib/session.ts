// lib/session.ts - who is logged in, what they may do, and which cluster the page
// is about. Provided by app.tsx; read with useSession() / useCluster().
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ClusterSummary, User } from '../api/types';

export interface Session {
  user: User;
  /** operators and admins change things; viewers only look */
  canMutate: boolean;
  isAdmin: boolean;
  logout: () => void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside a session');
  return s;
}

export function sessionFor(user: User, logout: () => void): Session {
  return { user, canMutate: user.role !== 'viewer', isAdmin: user.role === 'admin', logout };
}

export interface ClusterState {
  clusters: ClusterSummary[];
  /** the cluster of the current URL (/c/<fsid>/...), or the first one */
  current: ClusterSummary | null;
  reload: () => void;
}

export const ClusterContext = createContext<ClusterState>({ clusters: [], current: null, reload: () => {} });

export function useCluster(): ClusterState {
  return useContext(ClusterContext);
}

/** The fsid in a console path /c/<fsid>/..., or null. */
export function fsidOf(path: string): string | null {
  const m = /^\/c\/([^/]+)/.exec(path);
  return m ? decodeURIComponent(m[1]) : null;
}

/** A console link into a cluster: clusterHref(fsid, 'pools', name). */
export function clusterHref(fsid: string, ...rest: (string | number)[]): string {
  return ['/c', fsid, ...rest].map((s, i) => (i === 0 ? s : encodeURIComponent(String(s)))).join('/');
}
