// components/Page.tsx - a page's frame: title, a line of help, header actions, and
// the tabs of detail views (each tab has its own URL).
import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';

export function Page(p: { title: string; sub?: ComponentChildren; actions?: ComponentChildren; children: ComponentChildren }) {
  useEffect(() => {
    document.title = `${p.title} · openATTIC`;
  }, [p.title]);
  return (
    <div class="page">
      <header class="page-head">
        <div>
          <h1>{p.title}</h1>
          {p.sub && <p class="sub">{p.sub}</p>}
        </div>
        {p.actions && <div class="page-actions">{p.actions}</div>}
      </header>
      {p.children}
    </div>
  );
}

export interface Tab {
  href: string;
  label: string;
}

export function Tabs({ tabs, current }: { tabs: Tab[]; current: string }) {
  return (
    <nav class="tabs" aria-label="Sections">
      {tabs.map((t) => (
        <a href={t.href} class={t.href === current ? 'tab active' : 'tab'} aria-current={t.href === current ? 'page' : undefined}>
          {t.label}
        </a>
      ))}
    </nav>
  );
}
