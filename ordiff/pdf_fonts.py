"""How wide text is in the fonts the PDF uses, so that lines can be wrapped in Python.

CSS cannot count lines, so numbered lines are broken by ordiff and WeasyPrint is told not to
break them again (:mod:`ordiff.pdf_lines`). The widths come from the very font files WeasyPrint
will use: fontconfig (through ``ctypes``, as Pango asks it) picks the file for each family of the
stylesheet's list, the first one installed under its own name; fontTools reads the advance widths.
Kerning and ligatures only ever narrow Liberation and DejaVu text, so the sums are safe upper
bounds; a character the font lacks counts a full em (Pango takes it from another font).
"""

from __future__ import annotations

__all__ = ["Face", "face", "SERIF", "SANS"]

import ctypes
import ctypes.util
from dataclasses import dataclass, field
from functools import lru_cache

from .errors import RenderError

SERIF = ("Liberation Serif", "DejaVu Serif")
SANS = ("Liberation Sans", "DejaVu Sans")


def _fontconfig() -> ctypes.CDLL:
    name = ctypes.util.find_library("fontconfig") or "libfontconfig.so.1"
    try:
        lib = ctypes.CDLL(name)
    except OSError:
        raise RenderError("fontconfig is not installed", hint="install WeasyPrint's libraries: "
                          "scripts/install") from None
    lib.FcNameParse.restype = ctypes.c_void_p
    lib.FcNameParse.argtypes = [ctypes.c_char_p]
    lib.FcConfigSubstitute.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int]
    lib.FcDefaultSubstitute.argtypes = [ctypes.c_void_p]
    lib.FcFontMatch.restype = ctypes.c_void_p
    lib.FcFontMatch.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.POINTER(ctypes.c_int)]
    lib.FcPatternGetString.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int,
                                       ctypes.POINTER(ctypes.c_char_p)]
    lib.FcPatternGetInteger.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int,
                                        ctypes.POINTER(ctypes.c_int)]
    lib.FcPatternDestroy.argtypes = [ctypes.c_void_p]
    return lib


def _match(family: str, bold: bool, italic: bool) -> tuple[str, str, int] | None:
    """(file, family, index) fontconfig gives for ``family`` in that style, or None."""
    lib = _fontconfig()
    query = f"{family}:weight={'bold' if bold else 'regular'}:slant={'italic' if italic else 'roman'}"
    pattern = lib.FcNameParse(query.encode("utf-8"))
    if not pattern:
        return None
    lib.FcConfigSubstitute(None, pattern, 0)
    lib.FcDefaultSubstitute(pattern)
    result = ctypes.c_int(0)
    found = lib.FcFontMatch(None, pattern, ctypes.byref(result))
    lib.FcPatternDestroy(pattern)
    if not found:
        return None
    path, name, index = ctypes.c_char_p(), ctypes.c_char_p(), ctypes.c_int(0)
    lib.FcPatternGetString(found, b"file", 0, ctypes.byref(path))
    lib.FcPatternGetString(found, b"family", 0, ctypes.byref(name))
    lib.FcPatternGetInteger(found, b"index", 0, ctypes.byref(index))
    out = (path.value or b"").decode("utf-8", "replace"), \
        (name.value or b"").decode("utf-8", "replace"), index.value
    lib.FcPatternDestroy(found)
    return out if out[0] else None


@dataclass(slots=True)
class Face:
    """Advance widths of one font file, in ems, read once and cached per character."""

    path: str
    family: str
    widths: dict[int, float] = field(default_factory=dict)
    _cmap: dict[int, str] = field(default_factory=dict)
    _advance: dict[str, float] = field(default_factory=dict)

    @classmethod
    def load(cls, path: str, family: str, index: int = 0) -> Face:
        from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

        with TTFont(path, lazy=True, fontNumber=index) as font:
            scale = 1.0 / font["head"].unitsPerEm
            advance = {name: width * scale for name, (width, _) in font["hmtx"].metrics.items()}
            cmap = dict(font.getBestCmap())
        return cls(path, family, {}, cmap, advance)

    def em(self, text: str) -> float:
        """Width of ``text`` in ems (multiply by the font size)."""
        total = 0.0
        widths = self.widths
        for char in text:
            code = ord(char)
            width = widths.get(code)
            if width is None:
                glyph = self._cmap.get(code)
                width = self._advance.get(glyph, 1.0) if glyph is not None else 1.0
                widths[code] = width
            total += width
        return total


@lru_cache(maxsize=None)
def face(families: tuple[str, ...], bold: bool = False, italic: bool = False) -> Face:
    """The face WeasyPrint will use for the first of ``families`` installed under its own name
    (as CSS font fallback does), in that style; fontconfig's own choice when none is."""
    fallback = None
    for family in families:
        found = _match(family, bold, italic)
        if found is None:
            continue
        fallback = fallback or found
        if found[1].casefold() == family.casefold():
            return Face.load(found[0], found[1], found[2])
    if fallback is None:
        raise RenderError(f"no font found for {families[0]}",
                          hint="install fonts-liberation2 (scripts/install)")
    return Face.load(fallback[0], fallback[1], fallback[2])
