"""The analyses: each a function of an Ecosystem returning a DataFrame with reasons.

- :mod:`netorg.analysis.ties`: market, implicit, alliance and hierarchy ties; latent ties.

:func:`analyze` runs every analysis that exists and returns their tables by name; it is what
``Ecosystem.analyze()``, :func:`netorg.write_outputs` and ``netorg analyze`` use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from netorg.analysis.ties import latent_ties, tie_classes

if TYPE_CHECKING:
    from netorg.model import Ecosystem

__all__ = ["analyze", "latent_ties", "tie_classes"]


def analyze(eco: Ecosystem) -> dict[str, pd.DataFrame]:
    """Run every analysis with the ecosystem's configured parameters.

    Returns
    -------
    dict
        ``{"ties": tie_classes(eco), "latent_ties": latent_ties(eco)}``; later analyses add
        their tables under their own names.
    """
    return {"ties": tie_classes(eco), "latent_ties": latent_ties(eco)}
