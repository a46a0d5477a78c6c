"""The shell every netorg page shares: one self-contained, offline, UTF-8 HTML document.

A page is a head with a Content-Security-Policy and inline styles, a body, an optional JSON
data block and inline scripts. The policy forbids every request (``default-src 'none'``)
and lets only the page's own scripts run, named by their SHA-256 hashes, so markup that
reached the page through data could not run its event handlers. Data travel as JSON in a
``<script type="application/json">`` block with ``<``, ``>`` and ``&`` escaped, so no
string can end the block; scripts put text into the page only through ``textContent``.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from collections.abc import Sequence
from typing import Any


def script_safe(json_text: str) -> str:
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


def script_json(value: Any) -> str:
    """``value`` as compact JSON, safe inside a script block (see :func:`script_safe`)."""
    return script_safe(json.dumps(value, ensure_ascii=False, separators=(",", ":")))


def csp_hash(script: str) -> str:
    """The CSP source expression allowing exactly this inline script."""
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def page_html(
    *,
    title: str,
    lang: str,
    body: str,
    styles: Sequence[str] = (),
    scripts: Sequence[str] = (),
    data_json: str | None = None,
) -> str:
    """A complete document; ``body`` is trusted HTML the caller escaped already."""
    csp = "; ".join(
        (
            "default-src 'none'",
            "script-src " + (" ".join(csp_hash(s) for s in scripts) or "'none'"),
            "style-src 'unsafe-inline'",
            "img-src data: blob:",
            "font-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        )
    )
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{html.escape(lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{html.escape(csp, quote=False)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="netorg">',
        f"<title>{html.escape(title)}</title>",
        *(f"<style>\n{s}\n</style>" for s in styles),
        "</head>",
        "<body>",
        body,
    ]
    if data_json is not None:
        parts.append(f'<script id="netorg-data" type="application/json">{data_json}</script>')
    parts += [f"<script>{s}</script>" for s in scripts]
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)
