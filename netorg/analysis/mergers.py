"""Merger or alliance: for every declared, proposed or candidate merger, a second opinion.

Mergers take long, cost much and often miss the synergy they promise, while alliances adapt
(Hagedoorn & Duysters 2002, "External sources of innovative capabilities: the preferences for
strategic alliances or mergers and acquisitions", Journal of Management Studies 39). Prior
ties build the trust that lets partners choose an alliance over equity (Gulati 1995, "Does
familiarity breed trust? The implications of repeated ties for contractual choice in
alliances", Academy of Management Journal 38(1), 85-112). METHOD.md turns this into two rules:

- ``merger``: near-substitutes (capability overlap at least ``merger_min_overlap``) in the
  same region, one small next to the other (size ratio at most ``merger_max_size_ratio``),
  who already share at least ``merger_min_support_functions`` support functions;
- ``alliance``: complementary (at least ``alliance_min_complementarity`` of one's needs met
  by the other, overlap at most ``alliance_max_overlap``) or in different regions, and
  already collaborating (at least ``alliance_min_agreements`` live agreements);
- ``neither`` otherwise: the evidence does not point either way.

Pairs are the parties of every hierarchy agreement (``declared`` when active or ended,
``proposed`` when proposed or planned) and candidates: pairs with no hierarchy agreement
within two steps in the live tie graph (tied, or sharing a partner with at most
``hub_degree`` ties), never all pairs. Set overlaps are computed per pair with sorted integer
keys, so the cost grows with the pairs' set sizes, not with the square of the organisations.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from netorg._codes import take
from netorg.model import Ecosystem
from netorg.params import MergerParams, with_overrides
from netorg.stats import tie_graph
from netorg.vocabulary import HIERARCHY, HYBRID, MARKET

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

_COLUMNS = [
    "org_a",
    "org_b",
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
        org_a, org_b, status, recommendation, alliance_form, score, reasons, agreement_id
        (the hierarchy agreement, "" for candidates) and the evidence: capability_overlap,
        complementarity, shared_goals, same_region, competition, common_buyers,
        live_agreements, live_hybrid_ties, shared_services, shared_partners, size_ratio,
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
    n = len(eco.org_index)
    on_record = _on_record(eco)
    candidates = _two_step_pairs(eco, p)
    candidates = candidates[~np.isin(candidates, on_record.index.to_numpy())]
    keys = np.concatenate([on_record.index.to_numpy(np.int64), candidates])
    if len(keys) == 0:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in _COLUMNS})
    out = pd.DataFrame({"a": keys // n, "b": keys % n})
    out["status"] = np.r_[on_record["status"].to_numpy(object), ["candidate"] * len(candidates)]
    out["agreement_id"] = np.r_[on_record["agreement_id"].to_numpy(object), [""] * len(candidates)]
    _evidence(eco, out)
    _decide(out, p)
    is_candidate = out["status"].to_numpy() == "candidate"
    keep = ~is_candidate | _kept_candidates(out, p)
    out = out[keep].reset_index(drop=True)
    _detail(eco, out)
    out["alliance_form"] = [
        _form(r) if r["recommendation"] == "alliance" else "" for r in _rows(out)
    ]
    out["reasons"] = [_reason(r, p) for r in _rows(out)]
    out["org_a"] = take(eco.org_index, out["a"].to_numpy()).to_numpy()
    out["org_b"] = take(eco.org_index, out["b"].to_numpy()).to_numpy()
    rank = out["status"].map({s: i for i, s in enumerate(STATUSES)}).to_numpy()
    order = np.lexsort((out["b"].to_numpy(), out["a"].to_numpy(), -out["score"].to_numpy(), rank))
    for column in ("score", "capability_overlap", "complementarity", "shared_goals",
                   "size_ratio", "merger_score", "alliance_score"):  # fmt: skip
        out[column] = out[column].round(4)
    return out.iloc[order][_COLUMNS].reset_index(drop=True)


def _rows(out: pd.DataFrame) -> list[dict[str, Any]]:
    return out.to_dict("records")


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
    rows["agreement_id"] = take(eco.agreement_index, rows["agreement"].to_numpy()).to_numpy()
    rows = rows.sort_values(["pair", "status", "agreement"])  # declared before proposed
    return rows.drop_duplicates("pair").set_index("pair")[["status", "agreement_id"]]


def _two_step_pairs(eco: Ecosystem, p: MergerParams) -> np.ndarray:
    """Keys of the pairs tied in the live tie graph or sharing a partner below the hub cap."""
    n = len(eco.org_index)
    graph = tie_graph(eco)
    ends = np.asarray(graph.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    direct = ends[:, 0] * n + ends[:, 1]
    degree = np.asarray(graph.degree(), dtype=np.int64)
    w = np.concatenate([ends[:, 0], ends[:, 1]])
    x = np.concatenate([ends[:, 1], ends[:, 0]])
    keep = degree[w] <= p.hub_degree
    adjacency = pd.DataFrame({"w": w[keep], "x": x[keep]})
    joined = adjacency.merge(adjacency, on="w", suffixes=("_a", "_b"))
    joined = joined[joined["x_a"] < joined["x_b"]]
    two = joined["x_a"].to_numpy(np.int64) * n + joined["x_b"].to_numpy(np.int64)
    return np.unique(np.concatenate([direct, two]))


class _Sets:
    """Sets of integer items per organisation, for overlap counts over many pairs."""

    def __init__(self, owner: np.ndarray, item: np.ndarray, n: int) -> None:
        frame = pd.DataFrame({"o": owner.astype(np.int64), "i": item.astype(np.int64)})
        frame = frame.drop_duplicates().sort_values(["o", "i"])
        self.width = int(frame["i"].max()) + 1 if len(frame) else 1
        self.keys = frame["o"].to_numpy() * self.width + frame["i"].to_numpy()
        self.items = frame["i"].to_numpy()
        self.start = np.searchsorted(frame["o"].to_numpy(), np.arange(n + 1))
        self.size = np.diff(self.start)

    def common(self, a: np.ndarray, b: np.ndarray, other: _Sets | None = None) -> tuple:
        """(pair index, item) of each item of ``a``'s set found in ``b``'s set of ``other``."""
        other = other or self
        counts = self.size[a]
        pair = np.repeat(np.arange(len(a)), counts)
        offset = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
        items = self.items[self.start[a][pair] + offset]
        key = b[pair] * other.width + items
        at = np.searchsorted(other.keys, key)
        found = (at < len(other.keys)) & (other.keys[np.minimum(at, len(other.keys) - 1)] == key)
        found &= items < other.width
        return pair[found], items[found]

    def count(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        # explode the smaller side of each pair
        small = self.size[a] <= self.size[b]
        pair, _ = self.common(np.where(small, a, b), np.where(small, b, a))
        return np.bincount(pair, minlength=len(a))


def _jaccard(sets: _Sets, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    inter = sets.count(a, b)
    union = sets.size[a] + sets.size[b] - inter
    return np.where(union > 0, inter / np.maximum(union, 1), 0.0)


def _tuple_sets(column: pd.Series, n: int) -> tuple[_Sets, np.ndarray]:
    """Sets of the words in a column of tuples, and the vocabulary (item code -> word)."""
    lengths = column.map(len).to_numpy(np.int64)
    words = np.asarray([w for t in column for w in t], dtype=object)
    vocab, codes = np.unique(words.astype(str), return_inverse=True) if len(words) else ([], [])
    owner = np.repeat(np.arange(n), lengths)
    return _Sets(owner, np.asarray(codes, dtype=np.int64), n), np.asarray(vocab, dtype=object)


def _evidence(eco: Ecosystem, out: pd.DataFrame) -> None:
    """The vectorised evidence columns of every pair in ``out``."""
    o = eco.organisations
    n = len(o)
    a, b = out["a"].to_numpy(np.int64), out["b"].to_numpy(np.int64)
    # Capabilities and needs share one vocabulary so needs can be looked up in capabilities.
    both = pd.concat([o["capabilities"], o["needs"]], ignore_index=True)
    sets, vocab = _tuple_sets(both, 2 * n)
    caps_of, needs_of = np.arange(n), np.arange(n) + n
    out["capability_overlap"] = _jaccard(sets, caps_of[a], caps_of[b])
    met_ab = np.bincount(sets.common(needs_of[a], caps_of[b])[0], minlength=len(a))
    met_ba = np.bincount(sets.common(needs_of[b], caps_of[a])[0], minlength=len(a))
    share_ab = met_ab / np.maximum(sets.size[needs_of[a]], 1)
    share_ba = met_ba / np.maximum(sets.size[needs_of[b]], 1)
    out["complementarity"] = (share_ab + share_ba) / 2  # mutual: the mean of both directions
    goals, _ = _tuple_sets(o["goals"], n)
    out["shared_goals"] = _jaccard(goals, a, b)
    region = o["region"].fillna("").astype(str).to_numpy(object)
    out["same_region"] = (region[a] == region[b]) & (region[a] != "")
    # Common buyers: organisations buying from both through live market agreements.
    live = eco.live_mask()
    e = eco.edges
    code = e["agreement_code"].to_numpy(np.int64)
    market = live[code] & (eco.agreements["form"].to_numpy(object)[code] == MARKET)
    buyers = _Sets(e["target_code"].to_numpy()[market], e["source_code"].to_numpy()[market], n)
    out["common_buyers"] = buyers.count(a, b)
    out["competition"] = (
        out["same_region"].to_numpy() & (out["capability_overlap"].to_numpy() > 0)
    ) & (out["common_buyers"].to_numpy() > 0)
    # Agreements both are party to.
    agreement, org = eco.party_codes
    forms = eco.agreements["form"].to_numpy(object)
    live_party = live[agreement]
    party = _Sets(org[live_party], agreement[live_party], n)
    out["live_agreements"] = party.count(a, b)
    hybrid = live_party & (forms[agreement] == HYBRID)
    hybrid_sets = _Sets(org[hybrid], agreement[hybrid], n)
    out["live_hybrid_ties"] = hybrid_sets.count(a, b)
    graph = tie_graph(eco)
    ends = np.asarray(graph.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    neighbours = _Sets(np.r_[ends[:, 0], ends[:, 1]], np.r_[ends[:, 1], ends[:, 0]], n)
    out["shared_partners"] = neighbours.count(a, b)
    size = o["size"].to_numpy(float)
    lo, hi = np.fmin(size[a], size[b]), np.fmax(size[a], size[b])
    out["size_ratio"] = np.where(hi > 0, lo / np.where(hi > 0, hi, 1.0), np.nan)
    # Support functions of the live hybrid agreements both take part in.
    pair, items = hybrid_sets.common(a, b)
    a_tab = eco.agreements
    words = [(a_tab["service"].iat[i], *a_tab["shared_goals"].iat[i]) for i in items.tolist()]
    functions: list[set[str]] = [set() for _ in range(len(a))]
    services: list[list[str]] = [[] for _ in range(len(a))]
    joint: list[list[int]] = [[] for _ in range(len(a))]
    types = a_tab["type"].to_numpy(object)
    ids = eco.agreement_index.to_numpy()
    for k, item, ws in zip(pair.tolist(), items.tolist(), words, strict=True):
        joint[k].append(item)
        functions[k].update(_SUPPORT_WORDS[w] for w in ws if w in _SUPPORT_WORDS)
        if types[item] in _FORM_TYPES:
            services[k].append(str(ids[item]))
    out["support_functions_shared"] = [
        tuple(f for f in SUPPORT_FUNCTIONS if f in fs) for fs in functions
    ]
    out["shared_services"] = [tuple(sorted(s)) for s in services]
    out["_joint"] = joint
    out["_needs_met"] = _met_words(sets, vocab, needs_of[a], caps_of[b], len(a))
    out["_needs_met_ba"] = _met_words(sets, vocab, needs_of[b], caps_of[a], len(a))
    out["_common_needs"] = _met_words(sets, vocab, needs_of[a], needs_of[b], len(a))


def _met_words(
    sets: _Sets, vocab: np.ndarray, a: np.ndarray, b: np.ndarray, size: int
) -> list[tuple[str, ...]]:
    pair, items = sets.common(a, b)
    result: list[list[str]] = [[] for _ in range(size)]
    for k, item in zip(pair.tolist(), items.tolist(), strict=True):
        result[k].append(str(vocab[item]))
    return [tuple(sorted(r)) for r in result]


def _decide(out: pd.DataFrame, p: MergerParams) -> None:
    """Recommendation and score from the evidence columns alone."""
    overlap = out["capability_overlap"].to_numpy(float)
    comp = out["complementarity"].to_numpy(float)
    same = out["same_region"].to_numpy(bool)
    ratio = out["size_ratio"].to_numpy(float)
    n_support = out["support_functions_shared"].map(len).to_numpy(np.int64)
    live = out["live_agreements"].to_numpy(np.int64)
    support_signal = np.minimum(1.0, n_support / max(p.merger_min_support_functions, 1))
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
    is_merger = (
        (overlap >= p.merger_min_overlap)
        & same
        & (ratio <= p.merger_max_size_ratio)
        & (n_support >= p.merger_min_support_functions)
    )
    complementary = (comp >= p.alliance_min_complementarity) & (overlap <= p.alliance_max_overlap)
    is_alliance = ~is_merger & (complementary | ~same) & (live >= p.alliance_min_agreements)
    out["merger_score"] = merger_score
    out["alliance_score"] = alliance_score
    out["recommendation"] = np.where(
        is_merger, "merger", np.where(is_alliance, "alliance", "neither")
    )
    out["score"] = np.where(is_merger, merger_score, np.where(is_alliance, alliance_score, 0.0))
    out["_complementary"] = complementary


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
    frame = frame.sort_values(["s", "a", "b"])
    # each side's rank among the pairs it appears in, on either side
    long = pd.concat([frame[["at", "s", "a"]].rename(columns={"a": "o"}),
                      frame[["at", "s", "b"]].rename(columns={"b": "o"})])  # fmt: skip
    long = long.sort_values(["s", "at"])
    long["r"] = long.groupby("o").cumcount()
    worst = long.groupby("at")["r"].max()
    keep = np.zeros(len(out), dtype=bool)
    keep[worst.index[worst.to_numpy() < p.candidates_per_org].to_numpy()] = True
    return keep


def _detail(eco: Ecosystem, out: pd.DataFrame) -> None:
    out["_name_a"] = take(eco.organisations["name"], out["a"].to_numpy()).to_numpy()
    out["_name_b"] = take(eco.organisations["name"], out["b"].to_numpy()).to_numpy()
    ids = eco.agreement_index.to_numpy()
    a_tab = eco.agreements
    out["_joint_ids"] = [tuple(str(ids[i]) for i in sorted(j)) for j in out["_joint"]]
    out["_joint_types"] = [frozenset(str(a_tab["type"].iat[i]) for i in j) for j in out["_joint"]]
    out["_joint_parties"] = [
        max((int(a_tab["n_parties"].iat[i]) for i in j), default=0) for j in out["_joint"]
    ]


def _form(r: dict[str, Any]) -> str:
    """The alliance form that fits the shared function (rules in docs, first match wins)."""
    met = set(r["_needs_met"]) | set(r["_needs_met_ba"])
    common = set(r["_common_needs"])
    types = r["_joint_types"]
    if "recruitment" in common | met or "joint_recruitment" in types:
        return "joint_recruitment"
    if {_SUPPORT_WORDS.get(w, "") for w in common} - {""} or r["support_functions_shared"]:
        return "shared_service"
    if met & CAPITAL_INTENSIVE or types & {"joint_venture", "lease"}:
        return "joint_venture"
    if met and "referral" in types:
        return "referral_network"
    if r["_joint_parties"] > 2 or r["shared_goals"] >= 0.5 or r["shared_partners"] >= 5:
        return "consortium"
    return "referral_network" if met else "consortium"


def _pct(x: float) -> str:
    return f"{x:.0%}"


def _reason(r: dict[str, Any], p: MergerParams) -> str:
    a, b = r["_name_a"], r["_name_b"]
    rec = r["recommendation"]
    status = r["status"]
    if status == "declared":
        head = f"{a} and {b} are already integrated ({r['agreement_id']})."
    elif status == "proposed":
        head = f"A merger of {a} and {b} is proposed ({r['agreement_id']})."
    else:
        head = f"No merger of {a} and {b} is on record, but the evidence looks like one case."
    facts = (
        f"Capability overlap {_pct(r['capability_overlap'])}, complementarity "
        f"{_pct(r['complementarity'])}, shared goals {_pct(r['shared_goals'])}, "
        f"{'same region' if r['same_region'] else 'different regions'}, "
        f"{r['live_agreements']} live agreement(s) between them"
        + (f" ({', '.join(r['_joint_ids'][:5])})" if r["_joint_ids"] else "")
        + f", {r['shared_partners']} shared partners"
        + (f", size ratio {r['size_ratio']:.2f}" if r["size_ratio"] == r["size_ratio"] else "")
        + (
            f", support functions already shared: {', '.join(r['support_functions_shared'])}"
            if r["support_functions_shared"]
            else ", no support functions shared"
        )
        + (f"; they compete for {r['common_buyers']} common buyer(s)" if r["competition"] else "")
        + "."
    )
    met = sorted(set(r["_needs_met"]) | set(r["_needs_met_ba"]))
    if rec == "merger":
        advice = (
            "Merger warranted: near-substitutes in one region, one small next to the other, "
            "already sharing their support functions; integration removes the duplicated "
            "overhead an alliance would keep. An alliance would do instead if the smaller "
            "could stand alone or the shared functions were few."
        )
    elif rec == "alliance":
        goal = f"meeting each other's needs ({', '.join(met)})" if met else "working together"
        advice = (
            f"Alliance suffices: the synergy lies in {goal}, which a {r['alliance_form']} "
            f"reaches while both keep their identity. A merger would be the better choice "
            f"only if their capabilities overlapped (at least {_pct(p.merger_min_overlap)}) "
            f"in one region, one could not stand alone and they already shared most support "
            f"functions."
        )
    else:
        advice = (
            "Neither: the evidence points neither way (no near-substitutes sharing support "
            "functions, no complementary collaboration); a merger would need a case built on "
            "overlap and shared functions, an alliance on complementary needs and "
            "existing collaboration."
        )
    return f"{head} {facts} {advice}"
