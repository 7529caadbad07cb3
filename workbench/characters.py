"""Characters that must not travel: what text keeps on its way into the case and the index.

Two kinds of character cause trouble far from where they came in:

- **Characters XML 1.0 forbids** (C0 controls other than tab, line feed and
  carriage return, unpaired surrogates, U+FFFE/U+FFFF). Text pasted from
  other programs carries BEL, ESC, BS and the like; DOCX and PDF writers
  cannot hold them, so a letter holding one could not be exported at all.
  ``xml_safe`` drops them (the DEL and C1 controls too, which XML discourages
  and no letter means), and turns vertical tab and form feed, which word
  processors use as breaks, into a space so words are not glued together.
  ``clean_case`` applies it to every string of a case: letter import, typing,
  paste and the library import all pass through it, and the writers apply it
  again so nothing slips past a path that forgot.
- **Format characters** (Unicode category Cf: soft hyphen, zero-width space,
  joiners, word joiner, byte order mark, direction marks). They are
  invisible, yet the full-text engine treats them as word breaks, so
  "radicu\\u00ADlopathy" is never found as "radiculopathy". ``searchable``
  drops them, composes accents (NFC) and folds compatibility forms that only
  change the look (ligatures such as "ﬁ", Arabic presentation forms,
  full-width letters) to the letters they stand for. Record pages are stored
  through it and every query is parsed through it: one function on both
  sides, so the index and the query always agree. Other compatibility
  characters ("½", "²") are kept as written, for the reviewer reads the page.
"""

from __future__ import annotations

import copy
import dataclasses
import re
import unicodedata
from typing import Any, TypeVar

# XML 1.0 forbids these; DEL and the C1 controls are "discouraged" and never meant in a letter.
_FORBIDDEN = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
_BREAKS = re.compile("[\x0b\x0c\x85]")  # vertical tab, form feed, next line: a break, not nothing
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# Presentation forms whose compatibility mapping is the same text in its plain letters.
_COMPATIBILITY_FORMS = re.compile("[\ufb00-\ufdff\ufe70-\ufeff\uff00-\uffef]")

T = TypeVar("T")


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 (and so DOCX and PDF writers) cannot hold."""
    if not text or text.isprintable() or _UNSAFE.search(text) is None:
        return text  # the usual page: one scan, no copy
    return _FORBIDDEN.sub("", _BREAKS.sub(" ", text))


def drop_format(text: str) -> str:
    """``text`` without Unicode format characters (category Cf), which are never seen."""
    if text.isascii():
        return text
    return "".join(char for char in text if unicodedata.category(char) != "Cf")


def searchable(text: str) -> str:
    """The one normal form of text for the records index and for queries (see the module)."""
    text = xml_safe(text)
    if text.isascii():
        return text
    text = unicodedata.normalize("NFC", drop_format(text))
    if _COMPATIBILITY_FORMS.search(text):
        text = _COMPATIBILITY_FORMS.sub(lambda m: unicodedata.normalize("NFKC", m.group(0)), text)
    return text


def clean_case(case: T) -> T:
    """Every string in ``case`` (a dataclass tree of lists and dicts) made ``xml_safe``, in place.

    Returns the same object, so it can wrap an expression.
    """
    _clean_fields(case)
    return case


def clean_copy(tree: T) -> T:
    """A copy of ``tree`` with every string ``xml_safe``; the writers draw from it."""
    return clean_case(copy.deepcopy(tree))


def _clean_value(value: Any) -> Any:
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, list):
        for index, item in enumerate(value):
            cleaned = _clean_value(item)
            if cleaned is not item:
                value[index] = cleaned
        return value
    if isinstance(value, dict):
        for key, item in list(value.items()):
            cleaned = _clean_value(item)
            if cleaned is not item:
                value[key] = cleaned
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        _clean_fields(value)
    return value


def _clean_fields(instance: Any) -> None:
    for field in dataclasses.fields(instance):
        value = getattr(instance, field.name)
        cleaned = _clean_value(value)
        if cleaned is not value and not (isinstance(value, str) and cleaned == value):
            setattr(instance, field.name, cleaned)
