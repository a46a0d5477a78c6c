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

import string
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final, TypeAlias

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from numpy.typing import ArrayLike

from netorg._codes import one_chunk, text_scalar

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


# -- whole columns ---------------------------------------------------------------------------
#
# A reason per row for a million rows is too slow one ``str.format`` at a time. The same
# templates fill whole columns at once: each template is split into its literal pieces and
# fields, and Arrow's ``binary_join_element_wise`` lays them side by side, row by row.
# Numbers are formatted once per distinct value, with :func:`number` and :func:`percent`, so
# a column says exactly what the one-row functions say.

Field: TypeAlias = str | pa.Array | pa.ChunkedArray


def text_column(
    catalogue: Catalogue, key: str, lang: str, size: int, /, **fields: Field
) -> pa.Array:
    """:func:`text` for ``size`` rows at once: each field a str (the same in every row) or
    an Arrow text array of ``size`` values. A row with a null field gets a null text."""
    templates = catalogue[key]
    template = templates.get(lang, templates[DEFAULT_LANGUAGE])
    pieces: list[pa.Scalar | pa.Array] = []
    for literal, name, spec, conversion in string.Formatter().parse(template):
        if literal:
            pieces.append(text_scalar(literal))
        if name is None:
            continue
        if spec or conversion:
            raise ValueError(f"template {key!r}: column templates take plain fields, not {name!r}")
        pieces.append(_as_field(fields[name]))
    if not any(isinstance(piece, pa.Array) for piece in pieces):  # only constant fields
        return pa.array([template.format(**fields)] * size, type=pa.large_string())
    return pc.binary_join_element_wise(*pieces, text_scalar(""))


def text_column_where(
    condition: ArrayLike, catalogue: Catalogue, key: str, lang: str, /, **fields: Field
) -> pa.Array:
    """:func:`text_column` in the rows where ``condition`` holds, null in the others, whose
    text is never built: a template that applies to few rows costs little time and memory."""
    mask = np.asarray(condition, dtype=bool)
    picked = pa.array(mask)
    subset = {
        k: pc.filter(v, picked) if isinstance(v, pa.Array | pa.ChunkedArray) else v
        for k, v in fields.items()
    }
    return in_rows(mask, text_column(catalogue, key, lang, int(mask.sum()), **subset))


def in_rows(condition: ArrayLike, filled: pa.Array) -> pa.Array:
    """``filled`` (one text per row where ``condition`` holds, in order) in those rows, null
    in the others."""
    mask = pa.array(np.asarray(condition, dtype=bool))
    return pc.replace_with_mask(pa.nulls(len(mask), pa.large_string()), mask, filled)


def joined_column(parts: Iterable[pa.Array], separator: str, size: int) -> pa.Array:
    """The non-null ``parts`` of each row joined with ``separator`` ("" where all are null).

    Arrow's ``null_handling="skip"`` does this in one pass, but pyarrow 26 leaves out the
    rows where every part is null (the result is shorter than its inputs); so in those rows
    the first part is made "", which joins to "". A separator put in front of every present
    part and cut off again afterwards copied every part three times (by hand: the tie
    reasons of 3.2 million pairs took 12.9 s that way, 10.6 s this way).
    """
    columns = [one_chunk(part).cast(pa.large_string()) for part in parts]
    if not columns:
        return pa.array([""] * size, type=pa.large_string())
    none = np.ones(size, dtype=bool)
    for column in columns:
        none &= column.is_null().to_numpy(zero_copy_only=False)
    if none.any():
        columns[0] = pc.if_else(pa.array(none), text_scalar(""), columns[0])
    return pc.binary_join_element_wise(*columns, text_scalar(separator), null_handling="skip")


def number_column(values: ArrayLike, lang: str, digits: int = 1) -> pa.Array:
    """:func:`number` of every value (NaN as ``nan``, as the one-value form writes it)."""
    return _distinct(values, lambda v: number(v, lang, digits))


def percent_column(values: ArrayLike, lang: str, digits: int = 0) -> pa.Array:
    """:func:`percent` of every value."""
    return _distinct(values, lambda v: percent(v, lang, digits))


def int_column(values: ArrayLike) -> pa.Array:
    """Whole numbers as text, as ``str`` writes them; missing values (``pd.NA``) are null."""
    return pa.array(values, from_pandas=True).cast(pa.int64()).cast(pa.large_string())


def where_column(
    condition: ArrayLike, values: pa.Array | str, other: pa.Array | str | None = None
) -> pa.Array:
    """``values`` where ``condition`` holds, else ``other`` (null when not given)."""
    mask = pa.array(np.asarray(condition, dtype=bool))
    fallback = other if other is not None else pa.scalar(None, pa.large_string())
    return pc.if_else(mask, _as_field(values), _as_field(fallback))


def per_distinct(show: Callable[..., str], *columns: np.ndarray) -> pa.Array:
    """``show(*row)`` for every row of ``columns``, called once per distinct row: for texts
    that no template builds (a date in words, a type's noun), as cheap as a column's."""
    if len(columns[0]) == 0:
        return pa.array([], type=pa.large_string())
    factors = [pd.factorize(column) for column in columns]
    key = np.ravel_multi_index([f[0] for f in factors], [len(f[1]) for f in factors])
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    rows = zip(*(column[first].tolist() for column in columns), strict=True)
    texts = pa.array([show(*row) for row in rows], type=pa.large_string())
    return texts.take(pa.array(inverse))


def per_distinct_where(
    condition: ArrayLike, show: Callable[..., str], *columns: np.ndarray
) -> pa.Array:
    """:func:`per_distinct` in the rows where ``condition`` holds, null in the others."""
    mask = np.asarray(condition, dtype=bool)
    return in_rows(mask, per_distinct(show, *(np.asarray(column)[mask] for column in columns)))


def _as_field(value: pa.Array | pa.ChunkedArray | pa.Scalar | str) -> pa.Array | pa.Scalar:
    """A field as Arrow large text; a column in several chunks (as Arrow's CSV reader gives a
    large file's) as one array, as the kernels here need arrays of one length."""
    if isinstance(value, str):
        return text_scalar(value)
    return one_chunk(value).cast(pa.large_string())


def _distinct(values: ArrayLike, show: Callable[[float], str]) -> pa.Array:
    # By bit pattern, so that -0.0 keeps its sign as it does in one-value formatting.
    bits = np.ascontiguousarray(values, dtype=np.float64).view(np.int64)
    codes, uniques = pd.factorize(bits)
    texts = pa.array([show(v) for v in uniques.view(np.float64).tolist()], type=pa.large_string())
    return texts.take(pa.array(codes))
