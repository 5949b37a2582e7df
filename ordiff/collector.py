"""Pausing Python's cyclic garbage collector for a stage that builds many objects and no cycles.

The collector runs after every 700 net allocations of tracked objects and, now and then, walks
every object alive. Reading a whole code makes 400,000 clauses and tuples; comparing two makes
about a million records, spans and lists while both clause trees are alive. The walks find
nothing (the model has no cycles; reference counting frees it) and cost seconds.
"""

from __future__ import annotations

__all__ = ["paused"]

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """The collector off inside the ``with`` block, back on after it if it was on before.

    What the block allocated is then moved to the oldest generation unexamined: left young,
    the first collection after the block would walk all of it at once (0.2–0.3 s after a read
    or a comparison of a whole code) and find nothing. ``gc.freeze()`` then ``gc.unfreeze()``
    does the move; skipped if the program froze objects of its own (``unfreeze`` would release
    them). The collector is left as it was found.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            if gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()
            gc.enable()
