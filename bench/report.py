"""Tables for the terminal and for var/bench/report.md (pasted into docs/benchmarks.md)."""

from __future__ import annotations

import math
from pathlib import Path

from bench.loadgen import PhaseResult, Row

P99_TARGET_MS = 100.0
RATIO_TARGET = 0.25
SAVE_QUERIES_TARGET = 4


def table(headers: list[str], rows: list[list]) -> str:
    cells = [[_fmt(c) for c in r] for r in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h)
              for i, h in enumerate(headers)]
    line = lambda r: "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |"  # noqa: E731
    sep = "| " + " | ".join("-" * w for w in widths) + " |"
    return "\n".join([line(headers), sep, *(line(r) for r in cells)])


def _fmt(value) -> str:
    if isinstance(value, float):
        if math.isnan(value):
            return "n/a"
        return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.1f}"
    return str(value)


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


class Report:
    """Sections printed as they are produced, and kept for the markdown file."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.targets: list[list[str]] = []

    def target(self, what: str, goal: str, measured: str, ok: bool) -> None:
        self.targets.append([what, goal, measured, verdict(ok)])

    def summary(self) -> None:
        self.section("Summary against the targets",
                     table(["what", "target", "measured", ""], self.targets))

    def section(self, title: str, body: str) -> None:
        text = f"### {title}\n\n{body.rstrip()}\n"
        print("\n" + text, flush=True)
        self.parts.append(text)

    def write(self, path: Path, header: str) -> None:
        path.write_text(header + "\n\n" + "\n".join(self.parts))


def by_name(results: list[PhaseResult]) -> dict[str, Row]:
    return {row.name: row for res in results for row in res.rows}


def saturation_table(results: list[PhaseResult]) -> str:
    rows = []
    for res in results:
        for r in res.rows:
            c = res.cpu
            rows.append([r.name, r.rps, r.p50, r.p99, r.failures, r.requests,
                         f"{c['server']:.2f} / {c['postgres']:.2f} / {c['load generator']:.2f}"
                         f" / {c['other']:.2f}"])
    return table(["endpoint", "req/s", "p50 ms", "p99 ms", "errors", "requests",
                  "cores: app / pg / locust / other"], rows)


def ratios(results: list[PhaseResult]) -> tuple[str, dict[str, float]]:
    rows = by_name(results)
    bare = rows["bare"].rps
    found = {
        "answer-save / bare": rows["answer-save"].rps / bare,
        "exam page / bare": rows["exam page"].rps / bare,
    }
    lines = [[k, f"{v:.2f}", f"≥ {RATIO_TARGET}" if k.startswith("answer") else "",
              verdict(v >= RATIO_TARGET) if k.startswith("answer") else ""]
             for k, v in found.items()]
    return table(["ratio", "value", "target", ""], lines), found


def rate_table(result: PhaseResult, windows: list) -> tuple[str, bool]:
    """Locust's rows for the whole phase, then the save log split at the burst."""
    rows, ok = [], True
    for r in result.rows:
        met = r.p99 < P99_TARGET_MS and r.failures == 0
        ok &= met
        rows.append([r.name + " (whole phase)", r.requests, r.rps, r.p50, r.p99, r.max,
                     r.failures, verdict(met)])
    for w in windows:
        met = w.p99 < P99_TARGET_MS and w.errors == 0
        ok &= met
        rows.append([w.name, w.saves, w.per_second, w.p50, w.p99, w.max, w.errors,
                     verdict(met)])
    return table(["request", "requests", "per s", "p50 ms", "p99 ms", "max ms", "errors",
                  f"p99 < {P99_TARGET_MS:.0f} ms, 0 errors"], rows), ok
