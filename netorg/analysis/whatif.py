"""What if these organisations fail? The needs, links and clusters their failure breaks.

A failing organisation takes all its live agreements with it. :func:`what_if` removes the
given organisations from the live structure and compares the network before and after:

- **lost needs**: a buyer loses *every* live supplier of one of its needs (the organisation's
  ``needs``; suppliers are the target side of live market agreements whose ``service`` is
  that need, the buyer their source side, as in :mod:`netorg.analysis.ties`); **reduced
  needs** are those where some suppliers remain. This is single sourcing seen from the
  failure (Kraljic 1983, "Purchasing must become supply management", Harvard Business
  Review: a critical supply with one source is the strategic risk).
- **cut-off organisations**: parts of the live tie graph (:func:`netorg.stats.tie_graph`)
  that were connected and no longer are. Per component of the graph before, the largest
  remaining part stays; every other part is cut off. Found with igraph's connected
  components before and after, never pair by pair.
- **split clusters**: alliance clusters (:func:`netorg.alliance_clusters`) whose remaining
  members no longer hang together through collaborative ties among themselves.
- **new articulation points**: organisations whose own failure would next split the network
  (Hopcroft & Tarjan 1973, "Algorithm 447: efficient algorithms for graph manipulation",
  CACM 16; igraph's implementation), which they were not before.
- **measures**: the whole-network measures of :mod:`netorg.stats` (Provan, Fish & Sydow 2007)
  before and after.

Modelling choice: the removed organisations disappear as vertices, with every edge they are
on. A multi-party agreement keeps linking its remaining parties, as a covenant continues when
one signatory goes bankrupt; a two-party agreement simply ends.

Speed: everything that does not depend on the removal (the tie graph, its components and
articulation points, the clustering, the supply table) is computed once per ecosystem and
reference date (:meth:`netorg.Ecosystem.memo`); each call then copies the shared igraph
graphs, deletes the removed vertices and reruns components and articulation points in C.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import igraph as ig
import numpy as np
import pandas as pd

from netorg._codes import codes_in
from netorg._errors import NetorgError
from netorg.analysis.clusters import alliance_clusters, clustering
from netorg.model import Ecosystem
from netorg.stats import graph_measures, network_measures, tie_graph
from netorg.vocabulary import MARKET

__all__ = ["UnknownOrganisationError", "WhatIf", "what_if"]

#: At most this many names are read out per finding in the summary paragraph.
_NAMES_IN_SUMMARY = 6


class UnknownOrganisationError(NetorgError, ValueError):
    """An organisation id given to :func:`what_if` is not in the ecosystem."""


@dataclass(frozen=True)
class WhatIf:
    """What happens if some organisations fail: the result of :func:`what_if`.

    Attributes
    ----------
    name, as_of : str
        The ecosystem's name and reference date (ISO).
    removed : DataFrame
        org_id, name, live_agreements (how many of its live agreements end),
        live_value (their annual value in euro, known values only).
    lost_needs : DataFrame
        One row per buyer and need that loses every live supplier: buyer, buyer_name,
        need, suppliers_before, removed_suppliers, removed_supplier_names, agreements (the
        live agreements lost), annual_value (their value; NaN when none is known).
    reduced_needs : DataFrame
        The same columns plus suppliers_left, for needs that keep some suppliers.
    disconnected : DataFrame
        One row per part cut off: part (1, 2, ...), size, org_ids, names,
        from_largest_component (whether it was in the largest component before),
        component_size_before, main_part_size (the part that stays).
    clusters_split : DataFrame
        One row per alliance cluster that falls apart: cluster_id, cluster_name,
        size_before, removed_members, n_parts, parts (tuples of org ids, largest first),
        part_names.
    new_articulation_points : DataFrame
        org_id, name, ties_after: organisations that now alone hold a part of the network
        together.
    measures : DataFrame
        measure, before, after, change: see :func:`netorg.network_measures`.
    summary : str
        A plain-language paragraph a planner can read aloud.
    """

    name: str
    as_of: str
    removed: pd.DataFrame
    lost_needs: pd.DataFrame
    reduced_needs: pd.DataFrame
    disconnected: pd.DataFrame
    clusters_split: pd.DataFrame
    new_articulation_points: pd.DataFrame
    measures: pd.DataFrame
    summary: str

    def tables(self) -> dict[str, pd.DataFrame]:
        """The result tables by name, in reading order."""
        return {
            "removed": self.removed,
            "lost_needs": self.lost_needs,
            "reduced_needs": self.reduced_needs,
            "disconnected": self.disconnected,
            "clusters_split": self.clusters_split,
            "new_articulation_points": self.new_articulation_points,
            "measures": self.measures,
        }

    def as_dict(self) -> dict[str, Any]:
        """Everything as plain JSON-ready data: tables as lists of records, NaN as None."""
        out: dict[str, Any] = {"name": self.name, "as_of": self.as_of, "summary": self.summary}
        for key, frame in self.tables().items():
            out[key] = records(frame)
        return out


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as dicts of plain Python values: tuples as lists, NaN and NA as None."""
    return [{k: _plain(v) for k, v in row.items()} for row in frame.to_dict("records")]


def _plain(value: Any) -> Any:
    if isinstance(value, (tuple, list, np.ndarray)):
        return [_plain(v) for v in value]
    if value is None or value is pd.NA:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def what_if(eco: Ecosystem, remove: str | Iterable[str]) -> WhatIf:
    """What happens if these organisations fail and all their live agreements end.

    Parameters
    ----------
    eco : Ecosystem
    remove : str or iterable of str
        Organisation ids (one or several).

    Returns
    -------
    WhatIf
        The needs lost and reduced, the organisations cut off, the clusters that split, the
        new articulation points, the network measures before and after, and a summary
        paragraph; see :class:`WhatIf`. Only agreements live on ``eco.as_of`` count.

    Raises
    ------
    UnknownOrganisationError
        (a ValueError) if an id is not an organisation of ``eco``; the message names it and
        suggests close matches.

    Examples
    --------
    >>> import netorg
    >>> from netorg.analysis.whatif import what_if
    >>> result = what_if(netorg.datasets.load("zorgregio"), ["JZ-LINDE"])
    >>> result.summary.startswith("If Jeugdzorg De Linde fails")
    True
    """
    ids = [remove] if isinstance(remove, str) else list(dict.fromkeys(remove))
    codes = _codes(eco, ids)
    n = len(eco.org_index)
    gone = np.zeros(n, dtype=bool)
    gone[codes] = True
    names = eco.organisations["name"].to_numpy(dtype=object)

    graph = tie_graph(eco)
    after = graph.copy()
    after.delete_vertices(codes.tolist())
    keep = np.flatnonzero(~gone)  # vertex i of ``after`` is organisation keep[i]

    removed = _removed(eco, codes, names)
    lost, reduced = _needs(eco, gone, names)
    disconnected = _disconnected(eco, graph, after, keep, codes, names)
    clusters = _clusters_split(eco, gone, names)
    articulation = _new_articulation_points(eco, graph, after, keep, names)
    measures = _measures(network_measures(eco), graph_measures(after))
    result = WhatIf(
        name=eco.name,
        as_of=eco.as_of.isoformat(),
        removed=removed,
        lost_needs=lost,
        reduced_needs=reduced,
        disconnected=disconnected,
        clusters_split=clusters,
        new_articulation_points=articulation,
        measures=measures,
        summary="",
    )
    return dataclasses.replace(result, summary=_summary(result))


# -- input -----------------------------------------------------------------------------------


def _codes(eco: Ecosystem, ids: Sequence[str]) -> np.ndarray:
    """Organisation codes of ``ids``; unknown ids are an error with suggestions."""
    if not ids:
        raise UnknownOrganisationError("give at least one organisation id to remove")
    codes = codes_in([str(i) for i in ids], eco.org_index)
    unknown = [str(i) for i, c in zip(ids, codes, strict=True) if c < 0]
    if unknown:
        known = [str(i) for i in eco.org_index]
        by_name = {
            str(v).casefold(): str(k) for k, v in zip(known, eco.organisations["name"], strict=True)
        }
        hints = []
        for text in unknown:
            close = difflib.get_close_matches(text, known, n=3, cutoff=0.6)
            named = by_name.get(text.casefold())
            if named is not None:
                close = [named, *[c for c in close if c != named]]
            hint = f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""
            hints.append(f"{text!r}{hint}")
        raise UnknownOrganisationError(
            f"unknown organisation id{'s' if len(unknown) > 1 else ''}: {'; '.join(hints)}. "
            "Give the id from the organisations table's 'id' column."
        )
    return np.asarray(codes, dtype=np.int64)


def _removed(eco: Ecosystem, codes: np.ndarray, names: np.ndarray) -> pd.DataFrame:
    """The removed organisations with the count and value of their live agreements."""
    agreement, org = eco.party_codes
    live = eco.live_mask()
    rows = pd.DataFrame({"org": org, "agreement": agreement})
    rows = rows[np.isin(org, codes) & live[agreement]].drop_duplicates()
    value = eco.agreements["value"].to_numpy(float)[rows["agreement"].to_numpy()]
    per_org = rows.assign(value=value).groupby("org")
    count = per_org.size().reindex(codes).fillna(0).astype(np.int64).to_numpy()
    total = per_org["value"].sum(min_count=1).reindex(codes).to_numpy(float)
    return pd.DataFrame(
        {
            "org_id": eco.org_index.to_numpy(dtype=object)[codes],
            "name": names[codes],
            "live_agreements": count,
            "live_value": total,
        }
    )


# -- needs -----------------------------------------------------------------------------------


def _supply(eco: Ecosystem) -> pd.DataFrame:
    """Live market supply of the buyers' own needs: buyer, need, supplier, agreement, key.

    ``key`` numbers each (buyer, need) pair. Computed once per ecosystem and date.
    """

    def compute() -> pd.DataFrame:
        e = eco.edges
        a = eco.agreements
        code = e["agreement_code"].to_numpy(np.int64)
        service = a["service"].to_numpy(dtype=object)[code]
        market = eco.live_mask()[code] & (a["form"].to_numpy(dtype=object)[code] == MARKET)
        rows = pd.DataFrame(
            {
                "buyer": e["source_code"].to_numpy(np.int64)[market],
                "need": service[market],
                "supplier": e["target_code"].to_numpy(np.int64)[market],
                "agreement": code[market],
            }
        )
        needs = eco.organisations["needs"].explode().dropna()
        needs = pd.DataFrame(
            {"buyer": np.arange(len(eco.org_index))[needs.index.to_numpy()], "need": needs}
        )
        rows = rows.merge(needs.drop_duplicates(), on=["buyer", "need"], how="inner")
        rows["key"] = rows.groupby(["buyer", "need"], sort=True).ngroup()
        return rows.sort_values(["key", "supplier", "agreement"]).reset_index(drop=True)

    return eco.memo("whatif_supply", compute)


_NEED_COLUMNS = [
    "buyer",
    "buyer_name",
    "need",
    "suppliers_before",
    "removed_suppliers",
    "removed_supplier_names",
    "agreements",
    "annual_value",
]


def _needs(
    eco: Ecosystem, gone: np.ndarray, names: np.ndarray
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Needs whose every supplier fails (lost) and needs that keep some (reduced)."""
    supply = _supply(eco)
    supplier = supply["supplier"].to_numpy(np.int64)
    buyer = supply["buyer"].to_numpy(np.int64)
    hit_keys = np.unique(supply["key"].to_numpy()[gone[supplier] & ~gone[buyer]])
    rows = supply[np.isin(supply["key"].to_numpy(), hit_keys)]
    rows = rows.assign(failed=gone[rows["supplier"].to_numpy(np.int64)])
    grouped = rows.groupby("key", sort=True)
    before = grouped["supplier"].nunique()
    lost_rows = rows[rows["failed"]]
    lost_by_key = lost_rows.groupby("key", sort=True)
    failed = lost_by_key["supplier"].unique()
    lost_agreements = lost_by_key["agreement"].unique()
    values = eco.agreements["value"].to_numpy(float)
    ids = eco.org_index.to_numpy(dtype=object)
    agreement_ids = eco.agreement_index.to_numpy(dtype=object)
    first = grouped.first()
    out = pd.DataFrame(
        {
            "buyer": ids[first["buyer"].to_numpy(np.int64)],
            "buyer_name": names[first["buyer"].to_numpy(np.int64)],
            "need": first["need"].to_numpy(dtype=object),
            "suppliers_before": before.to_numpy(np.int64),
            "removed_suppliers": [tuple(ids[s]) for s in failed],
            "removed_supplier_names": [tuple(names[s]) for s in failed],
            "agreements": [tuple(agreement_ids[np.sort(a)]) for a in lost_agreements],
            "annual_value": [_total(values[a]) for a in lost_agreements],
        }
    )
    out["suppliers_left"] = out["suppliers_before"] - out["removed_suppliers"].map(len)
    order = ["annual_value", "buyer_name", "need"]
    out = out.sort_values(order, ascending=[False, True, True], na_position="last")
    lost = out[out["suppliers_left"] == 0][_NEED_COLUMNS].reset_index(drop=True)
    reduced = out[out["suppliers_left"] > 0][[*_NEED_COLUMNS, "suppliers_left"]]
    return lost, reduced.reset_index(drop=True)


def _total(values: np.ndarray) -> float:
    """Sum of the known values; NaN when none is known."""
    known = values[~np.isnan(values)]
    return float(known.sum()) if len(known) else math.nan


# -- structure -------------------------------------------------------------------------------


def _membership_before(eco: Ecosystem, graph: ig.Graph) -> np.ndarray:
    return eco.memo(
        "whatif_components",
        lambda: np.asarray(graph.connected_components().membership, dtype=np.int64),
    )


def _disconnected(
    eco: Ecosystem,
    graph: ig.Graph,
    after: ig.Graph,
    keep: np.ndarray,
    codes: np.ndarray,
    names: np.ndarray,
) -> pd.DataFrame:
    """Parts of the tie graph cut off from the rest of the component they were in."""
    columns = [
        "part", "size", "org_ids", "names", "from_largest_component", "component_size_before",
        "main_part_size",
    ]  # fmt: skip
    before = _membership_before(eco, graph)
    sizes_before = np.bincount(before) if len(before) else np.zeros(0, dtype=np.int64)
    largest = int(np.argmax(sizes_before)) if len(sizes_before) else -1
    after_membership = np.asarray(after.connected_components().membership, dtype=np.int64)
    touched = np.isin(before[keep], np.unique(before[codes]))
    frame = pd.DataFrame(
        {
            "org": keep[touched],
            "before": before[keep][touched],
            "after": after_membership[touched],
        }
    )
    if frame.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    parts = frame.groupby(["before", "after"], sort=True).agg(
        size=("org", "size"), first=("org", "min")
    )
    parts = parts.reset_index().sort_values(
        ["before", "size", "first"], ascending=[True, False, True]
    )
    is_main = ~parts["before"].duplicated()
    main_size = parts.loc[is_main].set_index("before")["size"]
    cut = parts.loc[~is_main].copy()
    cut["from_largest_component"] = cut["before"] == largest
    cut = cut.sort_values(
        ["from_largest_component", "size", "first"], ascending=[False, False, True]
    )
    members = frame[frame["after"].isin(cut["after"])].sort_values("org")
    by_part = members.groupby("after")["org"].agg(lambda s: s.to_numpy(np.int64))
    ids = eco.org_index.to_numpy(dtype=object)
    member_codes = [by_part[a] for a in cut["after"]]
    return pd.DataFrame(
        {
            "part": np.arange(1, len(cut) + 1),
            "size": cut["size"].to_numpy(np.int64),
            "org_ids": [tuple(ids[m]) for m in member_codes],
            "names": [tuple(names[m]) for m in member_codes],
            "from_largest_component": cut["from_largest_component"].to_numpy(bool),
            "component_size_before": sizes_before[cut["before"].to_numpy(np.int64)],
            "main_part_size": main_size.reindex(cut["before"]).to_numpy(np.int64),
        },
        columns=columns,
    )


def _new_articulation_points(
    eco: Ecosystem, graph: ig.Graph, after: ig.Graph, keep: np.ndarray, names: np.ndarray
) -> pd.DataFrame:
    """Organisations that are articulation points after the removal, not before."""
    before = eco.memo(
        "whatif_articulation_points",
        lambda: np.asarray(sorted(graph.articulation_points()), dtype=np.int64),
    )
    points = np.asarray(sorted(after.articulation_points()), dtype=np.int64)
    new = points[~np.isin(keep[points], before)]
    degree = np.asarray(after.degree(new.tolist()), dtype=np.int64)
    codes = keep[new]
    return pd.DataFrame(
        {
            "org_id": eco.org_index.to_numpy(dtype=object)[codes],
            "name": names[codes],
            "ties_after": degree,
        }
    )


def _clusters_split(eco: Ecosystem, gone: np.ndarray, names: np.ndarray) -> pd.DataFrame:
    """Alliance clusters whose remaining members fall apart into more pieces than before."""
    columns = [
        "cluster_id", "cluster_name", "size_before", "removed_members", "n_parts", "parts",
        "part_names",
    ]  # fmt: skip
    p = eco.config.clusters
    graph, labels, _ = clustering(eco, p, None)
    hit = np.unique(labels[gone & (labels >= 0)])
    if not len(hit):
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    ends = eco.memo(
        ("whatif_collaboration_edges", p),
        lambda: np.asarray(graph.get_edgelist(), dtype=np.int64).reshape(-1, 2),
    )
    u, v = ends[:, 0], ends[:, 1]
    inside = (labels[u] == labels[v]) & np.isin(labels[u], hit)
    n = len(labels)
    members = np.flatnonzero(np.isin(labels, hit))

    def pieces(edges: np.ndarray, alive: np.ndarray) -> pd.DataFrame:
        g = ig.Graph(n=n, edges=edges.tolist(), directed=False)
        membership = np.asarray(g.connected_components().membership, dtype=np.int64)
        m = members[alive[members]]
        return pd.DataFrame({"org": m, "cluster": labels[m], "piece": membership[m]})

    before = pieces(ends[inside], np.ones(n, dtype=bool))
    survives = inside & ~gone[u] & ~gone[v]
    after = pieces(ends[survives], ~gone)
    n_before = before.groupby("cluster")["piece"].nunique()
    n_after = after.groupby("cluster")["piece"].nunique()
    split = n_after[n_after > n_before.reindex(n_after.index).fillna(0)]
    split = split[split > 1]
    if split.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    clusters = eco.memo(("whatif_clusters", p), lambda: alliance_clusters(eco))
    cluster_names = clusters.dropna(subset=["cluster_id"]).groupby("cluster_id")["cluster_name"]
    cluster_names = cluster_names.first()
    ids = eco.org_index.to_numpy(dtype=object)
    sizes = np.bincount(labels[labels >= 0])
    rows = []
    for cluster in split.index:
        part_codes = [
            np.sort(g["org"].to_numpy(np.int64))
            for _, g in after[after["cluster"] == cluster].groupby("piece")
        ]
        part_codes.sort(key=lambda c: (-len(c), c[0]))
        removed_here = np.flatnonzero(gone & (labels == cluster))
        rows.append(
            {
                "cluster_id": int(cluster) + 1,
                "cluster_name": str(cluster_names.get(int(cluster) + 1, "")),
                "size_before": int(sizes[cluster]),
                "removed_members": tuple(ids[removed_here]),
                "n_parts": len(part_codes),
                "parts": tuple(tuple(ids[c]) for c in part_codes),
                "part_names": tuple(tuple(names[c]) for c in part_codes),
            }
        )
    return pd.DataFrame(rows, columns=columns)


# -- measures --------------------------------------------------------------------------------


def _measures(before: dict[str, Any], after: dict[str, Any]) -> pd.DataFrame:
    rows = [
        {
            "measure": key,
            "before": before[key],
            "after": after[key],
            "change": round(after[key] - before[key], 6),
        }
        for key in before
    ]
    # object columns keep counts as int and measures as float in the JSON
    return pd.DataFrame(rows, columns=["measure", "before", "after", "change"], dtype=object)


# -- summary ---------------------------------------------------------------------------------


def _euro(value: float) -> str:
    return f"€ {value:,.0f}"


def _listing(items: Sequence[str], limit: int = _NAMES_IN_SUMMARY) -> str:
    """'a, b and c', or 'a, b, ... and 7 more'."""
    items = [str(i) for i in items]
    if len(items) > limit:
        return f"{', '.join(items[:limit])} and {len(items) - limit} more"
    if len(items) > 1:
        return f"{', '.join(items[:-1])} and {items[-1]}"
    return items[0] if items else ""


def _summary(r: WhatIf) -> str:
    """The result as a paragraph a planner can read aloud."""
    removed = r.removed
    who = _listing(list(removed["name"]))
    verb = "fails" if len(removed) == 1 else "fail"
    n_agreements = int(removed["live_agreements"].sum())
    value = _total(removed["live_value"].to_numpy(float))
    head = f"If {who} {verb}, {n_agreements} live agreement{'s' if n_agreements != 1 else ''}"
    head += f" end ({_euro(value)} a year)" if not math.isnan(value) else " end"
    sentences = [head + "."]

    lost = r.lost_needs
    if len(lost):
        parts = []
        for row in lost.head(_NAMES_IN_SUMMARY).itertuples(index=False):
            only = "its only supplier" if row.suppliers_before == 1 else "every supplier"
            money = "" if math.isnan(row.annual_value) else f", {_euro(row.annual_value)} a year"
            parts.append(
                f"{row.buyer_name} loses {only} of {row.need} "
                f"(agreement{'s' if len(row.agreements) > 1 else ''} "
                f"{', '.join(row.agreements)}{money})"
            )
        more = len(lost) - _NAMES_IN_SUMMARY
        tail = f"; {more} more needs lose every supplier" if more > 0 else ""
        sentences.append("; ".join(parts) + tail + ".")
    else:
        sentences.append("No buyer loses every supplier of a need.")
    reduced = r.reduced_needs
    if len(reduced):
        listed = _listing(
            [
                f"{row.buyer_name} ({row.need}, {row.suppliers_left} of "
                f"{row.suppliers_before} left)"
                for row in reduced.itertuples(index=False)
            ]
        )
        sentences.append(f"Fewer suppliers remain for {listed}.")

    cut = r.disconnected
    if len(cut):
        names = [n for part in cut["names"] for n in part]
        count = int(cut["size"].sum())
        where = (
            " from the largest connected part of the network"
            if cut["from_largest_component"].all()
            else " from the rest of the network"
        )
        sentences.append(
            f"{count} organisation{'s are' if count != 1 else ' is'} cut off{where}"
            f" ({len(cut)} separate part{'s' if len(cut) != 1 else ''}): {_listing(names)}."
        )
    else:
        sentences.append("Nobody is cut off from the rest of the network.")

    for row in r.clusters_split.head(_NAMES_IN_SUMMARY).itertuples(index=False):
        parts_text = "; ".join(f"[{_listing(list(p), 4)}]" for p in row.part_names[:4])
        others = f" and {row.n_parts - 4} more" if row.n_parts > 4 else ""
        sentences.append(
            f"Alliance cluster {row.cluster_id} ({row.cluster_name}) splits into "
            f"{row.n_parts} parts: {parts_text}{others}."
        )
    if len(r.clusters_split) > _NAMES_IN_SUMMARY:
        sentences.append(f"{len(r.clusters_split) - _NAMES_IN_SUMMARY} more clusters split.")

    points = r.new_articulation_points
    if len(points):
        verb = "becomes a single point" if len(points) == 1 else "become single points"
        sentences.append(f"{_listing(list(points['name']))} {verb} of failure.")

    m = r.measures.set_index("measure")
    share = m.loc["largest_component_share"]
    frag = m.loc["fragmentation"]
    if share["before"] == share["after"] and frag["before"] == frag["after"]:
        sentences.append(
            f"The largest connected part stays at {share['before']:.0%} of organisations."
        )
    else:
        sentences.append(
            f"The largest connected part goes from {share['before']:.0%} to "
            f"{share['after']:.0%} of organisations; fragmentation (the share of pairs that "
            f"cannot reach each other) from {frag['before']:.2f} to {frag['after']:.2f}."
        )
    return " ".join(sentences)
