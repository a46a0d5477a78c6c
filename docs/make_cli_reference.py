"""Generate docs/cli.md from the CLI's own --help, so the reference never drifts.

Run with ``make docs``; ``tests/test_cli.py`` fails when docs/cli.md is stale.
"""

from __future__ import annotations

from pathlib import Path

import click
from click.testing import CliRunner

from netorg.cli import main

HEADER = """# CLI reference

Generated from `netorg --help` by `docs/make_cli_reference.py` (`make docs`); do not edit by
hand.

Exit status of every command: `0` done, `1` the input has errors (nothing is written but the
error listing), `2` usage (a wrong option, a missing file, a bad config file), `3` the outputs
could not be written (a full disk, a folder without permission; `analyze` then leaves the
output folder as it was).
"""


def render() -> str:
    """The whole reference as Markdown."""
    runner = CliRunner()
    parts = [HEADER]
    commands: list[list[str]] = [[]]
    assert isinstance(main, click.Group)
    commands += [[name] for name in sorted(main.commands)]
    for args in commands:
        result = runner.invoke(main, [*args, "--help"], prog_name="netorg", terminal_width=100)
        title = " ".join(["netorg", *args])
        parts.append(f"## `{title}`\n\n```text\n{result.output.rstrip()}\n```\n")
    return "\n".join(parts)


if __name__ == "__main__":
    target = Path(__file__).with_name("cli.md")
    target.write_text(render(), encoding="utf-8")
    print(f"wrote {target}")
