"""Strategic alliance clusters: who really collaborates, who holds each cluster together.

Clusters are found on the *collaborative* ties only: live hybrid agreements (partnerships,
covenants, referrals, consortia, shared services, ...), with implicit supplier-style ties
(see :mod:`netorg.analysis.ties`) joining at a lower weight. Market and hierarchy ties do not
make clusters: buying from someone or owning them is not collaborating.

The weight of a pair is the sum of its live hybrid agreements, where an agreement with ``k``
parties contributes ``1 / (k - 1)`` to each pair it links. In a consortium where everyone is
linked to everyone, each party so gets a total weight of 1 from it, as from a two-party
agreement, and one large consortium does not swamp the rest.

Community detection is the Leiden algorithm (Traag, Waltman & van Eck 2019, "From Louvain to
Leiden: guaranteeing well-connected communities", Scientific Reports 9, 5233) in igraph's C
implementation, optimising modularity at a chosen ``resolution``, with a fixed seed and two
passes per run (igraph's default). Its
stability is measured by running it again with other seeds: the adjusted Rand index of the
whole partition, and per cluster the mean best Jaccard overlap with the other runs' clusters.

Roles follow Guimera & Amaral (2005, "Functional cartography of complex metabolic networks",
Nature 433, 895-900): the participation coefficient says how evenly an organisation's ties
spread over clusters. Within a cluster the **lead** is the member with the strongest ties
inside it (the lead organisation of Provan & Kenis 2008, "Modes of network governance",
JPART 18), a **broker** has at least ``broker_participation`` of its tie weight spread over
other clusters, a **peripheral** member has a single tie inside, and the rest are
**members**. Organisations without any collaborative tie are **unclustered**, never dropped.
"""

from __future__ import annotations

from typing import Any, Final

import igraph as ig
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from netorg._codes import (
    KeyIndex,
    codes_in,
    distinct,
    edge_array,
    igraph_of,
    is_in,
    pairs_within,
    take,
    take_rows,
)
from netorg._rng import igraph_seed
from netorg._worker import Job, result_or
from netorg.i18n import (
    Field,
    int_column,
    joined_column,
    number,
    number_column,
    per_distinct,
    percent,
    percent_column,
    text,
    text_column,
    text_column_where,
)
from netorg.model import Ecosystem
from netorg.params import ClusterParams, with_overrides
from netorg.vocabulary import HYBRID, region_keys

_CLUSTER_COLUMNS = [
    "org_id",
    "cluster_id",
    "role_in_cluster",
    "name",
    "cluster_name",
    "internal_degree",
    "internal_strength",
    "external_degree",
    "external_strength",
    "participation",
    "within_cluster_z",
    "reasons",
]

# The sentences of the reasons, in English and Dutch (netorg.i18n). Role names and findings
# stay English in their columns; the Dutch text names them in brackets.
_TEXT: Final = {
    # alliance_clusters: one reason per organisation
    "unclustered": {
        "en": "No live collaborative agreement: in no cluster.",
        "nl": "Geen lopende samenwerkingsovereenkomst: in geen cluster.",
    },
    "small_group": {
        "en": "{ties}, but in a group of fewer than {min_size} organisations: in no cluster.",
        "nl": "{ties}, maar in een groep van minder dan {min_size} organisaties: in geen cluster.",
    },
    "ties_one": {"en": "{n} collaborative tie(s)", "nl": "{n} samenwerkingsrelatie"},
    "ties_many": {"en": "{n} collaborative tie(s)", "nl": "{n} samenwerkingsrelaties"},
    "base": {
        "en": "{ties} inside cluster {cluster} (weight {weight_in}), {n_out} to other clusters "
        "(weight {weight_out})",
        "nl": "{ties} binnen cluster {cluster} (gewicht {weight_in}), {n_out} met andere "
        "clusters (gewicht {weight_out})",
    },
    "lead": {
        "en": "Lead: the strongest ties inside the cluster; {base}.",
        "nl": "Trekker (lead): de sterkste banden binnen het cluster; {base}.",
    },
    "broker": {
        "en": "Broker: {participation} participation across clusters (at least {threshold}); "
        "{base}.",
        "nl": "Verbinder (broker): participatie over clusters {participation} (minimaal "
        "{threshold}); {base}.",
    },
    "peripheral": {
        "en": "Peripheral: a single tie inside the cluster; {base}.",
        "nl": "Randspeler (peripheral): één enkele relatie binnen het cluster; {base}.",
    },
    "member": {"en": "Member: {base}.", "nl": "Lid (member): {base}."},
    # cluster_summary: one reason per cluster
    "summary": {
        "en": "{size} organisations led by {lead}; {density} of member pairs collaborate "
        "directly and {share} of their collaborative ties stay inside{declared}; stable in "
        "{stability} of reruns with other seeds.",
        "nl": "{size} organisaties met {lead} als trekker; {density} van de ledenparen werkt "
        "rechtstreeks samen en {share} van hun samenwerkingsrelaties blijft binnen het "
        "cluster{declared}; stabiel in {stability} van de herhalingen met een andere "
        "startwaarde (seed).",
    },
    "declared": {
        "en": "; declared as {agreement} ({jaccard})",
        "nl": "; vastgelegd als {agreement} ({jaccard})",
    },
    "undeclared": {
        "en": "; no agreement declares this cluster (best overlap with a consortium {jaccard})",
        "nl": "; geen overeenkomst legt dit cluster vast (grootste overlap met een "
        "samenwerkingsverband {jaccard})",
    },
    # declared_consortia: one reason per multi-party agreement
    "consortium_head": {
        "en": "{type} {agreement} with {n_parties} parties: {share} of its members also "
        "collaborate with a fellow member outside it",
        "nl": "bij {agreement} ({type}, {n_parties} partijen) werkt {share} van de leden ook "
        "buiten dit verband samen met een ander lid",
    },
    "overlaps": {
        "en": "; it overlaps cluster {cluster} (Jaccard {jaccard})",
        "nl": "; het overlapt met cluster {cluster} (Jaccard {jaccard})",
    },
    "no_cluster": {
        "en": "; its members are in no cluster",
        "nl": "; de leden zitten in geen enkel cluster",
    },
    "paper_consortium": {
        "en": "Paper consortium: {head} (fewer than {threshold}){where}. The members work "
        "together on paper only; check whether the consortium still has a purpose.",
        "nl": "Papieren samenwerkingsverband: {head} (minder dan {threshold}){where}. De leden "
        "werken alleen op papier samen; na te gaan is of het samenwerkingsverband nog een "
        "doel dient.",
    },
    "matches_cluster": {
        "en": "Matches a de facto cluster: {head}{where}.",
        "nl": "Komt overeen met een feitelijk cluster: {head}{where}.",
    },
    "partial": {
        "en": "Partly matches: {head}{where}; the de facto cluster differs from the declared one.",
        "nl": "Komt deels overeen: {head}{where}; het feitelijke cluster wijkt af van het "
        "vastgelegde samenwerkingsverband.",
    },
}


def _ties(n: int, lang: str) -> str:
    """'3 collaborative tie(s)' / '3 samenwerkingsrelaties'."""
    return text(_TEXT, "ties_one" if n == 1 else "ties_many", lang, n=n)


def collaboration_graph(
    eco: Ecosystem, *, implicit_weight: float = 0.5, ties: pd.DataFrame | None = None
) -> ig.Graph:
    """The weighted, undirected graph of live collaborative ties clusters are found on.

    Parameters
    ----------
    eco : Ecosystem
    implicit_weight : float
        Weight added to a pair for an implicit supplier-style tie (0 leaves them out).
    ties : DataFrame, optional
        The result of :func:`netorg.tie_classes`, when already computed.

    Returns
    -------
    igraph.Graph
        Vertex ``i`` is organisation ``i``; edge attribute ``weight``.
    """
    n = len(eco.org_index)
    a = eco.agreements
    e = eco.edges
    code = e["agreement_code"].to_numpy(np.int64)
    keep = eco.live_mask()[code] & eco.of_form(HYBRID)[code]
    k = a["n_parties"].to_numpy(np.int64)[code[keep]]
    u = e["source_code"].to_numpy(np.int64)[keep]
    v = e["target_code"].to_numpy(np.int64)[keep]
    weight = 1.0 / np.maximum(k - 1, 1)
    if implicit_weight > 0:
        if ties is None:
            from netorg.analysis.ties import tie_classes

            ties = tie_classes(eco)
        is_implicit = (ties["tie_class"] == "implicit") & ties["active"].astype(bool)
        # the two columns alone: a filter of the whole table would copy its reasons
        rows = np.flatnonzero(is_implicit.to_numpy(bool))
        implicit = take_rows(ties[["org_a", "org_b"]], rows)
        if len(implicit):
            u = np.concatenate([u, codes_in(implicit["org_a"], eco.org_index)])
            v = np.concatenate([v, codes_in(implicit["org_b"], eco.org_index)])
            weight = np.concatenate([weight, np.full(len(implicit), implicit_weight)])
    lo, hi = np.minimum(u, v), np.maximum(u, v)
    key = lo * n + hi
    pairs, inverse = np.unique(key, return_inverse=True)
    summed = np.bincount(inverse, weights=weight, minlength=len(pairs))
    graph = igraph_of(n, np.column_stack((pairs // n, pairs % n)))
    graph.es["weight"] = summed.tolist()
    return graph


def _leiden(graph: ig.Graph, p: ClusterParams, seed: int) -> np.ndarray:
    with igraph_seed(seed):
        clustering = graph.community_leiden(
            objective_function="modularity",
            weights="weight",
            resolution=p.resolution,
            n_iterations=p.leiden_iterations,
        )
    return np.asarray(clustering.membership, dtype=np.int64)


def clustering(
    eco: Ecosystem, p: ClusterParams, ties: pd.DataFrame | None
) -> tuple[ig.Graph, np.ndarray, StabilityRuns]:
    """The collaboration graph, cluster labels 0..K-1 by size (-1 unclustered), and the
    stability runs.

    Computed once per ecosystem, reference date and parameters, and shared by
    :func:`alliance_clusters`, :func:`cluster_summary`, :func:`declared_consortia` and
    :func:`netorg.analysis.whatif.what_if`.
    """

    def compute() -> tuple[ig.Graph, np.ndarray, StabilityRuns]:
        graph = collaboration_graph(eco, implicit_weight=p.implicit_weight, ties=ties)
        asked = eco.remembers(_IN_BACKGROUND) and eco.memo(_IN_BACKGROUND, lambda: None) == p
        others = StabilityRuns(graph, p, asked)
        return graph, _relabel(_leiden(graph, p, p.seed), graph, p.min_cluster_size), others

    return eco.memo(("clusters", p), compute)


#: Collaboration ties from which :func:`clustering` hands the stability runs to a worker
#: process (when :func:`run_stability_in_background` asked for it): below, the runs take
#: about a second, and a process costs more than it saves.
BACKGROUND_MIN_TIES: Final = 200_000

#: The memo key under which :func:`run_stability_in_background` leaves its request (the
#: parameters it holds for).
_IN_BACKGROUND: Final = ("clusters", "stability_in_background")


def run_stability_in_background(eco: Ecosystem) -> None:
    """Let the clustering of ``eco`` with its configured parameters (``eco.config.clusters``)
    run its stability runs partly in a worker process.

    The runs other than the first (``stability_runs - 1`` more Leiden runs with the next
    seeds) only measure how stable the clusters are; :func:`cluster_summary` is the one
    that reads them. With this request, a clustering of a collaboration graph of at least
    :data:`BACKGROUND_MIN_TIES` ties starts half of them in a worker process
    (:mod:`netorg._worker`) as soon as its graph is built, so that they run on a second core
    while the first run and the cluster table are computed here (:class:`StabilityRuns`).
    :func:`netorg.analysis.analyze` asks for it, since it always reads the summary next; a
    clustering for the cluster table alone, or with other parameters, does not start work
    it may never read. The labels are the same either way: the worker rebuilds the same
    graph, edges in the same order, and runs Leiden with the same seeds.
    """
    eco.forget(_IN_BACKGROUND)
    eco.memo(_IN_BACKGROUND, lambda: eco.config.clusters)


class StabilityRuns:
    """The raw labels of a clustering's stability runs (seeds ``seed + 1``, ``seed + 2``,
    ...), computed when first asked for; with a worker process, the first half of them
    (rounded up) come from it, and the rest are computed here while it works.

    Half, not all: the worker shares the second core with the writing threads and the other
    worker, so by the time the summary asks, this process has nothing better to do than
    runs of its own (at ten million agreements the summary waited 96 s for all four).
    """

    def __init__(self, graph: ig.Graph, p: ClusterParams, background: bool) -> None:
        self._graph = graph
        self._p = p
        self._seeds = [p.seed + i for i in range(1, p.stability_runs)]
        self._runs: list[np.ndarray] | None = None
        self._job: Job[list[np.ndarray]] | None = None
        self._handed = 0  # how many of the seeds, from the first, the worker runs
        if background and self._seeds and graph.ecount() >= BACKGROUND_MIN_TIES:
            handed = self._seeds[: (len(self._seeds) + 1) // 2]
            weights = np.asarray(graph.es["weight"], dtype=float)
            arguments = (graph.vcount(), edge_array(graph), weights, p, handed)
            self._job = Job.try_start(_leiden_runs, *arguments)
            self._handed = len(handed) if self._job is not None else 0
        #: Whether a worker process was started for (some of) the runs.
        self.in_worker = self._job is not None

    def labels(self) -> list[np.ndarray]:
        """One label array per stability run (waits for the worker, if one runs some)."""
        if self._runs is None:
            graph, p = self._graph, self._p
            handed, own = self._seeds[: self._handed], self._seeds[self._handed :]
            here = [_leiden(graph, p, seed) for seed in own]
            there = result_or(self._job, lambda: [_leiden(graph, p, seed) for seed in handed])
            self._runs, self._job = [*there, *here], None
        return self._runs


def _leiden_runs(
    n: int, edges: np.ndarray, weights: np.ndarray, p: ClusterParams, seeds: list[int]
) -> list[np.ndarray]:
    """:func:`_leiden` with each seed on the graph with these edges and weights, in that
    order (what a worker process runs for :class:`StabilityRuns`)."""
    graph = igraph_of(n, edges)
    graph.es["weight"] = weights.tolist()
    return [_leiden(graph, p, seed) for seed in seeds]


def _relabel(raw: np.ndarray, graph: ig.Graph, min_size: int) -> np.ndarray:
    """Number clusters 0, 1, ... by size (largest first, then first member); small ones -1."""
    isolated = np.asarray(graph.degree(), dtype=np.int64) == 0
    raw = np.where(isolated, -1, raw)
    labels = np.full(len(raw), -1, dtype=np.int64)
    valid = raw >= 0
    if not valid.any():
        return labels
    ids, first, sizes = np.unique(raw[valid], return_index=True, return_counts=True)
    first_member = np.flatnonzero(valid)[first]
    big = sizes >= min_size
    order = np.lexsort((first_member[big], -sizes[big]))
    new = np.full(raw.max() + 1, -1, dtype=np.int64)
    new[ids[big][order]] = np.arange(big.sum())
    labels[valid] = new[raw[valid]]
    return labels


def alliance_clusters(
    eco: Ecosystem, *, ties: pd.DataFrame | None = None, **params: Any
) -> pd.DataFrame:
    """One row per organisation: its alliance cluster and its role in it.

    Parameters
    ----------
    eco : Ecosystem
    ties : DataFrame, optional
        :func:`netorg.tie_classes` of ``eco``, when already computed (saves time).
    **params
        Any field of :class:`netorg.params.ClusterParams`: ``resolution`` (1.0), ``seed``
        (1), ``implicit_weight`` (0.5), ``stability_runs`` (5), ``min_cluster_size`` (3),
        ``broker_participation`` (0.5); defaults from the config file's ``[clusters]``.

    Returns
    -------
    DataFrame
        org_id, cluster_id (1, 2, ... by size; empty for unclustered), role_in_cluster
        (lead, broker, member, peripheral, unclustered), name, cluster_name, and the
        measures behind the role: internal and external degree and strength, participation
        coefficient, within-cluster degree z-score, reasons. Sorted by cluster, role, name.

    Examples
    --------
    >>> import netorg
    >>> clusters = netorg.alliance_clusters(netorg.datasets.load("zorgregio"))
    >>> roles = {"lead", "broker", "member", "peripheral", "unclustered"}
    >>> set(clusters["role_in_cluster"]) <= roles
    True
    """
    p = with_overrides(eco.config.clusters, params)
    graph, labels, _ = clustering(eco, p, ties)
    return _roles(eco, graph, labels, p, eco.language)


def _roles(
    eco: Ecosystem, graph: ig.Graph, labels: np.ndarray, p: ClusterParams, lang: str
) -> pd.DataFrame:
    n = len(labels)
    ends = edge_array(graph)
    w = np.asarray(graph.es["weight"], dtype=float) if graph.ecount() else np.zeros(0)
    u, v = ends[:, 0], ends[:, 1]
    inside = (labels[u] == labels[v]) & (labels[u] >= 0)
    both_u = np.concatenate([u, v])
    both_w = np.concatenate([w, w])
    both_in = np.concatenate([inside, inside])
    internal_degree = np.bincount(both_u[both_in], minlength=n)
    internal_strength = _internal_strength(graph, labels)
    external_degree = np.bincount(both_u[~both_in], minlength=n)
    external_strength = np.bincount(both_u[~both_in], weights=both_w[~both_in], minlength=n)
    strength = internal_strength + external_strength
    # Participation: 1 - sum over clusters of (strength into that cluster / strength)^2.
    other = np.concatenate([v, u])
    into = pd.DataFrame({"node": both_u, "cluster": labels[other], "w": both_w})
    into.loc[into["cluster"] < 0, "cluster"] = -1 - into.loc[into["cluster"] < 0, "node"]
    per = into.groupby(["node", "cluster"])["w"].sum()
    share_sq = (per / pd.Series(strength).reindex(per.index.get_level_values(0)).to_numpy()) ** 2
    participation = 1.0 - share_sq.groupby(level=0).sum().reindex(range(n)).fillna(1.0).to_numpy()
    participation = np.where(strength > 0, participation, 0.0)
    # Within-cluster degree z-score (Guimera & Amaral 2005).
    frame = pd.DataFrame({"cluster": labels, "s": internal_strength})
    mean = frame.groupby("cluster")["s"].transform("mean").to_numpy()
    std = frame.groupby("cluster")["s"].transform("std", ddof=0).to_numpy()
    z = np.where(
        (labels >= 0) & (std > 0), (internal_strength - mean) / np.where(std > 0, std, 1), 0.0
    )
    lead, names_by_cluster = _leads(eco, labels, internal_strength, p)
    role = np.select(
        [
            labels < 0,
            lead,
            (external_strength > 0) & (participation >= p.broker_participation),
            internal_degree <= 1,
        ],
        ["unclustered", "lead", "broker", "peripheral"],
        "member",
    )
    names = eco.organisations["name"].to_numpy(dtype=object)
    out = pd.DataFrame(
        {
            "org_id": eco.org_index.to_numpy(dtype=object),
            "cluster_id": pd.array(np.where(labels >= 0, labels + 1, 0), dtype="Int64"),
            "role_in_cluster": role,
            "name": names,
            "cluster_name": "",
            "internal_degree": internal_degree,
            "internal_strength": np.round(internal_strength, 4),
            "external_degree": external_degree,
            "external_strength": np.round(external_strength, 4),
            "participation": np.round(participation, 4),
            "within_cluster_z": np.round(z, 4),
        }
    )
    out.loc[labels < 0, "cluster_id"] = pd.NA
    out["cluster_name"] = [names_by_cluster.get(int(c), "") for c in labels]
    out["reasons"] = _role_reasons(out, labels, p, lang)
    rank = pd.Categorical(
        out["role_in_cluster"], ["lead", "broker", "member", "peripheral", "unclustered"]
    ).codes
    order = np.lexsort((np.arange(n), rank, np.where(labels >= 0, labels, n)))
    return out.iloc[order][_CLUSTER_COLUMNS].reset_index(drop=True)


def _internal_strength(graph: ig.Graph, labels: np.ndarray) -> np.ndarray:
    """Each organisation's tie weight to members of its own cluster (0 when unclustered)."""
    ends = edge_array(graph)
    w = np.asarray(graph.es["weight"], dtype=float) if graph.ecount() else np.zeros(0)
    u, v = ends[:, 0], ends[:, 1]
    inside = (labels[u] == labels[v]) & (labels[u] >= 0)
    ends_inside = np.concatenate([u[inside], v[inside]])
    return np.bincount(ends_inside, weights=np.tile(w[inside], 2), minlength=len(labels))


def _leads(
    eco: Ecosystem, labels: np.ndarray, internal_strength: np.ndarray, p: ClusterParams
) -> tuple[np.ndarray, dict[int, str]]:
    """Which organisations lead their cluster, and each cluster's name; computed once per
    clustering and shared by :func:`alliance_clusters` and :func:`cluster_summary`.

    The lead is the member with the most tie weight inside its cluster (ties broken by
    input order).
    """

    def compute() -> tuple[np.ndarray, dict[int, str]]:
        n = len(labels)
        order = np.lexsort((np.arange(n), -internal_strength, labels))
        lead = np.zeros(n, dtype=bool)
        first_of_cluster = order[np.r_[True, labels[order][1:] != labels[order][:-1]]]
        lead[first_of_cluster[labels[first_of_cluster] >= 0]] = True
        return lead, _cluster_names(eco, labels, lead)

    return eco.memo(("cluster_leads", p), compute)


def _cluster_names(eco: Ecosystem, labels: np.ndarray, lead: np.ndarray) -> dict[int, str]:
    """'<lead name> (<dominant sector>, <dominant region>)' per cluster.

    A value is dominant when at least half the cluster's members have it (of two halves, the
    one its first member has). Regions are counted as compared elsewhere (without case or
    extra spaces), and the dominant one is shown as most of its members spell it. All
    clusters at once, a column at a time (a loop over the clusters took 2.5 s at 300,000
    organisations, under cProfile).
    """
    orgs = eco.organisations
    members = np.flatnonzero(labels >= 0)
    cluster = labels[members]
    n_clusters = int(cluster.max()) + 1 if len(cluster) else 0
    half = np.bincount(cluster, minlength=n_clusters) / 2
    everyone = np.ones(len(members), dtype=bool)

    def values(name: str) -> np.ndarray:
        column = orgs[name] if name in orgs else pd.Series("", index=orgs.index, dtype=object)
        return column.to_numpy(dtype=object)[members]

    def most_common(codes: np.ndarray, among: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per cluster, the most frequent of the ``codes`` (-1 for none) of its members in
        ``among``, the first met of equals, with its count (-1 and 0 where there is none)."""
        keep = among & (codes >= 0)
        width = int(codes.max()) + 1 if len(codes) else 1
        keys, first, counts = np.unique(
            cluster[keep] * width + codes[keep], return_index=True, return_counts=True
        )
        owner, code = np.divmod(keys, width)
        best = np.lexsort((first, -counts, owner))
        top = best[np.r_[True, owner[best][1:] != owner[best][:-1]]] if len(best) else best
        chosen = np.full(n_clusters, -1, dtype=np.int64)
        count = np.zeros(n_clusters, dtype=np.int64)
        chosen[owner[top]], count[owner[top]] = code[top], counts[top]
        return chosen, count

    def factorized(texts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Codes of the texts, with -1 for a missing or empty one, and the texts by code."""
        codes, uniques = pd.factorize(texts)
        uniques = np.asarray(uniques, dtype=object)
        empty = np.r_[[str(u) == "" for u in uniques], True]  # code -1 reads the last
        return np.where(empty[codes], -1, codes), uniques

    shown: list[list[str]] = [[] for _ in range(n_clusters)]
    codes, sectors = factorized(values("sector"))
    sector, count = most_common(codes, everyone)
    for c in np.flatnonzero((count >= half) & (count > 0)):
        shown[c].append(str(sectors[sector[c]]))
    codes, spellings = factorized(values("region"))
    # each spelling folded once; a spelling that folds to "" has no region (-1)
    key_of_spelling, _ = factorized(region_keys(pd.Series(spellings, dtype=object)))
    key_codes = np.r_[key_of_spelling, -1][codes]
    region, count = most_common(key_codes, everyone)
    dominant = (count >= half) & (count > 0)
    spelling, _ = most_common(codes, dominant[cluster] & (key_codes == region[cluster]))
    for c in np.flatnonzero(dominant):
        shown[c].append(str(spellings[spelling[c]]))
    leaders = np.flatnonzero(lead)
    names = orgs["name"].to_numpy(dtype=object)[leaders].tolist()
    leader_of = dict(zip(labels[leaders].tolist(), names, strict=True))
    return {
        c: f"{leader_of[c]} ({', '.join(parts)})" if parts else str(leader_of[c])
        for c, parts in enumerate(shown)
    }


def _role_reasons(
    out: pd.DataFrame, labels: np.ndarray, p: ClusterParams, lang: str
) -> pd.arrays.ArrowStringArray:
    """The reason of every organisation's role, a template at a time over all rows."""
    n = len(out)
    role = out["role_in_cluster"].to_numpy(dtype=object)
    outside = out["external_degree"].to_numpy(np.int64)
    clustered = labels >= 0
    base = text_column(
        _TEXT, "base", lang, n,
        ties=per_distinct(lambda k: _ties(int(k), lang), out["internal_degree"].to_numpy()),
        cluster=int_column(out["cluster_id"].fillna(0).to_numpy(np.int64)),
        weight_in=number_column(out["internal_strength"].to_numpy(float), lang, 2),
        n_out=int_column(outside),
        weight_out=number_column(out["external_strength"].to_numpy(float), lang, 2),
    )  # fmt: skip
    parts = [
        text_column_where(~clustered & (outside == 0), _TEXT, "unclustered", lang),
        # collaborates, but its group is below min_cluster_size
        text_column_where(
            ~clustered & (outside > 0),
            _TEXT,
            "small_group",
            lang,
            ties=per_distinct(lambda k: _ties(int(k), lang), outside),
            min_size=str(p.min_cluster_size),
        ),
    ]
    participation = percent_column(out["participation"].to_numpy(float), lang)
    for kind in ("lead", "broker", "member", "peripheral"):
        parts.append(
            text_column_where(
                clustered & (role == kind),
                _TEXT,
                kind,
                lang,
                base=base,
                participation=participation,
                threshold=percent(p.broker_participation, lang),
            )
        )
    return joined_column(parts, "", n).to_pandas().array


def cluster_summary(
    eco: Ecosystem, *, ties: pd.DataFrame | None = None, **params: Any
) -> pd.DataFrame:
    """One row per alliance cluster: size, members, density, lead, consortia, stability.

    Returns
    -------
    DataFrame
        cluster_id, cluster_name, size, members (names, ``;``-joined), lead, lead_name,
        density (share of member pairs with a collaborative tie), share_inside (share of the
        members' collaborative tie weight that stays inside), total_value (annual value of
        the live agreements among members), consortia (declared multi-party agreements that
        overlap, with their Jaccard overlap), best_jaccard, stability (mean best Jaccard
        match in the other seeds' runs), partition_ari (adjusted Rand index of the whole
        partition across seeds, the same for every row), reasons.
    """
    p = with_overrides(eco.config.clusters, params)
    graph, labels, others = clustering(eco, p, ties)
    lang = eco.language
    k = int(labels.max()) + 1 if (labels >= 0).any() else 0
    if k == 0:
        return pd.DataFrame(columns=_SUMMARY_COLUMNS)
    sizes = np.bincount(labels[labels >= 0], minlength=k)
    ends = edge_array(graph)
    w = np.asarray(graph.es["weight"], dtype=float) if graph.ecount() else np.zeros(0)
    lu, lv = labels[ends[:, 0]], labels[ends[:, 1]]
    inside = (lu == lv) & (lu >= 0)
    internal_ties = np.bincount(lu[inside], minlength=k)
    internal_w = np.bincount(lu[inside], weights=w[inside], minlength=k)
    touching = np.bincount(
        np.concatenate([lu[lu >= 0], lv[lv >= 0]]),
        weights=np.concatenate([w[lu >= 0], w[lv >= 0]]),
        minlength=k,
    )
    possible = sizes * (sizes - 1) / 2
    density = np.where(possible > 0, internal_ties / np.maximum(possible, 1), 0.0)
    share_inside = np.where(touching > 0, 2 * internal_w / np.maximum(touching, 1e-12), 0.0)
    value = _value_inside(eco, labels, k)
    stability, ari = _stability(labels, others.labels(), k)
    consortia = _consortium_overlap(eco, labels, k)
    lead, names_by_cluster = _leads(eco, labels, _internal_strength(graph, labels), p)
    names = eco.organisations["name"].to_numpy(dtype=object)
    clustered = labels >= 0
    member_names = (
        pd.DataFrame({"cluster": labels[clustered], "name": names[clustered]})
        .sort_values(["cluster", "name"])
        .groupby("cluster")["name"]
        .agg(";".join)
    )
    lead_at = np.zeros(k, dtype=np.int64)
    lead_at[labels[lead]] = np.flatnonzero(lead)
    ids = np.arange(1, k + 1)
    out = pd.DataFrame(
        {
            "cluster_id": ids,
            "cluster_name": [names_by_cluster[c] for c in range(k)],
            "size": sizes,
            "members": member_names.reindex(range(k)).to_numpy(),
            "lead": eco.org_index.to_numpy(dtype=object)[lead_at],
            "lead_name": names[lead_at],
            "density": np.round(density, 4),
            "share_inside": np.round(share_inside, 4),
            "total_value": value,
            "consortia": [consortia[c][0] for c in range(k)],
            "best_jaccard": [consortia[c][1] for c in range(k)],
            "stability": np.round(stability, 4),
            "partition_ari": round(ari, 4),
        }
    )
    out["reasons"] = [_summary_reason(r, p, lang) for r in out.to_dict("records")]
    return out[_SUMMARY_COLUMNS]


_SUMMARY_COLUMNS = [
    "cluster_id",
    "cluster_name",
    "size",
    "members",
    "lead",
    "lead_name",
    "density",
    "share_inside",
    "total_value",
    "consortia",
    "best_jaccard",
    "stability",
    "partition_ari",
    "reasons",
]


def _value_inside(eco: Ecosystem, labels: np.ndarray, k: int) -> np.ndarray:
    """Annual value of live agreements whose parties all sit in one cluster."""
    agreement, org = eco.party_codes
    cluster = labels[org]
    frame = pd.DataFrame({"agreement": agreement, "cluster": cluster})
    spread = frame.groupby("agreement")["cluster"].agg(["min", "max"])
    same = spread[(spread["min"] == spread["max"]) & (spread["min"] >= 0)]
    live = eco.live_mask()[same.index.to_numpy()]
    values = eco.agreements["value"].to_numpy(float)[same.index.to_numpy()]
    values = np.where(live & ~np.isnan(values), values, 0.0)
    return np.bincount(same["min"].to_numpy(np.int64), weights=values, minlength=k)


def _stability(labels: np.ndarray, others: list[np.ndarray], k: int) -> tuple[np.ndarray, float]:
    """Per cluster the mean best Jaccard match in the other runs; the partition's mean ARI."""
    if not others:
        return np.ones(k), 1.0
    clustered = labels >= 0
    scores = np.zeros(k)
    aris = []
    for run in others:
        aris.append(
            ig.compare_communities(labels[clustered], run[clustered], method="adjusted_rand")
        )
        both = pd.DataFrame({"a": labels[clustered], "b": run[clustered]})
        overlap = both.value_counts()
        size_a = both["a"].value_counts()
        size_b = both["b"].value_counts()
        a = overlap.index.get_level_values(0).to_numpy()
        b = overlap.index.get_level_values(1).to_numpy()
        jaccard = overlap.to_numpy() / (
            size_a.reindex(a).to_numpy() + size_b.reindex(b).to_numpy() - overlap.to_numpy()
        )
        best = pd.Series(jaccard).groupby(a).max()
        scores += best.reindex(range(k)).fillna(0).to_numpy()
    return scores / len(others), float(np.mean(aris))


def _consortium_overlap(eco: Ecosystem, labels: np.ndarray, k: int) -> dict[int, tuple[str, float]]:
    """For each cluster, the declared multi-party agreements it overlaps, with Jaccard."""
    table = consortium_check_table(eco, labels)
    result: dict[int, tuple[str, float]] = {c: ("", 0.0) for c in range(k)}
    if table.empty:
        return result
    for cluster, group in table[table["cluster"] >= 0].groupby("cluster"):
        group = group.sort_values(["jaccard", "agreement_id"], ascending=[False, True])
        listed = ";".join(
            f"{a} ({j:.2f})" for a, j in zip(group["agreement_id"], group["jaccard"], strict=True)
        )
        result[int(cluster)] = (listed, float(group["jaccard"].iloc[0]))
    return result


def consortium_check_table(eco: Ecosystem, labels: np.ndarray) -> pd.DataFrame:
    """Per live multi-party hybrid agreement: its best-matching cluster and the Jaccard."""
    a = eco.agreements
    live = eco.live_mask()
    multi = np.flatnonzero(live & eco.of_form(HYBRID) & (a["n_parties"].to_numpy() > 2))
    if not len(multi):
        return pd.DataFrame(columns=["agreement_id", "cluster", "jaccard"])
    code, org = eco.party_codes
    sel = np.isin(code, multi)
    members = pd.DataFrame({"agreement": code[sel], "cluster": labels[org[sel]]})
    size = members.groupby("agreement").size()
    overlap = members[members["cluster"] >= 0].value_counts().rename("n").reset_index()
    cluster_size = np.bincount(labels[labels >= 0]) if (labels >= 0).any() else np.zeros(0)
    overlap["jaccard"] = overlap["n"] / (
        size.reindex(overlap["agreement"]).to_numpy()
        + cluster_size[overlap["cluster"]]
        - overlap["n"]
    )
    overlap["agreement_id"] = take(eco.agreement_index, overlap["agreement"].to_numpy())
    return overlap[["agreement_id", "cluster", "jaccard"]].round({"jaccard": 4})


def _summary_reason(r: dict[str, Any], p: ClusterParams, lang: str) -> str:
    jaccard = number(r["best_jaccard"], lang, 2)
    if r["best_jaccard"] >= p.declared_match:
        # the first listed consortium is the best match: "<agreement_id> (<jaccard>)"
        agreement = r["consortia"].split(";")[0].rsplit(" (", 1)[0]
        declared = text(_TEXT, "declared", lang, agreement=agreement, jaccard=jaccard)
    else:
        declared = text(_TEXT, "undeclared", lang, jaccard=jaccard)
    return text(
        _TEXT,
        "summary",
        lang,
        size=r["size"],
        lead=r["lead_name"],
        density=percent(r["density"], lang),
        share=percent(r["share_inside"], lang),
        declared=declared,
        stability=percent(r["stability"], lang),
    )


def declared_consortia(
    eco: Ecosystem, *, ties: pd.DataFrame | None = None, **params: Any
) -> pd.DataFrame:
    """Do the declared consortia match the clusters that really collaborate?

    One row per live multi-party hybrid agreement (consortium, covenant, network, ...): how
    many of its member pairs also collaborate outside it, which de facto cluster it overlaps
    most, and a finding. A consortium whose members hardly work together outside it
    (fewer than ``paper_share`` of the members have another collaborative agreement with a
    fellow member) exists on paper only.

    Returns
    -------
    DataFrame
        agreement_id, type, n_parties, members_collaborating (share of members with another
        live hybrid agreement with a fellow member), cluster_id (best-matching cluster),
        jaccard, finding (``paper_consortium``, ``matches_cluster`` or ``partial``), reasons.
    """
    p = with_overrides(eco.config.clusters, params)
    _, labels, _ = clustering(eco, p, ties)
    a = eco.agreements
    live = eco.live_mask()
    multi = np.flatnonzero(live & eco.of_form(HYBRID) & (a["n_parties"].to_numpy() > 2))
    columns = [
        "agreement_id", "type", "n_parties", "members_collaborating", "cluster_id", "jaccard",
        "finding", "reasons",
    ]  # fmt: skip
    if not len(multi):
        return pd.DataFrame(columns=columns)
    share = _members_collaborating(eco, live, multi)
    overlap = consortium_check_table(eco, labels)
    best = (
        overlap.sort_values(["agreement_id", "jaccard"], ascending=[True, False])
        .drop_duplicates("agreement_id")
        .set_index("agreement_id")
    )
    ids = take(eco.agreement_index, multi)
    out = pd.DataFrame(
        {
            "agreement_id": ids,
            "type": a["type"].to_numpy()[multi],
            "n_parties": a["n_parties"].to_numpy()[multi],
            "members_collaborating": np.round(share, 4),
            "cluster_id": pd.array(best["cluster"].reindex(ids).to_numpy() + 1, dtype="Int64"),
            "jaccard": best["jaccard"].reindex(ids).fillna(0).to_numpy(),
        }
    )
    out["finding"] = np.select(
        [out["members_collaborating"] < p.paper_share, out["jaccard"] >= p.declared_match],
        ["paper_consortium", "matches_cluster"],
        "partial",
    )
    lang = eco.language
    out["reasons"] = _consortium_reasons(out, p, lang).to_pandas().array
    return out.sort_values(["finding", "agreement_id"]).reset_index(drop=True)[columns]


def _members_collaborating(eco: Ecosystem, live: np.ndarray, multi: np.ndarray) -> np.ndarray:
    """For each of the ``multi`` agreements (live multi-party hybrid), the share of its
    members with another live hybrid agreement with a fellow member (0 without members).

    On integer keys: each pair of organisations gets a number, so that a (pair, agreement)
    row fits one key, and every look-up is a hash look-up: 0.88 s against 1.72 s with
    pandas' merge, two-level index and group-bys at three million agreements (by hand)."""
    n, n_agreements = len(eco.org_index), len(eco.agreements)
    # Live hybrid agreements per pair of organisations, each (pair, agreement) once.
    e = eco.edges
    code = e["agreement_code"].to_numpy(np.int64)
    hybrid = live[code] & eco.of_form(HYBRID)[code]
    su = e["source_code"].to_numpy(np.int64)[hybrid]
    sv = e["target_code"].to_numpy(np.int64)[hybrid]
    pair_key = np.minimum(su, sv) * n + np.maximum(su, sv)
    pairs = KeyIndex(distinct(pair_key))
    tied = distinct(pairs.find(pair_key) * n_agreements + code[hybrid])
    per_pair = np.bincount(tied // n_agreements, minlength=len(pairs))
    # Every pair of members of every consortium, and whether the two collaborate outside
    # it: a live hybrid agreement of the pair other than the consortium itself.
    agreement, org = eco.party_codes
    member = is_in(agreement, multi)
    group, lo, hi = pairs_within(agreement[member], org[member], n)
    at = pairs.find(lo * n + hi)
    tied_here = at >= 0
    count = np.zeros(len(at), dtype=np.int64)
    count[tied_here] = per_pair[at[tied_here]]
    own = tied_here & is_in(at * n_agreements + group, tied)
    outside = count - own > 0
    # A member collaborates when one of its pairs in the consortium does.
    members = distinct(np.concatenate([group * n + lo, group * n + hi]))
    collaborating = distinct(
        np.concatenate([group[outside] * n + lo[outside], group[outside] * n + hi[outside]])
    )
    of_members = np.bincount(members // n, minlength=n_agreements)
    of_collaborating = np.bincount(collaborating // n, minlength=n_agreements)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = of_collaborating / of_members
    return np.where(of_members > 0, share, 0.0)[multi]


def _consortium_reasons(out: pd.DataFrame, p: ClusterParams, lang: str) -> pa.Array:
    """The reason of every consortium, a template at a time over all rows."""
    n = len(out)
    head = text_column(
        _TEXT, "consortium_head", lang, n,
        type=pa.array(out["type"].to_numpy(dtype=object), type=pa.large_string()),
        agreement=pa.array(out["agreement_id"].to_numpy(dtype=object), type=pa.large_string()),
        n_parties=int_column(out["n_parties"].to_numpy(np.int64)),
        share=percent_column(out["members_collaborating"].to_numpy(float), lang),
    )  # fmt: skip
    cluster = out["cluster_id"]
    clustered = cluster.notna().to_numpy()
    where = pc.coalesce(
        text_column_where(
            clustered, _TEXT, "overlaps", lang,
            cluster=int_column(cluster.array), jaccard=number_column(out["jaccard"], lang, 2),
        ),
        text_column_where(~clustered, _TEXT, "no_cluster", lang),
    )  # fmt: skip
    finding = out["finding"].to_numpy(dtype=object)
    fields: dict[str, Field] = {
        "head": head,
        "where": where,
        "threshold": percent(p.paper_share, lang),
    }
    return pc.coalesce(
        *(
            text_column_where(finding == key, _TEXT, key, lang, **fields)
            for key in ("paper_consortium", "matches_cluster", "partial")
        )
    )
