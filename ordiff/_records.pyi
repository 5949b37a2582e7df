"""Types of the optional C record of an unchanged clause (``ordiff/_records.c``); see
:mod:`ordiff.wordsets`."""

from ordiff.model import ChangeKind, Clause, ClauseChange, Op, Span

def configure_unchanged(change_type: type[ClauseChange], span_type: type[Span], equal: Op,
                        unchanged_kind: ChangeKind, /) -> None: ...
def unchanged(clause: Clause, /) -> ClauseChange: ...
