"""Text folding for matching what planners type against what documents say.

Planners type without diacritics ("cuc bao chi"), abbreviations vary in
punctuation ("Bộ TT&TT", "bo tttt") and Vietnamese "đ" does not decompose under
Unicode normalisation, so a plain NFKD strip is not enough: anyascii transliterates.
"""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

_NON_WORD = re.compile(r"[^a-z0-9]+")

CONTROL_CHARACTERS = "[\x00-\x08\x0b\x0c\x0e-\x1f]"
"""A character class: the control characters other than tab and line breaks, which XML 1.0 cannot hold,
not even as character references. Loaders refuse them in text; RDF/XML refuses them in an export."""


def fold(text: str) -> str:
    """Lower-case ASCII words separated by single spaces: "Cục Báo chí" -> "cuc bao chi"."""
    ascii_text = anyascii(unicodedata.normalize("NFC", text)).lower()
    return _NON_WORD.sub(" ", ascii_text).strip()


def compact(text: str) -> str:
    """``fold`` without spaces, for abbreviations: "Bộ TT&TT" -> "botttt"."""
    return fold(text).replace(" ", "")


def slug(text: str) -> str:
    """A readable id key: "Cục Báo chí" -> "cuc-bao-chi"."""
    return fold(text).replace(" ", "-")
