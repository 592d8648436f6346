// pages/crush - being built (issue 6).
import { Page } from '../../components/Page';
export function Crush() { return <Page title="Crush">{null}</Page>; }
