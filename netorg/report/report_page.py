"""report.html: the whole analysis on one self-contained, offline page a planner can share.

The page opens with the summary and the network-level measures, then the interactive graph
(:mod:`netorg.report.network`), then one section per analysis with its top findings in
sortable tables, each with the reasons a planner can read aloud, and ends with what the
findings rest on: the reference date, the parameters, the rows skipped under ``--lenient``,
the input files' checksums and the netorg version. A section appears only when its
analysis ran. Long tables are cut at :data:`MAX_ROWS` rows, strongest first, with a note
naming the CSV file that holds them all.

Everything from the data goes through :func:`html.escape`; the page's scripts (vis-network,
the graph, and the table sorter) are allowed by their hashes, nothing else runs, and nothing
is fetched (see :mod:`netorg.report.page`). The words of the page come in English and Dutch
(``eco.language``).
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final, NamedTuple

import numpy as np
import pandas as pd

from netorg._codes import take_rows
from netorg.i18n import number, percent
from netorg.model import Ecosystem
from netorg.report.network import GRAPH_CSS, GraphSection
from netorg.report.page import page_pieces, write_pieces

__all__ = [
    "MAX_ROWS",
    "REPORT_CSS",
    "SORT_JS",
    "Shown",
    "report_html",
    "sections_html",
    "shown_rows",
    "table_html",
    "write_report_html",
]

#: At most this many rows per table on the page; the CSV files hold every row.
MAX_ROWS: Final = 200

WORDS: Final[Mapping[str, Mapping[str, str]]] = {
    "en": {
        "title": "netorg report: {name}",
        "as_of": "Agreements live on {date}",
        "contents": "Contents",
        "summary": "Summary",
        "organisations": "organisations",
        "agreements": "agreements",
        "live": "live",
        "pairs": "connected pairs (live)",
        "density": "density",
        "components": "components",
        "largest": "largest component",
        "isolates": "organisations without a live tie",
        "centralisation": "degree centralisation",
        "fragmentation": "fragmentation",
        "by_form": "agreements by governance form",
        "market": "market",
        "hybrid": "hybrid (alliance)",
        "hierarchy": "hierarchy",
        "graph": "The network",
        "graph_note": "Colour, size and filters are in the bar above the graph. "
        "The same graph is in network.html.",
        "ties": "Implicit supplier-style ties",
        "ties_note": "Ties governed as purchasing that behave like strategic collaboration: "
        "long-running, renewed, a large share, carried by one or two people.",
        "latent": "Latent ties",
        "latent_note": "Pairs without any agreement who share many partners or consortia.",
        "clusters": "Alliance clusters",
        "clusters_note": "Groups that really collaborate, with the organisation that holds "
        "each together and how well declared consortia match them.",
        "consortia": "Declared consortia against the clusters",
        "brokerage": "Brokers between clusters",
        "risks": "Dependency risks",
        "risks_note": "Single points of failure, single sources, concentration, key persons, "
        "expiring and under-organised agreements; the most severe first.",
        "risk_scores": "Risk score per organisation",
        "mergers": "Merger or alliance",
        "mergers_note": "For every declared, proposed and candidate merger: could an "
        "alliance reach the synergy instead, and why.",
        "basis": "What this rests on",
        "parameters": "Parameters",
        "inputs": "Input files (SHA-256)",
        "skipped": "Rows skipped (--lenient)",
        "version": "netorg version",
        "shown": "The first {shown} of {total} rows; all are in {file}.",
        "all_in": "All {total} rows are in {file}.",
        "none": "None.",
        "sort": "Click a column heading to sort.",
        "no_findings": "No findings.",
        "table": "table",
        "row": "row",
        "problem": "problem",
        "file": "file",
        "sha": "SHA-256",
        "parameter": "parameter",
        "value": "value",
        "yes": "yes",
        "no": "no",
    },
    "nl": {
        "title": "netorg-rapport: {name}",
        "as_of": "Afspraken die lopen op {date}",
        "contents": "Inhoud",
        "summary": "Samenvatting",
        "organisations": "organisaties",
        "agreements": "afspraken",
        "live": "lopend",
        "pairs": "verbonden paren (lopend)",
        "density": "dichtheid",
        "components": "componenten",
        "largest": "grootste component",
        "isolates": "organisaties zonder lopende relatie",
        "centralisation": "degreecentralisatie",
        "fragmentation": "fragmentatie",
        "by_form": "afspraken per sturingsvorm",
        "market": "markt",
        "hybrid": "hybride (alliantie)",
        "hierarchy": "hiërarchie",
        "graph": "Het netwerk",
        "graph_note": "Kleur, grootte en filters staan in de balk boven de grafiek. "
        "Dezelfde grafiek staat in network.html.",
        "ties": "Impliciete leveranciersrelaties",
        "ties_note": "Relaties die als inkoop worden gestuurd maar zich gedragen als "
        "strategische samenwerking: langlopend, verlengd, een groot aandeel, gedragen door "
        "een of twee personen.",
        "latent": "Latente relaties",
        "latent_note": "Paren zonder afspraak die veel partners of consortia delen.",
        "clusters": "Samenwerkingsclusters",
        "clusters_note": "Groepen die echt samenwerken, de organisatie die elke groep "
        "bijeenhoudt, en hoe goed de verklaarde consortia erbij passen.",
        "consortia": "Verklaarde consortia naast de clusters",
        "brokerage": "Makelaars tussen clusters",
        "risks": "Afhankelijkheidsrisico's",
        "risks_note": "Kwetsbare schakels, enige leveranciers, concentratie, sleutelpersonen, "
        "aflopende en ondergeorganiseerde afspraken; de ernstigste eerst.",
        "risk_scores": "Risicoscore per organisatie",
        "mergers": "Fusie of alliantie",
        "mergers_note": "Voor elke verklaarde, voorgestelde en mogelijke fusie: kan een "
        "alliantie dezelfde synergie bereiken, en waarom.",
        "basis": "Waar dit op rust",
        "parameters": "Parameters",
        "inputs": "Invoerbestanden (SHA-256)",
        "skipped": "Overgeslagen rijen (--lenient)",
        "version": "netorg-versie",
        "shown": "De eerste {shown} van {total} rijen; alle staan in {file}.",
        "all_in": "Alle {total} rijen staan in {file}.",
        "none": "Geen.",
        "sort": "Klik op een kolomkop om te sorteren.",
        "no_findings": "Geen bevindingen.",
        "table": "tabel",
        "row": "rij",
        "problem": "probleem",
        "file": "bestand",
        "sha": "SHA-256",
        "parameter": "parameter",
        "value": "waarde",
        "yes": "ja",
        "no": "nee",
    },
}

#: Column headings of the tables, per language (the column names themselves stay English).
_COLUMNS: Final[Mapping[str, Mapping[str, str]]] = {
    "en": {
        "org_a_name": "buyer / organisation",
        "org_b_name": "supplier / partner",
        "service": "service",
        "duration_years": "years",
        "successive_agreements": "chain",
        "buyer_share": "share",
        "contacts": "carried by",
        "score": "score",
        "reasons": "reasons",
        "shared_partners": "shared partners",
        "cluster_id": "cluster",
        "cluster_name": "name",
        "size": "size",
        "lead_name": "lead",
        "density": "density",
        "share_inside": "ties inside",
        "consortia": "declared consortia",
        "stability": "stability",
        "agreement_id": "agreement",
        "n_parties": "parties",
        "finding": "finding",
        "jaccard": "match",
        "name": "organisation",
        "total": "brokerage",
        "constraint": "constraint",
        "risk_kind": "risk",
        "subject_name": "subject",
        "severity": "severity",
        "detail": "detail",
        "n_findings": "findings",
        "top_risk": "main risk",
        "status": "status",
        "recommendation": "advice",
        "alliance_form": "alliance form",
    },
    "nl": {
        "org_a_name": "afnemer / organisatie",
        "org_b_name": "leverancier / partner",
        "service": "dienst",
        "duration_years": "jaren",
        "successive_agreements": "reeks",
        "buyer_share": "aandeel",
        "contacts": "gedragen door",
        "score": "score",
        "reasons": "redenen",
        "shared_partners": "gedeelde partners",
        "cluster_id": "cluster",
        "cluster_name": "naam",
        "size": "omvang",
        "lead_name": "trekker",
        "density": "dichtheid",
        "share_inside": "relaties binnen",
        "consortia": "verklaarde consortia",
        "stability": "stabiliteit",
        "agreement_id": "afspraak",
        "n_parties": "partijen",
        "finding": "bevinding",
        "jaccard": "overeenkomst",
        "name": "organisatie",
        "total": "makelaarsrol",
        "constraint": "constraint",
        "risk_kind": "risico",
        "subject_name": "onderwerp",
        "severity": "ernst",
        "detail": "toelichting",
        "n_findings": "bevindingen",
        "top_risk": "grootste risico",
        "status": "status",
        "recommendation": "advies",
        "alliance_form": "alliantievorm",
    },
}

#: Which rows of a table its section shows, in order, as positions.
_Rows = Callable[[pd.DataFrame], np.ndarray]


def _every(table: pd.DataFrame) -> np.ndarray:
    """Every row, in the table's order."""
    return np.arange(len(table))


def _strongest(table: pd.DataFrame, keep: pd.Series, column: str) -> np.ndarray:
    """The rows where ``keep`` holds, largest ``column`` first (ties in the table's order)."""
    rows = np.flatnonzero(keep.to_numpy(dtype=bool))
    values = table[column].take(rows).reset_index(drop=True)
    return rows[values.sort_values(ascending=False, kind="stable").index.to_numpy()]


#: One section per analysis table: (key in the results, heading key, note key, CSV file,
#: rows to show (positions, see _Rows), columns).
_SECTIONS: Final[tuple[tuple[str, str, str, str, _Rows, tuple[str, ...]], ...]] = (
    (
        "ties",
        "ties",
        "ties_note",
        "ties.csv",
        lambda t: _strongest(t, (t["tie_class"] == "implicit") & t["active"], "score"),
        ("org_a_name", "org_b_name", "service", "duration_years", "successive_agreements",
         "buyer_share", "contacts", "score", "reasons"),
    ),
    (
        "cluster_summary",
        "clusters",
        "clusters_note",
        "cluster_summary.csv",
        _every,
        ("cluster_id", "cluster_name", "size", "lead_name", "density", "share_inside",
         "consortia", "stability", "reasons"),
    ),
    (
        "consortia",
        "consortia",
        "",
        "consortia.csv",
        _every,
        ("agreement_id", "n_parties", "finding", "cluster_id", "jaccard", "reasons"),
    ),
    (
        "brokerage",
        "brokerage",
        "",
        "brokerage.csv",
        lambda t: _strongest(t, t["total"] > 0, "total"),
        ("name", "total", "constraint", "reasons"),
    ),
    (
        "risks",
        "risks",
        "risks_note",
        "risks.csv",
        _every,
        ("risk_kind", "subject_name", "severity", "detail"),
    ),
    (
        "risk_scores",
        "risk_scores",
        "",
        "risk_scores.csv",
        lambda t: np.flatnonzero(t["n_findings"] > 0),
        ("name", "score", "n_findings", "top_risk"),
    ),
    (
        "mergers",
        "mergers",
        "mergers_note",
        "mergers.csv",
        _every,
        ("status", "org_a_name", "org_b_name", "recommendation", "alliance_form", "score",
         "reasons"),
    ),
    (
        "latent_ties",
        "latent",
        "latent_note",
        "latent_ties.csv",
        _every,
        ("org_a_name", "org_b_name", "shared_partners", "score", "reasons"),
    ),
)  # fmt: skip


class Shown(NamedTuple):
    """The rows of an analysis table that the report shows: its section's first
    :data:`MAX_ROWS` rows (filtered and sorted as the section does, its columns only) and
    how many rows the section lists in all."""

    rows: pd.DataFrame
    total: int


def shown_rows(key: str, table: pd.DataFrame) -> Shown | None:
    """What the report's section for the table named ``key`` (in ``eco.analyze()``'s
    results) shows of it; None for a table without a section.

    :func:`report_pieces` takes these in place of the whole tables, so that a caller that
    writes each table as it comes (as ``netorg analyze`` does) need not keep the tables for
    the report: the rows are copies, and keep nothing of the table alive.
    """
    for name, _heading, _note, _file, pick, columns in _SECTIONS:
        if name == key:
            return _shown(pick, columns, table)
    return None


def _shown(pick: _Rows, columns: Sequence[str], table: pd.DataFrame) -> Shown:
    rows = pick(table)
    # Taken, not sliced: a slice would keep the whole of the table's columns alive; and
    # taken from the columns shown alone, chunk by chunk (take_rows), not from every column.
    shown = table[[c for c in columns if c in table.columns]]
    return Shown(take_rows(shown, rows[:MAX_ROWS]), len(rows))


def report_html(
    eco: Ecosystem,
    results: Mapping[str, pd.DataFrame | Shown],
    graph: GraphSection,
    summary: Mapping[str, Any],
) -> str:
    """The report page as a string; see :func:`report_pieces`."""
    return "".join(report_pieces(eco, results, graph, summary))


def report_pieces(
    eco: Ecosystem,
    results: Mapping[str, pd.DataFrame | Shown],
    graph: GraphSection,
    summary: Mapping[str, Any],
) -> list[str]:
    """The report page in pieces that join to it (the graph's data block one of them).

    Parameters
    ----------
    eco : Ecosystem
    results
        ``eco.analyze()``'s tables, or what :func:`shown_rows` takes of them; a section
        appears for each one present.
    graph
        The interactive graph, from :func:`netorg.report.network.graph_section`.
    summary
        :func:`netorg.report.outputs.summary_data` (counts, measures, parameters, inputs).
    """
    lang = eco.language
    t = WORDS[lang]
    title = t["title"].format(name=eco.name)
    sections: list[tuple[str, str, str]] = [("summary", t["summary"], _summary(summary, t, lang))]
    sections.append(
        ("graph", t["graph"], f"<p>{_e(t['graph_note'])}</p>{graph.search}{graph.body}")
    )
    for key, heading, note, file, pick, columns in _SECTIONS:
        if key not in results:
            continue
        value = results[key]
        shown = value if isinstance(value, Shown) else _shown(pick, columns, value)
        body = (f"<p>{_e(t[note])}</p>" if note else "") + table_html(
            shown.rows, columns, file, t, lang, total=shown.total
        )
        sections.append((key, t[heading], body))
    sections.append(("basis", t["basis"], _basis(eco, summary, t)))
    intro = (
        f"<p>{_e(t['as_of'].format(date=eco.as_of.isoformat()))}"
        f" · netorg {_e(str(summary.get('netorg_version', '')))}</p>"
    )
    body = sections_html(title, intro, t["contents"], sections)
    return page_pieces(
        title=title,
        lang=lang,
        body=body,
        styles=(graph.vis_css, GRAPH_CSS, _GRAPH_BOX_CSS, REPORT_CSS),
        scripts=(*graph.scripts, SORT_JS),
        data_json=graph.data_parts,
        row_blocks=graph.row_blocks,
    )


def sections_html(
    title: str, intro: str, contents: str, sections: Sequence[tuple[str, str, str]]
) -> str:
    """A page's body: the heading and ``intro`` (HTML), a table of contents labelled
    ``contents``, and one ``<section id="s-KEY">`` per (key, heading, body HTML)."""
    toc = "".join(f'<li><a href="#s-{k}">{_e(h)}</a></li>' for k, h, _ in sections)
    return (
        f"<header><h1>{_e(title)}</h1>{intro}</header>"
        f'<nav aria-label="{_e(contents)}"><ol>{toc}</ol></nav><main>'
        + "".join(
            f'<section id="s-{k}" class="s-{k}"><h2>{_e(h)}</h2>{b}</section>'
            for k, h, b in sections
        )
        + "</main>"
    )


def write_report_html(
    eco: Ecosystem,
    results: Mapping[str, pd.DataFrame | Shown],
    graph: GraphSection,
    summary: Mapping[str, Any],
    path: str | Path,
) -> Path:
    """Write :func:`report_html` as UTF-8 (``\\n`` line ends on every platform)."""
    return write_pieces(path, report_pieces(eco, results, graph, summary))


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _summary(summary: Mapping[str, Any], t: Mapping[str, str], lang: str) -> str:
    counts, network = summary["counts"], summary["network"]
    a = counts["agreements"]
    rows = [
        (t["organisations"], number(counts["organisations"], lang, 0)),
        (t["agreements"], f"{number(a['total'], lang, 0)} ({number(a['live'], lang, 0)} "
                          f"{t['live']})"),
        *((f"{t['by_form']}: {t.get(f, f)}", number(n, lang, 0))
          for f, n in sorted(a["by_form"].items())),
        (t["pairs"], number(network["ties"], lang, 0)),
        (t["density"], number(network["density"], lang, 3)),
        (t["components"], number(network["components"], lang, 0)),
        (t["largest"], f"{number(network['largest_component'], lang, 0)} "
                       f"({percent(network['largest_component_share'], lang)})"),
        (t["isolates"], number(network["isolates"], lang, 0)),
        (t["centralisation"], number(network["degree_centralisation"], lang, 3)),
        (t["fragmentation"], number(network["fragmentation"], lang, 3)),
    ]  # fmt: skip
    return (
        '<table class="facts">'
        + "".join(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in rows)
        + "</table>"
    )


#: Columns holding a share in [0, 1], shown as a percentage.
_SHARES: Final = frozenset({"buyer_share", "share_inside", "stability", "density"})


def _cell(value: Any, lang: str, t: Mapping[str, str], share: bool = False) -> tuple[str, str]:
    """(sort key, shown text) of one value."""
    if share and isinstance(value, float) and not math.isnan(value):
        return repr(value), percent(value, lang)
    if isinstance(value, bool):
        return ("1" if value else "0"), t["yes"] if value else t["no"]
    if isinstance(value, (tuple, list)):
        return ", ".join(map(str, value)), ", ".join(map(str, value))
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return "", ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        digits = 0 if float(value).is_integer() else 2
        return repr(float(value)), number(float(value), lang, digits)
    return str(value), str(value).replace("_", " ") if len(str(value)) < 40 else str(value)


def table_html(
    frame: pd.DataFrame,
    columns: Sequence[str],
    file: str,
    t: Mapping[str, str],
    lang: str,
    labels: Mapping[str, str] | None = None,
    *,
    total: int | None = None,
) -> str:
    """A sortable table of the first :data:`MAX_ROWS` rows, with a note naming ``file``.

    ``t`` holds the page's words (see :data:`WORDS`), ``labels`` column headings beyond the
    report's own. ``total`` is the number of rows in the whole table when ``frame`` holds
    only its first ones (default: ``len(frame)``).
    """
    total = len(frame) if total is None else total
    if not total:
        return f"<p>{_e(t['no_findings'])}</p>"
    columns = [c for c in columns if c in frame.columns]
    shown = frame.head(MAX_ROWS)
    labels = {**_COLUMNS[lang], **(labels or {})}
    numeric = {c for c in columns if pd.api.types.is_numeric_dtype(shown[c])}
    head = "".join(
        f'<th scope="col" data-type="{"n" if c in numeric else "s"}" tabindex="0">'
        f"{_e(labels.get(c, c))}</th>"
        for c in columns
    )
    rows = []
    for record in shown[columns].itertuples(index=False):
        cells = []
        for column, value in zip(columns, record, strict=True):
            key, text = _cell(value, lang, t, column in _SHARES)
            cls = ' class="text"' if column in ("reasons", "detail", "summary") else ""
            cells.append(f'<td data-v="{_e(key)}"{cls}>{_e(text)}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    note = (
        t["shown"].format(shown=len(shown), total=total, file=file)
        if total > len(shown)
        else t["all_in"].format(total=total, file=file)
    )
    return (
        f'<p class="note">{_e(note)} {_e(t["sort"])}</p>'
        f'<div class="scroll"><table class="sortable"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def _basis(eco: Ecosystem, summary: Mapping[str, Any], t: Mapping[str, str]) -> str:
    parts = [f"<p>{_e(t['as_of'].format(date=eco.as_of.isoformat()))}.</p>"]
    parameters = summary.get("parameters", {})
    rows = []
    for section in ("ties", "clusters", "risks", "mergers"):
        for name, value in sorted(parameters.get(section, {}).items()):
            rows.append((f"[{section}] {name}", value))
    if "layout_seed" in parameters:
        rows.append(("layout_seed", parameters["layout_seed"]))
    parts.append(
        f'<h3>{_e(t["parameters"])}</h3><table class="facts">'
        + "".join(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in rows)
        + "</table>"
    )
    inputs = summary.get("inputs") or {}
    parts.append(
        f"<h3>{_e(t['inputs'])}</h3>"
        + (
            '<table class="facts">'
            + "".join(
                f"<tr><th>{_e(k)}</th><td><code>{_e(v)}</code></td></tr>"
                for k, v in sorted(inputs.items())
            )
            + "</table>"
            if inputs
            else f"<p>{_e(t['none'])}</p>"
        )
    )
    load = summary.get("load") or {}
    skipped = load.get("skipped") or []
    if skipped:
        parts.append(
            f"<h3>{_e(t['skipped'])}</h3>"
            + '<div class="scroll"><table class="sortable"><thead><tr>'
            + "".join(f"<th>{_e(t[c])}</th>" for c in ("file", "row", "problem"))
            + "</tr></thead><tbody>"
            + "".join(
                f"<tr><td>{_e(s.get('file') or '')}</td><td>{_e(s.get('row') or '')}</td>"
                f"<td>{_e(' '.join(str(x) for x in (s.get('message'), s.get('fix')) if x))}"
                "</td></tr>"
                for s in skipped[:MAX_ROWS]
            )
            + "</tbody></table></div>"
        )
    parts.append(f"<p>{_e(t['version'])}: {_e(str(summary.get('netorg_version', '')))}</p>")
    return "".join(parts)


# The graph sits in a box of the page instead of filling the window.
_GRAPH_BOX_CSS: Final = """
.s-graph .netorg-graph{height:78vh;min-height:30rem;border:1px solid #ddd}
.s-graph #netorg-search{margin:.5rem 0}
"""

REPORT_CSS: Final = """
*{box-sizing:border-box}
body{margin:0;color:#1a1a1a;background:#fff;
font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
header,nav,main{max-width:96rem;margin:0 auto;padding:0 1.25rem}
header{padding-top:1rem}
h1{font-size:1.5rem;margin:.2rem 0}
header p{color:#555;margin:.2rem 0}
nav ol{display:flex;flex-wrap:wrap;gap:.25rem 1.25rem;padding:0;list-style:none;margin:.75rem 0}
nav a{color:#0060a0}
section{margin:1.75rem 0;border-top:1px solid #ddd}
h2{font-size:1.2rem;margin:1rem 0 .5rem}
h3{font-size:1rem;margin:1rem 0 .4rem}
table{border-collapse:collapse;font-size:.9rem}
th,td{border-bottom:1px solid #e5e5e5;padding:.3rem .55rem;text-align:left;vertical-align:top}
table.sortable th{cursor:pointer;background:#f4f4f4;position:sticky;top:0;white-space:nowrap}
table.sortable th[aria-sort=ascending]::after{content:" \\25B2"}
table.sortable th[aria-sort=descending]::after{content:" \\25BC"}
td.text{min-width:28rem;max-width:60rem}
table.facts th{font-weight:normal;color:#444;padding-right:2rem}
.scroll{max-height:36rem;overflow:auto;border:1px solid #eee}
p.note{color:#555;font-size:.9rem}
code{font-size:.8rem;overflow-wrap:anywhere}
@media print{.s-graph{display:none}.scroll{max-height:none;overflow:visible}}
"""

# Sorts a table by the clicked column: numbers by value, text in the page's language order.
SORT_JS: Final = """
(function () {
  "use strict";
  var lang = document.documentElement.lang;
  function sortBy(th) {
    var table = th.closest("table"), body = table.tBodies[0];
    var index = Array.prototype.indexOf.call(th.parentNode.children, th);
    var numeric = th.getAttribute("data-type") === "n";
    var up = th.getAttribute("aria-sort") !== "ascending";
    Array.prototype.forEach.call(th.parentNode.children, function (h) {
      h.removeAttribute("aria-sort");
    });
    th.setAttribute("aria-sort", up ? "ascending" : "descending");
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = a.cells[index].getAttribute("data-v"), y = b.cells[index].getAttribute("data-v");
      if (x === null) { x = a.cells[index].textContent; }
      if (y === null) { y = b.cells[index].textContent; }
      var c;
      if (numeric) {
        var p = x === "" ? -Infinity : parseFloat(x), q = y === "" ? -Infinity : parseFloat(y);
        c = p - q;
      } else {
        c = x.localeCompare(y, lang);
      }
      return up ? c : -c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }
  document.querySelectorAll("table.sortable th").forEach(function (th) {
    th.addEventListener("click", function () { sortBy(th); });
    th.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sortBy(th); }
    });
  });
  document.documentElement.setAttribute("data-report-ready", "true");
})();
"""
