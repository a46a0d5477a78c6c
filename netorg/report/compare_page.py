"""compare.html and timeline.html: change over time, on self-contained offline pages.

Same standards as report.html (:mod:`netorg.report.report_page`): one file, no request,
everything from the data escaped, sortable tables, English or Dutch. The timeline carries
its plot as inline SVG drawn here in Python, so it needs no script and no plotting library.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Final

import pandas as pd

from netorg.analysis.compare import Comparison
from netorg.i18n import check_language, number
from netorg.report.page import page_pieces
from netorg.report.report_page import REPORT_CSS, SORT_JS, WORDS, sections_html, table_html
from netorg.report.tables import write_csv

__all__ = ["compare_html", "timeline_html", "timeline_svg", "write_comparison", "write_timeline"]

_T: Final[Mapping[str, Mapping[str, str]]] = {
    "en": {
        "title": "netorg: what changed from {old} to {new}",
        "measures": "Network measures before and after",
        "organisations": "Organisations",
        "agreements": "Agreements",
        "ties": "Ties that changed",
        "clusters": "Alliance clusters",
        "risks": "Risks that appeared or were resolved",
        "matched": "Agreements matched by {how}.",
        "id": "id",
        "content": "content (type, parties, start date and service), because the ids differ",
        "timeline_title": "netorg timeline: {name}",
        "timeline_note": "The network at each date, from the agreements' own start and end dates.",
        "plot": "Trend",
        "figures": "The figures",
    },
    "nl": {
        "title": "netorg: wat veranderde van {old} tot {new}",
        "measures": "Netwerkmaten voor en na",
        "organisations": "Organisaties",
        "agreements": "Afspraken",
        "ties": "Relaties die veranderden",
        "clusters": "Samenwerkingsclusters",
        "risks": "Risico's die ontstonden of verdwenen",
        "matched": "Afspraken gekoppeld op {how}.",
        "id": "id",
        "content": "inhoud (soort, partijen, begindatum en dienst), omdat de ids verschillen",
        "timeline_title": "netorg-tijdlijn: {name}",
        "timeline_note": "Het netwerk op elke datum, uit de begin- en einddata van de "
        "afspraken zelf.",
        "plot": "Verloop",
        "figures": "De cijfers",
    },
}

_LABELS: Final[Mapping[str, Mapping[str, str]]] = {
    "en": {
        "measure": "measure", "before": "before", "after": "after", "change": "change",
        "org_id": "id", "fields": "fields", "detail": "detail", "agreement_id": "agreement",
        "type": "type", "parties": "parties", "successor": "successor", "event": "event",
        "old_clusters": "clusters before", "new_clusters": "clusters after",
        "size_old": "members before", "size_new": "members after", "class_old": "class before",
        "class_new": "class after", "subject_name": "subject", "date": "date",
        "live_agreements": "live agreements", "ties": "ties", "density": "density",
        "components": "components", "clusters": "clusters", "implicit_ties": "implicit ties",
        "risk_findings": "risk findings", "active_organisations": "active organisations",
        "organisations": "organisations", "largest_component": "largest component",
        "largest_component_share": "share in largest component", "isolates": "isolates",
        "degree_centralisation": "degree centralisation", "fragmentation": "fragmentation",
    },
    "nl": {
        "measure": "maat", "before": "voor", "after": "na", "change": "verandering",
        "org_id": "id", "fields": "velden", "detail": "toelichting", "agreement_id": "afspraak",
        "type": "soort", "parties": "partijen", "successor": "opvolger", "event": "gebeurtenis",
        "old_clusters": "clusters voor", "new_clusters": "clusters na",
        "size_old": "leden voor", "size_new": "leden na", "class_old": "klasse voor",
        "class_new": "klasse na", "subject_name": "onderwerp", "date": "datum",
        "live_agreements": "lopende afspraken", "ties": "relaties", "density": "dichtheid",
        "components": "componenten", "clusters": "clusters", "implicit_ties": "impliciete relaties",
        "risk_findings": "risicobevindingen", "active_organisations": "actieve organisaties",
        "organisations": "organisaties", "largest_component": "grootste component",
        "largest_component_share": "aandeel in grootste component", "isolates": "geïsoleerd",
        "degree_centralisation": "degreecentralisatie", "fragmentation": "fragmentatie",
    },
}  # fmt: skip

_COMPARE_COLUMNS: Final = {
    "measures": ("measure", "before", "after", "change"),
    "organisations": ("org_id", "name", "change", "fields", "detail"),
    "agreements": ("agreement_id", "change", "type", "parties", "successor", "detail"),
    "ties": ("org_a_name", "org_b_name", "change", "class_old", "class_new", "detail"),
    "clusters": ("event", "old_clusters", "new_clusters", "size_old", "size_new", "detail"),
    "risks": ("change", "risk_kind", "subject_name", "severity", "detail"),
}
#: The timeline's plotted series: a column and its colour (Okabe & Ito palette).
_SERIES: Final = (
    ("live_agreements", "#0072B2"),
    ("ties", "#009E73"),
    ("implicit_ties", "#D55E00"),
    ("clusters", "#CC79A7"),
    ("risk_findings", "#E69F00"),
)


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _page(title: str, lang: str, intro: str, sections: Sequence[tuple[str, str, str]]) -> str:
    body = sections_html(title, intro, WORDS[lang]["contents"], sections)
    # The sorter marks the page ready; it is the page's only script.
    pieces = page_pieces(
        title=title, lang=lang, body=body, styles=(REPORT_CSS,), scripts=(SORT_JS,)
    )
    return "".join(pieces)


def compare_html(result: Comparison) -> str:
    """The comparison as one page: the summary, then one sortable table per kind of change."""
    lang = check_language(result.language)
    t, words = _T[lang], WORDS[lang]
    title = t["title"].format(old=result.old_as_of.isoformat(), new=result.new_as_of.isoformat())
    how = t["id"] if result.matched_by == "id" else t["content"]
    intro = f"<p>{_e(result.summary)}</p><p>{_e(t['matched'].format(how=how))}</p>"
    sections = [
        (name, t[name], table_html(frame, _COMPARE_COLUMNS[name], f"compare_{name}.csv", words,
                                   lang, _LABELS[lang]))
        for name, frame in result.tables().items()
    ]  # fmt: skip
    return _page(title, lang, intro, sections)


def write_comparison(result: Comparison, out_dir: str | Path) -> list[Path]:
    """Write ``compare.html`` and one ``compare_<table>.csv`` per table into ``out_dir``."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = [write_csv(frame, out / f"compare_{name}.csv") for name, frame in
               result.tables().items()]  # fmt: skip
    page = out / "compare.html"
    page.write_bytes(compare_html(result).encode("utf-8"))
    return [*written, page]


def timeline_svg(frame: pd.DataFrame, lang: str, *, width: int = 900, height: int = 300) -> str:
    """The timeline's counts as an inline SVG line chart, each series scaled to its maximum.

    Every series gets its own line from 0 to its own maximum (named in the legend), so
    counts of very different size can be read as trends side by side.
    """
    labels = _LABELS[lang]
    left, right, top, bottom = 40, 300, 12, 40
    w, h = width - left - right, height - top - bottom
    n = len(frame)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{_e(_T[lang]["plot"])}" '
        'font-family="system-ui,sans-serif" font-size="12">',
        f'<line x1="{left}" y1="{top + h}" x2="{left + w}" y2="{top + h}" stroke="#999"/>',
    ]

    def x(i: int) -> float:
        return left + (w * i / (n - 1) if n > 1 else w / 2)

    for i, day in enumerate(frame["date"]):
        parts.append(
            f'<text x="{x(i):.1f}" y="{top + h + 16}" text-anchor="middle">{_e(day)}</text>'
        )
    for k, (column, colour) in enumerate(_SERIES):
        if column not in frame:
            continue
        values = frame[column].astype(float).tolist()
        peak = max(values) if values and max(values) > 0 else 1.0
        points = " ".join(f"{x(i):.1f},{top + h - h * v / peak:.1f}" for i, v in enumerate(values))
        parts.append(
            f'<polyline fill="none" stroke="{colour}" stroke-width="2.5" points="{points}"/>'
        )
        y = top + 14 + 20 * k
        parts.append(
            f'<line x1="{left + w + 14}" y1="{y - 4}" x2="{left + w + 34}" y2="{y - 4}" '
            f'stroke="{colour}" stroke-width="2.5"/>'
            f'<text x="{left + w + 40}" y="{y}">{_e(labels[column])} '
            f"(max {_e(number(peak, lang, 0))})</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def timeline_html(frame: pd.DataFrame, *, name: str, lang: str) -> str:
    """The timeline as a page: the plot and the table."""
    check_language(lang)
    t = _T[lang]
    columns = list(frame.columns)
    sections = [
        ("plot", t["plot"], timeline_svg(frame, lang)),
        ("table", t["figures"],
         table_html(frame, columns, "timeline.csv", WORDS[lang], lang, _LABELS[lang])),
    ]  # fmt: skip
    return _page(t["timeline_title"].format(name=name), lang, f"<p>{_e(t['timeline_note'])}</p>",
                 sections)  # fmt: skip


def write_timeline(frame: pd.DataFrame, out_dir: str | Path, *, name: str, lang: str) -> list[Path]:
    """Write ``timeline.csv`` and ``timeline.html`` into ``out_dir``."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    page = out / "timeline.html"
    page.write_bytes(timeline_html(frame, name=name, lang=lang).encode("utf-8"))
    return [write_csv(frame, out / "timeline.csv"), page]
