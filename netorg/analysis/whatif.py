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

Language: the summary paragraph (and an error about unknown ids) is written in
``eco.language``, English or Dutch; the result remembers it as :attr:`WhatIf.language` so
that the page (:mod:`netorg.report.whatif_page`) is written in the same language. Column
names and values stay as they are in both.

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
from typing import Any, Final

import igraph as ig
import numpy as np
import pandas as pd

from netorg._codes import codes_in, distinct, edge_array, igraph_of, is_in
from netorg._errors import NetorgError
from netorg.analysis.clusters import alliance_clusters, clustering
from netorg.i18n import DEFAULT_LANGUAGE, join_and, number, percent, text
from netorg.model import Ecosystem
from netorg.stats import graph_measures, network_measures, tie_graph
from netorg.vocabulary import MARKET

__all__ = ["UnknownOrganisationError", "WhatIf", "what_if"]

#: At most this many names are read out per finding in the summary paragraph.
_NAMES_IN_SUMMARY = 6

#: The sentences of the summary and the error messages, in every language of
#: :data:`netorg.i18n.LANGUAGES`. Keys ending in ``_one`` and ``_many`` are the singular and
#: plural of the same phrase.
_TEXT: Final = {
    "euro": {"en": "€ {amount}", "nl": "€ {amount}"},
    "and_more": {"en": "{listed} and {n} more", "nl": "{listed} en nog {n} andere"},
    "fails_one": {"en": "fails", "nl": "wegvalt"},
    "fails_many": {"en": "fail", "nl": "wegvallen"},
    "agreements_end_one": {
        "en": "1 live agreement ends",
        "nl": "eindigt 1 lopende overeenkomst",
    },
    "agreements_end_many": {
        "en": "{n} live agreements end",
        "nl": "eindigen {n} lopende overeenkomsten",
    },
    "head": {"en": "If {who} {fails}, {ends}{money}.", "nl": "Als {who} {fails}, {ends}{money}."},
    "head_money": {"en": " ({euro} a year)", "nl": " ({euro} per jaar)"},
    "lost": {
        "en": "{buyer} loses {only} of {need} ({agreements} {ids}{money})",
        "nl": "{buyer} verliest {only} van {need} ({agreements} {ids}{money})",
    },
    "lost_only": {"en": "its only supplier", "nl": "de enige leverancier"},
    "lost_every": {"en": "every supplier", "nl": "alle leveranciers"},
    "agreement_one": {"en": "agreement", "nl": "overeenkomst"},
    "agreement_many": {"en": "agreements", "nl": "overeenkomsten"},
    "lost_money": {"en": ", {euro} a year", "nl": ", {euro} per jaar"},
    "lost_more_one": {
        "en": "; 1 more need loses every supplier",
        "nl": "; nog 1 behoefte verliest alle leveranciers",
    },
    "lost_more_many": {
        "en": "; {n} more needs lose every supplier",
        "nl": "; nog {n} behoeften verliezen alle leveranciers",
    },
    "lost_none": {
        "en": "No buyer loses every supplier of a need.",
        "nl": "Geen enkele afnemer verliest alle leveranciers van een behoefte.",
    },
    "reduced": {
        "en": "Fewer suppliers remain for {listed}.",
        "nl": "Er blijven minder leveranciers over voor {listed}.",
    },
    "reduced_item": {
        "en": "{buyer} ({need}, {left} of {before} left)",
        "nl": "{buyer} ({need}, {left} van de {before} over)",
    },
    "cut_one": {
        "en": "1 organisation is cut off{where} ({parts}): {names}.",
        "nl": "1 organisatie raakt afgesneden{where} ({parts}): {names}.",
    },
    "cut_many": {
        "en": "{n} organisations are cut off{where} ({parts}): {names}.",
        "nl": "{n} organisaties raken afgesneden{where} ({parts}): {names}.",
    },
    "cut_from_largest": {
        "en": " from the largest connected part of the network",
        "nl": " van het grootste samenhangende deel van het netwerk",
    },
    "cut_from_rest": {
        "en": " from the rest of the network",
        "nl": " van de rest van het netwerk",
    },
    "parts_one": {"en": "1 separate part", "nl": "1 afzonderlijk deel"},
    "parts_many": {"en": "{n} separate parts", "nl": "{n} afzonderlijke delen"},
    "cut_none": {
        "en": "Nobody is cut off from the rest of the network.",
        "nl": "Geen enkele organisatie raakt afgesneden van de rest van het netwerk.",
    },
    "cluster_split": {
        "en": "Alliance cluster {id} ({name}) splits into {n} parts: {parts}{others}.",
        "nl": "Alliantiecluster {id} ({name}) valt uiteen in {n} delen: {parts}{others}.",
    },
    "more": {"en": " and {n} more", "nl": " en nog {n} andere"},
    "clusters_more_one": {"en": "1 more cluster splits.", "nl": "Nog 1 cluster valt uiteen."},
    "clusters_more_many": {
        "en": "{n} more clusters split.",
        "nl": "Nog {n} clusters vallen uiteen.",
    },
    "points_one": {
        "en": "{names} becomes a single point of failure.",
        "nl": "{names} wordt een kwetsbare schakel: valt die organisatie ook weg, dan valt het "
        "netwerk uiteen.",
    },
    "points_many": {
        "en": "{names} become single points of failure.",
        "nl": "{names} worden kwetsbare schakels: valt een van hen ook weg, dan valt het netwerk "
        "uiteen.",
    },
    "share_same": {
        "en": "The largest connected part stays at {share} of organisations.",
        "nl": "Het grootste samenhangende deel blijft {share} van de organisaties omvatten.",
    },
    "share_change": {
        "en": "The largest connected part goes from {before} to {after} of organisations; "
        "fragmentation (the share of pairs that cannot reach each other) from {frag_before} "
        "to {frag_after}.",
        "nl": "Het grootste samenhangende deel gaat van {before} naar {after} van de "
        "organisaties; de fragmentatie (het aandeel paren dat elkaar niet kan bereiken) van "
        "{frag_before} naar {frag_after}.",
    },
    "no_ids": {
        "en": "give at least one organisation id to remove",
        "nl": "er is ten minste één organisatie-id nodig om te verwijderen",
    },
    "unknown_one": {
        "en": "unknown organisation id: {hints}. Give the id from the organisations table's "
        "'id' column.",
        "nl": "onbekend organisatie-id: {hints}. Het id staat in de kolom 'id' van de "
        "organisatietabel.",
    },
    "unknown_many": {
        "en": "unknown organisation ids: {hints}. Give the id from the organisations table's "
        "'id' column.",
        "nl": "onbekende organisatie-id's: {hints}. Het id staat in de kolom 'id' van de "
        "organisatietabel.",
    },
    "did_you_mean": {"en": " (did you mean {close}?)", "nl": " (mogelijk bedoeld: {close})"},
}


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
        A plain-language paragraph a planner can read aloud, in :attr:`language`.
    language : str
        The language of the summary and of the page: ``eco.language`` when the result was
        made (``en`` or ``nl``).
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
    language: str = DEFAULT_LANGUAGE

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
        paragraph in ``eco.language``; see :class:`WhatIf`. Only agreements live on
        ``eco.as_of`` count.

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
    lang = eco.language
    ids = [remove] if isinstance(remove, str) else list(dict.fromkeys(remove))
    codes = _codes(eco, ids, lang)
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
        language=lang,
    )
    return dataclasses.replace(result, summary=_summary(result, lang))


# -- input -----------------------------------------------------------------------------------


def _codes(eco: Ecosystem, ids: Sequence[str], lang: str) -> np.ndarray:
    """Organisation codes of ``ids``; unknown ids are an error with suggestions."""
    if not ids:
        raise UnknownOrganisationError(text(_TEXT, "no_ids", lang))
    codes = codes_in([str(i) for i in ids], eco.org_index)
    unknown = [str(i) for i, c in zip(ids, codes, strict=True) if c < 0]
    if unknown:
        known = [str(i) for i in eco.org_index]
        by_name = {
            str(v).casefold(): str(k) for k, v in zip(known, eco.organisations["name"], strict=True)
        }
        hints = []
        for given in unknown:
            close = difflib.get_close_matches(given, known, n=3, cutoff=0.6)
            named = by_name.get(given.casefold())
            if named is not None:
                close = [named, *[c for c in close if c != named]]
            suggested = ", ".join(repr(c) for c in close)
            hint = text(_TEXT, "did_you_mean", lang, close=suggested) if close else ""
            hints.append(f"{given!r}{hint}")
        key = "unknown_many" if len(unknown) > 1 else "unknown_one"
        raise UnknownOrganisationError(text(_TEXT, key, lang, hints="; ".join(hints)))
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
        market = eco.live_mask()[code] & eco.of_form(MARKET)[code]
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
    hit_keys = distinct(supply["key"].to_numpy()[gone[supplier] & ~gone[buyer]])
    rows = supply[is_in(supply["key"].to_numpy(), hit_keys)]
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
    hit = distinct(labels[gone & (labels >= 0)])
    if not len(hit):
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    ends = edge_array(graph)  # kept with the (memoised) graph
    u, v = ends[:, 0], ends[:, 1]
    inside = (labels[u] == labels[v]) & np.isin(labels[u], hit)
    n = len(labels)
    members = np.flatnonzero(np.isin(labels, hit))

    def pieces(edges: np.ndarray, alive: np.ndarray) -> pd.DataFrame:
        g = igraph_of(n, edges)
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


def _counted(key: str, n: int, lang: str, **fields: Any) -> str:
    """The ``_one`` or ``_many`` form of template ``key`` for ``n``, with ``n`` filled in."""
    return text(_TEXT, f"{key}_{'one' if n == 1 else 'many'}", lang, n=n, **fields)


def _euro(value: float, lang: str) -> str:
    """``€ 1,250,000`` / ``€ 1.250.000``."""
    return text(_TEXT, "euro", lang, amount=number(value, lang, 0))


def _listing(items: Sequence[str], lang: str, limit: int = _NAMES_IN_SUMMARY) -> str:
    """'a, b and c', or 'a, b, ... and 7 more' (in ``lang``)."""
    items = [str(i) for i in items]
    if len(items) > limit:
        listed = ", ".join(items[:limit])
        return text(_TEXT, "and_more", lang, listed=listed, n=len(items) - limit)
    return join_and(items, lang)


def _summary(r: WhatIf, lang: str) -> str:
    """The result as a paragraph a planner can read aloud, in ``lang``."""
    removed = r.removed
    n_agreements = int(removed["live_agreements"].sum())
    value = _total(removed["live_value"].to_numpy(float))
    head = text(
        _TEXT, "head", lang,
        who=_listing(list(removed["name"]), lang),
        fails=text(_TEXT, "fails_one" if len(removed) == 1 else "fails_many", lang),
        ends=_counted("agreements_end", n_agreements, lang),
        money="" if math.isnan(value) else text(_TEXT, "head_money", lang, euro=_euro(value, lang)),
    )  # fmt: skip
    sentences = [head]

    lost = r.lost_needs
    if len(lost):
        parts = []
        for row in lost.head(_NAMES_IN_SUMMARY).itertuples(index=False):
            money = (
                ""
                if math.isnan(row.annual_value)
                else text(_TEXT, "lost_money", lang, euro=_euro(row.annual_value, lang))
            )
            parts.append(
                text(
                    _TEXT, "lost", lang,
                    buyer=row.buyer_name,
                    only=text(_TEXT, "lost_only" if row.suppliers_before == 1 else "lost_every",
                              lang),
                    need=row.need,
                    agreements=text(_TEXT, "agreement_many" if len(row.agreements) > 1
                                    else "agreement_one", lang),
                    ids=", ".join(row.agreements),
                    money=money,
                )
            )  # fmt: skip
        more = len(lost) - _NAMES_IN_SUMMARY
        tail = _counted("lost_more", more, lang) if more > 0 else ""
        sentences.append("; ".join(parts) + tail + ".")
    else:
        sentences.append(text(_TEXT, "lost_none", lang))
    reduced = r.reduced_needs
    if len(reduced):
        listed = _listing(
            [
                text(
                    _TEXT, "reduced_item", lang,
                    buyer=row.buyer_name, need=row.need, left=row.suppliers_left,
                    before=row.suppliers_before,
                )
                for row in reduced.itertuples(index=False)
            ],
            lang,
        )  # fmt: skip
        sentences.append(text(_TEXT, "reduced", lang, listed=listed))

    cut = r.disconnected
    if len(cut):
        names = [n for part in cut["names"] for n in part]
        where = "cut_from_largest" if cut["from_largest_component"].all() else "cut_from_rest"
        sentences.append(
            _counted(
                "cut", int(cut["size"].sum()), lang,
                where=text(_TEXT, where, lang),
                parts=_counted("parts", len(cut), lang),
                names=_listing(names, lang),
            )
        )  # fmt: skip
    else:
        sentences.append(text(_TEXT, "cut_none", lang))

    for row in r.clusters_split.head(_NAMES_IN_SUMMARY).itertuples(index=False):
        parts_text = "; ".join(f"[{_listing(list(p), lang, 4)}]" for p in row.part_names[:4])
        others = text(_TEXT, "more", lang, n=row.n_parts - 4) if row.n_parts > 4 else ""
        sentences.append(
            text(
                _TEXT, "cluster_split", lang,
                id=row.cluster_id, name=row.cluster_name, n=row.n_parts, parts=parts_text,
                others=others,
            )
        )  # fmt: skip
    if len(r.clusters_split) > _NAMES_IN_SUMMARY:
        sentences.append(_counted("clusters_more", len(r.clusters_split) - _NAMES_IN_SUMMARY, lang))

    points = r.new_articulation_points
    if len(points):
        names_text = _listing(list(points["name"]), lang)
        sentences.append(_counted("points", len(points), lang, names=names_text))

    m = r.measures.set_index("measure")
    share = m.loc["largest_component_share"]
    frag = m.loc["fragmentation"]
    if share["before"] == share["after"] and frag["before"] == frag["after"]:
        sentences.append(text(_TEXT, "share_same", lang, share=percent(share["before"], lang)))
    else:
        sentences.append(
            text(
                _TEXT, "share_change", lang,
                before=percent(share["before"], lang), after=percent(share["after"], lang),
                frag_before=number(frag["before"], lang, 2),
                frag_after=number(frag["after"], lang, 2),
            )
        )  # fmt: skip
    return " ".join(sentences)
