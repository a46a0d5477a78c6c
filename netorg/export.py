"""Export an ecosystem's network for Gephi (GEXF), yEd (GraphML) and web tools (JSON).

:func:`export_graph` writes the multigraph of :attr:`netorg.Ecosystem.graph`, one node per
organisation and one edge per agreement party pair, with every column of the organisation
and agreement tables as node and edge attributes, plus the analysis results that are cheap
to add:

- on every node: ``cluster_id``, ``cluster_name`` and ``role_in_cluster`` from
  :func:`netorg.alliance_clusters`, ``risk_score`` and ``top_risk`` from
  :func:`netorg.risk_scores` (0 and empty for an organisation without risk findings);
- on every edge: ``tie_class`` of its pair of organisations from :func:`netorg.tie_classes`
  (missing where the pair's only agreements are ones that table leaves out, such as planned
  ones).

(Where the organisation or agreement table already has a column of that name, the analysis
attribute is called ``netorg_<name>``.)

Edge ids. ``eco.graph`` keys each edge by its agreement id, but a multi-party agreement has
several edges, and GEXF and GraphML need an id that is unique in the file. The export keys an
edge by its agreement id when the agreement has one edge, and by ``<agreement id>#<n>``
(n = 1, 2, ... in the order the parties are listed) when it has several; the agreement id
itself stays in the ``id`` attribute. The same edge ids are used in all three formats.

Values. GEXF and GraphML declare one type per attribute and hold no lists, dicts, dates or
missing values, so there:

- an attribute whose values are all booleans is a boolean, all whole numbers an integer
  (long), all numbers a float (double); a missing value of such an attribute is left out of
  that node or edge (the formats' own way of saying "no value"), so the attribute keeps its
  number type;
- every other attribute is text: lists and tuples are joined with ``;``, dates and times are
  ISO text (``YYYY-MM-DD``), dicts are JSON text, and a missing value (None, NaN) is an
  empty string;
- characters XML cannot hold (control characters other than tab and line breaks) become
  U+FFFD.

The JSON file is networkx's node-link format (``nx.node_link_data(G, edges="links")``), read
back with ``nx.node_link_graph(data, edges="links")``. JSON holds lists, so lists stay
lists; dates are ISO text; missing values and infinities are ``null``.

Reserved names. Each format uses some names itself; attributes with those names are written
under a longer name:

- GEXF, edges: ``id``, ``label``, ``type``, ``weight``, ``start``, ``end`` (and ``key``,
  ``viz``, ``spells``, ``slices``) become ``agreement_<name>``; the GEXF edge id is the
  edge id above and its label the agreement id, so ``agreement_id`` holds the agreement id
  and ``agreement_type`` its type. GEXF, nodes: the node id is the organisation id, the label
  its name; an organisation column called ``label``, ``pid``, ``start``, ``end``, ``viz``,
  ``parents``, ``spells`` or ``slices`` becomes ``organisation_<name>``. networkx also
  writes each edge's key as the attribute ``networkx_key``.
- JSON, links: the agreement's ``source``, ``target`` and ``key`` columns become
  ``agreement_source``, ``agreement_target`` and ``agreement_key`` (``source`` and ``target``
  of a link are the edge's end nodes, ``key`` its edge id).
- GraphML: no reserved names; every attribute keeps its name.

Every file is UTF-8 and deterministic: the same ecosystem gives the same bytes (the GEXF
``lastmodifieddate`` is the ecosystem's reference date, not today).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Callable, Iterable
from numbers import Integral, Real
from pathlib import Path
from typing import Any, Final

import networkx as nx
import numpy as np
import pandas as pd

from netorg._version import __version__
from netorg.model import Ecosystem

#: Export formats and the file extension each is written with.
FORMATS: Final = {"gexf": ".gexf", "graphml": ".graphml", "json": ".json"}

_GEXF_NODE_RESERVED: Final = frozenset(
    {"label", "pid", "start", "end", "viz", "parents", "spells", "slices"}
)
_GEXF_EDGE_RESERVED: Final = frozenset(
    {"id", "label", "type", "weight", "start", "end", "key", "networkx_key", "viz", "spells",
     "slices"}
)  # fmt: skip
_JSON_LINK_RESERVED: Final = frozenset({"source", "target", "key"})

# Characters XML 1.0 cannot hold, even escaped.
_NOT_XML: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def export_graph(eco: Ecosystem, path: str | Path, fmt: str) -> Path:
    """Write the ecosystem's network as GEXF, GraphML or JSON node-link data.

    Parameters
    ----------
    eco : Ecosystem
    path : str or Path
        The file to write (UTF-8); its folder is created if needed.
    fmt : {"gexf", "graphml", "json"}
        GEXF for Gephi, GraphML for yEd (and Cytoscape, Gephi), JSON node-link data for web
        tools (d3's force layout, networkx).

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    ValueError
        For an unknown ``fmt``.

    Notes
    -----
    Nodes carry every organisation column plus cluster_id, cluster_name, role_in_cluster,
    risk_score and top_risk; edges every agreement column plus tie_class. See the module
    docstring for edge ids, how values are converted and which names each format reserves.

    Examples
    --------
    >>> import networkx as nx, netorg, tempfile, pathlib
    >>> eco = netorg.datasets.load("zorgregio")
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> path = netorg.export_graph(eco, folder / "zorgregio.graphml", "graphml")
    >>> g = nx.read_graphml(path, force_multigraph=True, edge_key_type=str)
    >>> g.number_of_nodes() == eco.graph.number_of_nodes()
    True
    """
    if fmt not in FORMATS:
        known = ", ".join(FORMATS)
        raise ValueError(f"unknown export format {fmt!r}; use one of {known}")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    graph = annotated_graph(eco)
    if fmt == "json":
        data = nx.node_link_data(_json_graph(graph), edges="links")
        text = json.dumps(data, ensure_ascii=False, indent=1, allow_nan=False)
        path.write_bytes((text + "\n").encode("utf-8"))
    elif fmt == "graphml":
        nx.write_graphml(_typed_graph(graph), path, encoding="utf-8", prettyprint=True)
    else:
        _write_gexf(_gexf_graph(_typed_graph(graph)), path, eco.as_of)
    return path


# -- the graph with analysis results --------------------------------------------------------


def annotated_graph(eco: Ecosystem) -> nx.MultiDiGraph:
    """``eco.graph`` with unique edge keys and the analysis results as attributes.

    Values are as in ``eco.graph`` (tuples, dates, None); the writers convert them. See the
    module docstring.
    """
    from netorg.analysis import alliance_clusters, risk_scores, tie_classes

    source = eco.graph
    graph = nx.MultiDiGraph(name=eco.name, as_of=eco.as_of.isoformat())
    graph.graph["netorg_version"] = __version__

    org_columns = {str(c) for c in eco.organisations.columns}
    clusters = alliance_clusters(eco).set_index("org_id")
    scores = risk_scores(eco).set_index("org_id")
    added = {
        name: _free(name, org_columns)
        for name in ("cluster_id", "cluster_name", "role_in_cluster", "risk_score", "top_risk")
    }
    for node, data in source.nodes(data=True):
        attrs = dict(data)
        cluster = clusters.loc[node] if node in clusters.index else None
        score = scores.loc[node] if node in scores.index else None
        attrs[added["cluster_id"]] = None if cluster is None else cluster["cluster_id"]
        attrs[added["cluster_name"]] = "" if cluster is None else cluster["cluster_name"]
        attrs[added["role_in_cluster"]] = (
            "unclustered" if cluster is None else cluster["role_in_cluster"]
        )
        attrs[added["risk_score"]] = 0.0 if score is None else float(score["score"])
        attrs[added["top_risk"]] = "" if score is None else score["top_risk"]
        graph.add_node(node, **attrs)

    ties = tie_classes(eco)
    tie_class = {
        frozenset((a, b)): c
        for a, b, c in zip(ties["org_a"], ties["org_b"], ties["tie_class"], strict=True)
    }
    tie_name = _free("tie_class", {str(c) for c in eco.agreements.columns})
    for u, v, key, edge_id in _edge_ids(eco.edges):
        attrs = dict(source.edges[u, v, key])
        attrs[tie_name] = tie_class.get(frozenset((u, v)))
        graph.add_edge(u, v, key=edge_id, **attrs)
    return graph


def _free(name: str, taken: set[str]) -> str:
    while name in taken:
        name = f"netorg_{name}"
    return name


def _edge_ids(edges: pd.DataFrame) -> list[tuple[Any, Any, Any, str]]:
    """(source, target, agreement id, edge id) per graph edge, in the order of eco.edges."""
    seen: set[tuple[Any, Any, Any]] = set()
    rows: list[tuple[Any, Any, Any]] = []
    for u, v, key in zip(edges["source"], edges["target"], edges["agreement_id"], strict=True):
        if (u, v, key) not in seen:  # one graph edge, however often it is listed
            seen.add((u, v, key))
            rows.append((u, v, key))
    count: dict[Any, int] = {}
    for _, _, key in rows:
        count[key] = count.get(key, 0) + 1
    taken = {str(key) for key, n in count.items() if n == 1}
    number: dict[Any, int] = {}
    out = []
    for u, v, key in rows:
        if count[key] == 1:
            edge_id = str(key)
        else:
            number[key] = number.get(key, 0) + 1
            edge_id = f"{key}#{number[key]}"
            while edge_id in taken:  # an agreement id that looks like a numbered one
                edge_id += "#"
            taken.add(edge_id)
        out.append((u, v, key, edge_id))
    return out


# -- values ---------------------------------------------------------------------------------


def _missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, (float, np.floating)) and math.isnan(value)


def _is_bool(value: object) -> bool:
    return isinstance(value, (bool, np.bool_))


def _kind(values: Iterable[object]) -> str:
    """``bool``, ``int``, ``float`` or ``text``: the one type an attribute is written with."""
    present = [v for v in values if not _missing(v)]
    if not present:
        return "text"
    if all(_is_bool(v) for v in present):
        return "bool"
    if any(_is_bool(v) for v in present):
        return "text"
    if all(isinstance(v, Integral) for v in present):
        return "int"
    if all(isinstance(v, Real) for v in present):
        return "float"
    return "text"


def _flat_text(value: object) -> str:
    """One value as text for GEXF and GraphML."""
    if _missing(value):
        return ""
    if isinstance(value, str):
        text = value
    elif isinstance(value, (list, tuple)):
        text = ";".join(_flat_text(v) for v in value)
    elif isinstance(value, (set, frozenset)):
        text = ";".join(sorted(_flat_text(v) for v in value))
    elif isinstance(value, dict):
        text = json.dumps(_json_value(value), ensure_ascii=False, sort_keys=True)
    elif isinstance(value, (dt.date, dt.datetime, pd.Timestamp)):
        text = _iso(value)
    elif _is_bool(value):
        text = "true" if value else "false"
    elif isinstance(value, (np.generic,)):
        text = str(value.item())
    else:
        text = str(value)
    return _NOT_XML.sub("\ufffd", text)


def _iso(value: dt.date) -> str:
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0) and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat()
    return value.isoformat()


_CONVERT: Final[dict[str, Callable[[Any], object]]] = {
    "bool": bool,
    "int": int,
    "float": float,
    "text": _flat_text,
}


def _typed_attrs(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Attribute dicts with one type per attribute name (see the module docstring)."""
    names: dict[str, None] = {}
    for record in records:
        names.update(dict.fromkeys(record))
    kinds = {name: _kind(r.get(name) for r in records) for name in names}
    out = []
    for record in records:
        typed: dict[str, Any] = {}
        for name, value in record.items():
            kind = kinds[name]
            if kind == "text":
                typed[name] = _flat_text(value)
            elif not _missing(value):
                typed[name] = _CONVERT[kind](value)
        out.append(typed)
    return out


def _typed_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose attribute values GEXF and GraphML can hold."""
    typed = nx.MultiDiGraph()
    typed.graph.update({k: _flat_text(v) for k, v in graph.graph.items()})
    nodes = list(graph.nodes(data=True))
    typed.add_nodes_from(
        zip((n for n, _ in nodes), _typed_attrs([d for _, d in nodes]), strict=True)
    )
    edges = list(graph.edges(keys=True, data=True))
    typed.add_edges_from(
        (u, v, k, d)
        for (u, v, k, _), d in zip(edges, _typed_attrs([d for *_, d in edges]), strict=True)
    )
    return typed


def _json_value(value: object) -> object:
    """One value as JSON data: lists stay lists, dates become ISO text, missing is null."""
    if _missing(value):
        return None
    if _is_bool(value):
        return bool(value)
    if isinstance(value, str):
        return value
    if isinstance(value, Integral):
        return int(value)
    if isinstance(value, Real):
        number = float(value)
        return number if math.isfinite(number) else None
    if isinstance(value, (list, tuple)):
        return [_json_value(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted((_json_value(v) for v in value), key=str)
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    if isinstance(value, (dt.date, dt.datetime, pd.Timestamp)):
        return _iso(value)
    return str(value)


def _renamed(data: dict[str, Any], reserved: frozenset[str], prefix: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in data.items():
        if name in reserved:
            new = f"{prefix}{name}"
            while new in data or new in out:
                new = f"{prefix}{new}"
            out[new] = value
        else:
            out[name] = value
    return out


def _json_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    out = nx.MultiDiGraph()
    out.graph.update({k: _json_value(v) for k, v in graph.graph.items()})
    for node, data in graph.nodes(data=True):
        out.add_node(node, **{k: _json_value(v) for k, v in data.items()})
    for u, v, key, data in graph.edges(keys=True, data=True):
        attrs = _renamed(data, _JSON_LINK_RESERVED, "agreement_")
        out.add_edge(u, v, key=key, **{k: _json_value(x) for k, x in attrs.items()})
    return out


def _gexf_graph(typed: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The typed graph with GEXF's reserved names moved aside, labels and edge ids set."""
    out = nx.MultiDiGraph()
    out.graph["name"] = typed.graph.get("name", "")
    for node, data in typed.nodes(data=True):
        attrs = _renamed(data, _GEXF_NODE_RESERVED, "organisation_")
        attrs["id"] = str(node)
        attrs["label"] = str(data.get("name", node))
        out.add_node(node, **attrs)
    for u, v, key, data in typed.edges(keys=True, data=True):
        attrs = _renamed(data, _GEXF_EDGE_RESERVED, "agreement_")
        attrs["id"] = str(key)
        attrs["label"] = str(data.get("id", key))
        out.add_edge(u, v, key=key, **attrs)
    return out


def _write_gexf(graph: nx.MultiDiGraph, path: Path, as_of: dt.date) -> None:
    """networkx's GEXF writer, with the reference date instead of today in the header."""
    from networkx.readwrite.gexf import GEXFWriter

    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    meta = writer.xml.find("meta")
    if meta is not None:
        meta.set("lastmodifieddate", as_of.isoformat())
        creator = meta.find("creator")
        if creator is not None:
            creator.text = f"netorg {__version__} (NetworkX {nx.__version__})"
    writer.add_graph(graph)
    with path.open("wb") as handle:
        writer.write(handle)
