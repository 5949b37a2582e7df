"""diff-match-patch's merge and semantic cleanups of a diff: in C (``ordiff._cleanup``) when it
is built, else the Python port's own methods, with exactly the same results either way.

The word diff (:mod:`ordiff.textdiff`) cleans every pair's placeholder diff semantically, and an
anchored one is merged first; on a whole code those two calls of the Python port were a third of
the word diff's time, all of it interpreter overhead on short strings. The C versions are a
line-by-line port of the Python methods (same loops, same merges, same character classes:
``str.isalnum``, ``str.isspace`` and the port's blank-line expressions on any code point), and
tests/test_diff_cleanup.py holds them equal to the port on generated diffs and every stored D.C.
case. The references are the methods of one ``diff_match_patch()`` (no setting of it plays a
part in these two cleanups); ``ORDIFF_PURE`` or a missing extension gives them.

Both modify ``diffs`` in place and return None. A diff is a list of ``(op, text)`` tuples (or
two-item lists), ``op`` the int -1, 0 or 1 and ``text`` a str; the C versions raise TypeError on
anything else and then leave the list as it was.
"""

from __future__ import annotations

__all__ = ["cleanup_merge", "cleanup_semantic", "py_cleanup_merge", "py_cleanup_semantic",
           "ACCELERATED"]

from collections.abc import Callable
from typing import Any

from diff_match_patch import diff_match_patch

from .accel import extension

Cleanup = Callable[[list[Any]], None]

_PORT = diff_match_patch()
#: The Python port's methods: the reference.
py_cleanup_merge: Cleanup = _PORT.diff_cleanupMerge
py_cleanup_semantic: Cleanup = _PORT.diff_cleanupSemantic

cleanup_merge: Cleanup
cleanup_semantic: Cleanup
if extension("_cleanup"):  # the C versions, unless switched off or not built
    from ._cleanup import cleanup_merge, cleanup_semantic
else:
    cleanup_merge, cleanup_semantic = py_cleanup_merge, py_cleanup_semantic

#: Whether the C versions are in use.
ACCELERATED = cleanup_merge is not py_cleanup_merge
