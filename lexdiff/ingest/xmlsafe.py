"""Safe XML parsing shared by every XML reader.

Bills come from the outside world, so XML is parsed with entity resolution,
DTD loading and network access off. A document that *declares* entities is
refused outright: with resolution off lxml would leave them unexpanded, which
silently loses text, and a reader must never produce a quietly wrong model.
A plain ``<!DOCTYPE bill PUBLIC ...>`` line (GPO bill XML has one) is fine.
"""

from __future__ import annotations

import re

from lxml import etree

from lexdiff.errors import ParseError

_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)
_DOCTYPE_SUBSET = re.compile(rb"<!DOCTYPE[^>\[]*\[", re.IGNORECASE)


def parse_xml(data: bytes, path: str) -> etree._ElementTree:
    """Parse untrusted XML bytes.

    Args:
        data: the raw file content.
        path: the file name, for error messages.

    Returns:
        The parsed tree (processing instructions and comments kept, since
        CAML carries its change marks as processing instructions).

    Raises:
        ParseError: malformed XML, or a DOCTYPE that declares entities.
    """
    head = data[:65536]
    if _ENTITY_DECL.search(head) or _DOCTYPE_SUBSET.search(head):
        raise ParseError(
            "XML declares entities in a DOCTYPE (possible entity-expansion or "
            "external-entity attack); lexdiff refuses to read it",
            path,
        )
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=False,
        remove_pis=False,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as err:
        line = f"line {err.lineno}: " if getattr(err, "lineno", None) else ""
        raise ParseError(f"malformed XML, {line}{err.msg}", path) from err
    if root is None:
        raise ParseError("XML document has no root element", path)
    return root.getroottree()
