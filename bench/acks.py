"""Every acknowledged answer must be in the database: count and content.

The load generator logs each save with its learner's sequence number, so the
last acknowledged choice of every item is known. An item is *stored* when its
selected label is that choice's label; a save sent later and never
acknowledged (a timeout, say) may legitimately have won, and is counted apart.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from quizzes.models import AttemptItem


@dataclass
class AckCheck:
    saves: int = 0  # answer-save requests sent
    acknowledged_saves: int = 0
    items: int = 0  # distinct items with at least one acknowledged save
    stored: int = 0
    overwritten_by_unacked: int = 0
    lost: list[tuple[int, int, str, str]] = field(default_factory=list)

    @property
    def line(self) -> str:
        return (f"acknowledged {self.items}, stored {self.stored}, lost {len(self.lost)}"
                f" ({self.acknowledged_saves} acknowledged saves of {self.saves} sent"
                + (f"; {self.overwritten_by_unacked} overwritten by a later unacknowledged save"
                   if self.overwritten_by_unacked else "") + ")")


def _events(paths: list[Path]) -> dict[tuple[int, int], list[tuple]]:
    by_item: dict[tuple[int, int], list[tuple]] = {}
    for path in paths:
        if not path.exists():
            continue
        for line in path.read_text().splitlines():
            phase, _user, seq, attempt, pos, choice, status, *_timing = json.loads(line)
            by_item.setdefault((attempt, pos), []).append((phase, seq, choice, status))
    return by_item


def check(paths: list[Path]) -> AckCheck:
    by_item = _events(paths)
    result = AckCheck()
    attempts = {a for a, _ in by_item}
    stored = {
        (a, p): (selected, {shown: label for shown, label in enumerate(order, start=1)})
        for a, p, selected, order in AttemptItem.objects.filter(attempt_id__in=attempts)
        .values_list("attempt_id", "position", "selected", "order")
    }
    for key, events in by_item.items():
        events.sort()  # phases run one after another; within one a learner's seq grows
        result.saves += len(events)
        acked = [i for i, e in enumerate(events) if e[3] == 200]
        result.acknowledged_saves += len(acked)
        if not acked:
            continue
        result.items += 1
        selected, labels = stored[key]
        last = events[acked[-1]]
        later = {labels.get(e[2]) for e in events[acked[-1] + 1:]}
        if selected == labels.get(last[2]):
            result.stored += 1
        elif selected in later:
            result.overwritten_by_unacked += 1
        else:
            result.lost.append((*key, labels.get(last[2], "?"), selected))
    return result

