// pages/flags - being built (issue 6).
import { Page } from '../../components/Page';
export function Flags() { return <Page title="Flags">{null}</Page>; }
