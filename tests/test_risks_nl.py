"""Dependency risks, risk scores and what-if in English and Dutch: the same findings, two texts.

For each analysis, a hand-built ecosystem and the bundled examples must give the same rows and
the same enumerated values in both languages, the English details exactly as before, and Dutch
details in Dutch: decimal commas, euro amounts with thousand dots, Dutch dates, and no English
template words left over.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from test_whatif import AGREEMENTS as CHAIN_AGREEMENTS  # the hand-built chain
from test_whatif import ORGS as CHAIN_ORGS

import netorg
from netorg.analysis.risks import RISK_KINDS, dependency_risks, risk_scores
from netorg.analysis.whatif import UnknownOrganisationError, WhatIf, what_if
from netorg.config import config_from_dict
from netorg.report.whatif_page import whatif_html, write_whatif

AS_OF = "2026-06-30"

#: Words and phrases of the English templates that must not survive in Dutch text. Data values
#: (organisation names, ids, services such as youth_care) contain none of them.
ENGLISH = (
    " the ", " and ", " with ", " between ", " is one of ", " a year", "EUR ", " its ",
    " only ", " phase", " lose", " agreement", " supplier", " need ", " needs", " more",
    " organisation ", " organisations", " tie ", " if ", " cut off", " fail", " splits",
    " remain", " left)", "Nobody", " becomes", " of organisations", "tender_award",
    "covenant", "referral", "(did you mean",
)  # fmt: skip


def english_in(sentence: str) -> list[str]:
    return [word for word in ENGLISH if word in sentence]


# -- a hand-built ecosystem with every kind of risk ------------------------------------------

#: GEM buys youth care from JZ (90%, ending in 60 days, one contact) and JZ2; GEM and W share
#: a bare covenant; W, X and Y form a triangle with one contact person on all three ties; Y
#: buys its only cleaning from S; W needs home care that nobody supplies.
ORGS = pd.DataFrame(
    {
        "id": ["GEM", "JZ", "JZ2", "W", "X", "Y", "S"],
        "name": ["Gemeente Oss", "Jeugdzorg Noord", "Jeugdzorg Zuid", "Welzijn Oss", "Buurtteam",
                 "Huisarts", "Schoonmaak Oss"],
        "needs": ["youth_care", "", "", "home_care", "", "cleaning", ""],
    }
)  # fmt: skip
GOOD = {"shared_goals": "prevention", "governance": "steering_group",
        "evaluation_date": "2027-01-01"}  # fmt: skip


def row(id: str, type: str, source: str, target: str, **extra: str) -> dict[str, str]:
    base = {"id": id, "type": type, "source": source, "target": target, "start": "2024-01-01",
            "end": ""}  # fmt: skip
    return {**base, **extra}


AGREEMENTS = pd.DataFrame(
    [
        row("K1", "tender_award", "GEM", "JZ", service="youth_care", value="900000",
            end="2026-08-29", contacts="M. van Dijk"),
        row("K2", "tender_award", "GEM", "JZ2", service="youth_care", value="100000",
            contacts="P. Jansen;Q. de Wit"),
        row("C1", "covenant", "GEM", "W", phase="operation", governance="none"),
        row("P1", "partnership", "W", "X", contacts="S. Kuipers", **GOOD),
        row("P2", "partnership", "W", "Y", contacts="S. Kuipers", **GOOD),
        row("P3", "referral", "X", "Y", contacts="S. Kuipers"),
        row("K3", "contract", "Y", "S", service="cleaning", value="50000",
            contacts="A. Bos;B. Bos"),
    ]
).fillna("")  # fmt: skip


def world(lang: str | None = None) -> netorg.Ecosystem:
    config = config_from_dict({"language": lang}) if lang else None
    return netorg.from_frames(ORGS, AGREEMENTS, as_of=AS_OF, config=config)


def detail(risks: pd.DataFrame, kind: str, subject: str) -> str:
    found = risks[(risks["risk_kind"] == kind) & (risks["subject"] == subject)]
    assert len(found) == 1, (kind, subject)
    return str(found["detail"].iloc[0])


@pytest.fixture(scope="module")
def both() -> tuple[pd.DataFrame, pd.DataFrame]:
    return dependency_risks(world()), dependency_risks(world("nl"))


def test_the_same_risks_come_out_in_both_languages(both: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    en, nl = both
    assert set(en["risk_kind"]) == set(RISK_KINDS)
    pd.testing.assert_frame_equal(en.drop(columns="detail"), nl.drop(columns="detail"))
    assert (en["detail"] != nl["detail"]).all()
    assert nl.loc[nl["risk_kind"] == "under_organised", "skipped_phases"].tolist() == [
        "strategy;creation", "strategy;creation"
    ]  # fmt: skip


def test_english_details_are_unchanged(both: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    en, _ = both
    assert detail(en, "supplier_concentration", "GEM") == (
        "Gemeente Oss's live youth_care spend of EUR 1,000,000 a year is highly concentrated: "
        "HHI 0.82 above 0.25 across 2 suppliers (Jeugdzorg Noord 90%, Jeugdzorg Zuid 10%; "
        "K1, K2)."
    )
    assert detail(en, "expiring", "K1") == (
        "tender_award K1 between Gemeente Oss and Jeugdzorg Noord for youth_care, EUR 900,000 a "
        "year ends on 2026-08-29, in 60 days, and no follow-up agreement between them for the "
        "same service is active or planned; youth_care is one of Gemeente Oss's needs."
    )
    assert detail(en, "single_source", "Y") == (
        "cleaning is one of Huisarts's needs and Schoonmaak Oss (S) is its only live supplier "
        "(K3), EUR 50,000 a year (100% of its live market spend): if that supplier fails or the "
        "agreement lapses, the need is not met."
    )
    assert detail(en, "under_organised", "C1") == (
        "covenant C1 between Gemeente Oss and Welzijn Oss in its operation phase has no shared "
        "goals, governance and evaluation date: it has skipped the strategy phase, which sets "
        "its shared goals; it has skipped the creation phase, which sets its governance; no "
        "joint evaluation is planned."
    )
    assert detail(en, "unserved_need", "W") == (
        "home_care is one of Welzijn Oss's needs, but no live agreement supplies it: check "
        "whether it is done in-house, bought outside the recorded agreements, or missing."
    )
    key = en[(en["risk_kind"] == "key_person") & (en["person"] == "M. van Dijk")]
    assert key["detail"].iloc[0] == (
        "M. van Dijk is the only contact person on 1 live agreement of Gemeente Oss (K1) with 1 "
        "other organisation, EUR 900,000 a year; this includes the main supply of youth_care "
        "for Gemeente Oss, a need: if this person leaves, the knowledge of these agreements "
        "goes too."
    )
    assert detail(en, "broker", "GEM").startswith("Gemeente Oss lies on 60% of the shortest")
    # A list of names reads "a, b and c"; one organisation "loses".
    assert detail(en, "articulation_point", "W").endswith(
        "without it, Buurtteam (X), Huisarts (Y) and Schoonmaak Oss (S) lose every connection "
        "to the others."
    )
    assert "without it, 1 organisation on Schoonmaak Oss's side loses every connection" in (
        detail(en, "bridge", "Y|S")
    )


def test_dutch_details_read_in_dutch(both: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    _, nl = both
    assert detail(nl, "supplier_concentration", "GEM") == (
        "De lopende uitgaven van Gemeente Oss aan youth_care, € 1.000.000 per jaar, zijn sterk "
        "geconcentreerd: HHI 0,82, boven de drempel van 0,25, verdeeld over 2 leveranciers "
        "(Jeugdzorg Noord 90%, Jeugdzorg Zuid 10%; K1, K2)."
    )
    assert detail(nl, "expiring", "K1") == (
        "De gegunde opdracht K1 tussen Gemeente Oss en Jeugdzorg Noord voor youth_care "
        "(€ 900.000 per jaar) loopt af op 29 augustus 2026, over 60 dagen, en er is tussen deze "
        "partijen geen vervolgovereenkomst voor dezelfde dienst actief of gepland; voor "
        "Gemeente Oss is youth_care een behoefte."
    )
    assert detail(nl, "single_source", "Y") == (
        "cleaning is een behoefte van Huisarts en Schoonmaak Oss (S) is de enige lopende "
        "leverancier (K3), € 50.000 per jaar (100% van de uitgaven aan lopende "
        "inkooprelaties): valt deze leverancier weg of vervalt de overeenkomst, dan wordt niet "
        "meer in deze behoefte voorzien."
    )
    assert detail(nl, "under_organised", "C1") == (
        "Het convenant C1 tussen Gemeente Oss en Welzijn Oss in de uitvoeringsfase heeft geen "
        "gedeelde doelen, bestuurlijke inrichting en evaluatiedatum: de strategiefase, waarin "
        "de gedeelde doelen worden bepaald, is overgeslagen; de vormgevingsfase, waarin de "
        "bestuurlijke inrichting wordt vastgelegd, is overgeslagen; er is geen gezamenlijke "
        "evaluatie gepland."
    )
    assert detail(nl, "under_organised", "P3").startswith(
        "De verwijsafspraak P3 tussen Buurtteam en Huisarts (fase niet vastgelegd) heeft geen"
    )
    assert "maar geen lopende overeenkomst voorziet erin" in detail(nl, "unserved_need", "W")
    assert "ligt op 60% van de kortste paden" in detail(nl, "broker", "GEM")
    assert "zonder Welzijn Oss raken Buurtteam (X), Huisarts (Y) en Schoonmaak Oss (S) los" in (
        detail(nl, "articulation_point", "W")
    )
    assert "raakt 1 organisatie aan de kant van Schoonmaak Oss de verbinding" in (
        detail(nl, "bridge", "Y|S")
    )
    people = nl[nl["risk_kind"] == "key_person"].set_index("person")["detail"]
    assert people["M. van Dijk"] == (
        "M. van Dijk is de enige contactpersoon bij 1 lopende overeenkomst van Gemeente Oss (K1) "
        "met 1 andere organisatie, € 900.000 per jaar; daaronder valt de belangrijkste "
        "inkooprelatie voor youth_care van Gemeente Oss (een behoefte): vertrekt deze persoon, "
        "dan verdwijnt de kennis van deze overeenkomst ook."
    )
    assert (
        "bij 3 lopende overeenkomsten van Welzijn Oss (P1, P2, P3) met 2 andere"
        in (people["S. Kuipers"])
    )
    for sentence in nl["detail"]:
        assert not english_in(sentence), sentence


def test_risk_scores_carry_the_dutch_detail(both: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    en, nl = risk_scores(world()), risk_scores(world("nl"))
    pd.testing.assert_frame_equal(en.drop(columns="top_detail"), nl.drop(columns="top_detail"))
    risks_nl = both[1]
    assert set(nl["top_detail"]) <= set(risks_nl["detail"])
    assert set(en["top_detail"]) <= set(both[0]["detail"])


def test_switching_the_language_recomputes_the_details() -> None:
    eco = world()
    english = dependency_risks(eco)
    eco.language = "nl"
    dutch = dependency_risks(eco)
    assert dutch["detail"].tolist() == dependency_risks(world("nl"))["detail"].tolist()
    eco.language = "en"
    assert dependency_risks(eco)["detail"].tolist() == english["detail"].tolist()


@pytest.mark.parametrize("name", ["zorgregio", "arbeidsmarktregio"])
def test_bundled_examples_give_the_same_risks_in_dutch(name: str) -> None:
    eco = netorg.datasets.load(name)
    en = dependency_risks(eco)
    eco.language = "nl"
    nl = dependency_risks(eco)
    pd.testing.assert_frame_equal(en.drop(columns="detail"), nl.drop(columns="detail"))
    for sentence in nl["detail"]:
        assert not english_in(sentence), sentence
        assert not re.search(r"\d\.\d\d\b(?!\.)", sentence.replace("B.V.", "")), sentence
    if name == "zorgregio":
        mental = nl[(nl["subject"] == "ZVK-WEER") & (nl["service"] == "mental_health")]
        concentrated = str(mental["detail"].iloc[0])
        assert "€ 38.835.000 per jaar" in concentrated and "HHI 0,93" in concentrated
        assert "loopt af op 30 november 2026, over 153 dagen" in detail(
            nl, "expiring", "EXP-ZG-ECD"
        )


# -- what if ---------------------------------------------------------------------------------


@pytest.fixture
def chain_dir(tmp_path: Path) -> Path:
    """The chain of tests/test_whatif.py as a folder."""
    path = tmp_path / "chain"
    path.mkdir()
    (path / "organisations.csv").write_text(CHAIN_ORGS + "\n", encoding="utf-8")
    (path / "agreements.csv").write_text(CHAIN_AGREEMENTS + "\n", encoding="utf-8")
    return path


def chain(chain_dir: Path, lang: str | None = None) -> netorg.Ecosystem:
    eco = netorg.load(chain_dir, as_of=AS_OF)
    if lang:
        eco.language = lang
    return eco


def assert_same_tables(en: WhatIf, nl: WhatIf) -> None:
    for key, frame in en.tables().items():
        pd.testing.assert_frame_equal(frame, nl.tables()[key], obj=key)


def test_what_if_keeps_its_findings_and_speaks_dutch(chain_dir: Path) -> None:
    en, nl = what_if(chain(chain_dir), ["B"]), what_if(chain(chain_dir, "nl"), ["B"])
    assert (en.language, nl.language) == ("en", "nl")
    assert_same_tables(en, nl)
    assert en.summary == (
        "If Org B fails, 4 live agreements end (€ 150,000 a year). Org A loses its only "
        "supplier of youth_care (agreement AB, € 120,000 a year). Fewer suppliers remain for "
        "Org D (home_care, 1 of 2 left). 1 organisation is cut off from the largest connected "
        "part of the network (1 separate part): Org A. Org C becomes a single point of "
        "failure. The largest connected part goes from 100% to 89% of organisations; "
        "fragmentation (the share of pairs that cannot reach each other) from 0.00 to 0.22."
    )
    assert nl.summary == (
        "Als Org B wegvalt, eindigen 4 lopende overeenkomsten (€ 150.000 per jaar). Org A "
        "verliest de enige leverancier van youth_care (overeenkomst AB, € 120.000 per jaar). "
        "Er blijven minder leveranciers over voor Org D (home_care, 1 van de 2 over). "
        "1 organisatie raakt afgesneden van het grootste samenhangende deel van het netwerk "
        "(1 afzonderlijk deel): Org A. Org C wordt een kwetsbare schakel: valt die organisatie "
        "ook weg, dan valt het netwerk uiteen. Het grootste samenhangende deel gaat van 100% "
        "naar 89% van de organisaties; de fragmentatie (het aandeel paren dat elkaar niet kan "
        "bereiken) van 0,00 naar 0,22."
    )
    assert not english_in(nl.summary)


def test_what_if_in_dutch_for_a_split_cluster_and_two_removals(chain_dir: Path) -> None:
    hub = what_if(chain(chain_dir, "nl"), "H")
    assert "Alliantiecluster 1 (Org H) valt uiteen in 2 delen: [Org W]; [Org Z]." in hub.summary
    assert "Geen enkele afnemer verliest alle leveranciers van een behoefte." in hub.summary
    assert "4 organisaties raken afgesneden" in hub.summary
    assert "(3 afzonderlijke delen): Org X, Org Y, Org W en Org Z." in hub.summary
    leaf = what_if(chain(chain_dir, "nl"), ["W"])
    assert leaf.summary.startswith("Als Org W wegvalt, eindigt 1 lopende overeenkomst.")
    assert "Geen enkele organisatie raakt afgesneden van de rest van het netwerk." in leaf.summary
    assert "blijft 100% van de organisaties omvatten." in leaf.summary
    two = what_if(chain(chain_dir, "nl"), ["B", "H"])
    assert two.summary.startswith("Als Org B en Org H wegvallen, eindigen 9 lopende")
    for result in (hub, leaf, two):
        assert not english_in(result.summary), result.summary
    english = what_if(chain(chain_dir), ["W"])
    assert english.summary.startswith("If Org W fails, 1 live agreement ends.")


def test_unknown_ids_are_reported_in_dutch(chain_dir: Path) -> None:
    with pytest.raises(UnknownOrganisationError) as error:
        what_if(chain(chain_dir, "nl"), ["A", "Q", "Org B"])
    assert str(error.value) == (
        "onbekende organisatie-id's: 'Q'; 'Org B' (mogelijk bedoeld: 'B'). Het id staat in de "
        "kolom 'id' van de organisatietabel."
    )
    with pytest.raises(UnknownOrganisationError, match="ten minste één organisatie-id"):
        what_if(chain(chain_dir, "nl"), [])


def test_what_if_on_zorgregio_in_dutch() -> None:
    eco = netorg.datasets.load("zorgregio")
    en = what_if(eco, ["SW-HEE", "GEM-LIN"])
    eco.language = "nl"
    nl = what_if(eco, ["SW-HEE", "GEM-LIN"])
    assert_same_tables(en, nl)
    assert nl.summary.startswith(
        "Als Welzijn Heerwijck en Gemeente Lindeweerd wegvallen, eindigen 58 lopende "
        "overeenkomsten (€ 84.244.000 per jaar)."
    )
    assert "en nog 22 andere]" in nl.summary and "van 0,00 naar 0,07" in nl.summary
    assert not english_in(nl.summary)


# -- the what-if page ------------------------------------------------------------------------

ENGLISH_PAGE = (
    "What if", "Organisations that fail", "Needs left without any supplier",
    "Needs with fewer suppliers", "Organisations cut off", "Alliance clusters that split",
    "New single points of failure", "Network measures before and after", "Agreements live on",
    "Every row", "None.", "<th>buyer name</th>", "<th>annual value</th>", "<td>yes</td>",
    "<td>fragmentation</td>",
)  # fmt: skip


def test_the_page_is_written_in_the_result_language(chain_dir: Path, tmp_path: Path) -> None:
    english = whatif_html(what_if(chain(chain_dir), ["B"]))
    assert '<html lang="en">' in english
    assert "<title>What if Org B fails? (chain)</title>" in english
    assert all(text in english for text in ENGLISH_PAGE if text != "None.")
    assert '<td class="num">120,000</td>' in english
    _, page = write_whatif(what_if(chain(chain_dir, "nl"), ["B"]), tmp_path / "nl")
    dutch = page.read_text("utf-8")
    assert '<html lang="nl">' in dutch
    assert "<title>Wat als Org B wegvalt? (chain)</title>" in dutch
    for text in ("<h2>Behoeften zonder leverancier</h2>", "<h2>Afgesneden organisaties</h2>",
                 "<h2>Nieuwe kwetsbare schakels</h2>", "<th>naam afnemer</th>",
                 "<th>waarde per jaar (€)</th>", "<td>ja</td>", "<td>fragmentatie</td>",
                 '<td class="num">120.000</td>', '<td class="num">0,888889</td>',
                 '<p class="none">Geen.</p>',
                 "Peildatum 30 juni 2026: overeenkomsten die op die datum lopen."):  # fmt: skip
        assert text in dutch, text
    for text in ENGLISH_PAGE:
        assert text not in dutch, text
    two = whatif_html(what_if(chain(chain_dir, "nl"), ["B", "H"]))
    assert "<title>Wat als Org B en Org H wegvallen? (chain)</title>" in two
