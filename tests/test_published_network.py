"""The bundled real network ``knokbur`` reproduces figures published about it.

Knoke's ten Indianapolis organisations (Knoke & Wood 1981; Knoke & Kuklinski 1982), UCINET
dataset KNOKBUR: information exchange (KNOKI) and money exchange (KNOKM). Every expected value
below is copied from a publication, cited where it is used; datasets/knokbur/README.md gives
the full references. The figures are computed here with netorg from the bundled files: the
loaded Ecosystem's edge table and igraph view, split by the ``relation`` column, and
:mod:`netorg.stats` where a measure exists there.

Sources of the expected values:

- CASOS: "Standard Network Analysis: KNOKI" and "... KNOKM", ORA reports on the CASOS dataset
  pages, http://www.casos.cs.cmu.edu/computational_tools/datasets/external/knokbur/SNA/
  Knoke_and_Kuklinski_knokbur_KNOKI.html and ..._KNOKM.html (run 17 October 2011). Printed to
  three decimals.
- Hanneman & Riddle, Introduction to social network methods (online textbook), chapter 10
  (Figure 10.5, degree centrality of the Knoke information network) and its two-sample t-test
  example on the same network, as quoted on https://iiab.me/modules/en-boundless-static/
  www.boundless.com/definition/degree-of-centralization/index.html.
- A CONCOR walk-through ("Book Reading -- Chapter 13 Observing and Measuring Social
  Interaction", 2015-04-15, author "Monaen") that prints the first correlation matrix of the
  stacked KNOKI, KNOKI', KNOKM, KNOKM' matrices downloaded from CASOS.
"""

from __future__ import annotations

from collections.abc import Iterator

import igraph as ig
import numpy as np
import pytest

import netorg
from netorg import stats

NAME = "knokbur"
ORDER = ("COUN", "COMM", "EDUC", "INDU", "MAYR", "WRO", "NEWS", "UWAY", "WELF", "WEST")


@pytest.fixture(scope="module")
def eco() -> netorg.Ecosystem:
    return netorg.datasets.load(NAME)


def arcs(eco: netorg.Ecosystem, relation: str) -> set[tuple[int, int]]:
    """Distinct directed (source, target) organisation codes of one relation's agreements."""
    e = eco.edges
    relation_of = eco.agreements["relation"].to_numpy()[e["agreement_code"].to_numpy()]
    keep = relation_of == relation
    return set(
        zip(
            e["source_code"].to_numpy()[keep].tolist(),
            e["target_code"].to_numpy()[keep].tolist(),
            strict=True,
        )
    )


def digraph(eco: netorg.Ecosystem, relation: str) -> ig.Graph:
    """The simple directed graph of one relation, cut from netorg's igraph view."""
    rel = eco.agreements["relation"].to_numpy()
    edges = [e.index for e in eco.igraph.es if rel[e["agreement"]] == relation]
    return eco.igraph.subgraph_edges(edges, delete_vertices=False).simplify()


def undirected(eco: netorg.Ecosystem, relation: str) -> ig.Graph:
    """One relation collapsed the way netorg.stats expects: undirected, one edge per pair."""
    pairs = {(min(a, b), max(a, b)) for a, b in arcs(eco, relation)}
    return ig.Graph(n=len(eco.org_index), edges=sorted(pairs), directed=False)


def degrees(eco: netorg.Ecosystem, relation: str) -> tuple[np.ndarray, np.ndarray]:
    n = len(eco.org_index)
    out_deg, in_deg = np.zeros(n, dtype=int), np.zeros(n, dtype=int)
    for a, b in arcs(eco, relation):
        out_deg[a] += 1
        in_deg[b] += 1
    return out_deg, in_deg


def directed_density(eco: netorg.Ecosystem, relation: str) -> float:
    n = len(eco.org_index)
    return len(arcs(eco, relation)) / (n * (n - 1))


def reciprocity(eco: netorg.Ecosystem, relation: str) -> float:
    """ORA's reciprocity: mutual pairs over pairs with at least one tie."""
    a = arcs(eco, relation)
    pairs = {frozenset(p) for p in a}
    mutual = sum(1 for s, t in a if (t, s) in a) // 2
    return mutual / len(pairs)


def ora_degree_centralisation(eco: netorg.Ecosystem, relation: str) -> float:
    """ORA's degree centralization, on total degree (in + out), as its reports print it.

    Sum of differences to the highest total degree over 2 (n - 1)(n - 2); this reproduces
    both printed values (0.431 and 0.250).
    """
    out_deg, in_deg = degrees(eco, relation)
    total = out_deg + in_deg
    n = len(total)
    return float((total.max() - total).sum() / (2 * (n - 1) * (n - 2)))


def freeman_directed(degree: np.ndarray) -> float:
    """Freeman centralisation of in- or out-degree in a digraph: over (n - 1)^2."""
    n = len(degree)
    return float((degree.max() - degree).sum() / (n - 1) ** 2)


# -- the bundled files ------------------------------------------------------------------------


def test_bundled_files_are_clean_and_real(eco: netorg.Ecosystem) -> None:
    assert netorg.validate(netorg.datasets.path(NAME)) == []
    assert tuple(eco.organisations["id"]) == ORDER
    assert eco.load_report is not None
    assert eco.load_report.rows["agreements"] == {"in": 71, "used": 71, "skipped": 0}
    assert eco.agreements["start"].isna().all() and eco.agreements["end"].isna().all()
    assert set(eco.agreements["relation"]) == {"information", "money"}
    by_relation = eco.agreements.groupby("relation")["type"].unique()
    assert list(by_relation["information"]) == ["network"]
    assert list(by_relation["money"]) == ["grant"]
    # every agreement is live: the survey has no dates, so as_of only fixes the run
    assert eco.live_mask().all()


# -- CASOS / ORA reports ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("relation", "links", "density", "reciprocity_", "centralisation"),
    [
        ("information", 49, 0.544, 0.531, 0.431),  # CASOS, KNOKI report
        ("money", 22, 0.244, 0.048, 0.250),  # CASOS, KNOKM report
    ],
)
def test_casos_network_level_measures(
    eco: netorg.Ecosystem,
    relation: str,
    links: int,
    density: float,
    reciprocity_: float,
    centralisation: float,
) -> None:
    assert len(arcs(eco, relation)) == links
    assert directed_density(eco, relation) == pytest.approx(density, abs=5e-4)
    assert reciprocity(eco, relation) == pytest.approx(reciprocity_, abs=5e-4)
    assert ora_degree_centralisation(eco, relation) == pytest.approx(centralisation, abs=5e-4)


@pytest.mark.parametrize(
    ("relation", "isolates", "fragmentation", "path_length", "diameter"),
    [
        ("information", 0, 0.000, 1.533, 3),  # CASOS, KNOKI report
        ("money", 1, 0.200, 1.429, 3),  # CASOS, KNOKM report
    ],
)
def test_casos_reachability(
    eco: netorg.Ecosystem,
    relation: str,
    isolates: int,
    fragmentation: float,
    path_length: float,
    diameter: int,
) -> None:
    graph = undirected(eco, relation)
    sizes = stats.component_sizes(graph)
    assert sizes.count(1) == isolates
    # CASOS: "Components of 3 or more nodes 1" and no dyadic isolates, for both relations
    assert sum(1 for s in sizes if s >= 3) == 1 and 2 not in sizes
    assert stats.fragmentation(graph) == pytest.approx(fragmentation, abs=5e-4)
    directed = digraph(eco, relation)
    assert directed.average_path_length(directed=True, unconn=True) == pytest.approx(
        path_length, abs=5e-4
    )
    assert directed.diameter(directed=True, unconn=True) == diameter


@pytest.mark.parametrize(
    ("relation", "in_range", "out_range", "total_range"),
    [
        # CASOS "[Unscaled]" rows: (min, max) of in-, out- and total degree
        ("information", (1, 9), (3, 8), (4, 16)),
        ("money", (0, 6), (0, 5), (0, 8)),
    ],
)
def test_casos_degree_ranges(
    eco: netorg.Ecosystem,
    relation: str,
    in_range: tuple[int, int],
    out_range: tuple[int, int],
    total_range: tuple[int, int],
) -> None:
    out_deg, in_deg = degrees(eco, relation)
    total = out_deg + in_deg
    assert (int(in_deg.min()), int(in_deg.max())) == in_range
    assert (int(out_deg.min()), int(out_deg.max())) == out_range
    assert (int(total.min()), int(total.max())) == total_range
    # CASOS average in- and out-degree (4.900 and 2.200) is simply links / n
    assert in_deg.mean() == pytest.approx(len(arcs(eco, relation)) / 10)


# -- Hanneman & Riddle ------------------------------------------------------------------------


def test_hanneman_degree_centralisation_of_information_network(eco: netorg.Ecosystem) -> None:
    """Chapter 10: "the out-degree graph centralization is 51% and the in-degree graph
    centralization 38% of these theoretical maximums" (Knoke information network).

    From the bundled (row sends to column) ties the two values come out the other way round:
    in-degree 50.6 %, out-degree 38.3 %. The CASOS report of the same matrix (in-degree range
    1-9, out-degree range 3-8, tested above) agrees with the bundled orientation, so the pair
    of values is reproduced and the labels in the quoted sentence are taken to be swapped.
    """
    out_deg, in_deg = degrees(eco, "information")
    assert freeman_directed(in_deg) == pytest.approx(0.51, abs=0.005)
    assert freeman_directed(out_deg) == pytest.approx(0.38, abs=0.005)


def test_hanneman_government_vs_other_normed_degree(eco: netorg.Ecosystem) -> None:
    """T-test example on the Knoke information exchange network: "the
    average normed degree centrality of government organizations (75) is 6.481 units higher
    than the average normed degree centrality of non-governmental organizations (68.519)".

    Normed degree = number of partners (ties in either direction) / (n - 1) * 100; the
    government organisations are those the source codes GOV.
    """
    graph = undirected(eco, "information")
    normed = np.asarray(graph.degree(), dtype=float) / (graph.vcount() - 1) * 100
    government = (eco.organisations["sector_code"] == "GOV").to_numpy()
    assert normed[government].mean() == pytest.approx(75.0, abs=5e-4)
    assert normed[~government].mean() == pytest.approx(68.519, abs=5e-4)
    assert normed[government].mean() - normed[~government].mean() == pytest.approx(6.481, abs=5e-4)


# -- every single tie: the CONCOR walk-through ------------------------------------------------

# The printed 10 x 10 matrix, upper triangle, row by row (organisations in ORDER); the numbers
# are as printed, only the column padding is reduced to one space.
CONCOR_FIRST_STEP = """
0.14169568 0.14978617 0.45054945 0.27814338 0.10482848 0.29773258 0.25677630 0.34065934 0.10669059
-0.06131393 0.14169568 0.40350877 0.35043832 0.29730058 0.14306585 0.14169568 0.20680477
0.04279605 -0.04087596 -0.10206207 0.31622777 0.37500000 0.47075654 0.17108830
0.38310314 0.10482848 0.29773258 0.14978617 0.34065934 0.35772728
0.31706324 0.32315281 -0.04087596 0.06822385 0.15285570
-0.08606630 0.06804138 -0.06988566 0.41907904
0.00000000 0.40599897 0.07728982
0.25677630 0.29329423
0.35772728
"""


def concor_rows() -> Iterator[list[float]]:
    for line in CONCOR_FIRST_STEP.strip().splitlines():
        yield [float(x) for x in line.split()]


def test_concor_correlations_pin_down_every_tie(eco: netorg.Ecosystem) -> None:
    """Column correlations of [KNOKI; KNOKI'; KNOKM; KNOKM'] depend on every cell of both
    matrices, so matching all 45 printed values checks the ties one by one, up to swapping the
    two relations or transposing either matrix (each enters with its transpose); the CASOS
    link counts and degree ranges above rule those out."""
    n = len(eco.org_index)
    stacked = []
    for relation in ("information", "money"):
        matrix = np.zeros((n, n))
        for a, b in arcs(eco, relation):
            matrix[a, b] = 1.0
        stacked += [matrix, matrix.T]
    correlations = np.asarray(np.corrcoef(np.vstack(stacked).T))
    for i, row in enumerate(concor_rows()):
        assert correlations[i, i + 1 :].tolist() == pytest.approx(row, abs=1e-7)
