// pages/users - being built (issue 6).
import { Page } from '../../components/Page';
export function Users() { return <Page title="Users">{null}</Page>; }
