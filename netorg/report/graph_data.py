"""Turn an Ecosystem and its analysis results into the tables the interactive graph draws.

The layout is computed once here, with igraph and a fixed seed, and stored in the page, so
the picture is the same on every reload and appears at once without physics. Parallel
agreements between one pair are merged into one line per pair, styled by the pair's tie
class (market, implicit, alliance, hierarchy) and labelled with their count, so they stay
visible as such instead of being drawn on top of each other.

Every organisation carries what the page colours, sizes and filters by: its type, alliance
cluster, region, risk score, centrality (PageRank of the live tie graph) and risk kinds.
Large ecosystems also get an overview: one node per alliance cluster (and one per
organisation type for the organisations outside any cluster), see :func:`overview_tables`.
"""

from __future__ import annotations

from typing import Any, Final

import numpy as np
import pandas as pd

from netorg._rng import igraph_seed
from netorg.i18n import number, text
from netorg.model import Ecosystem
from netorg.stats import tie_graph

_TOOLTIP_AGREEMENTS = 8
#: Tie classes, in the order the legend and filters show them.
TIE_CLASSES = ("market", "implicit", "alliance", "hierarchy")
#: The tooltips' words in every language netorg writes (data values stay as they are).
_TEXT: Final = {
    "type": {"en": "type", "nl": "type"},
    "sector": {"en": "sector", "nl": "sector"},
    "region": {"en": "region", "nl": "regio"},
    "size": {"en": "size: {size} FTE", "nl": "omvang: {size} fte"},
    "capabilities": {"en": "capabilities", "nl": "aanbod"},
    "needs": {"en": "needs", "nl": "behoeften"},
    "live": {"en": "live agreements: {n}", "nl": "lopende afspraken: {n}"},
    "cluster": {"en": "alliance cluster: {name}", "nl": "samenwerkingscluster: {name}"},
    "risk": {"en": "risk score: {score}", "nl": "risicoscore: {score}"},
    "to": {"en": "to", "nl": "tot"},
    "open": {"en": "open-ended", "nl": "onbepaald"},
    "head_1": {"en": "{cls} tie: 1 live agreement", "nl": "{cls}: 1 lopende afspraak"},
    "head_n": {"en": "{cls} tie: {n} live agreements", "nl": "{cls}: {n} lopende afspraken"},
    "head_none": {
        "en": "{cls} tie: {n} agreement(s), none live on the report date",
        "nl": "{cls}: {n} afspraak/afspraken, geen lopend op de rapportdatum",
    },
    "more": {"en": "... and {n} more", "nl": "... en nog {n}"},
    "market": {"en": "market", "nl": "marktrelatie"},
    "implicit": {"en": "implicit", "nl": "impliciete samenwerking"},
    "alliance": {"en": "alliance", "nl": "alliantie"},
    "hierarchy": {"en": "hierarchy", "nl": "hiërarchie"},
}
_FORM_CLASS = {"market": "market", "hybrid": "alliance", "hierarchy": "hierarchy"}


def layout(eco: Ecosystem, *, seed: int = 1) -> np.ndarray:
    """Positions (n x 2) for every organisation, from the graph of live ties.

    Deterministic for a given ecosystem and seed.
    """
    return _layout(tie_graph(eco), seed=seed)


def _layout(graph: Any, *, seed: int, scale: float | None = None) -> np.ndarray:
    if graph.vcount() == 0:
        return np.zeros((0, 2))
    with igraph_seed(seed):
        # igraph switches Fruchterman-Reingold to its grid variant above 1,000 vertices:
        # 1.2 s for 10,000 organisations where DrL took 30 s (measured by hand).
        coords = graph.layout_fruchterman_reingold(weights="weight", niter=500, grid="auto")
    xy = np.asarray(coords.coords, dtype=float)
    span = np.ptp(xy, axis=0)
    span[span == 0] = 1.0
    # Scale to a canvas of about 100 px per organisation along the diagonal, capped.
    scale = scale or min(4000.0, 120.0 * np.sqrt(graph.vcount()))
    return np.round((xy - xy.min(axis=0)) / span * scale - scale / 2, 2)


def network_tables(
    eco: Ecosystem, *, seed: int = 1, results: dict[str, pd.DataFrame] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Nodes and edges for :func:`netorg.report.network.write_network_html`.

    Parameters
    ----------
    eco : Ecosystem
    seed : int
        Seed of the layout.
    results : dict, optional
        ``eco.analyze()``'s tables; computed (and memoised) when not given.

    Returns
    -------
    nodes : DataFrame
        id, label, tooltip, group (organisation type), x, y, size (by live agreements),
        cluster (alliance cluster id, "" outside any), cluster_name, region, risk (risk
        score), centrality (PageRank, scaled so the highest is 1), agreements (live
        agreements), risk_kinds (list).
    edges : DataFrame
        source, target, tooltip, form, tie_class, types (agreement types, sorted list),
        count, arrows: the live agreements of one pair merged into one line.
    """
    results = results if results is not None else eco.analyze()
    lang = eco.language
    orgs = eco.organisations
    n = len(orgs)
    agreement, org = eco.party_codes
    degree = np.bincount(org[eco.live_mask()[agreement]], minlength=n)
    xy = layout(eco, seed=seed)
    if len(xy) != n:
        xy = np.zeros((n, 2))
    ids = orgs["id"].astype(str)
    clusters = results["clusters"].set_index("org_id")
    cluster = _strings(clusters["cluster_id"].reindex(ids))
    cluster_name = _strings(clusters["cluster_name"].reindex(ids))
    scores = results["risk_scores"].set_index("org_id")["score"].reindex(ids).fillna(0.0)
    risks = results["risks"]
    kinds = _kinds_by_subject(risks)
    graph = tie_graph(eco)
    rank = np.asarray(graph.pagerank(weights="weight"), dtype=float) if n else np.zeros(0)
    centrality = rank / rank.max() if n and rank.max() > 0 else np.zeros(n)
    nodes = pd.DataFrame(
        {
            "id": ids.to_numpy(),
            "label": orgs["name"].to_numpy(),
            "tooltip": "",
            "group": orgs["type"].replace("", "unknown").to_numpy(),
            "x": xy[:, 0],
            "y": xy[:, 1],
            "size": np.round(10 + 4 * np.sqrt(degree), 2),
            "cluster": cluster.to_numpy(),
            "cluster_name": cluster_name.to_numpy(),
            "region": orgs["region"].fillna("").astype(str).to_numpy(),
            "risk": np.round(scores.to_numpy(float), 4),
            "centrality": np.round(centrality, 4),
            "agreements": degree,
            "risk_kinds": [list(kinds.get(i, [])) for i in ids],
        }
    )
    nodes["tooltip"] = _org_tooltips(orgs, nodes, lang)
    return nodes, _merged_edges(eco, results["ties"], lang)


def _kinds_by_subject(risks: pd.DataFrame) -> dict[str, list[str]]:
    """Each subject's distinct risk kinds, sorted (split from one sorted table, no per-group
    Python function: 10.6 s -> well under a second at a million agreements)."""
    pairs = risks[["subject", "risk_kind"]].astype(str).drop_duplicates()
    pairs = pairs.sort_values(["subject", "risk_kind"])
    subjects = pairs["subject"].to_numpy(object)
    if len(subjects) == 0:
        return {}
    bounds = np.flatnonzero(subjects[1:] != subjects[:-1]) + 1
    groups = np.split(pairs["risk_kind"].to_numpy(object), bounds)
    return dict(zip(subjects[np.r_[0, bounds]], (list(g) for g in groups), strict=True))


def _strings(values: pd.Series) -> pd.Series:
    """Values as text, missing ones as ""."""
    values = values.astype(object)
    return values.where(values.notna(), "").astype(str)


def _org_tooltips(orgs: pd.DataFrame, nodes: pd.DataFrame, lang: str) -> list[str]:
    lines = []
    rows = zip(
        orgs.itertuples(index=False),
        nodes["agreements"].tolist(),
        nodes["cluster_name"].tolist(),
        nodes["risk"].tolist(),
        strict=True,
    )
    for row, n, cluster, risk in rows:
        parts = [f"{row.name} ({row.id})"]
        for label in ("type", "sector", "region"):
            value = getattr(row, label, "")
            if value and value == value:
                parts.append(f"{text(_TEXT, label, lang)}: {value}")
        size = getattr(row, "size", np.nan)
        if size == size:  # not NaN
            parts.append(text(_TEXT, "size", lang, size=number(size, lang, 0)))
        for label in ("capabilities", "needs"):
            tags = getattr(row, label, ())
            if tags:
                parts.append(f"{text(_TEXT, label, lang)}: {', '.join(tags)}")
        parts.append(text(_TEXT, "live", lang, n=int(n)))
        if cluster:
            parts.append(text(_TEXT, "cluster", lang, name=cluster))
        parts.append(text(_TEXT, "risk", lang, score=number(risk, lang, 2)))
        lines.append("\n".join(parts))
    return lines


#: Day numbers (days since 1970-01-01) standing for "no start" and "open-ended".
OPEN_START, OPEN_END = -(10**6), 10**6


def _merged_edges(eco: Ecosystem, ties: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One line per pair with agreements of status active, classed like the pair in ``ties``.

    ``live`` says whether any of them is live on ``eco.as_of`` (only those lines are shown
    at first); ``intervals`` holds each agreement's [start, end] as day numbers, so the
    page's date slider can replay which lines were live when; ``count`` is the number live
    on ``as_of`` (or, for a line not live then, of all its agreements).
    """
    e = eco.edges
    a = eco.agreements
    code = e["agreement_code"].to_numpy(np.int64)
    active = (a["status"] == "active").to_numpy()[code]
    e, code = e.loc[active], code[active]
    live = eco.live_mask()[code]
    src, dst = e["source"].to_numpy(object), e["target"].to_numpy(object)
    swap = src > dst
    frame = pd.DataFrame(
        {
            "source": np.where(swap, dst, src),
            "target": np.where(swap, src, dst),
            "swap": swap,
            "form": a["form"].to_numpy(object)[code],
            "type": a["type"].to_numpy(object)[code],
            "label": _agreement_lines(a, lang).to_numpy(object)[code],
            "live": live,
            "start": _days(a["start"], OPEN_START)[code],
            "end": _days(a["end"], OPEN_END)[code],
        }
    )
    # Numbers per pair with cython group-bys; the lists (tooltip lines, types, intervals)
    # by splitting arrays sorted by pair, not by Python aggregation functions per group.
    frame["hierarchy"] = frame["form"] == "hierarchy"
    frame["hybrid"] = frame["form"] == "hybrid"
    group = frame.groupby(["source", "target"], sort=True).ngroup().to_numpy()
    merged = (
        frame.assign(g=group)
        .groupby("g", sort=True)
        .agg(
            source=("source", "first"),
            target=("target", "first"),
            total=("live", "size"),
            count=("live", "sum"),
            swapped=("swap", "mean"),
            hierarchy=("hierarchy", "any"),
            hybrid=("hybrid", "any"),
        )
        .reset_index(drop=True)
    )
    order = np.argsort(group, kind="stable")
    bounds = np.flatnonzero(np.diff(group[order])) + 1
    merged["labels"] = [list(x) for x in np.split(frame["label"].to_numpy(object)[order], bounds)]
    spans = np.column_stack([frame["start"].to_numpy(), frame["end"].to_numpy()])[order]
    merged["intervals"] = [x.tolist() for x in np.split(spans, bounds)]
    kinds = pd.DataFrame({"g": group, "type": frame["type"].astype(str).to_numpy()})
    kinds = kinds.drop_duplicates().sort_values(["g", "type"])
    kind_bounds = np.flatnonzero(np.diff(kinds["g"].to_numpy())) + 1
    merged["types"] = [list(x) for x in np.split(kinds["type"].to_numpy(object), kind_bounds)]
    merged["live"] = merged["count"] > 0
    merged["count"] = merged["count"].where(merged["live"], merged["total"]).astype(np.int64)
    form = np.where(
        merged["hierarchy"], "hierarchy", np.where(merged["hybrid"], "hybrid", "market")
    )
    # The pair's class from the tie table; a pair missing there falls back on its forms.
    lo = ties[["org_a", "org_b"]].min(axis=1).astype(str)
    hi = ties[["org_a", "org_b"]].max(axis=1).astype(str)
    classes = pd.Series(ties["tie_class"].to_numpy(), index=pd.MultiIndex.from_arrays([lo, hi]))
    classes = classes[~classes.index.duplicated()]
    key = pd.MultiIndex.from_arrays([merged["source"], merged["target"]])
    fallback = pd.Series(np.where(form == "hybrid", "alliance", form), index=key)
    merged["tie_class"] = classes.reindex(key).fillna(fallback).to_numpy()
    merged["form"] = form
    # One direction for every agreement of a directed (market or hierarchy) pair: an arrow.
    one_way = (merged["swapped"] == 0) | (merged["swapped"] == 1)
    directed = merged["tie_class"].isin(["market", "implicit", "hierarchy"]).to_numpy()
    flip = (merged["swapped"] == 1).to_numpy()
    source = np.where(flip, merged["target"], merged["source"])
    target = np.where(flip, merged["source"], merged["target"])
    merged["source"], merged["target"] = source, target
    merged["arrows"] = one_way.to_numpy() & directed
    merged["tooltip"] = [
        _edge_tooltip(labels, count, cls, lang, live)
        for labels, count, cls, live in zip(
            merged["labels"], merged["count"], merged["tie_class"], merged["live"], strict=True
        )
    ]
    columns = ["source", "target", "tooltip", "form", "tie_class", "types", "count", "arrows"]
    return merged[[*columns, "live", "intervals"]]


def _days(dates: pd.Series, missing: int) -> np.ndarray:
    """Dates as day numbers since 1970-01-01; missing ones as ``missing``."""
    days = dates.to_numpy("datetime64[D]").astype("int64")
    return np.where(dates.isna().to_numpy(), missing, days)


def _agreement_lines(a: pd.DataFrame, lang: str) -> pd.Series:
    """One line per agreement for the tooltips: ``id: type, service, start to end``."""
    start = a["start"].dt.strftime("%Y-%m-%d").fillna("?").astype(str)
    end = a["end"].dt.strftime("%Y-%m-%d").fillna(text(_TEXT, "open", lang)).astype(str)
    service = _strings(a["service"])
    what = _strings(a["type"]) + service.where(service == "", ", " + service)
    return _strings(a["id"]) + ": " + what + ", " + start + f" {text(_TEXT, 'to', lang)} " + end


def _edge_tooltip(labels: list[str], count: int, tie_class: str, lang: str, live: bool) -> str:
    shown = sorted(labels)[:_TOOLTIP_AGREEMENTS]
    more = len(labels) - len(shown)
    name = text(_TEXT, tie_class, lang)
    if not live:
        head = text(_TEXT, "head_none", lang, cls=name, n=len(labels))
    else:
        head = text(_TEXT, "head_1" if count == 1 else "head_n", lang, cls=name, n=count)
    return "\n".join([head, *shown, *([text(_TEXT, "more", lang, n=more)] if more else [])])


def overview_tables(
    nodes: pd.DataFrame, edges: pd.DataFrame, *, seed: int = 1
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The cluster-level view of a large graph: one node per group of organisations.

    A group is an alliance cluster, or, for organisations outside every cluster, their
    organisation type. Lines between groups count the pairs with live agreements that
    join them.

    Returns
    -------
    groups : DataFrame
        key (``c:<cluster id>`` or ``t:<type>``), label, members (count), x, y.
    links : DataFrame
        source, target (group keys), ties (pairs between them).
    """
    import igraph as ig

    key = np.where(nodes["cluster"] != "", "c:" + nodes["cluster"], "t:" + nodes["group"])
    name = np.where(
        nodes["cluster"] != "",
        nodes["cluster_name"].where(nodes["cluster_name"] != "", nodes["cluster"]),
        nodes["group"],
    )
    frame = pd.DataFrame({"key": key, "label": name})
    groups = frame.groupby("key", sort=True).agg(label=("label", "first"), members=("key", "size"))
    groups = groups.reset_index()
    index = pd.Series(np.arange(len(groups)), index=groups["key"])
    of = pd.Series(key, index=nodes["id"].astype(str))
    u = index.reindex(of.reindex(edges["source"].astype(str)).to_numpy()).to_numpy()
    v = index.reindex(of.reindex(edges["target"].astype(str)).to_numpy()).to_numpy()
    inter = u != v
    lo, hi = np.minimum(u[inter], v[inter]), np.maximum(u[inter], v[inter])
    pairs = pd.DataFrame({"u": lo, "v": hi}).value_counts().sort_index().reset_index()
    graph = ig.Graph(n=len(groups), edges=pairs[["u", "v"]].to_numpy().tolist())
    graph.es["weight"] = pairs["count"].tolist()
    xy = _layout(graph, seed=seed, scale=min(3000.0, 150.0 * np.sqrt(max(len(groups), 1))))
    if len(xy) != len(groups):
        xy = np.zeros((len(groups), 2))
    groups["x"], groups["y"] = xy[:, 0], xy[:, 1]
    keys = groups["key"].to_numpy()
    links = pd.DataFrame(
        {"source": keys[pairs["u"]], "target": keys[pairs["v"]], "ties": pairs["count"]}
    )
    return groups, links
