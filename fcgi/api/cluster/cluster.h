/* cluster.h - the cluster-wide handlers: status, OSDs, flags, monitors, EC profiles, CRUSH. */
#ifndef OA_CLUSTER_H
#define OA_CLUSTER_H

#include "core/json.h"
#include "core/req.h"

/* clusters.c */
int clusters_list(struct req *r);
int clusters_status(struct req *r);
/* osds.c */
int osds_list(struct req *r);
int osds_get(struct req *r);
int osds_patch(struct req *r);
int osds_scrub(struct req *r);
extern const struct field_spec osds_patch_body[], osds_scrub_body[];
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

#endif
