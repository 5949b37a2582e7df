"""Only the optional C accelerators (all metadata is in setup.cfg).

``ordiff._dcwalk`` walks libxml2's tree under an lxml element (lxml's public C header gives the
element's layout; lxml's wheel ships libxml2's headers). ``optional=True``: where it cannot be
compiled, the install goes on and the reader uses its pure-Python walk, which gives the same
clauses.

``ordiff._wordsets`` counts the aligner's word multisets (see :mod:`ordiff.wordsets`); it needs
only Python's headers, so it is built with or without lxml, and is optional too: where it cannot
be compiled, the same functions in Python give the same results. ``ordiff._cleanup`` (the word
diff's merge and semantic cleanups, see :mod:`ordiff.diff_cleanup`) likewise.
"""

from setuptools import Extension, setup

extensions = [Extension("ordiff._wordsets", ["ordiff/_wordsets.c"], optional=True),
              Extension("ordiff._cleanup", ["ordiff/_cleanup.c"], optional=True)]
try:
    import lxml
except ImportError:  # not installed where this builds: no C walk, the Python walk only
    pass
else:
    extensions.append(Extension("ordiff._dcwalk", ["ordiff/_dcwalk.c"],
                                include_dirs=lxml.get_include(), optional=True))

setup(ext_modules=extensions)
