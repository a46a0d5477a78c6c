"""The examples in netorg's docstrings run as they are written.

They are part of the documentation (``help()``, the API pages); this runs every module's
examples, the CLI's included, so that an example that no longer holds fails the suite.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import netorg
import netorg.cli


def _modules() -> list[str]:
    names = {"netorg", "netorg.cli"}
    for package in (netorg, netorg.cli):
        prefix = package.__name__ + "."
        names |= {m.name for m in pkgutil.walk_packages(package.__path__, prefix)}
    return sorted(n for n in names if not n.endswith("__main__"))


@pytest.mark.parametrize("name", _modules())
def test_docstring_examples_hold(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"


def test_the_modules_with_examples_are_found() -> None:
    tried = {name: doctest.testmod(importlib.import_module(name)).attempted for name in _modules()}
    assert tried["netorg._codes"] >= 16 and tried["netorg.vocabulary"] >= 3
    assert sum(tried.values()) >= 90  # 95 when this test was written
