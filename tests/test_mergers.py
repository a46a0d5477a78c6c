"""Merger or alliance on hand-built ecosystems with the answer written out, and on zorgregio."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

import netorg
from netorg.analysis import mergers as m
from netorg.analysis.mergers import merger_alternatives
from netorg.i18n import join_and, number, percent, text
from netorg.params import with_overrides

AS_OF = "2026-06-30"


def org(id: str, region: str, size: float, caps: str, needs: str = "", goals: str = "") -> dict:
    return {
        "id": id, "name": id, "type": "care_provider", "region": region, "size": size,
        "capabilities": caps, "needs": needs, "goals": goals,
    }  # fmt: skip


def agreement(id: str, type: str, source: str, target: str, *, service: str = "",
              status: str = "", start: str = "2022-01-01") -> dict[str, str]:  # fmt: skip
    return {
        "id": id, "type": type, "source": source, "target": target, "start": start,
        "end": "", "service": service, "status": status,
    }  # fmt: skip


def mergers(orgs: list[dict], rows: list[dict[str, str]], **params: object) -> pd.DataFrame:
    eco = netorg.from_frames(pd.DataFrame(orgs), pd.DataFrame(rows), as_of=AS_OF)
    return merger_alternatives(eco, **params)


def pair(result: pd.DataFrame, a: str, b: str) -> pd.Series:
    match = result[
        ((result["org_a"] == a) & (result["org_b"] == b))
        | ((result["org_a"] == b) & (result["org_b"] == a))
    ]
    assert len(match) == 1, result[["org_a", "org_b", "status"]]
    return match.iloc[0]


def test_complementary_partners_in_different_regions_get_an_alliance() -> None:
    orgs = [
        org("GGZ", "Noord", 700, "mental_health;crisis_care", "youth_care"),
        org("JZ", "Zuid", 300, "youth_care;parenting_support", "mental_health"),
    ]
    rows = [
        agreement("MRG", "merger", "GGZ", "JZ", status="proposed"),
        agreement("REF1", "referral", "GGZ", "JZ", service="mental_health"),
        agreement("REF2", "referral", "JZ", "GGZ", service="youth_care"),
    ]
    r = pair(mergers(orgs, rows), "GGZ", "JZ")
    assert r["status"] == "proposed" and r["recommendation"] == "alliance"
    assert r["alliance_form"] == "referral_network"
    assert r["complementarity"] == 1.0 and r["capability_overlap"] == 0.0
    assert not r["same_region"] and r["live_hybrid_ties"] == 2
    assert 0.0 <= r["score"] <= 1.0
    reasons = r["reasons"]
    assert "JZ supplying what GGZ needs (youth care)" in reasons  # what joining would achieve
    assert "Advice: an alliance in the form of a referral network" in reasons
    assert "2 live agreement(s) together (REF1, REF2)" in reasons  # the merger itself not
    assert r["years_together"] == 4.5 and "working together for 4.5 years" in reasons
    assert "A merger would be the better choice only if" in reasons
    assert "they served one region (now Noord and Zuid)" in reasons


def near_substitutes() -> tuple[list[dict], list[dict[str, str]]]:
    """TZ1, a fifth of TZ2's size, does what TZ2 does in one region, shares finance, HR and
    ICT with it, and both sell home care to GEM: the merger case."""
    orgs = [
        org("TZ1", "Zuid", 40, "home_care;nursing", "ict", "quality"),
        org("TZ2", "Zuid", 200, "home_care;nursing", "ict", "quality"),
        org("GEM", "Zuid", 1000, "funding", "home_care"),
    ]
    rows = [
        agreement("SS-FIN", "shared_service", "TZ1", "TZ2", service="finance"),
        agreement("SS-HR", "shared_service", "TZ1", "TZ2", service="hr"),
        agreement("SS-ICT", "shared_service", "TZ1", "TZ2", service="ict"),
        agreement("C1", "contract", "GEM", "TZ1", service="home_care"),
        agreement("C2", "contract", "GEM", "TZ2", service="home_care"),
    ]
    return orgs, rows


def test_small_near_substitute_sharing_support_functions_gets_a_merger() -> None:
    orgs, rows = near_substitutes()
    r = pair(mergers(orgs, rows), "TZ1", "TZ2")
    assert r["status"] == "candidate" and r["recommendation"] == "merger"
    assert r["alliance_form"] == ""
    assert r["support_functions_shared"] == ("finance", "hr", "ict")
    assert r["shared_services"] == ("SS-FIN", "SS-HR", "SS-ICT")
    assert r["size_ratio"] == pytest.approx(0.2) and r["capability_overlap"] == 1.0
    assert r["competition"] and r["common_buyers"] == 1 and r["shared_partners"] == 1
    reasons = r["reasons"]
    assert "scale in support functions (finance, hr, ict)" in reasons
    assert "scale in what both provide (home care, nursing)" in reasons
    assert "an end to competing for 1 common buyer(s)" in reasons
    assert "Advice: merger." in reasons and "a shared service centre" in reasons


def test_unrelated_proposed_merger_without_evidence_is_neither() -> None:
    orgs = [org("A", "Noord", 100, "housing"), org("B", "Zuid", 100, "youth_care")]
    rows = [agreement("MRG", "merger", "A", "B", status="proposed", start="2027-01-01")]
    r = pair(mergers(orgs, rows), "A", "B")
    assert r["status"] == "proposed" and r["agreement_id"] == "MRG"
    assert r["recommendation"] == "neither" and r["alliance_form"] == ""
    assert r["live_agreements"] == 0 and r["score"] == 0.0
    reasons = r["reasons"]
    assert "The data show no synergy" in reasons and "points neither way" in reasons
    assert "they have 0 live agreements together (at least 1 needed)" in reasons
    assert np.isnan(r["years_together"]) and "no agreement together on record" in reasons


def test_declared_hierarchy_is_declared() -> None:
    orgs = [org("A", "Noord", 100, "housing"), org("B", "Noord", 10, "facilities")]
    rows = [agreement("OWN", "ownership", "A", "B")]
    result = mergers(orgs, rows)
    assert len(result) == 1 and pair(result, "A", "B")["status"] == "declared"


def _random(seed: int, n: int = 60, m: int = 150) -> tuple[list[dict], list[dict[str, str]]]:
    rng = np.random.default_rng(seed)
    caps = [f"c{i}" for i in range(30)]
    orgs = [
        org(f"O{i}", f"R{rng.integers(4)}", float(rng.integers(10, 1000)),
            ";".join(rng.choice(caps, 2, replace=False)),
            ";".join(rng.choice(caps, 2, replace=False)))
        for i in range(n)
    ]  # fmt: skip
    types = ["contract", "covenant", "partnership", "referral", "shared_service"]
    rows = []
    for k in range(m):
        a, b = rng.choice(n, 2, replace=False)
        rows.append(agreement(f"A{k}", str(rng.choice(types)), f"O{a}", f"O{b}",
                              service=str(rng.choice(caps))))  # fmt: skip
    return orgs, rows


def test_candidates_found_in_planted_case_not_in_random_graph() -> None:
    orgs, rows = _random(7)
    random_result = mergers(orgs, rows)
    assert (random_result["status"] == "candidate").sum() == 0
    # Plant a small near-substitute sharing support functions with O1 in its region.
    o1 = next(o for o in orgs if o["id"] == "O1")
    orgs.append(org("PL", o1["region"], o1["size"] / 10, o1["capabilities"]))
    rows += [
        agreement("P-FIN", "shared_service", "PL", "O1", service="finance"),
        agreement("P-ICT", "shared_service", "PL", "O1", service="ict"),
    ]
    planted = mergers(orgs, rows)
    found = planted[planted["status"] == "candidate"]
    assert set(zip(found["org_a"], found["org_b"], strict=True)) <= {("O1", "PL"), ("PL", "O1")}
    assert len(found) == 1 and found.iloc[0]["recommendation"] == "merger"


def test_candidates_per_org_is_a_cap() -> None:
    orgs, rows = _random(7)
    result = mergers(orgs, rows, candidate_threshold=0.0, candidate_min_agreements=1)
    cand = result[result["status"] == "candidate"]
    counts = pd.concat([cand["org_a"], cand["org_b"]]).value_counts()
    assert len(cand) > 0 and counts.max() <= 3


def test_zorgregio() -> None:
    result = merger_alternatives(netorg.datasets.load("zorgregio"))
    assert pair(result, "WON-VELD", "WON-KADE")["status"] == "proposed"
    assert pair(result, "ZG-MAAS", "TZ-MAAS")["status"] == "declared"
    assert pair(result, "ZG-MAAS", "COM-FAC")["status"] == "declared"
    merger = pair(result, "TZ-HOEK", "TZ-KLAV")
    assert merger["status"] == "candidate" and merger["recommendation"] == "merger"
    alliance = pair(result, "GGZ-WEER", "WON-ANKER")
    assert alliance["status"] == "candidate" and alliance["recommendation"] == "alliance"
    assert result["score"].between(0, 1).all()
    assert set(result["recommendation"]) <= {"alliance", "merger", "neither"}
    again = merger_alternatives(netorg.datasets.load("zorgregio"))
    pd.testing.assert_frame_equal(result, again)


def test_unknown_parameter_and_range() -> None:
    eco = netorg.datasets.load("zorgregio")
    with pytest.raises(TypeError):
        merger_alternatives(eco, nonsense=1)
    with pytest.raises(ValueError):
        merger_alternatives(eco, candidate_threshold=2.0)


def test_candidate_search_widens_to_two_steps_only_when_parameters_allow() -> None:
    # A and B share no agreement, only a partner: no candidate under the defaults, since
    # both candidate cases need shared agreements; with candidate_min_agreements=0 and
    # merger_min_support_functions=0 the search reaches pairs two steps apart.
    orgs = [
        org("A", "Noord", 50, "home_care;nursing"),
        org("B", "Noord", 500, "home_care;nursing"),
        org("G", "Noord", 1000, "funding", "home_care"),
    ]
    rows = [
        agreement("C1", "contract", "G", "A", service="home_care"),
        agreement("C2", "contract", "G", "B", service="home_care"),
    ]
    eco = netorg.from_frames(pd.DataFrame(orgs), pd.DataFrame(rows), as_of=AS_OF)
    assert len(merger_alternatives(eco)) == 0
    wide = merger_alternatives(
        eco, candidate_min_agreements=0, alliance_min_agreements=0,
        merger_min_support_functions=0, candidate_threshold=0.5,
    )  # fmt: skip
    r = pair(wide, "A", "B")
    assert r["status"] == "candidate" and r["recommendation"] == "merger"
    assert r["shared_partners"] == 1 and r["live_agreements"] == 0


def test_one_missing_size_gives_no_size_ratio() -> None:
    orgs = [org("A", "Noord", 100, "housing", "youth_care"), org("B", "Zuid", 10, "youth_care")]
    orgs[1]["size"] = None
    rows = [agreement("MRG", "merger", "A", "B", status="proposed")]
    r = pair(mergers(orgs, rows), "A", "B")
    assert np.isnan(r["size_ratio"]) and "a size is unknown" in r["reasons"]


@pytest.mark.parametrize("chunk_size", [1, 5])
def test_results_do_not_depend_on_the_chunk_size(
    chunk_size: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = merger_alternatives(netorg.datasets.load("zorgregio"))
    monkeypatch.setattr("netorg.analysis.mergers.CHUNK_SIZE", chunk_size)
    pd.testing.assert_frame_equal(merger_alternatives(netorg.datasets.load("zorgregio")), whole)


def test_regions_spelled_differently_are_one_region() -> None:
    orgs = [org("A", "Zuid-Holland", 100, "housing"), org("B", " zuid-HOLLAND ", 10, "housing")]
    orgs.append(org("C", "Zuid  Holland", 10, "housing"))  # a space is not a hyphen
    rows = [agreement("M1", "merger", "A", "B", status="proposed"),
            agreement("M2", "merger", "A", "C", status="proposed")]  # fmt: skip
    result = mergers(orgs, rows)
    assert bool(pair(result, "A", "B")["same_region"])
    assert not bool(pair(result, "A", "C")["same_region"])


# -- the reasons, against a reference that writes them a row at a time ----------------------
#
# netorg fills the reasons a template at a time over all rows (mergers._reason_column); the
# functions below are the row-at-a-time version it replaced, kept here as the reference.


def _ref_counted(key: str, n: int, lang: str, **fields: Any) -> str:
    """The template ``key`` for a count ``n``: its ``_1`` form when ``n`` is 1."""
    return text(m._TEXT, key + "_1" if n == 1 else key, lang, n=n, **fields)


def _ref_aims(r: dict[str, Any], p: m.MergerParams, lang: str) -> list[str]:
    """What joining forces would achieve, read off the evidence."""
    a, b = r["_name_a"], r["_name_b"]
    aims = []
    functions = list(r["support_functions_shared"]) + [
        f for f in m._support_needs(r) if f not in r["support_functions_shared"]
    ]
    if functions:
        aims.append(text(m._TEXT, "scale_support", lang, functions=m._listing(functions, lang)))
    if r["same_region"] and r["capability_overlap"] >= p.alliance_max_overlap:
        capabilities = m._listing(r["_common_capabilities"], lang)
        aims.append(text(m._TEXT, "scale_provide", lang, capabilities=capabilities))
    if r["_needs_met"]:
        aims.append(
            text(m._TEXT, "supply", lang, by=b, to=a, needs=m._listing(r["_needs_met"], lang))
        )
    if r["_needs_met_ba"]:
        needs = m._listing(r["_needs_met_ba"], lang)
        aims.append(text(m._TEXT, "supply", lang, by=a, to=b, needs=needs))
    if r["competition"]:
        aims.append(_ref_counted("end_competition", r["common_buyers"], lang))
    ratio = r["size_ratio"]
    substitutes = r["same_region"] and r["capability_overlap"] > 0
    if substitutes and ratio <= p.merger_max_size_ratio:
        aims.append(text(m._TEXT, "continuity", lang, ratio=percent(ratio, lang)))
    return aims


def _ref_merger_misses(r: dict[str, Any], p: m.MergerParams, lang: str) -> list[str]:
    """The merger rule's conditions this pair does not meet, as 'if ...' clauses."""
    misses = []
    if r["capability_overlap"] < p.merger_min_overlap:
        misses.append(
            text(
                m._TEXT,
                "miss_overlap",
                lang,
                min=percent(p.merger_min_overlap, lang),
                now=percent(r["capability_overlap"], lang),
            )
        )
    if not r["same_region"]:
        unknown = text(m._TEXT, "unknown", lang)
        misses.append(
            text(
                m._TEXT,
                "miss_region",
                lang,
                region_a=r["_region_a"] or unknown,
                region_b=r["_region_b"] or unknown,
            )
        )
    ratio = r["size_ratio"]
    if not (ratio <= p.merger_max_size_ratio):
        now = (
            text(m._TEXT, "ratio_now", lang, ratio=number(ratio, lang, 2))
            if ratio == ratio
            else text(m._TEXT, "size_unknown", lang)
        )
        misses.append(
            text(m._TEXT, "miss_small", lang, max=number(p.merger_max_size_ratio, lang, 2), now=now)
        )
    if len(r["support_functions_shared"]) < p.merger_min_support_functions:
        misses.append(
            text(
                m._TEXT,
                "miss_support",
                lang,
                min=p.merger_min_support_functions,
                now=len(r["support_functions_shared"]),
            )
        )
    return misses


def _ref_alliance_misses(r: dict[str, Any], p: m.MergerParams, lang: str) -> list[str]:
    """The alliance rule's conditions this pair does not meet."""
    misses = []
    if r["live_agreements"] < p.alliance_min_agreements:
        misses.append(
            _ref_counted(
                "miss_agreements", r["live_agreements"], lang, min=p.alliance_min_agreements
            )
        )
    if r["same_region"] and not r["_complementary"]:
        misses.append(
            text(
                m._TEXT,
                "miss_complementary",
                lang,
                complementarity=percent(r["complementarity"], lang),
                min=percent(p.alliance_min_complementarity, lang),
                max=percent(p.alliance_max_overlap, lang),
                overlap=percent(r["capability_overlap"], lang),
            )
        )
    return misses


def _ref_or(clauses: list[str], lang: str) -> str:
    """``a; b; or c``: the clauses carry commas of their own."""
    if len(clauses) == 1:
        return clauses[0]
    return "; ".join(clauses[:-1]) + f"; {text(m._TEXT, 'or', lang)} " + clauses[-1]


def _ref_evidence(r: dict[str, Any], lang: str) -> str:
    """The evidence sentence: the figures and the agreements between them."""
    joint = r["_joint_ids"]
    years, ratio = r["years_together"], r["size_ratio"]
    functions = r["support_functions_shared"]
    return text(
        m._TEXT,
        "evidence",
        lang,
        overlap=percent(r["capability_overlap"], lang),
        complementarity=percent(r["complementarity"], lang),
        goals=percent(r["shared_goals"], lang),
        region=text(m._TEXT, "same_region" if r["same_region"] else "different_regions", lang),
        agreements=_ref_counted("live_together", r["live_agreements"], lang),
        joint=f" ({m._listing(joint, lang)})" if joint else "",
        history=(
            text(m._TEXT, "years_together", lang, years=number(years, lang, 1))
            if years == years
            else text(m._TEXT, "never_together", lang)
        ),
        partners=_ref_counted("shared_partners", r["shared_partners"], lang),
        ratio=(
            text(m._TEXT, "size_ratio", lang, ratio=number(ratio, lang, 2))
            if ratio == ratio
            else ""
        ),
        support=(
            text(m._TEXT, "support_shared", lang, functions=m._listing(functions, lang))
            if functions
            else text(m._TEXT, "no_support_shared", lang)
        ),
    )


def _ref_advice(r: dict[str, Any], p: m.MergerParams, lang: str) -> str:
    """The advice: the recommendation, and what would make the other choice the better one."""
    rec = r["recommendation"]
    if rec == "merger":
        return text(m._TEXT, "advice_merger", lang, form=text(m.FORM_TEXT, m._form(r), lang))
    if rec == "alliance":
        form = r["alliance_form"]
        what = text(m.FORM_TEXT, form, lang)
        joint = r["_joint_ids"]
        if form == "shared_service":
            functions = list(r["support_functions_shared"]) or m._support_needs(r)
            what = text(m._TEXT, "form_for", lang, form=what, functions=m._listing(functions, lang))
        elif form == "consortium" and len(joint) > 1:
            what = text(m._TEXT, "form_instead", lang, form=what, n=len(joint))
        return text(
            m._TEXT,
            "advice_alliance",
            lang,
            form=what,
            misses=_ref_or(_ref_merger_misses(r, p, lang), lang),
        )
    return text(
        m._TEXT,
        "advice_neither",
        lang,
        merger_misses=_ref_or(_ref_merger_misses(r, p, lang), lang),
        alliance_misses=join_and(_ref_alliance_misses(r, p, lang), lang),
    )


def _ref_reason(r: dict[str, Any], p: m.MergerParams, lang: str) -> str:
    """The reason of one row, a short advice for a board, in ``lang``."""
    names = {"a": r["_name_a"], "b": r["_name_b"]}
    rec, status = r["recommendation"], r["status"]
    if status in ("declared", "proposed"):
        head = text(m._TEXT, f"head_{status}", lang, agreement=r["agreement_id"], **names)
    elif rec == "merger":
        head = text(m._TEXT, "head_merger", lang, **names)
    else:
        head = text(m._TEXT, "head_alliance", lang, n=r["live_agreements"], **names)
    aims = _ref_aims(r, p, lang)
    aim = (
        text(m._TEXT, f"aim_{status}", lang, aims=join_and(aims, lang))
        if aims
        else text(m._TEXT, "no_aim", lang)
    )
    return f"{head} {aim} {_ref_evidence(r, lang)} {_ref_advice(r, p, lang)}"


def _prepared(eco: netorg.Ecosystem, **params: float) -> tuple[pd.DataFrame, m.MergerParams]:
    """merger_alternatives' rows with their evidence and alliance forms, before the reasons."""
    p = with_overrides(eco.config.mergers, params)
    n = len(eco.org_index)
    on_record = m._on_record(eco)
    co_parties = m._co_parties(eco, p.hub_degree)
    candidates = m.candidate_pairs(eco, p, co_parties)
    candidates = candidates[~np.isin(candidates, on_record.index.to_numpy())]
    keys = np.concatenate([on_record.index.to_numpy(np.int64), candidates])
    out = pd.DataFrame({"a": keys // n, "b": keys % n})
    out["status"] = np.r_[on_record["status"].to_numpy(object), ["candidate"] * len(candidates)]
    ids = on_record["agreement_id"].to_numpy(object)
    out["agreement_id"] = np.r_[ids, [""] * len(candidates)]
    evidence = m._Evidence(eco, co_parties)
    evidence.measure(out)
    m._decide(out, p)
    candidate = out["status"].to_numpy() == "candidate"
    out = out[~candidate | m._kept_candidates(out, p)].reset_index(drop=True)
    evidence.describe(out)
    rows = out.to_dict("records")
    out["alliance_form"] = [m._form(r) if r["recommendation"] == "alliance" else "" for r in rows]
    return out, p


_LOOSE = {"candidate_threshold": 0.0, "candidate_min_agreements": 0, "candidates_per_org": 50}


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize(
    ("source", "params"),
    [("zorgregio", {}), ("arbeidsmarktregio", {}), ("zorgregio", _LOOSE), ("synthetic", _LOOSE)],
)
def test_reasons_a_template_at_a_time_match_the_row_at_a_time_reference(
    source: str, params: dict[str, float], lang: str
) -> None:
    """Every branch of a reason (heads, aims, evidence, the three pieces of advice, each
    condition missed) as the row-at-a-time reference writes it, in both languages; the
    loose parameters keep candidates of every kind."""
    eco = (
        netorg.datasets.synthetic(600, seed=3)
        if source == "synthetic"
        else netorg.datasets.load(source)
    )
    out, p = _prepared(eco, **params)
    expected = [_ref_reason(r, p, lang) for r in out.to_dict("records")]
    assert len(expected) >= 10
    assert m._reason_column(out, p, lang) == expected
    # what the cases cover between them: a merger, neither, every alliance form, unknown sizes
    if source == "zorgregio":
        assert {"merger", "alliance", "neither"} <= set(out["recommendation"])
    if source == "synthetic":
        assert set(m.FORMS) <= set(out["alliance_form"]) and out["size_ratio"].isna().any()


@pytest.mark.parametrize("hub_degree", [2, 3, 150])
@pytest.mark.parametrize("source", ["zorgregio", "arbeidsmarktregio", "synthetic"])
def test_live_agreements_counted_from_co_parties_are_the_shared_agreements(
    source: str, hub_degree: int
) -> None:
    """Counted per pair for small agreements and looked up for the large ones (more than
    ``hub_degree`` parties), every pair's shared live agreements are those of its sets."""
    eco = (
        netorg.datasets.synthetic(600, seed=3)
        if source == "synthetic"
        else netorg.datasets.load(source)
    )
    co_parties = m._co_parties(eco, hub_degree)
    evidence = m._Evidence(eco, co_parties)
    n = len(eco.org_index)
    a, b = (codes.ravel() for codes in np.triu_indices(n, k=1))
    counted = evidence._live_agreements(a, b)
    assert counted.tolist() == evidence.party.count(a, b).tolist()
    assert counted.sum() > 0
    if hub_degree == 2:
        assert len(co_parties.large_agreement) > 0  # the large agreements were looked up
