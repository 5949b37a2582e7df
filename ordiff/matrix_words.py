"""Words for grouping clauses by meaning: stems, taxonomy cue matching, TF-IDF similarity, labels.

The provision matrix (:mod:`ordiff.matrix`) decides which clauses of several ordinances say the
same thing. Two measures serve it, both deliberately simple so that a reader can check them:

* **cues**: a provision's cue words (``seeds/provisions.toml``) found in a clause, each token of
  the clause counted for one cue at most (the longest cue wins), so ``"judicial warrant"`` is not
  also ``"warrant"``. A cue shared by several provisions weighs ``1/k``; a cue of two or more
  words counts twice (it is more specific).
* **similarity**: cosine of TF-IDF vectors of the clauses' content words (stop words out, stems
  in), IDF over the clauses of the matrix itself. Order-free, unlike
  :func:`ordiff.textdiff.similarity`: two cities rarely say the same thing in the same order.

Stems are a light suffix strip (plural, ``-ing``, ``-ed``, final ``e``): enough for ``detain``,
``detained``, ``detaining`` to meet; the taxonomy lists the other forms it wants.
"""

from __future__ import annotations

__all__ = ["stem", "stems", "content_stems", "Cue", "compile_cues", "cue_hits", "Vectors", "cosine"]

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_WORD = re.compile(r"[a-z0-9]+")
_ARTICLES = frozenset({"a", "an", "the"})
_STOP = frozenset("""
a about after all also an and any are as at be been before being between both but by can could
do does each either for from had has have he her herein hereby his if in including into is it its
may more most must no nor not of on only or other otherwise shall she should so such than that
the their them then there these they this those thereof thereto to under unless upon was were
what when where whether which who will with within without would
""".split())


def stem(word: str) -> str:
    """A light stem: ``"detainers"`` → ``"detainer"``, ``"released"`` → ``"releas"``."""
    if len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if len(word) > 5 and word.endswith("ing"):
        word = word[:-3]
    elif len(word) > 4 and word.endswith("ed"):
        word = word[:-2]
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]
    return word


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("\u2019", "'").replace("'s", ""))


def stems(text: str) -> tuple[str, ...]:
    """The stems of a text's words in order, articles left out (so that a cue "enforcement of
    federal immigration" meets "enforcement of the Federal immigration law")."""
    return tuple(stem(w) for w in _words(text) if w not in _ARTICLES)


def content_stems(text: str) -> tuple[str, ...]:
    """The stems of a text's words that carry meaning: no stop words, no bare numbers."""
    return tuple(stem(w) for w in _words(text) if w not in _STOP and not w.isdigit())


@dataclass(frozen=True, slots=True)
class Cue:
    """One cue as stems, the provisions that list it, and its weight (see the module docstring)."""

    text: str
    stems: tuple[str, ...]
    provisions: tuple[str, ...]

    @property
    def weight(self) -> float:
        return (2.0 if len(self.stems) > 1 else 1.0) / len(self.provisions)


def compile_cues(cues: Iterable[tuple[str, Iterable[str]]]) -> tuple[Cue, ...]:
    """``(provision id, cue words)`` pairs → cues, longest first (ties by text: deterministic)."""
    owners: dict[tuple[str, ...], list[str]] = {}
    shown: dict[tuple[str, ...], str] = {}
    for provision, words in cues:
        for word in words:
            key = stems(word)
            if key:
                owners.setdefault(key, [])
                if provision not in owners[key]:
                    owners[key].append(provision)
                shown.setdefault(key, word)
    return tuple(Cue(shown[k], k, tuple(owners[k]))
                 for k in sorted(owners, key=lambda k: (-len(k), shown[k])))


def cue_hits(words: Sequence[str], cues: Sequence[Cue]) -> tuple[Cue, ...]:
    """The distinct cues found in ``words`` (stems), each word used by one cue at most."""
    used = [False] * len(words)
    found: list[Cue] = []
    for cue in cues:  # longest first
        size = len(cue.stems)
        hit = False
        for start in range(len(words) - size + 1):
            if tuple(words[start:start + size]) == cue.stems and not any(used[start:start + size]):
                used[start:start + size] = [True] * size
                hit = True
        if hit:
            found.append(cue)
    return tuple(found)


class Vectors:
    """TF-IDF vectors of a fixed set of texts (their :func:`content_stems`), for cosine and
    labels."""

    def __init__(self, texts: Sequence[tuple[str, ...]]) -> None:
        counts = [Counter(words) for words in texts]
        df: Counter[str] = Counter()
        for count in counts:
            df.update(count.keys())
        total = len(texts)
        self.idf = {w: math.log((total + 1) / (n + 1)) + 1.0 for w, n in df.items()}
        self.vectors = [{w: n * self.idf[w] for w, n in count.items()} for count in counts]

    def distinctive(self, members: Iterable[int], count: int = 3) -> tuple[str, ...]:
        """The stems that best tell these texts from the others: shared by most of them first,
        then by weight (ties by stem: deterministic)."""
        total: dict[str, float] = {}
        shared: Counter[str] = Counter()
        for index in members:
            for word, value in self.vectors[index].items():
                total[word] = total.get(word, 0.0) + value
                shared[word] += 1
        ranked = sorted(total.items(), key=lambda item: (-shared[item[0]] * self.idf[item[0]],
                                                         -item[1], item[0]))
        return tuple(word for word, _ in ranked[:count])


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Cosine of two sparse vectors (0 when either is empty)."""
    if len(a) > len(b):
        a, b = b, a
    dot = sum(value * b.get(word, 0.0) for word, value in a.items())
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0
