"""Types of the optional C tables of a clause tree (``ordiff/_trees.c``); see
:mod:`ordiff.wordsets`."""

from collections.abc import Mapping, Sequence

from ordiff.model import Clause, ClauseKind

def tree_tables(tops: Sequence[Clause], rank_by_kind: Mapping[ClauseKind, int],
                prefix_by_kind: Mapping[ClauseKind, str], /) -> tuple[
    list[Clause], list[int], list[list[int]], list[int], list[int], list[int], list[str]]: ...
