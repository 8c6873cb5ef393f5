"""Direction per paragraph: ``dir="auto"`` resolved as a browser resolves it, for WeasyPrint.

A theme marks each element of the resume's text ``dir="auto"`` (a browser then takes each
one's direction from its own first strong character) and what always reads left to right,
such as a phone number or an e-mail address, ``dir="ltr"``. WeasyPrint honours only ``ltr``
and ``rtl`` (as the `direction` property, which sets Pango's base direction for the
element's text; it ignores `unicode-bidi`), so before layout every ``dir="auto"``, and every
``<bdi>`` without a ``dir``, is given the direction of its first strong character (HTML's
rule: text inside descendants with a direction of their own does not count), or its
parent's when it has none. The page layout keeps the locale's direction from ``<html>``.
"""

from __future__ import annotations

import unicodedata
from xml.etree.ElementTree import Element

_SKIPPED = {"bdi", "script", "style", "textarea"}  # their text never sets a parent's direction
_STRONG = {"L": "ltr", "R": "rtl", "AL": "rtl"}


def resolve(root: Element) -> None:
    """Give each ``dir="auto"`` element (and bare ``<bdi>``) of the tree under ``root`` the
    direction of its text. Two walks with stacks of their own, each element visited once: a
    deep or wide page costs neither Python's recursion limit nor quadratic time."""
    strong = _first_strong_of_each(root)
    stack = [(root, "ltr")]
    while stack:
        element, inherited = stack.pop()
        given = str(element.get("dir", "")).lower()
        if given == "auto" or (element.tag == "bdi" and given not in ("ltr", "rtl")):
            given = strong[element] or inherited
            element.set("dir", given)
        direction = given if given in ("ltr", "rtl") else inherited
        stack.extend((child, direction) for child in element if isinstance(child.tag, str))


def _first_strong_of_each(root: Element) -> dict[Element, str | None]:
    """For every element, ``ltr`` or ``rtl`` from the first strong character of its own
    text, or None: children first, so each text is read at most once. The text of a child
    that is isolated (bdi, script, style) or has a dir of its own does not count; the text
    after it does."""
    found: dict[Element, str | None] = {}
    stack: list[tuple[Element, bool]] = [(root, False)]
    while stack:
        element, children_done = stack.pop()
        if not children_done:
            stack.append((element, True))
            stack.extend((child, False) for child in element if isinstance(child.tag, str))
            continue
        result = first_strong(element.text or "")
        for child in element if result is None else ():
            if _counts(child):
                result = found[child]
            result = result or first_strong(child.tail or "")
            if result:
                break
        found[element] = result
    return found


def _counts(child: Element) -> bool:
    """Whether a child's text counts towards its parent's direction: not when it is isolated
    (bdi, script, style) or has a valid dir of its own (HTML ignores an invalid one)."""
    own = str(child.get("dir", "")).lower() in ("ltr", "rtl", "auto")
    return isinstance(child.tag, str) and child.tag not in _SKIPPED and not own


def first_strong(text: str) -> str | None:
    """``ltr`` or ``rtl`` from the first strong character of ``text``, or None."""
    for char in text:
        if (found := _STRONG.get(unicodedata.bidirectional(char))) is not None:
            return found
    return None
