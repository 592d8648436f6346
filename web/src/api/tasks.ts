// api/tasks.ts - the task store. Follows the tasks this tab started (a toast each,
// polled until they end; a failure stays until dismissed) and keeps the list of
// active tasks of everyone (the navbar indicator, "deleting… 40%" in table rows).
// Components subscribe with useTasks().
import { useEffect, useRef, useState } from 'preact/hooks';
import { get, list, setTaskHandler } from './client';
import type { Task } from './types';

export interface Tracked {
  task: Task;
  label: string;
  dismissed: boolean;
}

const tracked = new Map<number, Tracked>();
let active: Task[] = [];
let version = 0;
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setTimeout> | null = null;
let enabled = false;

export const finished = (t: Task) => t.state === 'succeeded' || t.state === 'failed' || t.state === 'cancelled';

function changed() {
  version++;
  listeners.forEach((l) => l());
}

/** Starts following task t under a label (done by client.mutate on a 202). */
export function track(task: Task, label: string): void {
  tracked.set(task.id, { task, label, dismissed: false });
  if (!finished(task)) active = [task, ...active.filter((a) => a.id !== task.id)];
  changed();
  schedule(300);
}

export function dismiss(id: number): void {
  const t = tracked.get(id);
  if (t) t.dismissed = true;
  changed();
}

/** A success toast goes 6 s after it was seen: not while the tab is in the background. */
function dismissLater(id: number) {
  if (document.visibilityState === 'visible') {
    setTimeout(() => dismiss(id), 6000);
    return;
  }
  const shown = () => {
    if (document.visibilityState !== 'visible') return;
    document.removeEventListener('visibilitychange', shown);
    setTimeout(() => dismiss(id), 6000);
  };
  document.addEventListener('visibilitychange', shown);
}

async function poll() {
  timer = null;
  if (!enabled) return;
  try {
    const page = await list<Task>('/api/tasks', { state: 'queued,running', limit: 100 });
    active = page.items;
    for (const tr of tracked.values()) {
      if (finished(tr.task)) continue;
      const now = page.items.find((t) => t.id === tr.task.id) || (await get<Task>(`/api/tasks/${tr.task.id}`));
      tr.task = now;
      if (now.state === 'succeeded') dismissLater(now.id);
    }
    changed();
  } catch {
    /* the next poll tries again; a 401 has already sent us to the login page */
  }
  const following = [...tracked.values()].some((t) => !finished(t.task));
  schedule(following || active.length ? 1000 : 5000);
}

function schedule(ms: number) {
  if (!enabled) return;
  if (timer) clearTimeout(timer);
  timer = setTimeout(poll, ms);
}

/** Begins polling (after login); stop() ends it (logout). */
export function start(): void {
  enabled = true;
  setTaskHandler(track);
  schedule(0);
}
export function stop(): void {
  enabled = false;
  if (timer) clearTimeout(timer);
  timer = null;
  tracked.clear();
  active = [];
  changed();
}

export interface TaskView {
  toasts: Tracked[];
  active: Task[];
}

/** Re-renders the caller whenever the store changes. */
export function useTasks(): TaskView {
  const [, set] = useState(version);
  useEffect(() => {
    const l = () => set(version);
    listeners.add(l);
    return () => void listeners.delete(l);
  }, []);
  return { toasts: [...tracked.values()].filter((t) => !t.dismissed).reverse(), active };
}

/**
 * A number that moves whenever the count of active tasks whose kind starts with
 * `prefix` changes after the first render: a table's `reload`, so that its page is read
 * again when such a task starts or ends, and not a second time as the page opens.
 */
export function useTasksMoved(tasks: Task[], prefix: string): number {
  const count = tasks.filter((t) => t.kind.startsWith(prefix)).length;
  const seen = useRef({ count, moves: 0 });
  if (seen.current.count !== count) seen.current = { count, moves: seen.current.moves + 1 };
  return seen.current.moves;
}

/** The active task whose target matches every key of `target`, if any. */
export function activeFor(tasks: Task[], target: Record<string, unknown>): Task | undefined {
  return tasks.find((t) => t.target && Object.entries(target).every(([k, v]) => t.target![k] === v));
}

/**
 * A few words for a task, for a table row: "pool.delete" → "deleting",
 * "rgw.user_delete" → "deleting". Given the task's target, the object too:
 * "deleting user alice with its buckets", "creating file system cephfs2".
 */
export function taskVerb(kind: string, target?: Record<string, unknown> | null): string {
  const last = kind.split('.').pop() || kind;
  const verb = last.split('_').pop() || last;
  const words: Record<string, string> = {
    create: 'creating', delete: 'deleting', copy: 'copying', flatten: 'flattening',
    rollback: 'rolling back', purge: 'purging', clone: 'cloning', job: 'running', remove: 'removing',
  };
  const said = words[verb] || last;
  const t = (k: string) => (target && typeof target[k] === 'string' ? (target[k] as string) : '');
  if (kind === 'rgw.user_delete' && t('uid')) return `${said} user ${t('uid')} with its buckets`;
  if (kind === 'rgw.bucket_delete' && t('bucket')) return `${said} bucket ${t('bucket')} with its objects`;
  const fs = t('fs') || t('name');
  if (kind.startsWith('cephfs.') && fs) return `${said} file system ${fs}`;
  return said;
}
