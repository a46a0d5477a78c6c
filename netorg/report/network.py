"""The interactive network page: one self-contained, offline HTML file drawn with vis-network.

The caller hands over two tables that are already laid out: ``nodes`` (organisations, with
precomputed ``x``/``y`` positions) and ``edges`` (agreements merged per pair of organisations and
governance form). :func:`network_html` turns them into a page; :func:`write_network_html` writes
that page to disk as UTF-8.

Why not simply ``pyvis.network.Network.write_html``
----------------------------------------------------
pyvis (0.3.2) builds the vis-network data and options, and ships vis-network 9.1.2's JS and CSS
in its package, but its Jinja template is not usable for a file planners open by double-click
without internet:

* every mode links Bootstrap 5 (CSS and JS) from ``cdn.jsdelivr.net``, whatever
  ``cdn_resources`` says, and ``cdn_resources="local"`` also loads vis-network from
  ``cdnjs.cloudflare.com`` plus ``lib/...`` files that must sit beside the page;
* ``cdn_resources="in_line"`` inlines vis-network but still pulls Bootstrap (and, with the
  select or filter menu, tom-select) from a CDN;
* when any node title contains ``href`` the template switches to a popup that assigns the
  title with ``innerHTML``: an organisation name would then be interpreted as HTML;
* the template pastes the data with ``tojson`` into a script and the options with ``|safe``.

So pyvis is used for what it does well (the :class:`pyvis.network.Network` container, its
option handling through :meth:`~pyvis.network.Network.get_network_data` and its bundled
vis-network files, read from the very directory its own ``in_line`` mode reads), and the page
around it is this module's small template: vis-network inlined, no ``src``/``href`` that leaves
the file, and a Content-Security-Policy that lets only the page's own scripts run and forbids
every network request.

Nodes and edges are put into the pyvis ``Network`` as ready-made records (the same dictionaries
``Network.add_node``/``add_edge`` would build) instead of through those methods: ``add_node``
scans a list of all node ids for every node and ``add_edge`` scans every existing edge for
duplicates, which is quadratic (minutes for 50,000 edges). Building the records column-wise with
pandas keeps 10,000 nodes and 50,000 edges to about a second.

Safety: labels and tooltips are plain text. The data travel as JSON in a
``<script type="application/json">`` block with ``<``, ``>`` and ``&`` escaped, so no name can
close the block; vis-network 9 shows string titles with ``innerText`` and draws labels on the
canvas, so nothing is ever parsed as HTML; the legend is escaped with :func:`html.escape`.
Should markup ever reach the page all the same, the Content-Security-Policy (hashes of the two
inline scripts, no ``'unsafe-inline'`` for scripts) keeps its event handlers from running.

Determinism: the page contains no timestamps and no random ids (pyvis 0.3.2's template uses the
fixed id ``mynetwork`` and none of its own random values; vis-network would give edges without an
id a random UUID in the browser, so every edge gets ``e0``, ``e1``, ...). Physics is off and the
given positions are used, so a reload looks the same, and the same input gives a byte-identical
file.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from string import Template
from typing import Any, Final, NamedTuple

import numpy as np
import pandas as pd
from pyvis.network import Network

from netorg.vocabulary import HIERARCHY, HYBRID, MARKET

__all__ = [
    "EDGE_COLUMNS",
    "EDGE_FORM_STYLES",
    "GROUP_PALETTE",
    "GROUP_SHAPES",
    "NODE_COLUMNS",
    "GroupStyle",
    "group_styles",
    "network_html",
    "write_network_html",
]

#: Columns :func:`network_html` needs in ``nodes``.
NODE_COLUMNS: Final[tuple[str, ...]] = ("id", "label", "tooltip", "group", "x", "y", "size")
#: Columns :func:`network_html` needs in ``edges``.
EDGE_COLUMNS: Final[tuple[str, ...]] = ("source", "target", "tooltip", "form", "count", "arrows")

#: Node colours per group: the Okabe & Ito (2008) palette, safe for the common colour-vision
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

#: Node shapes (vis-network names): the first eight groups are dots, the next eight squares and
#: so on, so that up to 32 groups stay distinguishable although the palette has eight colours.
GROUP_SHAPES: Final[tuple[str, ...]] = ("dot", "square", "triangle", "diamond")

#: Line style per governance form: colour, dash pattern (``False`` for a solid line), the width
#: of an edge that stands for one agreement and how far it bends clockwise (0 is straight).
#: Different bends keep a market and a hierarchy line between the same two organisations, or
#: lines in opposite directions, from being drawn on top of each other.
EDGE_FORM_STYLES: Final[Mapping[str, Mapping[str, Any]]] = {
    MARKET: {"color": "#9A9A9A", "dashes": False, "width": 1.0, "roundness": 0.15},
    HYBRID: {"color": "#0F8B8D", "dashes": False, "width": 3.0, "roundness": 0.0},
    HIERARCHY: {"color": "#2B2B2B", "dashes": [8, 5], "width": 2.0, "roundness": 0.3},
}

#: Legend note: an agreement counts once on every line it runs along, so an agreement with
#: many parties adds a link to each pair it joins.
_LINKS_NOTE = "lines, and agreement links on them: a multi-party agreement links several pairs"

#: Extra width per doubling of the number of agreements merged into an edge.
_WIDTH_PER_DOUBLING: Final = 1.5
#: No edge is drawn wider than this, however many agreements it stands for.
_MAX_EDGE_WIDTH: Final = 16.0
#: Above this many edges all are drawn straight (cheaper) and hidden while dragging or zooming.
_LARGE_EDGE_COUNT: Final = 5000
#: Colour of a selected or hovered edge.
_EDGE_HIGHLIGHT: Final = "#D55E00"

#: vis-network as bundled in pyvis 0.3.2 (the version its ``in_line`` mode inlines).
_VIS_DIR: Final = "lib/vis-9.1.2"

_FORM_TEXT: Final[Mapping[str, tuple[str, str]]] = {
    MARKET: ("market", "contract, purchase"),
    HYBRID: ("hybrid", "alliance, partnership"),
    HIERARCHY: ("hierarchy", "ownership, merger"),
}

#: Legend symbol per node shape, drawn in a 14 x 14 SVG box.
_SHAPE_SVG: Final[Mapping[str, str]] = {
    "dot": '<circle cx="7" cy="7" r="6"/>',
    "square": '<rect x="1.5" y="1.5" width="11" height="11"/>',
    "triangle": '<polygon points="7,1 13.5,12.5 0.5,12.5"/>',
    "diamond": '<polygon points="7,0.5 13.5,7 7,13.5 0.5,7"/>',
}


class GroupStyle(NamedTuple):
    """How the nodes of one group are drawn."""

    colour: str
    """Fill colour, ``#RRGGBB`` from :data:`GROUP_PALETTE`."""
    shape: str
    """vis-network shape name from :data:`GROUP_SHAPES`."""


def group_styles(groups: Sequence[str] | pd.Series) -> dict[str, GroupStyle]:
    """Map each distinct group name to the colour and shape its nodes are drawn with.

    Parameters
    ----------
    groups
        Group names, in any order and with repeats.

    Returns
    -------
    dict[str, GroupStyle]
        Style per distinct group, in sorted order of the names. The i-th group gets colour
        ``GROUP_PALETTE[i % 8]`` and shape ``GROUP_SHAPES[(i // 8) % 4]``, so the same set of
        groups always looks the same, whatever the row order.
    """
    names = sorted({str(g) for g in groups})
    n_colours = len(GROUP_PALETTE)
    return {
        name: GroupStyle(
            GROUP_PALETTE[i % n_colours], GROUP_SHAPES[(i // n_colours) % len(GROUP_SHAPES)]
        )
        for i, name in enumerate(names)
    }


def network_html(nodes: pd.DataFrame, edges: pd.DataFrame, *, title: str = "netorg network") -> str:
    """Render the interactive network page as a string.

    Parameters
    ----------
    nodes
        One row per organisation with columns ``id`` (str, unique), ``label`` (str),
        ``tooltip`` (plain text), ``group`` (str, e.g. organisation type: sets colour and
        shape, see :func:`group_styles`),
        ``x``, ``y`` (float, the position to draw it at) and ``size`` (float, radius in
        pixels at zoom 1). Extra columns are ignored.
    edges
        One row per drawn line with columns ``source`` and ``target`` (node ids),
        ``tooltip`` (plain text), ``form`` (``market``, ``hybrid`` or ``hierarchy``),
        ``count`` (int >= 1, agreements merged into the line: sets its width, is shown as
        the label ``×n`` when above one, and is the tooltip when ``tooltip`` is empty) and
        ``arrows`` (bool, draw an arrow at ``target``).
        Extra columns are ignored.
    title
        Page title and heading (plain text).

    Returns
    -------
    str
        A complete HTML document that needs no other file and makes no network request.
        The same input always gives the same string.

    Raises
    ------
    ValueError
        If a column is missing, a node id is missing or repeated, a position or size is
        not a finite number, an edge refers to an unknown node, a form is unknown or a
        count is not a whole number of at least 1.

    See Also
    --------
    write_network_html : write the page to a file.
    """
    node_records, group_counts, styles = _node_records(nodes)
    large = len(edges) > _LARGE_EDGE_COUNT
    edge_records, form_counts = _edge_records(edges, known_ids=nodes["id"].astype(str), large=large)

    net = Network(
        height="100%",
        width="100%",
        directed=False,
        heading=title,
        cdn_resources="in_line",
    )
    # Ready-made records instead of add_node/add_edge, which are quadratic (module docstring).
    net.nodes = node_records
    net.edges = edge_records
    net.options = _vis_options(large=large)
    vis_nodes, vis_edges, _heading, _height, _width, options_json = net.get_network_data()

    data_json = (
        '{"nodes":'
        + _json(vis_nodes)
        + ',"edges":'
        + _json(vis_edges)
        + ',"options":'
        + _script_safe(options_json)
        + "}"
    )
    vis_js, vis_css = _vis_assets(net.template_dir)
    scripts = (vis_js, _APP_JS)
    csp = "; ".join(
        (
            "default-src 'none'",
            "script-src " + " ".join(_csp_hash(s) for s in scripts),
            "style-src 'unsafe-inline'",
            "img-src data: blob:",
            "font-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        )
    )
    return _PAGE.substitute(
        csp=html.escape(csp, quote=False),  # no quotes in it; keep 'none' readable
        title=html.escape(title, quote=True),
        vis_css=vis_css,
        page_css=_PAGE_CSS,
        legend=_legend_html(group_counts, styles, form_counts),
        summary=html.escape(f"{len(node_records):,} organisations, {len(edge_records):,} lines"),
        data_json=data_json,
        vis_js=vis_js,
        app_js=_APP_JS,
    )


def write_network_html(
    nodes: pd.DataFrame,
    edges: pd.DataFrame,
    path: str | Path,
    *,
    title: str = "netorg network",
) -> Path:
    """Write the interactive network page as one self-contained HTML file.

    Parameters
    ----------
    nodes, edges, title
        As for :func:`network_html`.
    path
        File to write; its parent directory must exist. An existing file is replaced.

    Returns
    -------
    pathlib.Path
        ``path`` as a :class:`~pathlib.Path`.

    Raises
    ------
    ValueError
        As for :func:`network_html`.

    Notes
    -----
    The file is UTF-8 with ``\\n`` line endings on every platform (written as bytes, so no
    locale encoding or newline translation applies), opens by double-click without internet
    and is byte-identical for the same input.
    """
    out = Path(path)
    out.write_bytes(network_html(nodes, edges, title=title).encode("utf-8"))
    return out


# --- data -------------------------------------------------------------------------------------


def _require(frame: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{what} lack column(s) {', '.join(missing)}; need {', '.join(columns)}")


def _text(column: pd.Series, default: pd.Series | str = "") -> pd.Series:
    """Column as Python strings; missing values become ``default``."""
    values = column.astype(object)
    return values.where(values.notna(), default).astype(str)


def _finite(frame: pd.DataFrame, column: str, what: str) -> pd.Series:
    values = pd.to_numeric(frame[column], errors="coerce").astype(float)
    bad = ~np.isfinite(values.to_numpy())
    if bad.any():
        raise ValueError(f"{what} {column!r} must be finite numbers; {int(bad.sum())} are not")
    return values


def _node_records(
    nodes: pd.DataFrame,
) -> tuple[list[dict[str, Any]], dict[str, int], dict[str, GroupStyle]]:
    """vis-network node records, node count per group and style per group."""
    _require(nodes, NODE_COLUMNS, "nodes")
    if nodes["id"].isna().any():
        raise ValueError("nodes 'id' has missing values")
    ids = nodes["id"].astype(str)
    repeated = ids[ids.duplicated()]
    if len(repeated):
        raise ValueError(f"nodes 'id' must be unique; repeated: {sorted(set(repeated))[:5]}")
    groups = _text(nodes["group"])
    styles = group_styles(groups)
    records = _records(
        {
            "id": ids,
            "label": _text(nodes["label"], ids),
            "title": _text(nodes["tooltip"]),
            "group": groups,
            "color": groups.map({g: s.colour for g, s in styles.items()}),
            "shape": groups.map({g: s.shape for g, s in styles.items()}),
            "x": _finite(nodes, "x", "nodes"),
            "y": _finite(nodes, "y", "nodes"),
            "size": _finite(nodes, "size", "nodes"),
        }
    )
    counts = {str(k): int(v) for k, v in groups.value_counts().sort_index().items()}
    return records, counts, styles


def _edge_records(
    edges: pd.DataFrame, *, known_ids: pd.Series, large: bool
) -> tuple[list[dict[str, Any]], dict[str, tuple[int, int]]]:
    """vis-network edge records and (lines, agreements) per form."""
    _require(edges, EDGE_COLUMNS, "edges")
    source = _text(edges["source"])
    target = _text(edges["target"])
    unknown = sorted((set(source.tolist()) | set(target.tolist())) - set(known_ids.tolist()))
    if unknown:
        raise ValueError(f"edges refer to {len(unknown)} unknown node id(s), e.g. {unknown[:5]}")
    form = _text(edges["form"])
    bad_forms = sorted(set(form) - set(EDGE_FORM_STYLES))
    if bad_forms:
        raise ValueError(f"edges 'form' must be one of {sorted(EDGE_FORM_STYLES)}; got {bad_forms}")
    raw_count = pd.to_numeric(edges["count"], errors="coerce").astype(float).to_numpy()
    if not (np.isfinite(raw_count) & (raw_count >= 1) & (raw_count == np.round(raw_count))).all():
        raise ValueError("edges 'count' must be whole numbers of at least 1")
    count = pd.Series(raw_count.astype(np.int64), index=edges.index)

    colour = form.map({f: str(s["color"]) for f, s in EDGE_FORM_STYLES.items()})
    base_width = form.map({f: float(s["width"]) for f, s in EDGE_FORM_STYLES.items()}).astype(float)
    width = (base_width + _WIDTH_PER_DOUBLING * np.log2(count.astype(float))).clip(
        upper=_MAX_EDGE_WIDTH
    )
    # Dash patterns and bends are lists and dicts, which Series.map would take for mappings.
    forms = form.tolist()
    dashes = [EDGE_FORM_STYLES[f]["dashes"] for f in forms]
    # The caller's tooltip as it is (it usually says how many agreements the line stands for);
    # the count itself when there is none. The label shows counts above one.
    tooltip = _text(edges["tooltip"])
    title = tooltip.where(
        tooltip.str.len() > 0,
        count.map(lambda n: f"{n} agreement" if n == 1 else f"{n:,} agreements"),
    )
    columns: dict[str, pd.Series | Sequence[Any]] = {
        "id": ["e" + str(i) for i in range(len(edges))],
        "from": source,
        "to": target,
        "title": title,
        "label": count.map(lambda n: f"×{n}" if n > 1 else ""),
        "width": width.round(3),
        "color": colour,
        "dashes": dashes,
        "arrows": edges["arrows"].fillna(False).astype(bool).map({True: "to", False: ""}),
        "form": form,
        "count": count,
    }
    if not large:
        bends = {f: _smooth(float(s["roundness"])) for f, s in EDGE_FORM_STYLES.items()}
        columns["smooth"] = [bends[f] for f in forms]
    records = _records(columns)
    lines = form.value_counts()
    agreements_per_form = count.groupby(form).sum()
    counts = {str(f): (int(lines[f]), int(agreements_per_form[f])) for f in lines.index}
    return records, counts


def _smooth(roundness: float) -> dict[str, Any]:
    """vis-network ``smooth`` option of one edge: straight, or bent clockwise."""
    if roundness == 0:
        return {"enabled": False}
    return {"enabled": True, "type": "curvedCW", "roundness": roundness}


def _records(columns: Mapping[str, pd.Series | Sequence[Any]]) -> list[dict[str, Any]]:
    """Rows as dicts of plain Python values, built column-wise.

    ``zip`` over ``tolist()`` columns is several times faster than ``DataFrame.to_dict``
    (notably for pyarrow-backed strings) and yields Python ``int``/``float``/``str``, which
    :func:`json.dumps` takes as they are.
    """
    keys = list(columns)
    values = [c.tolist() if isinstance(c, pd.Series) else list(c) for c in columns.values()]
    return [dict(zip(keys, row, strict=True)) for row in zip(*values, strict=True)]


def _vis_options(*, large: bool) -> dict[str, Any]:
    """vis-network options: fixed layout, no physics, plain-text tooltips."""
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
            # Per edge when there are few (see EDGE_FORM_STYLES); straight when many.
            "smooth": {"enabled": False},
            "font": {
                "size": 12,
                "color": "#333333",
                "strokeWidth": 3,
                "strokeColor": "#FFFFFF",
            },
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


def _json(value: Any) -> str:
    return _script_safe(json.dumps(value, ensure_ascii=False, separators=(",", ":")))


def _script_safe(json_text: str) -> str:
    """JSON that can sit inside ``<script>``: no ``<``, ``>`` or ``&`` (so no ``</script>``).

    These characters occur in JSON text only inside strings, where the ``\\uXXXX`` escapes
    decode to the same characters; U+2028/U+2029 are escaped for older JavaScript parsers.
    """
    return (
        json_text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


# --- page -------------------------------------------------------------------------------------


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


def _csp_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _legend_html(
    group_counts: Mapping[str, int],
    styles: Mapping[str, GroupStyle],
    form_counts: Mapping[str, tuple[int, int]],
) -> str:
    groups = []
    for name, n in group_counts.items():
        style = styles[name]
        shown = html.escape(name) if name else "<i>(no group)</i>"
        groups.append(
            f'<li data-group-colour="{style.colour}" data-group-shape="{style.shape}">'
            f'<svg class="symbol" viewBox="0 0 14 14" aria-hidden="true" fill="{style.colour}" '
            f'stroke="rgba(0,0,0,.4)">{_SHAPE_SVG[style.shape]}</svg>'
            f'<span class="name">{shown}</span><span class="n">{n:,}</span></li>'
        )
    forms = []
    for form, line in EDGE_FORM_STYLES.items():
        lines, agreements = form_counts.get(form, (0, 0))
        border = "dashed" if line["dashes"] else "solid"
        thickness = max(2, math.ceil(float(line["width"])))
        name, examples = _FORM_TEXT[form]
        forms.append(
            f'<li data-form="{form}"><span class="line" style="border-top:{thickness}px {border} '
            f'{line["color"]}"></span><span class="name">{name}<small>{examples}</small></span>'
            f'<span class="n" title="{_LINKS_NOTE}">{lines:,}&#8201;/&#8201;'
            f"{agreements:,}</span></li>"
        )
    return (
        '<h2>Organisations</h2><ul class="legend-groups">'
        + ("".join(groups) or "<li><i>none</i></li>")
        + f'</ul><h2>Agreements <small title="{_LINKS_NOTE}">lines&#8201;/&#8201;links</small></h2>'
        + '<ul class="legend-forms">'
        + "".join(forms)
        + "</ul>"
    )


_PAGE_CSS: Final = """
*{box-sizing:border-box}
html,body{margin:0;height:100%}
body{display:flex;flex-direction:column;color:#1a1a1a;background:#fff;
font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
header{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1.5rem;padding:.5rem 1rem;
border-bottom:1px solid #ddd}
h1{font-size:1.15rem;margin:0}
#netorg-search{display:flex;align-items:center;gap:.4rem}
#netorg-search input{font:inherit;padding:.25rem .5rem;width:16rem;border:1px solid #999;
border-radius:4px}
#netorg-search button{font:inherit;padding:.25rem .75rem;border:1px solid #0072b2;
border-radius:4px;background:#0072b2;color:#fff;cursor:pointer}
#netorg-search-status{color:#555;min-width:8rem}
main{flex:1;display:flex;min-height:0}
#netorg-network{flex:1;min-width:0;position:relative;background:#fff}
#netorg-legend{width:17rem;flex:none;overflow:auto;padding:.5rem 1rem;border-left:1px solid #ddd;
background:#fafafa}
#netorg-legend h2{font-size:.95rem;margin:.75rem 0 .35rem}
#netorg-legend ul{list-style:none;margin:0;padding:0}
#netorg-legend li{display:flex;align-items:center;gap:.5rem;margin:.2rem 0}
#netorg-legend .name{flex:1;min-width:0;overflow-wrap:break-word}
#netorg-legend small{display:block;color:#666;font-size:.8rem;font-weight:normal}
#netorg-legend h2 small{display:inline;margin-left:.4rem}
#netorg-legend .n{color:#555;font-variant-numeric:tabular-nums}
#netorg-legend .symbol{flex:none;width:.9rem;height:.9rem}
#netorg-legend .line{flex:none;width:2.2rem;height:0}
#netorg-legend p{color:#555;font-size:.85rem}
div.vis-tooltip{white-space:pre-wrap;max-width:28rem;font:13px/1.35 system-ui,-apple-system,
"Segoe UI",Roboto,Arial,sans-serif}
@media (max-width:700px){main{flex-direction:column}
#netorg-legend{width:auto;max-height:35vh;border-left:0;border-top:1px solid #ddd}}
"""

# Runs after vis-network. Labels go into the DOM only through textContent.
_APP_JS: Final = """
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("netorg-data").textContent);
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("netorg-network");
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, data.options);
  window.network = network;
  window.netorg = {network: network, nodes: nodes, edges: edges};
  network.once("afterDrawing", function () {
    document.documentElement.setAttribute("data-network-ready", "true");
  });

  function fold(text) {
    return String(text).normalize("NFD").replace(/[\\u0300-\\u036f]/g, "").toLowerCase();
  }
  var form = document.getElementById("netorg-search");
  var input = document.getElementById("netorg-search-input");
  var status = document.getElementById("netorg-search-status");
  var lastQuery = null;
  var matches = [];
  var cursor = -1;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var query = fold(input.value.trim());
    if (!query) {
      network.unselectAll();
      status.textContent = "";
      lastQuery = null;
      return;
    }
    if (query !== lastQuery) {
      lastQuery = query;
      cursor = -1;
      matches = nodes.get({
        filter: function (node) { return fold(node.label).indexOf(query) !== -1; }
      }).map(function (node) {
        var label = fold(node.label);
        return {id: node.id, rank: label.indexOf(query) === 0 ? 0 : 1, label: label};
      }).sort(function (a, b) {
        return a.rank - b.rank || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);
      }).map(function (m) { return m.id; });
    }
    if (!matches.length) {
      network.unselectAll();
      status.textContent = "no match";
      return;
    }
    cursor = (cursor + 1) % matches.length;
    var id = matches[cursor];
    network.selectNodes([id]);
    network.focus(id, {
      scale: Math.max(network.getScale(), 1.2),
      animation: {duration: 400, easingFunction: "easeInOutQuad"}
    });
    status.textContent = (matches.length > 1 ? (cursor + 1) + " of " + matches.length + ": " : "")
      + nodes.get(id).label;
  });
})();
"""

_PAGE: Final = Template(
    """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="netorg">
<title>${title}</title>
<style>
${vis_css}
</style>
<style>${page_css}</style>
</head>
<body>
<header>
<h1>${title}</h1>
<form id="netorg-search" role="search" autocomplete="off">
<label for="netorg-search-input">Find organisation</label>
<input id="netorg-search-input" type="search" placeholder="part of a name" spellcheck="false">
<button type="submit">Find</button>
<span id="netorg-search-status" role="status" aria-live="polite"></span>
</form>
</header>
<main>
<div id="netorg-network" role="application" aria-label="Network of organisations"></div>
<aside id="netorg-legend" aria-label="Legend">
<p>${summary}</p>
${legend}
<p>Line width and the number on a line: agreements merged into it. Hover over an organisation
or a line for details; scroll to zoom, drag to pan.</p>
</aside>
</main>
<script id="netorg-data" type="application/json">${data_json}</script>
<script>${vis_js}</script>
<script>${app_js}</script>
</body>
</html>
"""
)
