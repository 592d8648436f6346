/* json_print.h - answers printed as compact JSON, the same bytes as cJSON's, faster. */
#ifndef OA_JSON_PRINT_H
#define OA_JSON_PRINT_H

#include <cjson/cJSON.h>
#include <stddef.h>

/*
 * j as cJSON_PrintUnformatted prints it (new, NUL-terminated; its length in *len), or
 * NULL where cJSON fails too: j NULL, or a node of no type, or a raw one without text.
 */
char *json_print(const cJSON *j, size_t *len);

#endif
