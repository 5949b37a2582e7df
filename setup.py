"""Only the optional C accelerators (all metadata is in setup.cfg).

``ordiff._dcwalk`` walks libxml2's tree under an lxml element (lxml's public C header gives the
element's layout; lxml's wheel ships libxml2's headers). ``optional=True``: where it cannot be
compiled, the install goes on and the reader uses its pure-Python walk, which gives the same
clauses.

The others need only Python's headers, so they are built with or without lxml, and are
optional too: where one cannot be compiled, the same functions in Python give the same results.
Each is loaded by one Python module (through :func:`ordiff.accel.extension`), which holds the
reference versions: for :mod:`ordiff.wordsets`, ``ordiff._words`` (a clause's words),
``ordiff._multisets`` (the overlap of word multisets), ``ordiff._candidates`` (the aligner's
candidate index and filter), ``ordiff._trees`` (a clause tree's tables) and ``ordiff._records``
(an unchanged clause's record); for :mod:`ordiff.json_records`, ``ordiff._jsonlines`` (the JSON
lines of change records); they share ``ordiff/_accel.h`` (and ``_jsonout.h``, the JSON
strings). For the word diff: ``ordiff._cleanup``, its merge and semantic cleanups (see
:mod:`ordiff.diff_cleanup`), and ``ordiff._difftokens``, its tokens and placeholders under the
default options (see :mod:`ordiff.textdiff`) and the anchoring's count of differing placeholders
(see :mod:`ordiff.textdiff_anchor`).
"""

from setuptools import Extension, setup

HEADERS = ["ordiff/_accel.h", "ordiff/_jsonout.h"]
SHARING = ("_words", "_multisets", "_candidates", "_trees", "_records", "_jsonlines",
           "_difftokens")
extensions = [Extension(f"ordiff.{name}", [f"ordiff/{name}.c"], depends=HEADERS,
                        optional=True) for name in SHARING]
extensions.append(Extension("ordiff._cleanup", ["ordiff/_cleanup.c"], optional=True))
try:
    import lxml
except ImportError:  # not installed where this builds: no C walk, the Python walk only
    pass
else:
    extensions.append(Extension("ordiff._dcwalk", ["ordiff/_dcwalk.c"],
                                include_dirs=lxml.get_include(), optional=True))

setup(ext_modules=extensions)
