// pages/nfs - being built (issue 6).
import { Page } from '../../components/Page';
export function NfsExports() { return <Page title="NfsExports">{null}</Page>; }
export function NfsExport() { return <Page title="NfsExport">{null}</Page>; }
