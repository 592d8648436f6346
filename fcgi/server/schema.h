/*
 * schema.h - the schema notation of answers (route rows) and components (areas):
 *
 *   schema  := base ['?']          '?': or null
 *   base    := s | i | n | b       string, integer, number, boolean
 *            | t                   an RFC 3339 time string
 *            | any                 anything
 *            | Name                a component (#/components/schemas/Name)
 *            | [schema]            an array
 *            | {member ...}        an object with exactly these members
 *            | {member ... ...}    ... and others, undescribed
 *            | {*: schema}         an object whose every member is a schema
 *            | (a|b|c)             a string, one of these words
 *            | list(schema)        API.md's list envelope {items, total, offset, limit,
 *                                  total_exact?}
 *   member  := name[?]: schema     '?' after the name: the member may be absent
 *
 * Members are separated by spaces or commas, e.g.
 *   "{name: s, size: i, parent?: {pool: s, image: s}?, state: (up|down)}".
 */
#ifndef OA_SCHEMA_H
#define OA_SCHEMA_H

#include <cjson/cJSON.h>

/* A component schema an area defines: its name and its notation. */
struct schema_def {
	const char *name;
	const char *text;
};

/*
 * Parses a schema of the notation into a new OpenAPI schema object. With end, parsing
 * stops after the schema and *end points past it; without, text must hold nothing
 * else. NULL with *error (the text and the position, caller frees) if it does not parse.
 */
cJSON *schema_parse(const char *text, const char **end, char **error);
/*
 * The list envelope around items of the schema item (taken), as a new schema (with the
 * optional total_exact of db_list).
 */
cJSON *schema_list_of(cJSON *item);

#endif
