# openattic.iscsi - what an iSCSI gateway minion runs when openATTIC deploys
# (POST /api/clusters/{fsid}/iscsi/deploy): LIO configured from the target
# configuration openATTIC passes as pillar "config" ({"targets": [...]}: only the
# targets with a portal on this gateway, each deploy a Salt job of its own per
# gateway), or, when the state is applied by hand without it, read from the
# cluster's RADOS object (pool/object from pillar openattic:iscsi:pool / :object,
# default .openattic/iscsi-config; this needs read on that object, which shows every
# target's CHAP secrets: grant it only where the state is applied by hand).
# Install: see README "iSCSI gateways". The state ids below are the ones openATTIC
# reports per gateway (GET .../iscsi/status shows the first failed one's comment).

iscsi packages:
  pkg.installed:
    - pkgs:
      - targetcli-fb
      - python3-rtslib-fb
      - ceph-common

iscsi config:
  module.run:
    - openattic_iscsi.apply:
      - pool: "{{ salt['pillar.get']('openattic:iscsi:pool', '.openattic') }}"
      - obj: {{ salt['pillar.get']('openattic:iscsi:object', 'iscsi-config') }}
      - backstore: {{ salt['pillar.get']('openattic:iscsi:backstore', 'block') }}
    - require:
      - pkg: iscsi packages

# target.service restores /etc/target/saveconfig.json at boot; apply() saves it.
target:
  service.running:
    - enable: True
    - require:
      - module: iscsi config
