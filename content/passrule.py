"""The official pass rule, applied: the one place a verdict is decided.

The numbers live on ``Exam`` (written by the loader from ``fixtures/exam.yaml``, its only
source). A single paper passes at the single-subject line; both subjects at one sitting pass
with an average at or above the sitting line and no subject below the floor.
"""

from __future__ import annotations

from dataclasses import dataclass

RULE_FILE = "fixtures/exam.yaml"


@dataclass(frozen=True)
class Rule:
    points_per_question: int = 2
    single_subject_line: int = 70
    sitting_average_line: int = 70
    sitting_floor: int = 60
    source: str = ""

    @classmethod
    def of(cls, exam) -> Rule:
        return cls(exam.points_per_question, exam.single_subject_line,
                   exam.sitting_average_line, exam.sitting_floor, exam.rule_source)

    def single_passes(self, score: float) -> bool:
        return score >= self.single_subject_line

    def sitting_passes(self, scores: list[float]) -> bool:
        return bool(scores) and sum(scores) / len(scores) >= self.sitting_average_line \
            and min(scores) >= self.sitting_floor


@dataclass(frozen=True)
class SittingVerdict:
    """The combined verdict of one sitting, and what it needed."""

    scores: tuple[int, ...]
    rule: Rule

    @property
    def average(self) -> float:
        return sum(self.scores) / len(self.scores)

    @property
    def passed(self) -> bool:
        return self.rule.sitting_passes(list(self.scores))

    @property
    def below_floor(self) -> list[int]:
        """Indexes of the subjects under the floor."""
        return [i for i, s in enumerate(self.scores) if s < self.rule.sitting_floor]

    @property
    def points_short(self) -> int:
        """Total points still missing for the average line (0 if met)."""
        need = self.rule.sitting_average_line * len(self.scores) - sum(self.scores)
        return max(0, need)

    @property
    def questions_short(self) -> int:
        """Questions more answered right that the average needed (2 points a question)."""
        return -(-self.points_short // self.rule.points_per_question)
