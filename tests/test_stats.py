"""Network-level measures on tiny hand-built ecosystems with the answer written out."""

from __future__ import annotations

import itertools

import igraph as ig
import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import netorg
from netorg import _codes as codes_module
from netorg import model as model_module
from netorg import stats
from netorg._codes import (
    KeyIndex,
    _gather,
    co_occurrences,
    edge_array,
    empty_tuples_for_missing,
    igraph_of,
    pairs_within,
    ranks_within,
    run_starts,
    runs_as_tuples,
    sorted_codes,
    take_rows,
    text_ranks,
)
from netorg.analysis import ties as ties_module


def ecosystem(pairs: list[tuple[str, str]], orgs: list[str], *, ended: int = 0) -> netorg.Ecosystem:
    organisations = pd.DataFrame({"id": orgs, "name": orgs})
    agreements = pd.DataFrame(
        {
            "id": [f"X{i}" for i in range(len(pairs))],
            "type": "purchase",
            "source": [a for a, _ in pairs],
            "target": [b for _, b in pairs],
            "status": ["ended"] * ended + ["active"] * (len(pairs) - ended),
        }
    )
    return netorg.from_frames(organisations, agreements, as_of="2026-01-01")


def test_star_is_fully_centralised() -> None:
    eco = ecosystem([("H", x) for x in "ABCD"], ["H", "A", "B", "C", "D"])
    m = netorg.network_measures(eco)
    assert m["ties"] == 4
    assert m["density"] == pytest.approx(4 / 10)
    assert m["degree_centralisation"] == 1.0
    assert m["components"] == 1 and m["fragmentation"] == 0.0


def test_parallel_agreements_count_once_as_a_tie() -> None:
    eco = ecosystem([("A", "B"), ("B", "A"), ("A", "B")], ["A", "B", "C"])
    graph = stats.tie_graph(eco)
    assert graph.ecount() == 1 and graph.es["weight"] == [3]
    m = netorg.network_measures(eco)
    assert m["isolates"] == 1
    assert m["components"] == 2 and m["largest_component"] == 2
    # pairs that cannot reach each other: 4 of the 6 ordered pairs of 3 organisations
    assert m["fragmentation"] == pytest.approx(1 - 2 / 6)


def test_ended_agreements_do_not_tie() -> None:
    eco = ecosystem([("A", "B"), ("B", "C")], ["A", "B", "C"], ended=1)
    assert netorg.network_measures(eco)["ties"] == 1
    assert netorg.network_measures(eco, live_only=False)["ties"] == 2


def test_ring_has_no_centralisation() -> None:
    eco = ecosystem([("A", "B"), ("B", "C"), ("C", "D"), ("D", "A")], list("ABCD"))
    assert netorg.network_measures(eco)["degree_centralisation"] == 0.0


@pytest.mark.parametrize("m", [0, 1, 50])
def test_igraph_of_keeps_the_edges_in_order(m: int) -> None:
    edges = np.random.default_rng(m).integers(0, 20, size=(m, 2))
    graph = igraph_of(20, edges)
    assert graph.vcount() == 20 and not graph.is_directed()
    assert graph.get_edgelist() == ig.Graph(n=20, edges=edges.tolist()).get_edgelist()
    assert igraph_of(3, np.array([(0, 1), (2, 1)]), directed=True).get_edgelist() == [
        (0, 1),
        (2, 1),
    ]


@pytest.mark.parametrize("m", [0, 1, 50])
@pytest.mark.parametrize("directed", [False, True])
def test_edge_array_lists_the_edges_as_get_edgelist_does(m: int, directed: bool) -> None:
    edges = np.random.default_rng(m).integers(0, 20, size=(m, 2))
    for graph in (
        igraph_of(20, edges, directed=directed),  # kept when built
        ig.Graph(n=20, edges=edges.tolist(), directed=directed),  # read once
    ):
        ends = edge_array(graph)
        assert ends.dtype == np.int64 and ends.shape == (m, 2)
        assert [tuple(e) for e in ends.tolist()] == graph.get_edgelist()
        assert edge_array(graph) is ends
        assert not ends.flags.writeable
    # The array a graph keeps is its own: changing the caller's array does not change it.
    graph = igraph_of(20, edges, directed=directed)
    edges[:] = 0
    assert [tuple(e) for e in edge_array(graph).tolist()] == graph.get_edgelist()
    # Edges added afterwards are read again.
    graph.add_edges([(1, 2)])
    assert [tuple(e) for e in edge_array(graph).tolist()] == graph.get_edgelist()


@given(st.lists(st.text(max_size=6)))
def test_text_ranks_sort_like_python_sorts_text(texts: list[str]) -> None:
    order, rank = text_ranks(pa.array(texts, type=pa.large_string()))
    assert [texts[i] for i in order] == sorted(texts)
    assert (rank[order] == np.arange(len(texts))).all()
    # Equal texts keep their input order (a stable sort), so ranks tell them apart.
    assert [i for i in order if texts.count(texts[i]) > 1] == sorted(
        (i for i in range(len(texts)) if texts.count(texts[i]) > 1),
        key=lambda i: (texts[i], i),
    )


@given(st.lists(st.text(max_size=6)))
def test_sorted_codes_give_the_texts_back_and_sort_like_them(texts: list[str]) -> None:
    codes, names = sorted_codes(pa.array(texts, type=pa.large_string()))
    assert names.to_pylist() == sorted(set(texts))
    assert names.take(pa.array(codes, type=pa.int64())).to_pylist() == texts


@given(
    st.sets(st.integers(-(2**62), 2**62), max_size=30),
    st.lists(st.integers(-(2**62), 2**62), max_size=30),
)
def test_key_index_finds_each_query_where_it_stands(keys: set[int], others: list[int]) -> None:
    shuffled = list(keys)
    queries = [*shuffled[::2], *others]
    index = KeyIndex(np.array(shuffled, dtype=np.int64))
    where = {k: i for i, k in enumerate(shuffled)}
    found = index.find(np.array(queries, dtype=np.int64))
    assert found.dtype == np.int64
    assert found.tolist() == [where.get(q, -1) for q in queries]
    assert index.contains(np.array(queries, dtype=np.int64)).tolist() == [
        q in keys for q in queries
    ]
    assert len(index) == len(keys)


def test_key_index_refuses_repeated_keys() -> None:
    with pytest.raises(ValueError, match="distinct keys"):
        KeyIndex(np.array([3, 1, 3])).find(np.array([1]))


def _chunked_frame(sizes: list[int]) -> pd.DataFrame:
    """A frame whose text columns are Arrow data in chunks of ``sizes`` rows, as the tie
    table's reasons are, beside a column of numbers and one of Python objects."""
    n = sum(sizes)
    texts = [None if i % 7 == 3 else f"t{i}" for i in range(n)]
    starts = np.cumsum([0, *sizes])
    chunks = pa.chunked_array(
        [pa.array(texts[a:b], type=pa.large_string()) for a, b in itertools.pairwise(starts)],
        type=pa.large_string(),
    )
    return pd.DataFrame(
        {
            "n": np.arange(n),
            "text": pd.array(chunks, dtype="str"),
            "arrow": pd.array(chunks, dtype=pd.ArrowDtype(pa.large_string())),
            "objects": pd.Series([(i,) for i in range(n)], dtype=object),
        },
        index=np.arange(n) * 10,
    )


@given(
    st.lists(st.integers(0, 5), min_size=1, max_size=6).filter(lambda s: sum(s) > 0),
    st.data(),
)
def test_take_rows_is_frame_take(sizes: list[int], data: st.DataObject) -> None:
    frame = _chunked_frame(sizes)
    n = len(frame)
    positions = data.draw(st.lists(st.integers(-n, n - 1), max_size=12))
    taken = take_rows(frame, positions)
    pd.testing.assert_frame_equal(taken, frame.take(positions))
    assert taken["text"].dtype == frame["text"].dtype  # the same dtypes, not just values
    assert taken["arrow"].dtype == frame["arrow"].dtype


def test_take_rows_refuses_rows_outside_the_frame() -> None:
    frame = _chunked_frame([2, 3])
    with pytest.raises(IndexError):
        frame.take([5])
    with pytest.raises(IndexError, match="out of bounds"):
        take_rows(frame, [5])
    with pytest.raises(IndexError, match="out of bounds"):
        take_rows(frame, [-6])


class _OnlyChunks:
    """A chunked array that lets its chunks be read one at a time but is never gathered from
    or joined as a whole: pyarrow's take on it would join every chunk first."""

    def __init__(self, data: pa.ChunkedArray) -> None:
        self.data = data
        self.read: list[int] = []
        self.chunks, self.num_chunks, self.type = data.chunks, data.num_chunks, data.type

    def chunk(self, i: int) -> pa.Array:
        self.read.append(i)
        return self.data.chunk(i)

    def take(self, *_: object) -> None:
        raise AssertionError("the whole column was gathered from")

    def combine_chunks(self) -> None:
        raise AssertionError("the whole column was joined")


def test_take_rows_reads_only_the_chunks_its_rows_are_in() -> None:
    data = pa.chunked_array([["a", "b"], ["c"], [], ["d", "e"], ["f"]], type=pa.large_string())
    only = _OnlyChunks(data)
    assert _gather(only, np.array([4, 0, 4, 1])).to_pylist() == ["e", "a", "e", "b"]
    assert only.read == [0, 3]


@given(st.lists(st.tuples(st.integers(0, 6), st.integers(0, 9)), min_size=0, max_size=60))
@settings(max_examples=60, deadline=None)
def test_co_occurrences_count_shared_groups(rows: list[tuple[int, int]]) -> None:
    group = np.array([g for g, _ in rows], dtype=np.int64)
    member = np.array([m for _, m in rows], dtype=np.int64)
    keys, counts = co_occurrences(group, member, 10)
    original = codes_module.PAIRS_AT_A_TIME
    try:  # written a few pairs at a time, the answer is the same
        codes_module.PAIRS_AT_A_TIME = 3  # type: ignore[misc]
        small_keys, small_counts = co_occurrences(group, member, 10)
    finally:
        codes_module.PAIRS_AT_A_TIME = original  # type: ignore[misc]
    assert small_keys.tolist() == keys.tolist() and small_counts.tolist() == counts.tolist()
    groups_of: dict[int, set[int]] = {}
    for g, m in rows:
        groups_of.setdefault(m, set()).add(g)
    expected = {
        a * 10 + b: len(groups_of[a] & groups_of[b])
        for a in groups_of
        for b in groups_of
        if a < b and groups_of[a] & groups_of[b]
    }
    assert keys.tolist() == sorted(expected)
    assert counts.tolist() == [expected[k] for k in sorted(expected)]


@given(
    st.lists(st.tuples(st.integers(0, 6), st.integers(0, 9)), max_size=60),
    st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9)), max_size=20),
    st.integers(1, 5),
)
@settings(max_examples=80, deadline=None)
def test_co_occurrences_keep_pairs_sharing_enough_with_extra_keys(
    rows: list[tuple[int, int]], extra_pairs: list[tuple[int, int]], at_least: int
) -> None:
    group = np.array([g for g, _ in rows], dtype=np.int64)
    member = np.array([m for _, m in rows], dtype=np.int64)
    extra = np.array([min(a, b) * 10 + max(a, b) for a, b in extra_pairs if a != b], np.int64)
    keys, counts = co_occurrences(group, member, 10, at_least=at_least, extra=extra)
    every_keys, every_counts = co_occurrences(group, member, 10)
    total = dict(zip(every_keys.tolist(), every_counts.tolist(), strict=True))
    for key in extra.tolist():  # each extra key counts once more for its pair
        total[key] = total.get(key, 0) + 1
    expected = sorted(k for k, c in total.items() if c >= at_least)
    assert keys.tolist() == expected
    assert counts.tolist() == [total[k] for k in expected]


@given(st.lists(st.tuples(st.integers(0, 6), st.integers(0, 9)), max_size=60))
@settings(max_examples=60, deadline=None)
def test_pairs_within_lists_each_pair_of_each_group_once(rows: list[tuple[int, int]]) -> None:
    group = np.array([g for g, _ in rows], dtype=np.int64)
    member = np.array([m for _, m in rows], dtype=np.int64)
    found = list(zip(*(part.tolist() for part in pairs_within(group, member, 10)), strict=True))
    members_of: dict[int, set[int]] = {}
    for g, m in rows:
        members_of.setdefault(g, set()).add(m)
    expected = sorted(
        (g, a, b) for g, members in members_of.items() for a in members for b in members if a < b
    )
    assert found == expected


@given(st.lists(st.integers(-3, 5), max_size=40))
def test_run_starts_are_where_a_value_differs_from_the_one_before(values: list[int]) -> None:
    ordered = sorted(values)
    expected = [i for i, v in enumerate(ordered) if i == 0 or v != ordered[i - 1]]
    assert run_starts(np.array(ordered, dtype=np.int64)).tolist() == expected


@given(st.lists(st.integers(-3, 5), max_size=40), st.booleans())
def test_ranks_within_count_each_key_in_row_order(keys: list[int], in_order: bool) -> None:
    """As a running count per key would (pandas' cumcount), for keys in order (no sort)
    and in any order (one stable sort)."""
    values = np.array(sorted(keys) if in_order else keys, dtype=np.int64)
    seen: dict[int, int] = {}
    expected = []
    for key in values.tolist():
        expected.append(seen.get(key, 0))
        seen[key] = seen.get(key, 0) + 1
    ranks = ranks_within(values)
    assert ranks.dtype == np.int64
    assert ranks.tolist() == expected


@given(st.lists(st.integers(0, 4), max_size=12))
def test_runs_as_tuples_cut_the_values_into_runs(sizes: list[int]) -> None:
    values = np.array([f"v{i}" for i in range(sum(sizes))], dtype=object)
    runs = runs_as_tuples(values, sizes)
    expected = [tuple(part.tolist()) for part in np.split(values, np.cumsum(sizes)[:-1])]
    assert runs == (expected if sizes else [])
    assert all(type(v) is str for run in runs for v in run)


def test_runs_as_tuples_refuse_sizes_that_do_not_add_up() -> None:
    with pytest.raises(ValueError, match="add up to 3, not to the 2 values"):
        runs_as_tuples(["a", "b"], [1, 2])


def test_empty_tuples_for_missing_leave_the_column_as_it_was() -> None:
    column = pd.Series([("a", "b"), None, np.nan, ()], dtype=object)
    filled = empty_tuples_for_missing(column)
    assert filled.tolist() == [("a", "b"), (), (), ()]
    assert column.isna().sum() == 2


@given(
    st.lists(
        st.tuples(st.integers(0, 50), st.integers(0, 6), st.integers(0, 6)),
        unique=True,
        max_size=40,
    ),
    st.booleans(),
)
def test_edges_are_ordered_by_agreement_then_ranks_as_lexsort_orders_them(
    rows: list[tuple[int, int, int]], huge: bool
) -> None:
    agreement = np.array([a for a, _, _ in rows], dtype=np.int64) + (2**61 if huge else 0)
    rank_a = np.array([r for _, r, _ in rows], dtype=np.int64)
    rank_b = np.array([r for _, _, r in rows], dtype=np.int64)
    order = model_module._agreement_order(agreement, rank_a, rank_b)  # huge: np.lexsort
    assert order.tolist() == np.lexsort((rank_b, rank_a, agreement)).tolist()


@given(st.lists(st.tuples(st.integers(0, 10**12), st.integers(0, 9)), max_size=40))
def test_distinct_sorted_rows_of_keys_and_ranks(rows: list[tuple[int, int]]) -> None:
    keys = np.array([k for k, _ in rows], dtype=np.int64)
    ranks = np.array([r for _, r in rows], dtype=np.int64)
    got_keys, got_ranks = ties_module._distinct_sorted(keys, ranks)
    assert list(zip(got_keys.tolist(), got_ranks.tolist(), strict=True)) == sorted(set(rows))
