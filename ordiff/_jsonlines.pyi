"""Types of the optional C JSON lines of records (``ordiff/_jsonlines.c``); see
:mod:`ordiff.json_records`."""

from collections.abc import Mapping, Sequence

from ordiff.model import ChangeKind, ClauseChange, Op, Span

def configure_lines(change_type: type[ClauseChange], span_type: type[Span], equal: Op,
                    kind_text: Mapping[ChangeKind, str], op_text: Mapping[Op, str], /
                    ) -> None: ...
def record_lines(changes: Sequence[ClauseChange], /) -> list[str | None]: ...
