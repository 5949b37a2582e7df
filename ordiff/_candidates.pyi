"""Types of the optional C candidate index and filter of the aligner (``ordiff/_candidates.c``);
see :mod:`ordiff.wordsets`."""

from collections import Counter
from collections.abc import Iterable

def bounded(candidates: Iterable[int], new_size: list[int], new_rank: list[int],
            new_words: list[Counter[str]], words: Counter[str], size: int, rank: int,
            least: float, threshold: float, /) -> list[int]: ...
def postings(indices: list[int], words: list[Counter[str]], /) -> dict[str, list[int]]: ...
