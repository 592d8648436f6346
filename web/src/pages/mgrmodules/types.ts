// pages/mgrmodules/types.ts - GET /api/clusters/{fsid}/mgr/modules[/{name}].

export interface ModuleOption {
  name: string;
  type: string;
  level: string;
  desc: string;
  long_desc: string;
  default: string;
  min: string | number | null;
  max: string | number | null;
  enum_values: string[];
  secret: boolean;
  /** null: the default */
  value: string | null;
}

export interface MgrModule {
  name: string;
  enabled: boolean;
  always_on: boolean;
  can_run: boolean;
  /** why it cannot run */
  error: string | null;
  /** how many options it has */
  options: number;
  option_list?: ModuleOption[];
}
