// pages/dashboard - being built (issue 6).
import { Page } from '../../components/Page';
export function Dashboard() { return <Page title="Dashboard">{null}</Page>; }
