// pages/config/types.ts - GET /api/clusters/{fsid}/config (the list's options) and
// /config/{name} (one option, with its long description, see-also and tags, and after
// a PUT whether the daemons read it only when they start): the document's component
// schemas (api/openapi.ts). default, min and max are any JSON value (a string, number
// or boolean as Ceph has it, or null); a secret's values are "***" unless an admin
// reads them.
import type { Schema } from '../../api/openapi';

export type ConfigOption = Schema<'ConfigOption'>;
export type ConfigOptionDetail = Schema<'ConfigOptionDetail'>;
export type ConfigValue = ConfigOption['values'][number];
