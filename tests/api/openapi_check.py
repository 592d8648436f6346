"""openapi_check.py - checks an answer of the API against what GET /api/openapi.json says
of it: the operation (method and path) must document the status, and the body must
match the schema documented for that status (types, required and unknown members,
enumerations, null only where allowed, RFC 3339 times). oa.Client calls check() on
every answer, so every API test also tests the document. A small checker of the
subset of JSON Schema that server/schema.c writes, not a general validator.

OA_SCHEMA_CHECK=record collects the problems in OA_SCHEMA_LOG (JSON lines) instead of
failing: how a whole run's disagreements are listed at once."""

import json
import os
import re

# Statuses nginx answers itself (limits, refusals, upstream errors), and 405, which
# has no operation to document it: their bodies are checked as errors, not their
# presence in the operation.
NOT_OPERATIONS = {405, 413, 414, 429, 502, 504}
TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")

_doc = None
_ops = None


def _load(fetch):
    global _doc, _ops
    if _doc is None:
        if os.environ.get("OA_OPENAPI_DOC"):
            with open(os.environ["OA_OPENAPI_DOC"], "rb") as f:
                status, body = 200, f.read()
        else:
            status, body = fetch()
        if status != 200:
            raise AssertionError("GET /api/openapi.json answered %d: %s" % (status, body[:300]))
        _doc = json.loads(body)
        _ops = []
        for path, item in _doc["paths"].items():
            rx = re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)) + "$")
            for method, op in item.items():
                _ops.append((path.count("{"), method.upper(), rx, path, op))
        _ops.sort(key=lambda o: o[0])  # literal segments win over parameters
    return _doc


def operation(method, path):
    """The (path pattern, operation) documenting method and path, or (None, None)."""
    path = path.split("?", 1)[0]
    for _, m, rx, pattern, op in _ops:
        if m == method and rx.match(path):
            return pattern, op
    return None, None


def _resolve(schema):
    while "$ref" in schema:
        schema = _doc["components"][schema["$ref"].split("/")[2]][schema["$ref"].split("/")[3]]
    return schema


def _type_ok(t, v):
    if t == "string":
        return isinstance(v, str)
    if t == "integer":
        return isinstance(v, int) and not isinstance(v, bool) or (
            isinstance(v, float) and v.is_integer())
    if t == "number":
        return isinstance(v, (int, float)) and not isinstance(v, bool)
    if t == "boolean":
        return isinstance(v, bool)
    if t == "object":
        return isinstance(v, dict)
    if t == "array":
        return isinstance(v, list)
    return True


def validate(schema, v, where="$", errors=None):
    """The problems of value v against schema, as a list of strings."""
    errors = [] if errors is None else errors
    schema = _resolve(schema)
    if v is None:
        if not schema.get("nullable") and schema:
            errors.append("%s: null where the document does not allow it" % where)
        return errors
    for sub in schema.get("allOf", []):
        validate(sub, v, where, errors)
    t = schema.get("type")
    if t and not _type_ok(t, v):
        errors.append("%s: %s where the document says %s" % (where, json.dumps(v)[:80], t))
        return errors
    if "enum" in schema and v not in schema["enum"]:
        errors.append("%s: %r is not one of %s" % (where, v, schema["enum"]))
    if schema.get("format") == "date-time" and not TIME.match(v):
        errors.append("%s: %r is not an RFC 3339 time" % (where, v))
    if t == "array":
        for i, x in enumerate(v):
            validate(schema.get("items", {}), x, "%s[%d]" % (where, i), errors)
    if t == "object":
        props = schema.get("properties", {})
        for name in schema.get("required", []):
            if name not in v:
                errors.append("%s: no member '%s'" % (where, name))
        extra = schema.get("additionalProperties", True)
        for name, x in v.items():
            if name in props:
                validate(props[name], x, "%s.%s" % (where, name), errors)
            elif extra is False:
                errors.append("%s: member '%s' is not in the document" % (where, name))
            elif isinstance(extra, dict):
                validate(extra, x, "%s.%s" % (where, name), errors)
    return errors


def problems(method, path, status, body, parsed, fetch):
    """What is wrong with one answer, as a list of strings (empty: it matches)."""
    _load(fetch)
    if method == "HEAD" or 300 <= status < 400:
        return []  # no body to check; redirects are nginx's (plain HTTP to HTTPS)
    pattern, op = operation(method, path)
    if op is None:
        return []  # no such route: the 404 and 405 of the dispatcher
    responses = op["responses"]
    resp = responses.get(str(status))
    if resp is None:
        if status in NOT_OPERATIONS:
            resp = {"content": {"application/json": {"schema": {
                "$ref": "#/components/schemas/Error"}}}}
        else:
            return ["%s %s: status %d is not documented (documented: %s); body %s" % (
                method, pattern, status, ", ".join(sorted(responses)), body[:200])]
    resp = _resolve(resp)
    content = resp.get("content")
    if not content:
        if body:
            return ["%s %s %d: the document says no content; got %s" % (
                method, pattern, status, body[:200])]
        return []
    if parsed is None and body:
        return ["%s %s %d: the body is not JSON: %r" % (method, pattern, status, body[:200])]
    errs = validate(content["application/json"]["schema"], parsed)
    return ["%s %s %d: %s" % (method, pattern, status, e) for e in errs[:20]]


def check(method, path, status, body, parsed, fetch):
    """Fails (AssertionError) when the answer does not match the document."""
    errs = problems(method, path, status, body, parsed, fetch)
    if not errs:
        return
    if os.environ.get("OA_SCHEMA_LOG"):
        with open(os.environ["OA_SCHEMA_LOG"], "a") as f:
            for e in errs:
                f.write(json.dumps({"problem": e, "body": body[:4000].decode(
                    "utf-8", "replace") if isinstance(body, bytes) else body}) + "\n")
    if os.environ.get("OA_SCHEMA_CHECK") == "record":
        return
    raise AssertionError("the answer does not match the OpenAPI document:\n  " +
                         "\n  ".join(errs))


def main(argv):
    """openapi_check.py URL USER PASSWORD METHOD PATH [BODY]: one call, checked (the
    document from OA_OPENAPI_DOC, else from URL); prints the answer and its problems."""
    import http.client
    import urllib.parse
    url, user, pw, method, path = argv[1:6]
    u = urllib.parse.urlsplit(url)

    def call(m, p, body=None, token=None):
        c = http.client.HTTPConnection(u.hostname, u.port or 80, timeout=60)
        h = {"Content-Type": "application/json"}
        if token:
            h["Authorization"] = "Bearer " + token
        c.request(m, p, body=body, headers=h)
        r = c.getresponse()
        return r.status, r.read()
    st, b = call("POST", "/api/auth/login", json.dumps({"username": user, "password": pw}))
    token = json.loads(b)["token"]
    st, b = call(method, path, argv[6] if len(argv) > 6 else None, token)
    parsed = json.loads(b) if b else None
    print(st, b[:2000].decode("utf-8", "replace"))
    errs = problems(method, path, st, b, parsed, lambda: call("GET", "/api/openapi.json"))
    print("\n".join(errs) if errs else "matches the document")
    return 1 if errs else 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
