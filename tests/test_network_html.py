"""The interactive network page: self-contained, deterministic, escaped, and working in Chromium."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import netorg
from netorg.report.network import (
    GROUP_PALETTE,
    GROUP_SHAPES,
    OVERVIEW_LIMIT,
    TIE_CLASS_STYLES,
    group_keys,
    group_styles,
    network_html,
    write_network_html,
)
from netorg.report.outputs import ecosystem_graph

EVIL_LABEL = '<img src=x onerror="window.__pwned=1">'
EVIL_TOOLTIP = "<script>window.__pwned=2</script>\n& \"quoted\" 'single'"
EVIL_GROUP = "<b>bad group</b>"
EVIL_EDGE = "</script><script>window.__pwned=3</script>"
EVIL_TITLE = 'Zorgregio <Eemland> & "co" é 😀'


def make_nodes() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": ["gm1", "gm2", "zp1", "zp2", "zh1", "evil"],
            "label": [
                "Gemeente Amersfoort",
                "Gemeente Leusden",
                "Zorgpartner Eemland",
                "Stichting Café ☕",
                "Meander Medisch Centrum",
                EVIL_LABEL,
            ],
            "tooltip": [
                "Gemeente Amersfoort\nmunicipality",
                "Leusden & co",
                "a < b > c",
                'é 😀 "quotes"',
                "hospital",
                EVIL_TOOLTIP,
            ],
            "group": [
                "municipality",
                "municipality",
                "care_provider",
                "care_provider",
                "hospital",
                EVIL_GROUP,
            ],
            "x": [0.0, 200.0, -150.0, 100.0, 300.0, -250.0],
            "y": [0.0, 50.0, 150.0, 200.0, -120.0, -100.0],
            "size": [20.0, 14.0, 16.0, 12.0, 24.0, 10.0],
        }
    )


def make_edges() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "source": ["gm1", "gm1", "gm2", "zh1", "zp1", "evil"],
            "target": ["zp1", "zp2", "zp1", "zp1", "gm1", "gm1"],
            "tooltip": ["inkoop Wmo", "convenant", "", "ownership", "subsidie", EVIL_EDGE],
            "form": ["market", "hybrid", "market", "hierarchy", "market", "hybrid"],
            "count": [1, 3, 12, 1, 2, 1],
            "arrows": [True, False, True, True, False, False],
        }
    )


def page_data(page_html: str) -> dict[str, Any]:
    """The nodes, edges and options embedded in the page: the data block, with the rows of
    the row blocks in it, as the page's script puts them together."""
    match = re.search(
        r'<script id="netorg-data" type="application/json">(.*?)</script>', page_html, re.S
    )
    assert match, "data block missing"
    data: dict[str, Any] = json.loads(match.group(1))
    blocks = re.findall(
        r'<script type="application/json" class="netorg-rows" data-rows="(\w+)">(.*?)</script>',
        page_html,
        re.S,
    )
    for name, rows in blocks:
        data.setdefault(name, []).extend(json.loads(rows))
    return data


@pytest.fixture(scope="module")
def demo_html() -> str:
    return network_html(make_nodes(), make_edges(), title=EVIL_TITLE)


# --- the file --------------------------------------------------------------------------------


def test_writes_utf8_file_and_returns_path(tmp_path: Path) -> None:
    out = write_network_html(make_nodes(), make_edges(), str(tmp_path / "net.html"), title="é 😀")
    assert out == tmp_path / "net.html"
    raw = out.read_bytes()
    text = raw.decode("utf-8")  # strict: the file is valid UTF-8
    assert text.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in text[:200]
    assert "<title>é 😀</title>".encode() in raw
    assert b"\r\n" not in raw


def test_string_and_file_are_the_same_page(tmp_path: Path) -> None:
    out = write_network_html(make_nodes(), make_edges(), tmp_path / "net.html", title="x")
    assert out.read_bytes() == network_html(make_nodes(), make_edges(), title="x").encode()


def test_same_input_gives_byte_identical_file(tmp_path: Path) -> None:
    a = write_network_html(make_nodes(), make_edges(), tmp_path / "a.html")
    b = write_network_html(make_nodes().copy(), make_edges().copy(), tmp_path / "b.html")
    assert hashlib.sha256(a.read_bytes()).digest() == hashlib.sha256(b.read_bytes()).digest()


@pytest.mark.parametrize("batch", [1, 2, 3])
def test_records_laid_out_in_batches_give_the_same_page(
    batch: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = network_html(make_nodes(), make_edges(), title="x")
    monkeypatch.setattr("netorg.report.page._RECORDS_AT_A_TIME", batch)
    assert network_html(make_nodes(), make_edges(), title="x") == whole


@pytest.mark.parametrize("batch", [1, 3])
def test_an_ecosystem_graph_laid_out_in_batches_is_the_same(
    batch: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Lines with types, date intervals and live flags, made a batch at a time.
    eco = netorg.datasets.load("zorgregio")
    whole = ecosystem_graph(eco)[0]
    data = json.loads(whole.data_json)
    assert len(data["edges"]) > 10 and any(e["iv"] and e["types"] for e in data["edges"])
    monkeypatch.setattr("netorg.report.page._RECORDS_AT_A_TIME", batch)
    assert ecosystem_graph(eco)[0].data_json == whole.data_json


# --- escaping ----------------------------------------------------------------------------------


def test_names_and_tooltips_cannot_inject_html(demo_html: str) -> None:
    for evil in (EVIL_LABEL, EVIL_TOOLTIP, EVIL_EDGE, "<script>window.__pwned", "<img src=x"):
        assert evil not in demo_html
    # Exactly the page's own five script blocks, whatever the data say: vis-network, the
    # page's script, the data block and a row block each for organisations and lines (the
    # inlined vis-network mentions "<script>" once in a string, so count outside it).
    assert demo_html.count("</script>") == 5
    without_vis = re.sub(r"<script>.*?</script>", "", demo_html, count=1, flags=re.S)
    assert len(re.findall(r"<script\b", without_vis)) == 4
    assert len(re.findall(r'<script[^>]* type="application/json"', demo_html)) == 3
    data = page_data(demo_html)
    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes["evil"]["label"] == EVIL_LABEL
    assert nodes["evil"]["title"] == EVIL_TOOLTIP
    assert nodes["zp2"]["title"] == 'é 😀 "quotes"'
    assert nodes["evil"]["group"] == EVIL_GROUP
    assert data["edges"][-1]["title"] == EVIL_EDGE
    assert f"<title>{html.escape(EVIL_TITLE)}</title>" in demo_html
    assert f"<h1>{html.escape(EVIL_TITLE)}</h1>" in demo_html


def test_tooltips_are_strings_for_text_display(demo_html: str) -> None:
    # vis-network 9 shows a string title with innerText; an HTML element would be inserted.
    data = page_data(demo_html)
    assert all(isinstance(item["title"], str) for item in data["nodes"] + data["edges"])
    # Labels are drawn as plain text: markup in labels ("font.multi") stays off.
    assert "multi" not in data["options"]["nodes"]["font"]
    assert "multi" not in data["options"]["edges"]["font"]


# --- offline -----------------------------------------------------------------------------------


REMOTE = re.compile(
    r"""(?:\b(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//)"""
    r"""|(?:url\(\s*["']?\s*(?:https?:)?//)|(?:@import)""",
    re.I,
)


def test_loads_nothing_from_the_network(demo_html: str) -> None:
    assert REMOTE.search(demo_html) is None, REMOTE.search(demo_html)
    assert re.search(r"<script[^>]*\bsrc\s*=", demo_html) is None
    assert re.search(r"<link\b", demo_html) is None
    for cdn in ("cdnjs", "jsdelivr", "bootstrap", "unpkg", "googleapis", "tom-select"):
        assert cdn not in demo_html.lower()
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', demo_html)
    assert csp and "default-src 'none'" in csp.group(1)


def test_vis_network_is_inlined_from_pyvis(demo_html: str) -> None:
    import pyvis

    lib = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
    js = (lib / "vis-network.min.js").read_text("utf-8").replace("\r\n", "\n")
    css = (lib / "vis-network.css").read_text("utf-8")
    assert f"<script>{js}</script>" in demo_html
    assert css in demo_html


def test_csp_allows_exactly_the_pages_own_scripts(demo_html: str) -> None:
    csp = re.search(r'Content-Security-Policy" content="([^"]+)"', demo_html)
    assert csp
    allowed = set(re.findall(r"'(sha256-[^']+)'", html.unescape(csp.group(1))))
    scripts = re.findall(r"<script>(.*?)</script>", demo_html, re.S)
    assert len(scripts) == 2
    hashes = {
        "sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() for s in scripts
    }
    assert hashes == allowed
    assert "unsafe-inline" not in csp.group(1).split("script-src")[1].split(";")[0]


# --- styling -----------------------------------------------------------------------------------


def test_group_colours_follow_sorted_group_names() -> None:
    styles = group_styles(["zeta", "alpha", "mid", "alpha"])
    assert list(styles) == ["alpha", "mid", "zeta"]
    assert [s.colour for s in styles.values()] == list(GROUP_PALETTE[:3])
    many = group_styles([f"g{i:02d}" for i in range(10)])
    assert many["g08"] == (GROUP_PALETTE[0], GROUP_SHAPES[1])  # colours repeat, shape changes
    assert len(set(many.values())) == 10


def test_node_colours_do_not_depend_on_row_order(demo_html: str) -> None:
    shuffled = make_nodes().iloc[::-1].reset_index(drop=True)
    data = page_data(network_html(shuffled, make_edges()))
    assert data["types"] == page_data(demo_html)["types"]
    expected = group_styles(make_nodes()["group"])
    assert {t["key"]: (t["color"], t["shape"]) for t in data["types"]} == {
        g: (s.colour, s.shape) for g, s in expected.items()
    }
    # Without clusters the page colours by type; the legend is drawn from these lists.
    assert data["colourBy"] == "type" and data["clusters"] == []


def test_clusters_take_colours_by_size_and_page_opens_coloured_by_cluster() -> None:
    nodes = make_nodes().assign(cluster=["1", "1", "2", "2", "2", ""])
    data = page_data(network_html(nodes, make_edges()))
    assert data["colourBy"] == "cluster"
    assert [(c["key"], c["n"], c["color"]) for c in data["clusters"]] == [
        ("2", 3, GROUP_PALETTE[0]), ("1", 2, GROUP_PALETTE[1]),
    ]  # fmt: skip
    assert [n["cluster"] for n in data["nodes"]] == ["1", "1", "2", "2", "2", ""]


def test_line_records_hold_class_count_tooltip_and_direction(demo_html: str) -> None:
    data = page_data(demo_html)
    edges = data["edges"]
    # Without a tie_class column the class follows the governance form.
    assert [e["cls"] for e in edges] == [
        "market", "alliance", "market", "hierarchy", "market", "alliance",
    ]  # fmt: skip
    assert [e["count"] for e in edges] == [1, 3, 12, 1, 2, 1]
    assert edges[0]["title"] == "inkoop Wmo"
    assert edges[2]["title"] == "12 agreements"  # no tooltip given: the count
    assert [e["arrows"] for e in edges] == [True, False, True, True, False, False]
    # The look follows from class and count in the page (see the browser test below): a
    # record holds only what differs per line.
    assert set(edges[0]) == {"from", "to", "title", "cls", "arrows", "types", "count", "live", "iv"}
    assert data["lineTotal"] == len(edges)
    # Lines per class, for the legend.
    classes = {c["key"]: c["n"] for c in page_data(demo_html)["classes"]}
    assert classes == {"market": 3, "implicit": 0, "alliance": 2, "hierarchy": 1}


def test_tie_class_and_types_columns_are_used() -> None:
    edges = make_edges().assign(
        tie_class=["implicit", "alliance", "market", "hierarchy", "market", "alliance"],
        types=[["purchase"], ["covenant", "referral"], [], ["ownership"], [], ["covenant"]],
    )
    data = page_data(network_html(make_nodes(), edges))
    assert [e["cls"] for e in data["edges"]][:2] == ["implicit", "alliance"]
    assert data["edges"][1]["types"] == ["covenant", "referral"]


def test_fixed_layout_without_physics(demo_html: str) -> None:
    data = page_data(demo_html)
    assert data["options"]["physics"]["enabled"] is False
    nodes = make_nodes()
    assert [(n["x"], n["y"], n["size"]) for n in data["nodes"]] == list(
        zip(nodes["x"], nodes["y"], nodes["size"], strict=True)
    )


def test_empty_network() -> None:
    empty_nodes = make_nodes().iloc[0:0]
    data = page_data(network_html(empty_nodes, make_edges().iloc[0:0]))
    assert data["nodes"] == [] and data["edges"] == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda n, e: (n.drop(columns="x"), e), "lack column"),
        (lambda n, e: (n, e.drop(columns="form")), "lack column"),
        (lambda n, e: (pd.concat([n, n.iloc[:1]]), e), "unique"),
        (lambda n, e: (n.assign(x=[0, 1, 2, np.nan, 4, 5]), e), "finite"),
        (lambda n, e: (n, e.assign(target=["gm1"] * 5 + ["nobody"])), "unknown node"),
        (lambda n, e: (n, e.assign(form=["market"] * 5 + ["barter"])), "form"),
        (lambda n, e: (n, e.assign(tie_class=["market"] * 5 + ["friendly"])), "tie_class"),
        (lambda n, e: (n, e.assign(count=[1, 2, 3, 0, 1, 1])), "count"),
        (lambda n, e: (n, e.assign(count=[1, 2, 3, 1.5, 1, 1])), "count"),
    ],
)
def test_bad_input_is_refused(change: Any, message: str) -> None:
    nodes, edges = change(make_nodes(), make_edges())
    with pytest.raises(ValueError, match=message):
        network_html(nodes, edges)


def big_network(n_nodes: int, n_edges: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(7)
    groups = np.array(["municipality", "care_provider", "hospital", "school", "ngo"])
    nodes = pd.DataFrame(
        {
            "id": [f"n{i}" for i in range(n_nodes)],
            "label": [f"Organisatie {i}" for i in range(n_nodes)],
            "tooltip": [f"Organisatie {i}\ntype" for i in range(n_nodes)],
            "group": groups[rng.integers(0, len(groups), n_nodes)],
            "x": rng.normal(0, 2000, n_nodes),
            "y": rng.normal(0, 2000, n_nodes),
            "size": rng.uniform(5, 30, n_nodes),
        }
    )
    edges = pd.DataFrame(
        {
            "source": [f"n{i}" for i in rng.integers(0, n_nodes, n_edges)],
            "target": [f"n{i}" for i in rng.integers(0, n_nodes, n_edges)],
            "tooltip": ["agreement"] * n_edges,
            "form": np.array(["market", "hybrid", "hierarchy"])[rng.integers(0, 3, n_edges)],
            "count": rng.integers(1, 20, n_edges),
            "arrows": rng.integers(0, 2, n_edges).astype(bool),
        }
    )
    return nodes, edges


@pytest.mark.slow
def test_10k_nodes_50k_edges_drawn_straight(tmp_path: Path) -> None:
    # Speed is measured in benchmarks/, not here; this checks the large-graph settings.
    nodes, edges = big_network(10_000, 50_000)
    out = write_network_html(nodes, edges, tmp_path / "big.html")
    data = page_data(out.read_text("utf-8"))
    assert len(data["nodes"]) == 10_000 and len(data["edges"]) == 50_000
    assert data["options"]["edges"]["smooth"] == {"enabled": False}
    assert "smooth" not in data["edges"][0]


# --- in the browser ----------------------------------------------------------------------------


#: URL schemes a page opened from disk may load; anything else would leave the machine.
OFFLINE = ("file:", "data:", "about:", "blob:")


class Loaded:
    """A page opened from a file:// URL with every request and error recorded.

    With ``block``, every request that is not :data:`OFFLINE` is also refused and kept in
    :attr:`blocked`; ``also`` is a further selector to wait for once the graph is drawn.
    """

    def __init__(
        self, page: Any, path: Path, *, block: bool = False, also: str | None = None
    ) -> None:
        self.page = page
        self.requests: list[str] = []
        self.blocked: list[str] = []
        self.errors: list[str] = []
        if block:
            page.route("**/*", self._refuse_online)
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("pageerror", lambda error: self.errors.append(f"pageerror: {error}"))
        page.on(
            "console",
            lambda msg: (
                self.errors.append(f"console.{msg.type}: {msg.text}")
                if msg.type in ("error", "warning")
                else None
            ),
        )
        page.goto(path.as_uri())
        page.wait_for_selector("html[data-network-ready]", state="attached", timeout=15_000)
        if also:
            page.wait_for_selector(also, state="attached", timeout=15_000)

    def _refuse_online(self, route: Any) -> None:
        if route.request.url.startswith(OFFLINE):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def node_dom_position(self, node_id: str) -> tuple[float, float]:
        """Where a node is drawn, in page coordinates."""
        point = self.page.evaluate(
            """(id) => {
                const p = network.canvasToDOM(network.getPosition(id));
                const box = document.getElementById("netorg-network").getBoundingClientRect();
                return [box.left + p.x, box.top + p.y];
            }""",
            node_id,
        )
        return float(point[0]), float(point[1])


@pytest.fixture
def loaded(page: Any, tmp_path: Path) -> Loaded:
    path = write_network_html(make_nodes(), make_edges(), tmp_path / "net.html", title=EVIL_TITLE)
    return Loaded(page, path)


@pytest.mark.browser
def test_page_renders_offline_without_errors(loaded: Loaded) -> None:
    page = loaded.page
    counts = page.evaluate("[network.body.data.nodes.length, network.body.data.edges.length]")
    assert counts == [len(make_nodes()), len(make_edges())]
    assert page.evaluate("Object.keys(network.body.nodes).length") == len(make_nodes())
    canvas = page.locator("#netorg-network canvas")
    box = canvas.bounding_box()
    assert box and box["width"] > 400 and box["height"] > 300
    # Drawn at the given positions (physics off).
    positions = page.evaluate("network.getPositions()")
    for row in make_nodes().itertuples():
        assert positions[row.id] == {"x": pytest.approx(row.x), "y": pytest.approx(row.y)}
    # Something is actually painted: the canvas is not blank.
    painted = page.evaluate(
        """() => {
            const c = document.querySelector("#netorg-network canvas");
            const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
            let n = 0;
            for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
            return n;
        }"""
    )
    assert painted > 1000
    assert page.locator("#netorg-legend").is_visible()
    assert page.title() == EVIL_TITLE
    assert loaded.requests, "the page itself should have been requested"
    assert [u for u in loaded.requests if not u.startswith(OFFLINE)] == []
    assert loaded.errors == []


@pytest.mark.browser
def test_lines_are_styled_by_tie_class_and_count(loaded: Loaded) -> None:
    lines = loaded.page.evaluate("netorg.edges.get()")
    by_id = {e["id"]: e for e in lines}
    # Fixed ids, so vis-network gives none of them a random UUID.
    assert sorted(by_id) == [f"e{i}" for i in range(len(make_edges()))]
    market1, hybrid3, market12, hierarchy1, market2, hybrid1 = (by_id[f"e{i}"] for i in range(6))
    assert market1["color"] == TIE_CLASS_STYLES["market"]["color"]
    assert market1["dashes"] is False
    assert hierarchy1["dashes"] == TIE_CLASS_STYLES["hierarchy"]["dashes"]
    assert hybrid3["color"] == TIE_CLASS_STYLES["alliance"]["color"]
    assert market1["width"] == TIE_CLASS_STYLES["market"]["width"]
    assert hybrid1["width"] > market1["width"]  # alliance is thicker at the same count
    assert market12["width"] > market2["width"] > market1["width"]  # 12 > 2 > 1
    assert [by_id[f"e{i}"]["label"] for i in range(6)] == ["", "×3", "×12", "", "×2", ""]
    assert [by_id[f"e{i}"]["arrows"] for i in range(6)] == ["to", "", "to", "to", "", ""]
    assert market1["title"] == "inkoop Wmo"
    assert loaded.errors == []


@pytest.mark.browser
def test_search_selects_and_focuses_a_node(loaded: Loaded) -> None:
    page = loaded.page
    box = page.locator("#netorg-search-input")
    box.fill("MEDISCH")
    box.press("Enter")
    assert page.evaluate("network.getSelectedNodes()") == ["zh1"]
    # The view moves to the node (animated focus).
    page.wait_for_function(
        """() => {
            const v = network.getViewPosition(), p = network.getPosition("zh1");
            return Math.abs(v.x - p.x) < 1 && Math.abs(v.y - p.y) < 1;
        }""",
        timeout=5_000,
    )
    assert page.locator("#netorg-search-status").inner_text() == "Meander Medisch Centrum"
    # Diacritics are ignored; repeated Enter steps through several matches.
    box.fill("cafe")
    box.press("Enter")
    assert page.evaluate("network.getSelectedNodes()") == ["zp2"]
    box.fill("gemeente")
    box.press("Enter")
    first = page.evaluate("network.getSelectedNodes()")
    box.press("Enter")
    second = page.evaluate("network.getSelectedNodes()")
    assert sorted(first + second) == ["gm1", "gm2"]
    assert page.locator("#netorg-search-status").inner_text().startswith("2 of 2:")
    box.fill("no such organisation")
    box.press("Enter")
    assert page.evaluate("network.getSelectedNodes()") == []
    assert page.locator("#netorg-search-status").inner_text() == "no match"
    assert loaded.errors == []


@pytest.mark.browser
def test_malicious_names_show_as_text_and_never_run(loaded: Loaded) -> None:
    page = loaded.page
    legend = page.locator("#netorg-legend .legend-groups").inner_text()
    assert EVIL_GROUP in legend  # shown literally, not as bold markup
    assert page.locator("#netorg-legend b").count() == 0
    assert page.locator("h1").inner_text() == EVIL_TITLE
    # Hover the malicious node: its tooltip is plain text.
    page.mouse.move(*loaded.node_dom_position("evil"))
    tooltip = page.locator("div.vis-tooltip")
    page.wait_for_function(
        """() => {
            const t = document.querySelector("div.vis-tooltip");
            return t && getComputedStyle(t).visibility === "visible";
        }""",
        timeout=5_000,
    )
    assert tooltip.inner_text() == EVIL_TOOLTIP
    assert tooltip.locator("script, img").count() == 0
    # Search finds it by its literal label, still without running anything.
    page.locator("#netorg-search-input").fill("<img")
    page.locator("#netorg-search-input").press("Enter")
    assert page.evaluate("network.getSelectedNodes()") == ["evil"]
    assert page.locator("#netorg-search-status").inner_text() == EVIL_LABEL
    assert page.locator("img").count() == 0
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert [u for u in loaded.requests if not u.startswith(("file:", "data:"))] == []
    assert not any(u.endswith("/x") for u in loaded.requests)
    assert loaded.errors == []
    # Defence in depth: even markup that did reach the DOM could not run its handlers, as the
    # Content-Security-Policy allows only the page's own scripts.
    page.evaluate(
        """document.body.insertAdjacentHTML(
            "beforeend", '<img src="data:," onerror="window.__pwned=4">')"""
    )
    page.wait_for_timeout(100)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert any("Content Security Policy" in e for e in loaded.errors)


def rich_nodes() -> pd.DataFrame:
    return make_nodes().assign(
        cluster=["1", "1", "2", "2", "", ""],
        cluster_name=["Zorg Eemland", "Zorg Eemland", "Jeugd", "Jeugd", "", ""],
        region=["Eemland", "Eemland", "Eemland", "Utrecht", "Utrecht", "Utrecht"],
        risk=[0.9, 0.1, 0.5, 0.2, 0.7, 0.0],
        centrality=[1.0, 0.2, 0.6, 0.3, 0.4, 0.1],
        agreements=[6, 2, 4, 1, 3, 1],
        risk_kinds=[["key_person"], [], ["single_source", "key_person"], [], [], []],
    )


def rich_edges() -> pd.DataFrame:
    return make_edges().assign(
        tie_class=["implicit", "alliance", "market", "hierarchy", "market", "alliance"],
        types=[["purchase"], ["covenant"], ["contract"], ["ownership"], ["subsidy"], ["mou"]],
    )


def visible(page: Any) -> tuple[int, int]:
    """(nodes, edges) drawn: in the view and not hidden."""
    counts = page.evaluate(
        """[netorg.nodes.get({filter: n => !n.hidden}).length,
            netorg.edges.get({filter: e => !e.hidden}).length]"""
    )
    return int(counts[0]), int(counts[1])


def painted(page: Any) -> int:
    return int(
        page.evaluate(
            """() => {
                const c = document.querySelector("#netorg-network canvas");
                const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
                let n = 0;
                for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
                return n;
            }"""
        )
    )


@pytest.mark.browser
def test_filters_hide_lines_and_organisations_and_keep_the_graph_drawn(
    page: Any, tmp_path: Path
) -> None:
    loaded = Loaded(page, write_network_html(rich_nodes(), rich_edges(), tmp_path / "f.html"))
    assert visible(page) == (6, 6)
    # Tie class: untick market in the legend; the two market lines go, the rest stays drawn.
    page.locator('input[data-tie-class="market"]').uncheck()
    assert visible(page) == (6, 4)
    page.wait_for_timeout(100)
    assert painted(page) > 1000
    page.locator('input[data-tie-class="market"]').check()
    # Agreement type: only covenants.
    page.locator("#netorg-type").select_option("covenant")
    assert visible(page) == (6, 1)
    page.locator("#netorg-type").select_option("")
    # Region: organisations elsewhere are hidden with their lines, the others stay.
    page.locator("#netorg-region").select_option("Eemland")
    assert visible(page)[0] == 3
    assert painted(page) > 1000
    page.locator("#netorg-region").select_option("")
    # Risk kind: the others are greyed out, not removed.
    page.locator("#netorg-risk").select_option("key_person")
    colours = page.evaluate("Object.fromEntries(netorg.nodes.get().map(n => [n.id, n.color]))")
    assert colours["gm2"] == "#E4E4E4" and colours["gm1"] != "#E4E4E4"
    assert visible(page) == (6, 6)
    # (the test's own repeated canvas read-backs make Chromium suggest willReadFrequently)
    assert [e for e in loaded.errors if "willReadFrequently" not in e] == []


@pytest.mark.browser
def test_colour_and_size_switch_and_the_legend_follows(page: Any, tmp_path: Path) -> None:
    loaded = Loaded(page, write_network_html(rich_nodes(), rich_edges(), tmp_path / "c.html"))
    legend = page.locator("#netorg-legend-nodes")
    assert "Zorg Eemland" in legend.inner_text() and "not in a cluster" in legend.inner_text()
    by_cluster = page.evaluate("netorg.nodes.get('gm1').color")
    assert by_cluster == page.evaluate("netorg.nodes.get('gm2').color")  # same cluster
    page.locator("#netorg-colour").select_option("type")
    assert "municipality" in legend.inner_text() and "Zorg Eemland" not in legend.inner_text()
    assert (
        page.evaluate("netorg.nodes.get('zp1').color")
        == group_styles(rich_nodes()["group"])["care_provider"].colour
    )
    sizes = page.evaluate("netorg.nodes.get().map(n => n.size)")
    page.locator("#netorg-size").select_option("centrality")
    assert page.evaluate("netorg.nodes.get().map(n => n.size)") != sizes
    assert page.evaluate("netorg.nodes.get('gm1').size") == pytest.approx(30.0)  # the top
    ties = page.locator("#netorg-legend-ties").inner_text()
    for word in ("market", "implicit", "alliance", "hierarchy"):
        assert word in ties
    assert loaded.errors == []


def overview_network(n: int) -> tuple[pd.DataFrame, pd.DataFrame, Any]:
    from netorg.report.graph_data import overview_tables

    rng = np.random.default_rng(3)
    cluster = [str(i % 40) if i % 10 else "" for i in range(n)]
    nodes = pd.DataFrame(
        {
            "id": [f"n{i}" for i in range(n)],
            "label": [f"Organisatie {i}" for i in range(n)],
            "tooltip": "",
            "group": np.array(["municipality", "care_provider", "school"])[np.arange(n) % 3],
            "x": rng.normal(0, 1000, n),
            "y": rng.normal(0, 1000, n),
            "size": 10.0,
            "cluster": cluster,
            "cluster_name": [f"Cluster {c}" if c else "" for c in cluster],
        }
    )
    a, b = rng.integers(0, n, 4 * n), rng.integers(0, n, 4 * n)
    keep = a != b
    edges = pd.DataFrame(
        {
            "source": [f"n{i}" for i in a[keep]],
            "target": [f"n{i}" for i in b[keep]],
            "tooltip": "",
            "form": "hybrid",
            "count": 1,
            "arrows": False,
        }
    )
    return nodes, edges, overview_tables(nodes, edges)


def test_an_overview_page_holds_only_the_lines_inside_a_group() -> None:
    from netorg.report.graph_data import overview_tables

    nodes, edges, overview = overview_network(OVERVIEW_LIMIT + 500)
    data = page_data(network_html(nodes, edges, overview=overview))
    group = pd.Series(group_keys(nodes), index=nodes["id"])
    inside = group[edges["source"]].to_numpy() == group[edges["target"]].to_numpy()
    assert 0 < inside.sum() < len(edges)
    held = edges[inside]
    assert [(e["from"], e["to"]) for e in data["edges"]] == list(
        zip(held["source"], held["target"], strict=True)
    )
    # The legend still counts every line, and the overview's links the ones between groups.
    assert data["lineTotal"] == len(edges)
    assert sum(c["n"] for c in data["classes"]) == len(edges)
    assert sum(link["ties"] for link in data["overview"]["links"]) == int((~inside).sum())
    # A line between groups with no agreement live on the report date is not counted.
    gone = edges.assign(live=~(edges.index == np.flatnonzero(~inside)[0]))
    links = overview_tables(nodes, gone)[1]
    assert links["ties"].sum() == int((~inside).sum()) - 1
    # A line with an end that is no organisation on the page joins no groups.
    stray = pd.concat([edges, edges.iloc[:1].assign(source="nobody")], ignore_index=True)
    assert overview_tables(nodes, stray)[1]["ties"].sum() == int((~inside).sum())
    # Below the limit the page draws every organisation at once, so it holds every line.
    small = overview_network(OVERVIEW_LIMIT)
    assert len(page_data(network_html(*small[:2], overview=small[2]))["edges"]) == len(small[1])


@pytest.mark.parametrize("chars", [1, 300])
def test_rows_cut_into_blocks_give_the_same_data(
    chars: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = network_html(make_nodes(), make_edges(), title="x")
    monkeypatch.setattr("netorg.report.page._RECORDS_AT_A_TIME", 1)
    monkeypatch.setattr("netorg.report.page.BLOCK_CHARS", chars)
    cut = network_html(make_nodes(), make_edges(), title="x")
    blocks = re.findall(r'class="netorg-rows" data-rows="(\w+)"', cut)
    if chars == 1:  # a block per row
        assert blocks == ["nodes"] * len(make_nodes()) + ["edges"] * len(make_edges())
    else:
        assert 2 < len(blocks) < len(make_nodes()) + len(make_edges())
    assert page_data(cut) == page_data(whole)


@pytest.mark.browser
def test_a_page_with_rows_in_many_blocks_draws_them_all(
    page: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("netorg.report.page._RECORDS_AT_A_TIME", 2)
    monkeypatch.setattr("netorg.report.page.BLOCK_CHARS", 1)
    path = write_network_html(make_nodes(), make_edges(), tmp_path / "b.html")
    assert path.read_text("utf-8").count('class="netorg-rows"') == 3 + 3
    loaded = Loaded(page, path)
    assert visible(page) == (len(make_nodes()), len(make_edges()))
    ids = page.evaluate("[netorg.nodes.getIds(), netorg.edges.getIds().sort()]")
    assert ids == [list(make_nodes()["id"]), [f"e{i}" for i in range(len(make_edges()))]]
    assert loaded.errors == []


@pytest.mark.browser
def test_large_network_opens_on_the_cluster_overview(page: Any, tmp_path: Path) -> None:
    nodes, edges, overview = overview_network(OVERVIEW_LIMIT + 500)
    path = write_network_html(nodes, edges, tmp_path / "o.html", overview=overview)
    loaded = Loaded(page, path)
    assert page.evaluate("document.documentElement.dataset.view") == "overview"
    groups, links = overview
    assert visible(page) == (len(groups), len(links))
    assert painted(page) > 1000
    # Open one cluster, then back; search finds an organisation inside another group.
    assert page.evaluate("netorg.open('c:7')")
    members = int((nodes["cluster"] == "7").sum())
    of = nodes.set_index("id")["cluster"]
    inside = int(((of[edges["source"]].to_numpy() == "7") & (of[edges["target"]] == "7")).sum())
    assert inside > 0
    assert visible(page) == (members, inside)  # every line between its organisations
    page.locator("#netorg-back").click()
    assert page.evaluate("netorg.state.view") == "overview"
    page.locator("#netorg-search-input").fill("Organisatie 1234")
    page.locator("#netorg-search-input").press("Enter")
    assert page.evaluate("netorg.state.view") == "c:" + nodes.loc[1234, "cluster"]
    assert page.evaluate("network.getSelectedNodes()") == ["n1234"]
    assert loaded.errors == []
