// pages/images - being built (issue 6).
import { Page } from '../../components/Page';
export function Images() { return <Page title="Images">{null}</Page>; }
export function ImageDetail() { return <Page title="ImageDetail">{null}</Page>; }
export function Trash() { return <Page title="Trash">{null}</Page>; }
