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

Cost. :func:`gould_fernandez` enumerates every directed two-path a -> b -> c, that is
``P = sum over b of in_degree(b) * out_degree(b)`` of them, with numpy: the in-arcs of each
middle node are joined with its out-arcs by ``np.repeat``, and a chain is dropped where the
arc a -> c exists, found by binary search in the sorted arc keys ``a * n + c``. Time grows as
``P log E``; memory stays at the arcs plus one chunk of at most ``chunk_size`` chains (plus
one node's out-degree), because chains are generated and counted chunk by chunk: a hub with
thousands of partners on both sides costs time, not memory. :func:`brokerage` adds Burt's
measures (igraph's constraint) and, for the reasons, one row per distinct (broker, route
between two groups). Measured times are in docs/performance.md (``benchmarks/clusters.py``).

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
from typing import TYPE_CHECKING, Any, Final, NamedTuple

import numpy as np
import pandas as pd

from netorg._codes import distinct
from netorg.i18n import number, text
from netorg.stats import tie_graph

if TYPE_CHECKING:
    from netorg.model import Ecosystem

ROLES = ("coordinator", "itinerant", "gatekeeper", "representative", "liaison")

#: Chains generated per chunk; a chunk holds about ten int64 arrays this long (~80 MB).
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
        How many chains to hold in memory at once (default :data:`CHUNK_SIZE`); results do not
        depend on it.

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
    constraint = np.asarray(graph.constraint(weights="weight"), dtype=float)
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
    out["reasons"] = _reasons(out, degree, routes, namer, lang)
    out = out.sort_values(["total", "org_id"], ascending=[False, True], kind="mergesort")
    return out.reset_index(drop=True)


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
    """Role counts per node, shape (n, 5); with ``routes``, the between-group chains too."""
    keys = _arcs(source, target, n)
    codes = _group_codes(group, n)
    n_codes = int(codes.max()) + 1 if n else 0
    flat = np.zeros(n * len(ROLES), dtype=np.int64)
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    for a, b, c in _open_two_paths(keys, n, chunk_size):
        ga, gb, gc = codes[a], codes[b], codes[c]
        pattern = (ga == gb) + 2 * (gb == gc).astype(np.int64) + 4 * (ga == gc).astype(np.int64)
        role = _ROLE_OF_PATTERN[pattern]
        flat += np.bincount(b * len(ROLES) + role, minlength=n * len(ROLES))
        if routes:
            across = role != _COORDINATOR
            route = ga[across] * n_codes + gc[across]
            parts.append(_count_pairs(b[across], route, np.ones(len(route), dtype=np.int64)))
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


def _open_two_paths(
    keys: np.ndarray, n: int, chunk_size: int
) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Every chain a -> b -> c with a != c and no arc a -> c, as (a, b, c) arrays in chunks.

    Out-arcs come grouped by their source from the sorted keys. In-arcs are sorted by their
    target (the middle node b); in-arc ``a -> b`` opens ``out_degree(b)`` chains, so chunks are
    cut between in-arcs where the running count of chains passes ``chunk_size``.
    """
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be at least 1, not {chunk_size}")
    if len(keys) == 0:
        return
    tail, head = np.divmod(keys, n)
    out_degree = np.bincount(tail, minlength=n)
    out_start = np.cumsum(out_degree) - out_degree
    order = np.argsort(head, kind="stable")
    into_from, into_middle = tail[order], head[order]
    opens = out_degree[into_middle]
    useful = opens > 0
    into_from, into_middle, opens = into_from[useful], into_middle[useful], opens[useful]
    chains_before = np.cumsum(opens) - opens
    start = 0
    while start < len(opens):
        stop = int(np.searchsorted(chains_before, chains_before[start] + chunk_size, "left"))
        stop = max(stop, start + 1)  # one in-arc may open more chains than a chunk holds
        per_arc = opens[start:stop]
        a = np.repeat(into_from[start:stop], per_arc)
        b = np.repeat(into_middle[start:stop], per_arc)
        within = np.arange(len(a), dtype=np.int64) - np.repeat(
            np.cumsum(per_arc) - per_arc, per_arc
        )
        c = head[out_start[b] + within]
        keep = (a != c) & ~_contains(keys, a * n + c)
        yield a[keep], b[keep], c[keep]
        start = stop


def _contains(sorted_keys: np.ndarray, query: np.ndarray) -> np.ndarray:
    """Whether each query key is among the sorted keys (binary search)."""
    if len(sorted_keys) == 0:
        return np.zeros(len(query), dtype=bool)
    at = np.minimum(np.searchsorted(sorted_keys, query), len(sorted_keys) - 1)
    return sorted_keys[at] == query


def _role_frame(counts: np.ndarray) -> pd.DataFrame:
    frame = pd.DataFrame(counts, columns=list(ROLES))
    frame["total"] = counts.sum(axis=1)
    return frame


def _count_pairs(
    first: np.ndarray, second: np.ndarray, weight: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The distinct (first, second) pairs with their summed weights, sorted by both.

    ``first`` must be sorted (the chains come ordered by broker). Both columns are replaced
    by their ranks, so the combined sort key stays below ``len(first) ** 2``.
    """
    if len(first) == 0:
        return first, second, weight
    first_rank = np.cumsum(np.r_[False, first[1:] != first[:-1]])
    seconds, second_rank = np.unique(second, return_inverse=True)
    key = first_rank * len(seconds) + second_rank
    order = np.argsort(key, kind="stable")
    key = key[order]
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    at = order[starts]
    return first[at], second[at], np.add.reduceat(weight[order], starts)


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
    broker, route, chains = _merge_parts(parts)
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
    sole = has_route & only_broker & (start != end) & ~_contains(direct, busiest)
    return _Routes(busiest, most, sole, n_codes)


def _merge_parts(
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One row per distinct (broker, route) over all chunks.

    Chunks follow the brokers in order, so only a broker whose chains straddle a chunk
    boundary can have rows in more than one chunk; only those rows are merged again.
    """
    if not parts:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    broker, route, chains = (np.concatenate(column) for column in zip(*parts, strict=True))
    edges = [part[0][-1] for part in parts if len(part[0])]
    straddling = distinct(np.asarray(edges, dtype=np.int64))
    again = _contains(straddling, broker)
    merged = _count_pairs(broker[again], route[again], chains[again])
    keep = ~again
    return (
        np.concatenate([broker[keep], merged[0]]),
        np.concatenate([route[keep], merged[1]]),
        np.concatenate([chains[keep], merged[2]]),
    )


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

    def own(self, org: int) -> str | None:
        code = int(self.codes[org])
        return None if code < 0 else text(_TEXT, "cluster", self.lang, label=self.labels[code])

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
) -> list[str]:
    counts = out[list(ROLES)].to_numpy()
    records: list[dict[str, Any]] = out[["total", "constraint", "effective_size"]].to_dict(
        "records"
    )
    return [
        _reason(org, row, counts[org], int(degree[org]), routes, namer, lang)
        for org, row in enumerate(records)
    ]


def _reason(
    org: int,
    row: dict[str, Any],
    counts: np.ndarray,
    degree: int,
    routes: _Routes | None,
    namer: _GroupNamer,
    lang: str,
) -> str:
    own = namer.own(org)
    where = text(_TEXT, "in_cluster", lang, own=own) if own else text(_TEXT, "in_no_cluster", lang)
    if degree == 0:
        return text(_TEXT, "isolated", lang, where=where)
    total = int(row["total"])
    parts = [where]
    if total == 0:
        parts.append(text(_TEXT, "brokers_nothing", lang))
    else:
        ranked = sorted((i for i in range(len(ROLES)) if counts[i]), key=lambda i: (-counts[i], i))
        split = ", ".join(f"{text(_TEXT, ROLES[i], lang)} {int(counts[i])}" for i in ranked)
        parts.append(text(_TEXT, "brokers", lang, times=_times(total, lang), split=split))
        parts.append(_boundary_sentence(total, int(counts[_COORDINATOR]), own, lang))
        top = ROLES[ranked[0]]
        role = text(_TEXT, "role_named", lang, role=top, name=text(_TEXT, top, lang))
        # "cluster" is the same word in English and Dutch
        meaning = text(_TEXT, f"does_{top}", lang, own=own or "cluster")
        parts.append(
            text(_TEXT, "mostly_as" if len(ranked) > 1 else "as", lang, role=role, meaning=meaning)
        )
        if routes is not None and routes.route[org] >= 0:
            parts.append(_route_sentence(routes, org, namer, lang))
    if not np.isnan(row["constraint"]):
        size = number(row["effective_size"], lang, 1)
        count = (
            text(_TEXT, "partners_one", lang, size=size)
            if degree == 1
            else text(_TEXT, "partners_many", lang, degree=degree, size=size)
        )
        parts.append(
            text(
                _TEXT,
                "constraint",
                lang,
                constraint=number(row["constraint"], lang, 2),
                count=count,
            )
        )
    return " ".join(parts)


def _boundary_sentence(total: int, inside: int, own: str | None, lang: str) -> str:
    """How many of an organisation's chains cross a cluster boundary."""
    across = total - inside
    many = "one" if total == 1 else "many"
    if across == 0:
        return text(_TEXT, f"all_inside_{many}", lang, own=own)
    if inside == 0:
        return text(_TEXT, f"all_across_{many}", lang)
    return text(_TEXT, "some_across", lang, across=across, inside=inside, own=own)


def _route_sentence(routes: _Routes, org: int, namer: _GroupNamer, lang: str) -> str:
    start, end = divmod(int(routes.route[org]), routes.n_codes)
    times = _times(int(routes.chains[org]), lang)
    if start == end:
        return text(_TEXT, "route_within", lang, group=namer.name(start), times=times)
    sole = text(_TEXT, "sole", lang) if routes.sole[org] else ""
    return text(
        _TEXT,
        "route",
        lang,
        start=namer.name(start),
        end=namer.name(end),
        times=times,
        sole=sole,
    )
