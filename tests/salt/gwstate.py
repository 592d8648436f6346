"""gwstate.py - what the gateway state modules (gw_iscsi.py, gw_ganesha.py) share: a
state's result as the stand-in reports it, and the simulated run of a state list used
when no real daemon runs (the stand-in's own tests): the configuring state fails with
the validation errors, later ones fail their requisite, as Salt's output has it."""


def result(mod, sid, name, fun, ok, comment, changes=None):
    """One state's result; ok is True, False or None (test mode)."""
    return {"mod": mod, "id": sid, "name": name, "fun": fun, "result": ok,
            "comment": comment, "changes": changes or {}}


def errors(gw, config, fail_all, validate):
    """What a run reports as failed before doing anything: an injected failure, a missing
    pillar config, or what validate(mid, config) finds."""
    if fail_all:
        return ["Injected failure on %s" % gw.mid]
    if config is None:
        return ["pillar 'config' is missing: nothing to apply"]
    return validate(gw.mid, config)


def simulated(sls, states, errs, test, fail_all, changes):
    """states: (module, id, name, function, ok comment); errs: the validation errors,
    reported by states[1] (states[0] when fail_all); changes(): the configuring state's
    changes. Returns ([result], ok)."""
    check = 0 if fail_all else 1
    out, failed_id = [], None
    for k, (mod, sid, name, fun, comment) in enumerate(states):
        if failed_id:
            out.append(result(mod, sid, name, fun, False,
                              "One or more requisite failed: %s.%s" % (sls, failed_id)))
        elif k == check and errs:
            failed_id = sid
            out.append(result(mod, sid, name, fun, False, "; ".join(errs)))
        elif test:
            out.append(result(mod, sid, name, fun, None,
                              "State %s would be applied (test mode)" % sid))
        else:
            ch = changes() if k == 1 else {name: True} if k == 2 else {}
            out.append(result(mod, sid, name, fun, True, comment, ch))
    return out, not errs
