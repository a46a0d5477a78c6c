"""Network-level measures: density, components, centralisation, fragmentation.

Provan, Fish & Sydow (2007, "Interorganizational networks at the network level", Journal of
Management 33) argue that a network of organisations should be judged as a whole, not only
tie by tie; these are the whole-network measures they review. Each is a small function of an
undirected simple igraph graph (one vertex per organisation, one edge per pair of
organisations with at least one live agreement), and :func:`network_measures` gathers them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import igraph as ig
import numpy as np

from netorg._codes import igraph_of

if TYPE_CHECKING:
    from netorg.model import Ecosystem


def tie_graph(eco: Ecosystem, *, live_only: bool = True) -> ig.Graph:
    """The collapsed view: one undirected edge per connected pair of organisations.

    Parameters
    ----------
    eco : Ecosystem
    live_only : bool
        Count only agreements live on ``eco.as_of`` (default) or every agreement.

    Returns
    -------
    igraph.Graph
        Undirected, simple; vertex ``i`` is organisation ``i``; edge attribute ``weight`` is
        the number of agreement edges between the pair. Built once per ecosystem and
        reference date and shared: treat it as read-only.
    """
    return eco.memo(("tie_graph", live_only), lambda: _tie_graph(eco, live_only))


def _tie_graph(eco: Ecosystem, live_only: bool) -> ig.Graph:
    e = eco.edges
    u = e["source_code"].to_numpy(np.int64)
    v = e["target_code"].to_numpy(np.int64)
    if live_only:
        live = eco.live_mask()[e["agreement_code"].to_numpy(np.int64)]
        u, v = u[live], v[live]
    n = len(eco.org_index)
    lo, hi = np.minimum(u, v), np.maximum(u, v)
    keys, weight = np.unique(lo * n + hi, return_counts=True)
    pairs = np.column_stack((keys // n, keys % n))
    graph = igraph_of(n, pairs)
    graph.es["weight"] = weight.tolist()
    return graph


def density(graph: ig.Graph) -> float:
    """Share of all possible pairs of organisations that are tied (0 for fewer than 2)."""
    n = graph.vcount()
    return 0.0 if n < 2 else graph.ecount() / (n * (n - 1) / 2)


def component_sizes(graph: ig.Graph) -> list[int]:
    """Sizes of the connected components, largest first."""
    return sorted(graph.connected_components().sizes(), reverse=True)


def degree_centralisation(graph: ig.Graph) -> float:
    """Freeman's degree centralisation: 1 for a star, 0 when every degree is equal.

    Freeman (1978/79, "Centrality in social networks: conceptual clarification", Social
    Networks 1, 215-239): the sum of differences to the highest degree, over its maximum possible
    value ``(n - 1)(n - 2)`` reached by a star.
    """
    n = graph.vcount()
    if n < 3:
        return 0.0
    degree = np.asarray(graph.degree(), dtype=float)
    return float((degree.max() - degree).sum() / ((n - 1) * (n - 2)))


def fragmentation(graph: ig.Graph) -> float:
    """Share of pairs of organisations that cannot reach each other at all.

    Borgatti (2006, "Identifying sets of key players in a social network", Computational and
    Mathematical Organization Theory 12, 21-34): ``1 - sum(s_k (s_k - 1)) / (n (n - 1))`` over the
    component sizes ``s_k``.
    """
    n = graph.vcount()
    if n < 2:
        return 0.0
    sizes = np.asarray(component_sizes(graph), dtype=float)
    return float(1.0 - (sizes * (sizes - 1)).sum() / (n * (n - 1)))


def network_measures(eco: Ecosystem, *, live_only: bool = True) -> dict[str, Any]:
    """All network-level measures of the ecosystem's tie graph.

    Returns
    -------
    dict
        See :func:`graph_measures`.
    """
    return graph_measures(tie_graph(eco, live_only=live_only))


def graph_measures(graph: ig.Graph) -> dict[str, Any]:
    """All network-level measures of an undirected simple tie graph.

    Returns
    -------
    dict
        ``organisations``, ``ties`` (connected pairs), ``density``, ``components``,
        ``largest_component`` (organisations in it), ``largest_component_share``,
        ``isolates`` (organisations without a tie), ``degree_centralisation`` and
        ``fragmentation``, each rounded to 6 decimals so output is stable.
    """
    sizes = component_sizes(graph)
    n = graph.vcount()
    largest = sizes[0] if sizes else 0
    degree = np.asarray(graph.degree(), dtype=np.int64)
    return {
        "organisations": n,
        "ties": graph.ecount(),
        "density": round(density(graph), 6),
        "components": len(sizes),
        "largest_component": largest,
        "largest_component_share": round(largest / n, 6) if n else 0.0,
        "isolates": int((degree == 0).sum()),
        "degree_centralisation": round(degree_centralisation(graph), 6),
        "fragmentation": round(fragmentation(graph), 6),
    }
