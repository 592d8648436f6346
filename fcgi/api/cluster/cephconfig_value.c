/*
 * cephconfig_value.c - what the configuration routes check besides a value's rule
 * (backends/ceph_options.c: ceph_option_rule): the sections (`who`) and masks a value
 * may be set for, and which option names hold secrets.
 */
#include "api/cluster/cluster.h"

#include <ctype.h>
#include <string.h>

int
cephconfig_valid_section(const char *who)
{
	static const char *const types[] = {"mon", "mgr", "osd", "mds", "client", NULL};
	const char *dot = strchr(who, '.');
	char type[8];
	size_t tl = dot ? (size_t)(dot - who) : strlen(who);

	if (!strcmp(who, "global"))
		return 1;
	if (tl == 0 || tl >= sizeof(type))
		return 0;
	memcpy(type, who, tl);
	type[tl] = '\0';
	if (!str_in(type, types))
		return 0;
	if (!dot)
		return 1;
	if (!dot[1] || strlen(dot + 1) > 64)
		return 0;
	for (const char *p = dot + 1; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("_.-", *p))
			return 0;
	return 1;
}

int
cephconfig_valid_mask(const char *mask)
{
	static const char *const kinds[] = {"host",    "class", "root", "region", "datacenter",
					    "room",    "row",   "pod",  "pdu",    "rack",
					    "chassis", "zone",  NULL};
	const char *colon = strchr(mask, ':');
	char kind[16];
	size_t kl = colon ? (size_t)(colon - mask) : 0;

	if (!colon || kl == 0 || kl >= sizeof(kind) || !colon[1] || strlen(colon + 1) > 64)
		return 0;
	memcpy(kind, mask, kl);
	kind[kl] = '\0';
	if (!str_in(kind, kinds))
		return 0;
	for (const char *p = colon + 1; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("_.-", *p))
			return 0;
	return 1;
}

int
cephconfig_secret(const char *name)
{
	char low[256];
	const char *last, *p;
	size_t i;

	for (i = 0; name[i] && i < sizeof(low) - 1; i++)
		low[i] = (char)tolower((unsigned char)name[i]);
	low[i] = '\0';
	if (strstr(low, "password") || strstr(low, "secret") || strstr(low, "token") ||
	    strstr(low, "/keys/"))
		return 1;
	/* "key" or "keys" as a word of the name (rgw_crypt_default_encryption_key), not
	 * keyring, keystone or keyfile. */
	last = strrchr(low, '/') ? strrchr(low, '/') + 1 : low;
	for (p = strstr(last, "key"); p; p = strstr(p + 1, "key")) {
		const char *end = p + 3 + (p[3] == 's');

		if ((p == last || p[-1] == '_') && (*end == '\0' || *end == '_'))
			return 1;
	}
	return 0;
}
