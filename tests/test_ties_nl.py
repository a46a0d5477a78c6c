"""Tie classes and latent ties in English and Dutch: the same findings, reasons in eco.language."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from test_ties import AS_OF, CHAIN, ORGS, agreement  # the same hand-built network

import netorg
from netorg.config import config_from_dict
from netorg.model import Ecosystem

#: One pair per kind of reason: implicit (GEM-JZ), market (GEM-JZ2), alliance with market
#: agreements besides (GEM-ICT), hierarchy (ZG-TZ), inactive history (GGD-ICT), and a
#: multi-party alliance (GGD, ZG, TZ).
ROWS = [
    *CHAIN,
    agreement("S1", "contract", "GEM", "JZ2", "2025-01-01", "", value="100000",
              service="youth_care", contacts="P. Jansen"),
    agreement("A1", "purchase", "GEM", "ICT", "2019-01-01", "", service="ict",
              contacts="A. de Vries;B. Bakker"),
    agreement("R1", "covenant", "GEM", "ICT", "2024-01-01"),
    agreement("O1", "ownership", "ZG", "TZ", "2020-01-01"),
    agreement("H1", "purchase", "GGD", "ICT", "2020-01-01", "2025-12-31", service="ict",
              status="ended"),
    agreement("C1", "covenant", "", "", "2024-01-01", parties="GGD;ZG;TZ"),
]  # fmt: skip

#: English template words that must not survive in Dutch reasons (the data values, names,
#: ids and services, are removed before looking).
ENGLISH = re.compile(
    r"\b(the|and|with|yet|they|share|both|years?|since|live|agreements?|supplier|suppliers|"
    r"spend|revenue|carried|people|person|needs|renewal|successive|without|below|reaches|"
    r"threshold|Inactive|Market|Hierarchy|Alliance|History|Also|Implicit|No|none|more|"
    r"recorded|given)\b"
)


def both(rows: list[dict[str, str]]) -> tuple[Ecosystem, Ecosystem]:
    """The same ecosystem in English and in Dutch (the Dutch one through the config file)."""
    frame = pd.DataFrame(rows)
    en = netorg.from_frames(ORGS, frame, as_of=AS_OF)
    nl = netorg.from_frames(ORGS, frame, as_of=AS_OF, config=config_from_dict({"language": "nl"}))
    assert (en.language, nl.language) == ("en", "nl")
    return en, nl


def same_findings(en: pd.DataFrame, nl: pd.DataFrame) -> None:
    """Same rows, same enumerated values and figures; only the reasons differ."""
    assert list(en.columns) == list(nl.columns)
    assert len(en) == len(nl) > 0
    pd.testing.assert_frame_equal(en.drop(columns="reasons"), nl.drop(columns="reasons"))
    assert (en["reasons"] != nl["reasons"]).all()


def data_values(row: pd.Series) -> list[str]:
    """The data a reason quotes (names, ids, services, people), longest first."""
    values: list[str] = []
    for column in ("org_a_name", "org_b_name", "org_a", "org_b", "service", "renewal_chain"):
        if column in row.index and isinstance(row[column], str):
            values.append(row[column])
    for column in ("contacts", "partners", "consortia"):
        if column in row.index:
            values.extend(row[column])
    return sorted((v for v in values if v), key=len, reverse=True)


def assert_dutch(frame: pd.DataFrame) -> None:
    for _, row in frame.iterrows():
        reason = row["reasons"]
        for value in data_values(row):
            reason = reason.replace(value, "")
        assert not ENGLISH.search(reason), (ENGLISH.search(reason), row["reasons"])
        assert not re.search(r"\d\.\d", reason), row["reasons"]  # decimal commas only


def test_tie_reasons_in_both_languages() -> None:
    en_eco, nl_eco = both(ROWS)
    en, nl = netorg.tie_classes(en_eco), netorg.tie_classes(nl_eco)
    same_findings(en, nl)
    assert set(en["tie_class"]) == {"implicit", "market", "alliance", "hierarchy"}

    def reason(frame: pd.DataFrame, a: str, b: str) -> str:
        match = frame[(frame["org_a"] == a) & (frame["org_b"] == b)]
        assert len(match) == 1
        return str(match.iloc[0]["reasons"])

    # English exactly as before the translation
    assert reason(en, "GEM", "JZ") == (
        "Implicit supplier-style tie: governed as purchasing but 9.0 years since the first "
        "market agreement, 5 successive agreements without a gap (K0..K4), 90% of Gemeente "
        "Oss's live youth_care spend, carried by one person (E. Mulder), youth_care is one of "
        "Gemeente Oss's needs; score 0.97 reaches the threshold 0.70."
    )
    assert reason(en, "ZG", "TZ") == "Hierarchy: 1 hierarchy agreement (O1), 1 live."
    assert reason(en, "GEM", "ICT").startswith(
        "Alliance: 1 hybrid agreement (R1), 1 live. Also market agreements: 1 market agreement "
        "(A1), 1 live; 7.5 years since the first market agreement, 1 market agreement(s), no "
        "renewal chain, the only live supplier of ict to Gemeente Oss (no values given), "
        "carried by 2 people (A. de Vries, B. Bakker), ict is one of Gemeente Oss's needs; "
        "score "
    )
    assert reason(en, "GGD", "ICT").startswith(
        "Inactive: no live agreement on 2026-06-30 (the last ended 2025-12-31). History: "
        "1 market agreement (H1), 0 live; 6.0 years"
    )
    assert "no contact person recorded" in reason(en, "GGD", "ICT")
    assert "score 0.37 is below 0.70." in reason(en, "GEM", "JZ2")

    # the same findings in Dutch
    assert reason(nl, "GEM", "JZ") == (
        "Impliciete samenwerking met een leverancier: beheerd als inkooprelatie, maar 9,0 jaar "
        "sinds de eerste marktovereenkomst, 5 opeenvolgende overeenkomsten zonder onderbreking "
        "(K0..K4), 90% van de lopende uitgaven van Gemeente Oss aan youth_care, onderhouden "
        "door één contactpersoon (E. Mulder), youth_care is een van de behoeften van Gemeente "
        "Oss; score 0,97 bereikt de drempelwaarde van 0,70."
    )
    assert (
        reason(nl, "ZG", "TZ")
        == "Hiërarchische relatie: 1 eigendoms- of fusieovereenkomst (O1), lopend."
    )
    assert reason(nl, "GEM", "ICT").startswith(
        "Alliantie: 1 samenwerkingsovereenkomst (R1), lopend. Daarnaast een inkooprelatie: "
        "1 marktovereenkomst (A1), lopend; 7,5 jaar sinds de eerste marktovereenkomst, "
        "1 marktovereenkomst, geen verlenging, de enige leverancier van ict aan Gemeente Oss met "
        "een lopende overeenkomst (geen bedragen opgegeven), onderhouden door 2 contactpersonen "
        "(A. de Vries, B. Bakker), ict is een van de behoeften van Gemeente Oss; score "
    )
    assert reason(nl, "GGD", "ICT").startswith(
        "Inactief: geen lopende overeenkomst op 2026-06-30 (de laatste eindigde op 2025-12-31). "
        "Voorgeschiedenis: 1 marktovereenkomst (H1), niet meer lopend; 6,0 jaar"
    )
    assert "geen contactpersoon vastgelegd" in reason(nl, "GGD", "ICT")
    assert "score 0,37 ligt onder de drempelwaarde van 0,70." in reason(nl, "GEM", "JZ2")
    assert reason(nl, "GGD", "ZG") == "Alliantie: 1 samenwerkingsovereenkomst (C1), lopend."
    assert_dutch(nl)


def test_many_agreements_listing_in_dutch() -> None:
    rows = [
        *[{**a, "status": "ended", "end": a["end"] or "2025-12-31"} for a in CHAIN],
        agreement("K9", "purchase", "GEM", "JZ", "2016-01-01", "2016-12-31", status="ended"),
    ]
    en_eco, nl_eco = both(rows)
    en, nl = netorg.tie_classes(en_eco), netorg.tie_classes(nl_eco)
    same_findings(en, nl)
    assert "6 market agreements (K0, K1, K2, K3, K4 and 1 more), 0 live" in en.loc[0, "reasons"]
    assert (
        "6 marktovereenkomsten (K0, K1, K2, K3, K4 en nog 1), waarvan geen meer loopt"
        in nl.loc[0, "reasons"]
    )
    assert_dutch(nl)


def test_setting_the_language_on_the_ecosystem() -> None:
    eco = netorg.from_frames(ORGS, pd.DataFrame(ROWS), as_of=AS_OF)
    english = netorg.tie_classes(eco)
    eco.language = "nl"
    dutch = netorg.tie_classes(eco)
    same_findings(english, dutch)
    assert dutch.loc[0, "reasons"].startswith("Impliciete samenwerking met een leverancier")


def test_zorgregio_ties_in_both_languages() -> None:
    eco = netorg.datasets.load("zorgregio")
    en = netorg.tie_classes(eco)
    eco.language = "nl"
    nl = netorg.tie_classes(eco)
    same_findings(en, nl)
    first = ("GEM-OOS", "JZ-LINDE")
    assert (en.loc[0, "org_a"], en.loc[0, "org_b"]) == first
    assert en.loc[0, "reasons"].endswith("score 0.98 reaches the threshold 0.70.")
    assert "9.0 years since the first market agreement" in en.loc[0, "reasons"]
    assert nl.loc[0, "reasons"].endswith("score 0,98 bereikt de drempelwaarde van 0,70.")
    assert "9,0 jaar sinds de eerste marktovereenkomst" in nl.loc[0, "reasons"]
    assert (
        "90% van de lopende uitgaven van Gemeente Oosterhout-aan-Maas aan youth_care"
        in nl.loc[0, "reasons"]
    )
    starts = {"Impliciete", "Marktrelatie", "Alliantie", "Hiërarchische", "Inactief"}
    assert {r.split(" ")[0].rstrip(":") for r in nl["reasons"]} == starts
    assert_dutch(nl)


LATENT_ROWS = [
    agreement(f"{buyer}{s}", "purchase", buyer, s, "2025-01-01")
    for buyer in ("GEM", "GGD")
    for s in ("ICT", "JZ", "JZ2")
] + [agreement("X", "purchase", "ZG", "ICT", "2025-01-01")]


def test_latent_ties_in_both_languages() -> None:
    en_eco, nl_eco = both(LATENT_ROWS)
    en, nl = netorg.latent_ties(en_eco), netorg.latent_ties(nl_eco)
    same_findings(en, nl)
    assert en.loc[0, "reasons"] == (
        "No agreement between Gemeente Oss and GGD, yet they share 3 partners (ICT, JZ, JZ2); "
        "overlap 1.00."
    )
    assert nl.loc[0, "reasons"] == (
        "Geen overeenkomst tussen Gemeente Oss en GGD, maar ze hebben 3 partners gemeen "
        "(ICT, JZ, JZ2); overlap 1,00."
    )


@pytest.mark.parametrize(
    ("consortia", "english", "dutch"),
    [
        (
            1,
            "share 3 partners (JZ, JZ2, ZG) and both take part in 1 multi-party agreement (C1)",
            "hebben 3 partners gemeen (JZ, JZ2, ZG) en nemen allebei deel aan 1 overeenkomst "
            "met meerdere partijen (C1)",
        ),
        (
            2,
            "share 1 partner (ZG) and both take part in 2 multi-party agreements (C1, C2)",
            "hebben 1 partner gemeen (ZG) en nemen allebei deel aan 2 overeenkomsten met "
            "meerdere partijen (C1, C2)",
        ),
    ],
)
def test_latent_ties_with_consortia_singular_and_plural(
    consortia: int, english: str, dutch: str
) -> None:
    # ZG leads the consortia: their edges run from ZG to each member, not between members.
    rows = [
        agreement(f"C{i + 1}", "consortium", "ZG", "", "2024-01-01", parties="ZG;GEM;GGD")
        for i in range(consortia)
    ]
    if consortia == 1:
        rows += [
            agreement(f"{buyer}{s}", "purchase", buyer, s, "2025-01-01")
            for buyer in ("GEM", "GGD")
            for s in ("JZ", "JZ2")
        ]
    en_eco, nl_eco = both(rows)
    en, nl = netorg.latent_ties(en_eco), netorg.latent_ties(nl_eco)
    same_findings(en, nl)
    assert (en.loc[0, "org_a"], en.loc[0, "org_b"]) == ("GEM", "GGD")
    assert english in en.loc[0, "reasons"]
    assert dutch in nl.loc[0, "reasons"]
    assert_dutch(nl)


def test_zorgregio_latent_ties_in_both_languages() -> None:
    eco = netorg.datasets.load("zorgregio")
    en = netorg.latent_ties(eco)
    eco.language = "nl"
    nl = netorg.latent_ties(eco)
    same_findings(en, nl)
    assert en.loc[0, "reasons"].startswith("No agreement between Huisartsengroep Wielrode and ")
    assert en.loc[0, "reasons"].endswith("; overlap 0.83.")
    assert nl.loc[0, "reasons"].startswith("Geen overeenkomst tussen Huisartsengroep Wielrode en ")
    assert nl.loc[0, "reasons"].endswith("; overlap 0,83.")
    assert nl["reasons"].str.contains("nemen allebei deel aan").any()
    assert_dutch(nl)
