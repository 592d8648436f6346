// components/Layout.tsx - the frame around every page: the navigation grouped as an
// administrator thinks, and the top bar with the cluster switcher, the cluster's
// health (colour and word), the running tasks indicator and the user menu (API
// tokens, the API reference, log out).
import type { ComponentChildren } from 'preact';
import { useLocation } from 'preact-iso';
import { useTasks } from '../api/tasks';
import { GROUPS, ROUTES } from '../routes';
import { clusterHref, useCluster, useSession } from '../lib/session';
import { HealthBadge } from './Health';

function Nav({ fsid, path }: { fsid: string | null; path: string }) {
  const s = useSession();
  return (
    <nav class="sidenav" aria-label="Main">
      <a class="brand" href={fsid ? clusterHref(fsid, 'dashboard') : '/'}>
        open<b>ATTIC</b>
      </a>
      {GROUPS.map((g) => {
        const items = ROUTES.filter((r) => r.nav && r.nav.group === g && (!r.admin || s.isAdmin));
        if (!items.length) return null;
        return (
          <div class="nav-group">
            {g && items.length > 1 && <div class="nav-title">{g}</div>}
            {items.map((r) => {
              const href = r.path.startsWith('/c/:fsid') ? (fsid ? r.path.replace(':fsid', encodeURIComponent(fsid)) : null) : r.path;
              if (!href) return null;
              const active = path === href || path.startsWith(href + '/');
              return (
                <a href={href} class={active ? 'nav-link active' : 'nav-link'} aria-current={active ? 'page' : undefined}>
                  {r.nav!.label}
                </a>
              );
            })}
          </div>
        );
      })}
    </nav>
  );
}

function ClusterSwitch({ fsid }: { fsid: string | null }) {
  const { clusters } = useCluster();
  const loc = useLocation();
  if (clusters.length < 2) return <span class="cluster-name">{clusters[0]?.name || 'No cluster'}</span>;
  const switchTo = (to: string) => {
    const rest = fsid ? loc.path.replace(/^\/c\/[^/]+/, '') : '/dashboard';
    // Detail pages name objects of the old cluster: go to their list (the navigation
    // entry they lie under, /rgw/users for /rgw/users/alice) instead.
    const entry = ROUTES.map((r) => (r.nav && r.path.startsWith('/c/:fsid/') ? r.path.slice('/c/:fsid'.length) : ''))
      .filter((p) => p && (rest === p || rest.startsWith(p + '/')))
      .sort((a, b) => b.length - a.length)[0];
    const list = entry || rest.split('/').slice(0, 2).join('/') || '/dashboard';
    loc.route(clusterHref(to) + list);
  };
  return (
    <span class="cluster-switch">
      <select aria-label="Cluster" value={fsid || ''} onChange={(e) => switchTo((e.target as HTMLSelectElement).value)}>
        {clusters.map((c) => (
          <option value={c.fsid}>
            {c.name} ({c.fsid.slice(0, 8)})
          </option>
        ))}
      </select>
    </span>
  );
}

function TasksIndicator() {
  const { active } = useTasks();
  const n = active.length;
  return (
    <a href="/tasks?state=queued,running" class={n ? 'tasks-ind busy' : 'tasks-ind'} title="Running and queued tasks">
      {n ? <span class="spinner" aria-hidden="true" /> : null}
      {n === 0 ? 'No tasks running' : n === 1 ? '1 task running' : `${n} tasks running`}
    </a>
  );
}

function UserMenu() {
  const s = useSession();
  return (
    <details class="user-menu">
      <summary>
        {s.user.username} <span class="muted">({s.user.role})</span>
      </summary>
      <div class="menu">
        <a href="/admin/tokens">API tokens</a>
        {/* a page of its own (api-reference.html, not a console route), in a new tab so
            that the console stays where it was */}
        <a href="/api-reference.html" target="_blank" rel="noopener">
          API reference <span aria-hidden="true">↗</span>
          <span class="sr-only"> (opens in a new tab)</span>
        </a>
        <button type="button" class="btn small" onClick={s.logout}>
          Log out
        </button>
      </div>
    </details>
  );
}

export function Layout({ fsid, children }: { fsid: string | null; children: ComponentChildren }) {
  const { path } = useLocation();
  const { clusters } = useCluster();
  const cur = clusters.find((c) => c.fsid === fsid) || null;
  return (
    <div class="shell">
      <a href="#main" class="skip">
        Skip to content
      </a>
      <Nav fsid={fsid} path={path} />
      <div class="main-col">
        <header class="topbar">
          <ClusterSwitch fsid={fsid} />
          {cur && (
            <a href={clusterHref(cur.fsid, 'dashboard')} class="health-link" aria-label={`Cluster health: ${cur.health}`}>
              <HealthBadge health={cur.health} />
            </a>
          )}
          <div class="spacer" />
          <TasksIndicator />
          <UserMenu />
        </header>
        <main id="main" tabIndex={-1}>
          {children}
        </main>
      </div>
    </div>
  );
}
