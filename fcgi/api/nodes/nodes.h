/* nodes.h - the Salt minions as nodes: list, detail, ping. */
#ifndef OA_NODES_H
#define OA_NODES_H

#include "core/json.h"
#include "core/list.h"
#include "core/req.h"
#include "server/schema.h"

/* nodes.c */
int nodes_list(struct req *r);
int nodes_get(struct req *r);
int nodes_ping(struct req *r);
extern const struct field_spec nodes_ping_body[];

/* What the route rows name: list specs, query parameters, the component schemas. */
extern const struct list_spec nodes_list_spec;
extern const struct schema_def nodes_schemas[];

#endif
