"""The language setting: config key, eco.language, and the formatting helpers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

import netorg
from netorg._errors import ConfigError
from netorg.config import config_from_dict
from netorg.i18n import (
    int_column,
    join_and,
    join_or,
    joined_column,
    number,
    number_column,
    percent,
    percent_column,
    text,
    text_column,
    text_column_where,
    where_column,
)


def test_language_comes_from_config_and_is_settable() -> None:
    assert config_from_dict({}).language is None
    assert config_from_dict({"language": "nl"}).language == "nl"
    with pytest.raises(ConfigError, match="language must be one of en, nl, not 'de'"):
        config_from_dict({"language": "de"})
    eco = netorg.datasets.load("zorgregio")
    assert eco.language == "en"
    first = eco.analyze()
    eco.language = "nl"
    assert eco.analyze() is not first  # results in the old language are forgotten
    with pytest.raises(ValueError, match="netorg writes en, nl"):
        eco.language = "fr"


def test_formatting() -> None:
    assert number(1234.5, "nl") == "1.234,5" and number(1234.5, "en") == "1,234.5"
    assert percent(0.5, "nl") == "50%" and percent(0.125, "nl", 1) == "12,5%"
    assert join_and(["a"], "nl") == "a" and join_and(["a", "b", "c"], "nl") == "a, b en c"
    assert join_or(["a", "b"], "en") == "a or b"
    catalogue = {"k": {"en": "{n} ties", "nl": "{n} relaties"}, "only": {"en": "x"}}
    assert text(catalogue, "k", "nl", n=2) == "2 relaties"
    assert text(catalogue, "only", "nl") == "x"  # English when a template lacks Dutch


def test_column_functions_say_what_the_one_row_functions_say() -> None:
    catalogue = {
        "k": {"en": "{n} ties of {who} ({share})", "nl": "{n} relaties van {who} ({share})"}
    }
    values = np.array([0.5, -0.0, 0.0, np.nan, 1234.5678, 0.5])
    names = ["A", "B", "C", "D", "E", "F"]
    counts = pd.array([1, 2, None, 4, 5, 6], dtype="Int64")
    for lang in ("en", "nl"):
        filled = text_column(
            catalogue,
            "k",
            lang,
            len(names),
            n=int_column(counts),
            who=pa.array(names),
            share=percent_column(values, lang, 1),
        ).to_pylist()
        for i, name in enumerate(names):
            if counts[i] is pd.NA:
                assert filled[i] is None  # a missing field leaves the row's text missing
            else:
                one = text(
                    catalogue, "k", lang, n=counts[i], who=name, share=percent(values[i], lang, 1)
                )
                assert filled[i] == one
        assert number_column(values, lang, 2).to_pylist() == [number(v, lang, 2) for v in values]
    assert number_column(np.array([-0.0]), "en").to_pylist() == ["-0.0"]
    constant = text_column({"c": {"en": "no person"}}, "c", "en", 3).to_pylist()
    assert constant == ["no person"] * 3


def test_joined_column_keeps_every_row() -> None:
    # pyarrow's null_handling="skip" drops rows where every part is null; this must not.
    a = pa.array([None, "x", None, "p"])
    b = pa.array([None, None, "y", "q"])
    assert joined_column([a, b], ", ", 4).to_pylist() == ["", "x", "y", "p, q"]
    assert joined_column([], " ", 2).to_pylist() == ["", ""]
    marked = where_column(np.array([True, False, True, False]), a, "-").to_pylist()
    assert marked == [None, "-", None, "-"]


@given(
    st.integers(0, 8).flatmap(
        lambda n: st.lists(
            st.lists(st.sampled_from([None, "", "a", "bé", "c d"]), min_size=n, max_size=n),
            min_size=1,
            max_size=4,
        )
    ),
    st.sampled_from([" ", ", ", "", "\n"]),
    st.booleans(),
)
def test_joined_column_joins_the_present_parts_of_every_row(
    columns: list[list[str | None]], separator: str, chunked: bool
) -> None:
    n = len(columns[0])
    parts = [
        pa.chunked_array([c[: n // 2], c[n // 2 :]], pa.string()) if chunked else pa.array(c)
        for c in columns
    ]
    rows = [[c[i] for c in columns] for i in range(n)]
    expected = [separator.join(v for v in row if v is not None) for row in rows]
    assert joined_column(parts, separator, n).to_pylist() == expected


def test_text_column_where_fills_only_the_chosen_rows() -> None:
    catalogue = {"k": {"en": "{who} is {n}", "nl": "{who} is {n}"}}
    who = pa.array(["A", "B", "C", "D"])
    filled = text_column_where(
        np.array([True, False, True, False]), catalogue, "k", "en", who=who, n="x"
    )
    assert filled.to_pylist() == ["A is x", None, "C is x", None]
    nothing = text_column_where(np.zeros(2, dtype=bool), catalogue, "k", "en", who=who[:2], n="y")
    assert nothing.to_pylist() == [None, None]


def test_columns_in_several_chunks_fill_as_one() -> None:
    # Arrow's CSV reader gives a large file's text columns in chunks.
    catalogue = {"k": {"en": "{who}!"}}
    chunked = pa.chunked_array([["A", "B"], ["C"]])
    assert text_column(catalogue, "k", "en", 3, who=chunked).to_pylist() == ["A!", "B!", "C!"]
    picked = text_column_where(np.array([False, True, True]), catalogue, "k", "en", who=chunked)
    assert picked.to_pylist() == [None, "B!", "C!"]
