"""``python -m ordiff``: the same as the ``ordiff`` command."""

from .cli import main

main()
