// pages/iscsi - being built (issue 6).
import { Page } from '../../components/Page';
export function IscsiTargets() { return <Page title="IscsiTargets">{null}</Page>; }
export function IscsiTarget() { return <Page title="IscsiTarget">{null}</Page>; }
