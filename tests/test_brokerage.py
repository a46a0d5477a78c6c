"""Brokerage roles and structural holes on hand-built graphs with the answers written out.

Sources of the expected values:

- The five roles and the open two-path rule (b brokers a -> b -> c only when a != c and there
  is no arc a -> c): Gould & Fernandez (1989), as documented for UCINET ("Network > Ego
  networks > Brokerage", http://www.analytictech.com/ucinet/help/hs4157.htm) and for the R
  package sna (``brokerage``, https://search.r-project.org/CRAN/refmans/sna/html/brokerage.html).
- A published worked example: the R package cograph documents each role on the same 4-node
  graph and prints the counts, which its tests check to be bit-exact against
  ``sna::brokerage(...)$raw.nli``: repository sonsoleslp/cograph, commit
  690b06ec7446ea133c873cc5b7591f08ec227152, files
  reference/centrality_brokerage_{coordinator,itinerant,gatekeeper,representative,liaison}.md.
- Burt's constraint as igraph defines it (igraph R manual, ``constraint``):
  ``C_i = sum_j (p_ij + sum_q p_iq p_qj)^2`` over i's contacts j, with
  ``p_ij = (a_ij + a_ji) / sum_k (a_ik + a_ki)``; the values below are worked out by hand.
"""

from __future__ import annotations

import itertools

import igraph as ig
import numpy as np
import pandas as pd
import pytest

import netorg
from netorg.analysis.brokerage import (
    ROLES,
    _census,
    brokerage,
    burt_constraint,
    gould_fernandez,
)

# -- Gould & Fernandez on hand-built graphs --------------------------------------------------

# Groups: A = {0, 1, 2}, B = {3, 4}, C = {5, 6}; node 7 is in no group (a group of its own).
HAND_GROUP = np.array([0, 0, 0, 1, 1, 2, 2, -1])
HAND_ARCS = [
    (0, 1), (1, 2), (3, 1), (3, 2), (1, 5), (5, 4), (4, 6), (6, 7), (7, 0),
    (0, 1),  # a second agreement on the same pair counts once
    (2, 2),  # a self-loop is dropped
]  # fmt: skip
# Every two-path a -> b -> c with a != c, by middle node b:
#
#   b  chain          arc a -> c?  groups of a, b, c        role
#   0  7 -> 0 -> 1    no           none(7), A, A            gatekeeper
#   1  0 -> 1 -> 2    no           A, A, A                  coordinator
#   1  0 -> 1 -> 5    no           A, A, C                  representative
#   1  3 -> 1 -> 2    YES (3 -> 2) B, A, A                  not brokerage
#   1  3 -> 1 -> 5    no           B, A, C                  liaison
#   2  (no out-arcs once the self-loop is dropped)
#   4  5 -> 4 -> 6    no           C, B, C                  itinerant
#   5  1 -> 5 -> 4    no           A, C, B                  liaison
#   6  4 -> 6 -> 7    no           B, C, none(7)            liaison
#   7  6 -> 7 -> 0    no           C, none(7), A            liaison
#   3  (no in-arcs)
HAND_EXPECTED = {
    # node: (coordinator, itinerant, gatekeeper, representative, liaison)
    0: (0, 0, 1, 0, 0),
    1: (1, 0, 0, 1, 1),
    2: (0, 0, 0, 0, 0),
    3: (0, 0, 0, 0, 0),
    4: (0, 1, 0, 0, 0),
    5: (0, 0, 0, 0, 1),
    6: (0, 0, 0, 0, 1),
    7: (0, 0, 0, 0, 1),
}


def arrays(arcs: list[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
    pairs = np.asarray(arcs, dtype=np.int64).reshape(-1, 2)
    return pairs[:, 0], pairs[:, 1]


def test_hand_built_example_counts_every_role() -> None:
    roles = gould_fernandez(*arrays(HAND_ARCS), HAND_GROUP, 8)
    assert list(roles.columns) == [*ROLES, "total"]
    assert list(roles.index) == list(range(8))
    for node, expected in HAND_EXPECTED.items():
        assert tuple(roles.loc[node, list(ROLES)]) == expected, node
        assert roles.loc[node, "total"] == sum(expected)
    assert roles["total"].sum() == 8  # the closed chain 3 -> 1 -> 2 is not among them


def test_results_do_not_depend_on_the_chunk_size() -> None:
    whole = gould_fernandez(*arrays(HAND_ARCS), HAND_GROUP, 8)
    for chunk_size in (1, 2, 3):
        pd.testing.assert_frame_equal(
            gould_fernandez(*arrays(HAND_ARCS), HAND_GROUP, 8, chunk_size=chunk_size), whole
        )


def test_published_example_cograph_matches_sna() -> None:
    # adj <- matrix(c(0,1,1,0, 0,0,1,1, 0,0,0,1, 1,0,0,0), 4, 4, byrow = TRUE), nodes A..D,
    # membership c(1, 1, 2, 2); the printed results (#> lines) of each reference page:
    #   coordinator    A B C D = 0 0 0 0
    #   itinerant      A B C D = 1 0 0 1
    #   gatekeeper     A B C D = 1 0 1 0
    #   representative A B C D = 0 1 0 1
    #   liaison        A B C D = 0 0 0 0
    adjacency = np.array([[0, 1, 1, 0], [0, 0, 1, 1], [0, 0, 0, 1], [1, 0, 0, 0]])
    source, target = np.nonzero(adjacency)
    roles = gould_fernandez(source, target, np.array([1, 1, 2, 2]), 4)
    assert roles["coordinator"].tolist() == [0, 0, 0, 0]
    assert roles["itinerant"].tolist() == [1, 0, 0, 1]
    assert roles["gatekeeper"].tolist() == [1, 0, 1, 0]
    assert roles["representative"].tolist() == [0, 1, 0, 1]
    assert roles["liaison"].tolist() == [0, 0, 0, 0]


def test_reciprocal_ties_and_closed_triads_broker_nothing() -> None:
    # a <-> b: the chain a -> b -> a returns to where it started.
    roles = gould_fernandez(*arrays([(0, 1), (1, 0)]), np.array([0, 1]), 2)
    assert roles["total"].tolist() == [0, 0]
    # a transitive triad 0 -> 1 -> 2 with 0 -> 2: nobody needs 1.
    roles = gould_fernandez(*arrays([(0, 1), (1, 2), (0, 2)]), np.array([0, 0, 0]), 3)
    assert roles["total"].tolist() == [0, 0, 0]


def test_ungrouped_nodes_are_groups_of_their_own() -> None:
    chain = arrays([(0, 1), (1, 2)])
    # nobody grouped: a, b, c are three different groups
    assert gould_fernandez(*chain, np.array([-1, -1, -1]), 3).loc[1, "liaison"] == 1
    # a and c together, the broker in no group: it mediates from outside
    assert gould_fernandez(*chain, np.array([5, -1, 5]), 3).loc[1, "itinerant"] == 1
    # the broker grouped with c, the source in no group
    assert gould_fernandez(*chain, np.array([-1, 5, 5]), 3).loc[1, "gatekeeper"] == 1


def test_empty_graphs() -> None:
    empty = np.zeros(0, dtype=np.int64)
    assert gould_fernandez(empty, empty, np.array([0, 1, -1]), 3)["total"].tolist() == [0, 0, 0]
    assert gould_fernandez(empty, empty, empty, 0).shape == (0, 6)


@pytest.mark.parametrize(
    ("source", "target", "group", "n", "message"),
    [
        ([0, 1], [1], [0, 0], 2, "same length"),
        ([0, 2], [1, 0], [0, 0], 2, "outside 0..1"),
        ([0], [1], [0], 2, "one entry per node"),
        ([0], [1], [0, -2], 2, "use -1"),
        ([0], [1], [0.0, 1.0], 2, "integers"),
    ],
)
def test_bad_input_is_named(
    source: list[int], target: list[int], group: list[float], n: int, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        gould_fernandez(np.array(source), np.array(target), np.array(group), n)


def slow_roles(arcs: list[tuple[int, int]], group: np.ndarray, n: int) -> np.ndarray:
    """The definition, literally: a triple loop over (a, b, c)."""
    arc = {(a, b) for a, b in arcs if a != b}
    label = [int(g) if g >= 0 else f"alone {i}" for i, g in enumerate(group)]
    counts = np.zeros((n, 5), dtype=np.int64)
    for b in range(n):
        for a in range(n):
            for c in range(n):
                if a == c or (a, b) not in arc or (b, c) not in arc or (a, c) in arc:
                    continue
                ga, gb, gc = label[a], label[b], label[c]
                if ga == gb == gc:
                    role = "coordinator"
                elif ga == gc:
                    role = "itinerant"
                elif gb == gc:
                    role = "gatekeeper"
                elif ga == gb:
                    role = "representative"
                else:
                    role = "liaison"
                counts[b, ROLES.index(role)] += 1
    return counts


@pytest.mark.parametrize("seed", range(6))
def test_vectorised_census_equals_the_triple_loop(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = 30
    density = rng.uniform(0.05, 0.3)
    pairs = [(a, b) for a, b in itertools.product(range(n), repeat=2) if rng.random() < density]
    pairs += [(int(a), int(a)) for a in rng.integers(0, n, 3)]  # self-loops
    pairs += pairs[:5]  # duplicate arcs
    group = rng.integers(-1, 3, n)
    expected = slow_roles(pairs, group, n)
    for chunk_size in (1, 17, 1 << 20):
        roles = gould_fernandez(*arrays(pairs), group, n, chunk_size=chunk_size)
        np.testing.assert_array_equal(roles[list(ROLES)].to_numpy(), expected)
        np.testing.assert_array_equal(roles["total"].to_numpy(), expected.sum(axis=1))


def slow_routes(
    arcs: list[tuple[int, int]], group: np.ndarray, n: int
) -> tuple[list[int], list[int], list[bool]]:
    """The busiest route of each broker in its main role, from the definition.

    A route is (group of a, group of c) coded ``start * n_codes + end`` over the group codes,
    singletons included. Per broker: the route of its main role (the first of its most
    frequent roles) with the most chains, the lowest code among equals; -1 for a coordinator
    or a node that brokers nothing. ``sole``: no other node brokers the route in any role
    but coordinator, its two groups differ and no arc joins them directly.
    """
    arc = {(a, b) for a, b in arcs if a != b}
    first_free = int(group.max()) + 1
    code = [int(g) if g >= 0 else first_free + i for i, g in enumerate(group)]
    n_codes = max(code) + 1
    roles = slow_roles(arcs, group, n)
    per_broker: dict[int, dict[int, int]] = {b: {} for b in range(n)}
    brokers: dict[int, set[int]] = {}
    for b, a, c in itertools.product(range(n), repeat=3):
        if a == c or (a, b) not in arc or (b, c) not in arc or (a, c) in arc:
            continue
        ga, gb, gc = code[a], code[b], code[c]
        if ga == gb == gc:
            continue
        role = 1 if ga == gc else 2 if gb == gc else 3 if ga == gb else 4
        if role != int(np.argmax(roles[b])):
            brokers.setdefault(ga * n_codes + gc, set()).add(b)
            continue
        route = ga * n_codes + gc
        per_broker[b][route] = per_broker[b].get(route, 0) + 1
        brokers.setdefault(route, set()).add(b)
    direct = {code[a] * n_codes + code[c] for a, c in arc if code[a] != code[c]}
    busiest, chains, sole = [], [], []
    for b in range(n):
        if not per_broker[b]:
            busiest.append(-1)
            chains.append(0)
            sole.append(False)
            continue
        route = min(per_broker[b], key=lambda r: (-per_broker[b][r], r))
        start, end = divmod(route, n_codes)
        busiest.append(route)
        chains.append(per_broker[b][route])
        sole.append(brokers[route] == {b} and start != end and route not in direct)
    return busiest, chains, sole


@pytest.mark.parametrize("seed", range(6))
def test_busiest_routes_equal_the_definition(seed: int) -> None:
    rng = np.random.default_rng(100 + seed)
    n = 24
    density = rng.uniform(0.05, 0.3)
    pairs = [(a, b) for a, b in itertools.product(range(n), repeat=2) if rng.random() < density]
    group = rng.integers(-1, 4, n)
    busiest, chains, sole = slow_routes(pairs, group, n)
    for chunk_size in (1, 7, 1 << 20):
        _, routes = _census(*arrays(pairs), group, n, chunk_size=chunk_size, routes=True)
        assert routes is not None
        assert routes.route.tolist() == busiest
        assert routes.chains.tolist() == chains
        assert routes.sole.tolist() == sole


# -- brokerage on ecosystems -----------------------------------------------------------------

AS_OF = "2026-06-30"
ORGS = pd.DataFrame(
    {
        "id": ["GEM", "GEM2", "HUB", "ZORG", "ISO"],
        "name": ["Gemeente Oss", "Gemeente Uden", "Regionaal Loket", "Zorggroep", "Solo BV"],
        "type": ["municipality", "municipality", "ngo", "care_provider", "company"],
    }
)
CLUSTERS = pd.Series({"GEM": 1, "GEM2": 1, "HUB": 2, "ZORG": 3}, dtype="Int64")


def agreement(id: str, source: str, target: str, status: str = "") -> dict[str, str]:
    end = "2020-12-31" if status == "ended" else ""
    return {"id": id, "type": "contract", "source": source, "target": target,
            "status": status, "end": end}  # fmt: skip


# GEM2 -> GEM -> HUB -> ZORG, GEM -> HUB twice, and an ended GEM -> ZORG that no longer
# closes the chain GEM -> HUB -> ZORG. ISO has no agreement.
#   GEM: GEM2 -> GEM -> HUB, clusters 1, 1, 2: representative
#   HUB: GEM -> HUB -> ZORG, clusters 1, 2, 3: liaison, the only two-step link from cluster 1
#        to cluster 3, and no live agreement runs from cluster 1 to cluster 3.
CHAIN = [
    agreement("A1", "GEM2", "GEM"),
    agreement("A2", "GEM", "HUB"),
    agreement("A3", "GEM", "HUB"),
    agreement("A4", "HUB", "ZORG"),
    agreement("A5", "GEM", "ZORG", status="ended"),
]


def chain_eco() -> netorg.Ecosystem:
    return netorg.from_frames(ORGS, pd.DataFrame(CHAIN), as_of=AS_OF)


def test_brokerage_table_on_a_chain_of_live_agreements() -> None:
    table = brokerage(chain_eco(), groups=CLUSTERS)
    assert list(table.columns) == [
        "org_id", "name", "group", *ROLES, "total", "constraint", "effective_size", "reasons",
    ]  # fmt: skip
    # sorted by total, then org_id
    assert table["org_id"].tolist() == ["GEM", "HUB", "GEM2", "ISO", "ZORG"]
    rows = table.set_index("org_id")
    assert rows.loc["GEM", "representative"] == 1 and rows.loc["GEM", "total"] == 1
    assert rows.loc["HUB", "liaison"] == 1 and rows.loc["HUB", "total"] == 1
    assert rows.loc[["GEM2", "ISO", "ZORG"], "total"].eq(0).all()
    assert rows["group"].tolist()[:3] == [1, 2, 1] and pd.isna(rows.loc["ISO", "group"])
    assert rows.loc["GEM", "name"] == "Gemeente Oss"


def test_brokerage_reasons_name_the_role_and_the_route() -> None:
    rows = brokerage(chain_eco(), groups=CLUSTERS).set_index("org_id")
    hub = rows.loc["HUB", "reasons"]
    assert "Brokers 1 time" in hub and "(liaison 1)" in hub
    assert "As liaison: it links two clusters, neither of them its own." in hub
    assert "Most often from cluster 1 to cluster 3 (1 time)" in hub
    assert "it is the only organisation linking them in two steps" in hub
    gem = rows.loc["GEM", "reasons"]
    assert "As representative" in gem and "from cluster 1 to cluster 2" in gem
    # GEM's own agreement runs from cluster 1 to cluster 2, so it is not the only link
    assert "only organisation" not in gem
    assert "Brokers nothing" in rows.loc["ZORG", "reasons"]
    assert "no live agreement" in rows.loc["ISO", "reasons"]
    assert "In no cluster." in rows.loc["ISO", "reasons"]


def test_a_live_closing_agreement_removes_the_brokerage() -> None:
    live = [*CHAIN[:4], agreement("A5", "GEM", "ZORG")]
    eco = netorg.from_frames(ORGS, pd.DataFrame(live), as_of=AS_OF)
    rows = brokerage(eco, groups=CLUSTERS).set_index("org_id")
    assert rows.loc["HUB", "total"] == 0
    # GEM2 -> GEM -> ZORG is new: clusters 1, 1, 3, representative again
    assert rows.loc["GEM", "representative"] == 2


def test_constraint_and_effective_size_on_the_chain() -> None:
    rows = brokerage(chain_eco(), groups=CLUSTERS).set_index("org_id")
    # Live tie graph: GEM2 - GEM (1 agreement), GEM - HUB (2), HUB - ZORG (1); ISO alone.
    # GEM: p(GEM2) = 1/3, p(HUB) = 2/3, its two partners are not tied: 1/9 + 4/9 = 5/9.
    assert rows.loc["GEM", "constraint"] == pytest.approx(5 / 9, abs=1e-6)
    assert rows.loc["HUB", "constraint"] == pytest.approx(5 / 9, abs=1e-6)
    assert rows.loc["GEM2", "constraint"] == pytest.approx(1.0)
    assert np.isnan(rows.loc["ISO", "constraint"])
    # effective size n - 2t/n: two partners with no tie between them count as two
    assert rows.loc["GEM", "effective_size"] == pytest.approx(2.0)
    assert rows.loc["ZORG", "effective_size"] == pytest.approx(1.0)
    assert np.isnan(rows.loc["ISO", "effective_size"])


def test_constraint_of_a_weighted_star_by_hand() -> None:
    # Centre C with leaves L1 (two agreements), L2, L3: weights 2, 1, 1 over strength 4,
    # p = 1/2, 1/4, 1/4, no ties among the leaves: C = 1/4 + 1/16 + 1/16 = 3/8.
    # A leaf has one contact: p = 1, C = 1. Effective size of the centre: 3 partners, t = 0.
    orgs = pd.DataFrame({"id": ["C", "L1", "L2", "L3"], "name": ["C", "L1", "L2", "L3"]})
    rows = [agreement("S1", "C", "L1"), agreement("S2", "C", "L1"),
            agreement("S3", "C", "L2"), agreement("S4", "L3", "C")]  # fmt: skip
    eco = netorg.from_frames(orgs, pd.DataFrame(rows), as_of=AS_OF)
    table = brokerage(eco, groups=pd.Series({"C": 1, "L1": 1, "L2": 1, "L3": 1})).set_index(
        "org_id"
    )
    assert table.loc["C", "constraint"] == pytest.approx(3 / 8)
    assert table.loc[["L1", "L2", "L3"], "constraint"].tolist() == pytest.approx([1, 1, 1])
    assert table.loc["C", "effective_size"] == pytest.approx(3.0)
    # L3 -> C -> L1 and L3 -> C -> L2, all in cluster 1: coordinator twice
    assert table.loc["C", "coordinator"] == 2


def test_igraph_constraint_matches_hand_computations() -> None:
    # unweighted star, centre 0 and three leaves: the centre 3 * (1/3)^2 = 1/3, a leaf 1
    star = ig.Graph(n=4, edges=[(0, 1), (0, 2), (0, 3)])
    assert star.constraint() == pytest.approx([1 / 3, 1, 1, 1])
    # triangle: p = 1/2 each, indirect 1/2 * 1/2: 2 * (1/2 + 1/4)^2 = 9/8
    assert ig.Graph.Full(3).constraint() == pytest.approx([9 / 8] * 3)
    # weighted triangle 0-1 (2), 0-2 (1), 1-2 (1): node 0 has p01 = 2/3, p02 = 1/3,
    # p12 = 1/3, p21 = 1/2: (2/3 + 1/3 * 1/2)^2 + (1/3 + 2/3 * 1/3)^2 = 25/36 + 25/81
    triangle = ig.Graph(n=3, edges=[(0, 1), (0, 2), (1, 2)])
    triangle.es["weight"] = [2, 1, 1]
    assert triangle.constraint(weights="weight")[0] == pytest.approx(25 / 36 + 25 / 81)


@pytest.mark.parametrize("seed", range(5))
def test_constraint_over_triangles_equals_igraphs(seed: int) -> None:
    rng = np.random.default_rng(seed)
    graph = ig.Graph.Erdos_Renyi(n=60, p=float(rng.uniform(0.02, 0.3)))
    graph.add_vertices(2)  # two vertices without partners
    graph.es["weight"] = rng.integers(1, 6, graph.ecount()).tolist()
    expected = np.nan_to_num(np.asarray(graph.constraint(weights="weight")), nan=0.0)
    for chunk_size in (1, 13, 1 << 20):
        np.testing.assert_allclose(burt_constraint(graph, chunk_size), expected, atol=1e-12)


def test_bad_groups_are_named() -> None:
    eco = chain_eco()
    with pytest.raises(ValueError, match="not organisations: NOPE"):
        brokerage(eco, groups=pd.Series({"GEM": 1, "NOPE": 2}))
    with pytest.raises(ValueError, match="more than once: GEM"):
        brokerage(eco, groups=pd.Series([1, 2], index=["GEM", "GEM"]))


def test_knokbur_totals_equal_open_two_paths_counted_with_matrices() -> None:
    # Knoke's ten Indianapolis organisations, both relations, grouped by sector (GOV, VOL,
    # PVT). An independent count: b brokers sum_{a != c} A[a, b] A[b, c] (1 - A[a, c]).
    eco = netorg.datasets.load("knokbur")
    sectors = eco.organisations.set_index("id")["sector_code"]
    table = brokerage(eco, groups=sectors).set_index("org_id").loc[list(eco.org_index)]
    e = eco.edges
    n = len(eco.org_index)
    adjacency = np.zeros((n, n), dtype=np.int64)
    adjacency[e["source_code"], e["target_code"]] = 1
    np.fill_diagonal(adjacency, 0)
    closed_or_back = adjacency.copy()
    np.fill_diagonal(closed_or_back, 1)  # a chain may not return to where it started
    through = np.einsum("ab,bc,ac->b", adjacency, adjacency, 1 - closed_or_back)
    np.testing.assert_array_equal(table["total"].to_numpy(), through)
    codes, _ = pd.factorize(sectors.reindex(eco.org_index))
    arcs = list(zip(e["source_code"].tolist(), e["target_code"].tolist(), strict=True))
    np.testing.assert_array_equal(table[list(ROLES)].to_numpy(), slow_roles(arcs, codes, n))


def test_default_groups_are_the_alliance_clusters() -> None:
    clusters_module = pytest.importorskip("netorg.analysis.clusters")
    eco = netorg.datasets.load("zorgregio")
    clusters = clusters_module.alliance_clusters(eco).set_index("org_id")["cluster_id"]
    table = brokerage(eco).set_index("org_id")
    assert table["group"].reindex(clusters.index).equals(clusters.rename("group"))
    assert (table["total"] >= 0).all() and table["reasons"].str.len().gt(0).all()
