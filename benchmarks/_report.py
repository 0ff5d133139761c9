"""What every benchmark script shares: the machine line and docs/benchmarks.md sections."""

from __future__ import annotations

import os
import platform
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs" / "benchmarks.md"


def machine_line(command: str) -> str:
    """Date, Python, CPU count and load: the context a ratio was measured in."""
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"{date.today().isoformat()}, Python {platform.python_version()} on {platform.machine()}, "
        f"{os.cpu_count()} cores, load average {load:.1f} at the start; command: `{command}`"
    )


def write_section(heading: str, body: str, docs: Path = DOCS) -> None:
    """Replace the section headed ``heading`` (a "## ..." line) in docs/benchmarks.md,
    or append it; other sections are left as they are."""
    text = docs.read_text(encoding="utf-8") if docs.exists() else "# Benchmarks\n"
    section = f"{heading}\n\n{body.strip()}\n"
    start = text.find(heading + "\n")
    if start < 0:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        end = text.find("\n## ", start + len(heading))
        text = text[:start] + section + ("\n" + text[end + 1 :] if end >= 0 else "")
    docs.write_text(text, encoding="utf-8")
    print(f"wrote {heading!r} in {docs}")
