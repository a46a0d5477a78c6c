"""The language setting: config key, eco.language, and the formatting helpers."""

from __future__ import annotations

import pytest

import netorg
from netorg._errors import ConfigError
from netorg.config import config_from_dict
from netorg.i18n import join_and, join_or, number, percent, text


def test_language_comes_from_config_and_is_settable() -> None:
    assert config_from_dict({}).language is None
    assert config_from_dict({"language": "nl"}).language == "nl"
    with pytest.raises(ConfigError, match="language must be one of en, nl, not 'de'"):
        config_from_dict({"language": "de"})
    eco = netorg.datasets.load("zorgregio")
    assert eco.language == "en"
    first = eco.analyze()
    eco.language = "nl"
    assert eco.analyze() is not first  # results in the old language are forgotten
    with pytest.raises(ValueError, match="netorg writes en, nl"):
        eco.language = "fr"


def test_formatting() -> None:
    assert number(1234.5, "nl") == "1.234,5" and number(1234.5, "en") == "1,234.5"
    assert percent(0.5, "nl") == "50%" and percent(0.125, "nl", 1) == "12,5%"
    assert join_and(["a"], "nl") == "a" and join_and(["a", "b", "c"], "nl") == "a, b en c"
    assert join_or(["a", "b"], "en") == "a or b"
    catalogue = {"k": {"en": "{n} ties", "nl": "{n} relaties"}, "only": {"en": "x"}}
    assert text(catalogue, "k", "nl", n=2) == "2 relaties"
    assert text(catalogue, "only", "nl") == "x"  # English when a template lacks Dutch
