"""ordiff: compare versions of ordinances clause by clause and publish annotated redlines.

The pipeline, one module per stage::

    store / read_text / read_dcxml   bytes -> Document (clause tree)      (parse_text: the marker rules)
    align                            two Documents -> clause pairings
    textdiff                         two strings -> word spans (diff-match-patch)
    compare                          align + textdiff -> Comparison
    serialize / render_text          Comparison -> JSON / terminal
    render_html / render_pdf         Comparison -> HTML (lxml) / PDF (WeasyPrint, lazily)

``api`` ties them together; ``cli`` is a thin click skin over ``api``.
"""

__version__ = "0.1.0"
