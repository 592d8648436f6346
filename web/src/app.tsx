// app.tsx - the console's root: finds out who is logged in (GET /api/auth/me), shows
// the login page otherwise, loads the clusters, and routes by ROUTES. A 401 from
// any call returns to the login page and back to the same view afterwards.
import { useEffect, useState } from 'preact/hooks';
import { ErrorBoundary, LocationProvider, Route, Router, useLocation } from 'preact-iso';
import { get, request, setCsrf, setUnauthorizedHandler } from './api/client';
import * as tasks from './api/tasks';
import type { ClusterSummary, User } from './api/types';
import { Layout } from './components/Layout';
import { Empty, ErrorBox, Loading } from './components/States';
import { Toasts } from './components/Toasts';
import { setPrefsUser } from './lib/prefs';
import { ClusterContext, SessionContext, clusterHref, fsidOf, sessionFor, useCluster, useSession } from './lib/session';
import { Login } from './pages/login';
import { ROUTES } from './routes';

function Home() {
  const { clusters } = useCluster();
  const loc = useLocation();
  useEffect(() => {
    if (clusters.length) loc.route(clusterHref(clusters[0].fsid, 'dashboard'), true);
  }, [clusters]);
  if (!clusters.length)
    return <Empty title="No Ceph cluster is configured">Add a [cluster NAME] section to openattic.conf and reload the service.</Empty>;
  return <Loading />;
}

function NotFound() {
  return <Empty title="There is no such page">Use the navigation on the left, or go to the <a href="/">dashboard</a>.</Empty>;
}

function Forbidden() {
  return <Empty title="Only administrators can see this page">Ask an administrator, or go to the <a href="/">dashboard</a>.</Empty>;
}

function UnknownCluster({ fsid }: { fsid: string }) {
  return <Empty title={`No configured cluster has the fsid ${fsid}`}>Pick one with the cluster switcher above, or go to the <a href="/">dashboard</a>.</Empty>;
}

/** Everything after login: clusters, layout, pages. */
function Console() {
  const session = useSession();
  const loc = useLocation();
  const [clusters, setClusters] = useState<ClusterSummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    get<ClusterSummary[]>('/api/clusters')
      .then((c) => live && (setClusters(c), setError(null)))
      .catch((e) => live && setError(e));
    const t = setTimeout(() => setTick((x) => x + 1), 10000);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [tick]);
  const fsid = fsidOf(loc.path);
  if (!clusters) return error ? <ErrorBox error={error} retry={() => setTick((x) => x + 1)} /> : <Loading what="Loading the clusters" />;
  const known = !fsid || clusters.some((c) => c.fsid === fsid);
  return (
    <ClusterContext.Provider value={{ clusters, current: clusters.find((c) => c.fsid === fsid) || null, reload: () => setTick((x) => x + 1) }}>
      <Layout fsid={fsid && known ? fsid : clusters[0]?.fsid || null}>
        {!known ? (
          <UnknownCluster fsid={fsid!} />
        ) : (
          <ErrorBoundary>
            <Router>
              <Route path="/" component={Home} />
              {ROUTES.map((r) => (
                <Route path={r.path} component={r.admin && !session.isAdmin ? Forbidden : r.component} />
              ))}
              <Route default component={NotFound} />
            </Router>
          </ErrorBoundary>
        )}
      </Layout>
      <Toasts />
    </ClusterContext.Provider>
  );
}

function Root() {
  const loc = useLocation();
  const [user, setUser] = useState<User | null | undefined>(undefined);
  useEffect(() => {
    setUnauthorizedHandler(() => {
      tasks.stop();
      setUser(null);
    });
    request<User>({ method: 'GET', path: '/api/auth/me' }, { no401: true })
      .then((r) => signedIn(r.data))
      .catch(() => setUser(null));
  }, []);
  const signedIn = (u: User) => {
    setCsrf(u.csrf_token);
    setPrefsUser(u.username);
    tasks.start();
    setUser(u);
  };
  const logout = async () => {
    try {
      await request({ method: 'POST', path: '/api/auth/logout' }, { no401: true });
    } catch {
      /* the session is gone either way */
    }
    tasks.stop();
    setCsrf('');
    setUser(null);
    loc.route('/login');
  };
  if (user === undefined) return <Loading what="Starting" />;
  if (user === null || loc.path === '/login') {
    const next = loc.path === '/login' ? loc.query.next || '/' : loc.url;
    return (
      <Login
        onLogin={(u) => {
          signedIn(u);
          loc.route(next.startsWith('/') && !next.startsWith('//') ? next : '/', true);
        }}
      />
    );
  }
  return (
    <SessionContext.Provider value={sessionFor(user, logout)}>
      <Console />
    </SessionContext.Provider>
  );
}

export function App() {
  return (
    <LocationProvider>
      <Root />
    </LocationProvider>
  );
}
