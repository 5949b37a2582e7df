"""The one switch of ordiff's optional C accelerators: :func:`extension` gives a built one, or
None where it is not built or ``ORDIFF_PURE`` is set in the environment.

Each accelerator has a Python reference that gives the same results (``ordiff.wordsets``,
``ordiff.diff_cleanup``, ``ordiff.dcxml_walk``); the module holding the reference asks here,
once, at import, so that ``ORDIFF_PURE=1`` switches every one of them off in the same way.
"""

from __future__ import annotations

__all__ = ["extension"]

import importlib
import os
from types import ModuleType


def extension(name: str) -> ModuleType | None:
    """The C extension ``ordiff.<name>``, or None: ``ORDIFF_PURE`` is set, or it is not built
    (or cannot be loaded here, an ImportError)."""
    if os.environ.get("ORDIFF_PURE"):
        return None
    try:
        return importlib.import_module(f"{__package__}.{name}")
    except ImportError:
        return None
