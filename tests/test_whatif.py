"""What if organisations fail: a hand-built chain with every answer written out."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner

import netorg
from netorg.analysis.whatif import UnknownOrganisationError, what_if
from netorg.cli import main
from netorg.report.whatif_page import whatif_html, write_whatif

AS_OF = "2026-06-30"
EVIL = '<script>alert("x")</script> & Zn'

#: The chain A - B - C - D, with G tied to B and C and D also buying from B: B is A's only
#: supplier of youth_care and one of D's two suppliers of home_care. D buys from H, the hub of
#: a small alliance: partnerships H-W, H-X, H-Y, H-Z and X-Y.
#:
#:     A - B - C - D - H - W, Z
#:         |\ /   /    |\
#:         | G   /     X-Y
#:         +----+
ORGS = "id,name,needs\n" + "\n".join(
    f"{i},Org {i},{need}"
    for i, need in [
        ("A", "youth_care"),
        ("B", ""),
        ("C", ""),
        ("D", "home_care"),
        ("G", ""),
        ("H", ""),
        ("W", ""),
        ("X", ""),
        ("Y", ""),
        ("Z", ""),
    ]
)
AGREEMENTS = "id,type,source,target,service,value,start,end,status\n" + "\n".join(
    [
        "AB,purchase,A,B,youth_care,120000,2024-01-01,,",
        "CB,purchase,C,B,cleaning,,2024-01-01,,",
        "DC,purchase,D,C,home_care,20000,2024-01-01,,",
        "DB,purchase,D,B,home_care,30000,2024-01-01,,",
        "GB,purchase,G,B,advice,,2024-01-01,,",
        "GC,purchase,G,C,advice,,2024-01-01,,",
        "DH,purchase,D,H,advice,,2024-01-01,,",
        "HX,partnership,H,X,,,2024-01-01,,",
        "HY,partnership,H,Y,,,2024-01-01,,",
        "HZ,partnership,H,Z,,,2024-01-01,,",
        "HW,partnership,H,W,,,2024-01-01,,",
        "XY,partnership,X,Y,,,2024-01-01,,",
        # ended, proposed: neither is a supplier nor a tie
        "AC-OLD,purchase,A,C,youth_care,90000,2019-01-01,2020-12-31,ended",
        "AD-NEW,purchase,A,D,youth_care,80000,2027-01-01,,proposed",
    ]
)


@pytest.fixture
def chain_dir(tmp_path: Path) -> Path:
    path = tmp_path / "chain"
    path.mkdir()
    (path / "organisations.csv").write_text(ORGS + "\n", encoding="utf-8")
    (path / "agreements.csv").write_text(AGREEMENTS + "\n", encoding="utf-8")
    return path


@pytest.fixture
def chain(chain_dir: Path) -> netorg.Ecosystem:
    return netorg.load(chain_dir, as_of=AS_OF)


def test_supplier_failure_loses_a_need_and_cuts_off_the_buyer(chain: netorg.Ecosystem) -> None:
    r = what_if(chain, ["B"])
    assert r.removed.to_dict("records") == [
        {"org_id": "B", "name": "Org B", "live_agreements": 4, "live_value": 150000.0}
    ]
    assert r.lost_needs.to_dict("records") == [
        {
            "buyer": "A",
            "buyer_name": "Org A",
            "need": "youth_care",
            "suppliers_before": 1,
            "removed_suppliers": ("B",),
            "removed_supplier_names": ("Org B",),
            "agreements": ("AB",),
            "annual_value": 120000.0,
        }
    ]
    reduced = r.reduced_needs.to_dict("records")
    assert [
        (x["buyer"], x["need"], x["suppliers_before"], x["suppliers_left"]) for x in reduced
    ] == [("D", "home_care", 2, 1)]
    assert reduced[0]["agreements"] == ("DB",) and reduced[0]["annual_value"] == 30000.0
    assert r.disconnected.to_dict("records") == [
        {
            "part": 1,
            "size": 1,
            "org_ids": ("A",),
            "names": ("Org A",),
            "from_largest_component": True,
            "component_size_before": 10,
            "main_part_size": 8,
        }
    ]
    # C was not a cut point (G and D reach B without it); without B it alone holds G.
    assert r.new_articulation_points.to_dict("records") == [
        {"org_id": "C", "name": "Org C", "ties_after": 2}
    ]
    assert r.clusters_split.empty
    measures = r.measures.set_index("measure")
    assert measures.to_dict("index") == {
        "organisations": {"before": 10, "after": 9, "change": -1},
        "ties": {"before": 12, "after": 8, "change": -4},
        "density": {
            "before": round(12 / 45, 6),
            "after": round(8 / 36, 6),
            "change": round(round(8 / 36, 6) - round(12 / 45, 6), 6),
        },
        "components": {"before": 1, "after": 2, "change": 1},
        "largest_component": {"before": 10, "after": 8, "change": -2},
        "largest_component_share": {"before": 1.0, "after": round(8 / 9, 6), "change": -0.111111},
        "isolates": {"before": 0, "after": 1, "change": 1},
        # Freeman: sum of (max degree - degree) over (n - 1)(n - 2)
        "degree_centralisation": {
            "before": round(26 / 72, 6),
            "after": round(29 / 56, 6),
            "change": round(round(29 / 56, 6) - round(26 / 72, 6), 6),
        },
        "fragmentation": {"before": 0.0, "after": round(1 - 56 / 72, 6), "change": 0.222222},
    }
    assert r.summary.startswith("If Org B fails, 4 live agreements end (€ 150,000 a year).")
    assert "Org A loses its only supplier of youth_care (agreement AB, € 120,000 a year)" in (
        r.summary
    )
    assert "1 organisation is cut off" in r.summary
    assert "Org C becomes a single point of failure" in r.summary


def test_hub_failure_splits_its_cluster(chain: netorg.Ecosystem) -> None:
    clusters = netorg.alliance_clusters(chain).set_index("org_id")["cluster_id"]
    assert clusters[["H", "W", "Z"]].tolist() == [1, 1, 1]  # X and Y pair up on their own
    r = what_if(chain, "H")
    assert r.lost_needs.empty and r.reduced_needs.empty
    assert r.clusters_split.to_dict("records") == [
        {
            "cluster_id": 1,
            "cluster_name": "Org H",
            "size_before": 3,
            "removed_members": ("H",),
            "n_parts": 2,
            "parts": (("W",), ("Z",)),
            "part_names": (("Org W",), ("Org Z",)),
        }
    ]
    assert r.disconnected[["org_ids", "size", "main_part_size"]].to_dict("records") == [
        {"org_ids": ("X", "Y"), "size": 2, "main_part_size": 5},
        {"org_ids": ("W",), "size": 1, "main_part_size": 5},
        {"org_ids": ("Z",), "size": 1, "main_part_size": 5},
    ]
    assert r.new_articulation_points.empty
    assert "Alliance cluster 1 (Org H) splits into 2 parts: [Org W]; [Org Z]." in r.summary


def test_nothing_breaks_when_a_leaf_fails(chain: netorg.Ecosystem) -> None:
    r = what_if(chain, ["W"])
    assert r.lost_needs.empty and r.disconnected.empty and r.clusters_split.empty
    assert r.new_articulation_points.empty
    assert "Nobody is cut off" in r.summary


def test_unknown_id_names_it_and_suggests(chain: netorg.Ecosystem) -> None:
    with pytest.raises(UnknownOrganisationError, match=r"'Q'.*'Org B' \(did you mean 'B'") as e:
        what_if(chain, ["A", "Q", "Org B"])
    assert isinstance(e.value, ValueError)
    with pytest.raises(ValueError, match="at least one"):
        what_if(chain, [])


def test_json_is_deterministic(chain: netorg.Ecosystem, tmp_path: Path) -> None:
    first = write_whatif(what_if(chain, ["B"]), tmp_path / "one")
    second = write_whatif(what_if(chain, ["B"]), tmp_path / "two")
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes()
    data = json.loads(first[0].read_text("utf-8"))
    assert data["lost_needs"][0]["agreements"] == ["AB"]
    assert data["removed"][0]["live_value"] == 150000.0
    assert {m["measure"]: m["after"] for m in data["measures"]}["components"] == 2


def escaped_world(chain_dir: Path) -> netorg.Ecosystem:
    orgs = pd.read_csv(chain_dir / "organisations.csv", dtype=str, keep_default_na=False)
    orgs.loc[orgs["id"] == "A", "name"] = EVIL
    (chain_dir / "organisations.csv").write_text(orgs.to_csv(index=False), encoding="utf-8")
    return netorg.load(chain_dir, as_of=AS_OF)


def test_html_is_offline_and_escaped(chain_dir: Path) -> None:
    page = whatif_html(what_if(escaped_world(chain_dir), ["B"]))
    assert '<meta charset="utf-8">' in page
    assert "default-src &#x27;none&#x27;" in page or "default-src 'none'" in page
    assert "http" not in page.replace('http-equiv="Content-Security-Policy"', "")
    assert not re.search(r"\b(src|href)=", page)
    assert "<script" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Zn" in page


def run(*args: str) -> Any:
    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def test_cli_writes_the_page_and_json(chain_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("whatif", str(chain_dir), "--remove", "B", "--as-of", AS_OF, "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "Org A loses its only supplier of youth_care" in " ".join(result.stdout.split())
    assert sorted(p.name for p in out.iterdir()) == ["whatif.html", "whatif.json"]
    data = json.loads((out / "whatif.json").read_text("utf-8"))
    assert [r["org_id"] for r in data["removed"]] == ["B"]


def test_cli_two_removals(chain_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ("whatif", str(chain_dir), "--remove", "B", "--remove", "H", "--out", str(out))
    result = run(*args, "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    assert "If Org B and Org H fail" in " ".join(result.stdout.split())


def test_cli_unknown_id_exits_2(chain_dir: Path, tmp_path: Path) -> None:
    result = run("whatif", str(chain_dir), "--remove", "BB", "--out", str(tmp_path / "o"))
    assert result.exit_code == 2
    assert "unknown organisation id: 'BB'" in result.stderr
    assert not (tmp_path / "o").exists()


def test_cli_input_errors_exit_1(chain_dir: Path, tmp_path: Path) -> None:
    with (chain_dir / "agreements.csv").open("a", encoding="utf-8") as handle:
        handle.write("BAD,purchase,A,Q,,,2024-01-01,,\n")
    result = run("whatif", str(chain_dir), "--remove", "B", "--out", str(tmp_path / "o"))
    assert result.exit_code == 1


@pytest.mark.browser
def test_page_in_the_browser_stays_offline(page: Any, chain_dir: Path, tmp_path: Path) -> None:
    _, html_path = write_whatif(what_if(escaped_world(chain_dir), ["B"]), tmp_path / "out")
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("dialog", lambda dialog: errors.append(f"dialog: {dialog.message}"))
    page.goto(html_path.as_uri())
    summary = page.locator("#summary")
    assert summary.is_visible()
    assert "loses its only supplier of youth_care" in summary.inner_text()
    assert EVIL in page.locator("#disconnected").inner_text()
    assert requests, "the page itself should have been requested"
    assert all(u.split(":", 1)[0] in ("file", "data", "about") for u in requests), requests
    assert not errors
    # the style block is allowed by its hash: the table borders are drawn
    border = page.evaluate("getComputedStyle(document.querySelector('td')).borderTopStyle")
    assert border == "solid"
