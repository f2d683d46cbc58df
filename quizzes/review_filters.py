"""The result page's review filters: all, wrong, flagged, unanswered. "Wrong" only counts
items whose answers the page reveals, so a filter never gives a withheld answer away."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

FILTERS = ("all", "wrong", "flagged", "unanswered")


def _keep(item, show: str) -> bool:
    if show == "wrong":
        return item.revealed and bool(item.selected) and item.is_correct is False
    if show == "flagged":
        return item.flagged
    if show == "unanswered":
        return not item.selected
    return True


@dataclass(frozen=True)
class Filtered:
    show: str
    items: list
    counts: dict[str, int]
    any_wrong: bool  # something to practise again (wrong or blank, answers revealed)


def filter_review(items: Sequence, show: str | None) -> Filtered:
    """``items`` carry ``revealed`` (set by the result view); an unknown filter is "all"."""
    show = show if show in FILTERS else "all"
    counts = {f: sum(1 for i in items if _keep(i, f)) for f in FILTERS}
    any_wrong = any(i.revealed and i.is_correct is False for i in items)
    return Filtered(show, [i for i in items if _keep(i, show)], counts, any_wrong)
