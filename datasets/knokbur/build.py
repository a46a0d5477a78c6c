"""Build netorg's bundled ``knokbur``: Knoke's Indianapolis organisations (a real network).

Knoke & Wood (1981) and Knoke & Kuklinski (1982) report two directed relations among ten
organisations in Indianapolis: information exchange and money exchange. UCINET distributes
them as the dataset KNOKBUR (matrices KNOKI and KNOKM). This script converts the copy found
in the public repository CompNet/MultiplexCentrality (commit
3c172e74c0924084dbe8193449aeccf9d02cb523), folder ``data/knokbur-GraphML/``, into netorg's
input format. README.md says where every figure comes from and why the two files are
swapped (the file named ``KNOKM`` there holds the information relation).

The files next to this script are its output and are not edited by hand:
``organisations.csv`` and ``agreements.csv``. Run ``python datasets/knokbur/build.py``
(standard library only); the output is the same byte for byte on every run.
"""

from __future__ import annotations

import csv
from pathlib import Path

HERE = Path(__file__).resolve().parent

# ``KNOKI.nodes`` / ``KNOKM.nodes``: vertex number -> label, the same order in both files.
LABELS = ("COUN", "COMM", "EDUC", "INDU", "MAYR", "WRO", "NEWS", "UWAY", "WELF", "WEST")

# Vertex attributes ``Sector`` and ``Rating`` of ``KNOKI.GraphML`` (identical in KNOKM.GraphML).
SECTOR_CODE = dict(
    zip(LABELS, ("GOV", "VOL", "GOV", "PVT", "GOV", "VOL", "PVT", "VOL", "GOV", "VOL"), strict=True)
)
RATING = dict(
    zip(
        LABELS,
        ("5.8", "5.8", "4.75", "5.38", "5.86", "2.5", "6.4", "5.94", "4.6", "3.5"),
        strict=True,
    )
)

# Our reading of the sector codes, and the netorg organisation type that fits each best.
SECTOR = {"GOV": "government", "VOL": "voluntary", "PVT": "private"}
ORG_TYPE = {"GOV": "government_agency", "VOL": "ngo", "PVT": "company"}

# ``data/knokbur-GraphML/KNOKM.edgelist`` verbatim ("row column", 0-based, row -> column).
# Stored there under the name KNOKM, but it is the information relation: 49 ties, density
# 0.544, as CASOS reports for KNOKI (README.md, "Which file is which").
INFORMATION_EDGELIST = """
0 1
0 4
0 6
0 8
1 0
1 2
1 3
1 4
1 6
1 7
1 8
2 1
2 3
2 4
2 5
2 6
2 9
3 0
3 1
3 4
3 6
4 0
4 1
4 2
4 3
4 6
4 7
4 8
4 9
5 2
5 6
5 8
6 1
6 3
6 4
7 0
7 1
7 3
7 4
7 6
7 8
8 1
8 4
8 6
9 0
9 1
9 2
9 4
9 6
"""

# ``data/knokbur-GraphML/KNOKI.edgelist`` verbatim: the money relation (22 ties, density
# 0.244, as CASOS reports for KNOKM).
MONEY_EDGELIST = """
0 2
0 4
0 7
0 8
0 9
1 2
2 7
3 1
3 2
3 6
3 7
3 8
4 1
4 2
4 7
4 8
6 1
6 7
7 8
7 9
8 2
8 7
"""

# relation -> (agreement id prefix, netorg agreement type, source edge list)
RELATIONS = {
    "information": ("I", "network", INFORMATION_EDGELIST),
    "money": ("M", "grant", MONEY_EDGELIST),
}


def ties(edgelist: str) -> list[tuple[str, str]]:
    """The (sender, receiver) label pairs of an edge list, in file order."""
    pairs = []
    for line in edgelist.split("\n"):
        if line.strip():
            row, column = (int(x) for x in line.split())
            pairs.append((LABELS[row], LABELS[column]))
    return pairs


def organisation_rows() -> list[dict[str, str]]:
    return [
        {
            "id": label,
            "name": label,
            "type": ORG_TYPE[SECTOR_CODE[label]],
            "sector": SECTOR[SECTOR_CODE[label]],
            "sector_code": SECTOR_CODE[label],
            "rating": RATING[label],
        }
        for label in LABELS
    ]


def agreement_rows() -> list[dict[str, str]]:
    rows = []
    for relation, (prefix, agreement_type, edgelist) in RELATIONS.items():
        for source, target in ties(edgelist):
            rows.append(
                {
                    "id": f"{prefix}-{source}-{target}",
                    "type": agreement_type,
                    "source": source,
                    "target": target,
                    "start": "",
                    "end": "",
                    "relation": relation,
                }
            )
    return rows


def write(name: str, rows: list[dict[str, str]]) -> None:
    with (HERE / name).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main() -> None:
    agreements = agreement_rows()
    counts = {r: sum(a["relation"] == r for a in agreements) for r in RELATIONS}
    assert counts == {"information": 49, "money": 22}, counts
    assert len({a["id"] for a in agreements}) == len(agreements)
    write("organisations.csv", organisation_rows())
    write("agreements.csv", agreements)


if __name__ == "__main__":
    main()
