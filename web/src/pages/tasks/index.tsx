// pages/tasks - being built (issue 6).
import { Page } from '../../components/Page';
export function Tasks() { return <Page title="Tasks">{null}</Page>; }
