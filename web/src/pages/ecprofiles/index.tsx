// pages/ecprofiles - being built (issue 6).
import { Page } from '../../components/Page';
export function EcProfiles() { return <Page title="EcProfiles">{null}</Page>; }
