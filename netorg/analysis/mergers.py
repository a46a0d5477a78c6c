"""Merger or alliance: for every declared, proposed or candidate merger, a second opinion.

Mergers take long, cost much and often miss the synergy they promise, while alliances adapt
(Hagedoorn & Duysters 2002, "External sources of innovative capabilities: the preference for
strategic alliances or mergers and acquisitions", Journal of Management Studies 39(2),
167-188). Prior ties build the trust that lets partners choose an alliance over equity
(Gulati 1995, "Does familiarity breed trust? The implications of repeated ties for
contractual choice in alliances", Academy of Management Journal 38(1), 85-112). METHOD.md
turns this into two rules:

- ``merger``: near-substitutes (capability overlap at least ``merger_min_overlap``) in the
  same region, one small next to the other (size ratio at most ``merger_max_size_ratio``),
  who already share at least ``merger_min_support_functions`` support functions;
- ``alliance``: complementary (at least ``alliance_min_complementarity`` of one's needs met
  by the other, overlap at most ``alliance_max_overlap``) or in different regions, and
  already collaborating (at least ``alliance_min_agreements`` live agreements);
- ``neither`` otherwise, with the conditions each side misses.

Pairs are the parties of every hierarchy agreement (``declared`` when active or ended,
``proposed`` when proposed or planned) and candidates. Both candidate cases need a live
agreement the two share (an alliance candidate several, a merger candidate the hybrid
agreements that carry its shared support functions), so with the default parameters the
search runs over co-party pairs only, pruned on cheap vectorised figures (agreement counts,
region, size) before any set is compared; only when a parameter allows candidates without a
shared agreement does it widen to pairs within two steps in the live tie graph. Never all
pairs. Word lists and reasons are built for the rows that are kept, not for every pair
examined.
"""

from __future__ import annotations

from typing import Any, Final, NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from netorg._codes import (
    KeyIndex,
    co_occurrences,
    distinct,
    edge_array,
    expanded,
    is_in,
    run_starts,
    runs_as_tuples,
    sorted_codes,
    take,
    text_scalar,
)
from netorg.i18n import (
    Field,
    int_column,
    join_and,
    number,
    number_column,
    per_distinct_where,
    percent,
    percent_column,
    text,
    text_column,
    text_column_where,
    where_column,
)
from netorg.model import Ecosystem
from netorg.params import MergerParams, with_overrides
from netorg.stats import tie_graph
from netorg.vocabulary import HIERARCHY, HYBRID, MARKET, region_keys

#: Support functions a shared service can carry; words mapped onto them.
SUPPORT_FUNCTIONS: tuple[str, ...] = (
    "finance",
    "hr",
    "ict",
    "purchasing",
    "back_office",
    "facilities",
)
_SUPPORT_WORDS = {
    **{f: f for f in SUPPORT_FUNCTIONS},
    "recruitment": "hr",
    "facility_services": "facilities",
    "administration": "back_office",
}
#: Needs whose joint delivery takes capital (buildings, housing, infrastructure).
CAPITAL_INTENSIVE: frozenset[str] = frozenset(
    {"housing", "supported_housing", "property_management", "real_estate", "infrastructure"}
)
_FORM_TYPES = {"shared_service", "joint_recruitment"}
STATUSES = ("declared", "proposed", "candidate")
#: Set items looked up per chunk when pairs are compared; a chunk holds a few int64 arrays
#: this long.
CHUNK_SIZE = 1 << 20
#: What each alliance form is, in the words of the reasons, in each language.
FORM_TEXT: Final = {
    "joint_recruitment": {
        "en": "joint recruitment, with one recruitment desk and labour-market approach",
        "nl": "gezamenlijke werving, met één wervingsloket en één arbeidsmarktaanpak",
    },
    "shared_service": {
        "en": "a shared service centre",
        "nl": "een gedeeld dienstencentrum",
    },
    "joint_venture": {
        "en": "a joint venture that owns the capital-intensive part",
        "nl": "een joint venture die eigenaar is van het kapitaalintensieve deel",
    },
    "referral_network": {
        "en": "a referral network, with agreed pathways to pass clients on",
        "nl": "een verwijsnetwerk, met afgesproken routes om cliënten door te verwijzen",
    },
    "consortium": {
        "en": "a consortium, with one agreement, shared goals and governance",
        "nl": "een consortium, met één overeenkomst, gedeelde doelen en gezamenlijk bestuur",
    },
}
#: What each alliance form is, in English (the English column of :data:`FORM_TEXT`).
FORMS: dict[str, str] = {form: words["en"] for form, words in FORM_TEXT.items()}

_COLUMNS = [
    "org_a",
    "org_b",
    "org_a_name",
    "org_b_name",
    "status",
    "recommendation",
    "alliance_form",
    "score",
    "reasons",
    "agreement_id",
    "capability_overlap",
    "complementarity",
    "shared_goals",
    "same_region",
    "competition",
    "common_buyers",
    "live_agreements",
    "live_hybrid_ties",
    "years_together",
    "shared_services",
    "shared_partners",
    "size_ratio",
    "support_functions_shared",
    "merger_score",
    "alliance_score",
]


def merger_alternatives(eco: Ecosystem, **params: Any) -> pd.DataFrame:
    """One row per declared, proposed or candidate merger: merger, alliance or neither.

    Parameters
    ----------
    eco : Ecosystem
    **params
        Any field of :class:`netorg.params.MergerParams`; defaults come from the config
        file's ``[mergers]`` section, else the documented defaults.

    Returns
    -------
    DataFrame
        org_a, org_b (ids), org_a_name, org_b_name, status, recommendation, alliance_form
        (empty unless the recommendation is alliance), score, reasons (in
        ``eco.language``, English or Dutch), agreement_id (the hierarchy agreement, "" for
        candidates) and the evidence: capability_overlap,
        complementarity, shared_goals, same_region, competition, common_buyers,
        live_agreements, live_hybrid_ties, years_together, shared_services,
        shared_partners, size_ratio,
        support_functions_shared, merger_score, alliance_score. Declared first, then
        proposed, then candidates, strongest first.

    Examples
    --------
    >>> import netorg
    >>> m = netorg.merger_alternatives(netorg.datasets.load("zorgregio"))
    >>> sorted(set(m["status"]))
    ['candidate', 'declared', 'proposed']
    """
    p = with_overrides(eco.config.mergers, params)
    lang = eco.language
    n = len(eco.org_index)
    on_record = _on_record(eco)
    co_parties = _co_parties(eco, p.hub_degree)
    candidates = candidate_pairs(eco, p, co_parties)
    candidates = candidates[~is_in(candidates, on_record.index.to_numpy())]
    keys = np.concatenate([on_record.index.to_numpy(np.int64), candidates])
    if len(keys) == 0:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in _COLUMNS})
    out = pd.DataFrame({"a": keys // n, "b": keys % n})
    out["status"] = np.r_[on_record["status"].to_numpy(object), ["candidate"] * len(candidates)]
    out["agreement_id"] = np.r_[on_record["agreement_id"].to_numpy(object), [""] * len(candidates)]
    evidence = _Evidence(eco, co_parties)
    evidence.measure(out)
    _decide(out, p)
    is_candidate = out["status"].to_numpy() == "candidate"
    out = out[~is_candidate | _kept_candidates(out, p)].reset_index(drop=True)
    evidence.describe(out)
    alliance = np.flatnonzero(out["recommendation"].to_numpy() == "alliance")
    out["alliance_form"] = ""
    out.loc[alliance, "alliance_form"] = [_form(r) for r in _form_rows(out, alliance)]
    out["reasons"] = _reason_column(out, p, lang)
    out["org_a"] = take(eco.org_index, out["a"].to_numpy())
    out["org_b"] = take(eco.org_index, out["b"].to_numpy())
    out["org_a_name"], out["org_b_name"] = out["_name_a"], out["_name_b"]
    rank = out["status"].map({s: i for i, s in enumerate(STATUSES)}).to_numpy()
    order = np.lexsort((out["b"].to_numpy(), out["a"].to_numpy(), -out["score"].to_numpy(), rank))
    for column in ("score", "capability_overlap", "complementarity", "shared_goals",
                   "size_ratio", "merger_score", "alliance_score"):  # fmt: skip
        out[column] = out[column].round(4)
    return out.iloc[order][_COLUMNS].reset_index(drop=True)


def _pair_keys(eco: Ecosystem, mask: np.ndarray) -> pd.DataFrame:
    """Per edge of the agreements in ``mask``: pair key and agreement code."""
    e = eco.edges
    code = e["agreement_code"].to_numpy(np.int64)
    keep = mask[code]
    u = e["source_code"].to_numpy(np.int64)[keep]
    v = e["target_code"].to_numpy(np.int64)[keep]
    n = len(eco.org_index)
    return pd.DataFrame({"pair": np.minimum(u, v) * n + np.maximum(u, v), "agreement": code[keep]})


def _on_record(eco: Ecosystem) -> pd.DataFrame:
    """Pairs of every hierarchy agreement: status declared or proposed, and the agreement."""
    a = eco.agreements
    hierarchy = (a["form"] == HIERARCHY).to_numpy()
    rows = _pair_keys(eco, hierarchy)
    status = a["status"].to_numpy(object)[rows["agreement"].to_numpy()]
    rows["status"] = np.where(np.isin(status, ["proposed", "planned"]), "proposed", "declared")
    rows["agreement_id"] = take(eco.agreement_index, rows["agreement"].to_numpy())
    rows = rows.sort_values(["pair", "status", "agreement"])  # declared before proposed
    return rows.drop_duplicates("pair").set_index("pair")[["status", "agreement_id"]]


def candidate_pairs(
    eco: Ecosystem, p: MergerParams, co_parties: _CoParties | None = None
) -> np.ndarray:
    """Keys (``a * n + b``, ``a < b``) of the pairs whose evidence is worth computing.

    A candidate must come out as a merger (which needs shared support functions, so shared
    live hybrid agreements) or as an alliance with at least ``candidate_min_agreements``
    live agreements. When both need a shared agreement, the pairs are the co-parties of
    live agreements with at most ``hub_degree`` parties, kept when their agreement count,
    region and sizes leave one of the two cases possible. Otherwise every pair within two
    steps in the live tie graph is examined. ``co_parties`` is :func:`_co_parties` with
    ``p.hub_degree``, where the caller has it.
    """
    n = len(eco.org_index)
    together = _co_parties(eco, p.hub_degree) if co_parties is None else co_parties
    keys = together.pair
    min_together = max(p.candidate_min_agreements, p.alliance_min_agreements)
    if min_together < 1 or p.merger_min_support_functions < 1:
        return np.union1d(keys, _two_step_pairs(eco, p))
    a, b = keys // n, keys % n
    o = eco.organisations
    region = region_keys(o["region"])
    size = o["size"].to_numpy(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = np.minimum(size[a], size[b]) / np.maximum(size[a], size[b])
    merger_possible = (
        (region[a] == region[b])
        & (region[a] != "")
        & (ratio <= p.merger_max_size_ratio)
        & (together.hybrid >= 1)
    )
    alliance_possible = together.live >= min_together
    return keys[merger_possible | alliance_possible]


class _CoParties(NamedTuple):
    """The co-parties of the live non-hierarchy agreements.

    The agreements with at most ``max_parties`` parties are counted per pair of their
    parties: ``pair`` (keys ``a * n + b``, ``a < b``, sorted), ``live`` (how many they share)
    and ``hybrid`` (how many of those are hybrid). The larger ones, whose pairs grow with the
    square of their parties, are kept as (org, agreement) rows, ``large_org`` and
    ``large_agreement``, for the few pairs that are asked about.
    """

    pair: np.ndarray
    live: np.ndarray
    hybrid: np.ndarray
    large_org: np.ndarray
    large_agreement: np.ndarray


def _co_parties(eco: Ecosystem, max_parties: int) -> _CoParties:
    """:class:`_CoParties` of ``eco``'s live non-hierarchy agreements."""
    agreement, org = eco.party_codes
    live = eco.live_mask()[agreement] & ~eco.of_form(HIERARCHY)[agreement]
    n = len(eco.org_index)
    rows = distinct(agreement[live].astype(np.int64) * n + org[live])  # each party once
    group, member = np.divmod(rows, n)  # sorted by group: each agreement's parties a run
    starts = run_starts(group)
    sizes = np.diff(np.r_[starts, len(group)])
    small = np.repeat(sizes, sizes) <= max_parties
    large_agreement, large_org = group[~small], member[~small]
    group, member = group[small], member[small]
    pair, live_count = co_occurrences(group, member, n)
    hybrid = eco.of_form(HYBRID)[group]
    hybrid_pair, hybrid_count = co_occurrences(group[hybrid], member[hybrid], n)
    hybrid_of_pair = np.zeros(len(pair), dtype=np.int64)
    hybrid_of_pair[np.searchsorted(pair, hybrid_pair)] = hybrid_count  # a subset of the pairs
    return _CoParties(pair, live_count, hybrid_of_pair, large_org, large_agreement)


def _two_step_pairs(eco: Ecosystem, p: MergerParams) -> np.ndarray:
    """Keys of the pairs tied in the live tie graph or sharing a partner below the hub cap."""
    n = len(eco.org_index)
    graph = tie_graph(eco)
    ends = edge_array(graph)
    direct = ends[:, 0] * n + ends[:, 1]
    degree = np.asarray(graph.degree(), dtype=np.int64)
    w = np.concatenate([ends[:, 0], ends[:, 1]])
    x = np.concatenate([ends[:, 1], ends[:, 0]])
    keep = degree[w] <= p.hub_degree
    adjacency = pd.DataFrame({"w": w[keep], "x": x[keep]})
    joined = adjacency.merge(adjacency, on="w", suffixes=("_a", "_b"))
    joined = joined[joined["x_a"] < joined["x_b"]]
    two = joined["x_a"].to_numpy(np.int64) * n + joined["x_b"].to_numpy(np.int64)
    return distinct(np.concatenate([direct, two]))


class _Sets:
    """Sets of integer items per organisation, for overlap counts over many pairs."""

    def __init__(self, owner: np.ndarray, item: np.ndarray, n: int) -> None:
        owner, item = owner.astype(np.int64), item.astype(np.int64)
        self.width = int(item.max()) + 1 if len(item) else 1
        self.keys = distinct(owner * self.width + item)  # sorted by owner, then item
        owners, self.items = np.divmod(self.keys, self.width)
        self.start = np.searchsorted(owners, np.arange(n + 1))
        self.size = np.diff(self.start)
        self.index = KeyIndex(self.keys)

    def common(self, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(pair index, item) of each item in both ``a``'s and ``b``'s set, by pair, then item.

        The smaller set of each pair is looked up in the larger, in chunks of about
        :data:`CHUNK_SIZE` items, so a hub with thousands of items costs only its partners'
        sets, and memory stays at one chunk.
        """
        pairs = [np.zeros(0, dtype=np.int64)]
        found_items = [np.zeros(0, dtype=np.int64)]
        if len(self.keys) == 0:
            return pairs[0], found_items[0]
        small = self.size[a] <= self.size[b]
        a, b = np.where(small, a, b), np.where(small, b, a)
        for pair, offset in expanded(self.size[a], CHUNK_SIZE):
            items = self.items[self.start[a[pair]] + offset]
            key = b[pair] * self.width + items
            found = self.index.contains(key)
            pairs.append(pair[found])
            found_items.append(items[found])
        return np.concatenate(pairs), np.concatenate(found_items)

    def count(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return np.bincount(self.common(a, b)[0], minlength=len(a))


def _jaccard(sets: _Sets, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    inter = sets.count(a, b)
    union = sets.size[a] + sets.size[b] - inter
    return np.where(union > 0, inter / np.maximum(union, 1), 0.0)


def _tuple_sets(column: pd.Series, n: int) -> tuple[_Sets, np.ndarray]:
    """Sets of the words in a column of tuples (row ``i`` owns set ``i``), and the
    vocabulary (item code -> word), sorted as Python sorts texts.

    The tuples go to Arrow as lists as they are: 0.23 s for the words and goals of 300,000
    organisations, against 1.37 s with numpy's fixed-width texts of every word (by hand)."""
    lists = pa.array(column.to_numpy(dtype=object), type=pa.list_(pa.large_string()))
    words = pc.list_flatten(lists)
    owner = pc.list_parent_indices(lists).to_numpy()
    present = words.is_valid().to_numpy(zero_copy_only=False)
    codes, vocab = sorted_codes(words.filter(present))
    vocabulary = np.asarray(vocab.to_pylist(), dtype=object)
    return _Sets(owner[present], codes, n), vocabulary


def _support_bits(agreements: pd.DataFrame) -> np.ndarray:
    """Per agreement, a bit per support function named as its service or a shared goal.

    Services are looked up once per distinct service, and the goals as one Arrow list column
    (0.11 s against 0.84 s for a Python look-up per word at a million agreements, by
    hand)."""
    bit_of = {w: 1 << SUPPORT_FUNCTIONS.index(f) for w, f in _SUPPORT_WORDS.items()}
    codes, services = pd.factorize(agreements["service"].to_numpy(dtype=object))
    per_service = np.array([bit_of.get(s, 0) for s in services] + [0], dtype=np.int64)
    bits = per_service[codes]  # code -1 (no service) reads the last, 0
    goals = pa.array(
        agreements["shared_goals"].to_numpy(dtype=object), type=pa.list_(pa.large_string())
    )
    words = pc.list_flatten(goals)
    if len(words):
        word_bits = np.array(list(bit_of.values()), dtype=np.int64)
        found = pc.index_in(words, value_set=pa.array(list(bit_of), type=pa.large_string()))
        at = found.fill_null(-1).to_numpy(zero_copy_only=False)
        hit = at >= 0
        rows = pc.list_parent_indices(goals).to_numpy()[hit]
        np.bitwise_or.at(bits, rows, word_bits[at[hit]])
    return bits


class _Evidence:
    """Per-organisation sets of one ecosystem, measured against many pairs at once."""

    def __init__(self, eco: Ecosystem, co_parties: _CoParties) -> None:
        self.eco = eco
        self.co_parties = co_parties
        o = eco.organisations
        n = self.n = len(o)
        # Capabilities and needs share one vocabulary so needs can be looked up in capabilities.
        both = pd.concat([o["capabilities"], o["needs"]], ignore_index=True)
        self.words, self.vocab = _tuple_sets(both, 2 * n)
        self.goals, _ = _tuple_sets(o["goals"].reset_index(drop=True), n)
        live = eco.live_mask()
        is_market, is_hierarchy = eco.of_form(MARKET), eco.of_form(HIERARCHY)
        e = eco.edges
        code = e["agreement_code"].to_numpy(np.int64)
        market = live[code] & is_market[code]
        self.buyers = _Sets(
            e["target_code"].to_numpy()[market], e["source_code"].to_numpy()[market], n
        )
        agreement, org = eco.party_codes
        live_party = live[agreement] & ~is_hierarchy[agreement]  # not the merger itself
        self.party = _Sets(org[live_party], agreement[live_party], n)
        self.large_party = _Sets(co_parties.large_org, co_parties.large_agreement, n)
        started = eco.agreements["start"].to_numpy()
        ever = ~is_hierarchy[agreement] & ~(started[agreement] > np.datetime64(eco.as_of))
        self.history = _Sets(org[ever], agreement[ever], n)
        hybrid = live_party & eco.of_form(HYBRID)[agreement]
        self.hybrid = _Sets(org[hybrid], agreement[hybrid], n)
        ends = edge_array(tie_graph(eco))
        self.neighbours = _Sets(np.r_[ends[:, 0], ends[:, 1]], np.r_[ends[:, 1], ends[:, 0]], n)
        self.support = _support_bits(eco.agreements)

    def measure(self, out: pd.DataFrame) -> None:
        """The evidence columns the decision reads, of every pair in ``out``, all vectorised."""
        o, n = self.eco.organisations, self.n
        a, b = out["a"].to_numpy(np.int64), out["b"].to_numpy(np.int64)
        caps_a, caps_b, needs_a, needs_b = a, b, a + n, b + n
        out["capability_overlap"] = _jaccard(self.words, caps_a, caps_b)
        size = self.words.size
        met_ab = np.bincount(self.words.common(needs_a, caps_b)[0], minlength=len(a))
        met_ba = np.bincount(self.words.common(needs_b, caps_a)[0], minlength=len(a))
        share_ab = met_ab / np.maximum(size[needs_a], 1)
        share_ba = met_ba / np.maximum(size[needs_b], 1)
        out["complementarity"] = (share_ab + share_ba) / 2  # mutual: mean of both directions
        out["shared_goals"] = _jaccard(self.goals, a, b)
        region = region_keys(o["region"])
        out["same_region"] = (region[a] == region[b]) & (region[a] != "")
        out["live_agreements"] = self._live_agreements(a, b)
        pair, items = self.hybrid.common(a, b)
        out["live_hybrid_ties"] = np.bincount(pair, minlength=len(a))
        sizes = o["size"].to_numpy(float)
        lo, hi = np.minimum(sizes[a], sizes[b]), np.maximum(sizes[a], sizes[b])  # NaN stays NaN
        out["size_ratio"] = np.where(hi > 0, lo / np.where(hi > 0, hi, 1.0), np.nan)
        mask = np.zeros(len(a), dtype=np.int64)
        for bit in range(len(SUPPORT_FUNCTIONS)):
            has = np.bincount(pair, weights=(self.support[items] >> bit) & 1, minlength=len(a))
            mask |= (has > 0).astype(np.int64) << bit
        out["_support"] = mask
        out["_n_support"] = sum((mask >> bit) & 1 for bit in range(len(SUPPORT_FUNCTIONS)))

    def describe(self, out: pd.DataFrame) -> None:
        """The evidence the decision does not read (common buyers, competition, shared
        partners), and the word lists and agreement lists the reasons name, for the kept
        rows only: the shared partners of every candidate pair took 3.3 of the mergers'
        18 s at 3M (by hand)."""
        eco, n = self.eco, self.n
        a, b = out["a"].to_numpy(np.int64), out["b"].to_numpy(np.int64)
        out["common_buyers"] = self.buyers.count(a, b)
        out["competition"] = (
            out["same_region"].to_numpy()
            & (out["capability_overlap"].to_numpy() > 0)
            & (out["common_buyers"].to_numpy() > 0)
        )
        out["shared_partners"] = self.neighbours.count(a, b)
        masks, at = np.unique(out["_support"].to_numpy(np.int64), return_inverse=True)
        functions = [tuple(_function_names(int(mask))) for mask in masks]
        out["support_functions_shared"] = [functions[i] for i in at.tolist()]
        ids = eco.agreement_index.to_numpy()
        types = eco.agreements["type"].to_numpy(object)
        n_parties = eco.agreements["n_parties"].to_numpy(np.int64)
        pair, items = _by_row(*self.party.common(a, b))
        joint = _tuples_by_row(pair, ids[items].astype(str).astype(object), len(out))
        out["_joint_ids"] = joint
        out["_joint_types"] = [
            frozenset(row) for row in _tuples_by_row(pair, types[items].astype(str), len(out))
        ]
        parties = np.zeros(len(out), dtype=np.int64)
        np.maximum.at(parties, pair, n_parties[items])
        out["_joint_parties"] = parties
        service = np.isin(types[items].astype(str), list(_FORM_TYPES))
        services = _tuples_by_row(pair[service], ids[items[service]].astype(str).astype(object),
                                  len(out))  # fmt: skip
        out["shared_services"] = [tuple(sorted(row)) for row in services]  # ids as text
        pair, items = self.history.common(a, b)
        start = pd.Series(eco.agreements["start"].to_numpy()[items]).groupby(pair).min()
        first = np.full(len(out), np.datetime64("NaT"), dtype="datetime64[s]")
        first[start.index.to_numpy()] = start.to_numpy()
        seconds = (np.datetime64(eco.as_of, "s") - first).astype("timedelta64[s]")
        days = seconds.astype(np.float64) / 86400  # NaT becomes NaN below
        out["years_together"] = np.where(np.isnat(first), np.nan, np.round(days / 365.25, 1))
        out["_needs_met"] = self._words(a + n, b, len(out))  # a's needs b can meet
        out["_needs_met_ba"] = self._words(b + n, a, len(out))
        out["_common_needs"] = self._words(a + n, b + n, len(out))
        out["_common_capabilities"] = self._words(a, b, len(out))
        o = eco.organisations
        for side, codes in (("a", a), ("b", b)):
            out[f"_name_{side}"] = take(o["name"], codes)
            out[f"_region_{side}"] = take(o["region"].fillna(""), codes)

    def _live_agreements(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """The live non-hierarchy agreements each pair shares: those with few parties are
        counted already (:func:`_co_parties`), the large ones are looked up (looking up all
        of them in the pairs' sets took 1.5 of the about 6 s of pair counts at 3M, by
        hand)."""
        co = self.co_parties
        at = KeyIndex(co.pair).find(np.minimum(a, b) * self.n + np.maximum(a, b))
        counted = np.zeros(len(at), dtype=np.int64)
        counted[at >= 0] = co.live[at[at >= 0]]
        return counted + self.large_party.count(a, b)

    def _words(self, a: np.ndarray, b: np.ndarray, size: int) -> list[tuple[str, ...]]:
        """The words in both sets of each pair, sorted (the vocabulary's codes sort like
        its words)."""
        pair, items = _by_row(*self.words.common(a, b))
        return _tuples_by_row(pair, self.vocab[items], size)


def _by_row(pair: np.ndarray, items: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(pair, item) rows sorted by pair, then item."""
    order = np.lexsort((items, pair))
    return pair[order], items[order]


def _tuples_by_row(pair: np.ndarray, values: np.ndarray, size: int) -> list[tuple[Any, ...]]:
    """A tuple per row ``0 .. size - 1`` of the ``values`` whose ``pair`` is that row, in
    their order (``pair`` sorted); empty for a row with none."""
    return runs_as_tuples(values, np.bincount(pair, minlength=size)) if size else []


def _conditions(out: pd.DataFrame, p: MergerParams) -> tuple[np.ndarray, np.ndarray]:
    """Whether each pair meets the merger rule and the alliance rule, from the evidence."""
    overlap = out["capability_overlap"].to_numpy(float)
    same = out["same_region"].to_numpy(bool)
    merger = (
        (overlap >= p.merger_min_overlap)
        & same
        & (out["size_ratio"].to_numpy(float) <= p.merger_max_size_ratio)
        & (out["_n_support"].to_numpy() >= p.merger_min_support_functions)
    )
    complementary = (out["complementarity"].to_numpy(float) >= p.alliance_min_complementarity) & (
        overlap <= p.alliance_max_overlap
    )
    collaborating = out["live_agreements"].to_numpy() >= p.alliance_min_agreements
    return merger, (complementary | ~same) & collaborating


def _decide(out: pd.DataFrame, p: MergerParams) -> None:
    """Recommendation and score from the evidence columns alone."""
    overlap = out["capability_overlap"].to_numpy(float)
    comp = out["complementarity"].to_numpy(float)
    same = out["same_region"].to_numpy(bool)
    ratio = out["size_ratio"].to_numpy(float)
    live = out["live_agreements"].to_numpy(np.int64)
    support_signal = np.minimum(1.0, out["_n_support"] / max(p.merger_min_support_functions, 1))
    small_signal = np.where(np.isnan(ratio), 0.0, 1.0 - np.nan_to_num(ratio))
    merger_score = (
        p.weight_overlap * overlap
        + p.weight_region * same
        + p.weight_small * small_signal
        + p.weight_support * support_signal
    ) / p.merger_weight
    collaboration = np.minimum(1.0, live / p.full_collaboration)
    distinct = np.where(same, 1.0 - overlap, 1.0)
    alliance_score = (
        p.weight_complementarity * comp
        + p.weight_distinct * distinct
        + p.weight_collaboration * collaboration
        + p.weight_goals * out["shared_goals"].to_numpy(float)
    ) / p.alliance_weight
    is_merger, alliance_rule = _conditions(out, p)
    is_alliance = ~is_merger & alliance_rule
    out["merger_score"] = merger_score
    out["alliance_score"] = alliance_score
    out["recommendation"] = np.where(
        is_merger, "merger", np.where(is_alliance, "alliance", "neither")
    )
    out["score"] = np.where(is_merger, merger_score, np.where(is_alliance, alliance_score, 0.0))
    out["_complementary"] = (comp >= p.alliance_min_complementarity) & (
        overlap <= p.alliance_max_overlap
    )


def _kept_candidates(out: pd.DataFrame, p: MergerParams) -> np.ndarray:
    """Candidates that look like a merger or alliance case, at most k per organisation."""
    rec = out["recommendation"].to_numpy()
    score = out["score"].to_numpy(float)
    looks = (rec == "merger") | (
        (rec == "alliance")
        & out["_complementary"].to_numpy(bool)
        & (out["live_agreements"].to_numpy() >= p.candidate_min_agreements)
    )
    ok = (out["status"].to_numpy() == "candidate") & looks & (score >= p.candidate_threshold)
    at = np.flatnonzero(ok)
    if len(at) == 0 or p.candidates_per_org == 0:
        return np.zeros(len(out), dtype=bool)
    frame = pd.DataFrame({"at": at, "a": out["a"].to_numpy()[at], "b": out["b"].to_numpy()[at]})
    frame["s"] = -score[at]
    # each side's rank among the pairs it appears in, on either side
    long = pd.concat([frame[["at", "s", "a"]].rename(columns={"a": "o"}),
                      frame[["at", "s", "b"]].rename(columns={"b": "o"})])  # fmt: skip
    long = long.sort_values(["s", "at"])
    long["r"] = long.groupby("o").cumcount()
    worst = long.groupby("at")["r"].max()
    keep = np.zeros(len(out), dtype=bool)
    keep[worst.index[worst.to_numpy() < p.candidates_per_org].to_numpy()] = True
    return keep


def _form(r: dict[str, Any]) -> str:
    """The alliance form that fits the shared function (rules in docs, first match wins)."""
    met = set(r["_needs_met"]) | set(r["_needs_met_ba"])
    common = set(r["_common_needs"])
    types = r["_joint_types"]
    if "recruitment" in common | met or "joint_recruitment" in types:
        return "joint_recruitment"
    if _support_needs(r) or r["support_functions_shared"]:
        return "shared_service"
    if met & CAPITAL_INTENSIVE or types & {"joint_venture", "lease"}:
        return "joint_venture"
    if met and "referral" in types:
        return "referral_network"
    if r["_joint_parties"] > 2 or r["shared_goals"] >= 0.5 or r["shared_partners"] >= 5:
        return "consortium"
    return "referral_network" if met else "consortium"


def _support_needs(r: dict[str, Any]) -> list[str]:
    """Support functions both need (from their common needs), in the fixed order."""
    needed = {_SUPPORT_WORDS[w] for w in r["_common_needs"] if w in _SUPPORT_WORDS}
    return [f for f in SUPPORT_FUNCTIONS if f in needed]


#: The sentences and phrases of the reasons. Keys ending in ``_1`` are the singular of the
#: key without it (English keeps its "(s)" forms, Dutch picks singular or plural).
_TEXT: Final = {
    "more": {"en": " and {n} more", "nl": " en nog {n} andere"},
    "or": {"en": "or", "nl": "of"},
    "unknown": {"en": "unknown", "nl": "onbekend"},
    # what is on the table
    "head_declared": {
        "en": "{a} and {b} are integrated ({agreement}).",
        "nl": "{a} en {b} zijn geïntegreerd ({agreement}).",
    },
    "head_proposed": {
        "en": "A merger of {a} and {b} is proposed ({agreement}).",
        "nl": "Er ligt een voorstel voor een fusie van {a} en {b} ({agreement}).",
    },
    "head_merger": {
        "en": "No merger of {a} and {b} is on record, but they look like one case.",
        "nl": "Een fusie van {a} en {b} is niet vastgelegd, maar de twee hebben het profiel "
        "van een fusiekandidaat.",
    },
    "head_alliance": {
        "en": "{a} and {b} run {n} separate agreements that look like one alliance in the making.",
        "nl": "{a} en {b} hebben {n} afzonderlijke overeenkomsten die samen wijzen op een "
        "alliantie in wording.",
    },
    # what joining forces would achieve
    "aim_declared": {
        "en": "Integration can bring {aims}.",
        "nl": "Integratie kan zorgen voor {aims}.",
    },
    "aim_proposed": {
        "en": "The merger is meant to bring {aims}.",
        "nl": "De fusie moet zorgen voor {aims}.",
    },
    "aim_candidate": {
        "en": "Joining forces would bring {aims}.",
        "nl": "Het bundelen van krachten zou zorgen voor {aims}.",
    },
    "no_aim": {
        "en": "The data show no synergy that joining forces would bring.",
        "nl": "De gegevens laten geen synergie zien die het bundelen van krachten zou opleveren.",
    },
    "scale_support": {
        "en": "scale in support functions ({functions})",
        "nl": "schaalvoordeel in ondersteunende functies ({functions})",
    },
    "scale_provide": {
        "en": "scale in what both provide ({capabilities})",
        "nl": "schaalvoordeel in wat beide aanbieden ({capabilities})",
    },
    "supply": {
        "en": "{by} supplying what {to} needs ({needs})",
        "nl": "{by} als leverancier van wat {to} nodig heeft ({needs})",
    },
    "end_competition": {
        "en": "an end to competing for {n} common buyer(s)",
        "nl": "een einde aan de concurrentie om {n} gezamenlijke afnemers",
    },
    "end_competition_1": {
        "en": "an end to competing for {n} common buyer(s)",
        "nl": "een einde aan de concurrentie om {n} gezamenlijke afnemer",
    },
    "continuity": {
        "en": "continuity for the smaller one, at {ratio} of the other's size",
        "nl": "continuïteit voor de kleinere van de twee, met {ratio} van de omvang van de ander",
    },
    # the evidence
    "evidence": {
        "en": "Evidence: capability overlap {overlap}, complementarity {complementarity}, "
        "shared goals {goals}, {region}, {agreements}{joint}, {history}, {partners}{ratio}, "
        "{support}.",
        "nl": "Onderbouwing: overlap in aanbod {overlap}, complementariteit "
        "{complementarity}, gedeelde doelen {goals}, {region}, {agreements}{joint}, "
        "{history}, {partners}{ratio}, {support}.",
    },
    "same_region": {"en": "same region", "nl": "dezelfde regio"},
    "different_regions": {"en": "different regions", "nl": "verschillende regio's"},
    "live_together": {
        "en": "{n} live agreement(s) together",
        "nl": "{n} lopende overeenkomsten met elkaar",
    },
    "live_together_1": {
        "en": "{n} live agreement(s) together",
        "nl": "{n} lopende overeenkomst met elkaar",
    },
    "years_together": {
        "en": "working together for {years} years",
        "nl": "{years} jaar samenwerking",
    },
    "never_together": {
        "en": "no agreement together on record",
        "nl": "geen overeenkomst met elkaar vastgelegd",
    },
    "shared_partners": {
        "en": "{n} shared partners",
        "nl": "{n} gemeenschappelijke partners",
    },
    "shared_partners_1": {
        "en": "{n} shared partners",
        "nl": "{n} gemeenschappelijke partner",
    },
    "size_ratio": {"en": ", size ratio {ratio}", "nl": ", grootteverhouding {ratio}"},
    "support_shared": {
        "en": "support functions shared: {functions}",
        "nl": "gedeelde ondersteunende functies: {functions}",
    },
    "no_support_shared": {
        "en": "no support functions shared",
        "nl": "geen gedeelde ondersteunende functies",
    },
    # the advice
    "advice_merger": {
        "en": "Advice: merger. They are near-substitutes in one region, one small next to the "
        "other, already sharing their support functions; integration removes the duplicated "
        "overhead an alliance would keep. An alliance ({form}) would do instead if the "
        "smaller one could stand alone, or if they shared fewer functions.",
        "nl": "Advies: fusie. De twee bieden in één regio vrijwel hetzelfde aan, de een klein "
        "naast de ander, en delen hun ondersteunende functies al; integratie neemt de dubbele "
        "overhead weg die bij een alliantie zou blijven bestaan. Een alliantie ({form}) zou "
        "volstaan als de kleinere zelfstandig verder zou kunnen, of als ze minder functies "
        "zouden delen.",
    },
    "advice_alliance": {
        "en": "Advice: an alliance in the form of {form}. It reaches this while both keep "
        "their identity, faster and cheaper than a merger. A merger would be the better "
        "choice only if {misses}.",
        "nl": "Advies: een alliantie in de vorm van {form}. Die bereikt dit met behoud van "
        "ieders eigen identiteit, sneller en goedkoper dan een fusie. Een fusie zou alleen de "
        "betere keuze zijn als {misses}.",
    },
    "advice_neither": {
        "en": "Advice: neither; the evidence points neither way. Not a merger case unless "
        "{merger_misses}. Not an alliance case: {alliance_misses}.",
        "nl": "Advies: geen van beide; de gegevens wijzen geen kant op. Geen reden voor een "
        "fusie; die zou er pas zijn als {merger_misses}. Geen reden voor een alliantie: "
        "{alliance_misses}.",
    },
    "form_for": {"en": "{form} for {functions}", "nl": "{form} voor {functions}"},
    "form_instead": {
        "en": "{form} instead of {n} separate agreements",
        "nl": "{form} in plaats van {n} afzonderlijke overeenkomsten",
    },
    # the merger conditions a pair misses, as 'if ...' clauses
    "miss_overlap": {
        "en": "their capabilities overlapped at least {min} (now {now})",
        "nl": "hun aanbod voor minstens {min} overlapte (nu {now})",
    },
    "miss_region": {
        "en": "they served one region (now {region_a} and {region_b})",
        "nl": "ze in één regio werkzaam waren (nu {region_a} en {region_b})",
    },
    "miss_small": {
        "en": "one were too small to stand alone (size ratio at most {max}; {now})",
        "nl": "een van beide te klein was om zelfstandig verder te gaan (grootteverhouding "
        "hoogstens {max}; {now})",
    },
    "ratio_now": {"en": "size ratio now {ratio}", "nl": "nu {ratio}"},
    "size_unknown": {"en": "a size is unknown", "nl": "de omvang van een van beide is onbekend"},
    "miss_support": {
        "en": "they already shared at least {min} support functions (now {now})",
        "nl": "ze al minstens {min} ondersteunende functies deelden (nu {now})",
    },
    # the alliance conditions a pair misses
    "miss_agreements": {
        "en": "they have {n} live agreements together (at least {min} needed)",
        "nl": "ze hebben {n} lopende overeenkomsten met elkaar (minstens {min} nodig)",
    },
    "miss_agreements_1": {
        "en": "they have {n} live agreements together (at least {min} needed)",
        "nl": "ze hebben {n} lopende overeenkomst met elkaar (minstens {min} nodig)",
    },
    "miss_complementary": {
        "en": "in one region they are not complementary (complementarity {complementarity}, "
        "at least {min} needed, with overlap at most {max}; now {overlap})",
        "nl": "in één regio vullen ze elkaar niet aan (complementariteit {complementarity}, "
        "minstens {min} nodig, bij een overlap van hoogstens {max}; nu {overlap})",
    },
}


def _listing(words: list[str] | tuple[str, ...], lang: str, limit: int = 5) -> str:
    words = list(words)
    more = text(_TEXT, "more", lang, n=len(words) - limit) if len(words) > limit else ""
    return ", ".join(w.replace("_", " ") for w in words[:limit]) + more


# -- the reasons, a template at a time over all rows ------------------------------------------
#
# Each sentence of a reason is filled for all the rows it applies to at once
# (:func:`netorg.i18n.text_column_where`), its numbers formatted once per distinct value, and
# the word lists joined with Arrow's list kernels: a per-row ``str.format`` took most of the
# stage's time at ten million agreements. The sentences are those of the templates above.


def _reason_column(out: pd.DataFrame, p: MergerParams, lang: str) -> list[str]:
    """The reason of every row of ``out``, a short advice for a board, in ``lang``."""
    size = len(out)
    status = out["status"].to_numpy(object)
    rec = out["recommendation"].to_numpy(object)
    names = {"a": _texts(out["_name_a"]), "b": _texts(out["_name_b"])}
    head = _coalesce(
        [
            text_column_where(status == "declared", _TEXT, "head_declared", lang,
                              agreement=_texts(out["agreement_id"]), **names),
            text_column_where(status == "proposed", _TEXT, "head_proposed", lang,
                              agreement=_texts(out["agreement_id"]), **names),
            text_column_where((status == "candidate") & (rec == "merger"), _TEXT,
                              "head_merger", lang, **names),
            text_column_where((status == "candidate") & (rec != "merger"), _TEXT,
                              "head_alliance", lang,
                              n=int_column(out["live_agreements"].to_numpy()), **names),
        ]
    )  # fmt: skip
    support = _support_masks(out)  # the aims and the advice both name support functions
    parts = [head, _aim_column(out, p, lang, names, support), _evidence_column(out, lang)]
    parts.append(_advice_column(out, p, lang, support))
    joined = pc.binary_join_element_wise(*parts, text_scalar(" "))
    assert joined.null_count == 0, "every row has a reason"
    return [str(r) for r in joined.to_pylist()] if size else []


def _texts(column: pd.Series) -> pa.Array:
    """A column of text (or of ids) as Arrow text, missing values as ""."""
    return pc.fill_null(pa.array(column.astype("str").array).cast(pa.large_string()), "")


def _coalesce(parts: list[pa.Array]) -> pa.Array:
    """Per row, the first part that is not null."""
    return pc.coalesce(*parts) if len(parts) > 1 else parts[0]


def _support_masks(out: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Per row, the support functions shared (bits in :data:`SUPPORT_FUNCTIONS` order) and
    those both need (:func:`_support_needs`, from their common needs)."""
    shared = out["_support"].to_numpy(np.int64)
    words = out["_common_needs"].explode().dropna()
    bit = words.map({w: 1 << SUPPORT_FUNCTIONS.index(f) for w, f in _SUPPORT_WORDS.items()})
    hit = bit.notna().to_numpy()
    needed = np.zeros(len(out), dtype=np.int64)
    np.bitwise_or.at(needed, words.index.to_numpy()[hit], bit[hit].to_numpy(np.int64))
    return shared, needed


def _functions_listing(
    lang: str, condition: np.ndarray, first: np.ndarray, then: np.ndarray
) -> pa.Array:
    """:func:`_listing` of the support functions in ``first`` (in their fixed order), then
    those in ``then`` but not in ``first``, in the rows where ``condition`` holds."""

    def show(a: int, b: int) -> str:
        return _listing(_function_names(a) + _function_names(b & ~a), lang)

    return per_distinct_where(condition, show, first, then)


def _listing_column(column: pd.Series, lang: str, limit: int = 5) -> pa.Array:
    """:func:`_listing` of every row's tuple of words, with Arrow's list kernels."""
    lists = pa.array(column.to_numpy(object), type=pa.large_list(pa.large_string()))
    count = pc.list_value_length(lists).to_numpy(zero_copy_only=False)
    kept = pc.list_slice(lists, 0, limit)
    lengths = pc.list_value_length(kept).to_numpy(zero_copy_only=False)
    words = pc.replace_substring(pc.list_flatten(kept), "_", " ")
    offsets = pa.array(np.r_[0, np.cumsum(lengths)].astype(np.int64))
    joined = pc.binary_join(pa.LargeListArray.from_arrays(offsets, words), text_scalar(", "))
    more = text_column_where(count > limit, _TEXT, "more", lang, n=int_column(count - limit))
    return pc.binary_join_element_wise(joined, pc.fill_null(more, ""), text_scalar(""))


def _joined_parts(parts: list[pa.Array], last: str, between: str) -> tuple[pa.Array, np.ndarray]:
    """Per row, its present (non-null) parts joined: ``between`` between them, ``last``
    before the last of two or more ("" where none); and how many parts each row has.
    ``parts`` (one or more) are columns of the same length."""
    present = np.stack([~np.asarray(part.is_null()) for part in parts])
    count = present.sum(axis=0)
    place = np.cumsum(present, axis=0)  # 1 for the first present part of a row, 2, ...
    pieces = []
    for k, part in enumerate(parts):
        prefix = np.where(place[k] == 1, "", np.where(place[k] == count, last, between))
        piece = pc.binary_join_element_wise(pa.array(prefix, type=pa.large_string()), part,
                                            text_scalar(""))  # fmt: skip
        pieces.append(pc.fill_null(piece, ""))
    return pc.binary_join_element_wise(*pieces, text_scalar("")), count


def _and_column(parts: list[pa.Array], lang: str) -> tuple[pa.Array, np.ndarray]:
    """:func:`join_and` of each row's present parts, and their number."""
    last = join_and(["", ""], lang)  # the word join_and puts before the last item, spaced
    return _joined_parts(parts, last, ", ")


def _or_column(parts: list[pa.Array], lang: str) -> pa.Array:
    """Each row's present parts as ``a; b; or c`` (the clauses carry commas of their own)."""
    return _joined_parts(parts, "; " + text(_TEXT, "or", lang) + " ", "; ")[0]


def _aim_column(
    out: pd.DataFrame,
    p: MergerParams,
    lang: str,
    names: dict[str, pa.Array],
    support: tuple[np.ndarray, np.ndarray],
) -> pa.Array:
    """The aim sentence of every row: what joining forces would achieve, read off the
    evidence (scale in support functions or in what both provide, one supplying what the
    other needs, an end to competing for common buyers, continuity for the smaller one),
    joined with "and"; or that the data show no such synergy. ``names`` holds the two
    organisations' names (``a``, ``b``), ``support`` :func:`_support_masks`."""
    a, b = names["a"], names["b"]
    same = out["same_region"].to_numpy(bool)
    overlap = out["capability_overlap"].to_numpy(float)
    ratio = out["size_ratio"].to_numpy(float)
    shared, needed = support
    functions = (shared | needed) != 0
    met_ab = out["_needs_met"].map(len).to_numpy() > 0
    met_ba = out["_needs_met_ba"].map(len).to_numpy() > 0
    competition = out["competition"].to_numpy(bool)
    buyers = out["common_buyers"].to_numpy(np.int64)
    provide = same & (overlap >= p.alliance_max_overlap)
    aims = [
        text_column_where(functions, _TEXT, "scale_support", lang,
                          functions=_functions_listing(lang, functions, shared, needed)),
        text_column_where(provide, _TEXT, "scale_provide", lang,
                          capabilities=_listing_column(out["_common_capabilities"], lang)),
        text_column_where(met_ab, _TEXT, "supply", lang, by=b, to=a,
                          needs=_listing_column(out["_needs_met"], lang)),
        text_column_where(met_ba, _TEXT, "supply", lang, by=a, to=b,
                          needs=_listing_column(out["_needs_met_ba"], lang)),
        _counted_column(competition, "end_competition", buyers, lang),
        text_column_where(same & (overlap > 0) & (ratio <= p.merger_max_size_ratio), _TEXT,
                          "continuity", lang, ratio=percent_column(ratio, lang)),
    ]  # fmt: skip
    joined, count = _and_column(aims, lang)
    status = out["status"].to_numpy(object)
    return _coalesce(
        [
            *(
                text_column_where((status == s) & (count > 0), _TEXT, f"aim_{s}", lang,
                                  aims=joined)
                for s in STATUSES
            ),
            text_column_where(count == 0, _TEXT, "no_aim", lang),
        ]
    )  # fmt: skip


def _counted_column(
    condition: np.ndarray, key: str, n: np.ndarray, lang: str, **fields: Field
) -> pa.Array:
    """The template ``key`` for the count ``n`` (its ``_1`` form where ``n`` is 1) in the
    rows where ``condition`` holds, null in the others."""
    counts = int_column(n)
    return _coalesce(
        [
            text_column_where(condition & (n == 1), _TEXT, key + "_1", lang, n=counts, **fields),
            text_column_where(condition & (n != 1), _TEXT, key, lang, n=counts, **fields),
        ]
    )  # fmt: skip


def _evidence_column(out: pd.DataFrame, lang: str) -> pa.Array:
    """The evidence sentence of every row: the figures and the agreements between them."""
    size = len(out)
    every = np.ones(size, dtype=bool)
    same = out["same_region"].to_numpy(bool)
    years = out["years_together"].to_numpy(float)
    ratio = out["size_ratio"].to_numpy(float)
    joint = out["_joint_ids"].map(len).to_numpy() > 0
    shared = out["_support"].to_numpy(np.int64)
    listing = _listing_column(out["_joint_ids"], lang)
    bracketed = pc.binary_join_element_wise(text_scalar(" ("), listing, text_scalar(")"),
                                            text_scalar(""))  # fmt: skip
    fields: dict[str, Field] = {
        "overlap": percent_column(out["capability_overlap"].to_numpy(float), lang),
        "complementarity": percent_column(out["complementarity"].to_numpy(float), lang),
        "goals": percent_column(out["shared_goals"].to_numpy(float), lang),
        "region": where_column(same, text(_TEXT, "same_region", lang),
                               text(_TEXT, "different_regions", lang)),
        "agreements": _counted_column(every, "live_together",
                                      out["live_agreements"].to_numpy(np.int64), lang),
        "joint": where_column(joint, bracketed, ""),
        "history": _coalesce([
            text_column_where(~np.isnan(years), _TEXT, "years_together", lang,
                              years=number_column(years, lang, 1)),
            text_column_where(np.isnan(years), _TEXT, "never_together", lang),
        ]),
        "partners": _counted_column(every, "shared_partners",
                                    out["shared_partners"].to_numpy(np.int64), lang),
        "ratio": pc.fill_null(text_column_where(~np.isnan(ratio), _TEXT, "size_ratio", lang,
                                                ratio=number_column(ratio, lang, 2)), ""),
        "support": _coalesce([
            text_column_where(shared != 0, _TEXT, "support_shared", lang,
                              functions=_functions_listing(lang, shared != 0, shared,
                                                           np.zeros(size, np.int64))),
            text_column_where(shared == 0, _TEXT, "no_support_shared", lang),
        ]),
    }  # fmt: skip
    return text_column(_TEXT, "evidence", lang, size, **fields)


def _advice_column(
    out: pd.DataFrame, p: MergerParams, lang: str, support: tuple[np.ndarray, np.ndarray]
) -> pa.Array:
    """The advice of every row: the recommendation, the form of a merger or alliance, and
    what would make the other choice the better one (``support``: :func:`_support_masks`)."""
    rec = out["recommendation"].to_numpy(object)
    form = out["alliance_form"].to_numpy(object).copy()
    merger = rec == "merger"
    form[merger] = [_form(r) for r in _form_rows(out, np.flatnonzero(merger))]
    form_text = per_distinct_where(merger | (rec == "alliance"),
                                   lambda f: text(FORM_TEXT, f, lang), form)  # fmt: skip
    alliance = rec == "alliance"
    shared, needed = support
    # a shared service for the functions shared, else for those both need
    service = alliance & (form == "shared_service")
    n_joint = out["_joint_ids"].map(len).to_numpy()
    instead = alliance & (form == "consortium") & (n_joint > 1)
    what = _coalesce(
        [
            text_column_where(service, _TEXT, "form_for", lang, form=form_text,
                              functions=per_distinct_where(
                                  service,
                                  lambda a, b: _listing(_function_names(a or b), lang),
                                  shared, needed)),
            text_column_where(instead, _TEXT, "form_instead", lang, form=form_text,
                              n=int_column(n_joint)),
            form_text,
        ]
    )  # fmt: skip
    merger_misses = _or_column(_merger_miss_columns(out, p, lang), lang)
    alliance_misses, _ = _and_column(_alliance_miss_columns(out, p, lang), lang)
    neither = ~merger & ~alliance
    return _coalesce(
        [
            text_column_where(merger, _TEXT, "advice_merger", lang, form=form_text),
            text_column_where(alliance, _TEXT, "advice_alliance", lang, form=what,
                              misses=merger_misses),
            text_column_where(neither, _TEXT, "advice_neither", lang,
                              merger_misses=merger_misses, alliance_misses=alliance_misses),
        ]
    )  # fmt: skip


def _function_names(mask: int) -> list[str]:
    return [f for i, f in enumerate(SUPPORT_FUNCTIONS) if mask >> i & 1]


def _merger_miss_columns(out: pd.DataFrame, p: MergerParams, lang: str) -> list[pa.Array]:
    """The merger rule's conditions as 'if ...' clauses, one column per condition, null in
    the rows that meet it."""
    overlap = out["capability_overlap"].to_numpy(float)
    same = out["same_region"].to_numpy(bool)
    ratio = out["size_ratio"].to_numpy(float)
    n_shared = out["support_functions_shared"].map(len).to_numpy()
    unknown = text(_TEXT, "unknown", lang)
    regions = {
        f"region_{side}": pc.if_else(
            pc.equal(_texts(out[f"_region_{side}"]), ""), text_scalar(unknown),
            _texts(out[f"_region_{side}"]),
        )
        for side in ("a", "b")
    }  # fmt: skip
    small = ~(ratio <= p.merger_max_size_ratio)
    now = _coalesce(
        [
            text_column_where(small & ~np.isnan(ratio), _TEXT, "ratio_now", lang,
                              ratio=number_column(ratio, lang, 2)),
            text_column_where(small & np.isnan(ratio), _TEXT, "size_unknown", lang),
        ]
    )  # fmt: skip
    return [
        text_column_where(overlap < p.merger_min_overlap, _TEXT, "miss_overlap", lang,
                          min=percent(p.merger_min_overlap, lang),
                          now=percent_column(overlap, lang)),
        text_column_where(~same, _TEXT, "miss_region", lang, **regions),
        text_column_where(small, _TEXT, "miss_small", lang,
                          max=number(p.merger_max_size_ratio, lang, 2), now=now),
        text_column_where(n_shared < p.merger_min_support_functions, _TEXT, "miss_support",
                          lang, min=str(p.merger_min_support_functions),
                          now=int_column(n_shared)),
    ]  # fmt: skip


def _alliance_miss_columns(out: pd.DataFrame, p: MergerParams, lang: str) -> list[pa.Array]:
    """The alliance rule's conditions, one column per condition, null in the rows that meet
    it."""
    live = out["live_agreements"].to_numpy(np.int64)
    same = out["same_region"].to_numpy(bool)
    complementary = out["_complementary"].to_numpy(bool)
    return [
        _counted_column(live < p.alliance_min_agreements, "miss_agreements", live, lang,
                        min=str(p.alliance_min_agreements)),
        text_column_where(same & ~complementary, _TEXT, "miss_complementary", lang,
                          complementarity=percent_column(
                              out["complementarity"].to_numpy(float), lang),
                          min=percent(p.alliance_min_complementarity, lang),
                          max=percent(p.alliance_max_overlap, lang),
                          overlap=percent_column(out["capability_overlap"].to_numpy(float),
                                                 lang)),
    ]  # fmt: skip


#: The columns :func:`_form` reads.
_FORM_COLUMNS: Final = ("_needs_met", "_needs_met_ba", "_common_needs", "_joint_types",
                        "support_functions_shared", "_joint_parties", "shared_goals",
                        "shared_partners")  # fmt: skip


def _form_rows(out: pd.DataFrame, rows: np.ndarray) -> list[dict[str, Any]]:
    """The rows ``rows`` of ``out`` as dicts of the columns :func:`_form` reads."""
    return out.iloc[rows][list(_FORM_COLUMNS)].to_dict("records")
