"""The shell every netorg page shares: one self-contained, offline, UTF-8 HTML document.

A page is a head with a Content-Security-Policy and inline styles, a body, an optional JSON
data block and inline scripts. The policy forbids every request (``default-src 'none'``)
and lets only the page's own scripts run, named by their SHA-256 hashes, so markup that
reached the page through data could not run its event handlers. Data travel as JSON in a
``<script type="application/json">`` block with ``<``, ``>`` and ``&`` escaped, so no
string can end the block; scripts put text into the page only through ``textContent``.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from netorg._codes import one_chunk, text_buffers, text_bytes, text_scalar


def script_safe(json_text: str) -> str:
    """JSON that can sit inside ``<script>``: no ``<``, ``>`` or ``&`` (so no ``</script>``).

    These characters occur in JSON text only inside strings, where the ``\\uXXXX`` escapes
    decode to the same characters; U+2028/U+2029 are escaped for older JavaScript parsers.
    """
    for char in "<>&\u2028\u2029":
        if char in json_text:  # a search is several times faster than replace finding nothing
            json_text = json_text.replace(char, f"\\u{ord(char):04x}")
    return json_text


def script_json(value: Any) -> str:
    """``value`` as compact JSON, safe inside a script block (see :func:`script_safe`).

    :class:`RawJSON` values of dicts (of dicts, at any depth) are placed as they are.
    """
    return "".join(script_json_parts(value))


def script_json_parts(value: Any) -> list[str]:
    """:func:`script_json` in pieces that join to it: the texts of :class:`RawJSON` values
    stay pieces of their own, so hundreds of megabytes of records are never copied into one
    string (see :func:`page_pieces`)."""
    parts: list[str] = []
    _json_parts(value, parts)
    return [script_safe(part) for part in parts]


def _json_parts(value: Any, parts: list[str]) -> None:
    """Append the JSON of ``value`` to ``parts``."""
    if isinstance(value, RawJSON):
        parts += value.parts
    elif isinstance(value, dict) and all(isinstance(key, str) for key in value):
        parts.append("{")
        for i, (key, item) in enumerate(value.items()):
            parts.append(("," if i else "") + json_text(key) + ":")
            _json_parts(item, parts)
        parts.append("}")
    else:
        parts.append(json_text(value))


def csp_hash(script: str) -> str:
    """The CSP source expression allowing exactly this inline script."""
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def page_pieces(
    *,
    title: str,
    lang: str,
    body: str,
    styles: Sequence[str] = (),
    scripts: Sequence[str] = (),
    data_json: str | Sequence[str] | None = None,
    row_blocks: Sequence[tuple[str, RawJSON]] = (),
) -> list[str]:
    """A complete document, in pieces that join to it with ``"".join``; ``body`` is trusted
    HTML the caller escaped already. The data block is a piece of its own, so that a page
    with hundreds of megabytes of data is written by :func:`write_pieces` without being
    copied into one string and its bytes.

    ``row_blocks`` are (name, JSON array) pairs, each written as a data block of its own,
    ``<script type="application/json" class="netorg-rows" data-rows="name">``, after the
    data block: the page's script parses each and appends its rows to ``data[name]`` (see
    :func:`json_record_blocks` for why a table is cut into several)."""
    csp = "; ".join(
        (
            "default-src 'none'",
            "script-src " + (" ".join(csp_hash(s) for s in scripts) or "'none'"),
            "style-src 'unsafe-inline'",
            "img-src data: blob:",
            "font-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        )
    )
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{html.escape(lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{html.escape(csp, quote=False)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="netorg">',
        f"<title>{html.escape(title)}</title>",
        *(f"<style>\n{s}\n</style>" for s in styles),
        "</head>",
        "<body>",
        body,
    ]
    pieces = ["\n".join(parts)]
    if data_json is not None:
        data = [data_json] if isinstance(data_json, str) else list(data_json)
        pieces += ['\n<script id="netorg-data" type="application/json">', *data, "</script>"]
    for name, rows in row_blocks:
        pieces += [
            '\n<script type="application/json" class="netorg-rows" '
            f'data-rows="{html.escape(name)}">',
            *(script_safe(part) for part in rows.parts),
            "</script>",
        ]
    tail = [f"<script>{s}</script>" for s in scripts] + ["</body>", "</html>", ""]
    pieces.append("\n" + "\n".join(tail))
    return pieces


#: Characters encoded and written at a time by :func:`write_pieces`.
_WRITE_CHARS = 1 << 24


def write_pieces(path: str | Path, pieces: Sequence[str]) -> Path:
    """Write the joined ``pieces`` as UTF-8, a slice at a time."""
    path = Path(path)
    with path.open("wb") as out:
        for piece in pieces:
            for start in range(0, len(piece), _WRITE_CHARS):
                out.write(piece[start : start + _WRITE_CHARS].encode("utf-8"))
    return path


# -- JSON built column-wise ---------------------------------------------------------------
#
# json.dumps of a list of a million dicts takes seconds, and so does building the dicts. A
# table goes into the data block column by column instead: each column becomes an Arrow
# array of JSON texts, one per row, and Arrow's ``binary_join_element_wise`` lays the
# columns side by side into one object per row. The texts are exactly what json.dumps
# writes for the same values, so the page does not change.


#: The bytes JSON writes as a backslash and one character, and that character.
_SHORT_ESCAPES: Final = {
    '"': '"',
    "\\": "\\",
    "\n": "n",
    "\r": "r",
    "\t": "t",
    "\b": "b",
    "\f": "f",
}
_SHORT_ESCAPE: Final = np.zeros(256, bool)
_SHORT_ESCAPE[[ord(c) for c in _SHORT_ESCAPES]] = True
_ESCAPED_AS: Final = np.arange(256, dtype=np.uint8)
_ESCAPED_AS[[ord(c) for c in _SHORT_ESCAPES]] = [ord(c) for c in _SHORT_ESCAPES.values()]
#: The other control characters, which JSON writes as ``\u00XX``.
_LONG_ESCAPE: Final = np.arange(256) < 0x20
_LONG_ESCAPE[_SHORT_ESCAPE] = False


@dataclass(frozen=True)
class RawJSON:
    """JSON text that :func:`script_json` places as it is, e.g. from :func:`json_records`;
    given in ``parts`` that join to it, so a large text is not copied to add brackets."""

    parts: tuple[str, ...]

    def __init__(self, *parts: str) -> None:
        object.__setattr__(self, "parts", parts)

    @property
    def text(self) -> str:
        return "".join(self.parts)


def json_text(value: Any) -> str:
    """``value`` as compact JSON, non-ASCII characters kept (as the data block holds it)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def json_records(columns: Mapping[str, pa.Array]) -> RawJSON:
    """A JSON array with one object per row, keyed like ``columns``.

    Each column holds the JSON text of its value in every row (see :func:`json_column`);
    the result is what :func:`json_text` writes for the list of row dicts. The rows are laid
    out :data:`_RECORDS_AT_A_TIME` at a time, each batch a part of the result, so the laid-out
    bytes of all rows are never held next to their text.
    """
    size = len(next(iter(columns.values()))) if columns else 0
    return json_records_from(column_batches(columns), size)


def column_batches(
    columns: Mapping[str, pa.Array],
) -> Callable[[int, int], Mapping[str, pa.Array]]:
    """``columns`` as :func:`json_records_from` asks for them: rows ``start:stop`` of each."""
    return lambda start, stop: {
        key: values.slice(start, stop - start) for key, values in columns.items()
    }


def json_records_from(
    columns_of: Callable[[int, int], Mapping[str, pa.Array]], size: int
) -> RawJSON:
    """:func:`json_records` of ``size`` rows whose columns are made a batch at a time:
    ``columns_of(start, stop)`` gives the JSON columns of rows ``start:stop``. The JSON
    texts of every row's values are then never held at once either, only the records."""
    return json_record_blocks(columns_of, size, max_chars=math.inf)[0]


def json_record_blocks(
    columns_of: Callable[[int, int], Mapping[str, pa.Array]],
    size: int,
    *,
    max_chars: float | None = None,
) -> list[RawJSON]:
    """:func:`json_records_from`'s rows as one or more JSON arrays, each at most
    ``max_chars`` characters long (default :data:`BLOCK_CHARS`).

    A browser parses each array on its own: one text of a whole large table would pass the
    longest string JavaScript can hold (see :data:`BLOCK_CHARS`). An array is cut between
    batches of :data:`_RECORDS_AT_A_TIME` rows, so it is longer only when a single batch is.
    Always at least one array (``[]`` for no rows).
    """
    limit = BLOCK_CHARS if max_chars is None else max_chars
    blocks: list[list[str]] = []
    length = 0
    for start in range(0, size, _RECORDS_AT_A_TIME):
        stop = min(start + _RECORDS_AT_A_TIME, size)
        batch: list[pa.Array | pa.Scalar] = []
        for i, (key, values) in enumerate(columns_of(start, stop).items()):
            batch += [text_scalar(("{" if i == 0 else ",") + json_text(key) + ":"), values]
        rows = one_chunk(pc.binary_join_element_wise(*batch, text_scalar("},"), text_scalar("")))
        text = str(text_bytes(rows), "utf-8")
        if not blocks or length + len(text) > limit:
            blocks.append([])
            length = 0
        blocks[-1].append(text)
        length += len(text)
    for block in blocks:
        block[-1] = block[-1][:-1]  # without the last comma
    return [RawJSON("[", *block, "]") for block in blocks] or [RawJSON("[]")]


#: Rows :func:`json_records` lays out at a time.
_RECORDS_AT_A_TIME: Final = 1 << 16
#: The longest JSON array :func:`json_record_blocks` makes, in characters (64 Mi). V8, the
#: JavaScript engine of Chrome and Edge, holds strings of at most 2**29 - 24 characters
#: (about 512 Mi) on 64-bit machines; a page whose data were one longer text would stay
#: blank there (seen with three million agreements: 948 MB of data). The margin also
#: covers characters JavaScript counts twice (those outside the Basic Multilingual Plane).
BLOCK_CHARS: Final = 1 << 26


def json_column(values: pd.Series) -> pa.Array:
    """The JSON text of each value of ``values.tolist()``, as :func:`json_text` writes it.

    Numbers and booleans are written once per distinct value, texts by
    :func:`json_strings`; other values (lists, missing values, mixed types) go through
    json.dumps one by one.
    """
    if isinstance(values.dtype, np.dtype) and values.dtype.kind in "biuf":
        return _json_distinct(values.to_numpy())
    try:
        texts = pa.array(values, type=pa.large_string(), from_pandas=True)
    except (pa.ArrowException, UnicodeError):  # not all text
        texts = None
    if texts is not None and texts.null_count == 0:
        return json_strings(texts)
    return pa.array([json_text(v) for v in values.tolist()], type=pa.large_string())


def json_strings(texts: pa.Array) -> pa.Array:
    """Texts (without nulls) as JSON strings, as :func:`json_text` writes them.

    Works on the UTF-8 bytes of all texts at once: JSON escapes only ASCII characters, and
    an ASCII byte never occurs inside a longer UTF-8 sequence, so byte tests are exact.
    numpy puts in the quotes and backslashes: 0.3 s for a million tooltips, where
    Arrow's substring kernels took 1.8 s.
    """
    texts = one_chunk(texts).cast(pa.large_string())
    n = len(texts)
    bounds, data = text_buffers(texts)
    special = np.flatnonzero((data < 0x20) | (data == ord('"')) | (data == ord("\\")))
    escapes = special[_SHORT_ESCAPE[data[special]]]
    # A quote before and after every text, so two between neighbours; at one position the
    # quotes go before a backslash (that escapes the next text's first byte).
    quotes = np.repeat(bounds, 2)[1:-1]
    quote_at = quotes + np.arange(len(quotes)) + np.searchsorted(escapes, quotes)
    escape_at = escapes + np.arange(len(escapes)) + np.searchsorted(quotes, escapes, "right")
    out = np.empty(len(data) + len(quotes) + len(escapes), np.uint8)
    kept = np.ones(len(out), bool)
    kept[quote_at] = kept[escape_at] = False
    out[kept] = data
    out[quote_at] = ord('"')
    out[escape_at] = ord("\\")
    out[escape_at + 1] = _ESCAPED_AS[data[escapes]]
    offsets = bounds + 2 * np.arange(n + 1) + np.searchsorted(escapes, bounds)
    quoted = pa.LargeStringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(out))
    # Other control characters are rare: json.dumps itself writes the texts that have them.
    odd = special[_LONG_ESCAPE[data[special]]]
    if len(odd):
        rows = np.zeros(n, bool)
        rows[np.searchsorted(bounds, odd, "right") - 1] = True
        mask = pa.array(rows)
        fixed = [json_text(t) for t in texts.filter(mask).to_pylist()]
        quoted = pc.replace_with_mask(quoted, mask, pa.array(fixed, type=pa.large_string()))
    return quoted


def json_lists(lists: pa.Array, items: pa.Array) -> pa.Array:
    """Each list of ``lists`` as a JSON array, ``null`` for a null list.

    ``items`` holds the JSON text of every value in ``lists``, in order (see
    ``pyarrow.compute.list_flatten``).
    """
    lengths = pc.fill_null(pc.list_value_length(lists), 0).to_numpy()
    offsets = np.concatenate(([0], np.cumsum(lengths, dtype=np.int64)))
    grouped = pa.LargeListArray.from_arrays(pa.array(offsets, pa.int64()), items)
    arrays = pc.binary_join_element_wise(
        text_scalar("["),
        pc.binary_join(grouped, text_scalar(",")),
        text_scalar("]"),
        text_scalar(""),
    )
    return pc.if_else(pc.is_valid(lists), arrays, text_scalar("null"))


def _json_distinct(values: np.ndarray) -> pa.Array:
    # Floats by bit pattern, so that -0.0 keeps its sign.
    keys = values.view(f"i{values.itemsize}") if values.dtype.kind == "f" else values
    codes, distinct = pd.factorize(keys)
    if values.dtype.kind == "f":
        distinct = distinct.view(values.dtype)
    texts = pa.array([json_text(v) for v in distinct.tolist()], type=pa.large_string())
    return texts.take(pa.array(codes))
