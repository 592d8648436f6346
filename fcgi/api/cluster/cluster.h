/*
 * cluster.h - the cluster-wide handlers: status, OSDs, flags, monitors, EC profiles, CRUSH,
 * the configuration database, cephx users, the cluster log and health mutes, manager
 * modules.
 */
#ifndef OA_CLUSTER_H
#define OA_CLUSTER_H

#include "core/json.h"
#include "core/list.h"
#include "core/req.h"
#include "server/schema.h"

/* clusters.c */
int clusters_list(struct req *r);
int clusters_status(struct req *r);
/* osds.c */
int osds_list(struct req *r);
int osds_get(struct req *r);
int osds_patch(struct req *r);
int osds_scrub(struct req *r);
extern const struct field_spec osds_patch_body[], osds_scrub_body[];
/* osd_lifecycle.c */
int osds_safety(struct req *r);
int osds_down(struct req *r);
int osds_lost(struct req *r);
int osds_remove(struct req *r);
int hosts_flags_get(struct req *r);
int hosts_flags_put(struct req *r);
extern const struct field_spec hosts_flags_body[];
/* osd_remove.c: the osd.remove task (mark out, wait for the data and the daemon, remove) */
struct task;
int osds_remove_queue(struct req *r);
int osd_remove_start(struct task *t);
int osd_remove_poll(struct task *t);
extern const struct field_spec osds_remove_body[];
/* Sets OSD id's noout/noin/noup/nodown to exactly flags: 0, or the error answered. */
int osds_set_flags(struct req *r, long id, const cJSON *flags);
/* The noout/noin/noup/nodown an OSD's (or a host's) state array lists (new array). */
cJSON *osd_group_flags(const cJSON *state);
/* flags.c */
int flags_get(struct req *r);
int flags_put(struct req *r);
extern const struct field_spec flags_put_body[];
/* monitors.c */
int monitors_list(struct req *r);
/* ecprofiles.c */
int ecprofiles_list(struct req *r);
int ecprofiles_get(struct req *r);
int ecprofiles_create(struct req *r);
int ecprofiles_delete(struct req *r);
extern const struct field_spec ecprofiles_create_body[];
/* crush.c */
int crush_rules(struct req *r);
int crush_tree(struct req *r);
int crush_rules_create(struct req *r);
int crush_rules_delete(struct req *r);
extern const struct field_spec crush_rules_create_body[];
/* Whether some OSD of an `osd tree` has device class cls. */
int crush_class_exists(const cJSON *tree, const char *cls);
/* cephconfig.c */
int cephconfig_list(struct req *r);
int cephconfig_get(struct req *r);
int cephconfig_set(struct req *r);
int cephconfig_remove(struct req *r);
extern const struct field_spec cephconfig_set_body[];
/* cephx.c */
int cephx_list(struct req *r);
int cephx_get(struct req *r);
int cephx_create(struct req *r);
int cephx_update(struct req *r);
int cephx_delete(struct req *r);
int cephx_keyring(struct req *r);
extern const struct field_spec cephx_create_body[], cephx_update_body[];
/* logs.c */
int logs_list(struct req *r);
int health_mute(struct req *r);
int health_unmute(struct req *r);
extern const struct field_spec health_mute_body[];
/* mgr_modules.c */
int mgr_modules_list(struct req *r);
int mgr_modules_get(struct req *r);
int mgr_modules_patch(struct req *r);
int mgr_modules_option_set(struct req *r);
int mgr_modules_option_reset(struct req *r);
extern const struct field_spec mgr_modules_patch_body[], mgr_modules_option_body[];
/* cephconfig_value.c */
/*
 * `config set who name value` for a request: the audit row keeps *** for a secret's
 * value, Ceph's refusal is 422 on field value. 0, or the error answered.
 */
int cephconfig_store(struct req *r, const char *who, const char *name, const char *value);
/* Whether who is a section a value may be set for: global, osd, osd.3, client.rgw.a... */
int cephconfig_valid_section(const char *who);
/* Whether mask is host:<name>, class:<name> or <CRUSH bucket type>:<name>. */
int cephconfig_valid_mask(const char *mask);
/* Whether option name holds a secret (a key, a password, a token): shown as "***". */
int cephconfig_secret(const char *name);

/* What the route rows name: list specs, query parameters, the component schemas. */
extern const struct list_spec cephconfig_list_spec, cephx_list_spec, crush_rules_spec,
	ecprofiles_list_spec, logs_list_spec, mgr_modules_list_spec, monitors_list_spec,
	osds_list_spec;
extern const struct field_spec cephconfig_list_query[], cephconfig_remove_query[],
	logs_list_query[], osds_confirm_query[], osds_remove_query[];
extern const struct schema_def cluster_schemas[];

#endif
