"""The two helpers every check_*.py script beside the proofs uses.

A script imports `check` and `vanishes`, prints one line per check, and
ends with `finish()`, which exits with status 1 if any check failed.
"""

import sys

import sympy as sp

failures = 0


def check(name, condition):
    """Print one result line and count the failures."""
    global failures
    passed = bool(condition)
    print(("ok   " if passed else "FAIL ") + name)
    if not passed:
        failures += 1


def vanishes(expression):
    """Return whether a rational expression simplifies to 0."""
    return sp.simplify(sp.together(expression)) == 0


def finish():
    """Exit with status 1 if any check failed, 0 otherwise."""
    sys.exit(1 if failures else 0)
