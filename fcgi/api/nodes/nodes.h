/* nodes.h - the Salt minions as nodes: list, detail, ping. */
#ifndef OA_NODES_H
#define OA_NODES_H

#include "core/json.h"
#include "core/req.h"

/* nodes.c */
int nodes_list(struct req *r);
int nodes_get(struct req *r);
int nodes_ping(struct req *r);
extern const struct field_spec nodes_ping_body[];

#endif
