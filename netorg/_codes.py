"""Integer codes for ids: where each id stands in a list of known ids.

Every table refers to organisations and agreements by text id; the analyses work on integer
codes (an organisation's position in the organisations table). Look-ups and gathers run in
Arrow's C++ kernels: ``benchmarks/engines.py`` measures them against pandas'
``Index.get_indexer`` and numpy object arrays (see docs/performance.md).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any, Final

import igraph as ig
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


def codes_in(values: Any, universe: Any) -> np.ndarray:
    """The position in ``universe`` of each of ``values``, or -1 where it is absent.

    Where ``universe`` holds a value more than once, its first position is given.

    Examples
    --------
    >>> codes_in(["b", "x", "a"], ["a", "b", "b"]).tolist()
    [1, -1, 0]
    """
    found = pc.index_in(_strings(values), value_set=_strings(universe))
    return found.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64, copy=False)


def _strings(values: Any) -> pa.Array:
    if isinstance(values, (pd.Series, pd.Index)):
        values = values.array
    values = one_chunk(values)
    try:
        array = pa.array(values, type=pa.large_string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        array = pa.array([None if v is None else str(v) for v in values], type=pa.large_string())
    return array


def take(values: Any, indices: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """``values[indices]`` as pandas' Arrow text array (dtype ``str``), gathered in Arrow
    without Python objects; it goes into a frame's column by position, as it is.

    Not a Series: its ``.to_numpy()`` made a Python object per row, which the frame turned
    back into Arrow text (0.84 s against 0.11 s for 2.5 million names, by hand).
    """
    taken = _strings(values).take(pa.array(np.asarray(indices, dtype=np.int64)))
    return taken.to_pandas().array


def distinct(values: Any) -> np.ndarray:
    """The distinct values of an integer array, sorted: ``np.unique(values)`` by sorting.

    numpy 2.3 and later answer a plain ``np.unique`` by hashing, which for millions of
    spread-out int64 keys (pair keys ``lo * n + hi``) is ten or more times slower than
    sorting (``benchmarks/engines.py``). numpy's default sort, not a stable one: equal
    integers are alike, and for 20 million random int64 keys the stable sort took 2.64 s
    against 0.24 s (by hand; numpy's quicksort runs vectorised on this machine).

    Examples
    --------
    >>> distinct(np.array([3, 1, 3, 2])).tolist()
    [1, 2, 3]
    """
    values = np.sort(np.asarray(values))
    if len(values) == 0:
        return values
    return values[np.r_[True, values[1:] != values[:-1]]]


def is_in(values: Any, candidates: Any) -> np.ndarray:
    """Whether each of the integer ``values`` is one of ``candidates``: ``np.isin`` through
    pandas' hash table.

    numpy's ``isin`` sorts both arrays together when the integers are spread out, as pair
    keys (``lo * n + hi``) are: 2.66 s against 0.24 s for 5 million keys among 2 million
    (by hand, numpy 2.4, pandas 3).

    Examples
    --------
    >>> is_in(np.array([5, 10**12, 7]), np.array([7, 10**12])).tolist()
    [False, True, True]
    """
    found = pd.Index(np.asarray(values, dtype=np.int64), copy=False).isin(
        np.asarray(candidates, dtype=np.int64)
    )
    return np.asarray(found, dtype=bool)


def run_starts(values: Any) -> np.ndarray:
    """Where each run of equal values starts in ``values`` (sorted, or grouped so that equal
    values stand together): their positions, none for no values.

    Examples
    --------
    >>> run_starts(np.array([1, 1, 4, 4, 4, 7])).tolist()
    [0, 2, 5]
    """
    values = np.asarray(values)
    if len(values) == 0:
        return np.zeros(0, dtype=np.int64)
    return np.flatnonzero(np.r_[True, values[1:] != values[:-1]])


def distinct_counts(values: Any) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values of an integer array, sorted, and how often each occurs.

    Examples
    --------
    >>> keys, counts = distinct_counts(np.array([3, 1, 3, 2]))
    >>> keys.tolist(), counts.tolist()
    ([1, 2, 3], [1, 1, 2])
    """
    values = np.sort(np.asarray(values))
    if len(values) == 0:
        return values, np.zeros(0, dtype=np.int64)
    starts = run_starts(values)
    return values[starts], np.diff(np.r_[starts, len(values)])


class KeyIndex:
    """Where integer keys stand among distinct keys, found through a hash table.

    The analyses look up pair keys (``a * n + b``) by the million: is this arc among the
    arcs, which row holds this pair. ``np.searchsorted`` answers with a binary search, and
    once the keys outgrow the processor's caches more and more of its steps miss them, so
    its cost per look-up grows with the keys (0.33 microseconds at 2 million keys, 1.4 at 16
    million); pandas' hash table, built on the first look-up and kept for the next, reads
    about one place per look-up (0.12 and 0.21). ``benchmarks/engines.py`` measures the two
    (these figures: its latest run, docs/performance.md).
    The keys must be distinct (:meth:`find` raises ValueError otherwise).

    Examples
    --------
    >>> index = KeyIndex(np.array([40, 10, 30]))
    >>> index.find(np.array([30, 20, 40])).tolist()
    [2, -1, 0]
    >>> index.contains(np.array([10, 11])).tolist()
    [True, False]
    """

    def __init__(self, keys: Any) -> None:
        self._index = pd.Index(np.asarray(keys, dtype=np.int64), copy=False)

    def __len__(self) -> int:
        return len(self._index)

    def find(self, queries: Any) -> np.ndarray:
        """The position of each query among the keys, or -1 where it is not one of them."""
        queries = np.asarray(queries, dtype=np.int64)
        if len(self._index) == 0:
            return np.full(len(queries), -1, dtype=np.int64)
        if not self._index.is_unique:  # known once the table is built, which find needs
            raise ValueError("KeyIndex needs distinct keys")
        return self._index.get_indexer(queries).astype(np.int64, copy=False)

    def contains(self, queries: Any) -> np.ndarray:
        """Whether each query is one of the keys."""
        return self.find(queries) >= 0


def expanded(sizes: np.ndarray, chunk_size: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Item ``i`` repeated ``sizes[i]`` times with its offsets ``0 .. sizes[i] - 1``, in
    chunks cut between items once about ``chunk_size`` rows are reached (an item larger than
    a chunk makes a chunk of its own).

    The way to visit "every partner of every pair" with numpy while holding one chunk of
    rows in memory, not all of them.

    Examples
    --------
    >>> [(i.tolist(), k.tolist()) for i, k in expanded(np.array([2, 0, 3]), 2)]
    [([0, 0], [0, 1]), ([2, 2, 2], [0, 1, 2])]
    """
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be at least 1, not {chunk_size}")
    before = np.cumsum(sizes) - sizes
    start = 0
    while start < len(sizes):
        stop = int(np.searchsorted(before, before[start] + chunk_size, "left"))
        stop = max(stop, start + 1)
        per_item = sizes[start:stop]
        item = np.repeat(np.arange(start, stop), per_item)
        within = np.arange(len(item), dtype=np.int64) - np.repeat(
            np.cumsum(per_item) - per_item, per_item
        )
        yield item, within
        start = stop


#: Pair keys :func:`co_occurrences` writes per step: bounds its index arrays to ~100 MiB.
PAIRS_AT_A_TIME: Final = 4_000_000


def co_occurrences(
    group: np.ndarray,
    member: np.ndarray,
    n: int,
    *,
    at_least: int = 1,
    extra: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """How many groups each pair of members shares: the pairs' keys ``lo * n + hi`` in
    increasing order, and their counts; only pairs that share at least ``at_least``.

    Every pair within every group is written out as a key (a group of size d gives
    d(d-1)/2) with numpy index arithmetic, and the keys are counted by sorting them.
    ``extra`` holds more pair keys, each counted as one more shared group. Only the pairs
    with enough keys are turned into arrays of their own: on a large network most pairs
    share one group, and the raw keys are then the only array as long as all pairs.
    """
    extra = np.empty(0, dtype=np.int64) if extra is None else extra.astype(np.int64)
    _, members, later = _members_after(group, member, n)
    total = int(later.sum())
    if total + len(extra) == 0:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    # The keys are written a slice of rows at a time, so that the index arrays stay small
    # however many pairs there are.
    keys = np.empty(total + len(extra), dtype=np.int64)
    at = 0
    for first, step in expanded(later, PAIRS_AT_A_TIME) if total else ():
        keys[at : at + len(first)] = members[first] * n + members[first + 1 + step]
        at += len(first)
    keys[total:] = extra
    keys.sort()
    # A run of equal keys starts where a key differs from the one before; it is at least
    # ``at_least`` long when the key ``at_least - 1`` places on is still the same.
    start = np.empty(len(keys), dtype=bool)
    start[0] = True
    np.not_equal(keys[1:], keys[:-1], out=start[1:])
    if at_least > 1:
        cut = max(len(keys) - at_least + 1, 0)  # runs starting after it are too short
        start[cut:] = False
        start[:cut] &= keys[at_least - 1 :] == keys[:cut]
    first_of_run = np.flatnonzero(start)
    found = keys[first_of_run]
    counts = np.searchsorted(keys, found, side="right") - first_of_run
    return found, counts


def _members_after(
    group: np.ndarray, member: np.ndarray, n: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The distinct (group, member) rows sorted by group, then member, and for each row how
    many rows after it are of the same group: row ``i`` pairs with rows ``i + 1 ... i +
    later[i]``."""
    rows = distinct(np.asarray(group, dtype=np.int64) * n + member)
    groups, members = np.divmod(rows, n)
    starts = run_starts(groups)
    sizes = np.diff(np.r_[starts, len(rows)])
    later = np.repeat(sizes, sizes) - (np.arange(len(rows)) - np.repeat(starts, sizes)) - 1
    return groups, members, later


def pairs_within(
    group: np.ndarray, member: np.ndarray, n: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every pair of members of every group, once: the group, the lower member and the
    higher, sorted by group, then lower, then higher member.

    What :func:`co_occurrences` counts, as rows: for groups small enough that all their
    pairs fit in memory at once (a group of d members has d(d-1)/2), such as the members of
    multi-party agreements.

    Examples
    --------
    >>> g, lo, hi = pairs_within(np.array([7, 7, 7, 3]), np.array([2, 0, 5, 1]), 10)
    >>> g.tolist(), lo.tolist(), hi.tolist()
    ([7, 7, 7], [0, 0, 2], [2, 5, 5])
    """
    groups, members, later = _members_after(group, member, n)
    first = np.repeat(np.arange(len(later)), later)
    step = np.arange(len(first)) - np.repeat(np.cumsum(later) - later, later)
    return groups[first], members[first], members[first + 1 + step]


def ranks_within(keys: Any) -> np.ndarray:
    """Each row's place among the rows with the same key, counted from 0 in row order (what
    pandas' ``groupby(keys).cumcount()`` gives), as int64.

    Rows sorted by key (as the parties are, by agreement) are counted along their runs
    without a sort: 0.05 s against 0.41-0.48 s for pandas' group-by over the 6.4 million
    parties of 3 million agreements; other keys take one stable sort first (1.1 s against
    1.4 s for the same parties shuffled; by hand).

    Examples
    --------
    >>> ranks_within(np.array([4, 4, 1, 4, 1])).tolist()
    [0, 1, 0, 2, 1]
    """
    keys = np.asarray(keys)
    if len(keys) == 0:
        return np.zeros(0, dtype=np.int64)
    in_order = bool((keys[1:] >= keys[:-1]).all())
    order = None if in_order else np.argsort(keys, kind="stable")
    ordered = keys if order is None else keys[order]
    starts = run_starts(ordered)
    sizes = np.diff(np.r_[starts, len(keys)])
    ranks = np.arange(len(keys), dtype=np.int64) - np.repeat(starts, sizes)
    if order is None:
        return ranks
    out = np.empty(len(keys), dtype=np.int64)
    out[order] = ranks
    return out


def runs_as_tuples(values: Any, sizes: Any) -> list[tuple[Any, ...]]:
    """``values`` cut into consecutive runs of ``sizes``, a tuple each (as Python objects).

    For a column of tuples (words, ids, people per row) from values sorted by row: slices of
    one Python list, 0.30 s against 0.75 s with an array per row (``np.split``) for 2
    million values in 738,000 rows (by hand).

    Examples
    --------
    >>> runs_as_tuples(np.array(["a", "b", "c"]), [2, 0, 1])
    [('a', 'b'), (), ('c',)]
    """
    listed = values.tolist() if hasattr(values, "tolist") else list(values)
    ends = np.cumsum(np.asarray(sizes, dtype=np.int64)).tolist()
    if not ends:
        return []
    if ends[-1] != len(listed):
        raise ValueError(f"the sizes add up to {ends[-1]}, not to the {len(listed)} values")
    return [tuple(listed[start:end]) for start, end in zip([0, *ends[:-1]], ends, strict=True)]


def empty_tuples_for_missing(values: Any) -> np.ndarray:
    """An object array of ``values`` with ``()`` where a value is missing (NaN or None),
    as a column of tuples has after a join; no Python call per row.

    Examples
    --------
    >>> empty_tuples_for_missing(pd.Series([("a",), None, float("nan")])).tolist()
    [('a',), (), ()]
    """
    out = np.array(values, dtype=object)  # a copy: the caller's column stays as it was
    missing = pd.isna(out)
    filler = np.empty(int(missing.sum()), dtype=object)
    filler.fill(())
    out[missing] = filler
    return out


def one_chunk(values: pa.Array | pa.ChunkedArray) -> pa.Array:
    """``values`` as one Arrow array. Columns read from a large file come in chunks; the
    kernels that lay columns side by side, and code that reads an array's buffers, need one.
    """
    return values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values


def take_rows(frame: pd.DataFrame, positions: Any) -> pd.DataFrame:
    """``frame.take(positions)``, each Arrow column held in several chunks gathered from the
    chunks the rows are in.

    pyarrow's ``take`` joins all chunks of a text column into one array before it gathers
    (apache/arrow#39565, still so in pyarrow 26), so a few rows of a column in chunks cost a
    copy of the whole column: the tie table's reasons are written in chunks (gigabytes
    at ten million agreements), and a report that shows its two hundred strongest ties would
    copy them all. Here each chunk gives its own rows, and only those are joined.

    Examples
    --------
    >>> chunks = pa.chunked_array([["a", "b"], ["c", "d"]], type=pa.large_string())
    >>> frame = pd.DataFrame({"x": [1, 2, 3, 4], "text": pd.array(chunks, dtype="str")})
    >>> take_rows(frame, [3, 0]).to_dict("list")
    {'x': [4, 1], 'text': ['d', 'a']}
    """
    positions = np.asarray(positions, dtype=np.int64)
    if positions.size and (positions.min() < -len(frame) or positions.max() >= len(frame)):
        raise IndexError(f"positions out of bounds for {len(frame)} rows")
    positions = np.where(positions < 0, positions + len(frame), positions)
    chunked = {}
    for name, column in frame.items():
        data = _arrow_chunks(column)
        if data is not None and data.num_chunks > 1:
            chunked[name] = pd.array(_gather(data, positions), dtype=column.dtype)
    if not chunked:
        return frame.take(positions)
    taken = frame[[name for name in frame.columns if name not in chunked]].take(positions)
    for name, values in chunked.items():
        taken[name] = values
    return taken[list(frame.columns)]


def _arrow_chunks(column: pd.Series) -> pa.ChunkedArray | None:
    """The Arrow data behind a column of Arrow-backed dtype (no copy), else None."""
    dtype = column.dtype
    arrow_backed = isinstance(dtype, pd.ArrowDtype) or (
        isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow"
    )
    if not arrow_backed:
        return None
    data = column.array.__arrow_array__()
    return data if isinstance(data, pa.ChunkedArray) else None


def _gather(data: pa.ChunkedArray, positions: np.ndarray) -> pa.Array:
    """``data[positions]``, each chunk taking its own rows; positions in 0 .. len - 1."""
    lengths = np.fromiter((len(c) for c in data.chunks), np.int64, data.num_chunks)
    starts = np.concatenate([[0], np.cumsum(lengths)])
    chunk = np.searchsorted(starts, positions, side="right") - 1
    order = np.argsort(chunk, kind="stable")
    bounds = np.searchsorted(chunk[order], np.arange(data.num_chunks + 1))
    pieces = [
        data.chunk(i).take(pa.array(positions[order[bounds[i] : bounds[i + 1]]] - starts[i]))
        for i in range(data.num_chunks)
        if bounds[i] < bounds[i + 1]
    ]
    if not pieces:
        return pa.array([], type=data.type)
    back = np.empty(len(order), dtype=np.int64)
    back[order] = np.arange(len(order))
    return pa.concat_arrays(pieces).take(pa.array(back))


def text_ranks(texts: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """The positions that sort ``texts`` (as Python sorts str: by code point) and each
    text's rank in that order, both int64: ``rank[order] == arange(len(texts))``.

    Ranks stand for texts wherever rows are sorted or grouped by text: integers sort
    several times faster than Python texts and need no object per row.
    """
    order = pc.sort_indices(texts).to_numpy().astype(np.int64, copy=False)
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return order, rank


def sorted_codes(texts: pa.Array) -> tuple[np.ndarray, pa.Array]:
    """Each text as a code into its distinct texts, sorted (as :func:`text_ranks` sorts):
    ``names.take(codes)`` gives the texts back, and codes sort and group like the texts."""
    encoded = pc.dictionary_encode(texts)
    order, rank = text_ranks(encoded.dictionary)
    codes = rank[encoded.indices.to_numpy(zero_copy_only=False)]
    return codes, encoded.dictionary.take(pa.array(order))


def text_scalar(value: str) -> pa.Scalar:
    """``value`` as an Arrow ``large_string`` scalar, to lay beside ``large_string`` columns."""
    return pa.scalar(value, type=pa.large_string())


def text_bytes(text: pa.Array) -> memoryview:
    """The UTF-8 bytes of an Arrow text array without nulls, all values back to back: its
    data buffer, without a copy."""
    _, offsets, data = text.buffers()
    bounds = np.frombuffer(offsets, dtype=np.int64)
    return memoryview(data)[bounds[text.offset] : bounds[text.offset + len(text)]]


def text_buffers(text: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """Where each value of an Arrow text array starts (one more than its values, the first
    at 0, as int64) and the UTF-8 bytes of its values back to back, a view of its data
    buffer: for numpy work on the bytes of all texts at once. Slices, nulls (whose bytes,
    if any, are counted as theirs) and 32-bit offsets are taken as they are.

    Examples
    --------
    >>> bounds, data = text_buffers(pa.array(["ab", None, "", "c"]).slice(0, 4))
    >>> bounds.tolist(), bytes(data)
    ([0, 2, 2, 2, 3], b'abc')
    """
    wide = pa.types.is_large_string(text.type) or pa.types.is_large_binary(text.type)
    _, offsets, data = text.buffers()
    bounds = np.frombuffer(offsets, dtype=np.int64 if wide else np.int32)
    bounds = bounds[text.offset : text.offset + len(text) + 1].astype(np.int64)
    data = np.frombuffer(data or b"", dtype=np.uint8)[bounds[0] : bounds[-1]]
    return bounds - bounds[0], data


def igraph_of(n: int, edges: np.ndarray, *, directed: bool = False) -> ig.Graph:
    """An igraph graph of ``n`` vertices and the ``edges`` (an m x 2 integer array), in that
    order. Added with ``add_edges``: igraph's constructor took three times as long for the
    same edges (1.0 against 0.3 s for a million, measured by hand on igraph 1.0). The graph
    keeps its edges as an array for :func:`edge_array`."""
    ends = np.asarray(edges, dtype=np.int64).reshape(-1, 2)
    graph = ig.Graph(n=n, directed=directed)
    graph.add_edges(ends)
    if directed:
        _keep_ends(graph, ends.copy())  # the caller's array may change
    else:
        low, high = ends[:, 0], ends[:, 1]
        _keep_ends(graph, np.column_stack((np.minimum(low, high), np.maximum(low, high))))
    return graph


def edge_array(graph: ig.Graph) -> np.ndarray:
    """The graph's edges as a read-only m x 2 int64 array, in edge id order, as
    ``graph.get_edgelist()`` lists them (an undirected edge as (lower, higher) vertex).

    Kept with a graph made by :func:`igraph_of`, else read once and kept: the list of
    Python tuples ``get_edgelist`` makes, and its conversion, took about 1.4 s for 1.6
    million edges (by hand), and several analyses ask for the same tie graph's edges.
    A graph whose edges were changed after that is read again when its edge count differs;
    netorg's graphs are not changed once built.
    """
    ends = getattr(graph, _ENDS, None)
    if ends is None or len(ends) != graph.ecount():
        listed = itertools.chain.from_iterable(graph.get_edgelist())
        ends = np.fromiter(listed, np.int64, 2 * graph.ecount()).reshape(-1, 2)
        _keep_ends(graph, ends)
    return ends


#: The attribute under which a graph keeps :func:`edge_array`'s array.
_ENDS: Final = "_netorg_edge_array"


def _keep_ends(graph: ig.Graph, ends: np.ndarray) -> None:
    """Keep ``ends``, an array nobody else holds, with ``graph``, read-only."""
    ends.flags.writeable = False
    setattr(graph, _ENDS, ends)
