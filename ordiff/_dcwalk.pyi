"""Types of the optional C walk (``ordiff/_dcwalk.c``); see :mod:`ordiff.dcxml_walk`."""

from collections.abc import Callable

from lxml import etree

from .model import Clause, ClauseKind

def configure(clause_type: type[Clause], fields: tuple[str, ...],
              kinds: tuple[ClauseKind, ClauseKind, ClauseKind], unlabelled_prefix: str, statuses: frozenset[str], label_of: Callable[[str], str],
              element_type: type, probe: etree._Element) -> None: ...
def section(element: etree._Element) -> Clause | None: ...
