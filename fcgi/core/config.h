/* config.h - the INI configuration file: what it holds and how it is loaded. */
#ifndef OA_CONFIG_H
#define OA_CONFIG_H

#include <stddef.h>

/* One [cluster NAME] section. */
struct cluster_conf {
	char *name;
	char *conf;           /* path to ceph.conf */
	char *keyring;        /* path to the keyring */
	char *client;         /* client name, e.g. client.openattic */
	char *fsid;           /* optional: else read from ceph.conf, else learnt on connecting */
	long view_max_age_ms; /* how old a shared read of the maps may be; 0 = no sharing */
	/* The Object Gateway's Admin Ops API: endpoints (comma-separated URLs; unset = the
	 * radosgw daemons of the cluster's service map) and the admin user's S3 keys. */
	char *rgw_endpoints, *rgw_access_key, *rgw_secret_key;
};

struct config {
	char *path;
	/* [server] */
	char *listen;   /* "unix:/path" or "host:port" */
	char *pid_file; /* optional */
	char *instance; /* a name for this host's processes, shown on tasks */
	long workers, runners, max_body_bytes, backlog;
	int use_syslog;
	char *trusted_proxies; /* addresses / CIDRs whose X-Forwarded-For is believed */
	char *socket_group;    /* the unix socket's group (nginx's); mode 0660 */
	long slow_workers;     /* workers slow routes may hold at once (R_SLOW) */
	/* [database] */
	char *db_conninfo, *db_password;
	long db_connect_timeout_s, db_statement_timeout_ms;
	/* [auth] */
	long session_lifetime_s, session_idle_s, throttle_attempts, throttle_window_s;
	long throttle_ceiling; /* failures per user name or client; a known device passes */
	int cookie_secure;
	/* [tasks] */
	long task_heartbeat_s, task_stale_s;
	long followed_per_runner; /* Salt jobs one runner follows at once */
	long open_tasks_per_user; /* queued + running tasks of one kind per user */
	/* [cluster NAME] */
	struct cluster_conf *clusters;
	int nclusters;
	/* [salt] and [rgw]: read and checked here, used by the Salt and RGW backends. */
	char *salt_url, *salt_eauth, *salt_username, *salt_password, *salt_ca_file;
	int salt_verify_tls, salt_allow_http;
	long salt_timeout_s;
	long salt_nodes_refresh_s; /* the node list older than this is refreshed when read */
	char *rgw_ca_file, *rgw_region;
	int rgw_verify_tls, rgw_allow_http;
	long rgw_timeout_s; /* one Admin Ops or S3 call; radosgw down answers 503 within it */
	/* [iscsi]: where the iSCSI target configuration lives in each cluster (RADOS). */
	char *iscsi_pool, *iscsi_object;
	/* [nfs]: where the NFS-Ganesha exports live in each cluster (RADOS pool, namespace). */
	char *nfs_pool, *nfs_namespace;
};

/*
 * Loads path into a new config. On any error (unreadable file, unknown section or key,
 * bad value, unreadable @secret file) writes a message naming file, line and key into
 * err and returns NULL.
 */
struct config *config_load(const char *path, char *err, size_t errlen);
void config_free(struct config *c);

/*
 * The running process's configuration: the one pointer every tier reads (set by main,
 * by the master at start and after SIGHUP, and inherited by each child it forks).
 */
extern const struct config *oa_config;

#endif
