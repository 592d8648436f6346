// pages/config/types.ts - GET /api/clusters/{fsid}/config and /config/{name}.

export interface ConfigValue {
  section: string;
  /** host:<name>, class:<device class>, ... or null */
  mask: string | null;
  /** "***" for a secret unless an admin reads it */
  value: string;
}

export interface ConfigOption {
  name: string;
  /** uint, int, float, bool, str, size, secs, millisecs, uuid, addr, addrvec; null without schema */
  type: string | null;
  level: 'basic' | 'advanced' | 'dev' | string | null;
  desc: string | null;
  default: string | number | boolean | null;
  min: string | number | null;
  max: string | number | null;
  enum_values: string[];
  can_update_at_runtime: boolean;
  /** the daemons that read it (mon, osd, common, ...) */
  services: string[];
  secret: boolean;
  /** false for a manager module's option: Ceph checks its values */
  schema: boolean;
  values: ConfigValue[];
  long_desc?: string | null;
  see_also?: string[];
  /** after a change: the daemons read it only when they start */
  restart_needed?: boolean;
}
