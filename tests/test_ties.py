"""Tie classes and latent ties on tiny hand-built ecosystems with the answer written out."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import netorg
from netorg.config import config_from_dict

AS_OF = "2026-06-30"

ORGS = pd.DataFrame(
    {
        "id": ["GEM", "JZ", "JZ2", "ICT", "GGD", "ZG", "TZ"],
        "name": ["Gemeente Oss", "Jeugdzorg", "Jeugdhulp", "ICT BV", "GGD", "Zorggroep", "Thuis"],
        "type": ["municipality", "care_provider", "care_provider", "company",
                 "government_agency", "care_provider", "care_provider"],
        "needs": ["youth_care;ict", "", "", "", "", "", ""],
    }
)  # fmt: skip


def agreement(
    id: str,
    type: str,
    source: str,
    target: str,
    start: str = "",
    end: str = "",
    *,
    value: str = "",
    service: str = "",
    status: str = "",
    contacts: str = "",
    parties: str = "",
) -> dict[str, str]:
    return {
        "id": id, "type": type, "source": source, "target": target, "parties": parties,
        "start": start, "end": end, "value": value, "service": service, "status": status,
        "contacts": contacts,
    }  # fmt: skip


CHAIN = [
    agreement(f"K{i}", "tender_award", "GEM", "JZ", f"{2017 + 2 * i}-07-01",
              f"{2019 + 2 * i}-06-30", value="900000", service="youth_care",
              status="ended" if i < 4 else "", contacts="E. Mulder")
    for i in range(5)
]  # fmt: skip
SMALL = agreement(
    "S1", "contract", "GEM", "JZ2", "2025-01-01", "", value="100000", service="youth_care",
    contacts="P. Jansen",
)  # fmt: skip


def ties_of(
    rows: list[dict[str, str]], orgs: pd.DataFrame = ORGS, **params: object
) -> pd.DataFrame:
    eco = netorg.from_frames(orgs, pd.DataFrame(rows), as_of=AS_OF)
    return netorg.tie_classes(eco, **params)


def row(ties: pd.DataFrame, a: str, b: str) -> pd.Series:
    match = ties[(ties["org_a"] == a) & (ties["org_b"] == b)]
    assert len(match) == 1, ties[["org_a", "org_b"]]
    return match.iloc[0]


def test_long_renewed_dominant_one_person_tie_is_implicit() -> None:
    ties = ties_of([*CHAIN, SMALL])
    t = row(ties, "GEM", "JZ")
    assert t["tie_class"] == "implicit" and t["active"]
    assert t["n_agreements"] == 5 and t["types"] == "tender_award"
    assert t["duration_years"] == pytest.approx(9.0, abs=0.01)
    assert t["successive_agreements"] == 5 and t["renewal_chain"] == "K0..K4"
    assert t["buyer_share"] == pytest.approx(0.9)
    assert t["buyer_hhi"] == pytest.approx(0.9**2 + 0.1**2)
    assert t["n_suppliers"] == 2
    assert t["contacts"] == ("E. Mulder",) and t["core_need"]
    # signals: 9 years > 8 (full), 4 renewals (full), 90 %, one person, a need
    expected = (0.25 * 1 + 0.20 * 1 + 0.25 * 0.9 + 0.15 * 1 + 0.15 * 1) / 1.0
    assert t["score"] == pytest.approx(expected, abs=1e-4)
    assert ties.index[ties["org_b"] == "JZ"][0] == 0, "implicit ties come first"
    reason = t["reasons"]
    for words in (
        "9.0 years",
        "5 successive agreements without a gap (K0..K4)",
        "90% of Gemeente Oss's live youth_care spend",
        "carried by one person (E. Mulder)",
        "youth_care is one of Gemeente Oss's needs",
        "reaches the threshold 0.70",
    ):
        assert words in reason
    small = row(ties, "GEM", "JZ2")
    assert small["tie_class"] == "market"
    assert "below 0.70" in small["reasons"]


def test_threshold_just_passed_and_just_missed() -> None:
    score = row(ties_of([*CHAIN, SMALL]), "GEM", "JZ")["score"]
    assert (
        row(ties_of([*CHAIN, SMALL], implicit_threshold=score), "GEM", "JZ")["tie_class"]
        == "implicit"
    )
    assert (
        row(ties_of([*CHAIN, SMALL], implicit_threshold=score + 0.0001), "GEM", "JZ")["tie_class"]
        == "market"
    )


def test_a_gap_breaks_the_renewal_chain() -> None:
    rows = [
        agreement("K1", "contract", "GEM", "ICT", "2018-01-01", "2018-12-31", service="ict",
                  status="ended"),
        agreement("K2", "contract", "GEM", "ICT", "2019-01-01", "2019-12-31", service="ict",
                  status="ended"),
        agreement("K3", "contract", "GEM", "ICT", "2020-06-01", "", service="ict"),
    ]  # fmt: skip
    t = row(ties_of(rows), "GEM", "ICT")
    assert (t["successive_agreements"], t["renewal_chain"]) == (2, "K1..K2")
    t = row(ties_of(rows, renewal_gap_days=200), "GEM", "ICT")
    assert (t["successive_agreements"], t["renewal_chain"]) == (3, "K1..K3")


def test_pair_without_live_agreement_is_inactive_never_implicit() -> None:
    ended = [{**a, "status": "ended", "end": a["end"] or "2025-12-31"} for a in CHAIN]
    t = row(ties_of(ended), "GEM", "JZ")
    assert not t["active"] and t["n_live"] == 0
    assert t["tie_class"] == "market"
    assert t["score"] > 0.7, "it would have been implicit had it been live"
    assert t["reasons"].startswith("Inactive: no live agreement on 2026-06-30")


def test_multi_party_agreement_ties_every_pair() -> None:
    rows = [agreement("C1", "covenant", "", "", "2024-01-01", parties="GGD;ZG;TZ")]
    ties = ties_of(rows)
    assert len(ties) == 3
    assert set(ties["tie_class"]) == {"alliance"}
    assert set(ties["score"]) == {0.0}
    assert "Alliance: 1 hybrid agreement (C1), 1 live" in ties.loc[0, "reasons"]


def test_pair_with_market_and_hybrid_agreements_says_what_each_contributes() -> None:
    rows = [*CHAIN, agreement("R1", "referral", "GEM", "JZ", "2024-01-01")]
    t = row(ties_of(rows), "GEM", "JZ")
    assert t["tie_class"] == "alliance"
    assert (t["market_agreements"], t["hybrid_agreements"]) == (5, 1)
    assert "Alliance: 1 hybrid agreement (R1), 1 live." in t["reasons"]
    assert (
        "Also market agreements: 5 market agreements (K0, K1, K2, K3, K4), 1 live" in t["reasons"]
    )
    assert t["score"] > 0.9  # the market part is scored all the same


def test_hierarchy_and_what_does_not_count() -> None:
    rows = [
        agreement("O1", "ownership", "ZG", "TZ", "2020-01-01"),
        agreement("M1", "merger", "GGD", "ZG", "2027-01-01", status="proposed"),
        agreement("P1", "purchase", "GEM", "ICT", "2027-01-01", service="ict"),  # not started
        agreement("P2", "purchase", "GEM", "GGD", "2026-01-01", status="planned"),
    ]
    ties = ties_of(rows)
    assert list(ties["org_a"] + "-" + ties["org_b"]) == ["ZG-TZ"]
    assert ties.loc[0, "tie_class"] == "hierarchy"
    assert ties.loc[0, "reasons"] == "Hierarchy: 1 hierarchy agreement (O1), 1 live."


def test_dependency_without_values_and_on_the_supplier_side() -> None:
    rows = [
        agreement("A", "purchase", "GEM", "ICT", "2025-01-01", service="ict"),
        agreement("B", "purchase", "GEM", "JZ", "2025-01-01", service="ict"),
    ]
    t = row(ties_of(rows), "GEM", "ICT")
    assert pd.isna(t["buyer_share"]) and t["n_suppliers"] == 2
    assert t["signal_dependency"] == 0.5  # no values: one of two suppliers
    assert "one of 2 live suppliers of ict" in t["reasons"]
    orgs = ORGS.assign(revenue=["", "", "", "200000", "", "", ""])
    rows = [
        agreement("A", "purchase", "GEM", "ICT", "2025-01-01", value="150000", service="ict"),
        agreement("B", "purchase", "GEM", "JZ", "2025-01-01", value="850000", service="ict"),
    ]
    t = row(ties_of(rows, orgs=orgs), "GEM", "ICT")
    assert t["buyer_share"] == pytest.approx(0.15)
    assert t["supplier_revenue_share"] == pytest.approx(0.75)
    assert t["signal_dependency"] == pytest.approx(0.75)
    assert "75% of ICT BV's revenue" in t["reasons"]


def test_org_a_is_the_buyer_whatever_the_id_order() -> None:
    rows = [agreement("A", "purchase", "ICT", "GEM", "2025-01-01", service="ict")]
    t = ties_of(rows).iloc[0]
    assert (t["org_a"], t["org_b"]) == ("ICT", "GEM")


def test_parameters_from_config_and_arguments() -> None:
    frames = pd.DataFrame([*CHAIN, SMALL])
    config = config_from_dict({"ties": {"implicit_threshold": 0.99}})
    eco = netorg.from_frames(ORGS, frames, as_of=AS_OF, config=config)
    assert row(netorg.tie_classes(eco), "GEM", "JZ")["tie_class"] == "market"
    assert (
        row(netorg.tie_classes(eco, implicit_threshold=0.5), "GEM", "JZ")["tie_class"] == "implicit"
    )
    with pytest.raises(TypeError, match="unknown parameter threshold; known: implicit_threshold"):
        netorg.tie_classes(eco, threshold=0.5)
    with pytest.raises(ValueError, match="implicit_threshold must be between"):
        netorg.tie_classes(eco, implicit_threshold=1.5)


def test_same_input_same_output() -> None:
    eco = netorg.datasets.synthetic(300, seed=4)
    pd.testing.assert_frame_equal(netorg.tie_classes(eco), netorg.tie_classes(eco))
    assert set(netorg.tie_classes(eco)["tie_class"]) <= {
        "implicit",
        "market",
        "alliance",
        "hierarchy",
    }


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_reasons_do_not_depend_on_the_chunk_size(
    lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    eco = netorg.datasets.synthetic(300, seed=4)
    eco.language = lang
    whole = netorg.tie_classes(eco)
    assert len(whole) > 20 and whole["reasons"].str.len().min() > 0
    monkeypatch.setattr("netorg.analysis.ties.REASON_CHUNK", 7)
    pd.testing.assert_frame_equal(netorg.tie_classes(eco), whole)


def test_zorgregio_designed_ties_are_found() -> None:
    ties = netorg.tie_classes(netorg.datasets.load("zorgregio"))
    by_pair = ties.set_index(["org_a", "org_b"])
    implicit = {("GEM-OOS", "JZ-LINDE"), ("GEM-LIN", "COM-VERV"), ("GEM-HOO", "JZ-SPEEL")}
    plain = {("GEM-LIN", "COM-ADV"), ("WON-STAD", "COM-ACC"), ("SCH-ROC", "COM-SCHOON")}
    found = set(
        ties.loc[ties["tie_class"] == "implicit", ["org_a", "org_b"]].itertuples(index=False)
    )
    assert found == implicit
    for pair in plain:
        assert by_pair.loc[pair, "tie_class"] == "market"
    assert list(ties["org_b"][:3]) == ["JZ-LINDE", "COM-VERV", "JZ-SPEEL"]
    assert (ties["score"].between(0, 1)).all()


def test_latent_ties_share_partners_without_an_agreement() -> None:
    rows = [
        agreement(f"{buyer}{s}", "purchase", buyer, s, "2025-01-01")
        for buyer in ("GEM", "GGD")
        for s in ("ICT", "JZ", "JZ2")
    ] + [agreement("X", "purchase", "ZG", "ICT", "2025-01-01")]
    eco = netorg.from_frames(ORGS, pd.DataFrame(rows), as_of=AS_OF)
    latent = netorg.latent_ties(eco)
    first = latent.iloc[0]
    assert (first["org_a"], first["org_b"]) == ("GEM", "GGD")
    assert first["shared_partners"] == 3 and first["jaccard"] == 1.0
    assert first["partners"] == ("ICT", "JZ", "JZ2")
    assert (
        "No agreement between Gemeente Oss and GGD, yet they share 3 partners" in first["reasons"]
    )
    assert len(latent) == 1  # ZG shares one partner only
    # once they sign anything together, they are no longer latent
    rows.append(agreement("Y", "mou", "GEM", "GGD", "2026-01-01", status="proposed"))
    eco = netorg.from_frames(ORGS, pd.DataFrame(rows), as_of=AS_OF)
    assert netorg.latent_ties(eco).empty
    # a hub that ties everyone is not counted as a shared partner
    assert netorg.latent_ties(eco, latent_hub_degree=2).empty


def test_sorted_rows_take_every_column_and_empty_the_frame() -> None:
    from netorg.analysis.ties import _sorted_rows

    frame = pd.DataFrame(
        {
            "n": np.arange(5, dtype=np.int64),
            "x": np.linspace(0, 1, 5),
            "maybe": pd.array([1, None, 3, None, 5], dtype="Int64"),
            "day": pd.to_datetime(["2020-01-01", None, "2021-05-06", "2022-01-01", None]),
            "name": pd.Series(["e", "d", "c", "b", "a"], dtype="str"),
            "people": [("A",), (), ("B", "C"), ("D",), ()],
            "live": [True, False, True, False, True],
        },
        index=[10, 11, 12, 13, 14],
    )
    order = np.array([4, 2, 0, 3, 1])
    expected = frame.take(order).reset_index(drop=True)
    given = frame.copy()
    pd.testing.assert_frame_equal(_sorted_rows(given, order), expected)
    assert given.columns.empty  # each column let go once taken
