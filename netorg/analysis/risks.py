"""Dependency risks: what a planner must see before it goes wrong, and how bad each one is.

:func:`dependency_risks` lists findings of nine kinds, each naming its evidence, with a
severity in [0, 1]; :func:`risk_scores` combines them per organisation. Only agreements live
on ``as_of`` make the structure and the supply (ended, planned and proposed ones do not);
planned agreements count only as successors and as alliances being set up.

Structure, on the undirected tie graph of live agreements (:func:`netorg.stats.tie_graph`):

- ``articulation_point``: an organisation whose removal disconnects its part of the network
  (Hopcroft & Tarjan 1973, "Algorithm 447: efficient algorithms for graph manipulation",
  CACM 16, 372-378; igraph's C implementation). How many organisations it cuts off from the
  largest remaining part comes from the block-cut tree of the biconnected components.
- ``bridge``: a pair of organisations whose tie is the only link between two parts (Tarjan
  1974, "A note on finding the bridges of a graph", Information Processing Letters 2).
  The subject is the pair ``"ORG_A|ORG_B"`` (in input order); the agreements are listed.
- ``broker``: an organisation on many shortest paths between others (Freeman 1977, "A set
  of measures of centrality based on betweenness", Sociometry 40, 35-41) whose partners are
  hardly tied to each other, so that nothing around it takes over its role (Burt 1992,
  *Structural Holes*: no redundant contacts). Betweenness is exact up to
  ``betweenness_exact_max`` organisations (Brandes 2001, "A faster algorithm for betweenness
  centrality", Journal of Mathematical Sociology 25) and beyond that estimated from a seeded
  sample of source organisations, scaled by n / samples (Brandes & Pich 2007, "Centrality
  estimation in large networks", International Journal of Bifurcation and Chaos 17).

Supply, from the organisations' ``needs`` and live market agreements (buyer = source, supplier =
target, as in :mod:`netorg.analysis.ties`):

- ``single_source``: a need served by exactly one live supplier; ``unserved_need``: a need with
  no live market supplier and no other live agreement of the organisation for that service
  (done in-house, or missing from the data: the detail says so). Kraljic (1983, "Purchasing
  must become supply management", Harvard Business Review) puts a critical supply with one
  source in the strategic quadrant.
- ``supplier_concentration``: the Herfindahl-Hirschman index (sum of squared shares) of a
  buyer's live spend on a service across at least two suppliers above ``hhi_threshold``
  (0.25: "highly concentrated" in the US Department of Justice and Federal Trade Commission
  *Horizontal Merger Guidelines* of 19 August 2010, section 5.3, HHI above 2,500 points).

People and time:

- ``key_person``: a contact person who is the only contact on at least ``key_person_min``
  live agreements, or on one live agreement that delivers a buyer's need.
- ``expiring``: a live agreement ending within ``horizon_days`` of ``as_of`` with no successor:
  no other active or planned agreement between the same parties for the same service that
  starts at most ``successor_gap_days`` after the end and runs past it.

Organisation:

- ``under_organised``: a live or planned hybrid agreement without shared goals, without
  governance (empty or ``none``) or without an evaluation date. Kaats & Opheij (2012, *Leren
  samenwerken tussen organisaties*) describe five phases of an alliance
  (strategy, search, creation, operation, evaluation) that are often skipped, with the gaps
  surfacing in operation; shared goals belong to the strategy phase, governance to the
  creation phase and a planned evaluation to the evaluation phase, so a missing element
  names the phase that was skipped.

Every severity rule is in docs/methodology.md ("Dependency risks"). Everything is computed
with pandas group-bys and igraph's C routines; Python only formats the details of the
findings, in ``eco.language`` (English or Dutch, from the templates in ``_TEXT``).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any, Final, NamedTuple

import igraph as ig
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from netorg._codes import (
    _strings,
    codes_in,
    distinct,
    edge_array,
    igraph_of,
    is_in,
    one_chunk,
    run_starts,
    sorted_codes,
    text_scalar,
)
from netorg._worker import Call, result_or, start_in_background
from netorg.i18n import (
    Field,
    int_column,
    join_and,
    number,
    number_column,
    per_distinct,
    percent,
    percent_column,
    text,
    text_column,
    text_column_where,
    where_column,
)
from netorg.model import Ecosystem
from netorg.params import RiskParams, with_overrides
from netorg.stats import tie_graph
from netorg.vocabulary import HYBRID, MARKET, PHASES

RISK_KINDS = (
    "articulation_point",
    "bridge",
    "broker",
    "single_source",
    "unserved_need",
    "supplier_concentration",
    "key_person",
    "expiring",
    "under_organised",
)

COLUMNS = [
    "subject",
    "subject_name",
    "risk_kind",
    "severity",
    "detail",
    "organisations",
    "agreements",
    "service",
    "person",
    "value",
    "share",
    "hhi",
    "n_suppliers",
    "count",
    "end",
    "days_left",
    "betweenness",
    "redundancy",
    "cut_off",
    "component_size",
    "missing",
    "skipped_phases",
]

#: How many agreement ids, organisations or suppliers a detail names before "and N more".
_LISTED = 5
_EMPTY_GOVERNANCE = ("", "none")

#: The details of the findings, in every language of :data:`netorg.i18n.LANGUAGES`. Keys
#: ending in ``_one`` and ``_many`` are the singular and plural of the same sentence.
_TEXT: Final = {
    "euro": {"en": "EUR {amount}", "nl": "€ {amount}"},
    "more": {"en": " and {n} more", "nl": " en nog {n} andere"},
    "articulation_point_one": {
        "en": "{name} is the only link between 1 organisation and the rest of its network of "
        "{total}: without it, {listed} loses every connection to the others.",
        "nl": "{name} is de enige verbinding tussen 1 organisatie en de rest van het "
        "samenhangende netwerk van {total} organisaties: zonder {name} raakt {listed} los van "
        "de overige organisaties.",
    },
    "articulation_point_many": {
        "en": "{name} is the only link between {n} organisations and the rest of its network of "
        "{total}: without it, {listed} lose every connection to the others.",
        "nl": "{name} is de enige verbinding tussen {n} organisaties en de rest van het "
        "samenhangende netwerk van {total} organisaties: zonder {name} raken {listed} los van "
        "de overige organisaties.",
    },
    "bridge_one": {
        "en": "The tie between {a} and {b} ({ids}) is the only link between two parts of their "
        "network of {total}: without it, 1 organisation on {small}'s side loses every "
        "connection to {big}'s side.",
        "nl": "De relatie tussen {a} en {b} ({ids}) is de enige verbinding tussen twee delen van "
        "hun netwerk van {total} organisaties: zonder deze relatie raakt 1 organisatie aan de "
        "kant van {small} de verbinding met de kant van {big} kwijt.",
    },
    "bridge_many": {
        "en": "The tie between {a} and {b} ({ids}) is the only link between two parts of their "
        "network of {total}: without it, {n} organisations on {small}'s side lose every "
        "connection to {big}'s side.",
        "nl": "De relatie tussen {a} en {b} ({ids}) is de enige verbinding tussen twee delen van "
        "hun netwerk van {total} organisaties: zonder deze relatie raken {n} organisaties aan "
        "de kant van {small} de verbinding met de kant van {big} kwijt.",
    },
    "broker": {
        "en": "{name} lies on {between} of the shortest paths between other organisations{how}, "
        "and only {redundancy} of the pairs among its {partners} partners are tied to each "
        "other: if it drops out, nothing around it takes over its linking role.",
        "nl": "{name} ligt op {between} van de kortste paden tussen andere organisaties{how}, en "
        "slechts {redundancy} van de paren onder haar {partners} partners heeft onderling een "
        "relatie: valt deze organisatie weg, dan neemt geen andere organisatie in haar "
        "omgeving de verbindende rol over.",
    },
    "broker_sampled": {
        "en": " (estimated from {n} sampled organisations)",
        "nl": " (geschat op basis van een steekproef van {n} organisaties)",
    },
    "single_source": {
        "en": "{service} is one of {buyer}'s needs and {supplier} ({supplier_id}) is its only "
        "live supplier ({ids}){money}: if that supplier fails or the agreement lapses, the need "
        "is not met.",
        "nl": "{service} is een behoefte van {buyer} en {supplier} ({supplier_id}) is de enige "
        "lopende leverancier ({ids}){money}: valt deze leverancier weg of vervalt de "
        "overeenkomst, dan wordt niet meer in deze behoefte voorzien.",
    },
    "single_source_money": {
        "en": ", {euro} a year ({share} of its live market spend)",
        "nl": ", {euro} per jaar ({share} van de uitgaven aan lopende inkooprelaties)",
    },
    "unserved_need": {
        "en": "{service} is one of {buyer}'s needs, but no live agreement supplies it: check "
        "whether it is done in-house, bought outside the recorded agreements, or missing.",
        "nl": "{service} is een behoefte van {buyer}, maar geen lopende overeenkomst voorziet "
        "erin: nagaan of dit intern gebeurt, buiten de vastgelegde overeenkomsten om wordt "
        "ingekocht of in de gegevens ontbreekt.",
    },
    "supplier_concentration": {
        "en": "{buyer}'s live {service} spend of {euro} a year is highly concentrated: HHI {hhi} "
        "above {threshold} across {n} suppliers ({listed}{more}; {ids}).",
        "nl": "De lopende uitgaven van {buyer} aan {service}, {euro} per jaar, zijn sterk "
        "geconcentreerd: HHI {hhi}, boven de drempel van {threshold}, verdeeld over {n} "
        "leveranciers ({listed}{more}; {ids}).",
    },
    "key_person": {
        "en": "{person} is the only contact person on {agreements} of {org} ({ids}) with "
        "{others}{money}{core}: if this person leaves, the knowledge of these agreements goes "
        "too.",
        "nl": "{person} is de enige contactpersoon bij {agreements} van {org} ({ids}) met "
        "{others}{money}{core}: vertrekt deze persoon, dan verdwijnt de kennis van {these} ook.",
    },
    "key_person_agreements_one": {"en": "1 live agreement", "nl": "1 lopende overeenkomst"},
    "key_person_agreements_many": {
        "en": "{n} live agreements",
        "nl": "{n} lopende overeenkomsten",
    },
    "key_person_these_one": {"en": "these agreements", "nl": "deze overeenkomst"},
    "key_person_these_many": {"en": "these agreements", "nl": "deze overeenkomsten"},
    "key_person_others_one": {"en": "1 other organisation", "nl": "1 andere organisatie"},
    "key_person_others_many": {"en": "{n} other organisations", "nl": "{n} andere organisaties"},
    "key_person_money": {"en": ", {euro} a year", "nl": ", {euro} per jaar"},
    "key_person_core_one": {
        "en": "; this includes the main supply of {services}, a need",
        "nl": "; daaronder valt de belangrijkste inkooprelatie voor {services} (een behoefte)",
    },
    "key_person_core_many": {
        "en": "; this includes the main supply of {services}, a need",
        "nl": "; daaronder vallen de belangrijkste inkooprelaties voor {services} (behoeften)",
    },
    # joins a need to its buyer in the key person's list of main supplies
    "key_person_for": {"en": " for ", "nl": " van "},
    "expiring": {
        "en": "{type} {id} between {who}{service}{money} ends on {date}, in {days}, and no "
        "follow-up agreement between them for the same service is active or planned{need}.",
        "nl": "{type} {id} tussen {who}{service}{money} loopt af op {date}, over {days}, en er "
        "is tussen deze partijen geen vervolgovereenkomst voor dezelfde dienst actief of "
        "gepland{need}.",
    },
    "expiring_service": {"en": " for {service}", "nl": " voor {service}"},
    "expiring_money": {"en": ", {euro} a year", "nl": " ({euro} per jaar)"},
    "expiring_need": {
        "en": "; {service} is one of {buyer}'s needs",
        "nl": "; voor {buyer} is {service} een behoefte",
    },
    "days_one": {"en": "1 day", "nl": "1 dag"},
    "days_many": {"en": "{n} days", "nl": "{n} dagen"},
    "under_organised": {
        "en": "{type} {id} between {who} {where} has no {missing}: {notes}.",
        "nl": "{type} {id} tussen {who} {where} heeft geen {missing}: {notes}.",
    },
    "where_phase": {"en": "in its {phase}", "nl": "in de {phase}"},
    "where_unknown": {"en": "(phase not recorded)", "nl": "(fase niet vastgelegd)"},
    "phase_strategy": {"en": "strategy phase", "nl": "strategiefase"},
    "phase_search": {"en": "search phase", "nl": "zoekfase"},
    "phase_creation": {"en": "creation phase", "nl": "vormgevingsfase"},
    "phase_operation": {"en": "operation phase", "nl": "uitvoeringsfase"},
    "phase_evaluation": {"en": "evaluation phase", "nl": "evaluatiefase"},
    "phase_other": {"en": "{phase} phase", "nl": "fase {phase}"},
    "element_shared_goals": {"en": "shared goals", "nl": "gedeelde doelen"},
    "element_governance": {"en": "governance", "nl": "bestuurlijke inrichting"},
    "element_evaluation_date": {"en": "evaluation date", "nl": "evaluatiedatum"},
    "skipped_shared_goals": {
        "en": "it has skipped the strategy phase, which sets its shared goals",
        "nl": "de strategiefase, waarin de gedeelde doelen worden bepaald, is overgeslagen",
    },
    "skipped_governance": {
        "en": "it has skipped the creation phase, which sets its governance",
        "nl": "de vormgevingsfase, waarin de bestuurlijke inrichting wordt vastgelegd, is "
        "overgeslagen",
    },
    "to_set_shared_goals": {
        "en": "its shared goals are still to be set in the strategy phase",
        "nl": "de gedeelde doelen moeten nog worden bepaald in de strategiefase",
    },
    "to_set_governance": {
        "en": "its governance is still to be set in the creation phase",
        "nl": "de bestuurlijke inrichting moet nog worden vastgelegd in de vormgevingsfase",
    },
    "evaluation_due": {
        "en": "it is in its evaluation phase without an evaluation date",
        "nl": "de samenwerking is in de evaluatiefase zonder evaluatiedatum",
    },
    "evaluation_not_planned": {
        "en": "no joint evaluation is planned",
        "nl": "er is geen gezamenlijke evaluatie gepland",
    },
}

#: Agreement types as a Dutch sentence names them (with their article); English details name
#: the type itself. The ``type`` column keeps the English vocabulary in both languages.
_TYPE_NL: Final = {
    "purchase": "de inkoopovereenkomst",
    "contract": "het contract",
    "service_contract": "de dienstverleningsovereenkomst",
    "tender_award": "de gegunde opdracht",
    "subsidy": "de subsidie",
    "grant": "de bijdrage",
    "licence": "de licentie",
    "lease": "de huurovereenkomst",
    "outsourcing": "de uitbestedingsovereenkomst",
    "partnership": "de samenwerkingsovereenkomst",
    "alliance": "de alliantie",
    "consortium": "het consortium",
    "covenant": "het convenant",
    "joint_venture": "de joint venture",
    "shared_service": "de gedeelde dienst",
    "referral": "de verwijsafspraak",
    "network": "de netwerkafspraak",
    "mou": "de intentieverklaring",
    "joint_recruitment": "de afspraak over gezamenlijke werving",
    "secondment": "de detacheringsovereenkomst",
    "merger": "de fusie",
    "acquisition": "de overname",
    "ownership": "de deelneming",
    "subsidiary": "de dochteronderneming",
}

_MONTHS_NL: Final = (
    "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
    "oktober", "november", "december",
)  # fmt: skip


def dependency_risks(
    eco: Ecosystem, *, horizon_days: int | None = None, **params: Any
) -> pd.DataFrame:
    """One row per dependency risk found: its subject, kind, severity and evidence.

    Parameters
    ----------
    eco : Ecosystem
    horizon_days : int, optional
        Live agreements ending within this many days after ``eco.as_of`` without a successor
        are ``expiring`` (default 180, or the config file's ``[risks]`` value).
    **params
        Any field of :class:`netorg.params.RiskParams`: ``successor_gap_days`` (31),
        ``hhi_threshold`` (0.25), ``key_person_min`` (3), ``broker_min_betweenness`` (0.05),
        ``broker_max_redundancy`` (0.1), ``betweenness_exact_max`` (5000),
        ``betweenness_samples`` (200), ``seed`` (1).

    Returns
    -------
    DataFrame
        subject (an organisation id; an agreement id for ``expiring`` and
        ``under_organised``; ``"ORG_A|ORG_B"`` for a ``bridge``), subject_name, risk_kind
        (one of :data:`RISK_KINDS`), severity (in [0, 1]), detail (plain language naming the
        agreements and figures, in ``eco.language``: English or Dutch), and the evidence:
        organisations and agreements concerned (``;``-joined ids), service, person, value
        (annual, euro), share, hhi, n_suppliers, count, end, days_left, betweenness
        (normalised), redundancy, cut_off, component_size, missing, skipped_phases. Columns
        that do not apply to a kind are empty. Sorted by severity (highest first), then kind,
        then subject.

    Examples
    --------
    >>> import netorg
    >>> from netorg.analysis.risks import dependency_risks
    >>> risks = dependency_risks(netorg.datasets.load("zorgregio"))
    >>> risks.query("risk_kind == 'articulation_point'")["subject"].tolist()
    ['SW-HEE']
    """
    if horizon_days is not None:
        params = {**params, "horizon_days": horizon_days}
    p = with_overrides(eco.config.risks, params)
    lang = eco.language
    return eco.memo(_memo_key(eco, p), lambda: _all_risks(eco, p, lang)).copy()


def forget_risks(eco: Ecosystem) -> None:
    """Let go of the findings :func:`dependency_risks` keeps (for :func:`risk_scores` and
    later calls) with the ecosystem's configured parameters; they are computed again when
    asked for."""
    eco.forget(_memo_key(eco, eco.config.risks))


def _memo_key(eco: Ecosystem, p: RiskParams) -> tuple[str, RiskParams, str]:
    return ("dependency_risks", p, eco.language)


def risk_scores(eco: Ecosystem, **params: Any) -> pd.DataFrame:
    """One row per organisation with findings: one combined score, with its components.

    A finding counts for every organisation it concerns (the ``organisations`` column of
    :func:`dependency_risks`: a buyer for its needs, both ends of a bridge, every party of an
    expiring or under-organised agreement or of the agreements a key person carries). The
    score is ``1 - prod(1 - severity)`` over the organisation's findings: the chance that at
    least one goes wrong if each severity were an independent probability. It is 0 without
    findings, never below the largest severity, and approaches 1 as findings pile up.

    Parameters
    ----------
    eco : Ecosystem
    **params
        As for :func:`dependency_risks` (``horizon_days`` included).

    Returns
    -------
    DataFrame
        org_id, name, score, n_findings, one column per risk kind (the same combination
        over that kind's findings, 0 when none), top_risk (the kind of its most severe
        finding) and top_detail (its detail, in ``eco.language``); sorted by score (highest
        first), then org_id.

    Examples
    --------
    >>> import netorg
    >>> from netorg.analysis.risks import risk_scores
    >>> scores = risk_scores(netorg.datasets.load("zorgregio"))
    >>> bool(scores["score"].between(0, 1).all())
    True
    """
    risks = dependency_risks(eco, **params)
    kinds = list(RISK_KINDS)
    columns = ["org_id", "name", "score", "n_findings", *kinds, "top_risk", "top_detail"]
    if risks.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    # One row per finding and organisation it lists, as integer codes: the findings' ranks
    # (they are sorted most severe first) and the organisations' positions among those
    # listed, summed with bincount. The details are looked up by rank at the end.
    items, rank = _split_ids(pa.array(risks["organisations"], type=pa.large_string()))
    org, ids = pd.factorize(items.to_pandas(), sort=True)
    n, k = len(ids), len(kinds)
    kind = pd.Categorical(risks["risk_kind"], categories=kinds).codes.astype(np.int64)[rank]
    with np.errstate(divide="ignore"):
        log_safe = np.log1p(-risks["severity"].to_numpy(float).clip(0.0, 1.0))[rank]
    counted = (kind >= 0) & ~np.isnan(log_safe)  # as pandas' sum, which skips NaN
    cells = org[counted] * k + kind[counted]
    sums = np.bincount(cells, weights=log_safe[counted], minlength=n * k).reshape(n, k)
    per_kind = pd.DataFrame(sums, index=pd.Index(ids, name="org_id"), columns=kinds)
    out = pd.DataFrame(index=per_kind.index)
    out["score"] = np.round(1.0 - np.exp(per_kind.sum(axis=1)), 4)
    out["n_findings"] = np.bincount(org, minlength=n)
    for kind_name in kinds:
        out[kind_name] = np.round(1.0 - np.exp(per_kind[kind_name]), 4)
    top = np.full(n, len(risks), dtype=np.int64)
    np.minimum.at(top, org, rank)
    out["top_risk"] = risks["risk_kind"].to_numpy(object)[top]
    out["top_detail"] = risks["detail"].take(top).to_numpy()
    out = out.reset_index()
    names = eco.organisations.set_index("id")["name"]
    out["name"] = names.reindex(out["org_id"]).to_numpy(dtype=object)
    out = out.sort_values(["score", "org_id"], ascending=[False, True])
    return out[columns].reset_index(drop=True)


# -- assembling ------------------------------------------------------------------------------


def _all_risks(eco: Ecosystem, p: RiskParams, lang: str) -> pd.DataFrame:
    ctx = _Context(eco)
    parts = [
        _articulation_points(ctx, lang),
        _bridges(ctx, lang),
        _brokers(ctx, p, lang),
        *_needs(ctx, lang),
        _concentration(ctx, p, lang),
        _key_persons(ctx, p, lang),
        _expiring(ctx, p, lang),
        _under_organised(ctx, lang),
    ]
    parts = [part for part in parts if len(part)]
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in COLUMNS})
    out = pd.concat(parts, ignore_index=True).reindex(columns=COLUMNS)
    out["severity"] = out["severity"].astype(float).clip(0.0, 1.0).round(4)
    for column in ("n_suppliers", "count", "days_left", "cut_off", "component_size"):
        out[column] = out[column].astype("Int64")
    # Arrow-backed text rather than a Python object per row: about a third of the memory.
    # The kinds give Arrow text already, and the missing cells are filled in Arrow.
    for column in ("organisations", "agreements", "service", "person", "missing",
                   "skipped_phases"):  # fmt: skip
        values = out[column] if out[column].dtype == "str" else out[column].astype(object)
        out[column] = values.fillna("").astype("str")
    # Texts sorted as integers that sort like them, not as a numpy text per row.
    order = np.lexsort(
        (
            *(_text_order(out[c]) for c in ("person", "service", "subject", "risk_kind")),
            -out["severity"].to_numpy(float),
        )
    )
    return out.iloc[order].reset_index(drop=True)


def _text_order(column: pd.Series) -> np.ndarray:
    """A code per row that sorts and ties like ``column.to_numpy(dtype=str)``, the row's
    text (a missing value as numpy writes it)."""
    texts = one_chunk(_strings(column))
    if texts.null_count:
        texts = pa.array(column.to_numpy(dtype=str), type=pa.large_string())
    return sorted_codes(texts)[0]


class _Context:
    """The arrays every kind of risk reads, computed once per call."""

    def __init__(self, eco: Ecosystem) -> None:
        self.eco = eco
        a = eco.agreements
        self.n = len(eco.org_index)
        self.org_ids = eco.org_index.to_numpy(dtype=object)
        self.names = eco.organisations["name"].to_numpy(dtype=object)
        self.agreement_ids = eco.agreement_index.to_numpy(dtype=object)
        self.live = eco.live_mask()
        self.market, self.hybrid = eco.of_form(MARKET), eco.of_form(HYBRID)
        self.service = a["service"].fillna("").to_numpy(dtype=object)
        self.value = a["value"].to_numpy(float)
        self.start = a["start"].to_numpy("datetime64[s]")
        self.end = a["end"].to_numpy("datetime64[s]")
        self.day = np.datetime64(pd.Timestamp(eco.as_of).to_datetime64(), "s")
        self.graph = tie_graph(eco)
        self.party_agreement, self.party_org = eco.party_codes
        self._needs: pd.DataFrame | None = None
        self._supply: pd.DataFrame | None = None
        self._source_codes: np.ndarray | None = None
        self._service_codes: tuple[np.ndarray, pd.Index] | None = None

    def source_codes(self) -> np.ndarray:
        """Per agreement code, the organisation code of its source (-1 where it has none);
        looked up once per call (the key persons and expiring agreements read it)."""
        if self._source_codes is None:
            source = self.eco.agreements["source"].fillna("")
            codes = np.full(len(source), -1, dtype=np.int64)
            known = source.to_numpy(dtype=object) != ""
            if known.any():
                codes[known] = codes_in(source[known], self.eco.org_index)
            self._source_codes = codes
        return self._source_codes

    def service_codes(self) -> tuple[np.ndarray, pd.Index]:
        """Per agreement a code of its service, and the services by code: to match services
        as integers, not as Python texts."""
        if self._service_codes is None:
            codes, services = pd.factorize(self.service)
            self._service_codes = codes.astype(np.int64), pd.Index(services)
        return self._service_codes

    def needs(self) -> pd.DataFrame:
        """One row per (org, service) the organisation needs; ``key`` = org * S + service."""
        if self._needs is None:
            needs = self.eco.organisations["needs"].explode().dropna()
            needs = needs[needs.astype(str) != ""]
            frame = pd.DataFrame(
                {"org": needs.index.to_numpy(np.int64), "service": needs.to_numpy(dtype=object)}
            )
            self._needs = frame.drop_duplicates().reset_index(drop=True)
        return self._needs

    def supply(self) -> pd.DataFrame:
        """Live market supply: one row per buyer, supplier, service and agreement."""
        if self._supply is None:
            e = self.eco.edges
            code = e["agreement_code"].to_numpy(np.int64)
            keep = self.live[code] & self.market[code] & (self.service[code] != "")
            code = code[keep]
            # A multi-party market agreement spreads its value over its edges.
            edges_per = np.bincount(code, minlength=len(self.value))
            self._supply = pd.DataFrame(
                {
                    "buyer": e["source_code"].to_numpy(np.int64)[keep],
                    "supplier": e["target_code"].to_numpy(np.int64)[keep],
                    "service": self.service[code],
                    "agreement": code,
                    "value": self.value[code] / np.maximum(edges_per[code], 1),
                }
            )
        return self._supply

    def parties_of(self, agreements: np.ndarray) -> pd.Series:
        """``;``-joined organisation ids of each agreement code given, in input order."""
        wanted = np.isin(self.party_agreement, agreements)
        frame = pd.DataFrame(
            {"agreement": self.party_agreement[wanted], "org": self.party_org[wanted]}
        ).drop_duplicates()
        return _joined(frame["agreement"].to_numpy(), self.org_ids[frame["org"].to_numpy()])


def _frame(kind: str, **columns: Any) -> pd.DataFrame:
    out = pd.DataFrame(columns)
    out.insert(2, "risk_kind", kind)
    return out


# -- structure -------------------------------------------------------------------------------


class _Forest:
    """Rooted view of a forest: parents, subtree weights and preorder ranges, vectorised.

    Each tree is hung from a virtual root; subtree sums are accumulated layer by layer from
    the deepest (one numpy call per layer, so the cost grows with depth, not size).
    """

    def __init__(self, n_nodes: int, u: np.ndarray, v: np.ndarray, weight: np.ndarray) -> None:
        forest = igraph_of(n_nodes, np.column_stack((u, v)))
        self.tree = np.asarray(forest.connected_components().membership, dtype=np.int64)
        _, first = np.unique(self.tree, return_index=True)
        root = n_nodes
        rooted = ig.Graph(n=n_nodes + 1, directed=False)
        hang = np.column_stack((np.full(len(first), root), first))
        rooted.add_edges(np.vstack([np.column_stack((u, v)), hang]))
        order, layers, parents = rooted.bfs(root)
        order_a = np.asarray(order, dtype=np.int64)
        self.parent = np.asarray(parents, dtype=np.int64)[:n_nodes]
        self.weight = np.asarray(weight, dtype=np.int64)
        self.subtree = np.append(self.weight, 0)
        self.size = np.append(np.ones(n_nodes, dtype=np.int64), 0)
        for i in range(len(layers) - 2, 0, -1):
            nodes = order_a[layers[i] : layers[i + 1]]
            np.add.at(self.subtree, self.parent[nodes], self.subtree[nodes])
            np.add.at(self.size, self.parent[nodes], self.size[nodes])
        self.total = self.subtree[first][self.tree]
        preorder, _ = rooted.dfs(root)
        self.preorder = np.asarray(preorder, dtype=np.int64)
        self.position = np.empty(n_nodes + 1, dtype=np.int64)
        self.position[self.preorder] = np.arange(len(self.preorder))
        self.first = first

    def descendants(self, node: int) -> np.ndarray:
        """The nodes below ``node`` (not itself), in preorder."""
        at = self.position[node]
        return self.preorder[at + 1 : at + self.size[node]]


def _articulation_points(ctx: _Context, lang: str) -> pd.DataFrame:
    """Organisations whose removal cuts others off, with how many and whom."""
    graph = ctx.graph
    points = np.asarray(graph.articulation_points(), dtype=np.int64)
    if not len(points):
        return pd.DataFrame()
    blocks = [np.asarray(b, dtype=np.int64) for b in graph.biconnected_components()]
    block_of = np.repeat(np.arange(len(blocks)), [len(b) for b in blocks])
    member = np.concatenate(blocks)
    ap_index = np.full(ctx.n, -1, dtype=np.int64)
    ap_index[points] = np.arange(len(points))
    is_ap = ap_index[member] >= 0
    n_blocks = len(blocks)
    # Block-cut tree: block nodes 0..B-1 weigh their non-articulation members, point nodes 1.
    weight = np.concatenate(
        [np.bincount(block_of[~is_ap], minlength=n_blocks), np.ones(len(points), np.int64)]
    )
    forest = _Forest(
        n_blocks + len(points), block_of[is_ap], n_blocks + ap_index[member[is_ap]], weight
    )
    node = n_blocks + np.arange(len(points))
    below = np.zeros(len(weight) + 1, dtype=np.int64)
    children = np.flatnonzero(forest.parent >= 0)
    np.maximum.at(below, forest.parent[children], forest.subtree[children])
    total = forest.total[node]
    above = total - forest.subtree[node]
    largest = np.maximum(below[node], above)
    cut_off = total - 1 - largest
    # Members of each block that are not articulation points, for naming whom is cut off.
    plain = np.argsort(block_of[~is_ap], kind="stable")
    plain_members = member[~is_ap][plain]
    plain_start = np.searchsorted(block_of[~is_ap][plain], np.arange(n_blocks + 1))
    details = []
    for i, point in enumerate(points):
        parent_side_largest = bool(above[i] >= below[node[i]])
        cut = _cut_off_members(
            forest, int(node[i]), parent_side_largest, n_blocks, points, plain_members, plain_start
        )
        named = [f"{ctx.names[c]} ({ctx.org_ids[c]})" for c in cut[:_LISTED]]
        details.append(
            _counted(
                "articulation_point", int(cut_off[i]), lang,
                name=ctx.names[point], total=total[i],
                listed=_listing(named, int(cut_off[i]), lang),
            )
        )  # fmt: skip
    return _frame(
        "articulation_point",
        subject=ctx.org_ids[points],
        subject_name=ctx.names[points],
        severity=np.sqrt(cut_off / np.maximum(total - 1, 1)),
        detail=details,
        organisations=ctx.org_ids[points].astype(str),
        cut_off=cut_off,
        component_size=total,
    )


def _cut_off_members(
    forest: _Forest,
    node: int,
    parent_side_largest: bool,
    n_blocks: int,
    points: np.ndarray,
    plain_members: np.ndarray,
    plain_start: np.ndarray,
) -> list[int]:
    """Up to a few organisations cut off by removing the articulation point at ``node``."""
    if parent_side_largest:
        cut_nodes = forest.descendants(node)
    else:
        # The largest part hangs below: cut off is the rest of the tree.
        tree_root = int(forest.first[forest.tree[node]])
        everything = np.concatenate([[tree_root], forest.descendants(tree_root)])
        children = np.flatnonzero(forest.parent == node)
        biggest = children[np.argmax(forest.subtree[children])]
        skip = np.concatenate([[node, biggest], forest.descendants(int(biggest))])
        cut_nodes = everything[~np.isin(everything, skip)]
    found: list[int] = []
    for t in cut_nodes:
        if t >= n_blocks:
            found.append(int(points[t - n_blocks]))
        else:
            found.extend(plain_members[plain_start[t] : plain_start[t + 1]].tolist())
        if len(found) >= 4 * _LISTED:
            break
    return sorted(found)


def _bridges(ctx: _Context, lang: str) -> pd.DataFrame:
    """Ties whose loss splits the network, with the size of the smaller side."""
    graph = ctx.graph
    bridge_ids = np.asarray(graph.bridges(), dtype=np.int64)
    if not len(bridge_ids):
        return pd.DataFrame()
    ends = edge_array(graph)
    u, v = ends[bridge_ids, 0], ends[bridge_ids, 1]
    rest = graph.copy()
    rest.delete_edges(bridge_ids.tolist())
    part = np.asarray(rest.connected_components().membership, dtype=np.int64)
    forest = _Forest(int(part.max()) + 1, part[u], part[v], np.bincount(part))
    # The side below the bridge in the rooted bridge tree.
    child = np.where(forest.parent[part[u]] == part[v], part[u], part[v])
    below = forest.subtree[child]
    total = forest.total[child]
    smaller = np.minimum(below, total - below)
    small_end = np.where((part[u] == child) == (below <= total - below), u, v)
    big_end = np.where(small_end == u, v, u)
    lo, hi = np.minimum(u, v), np.maximum(u, v)
    agreements = _texts(_pair_agreements(ctx, lo * ctx.n + hi))
    ids_lo, ids_hi = _texts(ctx.org_ids[lo]), _texts(ctx.org_ids[hi])
    names_lo, names_hi = _texts(ctx.names[lo]), _texts(ctx.names[hi])
    fields: dict[str, Field] = {
        "a": names_lo,
        "b": names_hi,
        "ids": _id_listing(agreements, lang),
        "total": int_column(total),
        "small": _texts(ctx.names[small_end]),
        "big": _texts(ctx.names[big_end]),
        "n": int_column(smaller),
    }
    one = smaller == 1
    detail = pc.coalesce(
        text_column_where(one, _TEXT, "bridge_one", lang, **fields),
        text_column_where(~one, _TEXT, "bridge_many", lang, **fields),
    )

    def pairs(a: pa.Array, b: pa.Array, sep: str) -> pd.api.extensions.ExtensionArray:
        return pc.binary_join_element_wise(a, b, text_scalar(sep)).to_pandas().array

    return _frame(
        "bridge",
        subject=pairs(ids_lo, ids_hi, "|"),
        subject_name=pairs(names_lo, names_hi, " | "),
        severity=np.sqrt(smaller / np.maximum(total - 1, 1)),
        detail=detail.to_pandas().array,
        organisations=pairs(ids_lo, ids_hi, ";"),
        agreements=agreements.to_pandas().array,
        count=pc.count_substring(agreements, ";").to_numpy() + 1,
        cut_off=smaller,
        component_size=total,
    )


def _pair_agreements(ctx: _Context, keys: np.ndarray) -> list[str]:
    """``;``-joined ids of the live agreements linking each pair key ``lo * n + hi``."""
    e = ctx.eco.edges
    code = e["agreement_code"].to_numpy(np.int64)
    src, dst = e["source_code"].to_numpy(np.int64), e["target_code"].to_numpy(np.int64)
    key = np.minimum(src, dst) * ctx.n + np.maximum(src, dst)
    keep = ctx.live[code] & is_in(key, keys)
    frame = pd.DataFrame({"key": key[keep], "code": code[keep]}).drop_duplicates()
    joined = _joined(frame["key"].to_numpy(), ctx.agreement_ids[frame["code"].to_numpy()])
    return joined.reindex(keys).fillna("").tolist()


def betweenness(
    graph: ig.Graph, *, exact_max: int = 5000, samples: int = 200, seed: int = 1
) -> np.ndarray:
    """Normalised betweenness of every vertex of an undirected graph, exact or estimated.

    Exact (Brandes 2001) up to ``exact_max`` vertices. Beyond, shortest paths are counted from
    ``samples`` source vertices drawn with ``numpy.random.default_rng(seed)`` and scaled by
    ``n / samples`` (Brandes & Pich 2007), an unbiased estimate whose error shrinks with the
    square root of the sample; docs/methodology.md quotes the error measured on synthetic
    networks. Values are divided by ``(n - 1)(n - 2) / 2``, the number of pairs of other
    vertices, so 1 is the centre of a star.

    Examples
    --------
    >>> import igraph as ig
    >>> betweenness(ig.Graph.Star(4)).tolist()
    [1.0, 0.0, 0.0, 0.0]
    """
    n = graph.vcount()
    if n < 3:
        return np.zeros(n)
    if n <= exact_max or samples >= n:
        raw = np.asarray(graph.betweenness(directed=False), dtype=float)
    else:
        sources = np.sort(np.random.default_rng(seed).choice(n, size=samples, replace=False))
        raw = np.asarray(graph.betweenness(directed=False, sources=sources.tolist()), dtype=float)
        raw *= n / samples
    return raw / ((n - 1) * (n - 2) / 2)


#: Ties from which :func:`start_betweenness` hands the brokers' betweenness to a worker
#: process: below, it takes about a second or less and a process costs more than it saves.
BACKGROUND_MIN_TIES: Final = 200_000


def start_betweenness(eco: Ecosystem) -> None:
    """Start the brokers' betweenness (with ``eco``'s risk parameters) in a worker process.

    It is the largest single computation of :func:`dependency_risks` on a large network
    (200 breadth-first searches over the whole graph), and needs nothing but the tie graph;
    :func:`netorg.analysis.analyze` starts it first, so that it runs on a second core while
    the tie, cluster and brokerage analyses run. The worker (:mod:`netorg._worker`, a fresh
    ``python -m`` process that never imports the caller's script) gets the graph's edge
    list and computes exactly what :func:`betweenness` computes here. Small graphs, a
    running or finished computation, or a machine that cannot start a process: nothing
    happens, and the value is computed when the risks need it.
    """
    call = betweenness_call(eco)
    if call is not None:
        start_in_background(eco, [call])


def betweenness_call(eco: Ecosystem) -> Call | None:
    """The background computation :func:`start_betweenness` starts; None for a network
    smaller than :data:`BACKGROUND_MIN_TIES` ties."""
    p = eco.config.risks
    graph = tie_graph(eco)
    if graph.ecount() < BACKGROUND_MIN_TIES:
        return None

    def arguments() -> tuple[Any, ...]:
        edges = edge_array(graph)
        return graph.vcount(), edges, p.betweenness_exact_max, p.betweenness_samples, p.seed

    return ("pending", *_betweenness_key(p)), _betweenness_of_edges, arguments


def _betweenness_key(p: RiskParams) -> tuple[Any, ...]:
    return ("risk_betweenness", p.betweenness_exact_max, p.betweenness_samples, p.seed)


def _betweenness_of_edges(
    n: int, edges: np.ndarray, exact_max: int, samples: int, seed: int
) -> np.ndarray:
    """:func:`betweenness` of the undirected graph with these edges, in that order (so the
    searches visit neighbours in the same order and the sums come out the same)."""
    graph = igraph_of(n, edges)
    return betweenness(graph, exact_max=exact_max, samples=samples, seed=seed)


def _brokers(ctx: _Context, p: RiskParams, lang: str) -> pd.DataFrame:
    """High betweenness among partners that are not tied to each other."""
    graph = ctx.graph
    if graph.vcount() < 3 or graph.ecount() == 0:
        return pd.DataFrame()
    key = _betweenness_key(p)

    def compute() -> np.ndarray:
        here = functools.partial(betweenness, graph, exact_max=p.betweenness_exact_max,
                                 samples=p.betweenness_samples, seed=p.seed)  # fmt: skip
        pending = ctx.eco.memo(("pending", *key), lambda: None)
        return np.asarray(result_or(pending, here), dtype=float)

    between = ctx.eco.memo(key, compute)
    degree = np.asarray(graph.degree(), dtype=np.int64)
    candidates = np.flatnonzero((between >= p.broker_min_betweenness) & (degree >= 2))
    if not len(candidates):
        return pd.DataFrame()
    redundancy = np.asarray(
        graph.transitivity_local_undirected(vertices=candidates.tolist(), mode="zero"), dtype=float
    )
    keep = redundancy <= p.broker_max_redundancy
    found, redundancy = candidates[keep], redundancy[keep]
    if not len(found):
        return pd.DataFrame()
    exact = graph.vcount() <= p.betweenness_exact_max
    how = "" if exact else text(_TEXT, "broker_sampled", lang, n=p.betweenness_samples)
    details = [
        text(
            _TEXT, "broker", lang,
            name=ctx.names[o], between=percent(between[o], lang), how=how,
            redundancy=percent(r, lang), partners=degree[o],
        )
        for o, r in zip(found, redundancy, strict=True)
    ]  # fmt: skip
    return _frame(
        "broker",
        subject=ctx.org_ids[found],
        subject_name=ctx.names[found],
        severity=np.clip(between[found] * (1.0 - redundancy) / 0.5, 0.0, 1.0),
        detail=details,
        organisations=ctx.org_ids[found].astype(str),
        count=degree[found],
        betweenness=np.round(between[found], 4),
        redundancy=np.round(redundancy, 4),
    )


# -- supply ----------------------------------------------------------------------------------


def _needs(ctx: _Context, lang: str) -> list[pd.DataFrame]:
    """Needs with exactly one live supplier, and needs with none at all."""
    needs = ctx.needs()
    if needs.empty:
        return []
    supply = ctx.supply()
    grouped = supply.groupby(["buyer", "service"], sort=False)
    per_need = pd.DataFrame(
        {
            "n_suppliers": grouped["supplier"].nunique(),
            "supplier": grouped["supplier"].min(),
            "value": grouped["value"].sum(min_count=1),
        }
    )
    spend = supply.groupby("buyer")["value"].sum(min_count=1)
    key = pd.MultiIndex.from_arrays([needs["org"], needs["service"]])
    found = needs.assign(
        n_suppliers=per_need["n_suppliers"].reindex(key).fillna(0).to_numpy(np.int64),
        supplier=per_need["supplier"].reindex(key).fillna(-1).to_numpy(np.int64),
        value=per_need["value"].reindex(key).to_numpy(float),
    )
    single = found[found["n_suppliers"] == 1].copy()
    single["share"] = single["value"].to_numpy() / spend.reindex(single["org"]).to_numpy(float)
    ids = _agreements_of(supply, single[["org", "service"]], ctx)
    single["agreements"] = ids
    # Unserved: no live market supplier and no other live agreement of the org for it.
    none = found[found["n_suppliers"] == 0]
    # (organisation, service) as one integer: the service's code + 1, 0 for one no
    # agreement names.
    codes, services = ctx.service_codes()
    width = len(services) + 1
    live_parties = ctx.live[ctx.party_agreement]
    covered = ctx.party_org[live_parties].astype(np.int64) * width
    covered += codes[ctx.party_agreement[live_parties]] + 1
    wanted = none["org"].to_numpy(np.int64) * width + services.get_indexer(none["service"]) + 1
    none = none[~is_in(wanted, covered)]
    return [_single_source(ctx, single, lang), _unserved(ctx, none, lang)]


def _agreements_of(supply: pd.DataFrame, wanted: pd.DataFrame, ctx: _Context) -> list[str]:
    """``;``-joined ids of the live market agreements of each wanted (org, service)."""
    rows = supply.merge(wanted.rename(columns={"org": "buyer"}), on=["buyer", "service"])
    rows = rows.sort_values(["buyer", "service", "agreement"])
    # Rows are sorted, so group numbers follow the sorted (buyer, service) order.
    group = rows.groupby(["buyer", "service"], sort=True).ngroup().to_numpy()
    joined = _joined(group, ctx.agreement_ids[rows["agreement"].to_numpy()])
    first = rows.drop_duplicates(["buyer", "service"])
    joined.index = pd.MultiIndex.from_arrays([first["buyer"], first["service"]])
    key = pd.MultiIndex.from_arrays([wanted["org"], wanted["service"]])
    return joined.reindex(key).fillna("").tolist()


def _single_source(ctx: _Context, single: pd.DataFrame, lang: str) -> pd.DataFrame:
    if single.empty:
        return pd.DataFrame()
    org = single["org"].to_numpy(np.int64)
    supplier = single["supplier"].to_numpy(np.int64)
    share = single["share"].to_numpy(float)
    value = single["value"].to_numpy(float)
    n = len(single)
    money = text_column(
        _TEXT, "single_source_money", lang, n,
        euro=_euro_column(value, lang), share=percent_column(share, lang),
    )  # fmt: skip
    detail = text_column(
        _TEXT, "single_source", lang, n,
        service=_texts(single["service"]), buyer=_texts(ctx.names[org]),
        supplier=_texts(ctx.names[supplier]), supplier_id=_texts(ctx.org_ids[supplier]),
        ids=_id_listing(_texts(single["agreements"]), lang),
        money=where_column(~np.isnan(value), money, ""),
    )  # fmt: skip
    return _frame(
        "single_source",
        subject=ctx.org_ids[org],
        subject_name=ctx.names[org],
        severity=0.5 + 0.5 * np.nan_to_num(share, nan=0.0),
        detail=detail.to_pandas().array,
        organisations=ctx.org_ids[org].astype(str),
        agreements=single["agreements"].to_numpy(dtype=object),
        service=single["service"].to_numpy(dtype=object),
        value=value,
        share=np.round(share, 4),
        n_suppliers=1,
    )


def _unserved(ctx: _Context, none: pd.DataFrame, lang: str) -> pd.DataFrame:
    if none.empty:
        return pd.DataFrame()
    org = none["org"].to_numpy(np.int64)
    detail = text_column(
        _TEXT, "unserved_need", lang, len(none),
        service=_texts(none["service"]), buyer=_texts(ctx.names[org]),
    )  # fmt: skip
    return _frame(
        "unserved_need",
        subject=ctx.org_ids[org],
        subject_name=ctx.names[org],
        severity=0.3,
        detail=detail.to_pandas().array,
        organisations=ctx.org_ids[org].astype(str),
        service=none["service"].to_numpy(dtype=object),
        n_suppliers=0,
    )


def _concentration(ctx: _Context, p: RiskParams, lang: str) -> pd.DataFrame:
    """Buyer-service spend with an HHI above the threshold, across two or more suppliers."""
    supply = ctx.supply()
    if supply.empty:
        return pd.DataFrame()
    spend = supply.groupby(["buyer", "service", "supplier"], sort=True)["value"].sum(min_count=1)
    frame = spend.rename("value").reset_index()
    group = frame.groupby(["buyer", "service"], sort=False)
    frame["n_suppliers"] = group["supplier"].transform("size")
    frame["unknown"] = (
        frame["value"].isna().groupby([frame["buyer"], frame["service"]]).transform("any")
    )
    frame["total"] = group["value"].transform("sum")
    frame = frame[(frame["n_suppliers"] >= 2) & ~frame["unknown"] & (frame["total"] > 0)]
    frame = frame.assign(share=frame["value"] / frame["total"])
    frame["hhi"] = (
        (frame["share"] ** 2).groupby([frame["buyer"], frame["service"]]).transform("sum")
    )
    frame = frame[frame["hhi"] > p.hhi_threshold]
    if frame.empty:
        return pd.DataFrame()
    frame = frame.sort_values(["buyer", "service", "share", "supplier"],
                              ascending=[True, True, False, True])  # fmt: skip
    rank = frame.groupby(["buyer", "service"]).cumcount().to_numpy()
    group = frame.groupby(["buyer", "service"], sort=False).ngroup().to_numpy()
    shown = rank < 3
    named = pc.binary_join_element_wise(
        _texts(ctx.names[frame["supplier"].to_numpy(np.int64)[shown]]),
        percent_column(frame["share"].to_numpy(float)[shown], lang),
        text_scalar(" "),
    )
    listed = _joined(group[shown], named, ", ")
    top = frame.drop_duplicates(["buyer", "service"])
    top = top.assign(listed=listed.reindex(group[rank == 0]).to_numpy(dtype=object))
    top = top.set_index(["buyer", "service"])
    buyer = top.index.get_level_values(0).to_numpy(np.int64)
    service = top.index.get_level_values(1).to_numpy(dtype=object)
    wanted = pd.DataFrame({"org": buyer, "service": service})
    ids = _agreements_of(supply, wanted, ctx)
    hhi = top["hhi"].to_numpy(float)
    n_suppliers = top["n_suppliers"].to_numpy(np.int64)
    total = top["total"].to_numpy(float)
    more = text_column(_TEXT, "more", lang, len(top), n=int_column(n_suppliers - 3))
    detail = text_column(
        _TEXT, "supplier_concentration", lang, len(top),
        buyer=_texts(ctx.names[buyer]), service=_texts(service),
        euro=_euro_column(total, lang), hhi=number_column(hhi, lang, 2),
        threshold=number(p.hhi_threshold, lang, 2), n=int_column(n_suppliers),
        listed=_texts(top["listed"]), more=where_column(n_suppliers > 3, more, ""),
        ids=_id_listing(_texts(ids), lang),
    )  # fmt: skip
    return _frame(
        "supplier_concentration",
        subject=ctx.org_ids[buyer],
        subject_name=ctx.names[buyer],
        severity=(hhi - p.hhi_threshold) / (1.0 - p.hhi_threshold),
        detail=detail.to_pandas().array,
        organisations=ctx.org_ids[buyer].astype(str),
        agreements=ids,
        service=service,
        value=total,
        share=np.round(top["share"].to_numpy(float), 4),
        hhi=np.round(hhi, 4),
        n_suppliers=n_suppliers,
    )


# -- people and time -------------------------------------------------------------------------


def _key_persons(ctx: _Context, p: RiskParams, lang: str) -> pd.DataFrame:
    """People who are the only contact on several live agreements, or on a critical one."""
    live = np.flatnonzero(ctx.live)
    # Persons as ranks of their names (integers sort and group like the names, faster).
    cells = ctx.eco.agreements["contacts"].to_numpy()[live]
    lists = pa.array(cells, type=pa.large_list(pa.large_string()))
    flat = pc.utf8_trim_whitespace(pc.list_flatten(lists))
    named = pc.not_equal(flat, text_scalar("")).to_numpy(zero_copy_only=False)
    person, names = sorted_codes(flat.filter(named))
    person_names = np.asarray(names, dtype=object)
    agreement = live[pc.list_parent_indices(lists).to_numpy()[named]]
    # Each (agreement, person) once as one int64, sorted: the agreements' contacts side by
    # side, and an agreement with a single one is a run of one.
    n_people = max(len(names), 1)
    rows = distinct(agreement.astype(np.int64) * n_people + person)
    agreement, person = np.divmod(rows, n_people)
    if not len(rows):
        return pd.DataFrame()
    starts = run_starts(agreement)
    sizes = np.diff(np.r_[starts, len(rows)])
    alone = starts[sizes == 1]
    if not len(alone):
        return pd.DataFrame()
    core = _critical(ctx, agreement[alone], p)
    count = np.bincount(person[alone], minlength=n_people)
    core_of = np.bincount(person[alone], weights=core, minlength=n_people) > 0
    chosen = np.flatnonzero((count >= p.key_person_min) | core_of)
    if not len(chosen):
        return pd.DataFrame()
    per = pd.DataFrame(
        {"count": count[chosen], "core": core_of[chosen]}, index=pd.Index(chosen, name="person")
    )
    kept = np.isin(person[alone], chosen)
    alone, core = alone[kept], core[kept]
    by_person = np.argsort(person[alone] * (int(agreement.max()) + 1) + agreement[alone])
    alone, core = alone[by_person], core[by_person]  # by person, then agreement
    sole = pd.DataFrame({"agreement": agreement[alone], "person": person[alone], "core": core})
    source = ctx.source_codes()
    sole["id"] = ctx.agreement_ids[sole["agreement"].to_numpy()]
    sole["value"] = ctx.value[sole["agreement"].to_numpy()]
    per["agreements"] = _joined(sole["person"].to_numpy(np.int64), sole["id"].to_numpy())
    per["value"] = sole.groupby("person")["value"].sum(min_count=1)
    core = sole[sole["core"]]
    code = core["agreement"].to_numpy()
    joint = text(_TEXT, "key_person_for", lang)
    what = pd.DataFrame(
        {"person": core["person"], "text": ctx.service[code] + joint + ctx.names[source[code]]}
    ).drop_duplicates()
    per["services"] = _joined(what["person"].to_numpy(np.int64), what["text"].to_numpy(), ", ")
    per["n_services"] = what.groupby("person").size()
    # The organisation most involved: party to most of the person's agreements.
    wanted = np.isin(ctx.party_agreement, sole["agreement"].unique())
    parties = pd.DataFrame(
        {"agreement": ctx.party_agreement[wanted], "org": ctx.party_org[wanted]}
    ).drop_duplicates()
    involved = sole[["person", "agreement"]].merge(parties, on="agreement")
    involved["source"] = involved["org"].to_numpy() == source[involved["agreement"].to_numpy()]
    counts = (
        involved.groupby(["person", "org"], sort=True)
        .agg(n=("agreement", "size"), source=("source", "sum"))
        .reset_index()
    )
    main = _most_involved(
        counts["person"].to_numpy(np.int64),
        counts["org"].to_numpy(np.int64),
        counts["n"].to_numpy(np.int64),
        counts["source"].to_numpy(np.int64),
        ctx.n,
    )
    partners = distinct(involved["person"].to_numpy(np.int64) * ctx.n + involved["org"])
    joined = _joined(partners // ctx.n, ctx.org_ids[partners % ctx.n])
    per = per.assign(org=main, partners=joined)
    per.index = pd.Index(person_names[per.index.to_numpy()], dtype=object, name="person")
    org = per["org"].to_numpy(np.int64)
    count = per["count"].to_numpy(np.int64)
    details = _key_person_details(ctx, per, org, count, lang)
    severity = np.minimum(1.0, count / (2.0 * p.key_person_min))
    severity = np.where(per["core"].to_numpy(bool), np.maximum(severity, 0.5), severity)
    return _frame(
        "key_person",
        subject=ctx.org_ids[org],
        subject_name=ctx.names[org],
        severity=severity,
        detail=details,
        organisations=per["partners"].to_numpy(dtype=object),
        agreements=per["agreements"].to_numpy(dtype=object),
        person=per.index.to_numpy(dtype=object),
        value=per["value"].to_numpy(float),
        count=count,
    )


def _most_involved(
    person: np.ndarray, org: np.ndarray, n: np.ndarray, source: np.ndarray, n_orgs: int
) -> pd.Series:
    """Per person (rows sorted by person, then organisation, each pair once) the
    organisation with the most agreements, then the most as their source, then the first.

    The three rules as one integer per row, whose largest value per person wins: a maximum
    over each person's run of rows instead of a sort of all rows by four columns.

    Examples
    --------
    >>> rows = [0, 0, 0, 1], [2, 3, 5, 1], [2, 2, 1, 1], [0, 1, 1, 0]
    >>> _most_involved(*map(np.array, rows), 9).to_dict()
    {0: 3, 1: 1}
    """
    starts = run_starts(person)
    first = int(source.max(initial=0)) + 1
    if (int(n.max(initial=0)) * first + first) * n_orgs < 2**62:
        rank = (n * first + source) * n_orgs + (n_orgs - 1 - org)
        best = n_orgs - 1 - np.maximum.reduceat(rank, starts) % n_orgs if len(starts) else starts
    else:  # too large to fit: sorted by the four columns
        order = np.lexsort((org, -source, -n, person))
        best = org[order[np.r_[True, person[order][1:] != person[order][:-1]]]]
    return pd.Series(best, index=person[starts])


def _key_person_details(
    ctx: _Context, per: pd.DataFrame, org: np.ndarray, count: np.ndarray, lang: str
) -> pd.arrays.ArrowStringArray:
    """The detail of every key person, a template at a time over all of them."""
    n = len(per)

    def fill(key: str, **fields: Field) -> pa.Array:
        return text_column(_TEXT, key, lang, n, **fields)

    def counted(key: str, values: np.ndarray) -> pa.Array:
        return per_distinct(lambda k: _counted(key, int(k), lang), values)

    value = per["value"].to_numpy(float)
    core = per["core"].to_numpy(bool)
    n_services = per["n_services"].fillna(0).to_numpy(np.int64)
    services = pa.array(per["services"].fillna("").to_numpy(dtype=object), type=pa.large_string())
    partners = pa.array(per["partners"].to_numpy(dtype=object), type=pa.large_string())
    agreements = pa.array(per["agreements"].to_numpy(dtype=object), type=pa.large_string())
    return (
        fill(
            "key_person",
            person=pa.array(per.index.to_numpy(dtype=object), type=pa.large_string()),
            agreements=counted("key_person_agreements", count),
            org=pa.array(ctx.names[org], type=pa.large_string()),
            ids=_id_listing(agreements, lang),
            others=counted("key_person_others", pc.count_substring(partners, ";").to_numpy()),
            money=where_column(
                ~np.isnan(value),
                fill("key_person_money", euro=_euro_column(value, lang)),
                "",
            ),
            core=where_column(
                core,
                where_column(
                    n_services == 1,
                    fill("key_person_core_one", services=services),
                    fill("key_person_core_many", services=services),
                ),
                "",
            ),
            these=counted("key_person_these", count),
        )
        .to_pandas()
        .array
    )


def _id_listing(joined: pa.Array, lang: str) -> pa.Array:
    """Each row's first :data:`_LISTED` ``;``-joined ids, comma-separated, then "and N
    more" (empty items skipped)."""
    listed = _first_listed(joined)
    lists = pa.LargeListArray.from_arrays(pa.array(listed.offsets), listed.items)
    more = per_distinct(
        lambda k: text(_TEXT, "more", lang, n=int(k) - _LISTED) if k > _LISTED else "",
        listed.total,
    )
    return pc.binary_join_element_wise(
        pc.binary_join(lists, text_scalar(", ")), more, text_scalar("")
    )


class _Listed(NamedTuple):
    """The first :data:`_LISTED` items of each row's ``;``-joined text (see
    :func:`_first_listed`)."""

    items: pa.Array
    """The items shown, row after row."""
    row: np.ndarray
    """The row of each item shown."""
    position: np.ndarray
    """Each item's place in its row, from 0."""
    total: np.ndarray
    """How many items each row has, shown or not."""
    offsets: np.ndarray
    """Where each row's shown items start in ``items``, and where the last ends."""


def _split_ids(joined: pa.Array) -> tuple[pa.Array, np.ndarray]:
    """The non-empty items of every row's ``;``-joined text (null: none), row after row, and
    the row of each."""
    split = pc.split_pattern(joined, ";")
    flat = pc.list_flatten(split)
    present = pc.fill_null(pc.not_equal(flat, text_scalar("")), False)
    row = pc.list_parent_indices(split).to_numpy()[present.to_numpy(zero_copy_only=False)]
    return flat.filter(present), row


def _first_listed(joined: pa.Array) -> _Listed:
    """The first :data:`_LISTED` non-empty items of each row's ``;``-joined text."""
    items, row = _split_ids(joined)
    total = np.bincount(row, minlength=len(joined))
    position = np.arange(len(row)) - (np.cumsum(total) - total)[row]
    shown = position < _LISTED
    offsets = np.r_[0, np.cumsum(np.minimum(total, _LISTED))].astype(np.int64)
    return _Listed(items.filter(pa.array(shown)), row[shown], position[shown], total, offsets)


def _critical(ctx: _Context, agreements: np.ndarray, p: RiskParams) -> np.ndarray:
    """Whether each agreement is a buyer's main supply of one of its needs.

    Main: more than ``key_person_critical_share`` of the buyer's live spend on that need, or
    its only live supplier (also when values are missing).
    """
    supply = ctx.supply()
    needs = ctx.needs()
    need_keys = pd.MultiIndex.from_arrays([needs["org"], needs["service"]])
    rows = supply[pd.MultiIndex.from_arrays([supply["buyer"], supply["service"]]).isin(need_keys)]
    group = rows.groupby(["buyer", "service"], sort=False)
    total = group["value"].transform("sum")
    suppliers = group["supplier"].transform("nunique")
    share = rows["value"] / total.where(total > 0)
    main = (share > p.key_person_critical_share) | (suppliers == 1)
    critical = distinct(rows["agreement"].to_numpy()[main.to_numpy()])
    return np.isin(agreements, critical)


def _party_hash(ctx: _Context) -> np.ndarray:
    """Per agreement, an order-free 64-bit hash of its set of parties (splitmix64 sum).

    The (agreement, party) rows, each once, sorted by agreement as one int64 key each; the
    sums wrap around in 64 bits, in any order the same: added up per run of an agreement."""
    rows = distinct(ctx.party_agreement.astype(np.int64) * ctx.n + ctx.party_org)
    agreement, org = np.divmod(rows, ctx.n)
    x = org.astype(np.uint64) + np.uint64(0x9E3779B97F4A7C15)
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    x = x ^ (x >> np.uint64(31))
    out = np.zeros(len(ctx.value), dtype=np.uint64)
    if len(rows):
        starts = run_starts(agreement)
        out[agreement[starts]] = np.add.reduceat(x, starts)
    return out


def _expiring(ctx: _Context, p: RiskParams, lang: str) -> pd.DataFrame:
    """Live agreements ending within the horizon that nothing follows up."""
    horizon = ctx.day + np.timedelta64(p.horizon_days, "D")
    end = ctx.end
    ending = np.flatnonzero(ctx.live & ~np.isnat(end) & (end <= horizon))
    if not len(ending):
        return pd.DataFrame()
    status = ctx.eco.agreements["status"].to_numpy(dtype=object)
    party_hash = _party_hash(ctx)
    n_parties = ctx.eco.agreements["n_parties"].to_numpy(np.int64)
    follow = np.flatnonzero(np.isin(status, ("active", "planned")))
    service, _ = ctx.service_codes()
    left = pd.DataFrame(
        {"agreement": ending, "h": party_hash[ending], "k": n_parties[ending],
         "service": service[ending]}
    )  # fmt: skip
    right = pd.DataFrame(
        {"next": follow, "h": party_hash[follow], "k": n_parties[follow],
         "service": service[follow]}
    )  # fmt: skip
    pairs = left.merge(right, on=["h", "k", "service"])
    pairs = pairs[pairs["next"] != pairs["agreement"]]
    this_end = end[pairs["agreement"].to_numpy()]
    next_start, next_end = ctx.start[pairs["next"].to_numpy()], end[pairs["next"].to_numpy()]
    gap = np.timedelta64(p.successor_gap_days, "D")
    ok = (np.isnat(next_start) | (next_start <= this_end + gap)) & (
        np.isnat(next_end) | (next_end > this_end)
    )
    followed = distinct(pairs["agreement"].to_numpy()[ok])
    found = ending[~np.isin(ending, followed)]
    if not len(found):
        return pd.DataFrame()
    days = ((end[found] - ctx.day) // np.timedelta64(1, "D")).astype(np.int64)
    closeness = np.clip(1.0 - days / max(p.horizon_days, 1), 0.0, 1.0)
    source = ctx.source_codes()[found]
    needs = ctx.needs()
    need_keys = pd.MultiIndex.from_arrays([needs["org"], needs["service"]])
    core = pd.MultiIndex.from_arrays([source, ctx.service[found]]).isin(need_keys) & (source >= 0)
    spend = ctx.supply().groupby("buyer")["value"].sum(min_count=1)
    value = ctx.value[found]
    share = value / spend.reindex(source).to_numpy(float)
    share = np.clip(np.nan_to_num(share, nan=0.0), 0.0, 1.0)
    parties = ctx.parties_of(found).reindex(found).fillna("").to_numpy(dtype=object)
    n = len(found)

    def fill(key: str, **fields: Field) -> pa.Array:
        return text_column(_TEXT, key, lang, n, **fields)

    service = pa.array(ctx.service[found], type=pa.large_string())
    named = ctx.service[found] != ""
    details = (
        fill(
            "expiring",
            type=per_distinct(
                lambda t: _agreement_type(t, lang),
                ctx.eco.agreements["type"].to_numpy(dtype=object)[found].astype(str),
            ),
            id=pa.array(ctx.agreement_ids[found], type=pa.large_string()),
            who=_party_names(ctx, parties, lang),
            service=where_column(named, fill("expiring_service", service=service), ""),
            money=where_column(
                ~np.isnan(value),
                fill("expiring_money", euro=_euro_column(value, lang)),
                "",
            ),
            date=per_distinct(lambda day: _date(day, lang), end[found]),
            days=where_column(days == 1, fill("days_one"), fill("days_many", n=int_column(days))),
            need=where_column(
                core,
                fill(
                    "expiring_need",
                    service=service,
                    buyer=pa.array(ctx.names[np.maximum(source, 0)], type=pa.large_string()),
                ),
                "",
            ),
        )
        .to_pandas()
        .array
    )
    return _frame(
        "expiring",
        subject=ctx.agreement_ids[found],
        subject_name=_agreement_names(ctx, found, parties),
        severity=0.2 + 0.4 * closeness + 0.2 * core + 0.2 * share,
        detail=details,
        organisations=parties,
        agreements=ctx.agreement_ids[found],
        service=ctx.service[found],
        value=value,
        share=np.round(share, 4),
        end=pd.to_datetime(end[found]),
        days_left=days,
    )


def _agreement_names(
    ctx: _Context, codes: np.ndarray, parties: np.ndarray
) -> pd.api.extensions.ExtensionArray:
    """The agreement's title where given, else its type and parties (``;``-joined ids):
    ``covenant A - B - C``."""
    a = ctx.eco.agreements
    types = _texts(a["type"].to_numpy(dtype=object)[codes])
    made = pc.binary_join_element_wise(
        types, pc.replace_substring(_texts(parties), ";", " - "), text_scalar(" ")
    )
    if "title" in a.columns:
        titles = _texts(a["title"].fillna("").astype(str).to_numpy(dtype=object)[codes])
        made = pc.if_else(pc.not_equal(titles, text_scalar("")), titles, made)
    return made.to_pandas().array


# -- organisation ----------------------------------------------------------------------------


def _under_organised(ctx: _Context, lang: str) -> pd.DataFrame:
    """Live or planned hybrid agreements without goals, governance or an evaluation date."""
    a = ctx.eco.agreements
    status = a["status"].to_numpy(dtype=object)
    in_force = ctx.live | (status == "planned") | ((status == "active") & (ctx.start > ctx.day))
    hybrid = np.flatnonzero(in_force & ctx.hybrid)
    if not len(hybrid):
        return pd.DataFrame()
    no_goals = a["shared_goals"].iloc[hybrid].map(len).to_numpy() == 0
    # Texts of the rows wanted only, not of every agreement.
    governance = a["governance"].iloc[hybrid].fillna("").astype(str).to_numpy(dtype=object)
    no_governance = np.isin(governance, _EMPTY_GOVERNANCE)
    no_evaluation = np.isnat(a["evaluation_date"].to_numpy("datetime64[s]")[hybrid])
    n_missing = no_goals.astype(int) + no_governance + no_evaluation
    keep = n_missing > 0
    found = hybrid[keep]
    if not len(found):
        return pd.DataFrame()
    flags = np.column_stack((no_goals[keep], no_governance[keep], no_evaluation[keep]))
    phase = a["phase"].iloc[found].fillna("").astype(str).to_numpy(dtype=object)
    parties = ctx.parties_of(found).reindex(found).fillna("").to_numpy(dtype=object)
    # The gaps depend only on the flags, the phase and whether the agreement is live: worded
    # once per distinct combination (a few dozen at most), then spread over the rows.
    phase_code, phases = pd.factorize(phase.astype(str))
    bits = flags @ np.array([1, 2, 4])
    combo, combos = pd.factorize((phase_code * 2 + ctx.live[found]) * 8 + bits)
    worded = []
    for key in combos.tolist():
        which = np.array([key & 1, key & 2, key & 4], dtype=bool)
        missing, skipped, notes = _gaps(which, str(phases[key // 16]), bool(key // 8 % 2), lang)
        words = join_and((text(_TEXT, f"element_{m}", lang) for m in missing), lang)
        worded.append((";".join(missing), ";".join(skipped), words, "; ".join(notes)))
    missing_text, skipped_text, missing_words, notes_text = (
        pa.array(column, type=pa.large_string()).take(pa.array(combo))
        for column in zip(*worded, strict=True)
    )
    where = pa.array(
        [
            text(_TEXT, "where_phase", lang, phase=_phase(str(ph), lang))
            if ph
            else text(_TEXT, "where_unknown", lang)
            for ph in phases
        ],
        type=pa.large_string(),
    ).take(pa.array(phase_code))
    details = text_column(
        _TEXT, "under_organised", lang, len(found),
        type=per_distinct(
            lambda t: _agreement_type(t, lang), a["type"].to_numpy(dtype=object)[found].astype(str)
        ),
        id=pa.array(ctx.agreement_ids[found], type=pa.large_string()),
        who=_party_names(ctx, parties, lang), where=where,
        missing=missing_words, notes=notes_text,
    ).to_pandas().array  # fmt: skip
    return _frame(
        "under_organised",
        subject=ctx.agreement_ids[found],
        subject_name=_agreement_names(ctx, found, parties),
        severity=n_missing[keep] / 3.0,
        detail=details,
        organisations=parties,
        agreements=ctx.agreement_ids[found],
        count=n_missing[keep],
        missing=missing_text.to_pandas().array,
        skipped_phases=skipped_text.to_pandas().array,
    )


#: What each gap lacks (as in the ``missing`` column), and the alliance phase that should have
#: provided it (Kaats & Opheij 2012): shared goals come out of the strategy phase, governance
#: out of the creation phase, and the evaluation phase needs a date.
_ELEMENTS = (
    ("shared_goals", "strategy"),
    ("governance", "creation"),
    ("evaluation_date", "evaluation"),
)


def _gaps(
    flags: np.ndarray, phase: str, live: bool, lang: str
) -> tuple[list[str], list[str], list[str]]:
    """Missing elements, skipped phases and one note per gap (in ``lang``), given the phase.

    A phase is skipped when the agreement is past it without what it should have produced.
    Where no phase is recorded, a live agreement counts as in operation, a planned one as in
    creation.
    """
    current = phase if phase in PHASES else ("operation" if live else "creation")
    at = PHASES.index(current)
    missing, skipped, notes = [], [], []
    for flag, (element, element_phase) in zip(flags, _ELEMENTS, strict=True):
        if not flag:
            continue
        missing.append(element)
        due = PHASES.index(element_phase)
        if element_phase == "evaluation":
            if at == due:
                skipped.append(element_phase)
                notes.append(text(_TEXT, "evaluation_due", lang))
            else:
                notes.append(text(_TEXT, "evaluation_not_planned", lang))
        elif at > due:
            skipped.append(element_phase)
            notes.append(text(_TEXT, f"skipped_{element}", lang))
        else:
            notes.append(text(_TEXT, f"to_set_{element}", lang))
    return missing, skipped, notes


# -- formatting ------------------------------------------------------------------------------


def _joined(keys: np.ndarray, values: np.ndarray | pa.Array, sep: str = ";") -> pd.Series:
    """``values`` (texts, numpy or Arrow) joined per key, in their order within each key;
    indexed by the sorted keys.

    The texts are put in key order once and joined by Arrow, a list per key over offsets
    into them, instead of a Python ``sep.join`` per key.
    """
    if not len(keys):
        return pd.Series(dtype=object)
    order = np.argsort(keys, kind="stable")
    sorted_keys = np.asarray(keys)[order]
    starts = run_starts(sorted_keys)
    texts = values.cast(pa.large_string()) if isinstance(values, pa.Array) else _texts(values)
    texts = texts.take(pa.array(order))
    offsets = pa.array(np.r_[starts, len(order)].astype(np.int64))
    joined = pc.binary_join(pa.LargeListArray.from_arrays(offsets, texts), text_scalar(sep))
    return pd.Series(joined.to_numpy(zero_copy_only=False), index=sorted_keys[starts], dtype=object)


def _counted(key: str, n: int, lang: str, **fields: Any) -> str:
    """The ``_one`` or ``_many`` form of template ``key`` for ``n``, with ``n`` filled in."""
    return text(_TEXT, f"{key}_{'one' if n == 1 else 'many'}", lang, n=n, **fields)


def _euro_column(values: np.ndarray, lang: str) -> pa.Array:
    """Each amount as ``EUR 1,250,000`` / ``€ 1.250.000``."""
    return text_column(_TEXT, "euro", lang, len(values), amount=number_column(values, lang, 0))


def _texts(values: Any) -> pa.Array:
    """A column of Python texts (numpy or pandas) as Arrow large text."""
    return pa.array(np.asarray(values, dtype=object), type=pa.large_string())


def _listing(named: Sequence[str], total: int, lang: str) -> str:
    """``a, b and c``; or the first :data:`_LISTED` of ``total`` then "and N more"."""
    if total > len(named):
        return ", ".join(named) + text(_TEXT, "more", lang, n=total - len(named))
    return join_and(named, lang)


#: The word before the last name in a Dutch list (as :func:`netorg.i18n.join_and` writes).
_AND_NL: Final = "en"


def _party_names(ctx: _Context, joined: np.ndarray, lang: str) -> pa.Array:
    """The names of each row's ``;``-joined party ids: ``A and B and C`` in English,
    ``A, B en C`` in Dutch; beyond :data:`_LISTED` parties, the first of them and "and N
    more" (as :func:`_listing` writes it)."""
    listed = _first_listed(_texts(joined))
    row, position, total = listed.row, listed.position, listed.total
    count = np.minimum(total, _LISTED)
    codes = codes_in(listed.items, ctx.org_ids)
    names = _texts(ctx.names).take(pa.array(codes))
    left = count[row] - position - 1  # names still to come in the row
    if lang == "en":
        separators = np.where(left > 0, " and ", "")
    else:
        # a, b en c: a comma up to the last two, "en" between them.
        word = " " + _AND_NL + " "
        separators = np.where(left > 1, ", ", np.where(left == 1, word, ""))
    capped = total[row] > _LISTED
    separators = np.where(capped & (left > 0), ", ", separators).astype(object)
    last = capped & (left == 0)
    separators[last] = per_distinct(
        lambda n: text(_TEXT, "more", lang, n=n), total[row][last] - _LISTED
    ).to_numpy(zero_copy_only=False)
    parts = pc.binary_join_element_wise(
        names,
        pa.array(separators, type=pa.large_string()),
        pa.scalar("", pa.large_string()),
    )
    lists = pa.LargeListArray.from_arrays(pa.array(listed.offsets), parts)
    return pc.binary_join(lists, pa.scalar("", pa.large_string()))


def _agreement_type(agreement_type: str, lang: str) -> str:
    """The type as a detail opens with it: the vocabulary word, or a Dutch noun."""
    if lang != "nl":
        return agreement_type
    noun = _TYPE_NL.get(agreement_type, f"de overeenkomst ({agreement_type})")
    return noun[:1].upper() + noun[1:]


def _phase(phase: str, lang: str) -> str:
    """``operation phase`` / ``uitvoeringsfase``."""
    key = f"phase_{phase}"
    return text(_TEXT, key, lang) if key in _TEXT else text(_TEXT, "phase_other", lang, phase=phase)


def _date(day: np.datetime64, lang: str) -> str:
    """``2026-11-30`` / ``30 november 2026``."""
    date = pd.Timestamp(day).date()
    if lang == "nl":
        return f"{date.day} {_MONTHS_NL[date.month - 1]} {date.year}"
    return date.isoformat()
