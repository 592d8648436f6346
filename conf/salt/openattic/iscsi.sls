# openattic.iscsi - what an iSCSI gateway minion runs when openATTIC deploys
# (POST /api/clusters/{fsid}/iscsi/deploy): its target configured from the target
# configuration openATTIC passes as pillar "config" ({"targets": [...]}: only the
# targets with a portal on this gateway, each deploy a Salt job of its own per
# gateway), or, when the state is applied by hand without it, read from the
# cluster's RADOS object (pool/object from pillar openattic:iscsi:pool / :object,
# default .openattic/iscsi-config; this needs read on that object, which shows every
# target's CHAP secrets: grant it only where the state is applied by hand).
#
# The target (pillar openattic:iscsi:backend):
#   lio (default)  the kernel target through rtslib-fb (targetcli-fb); backstore from
#                  openattic:iscsi:backstore: block (krbd, default) or user:rbd
#                  (tcmu-runner: COMPARE AND WRITE / VMware ATS, ALUA over gateways)
#   tgt            Debian's tgt + tgt-rbd: tgtd in userspace opens the images with
#                  librbd as client.<openattic:iscsi:rados_user> (default
#                  iscsi-gateway) per openattic:iscsi:ceph_conf (default
#                  /etc/ceph/ceph.conf, with that user's keyring); no COMPARE AND
#                  WRITE (no VMware ATS, no multi-gateway ALUA), LUN ids 1-255
#                  (LUN 0 is tgt's controller)
# Install: see README "iSCSI gateways". The state ids below are the ones openATTIC
# reports per gateway (GET .../iscsi/status shows the first failed one's comment, and
# what "iscsi config" found served).
{% set backend = salt['pillar.get']('openattic:iscsi:backend', 'lio') %}

iscsi packages:
  pkg.installed:
    - pkgs:
{% if backend == 'tgt' %}
      - tgt
      - tgt-rbd
{% else %}
      - targetcli-fb
      - python3-rtslib-fb
{% endif %}
      - ceph-common

{% if backend == 'tgt' %}
# tgtd keeps its targets in memory: "iscsi config" below gives them to it (again
# after a restart of tgtd, at the next deploy).
tgt:
  service.running:
    - enable: True
    - require:
      - pkg: iscsi packages
{% endif %}

# openattic_iscsi.configured: conf/salt/_states/openattic_iscsi.py
iscsi config:
  openattic_iscsi.configured:
    - backend: {{ backend }}
    - pool: "{{ salt['pillar.get']('openattic:iscsi:pool', '.openattic') }}"
    - obj: {{ salt['pillar.get']('openattic:iscsi:object', 'iscsi-config') }}
{% if backend == 'tgt' %}
    - ceph_conf: {{ salt['pillar.get']('openattic:iscsi:ceph_conf', '/etc/ceph/ceph.conf') }}
    - rados_user: {{ salt['pillar.get']('openattic:iscsi:rados_user', 'iscsi-gateway') }}
    - require:
      - service: tgt
{% else %}
    - backstore: {{ salt['pillar.get']('openattic:iscsi:backstore', 'block') }}
    - require:
      - pkg: iscsi packages

# target.service restores /etc/target/saveconfig.json at boot; apply() saves it.
target:
  service.running:
    - enable: True
    - require:
      - openattic_iscsi: iscsi config
{% endif %}
