"""Turn an Ecosystem and its analysis results into the tables the interactive graph draws.

The layout is computed once here, with igraph and a fixed seed, and stored in the page, so
the picture is the same on every reload and appears at once without physics. Parallel
agreements between one pair are merged into one line per pair, styled by the pair's tie
class (market, implicit, alliance, hierarchy) and labelled with their count, so they stay
visible as such instead of being drawn on top of each other.

Every organisation carries what the page colours, sizes and filters by: its type, alliance
cluster, region, risk score, centrality (PageRank of the live tie graph) and risk kinds.
Large ecosystems also get an overview: one node per alliance cluster (and one per
organisation type for the organisations outside any cluster), see :func:`overview_tables`.
"""

from __future__ import annotations

from typing import Any, Final

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from netorg._codes import (
    codes_in,
    distinct,
    edge_array,
    igraph_of,
    one_chunk,
    text_ranks,
    text_scalar,
)
from netorg._rng import igraph_seed
from netorg._worker import Call, result_or
from netorg.i18n import (
    int_column,
    joined_column,
    number_column,
    per_distinct,
    text,
    text_column,
    where_column,
)
from netorg.model import Ecosystem
from netorg.report.network import group_keys
from netorg.stats import tie_graph

_TOOLTIP_AGREEMENTS = 8
#: Tie classes, in the order the legend and filters show them.
TIE_CLASSES = ("market", "implicit", "alliance", "hierarchy")
#: The tooltips' words in every language netorg writes (data values stay as they are).
_TEXT: Final = {
    "type": {"en": "type", "nl": "type"},
    "sector": {"en": "sector", "nl": "sector"},
    "region": {"en": "region", "nl": "regio"},
    "size": {"en": "size: {size} FTE", "nl": "omvang: {size} fte"},
    "capabilities": {"en": "capabilities", "nl": "aanbod"},
    "needs": {"en": "needs", "nl": "behoeften"},
    "live": {"en": "live agreements: {n}", "nl": "lopende afspraken: {n}"},
    "cluster": {"en": "alliance cluster: {name}", "nl": "samenwerkingscluster: {name}"},
    "risk": {"en": "risk score: {score}", "nl": "risicoscore: {score}"},
    "to": {"en": "to", "nl": "tot"},
    "open": {"en": "open-ended", "nl": "onbepaald"},
    "head_1": {"en": "{cls} tie: 1 live agreement", "nl": "{cls}: 1 lopende afspraak"},
    "head_n": {"en": "{cls} tie: {n} live agreements", "nl": "{cls}: {n} lopende afspraken"},
    "head_none": {
        "en": "{cls} tie: {n} agreement(s), none live on the report date",
        "nl": "{cls}: {n} afspraak/afspraken, geen lopend op de rapportdatum",
    },
    "more": {"en": "... and {n} more", "nl": "... en nog {n}"},
    "market": {"en": "market", "nl": "marktrelatie"},
    "implicit": {"en": "implicit", "nl": "impliciete samenwerking"},
    "alliance": {"en": "alliance", "nl": "alliantie"},
    "hierarchy": {"en": "hierarchy", "nl": "hiërarchie"},
}
_FORM_CLASS = {"market": "market", "hybrid": "alliance", "hierarchy": "hierarchy"}


#: Organisations from which :func:`layout_call` hands the layout to a worker process: about
#: a second below, where starting a process costs about as much as it saves.
BACKGROUND_MIN_ORGANISATIONS: Final = 20_000


#: Iterations of the layout (igraph's default), and from :data:`LAYOUT_HALVED_FROM`
#: organisations half as many. The page of a network that large opens on the cluster
#: overview and draws one group at a time; for the 100,000 organisations of a million
#: agreements 250 iterations take 7.3 s of CPU where 500 take 14.5, and draw ties about as
#: tight (mean tie length over the mean distance of two organisations drawn at random:
#: 0.218 against 0.214; 0.235 with 100 iterations), with the same structure within the
#: drawn groups (by eye, on the largest cluster and one of middle size); docs/performance.md.
LAYOUT_ITERATIONS: Final = 500
LAYOUT_HALVED_FROM: Final = 20_000


def layout(eco: Ecosystem, *, seed: int = 1) -> np.ndarray:
    """Positions (n x 2) for every organisation, from the graph of live ties.

    Deterministic for a given ecosystem and seed. Taken from the worker process
    :func:`layout_call` describes, when :func:`netorg.write_outputs` started it and it
    succeeded.
    """
    job = eco.memo(("layout_job", seed), lambda: None)
    return np.asarray(result_or(job, lambda: _layout(tie_graph(eco), seed=seed)), dtype=float)


def layout_call(eco: Ecosystem, *, seed: int = 1) -> Call | None:
    """:func:`layout` as a background computation (:mod:`netorg._worker`), for a network of
    :data:`BACKGROUND_MIN_ORGANISATIONS` or more (None below).

    At 100,000 organisations the layout takes about seven seconds of igraph's C code and needs
    only the tie graph: :func:`netorg.write_outputs` starts it before the analyses, so that
    it runs on a second core meanwhile. The worker rebuilds the graph from its edge list and
    weights in the same order and seeds igraph the same way, so the positions are the same
    as computed here.
    """
    graph = tie_graph(eco)
    if graph.vcount() < BACKGROUND_MIN_ORGANISATIONS:
        return None

    def arguments() -> tuple[Any, ...]:
        edges = edge_array(graph)
        weights = np.asarray(graph.es["weight"], dtype=np.int64)
        return graph.vcount(), edges, weights, seed

    return ("layout_job", seed), _layout_of_edges, arguments


def _layout_of_edges(n: int, edges: np.ndarray, weights: np.ndarray, seed: int) -> np.ndarray:
    graph = igraph_of(n, edges)
    graph.es["weight"] = weights.tolist()
    return _layout(graph, seed=seed)


def _layout(graph: Any, *, seed: int, scale: float | None = None) -> np.ndarray:
    if graph.vcount() == 0:
        return np.zeros((0, 2))
    with igraph_seed(seed):
        # igraph switches Fruchterman-Reingold to its grid variant above 1,000 vertices:
        # 1.2 s for 10,000 organisations where DrL took 30 s (measured by hand).
        iterations = LAYOUT_ITERATIONS
        if graph.vcount() >= LAYOUT_HALVED_FROM:
            iterations //= 2
        coords = graph.layout_fruchterman_reingold(weights="weight", niter=iterations, grid="auto")
    xy = np.asarray(coords.coords, dtype=float)
    span = np.ptp(xy, axis=0)
    span[span == 0] = 1.0
    # Scale to a canvas of about 100 px per organisation along the diagonal, capped.
    scale = scale or min(4000.0, 120.0 * np.sqrt(graph.vcount()))
    return np.round((xy - xy.min(axis=0)) / span * scale - scale / 2, 2)


#: The columns of ``eco.analyze()``'s tables that :func:`network_tables` reads, by table.
RESULT_COLUMNS: Final = {
    "clusters": ("org_id", "cluster_id", "cluster_name"),
    "risk_scores": ("org_id", "score"),
    "risks": ("subject", "risk_kind"),
    "ties": ("org_a", "org_b", "tie_class"),
}


def network_tables(
    eco: Ecosystem,
    *,
    seed: int = 1,
    results: dict[str, pd.DataFrame] | None = None,
    tooltips: str = "all",
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Nodes and edges for :func:`netorg.report.network.write_network_html`.

    Parameters
    ----------
    eco : Ecosystem
    seed : int
        Seed of the layout.
    results : dict, optional
        ``eco.analyze()``'s tables (their :data:`RESULT_COLUMNS` suffice); computed (and
        memoised) when not given.
    tooltips : {"all", "within_groups"}
        Which lines get a tooltip: every line (default), or only the lines inside one
        overview group (:func:`netorg.report.network.group_keys`), the only lines a page
        that opens on the overview draws; the others get an empty tooltip. Saves building
        the tooltips a large page leaves out.

    Returns
    -------
    nodes : DataFrame
        id, label, tooltip, group (organisation type), x, y, size (by live agreements),
        cluster (alliance cluster id, "" outside any), cluster_name, region, risk (risk
        score), centrality (PageRank, scaled so the highest is 1), agreements (live
        agreements), risk_kinds (sorted list, an Arrow list column).
    edges : DataFrame
        source, target, tooltip, form, tie_class, types (agreement types, sorted list),
        count, arrows, live, intervals (a list of [start, end] day numbers): the agreements
        of one pair merged into one line. The list columns are Arrow list columns, so
        the page can write them without a Python object per pair; their cells read as
        Python lists.
    """
    results = results if results is not None else eco.analyze()
    lang = eco.language
    orgs = eco.organisations
    n = len(orgs)
    agreement, org = eco.party_codes
    degree = np.bincount(org[eco.live_mask()[agreement]], minlength=n)
    xy = layout(eco, seed=seed)
    if len(xy) != n:
        xy = np.zeros((n, 2))
    ids = orgs["id"].astype(str)
    clusters = results["clusters"].set_index("org_id")
    cluster = _strings(clusters["cluster_id"].reindex(ids))
    cluster_name = _strings(clusters["cluster_name"].reindex(ids))
    scores = results["risk_scores"].set_index("org_id")["score"].reindex(ids).fillna(0.0)
    graph = tie_graph(eco)
    rank = np.asarray(graph.pagerank(weights="weight"), dtype=float) if n else np.zeros(0)
    centrality = rank / rank.max() if n and rank.max() > 0 else np.zeros(n)
    nodes = pd.DataFrame(
        {
            "id": ids.to_numpy(),
            "label": orgs["name"].to_numpy(),
            "tooltip": "",
            "group": orgs["type"].replace("", "unknown").to_numpy(),
            "x": xy[:, 0],
            "y": xy[:, 1],
            "size": np.round(10 + 4 * np.sqrt(degree), 2),
            "cluster": cluster.to_numpy(),
            "cluster_name": cluster_name.to_numpy(),
            "region": orgs["region"].fillna("").astype(str).to_numpy(),
            "risk": np.round(scores.to_numpy(float), 4),
            "centrality": np.round(centrality, 4),
            "agreements": degree,
            "risk_kinds": _list_column(_risk_kinds(results["risks"], ids)),
        }
    )
    nodes["tooltip"] = _text_column(_org_tooltips(orgs, nodes, lang))
    if tooltips not in ("all", "within_groups"):
        raise ValueError(f"tooltips must be 'all' or 'within_groups', not {tooltips!r}")
    group = pd.factorize(group_keys(nodes))[0] if tooltips == "within_groups" else None
    return nodes, _merged_edges(eco, results["ties"], lang, org_group=group)


def _risk_kinds(risks: pd.DataFrame, ids: pd.Series) -> pa.LargeListArray:
    """Each organisation's distinct risk kinds, sorted: one sort of (subject, kind) codes,
    no Python function per group (10.6 s -> well under a second at a million agreements)."""
    subject, subjects = pd.factorize(risks["subject"].astype(str))
    kind, kinds = pd.factorize(risks["risk_kind"].astype(str), sort=True)
    named = (subject >= 0) & (kind >= 0)
    base = max(len(kinds), 1)
    pairs = distinct(subject[named] * base + kind[named])  # np.unique hashes: 1.4 s at 3M
    # One list per subject, and an empty one last for the organisations without risks.
    per_subject = _lists_of(
        np.bincount(pairs // base, minlength=len(subjects) + 1), _texts(list(kinds), pairs % base)
    )
    at = pc.index_in(_text_array(ids), value_set=_text_array(pd.Series(subjects)))
    return per_subject.take(at.fill_null(len(subjects)))


def _strings(values: pd.Series) -> pd.Series:
    """Values as text, missing ones as ""."""
    if isinstance(values.dtype, pd.StringDtype) and not values.hasnans:
        return values.astype(str)  # text already: no Python object per value
    values = values.astype(object)
    return values.where(values.notna(), "").astype(str)


def _text_array(values: pd.Series) -> pa.Array:
    """Values as an Arrow text array, missing ones as "" (as :func:`_strings`)."""
    return one_chunk(pa.array(_strings(values), type=pa.large_string()))


def _text_column(values: pa.Array) -> pd.Series:
    """An Arrow text array as a text column."""
    return pd.Series(values.to_pandas())


def _list_column(values: pa.Array) -> pd.Series:
    """An Arrow list array as a column whose cells read as Python lists."""
    return pd.Series(pd.arrays.ArrowExtensionArray(values))


def _lists_of(lengths: np.ndarray, values: pa.Array) -> pa.LargeListArray:
    """``values`` cut into consecutive lists of ``lengths``."""
    offsets = np.concatenate(([0], np.cumsum(lengths, dtype=np.int64)))
    return pa.LargeListArray.from_arrays(pa.array(offsets, pa.int64()), one_chunk(values))


def _org_tooltips(orgs: pd.DataFrame, nodes: pd.DataFrame, lang: str) -> pa.Array:
    """Each organisation's tooltip: name and id, then one line per fact it has."""
    n = len(orgs)
    lines = [
        pc.binary_join_element_wise(
            _text_array(orgs["name"]),
            text_scalar(" ("),
            _text_array(orgs["id"]),
            text_scalar(")"),
            text_scalar(""),
        )
    ]
    for label in ("type", "sector", "region"):
        if label in orgs.columns:
            values = _text_array(orgs[label])
            lines.append(
                where_column(
                    pc.not_equal(values, ""),
                    pc.binary_join_element_wise(
                        text_scalar(f"{text(_TEXT, label, lang)}: "), values, text_scalar("")
                    ),
                )
            )
    if "size" in orgs.columns:
        size = orgs["size"].to_numpy(float)
        lines.append(
            where_column(
                ~np.isnan(size),
                text_column(_TEXT, "size", lang, n, size=number_column(size, lang, 0)),
            )
        )
    for label in ("capabilities", "needs"):
        if label in orgs.columns:
            tags = one_chunk(
                pa.array(orgs[label], type=pa.large_list(pa.large_string()), from_pandas=True)
            )
            joined = pc.binary_join(tags, text_scalar(", "))
            lines.append(
                where_column(
                    pc.fill_null(pc.greater(pc.list_value_length(tags), 0), False),
                    pc.binary_join_element_wise(
                        text_scalar(f"{text(_TEXT, label, lang)}: "), joined, text_scalar("")
                    ),
                )
            )
    lines.append(text_column(_TEXT, "live", lang, n, n=int_column(nodes["agreements"])))
    cluster = _text_array(nodes["cluster_name"])
    lines.append(
        where_column(
            pc.not_equal(cluster, ""), text_column(_TEXT, "cluster", lang, n, name=cluster)
        )
    )
    lines.append(text_column(_TEXT, "risk", lang, n, score=number_column(nodes["risk"], lang, 2)))
    return joined_column(lines, "\n", n)


#: Day numbers (days since 1970-01-01) standing for "no start" and "open-ended".
OPEN_START, OPEN_END = -(10**6), 10**6


def _merged_edges(
    eco: Ecosystem, ties: pd.DataFrame, lang: str, *, org_group: np.ndarray | None = None
) -> pd.DataFrame:
    """One line per pair with agreements of status active, classed like the pair in ``ties``.

    With ``org_group`` (each organisation's group, as a code) only the lines inside one
    group get a tooltip, the others an empty one.

    ``live`` says whether any of them is live on ``eco.as_of`` (only those lines are shown
    at first); ``intervals`` holds each agreement's [start, end] as day numbers, so the
    page's date slider can replay which lines were live when; ``count`` is the number live
    on ``as_of`` (or, for a line not live then, of all its agreements).
    """
    e = eco.edges
    a = eco.agreements
    code = e["agreement_code"].to_numpy(np.int64)
    active = (a["status"] == "active").to_numpy()[code]
    code = code[active]
    live = eco.live_mask()[code]
    # Each pair as one integer that sorts like its (source, target) ids as text, so that the
    # pairs come out in the order a sorted group-by on the ids gives, and every step below
    # is a numpy or Arrow kernel, not Python work per pair (20 s -> 2 s at a million
    # agreements).
    ids = _text_array(eco.org_index.to_series())
    by_text, rank = text_ranks(ids)
    src = rank[e["source_code"].to_numpy(np.int64)[active]]
    dst = rank[e["target_code"].to_numpy(np.int64)[active]]
    base = max(len(ids), 1)
    key = np.minimum(src, dst) * base + np.maximum(src, dst)
    # Rows by pair, in table order within each pair (as the agreements were listed).
    by_pair = np.argsort(key, kind="stable")
    pairs, run = _runs(key[by_pair])
    group = np.empty_like(run)
    group[by_pair] = run
    n_pairs = len(pairs)

    def per_pair(values: np.ndarray) -> np.ndarray:
        return np.bincount(group, weights=values, minlength=n_pairs).astype(np.int64)

    total = np.bincount(group, minlength=n_pairs)
    count = per_pair(live)
    swapped = per_pair(src > dst)
    hierarchy = per_pair((a["form"] == "hierarchy").to_numpy()[code]) > 0
    hybrid = per_pair((a["form"] == "hybrid").to_numpy()[code]) > 0
    form = np.where(hierarchy, 2, np.where(hybrid, 1, 0))  # codes of _FORM_CLASS
    tie_class, classes = _pair_classes(ties, ids, rank, pairs, form)
    pair_live = count > 0
    count = np.where(pair_live, count, total)
    # One direction for every agreement of a directed (market or hierarchy) pair: an arrow.
    flip = swapped == total
    directed = np.isin(classes, ["market", "implicit", "hierarchy"])[tie_class]
    names = ids.take(pa.array(by_text))  # the id of each rank
    lo, hi = np.divmod(pairs, base)
    spans = np.column_stack((_days(a["start"], OPEN_START), _days(a["end"], OPEN_END)))
    with_tip = None
    if org_group is not None:  # lines inside one group only
        with_tip = np.flatnonzero(org_group[by_text[lo]] == org_group[by_text[hi]])
    tooltips = _edge_tooltips(
        a, code, group, total, count, classes, tie_class, pair_live, lang, pairs=with_tip
    )
    return pd.DataFrame(
        {
            "source": _text_column(names.take(pa.array(np.where(flip, hi, lo)))),
            "target": _text_column(names.take(pa.array(np.where(flip, lo, hi)))),
            "tooltip": _text_column(tooltips),
            "form": _text_column(_texts(list(_FORM_CLASS), form)),
            "tie_class": _text_column(_texts(classes, tie_class)),
            "types": _list_column(_pair_types(_strings(a["type"]), code, group, n_pairs)),
            "count": count,
            "arrows": ((swapped == 0) | flip) & directed,
            "live": pair_live,
            "intervals": _list_column(
                _lists_of(
                    total,
                    pa.FixedSizeListArray.from_arrays(pa.array(spans[code[by_pair]].ravel()), 2),
                )
            ),
        }
    )


def _runs(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values of sorted ``values``, and for each value the index of its run."""
    new = np.diff(values, prepend=values[:1] - 1) != 0
    return values[new], np.cumsum(new) - 1


def _texts(names: list[str], codes: np.ndarray) -> pa.Array:
    """``names[code]`` for every code, as an Arrow text array."""
    return pa.array(names, type=pa.large_string()).take(pa.array(codes))


def _pair_classes(
    ties: pd.DataFrame, ids: pa.Array, rank: np.ndarray, pairs: np.ndarray, form: np.ndarray
) -> tuple[np.ndarray, list[str]]:
    """Each pair's class in ``ties`` (its first row there), else the class of its form.

    ``form`` holds codes of the forms in :data:`_FORM_CLASS`. Returns the class codes and
    the names they stand for.
    """
    base = max(len(ids), 1)
    a = pc.index_in(_text_array(ties["org_a"]), value_set=ids).fill_null(-1).to_numpy()
    b = pc.index_in(_text_array(ties["org_b"]), value_set=ids).fill_null(-1).to_numpy()
    known = (a >= 0) & (b >= 0)
    a, b = rank[a[known]], rank[b[known]]
    listed, names = pd.factorize(ties["tie_class"])
    classes = pd.Series(listed[known], index=np.minimum(a, b) * base + np.maximum(a, b))
    found = classes[~classes.index.duplicated()].reindex(pairs, fill_value=-1).to_numpy()
    return np.where(found >= 0, found, len(names) + form), [*names, *_FORM_CLASS.values()]


def _pair_types(
    types: pd.Series, code: np.ndarray, group: np.ndarray, n_pairs: int
) -> pa.LargeListArray:
    """Each pair's distinct agreement types, sorted.

    ``types`` holds every agreement's type; ``code`` and ``group`` each row's agreement and
    pair.
    """
    kind, kinds = pd.factorize(types, sort=True)
    base = max(len(kinds), 1)
    key = _runs(np.sort(group * base + kind[code]))[0]
    return _lists_of(
        np.bincount(key // base, minlength=n_pairs),
        _texts(list(kinds), key % base),
    )


def _edge_tooltips(
    a: pd.DataFrame,
    code: np.ndarray,
    group: np.ndarray,
    total: np.ndarray,
    count: np.ndarray,
    classes: list[str],
    tie_class: np.ndarray,
    live: np.ndarray,
    lang: str,
    *,
    pairs: np.ndarray | None = None,
) -> pa.Array:
    """Each pair's tooltip: a head line, its first agreements in text order, how many more.

    ``a`` holds the agreements; ``code`` and ``group`` give each edge row's agreement and
    pair; ``tie_class`` each pair's class as a code into ``classes``. With ``pairs`` (sorted
    pair numbers) only those pairs get a tooltip, the others "". The agreements' lines are
    written only for the agreements of the pairs that get one.
    """
    n_pairs = len(total)
    if pairs is not None and len(pairs) < n_pairs:
        kept = np.zeros(n_pairs, dtype=bool)
        kept[pairs] = True
        at = np.full(n_pairs, len(pairs))
        at[pairs] = np.arange(len(pairs))
        rows = kept[group]
        tips = _edge_tooltips(
            a, code[rows], at[group[rows]], total[pairs], count[pairs], classes,
            tie_class[pairs], live[pairs], lang,
        )  # fmt: skip
        return pa.concat_arrays([tips, pa.array([""], type=pa.large_string())]).take(pa.array(at))
    needed = distinct(code)
    if len(needed) < len(a):  # lines only for the agreements listed
        a, code = a.iloc[needed], np.searchsorted(needed, code)
    lines = _agreement_lines(a, lang)
    rank = text_ranks(lines)[1]
    order = np.lexsort((rank[code], group))
    first = np.cumsum(total) - total
    shown = order[np.arange(len(order)) - first[group[order]] < _TOOLTIP_AGREEMENTS]
    listed = pc.binary_join(
        _lists_of(np.minimum(total, _TOOLTIP_AGREEMENTS), lines.take(pa.array(code[shown]))),
        text_scalar("\n"),
    )
    heads = ("head_none", "head_1", "head_n")
    head = per_distinct(
        lambda cls, kind, n: text(
            _TEXT, heads[kind], lang, cls=text(_TEXT, classes[cls], lang), n=n
        ),
        tie_class,
        np.where(live, np.where(count == 1, 1, 2), 0),
        count,
    )
    more = per_distinct(
        lambda n: "\n" + text(_TEXT, "more", lang, n=n) if n > 0 else "",
        np.maximum(total - _TOOLTIP_AGREEMENTS, 0),
    )
    return pc.binary_join_element_wise(head, text_scalar("\n"), listed, more, text_scalar(""))


def _days(dates: pd.Series, missing: int) -> np.ndarray:
    """Dates as day numbers since 1970-01-01; missing ones as ``missing``."""
    days = dates.to_numpy("datetime64[D]").astype("int64")
    return np.where(dates.isna().to_numpy(), missing, days)


def _agreement_lines(a: pd.DataFrame, lang: str) -> pa.Array:
    """One line per agreement for the tooltips: ``id: type, service, start to end``."""
    service = _text_array(a["service"])
    return pc.binary_join_element_wise(
        _text_array(a["id"]),
        text_scalar(": "),
        _text_array(a["type"]),
        pc.if_else(
            pc.equal(service, ""),
            text_scalar(""),
            pc.binary_join_element_wise(text_scalar(", "), service, text_scalar("")),
        ),
        text_scalar(", "),
        _date_texts(a["start"], "?"),
        text_scalar(f" {text(_TEXT, 'to', lang)} "),
        _date_texts(a["end"], text(_TEXT, "open", lang)),
        text_scalar(""),
    )


def _date_texts(dates: pd.Series, missing: str) -> pa.Array:
    """Dates as ``YYYY-MM-DD``, missing ones as ``missing``: formatted once per distinct date."""
    codes, distinct = pd.factorize(dates)
    shown = pd.Series(distinct).dt.strftime("%Y-%m-%d").tolist()
    texts = pa.array([*shown, missing], type=pa.large_string())
    return texts.take(pa.array(np.where(codes < 0, len(distinct), codes)))


def overview_tables(
    nodes: pd.DataFrame, edges: pd.DataFrame, *, seed: int = 1
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The cluster-level view of a large graph: one node per group of organisations.

    A group is an alliance cluster, or, for organisations outside every cluster, their
    organisation type. Lines between groups count the pairs with live agreements that
    join them: the lines of ``edges`` whose ``live`` is true (every line without that
    column).

    Returns
    -------
    groups : DataFrame
        key (``c:<cluster id>`` or ``t:<type>``), label, members (count), x, y.
    links : DataFrame
        source, target (group keys), ties (pairs between them).
    """
    key = group_keys(nodes)
    name = np.where(
        nodes["cluster"] != "",
        nodes["cluster_name"].where(nodes["cluster_name"] != "", nodes["cluster"]),
        nodes["group"],
    )
    frame = pd.DataFrame({"key": key, "label": name})
    groups = frame.groupby("key", sort=True).agg(label=("label", "first"), members=("key", "size"))
    groups = groups.reset_index()
    # Each line's ends as their nodes' positions (Arrow's hash look-up of the ids), then as
    # their groups' positions; an end that is no node (-1) is in no group (-1).
    group_of = pd.Series(np.arange(len(groups)), index=groups["key"]).reindex(key).to_numpy()
    group_of = np.append(group_of.astype(np.int64), -1)
    ids = nodes["id"].astype(str)
    u = group_of[codes_in(edges["source"], ids)]
    v = group_of[codes_in(edges["target"], ids)]
    live = edges["live"].to_numpy(bool) if "live" in edges.columns else True
    inter = (u >= 0) & (v >= 0) & (u != v) & live
    lo, hi = np.minimum(u[inter], v[inter]), np.maximum(u[inter], v[inter])
    pairs = pd.DataFrame({"u": lo, "v": hi}).value_counts().sort_index().reset_index()
    graph = igraph_of(len(groups), pairs[["u", "v"]].to_numpy())
    graph.es["weight"] = pairs["count"].tolist()
    xy = _layout(graph, seed=seed, scale=min(3000.0, 150.0 * np.sqrt(max(len(groups), 1))))
    if len(xy) != len(groups):
        xy = np.zeros((len(groups), 2))
    groups["x"], groups["y"] = xy[:, 0], xy[:, 1]
    keys = groups["key"].to_numpy()
    links = pd.DataFrame(
        {"source": keys[pairs["u"]], "target": keys[pairs["v"]], "ties": pairs["count"]}
    )
    return groups, links
