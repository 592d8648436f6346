// pages/osds - being built (issue 6).
import { Page } from '../../components/Page';
export function Osds() { return <Page title="Osds">{null}</Page>; }
