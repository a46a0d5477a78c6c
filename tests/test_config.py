"""The TOML config file: own words, built-in Dutch words, clear errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from netorg import ConfigError, load_config
from netorg.config import Config, config_from_dict


def test_user_words_win_over_builtin_ones(tmp_path: Path) -> None:
    path = tmp_path / "netorg.toml"
    path.write_text(
        'as_of = 2026-06-30\n[agreement_type]\n"Raam Contract" = "licence"\ninkoop = "contract"\n',
        encoding="utf-8",
    )
    config = load_config(path)
    assert config.as_of == dt.date(2026, 6, 30)
    words = config.synonyms("agreement_type")
    assert words["raam_contract"] == "licence"
    assert words["inkoop"] == "contract"  # the user's mapping replaces the built-in one
    assert words["convenant"] == "covenant"  # built-in Dutch list still applies
    assert config.as_dict()["source"] == str(path)


def test_default_config_applies_dutch_words() -> None:
    assert Config().synonyms("organisation_type")["gemeente"] == "municipality"
    assert Config(mappings=()).synonyms("organisation_type") == {}


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ({"colour": "red"}, "unknown key colour"),
        ({"as_of": "next week"}, "as_of must be a date"),
        ({"mappings": ["fr"]}, "unknown mapping 'fr'"),
        ({"mappings": "nl"}, "must be a list"),
        ({"status": {"lopend": "running"}}, "'running' is not a netorg status"),
        ({"phase": "strategy"}, "must be a table"),
    ],
)
def test_bad_config_is_explained(raw: dict[str, object], words: str) -> None:
    with pytest.raises(ConfigError, match=words):
        config_from_dict(raw)


def test_unreadable_config_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_config(tmp_path / "missing.toml")
    broken = tmp_path / "broken.toml"
    broken.write_text("[agreement_type\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(broken)
