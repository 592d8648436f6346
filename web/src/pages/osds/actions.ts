// pages/osds/actions.ts - what the OSD buttons do: mark in, mark out, (deep) scrub,
// for one OSD or several in turn with their buttons disabled meanwhile; the outcome is
// a notice for the page (which OSDs failed, and why).
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { apiPath, messageOf, mutate } from '../../api/client';
import type { Osd, OsdChanges } from './types';
import { names } from './util';

export interface Notice {
  tone: 'ok' | 'err';
  text: ComponentChildren;
}

/** Runs fn for each OSD in turn; resolves with the names that failed and why. */
async function each(osds: Osd[], fn: (o: Osd) => Promise<unknown>): Promise<string[]> {
  const failed: string[] = [];
  for (const o of osds) {
    try {
      await fn(o);
    } catch (e) {
      failed.push(`${o.name}: ${messageOf(e)}`);
    }
  }
  return failed;
}

/** The actions on the OSDs of cluster fsid; after(notice) follows each one (the page reloads and says it). */
export function useOsdActions(fsid: string, after: (n: Notice) => void) {
  const [busy, setBusy] = useState<Set<number>>(new Set());
  /** Runs an action on OSDs with their buttons disabled, then reloads; failures in a notice. */
  const run = async (osds: Osd[], fn: (o: Osd) => Promise<unknown>, done: string, rethrow = false) => {
    setBusy((b) => new Set([...b, ...osds.map((o) => o.id)]));
    const failed = await each(osds, fn);
    setBusy((b) => new Set([...b].filter((id) => !osds.some((o) => o.id === id))));
    if (failed.length) {
      const text = failed.join(' ');
      after({ tone: 'err', text });
      if (rethrow) throw new Error(text);
    } else after({ tone: 'ok', text: done });
  };
  const patch = (o: Osd, body: OsdChanges, label: string) =>
    mutate({ method: 'PATCH', path: apiPath('clusters', fsid, 'osds', o.id), body }, label);
  const markIn = (osds: Osd[]) =>
    run(osds, (o) => patch(o, { in: true }, `Mark ${o.name} in`), `${names(osds)} marked in: data moves onto ${osds.length > 1 ? 'them' : 'it'} again.`);
  const markOut = (osds: Osd[]) =>
    run(osds, (o) => patch(o, { in: false }, `Mark ${o.name} out`), `${names(osds)} marked out: data is moving to the other OSDs.`, true);
  const scrub = (osds: Osd[], deep: boolean) =>
    run(
      osds,
      (o) => mutate({ method: 'POST', path: apiPath('clusters', fsid, 'osds', o.id, 'scrub'), body: { deep } }, `Scrub ${o.name}`),
      `${deep ? 'Deep scrub' : 'Scrub'} requested for ${names(osds)}: Ceph runs it when it can.`,
    );
  return { busy, markIn, markOut, scrub };
}
