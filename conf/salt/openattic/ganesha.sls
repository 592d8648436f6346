# openattic.ganesha - what an NFS-Ganesha host minion runs when openATTIC deploys
# (POST /api/clusters/{fsid}/nfs/deploy). The exports themselves live in RADOS in
# Ganesha's own syntax (export-<id> objects, listed by %url lines in conf-<host> and
# conf-common, pool/namespace from pillar config:pool / config:namespace, default
# .openattic/ganesha): this state points the host's ganesha.conf at them through
# RADOS_URLS and reloads Ganesha so it reads them again. The pillar is only where the
# exports are ({"pool", "namespace"}): no export and no RGW key travels through Salt;
# Ganesha reads them with its own cephx user: read on that pool and namespace, and
# read-write on the namespace <namespace>-grace only, where its NFSv4 recovery
# database lives (README "Security" has the caps). No watch_url: a watch needs write
# on the object; a deploy reloads Ganesha instead.
# Install: see README "NFS exports". The state ids below are the ones openATTIC
# reports per host (GET .../nfs/status shows the first failed one's comment).
{% set cfg = salt['pillar.get']('config', {}) %}
{% set pool = cfg.get('pool', salt['pillar.get']('openattic:nfs:pool', '.openattic')) %}
{% set ns = cfg.get('namespace', salt['pillar.get']('openattic:nfs:namespace', 'ganesha')) %}
{% set user = salt['pillar.get']('openattic:nfs:rados_user', 'ganesha') %}
{% set host = grains['id'] %}

ganesha packages:
  pkg.installed:
    - pkgs:
      - nfs-ganesha
      - nfs-ganesha-ceph
      - nfs-ganesha-rgw
      - nfs-ganesha-rados-urls
      - ceph-common

/etc/ganesha/ganesha.conf:
  file.managed:
    - mode: '0644'
    - contents: |
        # Managed by Salt (openattic.ganesha): exports come from RADOS.
        NFS_CORE_PARAM {
            Enable_NLM = false;
            Enable_RQUOTA = false;
            Protocols = 3, 4;
        }
        NFSv4 {
            RecoveryBackend = rados_ng;
        }
        RADOS_KV {
            UserId = "{{ user }}";
            pool = "{{ pool }}";
            namespace = "{{ ns }}-grace";
            nodeid = "{{ host }}";
        }
        RADOS_URLS {
            ceph_conf = "/etc/ceph/ceph.conf";
            userid = "{{ user }}";
        }
        %url "rados://{{ pool }}/{{ ns }}/conf-common"
        %url "rados://{{ pool }}/{{ ns }}/conf-{{ host }}"
    - require:
      - pkg: ganesha packages

# A reload (SIGHUP) makes Ganesha re-read the %url objects: exports added, changed
# and removed take effect without dropping clients.
nfs-ganesha:
  service.running:
    - enable: True
    - reload: True
    - watch:
      - file: /etc/ganesha/ganesha.conf

# The exports change in RADOS, not in ganesha.conf: reload on every deploy.
reload nfs-ganesha:
  module.run:
    - service.reload:
      - name: nfs-ganesha
    - require:
      - service: nfs-ganesha
