"""Alliance clusters, cluster summary, declared consortia and brokerage in English and Dutch.

The same findings must come out in both languages: same rows, same numbers, same enumerated
values (role_in_cluster, finding, the role columns); only the reasons change language.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

import pandas as pd
import pytest
from test_clusters import HUB_ROWS

import netorg
from netorg.analysis.brokerage import brokerage
from netorg.config import config_from_dict
from netorg.i18n import number, percent

AS_OF = "2026-06-30"

# English words of the templates that must not survive in Dutch text (data values removed).
ENGLISH = [
    " the ", " and ", " with ", " its ", " it ", " to ", " from ", " between ",
    " time", " partners count", " organisations", " collaborate", "Brokers", "Mostly",
    "Lead:", "Broker:", "Member:", "Peripheral:", "Paper consortium", "Matches", "Partly",
    " stable ", " declared ", " weight ", " inside ", " outside ", "no cluster",
]  # fmt: skip


def english_left(reasons: Iterable[str], data: Iterable[str]) -> list[str]:
    """The English template words found in ``reasons`` once the data values are removed."""
    values = sorted({str(v) for v in data if str(v)}, key=len, reverse=True)
    found = []
    for reason in reasons:
        for value in values:
            reason = reason.replace(value, "#")
        found += [word for word in ENGLISH if word in reason]
    return found


def both(
    analysis: Callable[[netorg.Ecosystem], pd.DataFrame], make: Callable[[], netorg.Ecosystem]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The analysis in English and in Dutch, with everything but the reasons identical."""
    eco = make()
    english = analysis(eco)
    eco.language = "nl"
    dutch = analysis(eco)
    pd.testing.assert_frame_equal(english.drop(columns="reasons"), dutch.drop(columns="reasons"))
    assert (english["reasons"] != dutch["reasons"]).all()
    return english, dutch


def zorgregio() -> netorg.Ecosystem:
    return netorg.datasets.load("zorgregio")


def data_values(eco: netorg.Ecosystem) -> list[str]:
    orgs = eco.organisations
    return [*orgs["name"], *eco.org_index, *eco.agreement_index, *eco.agreements["type"]]


# -- alliance clusters ---------------------------------------------------------------------

DUTCH_ROLE = {
    "lead": "Trekker (lead): de sterkste banden binnen het cluster; ",
    "broker": "Verbinder (broker): participatie over clusters ",
    "member": "Lid (member): ",
    "peripheral": "Randspeler (peripheral): één enkele relatie binnen het cluster; ",
    "unclustered": "Geen lopende samenwerkingsovereenkomst: in geen cluster.",
}


def test_zorgregio_clusters_in_both_languages() -> None:
    english, dutch = both(netorg.alliance_clusters, zorgregio)
    assert (
        english.loc[english["role_in_cluster"] == "lead", "reasons"]
        .str.startswith("Lead: the strongest ties inside the cluster; ")
        .all()
    )
    assert set(english["role_in_cluster"]) == set(DUTCH_ROLE)
    for row in dutch.itertuples(index=False):
        reason = str(row.reasons)
        assert reason.startswith(DUTCH_ROLE[str(row.role_in_cluster)]), reason
        if row.role_in_cluster == "unclustered":
            continue
        # the figures, with a decimal comma
        assert f"binnen cluster {row.cluster_id} (gewicht " in reason
        assert f"(gewicht {number(float(row.internal_strength), 'nl', 2)})" in reason
        assert f"{row.external_degree} met andere clusters" in reason
        assert re.search(r"\(gewicht \d+,\d\d\)", reason)
        if row.role_in_cluster == "broker":
            assert f"clusters {percent(float(row.participation), 'nl')} (minimaal 50%)" in reason
    assert not english_left(dutch["reasons"], data_values(zorgregio()))


def test_singular_and_small_groups() -> None:
    # A hub with four partners (three of them also tied) and a pair: the pair is below
    # min_cluster_size = 3, so both of its organisations are unclustered.
    rows = [*HUB_ROWS, {"id": "DUO", "type": "partnership", "source": "X", "target": "Y"}]
    ids = ["HUB", "M1", "M2", "M3", "M4", "X", "Y"]
    orgs = pd.DataFrame({"id": ids, "name": ["Hub", "a", "b", "c", "d", "x", "y"]})

    def make() -> netorg.Ecosystem:
        return netorg.from_frames(orgs, pd.DataFrame(rows), as_of=AS_OF)

    english, dutch = both(netorg.alliance_clusters, make)
    en = english.set_index("org_id")["reasons"]
    nl = dutch.set_index("org_id")["reasons"]
    assert english.set_index("org_id").loc["X", "role_in_cluster"] == "unclustered"
    assert en["X"] == (
        "1 collaborative tie(s), but in a group of fewer than 3 organisations: in no cluster."
    )
    assert nl["X"] == (
        "1 samenwerkingsrelatie, maar in een groep van minder dan 3 organisaties: in geen cluster."
    )
    assert en["M4"] == (
        "Peripheral: a single tie inside the cluster; 1 collaborative tie(s) inside cluster 1 "
        "(weight 1.00), 0 to other clusters (weight 0.00)."
    )
    assert nl["M4"] == (
        "Randspeler (peripheral): één enkele relatie binnen het cluster; 1 samenwerkingsrelatie "
        "binnen cluster 1 (gewicht 1,00), 0 met andere clusters (gewicht 0,00)."
    )
    assert nl["HUB"].startswith(
        "Trekker (lead): de sterkste banden binnen het cluster; 4 samenwerkingsrelaties binnen "
        "cluster 1 (gewicht "
    )
    assert not english_left(nl, [*orgs["name"], *ids])


# -- cluster summary and declared consortia ------------------------------------------------


def consortia_world() -> netorg.Ecosystem:
    """A real consortium whose members also refer to each other, and a paper one of three."""
    members = ["C1", "C2", "C3", "C4"]
    paper = ["D1", "D2", "D3"]
    rows = [{"id": "REAL", "type": "consortium", "parties": ";".join(members)},
            {"id": "PAPER", "type": "covenant", "parties": ";".join(paper)}]  # fmt: skip
    for i, x in enumerate(members):
        for y in members[i + 1 :]:
            rows.append({"id": f"R-{x}-{y}", "type": "referral", "source": x, "target": y})
    orgs = pd.DataFrame({"id": members + paper, "name": members + paper})
    return netorg.from_frames(orgs, pd.DataFrame(rows).fillna(""), as_of=AS_OF)


def test_zorgregio_cluster_summary_in_both_languages() -> None:
    english, dutch = both(netorg.cluster_summary, zorgregio)
    for en, nl, row in zip(english["reasons"], dutch["reasons"], dutch.itertuples(), strict=True):
        assert en.startswith(f"{row.size} organisations led by {row.lead_name}; ")
        assert nl.startswith(f"{row.size} organisaties met {row.lead_name} als trekker; ")
        assert f"{percent(float(row.density), 'nl')} van de ledenparen werkt rechtstreeks" in nl
        assert f"stabiel in {percent(float(row.stability), 'nl')} van de herhalingen" in nl
        if "no agreement declares this cluster" in en:
            jaccard = number(float(row.best_jaccard), "nl", 2)
            assert "geen overeenkomst legt dit cluster vast (grootste overlap met een " in nl
            assert f"samenwerkingsverband {jaccard})" in nl and "," in jaccard
    assert not english_left(dutch["reasons"], data_values(zorgregio()))


def test_declared_cluster_in_the_summary() -> None:
    english, dutch = both(netorg.cluster_summary, consortia_world)
    assert list(english["cluster_id"]) == [1, 2]
    assert english.loc[0, "reasons"] == (
        "4 organisations led by C1; 100% of member pairs collaborate directly and 100% of their "
        "collaborative ties stay inside; declared as REAL (1.00); stable in 100% of reruns with "
        "other seeds."
    )
    assert dutch.loc[0, "reasons"] == (
        "4 organisaties met C1 als trekker; 100% van de ledenparen werkt rechtstreeks samen en "
        "100% van hun samenwerkingsrelaties blijft binnen het cluster; vastgelegd als REAL "
        "(1,00); stabiel in 100% van de herhalingen met een andere startwaarde (seed)."
    )


def test_declared_consortia_in_both_languages() -> None:
    # with clusters of at least four, the paper consortium's three members are in none
    english, dutch = both(
        lambda eco: netorg.declared_consortia(eco, min_cluster_size=4), consortia_world
    )
    en = english.set_index("agreement_id")["reasons"]
    nl = dutch.set_index("agreement_id")["reasons"]
    assert english.set_index("agreement_id")["finding"].to_dict() == {
        "PAPER": "paper_consortium",
        "REAL": "matches_cluster",
    }
    assert en["PAPER"] == (
        "Paper consortium: covenant PAPER with 3 parties: 0% of its members also collaborate "
        "with a fellow member outside it (fewer than 20%); its members are in no cluster. The "
        "members work together on paper only; check whether the consortium still has a purpose."
    )
    assert nl["PAPER"] == (
        "Papieren samenwerkingsverband: bij PAPER (covenant, 3 partijen) werkt 0% van de leden "
        "ook buiten dit verband samen met een ander lid (minder dan 20%); de leden zitten in "
        "geen enkel cluster. De leden werken alleen op papier samen; na te gaan is of het "
        "samenwerkingsverband nog een doel dient."
    )
    assert en["REAL"] == (
        "Matches a de facto cluster: consortium REAL with 4 parties: 100% of its members also "
        "collaborate with a fellow member outside it; it overlaps cluster 1 (Jaccard 1.00)."
    )
    assert nl["REAL"] == (
        "Komt overeen met een feitelijk cluster: bij REAL (consortium, 4 partijen) werkt 100% "
        "van de leden ook buiten dit verband samen met een ander lid; het overlapt met cluster 1 "
        "(Jaccard 1,00)."
    )


def test_zorgregio_consortia_in_both_languages() -> None:
    english, dutch = both(netorg.declared_consortia, zorgregio)
    opening = {
        "paper_consortium": ("Paper consortium: ", "Papieren samenwerkingsverband: bij "),
        "matches_cluster": ("Matches a de facto cluster: ", "Komt overeen met een feitelijk "),
        "partial": ("Partly matches: ", "Komt deels overeen: bij "),
    }
    for en, nl, row in zip(english["reasons"], dutch["reasons"], dutch.itertuples(), strict=True):
        assert en.startswith(opening[str(row.finding)][0])
        assert nl.startswith(opening[str(row.finding)][1])
        assert f"{row.agreement_id} ({row.type}, {row.n_parties} partijen)" in nl
        if not pd.isna(row.cluster_id):
            jaccard = number(float(row.jaccard), "nl", 2)
            assert f"het overlapt met cluster {row.cluster_id} (Jaccard {jaccard})" in nl
    slim = dutch.set_index("agreement_id").loc["CONS-SLIM", "reasons"]
    assert "werkt 0% van de leden ook buiten dit verband samen" in slim
    assert re.search(r"\(Jaccard 0,\d\d\)", slim)
    assert not english_left(dutch["reasons"], data_values(zorgregio()))


# -- brokerage -----------------------------------------------------------------------------

ORGS = pd.DataFrame(
    {
        "id": ["GEM", "GEM2", "HUB", "ZORG", "ISO"],
        "name": ["Gemeente Oss", "Gemeente Uden", "Regionaal Loket", "Zorggroep", "Solo BV"],
    }
)
CLUSTERS = pd.Series({"GEM": 1, "GEM2": 1, "HUB": 2, "ZORG": 3}, dtype="Int64")
# GEM2 -> GEM -> HUB -> ZORG (GEM -> HUB twice), an ended GEM -> ZORG; ISO has no agreement.
CHAIN = pd.DataFrame(
    {
        "id": ["A1", "A2", "A3", "A4", "A5"],
        "type": "contract",
        "source": ["GEM2", "GEM", "GEM", "HUB", "GEM"],
        "target": ["GEM", "HUB", "HUB", "ZORG", "ZORG"],
        "status": ["", "", "", "", "ended"],
        "end": ["", "", "", "", "2020-12-31"],
    }
)


def chain_eco() -> netorg.Ecosystem:
    return netorg.from_frames(ORGS, CHAIN, as_of=AS_OF)


def test_brokerage_reasons_in_both_languages() -> None:
    english, dutch = both(lambda eco: brokerage(eco, groups=CLUSTERS), chain_eco)
    en = english.set_index("org_id")["reasons"]
    nl = dutch.set_index("org_id")["reasons"]
    assert en["HUB"] == (
        "In cluster 2. Brokers 1 time: an organisation reaches another only through it, with no "
        "agreement of their own (liaison 1). It crosses a cluster boundary. As liaison: it links "
        "two clusters, neither of them its own. Most often from cluster 1 to cluster 3 (1 time); "
        "it is the only organisation linking them in two steps, and no agreement runs directly "
        "from the one to the other. Burt's constraint 0.56 (1 for a single partner; lower means "
        "its partners are less tied to each other and it leans less on any one of them); its 2 "
        "partners count as 2.0 non-redundant (effective size)."
    )
    assert nl["HUB"] == (
        "In cluster 2. Bemiddelt 1 keer: een organisatie bereikt een andere alleen via deze "
        "organisatie, zonder eigen overeenkomst met die andere (verbindingsschakel 1). Deze "
        "bemiddeling gaat over een clustergrens. Als verbindingsschakel (liaison): verbindt twee "
        "clusters waarvan geen van beide het eigen cluster is. Meestal van cluster 1 naar "
        "cluster 3 (1 keer); dit is de enige organisatie die ze in twee stappen verbindt, en er "
        "loopt geen overeenkomst rechtstreeks van het ene naar het andere. Beperking volgens "
        "Burt (constraint) 0,56: 1 bij één enkele partner, lager naarmate de partners onderling "
        "minder verbonden zijn en de organisatie minder op één van hen leunt; de 2 partners "
        "tellen als 2,0 niet-redundante partners (effectieve omvang)."
    )
    assert (
        "Als vertegenwoordiger (representative): brengt contact uit het eigen cluster 1 "
        in (nl["GEM"])
    )
    assert "Meestal van cluster 1 naar cluster 2 (1 keer)." in nl["GEM"]
    assert nl["ZORG"].startswith(
        "In cluster 3. Bemiddelt niet: geen enkele organisatie bereikt een andere alleen via "
        "deze organisatie. Beperking volgens Burt (constraint) 1,00"
    )
    assert nl["ZORG"].endswith(
        "de enige partner telt als 1,0 niet-redundante partner (effectieve omvang)."
    )
    assert en["ZORG"].endswith("its partner counts as 1.0 non-redundant (effective size).")
    assert nl["ISO"] == (
        "In geen cluster. Heeft geen lopende overeenkomst met een andere organisatie en "
        "bemiddelt dus nergens tussen."
    )
    assert not english_left(nl, [*ORGS["name"], *ORGS["id"]])


def test_brokerage_names_an_unclustered_organisation() -> None:
    groups = CLUSTERS.drop("HUB")  # the hub is then a group of its own
    english, dutch = both(lambda eco: brokerage(eco, groups=groups), chain_eco)
    en = english.set_index("org_id")["reasons"]
    nl = dutch.set_index("org_id")["reasons"]
    assert "Most often from cluster 1 to the unclustered Regionaal Loket (1 time)." in en["GEM"]
    assert (
        "Meestal van cluster 1 naar de niet-geclusterde organisatie Regionaal Loket (1 keer)."
        in nl["GEM"]
    )
    assert nl["HUB"].startswith("In geen cluster. Bemiddelt 1 keer")


def test_brokerage_mixed_roles_and_boundaries() -> None:
    # C brokers L3 -> C -> L1 and L3 -> C -> L2 inside cluster 1, and L3 -> C -> X into
    # cluster 2: two coordinator chains and one representative chain.
    orgs = pd.DataFrame({"id": ["C", "L1", "L2", "L3", "X"], "name": ["C", "L1", "L2", "L3", "X"]})
    arcs = pd.DataFrame(
        {
            "id": ["S1", "S2", "S3", "S4"],
            "type": "contract",
            "source": ["C", "C", "L3", "C"],
            "target": ["L1", "L2", "C", "X"],
        }
    )
    groups = pd.Series({"C": 1, "L1": 1, "L2": 1, "L3": 1, "X": 2})
    english, dutch = both(
        lambda eco: brokerage(eco, groups=groups),
        lambda: netorg.from_frames(orgs, arcs, as_of=AS_OF),
    )
    en = english.set_index("org_id").loc["C", "reasons"]
    nl = dutch.set_index("org_id").loc["C", "reasons"]
    assert "(coordinator 2, representative 1). 1 cross a cluster boundary, 2 stay inside " in en
    assert "Mostly as coordinator: it links members of its own cluster 1 who have no " in en
    assert "(coördinator 2, vertegenwoordiger 1). Daarvan 1 over een clustergrens en 2 " in nl
    assert "Vooral als coördinator (coordinator): verbindt leden van het eigen cluster 1 " in nl
    assert "de 4 partners tellen als 4,0 niet-redundante partners" in nl


def test_zorgregio_brokerage_in_both_languages() -> None:
    _, dutch = both(brokerage, zorgregio)
    for row in dutch.itertuples(index=False):
        reason = str(row.reasons)
        if row.total:
            assert f"Bemiddelt {row.total} keer: " in reason
        if not pd.isna(row.constraint):
            assert f"(constraint) {number(float(row.constraint), 'nl', 2)}: " in reason
            assert f"{number(float(row.effective_size), 'nl', 1)} niet-redundante" in reason
    assert dutch["reasons"].str.contains(r"\(constraint\) \d,\d\d: ").any()
    assert not english_left(dutch["reasons"], data_values(zorgregio()))


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_config_file_language_drives_the_reasons(lang: str) -> None:
    eco = netorg.from_frames(ORGS, CHAIN, as_of=AS_OF, config=config_from_dict({"language": lang}))
    assert eco.language == lang
    hub = brokerage(eco, groups=CLUSTERS).set_index("org_id").loc["HUB", "reasons"]
    assert hub.startswith(
        "In cluster 2. Bemiddelt 1 keer" if lang == "nl" else "In cluster 2. Brokers 1 time"
    )
