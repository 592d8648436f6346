// pages/iscsi/types.ts - an iSCSI target as /api/clusters/{fsid}/iscsi/targets answers
// it (fcgi/iscsi.c): CHAP passwords are never answered, only whether one is set.

export interface Portal {
  host: string;
  ip: string;
}

export interface Disk {
  pool: string;
  image: string;
  lun: number;
}

export interface Acl {
  initiator: string;
  luns: number[];
}

export interface Auth {
  user: string | null;
  password_set: boolean;
  mutual_user: string | null;
  mutual_password_set: boolean;
}

export interface Target {
  iqn: string;
  version: number;
  portals: Portal[];
  disks: Disk[];
  auth: Auth;
  acls: Acl[];
  /** only in the answer to a create or replace: e.g. a gateway that did not answer */
  warnings?: string[];
}
