// pages/config - the cluster's configuration database with every option's schema:
// by default what is set (the options with a value in some section), or every option,
// filtered by level and section and searched by name and description; a row opens the
// option (edit.tsx): what it does, its values, set and remove. The filters live in the
// URL.
import { useState } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso';
import { apiPath, list } from '../../api/client';
import { Badge } from '../../components/Health';
import { Page } from '../../components/Page';
import { Table, type Column } from '../../components/Table';
import { useSession } from '../../lib/session';
import { ConfigEdit } from './edit';
import type { ConfigOption } from './types';
import { SECTIONS, defaultText, levelWord, whereText } from './values';

interface Filters {
  all: boolean;
  level: string;
  section: string;
  /** the option open in the dialog */
  option: string;
}

function readFilters(q: Record<string, string>): Filters {
  return { all: q.all === '1', level: q.level || '', section: q.section || '', option: q.option || '' };
}

/** The page's URL with changes to its query (null removes); a filter change restarts paging. */
function pageUrl(path: string, changes: Record<string, string | null>): string {
  const u = new URLSearchParams(location.search);
  for (const [k, v] of Object.entries(changes)) (v ? u.set(k, v) : u.delete(k));
  if (Object.keys(changes).some((k) => k !== 'option')) u.delete('page');
  const qs = u.toString();
  return path + (qs ? '?' + qs : '');
}

function FilterBar({ f, onChange }: { f: Filters; onChange: (c: Record<string, string | null>) => void }) {
  return (
    <div class="filters" role="group" aria-label="Filters">
      <label class="filter">
        <span class="filter-label">Show</span>
        <select name="all" value={f.all ? '1' : ''} onChange={(e) => onChange({ all: (e.target as HTMLSelectElement).value || null })}>
          <option value="">Options with a value</option>
          <option value="1">Every option</option>
        </select>
      </label>
      <label class="filter">
        <span class="filter-label">Level</span>
        <select name="level" value={f.level} onChange={(e) => onChange({ level: (e.target as HTMLSelectElement).value || null })}>
          <option value="">Any</option>
          <option value="basic">Basic</option>
          <option value="advanced">Advanced</option>
          <option value="dev">Developer</option>
        </select>
      </label>
      <label class="filter">
        <span class="filter-label">Set for</span>
        <select name="section" value={f.section} onChange={(e) => onChange({ section: (e.target as HTMLSelectElement).value || null })}>
          <option value="">Any section</option>
          {SECTIONS.map((s) => (
            <option value={s}>{s}</option>
          ))}
        </select>
      </label>
    </div>
  );
}

export function Config() {
  const fsid = useRoute().params.fsid;
  const loc = useLocation();
  const s = useSession();
  const f = readFilters(loc.query || {});
  const { option, ...shown } = f;
  const [reload, setReload] = useState(0);
  const openHref = (name: string) => pageUrl(loc.path, { option: name });
  const columns: Column<ConfigOption>[] = [
    {
      key: 'name',
      label: 'Option',
      sort: 'name',
      render: (o) => (
        <>
          <a href={openHref(o.name)}>{o.name}</a>
          {o.desc && <div class="help">{o.desc}</div>}
        </>
      ),
    },
    {
      key: 'level',
      label: 'Level',
      sort: 'level',
      render: (o) => {
        const [tone, word] = levelWord(o.level);
        return <Badge tone={tone}>{word}</Badge>;
      },
    },
    { key: 'type', label: 'Type', sort: 'type', optional: true, render: (o) => (o.type ? <code>{o.type}</code> : <span class="muted">—</span>) },
    { key: 'default', label: 'Default', render: (o) => (defaultText(o) ? <code>{defaultText(o)}</code> : <span class="muted">—</span>) },
    {
      key: 'values',
      label: 'Set to',
      render: (o) =>
        o.values.length === 0 ? (
          <span class="muted">default</span>
        ) : (
          o.values.map((v) => (
            <div data-value={whereText(v)}>
              <span class="muted">{whereText(v)}:</span> <code>{v.value}</code>
            </div>
          ))
        ),
    },
    {
      key: 'runtime',
      label: 'Applies',
      optional: true,
      render: (o) => (o.can_update_at_runtime ? <span class="muted">at once</span> : <Badge tone="warn">on restart</Badge>),
    },
  ];
  return (
    <Page title="Configuration" sub="Ceph's configuration database, each option described by the cluster itself. A change applies to every daemon of the section.">
      <FilterBar f={f} onChange={(c) => loc.route(pageUrl(loc.path, { ...c, option: null }), true)} />
      <Table<ConfigOption>
        id="config"
        urlState
        columns={columns}
        defaultSort="name"
        searchLabel="Search options by name or description"
        rowKey={(o) => o.name}
        reload={`${JSON.stringify(shown)}:${reload}`}
        load={(q, signal) =>
          list<ConfigOption>(
            apiPath('clusters', fsid, 'config'),
            { ...q, changed: f.all ? undefined : 'true', level: f.level || undefined, section: f.section || undefined },
            signal,
          )
        }
        emptyTitle={f.all || f.level || f.section ? 'Nothing matches' : 'Nothing is set'}
        empty={f.all ? 'No option matches these filters.' : 'Every daemon runs on the defaults. Show every option to set one.'}
        actions={(o) => (
          <a class="btn small" href={openHref(o.name)}>
            {s.canMutate ? 'Edit' : 'Details'}
          </a>
        )}
      />
      {option && (
        <ConfigEdit
          fsid={fsid}
          name={option}
          canMutate={s.canMutate}
          onClose={() => loc.route(pageUrl(loc.path, { option: null }), true)}
          onChanged={() => setReload((x) => x + 1)}
        />
      )}
    </Page>
  );
}
