"""Brokers between clusters: Gould & Fernandez brokerage roles and Burt's constraint.

An organisation *brokers* when another organisation reaches a third only through it: a live
agreement runs a -> b and another b -> c, while a has no agreement of its own with c (Gould &
Fernandez 1989; in the R package ``sna``'s words, "vertex v is a broker for distinct vertices a
and b iff a -> v -> b and a -!> b"). With the organisations split into groups (the alliance
clusters of :mod:`netorg.analysis.clusters`), every such chain a -> b -> c takes one of five
roles, named by where a, b and c sit (UCINET's "Ego networks > Brokerage" help, sna's
``brokerage``):

=============== ============================ ========================================
role            groups of a -> b -> c        what the broker does
=============== ============================ ========================================
coordinator     A -> A -> A                  links two members of its own group
itinerant       A -> B -> A                  links two members of a group, from outside
                                             (UCINET: consultant)
gatekeeper      A -> B -> B                  lets contact from outside into its group
representative  A -> A -> B                  carries contact from its group outwards
liaison         A -> B -> C                  links two groups, neither of them its own
=============== ============================ ========================================

Every role except coordinator is brokerage *between* groups. An organisation in no group is
treated as a group of its own (a singleton): it is never a coordinator, gatekeeper or
representative, and a chain that starts or ends at it crosses a group boundary.

Burt (1992) looks at the same position from the broker's side: an organisation whose partners
are not tied to each other spans *structural holes*; its *constraint* is low, and its
*effective size* (partners minus their redundancy) is close to its number of partners.
:func:`brokerage` reports both, computed by igraph on the undirected tie graph of
:func:`netorg.stats.tie_graph` (live agreements, weighted by how many agreement edges join a
pair).

Cost. :func:`gould_fernandez` does not walk the two-paths one by one: there are
``sum over b of in_degree(b) * out_degree(b)`` of them, and with hubs that sum grows much
faster than the agreements (20 million two-paths for a million agreements, 513 million for
three million, in netorg's synthetic ecosystems). It counts them per (middle node b, group
A of a, group C of c): the in-arcs of b from A times the out-arcs of b into C, less two kinds
of chain that are no brokerage, found one by one:

- a -> b -> a, where a and b have arcs both ways;
- a -> b -> c closed by an arc a -> c, found per arc a -> c by looking up the middle nodes
  among the shorter of a's out-arcs and c's in-arcs (the triangles of the graph).

The count is the same as the walk's (tests compare both with the definition, a triple loop).
Time grows with the arcs, the (b, A, C) combinations (at most the two-paths, far fewer when
the partners of a hub sit in a few clusters) and the closed chains; memory stays at the arcs
plus one chunk of at most ``chunk_size`` rows. :func:`brokerage` adds Burt's measures
(:func:`burt_constraint`, over the triangles) and, for the reasons, the busiest route of each
broker. Measured times are in docs/performance.md.

References
----------
Gould, R. V. and Fernandez, R. M. (1989). Structures of mediation: a formal approach to
brokerage in transaction networks. *Sociological Methodology* 19, 89-126. doi:10.2307/270949.

Burt, R. S. (1992). *Structural Holes: The Social Structure of Competition*. Cambridge, MA:
Harvard University Press.

Borgatti, S. P. (1997). Structural holes: unpacking Burt's redundancy measures.
*Connections* 20(1), 35-38 (effective size of a binary ego network as ``n - 2t / n``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Final, NamedTuple

import igraph as ig
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from netorg._codes import KeyIndex, distinct, distinct_counts, edge_array, expanded
from netorg.i18n import (
    Field,
    in_rows,
    int_column,
    joined_column,
    number_column,
    per_distinct,
    per_distinct_where,
    text,
    text_column,
    text_column_where,
    where_column,
)
from netorg.stats import tie_graph

if TYPE_CHECKING:
    from netorg.model import Ecosystem

ROLES = ("coordinator", "itinerant", "gatekeeper", "representative", "liaison")

#: Rows per chunk of the census; a chunk holds about ten int64 arrays this long (~80 MB).
CHUNK_SIZE = 1 << 20

# The role of a chain a -> b -> c from which of its group equalities hold, as the pattern
# (g(a) == g(b)) + 2 (g(b) == g(c)) + 4 (g(a) == g(c)); patterns 3, 5 and 6 cannot occur
# because equality is transitive.
_ROLE_OF_PATTERN = np.array([4, 3, 2, -1, 1, -1, -1, 0], dtype=np.int64)
_COORDINATOR = 0

# The sentences of the reasons, in English and Dutch (netorg.i18n). The role columns keep
# their English names; the Dutch text names a role in Dutch, with the column in brackets.
_TEXT: Final = {
    "in_cluster": {"en": "In {own}.", "nl": "In {own}."},
    "in_no_cluster": {"en": "In no cluster.", "nl": "In geen cluster."},
    "cluster": {"en": "cluster {label}", "nl": "cluster {label}"},
    "unclustered_org": {
        "en": "the unclustered {name}",
        "nl": "de niet-geclusterde organisatie {name}",
    },
    "isolated": {
        "en": "{where} Has no live agreement with any other organisation, so brokers nothing.",
        "nl": "{where} Heeft geen lopende overeenkomst met een andere organisatie en bemiddelt "
        "dus nergens tussen.",
    },
    "brokers_nothing": {
        "en": "Brokers nothing: no organisation reaches another only through it.",
        "nl": "Bemiddelt niet: geen enkele organisatie bereikt een andere alleen via deze "
        "organisatie.",
    },
    "brokers": {
        "en": "Brokers {times}: an organisation reaches another only through it, with no "
        "agreement of their own ({split}).",
        "nl": "Bemiddelt {times}: een organisatie bereikt een andere alleen via deze "
        "organisatie, zonder eigen overeenkomst met die andere ({split}).",
    },
    "times_one": {"en": "{n} time", "nl": "{n} keer"},
    "times_many": {"en": "{n} times", "nl": "{n} keer"},
    "all_inside_one": {
        "en": "All of them stay inside {own}.",
        "nl": "Deze bemiddeling blijft binnen {own}.",
    },
    "all_inside_many": {
        "en": "All of them stay inside {own}.",
        "nl": "Alle bemiddelingen blijven binnen {own}.",
    },
    "all_across_one": {
        "en": "It crosses a cluster boundary.",
        "nl": "Deze bemiddeling gaat over een clustergrens.",
    },
    "all_across_many": {
        "en": "All cross a cluster boundary.",
        "nl": "Alle bemiddelingen gaan over een clustergrens.",
    },
    "some_across": {
        "en": "{across} cross a cluster boundary, {inside} stay inside {own}.",
        "nl": "Daarvan {across} over een clustergrens en {inside} binnen {own}.",
    },
    "mostly_as": {"en": "Mostly as {role}: {meaning}.", "nl": "Vooral als {role}: {meaning}."},
    "as": {"en": "As {role}: {meaning}.", "nl": "Als {role}: {meaning}."},
    "route_within": {
        "en": "Most often between members of {group} ({times}).",
        "nl": "Meestal tussen leden van {group} ({times}).",
    },
    "route": {
        "en": "Most often from {start} to {end} ({times}){sole}.",
        "nl": "Meestal van {start} naar {end} ({times}){sole}.",
    },
    "sole": {
        "en": "; it is the only organisation linking them in two steps, and no agreement runs "
        "directly from the one to the other",
        "nl": "; dit is de enige organisatie die ze in twee stappen verbindt, en er loopt geen "
        "overeenkomst rechtstreeks van het ene naar het andere",
    },
    "constraint": {
        "en": "Burt's constraint {constraint} (1 for a single partner; lower means its "
        "partners are less tied to each other and it leans less on any one of them); "
        "{count} (effective size).",
        "nl": "Beperking volgens Burt (constraint) {constraint}: 1 bij één enkele partner, "
        "lager naarmate de partners onderling minder verbonden zijn en de organisatie minder "
        "op één van hen leunt; {count} (effectieve omvang).",
    },
    "partners_one": {
        "en": "its partner counts as {size} non-redundant",
        "nl": "de enige partner telt als {size} niet-redundante partner",
    },
    "partners_many": {
        "en": "its {degree} partners count as {size} non-redundant",
        "nl": "de {degree} partners tellen als {size} niet-redundante partners",
    },
    # the roles in the text: in English the column names, in Dutch with them in brackets
    "coordinator": {"en": "coordinator", "nl": "coördinator"},
    "itinerant": {"en": "itinerant", "nl": "consultant"},
    "gatekeeper": {"en": "gatekeeper", "nl": "poortwachter"},
    "representative": {"en": "representative", "nl": "vertegenwoordiger"},
    "liaison": {"en": "liaison", "nl": "verbindingsschakel"},
    "role_named": {"en": "{role}", "nl": "{name} ({role})"},
    "role_count": {"en": "{role} {n}", "nl": "{role} {n}"},
    # what the broker does in its main role
    "does_coordinator": {
        "en": "it links members of its own {own} who have no agreement with each other",
        "nl": "verbindt leden van het eigen {own} die onderling geen overeenkomst hebben",
    },
    "does_itinerant": {
        "en": "it links members of another cluster from outside it",
        "nl": "verbindt van buitenaf leden van een ander cluster",
    },
    "does_gatekeeper": {
        "en": "it brings contact from other clusters into its own {own}",
        "nl": "brengt contact uit andere clusters binnen in het eigen {own}",
    },
    "does_representative": {
        "en": "it carries contact from its own {own} out to other clusters",
        "nl": "brengt contact uit het eigen {own} naar andere clusters",
    },
    "does_liaison": {
        "en": "it links two clusters, neither of them its own",
        "nl": "verbindt twee clusters waarvan geen van beide het eigen cluster is",
    },
}


def _times(n: int, lang: str) -> str:
    """'1 time', '3 times' / '3 keer'."""
    return text(_TEXT, "times_one" if n == 1 else "times_many", lang, n=n)


def gould_fernandez(
    source: np.ndarray,
    target: np.ndarray,
    group: np.ndarray,
    n: int,
    *,
    chunk_size: int = CHUNK_SIZE,
) -> pd.DataFrame:
    """Count the Gould & Fernandez brokerage roles of every node of a directed graph.

    A node b brokers every chain ``a -> b -> c`` with ``a != c`` and no arc ``a -> c``; the
    chain's role follows from the groups of a, b and c (see the module docstring). Duplicate
    arcs and self-loops are dropped first, so parallel agreements count once.

    Parameters
    ----------
    source, target : numpy.ndarray
        Integer node codes in ``[0, n)``, one pair per arc.
    group : numpy.ndarray
        The group of each node, length ``n``, integers; ``-1`` for a node in no group, which
        is then a group of its own.
    n : int
        The number of nodes.
    chunk_size : int
        How many rows (a middle node with a group on each side, or a lookup for a closed
        chain) to hold in memory at once (default :data:`CHUNK_SIZE`); results do not depend
        on it.

    Returns
    -------
    DataFrame
        One row per node, index ``0 .. n-1``, int64 columns coordinator, itinerant,
        gatekeeper, representative, liaison and total (their sum: the number of chains the
        node brokers).

    Raises
    ------
    ValueError
        When the arrays have different lengths, a code is outside ``[0, n)``, ``group`` does
        not have ``n`` entries or holds a value below -1.

    References
    ----------
    Gould, R. V. and Fernandez, R. M. (1989). Structures of mediation: a formal approach to
    brokerage in transaction networks. *Sociological Methodology* 19, 89-126.

    Examples
    --------
    >>> import numpy as np
    >>> roles = gould_fernandez(np.array([0, 1]), np.array([1, 2]), np.array([0, 0, 1]), 3)
    >>> roles.loc[1].tolist()  # node 1 carries 0 -> 1 out of its group to 2: representative
    [0, 0, 0, 1, 0, 1]
    """
    counts, _ = _census(source, target, group, n, chunk_size=chunk_size, routes=False)
    return _role_frame(counts)


def brokerage(eco: Ecosystem, *, groups: pd.Series | None = None) -> pd.DataFrame:
    """Who brokers between the alliance clusters, in which role, and how constrained they are.

    The directed graph is the live agreements' edges (:attr:`Ecosystem.edges` on
    :meth:`Ecosystem.live_mask`), one arc per distinct (source, target) pair; see
    :func:`gould_fernandez` for the roles.

    Parameters
    ----------
    eco : Ecosystem
    groups : pandas.Series, optional
        The cluster (or any group) of each organisation, indexed by organisation id; missing
        values and organisations not in the index are in no cluster, each then a group of its
        own. Default: the ``cluster_id`` of :func:`netorg.analysis.clusters.alliance_clusters`.

    Returns
    -------
    DataFrame
        One row per organisation: org_id, name, group (its cluster id, missing for none),
        coordinator, itinerant, gatekeeper, representative, liaison, total (chains it
        brokers), constraint (Burt's constraint on the weighted undirected tie graph; NaN
        without live ties), effective_size (partners minus redundancy, Borgatti's
        ``n - 2t/n``; NaN without live ties) and reasons. Sorted by total, highest first,
        then by org_id.

    Raises
    ------
    ValueError
        When ``groups`` names the same organisation twice or an id that is not an
        organisation.

    References
    ----------
    Gould, R. V. and Fernandez, R. M. (1989). Structures of mediation: a formal approach to
    brokerage in transaction networks. *Sociological Methodology* 19, 89-126.

    Burt, R. S. (1992). *Structural Holes: The Social Structure of Competition*. Cambridge, MA:
    Harvard University Press.

    Examples
    --------
    >>> import netorg
    >>> eco = netorg.datasets.load("knokbur")
    >>> sectors = eco.organisations.set_index("id")["sector_code"]
    >>> table = brokerage(eco, groups=sectors)
    >>> list(table.columns[:4])
    ['org_id', 'name', 'group', 'coordinator']
    """
    if groups is None:
        from netorg.analysis.clusters import alliance_clusters

        clusters = alliance_clusters(eco)
        groups = clusters.set_index("org_id")["cluster_id"]
    labels = _groups_by_organisation(eco, groups)
    codes, names = pd.factorize(labels, sort=True)
    n = len(eco.org_index)

    e = eco.edges
    live = eco.live_mask()[e["agreement_code"].to_numpy(np.int64)]
    source = e["source_code"].to_numpy(np.int64)[live]
    target = e["target_code"].to_numpy(np.int64)[live]
    counts, routes = _census(source, target, codes, n, chunk_size=CHUNK_SIZE, routes=True)
    roles = _role_frame(counts)

    graph = tie_graph(eco)
    degree = np.asarray(graph.degree(), dtype=np.int64)
    constraint = burt_constraint(graph)
    clustering = np.asarray(graph.transitivity_local_undirected(mode="zero"), dtype=float)
    # Borgatti (1997): n - 2t/n with t ties among the n partners, t = clustering * n(n-1)/2.
    effective_size = degree - clustering * (degree - 1)
    isolated = degree == 0
    constraint[isolated] = np.nan
    effective_size = np.where(isolated, np.nan, effective_size)

    out = pd.DataFrame(
        {
            "org_id": eco.org_index.to_numpy(dtype=object),
            "name": eco.organisations["name"].to_numpy(dtype=object),
            "group": labels.array,
        }
    )
    for column in (*ROLES, "total"):
        out[column] = roles[column].to_numpy()
    out["constraint"] = np.round(constraint, 6)
    out["effective_size"] = np.round(effective_size, 6)
    lang = eco.language
    namer = _GroupNamer(codes, names, out["name"].to_numpy(dtype=object), lang)
    out["reasons"] = _reasons(out, degree, routes, namer, lang).to_pandas().array
    out = out.sort_values(["total", "org_id"], ascending=[False, True], kind="mergesort")
    return out.reset_index(drop=True)


def burt_constraint(graph: ig.Graph, chunk_size: int = CHUNK_SIZE) -> np.ndarray:
    """Burt's constraint of every vertex of an undirected graph with edge weights.

    ``C_i = sum over i's partners j of (p_ij + sum over q of p_iq p_qj) ** 2``, with
    ``p_ij = w_ij / (sum of i's weights)`` and q running over the partners i and j share, as
    igraph's ``constraint`` defines it (0 for a vertex without partners). igraph visits the
    partners of every partner, which grows with the squared degrees; here only the triangles
    are visited, each once, by the usual degree-ordered listing (Schank & Wagner 2005,
    "Finding, counting and listing all triangles in large graphs").

    Parameters
    ----------
    graph : igraph.Graph
        Undirected and simple, with a ``weight`` edge attribute (positive numbers).
    chunk_size : int
        How many lookups to hold in memory at once; results do not depend on it.

    Examples
    --------
    >>> import igraph as ig
    >>> g = ig.Graph([(0, 1), (1, 2), (0, 2), (2, 3)])
    >>> g.es["weight"] = [1, 1, 1, 1]
    >>> burt_constraint(g).round(4).tolist()
    [1.0069, 1.0069, 0.6111, 1.0]
    """
    n = graph.vcount()
    ends = edge_array(graph)
    weight = np.asarray(graph.es["weight"], dtype=float) if len(ends) else np.zeros(0)
    # vertices renamed by rank (degree, then code), so each triangle is found once: from
    # its two lowest-ranked corners u < v, looking for w > v among u's partners
    degree = np.bincount(ends.ravel(), minlength=n)
    rank = np.empty(n, dtype=np.int64)
    rank[np.lexsort((np.arange(n), degree))] = np.arange(n)
    ends = rank[ends]
    # both directions of every edge, sorted by (i, j): row k is the pair i -> j
    i_, j_ = np.r_[ends[:, 0], ends[:, 1]], np.r_[ends[:, 1], ends[:, 0]]
    order = np.argsort(i_ * n + j_)
    i, j, w = i_[order], j_[order], np.r_[weight, weight][order]
    keys = i * n + j
    strength = np.bincount(i, w, minlength=n)
    p = w / strength[i] if len(i) else w
    end = np.cumsum(np.bincount(i, minlength=n))  # one past each vertex's last row
    rows = KeyIndex(keys)
    reverse = rows.find(j * n + i)  # the row of j -> i
    up = np.flatnonzero(i < j)  # the rows u -> v with u < v
    indirect = np.zeros(len(keys))
    for edge, within in expanded(end[i[up]] - up - 1, chunk_size):
        uv = up[edge]
        uw = uv + 1 + within  # u's partners w after v
        vw = rows.find(j[uv] * n + j[uw])
        found = vw >= 0
        uv, uw, vw = uv[found], uw[found], vw[found]
        vu, wu, wv = reverse[uv], reverse[uw], reverse[vw]
        # the pair x -> y of the triangle gains p_xz p_zy through its third corner z
        gains = (
            (uv, p[uw] * p[wv]),
            (vu, p[vw] * p[wu]),
            (uw, p[uv] * p[vw]),
            (wu, p[wv] * p[vu]),
            (vw, p[vu] * p[uw]),
            (wv, p[wu] * p[uv]),
        )
        for row, via in gains:
            indirect += np.bincount(row, via, minlength=len(keys))
    return np.bincount(i, (p + indirect) ** 2, minlength=n)[rank]


# -- the census ----------------------------------------------------------------------------


def _census(
    source: np.ndarray,
    target: np.ndarray,
    group: np.ndarray,
    n: int,
    *,
    chunk_size: int,
    routes: bool,
) -> tuple[np.ndarray, _Routes | None]:
    """Role counts per node, shape (n, 5); with ``routes``, the between-group chains too.

    The chains through a middle node b are counted per (b, group of a, group of c): the
    number of in-arcs from group A times the number of out-arcs into group C, less the
    chains a -> b -> a (a reciprocal pair) and the closed chains (an arc a -> c exists).
    """
    keys = _arcs(source, target, n)
    codes = _group_codes(group, n)
    n_codes = int(codes.max()) + 1 if n else 0
    flat = np.zeros(n * len(ROLES), dtype=np.int64)
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    tail, head = np.divmod(keys, n) if n else (keys, keys)
    # one row per (middle node, group) with its number of arcs, sorted by both
    into = _Histogram.of(head, codes[tail], n_codes)
    out_of = _Histogram.of(tail, codes[head], n_codes)
    less = _corrections(keys, tail, head, codes, into, n, chunk_size)
    for b, start, end, chains in _group_chains(into, out_of, less, chunk_size):
        g = codes[b]
        pattern = (start == g) + 2 * (g == end).astype(np.int64) + 4 * (start == end)
        role = _ROLE_OF_PATTERN[pattern]
        flat += np.bincount(b * len(ROLES) + role, chains, n * len(ROLES)).astype(np.int64)
        if routes:
            across = role != _COORDINATOR
            parts.append((b[across], start[across] * n_codes + end[across], chains[across]))
    counts = flat.reshape(n, len(ROLES))
    found = _busiest_routes(parts, keys, codes, counts, n_codes) if routes else None
    return counts, found


def _arcs(source: np.ndarray, target: np.ndarray, n: int) -> np.ndarray:
    """Sorted distinct arc keys ``source * n + target``, self-loops dropped, inputs checked."""
    source = np.asarray(source)
    target = np.asarray(target)
    if source.shape != target.shape or source.ndim != 1:
        raise ValueError(
            f"source and target must be 1-d arrays of the same length, not {source.shape} "
            f"and {target.shape}"
        )
    if n < 0 or n >= 3_037_000_499:  # n * n must fit in int64
        raise ValueError(f"n must be between 0 and 3037000498, not {n}")
    source = source.astype(np.int64, copy=False)
    target = target.astype(np.int64, copy=False)
    for name, codes in (("source", source), ("target", target)):
        bad = (codes < 0) | (codes >= n)
        if bad.any():
            raise ValueError(
                f"{name} holds node code {int(codes[bad][0])}, outside 0..{n - 1}; codes must "
                "be positions among the n nodes"
            )
    loop = source == target
    return distinct(source[~loop] * n + target[~loop])


def _group_codes(group: np.ndarray, n: int) -> np.ndarray:
    """Group codes with every ungrouped node (-1) in a singleton group of its own."""
    group = np.asarray(group)
    if group.shape != (n,):
        raise ValueError(f"group must have one entry per node ({n}), not shape {group.shape}")
    if not np.issubdtype(group.dtype, np.integer):
        raise ValueError(f"group must hold integers (-1 for no group), not {group.dtype}")
    codes = group.astype(np.int64)
    if (codes < -1).any():
        raise ValueError(f"group holds {int(codes.min())}; use -1 for a node in no group")
    first_free = int(codes.max()) + 1 if n else 0
    return np.where(codes < 0, first_free + np.arange(n, dtype=np.int64), codes)


class _Histogram(NamedTuple):
    """Distinct (node, group) rows of a set of arcs, sorted, with how many arcs each has."""

    node: np.ndarray
    group: np.ndarray
    arcs: np.ndarray
    key: KeyIndex  # of node * n_codes + group, sorted
    n_codes: int

    @classmethod
    def of(cls, node: np.ndarray, group: np.ndarray, n_codes: int) -> _Histogram:
        key, arcs = distinct_counts(node * n_codes + group)
        node_, group_ = np.divmod(key, max(n_codes, 1))
        return cls(node_, group_, arcs, KeyIndex(key), n_codes)

    def row(self, node: np.ndarray, group: np.ndarray) -> np.ndarray:
        """The row of each (node, group); every pair asked for must have a row."""
        return self.key.find(node * self.n_codes + group)


def _corrections(
    keys: np.ndarray,
    tail: np.ndarray,
    head: np.ndarray,
    codes: np.ndarray,
    into: _Histogram,
    n: int,
    chunk_size: int,
) -> tuple[np.ndarray, np.ndarray]:
    """The chains a -> b -> c that the group counts hold but that are no brokerage.

    Returned as sorted distinct keys ``row * n_codes + group of c`` (``row`` the
    (b, group of a) row of ``into``) with how many chains each key loses: a chain
    a -> b -> a of a reciprocal pair, and a chain closed by an arc a -> c.
    """
    n_codes = into.n_codes
    found: list[np.ndarray] = []
    arcs = KeyIndex(keys)
    mutual = arcs.contains(head * n + tail)
    a, b = tail[mutual], head[mutual]
    found.append(into.row(b, codes[a]) * n_codes + codes[a])
    for a, b, c in _closed_chains(arcs, tail, head, n, chunk_size):
        found.append(into.row(b, codes[a]) * n_codes + codes[c])
    return distinct_counts(np.concatenate(found))


def _closed_chains(
    arcs: KeyIndex, tail: np.ndarray, head: np.ndarray, n: int, chunk_size: int
) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Every chain a -> b -> c closed by an arc a -> c, as (a, b, c) arrays in chunks;
    ``arcs`` holds the keys ``tail * n + head``.

    For each arc a -> c, the middle nodes b are looked up from the shorter of a's out-arcs
    (is there b -> c?) and c's in-arcs (is there a -> b?), so the work per arc is the
    smaller of the two degrees.
    """
    out_degree = np.bincount(tail, minlength=n)
    out_start = np.cumsum(out_degree) - out_degree
    in_order = np.argsort(head)  # any order of c's in-arcs: the chains are counted as keys
    in_tail = tail[in_order]
    in_degree = np.bincount(head, minlength=n)
    in_start = np.cumsum(in_degree) - in_degree
    from_out = out_degree[tail] <= in_degree[head]
    tries = np.where(from_out, out_degree[tail], in_degree[head])
    for arc, within in expanded(tries, chunk_size):
        a, c, out = tail[arc], head[arc], from_out[arc]
        b = np.where(
            out,
            head[np.where(out, out_start[a] + within, 0)],
            in_tail[np.where(out, 0, in_start[c] + within)],
        )
        # b is a's out-neighbour (ask b -> c) or c's in-neighbour (ask a -> b)
        closed = arcs.contains(np.where(out, b * n + c, a * n + b))
        yield a[closed], b[closed], c[closed]


def _group_chains(
    into: _Histogram,
    out_of: _Histogram,
    less: tuple[np.ndarray, np.ndarray],
    chunk_size: int,
) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
    """(b, group of a, group of c, chains) for every combination with brokered chains.

    Each row of ``into`` (in-arcs of b from group A) is paired with every row of
    ``out_of`` for the same b (out-arcs into group C), in chunks of at most about
    ``chunk_size`` combinations; chains = arcs in times arcs out, less the corrections.
    """
    n_codes = into.n_codes
    lost_key, lost = KeyIndex(less[0]), less[1]
    nodes = int(max(into.node.max(initial=-1), out_of.node.max(initial=-1))) + 1
    rows_per_node = np.bincount(out_of.node, minlength=nodes)
    first_row = np.cumsum(rows_per_node) - rows_per_node
    opens = rows_per_node[into.node]
    useful = np.flatnonzero(opens > 0)
    for at, within in expanded(opens[useful], chunk_size):
        row = useful[at]
        b = into.node[row]
        other = first_row[b] + within
        end = out_of.group[other]
        chains = into.arcs[row] * out_of.arcs[other]
        key = row * n_codes + end
        if len(lost_key):
            hit = lost_key.find(key)
            chains = chains - np.where(hit >= 0, lost[hit], 0)
        keep = chains > 0
        yield b[keep], into.group[row][keep], end[keep], chains[keep]


def _role_frame(counts: np.ndarray) -> pd.DataFrame:
    frame = pd.DataFrame(counts, columns=list(ROLES))
    frame["total"] = counts.sum(axis=1)
    return frame


class _Routes(NamedTuple):
    """Per organisation, the route it brokers most often in its main role, for the reasons.

    A route is ``g(a) * n_codes + g(c)`` over the group codes (singletons included); ``route``
    is -1 where the main role is coordinator or the organisation brokers nothing. ``sole``
    marks a route between two different groups that no other organisation brokers and no arc
    joins directly.
    """

    route: np.ndarray
    chains: np.ndarray
    sole: np.ndarray
    n_codes: int


def _busiest_routes(
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]],
    keys: np.ndarray,
    codes: np.ndarray,
    counts: np.ndarray,
    n_codes: int,
) -> _Routes:
    n = len(codes)
    if parts:
        broker, route, chains = (np.concatenate(column) for column in zip(*parts, strict=True))
    else:
        broker = route = chains = np.zeros(0, dtype=np.int64)
    # how many organisations broker each route (rows are distinct (broker, route) pairs)
    routes, n_brokers = np.unique(route, return_counts=True)
    # the route a broker serves most often in its main role (the first of the most frequent
    # roles), the lowest route code among equals; a broker's group and a route fix the role
    start, end = np.divmod(route, max(n_codes, 1))
    own = codes[broker]
    pattern = (start == own) + 2 * (own == end).astype(np.int64) + 4 * (start == end)
    main = _ROLE_OF_PATTERN[pattern] == np.argmax(counts, axis=1)[broker]
    broker, route, chains = broker[main], route[main], chains[main]
    most = np.zeros(n, dtype=np.int64)
    np.maximum.at(most, broker, chains)
    top = chains == most[broker]
    busiest = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(busiest, broker[top], route[top])
    has_route = most > 0
    busiest = np.where(has_route, busiest, -1)
    only_broker = np.zeros(n, dtype=bool)
    only_broker[has_route] = n_brokers[np.searchsorted(routes, busiest[has_route])] == 1
    # group pairs an arc joins directly
    tail, head = np.divmod(keys, n) if len(keys) else (keys, keys)
    across = codes[tail] != codes[head]
    direct = distinct(codes[tail][across] * n_codes + codes[head][across])
    start, end = np.divmod(np.where(has_route, busiest, 0), max(n_codes, 1))
    sole = has_route & only_broker & (start != end) & ~KeyIndex(direct).contains(busiest)
    return _Routes(busiest, most, sole, n_codes)


# -- the table -----------------------------------------------------------------------------


def _groups_by_organisation(eco: Ecosystem, groups: pd.Series) -> pd.Series:
    """The group of every organisation, in organisation order; missing where it has none."""
    if groups.index.has_duplicates:
        twice = groups.index[groups.index.duplicated()].unique()[:5]
        raise ValueError(
            "groups names some organisations more than once: "
            f"{', '.join(map(str, twice))}; give each organisation one group"
        )
    unknown = groups.index.difference(eco.org_index)
    if len(unknown):
        raise ValueError(
            f"groups names {len(unknown)} id(s) that are not organisations: "
            f"{', '.join(map(str, unknown[:5]))}; index groups by organisation id"
        )
    return groups.reindex(eco.org_index).reset_index(drop=True)


class _GroupNamer:
    """Names a group code as a planner would: 'cluster 3', or an organisation in none."""

    def __init__(
        self, codes: np.ndarray, names: pd.Index, org_names: np.ndarray, lang: str
    ) -> None:
        self.codes = codes
        self.labels = [str(name) for name in names]
        self.org_names = org_names
        self.lang = lang

    def name(self, code: int) -> str:
        if code < len(self.labels):
            return text(_TEXT, "cluster", self.lang, label=self.labels[code])
        # a singleton: group codes past the real ones are first_free + organisation code
        name = self.org_names[code - len(self.labels)]
        return text(_TEXT, "unclustered_org", self.lang, name=name)


def _reasons(
    out: pd.DataFrame,
    degree: np.ndarray,
    routes: _Routes | None,
    namer: _GroupNamer,
    lang: str,
) -> pa.Array:
    """The reasons of every organisation, a sentence at a time over all rows."""
    n = len(out)
    counts = out[list(ROLES)].to_numpy(np.int64)
    total = counts.sum(axis=1)
    group = np.asarray(namer.codes, dtype=np.int64)
    clusters = [namer.name(code) for code in range(len(namer.labels))]
    own = pa.array([*clusters, ""], type=pa.large_string()).take(
        pa.array(np.where(group >= 0, group, len(clusters)))
    )
    where = where_column(
        group >= 0,
        text_column(_TEXT, "in_cluster", lang, n, own=own),
        text(_TEXT, "in_no_cluster", lang),
    )
    isolated = degree == 0
    active = ~isolated & (total > 0)

    def own_of(code: int) -> str | None:
        return clusters[code] if code >= 0 else None

    # the roles by chains, most first (equals in column order); roles with none come last
    ranked = np.argsort(-counts * len(ROLES) + np.arange(len(ROLES)), axis=1, kind="stable")
    ranked_counts = np.take_along_axis(counts, ranked, axis=1)
    words = np.array([text(_TEXT, role, lang) for role in ROLES], dtype=object)
    split = joined_column(
        (
            where_column(
                ranked_counts[:, k] > 0,
                text_column(
                    _TEXT,
                    "role_count",
                    lang,
                    n,
                    role=pa.array(words[ranked[:, k]], type=pa.large_string()),
                    n=int_column(ranked_counts[:, k]),
                ),
            )
            for k in range(len(ROLES))
        ),
        ", ",
        n,
    )

    def role_sentence(top: int, several: bool, code: int) -> str:
        role = text(_TEXT, "role_named", lang, role=ROLES[top], name=text(_TEXT, ROLES[top], lang))
        # "cluster" is the same word in English and Dutch
        meaning = text(_TEXT, f"does_{ROLES[top]}", lang, own=own_of(code) or "cluster")
        return text(_TEXT, "mostly_as" if several else "as", lang, role=role, meaning=meaning)

    parts = [
        where,
        text_column_where(~isolated & (total == 0), _TEXT, "brokers_nothing", lang),
        text_column_where(
            active,
            _TEXT,
            "brokers",
            lang,
            times=per_distinct(lambda t: _times(int(t), lang), total),
            split=split,
        ),
        _boundary_column(active, total, counts[:, _COORDINATOR], own, lang),
        per_distinct_where(
            active, role_sentence, ranked[:, 0], (counts > 0).sum(axis=1) > 1, group
        ),
    ]
    if routes is not None:
        parts.append(_route_column(active & (routes.route >= 0), routes, namer, lang))
    constraint = out["constraint"].to_numpy(float)
    size = number_column(out["effective_size"].to_numpy(float), lang, 1)
    partners = where_column(
        degree == 1,
        text_column(_TEXT, "partners_one", lang, n, size=size),
        text_column(_TEXT, "partners_many", lang, n, degree=int_column(degree), size=size),
    )
    parts.append(
        text_column_where(
            ~np.isnan(constraint),
            _TEXT,
            "constraint",
            lang,
            constraint=number_column(constraint, lang, 2),
            count=partners,
        )
    )
    alone = text_column_where(isolated, _TEXT, "isolated", lang, where=where)
    return where_column(isolated, pc.fill_null(alone, ""), joined_column(parts, " ", n))


def _boundary_column(
    rows: np.ndarray, total: np.ndarray, inside: np.ndarray, own: pa.Array, lang: str
) -> pa.Array:
    """How many of each organisation's chains cross a cluster boundary, in ``rows`` (null
    in the others); ``inside`` counts its coordinator chains, ``own`` names its cluster."""
    across = total - inside
    many = np.where(total == 1, "one", "many")
    fields: dict[str, Field] = {
        "across": int_column(across),
        "inside": int_column(inside),
        "own": own,
    }
    all_inside, all_across = rows & (across == 0), rows & (across != 0) & (inside == 0)
    return pc.coalesce(
        *(
            text_column_where(cases & (many == form), _TEXT, f"{key}_{form}", lang, **fields)
            for key, cases in (("all_inside", all_inside), ("all_across", all_across))
            for form in ("one", "many")
        ),
        text_column_where(rows & ~all_inside & ~all_across, _TEXT, "some_across", lang, **fields),
    )


def _route_column(rows: np.ndarray, routes: _Routes, namer: _GroupNamer, lang: str) -> pa.Array:
    """The route each organisation brokers most often, in ``rows`` (null in the others)."""
    start, end = np.divmod(routes.route[rows], routes.n_codes)
    chains = routes.chains[rows]
    # a group's name once per distinct group, as many organisations share a route's ends
    names = per_distinct(lambda code: namer.name(int(code)), np.r_[start, end])
    times = per_distinct(lambda k: _times(int(k), lang), chains)
    within = start == end
    fields: dict[str, Field] = {
        "group": names[: len(start)],
        "start": names[: len(start)],
        "end": names[len(start) :],
        "times": times,
        "sole": where_column(routes.sole[rows], text(_TEXT, "sole", lang), ""),
    }
    worded = pc.coalesce(
        text_column_where(within, _TEXT, "route_within", lang, **fields),
        text_column_where(~within, _TEXT, "route", lang, **fields),
    )
    return in_rows(rows, worded)
