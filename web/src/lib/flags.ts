// lib/flags.ts - the cluster-wide OSD flags the API lets an operator set
// (fcgi/flags.c), what each one does in a line, and which ones stop client I/O or
// the cluster's own recovery (shown as dangerous, in words).
import type { Body } from '../api/openapi';

export interface FlagInfo {
  name: string;
  /** what setting it does, one line */
  text: string;
  /** for the dangerous ones: what it stops, a few words */
  danger?: string;
}

export const FLAGS: FlagInfo[] = [
  { name: 'noout', text: 'OSDs that go down are not marked out, so no data moves away from them — for maintenance and reboots.' },
  { name: 'noin', text: 'OSDs that start are not marked in: they take no data until someone marks them in.' },
  {
    name: 'nodown',
    text: 'OSDs are not marked down when they stop answering: clients keep waiting on an OSD that may really be dead.',
    danger: 'can block client I/O',
  },
  { name: 'noup', text: 'OSDs that start are not marked up: they serve nothing until the flag is cleared.', danger: 'keeps OSDs out of service' },
  { name: 'nobackfill', text: 'No backfill: placement groups that need a full copy to another OSD wait.', danger: 'stops recovery' },
  { name: 'norebalance', text: 'Data is not moved just to even out placement (after weight changes); degraded data still recovers.' },
  { name: 'norecover', text: 'Degraded data is not recovered: redundancy stays reduced while this is set.', danger: 'stops recovery' },
  { name: 'noscrub', text: 'No new scrubs start: the light consistency checks of placement groups pause.' },
  { name: 'nodeep-scrub', text: 'No new deep scrubs start (they read all data and compare checksums).' },
  { name: 'pause', text: 'The cluster answers no client reads or writes (pauserd and pausewr).', danger: 'stops all client I/O' },
];

export const FLAG_NAMES = FLAGS.map((f) => f.name);

/** The flags to set and to clear to get from the current set to the wanted one. */
export function flagChanges(current: string[], wanted: string[]): { set: string[]; clear: string[] } {
  return {
    set: FLAG_NAMES.filter((f) => wanted.includes(f) && !current.includes(f)),
    clear: FLAG_NAMES.filter((f) => current.includes(f) && !wanted.includes(f)),
  };
}

/** The PUT body: the whole wanted set, in the API's order, unknown names dropped. */
export function flagsBody(wanted: string[]): Body<'/api/clusters/{fsid}/flags', 'PUT'> {
  return { flags: FLAG_NAMES.filter((f) => wanted.includes(f)) };
}

export function flagInfo(name: string): FlagInfo | undefined {
  return FLAGS.find((f) => f.name === name);
}
