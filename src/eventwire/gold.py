"""Gold files for ``eventwire eval``: JSON Lines, one object a line.

Every reader of a gold set goes through ``jsonl_objects``, so a bad line is
reported the same way whatever the task: the file, the line and the reason.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from .errors import EventwireError, InputError


def jsonl_objects(
    path: str | Path, error: type[EventwireError] = InputError
) -> Iterator[tuple[int, dict]]:
    """``(line number, object)`` for each non-blank line; raises ``error`` naming
    the file (and the line) when it cannot be read or a line is not a JSON object."""
    try:
        fh = open(path, encoding="utf-8")
    except OSError as exc:
        raise error(f"cannot read gold file {path}: {exc.strerror}") from exc
    with fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise error(f"{path}:{n}: not valid JSON ({exc.msg})") from exc
            if not isinstance(record, dict):
                raise error(f"{path}:{n}: a gold record must be a JSON object")
            yield n, record
