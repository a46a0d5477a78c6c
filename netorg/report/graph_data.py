"""Turn an Ecosystem into the node and edge tables the interactive graph draws.

The layout is computed once here, with igraph and a fixed seed, and stored in the page, so
the picture is the same on every reload and appears at once without physics. Parallel
agreements between one pair are merged into one edge per governance form, with their count,
so they stay visible as such instead of being drawn on top of each other.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from netorg._rng import igraph_seed
from netorg.model import Ecosystem
from netorg.stats import tie_graph

#: Above this many organisations the layout uses DrL, which scales; below it
#: Fruchterman-Reingold, which draws small networks more evenly.
FORCE_LAYOUT_LIMIT = 3000
_TOOLTIP_AGREEMENTS = 8


def layout(eco: Ecosystem, *, seed: int = 1) -> np.ndarray:
    """Positions (n x 2) for every organisation, from the graph of live ties.

    Deterministic for a given ecosystem and seed.
    """
    graph = tie_graph(eco)
    if graph.vcount() == 0:
        return np.zeros((0, 2))
    with igraph_seed(seed):
        if graph.vcount() <= FORCE_LAYOUT_LIMIT:
            coords = graph.layout_fruchterman_reingold(weights="weight", niter=500)
        else:
            coords = graph.layout_drl(weights="weight")
    xy = np.asarray(coords.coords, dtype=float)
    span = np.ptp(xy, axis=0)
    span[span == 0] = 1.0
    # Scale to a canvas of about 100 px per organisation along the diagonal, capped.
    scale = min(4000.0, 120.0 * np.sqrt(graph.vcount()))
    return np.round((xy - xy.min(axis=0)) / span * scale - scale / 2, 2)


def network_tables(eco: Ecosystem, *, seed: int = 1) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Nodes and edges for :func:`netorg.report.network.write_network_html`.

    Returns
    -------
    nodes : DataFrame
        id, label, tooltip, group (organisation type), x, y, size (by live agreements).
    edges : DataFrame
        source, target, tooltip, form, count, arrows: live agreements merged per pair and
        governance form (per direction for market and hierarchy agreements).
    """
    orgs = eco.organisations
    e = eco.edges
    live = eco.live_mask()[e["agreement_code"].to_numpy(np.int64)]
    e = e.loc[live]
    # Distinct live agreements per organisation (a multi-party agreement counts once).
    agreement, org = eco.party_codes
    degree = np.bincount(org[eco.live_mask()[agreement]], minlength=len(orgs))
    xy = layout(eco, seed=seed)
    if len(xy) != len(orgs):
        xy = np.zeros((len(orgs), 2))
    nodes = pd.DataFrame(
        {
            "id": orgs["id"].to_numpy(),
            "label": orgs["name"].to_numpy(),
            "tooltip": _org_tooltips(orgs, degree),
            "group": orgs["type"].replace("", "unknown").to_numpy()
            if "type" in orgs
            else "unknown",
            "x": xy[:, 0],
            "y": xy[:, 1],
            "size": np.round(10 + 4 * np.sqrt(degree), 2),
        }
    )
    return nodes, _merged_edges(eco, e)


def _org_tooltips(orgs: pd.DataFrame, degree: np.ndarray) -> list[str]:
    lines = []
    for row, n in zip(orgs.itertuples(index=False), degree, strict=True):
        parts = [f"{row.name} ({row.id})"]
        for label, value in (
            ("type", getattr(row, "type", "")),
            ("sector", getattr(row, "sector", "")),
            ("region", getattr(row, "region", "")),
        ):
            if value:
                parts.append(f"{label}: {value}")
        size = getattr(row, "size", np.nan)
        if size == size:  # not NaN
            parts.append(f"size: {size:g} FTE")
        for label in ("capabilities", "needs"):
            tags = getattr(row, label, ())
            if tags:
                parts.append(f"{label}: {', '.join(tags)}")
        parts.append(f"live agreements: {int(n)}")
        lines.append("\n".join(parts))
    return lines


def _merged_edges(eco: Ecosystem, e: pd.DataFrame) -> pd.DataFrame:
    a = eco.agreements
    code = e["agreement_code"].to_numpy(np.int64)
    form = a["form"].to_numpy()[code]
    directed = form != "hybrid"
    src, dst = e["source"].to_numpy(), e["target"].to_numpy()
    # Hybrid ties are mutual: merge both directions into one undirected edge.
    swap = ~directed & (src > dst)
    frame = pd.DataFrame(
        {
            "source": np.where(swap, dst, src),
            "target": np.where(swap, src, dst),
            "form": form,
            "label": [_agreement_line(a, i) for i in code],
        }
    )
    grouped = frame.groupby(["source", "target", "form"], sort=True)
    merged = grouped.agg(count=("label", "size"), labels=("label", list)).reset_index()
    merged["tooltip"] = [
        _edge_tooltip(labels, count)
        for labels, count in zip(merged["labels"], merged["count"], strict=True)
    ]
    merged["arrows"] = merged["form"] != "hybrid"
    return merged[["source", "target", "tooltip", "form", "count", "arrows"]]


def _agreement_line(a: pd.DataFrame, i: int) -> str:
    start, end = a["start"].iat[i], a["end"].iat[i]
    period = (
        f"{start.date() if pd.notna(start) else '?'} to "
        f"{end.date() if pd.notna(end) else 'open-ended'}"
    )
    service = a["service"].iat[i]
    what = f"{a['type'].iat[i]}{', ' + service if service else ''}"
    return f"{a['id'].iat[i]}: {what}, {period}"


def _edge_tooltip(labels: list[str], count: int) -> str:
    shown = sorted(labels)[:_TOOLTIP_AGREEMENTS]
    more = count - len(shown)
    head = f"{count} live agreement{'s' if count != 1 else ''}"
    return "\n".join([head, *shown, *([f"... and {more} more"] if more else [])])
