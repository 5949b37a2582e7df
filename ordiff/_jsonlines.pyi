"""Types of the optional C JSON lines of records (``ordiff/_jsonlines.c``); see
:mod:`ordiff.wordsets`."""

from collections.abc import Sequence

from ordiff.model import ChangeKind, ClauseChange, Op, Span

def configure_lines(change_type: type[ClauseChange], span_type: type[Span], equal: Op,
                    unchanged_kind: ChangeKind, /) -> None: ...
def unchanged_lines(changes: Sequence[ClauseChange], /) -> list[str | None]: ...
