# -*- coding: utf-8 -*-
"""openattic_iscsi (state) - the "iscsi config" state of openattic.iscsi: runs the
execution module openattic_iscsi.apply (conf/salt/_modules/openattic_iscsi.py) and
reports, as the state's changes, what the gateway's target serves when it is done
(changes["served"] = {"loaded": [iqn...], "failed": [{"name", "message"}]}, read back
from the target; openATTIC's deploy status shows it per gateway) and what was changed
(changes["changes"]). The state fails when a target is not served as configured, with
the target's own reason in the comment, or when the configuration is refused.
(module.run would put the module's return under changes["ret"] and, in recent Salt,
could not fail on a returned result: hence this state.)"""


def configured(name, **kwargs):
    """Makes this gateway serve its targets: kwargs go to openattic_iscsi.apply."""
    ret = {"name": name, "result": None, "changes": {}, "comment": ""}
    if __opts__.get("test"):  # noqa: F821
        ret["comment"] = "The iSCSI targets would be configured (test mode)"
        return ret
    try:
        out = __salt__["openattic_iscsi.apply"](**kwargs)  # noqa: F821
    except Exception as e:  # CommandExecutionError: refused configuration, no target daemon
        ret.update(result=False, comment=str(e))
        return ret
    served = out["served"]
    ret["changes"] = {"served": served, "changes": out["changes"]}
    ret["result"] = not served["failed"]
    ret["comment"] = "%d target(s) served" % len(served["loaded"])
    if served["failed"]:
        ret["comment"] += "; not served: " + "; ".join(
            "%s: %s" % (f["name"], f["message"]) for f in served["failed"])
    return ret
