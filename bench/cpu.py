"""Who used the two cores during a phase: server, PostgreSQL, load generator, others.

Read from /proc (Linux): the load generator shares the machine with the
server, so its share has to be shown next to the figures it produced.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

TICK = os.sysconf("SC_CLK_TCK")


@dataclass
class Sample:
    at: float
    total_busy: float  # seconds of CPU used by everything since boot
    groups: dict[str, float]


def _procs() -> list[tuple[int, int, str, float]]:
    """(pid, ppid, name, cpu seconds) of every process."""
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                raw = f.read()
        except OSError:
            continue
        name = raw[raw.index("(") + 1: raw.rindex(")")]
        fields = raw[raw.rindex(")") + 2:].split()
        # fields[1] is ppid; utime and stime are fields 14 and 15 of stat (11, 12 here)
        out.append((int(entry), int(fields[1]), name, (int(fields[11]) + int(fields[12])) / TICK))
    return out


def _busy() -> float:
    with open("/proc/stat") as f:
        parts = [int(x) for x in f.readline().split()[1:]]
    idle = parts[3] + parts[4]  # idle + iowait
    return (sum(parts[:8]) - idle) / TICK


def sample(server_pid: int, loadgen_pid: int) -> Sample:
    groups = {"server": 0.0, "postgres": 0.0, "load generator": 0.0}
    for pid, ppid, name, secs in _procs():
        if server_pid in (pid, ppid):
            groups["server"] += secs
        elif loadgen_pid in (pid, ppid):
            groups["load generator"] += secs
        elif name.startswith("postgres"):
            groups["postgres"] += secs
    return Sample(time.monotonic(), _busy(), groups)


def usage(before: Sample, after: Sample) -> dict[str, float]:
    """Cores used by each group between two samples (2.0 = both cores busy)."""
    span = max(after.at - before.at, 1e-6)
    used = {k: max(0.0, after.groups[k] - before.groups[k]) / span for k in before.groups}
    total = (after.total_busy - before.total_busy) / span
    used["other"] = max(0.0, total - sum(used.values()))
    used["total"] = total
    return used
