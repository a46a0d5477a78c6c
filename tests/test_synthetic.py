"""Tests for netorg._synthetic: shape, validity and determinism of the synthetic ecosystems.

Validity is checked with pandas against CONTRACT.md section 1 (not with netorg's loader),
so these tests pin down what the generator promises on its own.
"""

from __future__ import annotations

import datetime
import io
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netorg._synthetic import (
    AGREEMENT_COLUMNS,
    GOAL_TAGS,
    ORGANISATION_COLUMNS,
    PARTY_COLUMNS,
    SERVICE_TAGS,
    synthetic_tables,
)
from netorg.vocabulary import (
    AGREEMENT_TYPES,
    GOVERNANCE,
    ORGANISATION_TYPES,
    PHASES,
    ROLES,
    STATUSES,
    form_of,
)

AS_OF = datetime.date(2026, 1, 1)
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DECIMAL = re.compile(r"^\d+(\.\d+)?$")


@pytest.fixture(scope="module")
def small() -> dict[str, pd.DataFrame]:
    return synthetic_tables(50, seed=3)


@pytest.fixture(scope="module")
def medium() -> dict[str, pd.DataFrame]:
    return synthetic_tables(500, seed=11)


# ---------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------


def _items(column: pd.Series) -> pd.Series:
    """The items of a ;-joined list column (empty cells contribute nothing)."""
    cells = column[column != ""]
    return cells.str.split(";").explode()


def _dates(column: pd.Series) -> pd.Series:
    return pd.to_datetime(column.where(column != ""), format="%Y-%m-%d")


def _degrees(tables: dict[str, pd.DataFrame]) -> pd.Series:
    """Number of agreements each organisation is a party to."""
    a, p = tables["agreements"], tables["parties"]
    ends = pd.concat(
        [a["source"][a["source"] != ""], a["target"][a["target"] != ""], _items(a["parties"])]
    )
    counts = pd.concat([ends, p["org_id"]]).value_counts()
    return counts.reindex(tables["organisations"]["id"], fill_value=0)


def assert_valid(tables: dict[str, pd.DataFrame], as_of: datetime.date = AS_OF) -> None:
    """Every row is valid input per CONTRACT.md section 1, in raw (all-string) form."""
    o, a, p = tables["organisations"], tables["agreements"], tables["parties"]
    assert tuple(o.columns) == ORGANISATION_COLUMNS
    assert tuple(a.columns) == AGREEMENT_COLUMNS
    assert tuple(p.columns) == PARTY_COLUMNS
    for frame in (o, a, p):
        assert frame.index.equals(pd.RangeIndex(len(frame)))
        for name, column in frame.items():
            assert pd.api.types.is_string_dtype(column.dtype), name
            assert not column.isna().any(), name
            assert all(isinstance(cell, str) for cell in column), name

    # organisations
    assert o["id"].ne("").all() and o["id"].is_unique
    assert o["name"].ne("").all()
    assert o["type"].isin(ORGANISATION_TYPES).all()
    sizes = o["size"][o["size"] != ""]
    assert sizes.str.match(DECIMAL).all()
    assert (sizes.astype(float) >= 0).all()
    assert _items(o["capabilities"]).isin(SERVICE_TAGS).all()
    assert _items(o["needs"]).isin(SERVICE_TAGS).all()
    assert _items(o["goals"]).isin(GOAL_TAGS).all()
    org_ids = set(o["id"])

    # agreements
    assert a["id"].ne("").all() and a["id"].is_unique
    assert a["type"].isin(AGREEMENT_TYPES).all()
    assert a["status"].isin([*STATUSES, ""]).all()
    assert a["phase"].isin([*PHASES, ""]).all()
    assert a["governance"].isin([*GOVERNANCE, ""]).all()
    assert a["service"].isin([*SERVICE_TAGS, ""]).all()
    assert a["exclusive"].isin(["true", "false", ""]).all()
    assert _items(a["shared_goals"]).isin(GOAL_TAGS).all()
    values = a["value"][a["value"] != ""]
    assert values.str.match(DECIMAL).all()
    assert (values.astype(float) >= 0).all()
    for col in ("start", "end", "evaluation_date"):
        present = a[col][a[col] != ""]
        assert present.str.match(ISO_DATE).all(), col
        _dates(present)  # parses
    start, end = _dates(a["start"]), _dates(a["end"])
    assert not (end < start).any()

    two = a["source"] != ""
    listed = a["id"].isin(p["agreement_id"])
    in_cell = a["parties"] != ""
    assert (a["target"] != "").eq(two).all()  # both sides or neither
    assert (a.loc[two, "source"] != a.loc[two, "target"]).all()
    assert set(a.loc[two, "source"]) | set(a.loc[two, "target"]) <= org_ids
    # exactly one way of naming the parties per agreement
    assert (two.astype(int) + listed.astype(int) + in_cell.astype(int)).eq(1).all()
    members = a.loc[in_cell, "parties"].str.split(";")
    assert members.map(lambda ids: len(set(ids)) == len(ids) >= 3).all()
    assert set(_items(a["parties"])) <= org_ids

    # parties table: a lead and >= 2 distinct members per listed agreement
    assert set(p["agreement_id"]) <= set(a["id"])
    assert set(p["org_id"]) <= org_ids
    assert p["role"].isin(ROLES).all()
    assert not p.duplicated(["agreement_id", "org_id"]).any()
    per_agreement = p.groupby("agreement_id")
    assert per_agreement.size().ge(3).all()
    assert (p["role"] == "lead").groupby(p["agreement_id"]).sum().eq(1).all()

    # statuses agree with the dates as seen from as_of
    ts = pd.Timestamp(as_of)
    status = a["status"].replace("", "active")
    assert (end[status == "ended"] < ts).all()
    assert (start[status.isin(["planned", "proposed"])] > ts).all()
    active = status == "active"
    assert (start[active] <= ts).all()
    assert not (end[active] < ts).any()


# ---------------------------------------------------------------------------------------
# API, sizes, determinism
# ---------------------------------------------------------------------------------------


def test_sizes_and_tables(small: dict[str, pd.DataFrame]) -> None:
    assert set(small) == {"organisations", "agreements", "parties"}
    assert len(small["organisations"]) == 50
    assert len(small["agreements"]) == 500  # default: 10 per organisation
    tables = synthetic_tables(40, n_agreements=123, seed=5)
    assert len(tables["organisations"]) == 40
    assert len(tables["agreements"]) == 123


def test_valid_small(small: dict[str, pd.DataFrame]) -> None:
    assert_valid(small)


def test_valid_medium(medium: dict[str, pd.DataFrame]) -> None:
    assert_valid(medium)


def test_deterministic(small: dict[str, pd.DataFrame]) -> None:
    again = synthetic_tables(50, seed=3)
    for name, frame in small.items():
        pd.testing.assert_frame_equal(frame, again[name])
    other = synthetic_tables(50, seed=4)
    assert not other["agreements"].equals(small["agreements"])
    assert not other["organisations"].equals(small["organisations"])


def test_csv_round_trip(small: dict[str, pd.DataFrame]) -> None:
    """The frames are exactly what a CSV holds: writing and reading back changes nothing."""
    for frame in small.values():
        buffer = io.StringIO()
        frame.to_csv(buffer, index=False)
        buffer.seek(0)
        back = pd.read_csv(buffer, dtype=str, keep_default_na=False)
        assert back.columns.tolist() == frame.columns.tolist()
        assert back.astype(object).equals(frame.astype(object))


def test_edge_sizes() -> None:
    assert_valid(synthetic_tables(2, n_agreements=30))  # too few for multi-party
    assert_valid(synthetic_tables(3, n_agreements=80))
    empty = synthetic_tables(10, n_agreements=0)
    assert len(empty["agreements"]) == 0 and len(empty["parties"]) == 0
    assert tuple(empty["agreements"].columns) == AGREEMENT_COLUMNS
    assert len(synthetic_tables(5, n_agreements=1)["agreements"]) == 1
    with pytest.raises(ValueError):
        synthetic_tables(1)
    with pytest.raises(ValueError):
        synthetic_tables(10, n_agreements=-1)


def test_as_of_moves_the_dates() -> None:
    as_of = datetime.date(2019, 7, 15)
    tables = synthetic_tables(60, seed=2, as_of=as_of)
    assert_valid(tables, as_of)
    start = _dates(tables["agreements"]["start"])
    assert start.min() >= pd.Timestamp("2004-01-01")
    assert start.max() <= pd.Timestamp("2020-12-31")


@settings(
    max_examples=6,
    deadline=None,
    derandomize=True,  # the same examples every run
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    n_orgs=st.integers(2, 80),
    n_agreements=st.integers(0, 400),
    seed=st.integers(0, 2**32 - 1),
)
def test_always_valid(n_orgs: int, n_agreements: int, seed: int) -> None:
    tables = synthetic_tables(n_orgs, n_agreements=n_agreements, seed=seed)
    assert len(tables["organisations"]) == n_orgs
    assert len(tables["agreements"]) == n_agreements
    assert_valid(tables)


# ---------------------------------------------------------------------------------------
# statistical shape
# ---------------------------------------------------------------------------------------


def test_regions_and_organisations(medium: dict[str, pd.DataFrame]) -> None:
    o = medium["organisations"]
    counts = o["region"].value_counts()
    assert len(counts) == 10  # about n / 50
    assert counts.iloc[0] >= 3 * counts.iloc[-1]  # Zipf-ish sizes
    assert o["type"].nunique() >= 8
    assert o["type"].value_counts().index[0] == "care_provider"
    assert (o["capabilities"] != "").all() and (o["needs"] != "").all()
    sizes = o["size"][o["size"] != ""].astype(float)
    assert sizes.max() > 20 * sizes.median()  # lognormal FTE


def test_heavy_tailed_degree(medium: dict[str, pd.DataFrame]) -> None:
    degree = _degrees(medium)
    assert degree.max() >= 8 * degree.median()
    assert degree.quantile(0.99) >= 3 * degree.median()


def test_mostly_within_region(medium: dict[str, pd.DataFrame]) -> None:
    a = medium["agreements"]
    region = medium["organisations"].set_index("id")["region"]
    two = a[a["source"] != ""]
    same = two["source"].map(region) == two["target"].map(region)
    assert 0.5 < same.mean() < 0.95


def test_renewal_chains(medium: dict[str, pd.DataFrame]) -> None:
    a = medium["agreements"]
    two = a[(a["source"] != "") & (a["end"] != "")].copy()
    two["start_d"], two["end_d"] = _dates(two["start"]), _dates(two["end"])
    two = two.sort_values("start_d", kind="stable")
    key = ["source", "target", "service", "type"]
    following = two.groupby(key)["start_d"].shift(-1)
    seamless = following == two["end_d"] + pd.Timedelta(days=1)
    assert seamless.sum() >= 0.1 * len(two)  # many agreements are renewed without a gap
    per_pair = a[a["source"] != ""].groupby(["source", "target"]).size()
    assert (per_pair > 1).mean() > 0.2  # several agreements per pair are common


def test_multi_party_in_both_forms(medium: dict[str, pd.DataFrame]) -> None:
    a, p = medium["agreements"], medium["parties"]
    in_cell = a["parties"] != ""
    listed = a["id"].isin(p["agreement_id"])
    assert in_cell.sum() > 0 and listed.sum() > 0
    share = (in_cell | listed).mean()
    assert 0.02 <= share <= 0.03
    sizes = pd.concat(
        [a.loc[in_cell, "parties"].str.count(";") + 1, p.groupby("agreement_id").size()]
    )
    assert sizes.between(3, 30).all()
    assert (a.loc[listed, ["source", "target", "parties"]] == "").all().all()


def test_forms_types_and_statuses(medium: dict[str, pd.DataFrame]) -> None:
    a = medium["agreements"]
    forms = a["type"].map(form_of).value_counts(normalize=True)
    assert forms["market"] > 0.5
    assert 0.15 < forms["hybrid"] < 0.45
    assert 0 < forms["hierarchy"] < 0.06
    assert a["type"].nunique() >= 20
    statuses = a["status"].value_counts(normalize=True)
    assert statuses["active"] > 0.5
    assert statuses["ended"] > 0.1
    assert 0 < statuses["planned"] < 0.1 and 0 < statuses["proposed"] < 0.1
    start = _dates(a["start"])
    span = (start.max() - start.min()).days / 365.25
    assert 12 <= span <= 16
    assert (a["end"] == "").mean() > 0.05  # some open-ended
    assert 0.05 < (a["value"] == "").mean() < 0.5


def test_hybrid_fields(medium: dict[str, pd.DataFrame]) -> None:
    a = medium["agreements"]
    form = a["type"].map(form_of)
    hybrid, market = a[form == "hybrid"], a[form == "market"]
    for col in ("phase", "governance", "shared_goals", "evaluation_date"):
        filled = (hybrid[col] != "").mean()
        assert 0.3 < filled < 0.95, col  # mostly filled, some left empty on purpose
    for col in ("phase", "shared_goals", "evaluation_date"):
        assert (market[col] == "").all(), col
    assert set(a["exclusive"]) == {"true", "false", ""}


def test_key_people(medium: dict[str, pd.DataFrame]) -> None:
    contacts = _items(medium["agreements"]["contacts"]).value_counts()
    assert len(contacts) > 100
    assert contacts.iloc[0] >= 10 * contacts.median()
    assert (medium["agreements"]["contacts"].str.count(";") >= 1).any()


def test_ids_follow_start_dates(small: dict[str, pd.DataFrame]) -> None:
    a = small["agreements"]
    assert a["id"].iloc[0] == "A0001"
    assert _dates(a["start"]).is_monotonic_increasing
    assert np.array_equal(a["id"].to_numpy(), np.sort(a["id"].to_numpy()))
