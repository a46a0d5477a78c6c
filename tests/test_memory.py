"""Arrow's memory pool: the CLI chooses jemalloc where pyarrow has it, and a pool chosen with
ARROW_DEFAULT_MEMORY_POOL is left alone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pytest
from click.testing import CliRunner

from netorg._memory import POOL_VARIABLE, use_jemalloc
from netorg.cli import main


def _has_jemalloc() -> bool:
    try:
        pa.jemalloc_memory_pool()
    except NotImplementedError:
        return False
    return True


@pytest.fixture
def system_pool(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Start from the system pool, with no pool chosen in the environment; restore after."""
    before = pa.default_memory_pool()
    monkeypatch.delenv(POOL_VARIABLE, raising=False)
    pa.set_memory_pool(pa.system_memory_pool())
    yield
    pa.set_memory_pool(before)


def test_jemalloc_where_pyarrow_has_it(system_pool: None) -> None:
    expected = "jemalloc" if _has_jemalloc() else "system"
    assert use_jemalloc() == expected
    assert pa.default_memory_pool().backend_name == expected


def test_a_pool_chosen_in_the_environment_is_kept(
    system_pool: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(POOL_VARIABLE, "system")
    assert use_jemalloc() == "system"
    assert pa.default_memory_pool().backend_name == "system"


def test_the_cli_chooses_the_pool(system_pool: None, eco_dir: Path) -> None:
    result = CliRunner().invoke(main, ["validate", str(eco_dir)])
    assert result.exit_code == 0, result.output
    assert pa.default_memory_pool().backend_name == ("jemalloc" if _has_jemalloc() else "system")
