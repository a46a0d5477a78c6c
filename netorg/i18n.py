"""The languages netorg writes its reasons, details and report labels in: English and Dutch.

Planners in the Netherlands read and present their findings in Dutch, scripts and
international readers in English. Every sentence a finding carries is written from a
template in both languages; the column names and the values of enumerated columns
(``tie_class``, ``risk_kind``, ``recommendation``, ...) stay English in both, because
users' scripts and spreadsheets rely on them (CONTRACT.md).

Each module keeps its own catalogue next to the code that fills it in::

    _TEXT = {
        "head": {"en": "{a} and {b} work together.", "nl": "{a} en {b} werken samen."},
    }
    text(_TEXT, "head", lang, a=name_a, b=name_b)

and formats numbers with :func:`number` and :func:`percent`, and lists with
:func:`join_and` and :func:`join_or`, so that Dutch text gets a decimal comma and "en"/"of".

The language of an ecosystem is ``eco.language``: the config file's ``language`` key, or
English; ``netorg analyze --lang nl`` sets it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final

#: The languages netorg writes, the first is the default.
LANGUAGES: Final[tuple[str, ...]] = ("en", "nl")
DEFAULT_LANGUAGE: Final = "en"

Catalogue = Mapping[str, Mapping[str, str]]


def check_language(lang: str) -> str:
    """``lang`` if netorg writes it, else a ValueError that lists the languages."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; netorg writes {', '.join(LANGUAGES)}")
    return lang


def text(catalogue: Catalogue, key: str, lang: str, /, **fields: Any) -> str:
    """The template ``key`` in ``lang`` (English when missing), filled with ``fields``."""
    templates = catalogue[key]
    return templates.get(lang, templates[DEFAULT_LANGUAGE]).format(**fields)


def number(value: float, lang: str, digits: int = 1) -> str:
    """``value`` with ``digits`` decimals and thousands separators for ``lang``.

    >>> number(1234.5, "en"), number(1234.5, "nl")
    ('1,234.5', '1.234,5')
    """
    shown = f"{value:,.{digits}f}"
    if lang == "nl":
        shown = shown.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return shown


def percent(value: float, lang: str, digits: int = 0) -> str:
    """``value`` (a share in [0, 1]) as a percentage: ``45%`` in both languages.

    >>> percent(0.455, "en", 1), percent(0.455, "nl", 1)
    ('45.5%', '45,5%')
    """
    return number(100 * value, lang, digits) + "%"


def _join(items: Iterable[str], lang: str, word: Mapping[str, str]) -> str:
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {word.get(lang, word[DEFAULT_LANGUAGE])} " + items[-1]


def join_and(items: Iterable[str], lang: str) -> str:
    """``a, b and c`` / ``a, b en c``."""
    return _join(items, lang, {"en": "and", "nl": "en"})


def join_or(items: Iterable[str], lang: str) -> str:
    """``a, b or c`` / ``a, b of c``."""
    return _join(items, lang, {"en": "or", "nl": "of"})
