"""Validate fixture files without a database: ``python -m content.check_fixture FILE...``.

Checks the pydantic schema and that every content key named exists in
``fixtures/exam.yaml``. The loader runs the same checks before writing.
"""

from __future__ import annotations

import sys
from pathlib import Path

from content.bundle import FixtureError, read_bundle


def main(argv: list[str]) -> int:
    partial = "--partial" in argv
    argv = [a for a in argv if a != "--partial"]
    paths = [Path(p) for p in argv] or sorted(Path("fixtures").rglob("*.yaml"))
    exam = Path("fixtures/exam.yaml")
    if exam not in paths and exam.exists():
        paths.insert(0, exam)
    try:
        bundle = read_bundle(paths, expected_sections={"3.1", "3.2", "3.3"} if partial else None)
    except FixtureError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"ok: {len(bundle.sections)} sections, {len(bundle.questions)} questions")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
