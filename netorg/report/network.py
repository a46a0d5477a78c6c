"""The interactive network: one self-contained, offline HTML page drawn with vis-network.

The caller hands over two tables that are already laid out: ``nodes`` (organisations, with
precomputed ``x``/``y`` positions) and ``edges`` (agreements merged per pair of
organisations), and optionally an overview (one node per alliance cluster) for large
ecosystems. :func:`network_html` turns them into a page, :func:`write_network_html` writes it
as UTF-8, and :func:`graph_section` gives the same interactive graph as a block for the
report page.

What the page does
------------------
* colours organisations by alliance cluster or by type (switchable), sizes them by risk
  score, centrality or live agreements (switchable), and styles lines by tie class
  (market, implicit, alliance, hierarchy), with a legend that follows the choices;
* merges the parallel agreements of a pair into one line whose width and label (``×n``) say
  how many there are;
* finds an organisation by name (accents ignored) and focuses it;
* filters lines by tie class and agreement type and organisations by region, and
  highlights the organisations with one kind of risk, without ever blanking the graph;
* shows plain-text tooltips (vis-network 9 sets string titles with ``innerText``);
* uses the positions computed in Python: no physics, so reloads look the same;
* above :data:`OVERVIEW_LIMIT` organisations, opens on the overview, one node per cluster
  sized by its members; clicking one opens its organisations.

Why not simply ``pyvis.network.Network.write_html``
----------------------------------------------------
pyvis (0.3.2) ships vis-network 9.1.2's JS and CSS in its package, but its Jinja template is
not usable for a file planners open by double-click without internet: every mode links
Bootstrap from ``cdn.jsdelivr.net`` whatever ``cdn_resources`` says, ``in_line`` still pulls
tom-select for its menus, a title containing ``href`` is assigned with ``innerHTML``, and its
filter menu rebuilds the graph from the filtered items (blank when none match). So pyvis
supplies the vis-network files (read from the very directory its own ``in_line`` mode
reads) and its option handling; the page around them is this module's. Records are built
column-wise instead of with ``Network.add_node``/``add_edge``, which scan every existing
node and edge per call (minutes for 50,000 edges), and go into the page as JSON written
column by column too (see :func:`netorg.report.page.json_records`).

Safety and determinism: see :mod:`netorg.report.page`. No timestamps, no random ids
(every edge gets ``e0``, ``e1``, ...), the same input gives a byte-identical file.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any, Final, NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pyvis.network import Network

from netorg._codes import one_chunk, text_scalar
from netorg.i18n import check_language
from netorg.report.page import (
    RawJSON,
    column_batches,
    json_column,
    json_lists,
    json_record_blocks,
    json_strings,
    json_text,
    page_pieces,
    script_json_parts,
)

__all__ = [
    "EDGE_COLUMNS",
    "GROUP_PALETTE",
    "GROUP_SHAPES",
    "NODE_COLUMNS",
    "OVERVIEW_LIMIT",
    "TIE_CLASS_STYLES",
    "GroupStyle",
    "graph_section",
    "group_styles",
    "network_html",
    "network_page",
    "write_network_html",
]

#: Columns :func:`network_html` needs in ``nodes``.
NODE_COLUMNS: Final[tuple[str, ...]] = ("id", "label", "tooltip", "group", "x", "y", "size")
#: Columns :func:`network_html` needs in ``edges``.
EDGE_COLUMNS: Final[tuple[str, ...]] = ("source", "target", "tooltip", "form", "count", "arrows")

#: Above this many organisations the page opens on the cluster overview.
OVERVIEW_LIMIT: Final = 1500

#: Node colours: the Okabe & Ito (2008) palette, safe for the common colour-vision
#: deficiencies. Groups take colours in sorted order of their names (see :func:`group_styles`).
GROUP_PALETTE: Final[tuple[str, ...]] = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",  # black
)
#: Node shapes (vis-network names): the first eight groups are dots, the next eight squares
#: and so on, so that up to 32 groups stay distinguishable although the palette has eight.
GROUP_SHAPES: Final[tuple[str, ...]] = ("dot", "square", "triangle", "diamond")
#: Colour of organisations outside every cluster, and of dimmed ones.
_NO_CLUSTER: Final = "#BDBDBD"

#: Line style per tie class: colour, dash pattern (``False`` for solid) and the width of a
#: line that stands for one agreement.
TIE_CLASS_STYLES: Final[Mapping[str, Mapping[str, Any]]] = {
    "market": {"color": "#9A9A9A", "dashes": False, "width": 1.0},
    "implicit": {"color": "#D55E00", "dashes": [3, 3], "width": 2.5},
    "alliance": {"color": "#0F8B8D", "dashes": False, "width": 3.0},
    "hierarchy": {"color": "#2B2B2B", "dashes": [8, 5], "width": 2.0},
}
_FORM_CLASS: Final = {"market": "market", "hybrid": "alliance", "hierarchy": "hierarchy"}
#: Extra width per doubling of the number of agreements merged into a line, and the cap.
_WIDTH_PER_DOUBLING: Final = 1.5
_MAX_EDGE_WIDTH: Final = 16.0
#: Above this many lines all are hidden while dragging or zooming.
_LARGE_EDGE_COUNT: Final = 5000
_EDGE_HIGHLIGHT: Final = "#D55E00"
#: vis-network as bundled in pyvis 0.3.2 (the version its ``in_line`` mode inlines).
_VIS_DIR: Final = "lib/vis-9.1.2"

#: The page's own words, in every language netorg writes.
TEXT: Final[Mapping[str, Mapping[str, str]]] = {
    "en": {
        "find": "Find organisation",
        "find_placeholder": "part of a name",
        "find_button": "Find",
        "no_match": "no match",
        "of": "of",
        "colour_by": "Colour",
        "by_cluster": "by alliance cluster",
        "by_type": "by type",
        "size_by": "Size",
        "by_risk": "by risk score",
        "by_centrality": "by centrality",
        "by_agreements": "by live agreements",
        "agreement_type": "Agreement type",
        "region": "Region",
        "risk_kind": "Highlight risk",
        "all": "all",
        "none": "none",
        "organisations": "Organisations",
        "ties": "Ties",
        "no_cluster": "not in a cluster",
        "more": "more",
        "market": "market",
        "market_note": "contracts, purchases",
        "implicit": "implicit",
        "implicit_note": "purchasing that behaves like collaboration",
        "alliance": "alliance",
        "alliance_note": "partnerships, covenants, consortia",
        "hierarchy": "hierarchy",
        "hierarchy_note": "ownership, merger",
        "overview": "Overview: one circle per alliance cluster",
        "overview_hint": "Click a cluster to see its organisations.",
        "back": "Back to the overview",
        "members": "organisations",
        "ties_between": "pairs with live agreements between them",
        "help": "Line width and the number on a line: live agreements between the pair. "
        "Hover for details; scroll to zoom, drag to pan.",
        "graph_label": "Network of organisations",
        "legend": "Legend",
        "live_on": "Live on",
    },
    "nl": {
        "find": "Zoek organisatie",
        "find_placeholder": "deel van een naam",
        "find_button": "Zoek",
        "no_match": "niet gevonden",
        "of": "van",
        "colour_by": "Kleur",
        "by_cluster": "per samenwerkingscluster",
        "by_type": "per type",
        "size_by": "Grootte",
        "by_risk": "naar risicoscore",
        "by_centrality": "naar centraliteit",
        "by_agreements": "naar lopende afspraken",
        "agreement_type": "Soort afspraak",
        "region": "Regio",
        "risk_kind": "Markeer risico",
        "all": "alle",
        "none": "geen",
        "organisations": "Organisaties",
        "ties": "Relaties",
        "no_cluster": "niet in een cluster",
        "more": "meer",
        "market": "markt",
        "market_note": "contracten, inkoop",
        "implicit": "impliciet",
        "implicit_note": "inkoop die zich gedraagt als samenwerking",
        "alliance": "alliantie",
        "alliance_note": "partnerschappen, convenanten, consortia",
        "hierarchy": "hiërarchie",
        "hierarchy_note": "eigendom, fusie",
        "overview": "Overzicht: één cirkel per samenwerkingscluster",
        "overview_hint": "Klik op een cluster om de organisaties te zien.",
        "back": "Terug naar het overzicht",
        "members": "organisaties",
        "ties_between": "paren met lopende afspraken ertussen",
        "help": "Lijndikte en het getal op een lijn: lopende afspraken tussen het paar. "
        "Beweeg over een organisatie of lijn voor details; scroll om te zoomen, sleep om "
        "te verschuiven.",
        "graph_label": "Netwerk van organisaties",
        "legend": "Legenda",
        "live_on": "Lopend op",
    },
}


class GroupStyle(NamedTuple):
    """How the nodes of one group are drawn."""

    colour: str
    """Fill colour, ``#RRGGBB`` from :data:`GROUP_PALETTE`."""
    shape: str
    """vis-network shape name from :data:`GROUP_SHAPES`."""


def group_styles(groups: Sequence[str] | pd.Series) -> dict[str, GroupStyle]:
    """Map each distinct group name to the colour and shape its nodes are drawn with.

    The i-th name in sorted order gets colour ``GROUP_PALETTE[i % 8]`` and shape
    ``GROUP_SHAPES[(i // 8) % 4]``, so the same set of groups always looks the same.
    """
    return _styles(sorted({str(g) for g in groups}))


def _styles(names: Sequence[str]) -> dict[str, GroupStyle]:
    n = len(GROUP_PALETTE)
    return {
        name: GroupStyle(GROUP_PALETTE[i % n], GROUP_SHAPES[(i // n) % len(GROUP_SHAPES)])
        for i, name in enumerate(names)
    }


def network_html(
    nodes: pd.DataFrame,
    edges: pd.DataFrame,
    *,
    title: str = "netorg network",
    lang: str = "en",
    overview: tuple[pd.DataFrame, pd.DataFrame] | None = None,
    as_of: dt.date | None = None,
) -> str:
    """Render the interactive network page as a string.

    Parameters
    ----------
    nodes
        One row per organisation with columns ``id`` (str, unique), ``label`` (str),
        ``tooltip`` (plain text), ``group`` (organisation type), ``x``, ``y`` (position)
        and ``size`` (radius in pixels when sized by live agreements). Optional columns:
        ``cluster`` and ``cluster_name`` (alliance cluster, "" outside any), ``region``,
        ``risk`` (score in [0, 1]), ``centrality`` (in [0, 1]), ``agreements`` (count) and
        ``risk_kinds`` (list of str). Extra columns are ignored.
    edges
        One row per line with columns ``source`` and ``target`` (node ids), ``tooltip``
        (plain text; the count when empty), ``form`` (``market``, ``hybrid`` or
        ``hierarchy``), ``count`` (int >= 1, agreements merged into the line) and
        ``arrows`` (bool). Optional: ``tie_class`` (``market``, ``implicit``,
        ``alliance`` or ``hierarchy``; else derived from the form) and ``types`` (list of
        agreement types, for the filter).
    title
        Page title and heading (plain text).
    lang
        Language of the page's own words, ``en`` or ``nl``.
    overview
        ``(groups, links)`` from :func:`netorg.report.graph_data.overview_tables`: when
        given and there are more than :data:`OVERVIEW_LIMIT` nodes, the page opens on it,
        and holds only the lines inside one group (see :func:`group_keys`): the only ones
        it draws, as a group's organisations are drawn on their own. Lines between groups
        are counted in the overview's links.
    as_of
        The reference date. With it, and an ``intervals`` column in ``edges`` (each line's
        agreements as [start, end] day numbers, and ``live`` saying which lines are live
        on ``as_of``), the page gets a date slider that replays which lines were live when.

    Returns
    -------
    str
        A complete HTML document that needs no other file and makes no network request.

    Raises
    ------
    ValueError
        If a column is missing, a node id is missing or repeated, a position or size is
        not a finite number, an edge refers to an unknown node, a form or tie class is
        unknown or a count is not a whole number of at least 1.
    """
    section = graph_section(nodes, edges, lang=lang, overview=overview, heading=title, as_of=as_of)
    return network_page(section, title=title, lang=lang)


def network_page(section: GraphSection, *, title: str, lang: str) -> str:
    """The network page around a :func:`graph_section` (shared with the report)."""
    return "".join(network_pieces(section, title=title, lang=lang))


def network_pieces(section: GraphSection, *, title: str, lang: str) -> list[str]:
    """:func:`network_page` in pieces, for :func:`netorg.report.page.write_pieces`."""
    body = (
        f"<header><h1>{html.escape(title)}</h1>{section.search}</header>"
        f'<main class="netorg-full">{section.body}</main>'
    )
    return page_pieces(
        title=title,
        lang=lang,
        body=body,
        styles=(section.vis_css, GRAPH_CSS, _PAGE_CSS),
        scripts=section.scripts,
        data_json=section.data_parts,
        row_blocks=section.row_blocks,
    )


def write_network_html(
    nodes: pd.DataFrame,
    edges: pd.DataFrame,
    path: str | Path,
    *,
    title: str = "netorg network",
    lang: str = "en",
    overview: tuple[pd.DataFrame, pd.DataFrame] | None = None,
    as_of: dt.date | None = None,
) -> Path:
    """Write :func:`network_html` as one UTF-8 file (``\\n`` line ends on every platform).

    Returns ``path`` as a :class:`~pathlib.Path`; raises as :func:`network_html`.
    """
    out = Path(path)
    page = network_html(nodes, edges, title=title, lang=lang, overview=overview, as_of=as_of)
    out.write_bytes(page.encode("utf-8"))
    return out


class GraphSection(NamedTuple):
    """The pieces of the interactive graph, to place in a page."""

    search: str
    """The search form (HTML)."""
    body: str
    """Controls, canvas and legend (HTML)."""
    data_parts: tuple[str, ...]
    """The JSON data block's content, in pieces that join to it (see
    :func:`netorg.report.page.script_json_parts`), without the organisations and lines."""
    vis_css: str
    scripts: tuple[str, str]
    """vis-network and the page's script."""
    row_blocks: tuple[tuple[str, RawJSON], ...] = ()
    """The organisations (``nodes``) and lines (``edges``) as JSON arrays, each a data
    block of its own (see :func:`netorg.report.page.page_pieces`)."""

    def data(self) -> dict[str, Any]:
        """Everything the page's script reads, as Python values: the data block with the
        rows of every row block in it. For tests and a look inside; slow on a large graph."""
        data: dict[str, Any] = json.loads("".join(self.data_parts))
        for name, rows in self.row_blocks:
            data.setdefault(name, []).extend(json.loads(rows.text))
        return data

    @property
    def data_json(self) -> str:
        """:meth:`data` as one JSON text."""
        return json_text(self.data())


def graph_section(
    nodes: pd.DataFrame,
    edges: pd.DataFrame,
    *,
    lang: str = "en",
    overview: tuple[pd.DataFrame, pd.DataFrame] | None = None,
    heading: str = "",
    as_of: dt.date | None = None,
) -> GraphSection:
    """The interactive graph as parts of a page; see :func:`network_html` for the inputs."""
    check_language(lang)
    words = TEXT[lang]
    node_blocks, extra = _node_records(nodes)
    large = len(edges) > _LARGE_EDGE_COUNT
    opens_on_overview = overview is not None and len(nodes) > OVERVIEW_LIMIT
    edge_blocks, class_counts, intervals = _edge_records(
        edges,
        known_ids=nodes["id"].astype(str),
        groups=group_keys(nodes) if opens_on_overview else None,
    )
    net = Network(height="100%", width="100%", directed=False, cdn_resources="in_line")
    data: dict[str, Any] = {
        "lineTotal": len(edges),
        "lineWidth": {"perDoubling": _WIDTH_PER_DOUBLING, "max": _MAX_EDGE_WIDTH},
        "options": _vis_options(large=large),
        "text": dict(words),
        "classes": [
            {
                "key": k,
                "color": s["color"],
                "dashes": s["dashes"],
                "width": s["width"],
                "n": class_counts.get(k, 0),
            }
            for k, s in TIE_CLASS_STYLES.items()
        ],
        "days": _day_range(intervals, as_of),
        **extra,
        "overview": _overview_records(overview, extra)
        if overview is not None and opens_on_overview
        else None,
    }
    vis_js, vis_css = _vis_assets(net.template_dir)
    search = (
        '<form id="netorg-search" role="search" autocomplete="off">'
        f'<label for="netorg-search-input">{html.escape(words["find"])}</label>'
        '<input id="netorg-search-input" type="search" '
        f'placeholder="{html.escape(words["find_placeholder"])}" spellcheck="false">'
        f'<button type="submit">{html.escape(words["find_button"])}</button>'
        '<span id="netorg-search-status" role="status" aria-live="polite"></span></form>'
    )
    body = _BODY.format(
        colour_by=html.escape(words["colour_by"]),
        by_cluster=html.escape(words["by_cluster"]),
        by_type=html.escape(words["by_type"]),
        size_by=html.escape(words["size_by"]),
        by_risk=html.escape(words["by_risk"]),
        by_centrality=html.escape(words["by_centrality"]),
        by_agreements=html.escape(words["by_agreements"]),
        agreement_type=html.escape(words["agreement_type"]),
        region=html.escape(words["region"]),
        risk_kind=html.escape(words["risk_kind"]),
        back=html.escape(words["back"]),
        graph_label=html.escape(words["graph_label"] + (": " + heading if heading else "")),
        help=html.escape(words["help"]),
        legend=html.escape(words["legend"]),
        live_on=html.escape(words["live_on"]),
    )
    rows = tuple(("nodes", block) for block in node_blocks) + tuple(
        ("edges", block) for block in edge_blocks
    )
    return GraphSection(
        search, body, tuple(script_json_parts(data)), vis_css, (vis_js, _APP_JS), rows
    )


def group_keys(nodes: pd.DataFrame) -> np.ndarray:
    """The overview's group of each organisation: ``c:<cluster>`` for one in an alliance
    cluster, else ``t:<type>`` (its ``group``), as :func:`netorg.report.graph_data.overview_tables`
    forms the groups."""
    cluster = _text(_optional(nodes, "cluster", ""))
    group = _text(nodes["group"])
    return np.where(cluster != "", "c:" + cluster, "t:" + group)


# --- data -------------------------------------------------------------------------------------


def _require(frame: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{what} lack column(s) {', '.join(missing)}; need {', '.join(columns)}")


def _text(column: pd.Series, default: pd.Series | str = "") -> pd.Series:
    """Column as Python strings; missing values become ``default``."""
    if isinstance(column.dtype, pd.StringDtype) and not column.hasnans:
        return column.astype(str)  # text already: no Python object per value
    values = column.astype(object)
    return values.where(values.notna(), default).astype(str)


def _finite(frame: pd.DataFrame, column: str, what: str) -> pd.Series:
    values = pd.to_numeric(frame[column], errors="coerce").astype(float)
    bad = ~np.isfinite(values.to_numpy())
    if bad.any():
        raise ValueError(f"{what} {column!r} must be finite numbers; {int(bad.sum())} are not")
    return values


def _optional(frame: pd.DataFrame, column: str, default: Any) -> pd.Series:
    if column in frame.columns:
        return frame[column]
    return pd.Series([default] * len(frame), index=frame.index, dtype=object)


def _intervals(value: Any) -> list[list[int]] | None:
    """[[start day, end day], ...] of one line's agreements, or None (always live)."""
    if not isinstance(value, (list, tuple, np.ndarray)):
        return None
    return [[int(a), int(b)] for a, b in value]


def _list(value: Any) -> list[str]:
    """A list or tuple cell as a list of str; anything else as an empty list."""
    return [str(v) for v in value] if isinstance(value, (list, tuple, np.ndarray)) else []


def _arrow_lists(column: pd.Series, item: Callable[[pa.DataType], bool]) -> pa.Array | None:
    """An Arrow list column whose items pass ``item``, as an Arrow array; else None."""
    if not isinstance(column.dtype, pd.ArrowDtype):
        return None
    kind = column.dtype.pyarrow_dtype
    if not (pa.types.is_list(kind) or pa.types.is_large_list(kind)) or not item(kind.value_type):
        return None
    return one_chunk(pa.array(column.array))


def _regrouped(lengths: pa.Array, values: pa.Array) -> pa.LargeListArray:
    """``values`` cut into consecutive lists of ``lengths`` (null as 0)."""
    counts = pc.fill_null(lengths, 0).to_numpy(zero_copy_only=False)
    offsets = np.concatenate(([0], np.cumsum(counts, dtype=np.int64)))
    return pa.LargeListArray.from_arrays(pa.array(offsets, pa.int64()), values)


def _string_lists(column: pd.Series) -> pa.LargeListArray:
    """Each cell as :func:`_list` reads it, as an Arrow list array.

    An Arrow list column of text, as :func:`netorg.report.graph_data.network_tables` makes,
    is taken without a Python object per cell.
    """
    lists = _arrow_lists(column, lambda t: pa.types.is_string(t) or pa.types.is_large_string(t))
    if lists is not None:
        values = pc.list_flatten(lists)
        if values.null_count == 0:
            return _regrouped(pc.list_value_length(lists), values.cast(pa.large_string()))
    return pa.array([_list(v) for v in column], type=pa.large_list(pa.large_string()))


def _sorted_lists(lists: pa.LargeListArray) -> pa.LargeListArray:
    """Each list of texts sorted as Python sorts text (by code point, as UTF-8 bytes sort)."""
    values = pc.list_flatten(lists)
    parents = pc.list_parent_indices(lists)
    if len(values) < 2:
        return lists
    in_order = pc.or_(
        pc.not_equal(parents[1:], parents[:-1]), pc.greater_equal(values[1:], values[:-1])
    )
    if pc.all(in_order).as_py():
        return lists
    order = pc.sort_indices(
        pa.table({"list": parents, "value": values}),
        sort_keys=[("list", "ascending"), ("value", "ascending")],
    )
    return _regrouped(pc.list_value_length(lists), values.take(order))


def _interval_lists(column: pd.Series) -> pa.Array:
    """Each cell as :func:`_intervals` reads it, as an Arrow array of lists of [start, end].

    An Arrow column of lists of integer pairs, as
    :func:`netorg.report.graph_data.network_tables` makes, is taken as it is.
    """
    kind = pa.large_list(pa.list_(pa.int64(), 2))
    lists = _arrow_lists(
        column,
        lambda t: (
            pa.types.is_fixed_size_list(t)
            and t.list_size == 2
            and pa.types.is_integer(t.value_type)
        ),
    )
    if lists is not None:
        pairs = pc.list_flatten(lists)
        if pairs.null_count == 0 and pc.list_flatten(pairs).null_count == 0:
            return lists.cast(kind)
    return pa.array([_intervals(v) for v in column], type=kind)


def _json_intervals(intervals: pa.Array) -> pa.Array:
    """Each line's intervals as JSON: ``[[start,end],...]``, or ``null``."""
    days = pc.list_flatten(pc.list_flatten(intervals)).to_numpy()
    start, end = (pa.array(days[i::2]).cast(pa.large_string()) for i in (0, 1))
    pairs = pc.binary_join_element_wise(
        text_scalar("["), start, text_scalar(","), end, text_scalar("]"), text_scalar("")
    )
    return json_lists(intervals, pairs)


def _node_records(nodes: pd.DataFrame) -> tuple[list[RawJSON], dict[str, Any]]:
    """The organisations' records (JSON arrays, see :func:`json_record_blocks`) and the
    page's style tables and filter choices."""
    _require(nodes, NODE_COLUMNS, "nodes")
    if nodes["id"].isna().any():
        raise ValueError("nodes 'id' has missing values")
    ids = nodes["id"].astype(str)
    repeated = ids[ids.duplicated()]
    if len(repeated):
        raise ValueError(f"nodes 'id' must be unique; repeated: {sorted(set(repeated))[:5]}")
    groups = _text(nodes["group"])
    cluster = _text(_optional(nodes, "cluster", ""))
    cluster_name = _text(_optional(nodes, "cluster_name", ""))
    region = _text(_optional(nodes, "region", ""))
    type_styles = group_styles(groups.unique())
    # Clusters take colours by size, largest first, so the big ones are told apart.
    sizes = cluster[cluster != ""].value_counts()
    ranked = sorted(sizes.index, key=lambda c: (-sizes[c], c))
    cluster_styles = _styles(ranked)
    size = _finite(nodes, "size", "nodes")
    agreements = pd.to_numeric(_optional(nodes, "agreements", np.nan), errors="coerce")
    agreements = agreements.fillna(((size - 10) / 4).clip(lower=0) ** 2)
    kinds = _string_lists(_optional(nodes, "risk_kinds", None))
    kind_texts = pc.list_flatten(kinds)
    records = json_record_blocks(
        column_batches(
            {
                "id": json_column(ids),
                "label": json_column(_text(nodes["label"], ids)),
                "title": json_column(_text(nodes["tooltip"])),
                "group": json_column(groups),
                "cluster": json_column(cluster),
                "region": json_column(region),
                "risk": json_column(
                    pd.to_numeric(_optional(nodes, "risk", 0.0), errors="coerce").fillna(0.0)
                ),
                "centrality": json_column(
                    pd.to_numeric(_optional(nodes, "centrality", 0.0), errors="coerce").fillna(0.0)
                ),
                "agreements": json_column(agreements.round(3)),
                "size": json_column(size),
                "kinds": json_lists(kinds, json_strings(kind_texts)),
                "x": json_column(_finite(nodes, "x", "nodes")),
                "y": json_column(_finite(nodes, "y", "nodes")),
            }
        ),
        len(nodes),
    )
    last = ~cluster.duplicated(keep="last")  # as dict(zip(...)) keeps the last name
    names = dict(zip(cluster[last], cluster_name[last], strict=True))
    extra = {
        "types": [
            {"key": g, "color": s.colour, "shape": s.shape, "n": int((groups == g).sum())}
            for g, s in type_styles.items()
        ],
        "clusters": [
            {
                "key": c,
                "name": names.get(c) or c,
                "color": s.colour,
                "shape": s.shape,
                "n": int(sizes[c]),
            }
            for c, s in cluster_styles.items()
        ],
        "noCluster": _NO_CLUSTER,
        "regions": sorted(r for r in region.unique() if r),
        "riskKinds": sorted(pc.unique(kind_texts).to_pylist()),
        "colourBy": "cluster" if len(cluster_styles) else "type",
    }
    return records, extra


def _edge_records(
    edges: pd.DataFrame, *, known_ids: pd.Series, groups: np.ndarray | None = None
) -> tuple[list[RawJSON], dict[str, int], pa.Array]:
    """The lines' records (JSON arrays, see :func:`json_record_blocks`), the live lines per
    tie class and every line's intervals.

    With ``groups`` (each node's overview group, in the order of ``known_ids``) only the
    lines inside one group get a record; the counts and intervals are of every line. A
    record holds what differs per line; the page styles it from its class and count.
    """
    _require(edges, EDGE_COLUMNS, "edges")
    source = _text(edges["source"])
    target = _text(edges["target"])
    ids = pa.array(known_ids, type=pa.large_string())
    ends = pa.array(pd.concat([source, target]), type=pa.large_string())
    at = pc.index_in(ends, value_set=ids)
    if at.null_count:
        unknown = sorted(set(ends.filter(pc.is_null(at)).to_pylist()))
        raise ValueError(f"edges refer to {len(unknown)} unknown node id(s), e.g. {unknown[:5]}")
    form = _text(edges["form"])
    bad_forms = sorted(set(form.unique()) - set(_FORM_CLASS))
    if bad_forms:
        raise ValueError(f"edges 'form' must be one of {sorted(_FORM_CLASS)}; got {bad_forms}")
    tie_class = _text(_optional(edges, "tie_class", "")).where(
        lambda c: c != "", form.map(_FORM_CLASS)
    )
    bad_classes = sorted(set(tie_class.unique()) - set(TIE_CLASS_STYLES))
    if bad_classes:
        raise ValueError(
            f"edges 'tie_class' must be one of {list(TIE_CLASS_STYLES)}; got {bad_classes}"
        )
    raw_count = pd.to_numeric(edges["count"], errors="coerce").astype(float).to_numpy()
    if not (np.isfinite(raw_count) & (raw_count >= 1) & (raw_count == np.round(raw_count))).all():
        raise ValueError("edges 'count' must be whole numbers of at least 1")
    count = pd.Series(raw_count.astype(np.int64), index=edges.index)
    live = _optional(edges, "live", True).fillna(True).astype(bool)
    intervals = _interval_lists(_optional(edges, "intervals", None))
    counts = {str(k): int(v) for k, v in tie_class[live].value_counts().items()}
    drawn = np.arange(len(edges))
    if groups is not None:
        group = pd.factorize(groups)[0][at.to_numpy()]
        drawn = np.flatnonzero(group[: len(edges)] == group[len(edges) :])

    def kept(column: pd.Series) -> pd.Series:
        return column.iloc[drawn] if len(drawn) < len(edges) else column

    count = kept(count)
    tooltip = kept(_text(edges["tooltip"]))
    # Words per distinct count, not per line.
    distinct = count.unique().tolist()
    title = tooltip.where(
        tooltip.str.len() > 0,
        count.map({n: f"{n} agreement" if n == 1 else f"{n:,} agreements" for n in distinct}),
    )
    source, target, tie_class, live = kept(source), kept(target), kept(tie_class), kept(live)
    arrows = kept(edges["arrows"].fillna(False).astype(bool))
    types = _sorted_lists(_string_lists(_optional(edges, "types", None)))
    drawn_intervals = intervals
    if len(drawn) < len(edges):
        types, drawn_intervals = types.take(pa.array(drawn)), intervals.take(pa.array(drawn))

    def columns(start: int, stop: int) -> dict[str, pa.Array]:
        """The JSON columns of lines ``start:stop``: made a batch at a time, so that the
        JSON texts of a million lines' values are not all held at once."""
        rows = slice(start, stop)
        line_types = types.slice(start, stop - start)
        return {
            "from": json_column(source.iloc[rows]),
            "to": json_column(target.iloc[rows]),
            "title": json_column(title.iloc[rows]),
            "cls": json_column(tie_class.iloc[rows]),
            "arrows": json_column(arrows.iloc[rows]),
            "types": json_lists(line_types, json_strings(pc.list_flatten(line_types))),
            "count": json_column(count.iloc[rows]),
            "live": json_column(live.iloc[rows]),
            "iv": _json_intervals(drawn_intervals.slice(start, stop - start)),
        }

    return json_record_blocks(columns, len(drawn)), counts, intervals


def _overview_records(
    overview: tuple[pd.DataFrame, pd.DataFrame], extra: Mapping[str, Any]
) -> dict[str, Any]:
    groups, links = overview
    colours = {f"c:{c['key']}": (c["color"], c["shape"]) for c in extra["clusters"]}
    colours.update({f"t:{t['key']}": (_NO_CLUSTER, t["shape"]) for t in extra["types"]})
    members = pd.to_numeric(groups["members"]).astype(int)
    return {
        "groups": _records(
            {
                "id": _text(groups["key"]),
                "label": _text(groups["label"]),
                "members": members,
                "size": np.round(10 + 4 * np.sqrt(members.to_numpy(float)), 2),
                "color": [colours.get(k, (_NO_CLUSTER, "dot"))[0] for k in groups["key"]],
                "shape": [colours.get(k, (_NO_CLUSTER, "dot"))[1] for k in groups["key"]],
                "x": _finite(groups, "x", "overview"),
                "y": _finite(groups, "y", "overview"),
            }
        ),
        "links": _records(
            {
                "from": _text(links["source"]),
                "to": _text(links["target"]),
                "ties": pd.to_numeric(links["ties"]).astype(int),
            }
        ),
    }


def _day_range(intervals: pa.Array, as_of: dt.date | None) -> Any:
    """The date slider's range and start, as day numbers, when the lines carry dates."""
    if as_of is None or not pc.sum(pc.list_value_length(intervals)).as_py():
        return None
    today = (as_of - dt.date(1970, 1, 1)).days
    days = pc.list_flatten(pc.list_flatten(intervals)).to_numpy()
    ends = np.append(days[np.abs(days) < 10**6], today)
    return {"min": int(ends.min()), "max": int(ends.max()), "asOf": today}


def _records(columns: Mapping[str, pd.Series | Sequence[Any]]) -> list[dict[str, Any]]:
    """Rows as dicts of plain Python values, built column-wise (much faster than to_dict)."""
    keys = list(columns)
    values = [c.tolist() if isinstance(c, pd.Series) else list(c) for c in columns.values()]
    return [dict(zip(keys, row, strict=True)) for row in zip(*values, strict=True)]


def _vis_options(*, large: bool) -> dict[str, Any]:
    """vis-network options: fixed layout, no physics, straight lines, plain-text tooltips."""
    return {
        "autoResize": True,
        "physics": {"enabled": False},
        "layout": {"randomSeed": 1, "improvedLayout": False},
        "nodes": {
            "shape": "dot",
            "borderWidth": 1,
            "font": {"size": 14, "color": "#1A1A1A", "strokeWidth": 3, "strokeColor": "#FFFFFF"},
        },
        "edges": {
            "color": {"highlight": _EDGE_HIGHLIGHT, "hover": _EDGE_HIGHLIGHT, "inherit": False},
            "smooth": {"enabled": False},
            "font": {"size": 12, "color": "#333333", "strokeWidth": 3, "strokeColor": "#FFFFFF"},
            "arrows": {"to": {"scaleFactor": 0.6}},
            "selectionWidth": 2,
            "hoverWidth": 1,
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 150,
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large,
            "multiselect": False,
            "navigationButtons": False,
            "keyboard": False,
        },
    }


@cache
def _vis_assets(template_dir: str) -> tuple[str, str]:
    """vis-network's JS and CSS as bundled in pyvis, ready to inline."""
    base = Path(template_dir) / _VIS_DIR
    js = (base / "vis-network.min.js").read_text(encoding="utf-8")
    css = (base / "vis-network.css").read_text(encoding="utf-8")
    # The HTML parser turns CR LF into LF before the CSP hash is taken (the licence header of
    # the minified file has CR LF), so normalise here and hash what the browser will see.
    js = js.replace("\r\n", "\n").replace("\r", "\n")
    css = css.replace("\r\n", "\n").replace("\r", "\n")
    if "</script" in js.lower() or "<!--" in js or "</style" in css.lower():
        raise RuntimeError(f"{base} cannot be inlined as it is: it contains an HTML end tag")
    return js, css


_BODY: Final = """<div class="netorg-graph">
<div class="netorg-controls">
<label>{colour_by} <select id="netorg-colour"><option value="cluster">{by_cluster}</option>
<option value="type">{by_type}</option></select></label>
<label>{size_by} <select id="netorg-size"><option value="risk">{by_risk}</option>
<option value="centrality">{by_centrality}</option>
<option value="agreements">{by_agreements}</option></select></label>
<label>{agreement_type} <select id="netorg-type"></select></label>
<label>{region} <select id="netorg-region"></select></label>
<label>{risk_kind} <select id="netorg-risk"></select></label>
<label id="netorg-day-box" hidden>{live_on} <input type="range" id="netorg-day" step="1">
<output id="netorg-day-text"></output></label>
<span id="netorg-view"></span>
<button type="button" id="netorg-back" hidden>{back}</button>
</div>
<div class="netorg-canvas-row">
<div id="netorg-network" role="application" aria-label="{graph_label}"></div>
<aside id="netorg-legend" aria-label="{legend}">
<p id="netorg-counts"></p>
<h2 id="netorg-legend-nodes-title"></h2><ul id="netorg-legend-nodes" class="legend-groups"></ul>
<h2 id="netorg-legend-ties-title"></h2><ul id="netorg-legend-ties" class="legend-forms"></ul>
<p>{help}</p>
</aside>
</div>
</div>"""

#: The graph's own styles, wherever it is placed (network.html, report.html).
GRAPH_CSS: Final = """
#netorg-search{display:flex;align-items:center;gap:.4rem}
#netorg-search input{font:inherit;padding:.25rem .5rem;width:16rem;border:1px solid #999;
border-radius:4px}
#netorg-search button,#netorg-back{font:inherit;padding:.25rem .75rem;border:1px solid #0072b2;
border-radius:4px;background:#0072b2;color:#fff;cursor:pointer}
#netorg-search-status{color:#555;min-width:8rem}
.netorg-graph{flex:1;display:flex;flex-direction:column;min-height:0;min-width:0}
.netorg-controls{display:flex;flex-wrap:wrap;gap:.35rem 1rem;align-items:center;padding:.4rem 1rem;
border-bottom:1px solid #eee;background:#fcfcfc;font-size:.9rem}
.netorg-controls select{font:inherit;max-width:14rem}
#netorg-view{color:#333;font-weight:600}
.netorg-canvas-row{flex:1;display:flex;min-height:0}
#netorg-network{flex:1;min-width:0;position:relative;background:#fff}
#netorg-legend{width:17rem;flex:none;overflow:auto;padding:.5rem 1rem;border-left:1px solid #ddd;
background:#fafafa;font-size:.9rem}
#netorg-legend h2{font-size:.95rem;margin:.75rem 0 .35rem}
#netorg-legend ul{list-style:none;margin:0;padding:0}
#netorg-legend li{display:flex;align-items:center;gap:.5rem;margin:.2rem 0}
#netorg-legend .name{flex:1;min-width:0;overflow-wrap:break-word}
#netorg-legend small{display:block;color:#666;font-size:.8rem;font-weight:normal}
#netorg-legend .n{color:#555;font-variant-numeric:tabular-nums}
#netorg-legend .symbol{flex:none;width:.9rem;height:.9rem}
#netorg-legend .line{flex:none;width:2.2rem;height:0}
#netorg-legend p{color:#555;font-size:.85rem}
div.vis-tooltip{white-space:pre-wrap;max-width:28rem;font:13px/1.35 system-ui,-apple-system,
"Segoe UI",Roboto,Arial,sans-serif}
@media (max-width:700px){.netorg-canvas-row{flex-direction:column}
#netorg-legend{width:auto;max-height:35vh;border-left:0;border-top:1px solid #ddd}}
"""

#: network.html: the graph fills the window under a header.
_PAGE_CSS: Final = """
*{box-sizing:border-box}
html,body{margin:0;height:100%}
body{display:flex;flex-direction:column;color:#1a1a1a;background:#fff;
font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
header{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1.5rem;padding:.5rem 1rem;
border-bottom:1px solid #ddd}
h1{font-size:1.15rem;margin:0}
main.netorg-full{flex:1;display:flex;min-height:0}
"""

# Runs after vis-network. Text goes into the DOM only through textContent; every style comes
# from the data block. window.netorg is the handle tests (and curious users) use.
_APP_JS: Final = """
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("netorg-data").textContent);
  // Organisations and lines come in blocks, each short enough for one JavaScript string.
  data.nodes = []; data.edges = [];
  Array.prototype.forEach.call(document.querySelectorAll("script.netorg-rows"), function (b) {
    var rows = JSON.parse(b.textContent), list = data[b.getAttribute("data-rows")];
    for (var i = 0; i < rows.length; i++) { list.push(rows[i]); }
  });
  data.edges.forEach(function (e, i) { e.id = "e" + i; });
  var T = data.text;
  var nodes = new vis.DataSet([]);
  var edges = new vis.DataSet([]);
  var container = document.getElementById("netorg-network");
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, data.options);
  var byId = {}, edgeById = {}, members = {};
  var typeStyle = {}, clusterStyle = {};
  data.types.forEach(function (t) { typeStyle[t.key] = t; });
  data.clusters.forEach(function (c) { clusterStyle[c.key] = c; });
  var maxAgreements = 1;
  data.nodes.forEach(function (n) {
    byId[n.id] = n;
    var key = n.cluster ? "c:" + n.cluster : "t:" + n.group;
    (members[key] = members[key] || []).push(n);
    if (n.agreements > maxAgreements) { maxAgreements = n.agreements; }
  });
  data.edges.forEach(function (e) { edgeById[e.id] = e; });
  var state = {colour: data.colourBy, size: "risk", classes: {}, type: "", region: "",
               risk: "", view: data.overview ? "overview" : "all"};
  data.classes.forEach(function (c) { state.classes[c.key] = true; });
  window.network = network;
  window.netorg = {network: network, nodes: nodes, edges: edges, state: state};

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined) { node.textContent = text; }
    if (cls) { node.className = cls; }
    return node;
  }
  function option(select, value, text) {
    var o = el("option", text); o.value = value; select.appendChild(o);
  }
  function fill(id, values) {
    var select = document.getElementById(id);
    option(select, "", T.all);
    values.forEach(function (v) { option(select, v, v.replace(/_/g, " ")); });
    return select;
  }
  var types = {};
  data.edges.forEach(function (e) { e.types.forEach(function (t) { types[t] = true; }); });
  var colourSelect = document.getElementById("netorg-colour");
  colourSelect.value = state.colour;
  var sizeSelect = document.getElementById("netorg-size");
  var typeSelect = fill("netorg-type", Object.keys(types).sort());
  var regionSelect = fill("netorg-region", data.regions);
  var riskSelect = fill("netorg-risk", data.riskKinds);
  var back = document.getElementById("netorg-back");
  var classStyle = {};
  data.classes.forEach(function (c) { classStyle[c.key] = c; });
  state.day = data.days ? data.days.asOf : null;
  function iso(day) { return new Date(day * 86400000).toISOString().slice(0, 10); }
  function liveCount(e) {
    if (state.day === null || !e.iv) { return e.live === false ? 0 : e.count; }
    var n = 0;
    e.iv.forEach(function (iv) { if (iv[0] <= state.day && state.day <= iv[1]) { n++; } });
    return n;
  }
  var viewLabel = document.getElementById("netorg-view");

  function nodeLook(n) {
    var style = state.colour === "cluster"
      ? (clusterStyle[n.cluster] || {color: data.noCluster, shape: "dot"})
      : typeStyle[n.group];
    var value = state.size === "risk" ? n.risk
      : state.size === "centrality" ? n.centrality : n.agreements / maxAgreements;
    var dim = state.risk && n.kinds.indexOf(state.risk) === -1;
    return {id: n.id, label: n.label, title: n.title, x: n.x, y: n.y,
            color: dim ? "#E4E4E4" : style.color, shape: style.shape,
            size: 8 + 22 * Math.sqrt(Math.max(0, Math.min(1, value))),
            hidden: !!(state.region && n.region !== state.region)};
  }
  function edgeLook(e) {
    var n = liveCount(e);
    var hidden = n === 0 || !state.classes[e.cls]
      || (state.type !== "" && e.types.indexOf(state.type) === -1);
    // Labelled and as wide as the agreements live on the slider's day, or on the report
    // date (all of them for a line with none live then).
    var replayed = state.day !== null && e.iv && state.day !== data.days.asOf;
    var shown = replayed ? n : e.count, style = classStyle[e.cls], w = data.lineWidth;
    return {id: e.id, from: e.from, to: e.to, title: e.title,
            label: shown > 1 ? "\u00d7" + shown : "",
            width: Math.min(w.max, style.width + w.perDoubling * Math.log2(Math.max(shown, 1))),
            color: style.color, dashes: style.dashes, arrows: e.arrows ? "to" : "",
            hidden: hidden};
  }
  function ready() {
    network.once("afterDrawing", function () {
      document.documentElement.setAttribute("data-network-ready", "true");
      document.documentElement.setAttribute("data-view", state.view);
    });
    network.redraw();
  }
  function showOrganisations(list) {
    var keep = {};
    list.forEach(function (n) { keep[n.id] = true; });
    nodes.clear(); edges.clear();
    nodes.add(list.map(nodeLook));
    edges.add(data.edges.filter(function (e) { return keep[e.from] && keep[e.to]; })
      .map(edgeLook));
    network.fit({animation: false});
    legend(); ready();
  }
  function showAll() { state.view = "all"; back.hidden = true; viewLabel.textContent = "";
    showOrganisations(data.nodes); }
  function showOverview() {
    state.view = "overview";
    back.hidden = true;
    viewLabel.textContent = T.overview + ". " + T.overview_hint;
    nodes.clear(); edges.clear();
    nodes.add(data.overview.groups.map(function (g) {
      return {id: g.id, label: g.label + " (" + g.members + ")", x: g.x, y: g.y,
              title: g.label + "\\n" + g.members + " " + T.members, size: g.size,
              color: g.color, shape: g.shape};
    }));
    edges.add(data.overview.links.map(function (l, i) {
      return {id: "o" + i, from: l.from, to: l.to, color: "#9A9A9A",
              width: Math.min(12, 1 + Math.log2(l.ties)), title: l.ties + " " + T.ties_between};
    }));
    network.fit({animation: false});
    legend(); ready();
  }
  function openGroup(key) {
    var list = members[key];
    if (!list) { return false; }
    state.view = key;
    back.hidden = false;
    var g = data.overview.groups.filter(function (x) { return x.id === key; })[0];
    viewLabel.textContent = (g ? g.label : key) + " (" + list.length + " " + T.members + ")";
    showOrganisations(list);
    return true;
  }
  function restyle() {
    if (state.view === "overview") { legend(); return; }
    nodes.update(nodes.getIds().map(function (id) { return nodeLook(byId[id]); }));
    edges.update(edges.getIds().map(function (id) { return edgeLook(edgeById[id]); }));
    legend();
  }
  function symbol(color, shape) {
    var s = el("span", undefined, "symbol");
    s.style.background = color;
    s.style.borderRadius = shape === "dot" ? "50%" : "2px";
    if (shape === "triangle" || shape === "diamond") { s.style.transform = "rotate(45deg)"; }
    return s;
  }
  function item(list, sym, name, note, n) {
    var li = el("li");
    li.appendChild(sym);
    var label = el("span", name, "name");
    if (note) { label.appendChild(el("small", note)); }
    li.appendChild(label);
    li.appendChild(el("span", n.toLocaleString(), "n"));
    list.appendChild(li);
    return li;
  }
  function legend() {
    var list = document.getElementById("netorg-legend-nodes");
    list.textContent = "";
    document.getElementById("netorg-legend-nodes-title").textContent = T.organisations;
    if (state.colour === "cluster" && data.clusters.length) {
      data.clusters.slice(0, 12).forEach(function (c) {
        item(list, symbol(c.color, c.shape), c.name, "", c.n).setAttribute("data-cluster", c.key);
      });
      if (data.clusters.length > 12) {
        list.appendChild(el("li", "+ " + (data.clusters.length - 12) + " " + T.more));
      }
      var outside = data.nodes.filter(function (n) { return !n.cluster; }).length;
      if (outside) { item(list, symbol(data.noCluster, "dot"), T.no_cluster, "", outside); }
    } else {
      data.types.forEach(function (t) {
        item(list, symbol(t.color, t.shape), t.key.replace(/_/g, " "), "", t.n)
          .setAttribute("data-type", t.key);
      });
    }
    var ties = document.getElementById("netorg-legend-ties");
    ties.textContent = "";
    document.getElementById("netorg-legend-ties-title").textContent = T.ties;
    data.classes.forEach(function (c) {
      var box = el("input"); box.type = "checkbox"; box.checked = state.classes[c.key];
      box.setAttribute("data-tie-class", c.key);
      box.setAttribute("aria-label", T[c.key]);
      box.addEventListener("change", function () {
        state.classes[c.key] = box.checked; restyle();
      });
      var line = el("span", undefined, "line");
      line.style.borderTop = "3px " + (c.dashes ? "dashed " : "solid ") + c.color;
      var li = item(ties, line, T[c.key], T[c.key + "_note"], c.n);
      li.insertBefore(box, li.firstChild);
      li.setAttribute("data-form", c.key);
    });
    var shown = nodes.get({filter: function (n) { return !n.hidden; }}).length;
    var lines = edges.get({filter: function (e) { return !e.hidden; }}).length;
    document.getElementById("netorg-counts").textContent =
      shown.toLocaleString() + " / " + data.nodes.length.toLocaleString() + " "
      + T.members + ", " + lines.toLocaleString() + " / " + data.lineTotal.toLocaleString();
  }
  colourSelect.addEventListener("change", function () {
    state.colour = colourSelect.value; restyle();
  });
  sizeSelect.addEventListener("change", function () { state.size = sizeSelect.value; restyle(); });
  typeSelect.addEventListener("change", function () { state.type = typeSelect.value; restyle(); });
  regionSelect.addEventListener("change", function () {
    state.region = regionSelect.value; restyle();
  });
  riskSelect.addEventListener("change", function () { state.risk = riskSelect.value; restyle(); });
  back.addEventListener("click", showOverview);
  if (data.days) {
    var daySlider = document.getElementById("netorg-day");
    var dayText = document.getElementById("netorg-day-text");
    document.getElementById("netorg-day-box").hidden = false;
    daySlider.min = data.days.min;
    daySlider.max = data.days.max;
    daySlider.value = data.days.asOf;
    dayText.textContent = iso(data.days.asOf);
    daySlider.addEventListener("input", function () {
      state.day = Number(daySlider.value);
      dayText.textContent = iso(state.day);
      restyle();
    });
  }
  network.on("click", function (p) {
    if (state.view === "overview" && p.nodes.length) { openGroup(p.nodes[0]); }
  });

  function fold(text) {
    return String(text).normalize("NFD").replace(/[\\u0300-\\u036f]/g, "").toLowerCase();
  }
  var form = document.getElementById("netorg-search");
  var input = document.getElementById("netorg-search-input");
  var status = document.getElementById("netorg-search-status");
  var lastQuery = null, matches = [], cursor = -1;
  function focus(id) {
    var n = byId[id];
    if (state.view === "overview" || (state.view !== "all" && !nodes.get(id))) {
      openGroup(n.cluster ? "c:" + n.cluster : "t:" + n.group);
    }
    if (nodeLook(n).hidden) { state.region = ""; regionSelect.value = ""; restyle(); }
    network.selectNodes([id]);
    network.focus(id, {scale: Math.max(network.getScale(), 1.2),
                       animation: {duration: 400, easingFunction: "easeInOutQuad"}});
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var query = fold(input.value.trim());
    if (!query) { network.unselectAll(); status.textContent = ""; lastQuery = null; return; }
    if (query !== lastQuery) {
      lastQuery = query; cursor = -1;
      matches = data.nodes.filter(function (n) { return fold(n.label).indexOf(query) !== -1; })
        .map(function (n) {
          var label = fold(n.label);
          return {id: n.id, rank: label.indexOf(query) === 0 ? 0 : 1, label: label};
        }).sort(function (a, b) {
          return a.rank - b.rank || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);
        }).map(function (m) { return m.id; });
    }
    if (!matches.length) { network.unselectAll(); status.textContent = T.no_match; return; }
    cursor = (cursor + 1) % matches.length;
    var id = matches[cursor];
    focus(id);
    status.textContent = (matches.length > 1
      ? (cursor + 1) + " " + T.of + " " + matches.length + ": " : "") + byId[id].label;
  });
  window.netorg.open = openGroup;
  window.netorg.overview = showOverview;
  window.netorg.focus = focus;
  if (data.overview) { showOverview(); } else { showAll(); }
})();
"""
