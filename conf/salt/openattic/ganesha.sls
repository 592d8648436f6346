# openattic.ganesha - what an NFS-Ganesha host minion runs when openATTIC deploys
# (POST /api/clusters/{fsid}/nfs/deploy). The exports live in RADOS in Ganesha's own
# syntax (export-<id> objects, listed by %url lines in conf-<host> and conf-common;
# pool/namespace from pillar config:pool / config:namespace, default
# .openattic/ganesha). The module openattic_ganesha (conf/salt/_modules) renders
# ganesha.conf (RADOS_URLS with a watch on <namespace>-grace/notify-<host>, which
# openATTIC notifies after every export write; rados_ng recovery in <namespace>-grace
# named after the host name; an RGW block), includes the conf objects that exist,
# starts Ganesha, or reloads it, or restarts it where a reload cannot apply the
# change (an export's Path or Pseudo changed, ganesha.conf changed), and reports what
# Ganesha loaded and refused, from its log: the state's changes "served".
# The pillar is only where the exports are: no export and no key travels through
# Salt. Ganesha reads them with its own cephx user (pillar openattic:nfs:rados_user,
# default ganesha; caps in README "Security"), from /etc/ceph/ceph.conf and its keyring.
# Install: see README "NFS exports". The state ids below are the ones openATTIC
# reports per host (GET .../nfs/status shows the first failed one's comment).
{% set cfg = salt['pillar.get']('config', {}) %}
{% set pool = cfg.get('pool', salt['pillar.get']('openattic:nfs:pool', '.openattic')) %}
{% set ns = cfg.get('namespace', salt['pillar.get']('openattic:nfs:namespace', 'ganesha')) %}
{% set user = salt['pillar.get']('openattic:nfs:rados_user', 'ganesha') %}

# Debian: the RADOS_URLS and rados_ng libraries are in nfs-ganesha-ceph (there is no
# nfs-ganesha-rados-urls package); FSAL RGW in nfs-ganesha-rgw.
ganesha packages:
  pkg.installed:
    - pkgs:
      - nfs-ganesha
      - nfs-ganesha-ceph
      - nfs-ganesha-rgw
      - ceph-common

ganesha:
  module.run:
    - openattic_ganesha.apply:
      - pool: "{{ pool }}"
      - namespace: "{{ ns }}"
      - user: "{{ user }}"
    - require:
      - pkg: ganesha packages

nfs-ganesha enabled:
  service.enabled:
    - name: nfs-ganesha
    - require:
      - module: ganesha
