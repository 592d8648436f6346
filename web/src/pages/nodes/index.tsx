// pages/nodes - being built (issue 6).
import { Page } from '../../components/Page';
export function Nodes() { return <Page title="Nodes">{null}</Page>; }
export function NodeDetail() { return <Page title="NodeDetail">{null}</Page>; }
