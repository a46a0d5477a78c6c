"""Write a what-if result: ``whatif.json`` and one self-contained, offline ``whatif.html``.

The page is plain HTML tables and a little CSS: no script, no external resource. As for the
network page (:mod:`netorg.report.network`), a Content-Security-Policy of ``default-src
'none'`` forbids every request, with the page's one style block allowed by its hash; every
text from the data goes through :func:`html.escape`, so an organisation named
``<script>...`` is shown, never run. Both files are deterministic: the same result gives the
same bytes (sorted keys, no timestamps).

Very long tables are cut on the page (:data:`MAX_ROWS` rows, with a note saying so); the JSON
always holds every row.
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

__all__ = ["MAX_ROWS", "whatif_html", "write_whatif"]

#: At most this many rows per table on the page; whatif.json has them all.
MAX_ROWS: Final = 500

#: Each table on the page: (key in :meth:`WhatIf.tables`, heading, explanation).
_SECTIONS: Final = (
    ("removed", "Organisations that fail", "Their live agreements all end."),
    (
        "lost_needs",
        "Needs left without any supplier",
        "Buyers that lose every live supplier of one of their needs.",
    ),
    (
        "reduced_needs",
        "Needs with fewer suppliers",
        "Buyers that lose some but not all live suppliers of a need.",
    ),
    (
        "disconnected",
        "Organisations cut off",
        "Parts of the network of live ties no longer connected to the rest of their "
        "component; the largest remaining part of each component stays.",
    ),
    (
        "clusters_split",
        "Alliance clusters that split",
        "Clusters whose remaining members no longer hang together through collaborative "
        "ties among themselves.",
    ),
    (
        "new_articulation_points",
        "New single points of failure",
        "Organisations whose failure would now split the network, which was not so before.",
    ),
    ("measures", "Network measures before and after", "See the methodology for each measure."),
)

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
<html lang="en">
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
        From :func:`netorg.analysis.whatif.what_if`.

    Returns
    -------
    str
        A complete HTML document that needs no other file, makes no request and runs no
        script. The same result always gives the same string.
    """
    style_hash = base64.b64encode(hashlib.sha256(_CSS.encode("utf-8")).digest()).decode()
    csp = "; ".join(
        (
            "default-src 'none'",
            f"style-src 'sha256-{style_hash}'",
            "base-uri 'none'",
            "form-action 'none'",
        )
    )
    removed = ", ".join(str(n) for n in result.removed["name"])
    title = f"What if {removed} fail{'s' if len(result.removed) == 1 else ''}? ({result.name})"
    tables = result.tables()
    sections = []
    for key, heading, explanation in _SECTIONS:
        sections.append(
            f'<section id="{key}">\n<h2>{html.escape(heading)}</h2>\n'
            f"<p>{html.escape(explanation)}</p>\n{_table(tables[key])}\n</section>"
        )
    sections.append(
        f'<p class="note">Agreements live on {html.escape(result.as_of)}. Every row is also '
        "in whatif.json.</p>"
    )
    return _PAGE.substitute(
        csp=html.escape(csp, quote=True),
        title=html.escape(title),
        css=_CSS,
        summary=html.escape(result.summary),
        sections="\n".join(sections),
    )


def _table(frame: pd.DataFrame) -> str:
    if frame.empty:
        return '<p class="none">None.</p>'
    head = "".join(f"<th>{html.escape(str(c).replace('_', ' '))}</th>" for c in frame.columns)
    rows = []
    for record in frame.head(MAX_ROWS).to_dict("records"):
        cells = "".join(_cell(v) for v in record.values())
        rows.append(f"<tr>{cells}</tr>")
    note = (
        f'<p class="note">First {MAX_ROWS} of {len(frame)} rows; all are in whatif.json.</p>'
        if len(frame) > MAX_ROWS
        else ""
    )
    return (
        f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n"
        + "\n".join(rows)
        + (f"\n</tbody>\n</table>{note}")
    )


def _cell(value: Any) -> str:
    if isinstance(value, (tuple, list)):
        if value and isinstance(value[0], (tuple, list)):
            text = " | ".join(", ".join(str(v) for v in part) for part in value)
        else:
            text = ", ".join(str(v) for v in value)
        return f"<td>{html.escape(text)}</td>"
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return "<td></td>"
    if isinstance(value, (bool, np.bool_)):
        return f"<td>{'yes' if value else 'no'}</td>"
    if isinstance(value, int) or (hasattr(value, "dtype") and value.dtype.kind in "iu"):
        return f'<td class="num">{int(value):,}</td>'
    if isinstance(value, float) or (hasattr(value, "dtype") and value.dtype.kind == "f"):
        number = float(value)
        text = f"{number:,.0f}" if abs(number) >= 1000 else f"{number:.6g}"
        return f'<td class="num">{text}</td>'
    return f"<td>{html.escape(str(value))}</td>"


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
