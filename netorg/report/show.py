"""``netorg.show``: the interactive graph (or a what-if page) inline in a notebook.

Notebook front ends differ in what they let an HTML output do: JupyterLab runs the scripts
of trusted outputs only, VS Code renders outputs in its own webview, and a page's styles
can leak into the notebook around it. An ``<iframe srcdoc>`` sidesteps all of it: the
page lives in its own document, exactly as ``network.html`` would open on its own (its
Content-Security-Policy and inline scripts included), sandboxed with ``allow-scripts``
only, so it cannot reach the notebook, its cookies or the network.
"""

from __future__ import annotations

import html
from typing import Any

__all__ = ["Shown", "show"]


class Shown:
    """A page ready for a notebook: displays itself through ``_repr_html_``."""

    def __init__(self, page: str, *, height: int = 650) -> None:
        self.page = page
        self.height = height

    def _repr_html_(self) -> str:
        return (
            f'<iframe srcdoc="{html.escape(self.page, quote=True)}" '
            f'style="width:100%;height:{int(self.height)}px;border:1px solid #ddd" '
            'sandbox="allow-scripts" title="netorg" loading="eager"></iframe>'
        )

    def save(self, path: str) -> str:
        """Write the page itself to ``path`` (UTF-8), to open in a browser."""
        with open(path, "wb") as handle:
            handle.write(self.page.encode("utf-8"))
        return path


def show(obj: Any, *, height: int = 650) -> Shown:
    """Show an ecosystem's interactive graph, or a what-if result, inline in a notebook.

    Parameters
    ----------
    obj : Ecosystem or WhatIf
        An ecosystem (its analyses run once and are kept) or the result of
        :func:`netorg.what_if`.
    height : int
        Height of the output in pixels.

    Returns
    -------
    Shown
        Displays as the page in Jupyter (Notebook, Lab) and VS Code; ``.save(path)``
        writes the page as a file.

    Examples
    --------
    >>> import netorg
    >>> netorg.show(netorg.datasets.load("zorgregio"))  # doctest: +SKIP
    """
    from netorg.analysis.whatif import WhatIf
    from netorg.model import Ecosystem

    if isinstance(obj, Ecosystem):
        from netorg.report.network import network_page
        from netorg.report.outputs import ecosystem_graph

        graph, title = ecosystem_graph(obj)
        page = network_page(graph, title=title, lang=obj.language)
        return Shown(page, height=height)
    if isinstance(obj, WhatIf):
        from netorg.report.whatif_page import whatif_html

        return Shown(whatif_html(obj), height=height)
    raise TypeError(f"netorg.show takes an Ecosystem or a what_if result, not {type(obj).__name__}")
