"""Sections one read of a D.C. Code build made, for the next read of a comparison to reuse.

Kept apart from :mod:`ordiff.read_dcxml` (which needs lxml) so that a comparison can hold one
without importing lxml when its versions are plain text.
"""

from __future__ import annotations

__all__ = ["SectionMemo"]

from .model import Clause

#: A section's clause tree and the (number, line) of every section in it, in document order.
Entry = tuple[Clause, tuple[tuple[str, int], ...]]


class SectionMemo:
    """Sections an earlier read made, by the sha256 of their file, for a later read to reuse.

    Two builds of a code share most section files byte for byte (between the D.C. Code's
    2021 and 2024 builds, nine in ten): the second read of a comparison need not parse and walk
    them again, and its clauses are then the very objects of the first read, which the
    comparison pairs without looking inside. A section is the same clauses whatever its file's
    place (a clause's path comes from its own numbers), so the file's digest is the key.
    Only section files are kept (a container's clauses depend on the files it includes), and
    only those whose reading warned of nothing (a warning names the file; "appears twice" is
    replayed). An entry serves one later read once: a clause object never stands twice in a
    tree, and a read never reuses its own sections.
    """

    def __init__(self) -> None:
        self._earlier: dict[str, Entry] = {}
        self._fresh: dict[str, Entry] = {}

    def take(self, digest: str) -> Entry | None:
        """The section read from a file with this digest by an earlier read, given out once,
        with the (number, line) of every section in it."""
        return self._earlier.pop(digest, None)

    def keep(self, digest: str, clause: Clause, sections: tuple[tuple[str, int], ...]) -> None:
        """What this read made of a section file, for the next read."""
        self._fresh.setdefault(digest, (clause, sections))

    def finish(self) -> None:
        """The read is over: what it kept is what the next read may take."""
        self._earlier, self._fresh = self._fresh, {}
