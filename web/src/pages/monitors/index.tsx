// pages/monitors - being built (issue 6).
import { Page } from '../../components/Page';
export function Monitors() { return <Page title="Monitors">{null}</Page>; }
