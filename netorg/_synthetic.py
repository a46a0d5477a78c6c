"""Synthetic ecosystems in netorg's raw input format, for tests, benchmarks and demos.

:func:`synthetic_tables` draws a regional/national ecosystem of organisations and the
agreements between them, with the statistical shape of real contract registers: Zipf-sized
regions, heavy-tailed numbers of agreements per organisation, mostly within-region ties,
renewal chains (the same pair and service in successive periods without gaps), multi-party
consortia and covenants, and a few people who carry many relationships.

The tables are exactly what a user's spreadsheet would hold (CONTRACT.md section 1): every
column is a string column, missing values are empty strings, lists are ``;``-joined, dates
are ISO ``YYYY-MM-DD``. They can be written with ``df.to_csv(index=False)`` and loaded with
``netorg.load``. Every row is valid input; fields that real registers often leave empty
(value, service, phase, governance, shared goals, evaluation date, contacts, size, sector,
even status, which defaults to ``active``) are left empty on purpose in a share of rows.

Everything is vectorised with numpy and pandas (no Python loop per row), so a million
agreements take a few seconds; the same arguments always give identical frames.

Examples
--------
>>> tables = synthetic_tables(50, seed=1)
>>> sorted(tables)
['agreements', 'organisations', 'parties']
>>> len(tables["organisations"]), len(tables["agreements"])
(50, 500)
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
from collections.abc import Sequence
from typing import Any, Final

import numpy as np
import numpy.typing as npt
import pandas as pd

from netorg.vocabulary import (
    AGREEMENT_FORMS,
    AGREEMENT_TYPES,
    GOVERNANCE,
    HIERARCHY,
    HYBRID,
    MARKET,
    ORGANISATION_TYPES,
    PHASES,
    STATUSES,
)

__all__ = [
    "AGREEMENT_COLUMNS",
    "GOAL_TAGS",
    "ORGANISATION_COLUMNS",
    "PARTY_COLUMNS",
    "SERVICE_TAGS",
    "synthetic_tables",
]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

ORGANISATION_COLUMNS: Final[tuple[str, ...]] = (
    "id",
    "name",
    "type",
    "sector",
    "region",
    "size",
    "capabilities",
    "needs",
    "goals",
)
AGREEMENT_COLUMNS: Final[tuple[str, ...]] = (
    "id",
    "type",
    "source",
    "target",
    "parties",
    "start",
    "end",
    "value",
    "service",
    "status",
    "phase",
    "governance",
    "shared_goals",
    "contacts",
    "evaluation_date",
    "exclusive",
)
PARTY_COLUMNS: Final[tuple[str, ...]] = ("agreement_id", "org_id", "role")

#: The services organisations deliver (capabilities) and must obtain (needs).
SERVICE_TAGS: Final[tuple[str, ...]] = (
    "youth_care",
    "home_care",
    "elderly_care",
    "mental_health",
    "disability_care",
    "medical_care",
    "social_work",
    "debt_counselling",
    "reintegration",
    "recruitment",
    "training",
    "education",
    "housing",
    "facility_management",
    "cleaning",
    "catering",
    "transport",
    "ict",
    "financial_administration",
    "legal_advice",
)

#: Strategic goal tags (organisation goals and the shared goals of collaborations).
GOAL_TAGS: Final[tuple[str, ...]] = (
    "healthy_ageing",
    "labour_shortage",
    "youth_wellbeing",
    "affordable_housing",
    "digital_transformation",
    "sustainability",
    "inclusion",
    "cost_control",
    "prevention",
    "regional_economy",
    "quality_of_care",
    "staff_retention",
)

# ---------------------------------------------------------------------------------------
# Fixed parameters of the generator (shares, profiles and name pools)
# ---------------------------------------------------------------------------------------

#: The 40 Dutch COROP areas, roughly largest first (used for the Zipf-ranked regions).
_REGION_NAMES: Final[tuple[str, ...]] = (
    "Groot-Amsterdam",
    "Groot-Rijnmond",
    "Agglomeratie 's-Gravenhage",
    "Utrecht",
    "Zuidoost-Noord-Brabant",
    "Arnhem/Nijmegen",
    "Twente",
    "Veluwe",
    "Noordoost-Noord-Brabant",
    "Midden-Noord-Brabant",
    "West-Noord-Brabant",
    "Zuid-Limburg",
    "Flevoland",
    "Agglomeratie Leiden en Bollenstreek",
    "Zuidoost-Zuid-Holland",
    "Het Gooi en Vechtstreek",
    "Achterhoek",
    "Overig Groningen",
    "Oost-Zuid-Holland",
    "Noord-Overijssel",
    "Alkmaar en omgeving",
    "Delft en Westland",
    "Agglomeratie Haarlem",
    "Noord-Limburg",
    "Midden-Limburg",
    "Zuidwest-Gelderland",
    "Kop van Noord-Holland",
    "Zaanstreek",
    "IJmond",
    "Noord-Friesland",
    "Zuidwest-Overijssel",
    "Overig Zeeland",
    "Zuidoost-Friesland",
    "Noord-Drenthe",
    "Zuidoost-Drenthe",
    "Zuidwest-Drenthe",
    "Oost-Groningen",
    "Zuidwest-Friesland",
    "Zeeuwsch-Vlaanderen",
    "Delfzijl en omgeving",
)

#: Share of each organisation type (in ORGANISATION_TYPES order).
_TYPE_SHARES: Final[dict[str, float]] = {
    "municipality": 0.05,
    "care_provider": 0.27,
    "hospital": 0.02,
    "housing_corporation": 0.04,
    "school": 0.11,
    "employer": 0.18,
    "recruitment_agency": 0.05,
    "government_agency": 0.03,
    "ngo": 0.10,
    "company": 0.13,
    "other": 0.02,
}

#: (median FTE, how often an organisation of the type starts an agreement, how often it
#: is chosen as the other side).
_TYPE_PROFILE: Final[dict[str, tuple[float, float, float]]] = {
    "municipality": (400.0, 6.0, 0.3),
    "care_provider": (120.0, 1.0, 1.5),
    "hospital": (2500.0, 3.0, 1.5),
    "housing_corporation": (150.0, 1.5, 1.0),
    "school": (90.0, 1.0, 0.8),
    "employer": (60.0, 1.0, 0.6),
    "recruitment_agency": (40.0, 0.5, 1.5),
    "government_agency": (800.0, 3.0, 0.6),
    "ngo": (15.0, 0.6, 1.2),
    "company": (30.0, 0.6, 1.5),
    "other": (10.0, 0.3, 0.3),
}

_FUNDER_TYPES: Final[frozenset[str]] = frozenset({"municipality", "government_agency"})
_LABOUR_TYPES: Final[frozenset[str]] = frozenset({"employer", "recruitment_agency", "school"})

#: Sector words per organisation type, with their shares ("" = left empty).
_SECTORS: Final[dict[str, dict[str, float]]] = {
    "municipality": {"government": 0.97, "": 0.03},
    "care_provider": {"care": 0.65, "youth": 0.2, "welfare": 0.12, "": 0.03},
    "hospital": {"care": 0.97, "": 0.03},
    "housing_corporation": {"housing": 0.97, "": 0.03},
    "school": {"education": 0.97, "": 0.03},
    "employer": {
        "industry": 0.3,
        "retail": 0.2,
        "logistics": 0.2,
        "hospitality": 0.12,
        "construction": 0.15,
        "": 0.03,
    },
    "recruitment_agency": {"labour_market": 0.97, "": 0.03},
    "government_agency": {"government": 0.6, "labour_market": 0.37, "": 0.03},
    "ngo": {"welfare": 0.6, "youth": 0.17, "care": 0.2, "": 0.03},
    "company": {"ict": 0.35, "facility_services": 0.4, "business_services": 0.22, "": 0.03},
    "other": {"other": 0.7, "": 0.3},
}

#: What each type delivers (weights; unlisted tags get a small base weight).
_CAPABILITY_PROFILE: Final[dict[str, dict[str, float]]] = {
    "municipality": {
        "social_work": 1.0,
        "debt_counselling": 1.0,
        "financial_administration": 1.0,
        "legal_advice": 0.5,
        "reintegration": 0.5,
    },
    "care_provider": {
        "home_care": 3.0,
        "youth_care": 2.0,
        "elderly_care": 3.0,
        "mental_health": 2.0,
        "disability_care": 2.0,
        "social_work": 1.0,
        "medical_care": 0.5,
    },
    "hospital": {"medical_care": 5.0, "mental_health": 1.0, "elderly_care": 0.5, "training": 1.0},
    "housing_corporation": {"housing": 5.0, "facility_management": 1.0},
    "school": {"education": 5.0, "training": 3.0, "youth_care": 0.3},
    "employer": {
        "training": 1.0,
        "catering": 0.5,
        "cleaning": 0.5,
        "transport": 0.5,
        "facility_management": 0.5,
        "ict": 0.5,
    },
    "recruitment_agency": {"recruitment": 5.0, "reintegration": 2.0, "training": 1.0},
    "government_agency": {
        "reintegration": 2.0,
        "financial_administration": 1.5,
        "legal_advice": 1.5,
        "ict": 0.5,
    },
    "ngo": {
        "social_work": 3.0,
        "debt_counselling": 2.0,
        "youth_care": 1.0,
        "mental_health": 0.5,
        "reintegration": 1.0,
        "training": 0.5,
    },
    "company": {
        "ict": 3.0,
        "cleaning": 2.0,
        "catering": 1.5,
        "facility_management": 2.0,
        "transport": 1.5,
        "financial_administration": 1.0,
        "legal_advice": 1.0,
    },
    "other": {},
}

#: What each type must obtain from others.
_NEED_PROFILE: Final[dict[str, dict[str, float]]] = {
    "municipality": {
        "youth_care": 3.0,
        "home_care": 3.0,
        "reintegration": 2.0,
        "social_work": 1.0,
        "debt_counselling": 1.0,
        "ict": 1.5,
        "housing": 1.0,
        "disability_care": 1.5,
        "transport": 1.0,
        "cleaning": 0.5,
    },
    "care_provider": {
        "ict": 2.0,
        "recruitment": 3.0,
        "training": 2.0,
        "facility_management": 1.0,
        "cleaning": 1.0,
        "catering": 1.0,
        "financial_administration": 1.0,
        "transport": 0.5,
        "housing": 1.0,
    },
    "hospital": {
        "ict": 2.0,
        "cleaning": 2.0,
        "catering": 2.0,
        "recruitment": 2.0,
        "facility_management": 1.5,
        "home_care": 1.0,
        "elderly_care": 1.0,
        "transport": 1.0,
    },
    "housing_corporation": {
        "social_work": 1.5,
        "facility_management": 1.0,
        "cleaning": 1.0,
        "legal_advice": 1.0,
        "financial_administration": 1.0,
        "ict": 1.0,
        "elderly_care": 0.5,
    },
    "school": {
        "youth_care": 2.0,
        "ict": 2.0,
        "cleaning": 1.5,
        "catering": 1.0,
        "recruitment": 1.5,
        "transport": 1.0,
    },
    "employer": {
        "recruitment": 3.0,
        "training": 2.0,
        "reintegration": 1.0,
        "ict": 1.5,
        "legal_advice": 0.5,
        "financial_administration": 1.0,
        "cleaning": 1.0,
    },
    "recruitment_agency": {
        "ict": 1.5,
        "legal_advice": 1.0,
        "financial_administration": 1.0,
        "training": 0.5,
    },
    "government_agency": {
        "ict": 2.0,
        "recruitment": 1.0,
        "training": 1.0,
        "reintegration": 1.0,
        "facility_management": 0.5,
    },
    "ngo": {
        "financial_administration": 1.0,
        "ict": 1.0,
        "training": 1.0,
        "housing": 0.5,
        "recruitment": 0.5,
    },
    "company": {"recruitment": 2.0, "training": 1.0, "ict": 1.0, "legal_advice": 0.5},
    "other": {},
}

#: Name patterns per organisation type: (text before the place name, text after it).
_NAME_PATTERNS: Final[dict[str, tuple[tuple[str, str], ...]]] = {
    "municipality": (("Gemeente ", ""),),
    "care_provider": (
        ("Zorggroep ", ""),
        ("Thuiszorg ", ""),
        ("Stichting Jeugdzorg ", ""),
        ("", " Zorg"),
    ),
    "hospital": (("Ziekenhuis ", ""), ("", " Medisch Centrum")),
    "housing_corporation": (("Woonstichting ", ""), ("", " Wonen")),
    "school": (("", " College"), ("Basisschool ", ""), ("ROC ", "")),
    "employer": (("", " B.V."), ("Bouwbedrijf ", ""), ("Transport ", " B.V.")),
    "recruitment_agency": (("", " Uitzendbureau"), ("", " Personeelsdiensten")),
    "government_agency": (("UWV ", ""), ("GGD ", ""), ("Veiligheidsregio ", "")),
    "ngo": (("Stichting ", ""), ("Vereniging ", ""), ("Welzijn ", "")),
    "company": (("", " ICT"), ("", " Facilitair"), ("", " Schoonmaak")),
    "other": (("Coöperatie ", ""), ("", "")),
}

_PLACE_HEADS: Final[tuple[str, ...]] = (
    "Ooster", "Wester", "Noorder", "Zuider", "Hoog", "Laag", "Nieuw", "Oud", "Groen",
    "Berg", "Dal", "Hof", "Kerk", "Brug", "Dijk", "Veen", "Zand", "Heide", "Linden",
    "Beuken", "Eiken", "Wilgen", "Molen", "Sluis", "Haven", "Vliet", "Rijn", "Maas",
    "Vecht", "Amstel",
)  # fmt: skip
_PLACE_TAILS: Final[tuple[str, ...]] = (
    "wijk", "hout", "veld", "dorp", "dam", "broek", "horst", "zijl", "loo", "rode",
    "meer", "wold", "hoven", "berg", "stein", "burg", "land", "waard", "dijk", "sloot",
    "kamp", "beek", "heim", "bosch", "haar", "mond", "woude", "lo", "plas", "zande",
)  # fmt: skip

_FIRST_NAMES: Final[tuple[str, ...]] = (
    "Anna", "Bram", "Carla", "Daan", "Eva", "Floor", "Gert", "Hanneke", "Ilse", "Jan",
    "Karin", "Lars", "Marieke", "Noah", "Olga", "Pieter", "Quinten", "Rianne", "Sander",
    "Tessa", "Umar", "Vera", "Wim", "Yara", "Zeynep", "Ahmed", "Bas", "Chantal", "Dirk",
    "Esther", "Fatima", "Gijs", "Hans", "Inge", "Joost", "Kees", "Lotte", "Mohamed",
    "Nina", "Omar", "Petra", "Roos", "Sven", "Thijs", "Ufuk", "Vincent", "Wendy", "Xander",
    "Yvonne", "Zoë", "Arjen", "Britt", "Coen", "Demi", "Emre", "Femke", "Guus", "Hatice",
    "Iris", "Jeroen",
)  # fmt: skip
_INFIXES: Final[tuple[str, ...]] = ("", "van ", "de ", "van der ", "van den ", "ter ", "van de ")
_LAST_NAMES: Final[tuple[str, ...]] = (
    "Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "Mulder", "Boer", "Bos",
    "Vos", "Peters", "Hendriks", "Dekker", "Brouwer", "Dijkstra", "Wit", "Smits", "Graaf",
    "Kok", "Jacobs", "Haan", "Vermeulen", "Heuvel", "Veen", "Berg", "Broek", "Schouten",
    "Willems", "Hoekstra", "Maas", "Verhoeven", "Koster", "Prins", "Kuipers", "Leeuwen",
    "Postma", "Jonker", "Vink", "Groot", "Huisman", "Linden", "Kramer", "Wijk", "Molenaar",
    "Dam", "Bosch", "Sanders", "Boersma", "Kaya", "Yilmaz", "Bulut", "Öztürk", "Amrani",
    "Tahiri", "Nguyen", "Wong", "Santos", "Kowalski", "Nowak", "Driessen", "Verbeek",
    "Gerritsen", "Lambregts", "Timmermans", "Wouters", "Claassen", "Michiels", "Aerts",
    "Rutten", "Schipper", "Blom", "Evers", "Hofman", "Kuijpers", "Zwart", "Vlaar",
    "Keizer", "Bruin", "Stam", "Ploeg",
)  # fmt: skip

_MARKET_TYPE_SHARES: Final[tuple[dict[str, float], dict[str, float]]] = (
    {  # buyers that do not fund
        "purchase": 0.22,
        "contract": 0.16,
        "service_contract": 0.22,
        "tender_award": 0.1,
        "licence": 0.08,
        "lease": 0.08,
        "outsourcing": 0.14,
    },
    {  # municipalities and government agencies also fund
        "purchase": 0.12,
        "contract": 0.08,
        "service_contract": 0.12,
        "tender_award": 0.2,
        "subsidy": 0.25,
        "grant": 0.1,
        "licence": 0.04,
        "lease": 0.03,
        "outsourcing": 0.06,
    },
)
_HYBRID_TYPE_SHARES: Final[tuple[dict[str, float], dict[str, float]]] = (
    {  # general
        "partnership": 0.2,
        "alliance": 0.08,
        "consortium": 0.04,
        "covenant": 0.06,
        "joint_venture": 0.04,
        "shared_service": 0.12,
        "referral": 0.2,
        "network": 0.04,
        "mou": 0.12,
        "joint_recruitment": 0.05,
        "secondment": 0.05,
    },
    {  # employers, recruitment agencies and schools
        "partnership": 0.12,
        "alliance": 0.04,
        "consortium": 0.02,
        "covenant": 0.04,
        "joint_venture": 0.02,
        "shared_service": 0.08,
        "referral": 0.06,
        "network": 0.04,
        "mou": 0.08,
        "joint_recruitment": 0.3,
        "secondment": 0.2,
    },
)
#: The services a lease or a licence can be about.
_LEASABLE: Final[dict[str, tuple[str, ...]]] = {
    "lease": ("housing", "facility_management", "transport"),
    "licence": ("ict", "education", "training"),
}
_HIERARCHY_TYPE_SHARES: Final[dict[str, float]] = {
    "merger": 0.3,
    "acquisition": 0.25,
    "ownership": 0.25,
    "subsidiary": 0.2,
}
_MULTI_PARTY_TYPE_SHARES: Final[dict[str, float]] = {
    "consortium": 0.25,
    "covenant": 0.2,
    "network": 0.2,
    "alliance": 0.1,
    "partnership": 0.08,
    "joint_recruitment": 0.07,
    "shared_service": 0.05,
    "purchase": 0.05,
}

#: Governance per form (and for some hybrid types); the last outcome is "left empty".
_GOVERNANCE_SHARES: Final[dict[str, tuple[float, ...]]] = {
    # none, contract_manager, steering_group, joint_board, legal_entity, ""
    MARKET: (0.1, 0.25, 0.0, 0.0, 0.0, 0.65),
    HIERARCHY: (0.0, 0.0, 0.1, 0.3, 0.3, 0.3),
    HYBRID: (0.13, 0.21, 0.34, 0.17, 0.0, 0.15),
    "joint_venture": (0.0, 0.0, 0.0, 0.35, 0.5, 0.15),
    "shared_service": (0.0, 0.08, 0.35, 0.25, 0.17, 0.15),
    "referral": (0.34, 0.26, 0.25, 0.0, 0.0, 0.15),
    "mou": (0.34, 0.26, 0.25, 0.0, 0.0, 0.15),
    "network": (0.34, 0.26, 0.25, 0.0, 0.0, 0.15),
}

_N_TAGS: Final = len(SERVICE_TAGS)
_N_GOALS: Final = len(GOAL_TAGS)
_MISSING: Final = np.iinfo(np.int64).min  # a missing day number
_WINDOW_MONTHS: Final = 180  # agreements start at most ~15 years before as_of

# ---------------------------------------------------------------------------------------
# Vectorised helpers
# ---------------------------------------------------------------------------------------


def _pool(values: Sequence[str] | npt.NDArray[Any]) -> Any:
    """Return a pandas string array (pandas' default string dtype) to take cells from."""
    return pd.Series(np.asarray(values, dtype=object), dtype=str).array


def _take(pool: Any, codes: npt.ArrayLike) -> pd.Series:
    """Return the strings ``pool[codes]`` as a Series (shared cells, fast C-level take)."""
    return pd.Series(pool.take(np.asarray(codes, dtype=np.int64)))


def _append_empty(pool: Any) -> Any:
    """The string array ``pool`` with ``""`` appended (the code ``len(pool)`` = empty)."""
    return pd.concat([pd.Series(pool), pd.Series([""], dtype=str)], ignore_index=True).array


def _int_strings(values: npt.ArrayLike) -> pd.Series:
    """Format integers as plain decimal strings."""
    return pd.Series(np.asarray(values, dtype=np.int64)).astype(str)


def _codes(shares: npt.ArrayLike) -> FloatArray:
    """Normalised cumulative shares, for inverse-CDF draws."""
    cdf = np.cumsum(np.asarray(shares, dtype=np.float64))
    return cdf / cdf[-1]


def _draw(rng: np.random.Generator, size: int, shares: npt.ArrayLike) -> IntArray:
    """Draw ``size`` category codes with the given (unnormalised) shares."""
    cdf = _codes(shares)
    out = np.searchsorted(cdf, rng.random(size), side="right")
    return np.minimum(out, len(cdf) - 1).astype(np.int64)


def _draw_by_group(
    rng: np.random.Generator, groups: IntArray, shares: npt.NDArray[np.float64]
) -> IntArray:
    """Draw one category per row, with the shares of the row's group (``shares[group]``).

    Loops over the (few) groups, not over rows.
    """
    u = rng.random(len(groups))
    out = np.zeros(len(groups), dtype=np.int64)
    for g in range(shares.shape[0]):
        rows = np.flatnonzero(groups == g)
        if rows.size:
            cdf = _codes(shares[g])
            out[rows] = np.minimum(np.searchsorted(cdf, u[rows], side="right"), len(cdf) - 1)
    return out


def _share_matrix(
    rows: Sequence[dict[str, float]], words: Sequence[str], base: float = 0.0
) -> FloatArray:
    """Turn ``{word: share}`` dicts into a matrix over ``words`` (unlisted words get base)."""
    index = {w: i for i, w in enumerate(words)}
    out = np.full((len(rows), len(words)), base, dtype=np.float64)
    for r, row in enumerate(rows):
        for word, share in row.items():
            out[r, index[word]] = share
    return out


def _pick_weighted(
    rng: np.random.Generator, cum: FloatArray, lo: IntArray, hi: IntArray
) -> IntArray:
    """Pick one position in ``[lo, hi)`` per row, weighted by the weights behind ``cum``.

    ``cum`` is the cumulative sum of the weights with a leading zero; rows with an empty
    range get ``lo`` (callers mask them out).
    """
    x = cum[lo] + rng.random(len(lo)) * (cum[hi] - cum[lo])
    order = np.argsort(x)  # sorted queries make the binary searches cache-friendly
    pos = np.empty(len(x), dtype=np.int64)
    pos[order] = np.searchsorted(cum, x[order], side="right") - 1
    return np.clip(pos, lo, np.maximum(hi - 1, lo)).astype(np.int64)


def _top_k_masks(
    rng: np.random.Generator,
    log_weights: FloatArray,
    k: IntArray,
) -> tuple[IntArray, IntArray]:
    """Draw ``k[i]`` distinct tags per row without replacement (Gumbel top-k).

    Returns the tag bitmask per row and the drawn tags in draw order (``-1`` padded).
    """
    rows, n_tags = log_weights.shape
    keys = log_weights + rng.gumbel(size=(rows, n_tags))
    kmax = int(k.max()) if rows else 0
    order = np.argsort(-keys, axis=1, kind="stable")[:, :kmax]
    chosen = np.arange(kmax)[None, :] < k[:, None]
    tags = np.where(chosen, order, -1).astype(np.int64)
    mask = np.where(chosen, np.left_shift(1, order), 0).sum(axis=1).astype(np.int64)
    return mask, tags


def _lists(masks: IntArray, words: Sequence[str]) -> pd.Series:
    """Format tag bitmasks (bit ``i`` = ``words[i]``) as ``;``-joined lists in word order.

    The distinct masks are formatted once (all ``2**len(words)`` of them for a short word
    list, else those that occur) with one vectorised pass per word, then taken per row.
    """
    if len(words) <= 14:
        return _take(_all_lists(tuple(words)), masks)
    keys, inverse = np.unique(masks, return_inverse=True)
    return _take(_pool(_join_bits(keys, words)), inverse.reshape(-1))


@functools.cache
def _all_lists(words: tuple[str, ...]) -> Any:
    """The lists of every subset of a short word list, indexed by bitmask."""
    return _pool(_join_bits(np.arange(1 << len(words), dtype=np.int64), words))


def _join_bits(keys: IntArray, words: Sequence[str]) -> npt.NDArray[np.object_]:
    """``;``-joined words for each bitmask in ``keys`` (one pass per word, not per key)."""
    cells = np.full(len(keys), "", dtype=object)
    empty = np.ones(len(keys), dtype=bool)
    for bit, word in enumerate(words):
        has = ((keys >> bit) & 1) == 1
        cells[has & empty] = word
        more = has & ~empty
        cells[more] = cells[more] + (";" + word)
        empty &= ~has
    return cells


def _popcount(masks: IntArray, n_bits: int) -> IntArray:
    """Number of bits set per mask."""
    out = np.zeros(len(masks), dtype=np.int64)
    for b in range(n_bits):
        out += (masks >> b) & 1
    return out


def _months_to_days(months: IntArray) -> IntArray:
    """Day number (days since 1970-01-01) of the first day of each month number."""
    return months.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)


def _date_columns(columns: Sequence[IntArray]) -> list[pd.Series]:
    """Format day numbers as ISO dates ("" where missing), sharing one pool of date strings."""
    present = [c[c != _MISSING] for c in columns]
    present = [p for p in present if p.size]
    if not present:
        return [pd.Series([""] * len(c), dtype=str) for c in columns]
    lo = min(int(p.min()) for p in present)
    hi = max(int(p.max()) for p in present)
    days = np.arange(lo, hi + 1, dtype=np.int64).astype("datetime64[D]")
    pool = _pool([*np.datetime_as_string(days, unit="D").tolist(), ""])
    empty = hi - lo + 1
    return [_take(pool, np.where(c == _MISSING, empty, c - lo)) for c in columns]


def _ids(prefix: str, count: int) -> pd.Series:
    """Ids ``prefix`` + zero-padded running number from 1 (at least four digits)."""
    width = max(4, len(str(count)))
    return prefix + _int_strings(np.arange(1, count + 1)).str.zfill(width)


# ---------------------------------------------------------------------------------------
# Organisations
# ---------------------------------------------------------------------------------------


class _Organisations:
    """The numeric state of the drawn organisations, used to draw their agreements."""

    def __init__(self, rng: np.random.Generator, n: int) -> None:
        types = list(ORGANISATION_TYPES)
        n_regions = max(2, round(n / 50))
        zipf = 1.0 / np.arange(1, n_regions + 1) ** 0.8
        self.n = n
        self.n_regions = n_regions

        self.type = _draw(rng, n, [_TYPE_SHARES[t] for t in types])
        # Heavy-tailed activity: a few organisations carry very many agreements.
        self.activity = 1.0 + rng.pareto(1.8, n)
        # regions, Zipf-sized; the busiest organisations sit mostly in the big regions
        self.region = _draw(rng, n, zipf)
        hubs = np.flatnonzero(self.activity > np.quantile(self.activity, 0.99))
        self.region[hubs] = _draw(rng, len(hubs), zipf**2)
        profile = np.array([_TYPE_PROFILE[t] for t in types])
        median_fte = profile[self.type, 0]
        self.size = np.round(
            np.clip(
                median_fte * rng.lognormal(0.0, 0.9, n) * (self.activity / 1.5) ** 0.4,
                0.5,
                200_000.0,
            ),
            1,
        )
        self.source_weight = self.activity * profile[self.type, 1]
        self.target_weight = self.activity**0.6 * profile[self.type, 2]
        self.is_funder = np.isin(self.type, [types.index(t) for t in _FUNDER_TYPES])
        self.is_labour = np.isin(self.type, [types.index(t) for t in _LABOUR_TYPES])

        cap_weights = np.log(
            _share_matrix([_CAPABILITY_PROFILE[t] for t in types], SERVICE_TAGS, base=0.03)
        )
        cap_weights[types.index("other")] = 0.0
        n_caps = 1 + _draw(rng, n, [0.35, 0.35, 0.2, 0.1])
        self.capabilities, _ = _top_k_masks(rng, cap_weights[self.type], n_caps)

        need_weights = np.log(
            _share_matrix([_NEED_PROFILE[t] for t in types], SERVICE_TAGS, base=0.05)
        )[self.type]
        has_cap = ((self.capabilities[:, None] >> np.arange(_N_TAGS)[None, :]) & 1) == 1
        need_weights[has_cap] = -np.inf  # an organisation does not need what it delivers
        # busy organisations obtain more kinds of services
        n_needs = 1 + _draw(rng, n, [0.3, 0.35, 0.25, 0.1]) + np.log(self.activity).astype(np.int64)
        n_needs = np.minimum(n_needs, _N_TAGS - _popcount(self.capabilities, _N_TAGS))
        self.needs, self.need_list = _top_k_masks(rng, need_weights, n_needs)
        self.n_needs = n_needs

        n_goals = _draw(rng, n, [0.1, 0.3, 0.4, 0.2])
        self.goals, _ = _top_k_masks(rng, np.zeros((n, _N_GOALS)), n_goals)

        sector_words = sorted({w for shares in _SECTORS.values() for w in shares})
        sector_shares = _share_matrix([_SECTORS[t] for t in types], sector_words)
        self.sector = _draw_by_group(rng, self.type, sector_shares)
        self.sector_pool = _pool(sector_words)
        self.size_missing = rng.random(n) < 0.04

        patterns = [p for t in types for p in _NAME_PATTERNS[t]]
        first = np.cumsum([0] + [len(_NAME_PATTERNS[t]) for t in types])
        n_patterns = np.diff(first)
        within = np.floor(rng.random(n) * n_patterns[self.type]).astype(np.int64)
        self.pattern = first[self.type] + within
        self.patterns = patterns
        self.place = rng.integers(0, len(_PLACE_HEADS) * len(_PLACE_TAILS), n)

        # The people who carry the relationships: 1-10 per organisation, bigger ones more.
        self.person_count = 1 + np.minimum(9, rng.poisson(0.4 * np.log1p(self.size)))
        self.person_offset = np.concatenate([[0], np.cumsum(self.person_count)[:-1]])
        self.n_persons = int(self.person_count.sum())

        self.ids = _ids("O", n)
        # org id pool with "" appended: code n means "no organisation".
        self.id_pool = _append_empty(self.ids.array)

    def frame(self) -> pd.DataFrame:
        """The organisations table in raw input format."""
        types = list(ORGANISATION_TYPES)
        places = [h + t.lower() for h in _PLACE_HEADS for t in _PLACE_TAILS]
        place = _take(_pool(places), self.place)
        before = _take(_pool([p[0] for p in self.patterns]), self.pattern)
        after = _take(_pool([p[1] for p in self.patterns]), self.pattern)
        size = pd.Series(self.size).astype(str).where(~self.size_missing, "")
        return pd.DataFrame(
            {
                "id": self.ids,
                "name": before + place + after,
                "type": _take(_pool(types), self.type),
                "sector": _take(self.sector_pool, self.sector),
                "region": _region_names(self.n_regions).take(self.region).reset_index(drop=True),
                "size": size,
                "capabilities": _lists(self.capabilities, SERVICE_TAGS),
                "needs": _lists(self.needs, SERVICE_TAGS),
                "goals": _lists(self.goals, GOAL_TAGS),
            }
        )

    def pick_person(self, rng: np.random.Generator, org: IntArray) -> IntArray:
        """One person of each given organisation, mostly its first (key) person."""
        skew = rng.random(len(org)) ** 2.5
        return self.person_offset[org] + np.floor(skew * self.person_count[org]).astype(np.int64)


def _region_names(count: int) -> pd.Series:
    """Region names: the COROP areas, then numbered sub-regions of them."""
    base = _take(_pool(_REGION_NAMES), np.arange(count) % len(_REGION_NAMES))
    block = np.arange(count) // len(_REGION_NAMES)
    return base.where(block == 0, base + " " + _int_strings(block + 1))


def _person_names(count: int) -> Any:
    """``count`` distinct, Dutch-looking person names, as a string pool."""
    combos = len(_FIRST_NAMES) * len(_INFIXES) * len(_LAST_NAMES)
    p = np.arange(count, dtype=np.int64)
    q = (p * 7919 + 12345) % combos  # a bijection: scrambles without repeating a name
    first = _take(_pool(_FIRST_NAMES), q % len(_FIRST_NAMES))
    infix = _take(_pool(_INFIXES), (q // len(_FIRST_NAMES)) % len(_INFIXES))
    last = _take(_pool(_LAST_NAMES), q // (len(_FIRST_NAMES) * len(_INFIXES)))
    block = p // combos  # beyond the plain names: add initials, then a number
    letters = _pool([chr(c) for c in range(ord("A"), ord("Z") + 1)])
    initials = (
        _take(letters, ((block - 1) // 26) % 26) + "." + _take(letters, (block - 1) % 26) + ". "
    )
    initials = initials.where((block >= 1) & (block <= 26 * 26), "")
    names = first + " " + initials + infix + last
    names = names.where(block <= 26 * 26, names + " " + _int_strings(block))
    return names.array


# ---------------------------------------------------------------------------------------
# Agreements
# ---------------------------------------------------------------------------------------


class _Chains:
    """Shapes of the renewal chains: form, period, placement in time and length."""

    def __init__(self, rng: np.random.Generator, n_rows: int, as_of_month: int) -> None:
        parts: list[tuple[IntArray, ...]] = []
        total = 0
        while total < n_rows:  # one draw nearly always suffices; a second tops up
            count = int(n_rows / 1.3) + 16
            form = _draw(rng, count, [0.66, 0.31, 0.03])  # market, hybrid, hierarchy
            period = np.array([6, 12, 24, 36, 48])[_draw(rng, count, [8, 37, 25, 18, 12])]
            mode = _draw(rng, count, [0.89, 0.06, 0.05])  # current, future, past
            back = np.select(
                [mode == 0, mode == 1],
                [
                    np.floor(rng.random(count) * period).astype(np.int64),
                    -rng.integers(1, 7, count),
                ],
                period + rng.integers(0, 97, count),
            )
            hierarchy = form == 2
            back = np.where(hierarchy & (mode != 1), rng.integers(0, 180, count), back)
            mode = np.where(hierarchy & (mode == 2), 0, mode)
            length = np.where(rng.random(count) < 0.74, 1, 1 + rng.geometric(0.6, count))
            cap = 1 + np.maximum(0, _WINDOW_MONTHS - back) // period
            length = np.where(hierarchy, 1, np.minimum(np.minimum(length, cap), 12))
            parts.append((form, period, mode, back, length))
            total += int(length.sum())
        form, period, mode, back, length = (np.concatenate(p) for p in zip(*parts, strict=True))
        ends = np.cumsum(length)
        count = int(np.searchsorted(ends, n_rows)) + 1 if n_rows else 0
        length = length[:count].copy()
        if count:
            length[-1] -= int(ends[count - 1]) - n_rows  # trim the last chain to fit
        self.count = count
        self.form = form[:count]
        self.period = period[:count]
        self.mode = mode[:count]
        self.length = length
        self.last_start = as_of_month - back[:count]
        self.first_start = self.last_start - (length - 1) * self.period


@dataclasses.dataclass
class _Units:
    """Agreement "units": a renewal chain of two-party agreements, or one multi-party one.

    Everything that stays the same across the renewals of a chain is drawn once per unit;
    rows (agreements) take it by their unit number. Codes one past the end of a pool mean
    "left empty" (``n`` organisations, ``n_persons`` persons, ``len(SERVICE_TAGS)``, ...).
    """

    type: IntArray
    source: IntArray
    target: IntArray
    parties: IntArray  # 0: no parties cell, else 1 + the multi-party agreement's number
    first_month: IntArray  # month number (since 1970-01) of the first start
    period: IntArray  # months between successive starts
    length: IntArray  # agreements in the chain
    open_end: BoolArray  # the last agreement has no end date
    value: FloatArray  # annual value of the first agreement
    value_missing: BoolArray
    service: IntArray
    governance: IntArray
    shared_goals: IntArray  # bitmask over GOAL_TAGS
    exclusive: IntArray  # true, false, ""
    contact1: IntArray
    contact2: IntArray

    @classmethod
    def concat(cls, parts: Sequence[_Units]) -> _Units:
        """The units of ``parts``, one after the other."""
        return cls(
            **{
                f.name: np.concatenate([getattr(p, f.name) for p in parts])
                for f in dataclasses.fields(cls)
            }
        )


def _pair_units(
    rng: np.random.Generator,
    orgs: _Organisations,
    ch: _Chains,
    types: list[str],
) -> _Units:
    """Draw who, what and how of each renewal chain of two-party agreements."""
    n, c = orgs.n, ch.count
    # who: sources by activity, the service from the source's needs, then a supplier of
    # that service, mostly in the source's region. Some chains repeat an earlier pair.
    src_cum = np.concatenate([[0.0], np.cumsum(orgs.source_weight)])
    tgt_cum = np.concatenate([[0.0], np.cumsum(orgs.target_weight)])
    zeros = np.zeros(c, dtype=np.int64)
    src = _pick_weighted(rng, src_cum, zeros, zeros + n)
    reuse = (rng.random(c) < 0.12) & (np.arange(c) > 0)
    fresh = np.flatnonzero(~reuse)
    ref = np.arange(c)
    ref[reuse] = fresh[rng.integers(0, len(fresh), int(reuse.sum()))]
    src = src[ref]
    need_pos = np.floor(rng.random(c) * orgs.n_needs[src]).astype(np.int64)
    tag = orgs.need_list[src, need_pos]
    tag = np.where(rng.random(c) < 0.15, rng.integers(0, _N_TAGS, c), tag)
    tgt = _pick_suppliers(rng, orgs, src, tag, tgt_cum)[ref]

    # what: agreement type by form and by who initiates it (only funders give subsidies)
    type_shares = np.vstack(
        [
            _share_matrix(_MARKET_TYPE_SHARES, types),
            _share_matrix(_HYBRID_TYPE_SHARES, types),
            _share_matrix([_HIERARCHY_TYPE_SHARES], types),
        ]
    )
    market, hybrid = ch.form == 0, ch.form == 1
    group = np.select(
        [market, hybrid],
        [orgs.is_funder[src].astype(np.int64), 2 + orgs.is_labour[src].astype(np.int64)],
        4,
    )
    ctype = _draw_by_group(rng, group, type_shares)
    # leases and licences only for what can be leased or licensed; else a service contract
    for kind, fits in _LEASABLE.items():
        fit = np.isin(tag, [SERVICE_TAGS.index(t) for t in fits])
        ctype[(ctype == types.index(kind)) & ~fit] = types.index("service_contract")
    service = np.where(ch.form == 2, _N_TAGS, tag)
    service = np.where(hybrid & (rng.random(c) < 0.1), _N_TAGS, service)

    # how: value, shared goals (drawn from both sides' goals), governance, exclusivity
    value = np.where(
        market, rng.lognormal(np.log(60_000.0), 1.4, c), rng.lognormal(np.log(25_000.0), 1.3, c)
    )
    value_missing = np.select([market, hybrid], [rng.random(c) < 0.08, rng.random(c) < 0.45], True)
    keep = np.zeros(c, dtype=np.int64)
    for b in range(_N_GOALS):
        keep |= (rng.random(c) < 0.6).astype(np.int64) << b
    shared = (orgs.goals[src] | orgs.goals[tgt]) & keep
    shared = np.where(shared == 0, np.left_shift(1, rng.integers(0, _N_GOALS, c)), shared)
    shared = np.where(_popcount(shared, _N_GOALS) > 3, shared & -shared, shared)
    shared = np.where(hybrid & (rng.random(c) >= 0.2), shared, 0)
    exclusive = np.select(
        [market, hybrid],
        [_draw(rng, c, [0.12, 0.48, 0.4]), _draw(rng, c, [0.05, 0.35, 0.6])],
        2,
    )
    # the people who carry it: mostly one on the source side, often one on the other side
    n_contacts = _draw(rng, c, [0.08, 0.57, 0.35])
    contact1 = np.where(n_contacts >= 1, orgs.pick_person(rng, src), orgs.n_persons)
    contact2 = np.where(n_contacts >= 2, orgs.pick_person(rng, tgt), orgs.n_persons)
    # the last agreement of a running chain may be open-ended; ownership always is
    running = ch.mode == 0
    open_end = np.select(
        [market, hybrid],
        [running & (rng.random(c) < 0.1), running & (rng.random(c) < 0.35)],
        True,
    )
    return _Units(
        type=ctype,
        source=src,
        target=tgt,
        parties=zeros,
        first_month=ch.first_start,
        period=ch.period,
        length=ch.length,
        open_end=open_end,
        value=value,
        value_missing=value_missing,
        service=service,
        governance=_governance(rng, ctype, types),
        shared_goals=shared,
        exclusive=exclusive,
        contact1=contact1,
        contact2=contact2,
    )


def _agreement_tables(
    rng: np.random.Generator, orgs: _Organisations, n_rows: int, as_of: datetime.date
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Draw the agreements and parties tables."""
    n = orgs.n
    types = list(AGREEMENT_TYPES)
    as_of_month = int(np.datetime64(as_of, "M").astype(np.int64))
    as_of_day = int(np.datetime64(as_of, "D").astype(np.int64))

    n_multi = round(0.025 * n_rows) if n >= 3 else 0
    chains = _Chains(rng, n_rows - n_multi, as_of_month)
    mp = _MultiParty(rng, orgs, n_multi, as_of_month, types)
    units = _Units.concat([_pair_units(rng, orgs, chains, types), mp.units])
    del chains
    form_of_type = np.array([[MARKET, HYBRID, HIERARCHY].index(AGREEMENT_FORMS[t]) for t in types])
    unit_form = form_of_type[units.type]

    # Rows: the agreements of each chain in successive periods without gaps (each ends the
    # day before the next starts), ordered by start so that ids run with time.
    unit = np.repeat(np.arange(len(units.type)), units.length)
    step = np.arange(n_rows) - np.repeat(np.cumsum(units.length) - units.length, units.length)
    start_month = units.first_month[unit] + step * units.period[unit]
    order = np.argsort(start_month, kind="stable")
    unit, step, start_month = unit[order], step[order], start_month[order]
    del order
    start = _months_to_days(start_month)
    end = _months_to_days(start_month + units.period[unit]) - 1
    del start_month
    end[(step == units.length[unit] - 1) & units.open_end[unit]] = _MISSING
    amount = np.round(units.value[unit] * 1.03**step / 100.0) * 100.0  # yearly indexation
    amount_missing = units.value_missing[unit] | (rng.random(n_rows) < 0.03)
    del step

    # Status as seen from as_of (codes index STATUSES; len(STATUSES) = left empty).
    active, planned, proposed, ended = (
        STATUSES.index(s) for s in ("active", "planned", "proposed", "ended")
    )
    form = unit_form[unit]
    status = np.full(n_rows, active, dtype=np.int64)
    status[start > as_of_day] = planned
    status[(end != _MISSING) & (end < as_of_day)] = ended
    status[(status == planned) & ((form == 2) | (rng.random(n_rows) < 0.35))] = proposed

    # Hybrid agreements get a phase and an evaluation date, leaving some empty on purpose.
    hybrid = form == 1
    del form
    stage = np.where(status == active, 0, np.where(status == ended, 2, 1))  # 1: not started
    phase = _draw_by_group(
        rng, stage, np.array([[0, 0, 15, 65, 20], [4, 4, 2, 0, 0], [0, 0, 0, 3, 7]], float)
    )
    phase[~hybrid | (rng.random(n_rows) < 0.12)] = len(PHASES)
    evaluation = np.where(stage == 0, as_of_day + rng.integers(-120, 541, n_rows), start + 365)
    evaluation[~hybrid | (stage == 2) | (rng.random(n_rows) < 0.3)] = _MISSING
    del hybrid, stage
    status[(status == active) & (rng.random(n_rows) < 0.02)] = len(STATUSES)  # empty = active

    # Strings: taken from shared pools (per unit or per vocabulary word) wherever possible.
    ids = _ids("A", n_rows)
    start_text, end_text, evaluation_text = _date_columns([start, end, evaluation])
    del start, end, evaluation
    value_text = _int_strings(amount).where(~amount_missing, "")
    del amount, amount_missing
    persons = _append_empty(_person_names(orgs.n_persons))
    first, second = _take(persons, units.contact1), _take(persons, units.contact2)
    contacts = first.where(units.contact2 == orgs.n_persons, first + ";" + second)
    del first, second, persons
    party_cells = pd.concat([pd.Series([""], dtype=str), mp.party_cells(orgs.id_pool)])

    agreements = pd.DataFrame(
        {
            "id": ids,
            "type": _take(_pool(types), units.type[unit]),
            "source": _take(orgs.id_pool, units.source[unit]),
            "target": _take(orgs.id_pool, units.target[unit]),
            "parties": _take(party_cells.array, units.parties[unit]),
            "start": start_text,
            "end": end_text,
            "value": value_text,
            "service": _take(_pool([*SERVICE_TAGS, ""]), units.service[unit]),
            "status": _take(_pool([*STATUSES, ""]), status),
            "phase": _take(_pool([*PHASES, ""]), phase),
            "governance": _take(_pool([*GOVERNANCE, ""]), units.governance[unit]),
            "shared_goals": _take(_lists(units.shared_goals, GOAL_TAGS).array, unit),
            "contacts": _take(contacts.array, unit),
            "evaluation_date": evaluation_text,
            "exclusive": _take(_pool(["true", "false", ""]), units.exclusive[unit]),
        }
    )

    # parties table: lead first, then the members, for the multi-party agreements listed there
    row_of_unit = np.zeros(len(units.type), dtype=np.int64)
    row_of_unit[unit] = np.arange(n_rows)  # multi-party units have exactly one row
    row_of_mp = row_of_unit[len(units.type) - n_multi :]
    listed = np.flatnonzero(mp.in_table[mp.member_agreement])
    row = row_of_mp[mp.member_agreement[listed]]
    by_row = np.argsort(row, kind="stable")  # in agreement order, each lead first
    row, listed = row[by_row], listed[by_row]
    parties = pd.DataFrame(
        {
            "agreement_id": _take(ids.array, row),
            "org_id": _take(orgs.id_pool, mp.member_org[listed]),
            "role": _take(_pool(["lead", "member"]), (~mp.member_is_lead[listed]).astype(int)),
        }
    )
    return agreements, parties


def _pick_suppliers(
    rng: np.random.Generator,
    orgs: _Organisations,
    src: IntArray,
    tag: IntArray,
    tgt_cum: FloatArray,
) -> IntArray:
    """The other side of each chain: an organisation that delivers ``tag``.

    Mostly from the source's own region (weighted by activity), otherwise from anywhere;
    never the source itself.
    """
    n, r, c = orgs.n, orgs.n_regions, len(src)
    bits = (orgs.capabilities[:, None] >> np.arange(_N_TAGS)[None, :]) & 1
    inc_org, inc_tag = np.nonzero(bits)
    key = inc_tag * r + orgs.region[inc_org]
    order = np.argsort(key, kind="stable")
    key, inc_org = key[order], inc_org[order].astype(np.int64)
    cum = np.concatenate([[0.0], np.cumsum(orgs.target_weight[inc_org])])

    bounds = np.searchsorted(key, np.arange(_N_TAGS * r + 1))  # group (tag, region) bounds
    local_key = tag * r + orgs.region[src]
    lo, hi = bounds[local_key], bounds[local_key + 1]
    local = inc_org[np.minimum(_pick_weighted(rng, cum, lo, hi), max(len(inc_org) - 1, 0))]
    # buyers look outside their region more often where few local suppliers exist
    local_share = 0.85 * (hi - lo) / (hi - lo + 1.0)
    ok_local = (rng.random(c) < local_share) & (hi > lo) & (local != src)

    lo, hi = bounds[tag * r], bounds[tag * r + r]
    national = inc_org[np.minimum(_pick_weighted(rng, cum, lo, hi), max(len(inc_org) - 1, 0))]
    ok_national = (hi > lo) & (national != src)

    zeros = np.zeros(c, dtype=np.int64)
    anyone = _pick_weighted(rng, tgt_cum, zeros, zeros + n)
    anyone = np.where(anyone == src, (src + rng.integers(1, n, c)) % n, anyone)
    return np.where(ok_local, local, np.where(ok_national, national, anyone))


def _governance(rng: np.random.Generator, ctype: IntArray, types: list[str]) -> IntArray:
    """Governance arrangement per chain (code len(GOVERNANCE) = left empty)."""
    group_names = [MARKET, HYBRID, HIERARCHY, *(k for k in _GOVERNANCE_SHARES if k in types)]
    shares = np.array([_GOVERNANCE_SHARES[g] for g in group_names])
    group_of_type = np.array(
        [
            group_names.index(t) if t in group_names else group_names.index(AGREEMENT_FORMS[t])
            for t in types
        ]
    )
    return _draw_by_group(rng, group_of_type[ctype], shares)


class _MultiParty:
    """Multi-party agreements (consortia, covenants, networks) and their members."""

    def __init__(
        self,
        rng: np.random.Generator,
        orgs: _Organisations,
        count: int,
        as_of_month: int,
        types: list[str],
    ) -> None:
        n = orgs.n
        self.count = count
        src_cum = np.concatenate([[0.0], np.cumsum(orgs.source_weight)])
        zeros = np.zeros(count, dtype=np.int64)
        lead = _pick_weighted(rng, src_cum, zeros, zeros + n)
        size = 3 + np.minimum(27, np.floor(rng.pareto(1.5, count) * 4)).astype(np.int64)

        # candidate members, mostly from the lead's region, weighted by activity
        by_region = np.argsort(orgs.region, kind="stable").astype(np.int64)
        region_sorted = orgs.region[by_region]
        cum = np.concatenate([[0.0], np.cumsum(orgs.activity[by_region])])
        agreement = np.repeat(np.arange(count), size - 1)
        reg = orgs.region[lead[agreement]]
        bounds = np.searchsorted(region_sorted, np.arange(orgs.n_regions + 1))
        lo, hi = bounds[reg], bounds[reg + 1]
        national = rng.random(len(agreement)) < 0.25
        lo = np.where(national, 0, lo)
        hi = np.where(national, n, hi)
        member = by_region[_pick_weighted(rng, cum, lo, hi)]
        # lead and candidates, duplicates dropped; a lead left with fewer than three
        # parties (a thin region) is topped up with its two neighbours in id order.
        agreement = np.concatenate([np.arange(count), agreement])
        member = np.concatenate([lead, member])
        agreement, member = _unique_pairs(agreement, member, n)
        thin = np.flatnonzero(np.bincount(agreement, minlength=count) < 3)
        top_up = np.repeat(thin, 2)
        agreement = np.concatenate([agreement, top_up])
        member = np.concatenate([member, (lead[top_up] + np.tile([1, 2], len(thin))) % n])
        agreement, member = _unique_pairs(agreement, member, n)
        is_lead = member == lead[agreement]
        order = np.lexsort((member, ~is_lead, agreement))  # lead first, then by id
        self.member_agreement = agreement[order]
        self.member_org = member[order]
        self.member_is_lead = is_lead[order]

        mp_type = np.array([types.index(t) for t in _MULTI_PARTY_TYPE_SHARES])[
            _draw(rng, count, list(_MULTI_PARTY_TYPE_SHARES.values()))
        ]
        self.in_table = np.zeros(count, dtype=bool)
        if count >= 2:
            n_table = min(count - 1, max(1, round(0.4 * count)))
            self.in_table[rng.permutation(count)[:n_table]] = True
        n_goals = _draw(rng, count, [0.2, 0.35, 0.3, 0.15])
        shared, _ = _top_k_masks(rng, np.zeros((count, _N_GOALS)), n_goals)
        is_hybrid = np.array([AGREEMENT_FORMS[t] == HYBRID for t in types])[mp_type]
        self.units = _Units(
            type=mp_type,
            source=np.full(count, n),
            target=np.full(count, n),
            parties=np.where(self.in_table, 0, 1 + np.arange(count)),
            first_month=as_of_month - rng.integers(-3, _WINDOW_MONTHS, count),
            period=np.array([24, 36, 48])[_draw(rng, count, [1, 1, 1])],
            length=np.ones(count, dtype=np.int64),
            open_end=rng.random(count) < 0.5,
            value=rng.lognormal(np.log(100_000.0), 1.2, count),
            value_missing=rng.random(count) < 0.5,
            service=np.where(rng.random(count) < 0.5, rng.integers(0, _N_TAGS, count), _N_TAGS),
            governance=_governance(rng, mp_type, types),
            shared_goals=np.where(is_hybrid, shared, 0),
            exclusive=np.full(count, 2),
            contact1=np.where(rng.random(count) < 0.8, orgs.person_offset[lead], orgs.n_persons),
            contact2=np.full(count, orgs.n_persons),
        )

    def party_cells(self, id_pool: Any) -> pd.Series:
        """The ``;``-joined party lists, one per multi-party agreement (lead first).

        Loops over member positions (at most 30), not over agreements.
        """
        starts = np.searchsorted(self.member_agreement, np.arange(self.count), side="left")
        counts = np.bincount(self.member_agreement, minlength=self.count)
        cells = _take(id_pool, self.member_org[starts]) if self.count else pd.Series([], dtype=str)
        for pos in range(1, int(counts.max()) if self.count else 0):
            has = counts > pos
            at = np.minimum(starts + pos, len(self.member_org) - 1)
            nxt = _take(id_pool, np.where(has, self.member_org[at], 0))
            cells = cells.where(~has, cells + ";" + nxt)
        return cells


def _unique_pairs(agreement: IntArray, member: IntArray, n: int) -> tuple[IntArray, IntArray]:
    """Distinct (agreement, member) pairs, sorted by agreement then member."""
    key = np.sort(agreement * n + member)  # sort-based: np.unique can be far slower here
    key = key[np.concatenate([[True], key[1:] != key[:-1]])] if key.size else key
    return key // n, key % n


# ---------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------


def _empty(columns: Sequence[str]) -> pd.DataFrame:
    return pd.DataFrame({col: pd.Series([], dtype=str) for col in columns})


def synthetic_tables(
    n_organisations: int,
    *,
    n_agreements: int | None = None,
    seed: int = 0,
    as_of: datetime.date = datetime.date(2026, 1, 1),
) -> dict[str, pd.DataFrame]:
    """Draw a synthetic ecosystem in netorg's raw input format.

    Parameters
    ----------
    n_organisations : int
        Number of organisations (at least 2).
    n_agreements : int, optional
        Number of agreements (rows of the agreements table, including the multi-party
        ones listed in the parties table). Default ``10 * n_organisations``.
    seed : int, default 0
        Seed of ``numpy.random.default_rng``; the same arguments give identical frames.
    as_of : datetime.date, default 2026-01-01
        Reference date: agreements start up to ~15 years before it, statuses (active,
        ended, planned, proposed) agree with the dates as seen from it.

    Returns
    -------
    dict of str to pandas.DataFrame
        ``{"organisations": ..., "agreements": ..., "parties": ...}`` with the columns of
        :data:`ORGANISATION_COLUMNS`, :data:`AGREEMENT_COLUMNS` and :data:`PARTY_COLUMNS`.
        Every column holds strings (pandas' default string dtype); missing values are
        ``""``, lists are ``;``-joined, dates ISO, so ``df.to_csv(index=False)`` writes
        what a user's CSV would hold.

    Raises
    ------
    ValueError
        If ``n_organisations < 2`` or ``n_agreements < 0``.

    Notes
    -----
    About 2.5 % of the agreements are multi-party (3 to 30 parties, mostly from one
    region); about 40 % of those are listed in the parties table (a lead and members,
    with source, target and parties left empty in the agreements table), the others name
    their parties in the ``parties`` column. Two-party agreements come in renewal chains:
    the same pair, type and service in successive periods, each ending the day before the
    next starts.

    Examples
    --------
    >>> t = synthetic_tables(100, n_agreements=300, seed=7)
    >>> t["agreements"].shape
    (300, 16)
    >>> t["agreements"]["id"].is_unique
    True
    """
    if n_organisations < 2:
        raise ValueError(f"n_organisations must be at least 2, got {n_organisations}")
    n_rows = 10 * n_organisations if n_agreements is None else n_agreements
    if n_rows < 0:
        raise ValueError(f"n_agreements must be >= 0, got {n_agreements}")
    rng = np.random.default_rng(seed)
    orgs = _Organisations(rng, n_organisations)
    organisations = orgs.frame()
    if n_rows == 0:
        agreements, parties = _empty(AGREEMENT_COLUMNS), _empty(PARTY_COLUMNS)
    else:
        agreements, parties = _agreement_tables(rng, orgs, n_rows, as_of)
    return {"organisations": organisations, "agreements": agreements, "parties": parties}
