"""Answer saves of the fixed-rate phase over time: the burst window and the steady state.

Locust's table mixes the start-of-exam burst with the quiet minutes after it;
the save log (one line per save, with its end time and latency) separates them.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Window:
    name: str
    saves: int
    per_second: float
    p50: float
    p99: float
    max: float
    errors: int


def percentile(sorted_ms: list[float], q: float) -> float:
    if not sorted_ms:
        return math.nan
    return sorted_ms[min(len(sorted_ms) - 1, math.ceil(q * len(sorted_ms)) - 1)]


def windows(path: Path, burst_end: float) -> list[Window]:
    """Saves that ended in the first ``burst_end`` seconds, and after."""
    rows = [json.loads(line) for line in path.read_text().splitlines()]
    if not rows:
        return []
    start = min(r[7] for r in rows)
    end = max(r[7] for r in rows)
    out = []
    for name, lo, hi in (("answer-save, during the burst", 0.0, burst_end),
                         ("answer-save, after the burst", burst_end, math.inf)):
        part = [r for r in rows if lo <= r[7] - start < hi]
        ms = sorted(r[8] for r in part)
        span = min(hi, end - start) - lo
        out.append(Window(name, len(part), len(part) / span if span > 0 else math.nan,
                          percentile(ms, 0.5), percentile(ms, 0.99), ms[-1] if ms else math.nan,
                          sum(1 for r in part if r[6] != 200)))
    return out
