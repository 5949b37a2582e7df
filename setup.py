"""Only the optional C accelerator of the D.C. Code reader (all metadata is in setup.cfg).

``ordiff._dcwalk`` walks libxml2's tree under an lxml element (lxml's public C header gives the
element's layout; lxml's wheel ships libxml2's headers). ``optional=True``: where it cannot be
compiled, the install goes on and the reader uses its pure-Python walk, which gives the same
clauses.
"""

from setuptools import Extension, setup

try:
    import lxml
except ImportError:  # not installed where this builds: no accelerator, Python walk only
    extensions = []
else:
    extensions = [Extension("ordiff._dcwalk", ["ordiff/_dcwalk.c"],
                            include_dirs=lxml.get_include(), optional=True)]

setup(ext_modules=extensions)
