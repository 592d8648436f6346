// pages/flags - the cluster-wide OSD flags (noout, norecover, pause, ...) on a page of
// their own: the flags editor (components/Flags.tsx), which is also the body of the
// "Cluster flags" dialog on the OSDs page. Viewers see the flags read-only.
import { useRoute } from 'preact-iso';
import { FlagsEditor } from '../../components/Flags';
import { Page } from '../../components/Page';
import { useSession } from '../../lib/session';

export function Flags() {
  const { params } = useRoute();
  const s = useSession();
  return (
    <Page
      title="Cluster flags"
      sub="Cluster-wide switches for OSD states, recovery and scrubbing: set for maintenance, clear afterwards (the cluster warns while any is set)."
    >
      <section class="card flags-card">
        {!s.canMutate && <p class="muted flags-ro">You can look at the flags; an operator can change them.</p>}
        <FlagsEditor fsid={params.fsid} readOnly={!s.canMutate} />
      </section>
    </Page>
  );
}
