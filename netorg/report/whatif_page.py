"""Write a what-if result: ``whatif.json`` and one self-contained, offline ``whatif.html``.

The page is plain HTML tables and a little CSS: no script, no external resource. As for the
network page (:mod:`netorg.report.network`), a Content-Security-Policy of ``default-src
'none'`` forbids every request, with the page's one style block allowed by its hash; every
text from the data goes through :func:`html.escape`, so an organisation named
``<script>...`` is shown, never run. Both files are deterministic: the same result gives the
same bytes (sorted keys, no timestamps).

Very long tables are cut on the page (:data:`MAX_ROWS` rows, with a note saying so); the JSON
always holds every row.

The page is written in the result's language (:attr:`netorg.analysis.whatif.WhatIf.language`,
English or Dutch): title, headings, explanations, column labels, notes and number formats,
and ``<html lang>``. The JSON keeps the column names and values as they are.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
from pathlib import Path
from string import Template
from typing import Any, Final

import numpy as np
import pandas as pd

from netorg.analysis.whatif import WhatIf
from netorg.i18n import join_and, number, text

__all__ = ["MAX_ROWS", "whatif_html", "write_whatif"]

#: At most this many rows per table on the page; whatif.json has them all.
MAX_ROWS: Final = 500

#: The tables on the page, in order: keys of :meth:`WhatIf.tables`.
_SECTIONS: Final = (
    "removed",
    "lost_needs",
    "reduced_needs",
    "disconnected",
    "clusters_split",
    "new_articulation_points",
    "measures",
)

#: The page's own words, in every language of :data:`netorg.i18n.LANGUAGES`: the title and
#: notes, and per section (``<key>_heading``, ``<key>_explanation``).
_TEXT: Final = {
    "title_one": {"en": "What if {who} fails? ({name})", "nl": "Wat als {who} wegvalt? ({name})"},
    "title_many": {"en": "What if {who} fail? ({name})", "nl": "Wat als {who} wegvallen? ({name})"},
    "as_of": {
        "en": "Agreements live on {date}. Every row is also in whatif.json.",
        "nl": "Peildatum {date}: overeenkomsten die op die datum lopen. Alle rijen staan ook in "
        "whatif.json.",
    },
    "first_rows": {
        "en": "First {shown} of {total} rows; all are in whatif.json.",
        "nl": "Eerste {shown} van {total} rijen; alle rijen staan in whatif.json.",
    },
    "none": {"en": "None.", "nl": "Geen."},
    "yes": {"en": "yes", "nl": "ja"},
    "no": {"en": "no", "nl": "nee"},
    "removed_heading": {"en": "Organisations that fail", "nl": "Organisaties die wegvallen"},
    "removed_explanation": {
        "en": "Their live agreements all end.",
        "nl": "Al hun lopende overeenkomsten eindigen.",
    },
    "lost_needs_heading": {
        "en": "Needs left without any supplier",
        "nl": "Behoeften zonder leverancier",
    },
    "lost_needs_explanation": {
        "en": "Buyers that lose every live supplier of one of their needs.",
        "nl": "Afnemers die alle lopende leveranciers van een van hun behoeften verliezen.",
    },
    "reduced_needs_heading": {
        "en": "Needs with fewer suppliers",
        "nl": "Behoeften met minder leveranciers",
    },
    "reduced_needs_explanation": {
        "en": "Buyers that lose some but not all live suppliers of a need.",
        "nl": "Afnemers die een deel, maar niet alle lopende leveranciers van een behoefte "
        "verliezen.",
    },
    "disconnected_heading": {"en": "Organisations cut off", "nl": "Afgesneden organisaties"},
    "disconnected_explanation": {
        "en": "Parts of the network of live ties no longer connected to the rest of their "
        "component; the largest remaining part of each component stays.",
        "nl": "Delen van het netwerk van lopende relaties die niet meer verbonden zijn met de "
        "rest van het samenhangende deel waartoe ze behoorden; het grootste overgebleven deel "
        "blijft steeds bestaan.",
    },
    "clusters_split_heading": {
        "en": "Alliance clusters that split",
        "nl": "Alliantieclusters die uiteenvallen",
    },
    "clusters_split_explanation": {
        "en": "Clusters whose remaining members no longer hang together through collaborative "
        "ties among themselves.",
        "nl": "Clusters waarvan de overgebleven leden niet meer onderling verbonden zijn via "
        "samenwerkingsrelaties.",
    },
    "new_articulation_points_heading": {
        "en": "New single points of failure",
        "nl": "Nieuwe kwetsbare schakels",
    },
    "new_articulation_points_explanation": {
        "en": "Organisations whose failure would now split the network, which was not so before.",
        "nl": "Organisaties waarvan het wegvallen het netwerk nu zou opsplitsen, wat eerder niet "
        "zo was.",
    },
    "measures_heading": {
        "en": "Network measures before and after",
        "nl": "Netwerkmaten vóór en na",
    },
    "measures_explanation": {
        "en": "See the methodology for each measure.",
        "nl": "De methodologie licht elke maat toe.",
    },
}

#: Column labels of the tables (English: the column name with spaces).
_COLUMNS: Final = {
    "org_id": {"en": "org id", "nl": "id"},
    "name": {"en": "name", "nl": "naam"},
    "live_agreements": {"en": "live agreements", "nl": "lopende overeenkomsten"},
    "live_value": {"en": "live value", "nl": "waarde per jaar (€)"},
    "buyer": {"en": "buyer", "nl": "afnemer"},
    "buyer_name": {"en": "buyer name", "nl": "naam afnemer"},
    "need": {"en": "need", "nl": "behoefte"},
    "suppliers_before": {"en": "suppliers before", "nl": "leveranciers vooraf"},
    "removed_suppliers": {"en": "removed suppliers", "nl": "weggevallen leveranciers"},
    "removed_supplier_names": {
        "en": "removed supplier names",
        "nl": "namen weggevallen leveranciers",
    },
    "agreements": {"en": "agreements", "nl": "overeenkomsten"},
    "annual_value": {"en": "annual value", "nl": "waarde per jaar (€)"},
    "suppliers_left": {"en": "suppliers left", "nl": "resterende leveranciers"},
    "part": {"en": "part", "nl": "deel"},
    "size": {"en": "size", "nl": "omvang"},
    "org_ids": {"en": "org ids", "nl": "id's"},
    "names": {"en": "names", "nl": "namen"},
    "from_largest_component": {
        "en": "from largest component",
        "nl": "uit grootste samenhangende deel",
    },
    "component_size_before": {
        "en": "component size before",
        "nl": "omvang samenhangend deel vooraf",
    },
    "main_part_size": {"en": "main part size", "nl": "omvang overgebleven hoofddeel"},
    "cluster_id": {"en": "cluster id", "nl": "cluster"},
    "cluster_name": {"en": "cluster name", "nl": "clusternaam"},
    "size_before": {"en": "size before", "nl": "omvang vooraf"},
    "removed_members": {"en": "removed members", "nl": "weggevallen leden"},
    "n_parts": {"en": "n parts", "nl": "aantal delen"},
    "parts": {"en": "parts", "nl": "delen"},
    "part_names": {"en": "part names", "nl": "namen per deel"},
    "ties_after": {"en": "ties after", "nl": "relaties erna"},
    "measure": {"en": "measure", "nl": "maat"},
    "before": {"en": "before", "nl": "vóór"},
    "after": {"en": "after", "nl": "na"},
    "change": {"en": "change", "nl": "verandering"},
}

#: The network measures as the measures table names them (English: the measure's own name).
_MEASURES: Final = {
    "organisations": {"en": "organisations", "nl": "organisaties"},
    "ties": {"en": "ties", "nl": "relaties"},
    "density": {"en": "density", "nl": "dichtheid"},
    "components": {"en": "components", "nl": "samenhangende delen"},
    "largest_component": {"en": "largest_component", "nl": "grootste samenhangende deel"},
    "largest_component_share": {
        "en": "largest_component_share",
        "nl": "aandeel in grootste samenhangende deel",
    },
    "isolates": {"en": "isolates", "nl": "geïsoleerde organisaties"},
    "degree_centralisation": {"en": "degree_centralisation", "nl": "graadcentralisatie"},
    "fragmentation": {"en": "fragmentation", "nl": "fragmentatie"},
}

_MONTHS_NL: Final = (
    "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
    "oktober", "november", "december",
)  # fmt: skip

_CSS: Final = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 1.5rem auto; max-width: 70rem;
  padding: 0 1rem; color: #1a1a1a; }
h1 { font-size: 1.5rem; }
h2 { font-size: 1.15rem; margin-top: 2rem; }
p.summary { font-size: 1.05rem; background: #f3f6f8; border-left: 4px solid #0072B2;
  padding: 0.75rem 1rem; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0; }
th, td { border: 1px solid #d0d7de; padding: 0.3rem 0.5rem; text-align: left;
  vertical-align: top; }
th { background: #f6f8fa; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
p.note, p.none { color: #555; }
"""

_PAGE: Final = Template(
    """<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="netorg">
<title>${title}</title>
<style>${css}</style>
</head>
<body>
<h1>${title}</h1>
<p class="summary" id="summary">${summary}</p>
${sections}
</body>
</html>
"""
)


def whatif_html(result: WhatIf) -> str:
    """The what-if page as a string: summary paragraph and one table per finding.

    Parameters
    ----------
    result : WhatIf
        From :func:`netorg.analysis.whatif.what_if`; the page is in its ``language``.

    Returns
    -------
    str
        A complete HTML document that needs no other file, makes no request and runs no
        script. The same result always gives the same string.
    """
    lang = result.language
    style_hash = base64.b64encode(hashlib.sha256(_CSS.encode("utf-8")).digest()).decode()
    csp = "; ".join(
        (
            "default-src 'none'",
            f"style-src 'sha256-{style_hash}'",
            "base-uri 'none'",
            "form-action 'none'",
        )
    )
    who = join_and((str(n) for n in result.removed["name"]), lang)
    key = "title_one" if len(result.removed) == 1 else "title_many"
    title = text(_TEXT, key, lang, who=who, name=result.name)
    tables = result.tables()
    measures = tables["measures"]
    tables["measures"] = measures.assign(
        measure=[_label(_MEASURES, str(m), lang) for m in measures["measure"]]
    )
    sections = []
    for key in _SECTIONS:
        heading = text(_TEXT, f"{key}_heading", lang)
        explanation = text(_TEXT, f"{key}_explanation", lang)
        sections.append(
            f'<section id="{key}">\n<h2>{html.escape(heading)}</h2>\n'
            f"<p>{html.escape(explanation)}</p>\n{_table(tables[key], lang)}\n</section>"
        )
    note = text(_TEXT, "as_of", lang, date=_date(result.as_of, lang))
    sections.append(f'<p class="note">{html.escape(note)}</p>')
    return _PAGE.substitute(
        lang=html.escape(lang, quote=True),
        csp=html.escape(csp, quote=True),
        title=html.escape(title),
        css=_CSS,
        summary=html.escape(result.summary),
        sections="\n".join(sections),
    )


def _label(labels: dict[str, dict[str, str]], key: str, lang: str) -> str:
    """``key``'s label in ``lang``; a key without one shows as itself, ``_`` read as spaces."""
    return text(labels, key, lang) if key in labels else key.replace("_", " ")


def _date(iso: str, lang: str) -> str:
    """``2026-06-30`` / ``30 juni 2026``."""
    if lang != "nl":
        return iso
    year, month, day = (int(part) for part in iso.split("-"))
    return f"{day} {_MONTHS_NL[month - 1]} {year}"


def _table(frame: pd.DataFrame, lang: str) -> str:
    if frame.empty:
        return f'<p class="none">{html.escape(text(_TEXT, "none", lang))}</p>'
    head = "".join(f"<th>{html.escape(_label(_COLUMNS, str(c), lang))}</th>" for c in frame.columns)
    rows = []
    for record in frame.head(MAX_ROWS).to_dict("records"):
        cells = "".join(_cell(v, lang) for v in record.values())
        rows.append(f"<tr>{cells}</tr>")
    shown = text(_TEXT, "first_rows", lang, shown=MAX_ROWS, total=len(frame))
    note = f'<p class="note">{html.escape(shown)}</p>' if len(frame) > MAX_ROWS else ""
    return (
        f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n"
        + "\n".join(rows)
        + (f"\n</tbody>\n</table>{note}")
    )


def _cell(value: Any, lang: str) -> str:
    if isinstance(value, (tuple, list)):
        if value and isinstance(value[0], (tuple, list)):
            joined = " | ".join(", ".join(str(v) for v in part) for part in value)
        else:
            joined = ", ".join(str(v) for v in value)
        return f"<td>{html.escape(joined)}</td>"
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return "<td></td>"
    if isinstance(value, (bool, np.bool_)):
        return f"<td>{text(_TEXT, 'yes' if value else 'no', lang)}</td>"
    if isinstance(value, int) or (hasattr(value, "dtype") and value.dtype.kind in "iu"):
        return f'<td class="num">{number(int(value), lang, 0)}</td>'
    if isinstance(value, float) or (hasattr(value, "dtype") and value.dtype.kind == "f"):
        x = float(value)
        shown = number(x, lang, 0) if abs(x) >= 1000 else _short(x, lang)
        return f'<td class="num">{shown}</td>'
    return f"<td>{html.escape(str(value))}</td>"


def _short(x: float, lang: str) -> str:
    """Six significant digits, with a decimal comma in Dutch."""
    shown = f"{x:.6g}"
    return shown.replace(".", ",") if lang == "nl" else shown


def write_whatif(result: WhatIf, out_dir: str | Path) -> list[Path]:
    """Write ``whatif.json`` and ``whatif.html`` into ``out_dir`` (created if needed).

    Parameters
    ----------
    result : WhatIf
        From :func:`netorg.analysis.whatif.what_if`.
    out_dir : str or Path

    Returns
    -------
    list of Path
        The two files written: UTF-8, ``\\n`` line ends, byte-identical for the same result.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    text = json.dumps(result.as_dict(), indent=2, sort_keys=True, ensure_ascii=False)
    json_path = out / "whatif.json"
    json_path.write_bytes((text + "\n").encode("utf-8"))
    html_path = out / "whatif.html"
    html_path.write_bytes(whatif_html(result).encode("utf-8"))
    return [json_path, html_path]
