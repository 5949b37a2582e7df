"""The one place ordiff parses XML, and the only place it follows an include.

Guarantees (what callers may rely on):

* one module-level parser that never resolves entities, never loads a DTD, never touches the
  network and keeps libxml2's size limits (``huge_tree=False``);
* a document that declares entities in its DOCTYPE, or that still holds an entity reference
  (``_Entity`` node) after parsing, is refused with :class:`~ordiff.errors.ParseError`: entity
  expansion (billion laughs) and external entities (a local file's content) can never reach a
  clause (without a DOCTYPE, libxml2 itself refuses any entity reference as malformed);
* malformed XML is refused with a one-line message naming the file and the line libxml2 gave;
* ``.xinclude()`` is never called: :func:`include_target` turns an ``xi:include`` href into a
  file path only when it stays inside the folder being read (no absolute path, no URL, no
  ``..``, no symlink leading out, no symbolic link as the file: checked here, or refused by the
  kernel when the caller opens it with :data:`NOFOLLOW`), and the caller parses that file with
  :func:`parse_xml` again.
"""

from __future__ import annotations

__all__ = ["PARSER", "XI_INCLUDE", "NOFOLLOW", "parse_xml", "include_target", "IncludeTargets"]

import functools
import os
import re

from lxml import etree

from .errors import ParseError

#: The single parser: every document ordiff reads as XML goes through it.
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                         load_dtd=False, dtd_validation=False)

XI_INCLUDE = "{http://www.w3.org/2001/XInclude}include"

#: ``os.open`` flag that refuses a symbolic link as the file opened (0 where there is none):
#: with it, the check costs no ``lstat`` and leaves no window between check and open.
NOFOLLOW: int = getattr(os, "O_NOFOLLOW", 0)

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_HOSTILE_HINT = "ordiff reads plain XML only; remove the DOCTYPE and entity declarations"


def parse_xml(data: bytes, path: str) -> etree._Element:
    """Parse one document's bytes with the safe parser; ``path`` names it in messages."""
    doctype = data.find(b"<!DOCTYPE")
    if doctype >= 0 and b"<!ENTITY" in data:  # refuse before libxml2 sees an entity bomb
        raise ParseError("refused: the DOCTYPE declares entities", path=path,
                         line=data[:doctype].count(b"\n") + 1, hint=_HOSTILE_HINT)
    try:
        root = etree.fromstring(data, PARSER)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or None
        message = (exc.msg or "not well-formed").splitlines()[0]
        raise ParseError(f"malformed XML: {message}", path=path, line=line,
                         hint="check the file is complete, well-formed XML") from None
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is None:  # no DOCTYPE: libxml2 refused any entity reference but the five XML's own
        return root
    if any(True for _ in dtd.iterentities()):
        raise ParseError("refused: the DOCTYPE declares entities", path=path,
                         line=data[:max(doctype, 0)].count(b"\n") + 1, hint=_HOSTILE_HINT)
    for entity in root.iter(etree.Entity):
        raise ParseError(f"refused: entity reference {entity.text} is not resolved", path=path,
                         line=entity.sourceline, hint=_HOSTILE_HINT)
    return root


def include_target(element: etree._Element, including: str, root: str, where: str,
                   inside: set[str] | None = None, *, check_link: bool = True) -> str:
    """The file an ``xi:include`` names, checked to stay inside the folder being read.

    Args:
        element: the ``xi:include`` element.
        including: the file holding it, a path below ``root``; the href is relative to its folder.
        root: the folder being read (a title folder or a whole build).
        where: how messages name the including file.
        inside: folders already checked to resolve inside ``root`` (a cache the caller keeps
            for one read; each new folder is resolved once, symlinks included).
        check_link: False when the caller opens the target with :data:`NOFOLLOW` (not 0),
            so that the kernel refuses a symbolic link at the open itself; calling again
            with True after such an open failed gives the refusal.

    Returns:
        ``including``'s folder joined with the href's parts (never made absolute).
    """
    href = element.get("href") or ""
    if element.get("parse", "xml") != "xml" or element.get("xpointer") is not None:
        raise ParseError(f'refused xi:include "{href}": only whole XML files can be included',
                         path=where, line=element.sourceline,
                         hint='include whole files with parse="xml"')
    parts = [part for part in href.split("/") if part not in ("", ".")]
    if (not parts or ".." in parts or href[:1] in ("/", "\\") or "\\" in href
            or (":" in href and _SCHEME.match(href))):
        raise _refused(href, element, where, "it leaves the folder being read")
    folder, prefix = _folder(including, tuple(parts[:-1]))
    if ":" in parts[-1]:  # a drive in the name (Windows) changes the folder: take it as joined
        target = os.path.join(folder, parts[-1])
        folder = os.path.dirname(target)
    else:  # os.path.join(folder, name) for a name without a separator, one concatenation
        target = prefix + parts[-1]
    if inside is None or folder not in inside:
        real, base = os.path.realpath(folder), os.path.realpath(root)
        if real != base and os.path.commonpath([real, base]) != base:
            raise _refused(href, element, where, "its folder leads out of the folder being read")
        if inside is not None:
            inside.add(folder)
    if (check_link or not NOFOLLOW) and os.path.islink(target):
        raise _refused(href, element, where, "it is a symbolic link")
    return target


class IncludeTargets:
    """The targets of one read's includes, for a caller that opens them with :data:`NOFOLLOW`.

    A build's 24,000 includes name files in a few folders (``./sections/1-101.xml``): what
    :func:`include_target` finds for an href depends only on the including file, the href's
    folder part and its last part, and the last part needs no check when it is a plain name.
    So each (including file, href folder) is checked once, in full, and its later hrefs are the
    folder's prefix joined with their name (a third of the checks' cost on a whole build).
    Where the platform has no ``O_NOFOLLOW``, every href is checked in full (symbolic links).
    """

    def __init__(self, root: str) -> None:
        self.root = root
        self.inside: set[str] = set()
        self._prefixes: dict[tuple[str, str], str] = {}

    def target(self, element: etree._Element, including: str, where: str) -> str:
        """:func:`include_target` of ``element`` (with ``check_link=False``)."""
        href = element.get("href") or ""
        folder, _, name = href.rpartition("/")
        plain = _plain_name(name) and element.get("parse") is None and \
            element.get("xpointer") is None
        if plain and (prefix := self._prefixes.get((including, folder))) is not None:
            return prefix + name
        target = include_target(element, including, self.root, where, self.inside,
                                check_link=False)
        if plain and NOFOLLOW and target.endswith(name):
            self._prefixes[(including, folder)] = target[:len(target) - len(name)]
        return target


def _plain_name(name: str) -> bool:
    """A last href part that :func:`include_target` joins to its folder unchanged."""
    return bool(name) and name != "." and name != ".." and ":" not in name and "\\" not in name


@functools.lru_cache(maxsize=256)
def _folder(including: str, dirs: tuple[str, ...]) -> tuple[str, str]:
    """The folder of an include's target, and what a name joins to (the folder and its
    separator; nothing for no folder): a build's 24,000 includes name files in 55 folders, and
    ``os.path`` costs 2 µs a call."""
    folder = os.path.join(os.path.dirname(including), *dirs)
    return folder, os.path.join(folder, "")


def _refused(href: str, element: etree._Element, where: str, why: str) -> ParseError:
    return ParseError(f'refused xi:include "{href}": {why}', path=where, line=element.sourceline,
                      hint="includes must name files inside the title or code folder")
