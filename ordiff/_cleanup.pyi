"""Types of the optional C cleanups of the word diff (``ordiff/_cleanup.c``); see
:mod:`ordiff.diff_cleanup`."""

from typing import Any

def cleanup_merge(diffs: list[Any], /) -> None: ...
def cleanup_semantic(diffs: list[Any], /) -> None: ...
