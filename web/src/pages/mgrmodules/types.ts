// pages/mgrmodules/types.ts - GET /api/clusters/{fsid}/mgr/modules (the list) and
// /mgr/modules/{name} (one module with its options, also the answer to a change): the
// document's component schemas (api/openapi.ts). An option's value null: the default.
import type { Schema } from '../../api/openapi';

export type MgrModule = Schema<'MgrModule'>;
export type MgrModuleDetail = Schema<'MgrModuleDetail'>;
export type ModuleOption = Schema<'MgrModuleOption'>;
