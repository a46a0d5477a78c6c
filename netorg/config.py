"""The config file: a planner's own words and settings, in TOML.

A config file lets an organisation keep its own vocabulary (``inkoop``, ``convenant``,
``raamovereenkomst``) and settings in one place instead of editing its spreadsheets::

    as_of = "2026-06-30"          # the reference date (default: today)
    mappings = ["nl"]             # built-in word lists to apply (default: ["nl"])
    language = "nl"               # reasons and report in Dutch (default: "en")

    [agreement_type]              # your word = netorg's word
    zorgcontract = "service_contract"
    ketenafspraak = "covenant"

    [organisation_type]
    huisartsenpraktijk = "care_provider"

The sections ``agreement_type``, ``organisation_type``, ``status``, ``phase``,
``governance`` and ``role`` map words onto :mod:`netorg.vocabulary`. netorg ships a Dutch
list (``netorg/mappings/nl.toml``) that is on by default; ``mappings = []`` turns it off.

Analysis parameters go in their own section, named like the analysis function's keyword
arguments (see :mod:`netorg.params` and docs/methodology.md)::

    [ties]
    implicit_threshold = 0.55
    full_duration_years = 6
"""

from __future__ import annotations

import datetime as dt
import functools
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from netorg._errors import ConfigError
from netorg.i18n import LANGUAGES
from netorg.params import (
    ClusterParams,
    MergerParams,
    RiskParams,
    TieParams,
    as_dict,
    from_mapping,
)
from netorg.vocabulary import VOCABULARIES, normalise_word

#: Word lists that ship with netorg, by name.
BUILTIN_MAPPINGS: tuple[str, ...] = ("nl",)

#: Sections holding an analysis's parameters, and the dataclass that checks them.
ANALYSIS_SECTIONS: dict[str, type] = {
    "ties": TieParams,
    "clusters": ClusterParams,
    "risks": RiskParams,
    "mergers": MergerParams,
}

_TOP_LEVEL_KEYS = ("as_of", "mappings", "language", *VOCABULARIES, *ANALYSIS_SECTIONS)


@dataclass(frozen=True)
class Config:
    """Settings that shape loading and analysis.

    Parameters
    ----------
    as_of : datetime.date or None
        The reference date for everything time-dependent; None means today.
    mappings : tuple of str
        Names of built-in word lists to apply (see :data:`BUILTIN_MAPPINGS`).
    words : mapping
        The user's own words per vocabulary, ``{"agreement_type": {"inkoop": "purchase"}}``;
        they take precedence over the built-in lists.
    source : str or None
        The config file this came from, for messages and ``summary.json``.
    ties : TieParams
        Parameters of :func:`netorg.tie_classes` (section ``[ties]``).
    clusters : ClusterParams
        Parameters of :func:`netorg.alliance_clusters` (section ``[clusters]``).
    risks : RiskParams
        Parameters of :func:`netorg.dependency_risks` (section ``[risks]``).
    mergers : MergerParams
        Parameters of :func:`netorg.merger_alternatives` (section ``[mergers]``).
    language : str or None
        The language of reasons, details and the report (``en`` or ``nl``, see
        :mod:`netorg.i18n`); None means English.
    """

    as_of: dt.date | None = None
    mappings: tuple[str, ...] = ("nl",)
    words: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    source: str | None = None
    ties: TieParams = field(default_factory=TieParams)
    clusters: ClusterParams = field(default_factory=ClusterParams)
    risks: RiskParams = field(default_factory=RiskParams)
    mergers: MergerParams = field(default_factory=MergerParams)
    language: str | None = None

    def synonyms(self, vocabulary: str) -> dict[str, str]:
        """All words that map onto ``vocabulary``: built-in lists first, the user's on top.

        Keys are normalised with :func:`netorg.vocabulary.normalise_word`.
        """
        merged: dict[str, str] = {}
        for name in self.mappings:
            merged.update(_builtin_mapping(name).get(vocabulary, {}))
        merged.update(self.words.get(vocabulary, {}))
        return merged

    def as_dict(self) -> dict[str, Any]:
        """The settings as plain data, for ``summary.json``."""
        return {
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "mappings": list(self.mappings),
            "language": self.language,
            "words": {k: dict(sorted(v.items())) for k, v in sorted(self.words.items())},
            "source": self.source,
            "ties": as_dict(self.ties),
            "clusters": as_dict(self.clusters),
            "risks": as_dict(self.risks),
            "mergers": as_dict(self.mergers),
        }


def load_config(path: str | Path) -> Config:
    """Read a TOML config file.

    Parameters
    ----------
    path : str or Path
        The file to read.

    Returns
    -------
    Config

    Raises
    ------
    ConfigError
        When the file is missing, not TOML, or names a key, vocabulary word or date that
        netorg does not know; the message names the key and the words that are allowed.
    """
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise ConfigError(f"config file {path} does not exist") from None
    except UnicodeDecodeError:
        raise ConfigError(f"config file {path} is not UTF-8 text; save it as UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {path} is not valid TOML: {exc}") from None
    return config_from_dict(raw, source=str(path))


def config_from_dict(raw: Mapping[str, Any], *, source: str | None = None) -> Config:
    """Build a :class:`Config` from parsed TOML (or any mapping of the same shape)."""
    where = f" in {source}" if source else ""
    unknown = sorted(set(raw) - set(_TOP_LEVEL_KEYS))
    if unknown:
        raise ConfigError(
            f"unknown key{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}{where}; "
            f"known keys are {', '.join(_TOP_LEVEL_KEYS)}"
        )
    as_of = _parse_as_of(raw.get("as_of"), where)
    mappings = raw.get("mappings", ["nl"])
    if not isinstance(mappings, list) or not all(isinstance(m, str) for m in mappings):
        raise ConfigError(f'mappings{where} must be a list of names such as ["nl"]')
    for name in mappings:
        if name not in BUILTIN_MAPPINGS:
            raise ConfigError(
                f"unknown mapping {name!r}{where}; built-in mappings are "
                f"{', '.join(BUILTIN_MAPPINGS)}"
            )
    language = raw.get("language")
    if language is not None and language not in LANGUAGES:
        raise ConfigError(
            f"language{where} must be one of {', '.join(LANGUAGES)}, not {language!r}"
        )
    words: dict[str, dict[str, str]] = {}
    for vocabulary, known in VOCABULARIES.items():
        section = raw.get(vocabulary)
        if section is None:
            continue
        if not isinstance(section, Mapping):
            raise ConfigError(f'[{vocabulary}]{where} must be a table of word = "word" pairs')
        words[vocabulary] = _check_words(vocabulary, section, known, where)
    sections: dict[str, Any] = {}
    for section, cls in ANALYSIS_SECTIONS.items():
        values = raw.get(section, {})
        if not isinstance(values, Mapping):
            raise ConfigError(f"[{section}]{where} must be a table of name = value pairs")
        try:
            sections[section] = from_mapping(cls, dict(values), section)
        except ValueError as exc:
            raise ConfigError(f"{exc}{where}") from None
    return Config(
        as_of=as_of,
        mappings=tuple(mappings),
        words=words,
        source=source,
        language=language,
        **sections,
    )


def _parse_as_of(value: object, where: str) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    problem = ConfigError(f"as_of{where} must be a date such as 2026-06-30, not {value!r}")
    if not isinstance(value, str):
        raise problem
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise problem from None


def _check_words(
    vocabulary: str, section: Mapping[str, Any], known: tuple[str, ...], where: str
) -> dict[str, str]:
    checked: dict[str, str] = {}
    for word, target in section.items():
        if not isinstance(target, str) or normalise_word(target) not in known:
            raise ConfigError(
                f"[{vocabulary}] {word} = {target!r}{where}: {target!r} is not a netorg "
                f"{vocabulary.replace('_', ' ')}; use one of {', '.join(known)}"
            )
        checked[normalise_word(word)] = normalise_word(target)
    return checked


@functools.cache
def _builtin_mapping(name: str) -> dict[str, dict[str, str]]:
    text = resources.files("netorg").joinpath("mappings", f"{name}.toml").read_text("utf-8")
    raw = tomllib.loads(text)
    return {
        vocabulary: {normalise_word(k): normalise_word(v) for k, v in section.items()}
        for vocabulary, section in raw.items()
    }
