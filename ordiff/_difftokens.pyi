"""Types of the optional C tokens and placeholders of the word diff (``ordiff/_difftokens.c``);
see :mod:`ordiff.textdiff`."""

def placeholders(old: str, new: str, /) -> tuple[list[str], list[str], str, str] | None: ...
