"""Every bundled dataset loads, validates, and is documented honestly.

For each dataset in :func:`netorg.datasets.available`: it loads as of its own reference date,
it validates without problems, its README exists and says it is fictional exactly when
``dataset.json`` says so, and it states a licence. docs/datasets.md mentions every dataset.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

import netorg
from netorg.datasets import DatasetInfo

DOCS = Path(__file__).resolve().parents[1] / "docs" / "datasets.md"
DATASETS = netorg.datasets.available()


def _metadata(info: DatasetInfo) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((info.path / "dataset.json").read_text(encoding="utf-8"))
    return data


def _title_line(readme: str) -> str:
    return next(line for line in readme.splitlines() if line.startswith("# "))


def test_there_are_bundled_datasets() -> None:
    assert {"zorgregio", "arbeidsmarktregio", "knokbur"} <= {d.name for d in DATASETS}


@pytest.mark.parametrize("info", DATASETS, ids=lambda d: d.name)
def test_loads_as_of_its_own_date(info: DatasetInfo) -> None:
    eco = netorg.datasets.load(info.name)
    assert eco.as_of == info.as_of
    assert len(eco.organisations) > 0
    assert len(eco.agreements) > 0
    assert eco.load_report is not None
    assert eco.load_report.skipped == []


@pytest.mark.parametrize("info", DATASETS, ids=lambda d: d.name)
def test_validates_clean(info: DatasetInfo) -> None:
    assert netorg.validate(info.path) == []


@pytest.mark.parametrize("info", DATASETS, ids=lambda d: d.name)
def test_metadata(info: DatasetInfo) -> None:
    data = _metadata(info)
    assert data["name"] == info.name
    assert isinstance(data.get("fictional"), bool), "dataset.json needs a true/false 'fictional'"
    assert info.licence.strip(), "dataset.json needs a non-empty 'licence'"


@pytest.mark.parametrize("info", DATASETS, ids=lambda d: d.name)
def test_readme_says_whether_fictional(info: DatasetInfo) -> None:
    readme_path = info.path / "README.md"
    assert readme_path.is_file(), f"{info.name} has no README.md"
    readme = readme_path.read_text(encoding="utf-8")
    title = _title_line(readme).lower()
    if _metadata(info)["fictional"]:
        assert re.search(r"\bfictional\b", readme, re.IGNORECASE)
        assert "fictional" in title
    else:
        assert "fictional" not in title
        assert re.search(r"\breal\b", title), "a real dataset's README title should say so"


def test_docs_mention_every_dataset() -> None:
    docs = DOCS.read_text(encoding="utf-8")
    missing = [d.name for d in DATASETS if not re.search(rf"\b{re.escape(d.name)}\b", docs)]
    assert missing == [], f"docs/datasets.md does not mention {missing}"
