// pages/iscsi/types.ts - an iSCSI target as /api/clusters/{fsid}/iscsi/targets answers
// it: the document's component schema (api/openapi.ts). CHAP passwords are never
// answered, only whether one is set; warnings (a gateway that did not answer...) come
// only in the answer to a create or replace.
import type { Body, Schema } from '../../api/openapi';

export type Target = Schema<'IscsiTarget'>;
/** POST .../iscsi/targets: a new target, named by its IQN. */
export type NewTarget = Body<'/api/clusters/{fsid}/iscsi/targets', 'POST'>;
/** PUT .../iscsi/targets/{iqn}: the whole target, with the version it was read at. */
export type TargetReplacement = Body<'/api/clusters/{fsid}/iscsi/targets/{iqn}', 'PUT'>;
