"""Merger or alliance in Dutch: the same findings as in English, the reasons in Dutch."""

from __future__ import annotations

import pandas as pd
import pytest
from test_mergers import AS_OF, agreement, near_substitutes, org

import netorg
from netorg.analysis.mergers import _TEXT, FORM_TEXT, FORMS, merger_alternatives
from netorg.config import config_from_dict
from netorg.i18n import LANGUAGES

#: English words that no Dutch reason may contain (no data value in these cases has them).
ENGLISH = (" the ", " and ", " with ", " for ", " they ", " would ", "Advice", "Evidence", "(s)")


def both(orgs: list[dict], rows: list[dict[str, str]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The result in English and in Dutch (language from the config), checked to agree."""
    en = netorg.from_frames(pd.DataFrame(orgs), pd.DataFrame(rows), as_of=AS_OF)
    nl = netorg.from_frames(
        pd.DataFrame(orgs), pd.DataFrame(rows), as_of=AS_OF,
        config=config_from_dict({"language": "nl"}),
    )  # fmt: skip
    assert nl.language == "nl"
    return same_findings(merger_alternatives(en), merger_alternatives(nl))


def same_findings(en: pd.DataFrame, nl: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Same rows and values but the reasons; Dutch reasons without English templates."""
    pd.testing.assert_frame_equal(en.drop(columns="reasons"), nl.drop(columns="reasons"))
    assert list(en.columns) == list(nl.columns)
    for reason in nl["reasons"]:
        assert reason.startswith((*nl["org_a_name"], "Er ligt", "Een fusie"))
        assert "Advies: " in reason and "Onderbouwing: " in reason
        for word in ENGLISH:
            assert word not in reason, (word, reason)
    return en, nl


def only(result: pd.DataFrame, a: str, b: str) -> str:
    match = result[
        ((result["org_a"] == a) & (result["org_b"] == b))
        | ((result["org_a"] == b) & (result["org_b"] == a))
    ]
    assert len(match) == 1
    return str(match.iloc[0]["reasons"])


def test_every_template_in_both_languages() -> None:
    for catalogue in (_TEXT, FORM_TEXT):
        for key, templates in catalogue.items():
            assert set(templates) == set(LANGUAGES), key
    assert {form: words["en"] for form, words in FORM_TEXT.items()} == FORMS


def test_zorgregio_in_dutch() -> None:
    eco = netorg.datasets.load("zorgregio")
    en = merger_alternatives(eco)
    eco.language = "nl"
    en, nl = same_findings(en, merger_alternatives(eco))
    assert len(nl) > 0 and set(nl["recommendation"]) == {"alliance", "merger", "neither"}
    # English unchanged: the example the methodology quotes
    owned = only(en, "ZG-MAAS", "TZ-MAAS")
    assert owned.startswith(
        "Zorggroep Maasoever and Thuiszorg Maasoever are integrated (OWN-ZG-TZ). Integration "
        "can bring scale in support functions (hr). Evidence: capability overlap 50%"
    )
    assert owned.endswith(
        "A merger would be the better choice only if their capabilities overlapped at least 60% "
        "(now 50%); they served one region (now Lindeweerd-Midden and Lindeweerd-Zuid); or they "
        "already shared at least 2 support functions (now 0)."
    )
    # ... and in Dutch, decimal commas included
    owned = only(nl, "ZG-MAAS", "TZ-MAAS")
    assert owned.startswith(
        "Zorggroep Maasoever en Thuiszorg Maasoever zijn geïntegreerd (OWN-ZG-TZ). Integratie "
        "kan zorgen voor schaalvoordeel in ondersteunende functies (hr)."
    )
    assert "2 lopende overeenkomsten met elkaar (NET-OUD, JR-ZORG), 6,1 jaar samenwerking" in owned
    assert "9 gemeenschappelijke partners, grootteverhouding 0,27" in owned
    assert "Advies: een alliantie in de vorm van gezamenlijke werving" in owned
    assert owned.endswith(
        "Een fusie zou alleen de betere keuze zijn als hun aanbod voor minstens 60% overlapte "
        "(nu 50%); ze in één regio werkzaam waren (nu Lindeweerd-Midden en Lindeweerd-Zuid); "
        "of ze al minstens 2 ondersteunende functies deelden (nu 0)."
    )
    proposed = only(nl, "WON-VELD", "WON-KADE")
    assert proposed.startswith("Er ligt een voorstel voor een fusie van")
    assert "(grootteverhouding hoogstens 0,60; nu 0,75)" in proposed
    merger = only(nl, "TZ-HOEK", "TZ-KLAV")
    assert (
        "Advies: fusie." in merger and "de twee hebben het profiel van een fusiekandidaat" in merger
    )
    assert "schaalvoordeel in ondersteunende functies (hr, back office, ict)" in merger  # _ to " "
    assert "een einde aan de concurrentie om 4 gezamenlijke afnemers" in merger
    venture = only(nl, "GGZ-WEER", "WON-ANKER")
    assert (
        "in de vorm van een joint venture die eigenaar is van het kapitaalintensieve deel"
        in venture
    )
    assert "Woonstichting Het Anker als leverancier van wat GGZ Weerdzicht nodig heeft" in venture


def test_merger_in_dutch() -> None:
    en, nl = both(*near_substitutes())
    assert "an end to competing for 1 common buyer(s)" in only(en, "TZ1", "TZ2")
    reason = only(nl, "TZ1", "TZ2")
    assert "Het bundelen van krachten zou zorgen voor schaalvoordeel in ondersteunende" in reason
    assert "schaalvoordeel in wat beide aanbieden (home care, nursing)" in reason
    assert "een einde aan de concurrentie om 1 gezamenlijke afnemer en continuïteit" in reason
    assert "met 20% van de omvang van de ander" in reason
    assert "1 gemeenschappelijke partner, grootteverhouding 0,20" in reason
    assert "gedeelde ondersteunende functies: finance, hr, ict." in reason
    assert "Een alliantie (een gedeeld dienstencentrum) zou volstaan als de kleinere" in reason


def test_alliance_with_many_agreements_in_dutch() -> None:
    orgs = [
        org("GGZ", "Noord", 700, "mental_health;crisis_care", "youth_care"),
        org("JZ", "Zuid", 300, "youth_care;parenting_support", "mental_health"),
    ]
    rows = [agreement("MRG", "merger", "GGZ", "JZ", status="proposed")] + [
        agreement(f"REF{k}", "referral", "GGZ", "JZ", service="mental_health") for k in range(7)
    ]
    en, nl = both(orgs, rows)
    assert "(REF0, REF1, REF2, REF3, REF4 and 2 more)" in only(en, "GGZ", "JZ")
    reason = only(nl, "GGZ", "JZ")
    assert reason.startswith("Er ligt een voorstel voor een fusie van GGZ en JZ (MRG).")
    assert (
        "De fusie moet zorgen voor JZ als leverancier van wat GGZ nodig heeft (youth care)"
        in reason
    )
    assert (
        "7 lopende overeenkomsten met elkaar (REF0, REF1, REF2, REF3, REF4 en nog 2 andere)"
        in reason
    )
    assert "4,5 jaar samenwerking" in reason and "verschillende regio's" in reason
    assert "Advies: een alliantie in de vorm van een verwijsnetwerk, met afgesproken" in reason
    assert "ze in één regio werkzaam waren (nu Noord en Zuid)" in reason


@pytest.mark.parametrize("size", [100.0, float("nan")])
def test_neither_in_dutch(size: float) -> None:
    orgs = [org("A", "Noord", size, "housing"), org("B", "", size, "youth_care")]
    rows = [agreement("MRG", "merger", "A", "B", status="proposed", start="2027-01-01")]
    en, nl = both(orgs, rows)
    assert "they have 0 live agreements together (at least 1 needed)" in only(en, "A", "B")
    reason = only(nl, "A", "B")
    assert "De gegevens laten geen synergie zien" in reason
    assert "geen overeenkomst met elkaar vastgelegd" in reason
    assert "Advies: geen van beide; de gegevens wijzen geen kant op." in reason
    assert "Geen reden voor een fusie; die zou er pas zijn als hun aanbod" in reason
    assert "(nu Noord en onbekend)" in reason
    assert (
        "Geen reden voor een alliantie: ze hebben 0 lopende overeenkomsten met elkaar "
        "(minstens 1 nodig)." in reason
    )
    if size != size:
        assert "de omvang van een van beide is onbekend" in reason
        assert "grootteverhouding" not in reason.split("Advies")[0]
    else:
        assert "grootteverhouding 1,00" in reason
