"""Alliance clusters on planted partitions and tiny hand-built ecosystems."""

from __future__ import annotations

import dataclasses
from collections import Counter

import igraph as ig
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import netorg
from netorg.analysis import clusters as clusters_module
from netorg.analysis.clusters import collaboration_graph, run_stability_in_background

AS_OF = "2026-06-30"


def planted(
    groups: int, size: int, p_in: float, p_out: float, seed: int
) -> tuple[netorg.Ecosystem, np.ndarray]:
    """Groups of organisations with partnerships inside (p_in) and across (p_out)."""
    rng = np.random.default_rng(seed)
    n = groups * size
    truth = np.repeat(np.arange(groups), size)
    ids = [f"O{i:03d}" for i in range(n)]
    rows: list[dict[str, str]] = []
    for i in range(n):
        for j in range(i + 1, n):
            p = p_in if truth[i] == truth[j] else p_out
            if rng.random() < p:
                rows.append({"id": f"A{len(rows)}", "type": "partnership", "source": ids[i],
                             "target": ids[j], "start": "2024-01-01"})  # fmt: skip
    # Noise of another kind: purchases across groups never make clusters.
    for k in range(n):
        j = int(rng.integers(0, n))
        if truth[j] != truth[k]:
            rows.append({"id": f"M{k}", "type": "purchase", "source": ids[k], "target": ids[j],
                         "start": "2024-01-01"})  # fmt: skip
    orgs = pd.DataFrame({"id": ids, "name": ids})
    return netorg.from_frames(orgs, pd.DataFrame(rows), as_of=AS_OF), truth


def ari(clusters: pd.DataFrame, truth: np.ndarray) -> float:
    found = clusters.set_index("org_id").loc[[f"O{i:03d}" for i in range(len(truth))]]
    labels = found["cluster_id"].fillna(0).astype(int).to_numpy()
    return float(ig.compare_communities(labels, truth, method="adjusted_rand"))


def test_clean_planted_partition_is_recovered() -> None:
    eco, truth = planted(groups=4, size=12, p_in=0.5, p_out=0.0, seed=1)
    clusters = netorg.alliance_clusters(eco)
    assert ari(clusters, truth) >= 0.9
    assert clusters["cluster_id"].nunique() == 4


def test_noisy_planted_partition_is_recovered() -> None:
    eco, truth = planted(groups=5, size=15, p_in=0.35, p_out=0.03, seed=2)
    assert ari(netorg.alliance_clusters(eco), truth) >= 0.7


def test_same_seed_same_clusters() -> None:
    eco, _ = planted(groups=4, size=10, p_in=0.4, p_out=0.05, seed=3)
    pd.testing.assert_frame_equal(
        netorg.alliance_clusters(eco, seed=7), netorg.alliance_clusters(eco, seed=7)
    )
    pd.testing.assert_frame_equal(netorg.cluster_summary(eco), netorg.cluster_summary(eco))


def test_cluster_name_counts_a_region_however_it_is_spelled() -> None:
    eco, _ = planted(groups=2, size=12, p_in=0.6, p_out=0.0, seed=1)
    # Group 0: 5 + 4 members in one region spelled two ways, 3 elsewhere; group 1: no majority.
    spelled = ["Zuid-Holland"] * 5 + ["zuid-HOLLAND "] * 4 + ["Utrecht"] * 3
    spelled += ["Utrecht", "Gelderland", "Zeeland"] * 4
    regions = pd.Series(spelled, index=[f"O{i:03d}" for i in range(24)])
    orgs = eco.organisations.assign(region=regions.loc[eco.organisations["id"]].to_numpy())
    eco = netorg.from_frames(orgs, eco.agreements.drop(columns=["n_parties"]), as_of=AS_OF)
    summary = netorg.cluster_summary(eco).set_index("members")["cluster_name"]
    first, second = (";".join(f"O{i:03d}" for i in range(k, k + 12)) for k in (0, 12))
    assert summary[first] == f"{summary[first].split(' ')[0]} (Zuid-Holland)"
    assert "(" not in summary[second]  # no region shared by half the members


def _reference_names(orgs: pd.DataFrame, labels: np.ndarray, lead: np.ndarray) -> dict[int, str]:
    """Cluster names a cluster at a time: a value at least half the members have, the first
    member's of two halves; regions counted without case or extra spaces."""

    def top(values: list[str]) -> tuple[str, int]:
        counts = Counter(v for v in values if v != "")  # keeps the order values are met
        return counts.most_common(1)[0] if counts else ("", 0)

    names = {}
    for cluster in range(int(labels.max()) + 1):
        rows = orgs.iloc[np.flatnonzero(labels == cluster)]
        parts = []
        sector, count = top(rows["sector"].tolist())
        if count and count >= len(rows) / 2:
            parts.append(sector)
        keys = [" ".join(r.split()).casefold() for r in rows["region"]]
        key, count = top(keys)
        if count and count >= len(rows) / 2:
            parts.append(top([r for r, k in zip(rows["region"], keys, strict=True) if k == key])[0])
        leader = orgs["name"].iloc[np.flatnonzero(lead & (labels == cluster))[0]]
        names[cluster] = f"{leader} ({', '.join(parts)})" if parts else leader
    return names


@given(st.data())
@settings(max_examples=60, deadline=None)
def test_cluster_names_are_the_dominant_sector_and_region_of_each_cluster(
    data: st.DataObject,
) -> None:
    n = data.draw(st.integers(1, 40))
    labels = np.array(data.draw(st.lists(st.integers(-1, 3), min_size=n, max_size=n)))
    labels = np.unique(labels, return_inverse=True)[1] - (1 if (labels < 0).any() else 0)
    lead = np.zeros(n, dtype=bool)
    for cluster in range(int(labels.max()) + 1):
        members = np.flatnonzero(labels == cluster)
        lead[members[data.draw(st.integers(0, len(members) - 1))]] = True
    words = st.lists(st.sampled_from(["", "  ", "zorg", "wonen", "Zuid-Holland", " zuid-HOLLAND",
                                      "Utrecht", "utrecht  "]), min_size=n, max_size=n)  # fmt: skip
    orgs = pd.DataFrame(
        {"id": [f"O{i}" for i in range(n)], "name": [f"Org {i}" for i in range(n)],
         "sector": data.draw(words), "region": data.draw(words)}
    )  # fmt: skip
    eco = netorg.from_frames(orgs, pd.DataFrame(columns=["id", "type", "source", "target"]))
    names = clusters_module._cluster_names(eco, labels, lead)
    assert names == _reference_names(eco.organisations, labels, lead)


def small_world() -> netorg.Ecosystem:
    """Two tight groups of four, one big consortium over everybody, a loner, a supplier."""
    a = ["A1", "A2", "A3", "A4"]
    b = ["B1", "B2", "B3", "B4"]
    others = [f"X{i}" for i in range(12)]
    ids = [*a, *b, *others, "LONER", "SUP"]
    rows = []
    for group in (a, b):
        for i, x in enumerate(group):
            for y in group[i + 1 :]:
                rows.append({"id": f"P-{x}-{y}", "type": "partnership", "source": x, "target": y})
    rows.append({"id": "BIG", "type": "consortium", "parties": ";".join([*a, *b, *others])})
    rows.append({"id": "BUY", "type": "purchase", "source": "LONER", "target": "SUP"})
    orgs = pd.DataFrame({"id": ids, "name": [f"Org {i}" for i in ids]})
    return netorg.from_frames(orgs, pd.DataFrame(rows).fillna(""), as_of=AS_OF)


def test_a_big_consortium_does_not_swamp_the_groups() -> None:
    eco = small_world()
    graph = collaboration_graph(eco, implicit_weight=0)
    code = {org: i for i, org in enumerate(eco.org_index)}
    weight = graph.es[graph.get_eid(code["X0"], code["X1"])]["weight"]
    assert weight == pytest.approx(1 / 19)  # 20 parties: 1 / (k - 1) per pair
    assert graph.es[graph.get_eid(code["A1"], code["A2"])]["weight"] == pytest.approx(1 + 1 / 19)
    clusters = netorg.alliance_clusters(eco).set_index("org_id")
    assert clusters.loc["A1", "cluster_id"] == clusters.loc["A4", "cluster_id"]
    assert clusters.loc["B1", "cluster_id"] == clusters.loc["B4", "cluster_id"]
    assert clusters.loc["A1", "cluster_id"] != clusters.loc["B1", "cluster_id"]


def test_organisations_without_collaboration_are_listed_unclustered() -> None:
    eco = small_world()
    clusters = netorg.alliance_clusters(eco)
    assert len(clusters) == len(eco.organisations)
    loners = clusters.set_index("org_id").loc[["LONER", "SUP"]]
    assert list(loners["role_in_cluster"]) == ["unclustered", "unclustered"]
    assert loners["cluster_id"].isna().all()
    assert "in no cluster" in loners["reasons"].iloc[0]


#: A hub with four partners, three of them also tied to each other.
HUB_ROWS = [
    {"id": f"P{i}", "type": "partnership", "source": "HUB", "target": t}
    for i, t in enumerate(["M1", "M2", "M3", "M4"])
] + [
    {"id": "P9", "type": "covenant", "source": "M1", "target": "M2"},
    {"id": "P10", "type": "covenant", "source": "M2", "target": "M3"},
]


def test_roles_lead_peripheral_member() -> None:
    rows = HUB_ROWS
    orgs = pd.DataFrame(
        {"id": ["HUB", "M1", "M2", "M3", "M4"], "name": ["Hub", "a", "b", "c", "d"]}
    )
    eco = netorg.from_frames(orgs, pd.DataFrame(rows), as_of=AS_OF)
    clusters = netorg.alliance_clusters(eco).set_index("org_id")
    assert clusters.loc["HUB", "role_in_cluster"] == "lead"
    assert clusters.loc["M4", "role_in_cluster"] == "peripheral"  # its only tie is the hub
    assert clusters.loc["M2", "role_in_cluster"] == "member"
    assert clusters.loc["HUB", "internal_degree"] == 4
    assert clusters.loc["HUB", "cluster_name"] == "Hub"
    assert clusters.loc["HUB", "reasons"].startswith("Lead: the strongest ties inside the cluster")


def test_implicit_ties_join_with_lower_weight() -> None:
    rows = [
        {"id": f"K{i}", "type": "tender_award", "source": "GEM", "target": "JZ",
         "start": f"{2016 + 2 * i}-01-01", "end": f"{2017 + 2 * i}-12-31" if i < 4 else "",
         "status": "ended" if i < 4 else "active", "value": "100", "service": "youth_care",
         "contacts": "E. Mulder"}
        for i in range(5)
    ]  # fmt: skip
    orgs = pd.DataFrame({"id": ["GEM", "JZ"], "name": ["Gem", "Jz"], "needs": ["youth_care", ""]})
    eco = netorg.from_frames(orgs, pd.DataFrame(rows), as_of=AS_OF)
    assert netorg.tie_classes(eco).loc[0, "tie_class"] == "implicit"
    assert collaboration_graph(eco, implicit_weight=0.5).es["weight"] == [0.5]
    assert collaboration_graph(eco, implicit_weight=0).ecount() == 0


def test_declared_consortia_paper_and_real() -> None:
    members = ["C1", "C2", "C3", "C4"]
    paper = ["D1", "D2", "D3", "D4"]
    rows = [{"id": "REAL", "type": "consortium", "parties": ";".join(members)},
            {"id": "PAPER", "type": "consortium", "parties": ";".join(paper)}]  # fmt: skip
    for i, x in enumerate(members):
        for y in members[i + 1 :]:
            rows.append({"id": f"R-{x}-{y}", "type": "referral", "source": x, "target": y})
    orgs = pd.DataFrame({"id": members + paper, "name": members + paper})
    eco = netorg.from_frames(orgs, pd.DataFrame(rows).fillna(""), as_of=AS_OF)
    found = netorg.declared_consortia(eco).set_index("agreement_id")
    assert found.loc["PAPER", "finding"] == "paper_consortium"
    assert found.loc["PAPER", "members_collaborating"] == 0
    assert found.loc["REAL", "finding"] == "matches_cluster"
    assert found.loc["REAL", "members_collaborating"] == 1.0
    assert found.loc["PAPER", "reasons"].startswith("Paper consortium: consortium PAPER")


@given(st.data())
@settings(max_examples=25, deadline=None)
def test_members_collaborating_counts_members_tied_outside_the_consortium(
    data: st.DataObject,
) -> None:
    # Random consortia (with and without a lead, so with every pair or a star of edges) and
    # two-party agreements of every form, against the rule counted with Python sets.
    orgs = [f"O{i}" for i in range(8)]
    rows = []
    for k in range(data.draw(st.integers(1, 4))):
        parties = data.draw(st.lists(st.sampled_from(orgs), min_size=3, max_size=6, unique=True))
        lead = data.draw(st.booleans())
        roles = ";".join(["lead", *["member"] * (len(parties) - 1)]) if lead else ""
        status = data.draw(st.sampled_from(["active", "active", "ended"]))
        rows.append({"id": f"C{k}", "type": "consortium", "parties": ";".join(parties),
                     "roles": roles, "status": status})  # fmt: skip
    for k in range(data.draw(st.integers(0, 12))):
        a, b = data.draw(st.lists(st.sampled_from(orgs), min_size=2, max_size=2, unique=True))
        kind = data.draw(st.sampled_from(["referral", "purchase", "alliance", "merger"]))
        status = data.draw(st.sampled_from(["active", "ended"]))
        rows.append({"id": f"T{k}", "type": kind, "source": a, "target": b, "status": status})
    frame = pd.DataFrame(rows).reindex(
        columns=["id", "type", "source", "target", "parties", "roles", "status"]
    )
    eco = netorg.from_frames(
        pd.DataFrame({"id": orgs, "name": orgs}), frame.astype(object).fillna(""), as_of=AS_OF
    )
    found = netorg.declared_consortia(eco).set_index("agreement_id")["members_collaborating"]
    live = eco.live_mask()
    hybrid = eco.of_form("hybrid") & live
    ids = eco.agreement_index
    # the live hybrid agreements of each pair, from the edges (a consortium with a lead ties
    # the lead to each member, one without ties every two members)
    of_pair: dict[frozenset[str], set[str]] = {}
    for e in eco.edges.itertuples():
        if hybrid[e.agreement_code]:
            of_pair.setdefault(frozenset((e.source, e.target)), set()).add(e.agreement_id)
    expected = {}
    for code in np.flatnonzero(hybrid & (eco.agreements["n_parties"].to_numpy() > 2)):
        agreement = ids[code]
        members = set(eco.parties.loc[eco.parties["agreement_id"] == agreement, "org_id"])
        tied = {m for m in members for o in members
                if o != m and of_pair.get(frozenset((m, o)), set()) - {agreement}}  # fmt: skip
        expected[agreement] = round(len(tied) / len(members), 4)
    assert found.to_dict() == expected


def test_cluster_summary_describes_each_cluster() -> None:
    eco, _ = planted(groups=3, size=8, p_in=0.6, p_out=0.0, seed=5)
    summary = netorg.cluster_summary(eco)
    assert list(summary["cluster_id"]) == [1, 2, 3]
    assert summary["size"].sum() == 24
    assert summary["stability"].between(0, 1).all()
    assert summary["share_inside"].tolist() == [1.0, 1.0, 1.0]  # no ties across groups
    assert "no agreement declares this cluster" in summary.loc[0, "reasons"]


def test_zorgregio_clusters() -> None:
    eco = netorg.datasets.load("zorgregio")
    clusters = netorg.alliance_clusters(eco)
    assert len(clusters) == len(eco.organisations)
    leads = set(clusters.loc[clusters["role_in_cluster"] == "lead", "org_id"])
    # The README's intended leads of the youth, housing-and-debt and labour clusters.
    assert {"JZ-LINDE", "SW-LIN", "WERK-LW"} <= leads
    consortia = netorg.declared_consortia(eco).set_index("agreement_id")
    assert consortia.loc["CONS-SLIM", "finding"] == "paper_consortium"


def test_stability_runs_in_a_worker_give_the_same_summary(monkeypatch: pytest.MonkeyPatch) -> None:
    # On a large network analyze() has half of the stability runs made in a worker process
    # while the first run and the cluster table are computed, and makes the rest itself;
    # nothing may tell the difference.
    def noisy() -> netorg.Ecosystem:
        return planted(groups=5, size=15, p_in=0.35, p_out=0.06, seed=4)[0]

    eco = noisy()
    here = netorg.cluster_summary(eco)
    p = eco.config.clusters
    _, _, runs = clusters_module.clustering(eco, p, None)
    assert not runs.in_worker  # not asked for
    direct = runs.labels()
    assert len(direct) == p.stability_runs - 1
    assert here["stability"].lt(1).any()  # the runs differ, so the check below can fail
    monkeypatch.setattr(clusters_module, "BACKGROUND_MIN_TIES", 0)
    eco = noisy()
    run_stability_in_background(eco)
    other = dataclasses.replace(p, seed=p.seed + 10)  # not what analyze() runs: no worker
    assert not clusters_module.clustering(eco, other, None)[2].in_worker
    _, _, runs = clusters_module.clustering(eco, p, None)
    assert runs.in_worker
    pd.testing.assert_frame_equal(netorg.cluster_summary(eco), here)
    for shared, alone in zip(runs.labels(), direct, strict=True):
        np.testing.assert_array_equal(shared, alone)
