#!/usr/bin/env python3
"""run.py - runs the API tests: every test_* function of every tests/api/test_*.py,
in file order, through nginx against the stack that tests/check started. Prints one
line per test and ends with "N passed, N failed[, N skipped]"; exits 1 on a failure.
Arguments filter tests by substring ("test_auth", "throttle")."""

import glob
import importlib.util
import os
import sys
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import oa  # noqa: E402


def main():
    filters = sys.argv[1:]
    passed = failed = skipped = 0
    here = os.path.dirname(os.path.abspath(__file__))
    for path in sorted(glob.glob(os.path.join(here, "test_*.py"))):
        name = os.path.basename(path)[:-3]
        spec = importlib.util.spec_from_file_location(name, path)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        tests = [(n, f) for n, f in vars(mod).items() if n.startswith("test_") and callable(f)]
        tests.sort(key=lambda t: t[1].__code__.co_firstlineno)
        for tname, fn in tests:
            full = "%s.%s" % (name, tname)
            if filters and not any(f in full for f in filters):
                continue
            t0 = time.time()
            try:
                fn()
                passed += 1
                print("ok      %s (%.2fs)" % (full, time.time() - t0), flush=True)
            except oa.Skip as e:
                skipped += 1
                print("skip    %s: %s" % (full, e), flush=True)
            except Exception:
                failed += 1
                print("FAIL    %s (%.2fs)\n%s" % (full, time.time() - t0,
                                                  traceback.format_exc()), flush=True)
    line = "%d passed, %d failed" % (passed, failed)
    if skipped:
        line += ", %d skipped" % skipped
    print(line)
    return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
