// pages/tokens - being built (issue 6).
import { Page } from '../../components/Page';
export function Tokens() { return <Page title="Tokens">{null}</Page>; }
