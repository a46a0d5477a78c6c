"""The words netorg understands, and the governance form each agreement type belongs to.

The three governance forms follow transaction cost economics (Williamson 1991,
"Comparative economic organization: the analysis of discrete structural alternatives",
Administrative Science Quarterly 36): exchange is governed by the market (contracts,
purchasing), by hybrids (alliances, long-term partnerships) or by hierarchy (merger,
ownership). Every agreement type below maps onto exactly one of them; CONTRACT.md section 1
is the reference for these lists.

Users map their own words (for example Dutch ``inkoop`` or ``convenant``) onto this
vocabulary in a config file; :mod:`netorg.config` applies those mappings before validation.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import pandas as pd

MARKET: Final = "market"
HYBRID: Final = "hybrid"
HIERARCHY: Final = "hierarchy"

#: Governance form per agreement type (CONTRACT.md, "type vocabulary and governance form").
AGREEMENT_FORMS: Final[dict[str, str]] = {
    **{
        t: MARKET
        for t in (
            "purchase",
            "contract",
            "service_contract",
            "tender_award",
            "subsidy",
            "grant",
            "licence",
            "lease",
            "outsourcing",
        )
    },
    **{
        t: HYBRID
        for t in (
            "partnership",
            "alliance",
            "consortium",
            "covenant",
            "joint_venture",
            "shared_service",
            "referral",
            "network",
            "mou",
            "joint_recruitment",
            "secondment",
        )
    },
    **{t: HIERARCHY for t in ("merger", "acquisition", "ownership", "subsidiary")},
}

AGREEMENT_TYPES: Final[tuple[str, ...]] = tuple(AGREEMENT_FORMS)

#: Agreement types where the source funds rather than buys: roles funder -> recipient.
FUNDING_TYPES: Final[frozenset[str]] = frozenset({"subsidy", "grant"})

ORGANISATION_TYPES: Final[tuple[str, ...]] = (
    "municipality",
    "care_provider",
    "hospital",
    "housing_corporation",
    "school",
    "employer",
    "recruitment_agency",
    "government_agency",
    "ngo",
    "company",
    "other",
)

#: ``active`` is the default for an empty status cell.
STATUSES: Final[tuple[str, ...]] = ("active", "planned", "proposed", "ended")
DEFAULT_STATUS: Final = "active"

#: The five alliance phases (Kaats & Opheij 2012, "Leren samenwerken tussen organisaties").
PHASES: Final[tuple[str, ...]] = ("strategy", "search", "creation", "operation", "evaluation")

#: Governance arrangements, from none to a separate legal entity.
GOVERNANCE: Final[tuple[str, ...]] = (
    "none",
    "contract_manager",
    "steering_group",
    "joint_board",
    "legal_entity",
)

#: Roles in parties.csv.
ROLES: Final[tuple[str, ...]] = ("lead", "member", "buyer", "supplier", "funder", "recipient")

#: Roles that put an organisation on the source side of an edge.
SOURCE_ROLES: Final[frozenset[str]] = frozenset({"lead", "buyer", "funder"})

#: The controlled vocabularies, by the name of the column they govern.
VOCABULARIES: Final[dict[str, tuple[str, ...]]] = {
    "agreement_type": AGREEMENT_TYPES,
    "organisation_type": ORGANISATION_TYPES,
    "status": STATUSES,
    "phase": PHASES,
    "governance": GOVERNANCE,
    "role": ROLES,
}


def normalise_word(word: str) -> str:
    """Fold a vocabulary word the way netorg compares them.

    Case is ignored and spaces or hyphens count as underscores, so ``"Tender award"``,
    ``"tender-award"`` and ``"tender_award"`` are the same word.

    Examples
    --------
    >>> normalise_word("  Joint Recruitment ")
    'joint_recruitment'
    """
    return "_".join(word.strip().lower().replace("-", " ").split())


def region_keys(regions: pd.Series) -> np.ndarray:
    """Regions as netorg compares them: without case and surrounding or repeated spaces, so
    "Zuid-Holland" and "zuid-holland " from two sources are one region (a space is still not
    a hyphen). Missing regions become ``""``.

    Examples
    --------
    >>> region_keys(pd.Series(["Zuid-Holland", " zuid-HOLLAND ", None])).tolist()
    ['zuid-holland', 'zuid-holland', '']
    """
    # Each distinct spelling is folded once: a national ecosystem has a million
    # organisations in a few hundred regions (splitting every row took 2.2 s at 300,000).
    codes, spellings = pd.factorize(regions.fillna("").astype(str), use_na_sentinel=False)
    folded = pd.Series(spellings, dtype=object).str.split().str.join(" ").str.casefold()
    return folded.to_numpy(object)[codes] if len(codes) else np.empty(0, dtype=object)


def form_of(agreement_type: str) -> str:
    """Return the governance form (market, hybrid, hierarchy) of a known agreement type.

    Examples
    --------
    >>> form_of("tender_award"), form_of("covenant"), form_of("merger")
    ('market', 'hybrid', 'hierarchy')
    """
    return AGREEMENT_FORMS[agreement_type]
